//! `GET /plans/{slug}/plain-english`: every plain-English warning in the plan's current
//! revision, field by field, with the reading ease of each long text, so that a partnership
//! can keep its promise not to use jargon.

use askama::Template;
use axum::response::Html;
use cypp_domain::plain::readability;

use crate::AppError;
use crate::access::PlanMember;
use crate::page::Chrome;
use crate::routes::edit::checker;

pub struct Finding {
    pub place: String,
    pub href: Option<String>,
    pub messages: Vec<String>,
}

#[derive(Template)]
#[template(path = "plain_english.html")]
struct PlainEnglishPage {
    chrome: Chrome,
    slug: String,
    title: String,
    findings: Vec<Finding>,
    overall: Option<String>,
}

pub async fn get_plain_english(plan: PlanMember) -> Result<Html<String>, AppError> {
    let file = &plan.file;
    let slug = plan.slug().to_string();
    let checker = checker(file);
    let mut findings = Vec::new();
    let mut all_text = String::new();
    let mut check = |place: String, href: Option<String>, text: &str, findings: &mut Vec<Finding>| {
        all_text.push_str(text);
        all_text.push_str(".\n");
        let mut messages: Vec<String> = checker.check(text).iter().map(|w| w.message()).collect();
        if let Some(r) = readability(text).filter(|r| r.reading_ease < 50.0) {
            messages.push(r.summary());
        }
        if !messages.is_empty() {
            findings.push(Finding { place, href, messages });
        }
    };
    let header = &file.plan;
    for (label, text) in [("Vision", &header.vision), ("Purpose", &header.purpose)] {
        if let Some(text) = text {
            check(label.to_string(), None, text, &mut findings);
        }
    }
    for section in &file.sections {
        check(section.title.clone(), None, &section.body, &mut findings);
    }
    for top in &file.items {
        for (_, item) in top.walk() {
            let href = Some(format!("/plans/{slug}/items/{}/edit", item.id));
            let heading = item.heading();
            check(format!("{heading}: title"), href.clone(), &item.title, &mut findings);
            for (label, text) in [
                ("why it matters", &item.why_it_matters),
                ("key priority", &item.key_priority),
                ("summary", &item.summary),
            ] {
                if let Some(text) = text {
                    check(format!("{heading}: {label}"), href.clone(), text, &mut findings);
                }
            }
            for asked in &item.young_people_asked {
                check(format!("{heading}: what children and young people asked"), href.clone(), asked, &mut findings);
            }
            for statement in &item.success_statements {
                check(format!("{heading}: how we will know"), None, &statement.text, &mut findings);
            }
            for action in &item.actions {
                let href = Some(format!("/plans/{slug}/actions/{}/edit", action.id));
                let number = action.number.clone().unwrap_or_default();
                check(format!("Action {number}"), href, &action.title, &mut findings);
            }
        }
    }
    let overall = readability(&all_text).map(|r| r.summary());
    let page = PlainEnglishPage { chrome: plan.chrome(), slug, title: header.title.clone(), findings, overall };
    Ok(Html(page.render()?))
}
