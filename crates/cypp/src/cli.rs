//! The command line, as clap types. Every option that names a setting can also come from the
//! environment (`CYPP_DATABASE_URL`, `CYPP_ADDR`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cypp_domain::Role;

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
    Demo(DatabaseArgs),
    /// Write a plan to a file.
    Export(ExportArgs),
    /// Read a plan from a file into the database.
    Import(ImportArgs),
    /// Manage the people who can sign in.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Args, Clone)]
pub struct DatabaseArgs {
    /// The database: sqlite://FILE (created if missing) or postgres://USER@HOST/NAME.
    #[arg(long = "database", env = "CYPP_DATABASE_URL", default_value = "sqlite://cypp.db", value_name = "URL")]
    pub url: String,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, env = "CYPP_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
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
    pub format: PlanFormat,
    /// Where to write; standard output if not given or "-".
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: PlanFormat,
    /// The file to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
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

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
}
