//! The budget monitoring checks: what a finance officer checks by hand before the Cabinet
//! report goes out. Derived figures (adjusted budget, variance, totals, the reserve's year-end
//! balance) are computed, never typed, so they cannot disagree with their rows; what can go
//! wrong is the rows themselves: one missing, a sign lost, a total that does not reconcile with
//! the budget the council set, an explanation quoting a figure the table does not show.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::Findings;
use super::quotes::quoted_figures;
use crate::finance::{FinanceData, in_millions, show_millions};
use crate::measure::Unit;
use crate::period::FinancialQuarter;

pub(super) fn finance(data: &FinanceData, quarter: FinancialQuarter, findings: &mut Findings) {
    let revenue: Vec<_> = data
        .revenue
        .iter()
        .filter(|r| r.quarter == quarter)
        .collect();
    let has_any = !revenue.is_empty()
        || data.savings.iter().any(|s| s.quarter == quarter)
        || data.general_reserve.iter().any(|r| r.quarter == quarter);
    if !has_any {
        return;
    }
    let year = quarter.year();
    let portfolios = match data.portfolios() {
        Ok(portfolios) => Some(portfolios),
        Err(error) => {
            findings.block("the portfolios", error.to_string());
            None
        }
    };
    let reported: HashSet<&str> = revenue.iter().map(|r| r.line.as_str()).collect();

    for line in &data.budget_lines {
        let place = format!("budget line {} ({})", line.id, line.title);
        let in_year = match (&line.portfolio, &portfolios) {
            (Some(portfolio), Some(portfolios)) => portfolios
                .all()
                .iter()
                .any(|p| &p.id == portfolio && p.exists_in(year)),
            _ => true,
        };
        if !in_year {
            if reported.contains(line.id.as_str()) {
                findings.block(
                    &place,
                    format!(
                        "has a forecast for {quarter}, but its portfolio did not exist in {year}"
                    ),
                );
            }
            continue;
        }
        let Some(row) = revenue.iter().find(|r| r.line == line.id) else {
            findings.block(
                &place,
                format!("has no forecast for {quarter}: a row is missing from revenue, so every total would be short"),
            );
            continue;
        };
        let budget = row.figures.budget;
        if line.income && budget > Decimal::ZERO {
            findings.block(
                &place,
                format!("is an income line with a positive budget of {}: income budgets are negative (is a minus sign lost?)", show_millions(budget)),
            );
        } else if !line.income && budget < Decimal::ZERO {
            findings.block(
                &place,
                format!("is a spending line with a negative budget of {}: only income lines are negative (is a minus sign wrong, or is it an income line?)", show_millions(budget)),
            );
        }
        if line.income && row.figures.forecast > Decimal::ZERO {
            findings.warn(
                &place,
                format!(
                    "is an income line forecast at {}, above zero: is a minus sign lost?",
                    show_millions(row.figures.forecast)
                ),
            );
        }
        if let Some(explanation) = &row.explanation {
            let f = &row.figures;
            let shown = [
                f.budget,
                f.adjusted_budget(),
                f.forecast,
                f.projected_outturn(),
                f.grant,
            ];
            quotes(&place, "explanation", &shown, explanation, findings);
        }
    }

    // The lines' budgets add up to the budget the council set.
    match data.general_reserve.iter().find(|r| r.quarter == quarter) {
        None => findings.warn(
            "the general reserve",
            format!("no opening balance or net budget requirement for {quarter}, so the reserve table cannot be made"),
        ),
        Some(reserve) => {
            let budgets: Decimal = revenue.iter().map(|r| r.figures.budget).sum();
            if budgets != reserve.net_budget_requirement {
                findings.block(
                    "the revenue outturn",
                    format!(
                        "the budget lines add up to {}, not the net budget requirement of {} ({} apart): is a row missing, or a sign lost?",
                        show_millions(budgets),
                        show_millions(reserve.net_budget_requirement),
                        show_millions((budgets - reserve.net_budget_requirement).abs())
                    ),
                );
            }
        }
    }

    for savings in data.savings.iter().filter(|s| s.quarter == quarter) {
        let place = format!("savings of portfolio {}", savings.portfolio);
        let f = &savings.figures;
        if let Some(commentary) = &savings.commentary {
            let shown = [
                f.brought_forward,
                f.current_year,
                f.one_off_support,
                f.total_target(),
                f.identified,
                f.identified_shortfall(),
                f.forecast_achieved,
                f.achievement_shortfall(),
            ];
            quotes(&place, "commentary", &shown, commentary, findings);
        }
        for (name, amount) in [
            ("current year", f.current_year),
            ("one-off support", f.one_off_support),
            ("identified", f.identified),
            ("forecast achieved", f.forecast_achieved),
        ] {
            if amount < Decimal::ZERO {
                findings.block(
                    &place,
                    format!("{name} is {}: savings are positive amounts (only brought forward may be negative)", show_millions(amount)),
                );
            }
        }
    }
    for debt in data.aged_debt.iter().filter(|d| d.quarter == quarter) {
        if debt.debt.bands.iter().any(|b| *b < Decimal::ZERO) {
            findings.block(
                format!("aged debt of {}", debt.department),
                "a negative amount owed: debts are positive amounts",
            );
        }
    }
    for service in data.traded_services.iter().filter(|t| t.quarter == quarter) {
        let amounts = [
            Some(service.income),
            service.expenditure,
            service.income_target,
        ];
        if amounts.into_iter().flatten().any(|a| a < Decimal::ZERO) {
            findings.block(
                format!("traded service {}", service.service),
                "a negative income or expenditure: traded services' figures are positive amounts",
            );
        }
    }
}

/// The £ figures a text quotes must be ones its table shows for the row (`shown`), exactly or as
/// the table rounds them (£m to 3 places); signs aside, since prose says "an underspend of".
fn quotes(place: &str, what: &str, shown: &[Decimal], text: &str, findings: &mut Findings) {
    let candidates: Vec<Decimal> = shown.iter().map(|c| c.abs()).collect();
    let millions = quoted_figures(text, Unit::MoneyMillions)
        .into_iter()
        .map(|m| (m, true));
    let pounds = quoted_figures(text, Unit::Money)
        .into_iter()
        .map(|p| (p, false));
    for (quoted, in_millions_form) in millions.chain(pounds) {
        let matches = candidates.iter().any(|c| {
            if in_millions_form {
                let places = quoted.scale();
                in_millions(*c).round_dp(places) == quoted.round_dp(places)
            } else {
                *c == quoted
            }
        });
        if !matches {
            let quoted = if in_millions_form {
                format!("£{quoted}m")
            } else {
                format!("£{quoted}")
            };
            findings.warn(
                place,
                format!("its {what} quotes {quoted}, which is not a figure its table shows"),
            );
        }
    }
}
