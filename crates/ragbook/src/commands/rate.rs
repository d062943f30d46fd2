//! `ragbook rate`: rate a CSV of key measures.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::rating::MeasureScheme;
use ragbook_core::rollup::Tally;
use ragbook_io::atomic::{AtomicWriteError, write_atomically};
use ragbook_io::rate::{RateError, rate_csv};

use crate::cli::RateArgs;

pub fn run(args: &RateArgs) -> anyhow::Result<ExitCode> {
    let scheme = super::schemes::load(&args.scheme)?;
    let rules = MeasureScheme::new(&scheme)?;
    let (reader, name): (Box<dyn Read + Send>, String) = match args.input.as_deref() {
        None => (Box::new(io::stdin()), "standard input".into()),
        Some(path) if path == Path::new("-") => (Box::new(io::stdin()), "standard input".into()),
        Some(path) => {
            let file =
                File::open(path).with_context(|| format!("could not open {}", path.display()))?;
            (
                Box::new(io::BufReader::with_capacity(1 << 16, file)),
                path.display().to_string(),
            )
        }
    };
    // Rows are rated as they are read and written to a file beside the output (or, for
    // standard output, a temporary file copied out at the end), so memory does not grow with
    // the input and nothing appears unless every row is good.
    let rate = |writer: &mut dyn Write| rate_csv(reader, &name, rules, writer);
    let written = match args.output.as_deref() {
        None => to_stdout(rate),
        Some(path) if path == Path::new("-") => to_stdout(rate),
        Some(path) => match write_atomically(path, rate) {
            Ok(tally) => {
                eprintln!("Wrote {}", path.display());
                Ok(tally)
            }
            Err(AtomicWriteError::Write(error)) => Err(error),
            Err(AtomicWriteError::Io(error)) => {
                return Err(error).with_context(|| format!("could not write {}", path.display()));
            }
        },
    };
    let tally = match written {
        Ok(tally) => tally,
        Err(RateError::Problems(problems)) => {
            eprintln!("{problems}");
            return Ok(ExitCode::FAILURE);
        }
        Err(RateError::Write(error)) => return Err(error.into()),
    };
    eprintln!("{}", summary(&tally, rules));
    io::stderr().flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `rate` into a temporary file and copies it to standard output if it succeeds.
fn to_stdout(
    rate: impl FnOnce(&mut dyn Write) -> Result<Tally, RateError>,
) -> Result<Tally, RateError> {
    let mut spool = io::BufWriter::new(tempfile::tempfile()?);
    let tally = rate(&mut spool)?;
    let mut spool = spool.into_inner().map_err(io::IntoInnerError::into_error)?;
    spool.seek(SeekFrom::Start(0))?;
    io::copy(&mut spool, &mut io::stdout().lock())?;
    Ok(tally)
}

/// "Rated 38 measures with the County key: 10 Strong, 9 Good, ..."
fn summary(tally: &Tally, rules: MeasureScheme<'_>) -> String {
    let scheme = rules.scheme();
    let counts: Vec<String> = scheme
        .ratings()
        .filter(|r| tally.count(*r) > 0)
        .map(|r| format!("{} {}", tally.count(r), scheme.category(r).label))
        .collect();
    let total = tally.total();
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
