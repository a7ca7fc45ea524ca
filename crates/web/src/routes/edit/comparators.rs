//! The partnership's comparator groups, for its admins: `GET /plans/{slug}/comparators` lists
//! them, offering what a partnership usually compares itself with and does not have yet
//! (England, its region, the DfE's statistical neighbours for its GSS code) as one button each;
//! `.../new` adds a group, `.../{comparator}/edit` changes one and `.../{comparator}/delete`
//! removes one. Every figures import and chart reads the groups, so a change shows in both.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use cypp_domain::{ComparatorGroup, ComparatorId, ComparatorKind, PlanFile, Problems};
use cypp_figures::areas::{self, LocalAuthority};
use cypp_store::{StoreError, comparators};
use serde::Deserialize;

use super::{Deletion, Field, Kind, annotate, refusal};
use crate::access::{ComparatorPath, PlanAdmin};
use crate::csrf::CsrfForm;
use crate::form::{Confirmation, FormPage, Version, differences, problems};
use crate::page::Chrome;
use crate::{AppError, AppState};

/// England's GSS code.
const ENGLAND: &str = "E92000001";

const KINDS: [(ComparatorKind, &str, &str); 5] = [
    (ComparatorKind::England, "england", "England"),
    (ComparatorKind::Region, "region", "The region"),
    (ComparatorKind::StatisticalNeighbours, "statistical_neighbours", "Statistical neighbours"),
    (ComparatorKind::CombinedAuthority, "combined_authority", "A combined authority"),
    (ComparatorKind::Other, "other", "Another group of areas"),
];

fn kind_word(kind: ComparatorKind) -> &'static str {
    KINDS.iter().find(|k| k.0 == kind).map_or("other", |k| k.1)
}

fn kind_label(kind: ComparatorKind) -> &'static str {
    KINDS.iter().find(|k| k.0 == kind).map_or("Other", |k| k.2)
}

/// An area as a line of the members box: "Walsall (E08000030)", or the code alone for an
/// area cypp does not know by name.
fn area_line(code: &str) -> String {
    match areas::by_gss_code(code) {
        Some(la) => format!("{} ({})", la.name, la.gss_code),
        None => code.to_string(),
    }
}

/// The areas typed one to a line, each as a GSS code, a local authority's name, or both as
/// [`area_line`] writes them; blank lines are skipped. What cannot be read is named by line.
fn read_members(text: &str, problems: &mut Problems) -> Vec<String> {
    let mut codes = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // "Name (E08000030)": the code in brackets decides.
        let bracketed = line.strip_suffix(')').and_then(|l| l.rsplit_once('(')).map(|(_, code)| code.trim());
        let code = match bracketed {
            Some(code) => Some(code.to_ascii_uppercase()),
            None if cypp_domain::partnership::is_gss_code(&line.to_ascii_uppercase()) => {
                Some(line.to_ascii_uppercase())
            }
            None => areas::local_authorities()
                .iter()
                .find(|la| la.name.eq_ignore_ascii_case(line))
                .and_then(|la| areas::by_number(&la.number))
                .map(|la| la.gss_code.clone()),
        };
        match code {
            Some(code) if cypp_domain::partnership::is_gss_code(&code) => codes.push(code),
            _ => problems.push(
                "members",
                format!(
                    "Line {}: \"{line}\" is neither an ONS GSS code (such as E08000030) nor the name of an English local authority",
                    n + 1
                ),
            ),
        }
    }
    codes
}

/// The DfE's statistical neighbours for the partnership's area, if the model covers it.
fn dfe_neighbours(file: &PlanFile) -> Option<Vec<&'static LocalAuthority>> {
    areas::statistical_neighbours(&file.partnership.gss_code)
}

/// A group's form as posted.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    version: Version,
    name: String,
    kind: String,
    area_code: String,
    members: String,
}

impl GroupForm {
    fn from_group(group: &ComparatorGroup, version: i64) -> GroupForm {
        GroupForm {
            version: Version::new(version),
            name: group.name.clone(),
            kind: kind_word(group.kind).to_string(),
            area_code: group.area_code.clone().unwrap_or_default(),
            members: group.members.iter().map(|c| area_line(c)).collect::<Vec<_>>().join("\n"),
        }
    }

    fn fields(&self) -> Vec<Field> {
        let kinds = KINDS.iter().map(|(_, word, label)| (word.to_string(), label.to_string())).collect();
        vec![
            Field::new("name", "Name", &self.name, Kind::Input)
                .hint("As reports will say it: England, North West, Statistical neighbours, Greater Manchester"),
            Field::new("kind", "What kind of comparator it is", &self.kind, Kind::Radios(kinds)),
            Field::new("area_code", "The area's GSS code", &self.area_code, Kind::Input)
                .hint("For England (E92000001) or a region (such as E12000002); a combined authority may have one too"),
            Field::new("members", "The areas in the group", &self.members, Kind::Textarea(10)).hint(
                "One on each line: a local authority's name (Walsall) or its GSS code (E08000030). Leave empty for England or a region",
            ),
        ]
    }

    fn group(&self, id: ComparatorId) -> Result<ComparatorGroup, Problems> {
        let mut problems = Problems::default();
        let kind = KINDS.iter().find(|k| k.1 == self.kind.trim()).map(|k| k.0);
        if kind.is_none() {
            problems.push("kind", "Choose what kind of comparator it is");
        }
        let members = read_members(&self.members, &mut problems);
        let code = self.area_code.trim().to_ascii_uppercase();
        match kind {
            Some(kind) if problems.is_empty() => Ok(ComparatorGroup {
                id,
                name: self.name.trim().to_string(),
                kind,
                area_code: (!code.is_empty()).then_some(code),
                members,
            }),
            _ => Err(problems),
        }
    }
}

/// One group as the list shows it.
struct Row {
    name: String,
    kind: &'static str,
    areas: String,
    edit: String,
    delete: String,
}

/// A group the partnership does not have yet, offered as one button.
struct Suggestion {
    which: &'static str,
    label: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "edit/comparators.html")]
struct ComparatorsPage {
    chrome: Chrome,
    slug: String,
    area: String,
    rows: Vec<Row>,
    suggestions: Vec<Suggestion>,
    /// The DfE's neighbours, when the partnership's statistical neighbours differ from them.
    dfe_differs: Option<String>,
}

fn areas_text(group: &ComparatorGroup) -> String {
    let mut shown: Vec<String> = group.area_code.iter().map(|c| area_line(c)).collect();
    let names: Vec<String> =
        group.members.iter().map(|c| areas::by_gss_code(c).map_or(c.clone(), |la| la.name.clone())).collect();
    if !names.is_empty() {
        shown.push(format!("{} areas: {}", names.len(), names.join(", ")));
    }
    shown.join("; ")
}

fn suggestions(file: &PlanFile) -> Vec<Suggestion> {
    let groups = &file.partnership.comparator_groups;
    let has = |kind: ComparatorKind| groups.iter().any(|g| g.kind == kind);
    let mut out = Vec::new();
    if !has(ComparatorKind::England) {
        out.push(Suggestion { which: "england", label: "Add England".into(), detail: ENGLAND.into() });
    }
    if let Some(la) = areas::by_gss_code(&file.partnership.gss_code)
        && !groups.iter().any(|g| g.area_code.as_deref() == Some(la.region_code.as_str()))
    {
        out.push(Suggestion {
            which: "region",
            label: format!("Add the region, {}", la.region_name),
            detail: la.region_code.clone(),
        });
    }
    if let Some(neighbours) = dfe_neighbours(file)
        && !has(ComparatorKind::StatisticalNeighbours)
    {
        out.push(Suggestion {
            which: "neighbours",
            label: "Add the DfE's statistical neighbours".into(),
            detail: neighbours.iter().map(|la| la.name.as_str()).collect::<Vec<_>>().join(", "),
        });
    }
    out
}

pub async fn get_comparators(plan: PlanAdmin) -> Result<Html<String>, AppError> {
    let file = &*plan.file;
    let base = format!("/plans/{}/comparators", plan.slug());
    let rows = file
        .partnership
        .comparator_groups
        .iter()
        .map(|g| Row {
            name: g.name.clone(),
            kind: kind_label(g.kind),
            areas: areas_text(g),
            edit: format!("{base}/{}/edit", g.id),
            delete: format!("{base}/{}/delete", g.id),
        })
        .collect();
    let dfe_differs = dfe_neighbours(file).and_then(|dfe| {
        let codes: Vec<&str> = dfe.iter().map(|la| la.gss_code.as_str()).collect();
        let group =
            file.partnership.comparator_groups.iter().find(|g| g.kind == ComparatorKind::StatisticalNeighbours)?;
        let same = group.members.len() == codes.len() && codes.iter().all(|c| group.members.iter().any(|m| m == c));
        (!same).then(|| dfe.iter().map(|la| la.name.as_str()).collect::<Vec<_>>().join(", "))
    });
    let page = ComparatorsPage {
        chrome: plan.chrome(),
        slug: plan.slug().to_string(),
        area: format!("{} ({})", file.partnership.area_name, file.partnership.gss_code),
        rows,
        suggestions: suggestions(file),
        dfe_differs,
    };
    Ok(Html(page.render()?))
}

/// `?kind=` on the new group form: the kind to start from. Statistical neighbours start from
/// the DfE's list for the partnership's area.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    kind: String,
}

fn form_page(plan: &PlanAdmin, title: &str, action: String, form: &GroupForm, problems: &Problems) -> FormPage {
    let mut fields = form.fields();
    annotate(&mut fields, problems, &cypp_domain::plain::Checker::new([]));
    FormPage {
        chrome: plan.chrome(),
        title: title.into(),
        caption: "Comparator groups".into(),
        action,
        back: format!("/plans/{}/comparators", plan.slug()),
        version: form.version.shown(),
        fields,
        conflict: Vec::new(),
    }
}

pub async fn get_new_group(plan: PlanAdmin, Query(query): Query<NewQuery>) -> Result<Html<String>, AppError> {
    let mut form = GroupForm { kind: query.kind.clone(), ..GroupForm::default() };
    if query.kind == "statistical_neighbours" {
        form.name = "Statistical neighbours".into();
        if let Some(dfe) = dfe_neighbours(&plan.file) {
            form.members = dfe.iter().map(|la| area_line(&la.gss_code)).collect::<Vec<_>>().join("\n");
        }
    }
    let action = format!("/plans/{}/comparators/new", plan.slug());
    Ok(Html(form_page(&plan, "Add a comparator group", action, &form, &Problems::default()).render()?))
}

pub async fn post_new_group(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(form): CsrfForm<GroupForm>,
) -> Result<Response, AppError> {
    let action = format!("/plans/{}/comparators/new", plan.slug());
    let group = match form.group(ComparatorId::new()) {
        Ok(g) => g,
        Err(p) => return form_page(&plan, "Add a comparator group", action, &form, &p).unprocessable(),
    };
    let mut tx = state.db.write().await?;
    match comparators::add(&mut tx, &plan.actor(), plan.file.partnership.id, &group).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/comparators", plan.slug())).into_response())
        }
        Err(e) => form_page(&plan, "Add a comparator group", action, &form, &problems(e)?).unprocessable(),
    }
}

/// `POST /plans/{slug}/comparators/defaults` with `which=england|region|neighbours`: adds the
/// group as cypp knows it for the partnership's area, to change from there.
#[derive(Deserialize)]
pub struct DefaultForm {
    #[serde(default)]
    which: String,
}

pub async fn post_default(
    State(state): State<AppState>,
    plan: PlanAdmin,
    CsrfForm(form): CsrfForm<DefaultForm>,
) -> Result<Response, AppError> {
    let file = &*plan.file;
    let la = areas::by_gss_code(&file.partnership.gss_code);
    let group = |name: &str, kind, area_code: Option<&str>, members: Vec<String>| ComparatorGroup {
        id: ComparatorId::new(),
        name: name.to_string(),
        kind,
        area_code: area_code.map(str::to_string),
        members,
    };
    let group = match (form.which.as_str(), la) {
        ("england", _) => group("England", ComparatorKind::England, Some(ENGLAND), Vec::new()),
        ("region", Some(la)) => group(&la.region_name, ComparatorKind::Region, Some(&la.region_code), Vec::new()),
        ("neighbours", Some(_)) => {
            let dfe = dfe_neighbours(file).ok_or(AppError::NotFound)?;
            let members = dfe.iter().map(|la| la.gss_code.clone()).collect();
            group("Statistical neighbours", ComparatorKind::StatisticalNeighbours, None, members)
        }
        _ => return Err(AppError::NotFound),
    };
    let mut tx = state.db.write().await?;
    comparators::add(&mut tx, &plan.actor(), file.partnership.id, &group).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plans/{}/comparators", plan.slug())).into_response())
}

fn edit_address(plan: &PlanAdmin, id: ComparatorId) -> String {
    format!("/plans/{}/comparators/{id}/edit", plan.slug())
}

/// `?dfe=1` on the change form: the members replaced by the DfE's list, to check and save.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditQuery {
    dfe: String,
}

pub async fn get_edit_group(
    State(state): State<AppState>,
    plan: PlanAdmin,
    ComparatorPath(id): ComparatorPath,
    Query(query): Query<EditQuery>,
) -> Result<Html<String>, AppError> {
    let mut tx = state.db.read().await?;
    let current = comparators::get(&mut tx, plan.file.partnership.id, id).await?;
    tx.rollback().await?;
    let mut form = GroupForm::from_group(&current.value, current.version);
    if !query.dfe.is_empty()
        && let Some(dfe) = dfe_neighbours(&plan.file)
    {
        form.members = dfe.iter().map(|la| area_line(&la.gss_code)).collect::<Vec<_>>().join("\n");
    }
    Ok(Html(
        form_page(&plan, "Change a comparator group", edit_address(&plan, id), &form, &Problems::default()).render()?,
    ))
}

pub async fn post_edit_group(
    State(state): State<AppState>,
    plan: PlanAdmin,
    ComparatorPath(id): ComparatorPath,
    CsrfForm(form): CsrfForm<GroupForm>,
) -> Result<Response, AppError> {
    let title = "Change a comparator group";
    let group = match form.group(id) {
        Ok(g) => g,
        Err(p) => return form_page(&plan, title, edit_address(&plan, id), &form, &p).unprocessable(),
    };
    let version = form.version.get()?;
    let mut tx = state.db.write().await?;
    let current = comparators::get(&mut tx, plan.file.partnership.id, id).await?;
    match comparators::update(&mut tx, &plan.actor(), plan.file.partnership.id, &group, version).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/comparators", plan.slug())).into_response())
        }
        Err(StoreError::Conflict { actual, .. }) => {
            let yours = GroupForm { version: Version::new(actual), ..form.clone() };
            let mut page = form_page(&plan, title, edit_address(&plan, id), &yours, &Problems::default());
            page.conflict = differences(GroupForm::from_group(&current.value, actual).fields(), form.fields());
            page.unprocessable()
        }
        Err(e) => form_page(&plan, title, edit_address(&plan, id), &form, &problems(e)?).unprocessable(),
    }
}

async fn deletion(state: &AppState, plan: &PlanAdmin, group: &ComparatorGroup) -> Result<Deletion, AppError> {
    let uses = comparators::uses(&mut state.db.read().await?, group.id).await?;
    let held = match uses.figures {
        0 => "No figures are held for it.".to_string(),
        1 => "The 1 figure held for it is deleted too.".to_string(),
        n => format!("The {n} figures held for it are deleted too."),
    };
    Ok(Deletion {
        title: format!("Delete the comparator group {}?", group.name),
        warning: format!("Charts and reports will no longer compare with {}. {held}", group.name),
        action: format!("/plans/{}/comparators/{}/delete", plan.slug(), group.id),
        back: format!("/plans/{}/comparators", plan.slug()),
    })
}

pub async fn get_delete_group(
    State(state): State<AppState>,
    plan: PlanAdmin,
    ComparatorPath(id): ComparatorPath,
) -> Result<Response, AppError> {
    let current = comparators::get(&mut state.db.read().await?, plan.file.partnership.id, id).await?;
    deletion(&state, &plan, &current.value).await?.respond(plan.session.clone(), current.version, None)
}

pub async fn post_delete_group(
    State(state): State<AppState>,
    plan: PlanAdmin,
    ComparatorPath(id): ComparatorPath,
    CsrfForm(form): CsrfForm<Confirmation>,
) -> Result<Response, AppError> {
    let mut tx = state.db.write().await?;
    match comparators::delete(&mut tx, &plan.actor(), plan.file.partnership.id, id, form.version.get()?).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/plans/{}/comparators", plan.slug())).into_response())
        }
        Err(e) => {
            let reason = refusal(e)?;
            drop(tx);
            let current = comparators::get(&mut state.db.read().await?, plan.file.partnership.id, id).await?;
            deletion(&state, &plan, &current.value).await?.respond(plan.session.clone(), current.version, Some(reason))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_read_by_code_name_or_both_and_what_is_not_an_area_is_named_by_line() {
        let mut problems = Problems::default();
        let codes = read_members("Walsall\n\ne08000005\nSalford (E08000006)\n  north yorkshire  ", &mut problems);
        assert!(problems.is_empty(), "{problems}");
        assert_eq!(codes, ["E08000030", "E08000005", "E08000006", "E06000065"]);
        let _ = read_members("Walsall\nNarnia\nE0800", &mut problems);
        let said = problems.to_string();
        assert!(said.contains("Line 2: \"Narnia\"") && said.contains("Line 3: \"E0800\""), "{said}");
    }
}
