//! Checking a package's tables cell by cell and row by row, into records. Every problem is
//! collected (file, sheet, row, column, what was found, what was expected) before anything is
//! returned; references may point to records already held (`existing`), so a package can
//! update a plan as well as load one.

use std::collections::{HashMap, HashSet};

use ragbook_core::dataset::{Dataset, PriorityRecord};
use ragbook_core::limits;
use ragbook_core::plan::{ItemId, Organisation};
use ragbook_core::rating::Scheme;
use ragbook_core::settings::Settings;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::definition::{Kind, TableDef, table};
use super::sources::RawPackage;
use crate::problem::{Location, Problem, Problems};
use crate::table::Table;
use cells::{Cells, ColumnIndex, key_area_cell, portfolio_cell, rating_cell};
use plans::life_cells;
use priorities::BottomPriorities;

mod capital;
mod cells;
mod city;
mod deliverables;
mod finance;
mod measures;
mod plans;
mod priorities;
mod procurement;
mod rollups;
mod service;

/// Problems collected before checking stops: enough to see what is wrong, few enough to read.
pub const MAX_PROBLEMS: usize = 1_000;

/// What a package is checked against: the organisation's settings, its deliverable vocabulary
/// and the records already held.
pub struct Context<'a> {
    /// Settings in force (the package's own, or those held).
    pub settings: &'a Settings,
    /// The vocabulary deliverable ratings come from.
    pub deliverable_scheme: &'a Scheme,
    /// The key measures are rated by (a rating set by hand is one of its categories).
    pub measure_scheme: &'a Scheme,
    /// Records already held.
    pub existing: &'a Dataset,
}

/// Checks every table of `raw` and returns its records, or every problem found.
pub fn parse(raw: &RawPackage, context: &Context<'_>) -> Result<Dataset, Problems> {
    let mut parser = Parser {
        context,
        problems: Vec::new(),
        dataset: Dataset::default(),
    };
    let tables: HashMap<&str, &Table> = raw
        .tables
        .iter()
        .map(|(name, table)| (*name, table))
        .collect();
    let get = |name: &str| tables.get(name).copied();
    for (name, table) in &raw.tables {
        parser.text_limits(name, table);
    }
    if let Some(table) = get("organisation") {
        parser.organisation(table);
    }
    if let Some(table) = get("plan") {
        parser.plans(table);
    }
    if context.existing.organisation.is_none() && parser.dataset.organisation.is_none() {
        parser.package_problem(
            "organisation",
            "a first import needs the organisation table (one row: id, name)",
        );
    }
    if context.existing.plans.is_empty() && parser.dataset.plans.is_empty() {
        parser.package_problem(
            "plan",
            "a first import needs the plan table (one row: id, title, first_year, last_year)",
        );
    }
    if let Some(table) = get("priorities") {
        parser.priorities(table);
    }
    if let Some(table) = get("priority_renames") {
        parser.priority_renames(table);
    }
    if let Some(table) = get("deliverables") {
        parser.deliverables(table);
    }
    if let Some(table) = get("deliverable_updates") {
        parser.deliverable_updates(table);
    }
    if let Some(table) = get("measures") {
        parser.measures(table);
    }
    if let Some(table) = get("measure_values") {
        parser.measure_values(table);
    }
    if let Some(table) = get("targets") {
        parser.targets(table);
    }
    if let Some(table) = get("measure_updates") {
        parser.measure_updates(table);
    }
    if let Some(table) = get("benchmarks") {
        parser.benchmarks(table);
    }
    if let Some(table) = get("headline_initiatives") {
        parser.headline_initiatives(table);
    }
    if let Some(table) = get("published_rollups") {
        parser.published_rollups(table);
    }
    if let Some(table) = get("projects") {
        parser.projects(table);
    }
    if let Some(table) = get("project_updates") {
        parser.project_updates(table);
    }
    if let Some(table) = get("risks") {
        parser.risks(table);
    }
    if let Some(table) = get("risk_updates") {
        parser.risk_updates(table);
    }
    if let Some(table) = get("service_plans") {
        parser.service_plans(table);
    }
    if let Some(table) = get("actions") {
        parser.actions(table);
    }
    if let Some(table) = get("service_budgets") {
        parser.service_budgets(table);
    }
    if let Some(table) = get("planned_savings") {
        parser.planned_savings(table);
    }
    if let Some(table) = get("department_risks") {
        parser.department_risks(table);
    }
    if let Some(table) = get("procurements") {
        parser.procurements(table);
    }
    if let Some(table) = get("vehicles") {
        parser.vehicles(table);
    }
    if let Some(table) = get("service_targets") {
        parser.service_targets(table);
    }
    if let Some(table) = get("capital_schemes") {
        parser.capital_schemes(table);
    }
    if let Some(table) = get("capital_funding") {
        parser.capital_funding(table);
    }
    if let Some(table) = get("action_updates") {
        parser.action_updates(table);
    }
    finance::finance(&mut parser, get);
    if parser.problems.is_empty() {
        Ok(parser.dataset)
    } else {
        Err(Problems(parser.problems))
    }
}

struct Parser<'a> {
    context: &'a Context<'a>,
    problems: Vec<Problem>,
    dataset: Dataset,
}

impl Parser<'_> {
    /// Refuses text longer than its kind of column allows (`ragbook_core::limits`), so that
    /// nothing imported is later cut short in a report.
    fn text_limits(&mut self, name: &str, rows: &Table) {
        let Some(definition) = table(name) else {
            return;
        };
        let limits: Vec<(usize, usize)> = rows
            .headers
            .iter()
            .enumerate()
            .filter_map(|(i, heading)| {
                let limit = match definition.column(heading)?.kind {
                    Kind::Text => limits::LINE_MAX_CHARS,
                    Kind::LongText => limits::PARAGRAPHS_MAX_CHARS,
                    _ => return None,
                };
                Some((i, limit))
            })
            .collect();
        for row in &rows.rows {
            for &(i, limit) in &limits {
                if let Some(message) = row.cells.get(i).and_then(|c| limits::too_long(c, limit)) {
                    self.problems.push(Problem {
                        location: rows.location(row, i),
                        message: format!("this text {message}"),
                    });
                }
            }
        }
    }
}

impl<'a> Parser<'a> {
    fn package_problem(&mut self, table: &str, message: &str) {
        self.problems.push(Problem {
            location: Location {
                file: "the package".into(),
                sheet: Some(table.into()),
                row: None,
                column: None,
            },
            message: message.into(),
        });
    }

    /// Checks the table's headings against its definition: required columns present, no unknown
    /// columns (those starting with '#' are notes and ignored). Returns column positions.
    fn columns(&mut self, definition: &TableDef, table: &Table) -> Option<ColumnIndex> {
        let mut index = ColumnIndex(Vec::new());
        let mut ok = true;
        for (position, heading) in table.headers.iter().enumerate() {
            if heading.starts_with('#') {
                continue;
            }
            match definition
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(heading))
            {
                Some(column) => {
                    index.0.push((column.name, position));
                }
                None => {
                    ok = false;
                    let names: Vec<&str> = definition.columns.iter().map(|c| c.name).collect();
                    self.problems.push(Problem {
                        location: Location {
                            file: table.file.clone(),
                            sheet: table.sheet.clone(),
                            row: Some(1),
                            column: Some(heading.clone()),
                        },
                        message: format!(
                            "{} has no column {heading:?}; its columns are {} (start a heading with # for your own notes)",
                            definition.name,
                            names.join(", ")
                        ),
                    });
                }
            }
        }
        let missing: Vec<&str> = definition
            .columns
            .iter()
            .filter(|c| c.required && index.get(c.name).is_none())
            .map(|c| c.name)
            .collect();
        if !missing.is_empty() {
            ok = false;
            self.problems.push(Problem {
                location: Location {
                    file: table.file.clone(),
                    sheet: table.sheet.clone(),
                    row: Some(1),
                    column: None,
                },
                message: format!(
                    "{} needs the column{} {}",
                    definition.name,
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                ),
            });
        }
        // A single-row table may be left empty (the record held stays as it is), not doubled.
        if definition.single_row && table.rows.len() > 1 {
            ok = false;
            self.problems.push(Problem {
                location: Location {
                    file: table.file.clone(),
                    sheet: table.sheet.clone(),
                    row: None,
                    column: None,
                },
                message: format!(
                    "{} has one row below its header; this has {}",
                    definition.name,
                    table.rows.len()
                ),
            });
        }
        ok.then_some(index)
    }

    /// Reads each row with `read`, keeping the records of rows without problems.
    fn rows<T>(
        &mut self,
        name: &str,
        table: &Table,
        mut read: impl FnMut(&mut Cells<'_>, &mut Self) -> Option<T>,
    ) -> Vec<T> {
        let Some(definition) = table_definition(name) else {
            return Vec::new();
        };
        let Some(index) = self.columns(definition, table) else {
            return Vec::new();
        };
        let mut records = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            if self.problems.len() >= MAX_PROBLEMS {
                self.problems.push(Problem {
                    location: table.location(row, 0),
                    message: format!(
                        "stopped checking after {MAX_PROBLEMS} problems; fix these and import again"
                    ),
                });
                break;
            }
            let mut cells = Cells {
                definition,
                table,
                row,
                index: &index,
                problems: Vec::new(),
            };
            let record = read(&mut cells, self);
            if cells.problems.is_empty() {
                records.extend(record);
            } else {
                self.problems.append(&mut cells.problems);
            }
        }
        records
    }

    /// Reads each row of a table of records with `read`, then sets the record's field columns
    /// (see [`Cells::fields`]).
    fn records<T: Serialize + DeserializeOwned>(
        &mut self,
        name: &str,
        table: &Table,
        mut read: impl FnMut(&mut Cells<'_>, &mut Self) -> Option<T>,
    ) -> Vec<T> {
        self.rows(name, table, |cells, parser| {
            let record = read(cells, parser);
            cells.fields(record)
        })
    }

    /// Reports a key used twice in one table, naming both rows.
    fn unique<K: std::hash::Hash + Eq + std::fmt::Display>(
        &mut self,
        seen: &mut HashMap<K, u64>,
        key: K,
        cells: &mut Cells<'_>,
        column: &str,
    ) {
        let row = cells.row.number;
        if let Some(first) = seen.get(&key) {
            cells.fail(
                column,
                format!("{key} is already on row {first}; each appears once"),
            );
        } else {
            seen.insert(key, row);
        }
    }

    fn organisation(&mut self, table: &Table) {
        let records = self.rows("organisation", table, |cells, _| {
            let id = cells.required("id").map(str::to_owned);
            let name = cells.required("name").map(str::to_owned);
            Some(Organisation {
                id: id?,
                name: name?,
            })
        });
        self.dataset.organisation = records.into_iter().next();
    }

    fn priorities(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.records("priorities", table, |cells, parser| {
            let id = cells.id("id")?;
            parser.unique(&mut seen, id.clone(), cells, "id");
            let parent = match cells.text("parent") {
                "" => None,
                text => ItemId::new(text)
                    .map_err(|e| cells.fail("parent", e.to_string()))
                    .ok(),
            };
            let plan = parser.plan_cell(cells);
            let (starts, ends) = life_cells(cells)?;
            let mut record = PriorityRecord::new(id, cells.required("title")?.to_owned());
            record.parent = parent;
            record.plan = plan?;
            record.starts = starts;
            record.ends = ends;
            Some(record)
        });
        // Each id's first row, for problems with the hierarchy.
        let rows: Vec<u64> = records
            .iter()
            .map(|r| seen.get(&r.id).copied().unwrap_or(0))
            .collect();
        self.dataset.priorities = records;
        self.check_hierarchy(table, &rows);
    }

    /// Every priority's level (0 at the top) in the merged hierarchy, or why it has none.
    fn levels(&self) -> HashMap<ItemId, Result<usize, String>> {
        let mut parents: HashMap<&ItemId, Option<&ItemId>> = self
            .context
            .existing
            .priorities
            .iter()
            .map(|p| (&p.id, p.parent.as_ref()))
            .collect();
        for priority in &self.dataset.priorities {
            parents.insert(&priority.id, priority.parent.as_ref());
        }
        parents
            .keys()
            .map(|&id| {
                let mut depth = 0;
                let mut at = id;
                let level = loop {
                    match parents.get(at) {
                        Some(Some(parent)) => {
                            if !parents.contains_key(parent) {
                                break Err(format!("its parent {parent} is not a priority"));
                            }
                            depth += 1;
                            if depth > parents.len() {
                                break Err("its parents go round in a circle".into());
                            }
                            at = parent;
                        }
                        _ => break Ok(depth),
                    }
                };
                (id.clone(), level)
            })
            .collect()
    }

    /// Checks each priority's place in the hierarchy; `rows` are the rows they came from.
    fn check_hierarchy(&mut self, table: &Table, rows: &[u64]) {
        let levels = self.levels();
        let depth = self.context.settings.levels.len();
        let names: Vec<&str> = self
            .context
            .settings
            .levels
            .iter()
            .map(|l| l.singular.as_str())
            .collect();
        for (row, priority) in rows.iter().zip(&self.dataset.priorities) {
            let message = match &levels[&priority.id] {
                Err(message) => Some(message.clone()),
                Ok(level) if *level >= depth => Some(format!(
                    "it sits at level {} but settings.toml names {depth} level{} ({})",
                    level + 1,
                    if depth == 1 { "" } else { "s" },
                    names.join(", ")
                )),
                Ok(_) => None,
            };
            if let Some(message) = message {
                self.problems.push(Problem {
                    location: Location {
                        file: table.file.clone(),
                        sheet: table.sheet.clone(),
                        row: Some(*row),
                        column: Some("parent".into()),
                    },
                    message: format!("priority {}: {message}", priority.id),
                });
            }
        }
    }
}

/// The ids of the records held and of those in the package: what a reference may name.
fn ids_of<T: ragbook_core::dataset::Keyed<Key = ItemId>>(
    held: &[T],
    package: &[T],
) -> HashSet<ItemId> {
    held.iter()
        .chain(package)
        .map(ragbook_core::dataset::Keyed::key)
        .collect()
}

fn table_definition(name: &str) -> Option<&'static TableDef> {
    table(name)
}

/// Whether a kind of column is a closed list (and so gets a dropdown in the template).
pub fn choices(kind: Kind) -> Option<&'static [&'static str]> {
    match kind {
        Kind::Choice(list) => Some(list),
        Kind::Status => Some(super::definition::STATUSES),
        _ => None,
    }
}
