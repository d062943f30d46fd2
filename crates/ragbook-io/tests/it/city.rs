//! The city plan's package: the Eastbridge demo reads, round trips through a CSV folder and a
//! workbook, and a row that breaks a city rule is refused, naming its file, row and column.

use std::path::{Path, PathBuf};

use ragbook_io::package::write::{write_csv_folder, write_workbook};

use crate::package::{read_fresh, with_first_row_cell};

fn city() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/city")
}

/// A copy of the city demo with one cell of the first row of `table` set to `value`.
fn city_with(table: &str, column: &str, value: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(city()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join(format!("{table}.csv"));
    let original = std::fs::read(&path).unwrap();
    with_first_row_cell(&path, &original, column, value);
    dir
}

fn refused(dir: &Path) -> String {
    read_fresh(dir).expect_err("the package is refused")
}

#[test]
fn the_city_demo_reads_and_round_trips() {
    let original = read_fresh(&city()).unwrap();
    let data = &original.dataset;
    assert_eq!(data.priorities.len(), 12, "3 themes and 9 priorities");
    assert_eq!(data.deliverables.len(), 51);
    assert_eq!(data.measures.len(), 45);
    assert_eq!(data.projects.len(), 20);
    assert_eq!(data.risks.len(), 18);
    assert_eq!(data.project_updates.len(), 80);
    let both = data
        .risk_updates
        .iter()
        .filter(|u| u.likelihood.is_some() && u.opportunity_likelihood.is_some())
        .count();
    assert!(both > 0, "a risk with a threat and an opportunity score");
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("export");
    write_csv_folder(&folder, data, &original.settings, &Default::default()).unwrap();
    assert_eq!(read_fresh(&folder).unwrap(), original);
    let book = dir.path().join("export.xlsx");
    write_workbook(&book, data, &original.settings, &Default::default()).unwrap();
    assert_eq!(&read_fresh(&book).unwrap().dataset, data);
    // The scores an export writes beside the levels are their products.
    let risks = std::fs::read_to_string(folder.join("risk_updates.csv")).unwrap();
    assert!(
        risks
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("SR21,2025-26-Q3,4,4,16,"),
        "{risks}"
    );
}

#[test]
fn a_risk_score_that_is_not_the_product_of_its_levels_is_refused() {
    let message = refused(city_with("risk_updates", "score", "15").path());
    assert!(message.contains("risk_updates.csv"), "{message}");
    assert!(message.contains("row 2"), "{message}");
    assert!(message.contains("column 'score'"), "{message}");
    assert!(
        message.contains("a score of 15 is not likelihood 4 x impact 4 = 16"),
        "{message}"
    );
}

#[test]
fn a_level_off_the_matrix_is_refused() {
    // The settings' matrix is 4x4: a likelihood of 5 is off it, though a 5x5 matrix has it.
    let dir = city_with("risk_updates", "likelihood", "5");
    let path = dir.path().join("risk_updates.csv");
    let original = std::fs::read(&path).unwrap();
    with_first_row_cell(&path, &original, "score", "");
    let message = refused(dir.path());
    assert!(message.contains("column 'likelihood'"), "{message}");
    assert!(
        message.contains("likelihood 5 is off the 4x4 matrix: levels are 1 to 4"),
        "{message}"
    );
}

#[test]
fn a_project_rag_set_by_hand_needs_its_reason() {
    let message = refused(city_with("project_updates", "rag_override", "red").path());
    assert!(message.contains("project_updates.csv"), "{message}");
    assert!(message.contains("column 'reason'"), "{message}");
    assert!(
        message.contains("a RAG set by hand (Red) needs the reason"),
        "{message}"
    );
    let message = refused(city_with("project_updates", "time", "").path());
    assert!(message.contains("column 'time'"), "{message}");
    assert!(message.contains("needs each criterion"), "{message}");
    let message = refused(city_with("project_updates", "cost", "partly").path());
    assert!(
        message.contains("expected one of within, outside"),
        "{message}"
    );
}

#[test]
fn a_position_that_does_not_fit_its_kind_is_refused() {
    // A measure given a milestone status, and a milestone given a measure's colour.
    let dir = city_with("projects", "title", "Riverside Market");
    std::fs::write(
        dir.path().join("measure_updates.csv"),
        "measure,quarter,rating,rating_reason\nPM01,2026-27-Q2,on_track,Agreed with the lead\n",
    )
    .unwrap();
    let message = refused(dir.path());
    assert!(message.contains("measure_updates.csv"), "{message}");
    assert!(message.contains("column 'rating'"), "{message}");
    assert!(message.contains("\"on_track\""), "{message}");
    let message = refused(city_with("deliverable_updates", "rating", "blue").path());
    assert!(message.contains("deliverable_updates.csv"), "{message}");
    assert!(
        message.contains("expected a rating of the Milestone key"),
        "{message}"
    );
}
