//! Revenue outturn: a line's budget, grant funding applied and forecast, and what follows.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The figures of one revenue line (a portfolio, a corporate line or a service line) for a
/// period, in pounds. Income lines have negative budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueFigures {
    /// The budget set for the year (negative for income).
    pub budget: Decimal,
    /// Grant funding applied to the line during the year (e.g. a one-off grant).
    pub grant: Decimal,
    /// Forecast actuals for the year.
    pub forecast: Decimal,
}

impl RevenueFigures {
    /// Budget plus grant funding applied.
    pub fn adjusted_budget(&self) -> Decimal {
        self.budget + self.grant
    }

    /// The projected outturn (variance): forecast actuals less the adjusted budget. Positive is
    /// an overspend, negative an underspend.
    pub fn projected_outturn(&self) -> Decimal {
        self.forecast - self.adjusted_budget()
    }

    /// The sum of lines, figure by figure, from unrounded figures.
    pub fn total<'a>(lines: impl IntoIterator<Item = &'a RevenueFigures>) -> RevenueFigures {
        lines
            .into_iter()
            .fold(RevenueFigures::default(), |sum, line| RevenueFigures {
                budget: sum.budget + line.budget,
                grant: sum.grant + line.grant,
                forecast: sum.forecast + line.forecast,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(budget: i64, grant: i64, forecast: i64) -> RevenueFigures {
        RevenueFigures {
            budget: Decimal::new(budget, 2),
            grant: Decimal::new(grant, 2),
            forecast: Decimal::new(forecast, 2),
        }
    }

    #[test]
    fn an_overspend_is_positive_and_an_income_shortfall_is_an_overspend() {
        // £10m budget, £1m grant applied, forecast £11.5m: £0.5m over.
        let spending = line(1_000_000_000, 100_000_000, 1_150_000_000);
        assert_eq!(spending.adjusted_budget(), Decimal::new(1_100_000_000, 2));
        assert_eq!(spending.projected_outturn(), Decimal::new(50_000_000, 2));
        // Income budgeted at -£2m, forecast -£1.8m: £0.2m less income, an overspend.
        let income = line(-200_000_000, 0, -180_000_000);
        assert_eq!(income.projected_outturn(), Decimal::new(20_000_000, 2));
        // On budget exactly: no variance.
        assert!(line(5, 0, 5).projected_outturn().is_zero());
    }

    proptest! {
        #[test]
        fn the_total_variance_is_the_sum_of_the_variances(
            rows in proptest::collection::vec((-10_i64.pow(12)..10_i64.pow(12), -10_i64.pow(10)..10_i64.pow(10), -10_i64.pow(12)..10_i64.pow(12)), 0..40)
        ) {
            let lines: Vec<RevenueFigures> = rows.iter().map(|&(b, g, f)| line(b, g, f)).collect();
            let total = RevenueFigures::total(&lines);
            let summed: Decimal = lines.iter().map(RevenueFigures::projected_outturn).sum();
            prop_assert_eq!(total.projected_outturn(), summed);
            let adjusted: Decimal = lines.iter().map(RevenueFigures::adjusted_budget).sum();
            prop_assert_eq!(total.adjusted_budget(), adjusted);
        }
    }
}
