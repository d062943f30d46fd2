//! Rating schemes are data: TOML text naming the categories (with label, score, colour, symbol,
//! meaning and council response) and, for measures, the deviation bands and special rules.
//! ragbook ships the keys councils use; an organisation can supply its own file.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::measure::Unit;

mod checker;

use checker::Checker;

/// The schemes shipped with ragbook, by name: (name, TOML text).
pub const SHIPPED: [(&str, &str); 8] = [
    ("county", include_str!("../../schemes/county.toml")),
    (
        "county-older",
        include_str!("../../schemes/county-older.toml"),
    ),
    ("city", include_str!("../../schemes/city.toml")),
    (
        "deliverables",
        include_str!("../../schemes/deliverables.toml"),
    ),
    ("milestones", include_str!("../../schemes/milestones.toml")),
    (
        "service-lines",
        include_str!("../../schemes/service-lines.toml"),
    ),
    ("portfolios", include_str!("../../schemes/portfolios.toml")),
    ("savings", include_str!("../../schemes/savings.toml")),
];

/// Decimal places a band bound may have beyond the percent sign's two ("2.5%" is 0.025).
const MAX_BOUND_PLACES: u32 = 6;

/// A category's position in its scheme; small and cheap to copy, so ratings can be counted fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RatingId(pub(crate) u8);

impl RatingId {
    /// The position of the category in its scheme's list.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// One rating a scheme can give: Strong, Good, Amber, No Target...
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable identifier used in data files: `strong`, `review`, `on_track`.
    pub id: String,
    /// Word shown in tables and tags: "Review".
    pub label: String,
    /// How summary sentences name it: "Requiring Review". Defaults to the label.
    #[serde(default)]
    pub sentence: Option<String>,
    /// Score for roll-ups (higher is better). Categories without a score are 'not rated' and
    /// are left out of counts of rated items.
    #[serde(default)]
    pub score: Option<u8>,
    /// Colour for charts, as #rrggbb. Never the only sign of a rating: see `symbol`.
    pub colour: String,
    /// Symbol drawn with the colour so a rating can be read without colour.
    pub symbol: String,
    /// What the category means.
    pub description: String,
    /// What the council will do ('council response').
    pub response: String,
    /// Whether an item with this rating must explain the issue and the response to it.
    #[serde(default)]
    pub needs_issue_and_response: bool,
    /// Whether this rating means the item is finished (a milestone 'Completed').
    #[serde(default)]
    pub completed: bool,
    /// Other words files may use for it ("Minor slippage" for "Some slippage", as one key
    /// prints it); reports always use the label.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Category {
    /// The words for summary sentences.
    pub fn sentence_label(&self) -> &str {
        self.sentence.as_deref().unwrap_or(&self.label)
    }

    /// Whether the category counts as a rating (has a score).
    pub fn is_rated(&self) -> bool {
        self.score.is_some()
    }
}

/// A bound on the deviation, as a fraction (5% is 0.05).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The deviation at the bound, as a fraction of the target.
    pub fraction: Decimal,
    /// Whether a deviation exactly at the bound passes it (`from`) or not (`above`).
    pub inclusive: bool,
}

/// A bound as the engine compares it: the fraction times 10^`denominator_places`, and 1 for a
/// strict bound (d > x is d ≥ x + 1 in integers), 0 for an inclusive one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CompiledBound {
    pub(crate) numerator: i64,
    pub(crate) strict: i64,
}

/// An adjustment as the engine applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledAdjustment {
    /// The band whose bound is replaced; `usize::MAX` for a unit without a rule.
    pub(crate) band: usize,
    /// The target threshold at each decimal scale 0..=10 a target can be aligned to, rounded
    /// down: an integer target exceeds x exactly when it exceeds floor(x).
    pub(crate) threshold_at_scale: [i128; 11],
    /// Every band's bound, with this rule's band's replaced.
    pub(crate) bounds: Vec<CompiledBound>,
}

/// A different lower bound for a band under a condition (the county key's 95% rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    /// The unit the rule applies to.
    pub unit: Unit,
    /// It applies when the target is strictly greater than this.
    pub target_above: Decimal,
    /// The bound used instead.
    pub bound: Bound,
}

/// A band of deviation that gives one rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    /// The rating given.
    pub rating: RatingId,
    /// The lowest deviation in the band; `None` for the last band, which takes everything left.
    pub lower: Option<Bound>,
    /// Conditions under which a different lower bound applies.
    pub adjustments: Vec<Adjustment>,
}

/// The ratings given when a figure meets or misses a target by a rule other than the bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetOrMissed {
    /// Rating when met or beaten.
    pub met: RatingId,
    /// Rating when missed.
    pub missed: RatingId,
}

/// How a scheme rates measures automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRules {
    /// Bands from best to worst.
    pub bands: Vec<Band>,
    /// Rating when there is no target.
    pub no_target: RatingId,
    /// Rating when there is no current figure.
    pub no_data: RatingId,
    /// Ratings for the comparator method.
    pub comparator: MetOrMissed,
    /// Ratings against a target of zero, which a relative deviation cannot be taken from.
    pub zero_target: MetOrMissed,
    /// Powers of ten every bound numerator is scaled by.
    pub(crate) denominator_places: u32,
    /// The lower bound of every band but the last, compiled.
    pub(crate) bounds: Vec<CompiledBound>,
    /// The `when` rule for each unit (see [`Unit::kind_index`]), compiled.
    pub(crate) by_unit: Box<[CompiledAdjustment; Unit::KINDS]>,
}

/// A rating scheme: a vocabulary of categories, and for measure keys the rules that choose one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Short name, e.g. `county`.
    pub id: String,
    /// Title, e.g. "County key".
    pub name: String,
    /// One sentence on where the scheme comes from.
    pub description: String,
    /// Categories, best first, then the unrated ones.
    pub categories: Vec<Category>,
    /// Rules for rating measures; `None` for vocabularies chosen by hand.
    pub measures: Option<MeasureRules>,
    /// Rules for rating money by how far it overruns; `None` for other schemes.
    pub finance: Option<FinanceRules>,
}

/// How a finance key rates an overrun (an overspend, or a savings shortfall) as a share of
/// its yardstick (the budget, or the savings target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceRules {
    /// Bands from best to worst: each takes overruns up to and including its share.
    pub bands: Vec<FinanceBand>,
}

/// One band of a finance key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceBand {
    /// The rating given.
    pub rating: RatingId,
    /// The largest overrun, as a fraction of the yardstick, this band takes (inclusive); the
    /// last band has none and takes the rest.
    pub up_to: Option<Decimal>,
}

/// Why scheme text could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemeError {
    /// Not valid TOML, or fields of the wrong type.
    #[error("{0}")]
    Syntax(String),
    /// Valid TOML that does not describe a usable scheme.
    #[error("{0}")]
    Invalid(String),
    /// No shipped scheme has that name.
    #[error(
        "no shipped scheme is called {name:?}; the shipped schemes are {}",
        shipped_names()
    )]
    UnknownName {
        /// The name asked for.
        name: String,
    },
}

fn shipped_names() -> String {
    SHIPPED.map(|(name, _)| name).join(", ")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: String,
    name: String,
    description: String,
    #[serde(rename = "category")]
    categories: Vec<Category>,
    measures: Option<RawMeasureRules>,
    finance: Option<RawFinanceRules>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinanceRules {
    #[serde(rename = "band")]
    bands: Vec<RawFinanceBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinanceBand {
    rating: String,
    up_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasureRules {
    no_target: String,
    no_data: String,
    comparator: RawMetOrMissed,
    zero_target: RawMetOrMissed,
    #[serde(rename = "band")]
    bands: Vec<RawBand>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetOrMissed {
    met: String,
    missed: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    rating: String,
    above: Option<String>,
    from: Option<String>,
    #[serde(default)]
    when: Vec<RawAdjustment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdjustment {
    unit: String,
    target_above: String,
    above: Option<String>,
    from: Option<String>,
}

impl Scheme {
    /// A scheme shipped with ragbook, by name (`county`, `county-older`, `city`, `deliverables`,
    /// `milestones`).
    pub fn shipped(name: &str) -> Result<Scheme, SchemeError> {
        let (_, text) = SHIPPED
            .iter()
            .find(|(shipped, _)| *shipped == name)
            .ok_or_else(|| SchemeError::UnknownName {
                name: name.to_owned(),
            })?;
        Scheme::from_toml(text)
    }

    /// Parses and checks a scheme written in TOML.
    pub fn from_toml(text: &str) -> Result<Scheme, SchemeError> {
        let raw: RawScheme =
            toml::from_str(text).map_err(|error| SchemeError::Syntax(error.to_string()))?;
        raw.validate()
    }

    /// The category a rating refers to.
    pub fn category(&self, rating: RatingId) -> &Category {
        &self.categories[rating.index()]
    }

    /// The rating with this category id, if the scheme has one.
    pub fn find(&self, id: &str) -> Option<RatingId> {
        self.categories
            .iter()
            .position(|c| c.id == id)
            .map(|i| RatingId(i as u8))
    }

    /// The rating whose id or label matches `text`, ignoring case: what an officer typed.
    pub fn lookup(&self, text: &str) -> Option<RatingId> {
        let wanted = text.trim();
        self.categories
            .iter()
            .position(|c| {
                c.id.eq_ignore_ascii_case(wanted)
                    || c.label.eq_ignore_ascii_case(wanted)
                    || c.sentence_label().eq_ignore_ascii_case(wanted)
                    || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
            })
            .map(|i| RatingId(i as u8))
    }

    /// Every rating, in the scheme's order.
    pub fn ratings(&self) -> impl Iterator<Item = RatingId> + '_ {
        (0..self.categories.len()).map(|i| RatingId(i as u8))
    }

    /// The ratings that count as rated (have a score), best first.
    pub fn rated(&self) -> impl Iterator<Item = RatingId> + '_ {
        self.ratings().filter(|r| self.category(*r).is_rated())
    }

    /// The roll-up score of a rating, if it is rated.
    pub fn score(&self, rating: RatingId) -> Option<u8> {
        self.category(rating).score
    }
}

impl RawScheme {
    fn validate(self) -> Result<Scheme, SchemeError> {
        let check = Checker {
            id: &self.id,
            categories: &self.categories,
        };
        check.categories()?;
        let measures = self
            .measures
            .as_ref()
            .map(|raw| check.measure_rules(raw))
            .transpose()?;
        let finance = self
            .finance
            .as_ref()
            .map(|raw| check.finance_rules(raw))
            .transpose()?;
        Ok(Scheme {
            id: self.id,
            name: self.name,
            description: self.description,
            categories: self.categories,
            measures,
            finance,
        })
    }
}

fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Reads `above = "5%"` or `from = "-2%"` into a bound; neither gives `None`.
fn parse_bound(above: Option<&str>, from: Option<&str>) -> Result<Option<Bound>, String> {
    let (text, inclusive) = match (above, from) {
        (Some(_), Some(_)) => return Err("give `above` or `from`, not both".into()),
        (Some(text), None) => (text, false),
        (None, Some(text)) => (text, true),
        (None, None) => return Ok(None),
    };
    let percent = text.trim().strip_suffix('%').ok_or_else(|| {
        format!("bound {text:?} should be a percentage such as \"5%\" or \"-2.5%\"")
    })?;
    let mut fraction = Decimal::from_str(percent.trim())
        .map_err(|_| format!("bound {text:?} is not a percentage"))?;
    fraction
        .set_scale(fraction.scale() + 2)
        .map_err(|e| e.to_string())?;
    let fraction = fraction.normalize();
    if fraction.scale() > MAX_BOUND_PLACES || fraction.abs() > Decimal::from(100) {
        return Err(format!(
            "bound {text:?} is outside what ragbook rates exactly (at most 4 decimal places of a percent, at most 10000%)"
        ));
    }
    Ok(Some(Bound {
        fraction,
        inclusive,
    }))
}

/// Every bound a band can have (its own and its `when` rules') must lie above every bound the
/// next band can have, so bands fall from best to worst whichever rules apply. The engine
/// relies on this to count bands instead of searching them.
fn check_bands_fall(bands: &[Band]) -> Result<(), String> {
    let possible = |band: &Band| -> Vec<Decimal> {
        band.lower
            .iter()
            .chain(band.adjustments.iter().map(|a| &a.bound))
            .map(|b| b.fraction)
            .collect()
    };
    for pair in bands.windows(2) {
        let (better, worse) = (possible(&pair[0]), possible(&pair[1]));
        let lowest_better = better.iter().min();
        let highest_worse = worse.iter().max();
        if let (Some(low), Some(high)) = (lowest_better, highest_worse)
            && low <= high
        {
            return Err("band bounds must fall from best to worst".into());
        }
    }
    Ok(())
}

/// The bound times 10^places: at most 100 (10000%) times 10^6, well within an i64.
fn scaled_numerator(fraction: Decimal, places: u32) -> i64 {
    (fraction.mantissa() * 10_i128.pow(places - fraction.scale())) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scheme_loads() {
        for (name, _) in SHIPPED {
            let scheme = Scheme::shipped(name).unwrap();
            assert_eq!(scheme.id, name);
        }
    }

    #[test]
    fn the_county_key_has_the_published_bands() {
        let county = Scheme::shipped("county").unwrap();
        let rules = county.measures.as_ref().unwrap();
        let bounds: Vec<String> = rules
            .bands
            .iter()
            .map(|b| match b.lower {
                Some(bound) => format!(
                    "{} {}",
                    if bound.inclusive { ">=" } else { ">" },
                    bound.fraction
                ),
                None => "rest".into(),
            })
            .collect();
        assert_eq!(bounds, ["> 0.05", ">= -0.02", ">= -0.1", "rest"]);
        assert_eq!(
            county.category(rules.bands[2].rating).sentence_label(),
            "Requiring Review"
        );
        assert_eq!(county.lookup("requiring review"), county.find("review"));
    }

    #[test]
    fn mistakes_in_a_scheme_file_are_named() {
        let county = SHIPPED[0].1;
        let broken = county.replace("rating = \"good\"", "rating = \"fine\"");
        let error = Scheme::from_toml(&broken).unwrap_err().to_string();
        assert!(error.contains("band 2 names category \"fine\""), "{error}");
        let unordered = county.replace("from = \"-10%\"", "from = \"-1%\"");
        let error = Scheme::from_toml(&unordered).unwrap_err().to_string();
        assert!(error.contains("fall from best to worst"), "{error}");
        let no_percent = county.replace("above = \"5%\"\nwhen", "above = \"5\"\nwhen");
        let error = Scheme::from_toml(&no_percent).unwrap_err().to_string();
        assert!(error.contains("should be a percentage"), "{error}");
        let error = Scheme::from_toml("id = 3").unwrap_err().to_string();
        assert!(error.contains("invalid type"), "{error}");
        assert!(
            Scheme::shipped("borough")
                .unwrap_err()
                .to_string()
                .contains("county, county-older")
        );
    }
}
