//! Savings monitoring: a portfolio's savings target and how much of it is identified and
//! forecast to be achieved.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A portfolio's savings for a year, in pounds (savings are positive amounts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingsFigures {
    /// Savings not achieved in earlier years, still to find (negative when earlier years
    /// over-achieved, which reduces this year's target).
    pub brought_forward: Decimal,
    /// Savings set for this year.
    pub current_year: Decimal,
    /// One-off support that reduces the target for this year.
    pub one_off_support: Decimal,
    /// Savings identified (specific proposals) so far.
    pub identified: Decimal,
    /// Savings forecast to be achieved by the year end.
    pub forecast_achieved: Decimal,
}

impl SavingsFigures {
    /// Brought forward plus this year's, less one-off support.
    pub fn total_target(&self) -> Decimal {
        self.brought_forward + self.current_year - self.one_off_support
    }

    /// Identified less the target: negative is a shortfall still to identify.
    pub fn identified_shortfall(&self) -> Decimal {
        self.identified - self.total_target()
    }

    /// Forecast achieved less the target: negative is a shortfall in achievement.
    pub fn achievement_shortfall(&self) -> Decimal {
        self.forecast_achieved - self.total_target()
    }

    /// The sum of portfolios, figure by figure, from unrounded figures.
    pub fn total<'a>(rows: impl IntoIterator<Item = &'a SavingsFigures>) -> SavingsFigures {
        rows.into_iter()
            .fold(SavingsFigures::default(), |sum, row| SavingsFigures {
                brought_forward: sum.brought_forward + row.brought_forward,
                current_year: sum.current_year + row.current_year,
                one_off_support: sum.one_off_support + row.one_off_support,
                identified: sum.identified + row.identified,
                forecast_achieved: sum.forecast_achieved + row.forecast_achieved,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(thousands: i64) -> Decimal {
        Decimal::from(thousands * 1_000)
    }

    #[test]
    fn the_target_and_shortfalls_follow_the_rules() {
        let savings = SavingsFigures {
            brought_forward: m(1_200),
            current_year: m(3_000),
            one_off_support: m(500),
            identified: m(3_100),
            forecast_achieved: m(2_900),
        };
        assert_eq!(savings.total_target(), m(3_700));
        assert_eq!(savings.identified_shortfall(), m(-600));
        assert_eq!(savings.achievement_shortfall(), m(-800));
    }

    #[test]
    fn over_achievement_brought_forward_reduces_the_target() {
        let savings = SavingsFigures {
            brought_forward: m(-250),
            current_year: m(1_000),
            one_off_support: Decimal::ZERO,
            identified: m(750),
            forecast_achieved: m(800),
        };
        assert_eq!(savings.total_target(), m(750));
        assert!(savings.identified_shortfall().is_zero());
        assert_eq!(savings.achievement_shortfall(), m(50));
    }
}
