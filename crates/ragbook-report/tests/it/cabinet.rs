//! The budget monitoring view-model of the Cabinet report, on the demo council's budget: its
//! tables reconcile with the rows they are made from.

use ragbook_core::Decimal;
use ragbook_core::finance::view::view;
use ragbook_core::finance::{RevenueFigures, show_millions};
use ragbook_report::cabinet::{Cabinet, build_cabinet};

use crate::package;

fn demo_cabinet() -> (ragbook_core::dataset::Dataset, Cabinet) {
    let (data, settings) = package("demo");
    let book = ragbook_core::rules::Rulebook::new(&settings).unwrap();
    let view = view(
        &data.finance,
        &book,
        &settings.finance,
        "2026-27-Q2".parse().unwrap(),
    )
    .unwrap()
    .unwrap();
    let cabinet = build_cabinet(&view, &book, &settings.finance);
    (data, cabinet)
}

/// The first table of the appendix with anchor `id`.
fn appendix<'c>(cabinet: &'c Cabinet, id: &str) -> &'c ragbook_report::cabinet::Table {
    let appendix = cabinet.appendices.iter().find(|a| a.id == id).unwrap();
    &appendix.tables[0]
}

#[test]
fn the_revenue_summary_reconciles_with_its_lines() {
    let (data, cabinet) = demo_cabinet();
    let q2 = "2026-27-Q2".parse().unwrap();
    let rows: Vec<&RevenueFigures> = data
        .finance
        .revenue
        .iter()
        .filter(|r| r.quarter == q2)
        .map(|r| &r.figures)
        .collect();
    let council = RevenueFigures::total(rows.iter().copied());
    assert_eq!(
        cabinet.revenue.council_total.variance,
        show_millions(council.projected_outturn())
    );
    assert_eq!(
        cabinet.revenue.council_total.budget,
        show_millions(council.budget)
    );
    // Eight portfolios this year, the renamed one under its new name.
    let titles: Vec<&str> = cabinet
        .portfolios
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(titles.len(), 8, "{titles:?}");
    assert!(titles.contains(&"Adult Social Care and Health"));
    assert!(titles.contains(&"Highways, Assets and Transport"));
    assert_eq!(cabinet.revenue.corporate.len(), 5);
    // Each portfolio's row is the sum of its service lines.
    for page in &cabinet.portfolios {
        let lines: Vec<&RevenueFigures> = data
            .finance
            .budget_lines
            .iter()
            .filter(|l| {
                l.portfolio
                    .as_ref()
                    .is_some_and(|p| page.anchor.ends_with(&p.as_str().to_ascii_lowercase()))
            })
            .filter_map(|l| {
                data.finance
                    .revenue
                    .iter()
                    .find(|r| r.line == l.id && r.quarter == q2)
            })
            .map(|r| &r.figures)
            .collect();
        let total = RevenueFigures::total(lines.iter().copied());
        assert_eq!(
            page.summary.variance,
            show_millions(total.projected_outturn()),
            "{}",
            page.title
        );
        assert_eq!(page.service_lines.len(), lines.len());
        assert!(
            page.variance_sentence
                .starts_with(&format!("The {} portfolio is forecast to", page.title))
        );
    }
    // A line exactly 2% over is Review; one exactly on budget is Good.
    let line = |title: &str| {
        cabinet
            .portfolios
            .iter()
            .flat_map(|p| &p.service_lines)
            .find(|l| l.label == title)
            .unwrap()
    };
    assert_eq!(
        line("Community safety").rating.as_ref().unwrap().id,
        "review"
    );
    assert_eq!(
        line("School improvement").rating.as_ref().unwrap().id,
        "good"
    );
    assert_eq!(line("School improvement").variance, "£0.000m");
}

#[test]
fn the_reserve_rolls_forward_and_the_appendices_add_up() {
    let (data, cabinet) = demo_cabinet();
    let q2 = "2026-27-Q2".parse().unwrap();
    let reserve = cabinet.reserve.as_ref().unwrap();
    let opening = Decimal::from(36_500_000);
    let commitments: Decimal = data
        .finance
        .reserve_commitments
        .iter()
        .filter(|c| c.quarter == q2)
        .map(|c| c.amount)
        .sum();
    let outturn: Decimal = data
        .finance
        .revenue
        .iter()
        .filter(|r| r.quarter == q2)
        .map(|r| r.figures.projected_outturn())
        .sum();
    let balance = opening - commitments - outturn;
    assert_eq!(reserve.rows.last().unwrap().1, show_millions(balance));
    assert!(
        reserve.sentence.contains("prudent range of 3% to 5%"),
        "{}",
        reserve.sentence
    );

    // Savings: the total row is the sum of the portfolios'.
    let total = appendix(&cabinet, "savings").rows.last().unwrap();
    assert_eq!(total[0], "Total");
    let target: Decimal = data
        .finance
        .savings
        .iter()
        .filter(|s| s.quarter == q2)
        .map(|s| s.figures.total_target())
        .sum();
    assert_eq!(total[4], show_millions(target));
    // Earmarked reserves have a subtotal per portfolio and a grand total.
    let earmarked = &appendix(&cabinet, "earmarked").rows;
    assert!(
        earmarked
            .iter()
            .any(|r| r[0] == "Adult Social Care and Health total")
    );
    let all: Decimal = data
        .finance
        .earmarked_reserves
        .iter()
        .filter(|r| r.quarter == q2)
        .map(|r| r.forecast_balance)
        .sum();
    assert_eq!(earmarked.last().unwrap()[3], show_millions(all));
    // Aged debt rows show each band's share of the row.
    let adults = &appendix(&cabinet, "debt").rows[0];
    assert_eq!(adults[0], "Adult Social Care and Health");
    // £6.200m of £12.600m is 49.206%: 49.2% to one place.
    assert!(adults[1].ends_with("(49.2%)"), "{adults:?}");
    let traded: usize = cabinet
        .appendices
        .iter()
        .find(|a| a.id == "traded")
        .unwrap()
        .tables
        .iter()
        .map(|t| t.rows.len() - 1)
        .sum();
    assert_eq!(
        traded, 5,
        "four at schools, one Catering in Facilities management"
    );
    assert_eq!(appendix(&cabinet, "grants").rows.len(), 6);
}

fn demo_cabinet_report() -> ragbook_report::cabinet_report::CabinetReport {
    let (data, settings) = package("demo");
    let book = ragbook_core::rules::Rulebook::new(&settings).unwrap();
    let quarter = "2026-27-Q2".parse().unwrap();
    let report = ragbook_report::build(&data, &settings, &book, quarter).unwrap();
    ragbook_report::cabinet_report::build_cabinet_report(&report, &data, &settings, &book, quarter)
        .unwrap()
        .unwrap()
}

const CABINET_HEADINGS: [&str; 12] = [
    "1. Purpose",
    "2. Information and analysis",
    "3. Recommendations",
    "Performance summary",
    "Revenue outturn summary",
    "General reserve",
    "Portfolio summaries",
    "Appendix 1: Key to ratings",
    "Appendix 2: Savings monitoring",
    "Appendix 4: Traded services",
    "Appendix 5: Aged debt",
    "Appendix 6: Grant funding register",
];

#[test]
fn the_cabinet_report_renders_as_html_and_pdf() {
    let report = demo_cabinet_report();
    // The cover report says what the tables say.
    assert!(
        report.budget_summary[0].contains(
            &report
                .budget
                .revenue
                .council_total
                .variance
                .replace('-', "")
        )
    );
    assert!(
        report
            .recommendations
            .iter()
            .any(|r| r.contains(&report.budget.revenue.council_total.variance))
    );
    // Each portfolio page has its performance too: the renamed adult care portfolio has the
    // deliverables and measures the demo assigns it.
    let adults = report
        .budget
        .portfolios
        .iter()
        .position(|p| p.title == "Adult Social Care and Health")
        .unwrap();
    let performance = &report.portfolio_performance[adults];
    assert_eq!(performance.deliverables.len(), 6);
    assert!(
        performance.summary[0].starts_with("6 deliverables: "),
        "{:?}",
        performance.summary
    );
    assert_eq!(
        report.portfolio_performance.len(),
        report.budget.portfolios.len()
    );
    let html = ragbook_report::cabinet_html(&report).unwrap();
    for heading in CABINET_HEADINGS {
        assert!(
            html.contains(&format!(">{heading}</h")),
            "missing {heading}"
        );
    }
    for page in &report.budget.portfolios {
        assert!(
            html.contains(&page.variance_sentence.replace('\'', "&#x27;")),
            "{}",
            page.title
        );
    }
    let charts = html.matches("<svg").count();
    assert_eq!(charts, html.matches("role=\"img\" aria-label=\"").count());
    assert_eq!(charts, 2 + 2 * report.budget.portfolios.len());
    let pdf = ragbook_report::cabinet_pdf(&report).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        pdf,
        ragbook_report::cabinet_pdf(&report).unwrap(),
        "the same data gives the same bytes"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cabinet.html"), &html).unwrap();
    let path = dir.path().join("cabinet.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Some(text) = crate::render::pdftotext(&path) {
        let text = crate::render::flat(&text);
        for heading in CABINET_HEADINGS {
            assert!(text.contains(heading), "the PDF text lacks {heading}");
        }
        assert!(text.contains(&report.budget.revenue.council_total.budget));
        assert!(text.contains("Adult Social Care and Health"));
    }
    crate::render::validate_html(dir.path());
}

/// What the report prints from the budget view: rated totals, the share of savings forecast to
/// be achieved, the reserve as councils print it, and an empty appendix saying so (or left
/// out, as the settings choose).
#[test]
fn totals_are_rated_and_empty_appendices_say_so() {
    let (data, cabinet) = demo_cabinet();
    let revenue = &cabinet.revenue;
    assert!(revenue.portfolio_total.rating.is_some());
    assert!(revenue.council_total.rating.is_some());
    // Savings: £18.200m of £20.780m is 87.58...%, shown as 87.6% in the total row.
    let savings = appendix(&cabinet, "savings");
    assert_eq!(savings.rows.last().unwrap().last().unwrap(), "87.6%");
    let cross = savings
        .rows
        .iter()
        .find(|r| r[0] == "Cross-portfolio")
        .unwrap();
    assert_eq!(cross[4], "£1.000m");
    let reserve = cabinet.reserve.as_ref().unwrap();
    let labels: Vec<&str> = reserve.rows.iter().map(|(what, _)| what.as_str()).collect();
    assert_eq!(labels[0], "Balance");
    assert!(labels.contains(&"Balance after commitments"));
    assert_eq!(labels.last(), Some(&"Forecast year-end balance"));
    // The share of the net budget requirement to the places the settings give (2).
    assert!(
        reserve
            .sentence
            .contains("4.39% of the net budget requirement"),
        "{}",
        reserve.sentence
    );

    // With no grants this quarter the appendix says so, or is left out.
    let (mut data, settings) = (data, package("demo").1);
    data.finance.grants.clear();
    let q2 = "2026-27-Q2".parse().unwrap();
    let book = ragbook_core::rules::Rulebook::new(&settings).unwrap();
    let budget = view(&data.finance, &book, &settings.finance, q2)
        .unwrap()
        .unwrap();
    let cabinet = build_cabinet(&budget, &book, &settings.finance);
    let grants = cabinet
        .appendices
        .iter()
        .find(|a| a.id == "grants")
        .unwrap();
    assert!(grants.tables.is_empty());
    assert_eq!(grants.none.as_deref(), Some("None this quarter."));
    let mut leave_out = settings.finance.clone();
    leave_out.empty_appendices = ragbook_core::settings::EmptyAppendices::LeaveOut;
    let cabinet = build_cabinet(&budget, &book, &leave_out);
    assert!(cabinet.appendices.iter().all(|a| a.id != "grants"));
    let numbers: Vec<usize> = cabinet.appendices.iter().map(|a| a.number).collect();
    assert_eq!(numbers, [2, 3, 4, 5], "the rest are numbered without a gap");
}
