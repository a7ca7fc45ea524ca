//! The plan's settings: `GET /plans/{slug}/settings` gathers them; the plan's own fields
//! (title, period, vision, purpose, what its levels are called, the board that signs it off)
//! and the partnership's (name, area, GSS code) each have a form.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{BoardId, Partnership, Plan, PlanFile, PlanPeriod, Problems};
use cypp_store::lists::{KINDS, Parent};
use cypp_store::sessions::Session;
use cypp_store::{StoreError, edit};
use serde::Deserialize;

use super::{Field, Kind, annotate, checker, date, date_parts, optional};
use crate::access::{Manage, PlanAdmin, PlanEditor};
use crate::csrf::CsrfForm;
use crate::form::{FormPage, Levels, Version, differences, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "edit/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    slug: String,
    title: String,
    admin: bool,
    /// (title, address, how many) of each list.
    lists: Vec<(&'static str, String, usize)>,
}

pub async fn get_settings(plan: PlanEditor) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let admin = plan.may::<Manage>();
    let count = |key: &str| match key {
        "glossary" => file.glossary.len(),
        "themes" => file.themes.len(),
        "principles" => file.principles.len(),
        "sections" => file.sections.len(),
        "organisations" => file.partnership.organisations.len(),
        "boards" => file.partnership.boards.len(),
        "jargon" => file.partnership.jargon.len(),
        _ => 0,
    };
    let lists = KINDS
        .iter()
        .filter(|k| k.parent == Parent::Revision || (k.parent == Parent::Partnership && admin))
        .map(|k| (k.title, format!("/plans/{slug}/lists/{}", k.key), count(k.key)))
        .collect();
    let page = SettingsPage {
        chrome: Chrome::signed_in(session),
        slug: slug.to_string(),
        title: file.plan.title.clone(),
        admin,
        lists,
    };
    Ok(Html(page.render()?))
}

/// The plan's own settings as posted; dates in GOV.UK day, month and year boxes.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    version: Version,
    title: String,
    revision_label: String,
    period_start_day: String,
    period_start_month: String,
    period_start_year: String,
    period_end_day: String,
    period_end_month: String,
    period_end_year: String,
    vision: String,
    purpose: String,
    easy_words: String,
    level_names: String,
    level_plurals: String,
    signoff_board: String,
}

impl PlanForm {
    fn from_plan(file: &PlanFile, version: i64) -> PlanForm {
        let plan = &file.plan;
        let (period_start_day, period_start_month, period_start_year) = date_parts(Some(plan.period.start));
        let (period_end_day, period_end_month, period_end_year) = date_parts(Some(plan.period.end));
        let levels = Levels::of(plan);
        PlanForm {
            version: Version::new(version),
            title: plan.title.clone(),
            revision_label: plan.revision_label.clone().unwrap_or_default(),
            period_start_day,
            period_start_month,
            period_start_year,
            period_end_day,
            period_end_month,
            period_end_year,
            vision: plan.vision.clone().unwrap_or_default(),
            purpose: plan.purpose.clone().unwrap_or_default(),
            easy_words: plan.easy_words.clone().unwrap_or_default(),
            level_names: levels.names,
            level_plurals: levels.plurals,
            signoff_board: plan.signoff_board.map(|b| b.to_string()).unwrap_or_default(),
        }
    }

    fn fields(&self, file: &PlanFile) -> Vec<Field> {
        let date_field = |name: &'static str, label: &'static str, [day, month, year]: [&String; 3]| {
            let (day, month, year) = (day.clone(), month.clone(), year.clone());
            Field::new(name, label, &format!("{day}/{month}/{year}"), Kind::Date { day, month, year })
                .hint("For example, 1 4 2024")
        };
        let mut boards: Vec<(String, String)> = vec![(String::new(), "None".into())];
        boards.extend(file.partnership.boards.iter().map(|b| (b.id.to_string(), b.name.clone())));
        vec![
            Field::new("title", "Title", &self.title, Kind::Input),
            Field::new("revision_label", "Name of this revision", &self.revision_label, Kind::Input)
                .hint("For example, Refreshed for 2026-27"),
            date_field(
                "period_start",
                "The plan starts",
                [&self.period_start_day, &self.period_start_month, &self.period_start_year],
            ),
            date_field(
                "period_end",
                "The plan ends",
                [&self.period_end_day, &self.period_end_month, &self.period_end_year],
            ),
            Field::new("vision", "Vision or statement of intent", &self.vision, Kind::Textarea(3)),
            Field::new("purpose", "Purpose of the plan", &self.purpose, Kind::Textarea(5)),
            Field::new(
                "easy_words",
                "What the plan is, in easy words, for the easy read",
                &self.easy_words,
                Kind::Textarea(4),
            )
            .hint(crate::routes::easy_read::EASY_PLAN_HINT),
        ]
        .into_iter()
        .chain(self.levels().fields())
        .chain([Field::new(
            "signoff_board",
            "The board that signs the plan off",
            &self.signoff_board,
            Kind::Radios(boards),
        )])
        .collect()
    }

    fn levels(&self) -> Levels {
        Levels { names: self.level_names.clone(), plurals: self.level_plurals.clone() }
    }

    /// The plan as the form would save it, or what is wrong with the form.
    fn apply(&self, file: &PlanFile) -> Result<Plan, Problems> {
        let mut problems = Problems::default();
        let easy_words =
            crate::routes::easy_read::easy_words(&self.easy_words, "easy_words", &checker(file), &mut problems);
        let start = date(
            "period_start",
            &self.period_start_day,
            &self.period_start_month,
            &self.period_start_year,
            &mut problems,
        );
        let end =
            date("period_end", &self.period_end_day, &self.period_end_month, &self.period_end_year, &mut problems);
        let (Some(start), Some(end)) = (start, end) else {
            for (name, when) in [("period_start", start), ("period_end", end)] {
                if when.is_none() && !problems.0.iter().any(|p| p.path == name) {
                    problems.push(name, "Enter the date");
                }
            }
            return Err(problems);
        };
        let mut changed = file.plan.clone();
        changed.title = self.title.trim().to_string();
        changed.revision_label = optional(&self.revision_label);
        changed.period = PlanPeriod { start, end };
        changed.vision = optional(&self.vision);
        changed.purpose = optional(&self.purpose);
        changed.easy_words = easy_words;
        let depth = file.items.iter().flat_map(|i| i.walk()).map(|(d, _)| d + 1).max().unwrap_or(0);
        (changed.level_names, changed.level_plurals) = self.levels().read(depth, &mut problems);
        changed.signoff_board = self
            .signoff_board
            .trim()
            .parse::<BoardId>()
            .ok()
            .filter(|b| file.partnership.boards.iter().any(|x| x.id == *b));
        problems.into_result().map(|()| changed)
    }
}

fn page(session: &Session, slug: &str, file: &PlanFile, form: &PlanForm, problems: &Problems) -> FormPage {
    let mut fields = form.fields(file);
    annotate(&mut fields, problems, &checker(file));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "The plan's settings".into(),
        caption: file.plan.title.clone(),
        action: format!("/plans/{slug}/settings/plan"),
        back: format!("/plans/{slug}/settings"),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_plan_settings(State(state): State<AppState>, plan: PlanEditor) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let version = edit::get_revision(&mut state.db.read().await?, file.plan.revision_id).await?.version;
    Ok(Html(page(session, slug, file, &PlanForm::from_plan(file, version), &Problems::default()).render()?))
}

pub async fn post_plan_settings(
    State(state): State<AppState>,
    plan: PlanEditor,
    CsrfForm(form): CsrfForm<PlanForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let version = form.version.get()?;
    let changed = match form.apply(file) {
        Ok(changed) => changed,
        Err(problems) => return page(session, slug, file, &form, &problems).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    match edit::update_plan(&mut tx, &plan.actor(), &changed, version).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}")).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            drop(tx);
            let current = cypp_store::plan_file::export(&mut state.db.read().await?, slug).await?;
            let theirs = PlanForm::from_plan(&current, actual).fields(&current);
            let yours = PlanForm { version: Version::new(actual), ..form.clone() };
            let mut page = page(session, slug, file, &yours, &Problems::default());
            page.conflict = differences(theirs, form.fields(file));
            page.unprocessable()
        }
        Err(e) => page(session, slug, file, &form, &problems(e)?).unprocessable(),
    }
}

/// The partnership's own settings as posted.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct PartnershipForm {
    version: Version,
    name: String,
    area_name: String,
    gss_code: String,
    description: String,
}

impl PartnershipForm {
    fn from_partnership(p: &Partnership, version: i64) -> PartnershipForm {
        PartnershipForm {
            version: Version::new(version),
            name: p.name.clone(),
            area_name: p.area_name.clone(),
            gss_code: p.gss_code.clone(),
            description: p.description.clone().unwrap_or_default(),
        }
    }

    fn fields(&self) -> Vec<Field> {
        vec![
            Field::new("name", "Name of the partnership", &self.name, Kind::Input),
            Field::new("area_name", "Local authority area", &self.area_name, Kind::Input),
            Field::new("gss_code", "ONS GSS code of the area", &self.gss_code, Kind::Input)
                .hint("A capital letter and eight digits, such as E08000005"),
            Field::new("description", "About the partnership", &self.description, Kind::Textarea(4)),
        ]
    }

    fn apply(&self, before: &Partnership) -> Partnership {
        let mut partnership = before.clone();
        partnership.name = self.name.trim().to_string();
        partnership.area_name = self.area_name.trim().to_string();
        partnership.gss_code = self.gss_code.trim().to_uppercase();
        partnership.description = optional(&self.description);
        partnership
    }
}

fn partnership_page(
    session: &Session,
    slug: &str,
    file: &PlanFile,
    form: &PartnershipForm,
    problems: &Problems,
) -> FormPage {
    let mut fields = form.fields();
    annotate(&mut fields, problems, &checker(file));
    FormPage {
        chrome: Chrome::signed_in(session),
        title: "The partnership".into(),
        caption: file.partnership.name.clone(),
        action: format!("/plans/{slug}/settings/partnership"),
        back: format!("/plans/{slug}/settings"),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_partnership_settings(
    State(state): State<AppState>,
    plan: PlanAdmin,
) -> Result<Html<String>, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let current = edit::get_partnership(&mut state.db.read().await?, file.partnership.id).await?;
    let form = PartnershipForm::from_partnership(&current.value, current.version);
    Ok(Html(partnership_page(session, slug, file, &form, &Problems::default()).render()?))
}

pub async fn post_partnership_settings(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(form): CsrfForm<PartnershipForm>,
) -> Result<Response, AppError> {
    let (session, file, slug) = (&plan.session, &*plan.file, plan.slug());
    let partnership = form.apply(&file.partnership);
    let mut tx = state.db.write().await?;
    match edit::update_partnership(&mut tx, &plan.actor(), &partnership, form.version.get()?).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{slug}/settings")).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            drop(tx);
            let current = edit::get_partnership(&mut state.db.read().await?, file.partnership.id).await?.value;
            let theirs = PartnershipForm::from_partnership(&current, actual).fields();
            let yours = PartnershipForm { version: Version::new(actual), ..form.clone() };
            let mut page = partnership_page(session, slug, file, &yours, &Problems::default());
            page.conflict = differences(theirs, form.fields());
            page.unprocessable()
        }
        Err(e) => partnership_page(session, slug, file, &form, &problems(e)?).unprocessable(),
    }
}
