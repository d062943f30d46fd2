//! The data package: the demo reads cleanly, and what is written reads back the same.

use std::path::{Path, PathBuf};

use ragbook_core::dataset::Dataset;
use ragbook_io::package::write::{write_csv_folder, write_workbook};
use ragbook_io::package::{Package, read_package};

pub fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

pub fn read_fresh(path: &Path) -> Result<Package, String> {
    read_package(path, None, &Dataset::default(), "").map_err(|e| e.to_string())
}

/// A copy of the demo package in a temporary folder, to break.
pub fn copy_of_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(demo()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Writes the CSV table `original` to `path` with one cell of its first row set to `value`.
pub fn with_first_row_cell(path: &Path, original: &[u8], column: &str, value: &str) {
    let mut reader = csv::Reader::from_reader(original);
    let headings = reader.headers().unwrap().clone();
    let position = headings.iter().position(|h| h == column).unwrap();
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer.write_record(&headings).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        if i == 0 {
            cells[position] = value.to_owned();
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn the_demo_package_reads_without_a_problem() {
    let package = read_fresh(&demo()).unwrap();
    let data = &package.dataset;
    assert_eq!(
        data.organisation.as_ref().unwrap().name,
        "Northshire County Council"
    );
    assert_eq!(data.priorities.len(), 4);
    assert_eq!(data.deliverables.len(), 40);
    assert_eq!(data.measures.len(), 35);
    assert!(data.measure_values.len() > 400);
    assert!(package.settings.contains("[rollup.deliverables]"));
    // Every unit and both polarities appear.
    let units: std::collections::BTreeSet<String> = data
        .measures
        .iter()
        .map(|m| m.unit.code().to_owned())
        .collect();
    assert_eq!(units.len(), 8, "{units:?}");
}

#[test]
fn a_csv_folder_round_trips_exactly() {
    let mut original = read_fresh(&demo()).unwrap();
    // The demo folder also holds its annual refresh, the city demo and the departments'
    // service plans, folders of their own, left alone.
    assert_eq!(
        original.ignored,
        ["city", "refresh-2026-27", "service-plans"]
    );
    original.ignored.clear();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    write_csv_folder(
        &out,
        &original.dataset,
        &original.settings,
        &Default::default(),
    )
    .unwrap();
    let again = read_fresh(&out).unwrap();
    assert_eq!(again, original);
    // Writing over an earlier export replaces it.
    write_csv_folder(&out, &again.dataset, &again.settings, &Default::default()).unwrap();
    assert_eq!(read_fresh(&out).unwrap(), original);
}

#[test]
fn a_workbook_round_trips_exactly() {
    let original = read_fresh(&demo()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("package.xlsx");
    write_workbook(
        &out,
        &original.dataset,
        &original.settings,
        &Default::default(),
    )
    .unwrap();
    let again = read_fresh(&out).unwrap();
    assert_eq!(again.dataset, original.dataset);
    assert_eq!(again.settings.trim_end(), original.settings.trim_end());
}

#[test]
fn the_blank_template_reads_as_an_empty_package() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.xlsx");
    write_workbook(&template, &Dataset::default(), "", &Default::default()).unwrap();
    let error = read_fresh(&template).unwrap_err();
    assert!(
        error.contains("a first import needs the organisation table"),
        "{error}"
    );
    let existing = read_fresh(&demo()).unwrap();
    let empty = read_package(&template, None, &existing.dataset, &existing.settings).unwrap();
    assert_eq!(empty.dataset, Dataset::default());
}

/// Commentary of any length went into the report and the PDF cut it short silently: text over
/// its column's limit is refused on import, naming the cell.
#[test]
fn text_over_its_limit_is_refused_with_where_and_why() {
    let dir = copy_of_demo();
    let updates = dir.path().join("deliverable_updates.csv");
    let original = std::fs::read(&updates).unwrap();
    let with_commentary =
        |commentary: String| with_first_row_cell(&updates, &original, "commentary", &commentary);
    with_commentary("x".repeat(5_001));
    let error = read_fresh(dir.path()).unwrap_err();
    assert!(
        error.contains("row 2") && error.contains("commentary"),
        "names the cell: {error}"
    );
    assert!(
        error.contains("is 5,001 characters long; the limit is 5,000"),
        "{error}"
    );
    with_commentary("x".repeat(5_000));
    read_fresh(dir.path()).unwrap();
}

/// Officers keep notes and Word files beside the tables: they are listed as left alone, not a
/// reason to refuse the import. A CSV file named like no table is still refused: its rows would
/// be lost without a word.
#[test]
fn files_that_are_not_tables_are_left_alone() {
    let dir = copy_of_demo();
    std::fs::write(dir.path().join("notes.txt"), "ask finance about Q3").unwrap();
    std::fs::write(dir.path().join("Q2 commentary.docx"), b"PK\x03\x04").unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    let package = read_fresh(dir.path()).unwrap();
    assert_eq!(package.ignored, ["Q2 commentary.docx", "notes.txt", "old"]);
    assert_eq!(package.dataset, read_fresh(&demo()).unwrap().dataset);

    std::fs::write(dir.path().join("deliverable_update.csv"), "deliverable\n").unwrap();
    let error = read_fresh(dir.path()).unwrap_err();
    assert!(
        error.contains("deliverable_update.csv") && error.contains("its rows would be lost"),
        "{error}"
    );
}

/// A council writing in the older format gets a template without issue and response columns,
/// and the template carries its settings.
#[test]
fn the_template_follows_the_text_format() {
    use ragbook_core::settings::TextFormat;
    use ragbook_io::package::sources::read;
    use ragbook_io::package::write::write_template;
    let dir = tempfile::tempdir().unwrap();
    let settings = "[report]\ntext = \"single_commentary\"\n";
    for (name, text, has_issue) in [
        ("newer.xlsx", TextFormat::IssueAndResponse, true),
        ("older.xlsx", TextFormat::SingleCommentary, false),
    ] {
        let path = dir.path().join(name);
        write_template(&path, settings, text).unwrap();
        let raw = read(&path, None).unwrap();
        assert_eq!(
            raw.settings.as_deref().map(str::trim),
            Some(settings.trim())
        );
        for table in ["deliverable_updates", "measure_updates"] {
            let (_, sheet) = raw.tables.iter().find(|(n, _)| *n == table).unwrap();
            assert!(sheet.column("commentary").is_some(), "{name} {table}");
            assert_eq!(sheet.column("issue").is_some(), has_issue, "{name} {table}");
            assert_eq!(
                sheet.column("response").is_some(),
                has_issue,
                "{name} {table}"
            );
        }
        let package = read_fresh(&path).unwrap_err();
        assert!(package.contains("a first import needs the organisation table"));
    }
}
