//! The general reserve: what is left at the year end after commitments and the outturn, and
//! whether that is prudent.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A named call on the general reserve during the year (positive draws on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// What it is for, as the report names it.
    pub name: String,
    /// Amount in pounds drawn from the reserve (negative adds to it).
    pub amount: Decimal,
}

/// The general reserve for a year, in pounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneralReserve {
    /// The balance at the start of the year.
    pub opening_balance: Decimal,
    /// Named commitments against it.
    pub commitments: Vec<Commitment>,
    /// The council's total projected outturn (positive, an overspend, is met from the reserve).
    pub projected_outturn: Decimal,
    /// The net budget requirement the balance is measured against.
    pub net_budget_requirement: Decimal,
}

/// The range of the general reserve, as a share of the net budget requirement, the council
/// considers prudent (3% to 5% unless set otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrudentBand {
    /// The lowest prudent share, as a fraction (0.03).
    pub low: Decimal,
    /// The highest prudent share, as a fraction (0.05).
    pub high: Decimal,
}

impl Default for PrudentBand {
    fn default() -> Self {
        PrudentBand {
            low: Decimal::new(3, 2),
            high: Decimal::new(5, 2),
        }
    }
}

/// Where a forecast balance stands against the prudent band (its ends count as within).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReservePosition {
    /// Below the prudent band.
    Below,
    /// Within it, ends included.
    Within,
    /// Above it.
    Above,
}

impl GeneralReserve {
    /// The commitments added up.
    pub fn total_commitments(&self) -> Decimal {
        self.commitments.iter().map(|c| c.amount).sum()
    }

    /// Opening balance less commitments less the projected outturn.
    pub fn forecast_balance(&self) -> Decimal {
        self.opening_balance - self.total_commitments() - self.projected_outturn
    }

    /// The forecast balance as a fraction of the net budget requirement (exact to 28 digits);
    /// `None` without a requirement.
    pub fn share_of_budget(&self) -> Option<Decimal> {
        if self.net_budget_requirement.is_zero() {
            return None;
        }
        self.forecast_balance()
            .checked_div(self.net_budget_requirement)
    }

    /// The forecast balance against `band`, compared exactly by cross-multiplying.
    pub fn position(&self, band: PrudentBand) -> Option<ReservePosition> {
        let requirement = self.net_budget_requirement;
        if requirement <= Decimal::ZERO {
            return None;
        }
        let balance = self.forecast_balance();
        Some(if balance < band.low.checked_mul(requirement)? {
            ReservePosition::Below
        } else if balance > band.high.checked_mul(requirement)? {
            ReservePosition::Above
        } else {
            ReservePosition::Within
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(millions: i64) -> Decimal {
        Decimal::from(millions * 1_000_000)
    }

    fn reserve(opening: i64, outturn: i64) -> GeneralReserve {
        GeneralReserve {
            opening_balance: m(opening),
            commitments: vec![
                Commitment {
                    name: "Budget management".into(),
                    amount: m(10),
                },
                Commitment {
                    name: "Pay award".into(),
                    amount: m(5),
                },
            ],
            projected_outturn: m(outturn),
            net_budget_requirement: m(600),
        }
    }

    #[test]
    fn the_roll_forward_closes() {
        let r = reserve(60, 15);
        assert_eq!(r.total_commitments(), m(15));
        assert_eq!(r.forecast_balance(), m(30));
        assert_eq!(r.share_of_budget(), Some(Decimal::new(5, 2)));
        // An underspend adds to the reserve.
        assert_eq!(reserve(60, -3).forecast_balance(), m(48));
    }

    #[test]
    fn the_ends_of_the_prudent_band_are_within_it() {
        let band = PrudentBand::default();
        // 30 of 600 is exactly 5%; 18 is exactly 3%.
        assert_eq!(
            reserve(60, 15).position(band),
            Some(ReservePosition::Within)
        );
        assert_eq!(reserve(33, 0).position(band), Some(ReservePosition::Within));
        assert_eq!(
            reserve(60, 16).position(band),
            Some(ReservePosition::Within)
        );
        assert_eq!(reserve(61, 15).position(band), Some(ReservePosition::Above));
        assert_eq!(reserve(32, 0).position(band), Some(ReservePosition::Below));
    }
}
