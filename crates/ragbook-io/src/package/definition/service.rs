//! Departmental service plans: each plan, its actions (serving council priorities, perhaps
//! delivering a Council Plan deliverable, with success measures), its controllable budget and
//! its savings. docs/service-plans.md.

use super::{Column, Kind, TableDef, column, field, measure_column};

/// A service plan's status.
pub const PLAN_STATUSES: &[&str] = &["draft", "final"];
/// The units a budget table is printed in.
pub const MONEY_UNITS: &[&str] = &["£", "£'000"];

const PLAN: Column = column(
    "plan",
    Kind::Ref("service_plans"),
    true,
    "The service plan's id.",
    "place-2023-27",
);

/// A capital programme's name, in its schemes and funding lines.
const PROGRAMME: Column = column(
    "programme",
    Kind::Text,
    true,
    "The programme.",
    "Land reclamation",
);

const YEAR: Column = column(
    "year",
    Kind::FinancialYear,
    true,
    "The financial year.",
    "2026-27",
);

const fn amount(name: &'static str, description: &'static str, example: &'static str) -> Column {
    column(name, Kind::Money, false, description, example)
}

/// The service plans table.
pub const SERVICE_PLANS: TableDef = TableDef {
    name: "service_plans",
    title: "Service plans",
    description: "Each department's four-year service plan and the year of its latest annual update. Its department is the name deliverables and measures give their owner.",
    single_row: false,
    columns: &[
        field("id", Kind::Id, true, "A short stable id.", "place-2023-27"),
        field(
            "department",
            Kind::Text,
            true,
            "The department, as deliverables and measures name it.",
            "Place",
        ),
        field(
            "first_year",
            Kind::FinancialYear,
            true,
            "The plan's first financial year.",
            "2023-24",
        ),
        field(
            "last_year",
            Kind::FinancialYear,
            true,
            "The plan's last financial year.",
            "2026-27",
        ),
        field(
            "update_year",
            Kind::FinancialYear,
            false,
            "The year of the annual update it is now, if it is one.",
            "2026-27",
        ),
        field(
            "director",
            Kind::Text,
            false,
            "The executive director.",
            "Executive Director of Place",
        ),
        field(
            "status",
            Kind::Choice(PLAN_STATUSES),
            false,
            "draft or final. Blank: draft.",
            "final",
        ),
    ],
};

/// The actions table.
pub const ACTIONS: TableDef = TableDef {
    name: "actions",
    title: "Service plan actions",
    description: "Each plan's actions, in number order. A sub-action names its parent. An action that delivers a Council Plan deliverable names it: one deliverable, many departments' actions. Start and complete are a date (2025-03-31), a month (Apr-2024), a financial year (2024-25), a year (2025), Ongoing, Underway or To be confirmed; a completion before the start is refused.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "A short stable id.", "PL-03"),
        PLAN,
        field("number", Kind::Text, true, "Its number as printed.", "3"),
        column(
            "parent",
            Kind::Ref("actions"),
            false,
            "For a sub-action: its parent action's id, in the same plan.",
            "",
        ),
        field(
            "title",
            Kind::LongText,
            true,
            "What will be done.",
            "Deliver the highways maintenance programme",
        ),
        field(
            "lead",
            Kind::Text,
            false,
            "Lead officer, role or division.",
            "Head of Highways",
        ),
        column("start", Kind::Text, false, "When it starts.", "Apr-2024"),
        column(
            "complete",
            Kind::Text,
            false,
            "When it is to be complete.",
            "Mar-2027",
        ),
        field("timing_note", Kind::Text, false, "A note on the dates.", ""),
        column(
            "deliverable",
            Kind::Ref("deliverables"),
            false,
            "The Council Plan deliverable it delivers, if any.",
            "D33",
        ),
        column(
            "priorities",
            Kind::RefList("priorities"),
            false,
            "The council priorities it serves, separated by ';', by id or by name (a title, short title or former title; an unknown name is refused). Blank for a departmental priority's action.",
            "P4",
        ),
        field(
            "department_priority",
            Kind::Text,
            false,
            "The departmental priority it serves, for an action of Section Two.",
            "",
        ),
        column(
            "measures",
            Kind::RefList("measures"),
            false,
            "Its success measures, by measure id, separated by ';'.",
            "KM30",
        ),
        field(
            "success",
            Kind::LongText,
            false,
            "How success is judged, in words.",
            "Programme delivered on budget",
        ),
        field(
            "added",
            Kind::FinancialYear,
            false,
            "The annual update that added it. Blank: in the plan from its first year.",
            "2026-27",
        ),
        field(
            "closed",
            Kind::FinancialYear,
            false,
            "The annual update that closed it (it is listed until the year before). Blank: still listed.",
            "",
        ),
    ],
};

/// The service budgets table.
pub const SERVICE_BUDGETS: TableDef = TableDef {
    name: "service_budgets",
    title: "Service plan controllable budgets",
    description: "Each division's controllable budget for a year, in the unit its table is printed in (£ or £'000, read and kept exactly). Income and grants are negative, as finance officers write them: (610) or -610. Gross and net are worked out, never typed. A row whose division is TOTAL is checked against the sum of the rows and not kept: a total that leaves a row out names it.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        column(
            "division",
            Kind::Text,
            true,
            "The division, or TOTAL for a total to check.",
            "Highways",
        ),
        field(
            "group",
            Kind::Text,
            false,
            "The group heading it sits under, if any.",
            "",
        ),
        column(
            "unit",
            Kind::Choice(MONEY_UNITS),
            false,
            "The unit of the amounts: £ or £'000. Blank: £.",
            "£'000",
        ),
        amount("employees", "Employees.", "4200"),
        amount("premises", "Premises.", "150"),
        amount("transport", "Transport.", "40"),
        amount("supplies", "Supplies and services.", "1250"),
        amount("agency", "Agency and contracted services.", "300"),
        amount("transfer_payments", "Transfer payments.", "0"),
        amount(
            "unallocated",
            "Unallocated budget; may be negative.",
            "(120)",
        ),
        amount(
            "recharges",
            "Controllable recharges; may be negative.",
            "(900)",
        ),
        amount("income", "Income: negative.", "(610)"),
        amount("grants", "Grants: negative.", "(50)"),
    ],
};

/// The planned savings table.
pub const PLANNED_SAVINGS: TableDef = TableDef {
    name: "planned_savings",
    title: "Service plan savings",
    description: "The savings each plan commits to for a year, by area. The plan's savings total is their sum.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        column("area", Kind::Text, true, "The area.", "Staffing"),
        field(
            "description",
            Kind::LongText,
            false,
            "What the saving is.",
            "Restructure of business support",
        ),
        field(
            "amount",
            Kind::Money,
            true,
            "The amount in pounds.",
            "1200000",
        ),
    ],
};

/// The departmental risks table.
pub const DEPARTMENT_RISKS: TableDef = TableDef {
    name: "department_risks",
    title: "Departmental risks",
    description: "The risks on each department's register, with their likelihood and impact on the register's matrix (settings.toml [service_plans] risk_matrix: 5x5 by default). A plan's key risks table shows those scoring at least [service_plans] key_risk_score (15 by default) under the council priorities they threaten, and every other council priority with None.",
    single_row: false,
    columns: &[
        field("id", Kind::Id, true, "A short stable id.", "PL-R1"),
        PLAN,
        field(
            "title",
            Kind::Text,
            true,
            "What could happen.",
            "Highways contract costs rise above budget",
        ),
        column(
            "priorities",
            Kind::RefList("priorities"),
            false,
            "The council priorities it threatens, separated by ';', by id or by name as for actions. Blank for a departmental risk.",
            "P4",
        ),
        field(
            "division",
            Kind::Text,
            false,
            "The division it sits with, if any.",
            "Highways",
        ),
        field(
            "likelihood",
            Kind::Whole { min: 1, max: 6 },
            true,
            "Likelihood, a level of the register's matrix.",
            "4",
        ),
        field(
            "impact",
            Kind::Whole { min: 1, max: 6 },
            true,
            "Impact, a level of the register's matrix.",
            "4",
        ),
        field(
            "mitigations",
            Kind::LongText,
            false,
            "What is done about it.",
            "Quarterly cost reviews with the contractor",
        ),
    ],
};

/// The vehicle replacement programmes table.
pub const VEHICLES: TableDef = TableDef {
    name: "vehicles",
    title: "Vehicle replacement programme",
    description: "Each plan's vehicle replacement programme for a year: a line per service and vehicle type. Cost x quantity, charge x quantity and the total are worked out.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        column(
            "user",
            Kind::Text,
            true,
            "The service using the vehicles.",
            "Highways",
        ),
        column(
            "vehicle_type",
            Kind::Text,
            true,
            "The vehicle type.",
            "Gritter",
        ),
        field(
            "quantity",
            Kind::Whole {
                min: 0,
                max: 100_000,
            },
            true,
            "How many.",
            "4",
        ),
        field(
            "average_age",
            Kind::Money,
            false,
            "Their average age in years.",
            "9",
        ),
        field(
            "optimum_life",
            Kind::Money,
            false,
            "Their optimum life in years.",
            "7",
        ),
        field(
            "cost",
            Kind::Money,
            true,
            "The cost of one vehicle, in pounds.",
            "31000",
        ),
        field(
            "charge",
            Kind::Money,
            true,
            "The yearly charge for one vehicle, in pounds.",
            "5200",
        ),
    ],
};

/// What a procurement's date is the date of.
pub const DATE_MEANINGS: &[&str] = &["procurement_start", "award", "contract_start"];

/// The procurement plans table.
pub const PROCUREMENTS: TableDef = TableDef {
    name: "procurements",
    title: "Forward procurement plan",
    description: "Contracts each plan expects to procure, over the lowest band's floor (£25,000 by default; settings.toml [service_plans] procurement_bands), due within the plan's window. A value may be TBA or TBC; a band, if given, must be the one the value is in; a date is a date, a month, a financial year or a year, and not before the plan.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        column(
            "title",
            Kind::Text,
            true,
            "The contract's title.",
            "Payroll bureau service",
        ),
        field(
            "division",
            Kind::Text,
            false,
            "The division procuring it, if the plan groups them by division.",
            "Finance",
        ),
        column(
            "value",
            Kind::Money,
            false,
            "The estimated value in pounds, or TBA / TBC.",
            "180000",
        ),
        column(
            "band",
            Kind::Whole { min: 1, max: 9 },
            false,
            "The value band it is listed in (1 is the lowest), as a check: it must be the band the value is in.",
            "2",
        ),
        column(
            "date",
            Kind::Text,
            false,
            "The estimated date: 2024-10-01, Oct-2025, 2025-26, 2025, or TBC.",
            "2024-10-01",
        ),
        field(
            "date_means",
            Kind::Choice(DATE_MEANINGS),
            false,
            "What the date is the date of. Blank: procurement_start.",
            "contract_start",
        ),
    ],
};

/// The service plans' own targets.
pub const SERVICE_TARGETS: TableDef = TableDef {
    name: "service_targets",
    title: "Service plan targets",
    description: "A plan's own target for a measure in a year, where it differs from the council's (a measure shared by several plans, such as sickness, has one value per period and a target per plan). The plan's document prints it in the Target column; the annual update lists targets reset.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        measure_column("KM07"),
        column(
            "target",
            Kind::Target,
            true,
            "A figure (4.0%), a range (15-21), a bound (2% or less), Monitor, Baseline or Not set, in the measure's unit.",
            "4.0%",
        ),
    ],
};

/// The capital schemes table.
pub const CAPITAL_SCHEMES: TableDef = TableDef {
    name: "capital_schemes",
    title: "Capital programme schemes",
    description: "Each scheme of a plan's scheme capital programmes (land reclamation, say) for a year, in pounds: works this year and design fees (their total is worked out), what the programme funds and from where. The SUB TOTAL and TOTAL NET are worked out. A programme cannot fund more than a scheme's total.",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        PROGRAMME,
        field(
            "area",
            Kind::Text,
            false,
            "The area it is listed under.",
            "North",
        ),
        column(
            "location",
            Kind::Text,
            true,
            "Where the scheme is; each once per programme and year.",
            "Hollins Lane tip",
        ),
        field(
            "description",
            Kind::Text,
            false,
            "What it is.",
            "Cap and landscape former tip",
        ),
        field(
            "scheme_cost",
            Kind::Money,
            false,
            "The whole scheme's cost over every year, in pounds.",
            "450000",
        ),
        field(
            "works",
            Kind::Money,
            true,
            "Works this year, in pounds.",
            "180000",
        ),
        field(
            "fees",
            Kind::Money,
            true,
            "Design fees this year, in pounds.",
            "20000",
        ),
        field(
            "funded",
            Kind::Money,
            true,
            "What the programme funds of this year's total, in pounds.",
            "150000",
        ),
        field(
            "funding_source",
            Kind::Text,
            false,
            "Where the rest comes from.",
            "Homes England",
        ),
    ],
};

/// The capital funding lines table.
pub const CAPITAL_FUNDING: TableDef = TableDef {
    name: "capital_funding",
    title: "Capital programme funding lines",
    description: "A programme's other funding lines for a year, after its SUB TOTAL: signed as they add to or take from the TOTAL NET (money from elsewhere is negative).",
    single_row: false,
    columns: &[
        PLAN,
        YEAR,
        PROGRAMME,
        column(
            "description",
            Kind::Text,
            true,
            "What the line is; each once per programme and year.",
            "Contribution from Homes England",
        ),
        field(
            "amount",
            Kind::Money,
            true,
            "The amount in pounds: negative for money from elsewhere.",
            "-50000",
        ),
    ],
};

/// An action's progress, as files and forms write it.
pub const ACTION_PROGRESS: &[&str] = &["on_track", "at_risk", "delayed", "complete"];

/// The action updates table.
pub const ACTION_UPDATES: TableDef = TableDef {
    name: "action_updates",
    title: "Service plan action progress",
    description: "Each service plan action's progress in a quarter, as its department gives it in the quarterly cycle (or by import). One row per action per quarter.",
    single_row: false,
    columns: &[
        column(
            "action",
            Kind::Ref("actions"),
            true,
            "The action's id.",
            "PL-03",
        ),
        column(
            "quarter",
            Kind::Quarter,
            true,
            "The quarter the update is for.",
            "2026-27-Q2",
        ),
        field(
            "progress",
            Kind::Choice(ACTION_PROGRESS),
            false,
            "on_track, at_risk, delayed or complete.",
            "on_track",
        ),
        field(
            "commentary",
            Kind::LongText,
            false,
            "What has happened this quarter.",
            "The strategy's first-year actions are complete.",
        ),
    ],
};
