//! The report rendered: HTML for the reference quarter and the demo.

use crate::report;

#[test]
fn the_html_report_renders_with_every_section() {
    let report = report("samples/derbyshire-q2-2023-24/package", "2023-24-Q2");
    let html = ragbook_report::html(&report).unwrap();
    for heading in [
        "Introduction",
        "Summary",
        "Performance – Trend over Time",
        "Key areas of Success",
        "Key areas for Consideration",
        "Key Measures Updated for Quarter 2 2023-24",
        "Key Measures with new data for Quarter 1",
        "Resilient, healthy and safe communities",
        "Overarching Measures",
        "Notes",
        "Key",
    ] {
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "missing heading {heading}"
        );
    }
    std::fs::write("/tmp/reference-report.html", &html).unwrap();
}

#[test]
fn the_pdf_report_renders() {
    let report = report("samples/derbyshire-q2-2023-24/package", "2023-24-Q2");
    let pdf = ragbook_report::pdf(&report).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    std::fs::write("/tmp/reference-report.pdf", &pdf).unwrap();
}
