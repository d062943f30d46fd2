//! Priority projects. Each quarter a project's lead says, for each of four criteria (time,
//! cost, scope, benefits), whether it is within tolerance; the RAG is derived from them, and
//! may be overridden only with a reason. The Delivery Confidence Assessment (DCA) is a separate
//! judgement of future delivery, on the same scale, never derived.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::period::FinancialQuarter;
use crate::plan::ItemId;

/// A project's RAG (its present position) or DCA (confidence in future delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectRag {
    /// Every criterion within tolerance (DCA: delivery highly likely).
    Green,
    /// One criterion outside tolerance (DCA: feasible).
    AmberGreen,
    /// Two or three outside (DCA: in doubt).
    AmberRed,
    /// All four outside: not deliverable without significant intervention (DCA: unachievable).
    Red,
}

impl ProjectRag {
    /// Every level, best first.
    pub const ALL: [ProjectRag; 4] = [
        ProjectRag::Green,
        ProjectRag::AmberGreen,
        ProjectRag::AmberRed,
        ProjectRag::Red,
    ];

    /// As reports print it: "Amber / Green".
    pub fn label(self) -> &'static str {
        match self {
            ProjectRag::Green => "Green",
            ProjectRag::AmberGreen => "Amber / Green",
            ProjectRag::AmberRed => "Amber / Red",
            ProjectRag::Red => "Red",
        }
    }

    /// As a sentence quotes it: "amber / red".
    pub fn quoted(self) -> String {
        self.label().to_lowercase()
    }

    /// A level as people write it: "Amber / Red", "amber/red", "amber_red", "Amber-Red".
    pub fn parse(text: &str) -> Option<ProjectRag> {
        let words: String = text
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match words.as_str() {
            "green" => Some(ProjectRag::Green),
            "amber green" => Some(ProjectRag::AmberGreen),
            "amber red" => Some(ProjectRag::AmberRed),
            "red" => Some(ProjectRag::Red),
            _ => None,
        }
    }
}

/// Whether each criterion is within tolerance this quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    /// Time: on schedule within tolerance.
    pub time: bool,
    /// Cost: within budget tolerance.
    pub cost: bool,
    /// Scope: delivering what was agreed.
    pub scope: bool,
    /// Benefits: on course to realise them.
    pub benefits: bool,
}

impl Criteria {
    /// The criteria outside tolerance, by name, in the order time, cost, scope, benefits.
    pub fn outside(&self) -> Vec<&'static str> {
        [
            ("time", self.time),
            ("cost", self.cost),
            ("scope", self.scope),
            ("benefits", self.benefits),
        ]
        .into_iter()
        .filter(|(_, within)| !within)
        .map(|(name, _)| name)
        .collect()
    }

    /// The RAG the criteria give: none outside Green; one Amber / Green; two or three
    /// Amber / Red; all four Red.
    pub fn rag(&self) -> ProjectRag {
        match self.outside().len() {
            0 => ProjectRag::Green,
            1 => ProjectRag::AmberGreen,
            2 | 3 => ProjectRag::AmberRed,
            _ => ProjectRag::Red,
        }
    }
}

/// Where a project is in its life this quarter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Under way: assessed against the criteria.
    #[default]
    Active,
    /// Not started: not rated.
    PreStart,
    /// Closed: not rated.
    Completed,
    /// Not assessed this quarter ("N/A"), with a reason.
    NotAssessed,
}

/// Whether a criterion is within tolerance this quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    /// Within tolerance.
    Within,
    /// Outside tolerance.
    Outside,
}

/// A priority project: what the plan commits to deliver, under a priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRecord {
    /// Stable id.
    pub id: ItemId,
    /// Its name as published ("Riverside Market").
    pub title: String,
    /// A shorter name for the front section's lists.
    #[serde(default)]
    pub short_title: Option<String>,
    /// The programme it belongs to, printed before its name in place of "Delivering our
    /// priority projects".
    #[serde(default)]
    pub programme: Option<String>,
    /// Priorities it serves.
    pub priorities: Vec<ItemId>,
    /// Lead officer or role.
    #[serde(default)]
    pub lead: Option<String>,
    /// Owning department; decides who may update it.
    #[serde(default)]
    pub department: Option<String>,
    /// The first quarter it is reported in.
    #[serde(default)]
    pub starts: Option<FinancialQuarter>,
    /// The last quarter it is reported in.
    #[serde(default)]
    pub ends: Option<FinancialQuarter>,
}

impl ProjectRecord {
    /// A project with nothing but its id, name and priorities.
    pub fn new(id: ItemId, title: String, priorities: Vec<ItemId>) -> ProjectRecord {
        ProjectRecord {
            id,
            title,
            short_title: None,
            programme: None,
            priorities,
            lead: None,
            department: None,
            starts: None,
            ends: None,
        }
    }

    /// As the report's item column prints it: "Delivering our priority projects – Riverside
    /// Market", or its programme's name before it.
    pub fn described(&self) -> String {
        let prefix = self
            .programme
            .as_deref()
            .unwrap_or("Delivering our priority projects");
        format!("{prefix} \u{2013} {}", self.title)
    }

    /// The name the front section's lists use.
    pub fn short(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }
}

/// A project's update for one quarter, as its lead gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectUpdate {
    /// The project.
    pub project: ItemId,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Where it is in its life.
    #[serde(default)]
    pub stage: Stage,
    /// Time: on schedule within tolerance, for an active project.
    #[serde(default)]
    pub time: Option<Tolerance>,
    /// Cost: within budget tolerance.
    #[serde(default)]
    pub cost: Option<Tolerance>,
    /// Scope: delivering what was agreed.
    #[serde(default)]
    pub scope: Option<Tolerance>,
    /// Benefits: on course to realise them.
    #[serde(default)]
    pub benefits: Option<Tolerance>,
    /// A RAG set by hand in place of the criteria's.
    #[serde(default)]
    pub rag_override: Option<ProjectRag>,
    /// Why: needed with an override, and for a project not assessed.
    #[serde(default)]
    pub reason: Option<String>,
    /// The Delivery Confidence Assessment, if given.
    #[serde(default)]
    pub dca: Option<ProjectRag>,
    /// Progress this quarter: the supporting information.
    #[serde(default)]
    pub commentary: Option<String>,
}

/// A project's position as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// Rated: by its criteria, or by hand (`overridden`).
    Rated {
        /// The RAG.
        rag: ProjectRag,
        /// Whether it was set by hand, in place of the criteria's.
        overridden: bool,
    },
    /// Not started.
    PreStart,
    /// Closed.
    Completed,
    /// "N/A", and why.
    NotAssessed(String),
}

impl Position {
    /// As the report's position column prints it.
    pub fn label(&self) -> &str {
        match self {
            Position::Rated { rag, .. } => rag.label(),
            Position::PreStart => "Pre-start",
            Position::Completed => "Completed",
            Position::NotAssessed(_) => "N/A",
        }
    }

    /// The RAG, where rated.
    pub fn rag(&self) -> Option<ProjectRag> {
        match self {
            Position::Rated { rag, .. } => Some(*rag),
            _ => None,
        }
    }
}

/// Why an assessment cannot give a position.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProjectError {
    /// An active project without its criteria.
    #[error(
        "{0}: an active project needs each criterion (time, cost, scope, benefits) marked within tolerance or not"
    )]
    NoCriteria(String),
    /// A RAG set by hand without a reason.
    #[error("{0}: a RAG set by hand ({1}) needs the reason for it")]
    OverrideWithoutReason(String, &'static str),
    /// A project not assessed, without saying why.
    #[error("{0}: a project not assessed this quarter (N/A) needs the reason")]
    NotAssessedWithoutReason(String),
    /// A RAG for a project that is not rated.
    #[error("{0}: a {1} project is not rated, so it takes no criteria and no RAG")]
    RatedButNotActive(String, &'static str),
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl ProjectUpdate {
    /// An update with only its stage.
    pub fn new(project: ItemId, quarter: FinancialQuarter, stage: Stage) -> ProjectUpdate {
        ProjectUpdate {
            project,
            quarter,
            stage,
            time: None,
            cost: None,
            scope: None,
            benefits: None,
            rag_override: None,
            reason: None,
            dca: None,
            commentary: None,
        }
    }

    /// The four criteria, when each is marked.
    pub fn criteria(&self) -> Option<Criteria> {
        let within = |t: Option<Tolerance>| t.map(|t| t == Tolerance::Within);
        Some(Criteria {
            time: within(self.time)?,
            cost: within(self.cost)?,
            scope: within(self.scope)?,
            benefits: within(self.benefits)?,
        })
    }

    /// Sets the four criteria.
    pub fn set_criteria(&mut self, criteria: Criteria) {
        let tolerance = |within| {
            Some(if within {
                Tolerance::Within
            } else {
                Tolerance::Outside
            })
        };
        self.time = tolerance(criteria.time);
        self.cost = tolerance(criteria.cost);
        self.scope = tolerance(criteria.scope);
        self.benefits = tolerance(criteria.benefits);
    }

    /// The position the update gives, or why it gives none.
    pub fn position(&self) -> Result<Position, ProjectError> {
        let name = || format!("{} {}", self.project, self.quarter);
        let marked = [self.time, self.cost, self.scope, self.benefits]
            .iter()
            .any(Option::is_some);
        let rated = marked || self.rag_override.is_some();
        match self.stage {
            Stage::Active => {
                if let Some(rag) = self.rag_override {
                    return match given(&self.reason) {
                        Some(_) => Ok(Position::Rated {
                            rag,
                            overridden: true,
                        }),
                        None => Err(ProjectError::OverrideWithoutReason(name(), rag.label())),
                    };
                }
                let criteria = self
                    .criteria()
                    .ok_or_else(|| ProjectError::NoCriteria(name()))?;
                Ok(Position::Rated {
                    rag: criteria.rag(),
                    overridden: false,
                })
            }
            Stage::PreStart if rated => Err(ProjectError::RatedButNotActive(name(), "pre-start")),
            Stage::Completed if rated => Err(ProjectError::RatedButNotActive(name(), "completed")),
            Stage::PreStart => Ok(Position::PreStart),
            Stage::Completed => Ok(Position::Completed),
            Stage::NotAssessed => match given(&self.reason) {
                Some(reason) => Ok(Position::NotAssessed(reason.to_owned())),
                None => Err(ProjectError::NotAssessedWithoutReason(name())),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria(outside: usize) -> Criteria {
        Criteria {
            time: outside < 1,
            cost: outside < 2,
            scope: outside < 3,
            benefits: outside < 4,
        }
    }

    fn assessment(stage: Stage) -> ProjectUpdate {
        ProjectUpdate::new(
            ItemId::new("PP1").unwrap(),
            "2021-22-Q1".parse().unwrap(),
            stage,
        )
    }

    #[test]
    fn the_rag_follows_how_many_criteria_miss_tolerance() {
        let rags: Vec<ProjectRag> = (0..=4).map(|n| criteria(n).rag()).collect();
        assert_eq!(
            rags,
            [
                ProjectRag::Green,
                ProjectRag::AmberGreen,
                ProjectRag::AmberRed,
                ProjectRag::AmberRed,
                ProjectRag::Red
            ]
        );
        assert_eq!(criteria(2).outside(), ["time", "cost"]);
    }

    #[test]
    fn an_override_needs_a_reason_and_wins() {
        let mut a = assessment(Stage::Active);
        a.set_criteria(criteria(0));
        assert_eq!(a.position().unwrap().rag(), Some(ProjectRag::Green));
        a.rag_override = Some(ProjectRag::AmberGreen);
        assert!(matches!(
            a.position(),
            Err(ProjectError::OverrideWithoutReason(_, "Amber / Green"))
        ));
        a.reason = Some("  ".into());
        assert!(a.position().is_err(), "a blank reason is no reason");
        a.reason = Some("Funding decision awaited".into());
        assert_eq!(
            a.position().unwrap(),
            Position::Rated {
                rag: ProjectRag::AmberGreen,
                overridden: true
            }
        );
    }

    #[test]
    fn unrated_stages_take_no_rag_and_n_a_needs_a_reason() {
        assert_eq!(
            assessment(Stage::PreStart).position().unwrap().label(),
            "Pre-start"
        );
        assert_eq!(
            assessment(Stage::Completed).position().unwrap().label(),
            "Completed"
        );
        let mut closed = assessment(Stage::Completed);
        closed.set_criteria(criteria(0));
        assert!(closed.position().is_err());
        let mut na = assessment(Stage::NotAssessed);
        assert!(na.position().is_err());
        na.reason = Some("Update at the end of quarter 2".into());
        assert_eq!(
            na.position().unwrap(),
            Position::NotAssessed("Update at the end of quarter 2".into())
        );
        assert!(matches!(
            assessment(Stage::Active).position(),
            Err(ProjectError::NoCriteria(_))
        ));
    }

    #[test]
    fn levels_are_read_as_people_write_them() {
        for text in ["Amber / Red", "amber/red", "AMBER_RED", "Amber-Red"] {
            assert_eq!(
                ProjectRag::parse(text),
                Some(ProjectRag::AmberRed),
                "{text}"
            );
        }
        assert_eq!(ProjectRag::parse("Amber"), None);
        assert_eq!(ProjectRag::Red.quoted(), "red");
    }
}
