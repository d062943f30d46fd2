//! Checking the deliverables and their quarterly updates.

use std::collections::{HashMap, HashSet};

use ragbook_core::dataset::{DeliverableRecord, DeliverableUpdate};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::plan::ItemId;

use super::{Parser, key_area_cell, life_cells, portfolio_cell, rating_cell};
use crate::table::Table;

impl Parser<'_> {
    pub(super) fn deliverables(&mut self, table: &Table) {
        let bottom = self.bottom_priorities();
        let mut seen = HashMap::new();
        let records = self.records("deliverables", table, |cells, parser| {
            let id = cells.id("id");
            if let Some(id) = &id {
                parser.unique(&mut seen, id.clone(), cells, "id");
            }
            let title = cells.required("title").map(str::to_owned);
            let priorities = parser.priority_list(cells, "priorities", &bottom, true);
            let start = cells.date("start");
            let expected = cells.date("expected_completion");
            let original = cells.date("original_completion");
            let held = parser
                .context
                .existing
                .deliverables
                .iter()
                .find(|d| Some(&d.id) == id.as_ref())
                .map(|d| d.portfolio.clone());
            let portfolio = portfolio_cell(cells, held)?;
            let (starts, ends) = life_cells(cells)?;
            let mut record = DeliverableRecord::new(id?, title?, priorities?);
            record.starts = starts;
            record.ends = ends;
            record.portfolio = portfolio;
            record.start = start.ok()?;
            record.expected_completion = expected.ok()?;
            record.original_completion = original.ok()?;
            Some(record)
        });
        self.dataset.deliverables = records;
    }

    pub(super) fn deliverable_updates(&mut self, table: &Table) {
        let known: HashSet<ItemId> = super::ids_of(
            &self.context.existing.deliverables,
            &self.dataset.deliverables,
        );
        let scheme = self.context.deliverable_scheme;
        let mut seen = HashMap::new();
        let existing = self.context.existing;
        let held: HashMap<(&str, FinancialQuarter), &DeliverableUpdate> = existing
            .deliverable_updates
            .iter()
            .map(|u| ((u.deliverable.as_str(), u.quarter), u))
            .collect();
        let records = self.rows("deliverable_updates", table, |cells, parser| {
            let deliverable = cells.id("deliverable");
            if let Some(id) = &deliverable
                && !known.contains(id)
            {
                cells.fail(
                    "deliverable",
                    format!("{id} is not a deliverable (see the deliverables table)"),
                );
            }
            let quarter = cells.quarter();
            if let (Some(id), Some(quarter)) = (&deliverable, quarter) {
                parser.unique(&mut seen, format!("{id} {quarter}"), cells, "quarter");
            }
            let rating = rating_cell(cells, scheme);
            let completed = cells.date("completed");
            let expected = cells.date("expected_completion");
            let key_area = key_area_cell(cells);
            let mut update = DeliverableUpdate::new(deliverable?, quarter?);
            update.key_area = key_area.ok()?;
            update.rating = rating;
            update.commentary = cells.optional("commentary");
            update.issue = cells.optional("issue");
            update.response = cells.optional("response");
            update.completed = completed.ok()?;
            update.expected_completion = expected.ok()?;
            // Columns the file leaves out keep what is held.
            if let Some(held) = held.get(&(update.deliverable.as_str(), update.quarter)) {
                let keep = |column: &str| !cells.has(column);
                if keep("rating") {
                    update.rating = held.rating.clone();
                }
                if keep("commentary") {
                    update.commentary = held.commentary.clone();
                }
                if keep("issue") {
                    update.issue = held.issue.clone();
                }
                if keep("response") {
                    update.response = held.response.clone();
                }
                if keep("completed") {
                    update.completed = held.completed;
                }
                if keep("expected_completion") {
                    update.expected_completion = held.expected_completion;
                }
                if keep("key_area") {
                    update.key_area = held.key_area;
                }
            }
            Some(update)
        });
        self.dataset.deliverable_updates = records;
    }
}
