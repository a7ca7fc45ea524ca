//! What every page shows around its content: the service name in the header (the
//! partnership's name on its own pages), who is signed in, and the CSRF token for its forms.

use crate::auth::Visitor;

pub struct Chrome {
    /// The name in the header.
    pub service: String,
    pub service_url: String,
    /// The signed-in person's name and role.
    pub user: Option<(String, &'static str)>,
    /// The token every form on the page carries.
    pub csrf: String,
}

impl Chrome {
    pub fn new(visitor: &Visitor) -> Chrome {
        Chrome {
            service: "cypp".into(),
            service_url: "/".into(),
            user: visitor.0.as_ref().map(|s| (s.user.name.clone(), s.user.role.as_str())),
            csrf: visitor.0.as_ref().map(|s| s.csrf_token.clone()).unwrap_or_default(),
        }
    }

    /// For a page only signed-in people reach.
    pub fn signed_in(session: &cypp_store::sessions::Session) -> Chrome {
        Chrome::new(&Visitor(Some(session.clone())))
    }

    /// The chrome of a partnership's pages: its name in the header, linking to `url`.
    pub fn for_partnership(visitor: &Visitor, name: &str, url: String) -> Chrome {
        Chrome { service: name.to_string(), service_url: url, ..Chrome::new(visitor) }
    }

    /// For pages rendered without a request (errors).
    pub fn plain() -> Chrome {
        Chrome { service: "cypp".into(), service_url: "/".into(), user: None, csrf: String::new() }
    }
}
