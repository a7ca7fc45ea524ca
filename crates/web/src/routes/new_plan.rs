//! `GET` and `POST /plans/new`: start a plan from nothing, as a draft. An admin of a
//! partnership starts one for it; a system-wide admin may start a new partnership too.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use cypp_domain::*;
use cypp_store::{Actor, StoreError};

use crate::access::Admin;
use crate::csrf::CsrfForm;
use crate::form::FormPage;
use crate::page::Chrome;
use crate::routes::edit::{Field, Kind, optional};
use crate::{AppError, AppState};

fn value(form: &[(String, String)], name: &str) -> String {
    super::edit::posted(form, name).to_string()
}

fn fields(form: &[(String, String)], new_partnership: bool) -> Vec<Field> {
    let v = |name| value(form, name);
    let mut fields = vec![
        Field::new("title", "Title of the plan", &v("title"), Kind::Input)
            .hint("For example, Children and Young People's Plan 2027-30"),
        Field::new("slug", "Short name for its web address", &v("slug"), Kind::Input)
            .hint("Lower-case letters, numbers and hyphens, such as cypp-2027-30"),
        Field::new("first_year", "First financial year", &v("first_year"), Kind::Input)
            .hint("The year it starts in April, such as 2027"),
        Field::new("last_year", "Last financial year", &v("last_year"), Kind::Input)
            .hint("The year its last April falls in, such as 2029 for a plan to March 2030"),
        Field::new("level_names", "What the levels of the plan are called", &v("level_names"), Kind::Textarea(3))
            .hint("One on each line, top first: for example Outcome, then Priority"),
        Field::new("vision", "Vision", &v("vision"), Kind::Textarea(3)),
    ];
    if new_partnership {
        fields.extend(partnership_fields(form));
    }
    fields
}

/// The fields a system-wide admin fills in for a partnership new to cypp, on the new plan form
/// and the bring in a plan form.
pub(crate) fn partnership_fields(form: &[(String, String)]) -> [Field; 4] {
    let v = |name| value(form, name);
    [
        Field::new("partnership_name", "Name of the partnership", &v("partnership_name"), Kind::Input),
        Field::new(
            "partnership_slug",
            "Short name of the partnership for web addresses",
            &v("partnership_slug"),
            Kind::Input,
        ),
        Field::new("area_name", "Local authority area", &v("area_name"), Kind::Input),
        Field::new("gss_code", "ONS GSS code of the area", &v("gss_code"), Kind::Input)
            .hint("A capital letter and eight digits, such as E08000005"),
    ]
}

/// A partnership new to cypp, from those fields.
pub(crate) fn partnership_from_form(form: &[(String, String)]) -> Partnership {
    Partnership {
        id: PartnershipId::new(),
        slug: value(form, "partnership_slug").trim().to_string(),
        name: value(form, "partnership_name").trim().to_string(),
        area_name: value(form, "area_name").trim().to_string(),
        gss_code: value(form, "gss_code").trim().to_uppercase(),
        description: None,
        organisations: Vec::new(),
        boards: Vec::new(),
        comparator_groups: Vec::new(),
        jargon: Vec::new(),
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
            other => partnership_field(other).unwrap_or(other),
        }
        .to_string()
    };
    Problems(problems.0.iter().map(|p| Problem { path: rename(&p.path), message: p.message.clone() }).collect())
}

fn render(
    session: &cypp_store::sessions::Session,
    form: &[(String, String)],
    new_partnership: bool,
    problems: &Problems,
) -> Result<String, AppError> {
    let mut fields = fields(form, new_partnership);
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
    Ok(page.render()?)
}

pub async fn get_new_plan(Admin(session): Admin) -> Result<Html<String>, AppError> {
    let defaults = vec![("level_names".to_string(), "Outcome\nPriority".to_string())];
    let new_partnership = session.user.partnership.is_none();
    Ok(Html(render(&session, &defaults, new_partnership, &Problems::default())?))
}

pub async fn post_new_plan(
    State(state): State<AppState>,
    Admin(session): Admin,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let new_partnership = session.user.partnership.is_none();
    let mut problems = Problems::default();
    let year = |name: &str, problems: &mut Problems| match value(&form, name).trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            problems.push(name, "Enter a year, such as 2027");
            None
        }
    };
    let first = year("first_year", &mut problems);
    let last = year("last_year", &mut problems);
    let mut tx = state.db.write().await?;
    let partnership = match session.user.partnership {
        Some(id) => cypp_store::plan_file::partnership(&mut tx, id).await?,
        None => partnership_from_form(&form),
    };
    let (Some(first), Some(last)) = (first, last) else {
        drop(tx);
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            Html(render(&session, &form, new_partnership, &problems)?),
        )
            .into_response());
    };
    let plan = Plan {
        id: PlanId::new(),
        slug: value(&form, "slug").trim().to_string(),
        revision_id: RevisionId::new(),
        revision: 1,
        revision_label: None,
        title: value(&form, "title").trim().to_string(),
        period: PlanPeriod::financial_years(first, last),
        status: PlanStatus::Draft,
        status_history: vec![StatusChange {
            status: PlanStatus::Draft,
            at: Utc::now(),
            by: session.user.email.to_string(),
            note: None,
        }],
        vision: optional(&value(&form, "vision")),
        purpose: None,
        level_names: value(&form, "level_names").lines().filter_map(optional).collect(),
        signoff_board: None,
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
        Err(StoreError::Invalid(found)) => {
            drop(tx);
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Html(render(&session, &form, new_partnership, &to_fields(&found))?),
            )
                .into_response())
        }
        Err(StoreError::Duplicate { message, .. }) => {
            drop(tx);
            let mut found = Problems::default();
            found.push("slug", format!("Choose another short name: {message}"));
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(render(&session, &form, new_partnership, &found)?))
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
