//! The strategic risk register as records: each risk, and its assessment each quarter. The
//! levels are stored; scores are worked out from them on the council's matrices
//! ([`RiskMatrices`]), so a score can never disagree with its levels.

use serde::{Deserialize, Serialize};

use super::risk::{Matrix, RiskError, RiskKind, Score};
use crate::period::FinancialQuarter;
use crate::plan::ItemId;

/// A strategic risk on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskRecord {
    /// Stable id.
    pub id: ItemId,
    /// Its number on the register as printed ("SR 31"); a new risk may have none yet.
    #[serde(default)]
    pub reference: Option<String>,
    /// What could happen ("Loss of town-centre retail income").
    pub title: String,
    /// A shorter name for lists.
    #[serde(default)]
    pub short_title: Option<String>,
    /// Priorities it threatens or serves.
    pub priorities: Vec<ItemId>,
    /// Risk owner.
    #[serde(default)]
    pub owner: Option<String>,
    /// Owning department; decides who may update it.
    #[serde(default)]
    pub department: Option<String>,
    /// The first quarter it is reported in.
    #[serde(default)]
    pub starts: Option<FinancialQuarter>,
    /// The last quarter it is reported in (closed).
    #[serde(default)]
    pub ends: Option<FinancialQuarter>,
}

impl RiskRecord {
    /// A risk with nothing but its id, title and priorities.
    pub fn new(id: ItemId, title: String, priorities: Vec<ItemId>) -> RiskRecord {
        RiskRecord {
            id,
            reference: None,
            title,
            short_title: None,
            priorities,
            owner: None,
            department: None,
            starts: None,
            ends: None,
        }
    }

    /// As the report's item column prints it: "SR 31 – Loss of town-centre retail income".
    pub fn described(&self) -> String {
        match &self.reference {
            Some(reference) => format!("{reference} \u{2013} {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// A risk's assessment for one quarter: its levels as a threat, as an opportunity, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskUpdate {
    /// The risk.
    pub risk: ItemId,
    /// The quarter (the position at its end).
    pub quarter: FinancialQuarter,
    /// Likelihood as a threat.
    #[serde(default)]
    pub likelihood: Option<u8>,
    /// Impact as a threat.
    #[serde(default)]
    pub impact: Option<u8>,
    /// Likelihood as an opportunity.
    #[serde(default)]
    pub opportunity_likelihood: Option<u8>,
    /// Impact as an opportunity.
    #[serde(default)]
    pub opportunity_impact: Option<u8>,
    /// The threat score the owner aims to bring it down to.
    #[serde(default)]
    pub target_score: Option<u8>,
    /// The controls in place and planned.
    #[serde(default)]
    pub controls: Option<String>,
    /// Anything else this quarter: the supporting information.
    #[serde(default)]
    pub commentary: Option<String>,
}

impl RiskUpdate {
    /// An assessment with no levels yet.
    pub fn new(risk: ItemId, quarter: FinancialQuarter) -> RiskUpdate {
        RiskUpdate {
            risk,
            quarter,
            likelihood: None,
            impact: None,
            opportunity_likelihood: None,
            opportunity_impact: None,
            target_score: None,
            controls: None,
            commentary: None,
        }
    }

    /// The levels given for `kind`: both, one (an error), or neither.
    fn levels(&self, kind: RiskKind) -> (Option<u8>, Option<u8>) {
        match kind {
            RiskKind::Threat => (self.likelihood, self.impact),
            RiskKind::Opportunity => (self.opportunity_likelihood, self.opportunity_impact),
        }
    }
}

/// The council's two matrices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMatrices {
    /// How threats are scored.
    pub threats: Matrix,
    /// How opportunities are scored.
    pub opportunities: Matrix,
}

impl Default for RiskMatrices {
    fn default() -> Self {
        RiskMatrices {
            threats: Matrix::threats_4x4(),
            opportunities: Matrix::opportunities_4x4(),
        }
    }
}

/// Why an assessment's levels cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    /// A level off the matrix, or a typed score that is not the product.
    #[error("{0}")]
    Matrix(#[from] RiskError),
    /// One level of a pair without the other.
    #[error("a {0} score needs both its likelihood and its impact")]
    HalfGiven(&'static str),
    /// No score at all.
    #[error(
        "an assessment needs a threat score (likelihood and impact), an opportunity score, or both"
    )]
    Nothing,
    /// A target that no pair of levels gives.
    #[error(
        "a target score of {given} is not on the {size}x{size} matrix (its scores are {scores})"
    )]
    Target {
        /// The target given.
        given: u8,
        /// The matrix's size.
        size: usize,
        /// The scores it can give.
        scores: String,
    },
}

impl RiskMatrices {
    /// The matrix for `kind`.
    pub fn matrix(&self, kind: RiskKind) -> &Matrix {
        match kind {
            RiskKind::Threat => &self.threats,
            RiskKind::Opportunity => &self.opportunities,
        }
    }

    /// Checks both matrices.
    pub fn validate(&self) -> Result<(), RiskError> {
        self.threats.validate()?;
        self.opportunities.validate()
    }

    /// The assessment's score as `kind`, if it has one; an error for levels off the matrix or
    /// a pair half given.
    pub fn score(
        &self,
        update: &RiskUpdate,
        kind: RiskKind,
    ) -> Result<Option<Score>, AssessmentError> {
        match update.levels(kind) {
            (Some(likelihood), Some(impact)) => {
                Ok(Some(self.matrix(kind).score(likelihood, impact)?))
            }
            (None, None) => Ok(None),
            _ => Err(AssessmentError::HalfGiven(match kind {
                RiskKind::Threat => "threat",
                RiskKind::Opportunity => "opportunity",
            })),
        }
    }

    /// Checks an assessment whole: each score on its matrix, at least one score, and a target
    /// the threat matrix can give.
    pub fn check(&self, update: &RiskUpdate) -> Result<(), AssessmentError> {
        let threat = self.score(update, RiskKind::Threat)?;
        let opportunity = self.score(update, RiskKind::Opportunity)?;
        if threat.is_none() && opportunity.is_none() {
            return Err(AssessmentError::Nothing);
        }
        if let Some(given) = update.target_score {
            let scores = self.threats.scores();
            if !scores.contains(&given) {
                return Err(AssessmentError::Target {
                    given,
                    size: self.threats.size(),
                    scores: scores
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(l: Option<u8>, i: Option<u8>) -> RiskUpdate {
        let mut u = RiskUpdate::new(ItemId::new("SR31").unwrap(), "2021-22-Q1".parse().unwrap());
        u.likelihood = l;
        u.impact = i;
        u
    }

    #[test]
    fn an_assessment_is_scored_on_its_matrix_and_checked_whole() {
        let m = RiskMatrices::default();
        let u = update(Some(2), Some(4));
        assert_eq!(
            m.score(&u, RiskKind::Threat).unwrap().map(Score::value),
            Some(8)
        );
        assert_eq!(m.score(&u, RiskKind::Opportunity).unwrap(), None);
        assert!(m.check(&u).is_ok());
        assert!(matches!(
            m.check(&update(Some(5), Some(1))),
            Err(AssessmentError::Matrix(_))
        ));
        assert_eq!(
            m.check(&update(Some(2), None)),
            Err(AssessmentError::HalfGiven("threat"))
        );
        assert_eq!(m.check(&update(None, None)), Err(AssessmentError::Nothing));
        let mut both = update(None, None);
        both.opportunity_likelihood = Some(3);
        both.opportunity_impact = Some(2);
        assert!(m.check(&both).is_ok(), "an opportunity alone is a score");
        let mut target = update(Some(3), Some(4));
        target.target_score = Some(6);
        assert!(m.check(&target).is_ok());
        target.target_score = Some(7);
        assert!(matches!(
            m.check(&target),
            Err(AssessmentError::Target { given: 7, .. })
        ));
        target.target_score = Some(16);
        assert!(
            m.check(&target).is_ok(),
            "the highest score is on the matrix"
        );
    }

    #[test]
    fn a_risk_is_described_by_its_number_when_it_has_one() {
        let mut r = RiskRecord::new(ItemId::new("R1").unwrap(), "Loss of income".into(), vec![]);
        assert_eq!(r.described(), "Loss of income");
        r.reference = Some("SR 31".into());
        assert_eq!(r.described(), "SR 31 \u{2013} Loss of income");
    }
}
