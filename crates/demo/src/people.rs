//! Kelderby's partnership: partner organisations, boards, comparators, the officers who lead
//! the work, and the demonstration accounts.

use cypp_domain::*;

pub const ORGS: &[(&str, &str, OrganisationKind)] = &[
    ("council", "Kelderby Metropolitan Borough Council", OrganisationKind::Council),
    ("icb", "Kelderby and Wyre Integrated Care Board", OrganisationKind::Nhs),
    ("community-health", "Kelderby Community Health NHS Trust", OrganisationKind::Nhs),
    ("hospital", "Kelderby Hospitals NHS Foundation Trust", OrganisationKind::Nhs),
    ("police", "Northshire Police", OrganisationKind::Police),
    ("schools", "Kelderby Learning Partnership (schools)", OrganisationKind::School),
    ("college", "Kelderby College", OrganisationKind::College),
    ("voluntary", "Kelderby Voluntary Action", OrganisationKind::Voluntary),
    ("youth-justice", "Kelderby Youth Justice Service", OrganisationKind::Other),
];

pub const BOARDS: &[(&str, &str, &str)] = &[
    (
        "partnership",
        "Children and Young People's Partnership Board",
        "Owns this plan and checks progress each quarter.",
    ),
    ("hwb", "Kelderby Health and Wellbeing Board", "Signs the plan off and receives a yearly report."),
    ("safeguarding", "Kelderby Safeguarding Children Partnership", "Leads the multi-agency safeguarding arrangements."),
    (
        "send",
        "SEND Partnership Board",
        "Leads the local area's work for children with special educational needs and disabilities.",
    ),
    (
        "best-start",
        "Best Start Partnership",
        "Brings together maternity, health visiting, family hubs and early years.",
    ),
    ("youth-council", "Kelderby Youth Council", "Elected young people who hold the partnership to account."),
];

pub fn org(key: &str) -> OrganisationId {
    OrganisationId::derived(key)
}

pub fn board(key: &str) -> BoardId {
    BoardId::derived(key)
}

pub fn comparator(key: &str) -> ComparatorId {
    ComparatorId::derived(key)
}

pub fn partnership() -> Partnership {
    Partnership {
        id: PartnershipId::derived("kelderby"),
        slug: "kelderby".into(),
        name: "Kelderby Children and Young People's Partnership".into(),
        area_name: "Kelderby".into(),
        // A code in the metropolitan-district range that no real area uses.
        gss_code: "E08000999".into(),
        description: Some(
            "The council, the NHS, Northshire Police, schools, the college and the voluntary sector, working together for Kelderby's 58,000 children and young people."
                .into(),
        ),
        organisations: ORGS
            .iter()
            .map(|(key, name, kind)| Organisation { id: org(key), name: (*name).into(), kind: *kind })
            .collect(),
        boards: BOARDS
            .iter()
            .map(|(key, name, description)| Board {
                id: board(key),
                name: (*name).into(),
                description: Some((*description).into()),
                officer_email: None,
            })
            .collect(),
        jargon: Vec::new(),
        comparator_groups: vec![
            ComparatorGroup {
                id: comparator("england"),
                name: "England".into(),
                kind: ComparatorKind::England,
                area_code: Some("E92000001".into()),
                members: vec![],
            },
            ComparatorGroup {
                id: comparator("north-west"),
                name: "North West".into(),
                kind: ComparatorKind::Region,
                area_code: Some("E12000002".into()),
                members: vec![],
            },
            ComparatorGroup {
                id: comparator("statistical-neighbours"),
                name: "Statistical neighbours".into(),
                kind: ComparatorKind::StatisticalNeighbours,
                area_code: None,
                members: [
                    "E08000001", "E08000002", "E08000004", "E08000005", "E08000008", "E08000010", "E08000013",
                    "E08000016", "E08000017", "E08000036",
                ]
                .map(String::from)
                .to_vec(),
            },
        ],
    }
}

/// An officer who leads work in the plan.
pub struct Officer {
    pub key: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub org: &'static str,
}

pub const OFFICERS: &[Officer] = &[
    Officer { key: "dcs", name: "Dr Amira Shah", role: "Director of Children's Services", org: "council" },
    Officer { key: "early-help", name: "Tom Brennan", role: "Head of Early Help and Family Hubs", org: "council" },
    Officer {
        key: "exploitation",
        name: "Sam Okafor",
        role: "Service Manager, Exploitation and Missing",
        org: "council",
    },
    Officer {
        key: "safeguarding-nurse",
        name: "Claire Whitfield",
        role: "Designated Nurse for Safeguarding Children",
        org: "icb",
    },
    Officer { key: "police", name: "DCI Helen Marsh", role: "Head of Public Protection", org: "police" },
    Officer {
        key: "camhs",
        name: "Priya Natarajan",
        role: "Head of Children's Mental Health Services",
        org: "community-health",
    },
    Officer { key: "send", name: "Gareth Lloyd", role: "Head of Inclusion and SEND", org: "council" },
    Officer { key: "virtual-school", name: "Joanne Price", role: "Headteacher, Virtual School", org: "council" },
    Officer { key: "college", name: "Mark Ellison", role: "Principal", org: "college" },
    Officer { key: "voluntary", name: "Beth Kaur", role: "Chief Executive", org: "voluntary" },
    Officer { key: "public-health", name: "Dr Rachel Dunn", role: "Consultant in Public Health", org: "council" },
    Officer {
        key: "corporate-parenting",
        name: "Lisa Morton",
        role: "Head of Children in Care and Care Leavers",
        org: "council",
    },
    Officer { key: "schools", name: "Andrew Fenwick", role: "Chair, Kelderby Learning Partnership", org: "schools" },
    Officer { key: "youth-justice", name: "Dionne Clarke", role: "Head of Youth Justice", org: "youth-justice" },
];

fn email_of(name: &str) -> String {
    let words: Vec<String> =
        name.split_whitespace().filter(|w| !matches!(*w, "Dr" | "DCI")).map(|w| w.to_lowercase()).collect();
    format!("{}@kelderby.example", words.join("."))
}

/// The officer with this key as a lead. Every key used in the plan is in `OFFICERS`.
pub fn lead(key: &str) -> Lead {
    let officer = OFFICERS.iter().find(|o| o.key == key).unwrap_or(&OFFICERS[0]);
    Lead {
        name: officer.name.into(),
        role: Some(officer.role.into()),
        organisation: Some(org(officer.org)),
        email: Some(email_of(officer.name)),
    }
}

/// A demonstration account.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// What this person does, for the sign-in message.
    pub about: &'static str,
}

pub fn users() -> Vec<DemoUser> {
    let user = |name: &str, role: Role, about: &'static str| DemoUser {
        email: email_of(name),
        name: name.into(),
        role,
        about,
    };
    vec![
        user(
            "Nadia Farouk",
            Role::Admin,
            "partnership and performance officer: builds the plan, opens rounds, runs the board papers",
        ),
        user("Tom Brennan", Role::Editor, "head of early help: writes and edits the plan"),
        user("Sam Okafor", Role::Lead, "service manager: updates the actions they lead in each round"),
        user("Peter Hale", Role::Viewer, "board member: reads the dashboard and reports"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_made_from_names_without_titles() {
        assert_eq!(email_of("Dr Amira Shah"), "amira.shah@kelderby.example");
        assert_eq!(email_of("DCI Helen Marsh"), "helen.marsh@kelderby.example");
        assert!(users().iter().all(|u| Email::parse(&u.email).is_ok()));
    }

    #[test]
    fn the_lead_user_leads_work_in_the_plan() {
        assert_eq!(lead("exploitation").email.as_deref(), Some("sam.okafor@kelderby.example"));
    }
}
