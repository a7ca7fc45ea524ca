//! Kelderby's measures: 27 key performance indicators across every unit and period type, each
//! with at least five years of figures for Kelderby, England, the North West and Kelderby's
//! statistical neighbours. The figures are made up by formula, shaped like the real ones
//! (levels and trends of the published national series), with a little noise.

use cypp_analytics::interval::Confidence;
use cypp_domain::*;

use crate::people::comparator;

/// How one measure is made.
struct Spec {
    slug: &'static str,
    name: &'static str,
    definition: &'static str,
    unit: Unit,
    decimals: u8,
    direction: Direction,
    frequency: Frequency,
    period_type: PeriodType,
    source: &'static str,
    category: OutcomeCategory,
    /// Kelderby's value in the first period, the change per year, and the size of the noise.
    start: f64,
    trend: f64,
    noise: f64,
    /// England's value in the first period and its change per year; None for local-only measures.
    england: Option<(f64, f64)>,
    /// A denominator for percentages, to give numerators (and for small ones, suppression).
    cohort: Option<f64>,
    target: TargetSpec,
    tolerance: Option<f64>,
}

enum TargetSpec {
    None,
    /// Absolute targets for the periods of the plan.
    Values(&'static [(&'static str, f64)]),
    /// A change from the baseline, in percent, for one period.
    FromBaseline(&'static str, f64),
    /// Close this share of the gap to England by this period.
    CloseGapToEngland(&'static str, f64),
}

use Direction::*;
use Frequency::*;
use OutcomeCategory::*;
use PeriodType as P;

const SPECS: &[Spec] = &[
    Spec {
        slug: "early-help-assessments",
        name: "Early help assessments started",
        definition: "Early help assessments started in the month by any partner, recorded on the early help system.",
        unit: Unit::Count,
        decimals: 0,
        direction: Neither,
        frequency: Monthly,
        period_type: P::Month,
        source: "Kelderby early help system",
        category: HowMuch,
        start: 142.0,
        trend: 6.0,
        noise: 18.0,
        england: None,
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "referrals-rate",
        name: "Referrals to children's social care per 10,000 children",
        definition: "Referrals received in the year per 10,000 children aged under 18.",
        unit: Unit::RatePer10000,
        decimals: 1,
        direction: Neither,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children in need census",
        category: HowMuch,
        start: 612.0,
        trend: -12.0,
        noise: 20.0,
        england: Some((534.8, -2.0)),
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "re-referrals",
        name: "Re-referrals within 12 months",
        definition: "Referrals in the year that were within 12 months of a previous referral, as a percentage of all referrals.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children in need census",
        category: HowWell,
        start: 24.9,
        trend: -0.7,
        noise: 0.8,
        england: Some((22.6, -0.1)),
        cohort: Some(3400.0),
        target: TargetSpec::Values(&[("2024-25", 21.5), ("2025-26", 20.5), ("2026-27", 19.5)]),
        tolerance: Some(1.5),
    },
    Spec {
        slug: "cpp-rate",
        name: "Children subject to a child protection plan per 10,000 children",
        definition: "Children subject to a child protection plan at 31 March per 10,000 children aged under 18.",
        unit: Unit::RatePer10000,
        decimals: 1,
        direction: Neither,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children in need census",
        category: HowMuch,
        start: 58.3,
        trend: -1.9,
        noise: 2.1,
        england: Some((43.7, -0.9)),
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "cpp-repeat",
        name: "Child protection plans that were a second or later plan",
        definition: "Child protection plans starting in the year for a child who had been subject to a plan before, as a percentage of all plans starting.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Characteristics of children in need",
        category: BetterOff,
        start: 26.1,
        trend: -0.9,
        noise: 1.2,
        england: Some((21.9, 0.2)),
        cohort: Some(390.0),
        target: TargetSpec::Values(&[("2024-25", 22.0), ("2025-26", 21.0), ("2026-27", 20.0)]),
        tolerance: Some(2.0),
    },
    Spec {
        slug: "cla-rate",
        name: "Children we care for per 10,000 children",
        definition: "Children looked after at 31 March per 10,000 children aged under 18.",
        unit: Unit::RatePer10000,
        decimals: 0,
        direction: Neither,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children looked after in England (SSDA903)",
        category: HowMuch,
        start: 104.0,
        trend: 1.6,
        noise: 2.5,
        england: Some((67.0, 0.6)),
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "placement-stability",
        name: "Children we care for with three or more placements in the year",
        definition: "Children looked after at 31 March with three or more placements during the year, as a percentage of all children looked after.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children looked after in England (SSDA903)",
        category: HowWell,
        start: 11.8,
        trend: -0.4,
        noise: 0.7,
        england: Some((10.1, -0.1)),
        cohort: Some(610.0),
        target: TargetSpec::Values(&[("2025-26", 9.5), ("2026-27", 9.0)]),
        tolerance: Some(1.0),
    },
    Spec {
        slug: "care-leavers-eet",
        name: "Care leavers aged 19 to 21 in education, employment or training",
        definition: "Care leavers aged 19, 20 or 21 whose activity was education, employment or training on or around their birthday, as a percentage of those the council is in touch with.",
        unit: Unit::Percent,
        decimals: 0,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "DfE Children looked after in England (SSDA903)",
        category: BetterOff,
        start: 49.0,
        trend: 1.8,
        noise: 2.5,
        england: Some((52.0, 0.8)),
        cohort: Some(180.0),
        target: TargetSpec::CloseGapToEngland("2026-27", 100.0),
        tolerance: Some(3.0),
    },
    Spec {
        slug: "exploitation-screenings",
        name: "Young people screened for exploitation",
        definition: "Young people aged 10 to 17 screened with the exploitation screening tool in the quarter.",
        unit: Unit::Count,
        decimals: 0,
        direction: Neither,
        frequency: Quarterly,
        period_type: P::Quarter,
        source: "Kelderby exploitation hub",
        category: HowMuch,
        start: 38.0,
        trend: 5.0,
        noise: 6.0,
        england: None,
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "smoking-at-delivery",
        name: "Mothers smoking at the time of delivery",
        definition: "Maternities where the mother was a smoker at the time of delivery, as a percentage of maternities with known smoking status.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "OHID Fingertips: Smoking status at time of delivery",
        category: BetterOff,
        start: 14.6,
        trend: -0.9,
        noise: 0.5,
        england: Some((10.4, -0.6)),
        cohort: Some(3350.0),
        target: TargetSpec::Values(&[("2024-25", 9.5), ("2025-26", 8.5), ("2026-27", 7.5)]),
        tolerance: Some(1.0),
    },
    Spec {
        slug: "breastfeeding-6-8-weeks",
        name: "Babies breastfed at 6 to 8 weeks",
        definition: "Infants totally or partially breastfed at their 6 to 8 week review, as a percentage of infants due a review.",
        unit: Unit::Percent,
        decimals: 1,
        direction: HigherIsBetter,
        frequency: Quarterly,
        period_type: P::Quarter,
        source: "OHID Child and maternal health: breastfeeding at 6 to 8 weeks",
        category: BetterOff,
        start: 34.2,
        trend: 1.1,
        noise: 1.4,
        england: Some((47.6, 0.4)),
        cohort: Some(820.0),
        target: TargetSpec::Values(&[("2025-26 Q4", 40.0), ("2026-27 Q4", 42.0)]),
        tolerance: Some(2.0),
    },
    Spec {
        slug: "good-level-of-development",
        name: "Children with a good level of development at the end of reception",
        definition: "Children at the end of the Early Years Foundation Stage reaching the expected level in the prime areas and in literacy and mathematics.",
        unit: Unit::Percent,
        decimals: 1,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::AcademicYear,
        source: "DfE Early years foundation stage profile results",
        category: BetterOff,
        start: 68.1,
        trend: 0.6,
        noise: 0.8,
        england: Some((71.8, 0.3)),
        cohort: Some(3300.0),
        target: TargetSpec::CloseGapToEngland("2025/26", 50.0),
        tolerance: Some(1.5),
    },
    Spec {
        slug: "self-harm-admissions",
        name: "Hospital admissions for self-harm, aged 10 to 24, per 100,000",
        definition: "Emergency hospital admissions for intentional self-harm of people aged 10 to 24, per 100,000 population.",
        unit: Unit::RatePer100000,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "OHID Fingertips: Hospital admissions as a result of self-harm (10-24 years)",
        category: BetterOff,
        start: 612.4,
        trend: -18.0,
        noise: 25.0,
        england: Some((439.2, -8.0)),
        cohort: Some(61000.0),
        target: TargetSpec::FromBaseline("2026-27", -25.0),
        tolerance: Some(30.0),
    },
    Spec {
        slug: "mental-health-wait",
        name: "Average wait from referral to second contact, children's mental health services",
        definition: "Mean weeks from referral to the second contact with the children and young people's mental health service, for children whose second contact was in the month.",
        unit: Unit::Weeks,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Monthly,
        period_type: P::Month,
        source: "Kelderby Community Health NHS Trust",
        category: HowWell,
        start: 17.5,
        trend: -1.2,
        noise: 1.3,
        england: None,
        cohort: None,
        target: TargetSpec::Values(&[("March 2026", 12.0), ("March 2027", 10.0)]),
        tolerance: Some(1.5),
    },
    Spec {
        slug: "excess-weight-year-6",
        name: "Year 6 children living with excess weight",
        definition: "Children in Year 6 measured as overweight or living with obesity by the National Child Measurement Programme.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::AcademicYear,
        source: "NHS England National Child Measurement Programme",
        category: BetterOff,
        start: 37.9,
        trend: 0.1,
        noise: 0.7,
        england: Some((35.2, 0.1)),
        cohort: Some(3150.0),
        target: TargetSpec::Values(&[("2024/25", 37.0), ("2025/26", 36.5)]),
        tolerance: Some(1.0),
    },
    Spec {
        slug: "under-18-conceptions",
        name: "Under-18 conceptions per 1,000 young women aged 15 to 17",
        definition: "Conceptions to women aged under 18 per 1,000 women aged 15 to 17, pooled over three years.",
        unit: Unit::RatePer1000,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::MultiYear,
        source: "ONS Conceptions statistics",
        category: BetterOff,
        start: 24.8,
        trend: -1.3,
        noise: 0.5,
        england: Some((17.8, -0.8)),
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "tooth-decay-age-5",
        name: "Five-year-olds with visible tooth decay",
        definition: "Five-year-old children with experience of visibly obvious dental decay, from the oral health survey.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Occasionally,
        period_type: P::CalendarYear,
        source: "OHID National Dental Epidemiology Programme",
        category: BetterOff,
        start: 33.7,
        trend: -0.7,
        noise: 0.9,
        england: Some((23.3, -0.1)),
        cohort: Some(640.0),
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "persistent-absence",
        name: "Pupils persistently absent",
        definition: "Pupils in state-funded schools missing 10% or more of their possible sessions in the term.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Termly,
        period_type: P::Term,
        source: "DfE Pupil absence in schools in England",
        category: HowWell,
        start: 14.2,
        trend: 0.3,
        noise: 1.6,
        england: Some((12.1, 0.2)),
        cohort: Some(39000.0),
        target: TargetSpec::Values(&[("2025/26 autumn", 17.0), ("2025/26 summer", 16.0)]),
        tolerance: Some(1.0),
    },
    Spec {
        slug: "ks2-expected-standard",
        name: "Pupils meeting the expected standard in reading, writing and maths at key stage 2",
        definition: "Pupils at the end of key stage 2 meeting the expected standard in reading, writing and mathematics combined.",
        unit: Unit::Percent,
        decimals: 0,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::AcademicYear,
        source: "DfE Key stage 2 attainment",
        category: BetterOff,
        start: 62.0,
        trend: -0.5,
        noise: 1.0,
        england: Some((65.0, -0.6)),
        cohort: Some(3350.0),
        target: TargetSpec::Values(&[("2024/25", 61.0), ("2025/26", 62.0)]),
        tolerance: Some(2.0),
    },
    Spec {
        slug: "attainment-8",
        name: "Average Attainment 8 score",
        definition: "The average Attainment 8 score of pupils at the end of key stage 4.",
        unit: Unit::Score,
        decimals: 1,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::AcademicYear,
        source: "DfE Key stage 4 performance",
        category: BetterOff,
        start: 44.1,
        trend: 0.3,
        noise: 0.6,
        england: Some((46.7, 0.2)),
        cohort: None,
        target: TargetSpec::Values(&[("2024/25", 45.5), ("2025/26", 46.0)]),
        tolerance: Some(0.8),
    },
    Spec {
        slug: "ehcp-within-20-weeks",
        name: "Education, health and care plans issued within 20 weeks",
        definition: "New EHC plans issued within 20 weeks of the request, excluding exceptions, as a percentage of all new plans in the calendar year.",
        unit: Unit::Percent,
        decimals: 1,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::CalendarYear,
        source: "DfE Education, health and care plans (SEN2)",
        category: HowWell,
        start: 39.5,
        trend: 3.5,
        noise: 4.0,
        england: Some((58.0, -1.5)),
        cohort: Some(420.0),
        target: TargetSpec::Values(&[("2025", 60.0), ("2026", 70.0)]),
        tolerance: Some(5.0),
    },
    Spec {
        slug: "ehcp-count",
        name: "Children and young people with an education, health and care plan",
        definition: "Children and young people aged 0 to 25 with an EHC plan maintained by the council in January.",
        unit: Unit::Count,
        decimals: 0,
        direction: Neither,
        frequency: Annually,
        period_type: P::CalendarYear,
        source: "DfE Education, health and care plans (SEN2)",
        category: HowMuch,
        start: 1710.0,
        trend: 190.0,
        noise: 25.0,
        england: None,
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "neet-16-17",
        name: "16 and 17 year olds not in education, employment or training, or not known",
        definition: "Young people aged 16 and 17 who are NEET or whose activity is not known, December to February average.",
        unit: Unit::Percent,
        decimals: 1,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::CalendarYear,
        source: "DfE NEET and participation (NCCIS)",
        category: BetterOff,
        start: 7.9,
        trend: -0.3,
        noise: 0.4,
        england: Some((5.5, 0.0)),
        cohort: Some(6900.0),
        target: TargetSpec::Values(&[("2025", 5.8), ("2026", 5.5)]),
        tolerance: Some(0.5),
    },
    Spec {
        slug: "first-time-entrants",
        name: "First-time entrants to the youth justice system per 100,000",
        definition: "Young people aged 10 to 17 receiving their first youth caution or conviction, per 100,000 aged 10 to 17.",
        unit: Unit::RatePer100000,
        decimals: 0,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::CalendarYear,
        source: "Youth Justice Board / Police National Computer",
        category: BetterOff,
        start: 262.0,
        trend: -14.0,
        noise: 12.0,
        england: Some((208.0, -9.0)),
        cohort: Some(24000.0),
        target: TargetSpec::Values(&[("2025", 150.0), ("2026", 140.0)]),
        tolerance: Some(15.0),
    },
    Spec {
        slug: "adoption-days",
        name: "Average days from entering care to moving in with an adoptive family",
        definition: "For children adopted, the average number of days between entering care and moving in with their adoptive family, over three years.",
        unit: Unit::Days,
        decimals: 0,
        direction: LowerIsBetter,
        frequency: Annually,
        period_type: P::MultiYear,
        source: "DfE Adoption scorecards",
        category: HowWell,
        start: 498.0,
        trend: -11.0,
        noise: 9.0,
        england: Some((486.0, -3.0)),
        cohort: None,
        target: TargetSpec::None,
        tolerance: None,
    },
    Spec {
        slug: "funded-two-year-olds",
        name: "Eligible two-year-olds taking up funded early education",
        definition: "Two-year-olds benefiting from funded early education as a percentage of those eligible, in January.",
        unit: Unit::Percent,
        decimals: 0,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::CalendarYear,
        source: "DfE Education provision: children under 5 years of age",
        category: HowWell,
        start: 68.0,
        trend: 1.4,
        noise: 1.5,
        england: Some((72.0, 0.5)),
        cohort: Some(1250.0),
        target: TargetSpec::Values(&[("2025", 78.0), ("2026", 80.0)]),
        tolerance: Some(2.0),
    },
    Spec {
        slug: "young-carers-identified",
        name: "Young carers identified and offered support",
        definition: "Young carers identified by schools and partners and offered a young carers' assessment in the year.",
        unit: Unit::Count,
        decimals: 0,
        direction: HigherIsBetter,
        frequency: Annually,
        period_type: P::FinancialYear,
        source: "Kelderby Young Carers Service",
        category: HowMuch,
        start: 212.0,
        trend: 34.0,
        noise: 14.0,
        england: None,
        cohort: None,
        target: TargetSpec::Values(&[("2025-26", 420.0), ("2026-27", 480.0)]),
        tolerance: Some(30.0),
    },
];

/// The periods each type of measure has figures for: at least five years, to the latest
/// period published by November 2026.
fn periods(kind: PeriodType) -> Vec<Period> {
    match kind {
        P::Month => (0..60)
            .map(|i| {
                let m = 10 + i; // November 2021 is month 10 counting from January 2021.
                Period::Month { year: 2021 + m / 12, month: (m % 12) as u32 + 1 }
            })
            .collect(),
        P::Quarter => {
            (0..20).map(|i| Period::Quarter { year: 2021 + (i + 2) / 4, quarter: ((i + 2) % 4) as u32 + 1 }).collect()
        }
        P::FinancialYear => (2019..=2025).map(|year| Period::FinancialYear { year }).collect(),
        P::AcademicYear => (2018..=2024).map(|year| Period::AcademicYear { year }).collect(),
        P::CalendarYear => (2019..=2025).map(|year| Period::CalendarYear { year }).collect(),
        P::Term => (2020..=2025)
            .flat_map(|year| {
                use cypp_domain::period::Term::*;
                [Autumn, Spring, Summer].map(move |term| Period::Term { year, term })
            })
            .filter(|p| p.end() <= chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap_or_default())
            .collect(),
        P::MultiYear => (2015..=2022).map(|first| Period::MultiYear { first, last: first + 2 }).collect(),
    }
}

/// Deterministic noise in [-1, 1] from a name and an index.
fn noise(seed: &str, i: usize) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain(i.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % 20_001) as f64 / 10_000.0 - 1.0
}

fn round_to(value: f64, decimals: u8) -> f64 {
    let f = 10f64.powi(i32::from(decimals));
    (value * f).round() / f
}

fn per_year(kind: PeriodType) -> f64 {
    match kind {
        P::Month => 12.0,
        P::Quarter => 4.0,
        P::Term => 3.0,
        _ => 1.0,
    }
}

/// A series: `start` moving by `trend` a year, with noise; terms also swing by season.
fn series(spec: &Spec, seed: &str, start: f64, trend: f64, noise_size: f64, own: bool) -> Vec<DataPoint> {
    let periods = periods(spec.period_type);
    let last = periods.len().saturating_sub(1);
    periods
        .into_iter()
        .enumerate()
        .map(|(i, period)| {
            let years = i as f64 / per_year(spec.period_type);
            let seasonal = match period {
                Period::Term { term: cypp_domain::period::Term::Spring, .. } => 1.8,
                Period::Term { term: cypp_domain::period::Term::Summer, .. } => 2.6,
                _ => 0.0,
            };
            let mut value = start + trend * years + seasonal + noise_size * noise(seed, i);
            if spec.unit == Unit::Percent {
                value = value.clamp(0.0, 100.0);
            }
            value = round_to(value.max(0.0), if spec.unit == Unit::Count { 0 } else { spec.decimals });
            let mut point = DataPoint::new(period, value);
            if own {
                if let (Some(cohort), Unit::Percent) = (spec.cohort, spec.unit) {
                    let denominator = (cohort * (1.0 + 0.03 * noise(seed, i + 100))).round();
                    let numerator = (value / 100.0 * denominator).round();
                    point.numerator = Some(numerator);
                    point.denominator = Some(denominator);
                    point.value = Reading::Number(round_to(100.0 * numerator / denominator, spec.decimals));
                    if spec.source.starts_with("OHID") {
                        point.ci = wilson(numerator, denominator, Confidence::P95);
                        point.ci_998 = wilson(numerator, denominator, Confidence::P998);
                    } else {
                        // The DfE publishes the counts without intervals: cypp computes them,
                        // as it does for any file that gives the counts.
                        point.compute_intervals(Unit::Percent);
                    }
                }
                if i == last && matches!(spec.frequency, Monthly | Quarterly) {
                    point.provisional = true;
                    point.note = Some("Provisional: may change when the data is refreshed.".into());
                }
            }
            point
        })
        .collect()
}

/// A Wilson score interval for a proportion, in percent, rounded as published.
fn wilson(numerator: f64, denominator: f64, confidence: Confidence) -> Option<ConfidenceInterval> {
    let interval = cypp_analytics::interval::wilson(numerator, denominator, 100.0, confidence).ok()?;
    Some(ConfidenceInterval {
        lower: round_to(interval.lower?, 2),
        upper: round_to(interval.upper?, 2),
        level: confidence.level() * 100.0,
    })
}

/// The SPC settings an analyst chose: the mental health service opened a single point of
/// access in April 2024, so its waiting times' limits start again there.
fn spc(spec: &Spec) -> SpcSettings {
    match spec.slug {
        "mental-health-wait" => {
            SpcSettings { rebase_at: vec![Period::Month { year: 2024, month: 4 }], ..SpcSettings::default() }
        }
        _ => SpcSettings::default(),
    }
}

fn target_period(code: &str) -> Period {
    Period::parse(code).unwrap_or(Period::FinancialYear { year: 2026 })
}

pub fn measures(partnership: &Partnership) -> Vec<Measure> {
    let _ = partnership;
    SPECS
        .iter()
        .map(|spec| {
            let mut data = series(spec, spec.slug, spec.start, spec.trend, spec.noise, true);
            apply_known_gaps(spec, &mut data);
            let baseline = data.iter().find(|d| d.value.number().is_some()).map(|d| Baseline {
                period: d.period,
                value: d.value.number().unwrap_or_default(),
                note: Some(format!("{} baseline: the position before this plan's work began", d.period.label())),
            });
            let target_id = |code: &str| TargetId::derived(&format!("{}:{code}", spec.slug));
            let targets = match spec.target {
                TargetSpec::None => vec![],
                TargetSpec::Values(values) => values
                    .iter()
                    .map(|(code, value)| Target {
                        id: target_id(code),
                        period: target_period(code),
                        kind: TargetKind::Absolute { value: *value },
                        note: None,
                    })
                    .collect(),
                TargetSpec::FromBaseline(code, change) => vec![Target {
                    id: target_id(code),
                    period: target_period(code),
                    kind: TargetKind::FromBaseline { change_percent: change },
                    note: Some(format!("A {}% reduction from the baseline", -change)),
                }],
                TargetSpec::CloseGapToEngland(code, share) => vec![Target {
                    id: target_id(code),
                    period: target_period(code),
                    kind: TargetKind::CloseGap { comparator: comparator("england"), gap_closed_percent: share },
                    note: Some(if share >= 100.0 {
                        "In line with England".into()
                    } else {
                        format!("Close {share}% of the gap to England")
                    }),
                }],
            };
            let comparators = match spec.england {
                None => vec![],
                Some((england, trend)) => {
                    let own_gap = spec.start - england;
                    let series_for = |key: &str, start: f64, noise_size: f64| {
                        let mut data = series(spec, &format!("{}:{key}", spec.slug), start, trend, noise_size, false);
                        apply_known_gaps(spec, &mut data);
                        ComparatorSeries { comparator: comparator(key), data }
                    };
                    vec![
                        series_for("england", england, spec.noise * 0.1),
                        series_for("north-west", england + own_gap * 0.45, spec.noise * 0.25),
                        series_for("statistical-neighbours", england + own_gap * 0.7, spec.noise * 0.35),
                    ]
                }
            };
            place_among_others(spec, &mut data, &comparators);
            Measure {
                id: MeasureId::derived(spec.slug),
                slug: spec.slug.into(),
                name: spec.name.into(),
                definition: Some(spec.definition.into()),
                unit: spec.unit,
                decimals: spec.decimals,
                direction: spec.direction,
                frequency: spec.frequency,
                period_type: spec.period_type,
                source: Some(spec.source.into()),
                source_url: None,
                category: Some(spec.category),
                baseline,
                targets,
                tolerance: spec.tolerance,
                suppress_small_numbers: spec.cohort.is_some_and(|c| c < 1000.0) || spec.unit == Unit::Count,
                suppression_threshold: spec.cohort.filter(|c| *c < 1000.0).map(|_| 5),
                data,
                comparators,
                spc: spc(spec),
                since_revision: None,
            }
        })
        .collect()
}

/// Yearly figures come from national files of every area, as LAIT's and the DfE's do, so each
/// has its place: among 152 made-up authorities spread about England's figure (153 with
/// Kelderby), and among Kelderby's ten neighbours spread about their average.
fn place_among_others(spec: &Spec, data: &mut [DataPoint], comparators: &[ComparatorSeries]) {
    if per_year(spec.period_type) != 1.0 {
        return;
    }
    let of = |key: &str| comparators.iter().find(|c| c.comparator == comparator(key));
    let (Some(england), Some(neighbours)) = (of("england"), of("statistical-neighbours")) else { return };
    let decimals = if spec.unit == Unit::Count { 0 } else { spec.decimals };
    let spread = (spec.start - spec.england.map_or(spec.start, |(e, _)| e)).abs().max(spec.noise) * 1.6;
    let made_up = |centre: f64, spread: f64, key: &str, i: usize| {
        let mut value = centre + spread * noise(key, i);
        if spec.unit == Unit::Percent {
            value = value.clamp(0.0, 100.0);
        }
        round_to(value.max(0.0), decimals)
    };
    for (i, point) in data.iter_mut().enumerate() {
        let Some(value) = point.value.number() else { continue };
        let at = |series: &ComparatorSeries| {
            series.data.iter().find(|d| d.period == point.period).and_then(|d| d.value.number())
        };
        let (Some(e), Some(n)) = (at(england), at(neighbours)) else { continue };
        let mut all: Vec<f64> =
            (0..152).map(|k| made_up(e, spread, &format!("{}:authority-{k}", spec.slug), i)).collect();
        all.push(value);
        let mut near: Vec<f64> =
            (0..10).map(|k| made_up(n, spread * 0.4, &format!("{}:neighbour-{k}", spec.slug), i)).collect();
        near.push(value);
        point.standing = Some(Standing {
            england: Some(Ranking::among(value, &all, true)),
            neighbours: Some(Ranking::among(value, &near, false)),
        });
    }
}

/// Real series have holes: no early years or key stage 2 results were collected during the
/// pandemic (2019/20 and 2020/21), and the official files mark them `x`, not zero.
fn apply_known_gaps(spec: &Spec, data: &mut [DataPoint]) {
    if matches!(spec.slug, "good-level-of-development" | "ks2-expected-standard") {
        for point in data.iter_mut() {
            if matches!(point.period, Period::AcademicYear { year: 2019 | 2020 }) {
                point.value = Reading::Symbol(Symbol::NotAvailable);
                point.numerator = None;
                point.denominator = None;
                point.ci = None;
                point.ci_998 = None;
                point.note = Some("Not collected during the pandemic".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_intervals_match_the_published_method() {
        // 10 of 100 at 95%: PHEindicatormethods gives 5.52 to 17.44.
        let ci = wilson(10.0, 100.0, Confidence::P95).map(|c| (c.lower, c.upper, c.level));
        assert_eq!(ci, Some((5.52, 17.44, 95.0)));
        // At 99.8% the Wilson formula, worked separately in Python, gives 3.97 to 23.01.
        let wide = wilson(10.0, 100.0, Confidence::P998).map(|c| (c.lower, c.upper, c.level));
        assert_eq!(wide, Some((3.97, 23.01, 99.8)));
    }

    #[test]
    fn monthly_and_quarterly_periods_run_to_autumn_2026() {
        let months = periods(P::Month);
        assert_eq!(months.first().map(Period::code).as_deref(), Some("November 2021"));
        assert_eq!(months.last().map(Period::code).as_deref(), Some("October 2026"));
        let quarters = periods(P::Quarter);
        assert_eq!(quarters.first().map(Period::code).as_deref(), Some("2021-22 Q3"));
        assert_eq!(quarters.last().map(Period::code).as_deref(), Some("2026-27 Q2"));
    }

    #[test]
    fn pandemic_years_are_marked_not_available_rather_than_zero() {
        let measures = measures(&crate::people::partnership());
        let ks2 = measures.iter().find(|m| m.slug == "ks2-expected-standard");
        let gaps = ks2.map(|m| m.data.iter().filter(|d| d.value == Reading::Symbol(Symbol::NotAvailable)).count());
        assert_eq!(gaps, Some(2));
    }
}
