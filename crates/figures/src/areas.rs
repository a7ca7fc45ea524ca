//! England's upper-tier local authorities, by their DfE three-digit number and their ONS GSS
//! codes: files name areas one way or the other (LAIT by number and name, Explore Education
//! Statistics and Fingertips by GSS code), and a partnership's comparator groups by GSS code.
//!
//! `data/local-authorities.csv` was drawn from the `old_la_code`, `new_la_code`, `la_name` and
//! `region_code` columns of DfE Explore Education Statistics files (Open Government Licence
//! v3.0). A number keeps its place when the GSS code changes (North Yorkshire, 815, was
//! E10000023 and is E06000065), so the file has a row for each pair, the current code first.
//!
//! `data/statistical-neighbours.csv` is the DfE's statistical neighbour model of 2025 (the
//! `old_la_code` and `SN_1` to `SN_10` columns of `sn_model_2025_wide.csv`, Explore Education
//! Statistics, Open Government Licence v3.0): each authority's ten closest, closest first.

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
const NEIGHBOURS: &str = include_str!("../data/statistical-neighbours.csv");

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

/// The authority numbered `number`, under its current GSS code.
pub fn by_number(number: &str) -> Option<&'static LocalAuthority> {
    let number = number.trim();
    local_authorities().iter().find(|la| la.number == number)
}

/// The DfE's statistical neighbours of the authority with GSS code `code` (current or old):
/// its ten closest authorities in the 2025 model, closest first, each under its current code.
/// None for an area the model does not cover.
pub fn statistical_neighbours(code: &str) -> Option<Vec<&'static LocalAuthority>> {
    static ALL: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        csv::Reader::from_reader(NEIGHBOURS.as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                let mut fields = r.iter().map(|f| f.trim().to_string());
                Some((fields.next()?, fields.filter(|f| !f.is_empty()).collect()))
            })
            .collect()
    });
    let number = &by_gss_code(code)?.number;
    let (_, neighbours) = all.iter().find(|(n, _)| n == number)?;
    neighbours.iter().map(|n| by_number(n)).collect()
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

    #[test]
    fn statistical_neighbours_are_the_dfe_models_ten_under_their_current_codes() {
        // Rochdale (354): the 2025 model's ten, closest first, in the seed's own region and beyond.
        let rochdale = statistical_neighbours("E08000005").expect("Rochdale is in the model");
        assert_eq!(rochdale.len(), 10);
        assert_eq!((rochdale[0].number.as_str(), rochdale[9].number.as_str()), ("335", "355"), "Walsall to Salford");
        assert!(rochdale.iter().all(|la| la.gss_code != "E08000005"), "an area is not its own neighbour");
        // Every authority of the model has ten, each found under a current code.
        let numbers: std::collections::BTreeSet<&str> =
            local_authorities().iter().map(|la| la.number.as_str()).collect();
        let covered = numbers.iter().filter_map(|n| by_number(n)).filter_map(|la| statistical_neighbours(&la.gss_code));
        assert!(covered.clone().count() >= 150);
        assert!(covered.flatten().all(|la| by_number(&la.number).map(|c| &c.gss_code) == Some(&la.gss_code)));
        // Old and new codes of North Yorkshire give the same list; a number's first code is current.
        assert_eq!(statistical_neighbours("E10000023"), statistical_neighbours("E06000065"));
        assert_eq!(by_number("815").map(|la| la.gss_code.as_str()), Some("E06000065"));
        assert_eq!(statistical_neighbours("E92000001"), None, "England is no authority");
    }
}
