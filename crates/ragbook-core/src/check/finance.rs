//! The budget monitoring checks: what a finance officer checks by hand before the Cabinet
//! report goes out. Derived figures (adjusted budget, variance, totals, the reserve's year-end
//! balance) come from the one budget view, so they cannot disagree with their rows; what can go
//! wrong is the rows themselves: one missing, a sign lost, budgets that do not reconcile with
//! the budget the council set, an explanation quoting a figure the table does not show.

use rust_decimal::Decimal;

use super::Findings;
use super::money::{Quoted, quoted_amounts};
use crate::dataset::Dataset;
use crate::finance::view::{BudgetView, LineView, view};
use crate::finance::{RevenueFigures, SavingsFigures, show_millions};
use crate::period::FinancialQuarter;
use crate::rules::Rulebook;
use crate::settings::Settings;

/// A figure a table shows: whose it is, and whether it is a total.
struct TableFigure {
    what: String,
    amount: Decimal,
    total: bool,
}

fn table_figures(
    what: &str,
    amounts: impl IntoIterator<Item = Decimal>,
    total: bool,
) -> Vec<TableFigure> {
    amounts
        .into_iter()
        .map(|amount| TableFigure {
            what: what.to_owned(),
            amount,
            total,
        })
        .collect()
}

fn revenue_figures(what: &str, f: &RevenueFigures, total: bool) -> Vec<TableFigure> {
    let amounts = [
        f.budget,
        f.grant,
        f.adjusted_budget(),
        f.forecast,
        f.projected_outturn(),
    ];
    table_figures(what, amounts, total)
}

fn savings_figures(what: &str, f: &SavingsFigures, total: bool) -> Vec<TableFigure> {
    let amounts = [
        f.brought_forward,
        f.current_year,
        f.one_off_support,
        f.total_target(),
        f.identified,
        f.identified_shortfall(),
        f.forecast_achieved,
        f.achievement_shortfall(),
    ];
    table_figures(what, amounts, total)
}

pub(super) fn finance(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
    findings: &mut Findings,
) {
    let budget = match view(&data.finance, book, &settings.finance, quarter) {
        Ok(Some(budget)) => budget,
        Ok(None) => {
            let finance = &data.finance;
            if finance.savings.iter().any(|s| s.quarter == quarter)
                || finance.general_reserve.iter().any(|r| r.quarter == quarter)
            {
                findings.block(
                    "the revenue outturn",
                    format!("budget figures are held for {quarter}, but no revenue figures: the Cabinet report cannot be made"),
                );
            }
            return;
        }
        Err(error) => {
            findings.block("budget monitoring", error.to_string());
            return;
        }
    };
    lines(&budget, findings);
    reconciliation(&budget, findings);
    savings(&budget, findings);
    for (department, band) in &budget.debt.unknown {
        findings.block(
            format!("aged debt of {department}"),
            format!(
                "an amount in the band {band:?}, which the settings do not name ([finance] debt_bands = {:?}): the report cannot show it",
                budget.debt.bands
            ),
        );
    }
    for row in &budget.debt.rows {
        if row.debt.bands.iter().any(|b| *b < Decimal::ZERO) {
            findings.block(
                format!("aged debt of {}", row.department),
                "a negative amount owed: debts are positive amounts",
            );
        }
    }
    for row in budget.traded.fully.iter().chain(&budget.traded.partially) {
        let service = row.record;
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

fn lines(budget: &BudgetView<'_>, findings: &mut Findings) {
    let quarter = budget.quarter;
    let place = |line: &crate::finance::BudgetLineRecord| {
        format!("budget line {} ({})", line.id, line.title)
    };
    for line in &budget.out_of_year {
        findings.block(
            place(line),
            format!(
                "has a forecast for {quarter}, but its portfolio did not exist in {}",
                budget.year
            ),
        );
    }
    for line in &budget.missing {
        findings.block(
            place(line),
            format!("has no forecast for {quarter}: a row is missing from revenue, so every total would be short"),
        );
    }
    let summary = summary_table(budget);
    for portfolio in &budget.portfolios {
        let mut table: Vec<TableFigure> = portfolio
            .lines
            .iter()
            .flat_map(|l| revenue_figures(&l.record.title, &l.figures, false))
            .collect();
        table.extend(revenue_figures(
            &format!("the {} total", portfolio.name),
            &portfolio.total.figures,
            true,
        ));
        table.extend(revenue_figures(
            "the council total",
            &budget.council_total.figures,
            true,
        ));
        for line in &portfolio.lines {
            line_checks(line, &table, findings);
        }
    }
    for line in budget.cross_portfolio.iter().chain(&budget.corporate) {
        line_checks(line, &summary, findings);
    }
}

/// The summary table: a row per portfolio, the cross-portfolio and corporate lines, and the
/// totals.
fn summary_table(budget: &BudgetView<'_>) -> Vec<TableFigure> {
    let mut table: Vec<TableFigure> = budget
        .portfolios
        .iter()
        .flat_map(|p| revenue_figures(p.name, &p.total.figures, false))
        .collect();
    for line in budget.cross_portfolio.iter().chain(&budget.corporate) {
        table.extend(revenue_figures(&line.record.title, &line.figures, false));
    }
    table.extend(revenue_figures(
        "the portfolio total",
        &budget.portfolio_total.figures,
        true,
    ));
    table.extend(revenue_figures(
        "the council total",
        &budget.council_total.figures,
        true,
    ));
    table
}

fn line_checks(line: &LineView<'_>, table: &[TableFigure], findings: &mut Findings) {
    let record = line.record;
    let place = format!("budget line {} ({})", record.id, record.title);
    let budget = line.figures.budget;
    if record.income && budget > Decimal::ZERO {
        findings.block(
            &place,
            format!("is an income line with a positive budget of {}: income budgets are negative (is a minus sign lost?)", show_millions(budget)),
        );
    } else if !record.income && budget < Decimal::ZERO {
        findings.block(
            &place,
            format!("is a spending line with a negative budget of {}: only income lines are negative (is a minus sign wrong, or is it an income line?)", show_millions(budget)),
        );
    }
    if record.income && line.figures.forecast > Decimal::ZERO {
        findings.warn(
            &place,
            format!(
                "is an income line forecast at {}, above zero: is a minus sign lost?",
                show_millions(line.figures.forecast)
            ),
        );
    }
    if let Some(explanation) = line.explanation {
        let own = revenue_figures(&record.title, &line.figures, false);
        quotes(&place, "explanation", &own, table, explanation, findings);
    }
}

/// Lines plus reconciling items must come to the net budget requirement: a check that blocks
/// publication is certain, so it names what is unexplained.
fn reconciliation(budget: &BudgetView<'_>, findings: &mut Findings) {
    let Some(r) = &budget.reconciliation else {
        findings.warn(
            "the general reserve",
            format!("no opening balance or net budget requirement for {}, so the reserve table cannot be made and the budget lines cannot be reconciled", budget.quarter),
        );
        return;
    };
    if r.unexplained.is_zero() {
        return;
    }
    let items = if r.items.is_empty() {
        "no reconciling items are held (add them to the reconciling_items table if something is legitimately outside the lines)".to_owned()
    } else {
        format!(
            "with the reconciling items ({}) they come to {}",
            r.items
                .iter()
                .map(|(name, amount)| format!("{name} {}", show_millions(*amount)))
                .collect::<Vec<_>>()
                .join(", "),
            show_millions(r.net_budget_requirement - r.unexplained)
        )
    };
    findings.block(
        "the revenue outturn",
        format!(
            "the budget lines add up to {}, not the net budget requirement of {}; {items}: {} is unexplained (is a row missing, or a sign lost?)",
            show_millions(r.lines),
            show_millions(r.net_budget_requirement),
            show_millions(r.unexplained.abs())
        ),
    );
}

fn savings(budget: &BudgetView<'_>, findings: &mut Findings) {
    let mut table: Vec<TableFigure> = budget
        .savings
        .rows
        .iter()
        .flat_map(|r| savings_figures(r.name, &r.figures, false))
        .collect();
    table.extend(savings_figures(
        "the savings total",
        &budget.savings.total,
        true,
    ));
    for row in &budget.savings.rows {
        let place = format!("savings of {}", row.name);
        let f = &row.figures;
        if let Some(commentary) = row.commentary {
            let own = savings_figures(row.name, f, false);
            quotes(&place, "commentary", &own, &table, commentary, findings);
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
}

/// The amounts a text quotes must be ones its table shows: its own row's, or a total (which a
/// text quoting "the total" must get from a total row, not from a row).
fn quotes(
    place: &str,
    what: &str,
    own: &[TableFigure],
    table: &[TableFigure],
    text: &str,
    findings: &mut Findings,
) {
    for quoted in quoted_amounts(text) {
        if let Some(message) = misquote(&quoted, own, table) {
            findings.warn(
                place,
                format!("its {what} quotes {}, {message}", quoted.text),
            );
        }
    }
}

fn misquote(quoted: &Quoted, own: &[TableFigure], table: &[TableFigure]) -> Option<String> {
    let is = |f: &&TableFigure| quoted.is(f.amount);
    let total = table.iter().filter(|f| f.total).find(is);
    let row = own.iter().find(is);
    let other = table.iter().filter(|f| !f.total).find(is);
    if quoted.as_total {
        return match (total, row.or(other)) {
            (Some(_), _) => None,
            (None, Some(figure)) => Some(format!(
                "as a total, but that is {}'s figure, not a total's",
                figure.what
            )),
            (None, None) => Some("which is not a figure its table shows".into()),
        };
    }
    match (row, total, other) {
        (Some(_), _, _) | (None, Some(_), _) => None,
        (None, None, Some(figure)) => Some(format!(
            "which is {}'s figure in the table, not this row's",
            figure.what
        )),
        (None, None, None) => Some("which is not a figure its table shows".into()),
    }
}
