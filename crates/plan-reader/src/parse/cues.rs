//! What kind of entry a line is from its own language, whatever heading it sits under: "We
//! will …" and a verb in the imperative are actions; "Percentage / Number / Rate / Proportion
//! of …" and a figure per so many are measures; "More / Fewer …", "children … will …" and
//! "… will increase" are success statements. A verb that can be either an instruction or an
//! aim ("Reduce", "Improve", "Increase") gives no cue on its own: the lines around it decide.

use crate::profile::Field;

/// The kind of entry a line's words point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    Action,
    Measure,
    Success,
}

impl Cue {
    pub(crate) fn field(self) -> Field {
        match self {
            Cue::Action => Field::Actions,
            Cue::Measure => Field::Measures,
            Cue::Success => Field::Success,
        }
    }
}

/// Verbs that, first in a line, give an instruction: what a plan's actions start with (those
/// that may as well state an aim are in `EITHER`, asked first).
const IMPERATIVES: &[&str] = &[
    "address",
    "agree",
    "align",
    "appoint",
    "assess",
    "attract",
    "build",
    "carry",
    "champion",
    "check",
    "co-produce",
    "coproduce",
    "commission",
    "complete",
    "consult",
    "continue",
    "coordinate",
    "co-ordinate",
    "create",
    "deliver",
    "design",
    "develop",
    "educate",
    "embed",
    "employ",
    "empower",
    "enable",
    "encourage",
    "engage",
    "enhance",
    "ensure",
    "establish",
    "evaluate",
    "expand",
    "explore",
    "extend",
    "focus",
    "give",
    "grow",
    "help",
    "identify",
    "implement",
    "introduce",
    "invest",
    "involve",
    "launch",
    "lead",
    "listen",
    "maintain",
    "make",
    "map",
    "monitor",
    "offer",
    "open",
    "plan",
    "prioritise",
    "promote",
    "protect",
    "provide",
    "publish",
    "recruit",
    "redesign",
    "refresh",
    "reform",
    "review",
    "roll",
    "set",
    "share",
    "strengthen",
    "support",
    "tackle",
    "target",
    "train",
    "transform",
    "undertake",
    "use",
    "widen",
    "work",
    "write",
];

/// Verbs first in a line that may as well state an aim as give an instruction.
const EITHER: &[&str] = &["improve", "increase", "reduce", "raise", "prevent", "minimise", "maximise", "narrow"];

/// What a thing that is counted is called, first in a measure's name.
const COUNTED: &[&str] = &[
    "percentage",
    "proportion",
    "number",
    "rate",
    "ratio",
    "average",
    "total",
    "count",
    "%",
    "level",
    "uptake",
    "take up",
    "take-up",
];

/// Words that say a figure is going up or down, last in a success statement ("… will reduce").
const CHANGES: &[&str] = &[
    "increase",
    "increases",
    "reduce",
    "reduces",
    "decrease",
    "decreases",
    "fall",
    "falls",
    "rise",
    "rises",
    "improve",
    "improves",
    "narrow",
    "narrows",
    "grow",
    "grows",
    "be established",
    "be maintained",
    "be sustained",
];

fn first_words(lower: &str, n: usize) -> Vec<&str> {
    lower.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).take(n).collect()
}

/// The cue a line's words give, if any.
pub(crate) fn cue(text: &str) -> Option<Cue> {
    let lower = text.trim().trim_start_matches(|c: char| !c.is_alphanumeric() && c != '%').to_lowercase();
    let lower = lower.trim_end_matches(['.', ';', ',']).trim();
    let words = first_words(lower, 12);
    let first = *words.first()?;
    if lower.starts_with("we will ") || lower.starts_with("we'll ") || lower.starts_with("we’ll ") {
        return Some(Cue::Action);
    }
    // "Increase the number of …", "Reduction in the rate of …": a measure with its direction.
    let core =
        ["increase in ", "reduction in ", "decrease in ", "increase ", "reduce ", "improve ", "increased ", "reduced "]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(lower);
    let core = core.strip_prefix("the ").unwrap_or(core);
    let names_counted = COUNTED.iter().any(|c| core.starts_with(c))
        && core.split_whitespace().take(4).any(|w| w == "of" || w.ends_with('%'));
    let per = lower.contains(" per 1,000")
        || lower.contains(" per 10,000")
        || lower.contains(" per 100,000")
        || lower.contains(" per 1000")
        || lower.contains(" per 10000")
        || lower.contains(" per 100000");
    let will_change = lower.contains(" will ")
        && CHANGES.iter().any(|c| lower.ends_with(&format!(" {c}")) || lower.contains(&format!(" will {c} ")));
    if lower.starts_with("there is a") || lower.starts_with("there will be") || lower.starts_with("there are ") {
        return Some(Cue::Success);
    }
    if will_change {
        return Some(Cue::Success);
    }
    if per || names_counted {
        return Some(Cue::Measure);
    }
    if ["more", "fewer", "less", "better", "improved", "reduced", "increased", "all", "every"].contains(&first)
        && words.len() > 2
    {
        return Some(Cue::Success);
    }
    // "Children and young people will …", "Families say …", "Young people tell us …".
    let people =
        ["children", "young", "families", "parents", "pupils", "babies", "carers", "care", "every", "each", "our"];
    if people.contains(&first)
        && (lower.contains(" will ")
            || lower.contains(" say ")
            || lower.contains(" tell us ")
            || lower.contains(" feel ")
            || lower.contains(" are ")
            || lower.contains(" have ")
            || lower.contains(" get "))
    {
        return Some(Cue::Success);
    }
    if EITHER.contains(&first) {
        return None;
    }
    if IMPERATIVES.contains(&first) {
        return Some(Cue::Action);
    }
    // "Building resilience …", "Developing …": an action named by what is being done.
    if first.len() > 5
        && first.ends_with("ing")
        && words.len() > 2
        && !matches!(first, "young" | "during" | "nothing" | "something")
    {
        return Some(Cue::Action);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_measures_and_success_statements_are_told_apart_by_their_words() {
        for (text, want) in [
            ("We will open two family hubs.", Some(Cue::Action)),
            ("Promote healthy weights and physical activity", Some(Cue::Action)),
            ("Continue to develop our Academy approach", Some(Cue::Action)),
            ("Building resilience in schools", Some(Cue::Action)),
            ("Percentage of children achieving a good level of development", Some(Cue::Measure)),
            ("Rate of Looked After Children per 10,000 0-17 population", Some(Cue::Measure)),
            ("Increase the number of complex families achieving outcomes", Some(Cue::Measure)),
            ("The number of children open to social care will reduce", Some(Cue::Success)),
            ("Fewer babies are exposed to tobacco smoke.", Some(Cue::Success)),
            ("Children will tell us they feel safe", Some(Cue::Success)),
            ("there is a decrease in the number of children with a repeat plan", Some(Cue::Success)),
            ("Reduce offending and reoffending by young people", None),
            ("The voice of the child", None),
        ] {
            assert_eq!(cue(text), want, "{text}");
        }
    }
}
