//! ragbook's one rounding rule for display: round half away from zero, as Excel's ROUND does,
//! only when a figure is shown, never before it is added up, compared or rated.
//! 86.5% shown to no places is 87%; -0.0005 shown to three places is -0.001.
//! Totals are computed from unrounded figures, so a shown total can differ by rounding from
//! the sum of the shown rows; reports say so where it matters.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds `value` to `places` decimal places, half away from zero, keeping exactly `places`
/// places ("50" to one place is "50.0").
pub fn round_half_away(value: Decimal, places: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(places);
    rounded
}

/// `part` as a percentage of `whole`, rounded to `places` by the rule above; `None` when the
/// whole is zero. 46 of 53 to no places is 87.
pub fn percentage(part: Decimal, whole: Decimal, places: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let exact = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(round_half_away(exact, places))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!(round_half_away(d("86.5"), 0), d("87"));
        assert_eq!(round_half_away(d("-86.5"), 0), d("-87"));
        assert_eq!(round_half_away(d("2.45"), 1), d("2.5"));
        assert_eq!(round_half_away(d("16.4195"), 3).to_string(), "16.420");
        assert_eq!(round_half_away(d("50"), 1).to_string(), "50.0");
    }

    #[test]
    fn shares_round_by_the_same_rule() {
        assert_eq!(percentage(d("46"), d("53"), 0), Some(d("87")));
        assert_eq!(percentage(d("1"), d("8"), 1), Some(d("12.5")));
        assert_eq!(percentage(d("1"), d("0"), 1), None);
    }
}
