//! The plan's records as spreadsheets for analysts: the actions, the measures with every figure,
//! and the progress updates. One description of each table drives both formats: CSV (UTF-8 with
//! a byte-order mark, so Excel reads accented names right) and XLSX (one sheet a table, dates as
//! real dates, numbers as numbers). Any text a spreadsheet would run as a formula is made text.

use chrono::NaiveDate;
use cypp_spreadsheet::{Cell as CsvCell, Csv, looks_like_formula};

use crate::PublishError;
use cypp_domain::*;

use crate::plan::Audience;
use crate::words::{Names, lead_text};

/// A cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn optional(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Empty, Cell::text)
    }
}

/// One exported table.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The tables a plan can be exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Actions,
    Measures,
    Updates,
}

impl Which {
    pub const ALL: [Which; 3] = [Which::Actions, Which::Measures, Which::Updates];

    pub fn word(self) -> &'static str {
        match self {
            Which::Actions => "actions",
            Which::Measures => "measures",
            Which::Updates => "updates",
        }
    }

    pub fn from_word(word: &str) -> Option<Which> {
        Which::ALL.into_iter().find(|w| w.word() == word)
    }
}

/// Every action of the revision, under the item it belongs to.
fn actions(revision: &RevisionContent, names: &Names<'_>) -> Sheet {
    let mut rows = Vec::new();
    for top in &revision.items {
        for (_, item) in top.walk() {
            for a in &item.actions {
                rows.push(vec![
                    Cell::text(item.heading()),
                    Cell::optional(a.number.clone()),
                    Cell::text(&a.title),
                    Cell::optional(a.detail.clone()),
                    Cell::optional(a.lead.as_ref().map(|l| lead_text(l, names))),
                    Cell::optional(Some(crate::words::partners_text(a, names)).filter(|p| !p.is_empty())),
                    a.start_date.map_or(Cell::Empty, Cell::Date),
                    a.due_date.map_or(Cell::Empty, Cell::Date),
                    Cell::text(a.status.label()),
                    a.completed_on.map_or(Cell::Empty, Cell::Date),
                    Cell::optional(
                        Some(a.milestones.iter().map(crate::words::milestone_text).collect::<Vec<_>>().join("; "))
                            .filter(|m| !m.is_empty()),
                    ),
                ]);
            }
        }
    }
    Sheet {
        name: "Actions",
        columns: vec![
            "Item",
            "Number",
            "Action",
            "Detail",
            "Lead",
            "Partners",
            "Start",
            "Due",
            "Status",
            "Completed",
            "Milestones",
        ],
        rows,
    }
}

/// Every figure of every measure, the partnership's own and its comparators'. The public
/// edition suppresses small numbers as the website does.
fn measures(file: &PlanFile, names: &Names<'_>, audience: Audience) -> Sheet {
    let mut rows = Vec::new();
    for m in &file.measures {
        let shown =
            Measure { suppress_small_numbers: m.suppress_small_numbers && audience == Audience::Public, ..m.clone() };
        let own = std::iter::once((file.partnership.area_name.as_str(), &m.data));
        let others = m
            .comparators
            .iter()
            .map(|s| (names.comparators.get(&s.comparator).copied().unwrap_or("Comparator"), &s.data));
        for (area, data) in own.chain(others) {
            let mut points: Vec<&DataPoint> = data.iter().collect();
            points.sort_by_key(|p| p.period);
            for p in points {
                let value = shown.published(p);
                let hidden = value != p.value;
                let number = |n: Option<f64>| if hidden { Cell::Empty } else { n.map_or(Cell::Empty, Cell::Number) };
                let mut row = vec![
                    Cell::text(&m.name),
                    Cell::text(m.unit.label()),
                    Cell::text(area),
                    Cell::text(p.period.label()),
                    match value {
                        Reading::Number(n) => Cell::Number(n),
                        Reading::Symbol(_) => Cell::Empty,
                    },
                    match value {
                        Reading::Symbol(s) => Cell::text(s.code()),
                        Reading::Number(_) => Cell::Empty,
                    },
                    number(p.numerator),
                    number(p.denominator),
                    number(p.ci.map(|c| c.lower)),
                    number(p.ci.map(|c| c.upper)),
                ];
                // Where the figure ranked (1 the best), for the area's own figures only.
                let place = crate::words::place(&shown, p);
                let count = |n: Option<u32>| n.map_or(Cell::Empty, |n| Cell::Number(f64::from(n)));
                let neighbours = place.and_then(|p| p.neighbours);
                let england = place.and_then(|p| p.england);
                row.extend([
                    count(neighbours.map(|n| n.0)),
                    count(neighbours.map(|n| n.1)),
                    count(england.map(|e| e.0)),
                    count(england.map(|e| e.1)),
                    Cell::optional(england.and_then(|e| e.2).map(|b| b.letter())),
                    Cell::text(if p.provisional { "Provisional" } else { "Final" }),
                    Cell::optional(p.note.clone()),
                ]);
                rows.push(row);
            }
        }
    }
    Sheet {
        name: "Measures",
        columns: vec![
            "Measure",
            "Unit",
            "Area",
            "Period",
            "Value",
            "Symbol",
            "Numerator",
            "Denominator",
            "Lower 95% limit",
            "Upper 95% limit",
            "Rank among statistical neighbours",
            "Areas ranked with the neighbours",
            "Rank in England",
            "Authorities ranked in England",
            "Quartile band in England",
            "Provisional or final",
            "Note",
        ],
        rows,
    }
}

/// Every update given in every round.
fn updates(file: &PlanFile, revision: &RevisionContent) -> Sheet {
    // Titles by identity, so an update given against an earlier revision finds its item.
    let ids = cypp_domain::Identities::of(file);
    let mut titles = std::collections::HashMap::new();
    for top in &revision.items {
        for (_, item) in top.walk() {
            titles.insert(ids.item(item.id).0, item.heading());
            for a in &item.actions {
                titles.insert(ids.action(a.id).0, a.title.clone());
            }
        }
    }
    let mut rows = Vec::new();
    for round in &file.rounds {
        for u in &round.updates {
            let about = u.item.map(|i| ids.item(i).0).or(u.action.map(|a| ids.action(a).0));
            rows.push(vec![
                Cell::text(&round.name),
                Cell::text(about.and_then(|id| titles.get(&id).cloned()).unwrap_or_default()),
                Cell::optional(u.rag.map(|r| r.label())),
                Cell::optional(u.action_status.map(|s| s.label())),
                Cell::optional(u.working_well.clone()),
                Cell::optional(u.worried_about.clone()),
                Cell::optional(u.next_steps.clone()),
                Cell::text(&u.author),
                u.submitted_at.map_or(Cell::Empty, |t| Cell::Date(t.date_naive())),
            ]);
        }
    }
    Sheet {
        name: "Updates",
        columns: vec![
            "Round",
            "About",
            "RAG",
            "Action status",
            cypp_domain::round::WORKING_WELL,
            cypp_domain::round::WORRIED_ABOUT,
            cypp_domain::round::NEXT_STEPS,
            "Given by",
            "Submitted",
        ],
        rows,
    }
}

/// The table `which` of the plan as it stands in `revision`.
pub fn sheet(file: &PlanFile, revision: &RevisionContent, which: Which, audience: Audience) -> Sheet {
    let names = Names::new(&file.partnership, revision, &file.measures);
    match which {
        Which::Actions => actions(revision, &names),
        Which::Measures => measures(file, &names, audience),
        Which::Updates => updates(file, revision),
    }
}

/// A table as CSV: UTF-8 with a byte-order mark, CRLF line ends, dates as 31/03/2027, formulas
/// made text.
pub fn csv(sheet: &Sheet) -> Result<String, PublishError> {
    let mut csv = Csv::new(true);
    csv.text_row(sheet.columns.iter())?;
    for row in &sheet.rows {
        csv.row(row.iter().map(|c| match c {
            Cell::Text(t) => CsvCell::Text(t),
            Cell::Number(n) => CsvCell::Value(n.to_string()),
            Cell::Date(d) => CsvCell::Value(d.format("%d/%m/%Y").to_string()),
            Cell::Empty => CsvCell::Value(String::new()),
        }))?;
    }
    Ok(csv.finish()?)
}

/// The tables as one workbook, a sheet each: text as text (a cell that looks like a formula is
/// marked with Excel's quote prefix, so it stays text even when edited), numbers as numbers,
/// dates as dates shown day/month/year, the header row bold and frozen.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, PublishError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| PublishError::Workbook(e.to_string());
    let mut workbook = Workbook::new();
    // Dated to the day, not the second, so the same figures give the same file all day.
    let today = chrono::Utc::now().date_naive();
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(
            &ExcelDateTime::from_ymd(
                u16::try_from(chrono::Datelike::year(&today)).unwrap_or(1900),
                chrono::Datelike::month(&today) as u8,
                chrono::Datelike::day(&today) as u8,
            )
            .map_err(failed)?,
        ),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let quoted = Format::new().set_quote_prefix();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.name).map_err(failed)?;
        for (c, name) in sheet.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold).map_err(failed)?;
            ws.set_column_width(c as u16, 18).map_err(failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) if looks_like_formula(t) => ws.write_string_with_format(r, c, t, &quoted),
                    Cell::Text(t) => ws.write_string(r, c, t),
                    Cell::Number(n) => ws.write_number(r, c, *n),
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(failed)?;
                        ws.write_date_with_format(r, c, &day, &date)
                    }
                    Cell::Empty => continue,
                }
                .map_err(failed)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(failed)
}
