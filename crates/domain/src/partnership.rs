//! The partnership: the area it serves, its partner organisations, its boards and the areas it
//! compares itself with.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::{BoardId, ComparatorId, JargonWordId, OrganisationId, PartnershipId};

/// A children's partnership in one local authority area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Partnership {
    pub id: PartnershipId,
    /// Used in web addresses: `/p/{slug}`.
    pub slug: String,
    pub name: String,
    /// The local authority area, such as "Rochdale".
    pub area_name: String,
    /// The area's ONS GSS code, such as E08000005.
    pub gss_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub boards: Vec<Board>,
    #[serde(default)]
    pub comparator_groups: Vec<ComparatorGroup>,
    /// The words the plain-English check flags, with plainer choices. Empty means cypp's
    /// default list (`cypp_domain::plain::DEFAULT_JARGON`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jargon: Vec<JargonWord>,
}

/// A word or phrase to avoid, and what to say instead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JargonWord {
    pub id: JargonWordId,
    pub word: String,
    pub instead: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Council,
    Nhs,
    Police,
    School,
    College,
    Voluntary,
    Other,
}

/// A partner organisation: the council, an NHS trust, the police, a school, a charity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
}

/// A board that leads, oversees or signs off the plan: the partnership board, the Health and
/// Wellbeing Board, the safeguarding partnership.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Board {
    pub id: BoardId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The email of the board's officer, who reviews the updates on what the board leads
    /// (besides the plan's editors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer_email: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComparatorKind {
    England,
    Region,
    StatisticalNeighbours,
    CombinedAuthority,
    Other,
}

/// An area or group of areas the partnership's figures are compared with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComparatorGroup {
    pub id: ComparatorId,
    pub name: String,
    pub kind: ComparatorKind,
    /// The GSS code of the area, where the comparator is one area (England, a region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    /// The member areas' GSS codes, for groups such as statistical neighbours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

/// Whether `code` has the shape of an ONS GSS code: a country letter and eight digits.
pub fn is_gss_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 9
        && matches!(bytes[0], b'E' | b'W' | b'S' | b'N' | b'K')
        && bytes[1..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::is_gss_code;

    #[test]
    fn gss_codes_are_a_letter_and_eight_digits() {
        assert!(is_gss_code("E08000005"));
        assert!(is_gss_code("E92000001"));
        assert!(!is_gss_code("E0800005"));
        assert!(!is_gss_code("X08000005"));
        assert!(!is_gss_code("e08000005"));
    }
}
