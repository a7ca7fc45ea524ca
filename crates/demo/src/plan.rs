//! Kelderby's Children and Young People's Plan 2024-27: three outcomes, eight priorities,
//! their actions, success statements and measures, and the plan-wide parts (vision, purpose,
//! principles, cross-cutting themes, jargon buster). Revision 1 is the plan as approved in
//! March 2024; revision 2 is the refresh for 2026-27, with two new actions and progress since.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cypp_domain::*;

use crate::PLAN_SLUG;
use crate::people::{board, lead, org};

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).single().unwrap_or_default()
}

type Day = (i32, u32, u32);

struct ActionSpec {
    title: &'static str,
    lead: &'static str,
    partners: &'static [&'static str],
    start: Day,
    due: Day,
    status: ActionStatus,
    completed: Option<Day>,
    milestones: &'static [(&'static str, Day, Option<Day>)],
    /// Added at the 2026-27 refresh, so absent from revision 1.
    new_in_refresh: bool,
}

const fn act(
    title: &'static str,
    lead: &'static str,
    partners: &'static [&'static str],
    start: Day,
    due: Day,
    status: ActionStatus,
) -> ActionSpec {
    ActionSpec { title, lead, partners, start, due, status, completed: None, milestones: &[], new_in_refresh: false }
}

const fn done(
    title: &'static str,
    lead: &'static str,
    partners: &'static [&'static str],
    start: Day,
    due: Day,
    completed: Day,
) -> ActionSpec {
    ActionSpec {
        title,
        lead,
        partners,
        start,
        due,
        status: ActionStatus::Done,
        completed: Some(completed),
        milestones: &[],
        new_in_refresh: false,
    }
}

/// (title, description, likelihood, impact, owner, mitigation)
type RiskSpec = (&'static str, &'static str, u8, u8, &'static str, &'static str);
/// (description, funding source, budget, forecast, spent), in pence.
type FinanceSpec = (&'static str, &'static str, i64, Option<i64>, Option<i64>);

struct PrioritySpec {
    key: &'static str,
    title: &'static str,
    /// The title in revision 1, where the refresh reworded it.
    first_title: Option<&'static str>,
    why: &'static str,
    key_priority: &'static str,
    asked: &'static [&'static str],
    lead: &'static str,
    board: &'static str,
    measures: &'static [&'static str],
    success: &'static [(&'static str, &'static [&'static str])],
    references: &'static [(ReferenceKind, &'static str, Option<&'static str>)],
    themes: &'static [&'static str],
    actions: &'static [ActionSpec],
    risks: &'static [RiskSpec],
    finance: &'static [FinanceSpec],
}

struct OutcomeSpec {
    key: &'static str,
    title: &'static str,
    why: &'static str,
    asked: &'static [&'static str],
    board: &'static str,
    lead: &'static str,
    young_person_lead: &'static str,
    success: &'static [(&'static str, &'static [&'static str])],
    priorities: &'static [PrioritySpec],
}

use ActionStatus::*;

const OUTCOMES: &[OutcomeSpec] = &[
    OutcomeSpec {
        key: "safe",
        title: "Children and young people are safe and feel safe",
        why: "Every child has the right to grow up free from harm. Kelderby has more children on child protection plans and in our care than similar areas, and young people tell us they do not always feel safe in town centres, on buses or online. Helping families earlier, and responding well when harm happens, changes children's lives and costs less than crisis.",
        asked: &[
            "Listen to us the first time we ask for help, not the third.",
            "Make parks, buses and the town centre safer in the evening.",
            "Keep the same worker for as long as possible.",
        ],
        board: "safeguarding",
        lead: "dcs",
        young_person_lead: "Kai, Youth Council member for Kelderby North",
        success: &[
            (
                "Fewer children need a child protection plan because families get help earlier.",
                &["cpp-rate", "early-help-assessments"],
            ),
            ("Fewer children return to a child protection plan.", &["cpp-repeat"]),
        ],
        priorities: &[
            PrioritySpec {
                key: "early-help",
                title: "Help families earlier, in their own communities",
                first_title: Some("Early help for families"),
                why: "Most families who come to children's social care had asked someone for help before. Early help in family hubs, schools and health services stops problems growing, and families tell us they want help from people they already know.",
                key_priority: "Make early help everyone's business: every partner identifies families who need support, offers it quickly, and works to one shared assessment and plan.",
                asked: &[
                    "Help that feels friendly, not like being judged.",
                    "Somewhere to go after school where there is an adult to talk to.",
                ],
                lead: "early-help",
                board: "partnership",
                measures: &["early-help-assessments", "referrals-rate", "re-referrals"],
                success: &[
                    (
                        "More families are helped by early help rather than children's social care.",
                        &["early-help-assessments", "referrals-rate"],
                    ),
                    ("Fewer families are referred again within a year.", &["re-referrals"]),
                ],
                references: &[
                    (ReferenceKind::Strategy, "Kelderby Early Help Strategy 2023-26", None),
                    (
                        ReferenceKind::Inspection,
                        "Ofsted ILACS 2023, recommendation 1",
                        Some("Strengthen the consistency of early help assessments across partners."),
                    ),
                ],
                themes: &["think-family", "poverty"],
                actions: &[
                    done(
                        "Open family hubs in all four localities, with health visiting, midwifery and parenting support under one roof",
                        "early-help",
                        &["community-health", "voluntary"],
                        (2024, 4, 1),
                        (2025, 3, 31),
                        (2025, 3, 14),
                    ),
                    ActionSpec {
                        title: "Train 400 practitioners across partners in the shared early help assessment",
                        lead: "early-help",
                        partners: &["schools", "community-health", "police"],
                        start: (2024, 6, 1),
                        due: (2026, 3, 31),
                        status: OnTrack,
                        completed: None,
                        milestones: &[
                            ("Training programme agreed by the partners", (2024, 7, 31), Some((2024, 7, 25))),
                            ("200 practitioners trained", (2025, 3, 31), Some((2025, 3, 28))),
                            ("400 practitioners trained", (2026, 3, 31), Some((2026, 3, 20))),
                        ],
                        new_in_refresh: false,
                    },
                    ActionSpec {
                        title: "Launch a single front door for early help requests, alongside the multi-agency safeguarding hub",
                        lead: "early-help",
                        partners: &["police", "icb"],
                        start: (2024, 9, 1),
                        due: (2025, 9, 30),
                        status: AtRisk,
                        completed: None,
                        milestones: &[
                            ("Partners agree how the front door will work", (2024, 12, 31), Some((2024, 12, 12))),
                            ("Early help requests recorded in the shared case system", (2025, 6, 30), None),
                            ("Front door open to schools, health and the police", (2026, 9, 30), None),
                        ],
                        new_in_refresh: false,
                    },
                    act(
                        "Give every school a named early help link worker",
                        "early-help",
                        &["schools"],
                        (2025, 4, 1),
                        (2026, 7, 31),
                        OnTrack,
                    ),
                    ActionSpec {
                        title: "Offer early help in the evenings and at weekends through the voluntary sector",
                        lead: "voluntary",
                        partners: &["council"],
                        start: (2026, 4, 1),
                        due: (2027, 3, 31),
                        status: NotStarted,
                        completed: None,
                        milestones: &[],
                        new_in_refresh: true,
                    },
                ],
                risks: &[(
                    "Practitioners lack capacity to lead early help assessments",
                    "Partners report workload pressures that limit the time to lead assessments.",
                    4,
                    3,
                    "Tom Brennan",
                    "Early help coordinators support lead practitioners; training offered in short modules.",
                )],
                finance: &[
                    (
                        "Family hubs and Start for Life programme",
                        "DfE Family Hubs and Start for Life grant",
                        312_000_000,
                        Some(309_500_000),
                        Some(151_200_000),
                    ),
                    (
                        "Early help locality teams",
                        "Council base budget",
                        265_000_000,
                        Some(271_000_000),
                        Some(134_800_000),
                    ),
                ],
            },
            PrioritySpec {
                key: "neglect-exploitation",
                title: "Protect children from neglect and exploitation",
                first_title: None,
                why: "Neglect is the most common reason for a child protection plan in Kelderby. Criminal and sexual exploitation often happens outside the home, where family-based safeguarding cannot reach on its own.",
                key_priority: "Recognise neglect early using one graded care profile across all agencies, and build a contextual safeguarding response to harm outside the home.",
                asked: &[
                    "Teach us about exploitation before it happens, not after.",
                    "Do not treat us as criminals when we are being exploited.",
                ],
                lead: "exploitation",
                board: "safeguarding",
                measures: &["cpp-repeat", "exploitation-screenings"],
                success: &[
                    ("Neglect is recognised and acted on earlier.", &["cpp-repeat"]),
                    (
                        "More young people at risk of exploitation are identified and supported.",
                        &["exploitation-screenings"],
                    ),
                ],
                references: &[
                    (ReferenceKind::Strategy, "Kelderby Safeguarding Children Partnership Neglect Strategy", None),
                    (ReferenceKind::Report, "Child Safeguarding Practice Review: Child K (2023)", None),
                ],
                themes: &["voice", "trauma"],
                actions: &[
                    done(
                        "Roll out the graded care profile for neglect across all partners",
                        "safeguarding-nurse",
                        &["council", "schools", "police"],
                        (2024, 4, 1),
                        (2025, 3, 31),
                        (2025, 2, 28),
                    ),
                    ActionSpec {
                        title: "Set up a multi-agency exploitation hub with police, youth justice and children's social care",
                        lead: "exploitation",
                        partners: &["police", "youth-justice"],
                        start: (2024, 5, 1),
                        due: (2025, 6, 30),
                        status: Done,
                        completed: Some((2025, 6, 20)),
                        milestones: &[
                            ("Hub manager appointed", (2024, 9, 30), Some((2024, 10, 7))),
                            ("Hub co-located at Kelderby police station", (2025, 3, 31), Some((2025, 4, 14))),
                        ],
                        new_in_refresh: false,
                    },
                    act(
                        "Map places where young people feel unsafe, with the youth council, and act on the findings",
                        "exploitation",
                        &["police", "voluntary"],
                        (2025, 1, 1),
                        (2026, 9, 30),
                        OffTrack,
                    ),
                    act(
                        "Deliver exploitation awareness sessions in every secondary school and the college",
                        "exploitation",
                        &["schools", "college"],
                        (2024, 9, 1),
                        (2026, 7, 31),
                        OnTrack,
                    ),
                    act(
                        "Review how learning from practice reviews is shared with frontline staff",
                        "police",
                        &["council", "icb"],
                        (2025, 4, 1),
                        (2026, 3, 31),
                        AtRisk,
                    ),
                ],
                risks: &[(
                    "Rising demand for exploitation screening outstrips hub capacity",
                    "Screenings have grown by a fifth a year.",
                    3,
                    4,
                    "Sam Okafor",
                    "Business case for two more hub workers to the partnership board in January.",
                )],
                finance: &[],
            },
            PrioritySpec {
                key: "children-we-care-for",
                title: "Be good corporate parents to the children we care for and care leavers",
                first_title: None,
                why: "Children in our care deserve the stability, love and ambition any good parent would give. Kelderby cares for more children than similar areas, too many move home often, and care leavers are less likely to be in education, employment or training.",
                key_priority: "Keep children with their families where it is safe, give children in care stable homes close to Kelderby, and help every care leaver into work, training or learning.",
                asked: &[
                    "Stop moving us so often.",
                    "Help us with money, housing and cooking before we leave care, not after.",
                ],
                lead: "corporate-parenting",
                board: "partnership",
                measures: &["cla-rate", "placement-stability", "care-leavers-eet", "adoption-days"],
                success: &[
                    ("Children we care for have more stable homes.", &["placement-stability"]),
                    ("More care leavers are in education, employment or training.", &["care-leavers-eet"]),
                ],
                references: &[(ReferenceKind::Strategy, "Sufficiency Strategy 2024-27", None)],
                themes: &["voice", "poverty"],
                actions: &[
                    act(
                        "Recruit 40 more local foster carers through the regional fostering campaign",
                        "corporate-parenting",
                        &["voluntary"],
                        (2024, 4, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                    done(
                        "Offer every care leaver a council tax exemption and a setting-up-home allowance of at least £3,000",
                        "corporate-parenting",
                        &["council"],
                        (2024, 4, 1),
                        (2024, 9, 30),
                        (2024, 9, 1),
                    ),
                    act(
                        "Create 30 apprenticeships and work placements for care leavers across partners",
                        "college",
                        &["council", "icb", "police"],
                        (2024, 9, 1),
                        (2026, 8, 31),
                        OffTrack,
                    ),
                    act(
                        "Open two small children's homes in Kelderby",
                        "corporate-parenting",
                        &["icb"],
                        (2024, 10, 1),
                        (2026, 10, 31),
                        AtRisk,
                    ),
                    ActionSpec {
                        title: "Give care leavers up to 25 a named health contact",
                        lead: "safeguarding-nurse",
                        partners: &["community-health"],
                        start: (2026, 4, 1),
                        due: (2027, 3, 31),
                        status: OnTrack,
                        completed: None,
                        milestones: &[],
                        new_in_refresh: true,
                    },
                ],
                risks: &[(
                    "Shortage of local foster carers",
                    "Too few carers means children live further from home.",
                    4,
                    4,
                    "Lisa Morton",
                    "Regional recruitment campaign; higher allowances agreed for 2026-27.",
                )],
                finance: &[(
                    "Children's homes capital programme",
                    "Council capital programme",
                    240_000_000,
                    Some(262_000_000),
                    Some(98_000_000),
                )],
            },
        ],
    },
    OutcomeSpec {
        key: "healthy",
        title: "Children and young people are healthy and happy",
        why: "Good health starts before birth. Smoking in pregnancy, low breastfeeding, tooth decay and excess weight are all more common in Kelderby than in England, and more young people are admitted to hospital after self-harm. Young people told us mental health is their biggest worry.",
        asked: &[
            "Be able to talk to someone about our mental health without waiting months.",
            "Cheaper healthy food and free things to do.",
        ],
        board: "hwb",
        lead: "public-health",
        young_person_lead: "Mia, Youth Council health lead",
        success: &[(
            "Children in Kelderby are as healthy as children elsewhere in England.",
            &["excess-weight-year-6", "tooth-decay-age-5"],
        )],
        priorities: &[
            PrioritySpec {
                key: "best-start",
                title: "Give every baby the best start in life",
                first_title: None,
                why: "The first 1,001 days shape a child's health and learning for life. Smoking in pregnancy and low breastfeeding rates put Kelderby babies at a disadvantage from day one.",
                key_priority: "Support parents from pregnancy to age two through the Start for Life offer in every family hub.",
                asked: &["Support for young dads as well as mums."],
                lead: "public-health",
                board: "best-start",
                measures: &[
                    "smoking-at-delivery",
                    "breastfeeding-6-8-weeks",
                    "funded-two-year-olds",
                    "good-level-of-development",
                ],
                success: &[
                    ("Fewer babies are born to mothers who smoke.", &["smoking-at-delivery"]),
                    ("More babies are breastfed.", &["breastfeeding-6-8-weeks"]),
                    ("More children are ready for school.", &["good-level-of-development", "funded-two-year-olds"]),
                ],
                references: &[(
                    ReferenceKind::Policy,
                    "The Best Start for Life: a vision for the 1,001 critical days",
                    None,
                )],
                themes: &["think-family", "poverty"],
                actions: &[
                    done(
                        "Offer every pregnant smoker an opt-out referral to the stop smoking in pregnancy service",
                        "public-health",
                        &["hospital"],
                        (2024, 4, 1),
                        (2024, 12, 31),
                        (2024, 11, 30),
                    ),
                    act(
                        "Gain UNICEF Baby Friendly accreditation for health visiting and family hubs",
                        "public-health",
                        &["community-health"],
                        (2024, 6, 1),
                        (2026, 6, 30),
                        AtRisk,
                    ),
                    act(
                        "Contact every family eligible for funded two-year-old places and help them take one up",
                        "early-help",
                        &["schools"],
                        (2024, 9, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                    act(
                        "Train family hub staff in speech, language and communication for under-fives",
                        "early-help",
                        &["community-health"],
                        (2025, 1, 1),
                        (2025, 12, 31),
                        OffTrack,
                    ),
                    done(
                        "Publish the Start for Life offer online and in five community languages",
                        "early-help",
                        &["voluntary"],
                        (2024, 4, 1),
                        (2024, 10, 31),
                        (2024, 10, 18),
                    ),
                ],
                risks: &[],
                finance: &[(
                    "Stop smoking in pregnancy incentives",
                    "Public health grant",
                    18_000_000,
                    Some(17_250_000),
                    Some(8_400_000),
                )],
            },
            PrioritySpec {
                key: "mental-health",
                title: "Support children's and young people's emotional wellbeing and mental health",
                first_title: Some("Improve children's mental health"),
                why: "Young people told us mental health is their biggest worry. Waits for specialist help are too long, and self-harm admissions are well above the England average.",
                key_priority: "Give help early in schools and the community so fewer young people need specialist services, and cut waiting times for those who do.",
                asked: &[
                    "A mental health worker in every school.",
                    "Do not make us tell our story again to every new person.",
                ],
                lead: "camhs",
                board: "hwb",
                measures: &["self-harm-admissions", "mental-health-wait"],
                success: &[
                    ("Fewer young people are admitted to hospital after self-harm.", &["self-harm-admissions"]),
                    ("Young people wait less for mental health support.", &["mental-health-wait"]),
                ],
                references: &[(
                    ReferenceKind::Strategy,
                    "Kelderby and Wyre Children and Young People's Mental Health Local Transformation Plan",
                    None,
                )],
                themes: &["voice", "trauma"],
                actions: &[
                    act(
                        "Extend mental health support teams to every secondary school",
                        "camhs",
                        &["schools", "icb"],
                        (2024, 9, 1),
                        (2026, 9, 1),
                        OnTrack,
                    ),
                    done(
                        "Open a drop-in wellbeing hub for 11 to 25 year olds in the town centre",
                        "voluntary",
                        &["community-health"],
                        (2024, 6, 1),
                        (2025, 1, 31),
                        (2025, 1, 20),
                    ),
                    act(
                        "Bring waits from referral to treatment down to 12 weeks by March 2026",
                        "camhs",
                        &["icb"],
                        (2024, 4, 1),
                        (2026, 3, 31),
                        OffTrack,
                    ),
                    act(
                        "Train school staff in trauma-informed practice",
                        "camhs",
                        &["schools"],
                        (2025, 1, 1),
                        (2026, 12, 31),
                        OnTrack,
                    ),
                    act(
                        "Follow up every young person seen in A&E after self-harm within 72 hours",
                        "camhs",
                        &["hospital"],
                        (2024, 10, 1),
                        (2025, 6, 30),
                        AtRisk,
                    ),
                ],
                risks: &[(
                    "Recruitment to children's mental health posts",
                    "Vacancies in specialist posts keep waits long.",
                    4,
                    4,
                    "Priya Natarajan",
                    "Joint recruitment with neighbouring trusts and a grow-our-own trainee scheme.",
                )],
                finance: &[(
                    "Mental health support teams in schools",
                    "NHS England",
                    190_000_000,
                    Some(190_000_000),
                    Some(95_000_000),
                )],
            },
            PrioritySpec {
                key: "healthy-lives",
                title: "Help children and young people live healthy lives",
                first_title: None,
                why: "More than a third of Year 6 children in Kelderby live with excess weight, and one five-year-old in three has tooth decay. Both are linked to poverty and to the places children live and play.",
                key_priority: "Make healthy choices the easy choices: healthy food, safe places to play and supervised tooth brushing in early years.",
                asked: &["Free sport and activities in the holidays.", "Better food in school."],
                lead: "public-health",
                board: "hwb",
                measures: &["excess-weight-year-6", "tooth-decay-age-5", "under-18-conceptions"],
                success: &[
                    ("Fewer children live with excess weight.", &["excess-weight-year-6"]),
                    ("Fewer five-year-olds have tooth decay.", &["tooth-decay-age-5"]),
                ],
                references: &[],
                themes: &["poverty"],
                actions: &[
                    act(
                        "Run supervised tooth brushing in every nursery and primary school reception class",
                        "public-health",
                        &["schools"],
                        (2024, 9, 1),
                        (2026, 7, 31),
                        OnTrack,
                    ),
                    done(
                        "Provide the holiday activities and food programme in every school holiday",
                        "voluntary",
                        &["council", "schools"],
                        (2024, 4, 1),
                        (2025, 3, 31),
                        (2025, 3, 31),
                    ),
                    act(
                        "Restrict new hot food takeaways within 400 metres of schools",
                        "public-health",
                        &["council"],
                        (2025, 4, 1),
                        (2026, 6, 30),
                        OffTrack,
                    ),
                    act(
                        "Offer a healthy weight programme to every family whose child is measured above a healthy weight",
                        "public-health",
                        &["community-health"],
                        (2024, 9, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                    act(
                        "Refresh relationships and sex education with young people's input",
                        "schools",
                        &["community-health"],
                        (2025, 9, 1),
                        (2026, 7, 31),
                        NotStarted,
                    ),
                ],
                risks: &[],
                finance: &[(
                    "Holiday activities and food programme",
                    "DfE HAF grant",
                    120_000_000,
                    Some(118_400_000),
                    Some(86_000_000),
                )],
            },
        ],
    },
    OutcomeSpec {
        key: "achieve",
        title: "Children and young people learn, achieve and are ready for adult life",
        why: "Education opens doors. Kelderby's children do less well than children elsewhere at every stage, absence has risen since the pandemic, and children with special educational needs wait too long for the right support.",
        asked: &[
            "Careers advice that starts earlier and is about real jobs here.",
            "Teachers who understand our needs without us having to fight for it.",
        ],
        board: "partnership",
        lead: "send",
        young_person_lead: "Jordan, Youth Council education lead",
        success: &[
            (
                "Children in Kelderby do as well at school as children elsewhere in England.",
                &["ks2-expected-standard", "attainment-8"],
            ),
            ("More young people are in education, employment or training.", &["neet-16-17"]),
        ],
        priorities: &[
            PrioritySpec {
                key: "attendance",
                title: "Every child in school every day, and achieving their best",
                first_title: None,
                why: "Children who miss school fall behind and are more at risk of harm. Persistent absence has risen since the pandemic, and suspensions are rising fastest for children with special needs.",
                key_priority: "Work with families to tackle the reasons children miss school, and keep children in mainstream education wherever possible.",
                asked: &[
                    "Understand why we are not in school before punishing us.",
                    "More help in lessons when we are struggling.",
                ],
                lead: "schools",
                board: "partnership",
                measures: &["persistent-absence", "ks2-expected-standard", "attainment-8", "first-time-entrants"],
                success: &[
                    ("Fewer children are persistently absent.", &["persistent-absence"]),
                    ("More children meet the expected standard at key stage 2.", &["ks2-expected-standard"]),
                ],
                references: &[(
                    ReferenceKind::Policy,
                    "DfE Working together to improve school attendance (2024)",
                    None,
                )],
                themes: &["think-family", "voice"],
                actions: &[
                    done(
                        "Set up a multi-agency attendance support team",
                        "schools",
                        &["council", "early-help"],
                        (2024, 9, 1),
                        (2025, 1, 31),
                        (2025, 1, 10),
                    ),
                    act(
                        "Agree a fair access and inclusion charter with every school",
                        "schools",
                        &["council"],
                        (2024, 9, 1),
                        (2025, 12, 31),
                        AtRisk,
                    ),
                    act(
                        "Offer every child at risk of suspension a mentor from the voluntary sector",
                        "voluntary",
                        &["schools"],
                        (2025, 1, 1),
                        (2026, 12, 31),
                        OnTrack,
                    ),
                    act(
                        "Give the virtual school's support to children with a social worker, not only children in care",
                        "virtual-school",
                        &["schools"],
                        (2024, 9, 1),
                        (2025, 8, 31),
                        OffTrack,
                    ),
                    act(
                        "Divert young people from the youth justice system through the Turnaround programme",
                        "youth-justice",
                        &["police"],
                        (2024, 4, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                ],
                risks: &[],
                finance: &[],
            },
            PrioritySpec {
                key: "send-adulthood",
                title: "The right support at the right time for children with SEND, and a good start to adult life",
                first_title: Some("SEND and preparing for adulthood"),
                why: "The number of children with an education, health and care plan has doubled in six years, and too few plans are finished within 20 weeks. Young people with SEND, and care leavers, are more likely to be NEET.",
                key_priority: "Meet needs early in mainstream settings, issue EHC plans on time, and plan every young person's move to adulthood from Year 9.",
                asked: &[
                    "Plans that are written with us, in words we understand.",
                    "Help to find jobs and supported internships.",
                ],
                lead: "send",
                board: "send",
                measures: &["ehcp-within-20-weeks", "ehcp-count", "neet-16-17"],
                success: &[
                    ("More EHC plans are issued within 20 weeks.", &["ehcp-within-20-weeks"]),
                    ("Fewer young people are NEET.", &["neet-16-17"]),
                ],
                references: &[
                    (
                        ReferenceKind::Inspection,
                        "Ofsted and CQC area SEND inspection 2024, area for improvement 2",
                        Some("Timeliness and quality of EHC plans."),
                    ),
                    (ReferenceKind::Strategy, "SEND and Inclusion Strategy 2024-27", None),
                ],
                themes: &["voice"],
                actions: &[
                    act(
                        "Clear the backlog of EHC needs assessments and reach 60% within 20 weeks",
                        "send",
                        &["icb", "community-health"],
                        (2024, 4, 1),
                        (2025, 12, 31),
                        OffTrack,
                    ),
                    done(
                        "Launch the SEND local offer website, co-produced with parent carers",
                        "send",
                        &["voluntary"],
                        (2024, 4, 1),
                        (2024, 12, 31),
                        (2024, 12, 2),
                    ),
                    act(
                        "Create 120 more specialist places in resourced provision attached to mainstream schools",
                        "send",
                        &["schools"],
                        (2024, 9, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                    act(
                        "Offer a supported internship to every young person with an EHC plan who wants one",
                        "college",
                        &["council"],
                        (2025, 9, 1),
                        (2026, 8, 31),
                        OnTrack,
                    ),
                    act(
                        "Track the destinations of every 16 and 17 year old and contact those not known within a month",
                        "college",
                        &["schools", "voluntary"],
                        (2024, 9, 1),
                        (2027, 3, 31),
                        OnTrack,
                    ),
                ],
                risks: &[(
                    "High needs budget deficit",
                    "Spending on high needs exceeds the grant, and the deficit is growing.",
                    5,
                    4,
                    "Gareth Lloyd",
                    "Safety Valve plan agreed with DfE; more local specialist places to cut independent placements.",
                )],
                finance: &[
                    (
                        "High needs block",
                        "Dedicated schools grant",
                        5_840_000_000,
                        Some(6_210_000_000),
                        Some(3_050_000_000),
                    ),
                    (
                        "Resourced provision capital",
                        "DfE high needs provision capital allocation",
                        420_000_000,
                        Some(420_000_000),
                        Some(150_000_000),
                    ),
                ],
            },
        ],
    },
];

const THEMES: &[(&str, &str, &str)] = &[
    (
        "voice",
        "Voice of the child",
        "Children and young people shape every part of the plan and tell us whether it is working.",
    ),
    (
        "poverty",
        "Tackling poverty and inequality",
        "One child in three in Kelderby grows up in poverty; every priority asks what it does for them.",
    ),
    ("think-family", "Think family", "We see the whole family, not a single problem, and work to one plan."),
    ("trauma", "Trauma-informed practice", "We understand how adversity affects children and respond with care."),
];

const GLOSSARY: &[(&str, &str)] = &[
    ("A&E", "Accident and emergency: the hospital department for urgent care."),
    ("Attainment 8", "A score for how well a pupil does in eight GCSE-level subjects at the end of key stage 4."),
    ("CAMHS", "Child and adolescent mental health services: specialist NHS help for children's mental health."),
    ("Care leaver", "A young person aged 16 to 25 who was in the council's care."),
    (
        "Child protection plan",
        "A plan agreed by professionals and the family when a child is at risk of significant harm.",
    ),
    (
        "Children we care for",
        "Children looked after by the council, sometimes called children in care or looked-after children.",
    ),
    (
        "Contextual safeguarding",
        "Keeping young people safe from harm outside their family, such as in parks, online or with peers.",
    ),
    ("Co-production", "Working as equals with children, young people and families to design services."),
    ("Corporate parent", "The council and its partners acting as the parent of every child in care."),
    (
        "EHC plan",
        "Education, health and care plan: a legal plan for a child or young person with special educational needs.",
    ),
    ("Early help", "Support for a family as soon as problems appear, before they get worse."),
    ("EET", "In education, employment or training."),
    (
        "Exploitation",
        "When someone uses a child for their own gain, such as for crime (criminal exploitation) or sex (sexual exploitation).",
    ),
    (
        "Family hub",
        "A place where families can get help with health, parenting and more, from pregnancy until a child is 19.",
    ),
    ("Good level of development", "The standard children are expected to reach at the end of reception year."),
    ("Graded care profile", "A tool professionals use to judge the care a child receives and spot neglect."),
    ("ICB", "Integrated Care Board: the NHS body that plans and pays for health services in the area."),
    ("Key stage 2", "The school years 3 to 6 (ages 7 to 11), ending with national tests in Year 6."),
    ("MASH", "Multi-agency safeguarding hub: where partners share information to decide how to help a child at risk."),
    ("Neglect", "When a child's basic needs, such as food, warmth, safety or love, are not met."),
    ("NEET", "Not in education, employment or training."),
    (
        "Ofsted",
        "The Office for Standards in Education, Children's Services and Skills, which inspects schools and children's services.",
    ),
    ("Persistent absence", "Missing 10% or more of school sessions."),
    ("RAG", "Red, amber, green: a way of showing whether something is on track."),
    ("SEND", "Special educational needs and disabilities."),
    ("Statistical neighbours", "Areas most like Kelderby, used to compare how we are doing."),
    ("Supported internship", "A work placement with a job coach for a young person with an EHC plan."),
    (
        "Virtual school",
        "The council team that champions the education of children in care and children with a social worker.",
    ),
    ("Youth council", "Young people elected to speak for Kelderby's children and young people."),
];

fn prefix(revision: u32) -> String {
    format!("r{revision}:")
}

fn make_action(spec: &ActionSpec, revision: u32, key: &str, n: usize) -> Action {
    let p = prefix(revision);
    // Revision 1 is the plan as approved in March 2024, before any work began. By the 2026-27
    // refresh, actions that were on track and are past their due date have been finished on
    // time; the ones at risk or off track are the overdue ones the board asks about.
    // Actions at risk that were due before the refresh were given a new date a year on.
    let (status, completed) = match (revision, spec.status) {
        (1, _) => (NotStarted, None),
        (_, OnTrack) if date(spec.due) < date((2026, 11, 1)) => (Done, Some(date(spec.due))),
        _ => (spec.status, spec.completed.map(date)),
    };
    let due = match (revision, spec.status) {
        (2, AtRisk) if date(spec.due) < date((2026, 4, 1)) => (spec.due.0 + 1, spec.due.1, spec.due.2),
        _ => spec.due,
    };
    Action {
        id: ActionId::derived(&format!("{p}{key}:{n}")),
        origin: (revision > 1 && !spec.new_in_refresh)
            .then(|| ActionId::derived(&format!("{}{key}:{n}", prefix(revision - 1)))),
        number: None,
        title: spec.title.into(),
        detail: None,
        lead: Some(lead(spec.lead)),
        partners: spec
            .partners
            .iter()
            .filter(|k| crate::people::ORGS.iter().any(|o| o.0 == **k))
            .map(|k| org(k))
            .collect(),
        start_date: Some(date(spec.start)),
        due_date: Some(date(due)),
        status,
        completed_on: completed,
        milestones: spec
            .milestones
            .iter()
            .enumerate()
            .map(|(i, (title, due, done_on))| Milestone {
                id: MilestoneId::derived(&format!("{p}{key}:{n}:{i}")),
                title: (*title).into(),
                due_date: Some(date(*due)),
                done_on: if revision == 1 { None } else { done_on.map(date) },
            })
            .collect(),
        answers: Vec::new(),
    }
}

fn success(revision: u32, key: &str, list: &[(&str, &[&str])]) -> Vec<SuccessStatement> {
    list.iter()
        .enumerate()
        .map(|(i, (text, measures))| SuccessStatement {
            id: SuccessStatementId::derived(&format!("{}{key}:{i}", prefix(revision))),
            text: (*text).into(),
            measures: measures.iter().map(|m| MeasureId::derived(m)).collect(),
        })
        .collect()
}

/// "You said, we did": (priority, action, what children and young people asked) for the
/// actions that answer an ask of their priority, by place in its lists: family hubs give
/// somewhere to go with an adult to talk to, shared training makes help friendlier, the
/// holiday programme is free sport and better food.
const ANSWERS: &[(&str, usize, usize)] =
    &[("early-help", 0, 0), ("early-help", 2, 1), ("healthy-lives", 1, 0), ("healthy-lives", 1, 1)];

/// The plan in easy words, for the opening of the easy read.
const EASY_PLAN: &str = "This is our plan for children and young people in Kelderby.
We made it with children, young people and families.
It says what we will do to make life better for you.";

/// Each outcome and priority in easy words (its heading first), with a picture where the
/// officer chose one rather than leaving it to the words.
const EASY: &[(&str, &str, Option<&str>)] = &[
    (
        "safe",
        "Being safe
We want every child to be safe and to feel safe.
We will listen when you ask for help.
We will make parks and buses safer at night.",
        None,
    ),
    (
        "early-help",
        "Help for families early
Families can get help before problems grow.
Family hubs are places near you where you can get help.
You can talk to someone you already know.",
        None,
    ),
    (
        "neglect-exploitation",
        "Keeping children safe from harm
We will spot children who are not looked after well at home.
We will stop people who use children to break the law.",
        None,
    ),
    (
        "children-we-care-for",
        "Children in our care
We look after some children who cannot live at home.
We want them to have a good home and people who care.
We will help them when they leave care.",
        None,
    ),
    (
        "healthy",
        "Being healthy and happy
We want you to grow up healthy and happy.",
        None,
    ),
    (
        "best-start",
        "A good start for babies
We will help parents look after their new baby.
A health visitor will see every family.",
        None,
    ),
    (
        "mental-health",
        "Feelings and mental health
Everyone has hard days sometimes.
We will make it easier to get help with your feelings.
There will be someone to talk to at school.",
        None,
    ),
    (
        "healthy-lives",
        "Healthy lives
We want more young people to be active.
We want better food in school.
There will be free sport in the holidays.",
        None,
    ),
    (
        "achieve",
        "Learning and growing up
We want you to learn and do well.
We want you to be ready for adult life.",
        None,
    ),
    (
        "attendance",
        "Going to school
We want every child to go to school every day.
We will help children who find school hard.",
        None,
    ),
    (
        "send-adulthood",
        "Extra help with learning
Some children need extra help to learn.
We will give them the right help at the right time.
We will help them get ready for adult life.",
        Some("accessibility"),
    ),
];

/// Sets an item's easy words and picture from [`EASY`].
fn easy(item: &mut PlanItem, key: &str) {
    if let Some((_, words, picture)) = EASY.iter().find(|(k, _, _)| *k == key) {
        item.easy_words = Some((*words).into());
        item.picture = picture.map(String::from);
    }
}

fn priority(spec: &PrioritySpec, revision: u32, number: String) -> PlanItem {
    let p = prefix(revision);
    let key = spec.key;
    let mut item = PlanItem::new(if revision == 1 { spec.first_title.unwrap_or(spec.title) } else { spec.title });
    item.id = ItemId::derived(&format!("{p}{key}"));
    item.origin = (revision > 1).then(|| ItemId::derived(&format!("{}{key}", prefix(revision - 1))));
    item.number = Some(number.clone());
    item.why_it_matters = Some(spec.why.into());
    item.key_priority = Some(spec.key_priority.into());
    easy(&mut item, key);
    item.young_people_asked = spec.asked.iter().map(|s| (*s).into()).collect();
    item.lead_board = Some(board(spec.board));
    item.officer_lead = Some(lead(spec.lead));
    item.references = spec
        .references
        .iter()
        .enumerate()
        .map(|(i, (kind, title, detail))| Reference {
            id: ReferenceId::derived(&format!("{p}{key}:{i}")),
            kind: *kind,
            title: (*title).into(),
            detail: detail.map(String::from),
            url: None,
        })
        .collect();
    item.themes = spec.themes.iter().map(|t| ThemeId::derived(&format!("{p}{t}"))).collect();
    item.measures = spec.measures.iter().map(|m| MeasureId::derived(m)).collect();
    item.success_statements = success(revision, key, spec.success);
    item.actions = spec
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| revision > 1 || !a.new_in_refresh)
        .map(|(n, a)| {
            let mut action = make_action(a, revision, key, n);
            for (_, _, ask) in ANSWERS.iter().filter(|(k, at, _)| *k == key && *at == n) {
                action.answers.extend(spec.asked.get(*ask).map(|a| (*a).to_string()));
            }
            action
        })
        .collect();
    for (i, action) in item.actions.iter_mut().enumerate() {
        action.number = Some(format!("{number}.{}", i + 1));
    }
    item.risks = spec
        .risks
        .iter()
        .enumerate()
        .map(|(i, (title, description, likelihood, impact, owner, mitigation))| Risk {
            id: RiskId::derived(&format!("{p}{key}:{i}")),
            title: (*title).into(),
            description: Some((*description).into()),
            likelihood: *likelihood,
            impact: *impact,
            owner: Some((*owner).into()),
            mitigation: Some((*mitigation).into()),
            status: RiskStatus::Open,
        })
        .collect();
    let year = if revision == 1 { 2024 } else { 2026 };
    item.finance = spec
        .finance
        .iter()
        .enumerate()
        .map(|(i, (description, source, budget, forecast, spent))| FinanceLine {
            id: FinanceLineId::derived(&format!("{p}{key}:{i}")),
            description: (*description).into(),
            funding_source: Some((*source).into()),
            year: Period::FinancialYear { year },
            budget_pence: *budget,
            forecast_pence: if revision == 1 { None } else { *forecast },
            spent_pence: if revision == 1 { None } else { *spent },
            note: None,
        })
        .collect();
    item
}

fn outcome(spec: &OutcomeSpec, revision: u32, number: usize) -> PlanItem {
    let p = prefix(revision);
    let mut item = PlanItem::new(spec.title);
    item.id = ItemId::derived(&format!("{p}{}", spec.key));
    item.origin = (revision > 1).then(|| ItemId::derived(&format!("{}{}", prefix(revision - 1), spec.key)));
    item.number = Some(number.to_string());
    item.why_it_matters = Some(spec.why.into());
    easy(&mut item, spec.key);
    item.young_people_asked = spec.asked.iter().map(|s| (*s).into()).collect();
    item.lead_board = Some(board(spec.board));
    item.officer_lead = Some(lead(spec.lead));
    item.young_person_lead = Some(spec.young_person_lead.into());
    item.success_statements = success(revision, spec.key, spec.success);
    item.measures =
        spec.success.iter().flat_map(|(_, m)| m.iter()).map(|m| MeasureId::derived(m)).fold(Vec::new(), |mut v, m| {
            if !v.contains(&m) {
                v.push(m);
            }
            v
        });
    item.items =
        spec.priorities.iter().enumerate().map(|(i, p)| priority(p, revision, format!("{number}.{}", i + 1))).collect();
    item
}

pub fn revision(_partnership: &Partnership, revision: u32) -> RevisionContent {
    let p = prefix(revision);
    let status_history = if revision == 1 {
        vec![
            StatusChange {
                status: PlanStatus::Consultation,
                at: at(2024, 1, 8),
                by: "nadia.farouk@kelderby.example".into(),
                note: Some(
                    "Six weeks of consultation, including the youth council's survey of 1,200 young people.".into(),
                ),
            },
            StatusChange {
                status: PlanStatus::Approved,
                at: at(2024, 3, 12),
                by: "nadia.farouk@kelderby.example".into(),
                note: Some("Signed off by the Health and Wellbeing Board.".into()),
            },
            StatusChange {
                status: PlanStatus::Published,
                at: at(2024, 4, 2),
                by: "nadia.farouk@kelderby.example".into(),
                note: None,
            },
            StatusChange {
                status: PlanStatus::Archived,
                at: at(2026, 4, 7),
                by: "nadia.farouk@kelderby.example".into(),
                note: Some("Replaced by the 2026-27 refresh.".into()),
            },
        ]
    } else {
        vec![
            StatusChange {
                status: PlanStatus::Approved,
                at: at(2026, 3, 17),
                by: "nadia.farouk@kelderby.example".into(),
                note: Some("Refresh agreed by the partnership board and the Health and Wellbeing Board.".into()),
            },
            StatusChange {
                status: PlanStatus::Published,
                at: at(2026, 4, 7),
                by: "nadia.farouk@kelderby.example".into(),
                note: None,
            },
        ]
    };
    let plan = Plan {
        id: PlanId::derived(PLAN_SLUG),
        slug: PLAN_SLUG.into(),
        revision_id: RevisionId::derived(&format!("{p}{PLAN_SLUG}")),
        revision,
        revision_label: Some(if revision == 1 { "As approved, March 2024".into() } else { "Refreshed for 2026-27".into() }),
        title: "Kelderby Children and Young People's Plan 2024-27".into(),
        period: PlanPeriod::financial_years(2024, 2026),
        status: if revision == 1 { PlanStatus::Archived } else { PlanStatus::Published },
        status_history,
        vision: Some("Every child and young person in Kelderby grows up safe, healthy and happy, and has the chance to achieve their dreams.".into()),
        purpose: Some("This plan sets out what the council, the NHS, the police, schools, the college and the voluntary sector will do together over three years for Kelderby's children and young people: our three outcomes, the eight priorities under them, who leads each action, and how we will know we have made a difference. It is refreshed each year and checked by the partnership board every quarter.".into()),
        easy_words: Some(EASY_PLAN.into()),
        level_names: vec!["Outcome".into(), "Priority".into()],
        level_plurals: vec!["Outcomes".into(), "Priorities".into()],
        signoff_board: Some(board("hwb")),
    };
    let sections = [
        (SectionKind::Foreword, "Foreword", "This plan was written with Kelderby's children and young people. More than 1,200 of them answered the youth council's survey, and their words are in every part of it. We, the leaders of the partnership, promise to keep listening, to tell you what we have done, and to be honest when things are not working."),
        (SectionKind::Ambitions, "In Kelderby we want to see", "Children living safely with their families, or in stable homes close by when they cannot. Babies born healthy and children starting school ready to learn. Young people who can get help with their mental health quickly. Every young person leaving school with the skills and confidence for adult life."),
        (SectionKind::Evidence, "What the evidence tells us", "Our joint strategic needs assessment shows that one child in three grows up in poverty, that more children need protection and care than in similar areas, and that health and school results lag behind England. The figures behind each priority are in the measures of this plan."),
        (SectionKind::ProgressChecking, "How we will check on our progress", "Every quarter each lead reports what is working well, what we are worried about and what needs to happen next. The partnership board reviews a scorecard of the measures, audits of practice and what children, young people and staff tell us. The youth council receives an easy-read summary after each meeting."),
        (SectionKind::LinkedStrategies, "Other plans this plan links to", "The Health and Wellbeing Strategy, the Safeguarding Children Partnership's arrangements, the SEND and Inclusion Strategy, the Sufficiency Strategy and the Early Help Strategy."),
    ]
    .iter()
    .enumerate()
    .map(|(i, (kind, title, body))| Section { id: SectionId::derived(&format!("{p}section:{i}")), kind: *kind, title: (*title).into(), body: (*body).into() })
    .collect();
    let principles = [
        (PrincipleKind::Value, "Child first", Some("We see the child before the service, the label or the process.")),
        (
            PrincipleKind::Value,
            "Together",
            Some("No single organisation can do this alone; we share information, money and responsibility."),
        ),
        (
            PrincipleKind::Commitment,
            "We will not use jargon or acronyms",
            Some("And where we must, the jargon buster explains them."),
        ),
        (PrincipleKind::Commitment, "We will tell you what we did with what you told us", None),
        (
            PrincipleKind::Principle,
            "Help at the right time, in the right place",
            Some("Support is offered early, close to home, by people children already know."),
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (kind, title, description))| Principle {
        id: PrincipleId::derived(&format!("{p}principle:{i}")),
        kind: *kind,
        title: (*title).into(),
        description: description.map(String::from),
    })
    .collect();
    let themes = THEMES
        .iter()
        .map(|(key, name, description)| Theme {
            id: ThemeId::derived(&format!("{p}{key}")),
            name: (*name).into(),
            description: Some((*description).into()),
        })
        .collect();
    let glossary = GLOSSARY
        .iter()
        .map(|(term, definition)| GlossaryTerm {
            id: GlossaryTermId::derived(&format!("{p}{term}")),
            term: (*term).into(),
            definition: (*definition).into(),
            aliases: vec![],
        })
        .collect();
    let items = OUTCOMES.iter().enumerate().map(|(i, o)| outcome(o, revision, i + 1)).collect();
    RevisionContent { plan, sections, principles, themes, glossary, items }
}

/// The id of a priority's item in a revision, for the rounds.
pub fn priority_id(revision: u32, key: &str) -> ItemId {
    ItemId::derived(&format!("{}{key}", prefix(revision)))
}

/// The keys of the eight priorities, in plan order.
pub fn priority_keys() -> Vec<&'static str> {
    OUTCOMES.iter().flat_map(|o| o.priorities.iter().map(|p| p.key)).collect()
}
