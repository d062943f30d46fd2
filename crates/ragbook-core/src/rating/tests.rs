//! Every rule at and around its boundaries, both polarities, zero and missing targets; and
//! properties that hold for any figures.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::measure::{Polarity, RatingMethod, Unit};

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn input(
    actual: &str,
    target: &str,
    unit: Unit,
    polarity: Polarity,
    method: RatingMethod,
) -> RatingInput {
    let figure = |text: &str| (!text.is_empty()).then(|| d(text));
    RatingInput {
        actual: figure(actual),
        target: figure(target),
        unit,
        polarity,
        method,
    }
}

/// Rates with a shipped scheme and returns (label, explanation).
fn check(
    scheme: &str,
    actual: &str,
    target: &str,
    unit: Unit,
    polarity: Polarity,
    method: RatingMethod,
) -> (String, String) {
    let scheme = Scheme::shipped(scheme).unwrap();
    let rules = MeasureScheme::new(&scheme).unwrap();
    let input = input(actual, target, unit, polarity, method);
    let assessment = rules.rate(&input);
    (
        scheme.category(assessment.rating).label.clone(),
        explain(rules, &input, &assessment),
    )
}

fn label(scheme: &str, actual: &str, target: &str, polarity: Polarity) -> String {
    check(
        scheme,
        actual,
        target,
        Unit::Count,
        polarity,
        RatingMethod::Threshold,
    )
    .0
}

use Polarity::{HigherIsBetter as Higher, LowerIsBetter as Lower};

#[test]
fn county_boundaries_higher_is_better() {
    for (actual, expected) in [
        ("105.0001", "Strong"),
        ("105", "Good"), // "between 5% better or 2% worse": +5% exactly is Good
        ("100", "Good"),
        ("98", "Good"), // -2% exactly is Good
        ("97.9999", "Review"),
        ("90", "Review"), // -10% exactly is Review: Action is "more than 10% worse"
        ("89.9999", "Action"),
        ("0", "Action"),
    ] {
        assert_eq!(
            label("county", actual, "100", Higher),
            expected,
            "actual {actual}"
        );
    }
}

#[test]
fn county_boundaries_lower_is_better() {
    for (actual, expected) in [
        ("94.9999", "Strong"),
        ("95", "Good"),
        ("102", "Good"),
        ("102.0001", "Review"),
        ("110", "Review"),
        ("110.0001", "Action"),
    ] {
        assert_eq!(
            label("county", actual, "100", Lower),
            expected,
            "actual {actual}"
        );
    }
}

#[test]
fn county_percentage_targets_above_95_need_only_2_percent_for_strong() {
    let rate = |actual: &str, target: &str, unit: Unit| {
        check(
            "county",
            actual,
            target,
            unit,
            Higher,
            RatingMethod::Threshold,
        )
    };
    // 97.92 against 96 is exactly 2% better: not "more than 2%".
    assert_eq!(rate("97.92", "96", Unit::Percent).0, "Good");
    let (label, explanation) = rate("97.93", "96", Unit::Percent);
    assert_eq!(label, "Strong");
    assert_eq!(
        explanation,
        "97.93% is 2.01% better than the target of 96% (higher is better): more than 2% better (the bound for a target above 95%), so Strong"
    );
    // The rule is for percentage targets only, and only above 95.
    assert_eq!(rate("97.93", "96", Unit::Count).0, "Good");
    assert_eq!(rate("97", "95", Unit::Percent).0, "Good");
    // The band below Strong then ends at +2%.
    assert_eq!(
        rate("97.5", "96", Unit::Percent).1,
        "97.5% is 1.6% better than the target of 96% (higher is better): between 2% worse and 2% better, so Good"
    );
}

#[test]
fn older_county_wording_differs_only_at_exactly_5_percent_better() {
    assert_eq!(label("county-older", "105", "100", Higher), "Strong");
    assert_eq!(label("county", "105", "100", Higher), "Good");
    for actual in ["105.0001", "104.9999", "98", "97.9999", "90", "89.9999"] {
        assert_eq!(
            label("county-older", actual, "100", Higher),
            label("county", actual, "100", Higher),
            "actual {actual}"
        );
    }
}

#[test]
fn city_explanations_say_which_ends_are_included() {
    let (label, explanation) = check(
        "city",
        "105",
        "100",
        Unit::Count,
        Higher,
        RatingMethod::Threshold,
    );
    assert_eq!(label, "Green");
    assert_eq!(
        explanation,
        "105 is 5.0% better than the target of 100 (higher is better): from 2% worse to less than 10% better, so Green"
    );
    assert!(
        check(
            "city",
            "110",
            "100",
            Unit::Count,
            Higher,
            RatingMethod::Threshold
        )
        .1
        .ends_with("10% or more better, so Blue")
    );
}

#[test]
fn city_boundaries() {
    for (actual, expected) in [
        ("110", "Blue"), // "10% or more above target"
        ("109.9999", "Green"),
        ("98", "Green"), // "from 2% below"
        ("97.9999", "Amber"),
        ("90", "Amber"), // "2% to 10% below"
        ("89.9999", "Red"),
    ] {
        assert_eq!(
            label("city", actual, "100", Higher),
            expected,
            "actual {actual}"
        );
    }
    assert_eq!(label("city", "90", "100", Lower), "Blue");
}

#[test]
fn comparator_method_met_or_beaten_is_good() {
    let rate = |actual: &str, target: &str, polarity| {
        check(
            "county",
            actual,
            target,
            Unit::Points,
            polarity,
            RatingMethod::Comparator,
        )
    };
    assert_eq!(
        rate("0.6", "1.0", Higher),
        (
            "Review".into(),
            "0.6 percentage points falls short of the comparator target of 1.0 (higher is better): not met, so Review".into()
        )
    );
    assert_eq!(rate("2.4", "0.0", Higher).0, "Good");
    assert_eq!(
        rate("1.0", "1.0", Higher).1.split(' ').nth(3),
        Some("meets")
    );
    assert_eq!(rate("0.9", "1.0", Lower).0, "Good");
    assert_eq!(rate("1.1", "1.0", Lower).0, "Review");
}

#[test]
fn zero_targets_met_are_good() {
    assert_eq!(label("county", "0", "0", Lower), "Good");
    assert_eq!(label("county", "0", "0", Higher), "Good");
    assert_eq!(label("county", "2", "0", Higher), "Good");
    let (label, explanation) = check(
        "county",
        "1",
        "0",
        Unit::Count,
        Lower,
        RatingMethod::Threshold,
    );
    assert_eq!(label, "Action");
    assert_eq!(
        explanation,
        "1 is worse than the target of 0 (lower is better): a target of zero missed, so Action"
    );
}

#[test]
fn missing_targets_and_figures() {
    assert_eq!(
        check(
            "county",
            "97.5",
            "",
            Unit::Percent,
            Higher,
            RatingMethod::Threshold
        ),
        (
            "No Target".into(),
            "No target is set for this period, so No Target".into()
        )
    );
    assert_eq!(
        check(
            "county",
            "",
            "13.0",
            Unit::Percent,
            Lower,
            RatingMethod::Threshold
        ),
        (
            "No data".into(),
            "There is no figure for this period, so No data".into()
        )
    );
    assert_eq!(
        check(
            "county",
            "",
            "",
            Unit::Percent,
            Lower,
            RatingMethod::Threshold
        )
        .0,
        "No data",
        "no figure outranks no target"
    );
    assert_eq!(
        check(
            "county",
            "5",
            "4",
            Unit::Count,
            Polarity::None,
            RatingMethod::Threshold
        )
        .0,
        "No Target"
    );
    assert_eq!(
        check("county", "5", "4", Unit::Count, Higher, RatingMethod::None).0,
        "No Target"
    );
}

#[test]
fn explanations_read_like_the_report() {
    let explanation = |actual, target, unit, polarity| {
        check(
            "county",
            actual,
            target,
            unit,
            polarity,
            RatingMethod::Threshold,
        )
        .1
    };
    assert_eq!(
        explanation("64.1", "50.0", Unit::Days, Lower),
        "64.1 days is 28.2% worse than the target of 50.0 (lower is better): more than 10% worse, so Action"
    );
    assert_eq!(
        explanation("4.7", "5.1", Unit::Percent, Lower),
        "4.7% is 7.8% better than the target of 5.1% (lower is better): more than 5% better, so Strong"
    );
    assert_eq!(
        explanation("91.0", "91.0", Unit::Percent, Higher),
        "91.0% is exactly on the target of 91.0% (higher is better): between 2% worse and 5% better, so Good"
    );
    assert_eq!(
        explanation("1588", "1794", Unit::Count, Higher),
        "1,588 is 11.5% worse than the target of 1,794 (higher is better): more than 10% worse, so Action"
    );
    assert_eq!(
        explanation("93", "100", Unit::Count, Higher),
        "93 is 7.0% worse than the target of 100 (higher is better): more than 2% but no more than 10% worse, so Review"
    );
    // One decimal place would print "5.0% better" for a rating that needs more than 5%.
    assert_eq!(
        explanation("105.04", "100", Unit::Count, Higher),
        "105.04 is 5.04% better than the target of 100 (higher is better): more than 5% better, so Strong"
    );
    assert_eq!(
        explanation("2921500", "2450000", Unit::Money, Higher),
        "£2,921,500 is 19.2% better than the target of £2,450,000 (higher is better): more than 5% better, so Strong"
    );
}

#[test]
fn deviation_is_relative_to_the_size_of_a_negative_target() {
    // Net income target of -£100k (income is negative): -£90k is £10k worse, not better.
    let lower_spend = input("-90", "-100", Unit::Money, Lower, RatingMethod::Threshold);
    assert_eq!(deviation_percent(&lower_spend, 1), Some(d("-10.0")));
    assert_eq!(label("county", "-90", "-100", Higher), "Strong");
    assert_eq!(label("county", "-110", "-100", Higher), "Review");
}

#[test]
fn deviation_percent_is_rounded_half_away_from_zero() {
    let days = input("64.1", "50.0", Unit::Days, Lower, RatingMethod::Threshold);
    assert_eq!(deviation_percent(&days, 1), Some(d("-28.2")));
    let half = input(
        "100.05",
        "100",
        Unit::Count,
        Higher,
        RatingMethod::Threshold,
    );
    assert_eq!(deviation_percent(&half, 1), Some(d("0.1")));
    let missing = input("", "100", Unit::Count, Higher, RatingMethod::Threshold);
    assert_eq!(deviation_percent(&missing, 1), None);
}

#[test]
fn figures_too_long_to_compare_exactly_are_not_rated() {
    let scheme = Scheme::shipped("county").unwrap();
    let rules = MeasureScheme::new(&scheme).unwrap();
    let huge = RatingInput {
        actual: Some(Decimal::MAX),
        target: Some(d("1")),
        unit: Unit::Count,
        polarity: Higher,
        method: RatingMethod::Threshold,
    };
    let assessment = rules.rate(&huge);
    assert_eq!(assessment.basis, Basis::TooPrecise);
    assert!(explain(rules, &huge, &assessment).contains("cannot be compared exactly"));
    // Trailing zeros alone do not count against a figure.
    let padded = RatingInput {
        actual: Some(d("105.000000000000000000000")),
        target: Some(d("100.0000000000000000")),
        ..huge
    };
    assert_eq!(scheme.category(rules.rate(&padded).rating).label, "Good");
}

#[test]
fn manual_vocabularies_cannot_rate_figures() {
    let scheme = Scheme::shipped("deliverables").unwrap();
    assert!(
        MeasureScheme::new(&scheme)
            .unwrap_err()
            .to_string()
            .contains("rating by hand")
    );
}

/// The rating by dividing: valid as a reference for small figures, where a quotient that is
/// not exactly on a bound is far from it compared with Decimal's 28 digits.
fn reference_rating(scheme: &Scheme, input: &RatingInput) -> RatingId {
    let rules = scheme.measures.as_ref().unwrap();
    let (actual, target) = (input.actual.unwrap(), input.target.unwrap());
    let better = if input.polarity == Lower {
        target - actual
    } else {
        actual - target
    };
    if target.is_zero() {
        return if better >= Decimal::ZERO {
            rules.zero_target.met
        } else {
            rules.zero_target.missed
        };
    }
    let deviation = better / target.abs();
    for band in &rules.bands {
        let bound = band
            .adjustments
            .iter()
            .find(|a| a.unit == input.unit && target > a.target_above)
            .map(|a| a.bound)
            .or(band.lower);
        match bound {
            None => return band.rating,
            Some(bound)
                if deviation > bound.fraction
                    || (bound.inclusive && deviation == bound.fraction) =>
            {
                return band.rating;
            }
            Some(_) => {}
        }
    }
    unreachable!("the last band takes the rest")
}

fn small_figure() -> impl Strategy<Value = Decimal> {
    (-2_000_000_i64..2_000_000, 0_u32..4)
        .prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Count),
        Just(Unit::Percent),
        Just(Unit::Money),
        Just(Unit::Days)
    ]
}

fn any_polarity() -> impl Strategy<Value = Polarity> {
    prop_oneof![Just(Higher), Just(Lower)]
}

fn shipped_measure_scheme() -> impl Strategy<Value = Scheme> {
    prop_oneof![Just("county"), Just("county-older"), Just("city")]
        .prop_map(|name| Scheme::shipped(name).unwrap())
}

proptest! {
    #[test]
    fn cross_multiplying_agrees_with_dividing(
        scheme in shipped_measure_scheme(),
        actual in small_figure(),
        target in small_figure(),
        unit in any_unit(),
        polarity in any_polarity(),
    ) {
        let input = RatingInput { actual: Some(actual), target: Some(target), unit, polarity, method: RatingMethod::Threshold };
        let rules = MeasureScheme::new(&scheme).unwrap();
        prop_assert_eq!(rules.rate(&input).rating, reference_rating(&scheme, &input));
    }

    #[test]
    fn a_figure_exactly_on_a_bound_falls_as_the_bound_is_worded(
        scheme in shipped_measure_scheme(),
        target in small_figure().prop_filter("non-zero", |t| !t.is_zero()),
        polarity in any_polarity(),
        band_index in 0_usize..3,
    ) {
        let rules = MeasureScheme::new(&scheme).unwrap();
        let band = &rules.rules().bands[band_index];
        let bound = band.lower.unwrap();
        let shift = bound.fraction * target.abs();
        let actual = if polarity == Lower { target - shift } else { target + shift };
        let input = RatingInput { actual: Some(actual), target: Some(target), unit: Unit::Count, polarity, method: RatingMethod::Threshold };
        let expected = if bound.inclusive { band.rating } else { rules.rules().bands[band_index + 1].rating };
        prop_assert_eq!(rules.rate(&input).rating, expected);
    }

    #[test]
    fn polarity_mirrors(actual in small_figure(), target in small_figure(), scheme in shipped_measure_scheme()) {
        // actual against target higher-is-better deviates as (2·target − actual) lower-is-better.
        let rules = MeasureScheme::new(&scheme).unwrap();
        let higher = RatingInput { actual: Some(actual), target: Some(target), unit: Unit::Count, polarity: Higher, method: RatingMethod::Threshold };
        let lower = RatingInput { actual: Some(target + target - actual), polarity: Lower, ..higher };
        prop_assert_eq!(rules.rate(&higher).rating, rules.rate(&lower).rating);
    }

    #[test]
    fn a_better_figure_never_rates_worse(a in small_figure(), b in small_figure(), target in small_figure(), polarity in any_polarity()) {
        let scheme = Scheme::shipped("county").unwrap();
        let rules = MeasureScheme::new(&scheme).unwrap();
        let (worse, better) = match polarity { Higher => (a.min(b), a.max(b)), _ => (a.max(b), a.min(b)) };
        let rate = |actual| scheme.score(rules.rate(&RatingInput { actual: Some(actual), target: Some(target), unit: Unit::Count, polarity, method: RatingMethod::Threshold }).rating);
        prop_assert!(rate(better) >= rate(worse));
    }

    #[test]
    fn trailing_zeros_do_not_change_a_rating(actual in small_figure(), target in small_figure(), zeros in 0_u32..6) {
        let scheme = Scheme::shipped("county").unwrap();
        let rules = MeasureScheme::new(&scheme).unwrap();
        let mut padded = actual;
        padded.rescale(actual.scale() + zeros);
        let rate = |actual| rules.rate(&RatingInput { actual: Some(actual), target: Some(target), unit: Unit::Percent, polarity: Higher, method: RatingMethod::Threshold }).rating;
        prop_assert_eq!(rate(actual), rate(padded));
    }
}

#[test]
fn bands_are_described_in_words() {
    let county = Scheme::shipped("county").unwrap();
    assert_eq!(
        describe_bands(MeasureScheme::new(&county).unwrap()),
        [
            "Strong: more than 5% better (more than 2% better for a percent target above 95)",
            "Good: between 2% worse and 5% better",
            "Review: more than 2% but no more than 10% worse",
            "Action: more than 10% worse",
        ]
    );
}
