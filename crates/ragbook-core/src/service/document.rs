//! One department's service plan for a year, as its document shows it: every year label, the
//! actions under each council priority (Section One) and each departmental priority (Section
//! Two), the measures with two actual years, the latest and the target, the controllable budget
//! with its total, the savings with theirs, and the overview's figures. Worked out once from the
//! records, so the overview, the tables and the totals cannot disagree.

use rust_decimal::Decimal;

use super::budget::total;
use super::records::{
    ActionRecord, BudgetRowRecord, DepartmentRiskRecord, MoneyUnit, PlannedSavingRecord,
    ServicePlanRecord,
};
use crate::dataset::{Dataset, MeasureRecord, PriorityRecord, TargetRecord, ValueRecord};
use crate::figure::format_for_measure;
use crate::period::{FinancialYear, Period};
use crate::value::{Firmness, MeasureValue, Missing};

/// The actions under one priority.
#[derive(Debug, Clone)]
pub struct ActionGroup<'a> {
    /// The council priority, for Section One.
    pub priority: Option<&'a PriorityRecord>,
    /// The departmental priority's name, for Section Two.
    pub department_priority: Option<&'a str>,
    /// Its actions, each with its sub-actions after it, in number order.
    pub actions: Vec<&'a ActionRecord>,
}

/// A measure's row: its figures for the three years before the plan year and its target.
#[derive(Debug, Clone)]
pub struct MeasureRow<'a> {
    /// The measure.
    pub measure: &'a MeasureRecord,
    /// Its description as printed: its title, or for a measure split by department the
    /// council-wide title with "– Resources" (a department's share) or "– Council" (the whole).
    pub label: String,
    /// "Actual" for the year three before, then two before, then "Latest" for the year
    /// before: each as printed ("7.4", "8.1 (Dec-2025)", "AD", "-").
    pub figures: [String; 3],
    /// The target for the plan year, as printed, or "-".
    pub target: String,
}

/// A department's service plan for a year.
#[derive(Debug, Clone)]
pub struct ServicePlanView<'a> {
    /// The plan.
    pub plan: &'a ServicePlanRecord,
    /// The year the document is for.
    pub year: FinancialYear,
    /// "Service Plan 2023-2027".
    pub title: String,
    /// "2026-27 Update", for an annual update.
    pub update: Option<String>,
    /// Section One: one group per council priority the plan serves, in the Council Plan's
    /// order.
    pub council: Vec<ActionGroup<'a>>,
    /// Section Two: one group per departmental priority, in the order first named.
    pub departmental: Vec<ActionGroup<'a>>,
    /// Council priorities none of the plan's actions serve (the key risks table says "None"
    /// for them; the golden thread names them).
    pub unserved: Vec<&'a PriorityRecord>,
    /// The measures the plan's actions name as success measures, in the order first named.
    pub measures: Vec<MeasureRow<'a>>,
    /// The years of the measure columns: three before the plan year, and the plan year.
    pub measure_years: [FinancialYear; 4],
    /// Whether any measure figure is AD, N/Av or TBC (the key is printed under the table).
    pub status_key: bool,
    /// The controllable budget's rows for the year.
    pub budget: Vec<&'a BudgetRowRecord>,
    /// Its total: the column sums of the rows.
    pub budget_total: [Decimal; 12],
    /// The unit the budget table is printed in (its rows', the first row's if they differ).
    pub budget_unit: MoneyUnit,
    /// The key risks table: every council priority with the register's risks that threaten it
    /// and score at least the threshold (none: "None"), then the departmental key risks under
    /// no priority.
    pub key_risks: Vec<(Option<&'a PriorityRecord>, Vec<&'a DepartmentRiskRecord>)>,
    /// The forward procurement plan (Appendix B), in its value bands.
    pub procurement: Vec<super::procurement::Band<'a>>,
    /// The vehicle replacement programme's lines for the year.
    pub vehicles: Vec<&'a super::records::VehicleRecord>,
    /// Its total: (quantity, cost x quantity, charge x quantity), each the sum of the lines.
    pub vehicles_total: (u32, Decimal, Decimal),
    /// The scheme capital programmes for the year.
    pub capital: Vec<super::capital::CapitalProgramme<'a>>,
    /// What the update changes since the year before (none in the plan's first year).
    pub changes: Option<super::update::AnnualUpdate<'a>>,
    /// The savings for the year.
    pub savings: Vec<&'a PlannedSavingRecord>,
    /// Their sum.
    pub savings_total: Decimal,
}

impl ServicePlanView<'_> {
    /// The overview's budget figure: the total net controllable budget.
    pub fn net_budget(&self) -> Decimal {
        self.budget_total[11]
    }
}

/// A figure as the plan's measure tables print it, with its as-of month where it lags the
/// year and "(p)" where provisional; a missing figure as its code (AD, N/Av, TBC, n/a).
fn shown(measure: &MeasureRecord, value: Option<&ValueRecord>, with_as_of: bool) -> (String, bool) {
    let Some(record) = value else {
        return ("-".into(), false);
    };
    match record.value {
        MeasureValue::Figure { value, firmness } => {
            let mut text = format_for_measure(value, measure.unit, measure.decimals);
            if firmness == Firmness::Provisional {
                text.push_str(" (p)");
            }
            if with_as_of && let Some(month) = record.as_of {
                text.push_str(&format!(" ({month})"));
            }
            (text, false)
        }
        MeasureValue::Missing(missing) => (
            match missing {
                Missing::AwaitingData => "AD",
                Missing::NotAvailable => "N/Av",
                Missing::ToBeConfirmed => "TBC",
                Missing::NotApplicable => "n/a",
                Missing::DueIn(_) => "AD",
            }
            .into(),
            true,
        ),
    }
}

/// The value reported for a year: the year's own figure, else its latest quarter's.
pub(crate) fn year_value<'a>(
    data: &'a Dataset,
    measure: &MeasureRecord,
    year: FinancialYear,
) -> Option<&'a ValueRecord> {
    let values = || {
        data.measure_values
            .iter()
            .filter(|v| v.measure == measure.id)
    };
    values()
        .find(|v| v.period == Period::FinancialYear(year))
        .or_else(|| {
            values()
                .filter(|v| matches!(v.period, Period::Quarter(q) if q.year() == year))
                .max_by_key(|v| v.period.key())
        })
}

/// The target `plan` prints for `measure` in `year`, or "-": the plan's own target, else the
/// council's.
pub(super) fn target(
    data: &Dataset,
    plan: &ServicePlanRecord,
    measure: &MeasureRecord,
    year: FinancialYear,
) -> String {
    let own = data
        .service_targets
        .iter()
        .find(|t| t.plan == plan.id && t.measure == measure.id && t.year == year)
        .map(|t| &t.target);
    own.or_else(|| {
        data.targets
            .iter()
            .find(|t: &&TargetRecord| {
                t.measure == measure.id && t.period == Period::FinancialYear(year)
            })
            .map(|t| &t.target)
    })
    .map_or_else(|| "-".into(), |t| t.describe(measure.unit))
}

/// A measure's description in `plan`'s tables: a department's share and a whole that has shares
/// are told apart by a dash and the department.
fn label(data: &Dataset, plan: &ServicePlanRecord, measure: &MeasureRecord) -> String {
    if let Some(whole) = measure.part_of.as_ref().and_then(|w| data.measure(w)) {
        let department = measure.department.as_deref().unwrap_or(&plan.department);
        format!("{} – {department}", whole.title)
    } else if data
        .measures
        .iter()
        .any(|m| m.part_of.as_ref() == Some(&measure.id))
    {
        format!("{} – Council", measure.title)
    } else {
        measure.title.clone()
    }
}

/// The rows of the measures `actions` name, each once in the order first named, and whether any
/// figure is a status code.
fn measure_rows<'a>(
    data: &'a Dataset,
    plan: &ServicePlanRecord,
    actions: &[&ActionRecord],
    years: [FinancialYear; 4],
) -> (Vec<MeasureRow<'a>>, bool) {
    let mut measures: Vec<MeasureRow<'a>> = Vec::new();
    let mut status_key = false;
    for id in actions.iter().flat_map(|a| &a.measures) {
        let Some(measure) = data.measure(id) else {
            continue;
        };
        if measures.iter().any(|m| m.measure.id == measure.id) {
            continue;
        }
        let mut figures: [String; 3] = Default::default();
        for (i, (slot, y)) in figures.iter_mut().zip(&years[..3]).enumerate() {
            let (text, coded) = shown(measure, year_value(data, measure, *y), i == 2);
            status_key |= coded;
            *slot = text;
        }
        measures.push(MeasureRow {
            label: label(data, plan, measure),
            measure,
            figures,
            target: target(data, plan, measure, years[3]),
        });
    }
    (measures, status_key)
}

/// The key risks table of `plan`: each council priority of `bottom` with its risks scoring at
/// least `threshold`, highest first; then the departmental ones, if any.
fn key_risks<'a>(
    data: &'a Dataset,
    plan: &ServicePlanRecord,
    bottom: &[&'a PriorityRecord],
    threshold: u8,
) -> Vec<(Option<&'a PriorityRecord>, Vec<&'a DepartmentRiskRecord>)> {
    let key = |serves: &dyn Fn(&DepartmentRiskRecord) -> bool| {
        let mut risks: Vec<&DepartmentRiskRecord> = data
            .department_risks
            .iter()
            .filter(|r| r.plan == plan.id && r.score() >= threshold && serves(r))
            .collect();
        risks.sort_by_key(|r| std::cmp::Reverse(r.score()));
        risks
    };
    let mut rows: Vec<_> = bottom
        .iter()
        .map(|p| (Some(*p), key(&|r| r.priorities.contains(&p.id))))
        .collect();
    let departmental = key(&|r| r.priorities.is_empty());
    if !departmental.is_empty() {
        rows.push((None, departmental));
    }
    rows
}

/// The years of a document's measure columns: three actual years before `year`, and `year`.
pub(super) fn measure_years(year: FinancialYear) -> [FinancialYear; 4] {
    [
        year.previous().previous().previous(),
        year.previous().previous(),
        year.previous(),
        year,
    ]
}

/// What a plan's document is made with beyond its records: the score from which a register's
/// risk is a key risk, and the procurement plan's band floors.
#[derive(Debug, Clone, Copy)]
pub struct DocumentRules<'r> {
    /// Key risk threshold.
    pub key_risk_score: u8,
    /// Procurement band floors, in pounds, lowest first.
    pub procurement_bands: &'r [Decimal],
}

/// Section One (the council's priorities each action serves, in the plan's order) and
/// Section Two (the department's own priorities), each top action followed by its
/// sub-actions; and the council priorities no action serves.
fn action_groups<'a>(
    actions: &[&'a ActionRecord],
    bottom: &[&'a PriorityRecord],
) -> (
    Vec<ActionGroup<'a>>,
    Vec<ActionGroup<'a>>,
    Vec<&'a PriorityRecord>,
) {
    let with_subs = |top: Vec<&'a ActionRecord>| -> Vec<&'a ActionRecord> {
        top.into_iter()
            .flat_map(|a| {
                std::iter::once(a).chain(
                    actions
                        .iter()
                        .copied()
                        .filter(move |s| s.parent.as_ref() == Some(&a.id)),
                )
            })
            .collect()
    };
    let tops = || actions.iter().copied().filter(|a| a.parent.is_none());
    let mut council = Vec::new();
    let mut unserved = Vec::new();
    for priority in bottom {
        let serving: Vec<&ActionRecord> = tops()
            .filter(|a| a.priorities.contains(&priority.id))
            .collect();
        if serving.is_empty() {
            unserved.push(*priority);
        } else {
            council.push(ActionGroup {
                priority: Some(*priority),
                department_priority: None,
                actions: with_subs(serving),
            });
        }
    }
    let mut names: Vec<&str> = Vec::new();
    for a in tops().filter(|a| a.priorities.is_empty()) {
        if let Some(name) = a.department_priority.as_deref()
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    let departmental = names
        .into_iter()
        .map(|name| ActionGroup {
            priority: None,
            department_priority: Some(name),
            actions: with_subs(
                tops()
                    .filter(|a| {
                        a.priorities.is_empty() && a.department_priority.as_deref() == Some(name)
                    })
                    .collect(),
            ),
        })
        .collect();
    (council, departmental, unserved)
}

/// The view of `plan` for `year` (its update year, or any year of the plan).
pub fn view<'a>(
    data: &'a Dataset,
    plan: &'a ServicePlanRecord,
    year: FinancialYear,
    rules: DocumentRules<'_>,
) -> ServicePlanView<'a> {
    let actions: Vec<&ActionRecord> = data
        .actions
        .iter()
        .filter(|a| a.plan == plan.id && a.listed_in(year))
        .collect();
    let bottom = super::thread::bottom_priorities(data);
    let (council, departmental, unserved) = action_groups(&actions, &bottom);
    let years = measure_years(year);
    let (measures, status_key) = measure_rows(data, plan, &actions, years);
    let vehicles: Vec<_> = data
        .vehicles
        .iter()
        .filter(|v| v.plan == plan.id && v.year == year)
        .collect();
    let budget: Vec<&BudgetRowRecord> = data
        .service_budgets
        .iter()
        .filter(|r| r.plan == plan.id && r.year == year)
        .collect();
    let savings: Vec<&PlannedSavingRecord> = data
        .planned_savings
        .iter()
        .filter(|s| s.plan == plan.id && s.year == year)
        .collect();
    ServicePlanView {
        plan,
        year,
        title: plan.title(),
        update: plan.update_year.map(|y| format!("{y} Update")),
        council,
        departmental,
        unserved,
        measures,
        measure_years: years,
        status_key,
        budget_total: total(budget.iter().copied()),
        budget_unit: budget.first().map_or(MoneyUnit::Pounds, |r| r.unit),
        budget,
        key_risks: key_risks(data, plan, &bottom, rules.key_risk_score),
        vehicles_total: vehicles
            .iter()
            .fold((0, Decimal::ZERO, Decimal::ZERO), |(q, c, h), v| {
                (q + v.quantity, c + v.total_cost(), h + v.total_charge())
            }),
        vehicles,
        procurement: super::procurement::bands(
            &data
                .procurements
                .iter()
                .filter(|p| p.plan == plan.id && p.year == year)
                .collect::<Vec<_>>(),
            rules.procurement_bands,
        ),
        savings_total: savings.iter().map(|s| s.amount).sum(),
        savings,
        changes: super::update::changes(data, plan, year),
        capital: super::capital::programmes(
            &data
                .capital_schemes
                .iter()
                .filter(|s| s.plan == plan.id && s.year == year)
                .collect::<Vec<_>>(),
            &data
                .capital_funding
                .iter()
                .filter(|f| f.plan == plan.id && f.year == year)
                .collect::<Vec<_>>(),
        ),
    }
}
