//! `ragbook rate`: rate a CSV of key measures.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::rating::MeasureScheme;
use ragbook_io::atomic::{AtomicWriteError, write_atomically};
use ragbook_io::rate::{Rated, rate_table, write_csv};
use ragbook_io::table::Table;

use crate::cli::RateArgs;

pub fn run(args: &RateArgs) -> anyhow::Result<ExitCode> {
    let scheme = super::schemes::load(&args.scheme)?;
    let rules = MeasureScheme::new(&scheme)?;
    let (reader, name): (Box<dyn Read>, String) = match args.input.as_deref() {
        None => (Box::new(io::stdin().lock()), "standard input".into()),
        Some(path) if path == Path::new("-") => {
            (Box::new(io::stdin().lock()), "standard input".into())
        }
        Some(path) => {
            let file =
                File::open(path).with_context(|| format!("could not open {}", path.display()))?;
            (
                Box::new(io::BufReader::new(file)),
                path.display().to_string(),
            )
        }
    };
    let rated = match Table::read_csv(reader, &name).and_then(|table| rate_table(&table, rules)) {
        Ok(rated) => rated,
        Err(problems) => {
            eprintln!("{problems}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match args.output.as_deref() {
        None => write_csv(&rated, &mut io::stdout().lock())?,
        Some(path) if path == Path::new("-") => write_csv(&rated, &mut io::stdout().lock())?,
        Some(path) => {
            write_atomically(path, |writer| write_csv(&rated, writer))
                .map_err(|error| match error {
                    AtomicWriteError::Io(e) | AtomicWriteError::Write(e) => e,
                })
                .with_context(|| format!("could not write {}", path.display()))?;
            eprintln!("Wrote {}", path.display());
        }
    }
    eprintln!("{}", summary(&rated, rules));
    io::stderr().flush()?;
    Ok(ExitCode::SUCCESS)
}

/// "Rated 38 measures with the County key: 10 Strong, 9 Good, ..."
fn summary(rated: &Rated, rules: MeasureScheme<'_>) -> String {
    let scheme = rules.scheme();
    let counts: Vec<String> = scheme
        .ratings()
        .filter(|r| rated.tally.count(*r) > 0)
        .map(|r| format!("{} {}", rated.tally.count(r), scheme.category(r).label))
        .collect();
    let total = rated.tally.total();
    format!(
        "Rated {total} measure{} with the {}: {}.",
        if total == 1 { "" } else { "s" },
        scheme.name,
        if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        }
    )
}
