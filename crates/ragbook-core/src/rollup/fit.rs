//! Working a council's roll-up bands out from the overall ratings it published: for each cut-off
//! of the `average` rule, the interval every published case allows, the cases no banding can
//! explain, and a value to put in settings.
//!
//! A case published as category `c` with average `x` says `x >= from(c)` and, for the category
//! just better than `c`, `x < from(better)`. So the cut-off of each category lies above every
//! average published worse than it and at or below every average published as it or better.
//! Averages are compared as fractions (sum/count), exactly.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::dataset::{Dataset, RollupOf};
use crate::quarter::{Rules, view};
use crate::rating::{RatingId, Scheme};
use crate::rounding::round_half_away;

/// An average score, held as the fraction it is.
#[derive(Debug, Clone, Copy)]
pub struct Average {
    /// Sum of the rated items' scores.
    pub sum: u32,
    /// Number of rated items (at least 1).
    pub count: u32,
}

impl Average {
    /// Compares two averages exactly.
    pub fn compare(self, other: Average) -> Ordering {
        (u64::from(self.sum) * u64::from(other.count))
            .cmp(&(u64::from(other.sum) * u64::from(self.count)))
    }

    /// Compares with a decimal exactly.
    fn compare_decimal(self, value: Decimal) -> Ordering {
        Decimal::from(self.sum).cmp(&(value * Decimal::from(self.count)))
    }

    /// The average to `places` decimal places, for showing.
    pub fn shown(self, places: u32) -> Decimal {
        round_half_away(
            Decimal::from(self.sum) / Decimal::from(self.count.max(1)),
            places,
        )
    }
}

impl std::fmt::Display for Average {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} = {:.2}", self.sum, self.count, self.shown(2))
    }
}

/// One overall rating a council published, with the average of the items behind it.
#[derive(Debug, Clone)]
pub struct Case {
    /// Which priority and quarter, for people: "Prosperous and green (P4), Quarter 2 2023-24".
    pub name: String,
    /// The average score of its rated items.
    pub average: Average,
    /// The rating published.
    pub published: RatingId,
}

/// What the published cases say about one cut-off: the lowest average that gives `rating`.
#[derive(Debug, Clone)]
pub struct CutFit {
    /// The category whose `from` this is.
    pub rating: RatingId,
    /// The case with the highest average published worse than `rating`: the cut-off is above it.
    pub above: Option<usize>,
    /// The case with the lowest average published as `rating` or better: the cut-off is at most it.
    pub up_to: Option<usize>,
    /// Cases no cut-off can explain (a worse rating published for a higher average), by index.
    pub unexplained: Vec<usize>,
}

/// The fit of every cut-off of one roll-up.
#[derive(Debug, Clone)]
pub struct Fit {
    /// The cases, in the order given.
    pub cases: Vec<Case>,
    /// One per category but the worst, best first.
    pub cuts: Vec<CutFit>,
}

/// Fits the cut-offs of an `average` rule for `scheme` to `cases`.
pub fn fit(scheme: &Scheme, cases: Vec<Case>) -> Fit {
    let mut rated: Vec<(RatingId, u8)> = scheme
        .rated()
        .filter_map(|r| scheme.score(r).map(|s| (r, s)))
        .collect();
    rated.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
    let score = |rating: RatingId| scheme.score(rating).unwrap_or(0);
    let cuts = rated
        .iter()
        .take(rated.len().saturating_sub(1))
        .map(|&(rating, cut_score)| {
            let worse: Vec<usize> = (0..cases.len())
                .filter(|i| score(cases[*i].published) < cut_score)
                .collect();
            let better: Vec<usize> = (0..cases.len())
                .filter(|i| score(cases[*i].published) >= cut_score)
                .collect();
            let above = worse
                .iter()
                .copied()
                .max_by(|a, b| cases[*a].average.compare(cases[*b].average));
            let up_to = better
                .iter()
                .copied()
                .min_by(|a, b| cases[*a].average.compare(cases[*b].average));
            let mut unexplained = Vec::new();
            if let (Some(above), Some(up_to)) = (above, up_to) {
                let (low, high) = (cases[above].average, cases[up_to].average);
                if low.compare(high) != Ordering::Less {
                    unexplained.extend(
                        worse
                            .iter()
                            .filter(|i| cases[**i].average.compare(high) != Ordering::Less),
                    );
                    unexplained.extend(
                        better
                            .iter()
                            .filter(|i| cases[**i].average.compare(low) != Ordering::Greater),
                    );
                    unexplained.sort_unstable();
                }
            }
            CutFit {
                rating,
                above,
                up_to,
                unexplained,
            }
        })
        .collect();
    Fit { cases, cuts }
}

impl Fit {
    /// Whether `value` is a cut-off every case of `cut` allows.
    pub fn allows(&self, cut: &CutFit, value: Decimal) -> bool {
        cut.unexplained.is_empty()
            && cut
                .above
                .is_none_or(|i| self.cases[i].average.compare_decimal(value) == Ordering::Less)
            && cut
                .up_to
                .is_none_or(|i| self.cases[i].average.compare_decimal(value) != Ordering::Less)
    }

    /// A cut-off to use: `current` if the cases allow it, else the shortest decimal in the
    /// interval, nearest its middle. `None` when no banding explains the cases.
    pub fn suggest(&self, cut: &CutFit, current: Option<Decimal>) -> Option<Decimal> {
        if !cut.unexplained.is_empty() {
            return None;
        }
        if let Some(current) = current.filter(|c| self.allows(cut, *c)) {
            return Some(current);
        }
        let low = cut.above.map(|i| self.cases[i].average);
        let high = cut.up_to.map(|i| self.cases[i].average);
        let as_decimal = |a: Average| Decimal::from(a.sum) / Decimal::from(a.count);
        let middle = match (low, high) {
            (Some(low), Some(high)) => (as_decimal(low) + as_decimal(high)) / Decimal::TWO,
            // Only one side is known: stay just inside it.
            (Some(low), None) => as_decimal(low) + Decimal::new(5, 2),
            (None, Some(high)) => as_decimal(high) - Decimal::new(5, 2),
            (None, None) => return current,
        };
        for places in 1..=4 {
            let step = Decimal::new(1, places);
            let near = round_half_away(middle, places);
            let best = [near - step, near, near + step]
                .into_iter()
                .filter(|c| self.allows(cut, *c))
                .min_by_key(|c| (*c - middle).abs());
            if best.is_some() {
                return best;
            }
        }
        None
    }
}

/// The published cases of one kind of overall rating, with their averages now: every
/// published roll-up of `of` held, in quarter then plan order. Cases with nothing rated are
/// left out (no average to fit).
pub fn cases(data: &Dataset, rules: Rules<'_>, of: RollupOf) -> Vec<Case> {
    let scheme = match of {
        RollupOf::Deliverables => rules.deliverables,
        RollupOf::Measures => rules.measures.scheme(),
    };
    let mut by_quarter: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for published in data.published_rollups.iter().filter(|p| p.of == of) {
        by_quarter
            .entry(published.quarter)
            .or_default()
            .push(published);
    }
    let mut cases = Vec::new();
    for (quarter, published) in by_quarter {
        let quarter_view = view(data, rules, quarter);
        for status in &quarter_view.priorities {
            let Some(record) = published.iter().find(|p| p.priority == status.priority.id) else {
                continue;
            };
            let Some(rating) = scheme.lookup(&record.rating) else {
                continue;
            };
            let tally = match of {
                RollupOf::Deliverables => &status.deliverables,
                RollupOf::Measures => &status.measures,
            };
            let count = tally.rated(scheme);
            if count == 0 {
                continue;
            }
            let priority = status.priority;
            cases.push(Case {
                name: format!(
                    "{} ({}), {}",
                    priority.short_title.as_deref().unwrap_or(&priority.title),
                    priority.id,
                    quarter.long_label()
                ),
                average: Average {
                    sum: tally.score_sum(scheme),
                    count,
                },
                published: rating,
            });
        }
    }
    cases
}

/// A `settings.toml` block for an `average` rule with these cut-offs, best first (one per
/// category but the worst), e.g. `[rollup.measures]` with its bands.
pub fn settings_block(scheme: &Scheme, of: RollupOf, cuts: &[(RatingId, Decimal)]) -> String {
    let mut bands: Vec<String> = cuts
        .iter()
        .map(|(rating, from)| {
            format!(
                "  {{ from = \"{from}\", rating = \"{}\" }},",
                scheme.category(*rating).id
            )
        })
        .collect();
    if let Some(worst) = scheme
        .rated()
        .filter(|r| scheme.score(*r).is_some())
        .min_by_key(|r| scheme.score(*r))
    {
        bands.push(format!(
            "  {{ rating = \"{}\" }},",
            scheme.category(worst).id
        ));
    }
    format!(
        "[rollup.{}]\nrule = \"average\"\nbands = [\n{}\n]\n",
        of.code(),
        bands.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> Scheme {
        Scheme::shipped("deliverables").unwrap()
    }

    fn case(scheme: &Scheme, name: &str, sum: u32, count: u32, rating: &str) -> Case {
        Case {
            name: name.into(),
            average: Average { sum, count },
            published: scheme.find(rating).unwrap(),
        }
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn the_county_reports_bound_every_cut_off() {
        let s = scheme();
        let fit = fit(
            &s,
            vec![
                case(&s, "P1 D", 31, 11, "good"),
                case(&s, "P2 D", 39, 13, "good"),
                case(&s, "P3 D", 17, 6, "good"),
                case(&s, "P4 D", 39, 15, "review"),
                case(&s, "P1 M", 23, 6, "strong"),
                case(&s, "P3 M", 6, 3, "review"),
                case(&s, "P4 M", 12, 5, "review"),
                case(&s, "earlier", 8, 3, "good"),
            ],
        );
        let [strong, good, review] = &fit.cuts[..] else {
            panic!("three cut-offs")
        };
        // Strong: above 3.00 (P2), at most 3.83 (P1 M).
        assert_eq!(fit.cases[strong.above.unwrap()].name, "P2 D");
        assert_eq!(fit.cases[strong.up_to.unwrap()].name, "P1 M");
        // Good: above 2.60, at most 8/3.
        assert_eq!(fit.cases[good.above.unwrap()].name, "P4 D");
        assert_eq!(fit.cases[good.up_to.unwrap()].name, "earlier");
        // Review: nothing published as Action, so only an upper end.
        assert!(review.above.is_none());
        assert_eq!(fit.cases[review.up_to.unwrap()].name, "P3 M");
        // The shipped cut-offs fit; 2.75 no longer does; boundaries are exact.
        assert!(fit.allows(strong, d("3.5")));
        assert!(fit.allows(good, d("2.65")));
        assert!(!fit.allows(good, d("2.75")));
        assert!(
            !fit.allows(good, d("2.6")),
            "2.60 itself was published Review"
        );
        assert!(fit.allows(good, d("2.6666")));
        assert!(!fit.allows(good, d("2.6667")));
        assert!(fit.allows(review, d("1.75")));
        // Suggestions keep a cut-off that fits, else the shortest decimal near the middle.
        assert_eq!(fit.suggest(good, Some(d("2.65"))), Some(d("2.65")));
        assert_eq!(fit.suggest(good, Some(d("2.75"))), Some(d("2.63")));
        assert_eq!(fit.suggest(strong, None), Some(d("3.4")));
        assert!(fit.cuts.iter().all(|c| c.unexplained.is_empty()));
    }

    #[test]
    fn cases_no_banding_explains_are_named() {
        let s = scheme();
        // 2.80 published Review while 2.70 was published Good: no Good cut-off explains both.
        let fit = fit(
            &s,
            vec![
                case(&s, "Libraries Q1", 14, 5, "review"),
                case(&s, "Roads Q1", 27, 10, "good"),
                case(&s, "Schools Q1", 3, 1, "good"),
                case(&s, "Parks Q1", 5, 2, "review"),
            ],
        );
        let good = &fit.cuts[1];
        let named: Vec<&str> = good
            .unexplained
            .iter()
            .map(|i| fit.cases[*i].name.as_str())
            .collect();
        assert_eq!(named, ["Libraries Q1", "Roads Q1"]);
        assert_eq!(fit.suggest(good, Some(d("2.65"))), None);
        assert!(!fit.allows(good, d("2.75")));
    }

    #[test]
    fn a_settings_block_lists_the_bands_best_first() {
        let s = scheme();
        let block = settings_block(
            &s,
            RollupOf::Measures,
            &[
                (s.find("strong").unwrap(), d("3.5")),
                (s.find("good").unwrap(), d("2.65")),
                (s.find("review").unwrap(), d("1.75")),
            ],
        );
        assert_eq!(
            block,
            "[rollup.measures]\nrule = \"average\"\nbands = [\n  { from = \"3.5\", rating = \"strong\" },\n  { from = \"2.65\", rating = \"good\" },\n  { from = \"1.75\", rating = \"review\" },\n  { rating = \"action\" },\n]\n"
        );
        let parsed: crate::rollup::OverallRule =
            toml::from_str(block.trim_start_matches("[rollup.measures]\n")).unwrap();
        assert!(parsed.for_scheme(&s).is_ok());
    }
}
