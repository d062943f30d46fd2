//! The supporting notes: each key printed from the configuration that rates by it, so the key
//! a reader sees is the one the ratings came from.

use ragbook_core::city::project::ProjectRag;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use serde::Serialize;

use super::project_shown;
use crate::model::{Shown, shown};

/// A key: a title and, for each level, how it is shown and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct KeyTable {
    /// "Milestones".
    pub title: String,
    /// What the key is for.
    pub lead: String,
    /// (shown, meaning); a level with no colour has none.
    pub rows: Vec<(Option<Shown>, String, String)>,
}

const PROJECT_MEANINGS: [&str; 4] = [
    "All criteria (time, cost, scope and benefits) are within tolerance.",
    "One criterion may miss its tolerance.",
    "Two or three criteria are outside tolerance.",
    "All four criteria are outside tolerance: the project cannot be delivered without further significant intervention.",
];

/// The keys of milestones, measures, projects and risks.
pub(super) fn keys(book: &Rulebook, settings: &Settings) -> Vec<KeyTable> {
    let quarter = "2000-01-Q1"
        .parse()
        .unwrap_or_else(|_| unreachable!("a valid quarter"));
    let scheme_key = |scheme: &ragbook_core::rating::Scheme, title: &str, lead: &str| KeyTable {
        title: title.to_owned(),
        lead: lead.to_owned(),
        rows: scheme
            .ratings()
            .map(|r| {
                let category = scheme.category(r);
                (
                    category.is_rated().then(|| shown(scheme, r, None, quarter)),
                    category.label.clone(),
                    category.description.clone(),
                )
            })
            .collect(),
    };
    let names = &settings.names;
    let rules = book.rules();
    let mut keys = vec![
        scheme_key(
            rules.deliverables,
            &format!("{}s", names.deliverable),
            "Set by the officer leading each one, as at the end of the quarter.",
        ),
        scheme_key(
            rules.measures.scheme(),
            &format!("{}s", names.measure),
            "Worked out from the figure and its target. A measure with no target has no colour.",
        ),
    ];
    let mut projects: Vec<(Option<Shown>, String, String)> = ProjectRag::ALL
        .iter()
        .zip(PROJECT_MEANINGS)
        .map(|(rag, meaning)| {
            (
                Some(project_shown(*rag)),
                rag.label().to_owned(),
                meaning.to_owned(),
            )
        })
        .collect();
    projects.push((
        None,
        "Pre-start / Completed".into(),
        "Not yet started, or closed: not rated.".into(),
    ));
    projects.push((
        None,
        "N/A".into(),
        "Not assessed this quarter; the reason is given.".into(),
    ));
    keys.push(KeyTable {
        title: format!("{}s", names.project),
        lead: "The RAG follows from the four criteria; a RAG set by the project board says why. The Delivery Confidence Assessment (DCA) is a separate judgement of future delivery on the same scale.".into(),
        rows: projects,
    });
    for matrix in [&settings.risks.threats, &settings.risks.opportunities] {
        let size = matrix.size();
        let rows = (0..size)
            .map(|level| {
                (
                    None,
                    format!("Level {}", level + 1),
                    format!(
                        "Likelihood: {}. Impact: {}.",
                        matrix.likelihood[level], matrix.impact[level]
                    ),
                )
            })
            .collect();
        keys.push(KeyTable {
            title: format!(
                "{}s: {} scores",
                names.risk,
                match matrix.kind {
                    ragbook_core::city::risk::RiskKind::Threat => "threat",
                    ragbook_core::city::risk::RiskKind::Opportunity => "opportunity",
                }
            ),
            lead: format!("Score = likelihood x impact, each 1 to {size}."),
            rows,
        });
    }
    keys
}
