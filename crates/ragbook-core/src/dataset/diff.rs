//! What a merge changed: each record added or changed, table by table, and which of the
//! changes restate a locked quarter.

#[allow(clippy::wildcard_imports)]
use super::*;

/// One record added or changed by a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordChange<T> {
    /// A record that was not held before.
    Insert(T),
    /// A record whose contents changed.
    Update {
        /// As held before.
        old: T,
        /// As it is now.
        new: T,
    },
}

impl<T: Keyed> RecordChange<T> {
    /// The record as it is after the change.
    pub fn current(&self) -> &T {
        match self {
            RecordChange::Insert(new) | RecordChange::Update { new, .. } => new,
        }
    }

    /// The record as it was, for an update.
    pub fn old(&self) -> Option<&T> {
        match self {
            RecordChange::Insert(_) => None,
            RecordChange::Update { old, .. } => Some(old),
        }
    }
}

/// What a merge changed, table by table. Records the package repeats unchanged are not here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    /// The organisation, if it was set or changed: (old, new).
    pub organisation: Option<(Option<Organisation>, Organisation)>,
    /// Plans added, or whose title or years changed.
    pub plans: Vec<RecordChange<PlanHeader>>,
    /// Priorities added or changed.
    pub priorities: Vec<RecordChange<PriorityRecord>>,
    /// Priority renames added or changed.
    pub priority_renames: Vec<RecordChange<PriorityRename>>,
    /// Deliverables added or changed.
    pub deliverables: Vec<RecordChange<DeliverableRecord>>,
    /// Deliverable updates added or changed.
    pub deliverable_updates: Vec<RecordChange<DeliverableUpdate>>,
    /// Measures added or changed.
    pub measures: Vec<RecordChange<MeasureRecord>>,
    /// Measure values added or changed.
    pub measure_values: Vec<RecordChange<ValueRecord>>,
    /// Targets added or changed.
    pub targets: Vec<RecordChange<TargetRecord>>,
    /// Measure commentary added or changed.
    pub measure_updates: Vec<RecordChange<MeasureUpdate>>,
    /// Benchmarks added or changed.
    pub benchmarks: Vec<RecordChange<BenchmarkRecord>>,
    /// Headline initiatives added or changed.
    pub headline_initiatives: Vec<RecordChange<HeadlineInitiative>>,
    /// Published overall ratings added or changed.
    pub published_rollups: Vec<RecordChange<PublishedRollup>>,
    /// Priority projects added or changed.
    pub projects: Vec<RecordChange<ProjectRecord>>,
    /// Project updates added or changed.
    pub project_updates: Vec<RecordChange<ProjectUpdate>>,
    /// Strategic risks added or changed.
    pub risks: Vec<RecordChange<RiskRecord>>,
    /// Risk assessments added or changed.
    pub risk_updates: Vec<RecordChange<RiskUpdate>>,
    /// Service plans added or changed.
    pub service_plans: Vec<RecordChange<ServicePlanRecord>>,
    /// Service plan actions added or changed.
    pub actions: Vec<RecordChange<ActionRecord>>,
    /// Service plan budget rows added or changed.
    pub service_budgets: Vec<RecordChange<BudgetRowRecord>>,
    /// Service plan savings added or changed.
    pub planned_savings: Vec<RecordChange<PlannedSavingRecord>>,
    /// Departmental risks added or changed.
    pub department_risks: Vec<RecordChange<DepartmentRiskRecord>>,
    /// Procurement plan contracts added or changed.
    pub procurements: Vec<RecordChange<ProcurementRecord>>,
    /// Vehicle replacement lines added or changed.
    pub vehicles: Vec<RecordChange<VehicleRecord>>,
    /// Service plans' targets added or changed.
    pub service_targets: Vec<RecordChange<PlanTargetRecord>>,
    /// Capital schemes added or changed.
    pub capital_schemes: Vec<RecordChange<CapitalSchemeRecord>>,
    /// Capital funding lines added or changed.
    pub capital_funding: Vec<RecordChange<FundingLineRecord>>,
    /// Action progress updates added or changed.
    pub action_updates: Vec<RecordChange<ActionUpdate>>,
    /// Budget monitoring records added or changed.
    pub finance: crate::finance::FinanceDiff,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.organisation.is_none()
            && self.plans.is_empty()
            && self.priorities.is_empty()
            && self.priority_renames.is_empty()
            && self.deliverables.is_empty()
            && self.deliverable_updates.is_empty()
            && self.measures.is_empty()
            && self.measure_values.is_empty()
            && self.targets.is_empty()
            && self.measure_updates.is_empty()
            && self.benchmarks.is_empty()
            && self.published_rollups.is_empty()
            && self.headline_initiatives.is_empty()
            && self.projects.is_empty()
            && self.project_updates.is_empty()
            && self.risks.is_empty()
            && self.risk_updates.is_empty()
            && self.service_plans.is_empty()
            && self.actions.is_empty()
            && self.service_budgets.is_empty()
            && self.planned_savings.is_empty()
            && self.department_risks.is_empty()
            && self.procurements.is_empty()
            && self.vehicles.is_empty()
            && self.service_targets.is_empty()
            && self.capital_schemes.is_empty()
            && self.capital_funding.is_empty()
            && self.action_updates.is_empty()
            && self.finance.is_empty()
    }

    /// (inserted, updated) record counts over every table.
    pub fn counts(&self) -> (usize, usize) {
        fn count<T>(changes: &[RecordChange<T>]) -> (usize, usize) {
            let inserted = changes
                .iter()
                .filter(|c| matches!(c, RecordChange::Insert(_)))
                .count();
            (inserted, changes.len() - inserted)
        }
        let tables = [
            count(&self.plans),
            count(&self.priorities),
            count(&self.priority_renames),
            count(&self.deliverables),
            count(&self.deliverable_updates),
            count(&self.measures),
            count(&self.measure_values),
            count(&self.targets),
            count(&self.measure_updates),
            count(&self.benchmarks),
            count(&self.published_rollups),
            count(&self.headline_initiatives),
            count(&self.projects),
            count(&self.project_updates),
            count(&self.risks),
            count(&self.risk_updates),
            count(&self.service_plans),
            count(&self.actions),
            count(&self.service_budgets),
            count(&self.planned_savings),
            count(&self.department_risks),
            count(&self.procurements),
            count(&self.vehicles),
            count(&self.service_targets),
            count(&self.capital_schemes),
            count(&self.capital_funding),
            count(&self.action_updates),
            self.finance.counts(),
        ];
        tables
            .iter()
            .fold((0, 0), |(i, u), (ti, tu)| (i + ti, u + tu))
    }

    /// Changes to existing period data (updates, not inserts) whose period overlaps one of
    /// `locked` quarters: restatements of figures already reported. Each is named by its key.
    pub fn restatements(&self, locked: &[FinancialQuarter]) -> Vec<String> {
        fn touching<T: Keyed>(
            changes: &[RecordChange<T>],
            locked: &[FinancialQuarter],
            table: &str,
            out: &mut Vec<String>,
        ) {
            for change in changes {
                if let (Some(old), Some(period)) = (change.old(), change.current().period())
                    && locked.iter().any(|quarter| period.overlaps(*quarter))
                {
                    out.push(format!("{table} {}", old.key()));
                }
            }
        }
        let mut out = Vec::new();
        touching(
            &self.deliverable_updates,
            locked,
            "deliverable update",
            &mut out,
        );
        touching(&self.measure_values, locked, "measure value", &mut out);
        touching(&self.targets, locked, "target", &mut out);
        touching(&self.measure_updates, locked, "measure update", &mut out);
        touching(&self.project_updates, locked, "project update", &mut out);
        touching(&self.risk_updates, locked, "risk assessment", &mut out);
        touching(
            &self.action_updates,
            locked,
            "action progress update",
            &mut out,
        );
        touching(
            &self.service_budgets,
            locked,
            "service plan budget row",
            &mut out,
        );
        touching(
            &self.planned_savings,
            locked,
            "service plan saving",
            &mut out,
        );
        out.extend(self.finance.restatements(locked));
        out
    }
}
