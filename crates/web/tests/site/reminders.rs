//! Email (reminders to leads, links to set a password) through a real SMTP receiver: Python's
//! `aiosmtpd`, from PyPI, started on 127.0.0.1 and keeping what it receives in a Maildir. Each
//! reminder arrives once, to the right person, with a link to their updates; a new person gets
//! their link to set a password. Without aiosmtpd the tests say so and skip; with
//! `CYPP_REQUIRE_SMTP=1` (as CI sets) they fail instead.

use std::process::{Child, Command, Stdio};

use super::*;

struct Receiver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    fn start() -> Result<Option<Receiver>, Error> {
        let available = Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !available {
            if std::env::var("CYPP_REQUIRE_SMTP").is_ok_and(|v| v == "1") {
                return Err("CYPP_REQUIRE_SMTP=1 but aiosmtpd is not installed (pip install aiosmtpd)".into());
            }
            eprintln!("SKIPPED reminders by email: aiosmtpd is not installed (pip install aiosmtpd)");
            return Ok(None);
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = tempfile::tempdir()?;
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Some(Receiver { child, port, dir }));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Err("aiosmtpd did not start".into())
    }

    /// A mailer sending to this receiver, from the demonstration's address.
    fn mailer(&self) -> Result<std::sync::Arc<cypp_web::mail::Mailer>, Error> {
        let url = format!("smtp://127.0.0.1:{}", self.port);
        let mailer = cypp_web::mail::Mailer::new(
            &url,
            "Kelderby CYPP <cypp@kelderby.example>",
            "https://cypp.kelderby.example",
        )?;
        Ok(std::sync::Arc::new(mailer))
    }

    /// Every message received, as text.
    fn messages(&self) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let dir = self.dir.path().join("mail").join(sub);
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for entry in entries {
                    out.push(std::fs::read_to_string(entry?.path())?);
                }
            }
        }
        Ok(out)
    }
}

/// Moves the open round's due date to `days` from today.
async fn due_in(db: &Db, file: &PlanFile, days: i64) -> Result<(), Error> {
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    let mut tx = db.write().await?;
    let current = cypp_store::rounds::get(&mut tx, file.plan.id, round.id).await?;
    let today = chrono::Utc::now().date_naive();
    let fields = cypp_store::rounds::RoundFields {
        name: round.name.clone(),
        period: round.period,
        opens_on: today - chrono::Duration::days(30),
        due_on: today + chrono::Duration::days(days),
        asked: round.asked.clone(),
    };
    cypp_store::rounds::update(&mut tx, &Actor::system("test"), file.plan.id, round.id, &fields, current.version)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn each_reminder_arrives_once_to_the_right_lead_with_a_link(db: Db) -> TestResult {
    let Some(receiver) = Receiver::start()? else { return Ok(()) };
    let (mut app, file) = TestApp::demo(&db).await?;
    app.mail = Some(receiver.mailer()?);
    let round = file.rounds.iter().find(|r| r.status == RoundStatus::Open).ok_or("an open round")?;
    // Who has updates still to give: each lead with an email on something asked and not given.
    let ids = Identities::of(&file);
    let mut expected: Vec<String> = round
        .asks(&file.items, &ids)
        .into_iter()
        .filter(|a| !round.update_on(*a, &ids).is_some_and(|u| u.is_given()))
        .filter_map(|a| {
            let lead = file.items.iter().flat_map(|i| i.walk()).find_map(|(_, i)| match a {
                Ask::Item(id) if i.id == id => i.officer_lead.clone(),
                Ask::Action(id) => i.actions.iter().find(|x| x.id == id).and_then(|x| x.lead.clone()),
                _ => None,
            });
            lead.and_then(|l| l.email)
        })
        .collect();
    expected.sort();
    expected.dedup();
    assert!(expected.len() >= 3, "the demo has several leads still to update: {expected:?}");

    due_in(&db, &file, 3).await?;
    let mut officer = app.signed_in("tom.brennan@kelderby.example").await?;
    let chasing = format!("/plans/{SLUG}/rounds/{}/chasing", round.id);
    let page = officer.get(&chasing).await?;
    assert!(page.body.contains("Send the reminders now"), "{}", page.body);
    let token = page.token();
    let reminders = format!("/plans/{SLUG}/rounds/{}/reminders", round.id);
    let sent = officer.post(&reminders, &[("csrf_token", &token)]).await?;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    // Sending again sends nothing: each is once.
    officer.post(&reminders, &[("csrf_token", &token)]).await?;
    let messages = receiver.messages()?;
    let mut to: Vec<String> =
        messages.iter().filter_map(|m| m.lines().find(|l| l.starts_with("To: ")).map(|l| l.to_lowercase())).collect();
    to.sort();
    assert_eq!(to.len(), expected.len(), "one email to each lead: {to:?}");
    for email in &expected {
        assert!(to.iter().any(|t| t.contains(&email.to_lowercase())), "{email} was reminded");
    }
    // The body is quoted-printable: undo its soft line breaks and escaped equals signs.
    let first = messages[0].replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    assert!(first.contains("Subject: Reminder: your Q2 2026-27 updates are due by"), "{first}");
    assert!(first.contains("https://cypp.kelderby.example/plans/kelderby-cypp-2024-27/my-updates"), "{first}");
    assert!(first.contains("From: \"Kelderby CYPP\" <cypp@kelderby.example>"), "{first}");
    // The page lists what was sent, and nothing more is due before the date.
    let page = officer.get(&chasing).await?;
    assert!(
        page.body.contains("Reminders sent") && page.body.contains("Every reminder before the due date has been sent")
    );

    // After the due date, one more each to those still to give; again only once.
    due_in(&db, &file, -2).await?;
    officer.post(&reminders, &[("csrf_token", &token)]).await?;
    officer.post(&reminders, &[("csrf_token", &token)]).await?;
    let overdue: Vec<String> = receiver.messages()?.into_iter().filter(|m| m.contains("Subject: Overdue:")).collect();
    assert_eq!(overdue.len(), expected.len(), "one overdue reminder each");

    // Each reminder is in the round's history, with who sent it.
    let history = officer.get(&format!("/plans/{SLUG}/history?record={}", round.id)).await?;
    for email in &expected {
        let before = format!("Reminder before the due date to {}", email.to_lowercase());
        let after = format!("Reminder after the due date to {}", email.to_lowercase());
        assert!(history.body.contains(&before) && history.body.contains(&after), "{email}: {}", history.body);
    }
    Ok(())
}

db_test!(each_reminder_arrives_once_to_the_right_lead_with_a_link,);

async fn with_email_set_up_a_new_person_and_a_reset_are_sent_their_link(db: Db) -> TestResult {
    let Some(receiver) = Receiver::start()? else { return Ok(()) };
    let (mut app, file) = TestApp::demo(&db).await?;
    app.mail = Some(receiver.mailer()?);
    let mut admin = app.signed_in("nadia.farouk@kelderby.example").await?;
    let new = format!("/plans/{SLUG}/people/new");
    let token = admin.get(&new).await?.token();
    let org = file.partnership.organisations[0].id.to_string();
    let fields = [
        ("csrf_token", token.as_str()),
        ("name", "Priya Shah"),
        ("email", "priya.shah@kelderby.example"),
        ("organisation", org.as_str()),
        ("role", "lead"),
    ];
    let added = admin.post(&new, &fields).await?;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert!(added.body.contains("We have emailed Priya Shah a link"), "{}", added.body);
    assert!(!added.body.contains("/password-reset/"), "the admin does not see an emailed link");

    let messages = receiver.messages()?;
    assert_eq!(messages.len(), 1, "one email");
    let message = messages[0].replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    assert!(message.contains("To: \"Priya Shah\" <priya.shah@kelderby.example>"), "{message}");
    let at = message.find("https://cypp.kelderby.example/password-reset/").ok_or("a link on the service's address")?;
    let link: String = message[at + "https://cypp.kelderby.example".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    let mut priya = app.browser();
    let page = priya.get(&link).await?;
    assert_eq!(page.status, StatusCode::OK, "the emailed link works: {link}");
    let token = page.token();
    let pass = "lantern orchard velvet tugboat";
    let set = priya.post(&link, &[("csrf_token", &token), ("password", pass), ("confirm", pass)]).await?;
    assert!(set.body.contains("Your password is set"), "{}", set.body);

    // A new link for a forgotten password goes by email too.
    let person = added.body.split("/people/").nth(1).and_then(|r| r.split('/').next()).ok_or("the person's id")?;
    let token = admin.get(&format!("/plans/{SLUG}/people/{person}")).await?.token();
    let reset = admin.post(&format!("/plans/{SLUG}/people/{person}/reset"), &[("csrf_token", &token)]).await?;
    assert!(reset.body.contains("We have emailed Priya Shah a link"), "{}", reset.body);
    let messages = receiver.messages()?;
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().any(|m| m.contains("Subject: Set a new password for")), "{messages:?}");
    Ok(())
}

db_test!(with_email_set_up_a_new_person_and_a_reset_are_sent_their_link,);
