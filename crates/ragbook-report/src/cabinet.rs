//! The budget monitoring half of the integrated Cabinet report, as a view-model: the revenue
//! outturn summary (portfolios from their service lines, then the corporate lines, with
//! totals), the general reserve, a page per portfolio (variance sentence, service lines with
//! ratings and explanations, savings), and the appendix tables. Every total is the sum of
//! unrounded rows; every figure is shown in £m to three places.
//!
//! `templates/cabinet.html` and `cabinet.typ` lay it out (with the cover report of
//! [`crate::cabinet_report`]); they compute nothing.

use ragbook_core::Decimal;
use ragbook_core::finance::{
    AGE_BANDS, AgedDebt, Commitment, FinanceData, FullyTraded, GeneralReserve, Overrun,
    PartiallyTraded, Portfolio, ReservePosition, RevenueFigures, SavingsFigures, Trading,
    rate_overrun, show_millions,
};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::rating::Scheme;
use ragbook_core::settings::Settings;
use serde::Serialize;

use crate::charts::Chart;
use crate::model::{ReportError, Shown, shown};
use crate::money_charts::{LineFigures, forecast_against_budget, variance_by_line};

/// One row of a money table, every figure shown.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyRow {
    /// What the row is.
    pub label: String,
    /// Budget.
    pub budget: String,
    /// Grant funding applied.
    pub grant: String,
    /// Adjusted budget.
    pub adjusted: String,
    /// Forecast actuals.
    pub forecast: String,
    /// Projected outturn (positive an overspend).
    pub variance: String,
    /// Its rating, where the row is rated.
    pub rating: Option<Shown>,
    /// Why the rating, in a sentence.
    pub rated_because: Option<String>,
    /// Why it varies, where given.
    pub explanation: Option<String>,
}

/// The revenue outturn summary.
#[derive(Debug, Clone, Serialize)]
pub struct RevenueSummary {
    /// A row per portfolio.
    pub portfolios: Vec<MoneyRow>,
    /// The portfolios together.
    pub portfolio_total: MoneyRow,
    /// A row per corporate line.
    pub corporate: Vec<MoneyRow>,
    /// The council as a whole.
    pub council_total: MoneyRow,
    /// "The council is forecast to underspend by £2.345m ..."
    pub sentence: String,
}

/// A portfolio's page.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioPage {
    /// The portfolio's id.
    pub id: String,
    /// Anchor for links.
    pub anchor: String,
    /// The portfolio's name this year.
    pub title: String,
    /// Its row of the summary.
    pub summary: MoneyRow,
    /// "The portfolio is forecast to overspend by £1.234m (0.6% of its adjusted budget)."
    pub variance_sentence: String,
    /// Its service lines.
    pub service_lines: Vec<MoneyRow>,
    /// Its savings in words, if it has savings.
    pub savings_sentence: Option<String>,
    /// Its savings rating.
    pub savings_rating: Option<Shown>,
    /// Each service line's forecast against its adjusted budget.
    pub forecast_chart: Chart,
    /// Each service line's variance.
    pub variance_chart: Chart,
}

/// The general reserve table and its sentence.
#[derive(Debug, Clone, Serialize)]
pub struct ReserveTable {
    /// (what, amount) from the opening balance to the forecast year-end balance.
    pub rows: Vec<(String, String)>,
    /// "The forecast balance of £29.4m is 4.5% of the net budget requirement, within the
    /// prudent range of 3% to 5%."
    pub sentence: String,
}

/// A plain table: headings and rows of cells, the last row a total where `total` says so.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Caption.
    pub caption: String,
    /// Column headings.
    pub headings: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Whether the last row is a total.
    pub total: bool,
    /// How many leading columns hold words (the rest hold figures).
    pub text_columns: usize,
}

/// The budget monitoring view-model for a quarter.
#[derive(Debug, Clone, Serialize)]
pub struct Cabinet {
    /// The quarter, long form.
    pub quarter: String,
    /// The revenue outturn summary.
    pub revenue: RevenueSummary,
    /// The general reserve, if its figures are held.
    pub reserve: Option<ReserveTable>,
    /// A page per portfolio.
    pub portfolios: Vec<PortfolioPage>,
    /// Appendix: savings monitoring.
    pub savings: Table,
    /// Appendix: earmarked reserves by portfolio.
    pub earmarked_reserves: Table,
    /// Appendix: traded services.
    pub traded_services: Table,
    /// Appendix: aged debt.
    pub aged_debt: Table,
    /// Appendix: the grant funding register.
    pub grants: Table,
}

fn key(name: &str) -> Result<Scheme, ReportError> {
    let scheme = Scheme::shipped(name).map_err(|e| ReportError::Settings(e.to_string()))?;
    if scheme.finance.is_none() {
        return Err(ReportError::Settings(format!(
            "[finance] names {name:?}, which is not a finance key"
        )));
    }
    Ok(scheme)
}

fn money_row(
    label: &str,
    figures: &RevenueFigures,
    scheme: Option<&Scheme>,
    quarter: FinancialQuarter,
    explanation: Option<String>,
) -> MoneyRow {
    let rated = scheme.and_then(|scheme| {
        let assessed = rate_overrun(
            scheme,
            Overrun::Overspend,
            figures.projected_outturn(),
            figures.adjusted_budget(),
        )
        .ok()?;
        Some((
            shown(scheme, assessed.rating, None, quarter),
            assessed.explanation,
        ))
    });
    let (rating, rated_because) = rated.unzip();
    MoneyRow {
        label: label.to_owned(),
        budget: show_millions(figures.budget),
        grant: show_millions(figures.grant),
        adjusted: show_millions(figures.adjusted_budget()),
        forecast: show_millions(figures.forecast),
        variance: show_millions(figures.projected_outturn()),
        rating,
        rated_because,
        explanation,
    }
}

/// "forecast to overspend by £1.234m (0.6% of its adjusted budget of £200.000m)".
fn variance_phrase(figures: &RevenueFigures) -> String {
    let variance = figures.projected_outturn();
    let share =
        ragbook_core::rounding::percentage(variance.abs(), figures.adjusted_budget().abs(), 1)
            .map(|p| {
                format!(
                    " ({p}% of its adjusted budget of {})",
                    show_millions(figures.adjusted_budget())
                )
            })
            .unwrap_or_default();
    if variance.is_zero() {
        format!(
            "forecast to spend exactly its adjusted budget of {}",
            show_millions(figures.adjusted_budget())
        )
    } else if variance > Decimal::ZERO {
        format!(
            "forecast to overspend by {}{share}",
            show_millions(variance)
        )
    } else {
        format!(
            "forecast to underspend by {}{share}",
            show_millions(-variance)
        )
    }
}

fn savings_sentence(year: &str, f: &SavingsFigures) -> String {
    let shortfall = f.achievement_shortfall();
    let outcome = if shortfall.is_zero() {
        "exactly the target".to_owned()
    } else if shortfall > Decimal::ZERO {
        format!("{} more than the target", show_millions(shortfall))
    } else {
        format!("a shortfall of {}", show_millions(-shortfall))
    };
    format!(
        "Savings of {} are targeted in {year}; {} have been identified and {} are forecast to be achieved, {outcome}.",
        show_millions(f.total_target()),
        show_millions(f.identified),
        show_millions(f.forecast_achieved),
    )
}

/// Builds the budget monitoring view-model for `quarter`, or `None` when no revenue figures
/// are held for it.
pub fn build_cabinet(
    finance: &FinanceData,
    settings: &Settings,
    quarter: FinancialQuarter,
) -> Result<Option<Cabinet>, ReportError> {
    let revenue: Vec<_> = finance
        .revenue
        .iter()
        .filter(|r| r.quarter == quarter)
        .collect();
    if revenue.is_empty() {
        return Ok(None);
    }
    let line_key = key(&settings.finance.service_lines)?;
    let portfolio_key = key(&settings.finance.portfolios)?;
    let savings_key = key(&settings.finance.savings)?;
    let band = settings
        .finance
        .prudent_band()
        .ok_or_else(|| ReportError::Settings("[finance] reserve band".into()))?;
    let portfolios = finance
        .portfolios()
        .map_err(|e| ReportError::Settings(e.to_string()))?;
    let year = quarter.year();
    let figures_of = |line: &str| revenue.iter().find(|r| r.line.as_str() == line);

    let mut pages = Vec::new();
    let mut portfolio_rows = Vec::new();
    let mut portfolio_figures = Vec::new();
    let in_year: Vec<&Portfolio> = portfolios.in_year(year).collect();
    for portfolio in &in_year {
        let title = portfolio
            .name_in(year)
            .unwrap_or(portfolio.id.as_str())
            .to_owned();
        let mut lines = Vec::new();
        let mut line_figures = Vec::new();
        let mut line_names = Vec::new();
        for line in finance
            .budget_lines
            .iter()
            .filter(|l| l.portfolio.as_ref() == Some(&portfolio.id))
        {
            if let Some(record) = figures_of(line.id.as_str()) {
                lines.push(money_row(
                    &line.title,
                    &record.figures,
                    Some(&line_key),
                    quarter,
                    record.explanation.clone(),
                ));
                line_figures.push(record.figures);
                line_names.push(line.title.as_str());
            }
        }
        let charted: Vec<LineFigures<'_>> = line_names
            .iter()
            .zip(&line_figures)
            .map(|(label, f)| LineFigures {
                label,
                budget: f.adjusted_budget(),
                forecast: f.forecast,
            })
            .collect();
        let total = RevenueFigures::total(&line_figures);
        let summary = money_row(&title, &total, Some(&portfolio_key), quarter, None);
        let savings = finance
            .savings
            .iter()
            .find(|s| s.portfolio == portfolio.id && s.quarter == quarter);
        let savings_rating = savings.and_then(|s| {
            let assessed = rate_overrun(
                &savings_key,
                Overrun::Shortfall,
                -s.figures.achievement_shortfall(),
                s.figures.total_target(),
            )
            .ok()?;
            Some(shown(&savings_key, assessed.rating, None, quarter))
        });
        let forecast_chart = forecast_against_budget(
            &format!("Forecast against adjusted budget by service line, {title}"),
            &charted,
        );
        let variance_chart =
            variance_by_line(&format!("Variance by service line, {title}"), &charted);
        pages.push(PortfolioPage {
            id: portfolio.id.to_string(),
            anchor: format!("portfolio-{}", portfolio.id.as_str().to_ascii_lowercase()),
            variance_sentence: format!("The {title} portfolio is {}.", variance_phrase(&total)),
            title,
            summary: summary.clone(),
            service_lines: lines,
            savings_sentence: savings.map(|s| savings_sentence(&year.to_string(), &s.figures)),
            savings_rating,
            forecast_chart,
            variance_chart,
        });
        portfolio_rows.push(summary);
        portfolio_figures.push(total);
    }
    let portfolio_total = RevenueFigures::total(&portfolio_figures);
    let mut corporate_rows = Vec::new();
    let mut corporate_figures = Vec::new();
    for line in finance
        .budget_lines
        .iter()
        .filter(|l| l.corporate.is_some())
    {
        if let Some(record) = figures_of(line.id.as_str()) {
            corporate_rows.push(money_row(
                &line.title,
                &record.figures,
                Some(&portfolio_key),
                quarter,
                record.explanation.clone(),
            ));
            corporate_figures.push(record.figures);
        }
    }
    let council = RevenueFigures::total(portfolio_figures.iter().chain(&corporate_figures));
    let revenue_summary = RevenueSummary {
        portfolio_total: money_row("Portfolio total", &portfolio_total, None, quarter, None),
        council_total: money_row("Council total", &council, None, quarter, None),
        sentence: format!(
            "At {}, the council is {}.",
            quarter.long_label(),
            variance_phrase(&council).replace("its adjusted budget", "the adjusted budget")
        ),
        portfolios: portfolio_rows,
        corporate: corporate_rows,
    };

    let reserve = finance
        .general_reserve
        .iter()
        .find(|r| r.quarter == quarter)
        .map(|r| {
            let reserve = GeneralReserve {
                opening_balance: r.opening_balance,
                commitments: finance
                    .reserve_commitments
                    .iter()
                    .filter(|c| c.quarter == quarter)
                    .map(|c| Commitment {
                        name: c.name.clone(),
                        amount: c.amount,
                    })
                    .collect(),
                projected_outturn: council.projected_outturn(),
                net_budget_requirement: r.net_budget_requirement,
            };
            let mut rows = vec![("Opening balance".to_owned(), show_millions(reserve.opening_balance))];
            rows.extend(
                reserve
                    .commitments
                    .iter()
                    .map(|c| (c.name.clone(), show_millions(-c.amount))),
            );
            rows.push(("Projected outturn".into(), show_millions(-reserve.projected_outturn)));
            rows.push(("Forecast year-end balance".into(), show_millions(reserve.forecast_balance())));
            let share = reserve
                .share_of_budget()
                .map(|s| ragbook_core::rounding::round_half_away(s * Decimal::ONE_HUNDRED, 1));
            let range = format!(
                "the prudent range of {} to {}",
                settings.finance.reserve_low, settings.finance.reserve_high
            );
            let position = match reserve.position(band) {
                Some(ReservePosition::Below) => format!("below {range}"),
                Some(ReservePosition::Within) => format!("within {range}"),
                Some(ReservePosition::Above) => format!("above {range}"),
                None => "not measured against a net budget requirement".into(),
            };
            ReserveTable {
                rows,
                sentence: format!(
                    "The forecast year-end balance of {} is {}% of the net budget requirement of {}, {position}.",
                    show_millions(reserve.forecast_balance()),
                    share.map_or("-".to_owned(), |s| s.to_string()),
                    show_millions(reserve.net_budget_requirement)
                ),
            }
        });

    let name_of = |id: &ragbook_core::plan::ItemId| {
        in_year
            .iter()
            .find(|p| &p.id == id)
            .and_then(|p| p.name_in(year))
            .unwrap_or(id.as_str())
            .to_owned()
    };
    let savings_rows: Vec<&_> = finance
        .savings
        .iter()
        .filter(|s| s.quarter == quarter)
        .collect();
    let savings_total = SavingsFigures::total(savings_rows.iter().map(|s| &s.figures));
    let savings_cells = |label: String, f: &SavingsFigures| {
        vec![
            label,
            show_millions(f.brought_forward),
            show_millions(f.current_year),
            show_millions(f.one_off_support),
            show_millions(f.total_target()),
            show_millions(f.identified),
            show_millions(f.identified_shortfall()),
            show_millions(f.forecast_achieved),
            show_millions(f.achievement_shortfall()),
        ]
    };
    let mut rows: Vec<Vec<String>> = savings_rows
        .iter()
        .map(|s| savings_cells(name_of(&s.portfolio), &s.figures))
        .collect();
    rows.push(savings_cells("Total".into(), &savings_total));
    let savings = Table {
        caption: format!("Savings monitoring, {}", quarter.long_label()),
        headings: [
            "Portfolio",
            "Brought forward",
            "Current year",
            "One-off support",
            "Target",
            "Identified",
            "Identified shortfall",
            "Forecast achieved",
            "Achievement shortfall",
        ]
        .map(str::to_owned)
        .into(),
        rows,
        total: true,
        text_columns: 1,
    };

    let mut rows = Vec::new();
    let (mut all_open, mut all_forecast) = (Decimal::ZERO, Decimal::ZERO);
    for portfolio in &in_year {
        let reserves: Vec<_> = finance
            .earmarked_reserves
            .iter()
            .filter(|r| r.quarter == quarter && r.portfolio == portfolio.id)
            .collect();
        if reserves.is_empty() {
            continue;
        }
        let (open, forecast): (Decimal, Decimal) = (
            reserves.iter().map(|r| r.opening_balance).sum(),
            reserves.iter().map(|r| r.forecast_balance).sum(),
        );
        for r in &reserves {
            rows.push(vec![
                name_of(&portfolio.id),
                r.reserve.clone(),
                show_millions(r.opening_balance),
                show_millions(r.forecast_balance),
            ]);
        }
        rows.push(vec![
            format!("{} total", name_of(&portfolio.id)),
            String::new(),
            show_millions(open),
            show_millions(forecast),
        ]);
        all_open += open;
        all_forecast += forecast;
    }
    rows.push(vec![
        "Total".into(),
        String::new(),
        show_millions(all_open),
        show_millions(all_forecast),
    ]);
    let earmarked_reserves = Table {
        caption: format!("Earmarked reserves, {}", quarter.long_label()),
        headings: [
            "Portfolio",
            "Reserve",
            "Opening balance",
            "Forecast balance",
        ]
        .map(str::to_owned)
        .into(),
        rows,
        total: true,
        text_columns: 2,
    };

    let traded_services = Table {
        caption: format!("Traded services, {}", quarter.long_label()),
        headings: [
            "Service",
            "Trading",
            "Income",
            "Expenditure or income target",
            "Contribution or against target",
        ]
        .map(str::to_owned)
        .into(),
        rows: finance
            .traded_services
            .iter()
            .filter(|t| t.quarter == quarter)
            .map(|t| {
                let (other, result) = match t.trading {
                    Trading::Fully => {
                        let expenditure = t.expenditure.unwrap_or_default();
                        let result = FullyTraded {
                            income: t.income,
                            expenditure,
                        }
                        .contribution();
                        (expenditure, result)
                    }
                    Trading::Partially => {
                        let target = t.income_target.unwrap_or_default();
                        let result = PartiallyTraded {
                            income: t.income,
                            income_target: target,
                        }
                        .against_target();
                        (target, result)
                    }
                };
                vec![
                    t.service.clone(),
                    t.trading.code().to_owned(),
                    show_millions(t.income),
                    show_millions(other),
                    show_millions(result),
                ]
            })
            .collect(),
        total: false,
        text_columns: 2,
    };

    let debts: Vec<_> = finance
        .aged_debt
        .iter()
        .filter(|d| d.quarter == quarter)
        .collect();
    let debt_cells = |label: String, debt: &AgedDebt| {
        let mut cells = vec![label];
        let shares = debt.percentages(1);
        for (index, band) in debt.bands.iter().enumerate() {
            let share = shares.map_or("-".to_owned(), |s| format!("{}%", s[index]));
            cells.push(format!("{} ({share})", show_millions(*band)));
        }
        cells.push(show_millions(debt.total()));
        cells
    };
    let mut rows: Vec<Vec<String>> = debts
        .iter()
        .map(|d| debt_cells(d.department.clone(), &d.debt))
        .collect();
    rows.push(debt_cells(
        "Total".into(),
        &AgedDebt::total_of(debts.iter().map(|d| &d.debt)),
    ));
    let mut headings = vec!["Department".to_owned()];
    headings.extend(AGE_BANDS.map(str::to_owned));
    headings.push("Total".into());
    let aged_debt = Table {
        caption: format!("Aged debt at the end of {}", quarter.long_label()),
        headings,
        rows,
        total: true,
        text_columns: 1,
    };

    let grants = Table {
        caption: format!("Grant funding register, {}", quarter.long_label()),
        headings: [
            "Grant",
            "Awarding body",
            "Ring-fenced",
            "Brought forward",
            "Expected",
            "Forecast spend",
        ]
        .map(str::to_owned)
        .into(),
        rows: finance
            .grants
            .iter()
            .filter(|g| g.quarter == quarter)
            .map(|g| {
                vec![
                    g.title.clone(),
                    g.awarding_body.clone(),
                    if g.ring_fenced { "Yes" } else { "No" }.to_owned(),
                    show_millions(g.brought_forward),
                    show_millions(g.expected),
                    show_millions(g.forecast_spend),
                ]
            })
            .collect(),
        total: false,
        text_columns: 3,
    };

    Ok(Some(Cabinet {
        quarter: quarter.long_label(),
        revenue: revenue_summary,
        reserve,
        portfolios: pages,
        savings,
        earmarked_reserves,
        traded_services,
        aged_debt,
        grants,
    }))
}
