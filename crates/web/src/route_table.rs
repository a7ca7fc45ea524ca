//! Every route, in one table: its method, its address, who may call it and its handler. The
//! router is built from this table, so a route cannot exist without an access rule, and the
//! tests walk the table as each kind of visitor to check that every handler enforces the
//! rule written here (`crates/web/tests/access.rs`).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

use crate::AppState;
use crate::routes::*;

/// Who may call a route. Each names the extractor that enforces it (`crate::access`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the published site, assets, signing in.
    Anyone,
    /// Anyone signed in (`auth::SignedIn`).
    SignedIn,
    /// An admin of a partnership or a system-wide admin (`access::Admin`).
    Admin,
    /// The published-or-partnership rule (`access::PlanReader`): the partnership's signed-in
    /// people see the plan as it stands; anyone else its public edition, once a revision is
    /// published (`PlanFile::public_edition`).
    PlanReader,
    /// The partnership's signed-in people, any role (`access::PlanMember`).
    PlanMember,
    /// The partnership's admins and editors (`access::PlanEditor`).
    PlanEditor,
    /// The partnership's admins (`access::PlanAdmin`).
    PlanAdmin,
    /// Editors, and the lead the item or action names (`access::ItemToUpdate`,
    /// `access::ActionToUpdate`).
    Updater,
    /// Editors for the plan's lists, admins for the partnership's (`access::ListPlace`).
    ListEditor,
    /// Editors, and the officer of the board that leads what the update is about
    /// (`access::UpdateReviewer`).
    Reviewer,
}

/// One method on one address.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    handler: MethodRouter<AppState>,
}

impl Route {
    fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Route {
        Route { method: Method::GET, path, access, handler: get(handler) }
    }

    fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Route {
        Route { method: Method::POST, path, access, handler: post(handler) }
    }

    /// Allows a larger body than the default (for uploads).
    fn limit(mut self, bytes: usize) -> Route {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// The table of every route.
pub fn routes() -> Vec<Route> {
    use Access::*;
    use Route as R;
    vec![
        // Operations and assets
        R::get("/healthz", Anyone, health::get_health),
        R::get("/assets/cypp.css", Anyone, assets::get_stylesheet),
        R::get("/assets/cypp.js", Anyone, assets::get_script),
        R::get("/assets/govuk-frontend.min.js", Anyone, assets::get_govuk_frontend),
        // Signing in and out
        R::get("/sign-in", Anyone, sign_in::get_sign_in),
        R::post("/sign-in", Anyone, sign_in::post_sign_in),
        R::post("/sign-out", SignedIn, sign_in::post_sign_out),
        R::get("/password-reset/{token}", Anyone, account::get_reset),
        R::post("/password-reset/{token}", Anyone, account::post_reset),
        R::get("/account/password", SignedIn, account::get_password),
        R::post("/account/password", SignedIn, account::post_password),
        // Plans, for the people who write and update them
        R::get("/", Anyone, home::get_home),
        R::get("/plans/new", Admin, new_plan::get_new_plan),
        R::post("/plans/new", Admin, new_plan::post_new_plan),
        R::get("/plans/upload", Admin, plan_file::get_upload),
        R::post("/plans/upload", Admin, plan_file::post_upload).limit(plan_file::MAX_UPLOAD),
        R::get("/plans/import", Admin, plan_document::get_form),
        R::post("/plans/import", Admin, plan_document::post_upload).limit(plan_document::MAX_UPLOAD),
        R::get("/plans/import/{draft}", Admin, plan_document::get_review),
        R::post("/plans/import/{draft}", Admin, plan_document::post_save),
        R::post("/plans/import/{draft}/change", Admin, plan_document::post_change),
        R::post("/plans/import/{draft}/teach", Admin, plan_document::post_teach),
        R::post("/plans/import/{draft}/cancel", Admin, plan_document::post_cancel),
        R::get("/plans/{slug}", PlanReader, plan::get_plan),
        R::get("/plans/{slug}/plan-file", PlanAdmin, plan_file::get_plan_file),
        R::get("/plans/{slug}/dashboard", PlanMember, dashboard::get_dashboard),
        R::get("/plans/{slug}/plain-english", PlanMember, plain_english::get_plain_english),
        R::get("/plans/{slug}/downloads/{file}", PlanMember, download::get_download),
        R::get("/plans/{slug}/rounds/{round}/reports/{report}", PlanMember, download::get_round_report),
        R::get("/plans/{slug}/revisions", PlanMember, revisions::get_revisions),
        R::get("/plans/{slug}/history", PlanMember, history::get_history),
        R::get("/plans/{slug}/history.csv", PlanMember, history::get_history_csv),
        R::post("/plans/{slug}/status", PlanEditor, revisions::post_status),
        R::post("/plans/{slug}/refresh", PlanEditor, revisions::post_refresh),
        // Reporting rounds
        R::get("/plans/{slug}/rounds", PlanMember, rounds::get_rounds),
        R::get("/plans/{slug}/rounds/new", PlanAdmin, rounds::get_new_round),
        R::post("/plans/{slug}/rounds/new", PlanAdmin, rounds::post_new_round),
        R::get("/plans/{slug}/rounds/{round}", PlanMember, rounds::get_round),
        R::get("/plans/{slug}/rounds/{round}/edit", PlanAdmin, rounds::get_edit_round),
        R::post("/plans/{slug}/rounds/{round}/edit", PlanAdmin, rounds::post_edit_round),
        R::post("/plans/{slug}/rounds/{round}/status", PlanAdmin, rounds::post_status),
        R::get("/plans/{slug}/rounds/{round}/report", PlanEditor, committee::get_report),
        R::get("/plans/{slug}/easy-read", PlanEditor, easy_read::get_easy_read),
        R::get("/plans/{slug}/easy-read.pdf", PlanEditor, easy_read::get_easy_read_pdf),
        R::get("/plans/{slug}/easy-read.html", PlanEditor, easy_read::get_easy_read_html),
        R::post("/plans/{slug}/rounds/{round}/report", PlanEditor, committee::post_report),
        R::get("/plans/{slug}/rounds/{round}/chasing", PlanEditor, rounds::get_chasing),
        R::post("/plans/{slug}/rounds/{round}/reminders", PlanEditor, rounds::post_reminders),
        R::get("/plans/{slug}/my-updates", PlanMember, updates::get_my_updates),
        // The partnership's people
        R::get("/plans/{slug}/people", PlanAdmin, people::get_people),
        R::get("/plans/{slug}/people/new", PlanAdmin, people::get_new_person),
        R::post("/plans/{slug}/people/new", PlanAdmin, people::post_new_person),
        R::post("/plans/{slug}/people/link-lead", PlanAdmin, people::post_link_lead),
        R::get("/plans/{slug}/people/{person}", PlanAdmin, people::get_person),
        R::get("/plans/{slug}/people/{person}/edit", PlanAdmin, people::get_edit_person),
        R::post("/plans/{slug}/people/{person}/edit", PlanAdmin, people::post_edit_person),
        R::post("/plans/{slug}/people/{person}/active", PlanAdmin, people::post_active),
        R::post("/plans/{slug}/people/{person}/reset", PlanAdmin, people::post_reset),
        R::get("/plans/{slug}/rounds/{round}/items/{item}/update", Updater, updates::get_item_update),
        R::post("/plans/{slug}/rounds/{round}/items/{item}/update", Updater, updates::post_item_update),
        R::get("/plans/{slug}/rounds/{round}/actions/{action}/update", Updater, updates::get_action_update),
        R::post("/plans/{slug}/rounds/{round}/actions/{action}/update", Updater, updates::post_action_update),
        R::get("/plans/{slug}/rounds/{round}/updates/{update}", PlanMember, updates::get_update),
        R::post("/plans/{slug}/rounds/{round}/updates/{update}/review", Reviewer, updates::post_review),
        R::post("/plans/{slug}/rounds/{round}/updates/{update}/public", PlanAdmin, updates::post_public),
        // Measures
        R::get("/plans/{slug}/measures/new", PlanEditor, edit::measure::get_new_measure),
        R::post("/plans/{slug}/measures/new", PlanEditor, edit::measure::post_new_measure),
        R::get("/plans/{slug}/measures/{measure}", PlanReader, measure::get_measure),
        R::get("/plans/{slug}/measures/{measure}/edit", PlanEditor, edit::measure::get_edit_measure),
        R::post("/plans/{slug}/measures/{measure}/edit", PlanEditor, edit::measure::post_edit_measure),
        R::get("/plans/{slug}/measures/{measure}/targets", PlanEditor, edit::target::get_targets),
        R::post("/plans/{slug}/measures/{measure}/targets", PlanEditor, edit::target::post_target),
        R::get("/plans/{slug}/measures/{measure}/targets/{target}/edit", PlanEditor, edit::target::get_edit_target),
        R::post("/plans/{slug}/measures/{measure}/targets/{target}/edit", PlanEditor, edit::target::post_edit_target),
        R::post(
            "/plans/{slug}/measures/{measure}/targets/{target}/delete",
            PlanEditor,
            edit::target::post_delete_target,
        ),
        R::get("/plans/{slug}/measures/{measure}/template.csv", PlanMember, measure::get_template),
        R::get("/plans/{slug}/measures/{measure}/template.xlsx", PlanMember, measure::get_template_xlsx),
        R::get("/plans/{slug}/measures/{measure}/import", PlanEditor, edit::figures_file::get_import),
        R::post("/plans/{slug}/measures/{measure}/import", PlanEditor, edit::figures_file::post_import)
            .limit(edit::figures_file::MAX_UPLOAD),
        R::get("/plans/{slug}/measures/{measure}/import/{upload}", PlanEditor, edit::figures_file::get_preview),
        R::post("/plans/{slug}/measures/{measure}/import/{upload}", PlanEditor, edit::figures_file::post_confirm),
        R::post("/plans/{slug}/measures/{measure}/import/{upload}/cancel", PlanEditor, edit::figures_file::post_cancel),
        R::get("/plans/{slug}/measures/{measure}/figures/new", PlanEditor, edit::figure::get_new_figure),
        R::post("/plans/{slug}/measures/{measure}/figures/new", PlanEditor, edit::figure::post_new_figure),
        // The plan's settings and short lists
        R::get("/plans/{slug}/settings", PlanEditor, edit::settings::get_settings),
        R::get("/plans/{slug}/settings/plan", PlanEditor, edit::settings::get_plan_settings),
        R::post("/plans/{slug}/settings/plan", PlanEditor, edit::settings::post_plan_settings),
        R::get("/plans/{slug}/settings/partnership", PlanAdmin, edit::settings::get_partnership_settings),
        R::post("/plans/{slug}/settings/partnership", PlanAdmin, edit::settings::post_partnership_settings),
        R::get("/plans/{slug}/comparators", PlanAdmin, edit::comparators::get_comparators),
        R::post("/plans/{slug}/comparators/defaults", PlanAdmin, edit::comparators::post_default),
        R::get("/plans/{slug}/comparators/new", PlanAdmin, edit::comparators::get_new_group),
        R::post("/plans/{slug}/comparators/new", PlanAdmin, edit::comparators::post_new_group),
        R::get("/plans/{slug}/comparators/{comparator}/edit", PlanAdmin, edit::comparators::get_edit_group),
        R::post("/plans/{slug}/comparators/{comparator}/edit", PlanAdmin, edit::comparators::post_edit_group),
        R::get("/plans/{slug}/comparators/{comparator}/delete", PlanAdmin, edit::comparators::get_delete_group),
        R::post("/plans/{slug}/comparators/{comparator}/delete", PlanAdmin, edit::comparators::post_delete_group),
        R::post("/plans/{slug}/lists/{kind}/defaults", ListEditor, edit::lists::post_jargon_defaults),
        R::get("/plans/{slug}/lists/{kind}", ListEditor, edit::lists::get_list),
        R::get("/plans/{slug}/lists/{kind}/new", ListEditor, edit::lists::get_new),
        R::post("/plans/{slug}/lists/{kind}/new", ListEditor, edit::lists::post_new),
        R::get("/plans/{slug}/lists/{kind}/{entry}/edit", ListEditor, edit::lists::get_edit),
        R::post("/plans/{slug}/lists/{kind}/{entry}/edit", ListEditor, edit::lists::post_edit),
        R::get("/plans/{slug}/lists/{kind}/{entry}/delete", ListEditor, edit::lists::get_delete),
        R::post("/plans/{slug}/lists/{kind}/{entry}/delete", ListEditor, edit::lists::post_delete),
        // The plan's items and actions
        R::get("/plans/{slug}/items/new", PlanEditor, edit::item::get_new_item),
        R::post("/plans/{slug}/items/new", PlanEditor, edit::item::post_new_item),
        R::get("/plans/{slug}/items/{item}/edit", Updater, edit::item::get_edit_item),
        R::post("/plans/{slug}/items/{item}/edit", Updater, edit::item::post_edit_item),
        R::get("/plans/{slug}/items/{item}/measures", PlanEditor, edit::links::get_links),
        R::post("/plans/{slug}/items/{item}/measures", PlanEditor, edit::links::post_links),
        R::get("/plans/{slug}/items/{item}/move", PlanEditor, edit::tree::get_move_item),
        R::post("/plans/{slug}/items/{item}/move", PlanEditor, edit::tree::post_move_item),
        R::get("/plans/{slug}/items/{item}/delete", PlanEditor, edit::tree::get_delete_item),
        R::post("/plans/{slug}/items/{item}/delete", PlanEditor, edit::tree::post_delete_item),
        R::get("/plans/{slug}/items/{item}/actions/new", PlanEditor, edit::action::get_new_action),
        R::post("/plans/{slug}/items/{item}/actions/new", PlanEditor, edit::action::post_new_action),
        R::get("/plans/{slug}/actions/{action}/edit", Updater, edit::action::get_edit_action),
        R::post("/plans/{slug}/actions/{action}/edit", Updater, edit::action::post_edit_action),
        R::get("/plans/{slug}/actions/{action}/milestones", Updater, edit::milestone::get_milestones),
        R::post("/plans/{slug}/actions/{action}/milestones", Updater, edit::milestone::post_milestone),
        R::get(
            "/plans/{slug}/actions/{action}/milestones/{milestone}/edit",
            Updater,
            edit::milestone::get_edit_milestone,
        ),
        R::post(
            "/plans/{slug}/actions/{action}/milestones/{milestone}/edit",
            Updater,
            edit::milestone::post_edit_milestone,
        ),
        R::post("/plans/{slug}/actions/{action}/milestones/{milestone}/done", Updater, edit::milestone::post_done),
        R::post(
            "/plans/{slug}/actions/{action}/milestones/{milestone}/delete",
            Updater,
            edit::milestone::post_delete_milestone,
        ),
        R::get("/plans/{slug}/actions/{action}/delete", PlanEditor, edit::tree::get_delete_action),
        R::post("/plans/{slug}/actions/{action}/delete", PlanEditor, edit::tree::post_delete_action),
        // The published plan site, for everyone
        R::get("/p/{partnership}/{plan}", Anyone, public::home::get_home),
        R::get("/p/{partnership}/{plan}/on-a-page", Anyone, public::on_a_page::get_on_a_page),
        R::get("/p/{partnership}/{plan}/progress", Anyone, public::progress::get_progress),
        R::get("/p/{partnership}/{plan}/you-said-we-did", Anyone, public::you_said::get_you_said),
        R::get("/p/{partnership}/{plan}/easy-read", Anyone, public::easy_read::get_easy_read),
        R::get("/p/{partnership}/{plan}/easy-read.pdf", Anyone, public::easy_read::get_easy_read_pdf),
        R::get("/p/{partnership}/{plan}/items/{item}", Anyone, public::item::get_item),
        R::get("/p/{partnership}/{plan}/glossary", Anyone, public::glossary::get_glossary),
        R::get("/p/{partnership}/{plan}/downloads/{file}", Anyone, download::get_public_download),
        R::get("/p/{partnership}/{plan}/measures/{measure}", Anyone, measure::get_public_measure),
    ]
}

/// The routes of [`routes`], with any other address answered by the page-not-found page.
pub fn router() -> Router<AppState> {
    routes()
        .into_iter()
        .fold(Router::new(), |router, route| router.route(route.path, route.handler))
        .fallback(not_found)
}
