//! What the user typed: clap's view of the command line, turned into calls.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// ragbook: a council's plan, its quarterly performance and budget, rated, rolled up and
/// reported from one set of data.
#[derive(Debug, Parser)]
#[command(name = "ragbook", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rate key measures in a CSV file against their targets.
    ///
    /// The file needs a header row with the columns measure, actual, target, unit, polarity
    /// and method; other columns are passed through. The output is the same rows with
    /// rating, deviation_pct and explanation added. If any row is wrong, every problem is
    /// listed and nothing is written.
    Rate(RateArgs),
    /// List the rating schemes shipped with ragbook, or show one in full.
    Schemes {
        /// A scheme name (county, county-older, city, deliverables, milestones) or TOML file.
        name: Option<String>,
    },
}

/// Arguments of `ragbook rate`.
#[derive(Debug, clap::Args)]
pub struct RateArgs {
    /// Rating scheme: a shipped name (county, county-older, city) or a TOML file.
    #[arg(long, short, default_value = "county", value_name = "NAME|FILE")]
    pub scheme: String,
    /// CSV file to rate; standard input if absent or '-'.
    #[arg(long, short, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Where to write the rated CSV; standard output if absent or '-'.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Rate(args) => crate::rate::run(&args),
        Command::Schemes { name } => crate::schemes::run(name.as_deref()),
    }
}
