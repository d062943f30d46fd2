//! Counting ratings and rolling them up into an overall rating per priority.
//!
//! Counts are always taken from the items themselves ([`Tally::of`]), so a category count, a
//! total and a sentence built from them cannot disagree. The overall rating follows a
//! configurable rule; a person may override it, but only with a reason, and both the rule's
//! result and the override are kept.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::rating::{RatingId, Scheme};

pub mod fit;

/// How many items have each rating of a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    counts: Vec<u32>,
}

impl Tally {
    /// Counts `ratings` against `scheme`'s categories.
    pub fn of(scheme: &Scheme, ratings: impl IntoIterator<Item = RatingId>) -> Tally {
        let mut counts = vec![0; scheme.categories.len()];
        for rating in ratings {
            counts[rating.index()] += 1;
        }
        Tally { counts }
    }

    /// Counts one more item with `rating`.
    pub fn push(&mut self, rating: RatingId) {
        self.counts[rating.index()] += 1;
    }

    /// Items with this rating.
    pub fn count(&self, rating: RatingId) -> u32 {
        self.counts[rating.index()]
    }

    /// All items counted, rated or not.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Items with a rating that has a score (not 'No Target', 'No data', 'N/A').
    pub fn rated(&self, scheme: &Scheme) -> u32 {
        scheme.rated().map(|r| self.count(r)).sum()
    }

    /// Sum of the scores of the rated items.
    pub(crate) fn score_sum(&self, scheme: &Scheme) -> u32 {
        scheme
            .rated()
            .map(|r| self.count(r) * u32::from(scheme.score(r).unwrap_or(0)))
            .sum()
    }

    /// Adds another tally of the same scheme (a plan's count is the sum of its priorities' only
    /// when no item serves two priorities; prefer counting the plan's items directly).
    pub fn add(&mut self, other: &Tally) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
    }
}

/// The overall-rating rules of an organisation: one for deliverables, one for measures.
/// Written in settings as `[rollup.deliverables]` and `[rollup.measures]` tables.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RollupSettings {
    /// How a priority's deliverables roll up.
    pub deliverables: OverallRule,
    /// How a priority's measures roll up.
    pub measures: OverallRule,
}

impl Default for RollupSettings {
    /// The average of scores (Strong 4, Good 3, Review 2, Action 1) cut at 3.5, 2.65 and 1.75:
    /// the cut that reproduces every overall rating in the county's reports (see docs/ratings.md).
    fn default() -> Self {
        #[derive(Deserialize)]
        struct Wrapper {
            rollup: RollupSettings,
        }
        let text = include_str!("../../settings/rollup.toml");
        match toml::from_str::<Wrapper>(text) {
            Ok(wrapper) => wrapper.rollup,
            Err(error) => unreachable!("the shipped roll-up settings parse: {error}"),
        }
    }
}

/// A rule that turns a tally into one overall rating. Written in settings as, e.g.:
///
/// ```toml
/// rule = "average"
/// bands = [{ from = "3.5", rating = "strong" }, { from = "2.65", rating = "good" },
///          { from = "1.75", rating = "review" }, { rating = "action" }]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum OverallRule {
    /// The average score of the rated items, cut into bands (highest first; a band applies
    /// when the average is at least its `from`; the last band has no `from`).
    Average {
        /// Bands, best first.
        bands: Vec<CutBand>,
    },
    /// The share of rated items rated `good_or_better` or better, cut into bands of percent.
    ShareGoodOrBetter {
        /// The category whose score, or better, counts as good.
        good_or_better: String,
        /// Bands of the share in percent ("75%"), best first.
        bands: Vec<CutBand>,
    },
    /// The worst rating given.
    Worst,
    /// The most common rating; a tie goes to the worse rating.
    Majority,
}

/// One band of a cut: at least `from` gives `rating`; no `from` takes the rest.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CutBand {
    /// Lowest value in the band: a score such as "2.75" or a share such as "75%".
    pub from: Option<String>,
    /// Category id given.
    pub rating: String,
}

/// A rule that does not fit the scheme it is used with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("roll-up rule for scheme {scheme:?}: {message}")]
pub struct RuleError {
    /// The scheme.
    pub scheme: String,
    /// What is wrong.
    pub message: String,
}

/// A rule checked against a scheme, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    kind: RollupKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum RollupKind {
    Average(Vec<(Option<Decimal>, RatingId)>),
    Share {
        good_score: u8,
        bands: Vec<(Option<Decimal>, RatingId)>,
    },
    Worst,
    Majority,
}

impl OverallRule {
    /// Checks the rule's category ids and numbers against `scheme`.
    pub fn for_scheme(&self, scheme: &Scheme) -> Result<Rollup, RuleError> {
        let error = |message: String| RuleError {
            scheme: scheme.id.clone(),
            message,
        };
        let cut = |bands: &[CutBand],
                   percent: bool|
         -> Result<Vec<(Option<Decimal>, RatingId)>, RuleError> {
            let mut cut = Vec::new();
            for (i, band) in bands.iter().enumerate() {
                let rating = scheme.find(&band.rating).ok_or_else(|| {
                    error(format!(
                        "band {} names unknown category {:?}",
                        i + 1,
                        band.rating
                    ))
                })?;
                let from = band
                    .from
                    .as_deref()
                    .map(|text| parse_cut(text, percent))
                    .transpose()
                    .map_err(|text| error(format!("band {}: {text}", i + 1)))?;
                if (i + 1 == bands.len()) != from.is_none() {
                    return Err(error(
                        "every band but the last needs `from`; the last has none".into(),
                    ));
                }
                cut.push((from, rating));
            }
            if cut.is_empty() {
                return Err(error("the rule has no bands".into()));
            }
            let froms: Vec<Decimal> = cut.iter().filter_map(|(f, _)| *f).collect();
            if froms.windows(2).any(|w| w[0] <= w[1]) {
                return Err(error("bands must fall from best to worst".into()));
            }
            Ok(cut)
        };
        let kind = match self {
            OverallRule::Average { bands } => RollupKind::Average(cut(bands, false)?),
            OverallRule::ShareGoodOrBetter {
                good_or_better,
                bands,
            } => {
                let good = scheme
                    .find(good_or_better)
                    .and_then(|r| scheme.score(r))
                    .ok_or_else(|| error(format!("{good_or_better:?} is not a rated category")))?;
                RollupKind::Share {
                    good_score: good,
                    bands: cut(bands, true)?,
                }
            }
            OverallRule::Worst => RollupKind::Worst,
            OverallRule::Majority => RollupKind::Majority,
        };
        Ok(Rollup { kind })
    }
}

fn parse_cut(text: &str, percent: bool) -> Result<Decimal, String> {
    let trimmed = text.trim();
    let number = if percent {
        trimmed
            .strip_suffix('%')
            .ok_or_else(|| format!("{text:?} should be a percentage such as \"75%\""))?
    } else {
        trimmed
    };
    Decimal::from_str(number.trim()).map_err(|_| format!("{text:?} is not a number"))
}

impl Rollup {
    /// The overall rating of `tally` under this rule; `None` when nothing is rated.
    pub fn apply(&self, scheme: &Scheme, tally: &Tally) -> Option<RatingId> {
        let rated = tally.rated(scheme);
        if rated == 0 {
            return None;
        }
        let n = Decimal::from(rated);
        let pick = |bands: &[(Option<Decimal>, RatingId)], value_times_n: Decimal| {
            bands
                .iter()
                .find(|(from, _)| from.is_none_or(|from| value_times_n >= from * n))
                .map(|(_, rating)| *rating)
        };
        match &self.kind {
            // average >= from  <=>  sum >= from * n: exact, no division.
            RollupKind::Average(bands) => pick(bands, Decimal::from(tally.score_sum(scheme))),
            RollupKind::Share { good_score, bands } => {
                let good: u32 = scheme
                    .rated()
                    .filter(|r| scheme.score(*r).is_some_and(|s| s >= *good_score))
                    .map(|r| tally.count(r))
                    .sum();
                pick(bands, Decimal::from(good) * Decimal::ONE_HUNDRED)
            }
            RollupKind::Worst => scheme
                .rated()
                .filter(|r| tally.count(*r) > 0)
                .min_by_key(|r| scheme.score(*r)),
            RollupKind::Majority => scheme
                .rated()
                .filter(|r| tally.count(*r) > 0)
                .max_by_key(|r| (tally.count(*r), std::cmp::Reverse(scheme.score(*r)))),
        }
    }
}

/// An overall rating as reported: what the rule gave, and any override with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overall {
    /// The rule's result (`None` when nothing is rated).
    pub by_rule: Option<RatingId>,
    /// A person's override and why.
    pub override_: Option<Override>,
}

/// A rating chosen by a person in place of the rule's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The rating chosen.
    pub rating: RatingId,
    /// Why; never empty.
    pub reason: String,
}

/// An override without a reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an override of an overall rating needs a reason")]
pub struct MissingReason;

impl Override {
    /// An override, refused without a reason.
    pub fn new(rating: RatingId, reason: &str) -> Result<Override, MissingReason> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MissingReason);
        }
        Ok(Override {
            rating,
            reason: reason.to_owned(),
        })
    }
}

impl Overall {
    /// The rating to report: the override if there is one, else the rule's.
    pub fn reported(&self) -> Option<RatingId> {
        self.override_.as_ref().map(|o| o.rating).or(self.by_rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deliverables() -> Scheme {
        Scheme::shipped("deliverables").unwrap()
    }

    fn tally(scheme: &Scheme, counts: &[(&str, usize)]) -> Tally {
        let ratings = counts
            .iter()
            .flat_map(|(id, n)| std::iter::repeat_n(scheme.find(id).unwrap(), *n));
        Tally::of(scheme, ratings)
    }

    fn rule(text: &str) -> OverallRule {
        toml::from_str(text).unwrap()
    }

    const AVERAGE: &str = r#"
        rule = "average"
        bands = [{ from = "3.5", rating = "strong" }, { from = "2.65", rating = "good" },
                 { from = "1.75", rating = "review" }, { rating = "action" }]
    "#;

    #[test]
    fn the_shipped_default_is_the_average_rule() {
        let settings = RollupSettings::default();
        assert_eq!(settings.deliverables, rule(AVERAGE));
        assert_eq!(settings.measures, rule(AVERAGE));
    }

    #[test]
    fn average_bands_are_inclusive_and_exact() {
        let scheme = deliverables();
        let rollup = rule(AVERAGE).for_scheme(&scheme).unwrap();
        let label = |counts: &[(&str, usize)]| {
            rollup
                .apply(&scheme, &tally(&scheme, counts))
                .map(|r| scheme.category(r).label.clone())
        };
        // 13 Good and 7 Review average exactly 2.65: Good.
        assert_eq!(
            label(&[("good", 13), ("review", 7)]).as_deref(),
            Some("Good")
        );
        // Good, Review, Good average 8/3 = 2.67: published as Good by the county.
        assert_eq!(
            label(&[("good", 2), ("review", 1)]).as_deref(),
            Some("Good")
        );
        // 8 Good and 5 Review average 34/13 = 2.615: Review.
        assert_eq!(
            label(&[("good", 8), ("review", 5)]).as_deref(),
            Some("Review")
        );
        // 10 Good, 4 Review, 1 Action average 2.6: Review.
        assert_eq!(
            label(&[("good", 10), ("review", 4), ("action", 1)]).as_deref(),
            Some("Review")
        );
        assert_eq!(
            label(&[("not_rated", 3)]),
            None,
            "nothing rated, no overall rating"
        );
        assert_eq!(
            label(&[("strong", 1), ("not_rated", 5)]).as_deref(),
            Some("Strong")
        );
    }

    #[test]
    fn other_rules_worst_majority_and_share() {
        let scheme = deliverables();
        let counts = [("strong", 2), ("good", 2), ("review", 1)];
        let apply = |text: &str| {
            let rollup = rule(text).for_scheme(&scheme).unwrap();
            scheme
                .category(rollup.apply(&scheme, &tally(&scheme, &counts)).unwrap())
                .label
                .clone()
        };
        assert_eq!(apply("rule = \"worst\""), "Review");
        assert_eq!(
            apply("rule = \"majority\""),
            "Good",
            "a tie goes to the worse"
        );
        let share = r#"
            rule = "share_good_or_better"
            good_or_better = "good"
            bands = [{ from = "80%", rating = "good" }, { from = "50%", rating = "review" }, { rating = "action" }]
        "#;
        assert_eq!(apply(share), "Good", "4 of 5 is 80%, at the bound");
    }

    #[test]
    fn rules_that_do_not_fit_the_scheme_are_refused() {
        let scheme = deliverables();
        let bad = rule(
            r#"rule = "average"
            bands = [{ from = "3", rating = "excellent" }, { rating = "action" }]"#,
        );
        assert!(
            bad.for_scheme(&scheme)
                .unwrap_err()
                .to_string()
                .contains("unknown category \"excellent\"")
        );
        let unordered = rule(
            r#"rule = "average"
            bands = [{ from = "2", rating = "good" }, { from = "3", rating = "review" }, { rating = "action" }]"#,
        );
        assert!(
            unordered
                .for_scheme(&scheme)
                .unwrap_err()
                .to_string()
                .contains("fall from best to worst")
        );
    }

    #[test]
    fn overrides_need_a_reason_and_win() {
        let scheme = deliverables();
        let review = scheme.find("review").unwrap();
        assert_eq!(Override::new(review, "  "), Err(MissingReason));
        let overall = Overall {
            by_rule: scheme.find("good"),
            override_: Some(Override::new(review, "Funding uncertain").unwrap()),
        };
        assert_eq!(overall.reported(), Some(review));
    }

    #[test]
    fn the_city_milestone_headline_leaves_n_a_out_of_the_base() {
        // "46 of 53 milestones completed or on track (87%)", with N/A items not counted.
        let scheme = Scheme::shipped("milestones").unwrap();
        let t = tally(
            &scheme,
            &[
                ("completed", 12),
                ("on_track", 34),
                ("some_slippage", 5),
                ("major_slippage", 2),
                ("n_a", 4),
            ],
        );
        let on_track = scheme
            .find("on_track")
            .and_then(|r| scheme.score(r))
            .unwrap();
        let good: u32 = scheme
            .rated()
            .filter(|r| scheme.score(*r) >= Some(on_track))
            .map(|r| t.count(r))
            .sum();
        assert_eq!((good, t.rated(&scheme)), (46, 53));
        let share =
            crate::rounding::percentage(Decimal::from(good), Decimal::from(t.rated(&scheme)), 0);
        assert_eq!(share, Some(Decimal::from(87)));
    }

    #[test]
    fn counts_reconcile_with_their_total() {
        let scheme = Scheme::shipped("county").unwrap();
        let t = tally(
            &scheme,
            &[
                ("strong", 10),
                ("good", 9),
                ("review", 1),
                ("action", 9),
                ("no_target", 2),
            ],
        );
        assert_eq!(t.total(), 31);
        assert_eq!(t.rated(&scheme), 29);
        let by_category: u32 = scheme.ratings().map(|r| t.count(r)).sum();
        assert_eq!(by_category, t.total());
    }
}
