//! The revenue outturn: each service line, each portfolio from its lines, the cross-portfolio
//! and corporate lines, and the totals, every row rated by the key its settings name.

use super::{BudgetError, Rated};
use crate::finance::{
    BudgetLineRecord, FinanceData, Overrun, Portfolios, RevenueFigures, RevenueRecord, rate_overrun,
};
use crate::period::FinancialQuarter;
use crate::plan::ItemId;
use crate::rating::Scheme;
use crate::rules::Rulebook;

/// A budget line's figures this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView<'a> {
    /// The line.
    pub record: &'a BudgetLineRecord,
    /// Its figures.
    pub figures: RevenueFigures,
    /// Its rating (service lines by the service-line key, corporate and cross-portfolio lines by
    /// the portfolio key).
    pub rating: Rated,
    /// Why it varies, where given.
    pub explanation: Option<&'a str>,
}

/// A total: the sum of unrounded rows, and its rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totalled {
    /// The figures.
    pub figures: RevenueFigures,
    /// The rating, by the portfolio key.
    pub rating: Rated,
}

/// A portfolio this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioView<'a> {
    /// The portfolio's id.
    pub id: &'a ItemId,
    /// Its name in the year.
    pub name: &'a str,
    /// Its service lines with figures.
    pub lines: Vec<LineView<'a>>,
    /// Its lines together.
    pub total: Totalled,
}

pub(super) struct Revenue<'a> {
    pub(super) portfolios: Vec<PortfolioView<'a>>,
    pub(super) portfolio_total: Totalled,
    pub(super) cross_portfolio: Vec<LineView<'a>>,
    pub(super) corporate: Vec<LineView<'a>>,
    pub(super) council_total: Totalled,
    pub(super) missing: Vec<&'a BudgetLineRecord>,
    pub(super) out_of_year: Vec<&'a BudgetLineRecord>,
}

/// `figures` rated as spending against their adjusted budget.
pub(super) fn rate(scheme: &Scheme, figures: &RevenueFigures) -> Result<Rated, BudgetError> {
    Ok(Some(rate_overrun(
        scheme,
        Overrun::Overspend,
        figures.projected_outturn(),
        figures.adjusted_budget(),
    )?))
}

fn totalled(scheme: &Scheme, figures: RevenueFigures) -> Result<Totalled, BudgetError> {
    Ok(Totalled {
        rating: rate(scheme, &figures)?,
        figures,
    })
}

fn line<'a>(
    record: &'a BudgetLineRecord,
    row: &'a RevenueRecord,
    scheme: &Scheme,
) -> Result<LineView<'a>, BudgetError> {
    Ok(LineView {
        record,
        figures: row.figures,
        rating: rate(scheme, &row.figures)?,
        explanation: row.explanation.as_deref(),
    })
}

fn sum(lines: &[LineView<'_>]) -> RevenueFigures {
    RevenueFigures::total(lines.iter().map(|l| &l.figures))
}

pub(super) fn revenue<'a>(
    data: &'a FinanceData,
    portfolios: &Portfolios,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<Revenue<'a>, BudgetError> {
    let keys = &book.finance;
    let year = quarter.year();
    let row_of = |line: &BudgetLineRecord| {
        data.revenue
            .iter()
            .find(|r| r.quarter == quarter && r.line == line.id)
    };
    let (mut missing, mut out_of_year) = (Vec::new(), Vec::new());
    let mut views = Vec::new();
    for portfolio in portfolios.in_year(year) {
        let Some(record) = data.portfolios.iter().find(|p| p.id == portfolio.id) else {
            continue;
        };
        let mut lines = Vec::new();
        for budget_line in data
            .budget_lines
            .iter()
            .filter(|l| l.portfolio.as_ref() == Some(&portfolio.id))
        {
            match row_of(budget_line) {
                Some(row) => lines.push(line(budget_line, row, &keys.service_lines)?),
                None => missing.push(budget_line),
            }
        }
        let name = portfolio_name(data, record, year);
        views.push(PortfolioView {
            id: &record.id,
            name,
            total: totalled(&keys.portfolios, sum(&lines))?,
            lines,
        });
    }
    let (mut cross_portfolio, mut corporate) = (Vec::new(), Vec::new());
    for budget_line in &data.budget_lines {
        let into = match (&budget_line.portfolio, budget_line.corporate) {
            (None, None) => &mut cross_portfolio,
            (None, Some(_)) => &mut corporate,
            (Some(portfolio), _) => {
                let exists = portfolios
                    .all()
                    .iter()
                    .any(|p| &p.id == portfolio && p.exists_in(year));
                if !exists && row_of(budget_line).is_some() {
                    out_of_year.push(budget_line);
                }
                continue;
            }
        };
        match row_of(budget_line) {
            Some(row) => into.push(line(budget_line, row, &keys.portfolios)?),
            None => missing.push(budget_line),
        }
    }
    let portfolio_figures = RevenueFigures::total(views.iter().map(|p| &p.total.figures));
    let council =
        RevenueFigures::total([portfolio_figures, sum(&cross_portfolio), sum(&corporate)].iter());
    Ok(Revenue {
        portfolio_total: totalled(&keys.portfolios, portfolio_figures)?,
        council_total: totalled(&keys.portfolios, council)?,
        portfolios: views,
        cross_portfolio,
        corporate,
        missing,
        out_of_year,
    })
}

/// A portfolio's name in `year`, borrowed from the records (its first name, or a rename).
pub(super) fn portfolio_name<'a>(
    data: &'a FinanceData,
    record: &'a crate::finance::PortfolioRecord,
    year: crate::period::FinancialYear,
) -> &'a str {
    data.portfolio_renames
        .iter()
        .filter(|r| r.portfolio == record.id && r.from <= year)
        .max_by_key(|r| r.from)
        .map_or(record.name.as_str(), |r| r.name.as_str())
}

/// The name in `year` of the portfolio `id`, or the id where no such portfolio is held.
pub(super) fn name_of<'a>(
    data: &'a FinanceData,
    id: &'a ItemId,
    year: crate::period::FinancialYear,
) -> &'a str {
    data.portfolios
        .iter()
        .find(|p| &p.id == id)
        .map_or(id.as_str(), |p| portfolio_name(data, p, year))
}
