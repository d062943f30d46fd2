//! The budget view on a small council: spending and income lines, a line exactly on budget, a
//! line exactly on a band's boundary, a cross-portfolio line and saving, a corporate line, a
//! reconciling item, traded services of one name in two areas, and debt in the council's bands.

use rust_decimal::Decimal;

use super::*;
use crate::finance::{
    AgedDebt, AgedDebtRecord, BudgetLineRecord, CommitmentRecord, CorporateLine, PortfolioRecord,
    ReconcilingRecord, ReserveRecord, RevenueFigures, RevenueRecord, SavingsFigures, SavingsRecord,
    TradedServiceRecord, Trading, WrittenOffRecord,
};
use crate::plan::ItemId;
use crate::settings::Settings;

fn id(text: &str) -> ItemId {
    ItemId::new(text).unwrap()
}

fn q() -> FinancialQuarter {
    "2026-27-Q1".parse().unwrap()
}

fn pounds(amount: i64) -> Decimal {
    Decimal::from(amount)
}

fn line(
    code: &str,
    portfolio: Option<&str>,
    corporate: Option<CorporateLine>,
    income: bool,
) -> BudgetLineRecord {
    BudgetLineRecord {
        id: id(code),
        title: format!("Line {code}"),
        portfolio: portfolio.map(id),
        corporate,
        income,
    }
}

fn revenue(code: &str, budget: i64, forecast: i64) -> RevenueRecord {
    RevenueRecord {
        line: id(code),
        quarter: q(),
        figures: RevenueFigures {
            budget: pounds(budget),
            grant: Decimal::ZERO,
            forecast: pounds(forecast),
        },
        explanation: None,
    }
}

fn savings(portfolio: Option<&str>, target: i64, achieved: i64) -> SavingsRecord {
    SavingsRecord {
        portfolio: portfolio.map(id),
        quarter: q(),
        figures: SavingsFigures {
            current_year: pounds(target),
            identified: pounds(target),
            forecast_achieved: pounds(achieved),
            ..SavingsFigures::default()
        },
        commentary: None,
    }
}

fn traded(
    area: &str,
    income: i64,
    expenditure: i64,
    transferred: Option<i64>,
) -> TradedServiceRecord {
    TradedServiceRecord {
        portfolio: Some(id("ADU")),
        area: Some(area.into()),
        service: "Catering".into(),
        quarter: q(),
        trading: Trading::Fully,
        income: pounds(income),
        expenditure: Some(pounds(expenditure)),
        income_target: None,
        transferred_to_reserves: transferred.map(pounds),
    }
}

fn council() -> FinanceData {
    let portfolio = |code: &str, name: &str| PortfolioRecord {
        id: id(code),
        name: name.into(),
        first_year: "2026-27".parse().unwrap(),
        last_year: None,
        successors: Vec::new(),
        aliases: Vec::new(),
    };
    FinanceData {
        portfolios: vec![portfolio("ADU", "Adults"), portfolio("PLA", "Place")],
        budget_lines: vec![
            line("A1", Some("ADU"), None, false),
            line("A2", Some("ADU"), None, true),
            line("P1", Some("PLA"), None, false),
            line("X1", None, None, false),
            line("C1", None, Some(CorporateLine::DebtCharges), false),
        ],
        revenue: vec![
            // 2% over exactly: the service-line key's Review band ends at 2% inclusive.
            revenue("A1", 1_000_000, 1_020_000),
            // Income exactly as budgeted.
            revenue("A2", -500_000, -500_000),
            revenue("P1", 2_000_000, 1_900_000),
            revenue("X1", 100_000, 110_000),
            revenue("C1", 300_000, 300_000),
        ],
        savings: vec![
            savings(Some("ADU"), 400_000, 150_000),
            savings(None, 100_000, 37_500),
        ],
        general_reserve: vec![ReserveRecord {
            quarter: q(),
            opening_balance: pounds(5_000_000),
            // The lines' budgets (2,900,000) and a 250,000 contribution to reserves.
            net_budget_requirement: pounds(3_150_000),
        }],
        reserve_commitments: vec![CommitmentRecord {
            quarter: q(),
            name: "Pay award".into(),
            amount: pounds(1_000_000),
        }],
        reconciling_items: vec![ReconcilingRecord {
            quarter: q(),
            name: "Contribution to reserves".into(),
            amount: pounds(250_000),
        }],
        traded_services: vec![
            traded("Schools", 1_000_000, 900_000, Some(50_000)),
            traded("Care homes", 200_000, 250_000, None),
        ],
        aged_debt: vec![AgedDebtRecord {
            department: "Adults".into(),
            quarter: q(),
            debt: AgedDebt {
                bands: vec![pounds(600), pounds(300), pounds(100)],
            },
            bands: vec!["0-30 days".into(), "Over 30 days".into(), "Disputed".into()],
        }],
        debt_written_off: vec![WrittenOffRecord {
            department: "Adults".into(),
            quarter: q(),
            amount: pounds(42_000),
        }],
        ..FinanceData::default()
    }
}

fn settings() -> Settings {
    Settings::from_toml("[finance]\ndebt_bands = [\"0-30 days\", \"Over 30 days\"]\n").unwrap()
}

fn category<'s>(scheme: &'s crate::rating::Scheme, rated: &Rated) -> &'s str {
    &scheme.category(rated.as_ref().unwrap().rating).id
}

#[test]
fn every_figure_and_rating_comes_from_the_rows() {
    let settings = settings();
    let book = Rulebook::new(&settings).unwrap();
    let data = council();
    let budget = view(&data, &book, &settings.finance, q()).unwrap().unwrap();
    let keys = &book.finance;

    let adults = &budget.portfolios[0];
    assert_eq!(adults.name, "Adults");
    assert_eq!(
        category(&keys.service_lines, &adults.lines[0].rating),
        "review"
    );
    assert!(adults.lines[1].figures.projected_outturn().is_zero());
    assert_eq!(
        category(&keys.service_lines, &adults.lines[1].rating),
        "good"
    );
    // Adults: 500,000 adjusted, 520,000 forecast; any portfolio overspend is Action.
    assert_eq!(adults.total.figures.projected_outturn(), pounds(20_000));
    assert_eq!(category(&keys.portfolios, &adults.total.rating), "action");

    // The portfolio total leaves out the cross-portfolio and corporate lines; the council's
    // takes them all, and both totals are rated.
    assert_eq!(budget.portfolio_total.figures.budget, pounds(2_500_000));
    assert_eq!(budget.cross_portfolio.len(), 1);
    assert_eq!(budget.corporate.len(), 1);
    assert_eq!(budget.council_total.figures.budget, pounds(2_900_000));
    assert_eq!(
        budget.council_total.figures.projected_outturn(),
        pounds(-70_000)
    );
    assert_eq!(
        category(&keys.portfolios, &budget.council_total.rating),
        "good"
    );
    assert!(budget.missing.is_empty() && budget.out_of_year.is_empty());

    // Lines plus the reconciling item make the net budget requirement.
    let reconciled = budget.reconciliation.as_ref().unwrap();
    assert!(reconciled.unexplained.is_zero());

    // The reserve as councils print it: 5,000,000 less 1,000,000, less the outturn (an
    // underspend of 70,000 adds to it).
    let reserve = budget.reserve.as_ref().unwrap();
    assert_eq!(reserve.after_commitments, pounds(4_000_000));
    assert_eq!(reserve.forecast_balance, pounds(4_070_000));
    // 4,070,000 / 3,150,000 = 129.206...%: shown to 2 places by default.
    assert_eq!(reserve.share, Some("129.21".parse().unwrap()));

    // Savings: 187,500 of 500,000 is 37.5%; the cross-portfolio row is last.
    assert_eq!(budget.savings.achieved_share, Some("37.5".parse().unwrap()));
    assert_eq!(budget.savings.rows[1].name, CROSS_PORTFOLIO);

    // Two services named Catering in two areas, totalled.
    assert_eq!(budget.traded.fully.len(), 2);
    assert_eq!(budget.traded.fully_total.income, pounds(1_200_000));
    assert_eq!(budget.traded.fully_total.result, pounds(50_000));
    assert_eq!(budget.traded.fully_total.transferred, pounds(50_000));
    assert_eq!(budget.traded.fully[0].portfolio, Some("Adults"));

    // Debt in the settings' bands; an amount in a band they do not name is reported.
    assert_eq!(budget.debt.bands, ["0-30 days", "Over 30 days"]);
    assert_eq!(budget.debt.rows[0].debt.bands, [pounds(600), pounds(300)]);
    assert_eq!(budget.debt.unknown, [("Adults", "Disputed")]);
    assert_eq!(budget.debt.written_off_total, pounds(42_000));
}

#[test]
fn what_does_not_reconcile_is_named_and_no_revenue_means_no_view() {
    let settings = settings();
    let book = Rulebook::new(&settings).unwrap();
    let mut data = council();
    data.reconciling_items.clear();
    let budget = view(&data, &book, &settings.finance, q()).unwrap().unwrap();
    assert_eq!(budget.reconciliation.unwrap().unexplained, pounds(250_000));

    data.revenue.retain(|r| r.line.as_str() != "P1");
    let budget = view(&data, &book, &settings.finance, q()).unwrap().unwrap();
    assert_eq!(budget.missing.len(), 1);
    assert_eq!(budget.missing[0].id.as_str(), "P1");

    let later = "2026-27-Q2".parse().unwrap();
    assert_eq!(view(&data, &book, &settings.finance, later).unwrap(), None);
}

#[test]
fn a_total_exactly_on_a_boundary_takes_the_better_band() {
    let settings = settings();
    let book = Rulebook::new(&settings).unwrap();
    let mut data = council();
    // Every line on budget: the council total's variance is exactly zero, which is Good.
    for row in &mut data.revenue {
        row.figures.forecast = row.figures.budget;
    }
    let budget = view(&data, &book, &settings.finance, q()).unwrap().unwrap();
    assert!(budget.council_total.figures.projected_outturn().is_zero());
    let keys = &book.finance;
    assert_eq!(
        category(&keys.portfolios, &budget.council_total.rating),
        "good"
    );
    assert_eq!(
        category(&keys.portfolios, &budget.portfolio_total.rating),
        "good"
    );
}
