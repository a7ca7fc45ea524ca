//! Who leads an item or an action, as the edit forms ask it: a person chosen from the
//! partnership's people, or, for someone without an account, a name typed in (kept as text
//! until an admin links it to a person on the people page). A person and a lead are the same
//! when their email addresses are; that is how the leads of an imported plan find their
//! people.

use cypp_domain::{Email, Lead, OrganisationId, PartnershipId, Problems, Role, UserId};
use cypp_store::Tx;
use cypp_store::people::{self, Person};

use super::{Field, Kind, optional};
use crate::AppError;

/// The choice for someone not in the list.
pub const NOT_LISTED: &str = "not-listed";

/// Someone who may lead: an active person whose role lets them give updates.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub organisation: Option<OrganisationId>,
}

impl Candidate {
    fn matches(&self, lead: &Lead) -> bool {
        lead.email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(&self.email))
    }
}

/// Whether a person may be chosen to lead: active, and not only a viewer.
pub fn may_lead(person: &Person) -> bool {
    person.active && person.user.role != Role::Viewer
}

/// The partnership's people who may lead, by name.
pub async fn candidates(tx: &mut Tx, partnership: PartnershipId) -> Result<Vec<Candidate>, AppError> {
    Ok(people::list(tx, partnership)
        .await?
        .into_iter()
        .map(|p| p.value)
        .filter(may_lead)
        .map(|p| Candidate {
            id: p.user.id,
            name: p.user.name,
            email: p.user.email.as_str().to_string(),
            organisation: p.organisation,
        })
        .collect())
}

/// The lead part of a form, as posted or as shown.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LeadForm {
    /// A person's id, [`NOT_LISTED`], or empty for no lead.
    pub lead_person: String,
    pub lead_name: String,
    pub lead_role: String,
    pub lead_email: String,
}

impl LeadForm {
    /// The form for `lead`: its person chosen when their email is a candidate's.
    pub fn from_lead(lead: Option<&Lead>, candidates: &[Candidate]) -> LeadForm {
        let Some(lead) = lead else { return LeadForm::default() };
        let role = lead.role.clone().unwrap_or_default();
        match candidates.iter().find(|c| c.matches(lead)) {
            Some(person) => LeadForm { lead_person: person.id.to_string(), lead_role: role, ..LeadForm::default() },
            None => LeadForm {
                lead_person: NOT_LISTED.into(),
                lead_name: lead.name.clone(),
                lead_role: role,
                lead_email: lead.email.clone().unwrap_or_default(),
            },
        }
    }

    /// The lead as the form gives it. A form that sends no choice but a name (from before the
    /// list, or a script) is read as someone not listed.
    pub fn lead(&self, before: Option<&Lead>, candidates: &[Candidate]) -> Result<Option<Lead>, Problems> {
        let mut problems = Problems::default();
        let chosen = match self.lead_person.trim() {
            "" if self.lead_name.trim().is_empty() => return Ok(None),
            "" | NOT_LISTED => None,
            id => match candidates.iter().find(|c| c.id.to_string() == id) {
                Some(person) => Some(person),
                None => {
                    problems.push("lead_person", "Choose someone from the list, or someone not listed");
                    return Err(problems);
                }
            },
        };
        let role = optional(&self.lead_role);
        let before_organisation = before.and_then(|l| l.organisation);
        if let Some(person) = chosen {
            return Ok(Some(Lead {
                name: person.name.clone(),
                role,
                organisation: person.organisation.or(before_organisation),
                email: Some(person.email.clone()),
            }));
        }
        let Some(name) = optional(&self.lead_name) else {
            problems.push("lead_name", "Enter the lead's name, or choose no lead");
            return Err(problems);
        };
        let email = match optional(&self.lead_email) {
            None => None,
            Some(text) => match Email::parse(&text) {
                Ok(email) => Some(email.as_str().to_string()),
                Err(_) => {
                    problems.push("lead_email", "Enter an email address in the right form, like name@example.org");
                    return Err(problems);
                }
            },
        };
        Ok(Some(Lead { name, role, organisation: before_organisation, email }))
    }

    /// The fields: the list of people, then the name, job title and email of someone not in it.
    pub fn fields(&self, label: &'static str, candidates: &[Candidate]) -> Vec<Field> {
        let mut choices = vec![(String::new(), "No lead".to_string())];
        choices.extend(candidates.iter().map(|c| (c.id.to_string(), format!("{} ({})", c.name, c.email))));
        choices.push((NOT_LISTED.into(), "Someone not listed: give their name below".into()));
        vec![
            Field::new("lead_person", label, &self.lead_person, Kind::Select(choices))
                .hint("People who can give updates. They update what they lead when they sign in."),
            Field::new("lead_role", "The lead's job title", &self.lead_role, Kind::Input)
                .hint("For example, Head of Early Help"),
            Field::new("lead_name", "Someone not listed: their name", &self.lead_name, Kind::Input)
                .hint("Kept as text until an admin links them to a person"),
            Field::new(
                "lead_email",
                "Someone not listed: their email address (optional)",
                &self.lead_email,
                Kind::Input,
            )
            .hint("A person added later with this address is linked to what they lead"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sam() -> Candidate {
        Candidate {
            id: UserId::derived("sam"),
            name: "Sam Okafor".into(),
            email: "sam.okafor@kelderby.example".into(),
            organisation: None,
        }
    }

    #[test]
    fn a_lead_whose_email_is_a_persons_shows_as_that_person_and_saves_as_them() {
        let lead = Lead {
            name: "S. Okafor".into(),
            role: Some("Head of Service".into()),
            organisation: None,
            email: Some("Sam.Okafor@Kelderby.example".into()),
        };
        let form = LeadForm::from_lead(Some(&lead), &[sam()]);
        assert_eq!(form.lead_person, sam().id.to_string());
        let saved = form.lead(Some(&lead), &[sam()]).expect("a lead");
        let saved = saved.expect("someone");
        assert_eq!(saved.name, "Sam Okafor");
        assert_eq!(saved.email.as_deref(), Some("sam.okafor@kelderby.example"));
        assert_eq!(saved.role.as_deref(), Some("Head of Service"));
    }

    #[test]
    fn someone_not_listed_stays_text_and_needs_a_name_and_a_real_email() {
        let lead = Lead { name: "Dr Jo Bell".into(), role: None, organisation: None, email: None };
        let form = LeadForm::from_lead(Some(&lead), &[sam()]);
        assert_eq!(form.lead_person, NOT_LISTED);
        assert_eq!(form.lead(None, &[sam()]).expect("kept"), Some(lead));
        let refused = |form: &LeadForm, candidates: &[Candidate]| match form.lead(None, candidates) {
            Err(problems) => problems.0[0].path.clone(),
            Ok(lead) => format!("accepted {lead:?}"),
        };
        let nameless = LeadForm { lead_person: NOT_LISTED.into(), ..LeadForm::default() };
        assert_eq!(refused(&nameless, &[]), "lead_name");
        let bad = LeadForm { lead_name: "Jo".into(), lead_email: "jo at example".into(), ..nameless };
        assert_eq!(refused(&bad, &[]), "lead_email");
        let stranger = LeadForm { lead_person: UserId::derived("x").to_string(), ..LeadForm::default() };
        assert_eq!(refused(&stranger, &[sam()]), "lead_person");
        assert_eq!(LeadForm::default().lead(None, &[sam()]).expect("none"), None);
    }
}
