//! `GET` and `POST /plans/new`: start a plan from nothing, as a draft. An admin of a
//! partnership starts one for it; a system-wide admin may start a new partnership too.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use cypp_domain::*;
use cypp_store::sessions::Session;
use cypp_store::{Actor, StoreError};
use serde::Deserialize;

use crate::access::Admin;
use crate::csrf::CsrfForm;
use crate::form::FormPage;
use crate::page::Chrome;
use crate::routes::edit::{Field, Kind, optional};
use crate::{AppError, AppState};

/// The new plan form as posted.
#[derive(Deserialize)]
#[serde(default)]
pub struct NewPlanForm {
    title: String,
    slug: String,
    first_year: String,
    last_year: String,
    level_names: String,
    level_plurals: String,
    vision: String,
    #[serde(flatten)]
    partnership: NewPartnershipForm,
}

impl Default for NewPlanForm {
    fn default() -> NewPlanForm {
        NewPlanForm {
            title: String::new(),
            slug: String::new(),
            first_year: String::new(),
            last_year: String::new(),
            level_names: "Outcome\nPriority".into(),
            level_plurals: "Outcomes\nPriorities".into(),
            vision: String::new(),
            partnership: NewPartnershipForm::default(),
        }
    }
}

impl NewPlanForm {
    fn fields(&self, new_partnership: bool) -> Vec<Field> {
        let mut fields = vec![
            Field::new("title", "Title of the plan", &self.title, Kind::Input)
                .hint("For example, Children and Young People's Plan 2027-30"),
            Field::new("slug", "Short name for its web address", &self.slug, Kind::Input)
                .hint("Lower-case letters, numbers and hyphens, such as cypp-2027-30"),
            Field::new("first_year", "First financial year", &self.first_year, Kind::Input)
                .hint("The year it starts in April, such as 2027"),
            Field::new("last_year", "Last financial year", &self.last_year, Kind::Input)
                .hint("The year its last April falls in, such as 2029 for a plan to March 2030"),
        ];
        fields.extend(
            crate::form::Levels { names: self.level_names.clone(), plurals: self.level_plurals.clone() }.fields(),
        );
        fields.push(Field::new("vision", "Vision", &self.vision, Kind::Textarea(3)));
        if new_partnership {
            fields.extend(self.partnership.fields());
        }
        fields
    }

    /// The plan the form describes, as a first draft, or what is wrong with its years.
    fn plan(&self, by: &str) -> Result<Plan, Problems> {
        let mut problems = Problems::default();
        let year = |text: &str, name: &'static str, problems: &mut Problems| match text.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                problems.push(name, "Enter a year, such as 2027");
                None
            }
        };
        let first = year(&self.first_year, "first_year", &mut problems);
        let last = year(&self.last_year, "last_year", &mut problems);
        let levels = crate::form::Levels { names: self.level_names.clone(), plurals: self.level_plurals.clone() };
        let (level_names, level_plurals) = levels.read(1, &mut problems);
        let (Some(first), Some(last)) = (first, last) else { return Err(problems) };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Plan {
            id: PlanId::new(),
            slug: self.slug.trim().to_string(),
            revision_id: RevisionId::new(),
            revision: 1,
            revision_label: None,
            title: self.title.trim().to_string(),
            period: PlanPeriod::financial_years(first, last),
            status: PlanStatus::Draft,
            status_history: vec![StatusChange {
                status: PlanStatus::Draft,
                at: Utc::now(),
                by: by.to_string(),
                note: None,
            }],
            vision: optional(&self.vision),
            purpose: None,
            easy_words: None,
            level_names,
            level_plurals,
            signoff_board: None,
        })
    }
}

/// What a system-wide admin fills in for a partnership new to cypp, on the new plan form and
/// the bring in a plan form.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct NewPartnershipForm {
    partnership_name: String,
    partnership_slug: String,
    area_name: String,
    gss_code: String,
}

impl NewPartnershipForm {
    pub fn fields(&self) -> [Field; 4] {
        [
            Field::new("partnership_name", "Name of the partnership", &self.partnership_name, Kind::Input),
            Field::new(
                "partnership_slug",
                "Short name of the partnership for web addresses",
                &self.partnership_slug,
                Kind::Input,
            ),
            Field::new("area_name", "Local authority area", &self.area_name, Kind::Input),
            Field::new("gss_code", "ONS GSS code of the area", &self.gss_code, Kind::Input)
                .hint("A capital letter and eight digits, such as E08000005"),
        ]
    }

    /// Puts a problem beside each field left empty.
    pub fn missing(&self, problems: &mut Problems) {
        for (value, name, message) in [
            (&self.partnership_name, "partnership_name", "Enter the partnership's name"),
            (&self.partnership_slug, "partnership_slug", "Enter a short name for the partnership"),
            (&self.area_name, "area_name", "Enter the local authority area"),
            (&self.gss_code, "gss_code", "Enter the area's GSS code"),
        ] {
            if value.trim().is_empty() {
                problems.push(name, message);
            }
        }
    }

    /// The partnership these fields describe.
    pub fn partnership(&self) -> Partnership {
        Partnership {
            id: PartnershipId::new(),
            slug: self.partnership_slug.trim().to_string(),
            name: self.partnership_name.trim().to_string(),
            area_name: self.area_name.trim().to_string(),
            gss_code: self.gss_code.trim().to_uppercase(),
            description: None,
            organisations: Vec::new(),
            boards: Vec::new(),
            comparator_groups: Vec::new(),
            jargon: Vec::new(),
        }
    }
}

/// The form field that holds a partnership's detail, by its path in a plan file.
pub(crate) fn partnership_field(path: &str) -> Option<&'static str> {
    match path {
        "partnership.name" => Some("partnership_name"),
        "partnership.slug" => Some("partnership_slug"),
        "partnership.area_name" => Some("area_name"),
        "partnership.gss_code" => Some("gss_code"),
        _ => None,
    }
}

/// Problems found in the plan file, put beside the form's fields.
fn to_fields(problems: &Problems) -> Problems {
    let rename = |path: &str| -> String {
        match path {
            "plan.title" => "title",
            "plan.slug" => "slug",
            "plan.period" => "last_year",
            "plan.level_names" => "level_names",
            "plan.level_plurals" => "level_plurals",
            other => partnership_field(other).unwrap_or(other),
        }
        .to_string()
    };
    Problems(problems.0.iter().map(|p| Problem { path: rename(&p.path), message: p.message.clone() }).collect())
}

fn render(
    session: &Session,
    form: &NewPlanForm,
    new_partnership: bool,
    problems: &Problems,
) -> Result<Response, AppError> {
    let mut fields = form.fields(new_partnership);
    crate::routes::edit::annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    let page = FormPage {
        chrome: Chrome::signed_in(session),
        title: "Start a new plan".into(),
        caption: "It starts as a draft".into(),
        action: "/plans/new".into(),
        back: "/".into(),
        version: 0,
        fields,
        conflict: Vec::new(),
    };
    if problems.is_empty() { Ok(Html(page.render()?).into_response()) } else { page.unprocessable() }
}

pub async fn get_new_plan(Admin(session): Admin) -> Result<Response, AppError> {
    let new_partnership = session.user.partnership.is_none();
    render(&session, &NewPlanForm::default(), new_partnership, &Problems::default())
}

pub async fn post_new_plan(
    State(state): State<AppState>,
    Admin(session): Admin,
    CsrfForm(form): CsrfForm<NewPlanForm>,
) -> Result<Response, AppError> {
    let new_partnership = session.user.partnership.is_none();
    let plan = match form.plan(session.user.email.as_str()) {
        Ok(plan) => plan,
        Err(problems) => return render(&session, &form, new_partnership, &problems),
    };
    let mut tx = state.db.write().await?;
    let partnership = match session.user.partnership {
        Some(id) => cypp_store::plan_file::partnership(&mut tx, id).await?,
        None => form.partnership.partnership(),
    };
    let slug = plan.slug.clone();
    let content =
        RevisionContent { plan, sections: vec![], principles: vec![], themes: vec![], glossary: vec![], items: vec![] };
    let file = PlanFile::new(partnership, content, vec![], vec![], vec![]);
    match cypp_store::plan_file::create(&mut tx, &file, &Actor::user(&session.user)).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(StoreError::Invalid(found)) => render(&session, &form, new_partnership, &to_fields(&found)),
        Err(StoreError::Duplicate { message, .. }) => {
            let mut found = Problems::default();
            found.push("slug", format!("Choose another short name: {message}"));
            render(&session, &form, new_partnership, &found)
        }
        Err(e) => Err(e.into()),
    }
}
