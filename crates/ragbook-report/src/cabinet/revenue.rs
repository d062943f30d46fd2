//! The revenue outturn summary, the portfolio pages and the general reserve, worded from the
//! budget view.

use ragbook_core::Decimal;
use ragbook_core::finance::view::{BudgetView, LineView, Rated, ReserveView, SavingsRow};
use ragbook_core::finance::{ReservePosition, RevenueFigures, SavingsFigures, show_millions};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::rating::Scheme;
use ragbook_core::rules::Rulebook;

use super::{MoneyRow, PortfolioPage, ReserveTable, RevenueSummary};
use crate::model::{Shown, shown};
use crate::money_charts::{LineFigures, forecast_against_budget, variance_by_line};

fn rating(scheme: &Scheme, rated: &Rated, quarter: FinancialQuarter) -> Option<Shown> {
    rated
        .as_ref()
        .map(|a| shown(scheme, a.rating, None, quarter))
}

fn money_row(
    label: &str,
    figures: &RevenueFigures,
    rated: (&Scheme, &Rated),
    quarter: FinancialQuarter,
    explanation: Option<&str>,
) -> MoneyRow {
    MoneyRow {
        label: label.to_owned(),
        budget: show_millions(figures.budget),
        grant: show_millions(figures.grant),
        adjusted: show_millions(figures.adjusted_budget()),
        forecast: show_millions(figures.forecast),
        variance: show_millions(figures.projected_outturn()),
        rating: rating(rated.0, rated.1, quarter),
        rated_because: rated.1.as_ref().map(|a| a.explanation.clone()),
        explanation: explanation.map(str::to_owned),
    }
}

fn line_row(line: &LineView<'_>, scheme: &Scheme, quarter: FinancialQuarter) -> MoneyRow {
    money_row(
        &line.record.title,
        &line.figures,
        (scheme, &line.rating),
        quarter,
        line.explanation,
    )
}

/// "forecast to overspend by £1.234m (0.6% of its adjusted budget of £200.000m)".
fn variance_phrase(figures: &RevenueFigures, whose: &str) -> String {
    let variance = figures.projected_outturn();
    let adjusted = show_millions(figures.adjusted_budget());
    let share =
        ragbook_core::rounding::percentage(variance.abs(), figures.adjusted_budget().abs(), 1)
            .map(|p| format!(" ({p}% of {whose} adjusted budget of {adjusted})"))
            .unwrap_or_default();
    if variance.is_zero() {
        format!("forecast to spend exactly {whose} adjusted budget of {adjusted}")
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

/// The revenue outturn summary: portfolios, cross-portfolio and corporate lines, and totals.
pub(super) fn summary(budget: &BudgetView<'_>, book: &Rulebook) -> RevenueSummary {
    let quarter = budget.quarter;
    let keys = &book.finance;
    let lines = |lines: &[LineView<'_>]| {
        lines
            .iter()
            .map(|l| line_row(l, &keys.portfolios, quarter))
            .collect()
    };
    let total = |label: &str, t: &ragbook_core::finance::view::Totalled| {
        money_row(
            label,
            &t.figures,
            (&keys.portfolios, &t.rating),
            quarter,
            None,
        )
    };
    RevenueSummary {
        portfolios: budget
            .portfolios
            .iter()
            .map(|p| total(p.name, &p.total))
            .collect(),
        portfolio_total: total("Portfolio total", &budget.portfolio_total),
        cross_portfolio: lines(&budget.cross_portfolio),
        corporate: lines(&budget.corporate),
        council_total: total("Council total", &budget.council_total),
        sentence: format!(
            "At {}, the council is {}.",
            quarter.long_label(),
            variance_phrase(&budget.council_total.figures, "the")
        ),
    }
}

/// "Savings of £3.700m are targeted in 2026-27; £3.100m have been identified and £2.900m
/// (78.4%) are forecast to be achieved, a shortfall of £0.800m."
pub(crate) fn savings_sentence(year: &str, f: &SavingsFigures) -> String {
    let shortfall = f.achievement_shortfall();
    let outcome = if shortfall.is_zero() {
        "exactly the target".to_owned()
    } else if shortfall > Decimal::ZERO {
        format!("{} more than the target", show_millions(shortfall))
    } else {
        format!("a shortfall of {}", show_millions(-shortfall))
    };
    let share = ragbook_core::rounding::percentage(f.forecast_achieved, f.total_target(), 1)
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    format!(
        "Savings of {} are targeted in {year}; {} have been identified and {}{share} are forecast to be achieved, {outcome}.",
        show_millions(f.total_target()),
        show_millions(f.identified),
        show_millions(f.forecast_achieved),
    )
}

/// A page per portfolio: its row, its service lines, its savings and two charts.
pub(super) fn pages(budget: &BudgetView<'_>, book: &Rulebook) -> Vec<PortfolioPage> {
    let quarter = budget.quarter;
    let keys = &book.finance;
    budget
        .portfolios
        .iter()
        .map(|portfolio| {
            let title = portfolio.name.to_owned();
            let charted: Vec<LineFigures<'_>> = portfolio
                .lines
                .iter()
                .map(|l| LineFigures {
                    label: &l.record.title,
                    budget: l.figures.adjusted_budget(),
                    forecast: l.figures.forecast,
                })
                .collect();
            let savings: Option<&SavingsRow<'_>> = budget.savings.of(portfolio.id);
            PortfolioPage {
                id: portfolio.id.to_string(),
                anchor: format!("portfolio-{}", portfolio.id.as_str().to_ascii_lowercase()),
                variance_sentence: format!(
                    "The {title} portfolio is {}.",
                    variance_phrase(&portfolio.total.figures, "its")
                ),
                summary: money_row(
                    &title,
                    &portfolio.total.figures,
                    (&keys.portfolios, &portfolio.total.rating),
                    quarter,
                    None,
                ),
                service_lines: portfolio
                    .lines
                    .iter()
                    .map(|l| line_row(l, &keys.service_lines, quarter))
                    .collect(),
                savings_sentence: savings
                    .map(|s| savings_sentence(&budget.year.to_string(), &s.figures)),
                savings_rating: savings.and_then(|s| rating(&keys.savings, &s.rating, quarter)),
                forecast_chart: forecast_against_budget(
                    &format!("Forecast against adjusted budget by service line, {title}"),
                    &charted,
                ),
                variance_chart: variance_by_line(
                    &format!("Variance by service line, {title}"),
                    &charted,
                ),
                title,
            }
        })
        .collect()
}

/// The general reserve as councils print it, and its sentence.
pub(super) fn reserve(reserve: &ReserveView<'_>) -> ReserveTable {
    let mut rows = vec![("Balance".to_owned(), show_millions(reserve.opening_balance))];
    rows.extend(
        reserve
            .commitments
            .iter()
            .map(|(name, amount)| ((*name).to_owned(), show_millions(-amount))),
    );
    rows.push((
        "Balance after commitments".into(),
        show_millions(reserve.after_commitments),
    ));
    rows.push((
        "Projected outturn".into(),
        show_millions(-reserve.projected_outturn),
    ));
    let forecast_balance = show_millions(reserve.forecast_balance);
    rows.push(("Forecast year-end balance".into(), forecast_balance.clone()));
    let (low, high) = reserve.band_text;
    let range = format!("the prudent range of {low} to {high}");
    let position = match reserve.position {
        Some(ReservePosition::Below) => format!("below {range}"),
        Some(ReservePosition::Within) => format!("within {range}"),
        Some(ReservePosition::Above) => format!("above {range}"),
        None => "not measured against a net budget requirement".into(),
    };
    ReserveTable {
        rows,
        sentence: format!(
            "The forecast year-end balance of {forecast_balance} is {}% of the net budget requirement of {}, {position}.",
            reserve.share.map_or("-".to_owned(), |s| s.to_string()),
            show_millions(reserve.net_budget_requirement)
        ),
        forecast_balance,
    }
}
