//! The cypp plan model: everything a children's partnership writes, measures and reports,
//! as plain values with their validation rules.
//!
//! This crate does no I/O and knows nothing of databases, HTTP or files. Its types serialise
//! to the `cypp-plan` JSON interchange format (see [`plan_file`]), so the same values flow
//! from an import through the store to the web pages and the exports.

pub mod action;
pub mod audit;
pub mod identity;
pub mod ids;
pub mod item;
pub mod measure;
pub mod partnership;
pub mod period;
pub mod plain;
pub mod plan;
pub mod plan_file;
pub mod revision;
pub mod round;
pub mod user;
pub mod validate;

pub use action::{Action, ActionStatus, Lead, Milestone};
pub use audit::{AuditAction, AuditEvent};
pub use identity::Identities;
pub use ids::*;
pub use item::{FinanceLine, PlanItem, Reference, ReferenceKind, Risk, RiskStatus, SuccessStatement};
pub use measure::{
    Baseline, ComparatorSeries, ConfidenceInterval, DataPoint, Direction, Frequency, Measure, OutcomeCategory, Ranking,
    Reading, SpcSettings, Standing, Symbol, Target, TargetKind, Unit,
};
pub use partnership::{
    Board, ComparatorGroup, ComparatorKind, JargonWord, Organisation, OrganisationKind, Partnership,
};
pub use period::{Period, PeriodError, PeriodType, PlanPeriod};
pub use plan::{GlossaryTerm, Plan, PlanStatus, Principle, PrincipleKind, Section, SectionKind, StatusChange, Theme};
pub use plan_file::{PlanFile, RevisionContent};
pub use round::{
    Ask, Change, CommitteeReport, CommitteeText, CommitteeVersion, Link, PublicSummary, Rag, Review, Round,
    RoundStatus, Update, UpdateStatus, UpdateVersion,
};
pub use user::{Email, Role, User};
pub use validate::{Problem, Problems};
