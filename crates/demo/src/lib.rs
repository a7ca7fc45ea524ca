//! The demonstration partnership: Kelderby, a fictional metropolitan borough in the North West,
//! and its Children and Young People's Plan 2024-27, written for cypp and structured like the
//! real plans it learns from (outcomes, then priorities; why it matters, key priority, what
//! children and young people asked for, actions with leads, how we will know, KPIs).
//!
//! Everything is deterministic: ids are derived from names and the data from formulas, so the
//! demonstration exports to the same bytes every time.

mod measures;
pub mod national;
mod people;
mod plan;
mod rounds;

use cypp_domain::{PlanFile, Role};

pub use people::DemoUser;

/// The demonstration plan's slug.
pub const PLAN_SLUG: &str = "kelderby-cypp-2024-27";

/// The whole demonstration plan as a plan file.
pub fn plan_file() -> PlanFile {
    let partnership = people::partnership();
    let measures = measures::measures(&partnership);
    let earlier = plan::revision(&partnership, 1);
    let current = plan::revision(&partnership, 2);
    let rounds = rounds::rounds(&current);
    PlanFile::new(partnership, current, vec![earlier], measures, rounds)
}

/// The people who can sign in to the demonstration, one for each kind of user.
pub fn users() -> Vec<DemoUser> {
    people::users()
}

/// Whether a role is represented among the demonstration users.
pub fn has_role(role: Role) -> bool {
    users().iter().any(|u| u.role == role)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_actions(items: &[cypp_domain::PlanItem]) -> usize {
        items.iter().flat_map(|i| i.walk()).map(|(_, i)| i.actions.len()).sum()
    }

    #[test]
    fn the_demonstration_plan_is_valid() {
        let file = plan_file();
        let problems = file.validate();
        assert!(problems.is_empty(), "{problems}");
    }

    #[test]
    fn the_demonstration_plan_is_as_big_as_the_foundation_issue_asks() {
        let file = plan_file();
        assert!(file.items.len() >= 3, "outcomes");
        let priorities: usize = file.items.iter().map(|o| o.items.len()).sum();
        assert!(priorities >= 8, "priorities: {priorities}");
        assert!(count_actions(&file.items) >= 40, "actions: {}", count_actions(&file.items));
        assert!(file.measures.len() >= 25, "measures: {}", file.measures.len());
        assert!(file.glossary.len() >= 25, "glossary: {}", file.glossary.len());
        assert_eq!(file.rounds.len(), 2);
        assert!(file.rounds.iter().all(|r| !r.updates.is_empty()));
        for role in [Role::Admin, Role::Lead, Role::Viewer] {
            assert!(has_role(role), "{role}");
        }
    }

    #[test]
    fn measures_cover_every_unit_and_period_type_with_five_years_of_data() {
        use cypp_domain::{PeriodType, Unit};
        let file = plan_file();
        for unit in Unit::ALL {
            assert!(file.measures.iter().any(|m| m.unit == unit), "no measure in {unit:?}");
        }
        for kind in PeriodType::ALL {
            assert!(file.measures.iter().any(|m| m.period_type == kind), "no measure by {kind:?}");
        }
        for m in &file.measures {
            let (Some(first), Some(last)) = (m.data.iter().min_by_key(|d| d.period), m.latest()) else {
                panic!("{} has no data", m.slug);
            };
            let years = (last.period.end() - first.period.start()).num_days() as f64 / 365.25;
            assert!(years >= 4.9, "{} spans {years:.1} years", m.slug);
        }
        let kinds: Vec<_> = file.partnership.comparator_groups.iter().map(|c| c.kind).collect();
        assert!(file.measures.iter().filter(|m| m.comparators.len() == kinds.len()).count() >= 15);
    }

    #[test]
    fn some_actions_are_overdue_and_some_done() {
        let file = plan_file();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
        let actions: Vec<_> = file.items.iter().flat_map(|i| i.walk()).flat_map(|(_, i)| i.actions.iter()).collect();
        assert!(actions.iter().filter(|a| a.is_overdue(today)).count() >= 3);
        assert!(actions.iter().filter(|a| a.status == cypp_domain::ActionStatus::Done).count() >= 5);
        assert!(actions.iter().all(|a| a.lead.is_some() && a.due_date.is_some()));
    }

    #[test]
    fn the_demonstration_is_the_same_every_time() {
        assert_eq!(plan_file().to_json(), plan_file().to_json());
    }

    /// The public edition of a plan being refreshed: the published revision, its measures
    /// only, every hidden figure as "c" with nothing left to work it out from, no rounds.
    #[test]
    fn the_public_edition_holds_only_what_the_public_may_see() {
        use cypp_domain::*;
        let mut file = plan_file();
        file.plan.status = PlanStatus::Draft;
        file.earlier_revisions[0].plan.status = PlanStatus::Published;
        let mut added =
            Measure::new(MeasureId::new(), "added", "Added in the refresh", Unit::Count, PeriodType::FinancialYear);
        added.since_revision = Some(2);
        file.measures.push(added);
        let Some(index) = file.measures.iter().position(|m| m.suppress_small_numbers && m.unit == Unit::Percent) else {
            panic!("the demonstration has a percentage that suppresses small numbers");
        };
        let measure = &mut file.measures[index];
        let Some(point) = measure.data.iter_mut().find(|p| p.denominator.is_some()) else {
            panic!("a figure with its count and total");
        };
        let total = point.denominator.unwrap_or_default();
        point.numerator = Some(total - 2.0);
        point.value = Reading::Number(99.0);
        let hidden_period = point.period;
        measure.baseline = Some(Baseline { period: hidden_period, value: 99.0, note: None });

        let Some(public) = file.public_edition() else { panic!("revision 1 is published") };
        assert_eq!(public.plan.revision, 1);
        assert_eq!(public.items, file.earlier_revisions[0].items);
        assert!(public.earlier_revisions.is_empty());
        // Of the rounds, only the updates put on the public site, without the leads' own words.
        let updates: Vec<&Update> = public.rounds.iter().flat_map(|r| &r.updates).collect();
        assert!(!updates.is_empty(), "the demo's Q1 is public");
        assert!(updates.iter().all(|u| u.public.is_some() && u.working_well.is_none() && u.worried_about.is_none()));
        assert!(updates.iter().all(|u| u.author.is_empty() && u.author_email.is_none()));
        assert!(updates.iter().all(|u| u.public.as_ref().is_some_and(|p| p.by.is_empty())), "nor the admin's email");
        assert!(updates.iter().all(|u| u.versions.is_empty() && u.review.is_none() && u.evidence.is_empty()));
        assert!(public.rounds.iter().all(|r| r.report.is_none()), "the committee's text is not public");
        assert!(public.measures.iter().all(|m| m.slug != "added"), "the draft's measure is left out");
        assert_eq!(public.measures.len(), file.measures.len() - 1);
        let shown = &public.measures[index];
        let Some(point) = shown.data.iter().find(|p| p.period == hidden_period) else { panic!("the period is kept") };
        assert_eq!(point.value, Reading::Symbol(Symbol::Suppressed));
        assert!(
            point.numerator.is_none() && point.denominator.is_none() && point.ci.is_none() && point.ci_998.is_none()
        );
        assert!(shown.baseline.is_none(), "a baseline that is a hidden figure is hidden too");
        // Figures that may be shown are untouched.
        let kept = shown.data.iter().filter(|p| p.value.number().is_some()).count();
        assert_eq!(kept, file.measures[index].data.len() - 1);

        // Nothing published: no public edition.
        file.earlier_revisions[0].plan.status = PlanStatus::Draft;
        assert!(file.public_edition().is_none());
    }
}
