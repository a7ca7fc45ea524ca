//! The command line, as clap types. Every option that names a setting can also come from the
//! environment (`CYPP_DATABASE_URL`, `CYPP_ADDR`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cypp_domain::Role;
use cypp_figures::Format;

/// cypp runs a children's partnership's Children and Young People's Plan: write the plan,
/// track its actions and measures, collect progress, report and publish.
#[derive(Parser)]
#[command(name = "cypp", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the web app. An empty database gets the demonstration partnership.
    Serve(ServeArgs),
    /// Create or update the database's tables.
    Migrate(DatabaseArgs),
    /// Load the demonstration partnership (Kelderby) and its users into the database.
    Demo(DemoArgs),
    /// Write a plan to a file.
    Export(ExportArgs),
    /// Read a plan from a file into the database, or a measure's figures from a data file.
    Import(Box<ImportArgs>),
    /// Write a consistent copy of the whole database to a file, while the server runs.
    Backup(BackupArgs),
    /// Put a backup made by `cypp backup` in place of the database (stop the server first).
    Restore(RestoreArgs),
    /// Write a board paper made from a reporting round.
    Report(ReportArgs),
    /// Open, close and list a plan's reporting rounds.
    Round {
        #[command(subcommand)]
        command: RoundCommand,
    },
    /// Manage the people who can sign in.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Run the statistical methods on figures given on the command line, JSON out: for
    /// analysts checking cypp against the reference packages.
    Analyse {
        #[command(subcommand)]
        command: AnalyseCommand,
    },
}

#[derive(Subcommand)]
pub enum AnalyseCommand {
    /// Statistical process control (XmR, Making Data Count) of one value per line.
    Spc(SpcArgs),
    /// A confidence interval for a count or a proportion.
    Interval(IntervalArgs),
    /// Compare a value and its interval with a benchmark, as Fingertips does.
    Compare(CompareArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ImprovementArg {
    Increase,
    Decrease,
    Neutral,
}

#[derive(Args)]
pub struct SpcArgs {
    /// The values, one per line; standard input if not given or "-".
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Which way is an improvement.
    #[arg(long, value_enum, default_value = "neutral")]
    pub improvement: ImprovementArg,
    /// The target, for the assurance icon.
    #[arg(long, allow_negative_numbers = true)]
    pub target: Option<f64>,
    /// Indexes (from 0) at which the limits are recalculated, such as 12,24.
    #[arg(long, value_delimiter = ',')]
    pub rebase_at: Vec<usize>,
    /// Take each group's mean and limits from its first N points.
    #[arg(long, value_name = "N")]
    pub fix_after: Option<usize>,
    /// Do not screen out large moving ranges (the "Excel" preset).
    #[arg(long)]
    pub no_screen: bool,
    /// Count trends and shifts of 6 points instead of 7.
    #[arg(long)]
    pub six_point_runs: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum IntervalMethod {
    Wilson,
    Byar,
    Rate,
}

#[derive(Args)]
pub struct IntervalArgs {
    #[arg(long, value_enum)]
    pub method: IntervalMethod,
    #[arg(long, allow_negative_numbers = true)]
    pub count: f64,
    #[arg(long, allow_negative_numbers = true)]
    pub denominator: f64,
    /// Scale the result: 100 for a percentage, 100000 for a rate per 100,000 (the default for
    /// rates; 1 otherwise).
    #[arg(long)]
    pub multiplier: Option<f64>,
    /// 95 or 99.8.
    #[arg(long, default_value = "95")]
    pub confidence: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PolarityArg {
    High,
    Low,
    None,
}

#[derive(Args)]
pub struct CompareArgs {
    #[arg(long, allow_negative_numbers = true)]
    pub value: f64,
    /// The lower limit of the 95% interval.
    #[arg(long, allow_negative_numbers = true)]
    pub lower: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    pub upper: Option<f64>,
    /// The 99.8% interval, for the two-level comparison.
    #[arg(long, allow_negative_numbers = true)]
    pub lower998: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    pub upper998: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    pub benchmark: f64,
    /// Whether higher is better (high), lower is better (low) or neither (none).
    #[arg(long, value_enum)]
    pub polarity: PolarityArg,
}

#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// The database: sqlite://FILE (created if missing) or postgres://USER@HOST/NAME.
    #[arg(long = "database", env = "CYPP_DATABASE_URL", default_value = "sqlite://cypp.db", value_name = "URL")]
    pub url: String,
}

#[derive(Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// kelderby: the demonstration partnership. national: 153 partnerships, each with a plan of
    /// about 60 items, 200 actions and 300 measures with 20 years of monthly figures (11 million
    /// in all) and 5 rounds, for measuring cypp at a national body's scale.
    #[arg(long, value_enum, default_value = "kelderby")]
    pub scale: DemoScale,
    /// With --scale national, load only the first N partnerships (all 153 by default).
    #[arg(long, value_name = "N", default_value_t = 153)]
    pub partnerships: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoScale {
    Kelderby,
    National,
}

#[derive(Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The backup file to write; it must not exist yet. SQLite gives an SQLite file, PostgreSQL
    /// a pg_dump archive (custom format).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The backup file, as `cypp backup` wrote it.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, env = "CYPP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// An SMTP relay for the reminders to leads, as smtp://host:port. Without it nothing is
    /// emailed and the chasing page lists what would have been sent.
    #[arg(long, env = "CYPP_SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,
    /// Who the reminders come from, such as "Kelderby CYPP <cypp@kelderby.gov.uk>".
    #[arg(long, env = "CYPP_SMTP_FROM", value_name = "ADDRESS", requires = "smtp_url")]
    pub smtp_from: Option<String>,
    /// The address people reach this service at, for the links in emails (default: the
    /// listening address).
    #[arg(long, env = "CYPP_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// A PostgreSQL streaming replica of the database (postgres://USER@HOST/NAME), for the
    /// reads that may lag a moment: public pages, and signed-in pages once it has replayed
    /// what that person last changed. Every write, and every read while it is down or behind,
    /// goes to the database itself.
    #[arg(long = "database-replica", env = "CYPP_DATABASE_REPLICA_URL", value_name = "URL")]
    pub database_replica: Option<String>,
    /// Do not load the demonstration partnership into an empty database.
    #[arg(long)]
    pub no_demo: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PlanFormat {
    /// The lossless cypp-plan JSON file (docs/PLAN-FILE.md).
    Json,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The plan's slug, as in its web address /plans/SLUG.
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// For csv: which table (xlsx holds all three, a sheet each).
    #[arg(long, value_enum, default_value = "actions")]
    pub table: ExportTable,
    /// The public edition: the published revision, with small numbers suppressed as on the
    /// website. Without it, the current revision with every figure, for the board and officers.
    #[arg(long)]
    pub public: bool,
    /// Where to write; standard output if not given or "-".
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The lossless cypp-plan JSON file (docs/PLAN-FILE.md).
    Json,
    /// The plan as an A4 PDF, typeset with a contents page.
    Pdf,
    /// The plan as a Word document, with real headings, lists and tables.
    Docx,
    /// The plan as one standalone web page.
    Html,
    /// One table (see --table) as CSV, UTF-8 with a byte-order mark.
    Csv,
    /// The actions, measures with their figures, and updates as an Excel workbook.
    Xlsx,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Which report, from the round's accepted updates. The highlight report gives, by
    /// exception, what is red or amber, worse than in the round before or newly resolved, with
    /// the leads' words and the measures' evidence; the progress report is the committee's,
    /// with every part of the plan asked about.
    #[arg(value_enum)]
    pub report: ReportKind,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The plan's slug, as in its web address /plans/SLUG.
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    /// The round's name, such as "Q2 2026-27"; the open round (or else the latest) if not
    /// given, and for the easy read the latest with progress on the public site.
    #[arg(long, value_name = "NAME")]
    pub round: Option<String>,
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: ReportFormat,
    /// Where to write; standard output if not given or "-".
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// The board dashboard: exceptions first, updates not yet accepted, what changed, RAG by
    /// outcome and priority, the KPI scorecard.
    Dashboard,
    /// By exception: what is red or amber, worse, or newly resolved.
    Highlight,
    /// The committee progress report: every part of the plan asked about, in a council
    /// committee report's layout, with the officer's sections written in the app.
    Progress,
    /// The easy read for children, young people and families: the plan and the round's public
    /// progress in the officers' easy words, a picture beside every line (PDF or HTML). What is
    /// still to write is listed on standard error.
    EasyRead,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportTable {
    Actions,
    Measures,
    Updates,
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: Option<ImportCommand>,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: PlanFormat,
    /// The plan file to read.
    #[arg(value_name = "FILE", required = true)]
    pub file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Read a measure's figures, with its comparators', from an official data file.
    Data(ImportDataArgs),
    /// Read an existing plan document (text, Markdown, HTML, Word or PDF) into a draft plan.
    Plan(ImportPlanArgs),
}

#[derive(Args)]
pub struct ImportPlanArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The plan document to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// auto (from the file's content and name), text, markdown, html, docx or pdf.
    #[arg(long, default_value = "auto", value_name = "auto|text|markdown|html|docx|pdf")]
    pub format: String,
    /// A heading profile of your own (JSON, as crates/plan-reader/profiles/default.json); its
    /// entries are tried before cypp's.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Print the plan that would be saved, and the lines left out, and save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// What the dry run prints: json (the plan in the cypp-plan format, with the lines left
    /// out) or lines (each line of the document beside where it went, to check the reading).
    #[arg(long, default_value = "json", value_name = "json|lines")]
    pub output: String,
    /// The partnership the plan belongs to.
    #[arg(long, default_value = "Imported partnership")]
    pub partnership_name: String,
    /// Its short name for web addresses.
    #[arg(long, default_value = "imported")]
    pub partnership_slug: String,
    /// Its area, such as Rochdale.
    #[arg(long, default_value = "Imported area")]
    pub area_name: String,
    /// Its area's ONS GSS code, such as E08000005.
    #[arg(long, default_value = "E08000000")]
    pub gss_code: String,
}

#[derive(Args)]
pub struct ImportDataArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The file to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// ees (a DfE Explore Education Statistics tidy CSV), fingertips (an OHID Fingertips CSV
    /// export), lait (the DfE LAIT long file), csv or xlsx (cypp's own template, as downloaded
    /// from a measure's page).
    #[arg(long, value_parser = parse_format, value_name = "ees|fingertips|lait|csv|xlsx")]
    pub format: Format,
    /// The plan's slug.
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    /// The measure's slug.
    #[arg(long, value_name = "SLUG")]
    pub measure: String,
    /// EES: the column holding the figure, such as rate_per_10000.
    #[arg(long, value_name = "COLUMN")]
    pub indicator: Option<String>,
    /// EES: the column holding the numerator.
    #[arg(long, value_name = "COLUMN")]
    pub numerator: Option<String>,
    /// EES: the column holding the denominator.
    #[arg(long, value_name = "COLUMN")]
    pub denominator: Option<String>,
    /// Only rows where COLUMN has VALUE (repeat for more): --filter "population_type=Children looked after on 31 March each year".
    #[arg(long, value_name = "COLUMN=VALUE")]
    pub filter: Vec<String>,
    /// Take the rows of this area (a GSS code) as the partnership's own, instead of the
    /// partnership's GSS code.
    #[arg(long, value_name = "GSS")]
    pub area_code: Option<String>,
    /// The area's DfE three-digit LA number, such as 354, for files that use it.
    #[arg(long, value_name = "NUMBER")]
    pub la_code: Option<String>,
    /// LAIT: the measure's code in the Short Desc column, such as Under18concep.
    #[arg(long, value_name = "CODE")]
    pub lait_measure: Option<String>,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Subcommand)]
pub enum RoundCommand {
    /// Every round of the plan: its dates, status and how many updates are in.
    List(RoundListArgs),
    /// Open the round called NAME, or reopen it if it is closed. A round that does not exist
    /// yet is made first (give --due), asking every item and action that has a lead.
    Open(RoundOpenArgs),
    /// Close the round called NAME.
    Close(RoundCloseArgs),
}

#[derive(Args)]
pub struct RoundListArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The plan's slug, as in its web address /plans/SLUG.
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
}

#[derive(Args)]
pub struct RoundOpenArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    /// The round's name, such as "Q3 2025-26".
    pub name: String,
    /// For a new round: the period it reports on, such as "Q3 2025-26".
    #[arg(long)]
    pub period: Option<String>,
    /// For a new round: the day it opens (2027-01-05 or 5/1/2027); today if not given.
    #[arg(long, value_name = "DATE")]
    pub opens: Option<String>,
    /// For a new round: the day updates are due (2027-01-29 or 29/1/2027).
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
}

#[derive(Args)]
pub struct RoundCloseArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[arg(long, value_name = "SLUG")]
    pub plan: String,
    /// The round's name.
    pub name: String,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a person who can sign in. Without --password-stdin a password is generated and
    /// printed once.
    Add(UserAddArgs),
}

#[derive(Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Their email address, which they sign in with.
    pub email: String,
    /// Their name, as others will see it.
    #[arg(long)]
    pub name: String,
    /// What they may do: admin (everything), editor (writes the plan), lead (updates what
    /// they lead), viewer (reads unpublished work).
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::from_word(text).ok_or_else(|| {
        let words: Vec<&str> = Format::ALL.iter().map(|f| f.word()).collect();
        format!("\"{text}\" is not a format cypp reads; use one of {}", words.join(", "))
    })
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
}
