//! `ragbook rate`.

use crate::{ragbook, samples, text};

#[test]
fn rates_the_sample_into_a_file_and_reproduces_every_published_rating() {
    let dir = tempfile::tempdir().unwrap();
    let input = samples().join("key-measures.csv");
    let output = ragbook(
        dir.path(),
        &[
            "rate",
            "--input",
            input.to_str().unwrap(),
            "--output",
            "rated.csv",
        ],
        "",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stderr),
        "Wrote rated.csv\nRated 38 measures with the County key: 10 Strong, 9 Good, 1 Review, 9 Action, 2 No Target, 7 No data.\n"
    );
    let mut reader = csv::Reader::from_path(dir.path().join("rated.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 38);
    for row in &rows {
        assert_eq!(
            row[column("rating")],
            row[column("published_rating")],
            "{}",
            &row[column("id")]
        );
        assert!(
            row[column("explanation")].ends_with(&format!("so {}", &row[column("rating")]))
                || row[column("explanation")].ends_with(&format!(": {}", &row[column("rating")]))
        );
    }
    let time_to_hire = rows.iter().find(|r| &r[column("id")] == "KM08").unwrap();
    assert_eq!(
        &time_to_hire[column("explanation")],
        "64.1 days is 28.2% worse than the target of 50.0 (lower is better): more than 10% worse, so Action"
    );
    assert_eq!(&time_to_hire[column("deviation_pct")], "-28.2");
}

#[test]
fn reads_standard_input_and_writes_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let output = ragbook(
        dir.path(),
        &["rate", "--scheme", "city"],
        "measure,actual,target,unit,polarity,method\nRecycling,55%,50%,percent,higher,threshold\n",
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains(",Blue,10.0,"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn a_bad_row_writes_nothing_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rated.csv"), "last quarter's file").unwrap();
    std::fs::write(
        dir.path().join("in.csv"),
        "measure,actual,target,unit,polarity,method\nGood row,5,4,count,higher,threshold\nBad row,31/09/2020,4,count,higher,threshold\n",
    )
    .unwrap();
    let output = ragbook(dir.path(), &["rate", "-i", "in.csv", "-o", "rated.csv"], "");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("1 problem found; nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("in.csv, row 3, column 'actual'"),
        "{stderr}"
    );
    assert!(stderr.contains("found \"31/09/2020\""), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("rated.csv")).unwrap(),
        "last quarter's file"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no partial file left"
    );
}

#[test]
fn schemes_come_by_name_or_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = ragbook(dir.path(), &["rate", "--scheme", "borough"], "");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no shipped scheme is called \"borough\"; the shipped schemes are county, county-older, city"));

    // An organisation's own key: Good from 5% worse.
    let own = include_str!("../../../ragbook-core/schemes/county.toml")
        .replace("from = \"-2%\"", "from = \"-5%\"");
    std::fs::write(dir.path().join("ours.toml"), own).unwrap();
    let csv = "measure,actual,target,unit,polarity,method\nA,96,100,count,higher,threshold\n";
    let shipped = ragbook(dir.path(), &["rate"], csv);
    let ours = ragbook(dir.path(), &["rate", "--scheme", "ours.toml"], csv);
    assert!(
        text(&shipped.stdout).contains(",Review,"),
        "{}",
        text(&shipped.stdout)
    );
    assert!(
        text(&ours.stdout).contains(",Good,"),
        "{}",
        text(&ours.stdout)
    );

    let broken = ragbook(dir.path(), &["rate", "--scheme", "missing.toml"], csv);
    assert!(text(&broken.stderr).contains("could not read the scheme file missing.toml"));

    let listing = ragbook(dir.path(), &["schemes"], "");
    assert!(text(&listing.stdout).contains("county-older"));
    let county = ragbook(dir.path(), &["schemes", "county"], "");
    assert!(
        text(&county.stdout).contains("Requiring Review")
            || text(&county.stdout).contains("More than 2% worse than target")
    );
}
