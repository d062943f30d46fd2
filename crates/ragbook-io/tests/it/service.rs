//! The service plans' package: the demo's round trips exactly through a CSV folder and a
//! workbook (a £'000 table comes back in £'000), and the errors published plans are known for
//! are refused, naming file, row and column: a lost minus sign, a total that leaves a row out,
//! 31 September, a completion before its start.

use std::path::{Path, PathBuf};

use ragbook_core::dataset::Dataset;
use ragbook_io::package::read_package;
use ragbook_io::package::write::{write_csv_folder, write_workbook};

use crate::package::with_first_row_cell;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

/// What is held after the demo and its refresh: the plan the service plans refer to.
fn held() -> (Dataset, String) {
    let mut data = Dataset::default();
    let mut settings = String::new();
    for folder in ["", "refresh-2026-27"] {
        let package = read_package(&root().join(folder), None, &data, &settings).unwrap();
        settings = package.settings;
        data.merge(package.dataset);
    }
    (data, settings)
}

fn read(folder: &Path) -> Result<Dataset, String> {
    let (data, settings) = held();
    read_package(folder, None, &data, &settings)
        .map(|p| p.dataset)
        .map_err(|e| e.to_string())
}

/// A copy of the demo's service plans, to break.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("service-plans")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// A copy of the service plans with one cell of the first row of `table` set to `value`.
fn with(table: &str, column: &str, value: &str) -> tempfile::TempDir {
    let dir = copy();
    let path = dir.path().join(format!("{table}.csv"));
    let original = std::fs::read(&path).unwrap();
    with_first_row_cell(&path, &original, column, value);
    dir
}

#[test]
fn the_demo_service_plans_round_trip() {
    let original = read(&root().join("service-plans")).unwrap();
    assert_eq!(original.service_plans.len(), 4);
    assert_eq!(original.actions.len(), 45);
    let total_rows = original
        .service_budgets
        .iter()
        .filter(|r| r.division == "TOTAL")
        .count();
    assert_eq!(total_rows, 0, "a TOTAL row is checked, not kept");
    // Place's table is in £'000: 5,200 is £5,200,000.
    let highways = &original.service_budgets[0];
    assert_eq!(highways.employees, ragbook_core::Decimal::from(5_200_000));
    let (held, settings) = held();
    let mut everything = held.clone();
    everything.merge(original.clone());
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("export");
    write_csv_folder(&folder, &everything, &settings, &Default::default()).unwrap();
    let again = read_package(&folder, None, &Dataset::default(), "")
        .unwrap()
        .dataset;
    assert_eq!(again.service_plans, everything.service_plans);
    assert_eq!(again.actions, everything.actions);
    assert_eq!(again.service_budgets, everything.service_budgets);
    assert_eq!(again.planned_savings, everything.planned_savings);
    assert_eq!(again.department_risks, everything.department_risks);
    assert_eq!(again.procurements, everything.procurements);
    assert_eq!(again.vehicles, everything.vehicles);
    assert_eq!(again.service_targets, everything.service_targets);
    assert_eq!(again.capital_schemes, everything.capital_schemes);
    assert_eq!(again.capital_funding, everything.capital_funding);
    assert_eq!(
        again.measures, everything.measures,
        "a department's share keeps its whole"
    );
    let budgets = std::fs::read_to_string(folder.join("service_budgets.csv")).unwrap();
    assert!(budgets.contains("Highways,,£'000,5200,1800"), "{budgets}");
    let book = dir.path().join("export.xlsx");
    write_workbook(&book, &everything, &settings, &Default::default()).unwrap();
    let again = read_package(&book, None, &Dataset::default(), "")
        .unwrap()
        .dataset;
    assert_eq!(again.actions, everything.actions);
    assert_eq!(again.service_budgets, everything.service_budgets);
    assert_eq!(again.service_targets, everything.service_targets);
    assert_eq!(again.capital_schemes, everything.capital_schemes);
}

#[test]
fn a_lost_minus_sign_is_refused() {
    let message = read(with("service_budgets", "income", "2900").path()).unwrap_err();
    assert!(
        message.contains("service_budgets.csv, row 2, column 'income'"),
        "{message}"
    );
    assert!(message.contains("has it lost its minus sign?"), "{message}");
}

#[test]
fn a_total_that_leaves_a_row_out_names_the_row() {
    // Place's TOTAL row (row 6) with Management's employees (700) left out of it.
    let dir = copy();
    let path = dir.path().join("service_budgets.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace(
        "place-2023-27,2026-27,TOTAL,£'000,10400,2300,1070,5030,7250,0,-750,-800,-4900,-1750",
        "place-2023-27,2026-27,TOTAL,£'000,9700,2300,1060,5000,7250,0,-150,-800,-4900,-1750",
    );
    assert_ne!(broken, text, "the fixture's TOTAL row is as expected");
    std::fs::write(&path, broken).unwrap();
    let message = read(dir.path()).unwrap_err();
    assert!(message.contains("column 'division'"), "{message}");
    assert!(message.contains("leaves out Management"), "{message}");
}

#[test]
fn impossible_dates_and_a_completion_before_its_start_are_refused() {
    let message = read(with("actions", "complete", "31/09/2026").path()).unwrap_err();
    assert!(
        message.contains("actions.csv, row 2, column 'complete'"),
        "{message}"
    );
    assert!(
        message.contains("is not a real date: September 2026 has 30 days"),
        "{message}"
    );
    let message = read(with("actions", "complete", "Mar-2024").path()).unwrap_err();
    assert!(
        message.contains("it completes (March 2024) before it starts (April 2024)"),
        "{message}"
    );
}

#[test]
fn a_departmental_risk_off_the_registers_matrix_is_refused() {
    // The register's matrix is 5x5 by default: likelihood 6 is off it.
    let message = read(with("department_risks", "likelihood", "6").path()).unwrap_err();
    assert!(
        message.contains("PL-R1: likelihood 6 is off the 5x5 matrix"),
        "{message}"
    );
}

#[test]
fn a_procurement_outside_its_band_or_the_plan_is_refused() {
    // The first contract: Place's grounds maintenance, £180,000, band 2.
    let message = read(with("procurements", "band", "3").path()).unwrap_err();
    assert!(
        message.contains("procurements.csv, row 2, column 'band'"),
        "{message}"
    );
    assert!(
        message.contains("£180000 is in band 2 (Over £50,000 to £214,904), not band 3"),
        "{message}"
    );
    assert!(read(with("procurements", "band", "2").path()).is_ok());
    let message = read(with("procurements", "value", "20000").path()).unwrap_err();
    assert!(
        message.contains("lists contracts over £25,000; this is £20000"),
        "{message}"
    );
    let message = read(with("procurements", "date", "Jan-2022").path()).unwrap_err();
    assert!(
        message.contains("January 2022 is before the plan starts (2023-24)"),
        "{message}"
    );
    assert!(
        read(with("procurements", "value", "TBA").path()).is_ok(),
        "a value to be advised"
    );
    let message =
        read(with("procurements", "title", "Highways signs and lines").path()).unwrap_err();
    assert!(message.contains("is already on row 2"), "{message}");
}

#[test]
fn a_priority_named_by_title_or_former_title_is_read_and_an_unknown_name_refused() {
    // Plans written in Word name priorities in words: by short title, and by a title a rename
    // gave it.
    let dir = with(
        "actions",
        "priorities",
        "value for money; Healthy & thriving communities",
    );
    std::fs::write(
        dir.path().join("priority_renames.csv"),
        "priority,from,title,short_title\nP1,2025-26-Q1,\"Healthy, safe and thriving communities\",Healthy & thriving communities\n",
    )
    .unwrap();
    let data = read(dir.path()).unwrap();
    let first = &data.actions[0];
    assert_eq!(
        first
            .priorities
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>(),
        ["P2", "P1"]
    );

    let message = read(with("actions", "priorities", "Good value").path()).unwrap_err();
    assert!(
        message.contains("actions.csv, row 2, column 'priorities'"),
        "{message}"
    );
    assert!(
        message.contains("\"Good value\" is not the id, title or former title of a priority"),
        "{message}"
    );
}

#[test]
fn capital_schemes_plan_targets_and_department_shares_are_checked() {
    // A programme cannot fund more than a scheme's works and fees.
    let message = read(with("capital_schemes", "funded", "250000").path()).unwrap_err();
    assert!(message.contains("capital_schemes"), "{message}");
    assert!(
        message.contains(
            "the programme funds £250000 of a scheme whose works and fees come to £200000"
        ),
        "{message}"
    );
    // A plan's target is read in its measure's unit, for a measure that exists.
    let message = read(with("service_targets", "measure", "KM99").path()).unwrap_err();
    assert!(
        message.contains("service_targets.csv, row 2, column 'measure'")
            && message.contains("KM99 is not a measure"),
        "{message}"
    );
    let message = read(with("service_targets", "target", "lots").path()).unwrap_err();
    assert!(message.contains("column 'target'"), "{message}");
    // A department's share names another measure.
    let message = read(with("measures", "part_of", "KM07-CS").path()).unwrap_err();
    assert!(
        message.contains("column 'part_of'") && message.contains("KM07-CS is not another measure"),
        "{message}"
    );
    let data = read(&root().join("service-plans")).unwrap();
    assert_eq!(
        data.measures[0].part_of.as_ref().map(|m| m.as_str()),
        Some("KM07")
    );
    assert_eq!(
        data.capital_funding[0].amount,
        ragbook_core::Decimal::from(-50_000)
    );
}

#[test]
fn action_progress_is_read_and_written_back() {
    let dir = copy();
    std::fs::write(
        dir.path().join("action_updates.csv"),
        "action,quarter,progress,commentary\nPL-03,2026-27-Q2,delayed,Waiting for the consultant's report.\n",
    )
    .unwrap();
    let data = read(dir.path()).unwrap();
    let update = &data.action_updates[0];
    assert_eq!(
        update.progress,
        Some(ragbook_core::service::ActionProgress::Delayed)
    );
    let (held, settings) = held();
    let mut everything = held;
    everything.merge(data);
    let folder = dir.path().join("export");
    write_csv_folder(&folder, &everything, &settings, &Default::default()).unwrap();
    let again = read_package(&folder, None, &Dataset::default(), "")
        .unwrap()
        .dataset;
    assert_eq!(again.action_updates, everything.action_updates);

    std::fs::write(
        dir.path().join("action_updates.csv"),
        "action,quarter,progress\nPL-99,2026-27-Q2,late\n",
    )
    .unwrap();
    let message = read(dir.path()).unwrap_err();
    assert!(
        message.contains("action_updates.csv, row 2, column 'action'")
            && message.contains("PL-99 is not in the actions table"),
        "{message}"
    );
    assert!(message.contains("column 'progress'"), "{message}");
}
