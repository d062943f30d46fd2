//! `ragbook demo --city`: the fictional Eastbridge City Council, whose plan is three themes of
//! three priorities, each with milestones, priority measures, priority projects and strategic
//! risks, reported in the city style.

use std::path::Path;
use std::process::ExitCode;

use ragbook_core::access::Role;

use super::{Demo, DemoUser, Suggestions, create, print_next_steps};
use crate::cli::{ReportFormat, ReportKind};
use crate::session;

/// The city demo package, built into the binary.
const CITY: [(&str, &str); 14] = [
    (
        "organisation.csv",
        include_str!("../../../../../demo/city/organisation.csv"),
    ),
    (
        "plan.csv",
        include_str!("../../../../../demo/city/plan.csv"),
    ),
    (
        "priorities.csv",
        include_str!("../../../../../demo/city/priorities.csv"),
    ),
    (
        "deliverables.csv",
        include_str!("../../../../../demo/city/deliverables.csv"),
    ),
    (
        "deliverable_updates.csv",
        include_str!("../../../../../demo/city/deliverable_updates.csv"),
    ),
    (
        "measures.csv",
        include_str!("../../../../../demo/city/measures.csv"),
    ),
    (
        "measure_values.csv",
        include_str!("../../../../../demo/city/measure_values.csv"),
    ),
    (
        "targets.csv",
        include_str!("../../../../../demo/city/targets.csv"),
    ),
    (
        "measure_updates.csv",
        include_str!("../../../../../demo/city/measure_updates.csv"),
    ),
    (
        "projects.csv",
        include_str!("../../../../../demo/city/projects.csv"),
    ),
    (
        "project_updates.csv",
        include_str!("../../../../../demo/city/project_updates.csv"),
    ),
    (
        "risks.csv",
        include_str!("../../../../../demo/city/risks.csv"),
    ),
    (
        "risk_updates.csv",
        include_str!("../../../../../demo/city/risk_updates.csv"),
    ),
    (
        "settings.toml",
        include_str!("../../../../../demo/city/settings.toml"),
    ),
];

/// The quarter the city has reported and locked.
const LOCKED: &str = "2026-27-Q1";
/// The quarter being reported now.
const CURRENT: &str = "2026-27-Q2";

/// The city's people. Demo only: they share [`PASSWORD`].
const USERS: [DemoUser; 5] = [
    ("admin", "Alex Admin", Role::Administrator, None),
    ("perf", "Priya Performance", Role::Performance, None),
    ("place", "Pat Place", Role::DepartmentEditor, Some("Place")),
    (
        "communities",
        "Cam Communities",
        Role::DepartmentEditor,
        Some("Communities"),
    ),
    ("viewer", "Val Viewer", Role::Viewer, None),
];

/// The city demo users' password. Never for real data.
const PASSWORD: &str = "eastbridge-demo";

/// Creates the city demo in `database` and writes its report for the current quarter.
pub fn run(database: &str) -> anyhow::Result<ExitCode> {
    let location = database.to_owned();
    let held = create(
        database,
        &Demo {
            packages: &[(&CITY, "the Eastbridge demo package")],
            locked: LOCKED,
            current: CURRENT,
            users: &USERS,
            password: PASSWORD,
        },
    )?;
    let spinner = session::spinner("Writing the city's report");
    let written = super::super::report::write_report(
        &held,
        CURRENT.parse()?,
        ReportKind::City,
        &[ReportFormat::Html, ReportFormat::Pdf],
        Path::new(super::REPORTS),
    );
    spinner.finish_and_clear();
    let written = written?;
    println!(
        "\nCreated the Eastbridge City Council demo in {location}: {LOCKED} is published and locked; {CURRENT} is open for updates."
    );
    println!(
        "\nIts quarterly performance report for {}:",
        CURRENT
            .parse::<ragbook_core::period::FinancialQuarter>()?
            .long_label()
    );
    for path in &written {
        println!("  {}", path.display());
    }
    print_next_steps(
        &location,
        &Suggestions {
            quarter: CURRENT,
            item: "PP01",
            export: "eastbridge.xlsx",
            users: &USERS,
            password: PASSWORD,
        },
    );
    Ok(ExitCode::SUCCESS)
}
