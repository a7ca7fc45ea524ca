//! The published plan site, open to everyone, at `/p/{partnership}/{plan}`. It shows only the
//! newest published revision, never a draft.

pub mod easy_read;
pub mod glossary;
pub mod home;
pub mod item;
pub mod on_a_page;
pub mod progress;
pub mod you_said;

use chrono::Utc;

pub use crate::access::Published;
use crate::markup::Glossary;
use crate::page::Chrome;
use crate::views::{Context, Names};

/// A top-level item with links to it and to the items under it, for the pages that show the
/// plan's shape (the front page and plan on a page).
pub struct Outcome {
    pub level: String,
    pub heading: String,
    pub href: String,
    pub lead: Option<String>,
    pub children: Vec<(String, String)>,
}

impl Published {
    pub fn chrome(&self) -> Chrome {
        Chrome::for_partnership(&self.visitor, &self.file.partnership.name, self.base.clone())
    }

    /// The top-level items, for pages that show the plan's shape.
    pub fn outcomes(&self) -> Vec<Outcome> {
        let mut ctx = self.context();
        self.revision
            .items
            .iter()
            .map(|item| {
                let view = ctx.item(item, 0, 2);
                Outcome {
                    level: view.level,
                    heading: view.heading,
                    href: view.href,
                    lead: view.lead_board,
                    children: view.children,
                }
            })
            .collect()
    }

    /// A context that marks glossary terms on first use and links items to their pages. The
    /// public site offers no edit links.
    pub fn context(&self) -> Context<'_> {
        Context {
            names: Names::new(&self.file.partnership, &self.revision, &self.file.measures),
            plan: &self.revision.plan,
            today: Utc::now().date_naive(),
            glossary: Glossary::new(&self.revision.glossary, format!("{}/glossary", self.base)),
            user: None,
            item_base: Some(self.base.clone()),
            plan_slug: &self.file.plan.slug,
        }
    }
}
