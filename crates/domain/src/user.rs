//! People who sign in, and what their role lets them do.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::action::Lead;
use crate::ids::{PartnershipId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything in the partnership, including users.
    Admin,
    /// Writes the plan.
    Editor,
    /// Updates only the items and actions they lead.
    Lead,
    /// Reads unpublished work.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Lead => "lead",
            Role::Viewer => "viewer",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "editor" => Ok(Role::Editor),
            "lead" => Ok(Role::Lead),
            "viewer" => Ok(Role::Viewer),
            other => Err(format!("\"{other}\" is not a role; use admin, editor, lead or viewer")),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An email address, checked for the shape of one and stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(with = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, String> {
        let text = text.trim().to_lowercase();
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !text.contains(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if valid { Ok(Email(text)) } else { Err(format!("\"{text}\" is not an email address")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person with an account. The password hash never leaves the store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
    pub role: Role,
    /// The partnership the account belongs to; none for a system-wide administrator.
    pub partnership: Option<PartnershipId>,
}

impl User {
    /// Admins and editors write the plan.
    pub fn can_edit_plan(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Editor)
    }

    /// Only admins manage accounts and the partnership's settings.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether this person is the lead named here (matched by email, the link between a
    /// lead in the plan and an account).
    pub fn is_lead(&self, lead: Option<&Lead>) -> bool {
        lead.and_then(|l| l.email.as_deref()).is_some_and(|email| email.eq_ignore_ascii_case(self.email.as_str()))
    }

    /// Editors change anything in the plan; a lead changes only what they lead.
    pub fn can_update(&self, lead: Option<&Lead>) -> bool {
        self.can_edit_plan() || (self.role == Role::Lead && self.is_lead(lead))
    }

    /// Editors review any update (accept it, or return it with a comment); a board's officer
    /// reviews the updates on what their board leads.
    pub fn may_review(&self, file: &crate::PlanFile, update: &crate::Update) -> bool {
        if self.can_edit_plan() {
            return true;
        }
        let Some(board) = crate::identity::lead_board_of(file, update) else { return false };
        file.partnership
            .boards
            .iter()
            .find(|b| b.id == board)
            .and_then(|b| b.officer_email.as_deref())
            .is_some_and(|email| email.trim().eq_ignore_ascii_case(self.email.as_str()))
    }

    /// Whether the account may see this partnership's unpublished work at all.
    pub fn belongs_to(&self, partnership: PartnershipId) -> bool {
        self.partnership.is_none_or(|p| p == partnership)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role) -> User {
        User {
            id: UserId::derived("u"),
            email: Email("sam@kelderby.example".into()),
            name: "Sam".into(),
            role,
            partnership: None,
        }
    }

    #[test]
    fn leads_update_only_what_they_lead_and_viewers_nothing() {
        let mine =
            Lead { name: "Sam".into(), role: None, organisation: None, email: Some("Sam@Kelderby.example".into()) };
        let theirs = Lead { email: Some("jo@kelderby.example".into()), ..mine.clone() };
        assert!(user(Role::Lead).can_update(Some(&mine)));
        assert!(!user(Role::Lead).can_update(Some(&theirs)));
        assert!(!user(Role::Lead).can_update(None));
        assert!(!user(Role::Viewer).can_update(Some(&mine)));
        assert!(user(Role::Editor).can_update(Some(&theirs)));
        assert!(user(Role::Admin).can_update(None));
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            Email::parse(" Jo.Bloggs@Kelderby.gov.uk ").map(|e| e.to_string()),
            Ok("jo.bloggs@kelderby.gov.uk".into())
        );
        for bad in ["", "jo", "jo@", "@x.uk", "jo@uk", "jo bloggs@x.uk", "jo@x.uk."] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        assert_eq!("lead".parse::<Role>(), Ok(Role::Lead));
        assert!("superuser".parse::<Role>().is_err());
    }
}
