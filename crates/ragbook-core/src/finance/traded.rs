//! Traded services: services sold to schools and others, and what they contribute.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A fully traded service, in pounds (income and expenditure both as positive amounts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullyTraded {
    /// Income from sales.
    pub income: Decimal,
    /// What delivering the service costs.
    pub expenditure: Decimal,
}

impl FullyTraded {
    /// Income less expenditure: positive is a surplus to the council.
    pub fn contribution(&self) -> Decimal {
        self.income - self.expenditure
    }
}

/// A partially traded service: income earned against the income it is expected to earn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartiallyTraded {
    /// Income forecast.
    pub income: Decimal,
    /// Income it is expected to earn.
    pub income_target: Decimal,
}

impl PartiallyTraded {
    /// Income less the target: negative is a shortfall.
    pub fn against_target(&self) -> Decimal {
        self.income - self.income_target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_is_income_less_expenditure() {
        let catering = FullyTraded {
            income: Decimal::from(1_250_000),
            expenditure: Decimal::from(1_300_000),
        };
        assert_eq!(catering.contribution(), Decimal::from(-50_000));
        let music = PartiallyTraded {
            income: Decimal::from(400_000),
            income_target: Decimal::from(380_000),
        };
        assert_eq!(music.against_target(), Decimal::from(20_000));
    }
}
