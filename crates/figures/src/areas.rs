//! England's upper-tier local authorities, by their DfE three-digit number and their ONS GSS
//! codes: files name areas one way or the other (LAIT by number and name, Explore Education
//! Statistics and Fingertips by GSS code), and a partnership's comparator groups by GSS code.
//!
//! `data/local-authorities.csv` was drawn from the `old_la_code`, `new_la_code`, `la_name` and
//! `region_code` columns of DfE Explore Education Statistics files (Open Government Licence
//! v3.0). A number keeps its place when the GSS code changes (North Yorkshire, 815, was
//! E10000023 and is E06000065), so the file has a row for each pair.

use std::sync::OnceLock;

/// One local authority under one of its GSS codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalAuthority {
    /// The DfE number, such as 354.
    pub number: String,
    pub gss_code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
}

const FILE: &str = include_str!("../data/local-authorities.csv");

/// Every local authority, under each of its GSS codes.
pub fn local_authorities() -> &'static [LocalAuthority] {
    static ALL: OnceLock<Vec<LocalAuthority>> = OnceLock::new();
    ALL.get_or_init(|| {
        csv::Reader::from_reader(FILE.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                Some(LocalAuthority {
                    number: r.get(0)?.to_string(),
                    gss_code: r.get(1)?.to_string(),
                    name: r.get(2)?.to_string(),
                    region_code: r.get(3)?.to_string(),
                    region_name: r.get(4)?.to_string(),
                })
            })
            .collect()
    })
}

/// The local authority with this GSS code.
pub fn by_gss_code(code: &str) -> Option<&'static LocalAuthority> {
    local_authorities().iter().find(|la| la.gss_code.eq_ignore_ascii_case(code.trim()))
}

/// Whether the authority numbered `number` is, under any of its codes, one of `codes`.
pub fn number_is_one_of(number: &str, codes: &[String]) -> bool {
    let number = number.trim();
    !number.is_empty() && local_authorities().iter().any(|la| la.number == number && codes.contains(&la.gss_code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_authority_is_found_by_its_codes_and_a_number_keeps_its_old_codes() {
        let all = local_authorities();
        assert!(all.len() >= 153, "{} authorities", all.len());
        assert!(all.iter().all(|la| cypp_domain::partnership::is_gss_code(&la.gss_code) && la.number.len() == 3));
        assert_eq!(by_gss_code("E08000005").map(|la| la.number.as_str()), Some("354"));
        assert_eq!(by_gss_code("e06000065").map(|la| la.name.as_str()), Some("North Yorkshire"));
        assert!(number_is_one_of("815", &["E10000023".to_string()]), "North Yorkshire under its old code");
        assert!(!number_is_one_of("354", &["E08000001".to_string()]));
        assert!(all.iter().filter(|la| la.name.contains(',')).count() > 0, "quoted names are read whole");
    }
}
