//! Everything an organisation holds in ragbook, as records: the plan, its priorities,
//! deliverables and measures, and the quarterly data (deliverable updates, measure values,
//! targets). A data package, a database and an export all hold one of these.
//!
//! Records are keyed by ids people can read (`KM08`, `D12`) and periods; updating is upserting
//! by key. [`Dataset::merge`] applies a package to what is held and says exactly what changed,
//! so that every change can be recorded and a change to a reported (locked) quarter caught.

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use crate::city::{ProjectRecord, ProjectUpdate, RiskRecord, RiskUpdate};
use crate::date::Date;
use crate::measure::{AggregationBasis, Frequency, Polarity, RatingMethod, Unit};
use crate::period::{FinancialQuarter, Month, Period};
use crate::plan::{ItemId, Organisation};
use crate::service::{
    ActionRecord, ActionUpdate, BudgetRowRecord, CapitalSchemeRecord, DepartmentRiskRecord,
    FundingLineRecord, PlanTargetRecord, PlannedSavingRecord, ProcurementRecord, ServicePlanRecord,
    VehicleRecord,
};
use crate::target::Target;
use crate::value::MeasureValue;

mod diff;
mod keys;
mod life;
mod new;
mod window;

pub use diff::{Diff, RecordChange};
pub(crate) use keys::merge_records;
pub use keys::{BenchmarkKey, Keyed, PeriodKey};
pub use life::{Lifetime, in_force};
pub use window::{KeyRange, ValueWindow, WINDOW_YEARS};

/// The plan itself: its id, title and the financial years it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanHeader {
    /// Stable id, e.g. `council-plan-2023-25`.
    pub id: ItemId,
    /// Title as published: "Council Plan 2023-25".
    pub title: String,
    /// The first financial year the plan covers.
    pub first_year: crate::period::FinancialYear,
    /// The last financial year the plan covers.
    pub last_year: crate::period::FinancialYear,
}

/// A node of the plan's hierarchy (a priority; in a city plan also a theme).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityRecord {
    /// Stable id.
    pub id: ItemId,
    /// The node above (a theme), if the plan has more than one level.
    pub parent: Option<ItemId>,
    /// Title as published.
    pub title: String,
    /// Short title for links and charts.
    pub short_title: Option<String>,
    /// What the priority is about.
    pub description: Option<String>,
    /// The plan it belongs to; none for the first plan.
    #[serde(default)]
    pub plan: Option<ItemId>,
    /// The first quarter it is reported in, if not its plan's first.
    #[serde(default)]
    pub starts: Option<FinancialQuarter>,
    /// The last quarter it is reported in, if it ends before its plan.
    #[serde(default)]
    pub ends: Option<FinancialQuarter>,
}

/// A new title for a priority from a quarter on: it keeps its id, and each quarter shows the
/// title in force then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityRename {
    /// The priority.
    pub priority: ItemId,
    /// The first quarter of the new title.
    pub from: FinancialQuarter,
    /// Its new title.
    pub title: String,
    /// Its new short title, if it has one.
    pub short_title: Option<String>,
}

/// A deliverable (milestone, priority action): what the plan commits to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableRecord {
    /// Stable id.
    pub id: ItemId,
    /// Title as published.
    pub title: String,
    /// Short title for 'Go to' links.
    pub short_title: Option<String>,
    /// Priorities it serves (one or more).
    pub priorities: Vec<ItemId>,
    /// Lead officer or role.
    pub lead: Option<String>,
    /// Owning department.
    pub department: Option<String>,
    /// The Cabinet portfolio it reports under, for the Cabinet report.
    #[serde(default)]
    pub portfolio: Option<ItemId>,
    /// When work starts.
    pub start: Option<Date>,
    /// When it is expected to be complete.
    pub expected_completion: Option<Date>,
    /// The completion date first planned, if it has moved.
    pub original_completion: Option<Date>,
    /// The first quarter it is reported in (set at the refresh that added it).
    #[serde(default)]
    pub starts: Option<FinancialQuarter>,
    /// The last quarter it is reported in (set at the refresh that dropped it); its completion
    /// also ends it.
    #[serde(default)]
    pub ends: Option<FinancialQuarter>,
}

/// Whether an item is one of the report's key areas, when an editor has said so. Without a
/// choice the report decides by rule (see `quarter::KeyAreas`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyArea {
    /// Listed among the key areas of success.
    Success,
    /// Listed among the key areas for consideration.
    Consideration,
    /// Listed in neither, whatever its rating.
    Exclude,
}

impl KeyArea {
    /// Every choice, in the order documented.
    pub const ALL: [KeyArea; 3] = [KeyArea::Success, KeyArea::Consideration, KeyArea::Exclude];

    /// The code used in files.
    pub fn code(self) -> &'static str {
        match self {
            KeyArea::Success => "success",
            KeyArea::Consideration => "consideration",
            KeyArea::Exclude => "exclude",
        }
    }
}

/// A deliverable's update for one quarter: its rating and commentary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableUpdate {
    /// The deliverable.
    pub deliverable: ItemId,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Category id in the deliverable vocabulary (`good`, `review`...), if rated.
    pub rating: Option<String>,
    /// Progress this quarter.
    pub commentary: Option<String>,
    /// The issue, for a rating that needs one.
    pub issue: Option<String>,
    /// The response (or action), for a rating that needs one.
    pub response: Option<String>,
    /// The date it was completed, once it is.
    pub completed: Option<Date>,
    /// The expected completion date as of this quarter, if it has moved.
    pub expected_completion: Option<Date>,
    /// An editor's choice of key area for this quarter's report, if any.
    pub key_area: Option<KeyArea>,
}

/// A measure's commentary for one quarter: progress, and the issue and response when it needs
/// attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureUpdate {
    /// The measure.
    pub measure: ItemId,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// What the figures show.
    pub commentary: Option<String>,
    /// The issue, when performance needs attention.
    pub issue: Option<String>,
    /// The response (or action).
    pub response: Option<String>,
    /// An editor's choice of key area for this quarter's report, if any.
    pub key_area: Option<KeyArea>,
    /// A rating set by hand in place of the rule's (category id), if any.
    #[serde(default)]
    pub rating: Option<String>,
    /// Why the rating was set by hand; required with `rating`.
    #[serde(default)]
    pub rating_reason: Option<String>,
}

/// A comparison figure for a measure: national, regional, statistical neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkRecord {
    /// The measure.
    pub measure: ItemId,
    /// The series, as reports label it ("National Benchmark").
    pub series: String,
    /// The period the figure is for.
    pub period: Period,
    /// The figure, in the measure's unit.
    pub value: rust_decimal::Decimal,
}

/// A key measure's definition, with where it sits in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureRecord {
    /// Stable id.
    pub id: ItemId,
    /// Title as published.
    pub title: String,
    /// Short title for charts and links.
    pub short_title: Option<String>,
    /// Priorities it belongs to; none for an overarching measure.
    pub priorities: Vec<ItemId>,
    /// What its figures are.
    pub unit: Unit,
    /// Decimal places in reports.
    pub decimals: u32,
    /// Which way is better.
    pub polarity: Polarity,
    /// How often figures arrive.
    pub frequency: Frequency,
    /// What period a figure covers.
    pub basis: AggregationBasis,
    /// How it is rated.
    pub method: RatingMethod,
    /// Officer or role accountable for its figures.
    pub owner: Option<String>,
    /// Owning department.
    pub department: Option<String>,
    /// The Cabinet portfolio it reports under, for the Cabinet report.
    #[serde(default)]
    pub portfolio: Option<ItemId>,
    /// National indicator code, e.g. "ASCOF 2A".
    pub national_code: Option<String>,
    /// The deliverable whose progress it evidences: the report shows it there too.
    #[serde(default)]
    pub deliverable: Option<ItemId>,
    /// The measure it is a department's share of ("Days lost to sickness per FTE" for
    /// Resources' own): one record per split, its own value per period.
    #[serde(default)]
    pub part_of: Option<ItemId>,
    /// The first quarter it is reported in (set at the refresh that added it).
    #[serde(default)]
    pub starts: Option<FinancialQuarter>,
    /// The last quarter it is reported in (set at the refresh that retired it). Its figures are
    /// kept.
    #[serde(default)]
    pub ends: Option<FinancialQuarter>,
}

/// A measure's value for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRecord {
    /// The measure.
    pub measure: ItemId,
    /// The reporting period the value is for.
    pub period: Period,
    /// The figure or why there is none.
    pub value: MeasureValue,
    /// The month the figure is as of, when it lags the period.
    pub as_of: Option<Month>,
    /// A note on the figure.
    pub note: Option<String>,
}

/// A measure's target for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRecord {
    /// The measure.
    pub measure: ItemId,
    /// The period the target is for (a financial year, or a quarter for a profiled target).
    pub period: Period,
    /// The target.
    pub target: Target,
}

impl PlanHeader {
    /// Whether `quarter` falls in the plan's years.
    pub fn covers(&self, quarter: FinancialQuarter) -> bool {
        (self.first_year..=self.last_year).contains(&quarter.year())
    }
}

/// Which of a priority's overall ratings: its deliverables' or its measures'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupOf {
    /// The overall rating of its deliverables.
    Deliverables,
    /// The overall rating of its measures.
    Measures,
}

impl RollupOf {
    /// Both, in the order reports show them.
    pub const ALL: [RollupOf; 2] = [RollupOf::Deliverables, RollupOf::Measures];

    /// The code used in files and settings (`deliverables`, `measures`).
    pub fn code(self) -> &'static str {
        match self {
            RollupOf::Deliverables => "deliverables",
            RollupOf::Measures => "measures",
        }
    }
}

/// An overall rating a council published for a priority in a quarter, as printed: the evidence
/// `ragbook rollup fit` works the roll-up bands out from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRollup {
    /// The priority.
    pub priority: ItemId,
    /// The quarter of the report.
    pub quarter: FinancialQuarter,
    /// Which overall rating.
    pub of: RollupOf,
    /// The rating printed, as a category id or label of the scheme (`good`, "Good").
    pub rating: String,
    /// Where it was printed, e.g. "Cabinet report 14 December 2023, page 6".
    pub source: Option<String>,
}

/// A published roll-up's key: `P1 2023-24-Q2 measures`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RollupKey {
    /// The priority.
    pub priority: ItemId,
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Which overall rating.
    pub of: RollupOf,
}

impl std::fmt::Display for RollupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.priority, self.quarter, self.of.code())
    }
}

impl Keyed for PublishedRollup {
    type Key = RollupKey;
    fn key(&self) -> RollupKey {
        RollupKey {
            priority: self.priority.clone(),
            quarter: self.quarter,
            of: self.of,
        }
    }
    fn period(&self) -> Option<Period> {
        Some(Period::Quarter(self.quarter))
    }
}

/// A headline initiative of a priority: a named programme the report lists in the priority's
/// section with a line about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadlineInitiative {
    /// Stable id.
    pub id: ItemId,
    /// The priority it belongs to.
    pub priority: ItemId,
    /// Its name as published ("Vision Derbyshire").
    pub title: String,
    /// A line about it.
    pub description: Option<String>,
}

/// All an organisation's data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dataset {
    /// Whose data; `None` only before the first import.
    pub organisation: Option<Organisation>,
    /// The plans, one after another, earliest first; empty only before the first import. Each
    /// quarter belongs to the plan whose years cover it ([`Dataset::plan_for`]). Data kept
    /// before plans could follow one another holds one, as `plan`.
    #[serde(default, alias = "plan", deserialize_with = "life::plans_from")]
    pub plans: Vec<PlanHeader>,
    /// Priorities (and themes), in plan order.
    pub priorities: Vec<PriorityRecord>,
    /// New titles of priorities from a quarter on.
    #[serde(default)]
    pub priority_renames: Vec<PriorityRename>,
    /// Deliverables, in plan order.
    pub deliverables: Vec<DeliverableRecord>,
    /// Deliverable updates, by deliverable then quarter.
    pub deliverable_updates: Vec<DeliverableUpdate>,
    /// Measures, in plan order.
    pub measures: Vec<MeasureRecord>,
    /// Measure values, by measure then period.
    pub measure_values: Vec<ValueRecord>,
    /// Targets, by measure then period.
    pub targets: Vec<TargetRecord>,
    /// Measure commentary, by measure then quarter.
    #[serde(default)]
    pub measure_updates: Vec<MeasureUpdate>,
    /// Benchmark figures, by measure, series, then period.
    #[serde(default)]
    pub benchmarks: Vec<BenchmarkRecord>,
    /// Headline initiatives, by priority, in plan order.
    #[serde(default)]
    pub headline_initiatives: Vec<HeadlineInitiative>,
    /// Overall ratings as the council published them, for `ragbook rollup fit`.
    #[serde(default)]
    pub published_rollups: Vec<PublishedRollup>,
    /// Priority projects, in plan order.
    #[serde(default)]
    pub projects: Vec<ProjectRecord>,
    /// Project updates, by project then quarter.
    #[serde(default)]
    pub project_updates: Vec<ProjectUpdate>,
    /// Strategic risks, in plan order.
    #[serde(default)]
    pub risks: Vec<RiskRecord>,
    /// Risk assessments, by risk then quarter.
    #[serde(default)]
    pub risk_updates: Vec<RiskUpdate>,
    /// Departments' service plans.
    #[serde(default)]
    pub service_plans: Vec<ServicePlanRecord>,
    /// Their actions, by plan, in number order.
    #[serde(default)]
    pub actions: Vec<ActionRecord>,
    /// Their controllable budgets, by plan, year and division.
    #[serde(default)]
    pub service_budgets: Vec<BudgetRowRecord>,
    /// Their savings, by plan and year.
    #[serde(default)]
    pub planned_savings: Vec<PlannedSavingRecord>,
    /// The departmental risk registers' risks, by plan.
    #[serde(default)]
    pub department_risks: Vec<DepartmentRiskRecord>,
    /// The forward procurement plans' contracts, by plan and year.
    #[serde(default)]
    pub procurements: Vec<ProcurementRecord>,
    /// The vehicle replacement programmes' lines, by plan and year.
    #[serde(default)]
    pub vehicles: Vec<VehicleRecord>,
    /// Service plans' own targets for measures, by plan and year.
    #[serde(default)]
    pub service_targets: Vec<PlanTargetRecord>,
    /// The scheme capital programmes' schemes, by plan and year.
    #[serde(default)]
    pub capital_schemes: Vec<CapitalSchemeRecord>,
    /// The capital programmes' other funding lines, by plan and year.
    #[serde(default)]
    pub capital_funding: Vec<FundingLineRecord>,
    /// Service plan actions' quarterly progress.
    #[serde(default)]
    pub action_updates: Vec<ActionUpdate>,
    /// Budget monitoring: portfolios, budget lines, revenue, savings, reserves and the rest.
    #[serde(default)]
    pub finance: crate::finance::FinanceData,
}

/// Sorts `records` by `key` unless they already are (as a package usually is).
fn sort_by<T, K: Ord>(records: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = records.iter().map(&key).collect();
    if !keys.is_sorted() {
        records.sort_by_cached_key(key);
    }
}

impl Dataset {
    /// Applies a package's records to this dataset (upsert by key) and returns what changed.
    /// Period data is then put in its canonical order: by the measure's or deliverable's
    /// position in the plan, then by period.
    pub fn merge(&mut self, incoming: Dataset) -> Diff {
        let mut diff = Diff::default();
        if let Some(organisation) = incoming.organisation
            && self.organisation.as_ref() != Some(&organisation)
        {
            diff.organisation = Some((
                self.organisation.replace(organisation.clone()),
                organisation,
            ));
        }
        diff.plans = merge_records(&mut self.plans, incoming.plans);
        self.plans.sort_by_key(|p| p.first_year);
        diff.priorities = merge_records(&mut self.priorities, incoming.priorities);
        diff.priority_renames =
            merge_records(&mut self.priority_renames, incoming.priority_renames);
        diff.deliverables = merge_records(&mut self.deliverables, incoming.deliverables);
        diff.deliverable_updates =
            merge_records(&mut self.deliverable_updates, incoming.deliverable_updates);
        diff.measures = merge_records(&mut self.measures, incoming.measures);
        diff.measure_values = merge_records(&mut self.measure_values, incoming.measure_values);
        diff.targets = merge_records(&mut self.targets, incoming.targets);
        diff.measure_updates = merge_records(&mut self.measure_updates, incoming.measure_updates);
        diff.benchmarks = merge_records(&mut self.benchmarks, incoming.benchmarks);
        diff.published_rollups =
            merge_records(&mut self.published_rollups, incoming.published_rollups);
        diff.headline_initiatives = merge_records(
            &mut self.headline_initiatives,
            incoming.headline_initiatives,
        );
        diff.projects = merge_records(&mut self.projects, incoming.projects);
        diff.project_updates = merge_records(&mut self.project_updates, incoming.project_updates);
        diff.risks = merge_records(&mut self.risks, incoming.risks);
        diff.risk_updates = merge_records(&mut self.risk_updates, incoming.risk_updates);
        diff.service_plans = merge_records(&mut self.service_plans, incoming.service_plans);
        diff.actions = merge_records(&mut self.actions, incoming.actions);
        diff.service_budgets = merge_records(&mut self.service_budgets, incoming.service_budgets);
        diff.planned_savings = merge_records(&mut self.planned_savings, incoming.planned_savings);
        diff.department_risks =
            merge_records(&mut self.department_risks, incoming.department_risks);
        diff.procurements = merge_records(&mut self.procurements, incoming.procurements);
        diff.vehicles = merge_records(&mut self.vehicles, incoming.vehicles);
        diff.service_targets = merge_records(&mut self.service_targets, incoming.service_targets);
        diff.capital_schemes = merge_records(&mut self.capital_schemes, incoming.capital_schemes);
        diff.capital_funding = merge_records(&mut self.capital_funding, incoming.capital_funding);
        diff.action_updates = merge_records(&mut self.action_updates, incoming.action_updates);
        diff.finance = self.finance.merge(incoming.finance);
        self.sort_period_data();
        diff
    }

    /// Puts deliverable updates, values and targets in canonical order.
    pub fn sort_period_data(&mut self) {
        let order = |ids: &mut dyn Iterator<Item = &ItemId>| -> HashMap<ItemId, usize> {
            ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
        };
        let deliverable_order = order(&mut self.deliverables.iter().map(|d| &d.id));
        let measure_order = order(&mut self.measures.iter().map(|m| &m.id));
        let project_order = order(&mut self.projects.iter().map(|p| &p.id));
        let risk_order = order(&mut self.risks.iter().map(|r| &r.id));
        let position = |order: &HashMap<ItemId, usize>, id: &ItemId| {
            order.get(id).copied().unwrap_or(usize::MAX)
        };
        sort_by(&mut self.deliverable_updates, |u| {
            (position(&deliverable_order, &u.deliverable), u.quarter)
        });
        sort_by(&mut self.measure_values, |v| {
            (position(&measure_order, &v.measure), v.period.key())
        });
        sort_by(&mut self.targets, |t| {
            (position(&measure_order, &t.measure), t.period.key())
        });
        sort_by(&mut self.measure_updates, |u| {
            (position(&measure_order, &u.measure), u.quarter)
        });
        sort_by(&mut self.project_updates, |u| {
            (position(&project_order, &u.project), u.quarter)
        });
        sort_by(&mut self.risk_updates, |u| {
            (position(&risk_order, &u.risk), u.quarter)
        });
        sort_by(&mut self.benchmarks, |b| {
            (
                position(&measure_order, &b.measure),
                b.series.clone(),
                b.period.key(),
            )
        });
    }

    /// The measure with this id.
    pub fn measure(&self, id: &ItemId) -> Option<&MeasureRecord> {
        self.measures.iter().find(|m| &m.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn value(measure: &str, period: &str, figure: i64) -> ValueRecord {
        ValueRecord {
            measure: id(measure),
            period: period.parse().unwrap(),
            value: MeasureValue::actual(Decimal::from(figure)),
            as_of: None,
            note: None,
        }
    }

    fn measure(name: &str) -> MeasureRecord {
        MeasureRecord::new(id(name), name.into(), Unit::Count, Polarity::HigherIsBetter)
    }

    #[test]
    fn merging_upserts_by_key_and_reports_each_change() {
        let mut held = Dataset {
            measures: vec![measure("KM1"), measure("KM2")],
            measure_values: vec![value("KM1", "2023-24-Q1", 5), value("KM2", "2023-24-Q1", 7)],
            ..Dataset::default()
        };
        let package = Dataset {
            measure_values: vec![
                value("KM2", "2023-24-Q1", 7), // unchanged
                value("KM1", "2023-24-Q1", 6), // changed
                value("KM1", "2023-24-Q2", 8), // new
            ],
            ..Dataset::default()
        };
        let diff = held.merge(package.clone());
        assert_eq!(diff.counts(), (1, 1));
        assert!(
            matches!(&diff.measure_values[0], RecordChange::Update { old, new } if old.value.figure() == Some(Decimal::from(5)) && new.value.figure() == Some(Decimal::from(6)))
        );
        let order: Vec<String> = held
            .measure_values
            .iter()
            .map(|v| v.key().to_string())
            .collect();
        assert_eq!(
            order,
            ["KM1 2023-24-Q1", "KM1 2023-24-Q2", "KM2 2023-24-Q1"]
        );
        assert!(
            held.merge(package).is_empty(),
            "merging again changes nothing"
        );
    }

    #[test]
    fn changes_to_locked_quarters_are_restatements() {
        let mut held = Dataset {
            measures: vec![measure("KM1")],
            measure_values: vec![value("KM1", "2023-24-Q1", 5), value("KM1", "2023-24-Q2", 5)],
            ..Dataset::default()
        };
        let package = Dataset {
            measure_values: vec![
                value("KM1", "2023-24-Q1", 6),
                value("KM1", "2023-24-Q2", 6),
                value("KM1", "2023-24-Q3", 6),
            ],
            ..Dataset::default()
        };
        let diff = held.merge(package.clone());
        let q1: FinancialQuarter = "2023-24-Q1".parse().unwrap();
        assert_eq!(diff.restatements(&[q1]), ["measure value KM1 2023-24-Q1"]);
        assert!(diff.restatements(&[]).is_empty());
    }
}
