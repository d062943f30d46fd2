//! `ragbook demo`, `template`, `import`, `export`, `lock` and `history`, run as a user runs them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{ragbook, text};

pub fn demo_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

/// A copy of the demo package's files in `dir/name` (not its refresh, a folder of its own).
pub fn demo_copy(dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(name);
    fs::create_dir_all(&copy).unwrap();
    for entry in fs::read_dir(demo_folder()).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    copy
}

fn edit(folder: &Path, file: &str, from: &str, to: &str) {
    let path = folder.join(file);
    let content = fs::read_to_string(&path).unwrap();
    assert!(content.contains(from), "{file} has no {from:?}");
    fs::write(&path, content.replacen(from, to, 1)).unwrap();
}

pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = ragbook(dir, args, "");
    assert!(
        output.status.success(),
        "ragbook {args:?} failed:\n{}",
        text(&output.stderr)
    );
    format!("{}{}", text(&output.stdout), text(&output.stderr))
}

pub fn run_failing(dir: &Path, args: &[&str]) -> String {
    let output = ragbook(dir, args, "");
    assert_eq!(
        output.status.code(),
        Some(1),
        "ragbook {args:?} should fail:\n{}",
        text(&output.stderr)
    );
    text(&output.stderr)
}

#[test]
fn the_demo_creates_a_database_and_says_what_to_do_next() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(dir.path(), &["demo"]);
    assert!(
        out.contains("Created the Northshire County Council demo in ragbook-demo.sqlite"),
        "{out}"
    );
    assert!(
        out.contains("ragbook export --database ragbook-demo.sqlite northshire.xlsx"),
        "{out}"
    );
    let info = run_ok(dir.path(), &["info", "-d", "ragbook-demo.sqlite"]);
    assert!(
        info.contains("42 deliverables, 553 deliverable updates, 37 measures"),
        "{info}"
    );
    assert!(info.contains("Locked quarters: 2026-27-Q1"), "{info}");
    // Quarter 1 went through the cycle and was published; quarter 2 is open; the demo's
    // people can sign in to the web app.
    assert!(
        out.contains("2026-27-Q1 is published and locked; 2026-27-Q2 is open for updates"),
        "{out}"
    );
    assert!(
        out.contains("serve --database ragbook-demo.sqlite"),
        "{out}"
    );
    assert!(out.contains("adult.care"), "{out}");
    // Running it again starts afresh: the import, the 2026-27 refresh, the service plans,
    // quarter 1 opened and published, quarter 2 opened.
    run_ok(dir.path(), &["demo"]);
    assert!(
        run_ok(dir.path(), &["info", "-d", "ragbook-demo.sqlite"]).contains("Changes:         6")
    );
}

#[test]
fn import_export_import_gives_identical_data() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_ok(
        d,
        &[
            "import",
            demo_folder().to_str().unwrap(),
            "-d",
            "first.sqlite",
            "--as",
            "ann",
        ],
    );
    run_ok(d, &["export", "-d", "first.sqlite", "first.json"]);
    for (format, out) in [("xlsx", "package.xlsx"), ("csv", "package-folder")] {
        run_ok(
            d,
            &["export", "-d", "first.sqlite", "--format", format, out],
        );
        let second = format!("second-{format}.sqlite");
        run_ok(d, &["import", out, "-d", &second]);
        let json = format!("second-{format}.json");
        run_ok(d, &["export", "-d", &second, &json]);
        assert_eq!(
            fs::read_to_string(d.join("first.json")).unwrap(),
            fs::read_to_string(d.join(&json)).unwrap(),
            "{format} round trip"
        );
    }
    // Importing the same package again changes nothing.
    let again = run_ok(d, &["import", "package.xlsx", "-d", "first.sqlite"]);
    assert!(again.contains("Nothing to change"), "{again}");
}

#[test]
fn the_template_is_a_blank_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(dir.path(), &["template", "blank.xlsx"]);
    assert!(out.contains("Wrote blank.xlsx"), "{out}");
    let error = run_failing(dir.path(), &["import", "blank.xlsx", "-d", "new.sqlite"]);
    assert!(
        error.contains("a first import needs the organisation table"),
        "{error}"
    );
    assert!(run_failing(dir.path(), &["template", "blank.csv"]).contains("ending .xlsx"));
}

/// Every class of bad input is reported with where it is, and nothing is loaded.
#[test]
fn bad_packages_are_refused_whole_with_every_problem_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "measures.csv",
            "KM02,Participants",
            "KM01,Participants",
            &["measures.csv, row 3, column 'id': KM01 is already on row 2"],
        ),
        (
            "measure_values.csv",
            "KM01,2023-24-Q1,416",
            "KM99,2023-24-Q1,416",
            &["measure_values.csv, row 2, column 'measure': \"KM99\" is not a measure"],
        ),
        (
            "deliverables.csv",
            ",P1,Director of Communities",
            ",P9,Director of Communities",
            &[
                "column 'priorities': \"P9\" is not the id, title or former title of a priority of the plan",
            ],
        ),
        (
            "measures.csv",
            "percent,1,lower",
            "percent,one,lower",
            &["column 'decimals': expected a whole number from 0 to 6, found \"one\""],
        ),
        (
            "deliverables.csv",
            "2023-04-01",
            "31/09/2020",
            &["column 'start': \"31/09/2020\" is not a real date: September 2020 has 30 days"],
        ),
        (
            "measure_values.csv",
            "KM01,2023-24-Q1,416,",
            "KM01,2023-24-Q1,416 target,",
            &["column 'value': expected a figure such as 1,506"],
        ),
        (
            "measure_values.csv",
            "KM01,2023-24-Q1,416,",
            "KM01,2023-24-Q1,,416",
            &["column 'status': found the figure \"416\" in the status column"],
        ),
        (
            "measure_values.csv",
            "KM07,2023-24-Q1,",
            "KM07,2023/24 Q5,",
            &["column 'period': expected a period"],
        ),
        (
            "measure_values.csv",
            "KM01,2023-24-Q1,416",
            "KM01,2023-24-Q1,\"416",
            &[
                "row 2, column 'value': the cell runs over several lines: is a quote (\") left open on this row?",
            ],
        ),
        (
            "targets.csv",
            "measure,period,target,full_year",
            "measure,period,target,fullyear",
            &["targets has no column \"fullyear\""],
        ),
    ];
    run_ok(
        d,
        &[
            "import",
            demo_folder().to_str().unwrap(),
            "-d",
            "held.sqlite",
        ],
    );
    run_ok(d, &["export", "-d", "held.sqlite", "before.json"]);
    for (index, (file, from, to, expected)) in cases.iter().enumerate() {
        let folder = demo_copy(d, &format!("case{index}"));
        edit(&folder, file, from, to);
        let fresh = format!("fresh{index}.sqlite");
        let error = run_failing(d, &["import", folder.to_str().unwrap(), "-d", &fresh]);
        for needle in *expected {
            assert!(
                error.contains(needle),
                "case {index}: missing {needle:?} in\n{error}"
            );
        }
        assert!(
            error.contains("nothing was written"),
            "case {index}: {error}"
        );
        // Nothing loaded into a fresh database either.
        let info = run_ok(d, &["info", "-d", &fresh]);
        assert!(
            info.contains("Plan:            none yet"),
            "case {index}: {info}"
        );
    }

    // Text that is not UTF-8, and a cell longer than Excel allows.
    let folder = demo_copy(d, "encoding");
    let mut bytes = fs::read(folder.join("priorities.csv")).unwrap();
    bytes.extend_from_slice(b"P5,Caf\xe9 culture,,,\n");
    fs::write(folder.join("priorities.csv"), bytes).unwrap();
    let mut long = fs::read_to_string(folder.join("deliverables.csv")).unwrap();
    long.push_str(&format!("D99,{},,P1,,,,,\n", "x".repeat(40_000)));
    fs::write(folder.join("deliverables.csv"), long).unwrap();
    let error = run_failing(
        d,
        &["import", folder.to_str().unwrap(), "-d", "held.sqlite"],
    );
    assert!(
        error.contains("priorities.csv, row 6, column 'title': the text is not UTF-8"),
        "{error}"
    );
    assert!(
        error.contains(
            "deliverables.csv, row 42, column 'title': the cell has more than 32767 characters"
        ),
        "{error}"
    );

    // A zip bomb dressed as a workbook.
    let bomb = {
        use std::io::Write;
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        zip.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&vec![b' '; 50 * 1024 * 1024]).unwrap();
        zip.finish().unwrap();
        buffer.into_inner()
    };
    fs::write(d.join("bomb.xlsx"), bomb).unwrap();
    let error = run_failing(d, &["import", "bomb.xlsx", "-d", "held.sqlite"]);
    assert!(error.contains("bomb.xlsx: the workbook's part xl/worksheets/sheet1.xml expands far more than a spreadsheet does"), "{error}");

    // The database that held the demo is exactly as it was.
    run_ok(d, &["export", "-d", "held.sqlite", "after.json"]);
    assert_eq!(
        fs::read_to_string(d.join("before.json")).unwrap(),
        fs::read_to_string(d.join("after.json")).unwrap()
    );
}

#[test]
fn a_locked_quarter_changes_only_with_a_reason_and_history_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_ok(
        d,
        &[
            "import",
            demo_folder().to_str().unwrap(),
            "-d",
            "db.sqlite",
            "--as",
            "ann",
        ],
    );
    run_ok(
        d,
        &["lock", "2024-25-Q1", "-d", "db.sqlite", "--as", "perf"],
    );
    let folder = d.join("update");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("measure_values.csv"),
        "measure,period,value,status\nKM07,2024-25-Q1,4.9%,restated\nKM07,2026-27-Q2,5.0%,\n",
    )
    .unwrap();
    let error = run_failing(d, &["import", "update", "-d", "db.sqlite", "--as", "bob"]);
    assert!(error.contains("measure value KM07 2024-25-Q1"), "{error}");
    assert!(error.contains("--reason"), "{error}");
    let out = run_ok(
        d,
        &[
            "import",
            "update",
            "-d",
            "db.sqlite",
            "--as",
            "bob",
            "--reason",
            "Late HR data",
        ],
    );
    assert!(out.contains("0 new, 2 changed"), "{out}");
    let history = run_ok(d, &["history", "KM07", "-d", "db.sqlite"]);
    assert!(history.contains("ann created KM07"), "{history}");
    assert!(
        history.contains("bob changed KM07 2024-25-Q1 [restatement]: Late HR data"),
        "{history}"
    );
    assert!(
        history.contains("bob changed KM07 2026-27-Q2: Late HR data"),
        "{history}"
    );
    assert!(history.contains("\"restated\""), "{history}");
    // The locked quarter still exports as it was.
    run_ok(
        d,
        &[
            "export",
            "-d",
            "db.sqlite",
            "--as-locked",
            "2024-25-Q1",
            "locked",
        ],
    );
    let locked = fs::read_to_string(d.join("locked/measure_values.csv")).unwrap();
    assert!(!locked.contains("KM07,2024-25-Q1,4.9,restated"), "{locked}");
    let now = run_ok(d, &["export", "-d", "db.sqlite", "now"]);
    assert!(now.contains("Wrote now"));
    let values = fs::read_to_string(d.join("now/measure_values.csv")).unwrap();
    // The update had no as_of column: the months held are kept.
    assert!(
        values.contains("KM07,2024-25-Q1,4.9,restated,Jun-2024,"),
        "{values}"
    );
    assert!(
        values.contains("KM07,2026-27-Q2,5.0,,Sep-2026,"),
        "{values}"
    );
    let not_locked = run_failing(
        d,
        &[
            "export",
            "-d",
            "db.sqlite",
            "--as-locked",
            "2024-25-Q2",
            "x",
        ],
    );
    assert!(
        not_locked.contains("2024-25-Q2 is not locked; locked quarters: 2024-25-Q1"),
        "{not_locked}"
    );
}
