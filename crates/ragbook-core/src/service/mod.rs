//! Departmental service plans: each department's plan of actions, measures, budget and savings,
//! and the golden thread from the council's priorities and Council Plan deliverables down to
//! them. docs/service-plans.md; rules: ../shared/reference/service-plan-structure.md.

pub mod budget;
pub mod capital;
pub mod document;
pub mod procurement;
pub mod records;
pub mod thread;
pub mod timing;
pub mod update;

#[cfg(test)]
mod tests;

pub use capital::{CapitalSchemeRecord, FundingLineRecord};
pub use records::{
    ActionProgress, ActionRecord, ActionUpdate, BudgetRowRecord, DateMeaning, DepartmentRiskRecord,
    MoneyUnit, PlanStatus, PlanTargetRecord, PlannedSavingRecord, ProcurementRecord,
    ServicePlanRecord, VehicleRecord,
};
pub use thread::{Thread, thread};
pub use timing::Timing;
