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

/// A finance package as councils write it: portfolios by name or alias, a cross-portfolio
/// saving and line, two traded services of one name in different areas, aged debt in the
/// council's own bands, debt written off and a reconciling item.
#[test]
fn councils_name_things_their_own_way() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    for file in ["organisation.csv", "plan.csv"] {
        fs::copy(demo().join(file), folder.join(file)).unwrap();
    }
    fs::write(
        folder.join("settings.toml"),
        "[finance]\ndebt_bands = [\"0-30 days\", \"31-365 days\", \"Over 1 year\"]\n",
    )
    .unwrap();
    write(
        folder,
        "portfolios",
        "id,name,first_year,last_year,successors,aliases\nA,Resources,2025-26,,,Finance and Resources\nB,Place,2025-26,,,\n",
    );
    write(
        folder,
        "portfolio_renames",
        "portfolio,name,from\nB,Place and Growth,2026-27\n",
    );
    write(
        folder,
        "budget_lines",
        "id,title,portfolio,corporate,income\nL1,Line one,Finance and Resources,,no\nL2,Line two,Place and Growth,,no\nL3,Shared procurement,cross-portfolio,,no\n",
    );
    write(
        folder,
        "savings",
        "portfolio,quarter,brought_forward,current_year,one_off_support,identified,forecast_achieved,commentary\nPlace and Growth,2026-27-Q1,0,100,0,100,50,\ncross-portfolio,2026-27-Q1,0,80,0,40,30,\n",
    );
    write(
        folder,
        "traded_services",
        "portfolio,area,service,quarter,trading,income,expenditure,income_target,transferred_to_reserves\nA,Schools,Catering,2026-27-Q1,fully,100,90,,5\nA,Care,Catering,2026-27-Q1,fully,50,60,,\n",
    );
    write(
        folder,
        "aged_debt",
        "department,quarter,band,amount\nAdults,2026-27-Q1,0-30 DAYS,600\nAdults,2026-27-Q1,Over 1 year,100\n",
    );
    write(
        folder,
        "debt_written_off",
        "department,quarter,amount\nAdults,2026-27-Q1,42\n",
    );
    write(
        folder,
        "reconciling_items",
        "quarter,name,amount\n2026-27-Q1,Contribution to reserves,\"£250,000\"\n",
    );
    let package = read_fresh(folder).unwrap();
    let finance = &package.dataset.finance;
    let portfolio = |line: &str| {
        let line = finance
            .budget_lines
            .iter()
            .find(|l| l.id.as_str() == line)
            .unwrap();
        line.portfolio.as_ref().map(ToString::to_string)
    };
    // By alias, by a name it has only from 2026-27 (budget lines have no year: any name it
    // ever had), and cross-portfolio.
    assert_eq!(portfolio("L1").as_deref(), Some("A"));
    assert_eq!(portfolio("L2").as_deref(), Some("B"));
    assert_eq!(portfolio("L3"), None);
    assert_eq!(finance.savings[0].portfolio.as_ref().unwrap().as_str(), "B");
    assert_eq!(finance.savings[1].portfolio, None);
    assert_eq!(finance.traded_services.len(), 2);
    assert_eq!(
        finance.traded_services[0].transferred_to_reserves,
        Some(pounds("5"))
    );
    // Bands in the settings' order, named as the settings name them; one not given is £0.
    let debt = &finance.aged_debt[0];
    assert_eq!(debt.bands, ["0-30 days", "31-365 days", "Over 1 year"]);
    assert_eq!(debt.debt.bands, [pounds("600"), pounds("0"), pounds("100")]);
    assert_eq!(finance.debt_written_off[0].amount, pounds("42"));
    assert_eq!(finance.reconciling_items[0].amount, pounds("250000"));

    // Written out and read back, the package is the same.
    let out = dir.path().join("out");
    ragbook_io::package::write::write_csv_folder(
        &out,
        &package.dataset,
        &package.settings,
        &Default::default(),
    )
    .unwrap();
    let again = read_fresh(&out).unwrap();
    assert_eq!(again.dataset.finance, package.dataset.finance);
}

#[test]
fn names_that_do_not_fit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    for file in ["organisation.csv", "plan.csv"] {
        fs::copy(demo().join(file), folder.join(file)).unwrap();
    }
    write(
        folder,
        "portfolios",
        "id,name,first_year,last_year,successors,aliases\nA,Resources,2025-26,2025-26,,\nB,Place,2025-26,,,\n",
    );
    write(
        folder,
        "savings",
        "portfolio,quarter,brought_forward,current_year,one_off_support,identified,forecast_achieved,commentary\nResources,2026-27-Q1,0,100,0,100,50,\n",
    );
    write(
        folder,
        "traded_services",
        "portfolio,area,service,quarter,trading,income,expenditure,income_target\nB,Schools,Catering,2026-27-Q1,fully,100,90,\nB,Schools,Catering,2026-27-Q1,fully,50,60,\n",
    );
    write(
        folder,
        "aged_debt",
        "department,quarter,band,amount\nAdults,2026-27-Q1,Ancient,600\n",
    );
    let error = read_fresh(folder).unwrap_err();
    for expected in [
        "\"Resources\" is not the id, a name or an alias of a portfolio in 2026-27",
        "or cross-portfolio",
        "traded_services.csv, row 3, column 'service'",
        "\"Ancient\" is not one of the aged debt bands settings.toml names: Up to 30 days, 31-60 days",
    ] {
        assert!(
            error.contains(expected),
            "missing {expected:?} in:\n{error}"
        );
    }
}
