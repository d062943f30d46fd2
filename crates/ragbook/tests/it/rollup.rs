//! `ragbook rollup fit` on the shipped sample, and on published ratings no banding explains.

use std::fs;

use crate::{run, samples};

#[test]
fn the_sample_reports_bound_the_shipped_cut_offs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let package = samples().join("package");
    let (code, out) = run(d, &["import", package.to_str().unwrap(), "-d", "s.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["rollup", "fit", "-d", "s.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("Overall ratings of deliverables: 4 published"),
        "{out}"
    );
    assert!(
        out.contains("Overall ratings of measures: 4 published"),
        "{out}"
    );
    // Deliverables: Good above 2.60 (P4) and at most 2.82 (P1).
    assert!(
        out.contains("Good: above 2.60 (39/15: Prosperous and green (P4), Quarter 2 2023-24)\n      and at most 2.82 (31/11: Resilient communities (P1), Quarter 2 2023-24)"),
        "{out}"
    );
    // Measures: Strong above 3.00 (P2) and at most 3.83 (P1).
    assert!(
        out.contains("Strong: above 3.00 (33/11: Value for money (P2), Quarter 2 2023-24)\n      and at most 3.83 (23/6: Resilient communities (P1), Quarter 2 2023-24)"),
        "{out}"
    );
    assert_eq!(
        out.matches("settings say 2.65: fits every published case")
            .count(),
        2,
        "{out}"
    );
    assert_eq!(
        out.matches("settings say 3.5: fits every published case")
            .count(),
        2,
        "{out}"
    );
    assert!(!out.contains("does not fit"), "{out}");
    assert!(
        out.contains("{ from = \"2.65\", rating = \"good\" },"),
        "{out}"
    );
}

#[test]
fn published_ratings_no_banding_explains_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let package = samples().join("package");
    let (code, out) = run(d, &["import", package.to_str().unwrap(), "-d", "s.sqlite"]);
    assert_eq!(code, Some(0), "{out}");
    // Early help's measures (average 2.00) typed in as Good, while Prosperous and green's
    // (2.40) were published as Review: no Good cut-off gives both.
    let correction = d.join("correction");
    fs::create_dir(&correction).unwrap();
    fs::write(
        correction.join("published_rollups.csv"),
        "priority,quarter,of,rating\nP3,2023-24-Q2,measures,Good\n",
    )
    .unwrap();
    let (code, out) = run(
        d,
        &["import", correction.to_str().unwrap(), "-d", "s.sqlite"],
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(d, &["rollup", "fit", "-d", "s.sqlite"]);
    assert_eq!(code, Some(1), "{out}");
    let measures = &out[out.find("Overall ratings of measures").unwrap()..];
    assert!(
        measures.contains("no cut-off explains these together")
            && measures.contains("Early help (P3), Quarter 2 2023-24: 6/3 = 2.00, published Good")
            && measures.contains(
                "Prosperous and green (P4), Quarter 2 2023-24: 12/5 = 2.40, published Review"
            ),
        "{out}"
    );
    assert!(measures.contains("No settings are suggested"), "{out}");
    // The deliverables still fit.
    let deliverables = &out[..out.find("Overall ratings of measures").unwrap()];
    assert!(deliverables.contains("Suggested settings.toml"), "{out}");
    // And `check` says where the rule and the published rating differ.
    let (_, out) = run(d, &["check", "-d", "s.sqlite", "--period", "2023-24-Q2"]);
    assert!(
        out.contains(
            "its measures were published as Good overall, but the roll-up rule gives Review"
        ),
        "{out}"
    );
}
