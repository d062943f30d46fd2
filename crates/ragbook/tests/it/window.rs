//! A quarter's report and checks cost what the quarter reads: held history beyond it changes
//! neither a byte of the report nor a line of `check`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::run;

fn demo() -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .to_string_lossy()
        .into_owned()
}

/// For each of the demo's quarterly measures, a figure of 1 (in its unit: 1%, £1m) for every
/// quarter from 2005-06 to 2019-20 (`all`), or for the last of them only.
fn old_history(all: bool) -> String {
    let path = Path::new(&demo()).join("measure_values.csv");
    let mut first: Vec<(String, &str)> = Vec::new();
    for row in csv::Reader::from_path(path).unwrap().records() {
        let row = row.unwrap();
        let (measure, period, value) = (&row[0], &row[1], &row[2]);
        if period.contains("-Q") && !value.is_empty() && !first.iter().any(|(m, _)| m == measure) {
            let one = match value {
                v if v.ends_with('%') => "1%",
                v if v.starts_with('£') && v.ends_with('m') => "£1m",
                v if v.starts_with('£') => "£1",
                _ => "1",
            };
            first.push((measure.to_owned(), one));
        }
    }
    let mut csv = String::from("measure,period,value,status\n");
    let years = if all { 2005..2020 } else { 2019..2020 };
    for (measure, one) in &first {
        for start in years.clone() {
            let quarters = if all { 1..=4 } else { 4..=4 };
            for quarter in quarters {
                let _ = writeln!(
                    csv,
                    "{measure},{start}-{:02}-Q{quarter},{one},",
                    (start + 1) % 100
                );
            }
        }
    }
    csv
}

/// The report (HTML and PDF) and `check` of 2026-27-Q2 from a store holding the demo and `extra`.
fn outputs(dir: &Path, name: &str, extra: &str) -> (Vec<u8>, Vec<u8>, String) {
    let db = format!("{name}.sqlite");
    let (code, out) = run(dir, &["import", &demo(), "-d", &db]);
    assert_eq!(code, Some(0), "{out}");
    let update = dir.join(name);
    fs::create_dir(&update).unwrap();
    fs::write(update.join("measure_values.csv"), extra).unwrap();
    let (code, out) = run(dir, &["import", name, "-d", &db]);
    assert_eq!(code, Some(0), "{out}");
    let out_dir = format!("{name}-report");
    let (code, said) = run(
        dir,
        &[
            "report",
            "-d",
            &db,
            "--period",
            "2026-27-Q2",
            "--out",
            &out_dir,
        ],
    );
    assert_eq!(code, Some(0), "{said}");
    let stem = dir.join(&out_dir).join("northshire-performance-2026-27-Q2");
    let (_, checked) = run(dir, &["check", "-d", &db, "--period", "2026-27-Q2"]);
    (
        fs::read(stem.with_extension("html")).unwrap(),
        fs::read(stem.with_extension("pdf")).unwrap(),
        checked,
    )
}

#[test]
fn history_beyond_the_quarters_window_changes_nothing_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let whole = old_history(true);
    let needed = old_history(false);
    assert!(whole.lines().count() > 50 * needed.lines().count());
    let (html, pdf, checked) = outputs(d, "whole", &whole);
    let (needed_html, needed_pdf, needed_checked) = outputs(d, "needed", &needed);
    assert!(html == needed_html, "the HTML differs");
    assert!(pdf == needed_pdf, "the PDF differs");
    assert_eq!(checked, needed_checked);
    assert!(checked.contains("2026-27"), "{checked}");
}
