//! The city demo as a council would use it: `ragbook demo --city` writes the city report and
//! `check` passes; a broken copy, whose narrative names a project with the wrong RAG and quotes
//! a risk's movement that differs from the scores held, is caught before publication.

use std::fs;

use crate::package::run_ok;
use crate::run;

const DB: &str = "ragbook-city-demo.sqlite";

#[test]
fn the_city_demo_reports_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(dir.path(), &["demo", "--city"]);
    assert!(out.contains("Eastbridge City Council demo"), "{out}");
    let html = fs::read_to_string(
        dir.path()
            .join("reports/eastbridge-city-report-2026-27-Q2.html"),
    )
    .unwrap();
    assert!(
        dir.path()
            .join("reports/eastbridge-city-report-2026-27-Q2.pdf")
            .exists()
    );
    // The front section, worked out from the items: 44 of the 50 milestones assessed are
    // completed or on track (one is N/A).
    assert!(
        html.contains("At the end of September 2026, 88% of our priority actions"),
        "the headline"
    );
    assert!(html.contains(
        "Of the nine priority projects within the theme of &#x27;Thriving city&#x27;, three were assessed"
    ));
    assert!(html.contains("Reduced from 12 at the end of June 2026 to 8"));
    let (code, out) = run(dir.path(), &["check", "-d", DB, "-p", "2026-27-Q2"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("0 problems block publication; 0 warnings"),
        "{out}"
    );
    // `report` with no --kind makes the city report: the plan's style says so.
    let out = run_ok(
        dir.path(),
        &[
            "report",
            "-d",
            DB,
            "-p",
            "2026-27-Q2",
            "-f",
            "html",
            "-o",
            "again",
        ],
    );
    assert!(
        out.contains("eastbridge-city-report-2026-27-Q2.html"),
        "{out}"
    );
}

#[test]
fn a_broken_copy_of_the_city_demo_is_caught_by_check() {
    let dir = tempfile::tempdir().unwrap();
    run_ok(dir.path(), &["demo", "--city"]);
    let broken = dir.path().join("broken");
    fs::create_dir_all(&broken).unwrap();
    // Castle Street regeneration is Green this quarter; SR 21 went from 12 to 8.
    fs::write(
        broken.join("deliverable_updates.csv"),
        "deliverable,quarter,rating,commentary\nMS02,2026-27-Q2,on_track,Work is on schedule. Castle Street regeneration is now rated 'red'.\n",
    )
    .unwrap();
    fs::write(
        broken.join("risk_updates.csv"),
        "risk,quarter,likelihood,impact,commentary\nSR21,2026-27-Q2,2,4,Reduced from 16 at the end of June to 8.\n",
    )
    .unwrap();
    run_ok(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    let (code, out) = run(dir.path(), &["check", "-d", DB, "-p", "2026-27-Q2"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("names the project \"castle street regeneration\" as 'red', but its position this quarter is 'green'"),
        "{out}"
    );
    assert!(
        out.contains(
            "its commentary says the score moved from 16 to 8; the scores held give 12 to 8"
        ),
        "{out}"
    );
    assert!(out.contains("2 problems block publication"), "{out}");
}
