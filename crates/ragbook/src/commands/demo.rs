//! `ragbook demo`: the fictional Northshire County Council, loaded into a fresh SQLite file.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ReportFormat, ReportKind, WhoArgs};
use crate::session;

/// The demo package, built into the binary so `ragbook demo` works anywhere.
const DEMO: [(&str, &str); 20] = [
    (
        "organisation.csv",
        include_str!("../../../../demo/organisation.csv"),
    ),
    ("plan.csv", include_str!("../../../../demo/plan.csv")),
    (
        "priorities.csv",
        include_str!("../../../../demo/priorities.csv"),
    ),
    (
        "deliverables.csv",
        include_str!("../../../../demo/deliverables.csv"),
    ),
    (
        "deliverable_updates.csv",
        include_str!("../../../../demo/deliverable_updates.csv"),
    ),
    (
        "measures.csv",
        include_str!("../../../../demo/measures.csv"),
    ),
    (
        "measure_values.csv",
        include_str!("../../../../demo/measure_values.csv"),
    ),
    ("targets.csv", include_str!("../../../../demo/targets.csv")),
    (
        "portfolios.csv",
        include_str!("../../../../demo/portfolios.csv"),
    ),
    (
        "portfolio_renames.csv",
        include_str!("../../../../demo/portfolio_renames.csv"),
    ),
    (
        "budget_lines.csv",
        include_str!("../../../../demo/budget_lines.csv"),
    ),
    ("revenue.csv", include_str!("../../../../demo/revenue.csv")),
    ("savings.csv", include_str!("../../../../demo/savings.csv")),
    (
        "general_reserve.csv",
        include_str!("../../../../demo/general_reserve.csv"),
    ),
    (
        "reserve_commitments.csv",
        include_str!("../../../../demo/reserve_commitments.csv"),
    ),
    (
        "earmarked_reserves.csv",
        include_str!("../../../../demo/earmarked_reserves.csv"),
    ),
    (
        "traded_services.csv",
        include_str!("../../../../demo/traded_services.csv"),
    ),
    (
        "aged_debt.csv",
        include_str!("../../../../demo/aged_debt.csv"),
    ),
    ("grants.csv", include_str!("../../../../demo/grants.csv")),
    (
        "settings.toml",
        include_str!("../../../../demo/settings.toml"),
    ),
];

/// The quarter the demo has most recently reported and locked.
const LOCKED: &str = "2026-27-Q1";
/// The quarter being reported now.
const CURRENT: &str = "2026-27-Q2";
/// Where the demo's report is written.
const REPORTS: &str = "reports";

pub fn run(database: &Path) -> anyhow::Result<ExitCode> {
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", database.display());
        if Path::new(&file).exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("could not replace the earlier demo database {file}"))?;
        }
    }
    let folder = tempfile::tempdir().context("could not make a temporary folder")?;
    for (name, text) in DEMO {
        std::fs::write(folder.path().join(name), text)?;
    }
    let location = database.display().to_string();
    let held = session::block_on(async {
        let store = ragbook_store::Store::open(&location).await?;
        let who = WhoArgs {
            by: Some("ragbook demo".into()),
        };
        let change = session::change(&who, None, Some("the Northshire demo package".into()));
        if !super::package::load_package(
            &store,
            folder.path(),
            "the Northshire demo package",
            None,
            change,
        )
        .await?
        {
            anyhow::bail!("the bundled demo package did not load");
        }
        store
            .lock(
                LOCKED.parse()?,
                &session::change(&who, Some("Reported to Cabinet".into()), None),
            )
            .await?;
        let held = store.load().await?;
        store.close().await;
        Ok(held)
    })?;
    let spinner = session::spinner("Writing the demo council's report");
    let both = [ReportFormat::Html, ReportFormat::Pdf];
    let written = super::report::write_report(
        &held,
        CURRENT.parse()?,
        ReportKind::Performance,
        &both,
        Path::new(REPORTS),
    );
    let cabinet = super::report::write_report(
        &held,
        CURRENT.parse()?,
        ReportKind::Cabinet,
        &both,
        Path::new(REPORTS),
    );
    spinner.finish_and_clear();
    let written = written?;
    let cabinet = cabinet?;
    println!(
        "\nCreated the Northshire County Council demo in {location} (quarter {LOCKED} is locked, as reported)."
    );
    println!(
        "\nIts performance report for {}:",
        CURRENT
            .parse::<ragbook_core::period::FinancialQuarter>()?
            .long_label()
    );
    for path in &written {
        println!("  {}", path.display());
    }
    println!("\nIts performance and budget monitoring report to Cabinet:");
    for path in &cabinet {
        println!("  {}", path.display());
    }
    println!("\nTry next:");
    // Name the program as it was run (target/release/ragbook from a checkout), so the
    // commands below can be pasted as they are.
    let me = std::env::args()
        .next()
        .filter(|program| program.contains('/'))
        .unwrap_or_else(|| "ragbook".into());
    let steps = [
        (
            format!("{me} check --database {location} --period {CURRENT}"),
            "what to fix before publishing",
        ),
        (format!("{me} info --database {location}"), "what it holds"),
        (
            format!("{me} export --database {location} northshire.xlsx"),
            "the whole data package, to open in Excel",
        ),
        (
            format!("{me} history --database {location} KM07"),
            "who changed a measure, when and why",
        ),
        (
            format!("{me} template my-council.xlsx"),
            "a blank package for your own council",
        ),
        (
            format!("{me} import --database my-council.sqlite my-council.xlsx"),
            "load it, once filled in",
        ),
    ];
    let width = steps
        .iter()
        .map(|(command, _)| command.len())
        .max()
        .unwrap_or(0);
    for (command, what) in steps {
        println!("  {command:<width$}   # {what}");
    }
    Ok(ExitCode::SUCCESS)
}
