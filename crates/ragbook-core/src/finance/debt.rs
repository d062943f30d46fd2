//! Aged debt: what a department is owed, by how long it has been owed.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The age bands a council uses unless its settings name its own (`[finance] debt_bands`).
pub const AGE_BANDS: [&str; 6] = [
    "Up to 30 days",
    "31-60 days",
    "61-90 days",
    "91-365 days",
    "1-2 years",
    "Over 2 years",
];

/// A department's debt in each age band, in pounds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgedDebt {
    /// Amount owed per band, in the order of the settings' bands.
    pub bands: Vec<Decimal>,
}

impl AgedDebt {
    /// All that is owed.
    pub fn total(&self) -> Decimal {
        self.bands.iter().sum()
    }

    /// Each band as a percentage of the row's total, rounded to `places` by the one rounding
    /// rule; `None` for a row with nothing owed. Shown percentages may not add to exactly 100.
    pub fn percentages(&self, places: u32) -> Option<Vec<Decimal>> {
        let total = self.total();
        if total.is_zero() {
            return None;
        }
        self.bands
            .iter()
            .map(|band| crate::rounding::percentage(*band, total, places))
            .collect()
    }

    /// The sum of rows, band by band, over `bands` bands.
    pub fn total_of<'a>(rows: impl IntoIterator<Item = &'a AgedDebt>, bands: usize) -> AgedDebt {
        rows.into_iter().fold(
            AgedDebt {
                bands: vec![Decimal::ZERO; bands],
            },
            |mut sum, row| {
                for (s, b) in sum.bands.iter_mut().zip(&row.bands) {
                    *s += *b;
                }
                sum
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_percentages_come_from_unrounded_amounts() {
        let debt = AgedDebt {
            bands: [600, 200, 100, 50, 30, 20].map(Decimal::from).to_vec(),
        };
        assert_eq!(debt.total(), Decimal::from(1_000));
        assert_eq!(
            debt.percentages(1),
            Some(
                ["60.0", "20.0", "10.0", "5.0", "3.0", "2.0"]
                    .map(|t| t.parse().unwrap())
                    .to_vec()
            )
        );
        assert_eq!(AgedDebt::default().percentages(1), None);
        let both = AgedDebt::total_of(&[debt.clone(), debt], 6);
        assert_eq!(both.total(), Decimal::from(2_000));
    }
}
