//! The budget monitoring tables of the data package: the demo's budget reads and adds up,
//! and bad finance rows are refused with where and why.

use std::fs;
use std::path::Path;

use ragbook_core::Decimal;
use ragbook_core::finance::{Overrun, RevenueFigures, rate_overrun};
use ragbook_core::rating::Scheme;

use crate::package::{demo, read_fresh};

fn pounds(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn the_demo_budget_reads_and_adds_up() {
    let package = read_fresh(&demo()).unwrap();
    let finance = &package.dataset.finance;
    let portfolios = finance.portfolios().unwrap();
    let year = "2026-27".parse().unwrap();
    assert_eq!(portfolios.in_year(year).count(), 8);
    // A renamed portfolio is found by its old name in its old years, and a merged one is
    // carried on by the portfolio that took it over.
    let adults = portfolios
        .resolve("Adult Care", "2024-25".parse().unwrap())
        .unwrap();
    assert_eq!(adults.name_in(year), Some("Adult Social Care and Health"));
    let highways = ragbook_core::plan::ItemId::new("HWY").unwrap();
    assert_eq!(
        portfolios.carried_on_by(&highways, year)[0].id.as_str(),
        "HAT"
    );
    let service_lines = finance
        .budget_lines
        .iter()
        .filter(|l| l.portfolio.is_some())
        .count();
    assert!(
        (28..=34).contains(&service_lines),
        "{service_lines} service lines"
    );
    assert_eq!(finance.budget_lines.len() - service_lines, 5);

    // The council's total projected outturn is the sum of the lines', to the penny.
    let q2 = "2026-27-Q2".parse().unwrap();
    let rows: Vec<&RevenueFigures> = finance
        .revenue
        .iter()
        .filter(|r| r.quarter == q2)
        .map(|r| &r.figures)
        .collect();
    assert_eq!(rows.len(), finance.budget_lines.len());
    let total = RevenueFigures::total(rows.iter().copied());
    let summed: Decimal = rows.iter().map(|r| r.projected_outturn()).sum();
    assert_eq!(total.projected_outturn(), summed);

    // Income lines have negative budgets; the demo has a line exactly 2% over and lines on
    // budget, which the service-line key rates Review and Good.
    for line in finance.budget_lines.iter().filter(|l| l.income) {
        let revenue = finance
            .revenue
            .iter()
            .find(|r| r.line == line.id && r.quarter == q2)
            .unwrap();
        assert!(
            revenue.figures.budget < Decimal::ZERO,
            "{} is income",
            line.id
        );
    }
    let key = Scheme::shipped("service-lines").unwrap();
    let rating = |id: &str| {
        let r = finance
            .revenue
            .iter()
            .find(|r| r.line.as_str() == id && r.quarter == q2)
            .unwrap();
        let assessed = rate_overrun(
            &key,
            Overrun::Overspend,
            r.figures.projected_outturn(),
            r.figures.adjusted_budget(),
        )
        .unwrap();
        key.category(assessed.rating).id.clone()
    };
    assert_eq!(rating("HCM-CS"), "review");
    assert_eq!(rating("EDU-SI"), "good");

    // Savings brought forward as negative (over-achieved earlier) reduce the target.
    let hat = finance
        .savings
        .iter()
        .find(|s| s.portfolio.as_ref().is_some_and(|p| p.as_str() == "HAT") && s.quarter == q2)
        .unwrap();
    assert_eq!(hat.figures.brought_forward, pounds("-250000"));
    assert_eq!(hat.figures.total_target(), pounds("1850000"));
}

fn write(folder: &Path, name: &str, content: &str) {
    fs::write(folder.join(format!("{name}.csv")), content).unwrap();
}

#[test]
fn bad_finance_rows_are_refused_with_where_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    for file in ["organisation.csv", "plan.csv"] {
        fs::copy(demo().join(file), folder.join(file)).unwrap();
    }
    write(
        folder,
        "portfolios",
        "id,name,first_year,last_year,successors,aliases\nA,Resources,2025-26,,,\nB,Place,2025-26,2025-26,Z,Resources\n",
    );
    write(
        folder,
        "budget_lines",
        "id,title,portfolio,corporate,income\nL1,Line one,A,debt_charges,no\nL2,Line two,,,no\n",
    );
    write(
        folder,
        "revenue",
        "line,quarter,budget,grant,forecast,explanation\nL9,2026-27-Q2,100,,100,\nL1,2026-27-Q2,£12.3x,,100,\nL1,2026-27-Q5,100,,,\n",
    );
    write(
        folder,
        "traded_services",
        "service,quarter,trading,income,expenditure,income_target\nCatering,2026-27-Q2,fully,100,,\n",
    );
    let error = read_fresh(folder).unwrap_err();
    for expected in [
        "successors",
        "\"Z\" is not a portfolio",
        "a line is a service line of a portfolio or a corporate line, not both",
        "give the portfolio of a service line (cross-portfolio for one that belongs to no single portfolio), or which corporate line it is",
        "\"L9\" is not in budget_lines",
        "£12.3x",
        "forecast",
        "a fully traded service needs its expenditure",
        "\"Resources\" could mean portfolio A or B",
    ] {
        assert!(
            error.contains(expected),
            "missing {expected:?} in:\n{error}"
        );
    }
    // Each problem names its file and row.
    assert!(error.contains("revenue.csv"), "{error}");
}
