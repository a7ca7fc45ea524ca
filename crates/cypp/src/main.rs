//! The `cypp` command: runs the web app and looks after its database.
//!
//! Each subcommand lives in `commands/`; this file parses the command line, sets up logging,
//! and prints any error as one line (its causes joined with ": ") before exiting with 1.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{AnalyseCommand, Cli, Command, ImportArgs, ImportCommand, RoundCommand, UserCommand};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CYPP_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Migrate(args) => commands::migrate::run(args).await,
            Command::Backup(args) => commands::backup::backup(args).await,
            Command::Restore(args) => commands::backup::restore(args).await,
            Command::Demo(args) => commands::demo::run(args).await,
            Command::Export(args) => commands::export::run(args).await,
            Command::Report(args) => commands::report::run(args).await,
            Command::Import(args) => match *args {
                ImportArgs { what: Some(ImportCommand::Data(data)), .. } => commands::import_figures::run(data).await,
                ImportArgs { what: Some(ImportCommand::Plan(plan)), .. } => {
                    commands::import_plan_document::run(plan).await
                }
                plan => commands::import_plan_file::run(plan).await,
            },
            Command::User { command: UserCommand::Add(args) } => commands::user::add(args).await,
            Command::Round { command: RoundCommand::List(args) } => commands::round::list(args).await,
            Command::Round { command: RoundCommand::Open(args) } => commands::round::open(args).await,
            Command::Round { command: RoundCommand::Close(args) } => commands::round::close(args).await,
            Command::Analyse { command: AnalyseCommand::Spc(args) } => commands::analyse::spc(args),
            Command::Analyse { command: AnalyseCommand::Interval(args) } => commands::analyse::interval(args),
            Command::Analyse { command: AnalyseCommand::Compare(args) } => commands::analyse::compare(args),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
