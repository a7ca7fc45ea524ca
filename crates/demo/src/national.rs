//! The national dataset (`cypp demo --scale national`): one partnership for each of England's
//! 153 upper-tier local authorities, each with a plan the size of a real one. It is for measuring
//! cypp at a national body's scale, not for reading: every partnership's plan is Kelderby's,
//! made larger.
//!
//! Each plan holds Kelderby's two revisions with its outcomes written out [`ITEM_COPIES`] times
//! (about 60 items and 200 actions), [`MEASURE_COPIES`] copies of its measures (about 300) with
//! [`YEARS`] of monthly figures each (about 72,000 figures, 11 million in all), and five rounds of
//! updates. A copy is the original with new ids: every id the original defines is mapped to one
//! derived from it, the partnership and the copy, so references within a copy (an item's
//! measures, an action's origin, an update's item) stay whole, and the dataset is the same every
//! time it is built.

use chrono::Months;
use cypp_domain::*;
use serde_json::Value;
use std::collections::HashSet;
use uuid::Uuid;

/// How many partnerships: England's upper-tier local authorities.
pub const PARTNERSHIPS: usize = 153;
/// How many times each plan holds Kelderby's outcomes.
pub const ITEM_COPIES: usize = 5;
/// How many times each plan holds Kelderby's measures.
pub const MEASURE_COPIES: usize = 11;
/// How many years of monthly figures each measure has, up to March 2026.
pub const YEARS: i32 = 20;

/// The `index`th partnership's plan (0 to [`PARTNERSHIPS`] − 1), and the slug of its plan.
pub fn plan_file(index: usize) -> PlanFile {
    let base = crate::plan_file();
    let owned = owned_ids(&base);
    let partnership_key = index as u128 + 1;
    let mut file = base.clone();

    // The partnership's own names and ids.
    let area = format!("Area {:03}", index + 1);
    file.partnership.name = format!("{area} Children and Young People's Partnership");
    file.partnership.area_name = area.clone();
    file.partnership.slug = format!("area-{:03}", index + 1);
    file.partnership.gss_code = format!("E99{:06}", index + 1);
    file.plan.slug = format!("area-{:03}-cypp-2024-27", index + 1);
    file.plan.title = format!("{area} Children and Young People's Plan 2024-27");
    for revision in &mut file.earlier_revisions {
        revision.plan.slug = file.plan.slug.clone();
        revision.plan.title = file.plan.title.clone();
    }

    // Outcomes, in both revisions, and the measures, copied.
    file.items = copies(&base.items, &owned, partnership_key, ITEM_COPIES);
    for (revision, base_revision) in file.earlier_revisions.iter_mut().zip(&base.earlier_revisions) {
        revision.items = copies(&base_revision.items, &owned, partnership_key, ITEM_COPIES);
    }
    let mut measures: Vec<Measure> = copies(&base.measures, &owned, partnership_key, MEASURE_COPIES);
    for (i, measure) in measures.iter_mut().enumerate() {
        let copy = i / base.measures.len();
        measure.slug = format!("{}-{}", measure.slug, copy + 1);
        monthly(measure, index * 1_000 + i);
    }
    file.measures = measures;

    // Five rounds: Kelderby's two, each with the updates of every copy, and three earlier
    // quarters made from its first.
    let mut rounds = Vec::new();
    for round in &base.rounds {
        let mut round = round.clone();
        round.updates = copies(&round.updates, &owned, partnership_key, ITEM_COPIES);
        round.asked = copies(&round.asked, &owned, partnership_key, ITEM_COPIES);
        rounds.push(round);
    }
    if let Some(first) = rounds.first().cloned() {
        for back in 1..=3u32 {
            let mut earlier = first.clone();
            let copy = 1_000 + back as u128;
            earlier.id = RoundId(derived(first.id.0, partnership_key, copy));
            let mut defined = HashSet::new();
            collect_ids(&serde_json::to_value(&first.updates).unwrap_or_default(), &mut defined);
            earlier.updates = earlier.updates.into_iter().map(|u| remap(u, &defined, partnership_key, copy)).collect();
            let shift = |date: chrono::NaiveDate| date.checked_sub_months(Months::new(3 * back)).unwrap_or(date);
            earlier.opens_on = shift(earlier.opens_on);
            earlier.due_on = shift(earlier.due_on);
            earlier.status = RoundStatus::Closed;
            if let Some(Period::Quarter { year, quarter }) = earlier.period {
                let back_quarters = (year * 4 + quarter as i32 - 1) - back as i32;
                let (year, quarter) = (back_quarters.div_euclid(4), back_quarters.rem_euclid(4) as u32 + 1);
                earlier.period = Some(Period::Quarter { year, quarter });
                earlier.name = format!("Q{quarter} {year}-{:02}", (year + 1) % 100);
            }
            earlier.report = None;
            for update in &mut earlier.updates {
                update.public = None;
            }
            rounds.insert(0, earlier);
        }
    }
    file.rounds = rounds;

    // Last, every id in the file made the partnership's own.
    remap(file, &owned_and_shared(&base), partnership_key, 0)
}

/// The email of the `index`th partnership's administrator, who the load tests sign in as.
pub fn admin_email(index: usize) -> String {
    format!("admin@area-{:03}.example", index + 1)
}

/// Every id the plan's items, measures and updates define: what a copy gives new ids.
fn owned_ids(file: &PlanFile) -> HashSet<Uuid> {
    let mut ids = HashSet::new();
    let mut add = |value: Value| collect_ids(&value, &mut ids);
    add(serde_json::to_value(&file.items).unwrap_or_default());
    for revision in &file.earlier_revisions {
        add(serde_json::to_value(&revision.items).unwrap_or_default());
    }
    add(serde_json::to_value(&file.measures).unwrap_or_default());
    for round in &file.rounds {
        add(serde_json::to_value(&round.updates).unwrap_or_default());
    }
    ids
}

/// Every id in the file, under any name (`id`, `revision_id`, `origin`…): what the partnership's
/// copy gives new ids.
fn owned_and_shared(file: &PlanFile) -> HashSet<Uuid> {
    fn every_uuid(value: &Value, ids: &mut HashSet<Uuid>) {
        match value {
            Value::String(text) => ids.extend(Uuid::parse_str(text).ok()),
            Value::Array(values) => values.iter().for_each(|v| every_uuid(v, ids)),
            Value::Object(fields) => fields.iter().for_each(|(key, v)| {
                ids.extend(Uuid::parse_str(key).ok());
                every_uuid(v, ids);
            }),
            _ => {}
        }
    }
    let mut ids = HashSet::new();
    every_uuid(&serde_json::to_value(file).unwrap_or_default(), &mut ids);
    ids
}

/// The values of every `"id"` field, at any depth.
fn collect_ids(value: &Value, ids: &mut HashSet<Uuid>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                if key == "id"
                    && let Some(id) = field.as_str().and_then(|s| Uuid::parse_str(s).ok())
                {
                    ids.insert(id);
                }
                collect_ids(field, ids);
            }
        }
        Value::Array(values) => values.iter().for_each(|v| collect_ids(v, ids)),
        _ => {}
    }
}

/// `count` copies of `values`, copy `k` with the ids of `owned` mapped for (`partnership`, k).
fn copies<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
    values: &[T],
    owned: &HashSet<Uuid>,
    partnership: u128,
    count: usize,
) -> Vec<T> {
    let mut all = Vec::with_capacity(values.len() * count);
    for k in 0..count {
        for value in values {
            // The first copy keeps the ids the file-wide mapping gives; the others get their own.
            all.push(if k == 0 { value.clone() } else { remap(value.clone(), owned, partnership, k as u128) });
        }
    }
    all
}

/// `value` with every id of `ids` in it (as a string anywhere, or an object's key) mapped.
fn remap<T: serde::Serialize + serde::de::DeserializeOwned + Clone>(
    value: T,
    ids: &HashSet<Uuid>,
    partnership: u128,
    copy: u128,
) -> T {
    let Ok(mut json) = serde_json::to_value(&value) else { return value };
    map_ids(&mut json, ids, partnership, copy);
    serde_json::from_value(json).unwrap_or(value)
}

fn map_ids(value: &mut Value, ids: &HashSet<Uuid>, partnership: u128, copy: u128) {
    let mapped = |text: &str| {
        Uuid::parse_str(text).ok().filter(|id| ids.contains(id)).map(|id| derived(id, partnership, copy).to_string())
    };
    match value {
        Value::String(text) => {
            if let Some(new) = mapped(text) {
                *text = new;
            }
        }
        Value::Array(values) => values.iter_mut().for_each(|v| map_ids(v, ids, partnership, copy)),
        Value::Object(fields) => {
            let old = std::mem::take(fields);
            for (key, mut field) in old {
                map_ids(&mut field, ids, partnership, copy);
                fields.insert(mapped(&key).unwrap_or(key), field);
            }
        }
        _ => {}
    }
}

/// The id that `id` becomes in copy `copy` of partnership `partnership`: a one-to-one mapping
/// for each pair, and different pairs give different ids.
fn derived(id: Uuid, partnership: u128, copy: u128) -> Uuid {
    if partnership == 0 && copy == 0 {
        return id;
    }
    let namespace = Uuid::from_u128(partnership << 64 | copy);
    Uuid::new_v5(&namespace, id.as_bytes())
}

/// Makes `measure` monthly, with [`YEARS`] of figures to March 2026 that wander about its own
/// latest figure, its baseline the first month and its targets for March 2027.
fn monthly(measure: &mut Measure, seed: usize) {
    let level = measure.latest().and_then(|d| d.value.number()).unwrap_or(50.0);
    let (low, high) = match measure.unit {
        Unit::Percent => (0.0, 100.0),
        _ => (0.0, f64::MAX),
    };
    let months = YEARS * 12;
    let mut data = Vec::with_capacity(months as usize);
    for m in 0..months {
        let month0 = (2026 * 12 + 2) - (months - 1) + m; // March 2026 is the last
        let (year, month) = (month0.div_euclid(12), month0.rem_euclid(12) as u32 + 1);
        let wobble = noise(seed as u64 * 7_919 + m as u64) * 0.08 + (m as f64 / 6.0).sin() * 0.03;
        let value = (level * (1.0 + wobble)).clamp(low, high);
        let rounded = (value * 10f64.powi(measure.decimals as i32)).round() / 10f64.powi(measure.decimals as i32);
        data.push(DataPoint::new(Period::Month { year, month }, rounded));
    }
    measure.period_type = PeriodType::Month;
    measure.frequency = Frequency::Monthly;
    measure.baseline =
        data.first().and_then(|d| d.value.number().map(|value| Baseline { period: d.period, value, note: None }));
    for target in &mut measure.targets {
        target.period = Period::Month { year: 2027, month: 3 };
    }
    measure.comparators.clear();
    measure.spc.rebase_at.clear();
    measure.data = data;
}

/// A number in [-1, 1) from `seed`, the same every time (splitmix64).
fn noise(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_national_partnership_s_plan_is_valid_and_the_size_of_a_real_one() {
        let file = plan_file(152);
        let problems = file.validate();
        assert!(problems.is_empty(), "{problems}");
        let items = file.items.iter().flat_map(|i| i.walk()).count();
        let actions: usize = file.items.iter().flat_map(|i| i.walk()).map(|(_, i)| i.actions.len()).sum();
        let figures: usize = file.measures.iter().map(|m| m.data.len()).sum();
        assert!((50..=80).contains(&items), "{items} items");
        assert!(actions >= 200, "{actions} actions");
        assert!(file.measures.len() >= 290, "{} measures", file.measures.len());
        assert!(figures >= 69_000, "{figures} figures");
        assert_eq!(file.rounds.len(), 5);
        assert!(file.rounds.iter().all(|r| !r.updates.is_empty()));
    }

    #[test]
    fn every_partnership_is_its_own_and_the_same_every_time() {
        let (a, b) = (plan_file(0), plan_file(1));
        assert_ne!(a.partnership.id, b.partnership.id);
        assert_ne!(a.plan.slug, b.plan.slug);
        let ids = |f: &PlanFile| owned_and_shared(f);
        assert!(ids(&a).is_disjoint(&ids(&b)), "no id is shared between partnerships");
        assert!(ids(&a).is_disjoint(&ids(&crate::plan_file())), "nor with Kelderby");
        assert_eq!(a.to_json(), plan_file(0).to_json());
    }
}
