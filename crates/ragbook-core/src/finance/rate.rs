//! Rating money with a finance key: how far a figure overruns its yardstick, as a share of it,
//! compared exactly (by cross-multiplying, never dividing).

use rust_decimal::Decimal;

use super::show_millions;
use crate::rating::{RatingId, Scheme};

/// What an overrun is, for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// Spending over a budget: the projected outturn against the (adjusted) budget.
    Overspend,
    /// Savings short of their target: the target less the savings forecast.
    Shortfall,
}

/// A finance rating with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceAssessment {
    /// The rating.
    pub rating: RatingId,
    /// Why, in a sentence: "£0.512m (2.6%) over a budget of £20.000m, so Action: ...".
    pub explanation: String,
}

/// The scheme given to [`rate_overrun`] has no `[finance]` bands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {0} is not a finance key: it has no [finance] bands")]
pub struct NotAFinanceScheme(pub String);

/// Rates `overrun` (positive is bad: an overspend, a shortfall) against `yardstick` (the
/// budget or the target) by `scheme`'s finance bands. A band takes overruns up to and
/// including its share of the yardstick's size, so exactly on budget is in a band of "0%", and
/// exactly 2% over in a band of "2%". With a zero yardstick, any overrun at all falls to the
/// last band.
pub fn rate_overrun(
    scheme: &Scheme,
    kind: Overrun,
    overrun: Decimal,
    yardstick: Decimal,
) -> Result<FinanceAssessment, NotAFinanceScheme> {
    let rules = scheme
        .finance
        .as_ref()
        .ok_or_else(|| NotAFinanceScheme(scheme.name.clone()))?;
    let size = yardstick.abs();
    let band = rules
        .bands
        .iter()
        .find(|band| match band.up_to {
            // Too large to multiply exactly means far beyond any share a band can name.
            Some(share) => share
                .checked_mul(size)
                .is_some_and(|limit| overrun <= limit),
            None => true,
        })
        .or(rules.bands.last())
        .ok_or_else(|| NotAFinanceScheme(scheme.name.clone()))?;
    let category = scheme.category(band.rating);
    let share = crate::rounding::percentage(overrun.abs(), size, 1)
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    let (over, under, of) = match kind {
        Overrun::Overspend => ("over", "under", "a budget"),
        Overrun::Shortfall => ("short of", "beyond", "a target"),
    };
    let position = if overrun.is_zero() {
        format!("exactly on {of} of {}", show_millions(yardstick))
    } else {
        let direction = if overrun > Decimal::ZERO { over } else { under };
        format!(
            "{}{share} {direction} {of} of {}",
            show_millions(overrun.abs()),
            show_millions(yardstick)
        )
    };
    let mut description = category.description.clone();
    if let Some(first) = description.get(..1) {
        description = first.to_lowercase() + &description[1..];
    }
    Ok(FinanceAssessment {
        rating: band.rating,
        explanation: format!("{position}, so {}: {description}", category.label),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rate(scheme: &str, overrun: i64, yardstick: i64) -> String {
        let scheme = Scheme::shipped(scheme).unwrap();
        let kind = if scheme.id == "savings" {
            Overrun::Shortfall
        } else {
            Overrun::Overspend
        };
        let assessed = rate_overrun(
            &scheme,
            kind,
            Decimal::from(overrun),
            Decimal::from(yardstick),
        )
        .unwrap();
        scheme.category(assessed.rating).id.clone()
    }

    #[test]
    fn service_lines_at_their_boundaries() {
        // A £1m budget: on it, 2% over exactly, a pound more.
        assert_eq!(rate("service-lines", -1, 1_000_000), "good");
        assert_eq!(rate("service-lines", 0, 1_000_000), "good");
        assert_eq!(rate("service-lines", 1, 1_000_000), "review");
        assert_eq!(rate("service-lines", 20_000, 1_000_000), "review");
        assert_eq!(rate("service-lines", 20_001, 1_000_000), "action");
        // An income line (budget -£1m) bringing in £20,001 less than budgeted.
        assert_eq!(rate("service-lines", 20_001, -1_000_000), "action");
        // A zero budget: any overspend is Action, none is Good.
        assert_eq!(rate("service-lines", 1, 0), "action");
        assert_eq!(rate("service-lines", 0, 0), "good");
    }

    #[test]
    fn portfolios_and_savings_at_their_boundaries() {
        assert_eq!(rate("portfolios", 0, 5_000_000), "good");
        assert_eq!(rate("portfolios", 1, 5_000_000), "action");
        assert_eq!(rate("savings", 0, 750_000), "good");
        assert_eq!(rate("savings", -50_000, 750_000), "good");
        assert_eq!(rate("savings", 1, 750_000), "action");
    }

    #[test]
    fn explanations_say_how_far_and_which_way() {
        let scheme = Scheme::shipped("service-lines").unwrap();
        let over = rate_overrun(
            &scheme,
            Overrun::Overspend,
            Decimal::from(512_000),
            Decimal::from(20_000_000),
        )
        .unwrap();
        assert_eq!(
            over.explanation,
            "£0.512m (2.6%) over a budget of £20.000m, so Action: forecast to be more than 2% over budget"
        );
        let savings = Scheme::shipped("savings").unwrap();
        let short = rate_overrun(
            &savings,
            Overrun::Shortfall,
            Decimal::ZERO,
            Decimal::from(750_000),
        )
        .unwrap();
        assert_eq!(
            short.explanation,
            "exactly on a target of £0.750m, so Good: savings forecast to be achieved are at or above target"
        );
        let county = Scheme::shipped("county").unwrap();
        assert!(rate_overrun(&county, Overrun::Overspend, Decimal::ONE, Decimal::ONE).is_err());
    }

    proptest! {
        #[test]
        fn more_overspend_never_rates_better(budget in -10_i64.pow(12)..10_i64.pow(12), a in -10_i64.pow(10)..10_i64.pow(10), extra in 0_i64..10_i64.pow(10)) {
            let scheme = Scheme::shipped("service-lines").unwrap();
            let rating = |o: i64| {
                rate_overrun(&scheme, Overrun::Overspend, Decimal::from(o), Decimal::from(budget)).unwrap().rating
            };
            // Categories are listed best first, so a worse rating has a larger index.
            prop_assert!(rating(a) <= rating(a + extra));
        }
    }
}
