//! The budget monitoring tables of the data package. Money is in pounds, typed as finance
//! officers type it ("£2,921,500", "£16.420m", "-512,000", "(512,000)"); see docs/finance.md
//! for the sign conventions.

use super::{Column, Kind, TableDef, column};

/// Corporate budget lines.
pub const CORPORATE_LINES: &[&str] = &[
    "risk_management",
    "debt_charges",
    "interest_and_dividend_income",
    "levies_and_precepts",
    "corporate_adjustments",
];
/// Yes or no.
pub const YES_NO: &[&str] = &["yes", "no"];
/// What a portfolio column says for a line or saving that belongs to no single portfolio.
pub const CROSS_PORTFOLIO: &str = ragbook_core::finance::CROSS_PORTFOLIO_ID;
/// How far a service is traded.
pub const TRADING: &[&str] = &["fully", "partially"];

const fn quarter() -> Column {
    column(
        "quarter",
        Kind::Quarter,
        true,
        "The quarter whose forecast this is.",
        "2024-25-Q2",
    )
}

const fn money(
    name: &'static str,
    required: bool,
    description: &'static str,
    example: &'static str,
) -> Column {
    column(name, Kind::Money, required, description, example)
}

/// Portfolios.
pub const PORTFOLIOS: TableDef = TableDef {
    name: "portfolios",
    title: "Portfolios",
    description: "Cabinet portfolios, as first set up. A portfolio keeps its id for its life; a later name goes in portfolio_renames, and one that ends names the portfolios that took over its budgets.",
    single_row: false,
    columns: &[
        column(
            "id",
            Kind::Id,
            true,
            "Stable id, kept through renames.",
            "ASC",
        ),
        column(
            "name",
            Kind::Text,
            true,
            "Its name in its first year.",
            "Adult Care",
        ),
        column(
            "first_year",
            Kind::FinancialYear,
            true,
            "Its first year.",
            "2021-22",
        ),
        column(
            "last_year",
            Kind::FinancialYear,
            false,
            "Its last year, if it has ended.",
            "",
        ),
        column(
            "successors",
            Kind::RefList("portfolios"),
            false,
            "When it has ended: the portfolios that took over its budgets (one after a merge, several after a split), separated by ;.",
            "",
        ),
        column(
            "aliases",
            Kind::Text,
            false,
            "Other names finance files use for it, separated by ;.",
            "ASCH",
        ),
    ],
};

/// Portfolio renames.
pub const PORTFOLIO_RENAMES: TableDef = TableDef {
    name: "portfolio_renames",
    title: "Portfolio renames",
    description: "A new name for a portfolio from a year on. Files may use any name a portfolio has had, or an alias.",
    single_row: false,
    columns: &[
        column(
            "portfolio",
            Kind::Ref("portfolios"),
            true,
            "The portfolio's id.",
            "ASC",
        ),
        column(
            "name",
            Kind::Text,
            true,
            "Its new name.",
            "Adult Social Care and Health",
        ),
        column(
            "from",
            Kind::FinancialYear,
            true,
            "The first year of the new name.",
            "2023-24",
        ),
    ],
};

/// Budget lines.
pub const BUDGET_LINES: TableDef = TableDef {
    name: "budget_lines",
    title: "Budget lines",
    description: "Lines of the revenue budget: service lines within a portfolio (give portfolio), and the corporate lines below the portfolios (give corporate). A portfolio's figures are the sum of its service lines.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "Stable id.", "ASC-OP"),
        column(
            "title",
            Kind::Text,
            true,
            "Its name in reports.",
            "Older people's care",
        ),
        column(
            "portfolio",
            Kind::Text,
            false,
            "For a service line: its portfolio (id, or its name or an alias); cross-portfolio for a line that belongs to no single portfolio.",
            "ASC",
        ),
        column(
            "corporate",
            Kind::Choice(CORPORATE_LINES),
            false,
            "For a corporate line: which one.",
            "",
        ),
        column(
            "income",
            Kind::Choice(YES_NO),
            false,
            "yes for an income line, whose budget is negative (fees and charges, interest and dividend income). Blank is no.",
            "no",
        ),
    ],
};

/// Revenue figures.
pub const REVENUE: TableDef = TableDef {
    name: "revenue",
    title: "Revenue outturn",
    description: "A budget line's figures as forecast in a quarter. Adjusted budget = budget + grant; projected outturn = forecast - adjusted budget (positive is an overspend).",
    single_row: false,
    columns: &[
        column(
            "line",
            Kind::Ref("budget_lines"),
            true,
            "The budget line's id.",
            "ASC-OP",
        ),
        quarter(),
        money(
            "budget",
            true,
            "The budget for the year, in pounds (negative for income).",
            "£120,450,000",
        ),
        money(
            "grant",
            false,
            "Grant funding applied to the line this year. Blank is none.",
            "£1,200,000",
        ),
        money(
            "forecast",
            true,
            "Forecast actuals for the year.",
            "£122,100,000",
        ),
        column(
            "explanation",
            Kind::LongText,
            false,
            "Why it varies from budget.",
            "Demand for residential placements above budget.",
        ),
    ],
};

/// Savings.
pub const SAVINGS: TableDef = TableDef {
    name: "savings",
    title: "Savings",
    description: "A portfolio's savings as forecast in a quarter. Target = brought forward + current year - one-off support.",
    single_row: false,
    columns: &[
        column(
            "portfolio",
            Kind::Text,
            true,
            "The portfolio (id, or a name or alias it has in the quarter's year); cross-portfolio for savings that belong to no single portfolio.",
            "ASC",
        ),
        quarter(),
        money(
            "brought_forward",
            false,
            "Savings still to find from earlier years (negative if earlier years over-achieved). Blank is none.",
            "£1,200,000",
        ),
        money(
            "current_year",
            true,
            "Savings set for this year.",
            "£3,000,000",
        ),
        money(
            "one_off_support",
            false,
            "One-off support that reduces this year's target. Blank is none.",
            "£500,000",
        ),
        money(
            "identified",
            true,
            "Savings identified so far.",
            "£3,100,000",
        ),
        money(
            "forecast_achieved",
            true,
            "Savings forecast to be achieved by the year end.",
            "£2,900,000",
        ),
        column(
            "commentary",
            Kind::LongText,
            false,
            "What the report says about them.",
            "",
        ),
    ],
};

/// The general reserve.
pub const GENERAL_RESERVE: TableDef = TableDef {
    name: "general_reserve",
    title: "General reserve",
    description: "The general reserve's opening balance and the net budget requirement it is measured against, per quarter's forecast. The forecast year-end balance = opening balance - commitments - projected outturn (docs/finance.md).",
    single_row: false,
    columns: &[
        quarter(),
        money(
            "opening_balance",
            true,
            "The balance at the start of the year.",
            "£36,500,000",
        ),
        money(
            "net_budget_requirement",
            true,
            "The year's net budget requirement.",
            "£652,000,000",
        ),
    ],
};

/// Commitments against the general reserve.
pub const RESERVE_COMMITMENTS: TableDef = TableDef {
    name: "reserve_commitments",
    title: "General reserve commitments",
    description: "Named calls on the general reserve in a quarter's forecast.",
    single_row: false,
    columns: &[
        quarter(),
        column(
            "name",
            Kind::Text,
            true,
            "What it is for, as the report names it.",
            "Pay award above budget",
        ),
        money(
            "amount",
            true,
            "Amount drawn from the reserve (negative adds to it).",
            "£4,200,000",
        ),
    ],
};

/// Earmarked reserves.
pub const EARMARKED_RESERVES: TableDef = TableDef {
    name: "earmarked_reserves",
    title: "Earmarked reserves",
    description: "Reserves set aside for a purpose, by portfolio, as forecast in a quarter.",
    single_row: false,
    columns: &[
        column(
            "portfolio",
            Kind::Text,
            true,
            "The portfolio that holds it (id, or a name or alias it has in the quarter's year).",
            "ASC",
        ),
        column(
            "reserve",
            Kind::Text,
            true,
            "The reserve's name.",
            "Winter pressures",
        ),
        quarter(),
        money(
            "opening_balance",
            true,
            "Balance at the start of the year.",
            "£2,000,000",
        ),
        money(
            "forecast_balance",
            true,
            "Balance forecast at the year end.",
            "£1,250,000",
        ),
    ],
};

/// Traded services.
pub const TRADED_SERVICES: TableDef = TableDef {
    name: "traded_services",
    title: "Traded services",
    description: "Services sold to schools and others. Fully traded: contribution = income - expenditure (give expenditure). Partially traded: income against its income target (give income_target).",
    single_row: false,
    columns: &[
        column(
            "portfolio",
            Kind::Text,
            false,
            "The portfolio the service sits in (id, name or alias), where the report groups services by portfolio.",
            "",
        ),
        column(
            "area",
            Kind::Text,
            false,
            "The service area within the portfolio, where given. A service's name is unique within its portfolio and area.",
            "",
        ),
        column(
            "service",
            Kind::Text,
            true,
            "The service's name.",
            "School catering",
        ),
        quarter(),
        column(
            "trading",
            Kind::Choice(TRADING),
            true,
            "fully or partially traded.",
            "fully",
        ),
        money(
            "income",
            true,
            "Income forecast (a positive amount).",
            "£1,250,000",
        ),
        money(
            "expenditure",
            false,
            "Expenditure forecast (fully traded services).",
            "£1,300,000",
        ),
        money(
            "income_target",
            false,
            "Income target (partially traded services).",
            "",
        ),
        money(
            "transferred_to_reserves",
            false,
            "Transferred to earmarked reserves this year, where any.",
            "",
        ),
    ],
};

/// Aged debt.
pub const AGED_DEBT: TableDef = TableDef {
    name: "aged_debt",
    title: "Aged debt",
    description: "What each department is owed at a quarter's end, by how long it has been owed: a row per department and age band. The bands are the council's own, named in settings.toml ([finance] debt_bands); a band a department leaves out is £0.",
    single_row: false,
    columns: &[
        column(
            "department",
            Kind::Text,
            true,
            "The department.",
            "Adult Social Care",
        ),
        quarter(),
        column(
            "band",
            Kind::Text,
            true,
            "The age band, as settings.toml names it (by default: Up to 30 days, 31-60 days, 61-90 days, 91-365 days, 1-2 years, Over 2 years).",
            "Up to 30 days",
        ),
        money("amount", true, "Owed in that band, in pounds.", "£600,000"),
    ],
};

/// The grant funding register.
pub const GRANTS: TableDef = TableDef {
    name: "grants",
    title: "Grant funding register",
    description: "Grants the council holds, as forecast in a quarter.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "Stable id.", "HSF"),
        quarter(),
        column(
            "title",
            Kind::Text,
            true,
            "The grant's name.",
            "Household Support Fund",
        ),
        column(
            "awarding_body",
            Kind::Text,
            true,
            "Who awards it.",
            "Department for Work and Pensions",
        ),
        column(
            "ring_fenced",
            Kind::Choice(YES_NO),
            true,
            "yes if it may be spent only for its purpose.",
            "yes",
        ),
        money(
            "brought_forward",
            false,
            "Unspent grant brought forward. Blank is none.",
            "£0",
        ),
        money("expected", true, "Grant expected this year.", "£5,400,000"),
        money(
            "forecast_spend",
            true,
            "Spending forecast this year.",
            "£5,400,000",
        ),
    ],
};

/// Debt written off.
pub const DEBT_WRITTEN_OFF: TableDef = TableDef {
    name: "debt_written_off",
    title: "Debt written off",
    description: "Debt each department has written off in the year to the quarter's end.",
    single_row: false,
    columns: &[
        column(
            "department",
            Kind::Text,
            true,
            "The department.",
            "Adult Social Care",
        ),
        quarter(),
        money(
            "amount",
            true,
            "Written off this year, in pounds.",
            "£42,000",
        ),
    ],
};

/// Reconciling items.
pub const RECONCILING_ITEMS: TableDef = TableDef {
    name: "reconciling_items",
    title: "Reconciling items",
    description: "Items legitimately outside the budget lines that reconcile them with the net budget requirement (e.g. a contribution to reserves). The lines' budgets plus these amounts must equal the net budget requirement.",
    single_row: false,
    columns: &[
        quarter(),
        column(
            "name",
            Kind::Text,
            true,
            "What the item is.",
            "Contribution to earmarked reserves",
        ),
        money(
            "amount",
            true,
            "Its amount in pounds, as it adds to the lines' budgets.",
            "£1,250,000",
        ),
    ],
};
