//! `ragbook report` and `ragbook check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::check::{Severity, blocks, check as check_quarter};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::settings::ReportStyle;
use ragbook_report::cabinet_report::build_cabinet_report;
use ragbook_report::city::build_city;
use ragbook_report::{build, cabinet_html, cabinet_pdf, city_html, city_pdf, html, pdf};
use ragbook_store::Held;

use crate::cli::{DatabaseArgs, ReportFormat, ReportKind};
use crate::session;

/// What is held for `quarter`: as locked if it is locked, else as it is now (only the figures
/// the quarter reads, so that the cost follows the quarter rather than the history held).
fn held_for(quarter: FinancialQuarter, database: &DatabaseArgs) -> anyhow::Result<(Held, bool)> {
    session::block_on(async {
        let store = session::open(database).await?;
        let locked = store.as_locked(quarter).await?;
        let held = match locked {
            Some(held) => (held, true),
            None => (store.load_quarter(quarter).await?, false),
        };
        store.close().await;
        Ok(held)
    })
}

/// Writes the report files for `quarter` from `held` into `out`; returns their paths.
pub fn write_report(
    held: &Held,
    quarter: FinancialQuarter,
    kind: ReportKind,
    formats: &[ReportFormat],
    out: &Path,
) -> anyhow::Result<Vec<PathBuf>> {
    // The quarter's plan, its items then and its settings.
    let held = &held.for_quarter(quarter)?;
    let (settings, book) = (&held.settings, &held.book);
    std::fs::create_dir_all(out)
        .with_context(|| format!("could not make the folder {}", out.display()))?;
    let organisation = held
        .dataset
        .organisation
        .as_ref()
        .map_or("report", |o| o.id.as_str());
    if kind == ReportKind::City {
        let report = build_city(&held.dataset, settings, book, quarter)?;
        let stem = format!("{organisation}-city-report-{quarter}");
        let mut written = Vec::new();
        for format in formats {
            let (path, bytes) = match format {
                ReportFormat::Html => (
                    out.join(format!("{stem}.html")),
                    city_html(&report)?.into_bytes(),
                ),
                ReportFormat::Pdf => (out.join(format!("{stem}.pdf")), city_pdf(&report)?),
            };
            write_file(&path, &bytes)?;
            written.push(path);
        }
        return Ok(written);
    }
    let report = build(&held.dataset, settings, book, quarter)?;
    let cabinet = match kind {
        ReportKind::Performance | ReportKind::City | ReportKind::ServicePlan => None,
        ReportKind::Cabinet => Some(
            build_cabinet_report(&report, &held.dataset, settings, book, quarter)?
                .with_context(|| {
                    format!(
                        "no budget figures are held for {}: import the revenue table for it first (see docs/finance.md)",
                        quarter.long_label()
                    )
                })?,
        ),
    };
    let stem = match kind {
        ReportKind::Cabinet => format!("{organisation}-cabinet-{quarter}"),
        _ => format!("{organisation}-performance-{quarter}"),
    };
    let mut written = Vec::new();
    for format in formats {
        let (path, bytes) = match (format, &cabinet) {
            (ReportFormat::Html, None) => (
                out.join(format!("{stem}.html")),
                html(&report)?.into_bytes(),
            ),
            (ReportFormat::Pdf, None) => (out.join(format!("{stem}.pdf")), pdf(&report)?),
            (ReportFormat::Html, Some(cabinet)) => (
                out.join(format!("{stem}.html")),
                cabinet_html(cabinet)?.into_bytes(),
            ),
            (ReportFormat::Pdf, Some(cabinet)) => {
                (out.join(format!("{stem}.pdf")), cabinet_pdf(cabinet)?)
            }
        };
        write_file(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    ragbook_io::atomic::write_atomically(path, |w| w.write_all(bytes))
        .map_err(|e| anyhow::anyhow!("could not write {}: {e}", path.display()))
}

/// The report `kind` asked for, or the one the plan's style calls for.
pub fn kind_for(kind: Option<ReportKind>, held: &Held) -> ReportKind {
    kind.unwrap_or(match held.settings.report.style {
        ReportStyle::County => ReportKind::Performance,
        ReportStyle::City => ReportKind::City,
    })
}

pub fn report(
    period: &str,
    format: Option<ReportFormat>,
    kind: Option<ReportKind>,
    out: &Path,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let quarter: FinancialQuarter = period.parse()?;
    let (held, locked) = held_for(quarter, database)?;
    if let Some(plan) = held.dataset.plan_for(quarter)
        && !plan.covers(quarter)
    {
        anyhow::bail!(
            "{} is outside the plan {} ({} to {}): there is nothing to report for it",
            quarter.long_label(),
            plan.title,
            plan.first_year,
            plan.last_year
        );
    }
    let formats = match format {
        Some(format) => vec![format],
        None => vec![ReportFormat::Html, ReportFormat::Pdf],
    };
    let kind = kind_for(kind, &held);
    let spinner = session::spinner("Making the report");
    let written = write_report(&held, quarter, kind, &formats, out);
    spinner.finish_and_clear();
    for path in written? {
        eprintln!("Wrote {}", path.display());
    }
    if locked {
        eprintln!(
            "{} is locked: the report shows the data as it was when it was locked.",
            quarter.long_label()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(period: &str, database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let quarter: FinancialQuarter = period.parse()?;
    let (held, _) = held_for(quarter, database)?;
    let held = held.for_quarter(quarter)?;
    let findings = check_quarter(&held.dataset, &held.settings, &held.book, quarter);
    for severity in [Severity::Blocking, Severity::Warning] {
        let list: Vec<_> = findings.iter().filter(|f| f.severity == severity).collect();
        if list.is_empty() {
            continue;
        }
        println!(
            "{}:",
            match severity {
                Severity::Blocking => "Must be fixed before publication",
                Severity::Warning => "Worth a second look",
            }
        );
        for finding in list {
            println!("  {}: {}", finding.place, finding.message);
        }
    }
    let blocking = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    let warnings = findings.len() - blocking;
    println!(
        "{}: {blocking} problem{} block{} publication; {warnings} warning{}.",
        quarter.long_label(),
        if blocking == 1 { "" } else { "s" },
        if blocking == 1 { "s" } else { "" },
        if warnings == 1 { "" } else { "s" }
    );
    Ok(if blocks(&findings) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
