//! The budget monitoring half of the integrated Cabinet report, as a view-model laid out from
//! the core's [`BudgetView`]: the revenue outturn summary, the general reserve, a page per
//! portfolio and the appendix tables. Every figure, rating and total comes from the view; this
//! module only words and arranges them (£m to three places).
//!
//! `templates/cabinet.html` and `cabinet.typ` lay it out (with the cover report of
//! [`crate::cabinet_report`]); they compute nothing.

mod appendices;
mod revenue;

pub(crate) use revenue::savings_sentence;

use ragbook_core::finance::view::BudgetView;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::{EmptyAppendices, FinanceSettings};
use serde::Serialize;

use crate::charts::Chart;
use crate::model::Shown;

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
    /// A row per line that belongs to no single portfolio.
    pub cross_portfolio: Vec<MoneyRow>,
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
    /// (what, amount) from the balance to the forecast year-end balance.
    pub rows: Vec<(String, String)>,
    /// "The forecast balance of £29.4m is 4.52% of the net budget requirement, within the
    /// prudent range of 3% to 5%."
    pub sentence: String,
    /// The forecast year-end balance, shown.
    pub forecast_balance: String,
}

/// A plain table: headings and rows of cells, the trailing `totals` rows totals.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Caption.
    pub caption: String,
    /// Column headings.
    pub headings: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Which rows are totals (by index), shown in bold.
    pub totals: Vec<usize>,
    /// How many leading columns hold words (the rest hold figures).
    pub text_columns: usize,
}

/// An appendix: its number and title, and its tables, or none this quarter.
#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    /// Its number, after the key (Appendix 1).
    pub number: usize,
    /// Its title.
    pub title: String,
    /// Anchor for links.
    pub id: String,
    /// Its tables; empty when there is nothing to show this quarter.
    pub tables: Vec<Table>,
    /// "None this quarter." where there are no tables.
    pub none: Option<String>,
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
    /// The appendices after the key, numbered from 2.
    pub appendices: Vec<Appendix>,
}

/// Lays out the budget monitoring of `budget`.
pub fn build_cabinet(
    budget: &BudgetView<'_>,
    book: &Rulebook,
    settings: &FinanceSettings,
) -> Cabinet {
    let mut appendices = Vec::new();
    for (title, id, tables) in appendices::tables(budget) {
        if tables.is_empty() && settings.empty_appendices == EmptyAppendices::LeaveOut {
            continue;
        }
        appendices.push(Appendix {
            number: appendices.len() + 2,
            title: title.to_owned(),
            id: id.to_owned(),
            none: tables.is_empty().then(|| "None this quarter.".to_owned()),
            tables,
        });
    }
    Cabinet {
        quarter: budget.quarter.long_label(),
        revenue: revenue::summary(budget, book),
        reserve: budget.reserve.as_ref().map(revenue::reserve),
        portfolios: revenue::pages(budget, book),
        appendices,
    }
}
