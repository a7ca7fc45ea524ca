//! Email through an SMTP relay, with `lettre`: the reminders to leads. Set up by `cypp serve
//! --smtp-url smtp://host:port --smtp-from "Name <address>"`; without it nothing is sent and
//! the chasing page lists what would have been.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where email goes from, and how.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The service's own address, for links in the emails: `https://cypp.kelderby.gov.uk`.
    pub base_url: String,
}

impl Mailer {
    /// From `smtp://host:port` (no TLS: a relay on the local network), a from address such as
    /// `Kelderby CYPP <cypp@kelderby.example>`, and the address the service is reached at.
    pub fn new(url: &str, from: &str, base_url: &str) -> Result<Mailer, String> {
        let from: Mailbox =
            from.parse().map_err(|e| format!("the from address \"{from}\" is not an email address: {e}"))?;
        let bad = || format!("the SMTP address \"{url}\" is not right: write it as smtp://host:port");
        let rest = url.trim().strip_prefix("smtp://").ok_or_else(bad)?.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err(bad());
        }
        // Plain SMTP to a relay: lettre's "dangerous" builder is the one without TLS.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
        Ok(Mailer { transport, from, base_url: base_url.trim_end_matches('/').to_string() })
    }

    /// Sends one plain-text email.
    pub async fn send(&self, to_name: &str, to: &str, subject: &str, body: String) -> Result<(), String> {
        let to = Mailbox::new(Some(to_name.to_string()), to.parse().map_err(|e| format!("{to}: {e}"))?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("the email could not be made: {e}"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| format!("the email could not be sent: {e}"))
    }
}
