//! Reporting periods as English public services count them: months, financial quarters,
//! financial years (April to March), academic years (September to August), calendar years,
//! school terms and multi-year pooled periods.
//!
//! Each period has one canonical code, used in files and in the database, and a label for
//! people. The codes are unambiguous where the usual labels are not (`2019-20` is a financial
//! year, `2019/20` an academic year, `2019-2021` three pooled calendar years):
//!
//! | type | code | label |
//! |---|---|---|
//! | month | `November 2024` | November 2024 |
//! | financial quarter | `2024-25 Q3` | Q3 2024-25 |
//! | financial year | `2024-25` | 2024-25 |
//! | academic year | `2024/25` | 2024/25 |
//! | calendar year | `2024` | 2024 |
//! | term | `2024/25 autumn` | Autumn term 2024 |
//! | multi-year | `2014-2016` | 2014-16 |
//! | pooled financial years | `2014-15 to 2016-17` | 2014-15 to 2016-17 |

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The kind of period a measure is reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodType {
    Month,
    Quarter,
    FinancialYear,
    AcademicYear,
    CalendarYear,
    Term,
    MultiYear,
}

impl PeriodType {
    pub const ALL: [PeriodType; 7] = [
        PeriodType::Month,
        PeriodType::Quarter,
        PeriodType::FinancialYear,
        PeriodType::AcademicYear,
        PeriodType::CalendarYear,
        PeriodType::Term,
        PeriodType::MultiYear,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PeriodType::Month => "month",
            PeriodType::Quarter => "quarter (financial year)",
            PeriodType::FinancialYear => "financial year (April to March)",
            PeriodType::AcademicYear => "academic year (September to August)",
            PeriodType::CalendarYear => "calendar year",
            PeriodType::Term => "school term",
            PeriodType::MultiYear => "several calendar years pooled",
        }
    }
}

/// A school term. Term dates vary by school; these are the conventional boundaries used by
/// DfE's termly statistics (autumn September to December, spring January to Easter taken as
/// March, summer April to August).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    Autumn,
    Spring,
    Summer,
}

impl Term {
    fn code(self) -> &'static str {
        match self {
            Term::Autumn => "autumn",
            Term::Spring => "spring",
            Term::Summer => "summer",
        }
    }
}

/// One reporting period. Years are the year in which the period starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Month {
        year: i32,
        month: u32,
    },
    /// Quarter 1 is April to June of the financial year starting in `year`.
    Quarter {
        year: i32,
        quarter: u32,
    },
    FinancialYear {
        year: i32,
    },
    AcademicYear {
        year: i32,
    },
    CalendarYear {
        year: i32,
    },
    Term {
        year: i32,
        term: Term,
    },
    MultiYear {
        first: i32,
        last: i32,
    },
    /// Financial years pooled, `first` to `last` (the years they start in): "2014/15-16/17"
    /// in Fingertips and LAIT.
    PooledFinancialYears {
        first: i32,
        last: i32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "\"{0}\" is not a period cypp recognises; write a month as November 2024, a quarter as 2024-25 Q3, a financial year as 2024-25, an academic year as 2024/25, a calendar year as 2024, a term as 2024/25 autumn, or pooled years as 2014-2016"
    )]
    Unrecognised(String),
    #[error("\"{0}\": {1}")]
    Invalid(String, &'static str),
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Every call below passes a valid day of a valid month, for years in the range `parse`
    // accepts, so the fallback is never taken; it keeps this function total.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn last_day_of_month(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).pred_opt().unwrap_or(NaiveDate::MIN)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Period {
    pub fn period_type(&self) -> PeriodType {
        match self {
            Period::Month { .. } => PeriodType::Month,
            Period::Quarter { .. } => PeriodType::Quarter,
            Period::FinancialYear { .. } => PeriodType::FinancialYear,
            Period::AcademicYear { .. } => PeriodType::AcademicYear,
            Period::CalendarYear { .. } => PeriodType::CalendarYear,
            Period::Term { .. } => PeriodType::Term,
            Period::MultiYear { .. } | Period::PooledFinancialYears { .. } => PeriodType::MultiYear,
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        match *self {
            Period::Month { year, month } => ymd(year, month, 1),
            Period::Quarter { year, quarter } => {
                let month = 4 + (quarter - 1) * 3;
                if month > 12 { ymd(year + 1, month - 12, 1) } else { ymd(year, month, 1) }
            }
            Period::FinancialYear { year } => ymd(year, 4, 1),
            Period::AcademicYear { year } => ymd(year, 9, 1),
            Period::CalendarYear { year } => ymd(year, 1, 1),
            Period::Term { year, term } => match term {
                Term::Autumn => ymd(year, 9, 1),
                Term::Spring => ymd(year + 1, 1, 1),
                Term::Summer => ymd(year + 1, 4, 1),
            },
            Period::MultiYear { first, .. } => ymd(first, 1, 1),
            Period::PooledFinancialYears { first, .. } => ymd(first, 4, 1),
        }
    }

    /// The last day of the period.
    pub fn end(&self) -> NaiveDate {
        match *self {
            Period::Month { year, month } => last_day_of_month(year, month),
            Period::Quarter { .. } => {
                let start = self.start();
                last_day_of_month(start.year(), start.month() + 2)
            }
            Period::FinancialYear { year } => ymd(year + 1, 3, 31),
            Period::AcademicYear { year } => ymd(year + 1, 8, 31),
            Period::CalendarYear { year } => ymd(year, 12, 31),
            Period::Term { year, term } => match term {
                Term::Autumn => ymd(year, 12, 31),
                Term::Spring => ymd(year + 1, 3, 31),
                Term::Summer => ymd(year + 1, 8, 31),
            },
            Period::MultiYear { last, .. } => ymd(last, 12, 31),
            Period::PooledFinancialYears { last, .. } => ymd(last + 1, 3, 31),
        }
    }

    /// The canonical code, as stored and as written in plan files.
    pub fn code(&self) -> String {
        match *self {
            Period::Month { .. } => self.label(),
            Period::Quarter { year, quarter } => format!("{}-{:02} Q{quarter}", year, (year + 1) % 100),
            Period::FinancialYear { year } => format!("{}-{:02}", year, (year + 1) % 100),
            Period::AcademicYear { year } => format!("{}/{:02}", year, (year + 1) % 100),
            Period::CalendarYear { year } => format!("{year}"),
            Period::Term { year, term } => format!("{}/{:02} {}", year, (year + 1) % 100, term.code()),
            Period::MultiYear { first, last } => format!("{first}-{last}"),
            Period::PooledFinancialYears { first, last } => {
                format!("{}-{:02} to {}-{:02}", first, (first + 1) % 100, last, (last + 1) % 100)
            }
        }
    }

    /// The label people expect to read.
    pub fn label(&self) -> String {
        match *self {
            Period::Month { year, month } => {
                format!("{} {year}", MONTHS[(month as usize).saturating_sub(1).min(11)])
            }
            Period::Quarter { year, quarter } => format!("Q{quarter} {}-{:02}", year, (year + 1) % 100),
            Period::Term { year, term } => {
                let calendar_year = self.start().year();
                let name = match term {
                    Term::Autumn => "Autumn",
                    Term::Spring => "Spring",
                    Term::Summer => "Summer",
                };
                let _ = year;
                format!("{name} term {calendar_year}")
            }
            Period::MultiYear { first, last } => format!("{first}-{:02}", last % 100),
            _ => self.code(),
        }
    }

    /// Whether the whole period falls within `[from, to]`.
    pub fn within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start() >= from && self.end() <= to
    }

    /// Parses a canonical code (see the module documentation).
    pub fn parse(code: &str) -> Result<Period, PeriodError> {
        let s = code.trim();
        let bad = || PeriodError::Unrecognised(code.to_string());
        let year = |t: &str| -> Result<i32, PeriodError> {
            if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                let y: i32 = t.parse().map_err(|_| bad())?;
                if (1900..=2200).contains(&y) {
                    return Ok(y);
                }
                return Err(PeriodError::Invalid(code.to_string(), "the year must be between 1900 and 2200"));
            }
            Err(bad())
        };
        // Two-digit end year that must follow the start year.
        let follows = |y: i32, t: &str| -> Result<(), PeriodError> {
            if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) && t.parse::<i32>().ok() == Some((y + 1) % 100) {
                Ok(())
            } else {
                Err(PeriodError::Invalid(code.to_string(), "the second year must be the year after the first"))
            }
        };

        if let Some((first, last)) = s.split_once(" to ") {
            return match (Period::parse(first)?, Period::parse(last)?) {
                (Period::FinancialYear { year: a }, Period::FinancialYear { year: b }) if b > a => {
                    Ok(Period::PooledFinancialYears { first: a, last: b })
                }
                _ => Err(PeriodError::Invalid(
                    code.to_string(),
                    "pooled years run from one financial year to a later one",
                )),
            };
        }
        if let Some((first, second)) = s.split_once(' ') {
            if let Some(index) = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(first)) {
                return Ok(Period::Month { year: year(second)?, month: index as u32 + 1 });
            }
            let (years, term) = (first, second);
            if let Some(q) = term.strip_prefix('Q') {
                let (y, rest) = years.split_once('-').ok_or_else(bad)?;
                let y = year(y)?;
                follows(y, rest)?;
                let quarter: u32 = q.parse().map_err(|_| bad())?;
                if !(1..=4).contains(&quarter) {
                    return Err(PeriodError::Invalid(code.to_string(), "a quarter is Q1 to Q4"));
                }
                return Ok(Period::Quarter { year: y, quarter });
            }
            let (y, rest) = years.split_once('/').ok_or_else(bad)?;
            let y = year(y)?;
            follows(y, rest)?;
            let term = match term {
                "autumn" => Term::Autumn,
                "spring" => Term::Spring,
                "summer" => Term::Summer,
                _ => return Err(bad()),
            };
            return Ok(Period::Term { year: y, term });
        }
        if let Some((y, rest)) = s.split_once('/') {
            let y = year(y)?;
            follows(y, rest)?;
            return Ok(Period::AcademicYear { year: y });
        }
        if let Some((y, rest)) = s.split_once('-') {
            let y = year(y)?;
            return match rest.len() {
                2 => {
                    follows(y, rest)?;
                    Ok(Period::FinancialYear { year: y })
                }
                4 => {
                    let last = year(rest)?;
                    if last <= y {
                        return Err(PeriodError::Invalid(
                            code.to_string(),
                            "the last year of a pooled period must come after the first",
                        ));
                    }
                    Ok(Period::MultiYear { first: y, last })
                }
                _ => Err(bad()),
            };
        }
        Ok(Period::CalendarYear { year: year(s)? })
    }
}

/// A period read from a data file or a plan, with what its annotation said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoosePeriod {
    pub period: Period,
    /// Marked "(prov)", "(p)" or "provisional".
    pub provisional: bool,
    /// Any other annotation, such as "OT" (outturn) or "r" (revised), kept as a note.
    pub annotation: Option<String>,
}

impl Period {
    /// Reads the forms periods take in real files and plans: `201920`, `2019/20`, `2019-20`,
    /// `2019`, `Q3 2017-18`, `Autumn term 2014`, `November 2014`, `2014-16` (pooled years),
    /// `2014 - 16`, `2024-25 (OT)`, `2025 (prov)`, as well as the canonical codes.
    ///
    /// Some forms mean different things in different files, so `hint` says what kind of
    /// period the file holds (an EES `time_identifier`, a measure's period type):
    /// - `201920` and `2019/20` are academic years, `2019-20` a financial year, unless the hint
    ///   says otherwise (Fingertips writes financial years as `2019/20`);
    /// - `2019` is a calendar year; with a financial or academic hint it is the year that ends
    ///   in 2019 (a "reporting year", such as the children in need census at 31 March 2019);
    /// - two years more than one apart, such as `2014-16`, are pooled calendar years.
    pub fn parse_loose(text: &str, hint: Option<PeriodType>) -> Result<LoosePeriod, PeriodError> {
        let original = text;
        let mut s = text.trim().to_string();
        let mut provisional = false;
        let mut annotation = None;
        // A trailing "(…)" annotation.
        if let (Some(open), true) = (s.rfind('('), s.ends_with(')')) {
            let note = s[open + 1..s.len() - 1].trim().to_string();
            s = s[..open].trim().to_string();
            match note.to_lowercase().as_str() {
                "prov" | "p" | "provisional" => provisional = true,
                _ => annotation = Some(note),
            }
        }
        let bad = || PeriodError::Unrecognised(original.trim().to_string());
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let year = |t: &str| -> Result<i32, PeriodError> {
            let y: i32 = t.parse().map_err(|_| bad())?;
            if (1900..=2200).contains(&y) {
                Ok(y)
            } else {
                Err(PeriodError::Invalid(original.trim().to_string(), "the year must be between 1900 and 2200"))
            }
        };
        let pair_kind = |separator: char| match hint {
            Some(PeriodType::AcademicYear) | Some(PeriodType::Term) => PeriodType::AcademicYear,
            Some(PeriodType::FinancialYear) | Some(PeriodType::Quarter) => PeriodType::FinancialYear,
            _ if separator == '/' => PeriodType::AcademicYear,
            _ => PeriodType::FinancialYear,
        };
        let year_pair = |first: i32, second: &str, separator: char| -> Result<Period, PeriodError> {
            // The second year in two digits (or four), after the first.
            let last = if second.len() == 2 {
                let two: i32 = second.parse().map_err(|_| bad())?;
                let mut last = first / 100 * 100 + two;
                if last < first {
                    last += 100;
                }
                last
            } else {
                year(second)?
            };
            match last - first {
                1 => Ok(match pair_kind(separator) {
                    PeriodType::AcademicYear => Period::AcademicYear { year: first },
                    _ => Period::FinancialYear { year: first },
                }),
                d if d > 1 => Ok(Period::MultiYear { first, last }),
                _ => {
                    Err(PeriodError::Invalid(original.trim().to_string(), "the second year must come after the first"))
                }
            }
        };

        let compact: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = compact.to_lowercase();
        let words: Vec<&str> = lower.split(' ').collect();
        // 2014/15-16/17 or 2014/15 - 16/17: pooled financial years.
        let pooled = compact.replace(' ', "");
        let parts: Vec<&str> = pooled.split(['/', '-']).collect();
        let period = if parts.len() == 4 && parts.iter().all(|p| digits(p)) && parts[0].len() == 4 {
            let first = year(parts[0])?;
            match year_pair(first, parts[2], '-')? {
                Period::MultiYear { last, .. } => Period::PooledFinancialYears { first, last },
                _ => return Err(bad()),
            }
        } else if digits(&compact) && compact.len() == 6 {
            let first = year(&compact[..4])?;
            match hint {
                Some(PeriodType::FinancialYear) | Some(PeriodType::Quarter) => year_pair(first, &compact[4..], '-')?,
                _ => year_pair(first, &compact[4..], '/')?,
            }
        } else if digits(&compact) && compact.len() == 4 {
            let y = year(&compact)?;
            match hint {
                Some(PeriodType::FinancialYear) => Period::FinancialYear { year: y - 1 },
                Some(PeriodType::AcademicYear) => Period::AcademicYear { year: y - 1 },
                _ => Period::CalendarYear { year: y },
            }
        } else if let Some((first, second)) =
            compact.split_once(['/', '-']).filter(|(a, b)| digits(a.trim()) && digits(b.trim()) && a.trim().len() == 4)
        {
            let separator = if compact.contains('/') { '/' } else { '-' };
            year_pair(year(first.trim())?, second.trim(), separator)?
        } else if words.len() == 2 && words[0].len() == 2 && words[0].starts_with('q') {
            // Q3 2017-18
            let quarter: u32 = words[0][1..].parse().map_err(|_| bad())?;
            let fy = Period::parse_loose(words[1], Some(PeriodType::FinancialYear))?.period;
            match (fy, quarter) {
                (Period::FinancialYear { year }, 1..=4) => Period::Quarter { year, quarter },
                _ => return Err(bad()),
            }
        } else if words.len() == 3 && words[1] == "term" {
            // Autumn term 2014: terms of the academic year that starts in the autumn.
            let y = year(words[2])?;
            match words[0] {
                "autumn" => Period::Term { year: y, term: Term::Autumn },
                "spring" => Period::Term { year: y - 1, term: Term::Spring },
                "summer" => Period::Term { year: y - 1, term: Term::Summer },
                _ => return Err(bad()),
            }
        } else if words.len() == 2
            && let Some(month) = MONTHS.iter().position(|m| {
                let m = m.to_lowercase();
                m == words[0] || (words[0].len() == 3 && m.starts_with(words[0]))
            })
        {
            Period::Month { year: year(words[1])?, month: month as u32 + 1 }
        } else {
            Period::parse(&compact)?
        };
        Ok(LoosePeriod { period, provisional, annotation })
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start(), self.end()).cmp(&(other.start(), other.end()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A reporting period by its canonical code: a month \"November 2024\", a financial quarter \"2024-25 Q3\", a financial year \"2024-25\", an academic year \"2024/25\", a calendar year \"2024\", a term \"2024/25 autumn\", pooled calendar years \"2014-2016\", or pooled financial years \"2014-15 to 2016-17\".",
            "pattern": "^((January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{4}|[0-9]{4}-[0-9]{2} Q[1-4]|[0-9]{4}-[0-9]{2}|[0-9]{4}/[0-9]{2}|[0-9]{4}|[0-9]{4}/[0-9]{2} (autumn|spring|summer)|[0-9]{4}-[0-9]{4}|[0-9]{4}-[0-9]{2} to [0-9]{4}-[0-9]{2})$"
        })
    }
}

/// The span a plan covers, such as 2024-27 (1 April 2024 to 31 March 2027).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PlanPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl PlanPeriod {
    /// A plan running over whole financial years, `first` to `last` inclusive.
    pub fn financial_years(first: i32, last: i32) -> PlanPeriod {
        PlanPeriod { start: ymd(first, 4, 1), end: ymd(last + 1, 3, 31) }
    }

    /// The label plans use on their covers: "2024-27".
    pub fn label(&self) -> String {
        let (a, b) = (self.start.year(), self.end.year());
        if a == b { format!("{a}") } else { format!("{a}-{:02}", b % 100) }
    }

    pub fn contains(&self, period: &Period) -> bool {
        period.within(self.start, self.end)
    }
}

/// Formats a date the UK way: 31 March 2027.
pub fn uk_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

/// How long until a date is due, in words ("3 days left", "due today", "1 day overdue"), and
/// the days left (below zero when overdue).
pub fn days_left(due: NaiveDate, today: NaiveDate) -> (String, i64) {
    let days = (due - today).num_days();
    let words = match days {
        0 => "due today".to_string(),
        1 => "1 day left".to_string(),
        d if d > 1 => format!("{d} days left"),
        -1 => "1 day overdue".to_string(),
        d => format!("{} days overdue", -d),
    };
    (words, days)
}

/// A moment as the clocks in the UK showed it: "3 December 2026 at 14:05" (GMT), or in British
/// Summer Time from 01:00 GMT on the last Sunday of March to 01:00 GMT on the last Sunday of
/// October.
pub fn uk_time(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Weekday;
    let last_sunday = |month: u32| {
        let mut day = last_day_of_month(at.year(), month);
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap_or(day);
        }
        day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc()
    };
    let summer = at >= last_sunday(3) && at < last_sunday(10);
    let local = if summer { at + chrono::Duration::hours(1) } else { at };
    format!("{} at {}", uk_date(local.date_naive()), local.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_left_are_said_in_words_either_side_of_the_due_date() {
        let due = NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date");
        let on = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).expect("a date");
        assert_eq!(days_left(due, on(1)), ("3 days left".to_string(), 3));
        assert_eq!(days_left(due, on(3)).0, "1 day left");
        assert_eq!(days_left(due, on(4)).0, "due today");
        assert_eq!(days_left(due, on(5)), ("1 day overdue".to_string(), -1));
        assert_eq!(days_left(due, on(14)).0, "10 days overdue");
    }

    use super::*;

    #[test]
    fn times_are_shown_as_uk_clocks_showed_them() {
        let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().unwrap_or_default();
        assert_eq!(uk_time(at("2026-12-03T14:05:00Z")), "3 December 2026 at 14:05");
        assert_eq!(uk_time(at("2026-07-01T23:30:00Z")), "2 July 2026 at 00:30");
        // 2026's clocks went forward on 29 March and back on 25 October, at 01:00 GMT.
        assert_eq!(uk_time(at("2026-03-29T00:59:00Z")), "29 March 2026 at 00:59");
        assert_eq!(uk_time(at("2026-03-29T01:00:00Z")), "29 March 2026 at 02:00");
        assert_eq!(uk_time(at("2026-10-25T00:59:00Z")), "25 October 2026 at 01:59");
        assert_eq!(uk_time(at("2026-10-25T01:00:00Z")), "25 October 2026 at 01:00");
    }

    fn p(s: &str) -> Period {
        match Period::parse(s) {
            Ok(p) => p,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn every_canonical_code_round_trips_and_has_the_right_type() {
        for (code, kind, label) in [
            ("November 2024", PeriodType::Month, "November 2024"),
            ("2024-25 Q3", PeriodType::Quarter, "Q3 2024-25"),
            ("2024-25", PeriodType::FinancialYear, "2024-25"),
            ("2024/25", PeriodType::AcademicYear, "2024/25"),
            ("2024", PeriodType::CalendarYear, "2024"),
            ("2014/15 autumn", PeriodType::Term, "Autumn term 2014"),
            ("2014/15 spring", PeriodType::Term, "Spring term 2015"),
            ("2014-2016", PeriodType::MultiYear, "2014-16"),
            ("2014-15 to 2016-17", PeriodType::MultiYear, "2014-15 to 2016-17"),
            ("1999-00", PeriodType::FinancialYear, "1999-00"),
        ] {
            let period = p(code);
            assert_eq!(period.period_type(), kind, "{code}");
            assert_eq!(period.code(), code);
            assert_eq!(period.label(), label);
        }
    }

    #[test]
    fn months_are_written_in_words_so_they_never_look_like_financial_years() {
        assert_eq!(p("2011-12").period_type(), PeriodType::FinancialYear);
        assert_eq!(p("December 2011").code(), "December 2011");
        assert_eq!(
            Period::Month { year: 2002, month: 3 }.code().parse::<Period>().ok(),
            Some(Period::Month { year: 2002, month: 3 })
        );
    }

    #[test]
    fn financial_and_academic_years_have_their_own_boundaries() {
        assert_eq!(p("2019-20").start(), ymd(2019, 4, 1));
        assert_eq!(p("2019-20").end(), ymd(2020, 3, 31));
        assert_eq!(p("2019/20").start(), ymd(2019, 9, 1));
        assert_eq!(p("2019/20").end(), ymd(2020, 8, 31));
        assert_eq!(p("2024-25 Q4").start(), ymd(2025, 1, 1));
        assert_eq!(p("2024-25 Q4").end(), ymd(2025, 3, 31));
        assert_eq!(p("February 2024").end(), ymd(2024, 2, 29));
    }

    #[test]
    fn periods_sort_by_time() {
        let mut v = [p("2021-22"), p("2019-20"), p("2020-21 Q2"), p("2020-21")];
        v.sort();
        let codes: Vec<String> = v.iter().map(Period::code).collect();
        assert_eq!(codes, ["2019-20", "2020-21", "2020-21 Q2", "2021-22"]);
    }

    #[test]
    fn nonsense_is_rejected_with_a_readable_message() {
        for bad in [
            "",
            "20245",
            "2024-26",
            "2024/26",
            "2024-25 Q5",
            "2024/25 winter",
            "Smarch 2024",
            "2024-13",
            "2016-2014",
            "abc",
        ] {
            let err = Period::parse(bad).err();
            assert!(err.is_some(), "{bad} should be rejected");
        }
        let message = Period::parse("2024/26").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("the year after"), "{message}");
    }

    fn loose(text: &str, hint: Option<PeriodType>) -> LoosePeriod {
        match Period::parse_loose(text, hint) {
            Ok(p) => p,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn the_forms_found_in_real_files_and_plans_are_read() {
        for (text, hint, code) in [
            ("201920", None, "2019/20"),
            ("201920", Some(PeriodType::FinancialYear), "2019-20"),
            ("2019/20", None, "2019/20"),
            ("2019/20", Some(PeriodType::FinancialYear), "2019-20"),
            ("2019-20", None, "2019-20"),
            ("2019-20", Some(PeriodType::AcademicYear), "2019/20"),
            ("2019", None, "2019"),
            ("2025", Some(PeriodType::FinancialYear), "2024-25"),
            ("Q3 2017-18", None, "2017-18 Q3"),
            ("Autumn term 2014", None, "2014/15 autumn"),
            ("Spring term 2015", None, "2014/15 spring"),
            ("November 2014", None, "November 2014"),
            ("nov 2014", None, "November 2014"),
            ("2014-16", None, "2014-2016"),
            ("2014 - 16", None, "2014-2016"),
            ("1999-00", None, "1999-00"),
            ("2024-25 (OT)", None, "2024-25"),
            ("2025 (prov)", None, "2025"),
            ("2024-25 Q3", None, "2024-25 Q3"),
            ("2014/15-16/17", None, "2014-15 to 2016-17"),
            ("2017/18 - 19/20", None, "2017-18 to 2019-20"),
        ] {
            assert_eq!(loose(text, hint).period.code(), code, "{text} with {hint:?}");
        }
        assert!(loose("2025 (prov)", None).provisional);
        assert_eq!(loose("2024-25 (OT)", None).annotation.as_deref(), Some("OT"));
        assert!(!loose("2024-25 (OT)", None).provisional);
        for bad in ["", "2019/19", "Q5 2017-18", "Winter term 2014", "20192", "soon"] {
            assert!(Period::parse_loose(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn loose_periods_sort_and_label_like_canonical_ones() {
        let mut v: Vec<Period> = ["2019/20", "Autumn term 2019", "Spring term 2020", "2018/19"]
            .iter()
            .map(|t| loose(t, None).period)
            .collect();
        v.sort();
        let labels: Vec<String> = v.iter().map(Period::label).collect();
        // By start, then the shorter first: the autumn term before the year it opens.
        assert_eq!(labels, ["2018/19", "Autumn term 2019", "2019/20", "Spring term 2020"]);
    }

    #[test]
    fn plan_periods_label_like_plan_covers() {
        let period = PlanPeriod::financial_years(2024, 2026);
        assert_eq!(period.label(), "2024-27");
        assert!(period.contains(&p("2026-27")));
        assert!(!period.contains(&p("2027-28")));
        assert!(!period.contains(&p("2024")));
        assert_eq!(uk_date(ymd(2027, 3, 31)), "31 March 2027");
    }
}
