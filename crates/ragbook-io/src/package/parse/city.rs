//! Checking the city plan's projects and risks and their quarterly updates: each update names
//! a project or risk held or in the package, a project's update gives a position (criteria, or
//! a RAG set by hand with its reason), and a risk's levels are on the council's matrices, with
//! any score typed beside them equal to their product.

use std::collections::{HashMap, HashSet};

use ragbook_core::city::project::ProjectError;
use ragbook_core::city::register::AssessmentError;
use ragbook_core::city::risk::RiskError;
use ragbook_core::city::{ProjectRecord, ProjectUpdate, RiskRecord, RiskUpdate};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::plan::ItemId;

use super::{Cells, Parser, life_cells};
use crate::table::Table;

impl Parser<'_> {
    /// The id, title, priorities and life of a project or risk row.
    fn item_cells(
        &self,
        cells: &mut Cells<'_>,
        seen: &mut HashMap<ItemId, u64>,
        bottom: &super::BottomPriorities,
    ) -> Option<(ItemId, String, Vec<ItemId>, Life)> {
        let id = cells.id("id");
        if let Some(id) = &id {
            let row = cells.row.number;
            if let Some(first) = seen.get(id) {
                cells.fail(
                    "id",
                    format!("{id} is already on row {first}; each appears once"),
                );
            } else {
                seen.insert(id.clone(), row);
            }
        }
        let title = cells.required("title").map(str::to_owned);
        let priorities = self.priority_list(cells, "priorities", bottom, true);
        let life = life_cells(cells)?;
        Some((id?, title?, priorities?, life))
    }

    pub(super) fn projects(&mut self, table: &Table) {
        let bottom = self.bottom_priorities();
        let mut seen = HashMap::new();
        self.dataset.projects = self.records("projects", table, |cells, parser| {
            let (id, title, priorities, (starts, ends)) =
                parser.item_cells(cells, &mut seen, &bottom)?;
            let mut record = ProjectRecord::new(id, title, priorities);
            record.starts = starts;
            record.ends = ends;
            Some(record)
        });
    }

    pub(super) fn risks(&mut self, table: &Table) {
        let bottom = self.bottom_priorities();
        let mut seen = HashMap::new();
        self.dataset.risks = self.records("risks", table, |cells, parser| {
            let (id, title, priorities, (starts, ends)) =
                parser.item_cells(cells, &mut seen, &bottom)?;
            let mut record = RiskRecord::new(id, title, priorities);
            record.starts = starts;
            record.ends = ends;
            Some(record)
        });
    }

    /// The item and quarter of an update row: an item held or in the package, once a quarter.
    pub(super) fn update_key(
        cells: &mut Cells<'_>,
        column: &str,
        known: &HashSet<ItemId>,
        table: &str,
        seen: &mut HashMap<String, u64>,
    ) -> Option<(ItemId, FinancialQuarter)> {
        let id = cells.id(column);
        if let Some(id) = &id
            && !known.contains(id)
        {
            cells.fail(column, format!("{id} is not in the {table} table"));
        }
        let quarter = cells.quarter();
        let (id, quarter) = (id?, quarter?);
        let key = format!("{id} {quarter}");
        let row = cells.row.number;
        if let Some(first) = seen.get(&key) {
            cells.fail(
                "quarter",
                format!("{key} is already on row {first}; each appears once"),
            );
            return None;
        }
        seen.insert(key, row);
        Some((id, quarter))
    }

    pub(super) fn project_updates(&mut self, table: &Table) {
        let known: HashSet<ItemId> =
            super::ids_of(&self.context.existing.projects, &self.dataset.projects);
        let mut seen = HashMap::new();
        self.dataset.project_updates = self.rows("project_updates", table, |cells, _| {
            let key = Self::update_key(cells, "project", &known, "projects", &mut seen);
            let update = cells.fields(
                key.map(|(id, quarter)| ProjectUpdate::new(id, quarter, Default::default())),
            )?;
            if let Err(error) = update.position() {
                let column = match error {
                    ProjectError::NoCriteria(_) => "time",
                    ProjectError::OverrideWithoutReason(..)
                    | ProjectError::NotAssessedWithoutReason(_) => "reason",
                    ProjectError::RatedButNotActive(..) => "stage",
                };
                cells.fail(column, error.to_string());
                return None;
            }
            Some(update)
        });
    }

    pub(super) fn risk_updates(&mut self, table: &Table) {
        let known: HashSet<ItemId> =
            super::ids_of(&self.context.existing.risks, &self.dataset.risks);
        let matrices = &self.context.settings.risks;
        let mut seen = HashMap::new();
        let held = self.context.existing;
        self.dataset.risk_updates = self.rows("risk_updates", table, |cells, _| {
            let key = Self::update_key(cells, "risk", &known, "risks", &mut seen);
            // Columns the file leaves out keep what is held.
            let update = cells.fields(key.map(|(id, quarter)| {
                held.risk_updates
                    .iter()
                    .find(|u| u.risk == id && u.quarter == quarter)
                    .cloned()
                    .unwrap_or_else(|| RiskUpdate::new(id, quarter))
            }))?;
            let typed = [
                typed_score(cells, "score", update.likelihood, update.impact),
                typed_score(
                    cells,
                    "opportunity_score",
                    update.opportunity_likelihood,
                    update.opportunity_impact,
                ),
            ];
            if let Err(error) = matrices.check(&update) {
                let column = match &error {
                    AssessmentError::Matrix(RiskError::Level { what, .. })
                        if update.likelihood.is_some() || update.impact.is_some() =>
                    {
                        what
                    }
                    AssessmentError::Matrix(RiskError::Level { what, .. }) => {
                        if *what == "likelihood" {
                            "opportunity_likelihood"
                        } else {
                            "opportunity_impact"
                        }
                    }
                    AssessmentError::Target { .. } => "target_score",
                    _ => "likelihood",
                };
                cells.fail(column, error.to_string());
                return None;
            }
            typed.iter().all(|ok| *ok).then_some(update)
        });
    }
}

/// A project or risk's first and last quarters.
type Life = (Option<FinancialQuarter>, Option<FinancialQuarter>);

/// A score typed beside its levels must be their product; says so on the score's column.
fn typed_score(
    cells: &mut Cells<'_>,
    column: &str,
    likelihood: Option<u8>,
    impact: Option<u8>,
) -> bool {
    let text = cells.text(column);
    if text.is_empty() {
        return true;
    }
    let given: Option<u8> = text.parse().ok();
    let message = match (likelihood, impact) {
        (Some(likelihood), Some(impact)) if given == Some(likelihood * impact) => return true,
        (Some(likelihood), Some(impact)) => RiskError::NotTheProduct {
            given: given.unwrap_or(0),
            likelihood,
            impact,
            product: likelihood * impact,
        }
        .to_string(),
        _ => format!(
            "a score of {text} is given without both its likelihood and its impact: the score is their product"
        ),
    };
    cells.fail(column, message);
    false
}
