//! The rows of the city plan's tables: projects, risks and their updates. Most columns are the
//! records' fields; a risk's scores are written beside its levels so that a spreadsheet shows
//! them.

use ragbook_core::dataset::Dataset;

use super::{ids, life, records};
use crate::package::definition::TableDef;

/// The rows of a city table.
pub(super) fn rows(definition: &TableDef, dataset: &Dataset) -> Vec<Vec<String>> {
    match definition.name {
        "projects" => records(definition, &dataset.projects, |p| {
            vec![
                p.id.to_string(),
                p.title.clone(),
                ids(&p.priorities),
                life(p.starts),
                life(p.ends),
            ]
        }),
        "project_updates" => records(definition, &dataset.project_updates, |u| {
            vec![u.project.to_string(), u.quarter.to_string()]
        }),
        "risks" => records(definition, &dataset.risks, |r| {
            vec![
                r.id.to_string(),
                r.title.clone(),
                ids(&r.priorities),
                life(r.starts),
                life(r.ends),
            ]
        }),
        "risk_updates" => records(definition, &dataset.risk_updates, |u| {
            let score = |l: Option<u8>, i: Option<u8>| match (l, i) {
                (Some(l), Some(i)) => (u16::from(l) * u16::from(i)).to_string(),
                _ => String::new(),
            };
            vec![
                u.risk.to_string(),
                u.quarter.to_string(),
                score(u.likelihood, u.impact),
                score(u.opportunity_likelihood, u.opportunity_impact),
            ]
        }),
        _ => Vec::new(),
    }
}
