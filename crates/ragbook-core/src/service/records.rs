//! A department's service plan as records: the plan itself, its actions (each serving council
//! priorities, perhaps delivering a Council Plan deliverable, with success measures), its
//! controllable budget by division and spending category, and its savings.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::timing::Timing;
use crate::period::FinancialYear;
use crate::plan::ItemId;

/// Whether a plan document is a draft or final.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Not yet approved.
    #[default]
    Draft,
    /// Approved.
    Final,
}

/// A department's four-year service plan and its latest annual update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePlanRecord {
    /// Stable id, e.g. `place-2023-27`.
    pub id: ItemId,
    /// The department, as deliverables and measures name it ("Place").
    pub department: String,
    /// The first financial year of the plan.
    pub first_year: FinancialYear,
    /// The last financial year of the plan.
    pub last_year: FinancialYear,
    /// The year of the annual update, if it is one ("2026-27 Update").
    #[serde(default)]
    pub update_year: Option<FinancialYear>,
    /// The executive director.
    #[serde(default)]
    pub director: Option<String>,
    /// Draft or final.
    #[serde(default)]
    pub status: PlanStatus,
}

impl ServicePlanRecord {
    /// "Service Plan 2023-2027", the title its years give.
    pub fn title(&self) -> String {
        let end = self.last_year.first_month().year() + 1;
        format!(
            "Service Plan {}-{end}",
            self.first_year.first_month().year()
        )
    }

    /// The year the document is for: its update year, else its first year.
    pub fn year(&self) -> FinancialYear {
        self.update_year.unwrap_or(self.first_year)
    }
}

/// An action of a service plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// Stable id, e.g. `PL-03`.
    pub id: ItemId,
    /// The plan.
    pub plan: ItemId,
    /// Its number as printed ("3"); a sub-action's is its parent's ("3").
    pub number: String,
    /// The action it is a sub-action of.
    #[serde(default)]
    pub parent: Option<ItemId>,
    /// What will be done.
    pub title: String,
    /// Lead officer or role.
    #[serde(default)]
    pub lead: Option<String>,
    /// When it starts.
    #[serde(default)]
    pub start: Option<Timing>,
    /// When it is to be complete.
    #[serde(default)]
    pub complete: Option<Timing>,
    /// A note on the dates ("two strands: design 2024, build 2025").
    #[serde(default)]
    pub timing_note: Option<String>,
    /// The Council Plan deliverable it delivers: one deliverable, several plans' actions.
    #[serde(default)]
    pub deliverable: Option<ItemId>,
    /// Council priorities it serves; none for a departmental priority's action.
    #[serde(default)]
    pub priorities: Vec<ItemId>,
    /// The departmental priority it serves, for an action of Section Two.
    #[serde(default)]
    pub department_priority: Option<String>,
    /// Its success measures, by measure id.
    #[serde(default)]
    pub measures: Vec<ItemId>,
    /// How success is judged, in words, beside or instead of measures.
    #[serde(default)]
    pub success: Option<String>,
    /// The annual update that added it; none if it was in the plan from its first year.
    #[serde(default)]
    pub added: Option<FinancialYear>,
    /// The annual update that closed it: it is listed up to the year before.
    #[serde(default)]
    pub closed: Option<FinancialYear>,
}

impl ActionRecord {
    /// Whether the plan's document for `year` lists it.
    pub fn listed_in(&self, year: FinancialYear) -> bool {
        self.added.is_none_or(|added| added <= year)
            && self.closed.is_none_or(|closed| year < closed)
    }
}

/// Whether a budget table is printed in pounds or thousands of pounds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoneyUnit {
    /// Whole pounds.
    #[default]
    #[serde(rename = "£")]
    Pounds,
    /// Thousands of pounds.
    #[serde(rename = "£'000")]
    Thousands,
}

impl MoneyUnit {
    /// How many pounds one of the unit is.
    pub fn pounds(self) -> Decimal {
        match self {
            MoneyUnit::Pounds => Decimal::ONE,
            MoneyUnit::Thousands => Decimal::from(1000),
        }
    }
}

/// The spending categories of a controllable budget, in the order printed.
pub const CATEGORIES: [&str; 8] = [
    "employees",
    "premises",
    "transport",
    "supplies",
    "agency",
    "transfer_payments",
    "unallocated",
    "recharges",
];

/// One division's controllable budget for a year, in pounds. Income and grants are negative,
/// as finance officers write them; gross and net are worked out, never typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRowRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The division ("Finance").
    pub division: String,
    /// The group heading it sits under ("Corporate services"), if any.
    #[serde(default)]
    pub group: Option<String>,
    /// The unit its table is printed in.
    #[serde(default)]
    pub unit: MoneyUnit,
    /// Employees.
    pub employees: Decimal,
    /// Premises.
    pub premises: Decimal,
    /// Transport.
    pub transport: Decimal,
    /// Supplies and services.
    pub supplies: Decimal,
    /// Agency and contracted services.
    pub agency: Decimal,
    /// Transfer payments.
    pub transfer_payments: Decimal,
    /// Unallocated budget (may be negative).
    pub unallocated: Decimal,
    /// Controllable recharges (may be negative).
    pub recharges: Decimal,
    /// Income (negative).
    pub income: Decimal,
    /// Grants (negative).
    pub grants: Decimal,
}

impl BudgetRowRecord {
    /// The spending categories' amounts, in [`CATEGORIES`] order.
    pub fn categories(&self) -> [Decimal; 8] {
        [
            self.employees,
            self.premises,
            self.transport,
            self.supplies,
            self.agency,
            self.transfer_payments,
            self.unallocated,
            self.recharges,
        ]
    }

    /// Gross: the sum of the spending categories.
    pub fn gross(&self) -> Decimal {
        self.categories().iter().sum()
    }

    /// Net: gross plus income plus grants (both negative).
    pub fn net(&self) -> Decimal {
        self.gross() + self.income + self.grants
    }

    /// Every column as printed, in order: the categories, gross, income, grants, net.
    pub fn columns(&self) -> [Decimal; 12] {
        let c = self.categories();
        [
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[6],
            c[7],
            self.gross(),
            self.income,
            self.grants,
            self.net(),
        ]
    }
}

/// A saving a service plan commits to for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSavingRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The area ("Staffing").
    pub area: String,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The amount, in pounds.
    pub amount: Decimal,
}

/// A risk on a department's register: its levels on the register's matrix (5x5 by default) and
/// the council priorities it threatens. The plan's key risks table shows those scoring at least
/// the settings' threshold (15 by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRiskRecord {
    /// Stable id.
    pub id: ItemId,
    /// The plan.
    pub plan: ItemId,
    /// What could happen.
    pub title: String,
    /// Council priorities it threatens; none for a departmental risk.
    #[serde(default)]
    pub priorities: Vec<ItemId>,
    /// The division it sits with, if any.
    #[serde(default)]
    pub division: Option<String>,
    /// Likelihood, a level of the register's matrix.
    pub likelihood: u8,
    /// Impact.
    pub impact: u8,
    /// What is done about it.
    #[serde(default)]
    pub mitigations: Option<String>,
}

impl DepartmentRiskRecord {
    /// Its score: likelihood times impact.
    pub fn score(&self) -> u8 {
        self.likelihood.saturating_mul(self.impact)
    }
}

/// What a procurement's estimated date is the date of (one source's heading and text
/// disagreed: each row says).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateMeaning {
    /// When the procurement starts.
    #[default]
    ProcurementStart,
    /// When the contract is awarded.
    Award,
    /// When the contract starts.
    ContractStart,
}

/// A contract on a plan's forward procurement plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcurementRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year of the plan's update it is listed in.
    pub year: FinancialYear,
    /// The contract's title.
    pub title: String,
    /// The division procuring it, if grouped by division.
    #[serde(default)]
    pub division: Option<String>,
    /// The estimated value in pounds; none while to be advised.
    #[serde(default)]
    pub value: Option<Decimal>,
    /// The estimated date.
    #[serde(default)]
    pub date: Option<Timing>,
    /// What the date is the date of.
    #[serde(default)]
    pub date_means: DateMeaning,
}

/// A line of a plan's vehicle replacement programme: how many vehicles of a type a service
/// uses, their age and optimum life, and their cost and yearly charge; the products and the
/// total are worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The service using them.
    pub user: String,
    /// The vehicle type ("Minibus").
    pub vehicle_type: String,
    /// How many.
    pub quantity: u32,
    /// Their average age in years.
    #[serde(default)]
    pub average_age: Option<Decimal>,
    /// Their optimum life in years.
    #[serde(default)]
    pub optimum_life: Option<Decimal>,
    /// The cost of one, in pounds.
    pub cost: Decimal,
    /// The yearly charge for one, in pounds.
    pub charge: Decimal,
}

impl VehicleRecord {
    /// Cost x quantity.
    pub fn total_cost(&self) -> Decimal {
        self.cost * Decimal::from(self.quantity)
    }

    /// Charge x quantity.
    pub fn total_charge(&self) -> Decimal {
        self.charge * Decimal::from(self.quantity)
    }
}

/// A plan's own target for a measure in a year: a measure shared by several plans (sickness,
/// agency spend) has one value per period and a target per plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTargetRecord {
    /// The plan.
    pub plan: ItemId,
    /// The year.
    pub year: FinancialYear,
    /// The measure.
    pub measure: ItemId,
    /// The target.
    pub target: crate::target::Target,
}

/// How an action is going, as its lead says each quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionProgress {
    /// Going as planned.
    OnTrack,
    /// Could slip without action.
    AtRisk,
    /// Behind its completion date.
    Delayed,
    /// Done.
    Complete,
}

impl ActionProgress {
    /// Every progress, in the order offered.
    pub const ALL: [ActionProgress; 4] = [
        ActionProgress::OnTrack,
        ActionProgress::AtRisk,
        ActionProgress::Delayed,
        ActionProgress::Complete,
    ];

    /// Its label: "On track".
    pub fn label(self) -> &'static str {
        match self {
            ActionProgress::OnTrack => "On track",
            ActionProgress::AtRisk => "At risk",
            ActionProgress::Delayed => "Delayed",
            ActionProgress::Complete => "Complete",
        }
    }

    /// Its code in files and forms: "on_track".
    pub fn code(self) -> &'static str {
        match self {
            ActionProgress::OnTrack => "on_track",
            ActionProgress::AtRisk => "at_risk",
            ActionProgress::Delayed => "delayed",
            ActionProgress::Complete => "complete",
        }
    }
}

/// An action's progress in a quarter, given by its department in the quarterly cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdate {
    /// The action.
    pub action: ItemId,
    /// The quarter.
    pub quarter: crate::period::FinancialQuarter,
    /// How it is going.
    #[serde(default)]
    pub progress: Option<ActionProgress>,
    /// What has happened this quarter.
    #[serde(default)]
    pub commentary: Option<String>,
}
