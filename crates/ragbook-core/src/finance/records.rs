//! The budget monitoring records an organisation holds, as the data package carries them,
//! each with the key that identifies it across imports, and how a package merges into them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{AgedDebt, Portfolio, PortfolioError, PortfolioName, Portfolios, RevenueFigures};
use super::{SavingsFigures, show_millions};
use crate::dataset::{Keyed, RecordChange, merge_records};
use crate::period::{FinancialQuarter, FinancialYear, Period};
use crate::plan::ItemId;

/// A portfolio as first set up. Later names are [`PortfolioRename`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioRecord {
    /// Stable id, kept through renames.
    pub id: ItemId,
    /// Its name in its first year.
    pub name: String,
    /// Its first year.
    pub first_year: FinancialYear,
    /// Its last year, if it has ended.
    pub last_year: Option<FinancialYear>,
    /// The portfolios that took over its budgets when it ended.
    pub successors: Vec<ItemId>,
    /// Other names finance files use for it.
    pub aliases: Vec<String>,
}

/// A new name for a portfolio from a year on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioRename {
    /// The portfolio.
    pub portfolio: ItemId,
    /// Its new name.
    pub name: String,
    /// The first year of the new name.
    pub from: FinancialYear,
}

/// The corporate budget lines below the portfolios in the revenue outturn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorporateLine {
    /// Risk management (contingencies).
    RiskManagement,
    /// Debt charges.
    DebtCharges,
    /// Interest and dividend income (an income line: its budget is negative).
    InterestAndDividendIncome,
    /// Levies and precepts paid to other bodies.
    LeviesAndPrecepts,
    /// Corporate adjustments.
    CorporateAdjustments,
}

impl CorporateLine {
    /// Every corporate line, in the order reports list them.
    pub const ALL: [CorporateLine; 5] = [
        CorporateLine::RiskManagement,
        CorporateLine::DebtCharges,
        CorporateLine::InterestAndDividendIncome,
        CorporateLine::LeviesAndPrecepts,
        CorporateLine::CorporateAdjustments,
    ];

    /// The code files use.
    pub fn code(self) -> &'static str {
        match self {
            CorporateLine::RiskManagement => "risk_management",
            CorporateLine::DebtCharges => "debt_charges",
            CorporateLine::InterestAndDividendIncome => "interest_and_dividend_income",
            CorporateLine::LeviesAndPrecepts => "levies_and_precepts",
            CorporateLine::CorporateAdjustments => "corporate_adjustments",
        }
    }

    /// Whether the line is income, so its budget should be negative.
    pub fn is_income(self) -> bool {
        self == CorporateLine::InterestAndDividendIncome
    }
}

/// A line of the revenue budget: a service line within a portfolio, or a corporate line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineRecord {
    /// Stable id.
    pub id: ItemId,
    /// Its name in reports.
    pub title: String,
    /// The portfolio of a service line.
    pub portfolio: Option<ItemId>,
    /// Which corporate line it is, for a corporate line.
    pub corporate: Option<CorporateLine>,
    /// Whether it is an income line (its budget negative), e.g. fees and charges.
    pub income: bool,
}

/// A budget line's figures for a quarter's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueRecord {
    /// The budget line.
    pub line: ItemId,
    /// The quarter the forecast was made in.
    pub quarter: FinancialQuarter,
    /// Budget, grant applied and forecast, in pounds.
    pub figures: RevenueFigures,
    /// Why it varies from budget.
    pub explanation: Option<String>,
}

/// A portfolio's savings as forecast in a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsRecord {
    /// The portfolio; `None` for savings that belong to no single portfolio (cross-portfolio).
    pub portfolio: Option<ItemId>,
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// The amounts, in pounds.
    pub figures: SavingsFigures,
    /// What the report says about them.
    pub commentary: Option<String>,
}

/// The general reserve's opening balance and the net budget requirement, for a quarter's
/// forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveRecord {
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// The balance at the start of the year, in pounds.
    pub opening_balance: Decimal,
    /// The year's net budget requirement, in pounds.
    pub net_budget_requirement: Decimal,
}

/// A named commitment against the general reserve in a quarter's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentRecord {
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// What it is for.
    pub name: String,
    /// Amount drawn from the reserve, in pounds.
    pub amount: Decimal,
}

/// An earmarked reserve's balances in a quarter's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarmarkedReserveRecord {
    /// The portfolio that holds it.
    pub portfolio: ItemId,
    /// The reserve's name.
    pub reserve: String,
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// Balance at the start of the year, in pounds.
    pub opening_balance: Decimal,
    /// Balance forecast at the year end, in pounds.
    pub forecast_balance: Decimal,
}

/// How far a service is traded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trading {
    /// Fully traded: judged by its contribution (income less expenditure).
    Fully,
    /// Partially traded: judged by income against its income target.
    Partially,
}

impl Trading {
    /// Both, in order.
    pub const ALL: [Trading; 2] = [Trading::Fully, Trading::Partially];

    /// The code files use.
    pub fn code(self) -> &'static str {
        match self {
            Trading::Fully => "fully",
            Trading::Partially => "partially",
        }
    }
}

/// A traded service's figures in a quarter's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradedServiceRecord {
    /// The portfolio the service sits in, where given.
    #[serde(default)]
    pub portfolio: Option<ItemId>,
    /// The service area within it, where given.
    #[serde(default)]
    pub area: Option<String>,
    /// The service's name, unique within its portfolio and area.
    pub service: String,
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// Fully or partially traded.
    pub trading: Trading,
    /// Income forecast, in pounds (a positive amount).
    pub income: Decimal,
    /// Expenditure forecast (fully traded services).
    pub expenditure: Option<Decimal>,
    /// Income target (partially traded services).
    pub income_target: Option<Decimal>,
    /// Transferred to earmarked reserves, where any.
    #[serde(default)]
    pub transferred_to_reserves: Option<Decimal>,
}

/// A department's aged debt at a quarter's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedDebtRecord {
    /// The department.
    pub department: String,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Amounts per age band, in pounds, in the order of `bands`.
    pub debt: AgedDebt,
    /// The bands' names as imported (records kept before bands were configurable have the
    /// six default bands).
    #[serde(default = "default_bands")]
    pub bands: Vec<String>,
}

fn default_bands() -> Vec<String> {
    super::AGE_BANDS.map(str::to_owned).to_vec()
}

impl AgedDebtRecord {
    /// The amount owed in `band` (named as the settings name it, case aside); zero where the
    /// record has none.
    pub fn in_band(&self, band: &str) -> Decimal {
        self.bands
            .iter()
            .zip(&self.debt.bands)
            .filter(|(name, _)| name.trim().eq_ignore_ascii_case(band.trim()))
            .map(|(_, amount)| *amount)
            .sum()
    }

    /// The record's bands that are not among `bands`.
    pub fn unknown_bands<'a>(&'a self, bands: &[String]) -> Vec<&'a str> {
        self.bands
            .iter()
            .filter(|name| {
                !bands
                    .iter()
                    .any(|b| b.trim().eq_ignore_ascii_case(name.trim()))
            })
            .map(String::as_str)
            .collect()
    }
}

/// Debt a department wrote off in the year to date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenOffRecord {
    /// The department.
    pub department: String,
    /// The quarter reported.
    pub quarter: FinancialQuarter,
    /// Written off this year, in pounds.
    pub amount: Decimal,
}

/// An item that reconciles the budget lines with the net budget requirement: something
/// legitimately outside the lines (e.g. a contribution to reserves), named, with its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcilingRecord {
    /// The quarter reported.
    pub quarter: FinancialQuarter,
    /// What it is.
    pub name: String,
    /// Its amount, in pounds, as it adds to the lines' budgets.
    pub amount: Decimal,
}

/// A grant in the grant funding register, as forecast in a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRecord {
    /// Stable id.
    pub id: ItemId,
    /// The quarter of the forecast.
    pub quarter: FinancialQuarter,
    /// The grant's name.
    pub title: String,
    /// Who awards it.
    pub awarding_body: String,
    /// Whether it may be spent only for its purpose.
    pub ring_fenced: bool,
    /// Unspent grant brought forward from earlier years, in pounds.
    pub brought_forward: Decimal,
    /// Grant expected this year.
    pub expected: Decimal,
    /// Spending forecast this year.
    pub forecast_spend: Decimal,
}

/// The parts that are given, then the quarter: "P1 Catering 2024-25-Q1".
fn quarter_key(parts: &[&str], quarter: FinancialQuarter) -> String {
    let given: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    let mut key = given.join(" ");
    key.push(' ');
    key.push_str(&quarter.to_string());
    key
}

macro_rules! keyed {
    ($record:ty, |$r:ident| $key:expr, period: |$p:ident| $period:expr) => {
        impl Keyed for $record {
            type Key = String;
            fn key(&self) -> String {
                let $r = self;
                $key
            }
            fn period(&self) -> Option<Period> {
                let $p = self;
                $period
            }
        }
    };
}

keyed!(PortfolioRecord, |r| r.id.to_string(), period: |_p| None);
keyed!(PortfolioRename, |r| format!("{} from {}", r.portfolio, r.from), period: |_p| None);
keyed!(BudgetLineRecord, |r| r.id.to_string(), period: |_p| None);
keyed!(RevenueRecord, |r| quarter_key(&[r.line.as_str()], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(SavingsRecord, |r| quarter_key(&[r.portfolio.as_ref().map_or(super::CROSS_PORTFOLIO_ID, ItemId::as_str)], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(ReserveRecord, |r| r.quarter.to_string(), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(CommitmentRecord, |r| quarter_key(&[&r.name], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(EarmarkedReserveRecord, |r| quarter_key(&[r.portfolio.as_str(), &r.reserve], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(TradedServiceRecord, |r| quarter_key(&[r.portfolio.as_ref().map_or("", ItemId::as_str), r.area.as_deref().unwrap_or(""), &r.service], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(AgedDebtRecord, |r| quarter_key(&[&r.department], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(WrittenOffRecord, |r| quarter_key(&[&r.department], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(ReconcilingRecord, |r| quarter_key(&[&r.name], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));
keyed!(GrantRecord, |r| quarter_key(&[r.id.as_str()], r.quarter), period: |p| Some(Period::Quarter(p.quarter)));

/// Every budget monitoring record an organisation holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceData {
    /// Portfolios, as first set up.
    #[serde(default)]
    pub portfolios: Vec<PortfolioRecord>,
    /// Later names of portfolios.
    #[serde(default)]
    pub portfolio_renames: Vec<PortfolioRename>,
    /// Service and corporate budget lines.
    #[serde(default)]
    pub budget_lines: Vec<BudgetLineRecord>,
    /// Revenue figures per line and quarter.
    #[serde(default)]
    pub revenue: Vec<RevenueRecord>,
    /// Savings per portfolio and quarter.
    #[serde(default)]
    pub savings: Vec<SavingsRecord>,
    /// The general reserve per quarter.
    #[serde(default)]
    pub general_reserve: Vec<ReserveRecord>,
    /// Commitments against the general reserve.
    #[serde(default)]
    pub reserve_commitments: Vec<CommitmentRecord>,
    /// Earmarked reserves.
    #[serde(default)]
    pub earmarked_reserves: Vec<EarmarkedReserveRecord>,
    /// Traded services.
    #[serde(default)]
    pub traded_services: Vec<TradedServiceRecord>,
    /// Aged debt.
    #[serde(default)]
    pub aged_debt: Vec<AgedDebtRecord>,
    /// The grant funding register.
    #[serde(default)]
    pub grants: Vec<GrantRecord>,
    /// Debt written off this year, by department.
    #[serde(default)]
    pub debt_written_off: Vec<WrittenOffRecord>,
    /// Items that reconcile the budget lines with the net budget requirement.
    #[serde(default)]
    pub reconciling_items: Vec<ReconcilingRecord>,
}

/// What a merge changed in the budget monitoring records, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinanceDiff {
    /// Portfolios added or changed.
    pub portfolios: Vec<RecordChange<PortfolioRecord>>,
    /// Renames added or changed.
    pub portfolio_renames: Vec<RecordChange<PortfolioRename>>,
    /// Budget lines added or changed.
    pub budget_lines: Vec<RecordChange<BudgetLineRecord>>,
    /// Revenue figures added or changed.
    pub revenue: Vec<RecordChange<RevenueRecord>>,
    /// Savings added or changed.
    pub savings: Vec<RecordChange<SavingsRecord>>,
    /// General reserve figures added or changed.
    pub general_reserve: Vec<RecordChange<ReserveRecord>>,
    /// Commitments added or changed.
    pub reserve_commitments: Vec<RecordChange<CommitmentRecord>>,
    /// Earmarked reserves added or changed.
    pub earmarked_reserves: Vec<RecordChange<EarmarkedReserveRecord>>,
    /// Traded services added or changed.
    pub traded_services: Vec<RecordChange<TradedServiceRecord>>,
    /// Aged debt added or changed.
    pub aged_debt: Vec<RecordChange<AgedDebtRecord>>,
    /// Grants added or changed.
    pub grants: Vec<RecordChange<GrantRecord>>,
    /// Changes to debt written off.
    pub debt_written_off: Vec<RecordChange<WrittenOffRecord>>,
    /// Changes to reconciling items.
    pub reconciling_items: Vec<RecordChange<ReconcilingRecord>>,
}

/// Calls `$visit!(name, field)` for every finance table, in package order.
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_finance_table {
    ($visit:ident) => {
        $visit!("portfolios", portfolios);
        $visit!("portfolio_renames", portfolio_renames);
        $visit!("budget_lines", budget_lines);
        $visit!("revenue", revenue);
        $visit!("savings", savings);
        $visit!("general_reserve", general_reserve);
        $visit!("reserve_commitments", reserve_commitments);
        $visit!("earmarked_reserves", earmarked_reserves);
        $visit!("traded_services", traded_services);
        $visit!("aged_debt", aged_debt);
        $visit!("grants", grants);
        $visit!("debt_written_off", debt_written_off);
        $visit!("reconciling_items", reconciling_items);
    };
}

impl FinanceData {
    /// Upserts a package's finance records by key; returns what changed.
    pub fn merge(&mut self, incoming: FinanceData) -> FinanceDiff {
        let mut diff = FinanceDiff::default();
        macro_rules! merge {
            ($name:literal, $field:ident) => {
                diff.$field = merge_records(&mut self.$field, incoming.$field);
            };
        }
        for_each_finance_table!(merge);
        diff
    }

    /// The portfolios with their names over the years, checked.
    pub fn portfolios(&self) -> Result<Portfolios, PortfolioError> {
        Portfolios::new(
            self.portfolios
                .iter()
                .map(|p| {
                    let mut names = vec![PortfolioName {
                        name: p.name.clone(),
                        from: p.first_year,
                    }];
                    let mut renames: Vec<&PortfolioRename> = self
                        .portfolio_renames
                        .iter()
                        .filter(|r| r.portfolio == p.id)
                        .collect();
                    renames.sort_by_key(|r| r.from);
                    names.extend(renames.into_iter().map(|r| PortfolioName {
                        name: r.name.clone(),
                        from: r.from,
                    }));
                    Portfolio {
                        id: p.id.clone(),
                        names,
                        aliases: p.aliases.clone(),
                        last_year: p.last_year,
                        successors: p.successors.clone(),
                    }
                })
                .collect(),
        )
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self == &FinanceData::default()
    }
}

impl FinanceDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self == &FinanceDiff::default()
    }

    /// (inserted, updated) over every finance table.
    pub fn counts(&self) -> (usize, usize) {
        let mut counts = (0, 0);
        macro_rules! count {
            ($name:literal, $field:ident) => {
                for change in &self.$field {
                    match change {
                        RecordChange::Insert(_) => counts.0 += 1,
                        RecordChange::Update { .. } => counts.1 += 1,
                    }
                }
            };
        }
        for_each_finance_table!(count);
        counts
    }

    /// (table, inserted, updated) for each table that changed, in package order.
    pub fn summary(&self) -> Vec<(&'static str, usize, usize)> {
        let mut lines = Vec::new();
        macro_rules! line {
            ($name:literal, $field:ident) => {
                let inserted = self
                    .$field
                    .iter()
                    .filter(|c| matches!(c, RecordChange::Insert(_)))
                    .count();
                if !self.$field.is_empty() {
                    lines.push(($name, inserted, self.$field.len() - inserted));
                }
            };
        }
        for_each_finance_table!(line);
        lines
    }

    /// Updates to figures of `locked` quarters, named by table and key.
    pub fn restatements(&self, locked: &[FinancialQuarter]) -> Vec<String> {
        let mut out = Vec::new();
        macro_rules! touching {
            ($name:literal, $field:ident) => {
                for change in &self.$field {
                    if let RecordChange::Update { new, .. } = change
                        && let Some(Period::Quarter(quarter)) = new.period()
                        && locked.contains(&quarter)
                    {
                        out.push(format!("{} {}", $name.replace('_', " "), new.key()));
                    }
                }
            };
        }
        for_each_finance_table!(touching);
        out
    }
}

/// A budget line's variance in words for reports: "£0.512m overspend", "£0.200m underspend",
/// "on budget".
pub fn variance_words(variance: Decimal) -> String {
    if variance.is_zero() {
        "on budget".into()
    } else if variance > Decimal::ZERO {
        format!("{} overspend", show_millions(variance))
    } else {
        format!("{} underspend", show_millions(-variance))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn revenue(line: &str, forecast: i64) -> RevenueRecord {
        RevenueRecord {
            line: id(line),
            quarter: "2024-25-Q2".parse().unwrap(),
            figures: RevenueFigures {
                budget: Decimal::from(1_000),
                grant: Decimal::ZERO,
                forecast: Decimal::from(forecast),
            },
            explanation: None,
        }
    }

    #[test]
    fn a_package_merges_by_key_and_names_restatements() {
        let mut held = FinanceData {
            revenue: vec![revenue("L1", 1_000), revenue("L2", 900)],
            ..FinanceData::default()
        };
        let diff = held.merge(FinanceData {
            revenue: vec![revenue("L1", 1_000), revenue("L2", 950), revenue("L3", 10)],
            ..FinanceData::default()
        });
        assert_eq!(diff.counts(), (1, 1));
        assert_eq!(diff.summary(), vec![("revenue", 1, 1)]);
        assert_eq!(held.revenue.len(), 3);
        assert_eq!(
            diff.restatements(&["2024-25-Q2".parse().unwrap()]),
            vec!["revenue L2 2024-25-Q2".to_owned()]
        );
        assert!(
            diff.restatements(&["2024-25-Q1".parse().unwrap()])
                .is_empty()
        );
    }

    #[test]
    fn variances_are_worded_as_finance_officers_say_them() {
        assert_eq!(variance_words(Decimal::from(512_000)), "£0.512m overspend");
        assert_eq!(
            variance_words(Decimal::from(-200_000)),
            "£0.200m underspend"
        );
        assert_eq!(variance_words(Decimal::ZERO), "on budget");
    }
}
