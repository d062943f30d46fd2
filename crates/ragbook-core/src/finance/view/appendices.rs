//! The appendices' figures: savings by portfolio with the share forecast to be achieved,
//! earmarked reserves by portfolio, traded services with their totals, and aged debt by band.

use rust_decimal::Decimal;

use super::{BudgetError, Rated};
use crate::finance::{
    AgedDebt, EarmarkedReserveRecord, FinanceData, FullyTraded, Overrun, PartiallyTraded,
    Portfolios, SavingsFigures, TradedServiceRecord, Trading, rate_overrun,
};
use crate::period::FinancialQuarter;
use crate::plan::ItemId;
use crate::rules::Rulebook;

/// A portfolio's savings (or the cross-portfolio savings) this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingsRow<'a> {
    /// The portfolio; `None` for savings that belong to no single portfolio.
    pub portfolio: Option<&'a ItemId>,
    /// The portfolio's name in the year, or "Cross-portfolio".
    pub name: &'a str,
    /// The figures.
    pub figures: SavingsFigures,
    /// The rating by the savings key.
    pub rating: Rated,
    /// The commentary, where given.
    pub commentary: Option<&'a str>,
}

/// Savings monitoring this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavingsView<'a> {
    /// A row per portfolio with savings, cross-portfolio savings last.
    pub rows: Vec<SavingsRow<'a>>,
    /// The rows together.
    pub total: SavingsFigures,
    /// The total forecast achieved as a percentage of the total target, to one place; `None`
    /// without a target.
    pub achieved_share: Option<Decimal>,
}

impl SavingsView<'_> {
    /// The row of `portfolio`.
    pub fn of(&self, portfolio: &ItemId) -> Option<&SavingsRow<'_>> {
        self.rows.iter().find(|r| r.portfolio == Some(portfolio))
    }
}

/// The name savings that belong to no single portfolio are shown under.
pub const CROSS_PORTFOLIO: &str = "Cross-portfolio";

pub(super) fn savings<'a>(
    data: &'a FinanceData,
    portfolios: &Portfolios,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<SavingsView<'a>, BudgetError> {
    let year = quarter.year();
    let mut rows = Vec::new();
    for record in data.savings.iter().filter(|s| s.quarter == quarter) {
        let name = match &record.portfolio {
            None => CROSS_PORTFOLIO,
            Some(id) => super::revenue::name_of(data, id, year),
        };
        let f = &record.figures;
        rows.push(SavingsRow {
            portfolio: record.portfolio.as_ref(),
            name,
            figures: *f,
            rating: Some(rate_overrun(
                &book.finance.savings,
                Overrun::Shortfall,
                -f.achievement_shortfall(),
                f.total_target(),
            )?),
            commentary: record.commentary.as_deref(),
        });
    }
    // Portfolios in the year's order, cross-portfolio savings last.
    let order = |row: &SavingsRow<'_>| {
        row.portfolio.map_or(usize::MAX, |id| {
            portfolios
                .in_year(year)
                .position(|p| &p.id == id)
                .unwrap_or(usize::MAX - 1)
        })
    };
    rows.sort_by_key(order);
    let total = SavingsFigures::total(rows.iter().map(|r| &r.figures));
    Ok(SavingsView {
        achieved_share: crate::rounding::percentage(
            total.forecast_achieved,
            total.total_target(),
            1,
        ),
        rows,
        total,
    })
}

/// A portfolio's earmarked reserves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarmarkedGroup<'a> {
    /// The portfolio's name in the year.
    pub name: &'a str,
    /// Its reserves.
    pub reserves: Vec<&'a EarmarkedReserveRecord>,
    /// Their opening balances together.
    pub opening: Decimal,
    /// Their forecast balances together.
    pub forecast: Decimal,
}

/// Earmarked reserves this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarmarkedView<'a> {
    /// A group per portfolio with reserves.
    pub groups: Vec<EarmarkedGroup<'a>>,
    /// All opening balances.
    pub opening: Decimal,
    /// All forecast balances.
    pub forecast: Decimal,
}

pub(super) fn earmarked<'a>(
    data: &'a FinanceData,
    portfolios: &Portfolios,
    quarter: FinancialQuarter,
) -> EarmarkedView<'a> {
    let year = quarter.year();
    let mut groups = Vec::new();
    for portfolio in portfolios.in_year(year) {
        let reserves: Vec<_> = data
            .earmarked_reserves
            .iter()
            .filter(|r| r.quarter == quarter && r.portfolio == portfolio.id)
            .collect();
        let Some(record) = data.portfolios.iter().find(|p| p.id == portfolio.id) else {
            continue;
        };
        if reserves.is_empty() {
            continue;
        }
        groups.push(EarmarkedGroup {
            name: super::revenue::portfolio_name(data, record, year),
            opening: reserves.iter().map(|r| r.opening_balance).sum(),
            forecast: reserves.iter().map(|r| r.forecast_balance).sum(),
            reserves,
        });
    }
    EarmarkedView {
        opening: groups.iter().map(|g| g.opening).sum(),
        forecast: groups.iter().map(|g| g.forecast).sum(),
        groups,
    }
}

/// A traded service this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradedRow<'a> {
    /// The record.
    pub record: &'a TradedServiceRecord,
    /// Its portfolio's name in the year, where it names one.
    pub portfolio: Option<&'a str>,
    /// Expenditure (fully traded) or the income target (partially traded).
    pub other: Decimal,
    /// Contribution (fully traded) or income against target (partially traded).
    pub result: Decimal,
}

/// Totals of one kind of traded service: income, expenditure or target, and the result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TradedTotal {
    /// Income.
    pub income: Decimal,
    /// Expenditure or income target.
    pub other: Decimal,
    /// Contribution or income against target.
    pub result: Decimal,
    /// Transferred to earmarked reserves.
    pub transferred: Decimal,
}

/// Traded services this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradedView<'a> {
    /// Fully traded services.
    pub fully: Vec<TradedRow<'a>>,
    /// Their totals.
    pub fully_total: TradedTotal,
    /// Partially traded services.
    pub partially: Vec<TradedRow<'a>>,
    /// Their totals.
    pub partially_total: TradedTotal,
}

impl TradedView<'_> {
    /// Whether no traded service is held for the quarter.
    pub fn is_empty(&self) -> bool {
        self.fully.is_empty() && self.partially.is_empty()
    }
}

fn traded_total(rows: &[TradedRow<'_>]) -> TradedTotal {
    TradedTotal {
        income: rows.iter().map(|r| r.record.income).sum(),
        other: rows.iter().map(|r| r.other).sum(),
        result: rows.iter().map(|r| r.result).sum(),
        transferred: rows
            .iter()
            .filter_map(|r| r.record.transferred_to_reserves)
            .sum(),
    }
}

pub(super) fn traded(data: &FinanceData, quarter: FinancialQuarter) -> TradedView<'_> {
    let (mut fully, mut partially) = (Vec::new(), Vec::new());
    for record in data.traded_services.iter().filter(|t| t.quarter == quarter) {
        let portfolio = record
            .portfolio
            .as_ref()
            .map(|id| super::revenue::name_of(data, id, quarter.year()));
        match record.trading {
            Trading::Fully => {
                let expenditure = record.expenditure.unwrap_or_default();
                fully.push(TradedRow {
                    record,
                    portfolio,
                    other: expenditure,
                    result: FullyTraded {
                        income: record.income,
                        expenditure,
                    }
                    .contribution(),
                });
            }
            Trading::Partially => {
                let target = record.income_target.unwrap_or_default();
                partially.push(TradedRow {
                    record,
                    portfolio,
                    other: target,
                    result: PartiallyTraded {
                        income: record.income,
                        income_target: target,
                    }
                    .against_target(),
                });
            }
        }
    }
    TradedView {
        fully_total: traded_total(&fully),
        partially_total: traded_total(&partially),
        fully,
        partially,
    }
}

/// A department's aged debt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtRow<'a> {
    /// The department, or "Total".
    pub department: &'a str,
    /// What it is owed in each band.
    pub debt: AgedDebt,
    /// Each band's share of the row, to one place; `None` for a row with nothing owed.
    pub shares: Option<Vec<Decimal>>,
}

/// Aged debt this quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtView<'a> {
    /// The bands' names, in order.
    pub bands: Vec<String>,
    /// A row per department.
    pub rows: Vec<DebtRow<'a>>,
    /// The departments together.
    pub total: DebtRow<'a>,
    /// Debt written off this year, by department.
    pub written_off: Vec<(&'a str, Decimal)>,
    /// All written off.
    pub written_off_total: Decimal,
    /// (department, band) for amounts held in a band the settings do not name: the report
    /// cannot show them.
    pub unknown: Vec<(&'a str, &'a str)>,
}

fn debt_row(department: &str, debt: AgedDebt) -> DebtRow<'_> {
    DebtRow {
        department,
        shares: debt.percentages(1),
        debt,
    }
}

pub(super) fn debt<'a>(
    data: &'a FinanceData,
    bands: &[String],
    quarter: FinancialQuarter,
) -> DebtView<'a> {
    let held: Vec<_> = data
        .aged_debt
        .iter()
        .filter(|d| d.quarter == quarter)
        .collect();
    let rows: Vec<DebtRow<'_>> = held
        .iter()
        .map(|d| {
            let debt = AgedDebt {
                bands: bands.iter().map(|b| d.in_band(b)).collect(),
            };
            debt_row(&d.department, debt)
        })
        .collect();
    let unknown = held
        .iter()
        .flat_map(|d| {
            d.unknown_bands(bands)
                .into_iter()
                .map(|b| (d.department.as_str(), b))
        })
        .collect();
    let total = AgedDebt::total_of(rows.iter().map(|r| &r.debt), bands.len());
    let written_off: Vec<(&str, Decimal)> = data
        .debt_written_off
        .iter()
        .filter(|w| w.quarter == quarter)
        .map(|w| (w.department.as_str(), w.amount))
        .collect();
    DebtView {
        unknown,
        bands: bands.to_vec(),
        total: debt_row("Total", total),
        written_off_total: written_off.iter().map(|(_, a)| a).sum(),
        written_off,
        rows,
    }
}
