//! Budget monitoring arithmetic: revenue outturn, savings, the general reserve, traded
//! services and aged debt, the finance keys that rate them, and portfolios as they change
//! between years.
//!
//! Money is held in pounds as exact decimals, never rounded until it is shown ([`show_millions`]
//! gives the reports' £m to three places, by the one rounding rule). Every total is the sum of
//! unrounded rows, so a total is right even when its shown rows, rounded, add up to a penny-
//! different figure.
//!
//! Sign conventions, as finance officers write them: spending budgets are positive and income
//! budgets negative; a variance (projected outturn) is forecast minus budget, so a positive
//! variance is an overspend and a negative one an underspend.

mod debt;
mod portfolio;
mod rate;
mod records;
mod reserve;
mod revenue;
mod savings;
mod traded;
pub mod view;

pub use debt::{AGE_BANDS, AgedDebt};
pub use portfolio::{Portfolio, PortfolioError, PortfolioName, Portfolios};
pub use rate::{FinanceAssessment, NotAFinanceScheme, Overrun, rate_overrun};
pub use records::{
    AgedDebtRecord, BudgetLineRecord, CommitmentRecord, CorporateLine, EarmarkedReserveRecord,
    FinanceData, FinanceDiff, GrantRecord, PortfolioRecord, PortfolioRename, ReconcilingRecord,
    ReserveRecord, RevenueRecord, SavingsRecord, TradedServiceRecord, Trading, WrittenOffRecord,
    variance_words,
};
pub use reserve::{Commitment, GeneralReserve, PrudentBand, ReservePosition};
pub use revenue::RevenueFigures;
pub use savings::SavingsFigures;
pub use traded::{FullyTraded, PartiallyTraded};

use rust_decimal::Decimal;

/// What a package (and an address) says for savings or a budget line that belongs to no single
/// portfolio.
pub const CROSS_PORTFOLIO_ID: &str = "cross-portfolio";

/// An amount in pounds as the reports show it: £m to three places ("£16.420m", "-£0.512m").
pub fn show_millions(pounds: Decimal) -> String {
    crate::figure::format_figure(
        crate::rounding::round_half_away(in_millions(pounds), 3),
        crate::measure::Unit::MoneyMillions,
    )
}

/// An amount in pounds, in millions, exactly.
pub fn in_millions(pounds: Decimal) -> Decimal {
    let mut millions = pounds;
    // Moving the decimal point is exact while the scale allows; beyond it, divide.
    if millions.set_scale(pounds.scale() + 6).is_err() {
        millions = pounds / Decimal::from(1_000_000);
    }
    millions
}

/// The sum of `amounts`, exact.
pub fn sum(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    amounts.into_iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn millions_are_shown_to_three_places_half_away_from_zero() {
        let d = |t: &str| Decimal::from_str(t).unwrap();
        assert_eq!(show_millions(d("16420000")), "£16.420m");
        assert_eq!(show_millions(d("-512345.67")), "-£0.512m");
        assert_eq!(show_millions(d("2500")), "£0.003m");
        assert_eq!(show_millions(d("-2500")), "-£0.003m");
        assert_eq!(show_millions(d("0")), "£0.000m");
        assert_eq!(in_millions(d("1234567.89")), d("1.23456789"));
    }
}
