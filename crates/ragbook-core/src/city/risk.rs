//! Strategic risks. Likelihood and impact are stored, each a level of the council's matrix
//! (4x4 or 5x5); the score is their product, never typed. A matrix is configuration: its size,
//! a label per level, whether it scores threats or opportunities, and optional score bands. The
//! movement since last quarter is written from the two assessments, so narrative cannot
//! disagree with the data.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a matrix scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    /// Harm that may happen ("Risk score of 8").
    Threat,
    /// Benefit that may be gained ("Opportunity score of 6").
    Opportunity,
}

impl RiskKind {
    /// "Risk score" or "Opportunity score".
    pub fn score_words(self) -> &'static str {
        match self {
            RiskKind::Threat => "Risk score",
            RiskKind::Opportunity => "Opportunity score",
        }
    }
}

/// A named range of scores, from `from` up to the next band's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreBand {
    /// The lowest score in the band.
    pub from: u8,
    /// Its label ("High").
    pub label: String,
}

/// A risk matrix, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// Threats or opportunities.
    pub kind: RiskKind,
    /// Likelihood labels, level 1 first: as many as the matrix's size.
    pub likelihood: Vec<String>,
    /// Impact labels, level 1 first: as many as the likelihood's.
    pub impact: Vec<String>,
    /// Score bands, lowest first; none where the council defines none.
    #[serde(default)]
    pub bands: Vec<ScoreBand>,
}

/// A risk's likelihood and impact, on a matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Likelihood level, from 1.
    pub likelihood: u8,
    /// Impact level, from 1.
    pub impact: u8,
}

impl Score {
    /// Likelihood times impact.
    pub fn value(self) -> u8 {
        self.likelihood * self.impact
    }
}

/// Which way a score moved since last quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A higher score.
    Up,
    /// The same score.
    Same,
    /// A lower score.
    Down,
}

/// Why a matrix or a score cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RiskError {
    /// A matrix of an unsupported size, or with labels that do not fit it.
    #[error(
        "a risk matrix is 3x3 to 6x6, with a label for each level of likelihood and of impact; this one has {likelihood} likelihood and {impact} impact labels"
    )]
    Shape {
        /// Likelihood labels given.
        likelihood: usize,
        /// Impact labels given.
        impact: usize,
    },
    /// Bands out of order or off the matrix.
    #[error("score bands must rise from 1 and stay within the matrix's highest score, {0}")]
    Bands(u8),
    /// A level off the matrix.
    #[error("{what} {level} is off the {size}x{size} matrix: levels are 1 to {size}")]
    Level {
        /// Likelihood or impact.
        what: &'static str,
        /// The level given.
        level: u8,
        /// The matrix's size.
        size: usize,
    },
    /// A typed score that is not the product of the levels.
    #[error("a score of {given} is not likelihood {likelihood} x impact {impact} = {product}")]
    NotTheProduct {
        /// The score typed.
        given: u8,
        /// Likelihood.
        likelihood: u8,
        /// Impact.
        impact: u8,
        /// Their product.
        product: u8,
    },
}

fn labels(list: &[&str]) -> Vec<String> {
    list.iter().map(|l| (*l).to_owned()).collect()
}

impl Matrix {
    /// A 4x4 matrix of threats, as a city council prints it.
    pub fn threats_4x4() -> Matrix {
        Matrix {
            kind: RiskKind::Threat,
            likelihood: labels(&["Remote", "Possible", "Probable", "Highly probable"]),
            impact: labels(&["Low", "Medium", "High", "Very high"]),
            bands: Vec::new(),
        }
    }

    /// A 5x5 matrix of threats, as departmental risk registers score them.
    pub fn threats_5x5() -> Matrix {
        Matrix {
            kind: RiskKind::Threat,
            likelihood: labels(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
            impact: labels(&["Insignificant", "Minor", "Moderate", "Major", "Severe"]),
            bands: Vec::new(),
        }
    }

    /// A 4x4 matrix of opportunities.
    pub fn opportunities_4x4() -> Matrix {
        Matrix {
            kind: RiskKind::Opportunity,
            likelihood: labels(&["Rare", "Unlikely", "Probable", "Highly probable"]),
            impact: labels(&["Insignificant", "Minor", "Moderate", "Significant"]),
            bands: Vec::new(),
        }
    }

    /// How many levels each side has.
    pub fn size(&self) -> usize {
        self.likelihood.len()
    }

    /// Checks the matrix's shape and bands.
    pub fn validate(&self) -> Result<(), RiskError> {
        let size = self.size();
        if !(3..=6).contains(&size) || self.impact.len() != size {
            return Err(RiskError::Shape {
                likelihood: size,
                impact: self.impact.len(),
            });
        }
        let highest = self.highest();
        let rising = self.bands.windows(2).all(|w| w[0].from < w[1].from);
        let starts = self.bands.first().is_none_or(|b| b.from == 1);
        if !rising || !starts || self.bands.iter().any(|b| b.from > highest) {
            return Err(RiskError::Bands(highest));
        }
        Ok(())
    }

    fn highest(&self) -> u8 {
        let size = u8::try_from(self.size()).unwrap_or(u8::MAX);
        size.saturating_mul(size)
    }

    /// Every score the matrix can give, lowest first (4x4: 1, 2, 3, 4, 6, 8, 9, 12, 16).
    pub fn scores(&self) -> Vec<u8> {
        let size = u8::try_from(self.size()).unwrap_or(0);
        let mut scores: Vec<u8> = (1..=size)
            .flat_map(|l| (1..=size).map(move |i| l * i))
            .collect();
        scores.sort_unstable();
        scores.dedup();
        scores
    }

    /// The score of `likelihood` and `impact`, both levels of this matrix.
    pub fn score(&self, likelihood: u8, impact: u8) -> Result<Score, RiskError> {
        let size = self.size();
        for (what, level) in [("likelihood", likelihood), ("impact", impact)] {
            if level == 0 || usize::from(level) > size {
                return Err(RiskError::Level { what, level, size });
            }
        }
        Ok(Score { likelihood, impact })
    }

    /// Checks a score as typed in a file against its levels.
    pub fn check_typed(&self, given: u8, likelihood: u8, impact: u8) -> Result<Score, RiskError> {
        let score = self.score(likelihood, impact)?;
        if score.value() == given {
            Ok(score)
        } else {
            Err(RiskError::NotTheProduct {
                given,
                likelihood,
                impact,
                product: score.value(),
            })
        }
    }

    /// The band a score falls in, where bands are configured.
    pub fn band(&self, score: Score) -> Option<&str> {
        self.bands
            .iter()
            .rev()
            .find(|b| b.from <= score.value())
            .map(|b| b.label.as_str())
    }

    /// "Likelihood 3 (Probable), impact 4 (Very high)".
    pub fn describe(&self, score: Score) -> String {
        let label = |list: &[String], level: u8| {
            list.get(usize::from(level) - 1)
                .cloned()
                .unwrap_or_default()
        };
        format!(
            "Likelihood {} ({}), impact {} ({})",
            score.likelihood,
            label(&self.likelihood, score.likelihood),
            score.impact,
            label(&self.impact, score.impact)
        )
    }
}

/// Which way `current` moved from `previous`.
pub fn direction(previous: Score, current: Score) -> Direction {
    match current.value().cmp(&previous.value()) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Equal => Direction::Same,
        std::cmp::Ordering::Less => Direction::Down,
    }
}

/// The movement clause: "Reduced from 12 at the end of March to 8: likelihood 3 to 2, impact 4."
/// `since` names when the previous score stood ("the end of March").
pub fn movement(previous: Score, current: Score, since: &str) -> String {
    let factor = |name: &str, from: u8, to: u8| {
        if from == to {
            format!("{name} {to}")
        } else {
            format!("{name} {from} to {to}")
        }
    };
    let factors = format!(
        "{}, {}",
        factor("likelihood", previous.likelihood, current.likelihood),
        factor("impact", previous.impact, current.impact)
    );
    let (from, to) = (previous.value(), current.value());
    match direction(previous, current) {
        Direction::Down => format!("Reduced from {from} at {since} to {to}: {factors}."),
        Direction::Up => format!("Increased from {from} at {since} to {to}: {factors}."),
        Direction::Same if previous == current => format!("Unchanged at {to} since {since}."),
        Direction::Same => format!("Unchanged at {to} since {since}: {factors}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_4x4_matrix_gives_the_products_of_its_levels() {
        let m = Matrix::threats_4x4();
        m.validate().unwrap();
        assert_eq!(m.scores(), [1, 2, 3, 4, 6, 8, 9, 12, 16]);
        assert_eq!(m.score(3, 4).unwrap().value(), 12);
        assert_eq!(m.score(4, 3).unwrap().value(), 12);
        assert!(matches!(
            m.score(5, 1),
            Err(RiskError::Level {
                what: "likelihood",
                level: 5,
                size: 4
            })
        ));
        assert!(matches!(
            m.score(1, 0),
            Err(RiskError::Level { what: "impact", .. })
        ));
        assert_eq!(
            m.describe(m.score(3, 4).unwrap()),
            "Likelihood 3 (Probable), impact 4 (Very high)"
        );
    }

    #[test]
    fn a_typed_score_must_be_the_product() {
        let m = Matrix::threats_4x4();
        assert!(m.check_typed(8, 2, 4).is_ok());
        let error = m.check_typed(10, 2, 4).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a score of 10 is not likelihood 2 x impact 4 = 8"
        );
    }

    #[test]
    fn a_5x5_matrix_with_bands() {
        let mut m = Matrix::threats_4x4();
        m.likelihood.push("Almost certain".into());
        m.impact.push("Critical".into());
        m.bands = vec![
            ScoreBand {
                from: 1,
                label: "Low".into(),
            },
            ScoreBand {
                from: 8,
                label: "Medium".into(),
            },
            ScoreBand {
                from: 15,
                label: "High".into(),
            },
        ];
        m.validate().unwrap();
        assert_eq!(m.scores().last(), Some(&25));
        assert_eq!(m.band(m.score(2, 3).unwrap()), Some("Low"));
        assert_eq!(m.band(m.score(2, 4).unwrap()), Some("Medium"));
        assert_eq!(m.band(m.score(3, 5).unwrap()), Some("High"));
        m.bands[2].from = 26;
        assert!(matches!(m.validate(), Err(RiskError::Bands(25))));
        m.impact.pop();
        assert!(matches!(
            m.validate(),
            Err(RiskError::Shape {
                likelihood: 5,
                impact: 4
            })
        ));
    }

    #[test]
    fn the_movement_is_written_from_the_two_scores() {
        let s = |likelihood, impact| Score { likelihood, impact };
        assert_eq!(
            movement(s(3, 4), s(2, 4), "the end of March"),
            "Reduced from 12 at the end of March to 8: likelihood 3 to 2, impact 4."
        );
        assert_eq!(
            movement(s(4, 3), s(3, 3), "the end of June"),
            "Reduced from 12 at the end of June to 9: likelihood 4 to 3, impact 3."
        );
        assert_eq!(
            movement(s(2, 2), s(2, 3), "the end of June"),
            "Increased from 4 at the end of June to 6: likelihood 2, impact 2 to 3."
        );
        assert_eq!(
            movement(s(2, 4), s(2, 4), "the end of March"),
            "Unchanged at 8 since the end of March."
        );
        assert_eq!(
            movement(s(2, 4), s(4, 2), "the end of March"),
            "Unchanged at 8 since the end of March: likelihood 2 to 4, impact 4 to 2."
        );
        assert_eq!(direction(s(3, 4), s(2, 4)), Direction::Down);
        assert_eq!(RiskKind::Opportunity.score_words(), "Opportunity score");
        Matrix::opportunities_4x4().validate().unwrap();
    }
}
