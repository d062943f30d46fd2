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

/// Whole-number percentages of `counts` that add up to exactly 100 as printed (none when all
/// are zero), by the largest remainder method: each share is rounded down, and the points
/// still missing go one each to the shares with the largest remainders (ties: the larger
/// count, then the earlier). A count of zero always gets 0%. 33, 2, 9, 1 of 45 are 73.3, 4.4,
/// 20.0, 2.2: 73%, 4%, 20%, 2% is 99, so the largest remainder (4.4) gets the point: 73%, 5%,
/// 20%, 2%.
pub fn shares_to_100(counts: &[u32]) -> Vec<u32> {
    let total: u64 = counts.iter().map(|c| u64::from(*c)).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut shares: Vec<u32> = counts
        .iter()
        .map(|c| u32::try_from(u64::from(*c) * 100 / total).unwrap_or(100))
        .collect();
    let given: u32 = shares.iter().sum();
    let mut order: Vec<usize> = (0..counts.len()).filter(|i| counts[*i] > 0).collect();
    order.sort_by_key(|i| {
        let remainder = u64::from(counts[*i]) * 100 % total;
        (
            std::cmp::Reverse(remainder),
            std::cmp::Reverse(counts[*i]),
            *i,
        )
    });
    for i in order
        .into_iter()
        .take(100_u32.saturating_sub(given) as usize)
    {
        shares[i] += 1;
    }
    shares
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

    #[test]
    fn shares_add_to_100_as_printed() {
        let cases: &[(&[u32], &[u32])] = &[
            (&[33, 2, 9, 1], &[73, 5, 20, 2]),
            (&[1, 1, 1], &[34, 33, 33]),
            (&[2, 1], &[67, 33]),
            (&[5, 0, 1], &[83, 0, 17]),
            (&[0, 0], &[0, 0]),
            (&[7], &[100]),
            (&[1, 2, 3, 4, 5, 6], &[5, 9, 14, 19, 24, 29]),
        ];
        for (counts, expected) in cases {
            let shares = shares_to_100(counts);
            assert_eq!(&shares[..], *expected, "{counts:?}");
            if counts.iter().any(|c| *c > 0) {
                assert_eq!(shares.iter().sum::<u32>(), 100, "{counts:?}");
            }
        }
    }
}
