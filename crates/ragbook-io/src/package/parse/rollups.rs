//! Checking the headline initiatives of priorities and the overall ratings a council
//! published.

use std::collections::{HashMap, HashSet};

use ragbook_core::dataset::{HeadlineInitiative, PublishedRollup, RollupOf};
use ragbook_core::plan::ItemId;
use ragbook_core::rating::Scheme;

use super::{Cells, Parser};
use crate::table::Table;

/// The `priority` column: the id of a priority in `known`.
pub(super) fn priority_cell(cells: &mut Cells<'_>, known: &HashSet<ItemId>) -> Option<ItemId> {
    let priority = cells.id("priority")?;
    if known.contains(&priority) {
        Some(priority)
    } else {
        cells.fail(
            "priority",
            format!("{priority} is not a priority (see the priorities table)"),
        );
        None
    }
}

impl Parser<'_> {
    /// Every priority id, held or in the package.
    pub(super) fn priority_ids(&self) -> HashSet<ItemId> {
        super::ids_of(&self.context.existing.priorities, &self.dataset.priorities)
    }

    pub(super) fn headline_initiatives(&mut self, table: &Table) {
        let priorities = self.priority_ids();
        let mut seen = HashMap::new();
        let records = self.rows("headline_initiatives", table, |cells, parser| {
            let id = cells.id("id");
            if let Some(id) = &id {
                parser.unique(&mut seen, id.clone(), cells, "id");
            }
            let priority = priority_cell(cells, &priorities);
            let title = cells.required("title").map(str::to_owned);
            Some(HeadlineInitiative {
                id: id?,
                priority: priority?,
                title: title?,
                description: cells.optional("description"),
            })
        });
        self.dataset.headline_initiatives = records;
    }

    pub(super) fn published_rollups(&mut self, table: &Table) {
        let priorities = self.priority_ids();
        let measure_scheme = Scheme::shipped(&self.context.settings.ratings.measures).ok();
        let deliverable_scheme = self.context.deliverable_scheme;
        let mut seen = HashMap::new();
        let records = self.rows("published_rollups", table, |cells, parser| {
            let priority = priority_cell(cells, &priorities);
            let quarter = cells.quarter();
            let of = cells.choice("of", &RollupOf::ALL, RollupOf::code);
            if let (Some(id), Some(quarter), Some(of)) = (&priority, quarter, of) {
                parser.unique(
                    &mut seen,
                    format!("{id} {quarter} {}", of.code()),
                    cells,
                    "of",
                );
            }
            let scheme = match of {
                Some(RollupOf::Deliverables) => Some(deliverable_scheme),
                Some(RollupOf::Measures) => measure_scheme.as_ref(),
                None => None,
            };
            let text = cells.required("rating");
            let rating = match (text, scheme) {
                (Some(text), Some(scheme)) => match scheme.lookup(text) {
                    Some(rating) if scheme.score(rating).is_some() => {
                        Some(scheme.category(rating).id.clone())
                    }
                    _ => {
                        let labels: Vec<&str> = scheme
                            .rated()
                            .map(|r| scheme.category(r).label.as_str())
                            .collect();
                        cells.fail(
                            "rating",
                            format!(
                                "expected a rating of the {} ({}), found {text:?}",
                                scheme.name,
                                labels.join(", ")
                            ),
                        );
                        None
                    }
                },
                _ => None,
            };
            Some(PublishedRollup {
                priority: priority?,
                quarter: quarter?,
                of: of?,
                rating: rating?,
                source: cells.optional("source"),
            })
        });
        self.dataset.published_rollups = records;
    }
}
