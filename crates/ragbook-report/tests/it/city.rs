//! The city report of the Eastbridge demo: every part in the HTML and in the PDF's text, valid
//! HTML, the same bytes every time, and every count and list equal to the view it lays out.

use ragbook_core::city::view::view;
use ragbook_core::rules::Rulebook;
use ragbook_report::city::{CityReport, build_city};

use crate::package;
use crate::render::{flat, pdftotext, validate_html};

const QUARTER: &str = "2026-27-Q2";

fn city() -> CityReport {
    let (data, settings) = package("demo/city");
    let book = Rulebook::new(&settings).unwrap();
    build_city(&data, &settings, &book, QUARTER.parse().unwrap()).unwrap()
}

#[test]
fn the_front_section_lays_out_the_view() {
    let (data, settings) = package("demo/city");
    let book = Rulebook::new(&settings).unwrap();
    let quarter = QUARTER.parse().unwrap();
    let in_force = data.for_quarter(quarter);
    let view = view(&in_force, book.rules(), &settings.risks, quarter);
    let report = city();
    assert_eq!(
        report.theme_titles,
        ["Thriving city", "Healthy communities", "Modern council"]
    );
    // The counts table and the status table reconcile: per theme, the four statuses and N/A
    // are its milestones.
    let milestones = &report.counts[0];
    assert_eq!(milestones.total, 51);
    for (theme, count) in milestones.cells.iter().enumerate() {
        let statuses: usize = report.statuses.iter().map(|row| row.cells[theme]).sum();
        assert_eq!(
            statuses + view.themes[theme].milestones.not_assessed,
            *count
        );
    }
    assert_eq!(report.counts[1].total, 20, "priority projects");
    assert_eq!(report.counts[2].total, 45, "priority measures");
    assert_eq!(report.counts[3].total, 18, "strategic risks");
    assert_eq!(report.achievements.len(), view.achievements.len());
    assert_eq!(
        report
            .achievements
            .iter()
            .map(|e| e.title.as_str())
            .collect::<Vec<_>>(),
        [
            "Complete a shopfront improvement scheme",
            "Launch the fees and charges review"
        ]
    );
    // Major slippage first, then Some slippage.
    let development: Vec<&str> = report
        .development
        .iter()
        .map(|e| e.rating.id.as_str())
        .collect();
    assert_eq!(
        development,
        [
            "major_slippage",
            "major_slippage",
            "some_slippage",
            "some_slippage",
            "some_slippage",
            "some_slippage"
        ]
    );
    let rows: usize = report
        .themes
        .iter()
        .flat_map(|t| &t.priorities)
        .map(|p| p.rows.len())
        .sum();
    assert_eq!(
        rows,
        51 + 45 + 20 + 18,
        "each item once, under its priority"
    );
    // A risk with both a threat and an opportunity score shows both.
    let both = report
        .themes
        .iter()
        .flat_map(|t| &t.priorities)
        .flat_map(|p| &p.rows)
        .find(|r| r.id == "SR25")
        .unwrap();
    assert_eq!(
        both.position,
        ["Risk score of 12", "Opportunity score of 6"]
    );
    assert_eq!(report.heat_maps.len(), 2);
    assert_eq!(report.heat_maps[0].total, 18);
    assert_eq!(report.heat_maps[1].total, 1);
}

#[test]
fn the_city_report_renders_as_valid_html_and_a_pdf_with_every_part() {
    let report = city();
    let html = ragbook_report::city_html(&report).unwrap();
    assert_eq!(
        html,
        ragbook_report::city_html(&city()).unwrap(),
        "the same bytes"
    );
    for heading in [
        "Key highlights",
        "Thriving city",
        "Healthy communities",
        "Modern council",
        "Strategic risks",
        "Supporting notes",
    ] {
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "missing {heading}"
        );
    }
    assert!(html.contains("<th scope=\"col\">Q2 position</th>"));
    for outside in ["<script", "src=\"http", "href=\"http", "<link "] {
        assert!(
            !html.contains(outside),
            "the HTML refers outside: {outside}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("city.html"), &html).unwrap();
    validate_html(dir.path());
    let pdf = ragbook_report::city_pdf(&report).unwrap();
    assert_eq!(
        pdf,
        ragbook_report::city_pdf(&city()).unwrap(),
        "the same bytes"
    );
    let path = dir.path().join("city.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(text) = pdftotext(&path) else {
        return;
    };
    let text = flat(&text);
    for words in [
        "Key highlights",
        "At the end of September 2026, 88% of our priority actions",
        "Item description Type",
        "Delivering our priority projects – Riverside Market",
        "SR 21 – Loss of town-centre retail income",
        "Reduced from 12 at the end of June 2026 to 8",
        "Strategic risks: threats",
        "Supporting notes",
        "supporting information is presented on pages 4 to 12",
    ] {
        assert!(text.contains(words), "the PDF text lacks {words:?}");
    }
}
