//! `ragbook report` and `ragbook check`, run as a user runs them.

use std::fs;

use crate::{run, samples};

fn demo() -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../demo")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_demo_ends_by_writing_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run(dir.path(), &["demo"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("reports/northshire-performance-2026-27-Q2.pdf"),
        "{out}"
    );
    let html = fs::read_to_string(
        dir.path()
            .join("reports/northshire-performance-2026-27-Q2.html"),
    )
    .unwrap();
    assert!(html.contains("Northshire County Council"));
    let pdf = fs::read(
        dir.path()
            .join("reports/northshire-performance-2026-27-Q2.pdf"),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // And the integrated report to Cabinet, performance and budget together.
    assert!(
        out.contains("reports/northshire-cabinet-2026-27-Q2.pdf"),
        "{out}"
    );
    let cabinet = fs::read_to_string(
        dir.path()
            .join("reports/northshire-cabinet-2026-27-Q2.html"),
    )
    .unwrap();
    assert!(cabinet.contains("Revenue outturn summary"));
    assert!(cabinet.contains("Adult Social Care and Health"));
    let (code, out) = run(
        dir.path(),
        &[
            "check",
            "-d",
            "ragbook-demo.sqlite",
            "--period",
            "2026-27-Q2",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("Quarter 2 2026-27: 0 problems block publication; 0 warnings."),
        "{out}"
    );
}

#[test]
fn the_published_quarter_is_reported_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let package = samples().join("package");
    let (code, out) = run(
        d,
        &["import", package.to_str().unwrap(), "-d", "ref.sqlite"],
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["check", "-d", "ref.sqlite", "--period", "2023-24-Q2"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("0 problems block publication; 0 warnings"),
        "{out}"
    );
    let (code, out) = run(
        d,
        &[
            "report",
            "-d",
            "ref.sqlite",
            "--period",
            "2023-24-Q2",
            "--format",
            "html",
            "--out",
            "published",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let written: Vec<_> = fs::read_dir(d.join("published")).unwrap().collect();
    assert_eq!(written.len(), 1, "only the HTML was asked for");
    let html =
        fs::read_to_string(d.join("published/derbyshire-performance-2023-24-Q2.html")).unwrap();
    assert!(
        html.contains("Of the 45 deliverables in the Plan, 33 have been rated as &#x27;Good&#x27;")
    );
    // A quarter outside the plan (2023-25) is refused, not written as an empty report.
    let (code, out) = run(
        d,
        &[
            "report",
            "-d",
            "ref.sqlite",
            "--period",
            "2030-31-Q1",
            "--out",
            "outside",
        ],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "Quarter 1 2030-31 is outside the plan Council Plan 2023-25 (2023-24 to 2024-25)"
        ),
        "{out}"
    );
    assert!(!d.join("outside").exists(), "nothing is written");
    let (code, out) = run(d, &["check", "-d", "ref.sqlite", "--period", "2030-31-Q1"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("is outside the plan"), "{out}");
    // The published quarter's data has no budget: the Cabinet report says what is missing.
    let (code, out) = run(
        d,
        &[
            "report",
            "-d",
            "ref.sqlite",
            "--period",
            "2023-24-Q2",
            "--kind",
            "cabinet",
        ],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("no budget figures are held for Quarter 2 2023-24: import the revenue table"),
        "{out}"
    );

    // A Review without its response blocks publication, and says where.
    let broken = d.join("broken");
    fs::create_dir(&broken).unwrap();
    let updates = fs::read_to_string(package.join("deliverable_updates.csv")).unwrap();
    let mut lines = updates.lines();
    let header = lines.next().unwrap();
    let response = header.split(',').position(|c| c == "response").unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(updates.as_bytes());
    let mut writer = csv::Writer::from_path(broken.join("deliverable_updates.csv")).unwrap();
    writer.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells[0] == "D02" && cells[1] == "2023-24-Q2" {
            cells[response] = String::new();
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
    let (code, out) = run(d, &["import", "broken", "-d", "ref.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["check", "-d", "ref.sqlite", "--period", "2023-24-Q2"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Must be fixed before publication:"), "{out}");
    assert!(
        out.contains("deliverable D02 (Library Strategy): rated Review without the response"),
        "{out}"
    );
}

#[test]
fn a_locked_quarter_is_reported_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = |out: &str| {
        let (code, said) = run(
            d,
            &[
                "report",
                "-d",
                "db.sqlite",
                "--period",
                "2026-27-Q1",
                "--out",
                out,
            ],
        );
        assert_eq!(code, Some(0), "{said}");
        let stem = format!("{out}/northshire-performance-2026-27-Q1");
        (
            fs::read(d.join(format!("{stem}.html"))).unwrap(),
            fs::read(d.join(format!("{stem}.pdf"))).unwrap(),
            said,
        )
    };
    let (code, out) = run(d, &["import", &demo(), "-d", "db.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["lock", "2026-27-Q1", "-d", "db.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (html, pdf, _) = report("as-published");

    // Sickness absence for Quarter 1 is restated after publication.
    let update = d.join("update");
    fs::create_dir(&update).unwrap();
    fs::write(
        update.join("measure_values.csv"),
        "measure,period,value,status\nKM07,2026-27-Q1,9.9%,restated\n",
    )
    .unwrap();
    let (code, out) = run(
        d,
        &[
            "import",
            "update",
            "-d",
            "db.sqlite",
            "--reason",
            "Late HR data",
        ],
    );
    assert_eq!(code, Some(0), "{out}");

    let (again_html, again_pdf, said) = report("again");
    assert!(
        said.contains("is locked: the report shows the data as it was"),
        "{said}"
    );
    assert!(html == again_html, "the locked quarter's HTML changed");
    assert!(pdf == again_pdf, "the locked quarter's PDF changed");

    // The restatement is real: the same quarter from the data as it is now differs.
    let (code, out) = run(d, &["export", "-d", "db.sqlite", "now"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["import", "now", "-d", "unlocked.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(
        d,
        &[
            "report",
            "-d",
            "unlocked.sqlite",
            "--period",
            "2026-27-Q1",
            "--format",
            "html",
            "--out",
            "now-report",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let now =
        fs::read_to_string(d.join("now-report/northshire-performance-2026-27-Q1.html")).unwrap();
    assert!(now.contains("9.9%"));
    assert!(!String::from_utf8(html).unwrap().contains(">9.9%<"));
}

/// A council's older reports: one commentary per item, and a section listing every item rated
/// Action. `check` passes it as it stands, and the report prints what the council printed.
#[test]
fn the_older_single_commentary_format_is_checked_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let package = samples().join("../westmere-q3-2021-22/package");
    let (code, out) = run(d, &["import", package.to_str().unwrap(), "-d", "w.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["check", "-d", "w.sqlite", "--period", "2021-22-Q3"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("0 problems block publication"), "{out}");
    let (code, out) = run(
        d,
        &[
            "report",
            "-d",
            "w.sqlite",
            "--period",
            "2021-22-Q3",
            "--format",
            "html",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let html = fs::read_to_string(d.join("reports/westmere-performance-2021-22-Q3.html")).unwrap();
    let section = &html[html
        .find("<h2 id=\"requiring-action\">Rated as Requiring Action</h2>")
        .expect("the section")..];
    let section = &section[..section[4..]
        .find("<h2")
        .map_or(section.len(), |end| end + 4)];
    assert!(section.contains("Plant 250000 trees by 2025"), "{section}");
    assert!(
        section.contains("Delayed transfers of care from hospital per 100000 population"),
        "{section}"
    );
    assert!(
        !section.contains("Open three new community health hubs"),
        "{section}"
    );
    // The summary as the council printed it: counts with shares that add to 100.
    assert!(
        html.contains("Of the 6 deliverables in the Plan, 3 (50%) have been rated as"),
        "{html}"
    );
    // A measure that evidences a deliverable is shown under it, and still in the tables.
    let reablement = &html[html.find("id=\"d-D02\"").unwrap()..];
    let reablement = &reablement[..reablement.find("id=\"d-D03\"").unwrap()];
    assert!(
        reablement.contains("<h5>Delayed transfers of care"),
        "{reablement}"
    );
    assert_eq!(html.matches("id=\"m-KM03\"").count(), 1);
    assert!(html.contains("<a href=\"#m-KM03\">"));
    // Each priority's headline initiatives.
    assert!(
        html.contains("<h3>Headline initiatives</h3>\n<ul><li><strong>Living Well at Home</strong>: Care and support"),
        "{html}"
    );
    // What is held is shown: how firm a figure is, its note, a profiled target's year.
    for shown in [
        "49.6% (provisional)",
        "Note: Awaiting the district councils&#x27; December returns",
        "9,350 (projected)",
        "500 (year: 800)",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    // Consideration entries carry the commentary, there being no issue or response.
    let consideration = &html[html.find("<h2 id=\"consideration\">").unwrap()..];
    assert!(
        consideration.contains("Recruitment of reablement workers in the two remaining districts"),
        "{consideration}"
    );
    // Without the older format, the same data is refused: Review and Action need an issue.
    let settings = fs::read_to_string(package.join("settings.toml"))
        .unwrap()
        .replace("text = \"single_commentary\"", "");
    fs::write(d.join("newer.toml"), settings).unwrap();
    let (code, out) = run(
        d,
        &[
            "import",
            package.to_str().unwrap(),
            "-d",
            "n.sqlite",
            "--settings",
            "newer.toml",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["check", "-d", "n.sqlite", "--period", "2021-22-Q3"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("deliverable D04 (Tree planting): rated Action without the issue"),
        "{out}"
    );
}
