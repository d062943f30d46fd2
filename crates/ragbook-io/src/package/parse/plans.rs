//! Checking the plans (one after another, never overlapping), the plan each priority belongs
//! to, and when an item starts and ends.

use std::str::FromStr;

use ragbook_core::dataset::{PlanHeader, PriorityRename};
use ragbook_core::period::{FinancialQuarter, FinancialYear};
use ragbook_core::plan::ItemId;

use super::{Cells, Parser};
use crate::table::Table;

impl Parser<'_> {
    pub(super) fn plans(&mut self, table: &Table) {
        let mut seen = std::collections::HashMap::new();
        let existing = self.context.existing;
        let mut read: Vec<PlanHeader> = Vec::new();
        let records = self.rows("plan", table, |cells, parser| {
            let id = cells.id("id");
            if let Some(id) = &id {
                parser.unique(&mut seen, id.clone(), cells, "id");
            }
            let title = cells.required("title").map(str::to_owned);
            let first = cells
                .parsed("first_year", FinancialYear::from_str)
                .ok()
                .flatten();
            let last = cells
                .parsed("last_year", FinancialYear::from_str)
                .ok()
                .flatten();
            for (column, year) in [("first_year", &first), ("last_year", &last)] {
                if year.is_none() && cells.text(column).is_empty() {
                    cells.fail(column, "this column must be filled in".into());
                }
            }
            let (first, last) = (first?, last?);
            if last < first {
                cells.fail(
                    "last_year",
                    format!("the plan ends ({last}) before it starts ({first})"),
                );
            }
            let plan = PlanHeader {
                id: id?,
                title: title?,
                first_year: first,
                last_year: last,
            };
            // A plan follows another; two plans never cover the same year. The one held under
            // the same id is this plan as it was.
            let others = existing.plans.iter().chain(&read);
            if let Some(other) = others
                .filter(|o| o.id != plan.id)
                .find(|o| o.first_year <= plan.last_year && plan.first_year <= o.last_year)
            {
                cells.fail(
                    "first_year",
                    format!(
                        "{} ({} to {}) overlaps {} ({}, {} to {}): a plan follows another, so give it years after {}",
                        plan.title,
                        plan.first_year,
                        plan.last_year,
                        other.title,
                        other.id,
                        other.first_year,
                        other.last_year,
                        other.last_year
                    ),
                );
            }
            read.push(plan.clone());
            Some(plan)
        });
        self.dataset.plans = records;
    }

    pub(super) fn priority_renames(&mut self, table: &Table) {
        let known = self.priority_ids();
        let mut seen = std::collections::HashMap::new();
        let records = self.records("priority_renames", table, |cells, parser| {
            let priority = super::rollups::priority_cell(cells, &known);
            let from = cells
                .parsed("from", FinancialQuarter::from_str)
                .ok()
                .flatten();
            if from.is_none() && cells.text("from").is_empty() {
                cells.fail("from", "this column must be filled in".into());
            }
            let (priority, from) = (priority?, from?);
            parser.unique(&mut seen, format!("{priority} from {from}"), cells, "from");
            // The title is a field: set from its cell.
            Some(PriorityRename {
                priority,
                from,
                title: String::new(),
                short_title: None,
            })
        });
        self.dataset.priority_renames = records;
    }

    /// The plan column of priorities: an id of a plan held or in the package. Blank is the
    /// package's own plan when it brings one plan that follows the first, otherwise none (the
    /// first plan).
    pub(super) fn plan_cell(&self, cells: &mut Cells<'_>) -> Option<Option<ItemId>> {
        let known = || {
            self.context
                .existing
                .plans
                .iter()
                .chain(&self.dataset.plans)
        };
        if cells.text("plan").is_empty() {
            let first = known().min_by_key(|p| p.first_year).map(|p| &p.id);
            return Some(match self.dataset.plans.as_slice() {
                [own] if Some(&own.id) != first => Some(own.id.clone()),
                _ => None,
            });
        }
        let id = cells.id("plan")?;
        if known().any(|p| p.id == id) {
            Some(Some(id))
        } else {
            let ids: Vec<String> = known().map(|p| p.id.to_string()).collect();
            cells.fail(
                "plan",
                format!(
                    "{id} is not a plan; the plans are {} (see the plan table)",
                    ids.join(", ")
                ),
            );
            None
        }
    }
}

/// A starts or ends cell: a quarter, or a financial year (its first quarter for a start, its
/// last for an end); blank for none.
fn life_cell(
    cells: &mut Cells<'_>,
    column: &str,
    last: bool,
) -> Result<Option<FinancialQuarter>, ()> {
    let text = cells.text(column);
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(quarter) = FinancialQuarter::from_str(text) {
        return Ok(Some(quarter));
    }
    match FinancialYear::from_str(text) {
        Ok(year) => Ok(Some(year.quarters()[if last { 3 } else { 0 }])),
        Err(_) => {
            cells.fail(
                column,
                format!(
                    "expected a quarter (2026-27-Q2) or a financial year (2026-27), found {text:?}"
                ),
            );
            Err(())
        }
    }
}

/// The starts and ends columns of a priority, deliverable or key measure.
pub(super) fn life_cells(
    cells: &mut Cells<'_>,
) -> Option<(Option<FinancialQuarter>, Option<FinancialQuarter>)> {
    let starts = life_cell(cells, "starts", false);
    let ends = life_cell(cells, "ends", true);
    let (starts, ends) = (starts.ok()?, ends.ok()?);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        cells.fail("ends", format!("it ends ({e}) before it starts ({s})"));
        return None;
    }
    Some((starts, ends))
}
