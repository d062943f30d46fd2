//! The one view of a quarter's budget monitoring: every derived figure, rating, total and list
//! the Cabinet report, `check` and the web app's budget pages show, computed once here so that
//! they cannot disagree. What cannot be worked out (portfolios that contradict each other, a key
//! that cannot rate money) is returned as an error, never dropped.

mod appendices;
mod reserve;
mod revenue;

pub use appendices::{
    CROSS_PORTFOLIO, DebtRow, DebtView, EarmarkedGroup, EarmarkedView, SavingsRow, SavingsView,
    TradedRow, TradedTotal, TradedView,
};
pub use reserve::ReserveView;
pub use revenue::{LineView, PortfolioView, Totalled};

use rust_decimal::Decimal;

use super::{FinanceAssessment, FinanceData, GrantRecord, PortfolioError, RevenueFigures};
use crate::period::{FinancialQuarter, FinancialYear};
use crate::rules::Rulebook;
use crate::settings::FinanceSettings;

/// Why a quarter's budget view cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// The portfolios contradict each other.
    #[error("the portfolios: {0}")]
    Portfolios(#[from] PortfolioError),
    /// A key could not rate money.
    #[error("{0}")]
    Rating(#[from] super::NotAFinanceScheme),
}

/// Everything budget monitoring says about a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetView<'a> {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Its financial year.
    pub year: FinancialYear,
    /// Each portfolio of the year with its service lines, in the order held.
    pub portfolios: Vec<PortfolioView<'a>>,
    /// The portfolios together, rated by the portfolio key.
    pub portfolio_total: Totalled,
    /// Lines that belong to no single portfolio (cross-portfolio), with their own total.
    pub cross_portfolio: Vec<LineView<'a>>,
    /// The corporate lines.
    pub corporate: Vec<LineView<'a>>,
    /// The council as a whole, rated by the portfolio key.
    pub council_total: Totalled,
    /// Budget lines of the year with no figures this quarter (every total would be short).
    pub missing: Vec<&'a super::BudgetLineRecord>,
    /// Budget lines with figures this quarter whose portfolio did not exist in the year.
    pub out_of_year: Vec<&'a super::BudgetLineRecord>,
    /// The general reserve, where its figures are held.
    pub reserve: Option<ReserveView<'a>>,
    /// Savings monitoring.
    pub savings: SavingsView<'a>,
    /// Earmarked reserves by portfolio.
    pub earmarked: EarmarkedView<'a>,
    /// Traded services.
    pub traded: TradedView<'a>,
    /// Aged debt.
    pub debt: DebtView<'a>,
    /// The grant funding register.
    pub grants: Vec<&'a GrantRecord>,
    /// The budget lines against the net budget requirement, where the reserve's figures give
    /// one.
    pub reconciliation: Option<Reconciliation<'a>>,
}

/// How the lines' budgets reach the net budget requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation<'a> {
    /// The budgets of every line with figures, together.
    pub lines: Decimal,
    /// The reconciling items held for the quarter, named.
    pub items: Vec<(&'a str, Decimal)>,
    /// The net budget requirement.
    pub net_budget_requirement: Decimal,
    /// What neither the lines nor the items explain (zero when they reconcile).
    pub unexplained: Decimal,
}

/// The budget view of `quarter`, or `None` when no revenue figures are held for it.
pub fn view<'a>(
    data: &'a FinanceData,
    book: &Rulebook,
    settings: &'a FinanceSettings,
    quarter: FinancialQuarter,
) -> Result<Option<BudgetView<'a>>, BudgetError> {
    if !data.revenue.iter().any(|r| r.quarter == quarter) {
        return Ok(None);
    }
    let portfolios = data.portfolios()?;
    let revenue = revenue::revenue(data, &portfolios, book, quarter)?;
    let reserve = reserve::reserve(
        data,
        settings,
        book,
        quarter,
        &revenue.council_total.figures,
    );
    let reconciliation = data
        .general_reserve
        .iter()
        .find(|r| r.quarter == quarter)
        .map(|r| {
            let items: Vec<(&str, Decimal)> = data
                .reconciling_items
                .iter()
                .filter(|i| i.quarter == quarter)
                .map(|i| (i.name.as_str(), i.amount))
                .collect();
            let lines = revenue.council_total.figures.budget;
            let explained = lines + items.iter().map(|(_, a)| *a).sum::<Decimal>();
            Reconciliation {
                lines,
                items,
                net_budget_requirement: r.net_budget_requirement,
                unexplained: r.net_budget_requirement - explained,
            }
        });
    Ok(Some(BudgetView {
        quarter,
        year: quarter.year(),
        savings: appendices::savings(data, &portfolios, book, quarter)?,
        earmarked: appendices::earmarked(data, &portfolios, quarter),
        traded: appendices::traded(data, quarter),
        debt: appendices::debt(data, &settings.debt_bands, quarter),
        grants: data
            .grants
            .iter()
            .filter(|g| g.quarter == quarter)
            .collect(),
        portfolios: revenue.portfolios,
        portfolio_total: revenue.portfolio_total,
        cross_portfolio: revenue.cross_portfolio,
        corporate: revenue.corporate,
        council_total: revenue.council_total,
        missing: revenue.missing,
        out_of_year: revenue.out_of_year,
        reserve,
        reconciliation,
    }))
}

impl BudgetView<'_> {
    /// Every revenue row the report shows with its figures: service lines, portfolios, the
    /// cross-portfolio and corporate lines, and the totals, as (what, figures).
    pub fn revenue_rows(&self) -> Vec<(String, &RevenueFigures)> {
        let mut rows = Vec::new();
        for portfolio in &self.portfolios {
            rows.push((portfolio.name.to_owned(), &portfolio.total.figures));
            rows.extend(
                portfolio
                    .lines
                    .iter()
                    .map(|l| (l.record.title.clone(), &l.figures)),
            );
        }
        rows.push(("the portfolio total".into(), &self.portfolio_total.figures));
        for line in self.cross_portfolio.iter().chain(&self.corporate) {
            rows.push((line.record.title.clone(), &line.figures));
        }
        rows.push(("the council total".into(), &self.council_total.figures));
        rows
    }
}

/// A rating with its reason, where the row is rated.
pub type Rated = Option<FinanceAssessment>;

#[cfg(test)]
mod tests;
