//! Checking service plans, their actions, budgets and savings: every reference held or in the
//! package, dates that exist and a completion not before its start, amounts read in the unit
//! their table declares, income and grants negative (a lost minus sign is named), and a typed
//! TOTAL row equal to the sum of its rows (or the row it leaves out named).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::plan::ItemId;
use ragbook_core::service::budget::{TotalMismatch, check_total};
use ragbook_core::service::{
    ActionRecord, BudgetRowRecord, DepartmentRiskRecord, MoneyUnit, PlanStatus,
    PlannedSavingRecord, ServicePlanRecord, Timing,
};

use super::{Cells, Parser};
use crate::table::Table;

/// An amount as budget tables print it: 1,250; (120) or -120 for a negative; - or blank for
/// nothing; in `unit`, kept in pounds.
fn amount(cells: &mut Cells<'_>, column: &str, unit: MoneyUnit) -> Option<Decimal> {
    let text = cells.text(column).trim().replace([',', '£', ' '], "");
    if text.is_empty() || text == "-" {
        return Some(Decimal::ZERO);
    }
    let (negative, digits) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner.to_owned()),
        None => (false, text.clone()),
    };
    match Decimal::from_str(&digits) {
        Ok(value) => Some(if negative { -value } else { value } * unit.pounds()),
        Err(_) => {
            cells.fail(
                column,
                format!("expected an amount such as 1,250, (120) or -120, found {text:?}"),
            );
            None
        }
    }
}

/// The `year` column: a financial year, required.
pub(super) fn year_cell(cells: &mut Cells<'_>) -> Option<ragbook_core::period::FinancialYear> {
    let text = cells.required("year")?;
    text.parse()
        .map_err(|e: ragbook_core::period::PeriodError| cells.fail("year", e.to_string()))
        .ok()
}

impl Parser<'_> {
    pub(super) fn service_plan_ids(&self) -> HashSet<ItemId> {
        super::ids_of(
            &self.context.existing.service_plans,
            &self.dataset.service_plans,
        )
    }

    pub(super) fn service_plans(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        self.dataset.service_plans = self.records("service_plans", table, |cells, parser| {
            let id = cells.id("id")?;
            parser.unique(&mut seen, id.clone(), cells, "id");
            let year = "2000-01".parse().ok()?;
            Some(ServicePlanRecord {
                id,
                department: String::new(),
                first_year: year,
                last_year: year,
                update_year: None,
                director: None,
                status: PlanStatus::Draft,
            })
        });
        let backwards: Vec<String> = self
            .dataset
            .service_plans
            .iter()
            .filter(|p| p.last_year < p.first_year)
            .map(|p| {
                format!(
                    "{} ends ({}) before it starts ({})",
                    p.id, p.last_year, p.first_year
                )
            })
            .collect();
        for message in backwards {
            self.package_problem("service_plans", &message);
        }
    }

    /// A reference to a row of another table, checked against `known`.
    pub(super) fn reference(
        cells: &mut Cells<'_>,
        column: &str,
        known: &HashSet<ItemId>,
        table: &str,
    ) -> Result<Option<ItemId>, ()> {
        let text = cells.text(column).trim().to_owned();
        if text.is_empty() {
            return Ok(None);
        }
        match ItemId::new(&text) {
            Ok(id) if known.contains(&id) => Ok(Some(id)),
            Ok(id) => {
                cells.fail(column, format!("{id} is not in the {table} table"));
                Err(())
            }
            Err(error) => {
                cells.fail(column, error.to_string());
                Err(())
            }
        }
    }

    pub(super) fn timing(cells: &mut Cells<'_>, column: &str) -> Result<Option<Timing>, ()> {
        let text = cells.text(column).trim().to_owned();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|e: ragbook_core::service::timing::BadTiming| {
                cells.fail(column, e.to_string())
            })
    }

    pub(super) fn actions(&mut self, table: &Table) {
        let plans = self.service_plan_ids();
        let bottom = self.bottom_priorities();
        let deliverables: HashSet<ItemId> = super::ids_of(
            &self.context.existing.deliverables,
            &self.dataset.deliverables,
        );
        let measures: HashSet<ItemId> =
            super::ids_of(&self.context.existing.measures, &self.dataset.measures);
        // A parent is an action held or earlier in the file, of the same plan.
        let mut parents: HashMap<ItemId, ItemId> = self
            .context
            .existing
            .actions
            .iter()
            .map(|a| (a.id.clone(), a.plan.clone()))
            .collect();
        let mut seen = HashMap::new();
        self.dataset.actions = self.records("actions", table, |cells, parser| {
            let id = cells.id("id");
            if let Some(id) = &id {
                parser.unique(&mut seen, id.clone(), cells, "id");
            }
            let plan = Self::reference(cells, "plan", &plans, "service_plans");
            let start = Self::timing(cells, "start");
            let complete = Self::timing(cells, "complete");
            let deliverable = Self::reference(cells, "deliverable", &deliverables, "deliverables");
            let priorities = parser.priority_list(cells, "priorities", &bottom, false);
            let mut listed = Vec::new();
            for part in cells
                .text("measures")
                .split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
            {
                match ItemId::new(&part) {
                    Ok(m) if measures.contains(&m) => listed.push(m),
                    _ => cells.fail(
                        "measures",
                        format!("{part} is not a measure (see the measures table)"),
                    ),
                }
            }
            let parent_text = cells.text("parent").trim().to_owned();
            let parent = if parent_text.is_empty() {
                None
            } else {
                match (ItemId::new(&parent_text), &plan) {
                    (Ok(p), Ok(Some(plan))) if parents.get(&p) == Some(plan) => Some(p),
                    _ => {
                        cells.fail(
                            "parent",
                            format!(
                                "{parent_text} is not an action of the same plan listed before it"
                            ),
                        );
                        None
                    }
                }
            };
            let (id, plan) = (id?, plan.ok()??);
            let (start, complete) = (start.ok()?, complete.ok()?);
            if let (Some(start), Some(complete)) = (start, complete)
                && complete.before(start)
            {
                cells.fail(
                    "complete",
                    format!("it completes ({complete}) before it starts ({start})"),
                );
                return None;
            }
            parents.insert(id.clone(), plan.clone());
            Some(ActionRecord {
                id,
                plan,
                number: String::new(),
                parent,
                title: String::new(),
                lead: None,
                start,
                complete,
                timing_note: None,
                deliverable: deliverable.ok()?,
                priorities: priorities?,
                department_priority: None,
                measures: listed,
                success: None,
                added: None,
                closed: None,
            })
        });
    }

    pub(super) fn service_budgets(&mut self, table: &Table) {
        let plans = self.service_plan_ids();
        let mut seen = HashMap::new();
        let mut totals: Vec<(BudgetRowRecord, u64)> = Vec::new();
        let problems_before = self.problems.len();
        let rows = self.records("service_budgets", table, |cells, parser| {
            let plan = Self::reference(cells, "plan", &plans, "service_plans");
            let year = year_cell(cells);
            let division = cells.required("division").map(str::to_owned);
            let unit = match cells.text("unit").trim() {
                "" | "£" => MoneyUnit::Pounds,
                "£'000" | "£000" | "£k" => MoneyUnit::Thousands,
                other => {
                    cells.fail("unit", format!("expected £ or £'000, found {other:?}"));
                    MoneyUnit::Pounds
                }
            };
            let mut read = |column: &str| amount(cells, column, unit);
            let amounts = [
                read("employees"), read("premises"), read("transport"), read("supplies"),
                read("agency"), read("transfer_payments"), read("unallocated"), read("recharges"),
                read("income"), read("grants"),
            ];
            for (column, value) in [("income", amounts[8]), ("grants", amounts[9])] {
                if let Some(value) = value
                    && value > Decimal::ZERO
                {
                    cells.fail(column, format!("{column} is negative, as finance officers write it ((610) or -610); this is {}: has it lost its minus sign?", value / unit.pounds()));
                }
            }
            let (plan, year, division) = (plan.ok()??, year?, division?);
            let [Some(employees), Some(premises), Some(transport), Some(supplies), Some(agency), Some(transfer_payments), Some(unallocated), Some(recharges), Some(income), Some(grants)] = amounts else {
                return None;
            };
            let row = BudgetRowRecord { plan, year, division, group: None, unit, employees, premises, transport, supplies, agency, transfer_payments, unallocated, recharges, income, grants };
            if row.division.eq_ignore_ascii_case("total") {
                totals.push((row, cells.row.number));
                return None;
            }
            parser.unique(&mut seen, format!("{} {} {}", row.plan, row.year, row.division), cells, "division");
            Some(row)
        });
        // A total is checked once its rows read: with a row refused, it could only mislead.
        if self.problems.len() > problems_before {
            totals.clear();
        }
        for (total, row_number) in totals {
            let rows: Vec<&BudgetRowRecord> = rows
                .iter()
                .filter(|r| r.plan == total.plan && r.year == total.year)
                .collect();
            let message = match check_total(&total, &rows) {
                None => continue,
                Some(TotalMismatch::Row {
                    division,
                    twice: false,
                }) => format!(
                    "the TOTAL row of {} {} leaves out {division}: it is short by exactly that row",
                    total.plan, total.year
                ),
                Some(TotalMismatch::Row {
                    division,
                    twice: true,
                }) => format!(
                    "the TOTAL row of {} {} counts {division} twice",
                    total.plan, total.year
                ),
                Some(TotalMismatch::Columns(columns)) => format!(
                    "the TOTAL row of {} {} is not the sum of its rows: {}",
                    total.plan,
                    total.year,
                    columns
                        .iter()
                        .map(|(h, typed, sum)| format!(
                            "{h} {} where the rows add up to {}",
                            typed / total.unit.pounds(),
                            sum / total.unit.pounds()
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            };
            if let Some(row) = table.rows.iter().find(|r| r.number == row_number) {
                let column = table
                    .headers
                    .iter()
                    .position(|h| h == "division")
                    .unwrap_or(0);
                self.problems.push(crate::problem::Problem {
                    location: table.location(row, column),
                    message,
                });
            }
        }
        self.dataset.service_budgets = rows;
    }

    pub(super) fn planned_savings(&mut self, table: &Table) {
        let plans = self.service_plan_ids();
        let mut seen = HashMap::new();
        self.dataset.planned_savings = self.records("planned_savings", table, |cells, parser| {
            let plan = Self::reference(cells, "plan", &plans, "service_plans");
            let year = year_cell(cells);
            let area = cells.required("area").map(str::to_owned);
            let (plan, year, area) = (plan.ok()??, year?, area?);
            parser.unique(&mut seen, format!("{plan} {year} {area}"), cells, "area");
            Some(PlannedSavingRecord {
                plan,
                year,
                area,
                description: None,
                amount: Decimal::ZERO,
            })
        });
    }

    pub(super) fn department_risks(&mut self, table: &Table) {
        let plans = self.service_plan_ids();
        let bottom = self.bottom_priorities();
        let matrix = &self.context.settings.service_plans.risk_matrix;
        let mut seen = HashMap::new();
        self.dataset.department_risks = self.records("department_risks", table, |cells, parser| {
            let id = cells.id("id")?;
            parser.unique(&mut seen, id.clone(), cells, "id");
            let plan = Self::reference(cells, "plan", &plans, "service_plans");
            let priorities = parser.priority_list(cells, "priorities", &bottom, false);
            Some(DepartmentRiskRecord {
                id,
                plan: plan.ok()??,
                title: String::new(),
                priorities: priorities?,
                division: None,
                likelihood: 1,
                impact: 1,
                mitigations: None,
            })
        });
        // The levels are fields, read after the row: check them on the register's matrix here.
        let off: Vec<(String, String)> = self
            .dataset
            .department_risks
            .iter()
            .filter_map(|r| {
                matrix
                    .score(r.likelihood, r.impact)
                    .err()
                    .map(|e| (r.id.to_string(), e.to_string()))
            })
            .collect();
        for (id, message) in off {
            self.package_problem("department_risks", &format!("{id}: {message}"));
        }
    }
}
