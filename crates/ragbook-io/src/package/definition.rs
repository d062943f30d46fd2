//! The data package, defined once: every table, every column, its type, whether it is required,
//! what it means and an example. The reader, the writers, the blank template and
//! docs/package.md are all made from these definitions, so they cannot drift apart.

pub mod city;
pub mod finance;
pub mod measures;
pub mod rollups;
pub mod service;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The row's own id: letters, digits, `-`, `_`, `.`.
    Id,
    /// The id of a row in another table (named).
    Ref(&'static str),
    /// Ids of rows in another table, separated by `;`.
    RefList(&'static str),
    /// A line of text.
    Text,
    /// Paragraphs of text.
    LongText,
    /// A whole number from `min` to `max`.
    Whole {
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
    },
    /// One of a closed list of codes.
    Choice(&'static [&'static str]),
    /// A calendar date.
    Date,
    /// A financial year, `2023-24`.
    FinancialYear,
    /// A financial quarter, `2023-24-Q2`.
    Quarter,
    /// Any reporting period.
    Period,
    /// A month, `Sep-2023`.
    Month,
    /// A figure in the measure's unit.
    Figure,
    /// A target in the measure's unit.
    Target,
    /// The status of a value.
    Status,
    /// An amount of money in pounds.
    Money,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Heading, exactly as in files.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether every row must fill it.
    pub required: bool,
    /// What it means.
    pub description: &'static str,
    /// An example value.
    pub example: &'static str,
    /// Whether the column is the record's field of the same name, read, checked for its kind
    /// and written through the record's serde form with no code of the table's own (see
    /// [`field()`]).
    pub field: bool,
}

/// One table of the package: a CSV file `<name>.csv` or a sheet `<name>`.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// File stem and sheet name.
    pub name: &'static str,
    /// Title for people.
    pub title: &'static str,
    /// What a row is, and anything to know about the table.
    pub description: &'static str,
    /// Whether the table has exactly one data row.
    pub single_row: bool,
    /// Its columns.
    pub columns: &'static [Column],
}

impl TableDef {
    /// The column with this heading.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Units, as the `unit` column accepts them.
pub const UNITS: &[&str] = &[
    "count", "percent", "money", "money_m", "days", "points", "rate", "ratio",
];
/// Polarities.
pub const POLARITIES: &[&str] = &["higher", "lower", "none"];
/// Frequencies.
pub const FREQUENCIES: &[&str] = &["monthly", "quarterly", "six_monthly", "annual", "survey"];
/// Aggregation bases.
pub const BASES: &[&str] = &[
    "year_to_date",
    "cumulative",
    "rolling_12_months",
    "3_month_average",
    "6_month_average",
    "single_month",
    "point_in_time",
    "year_end_projection",
];
/// Rating methods.
pub const METHODS: &[&str] = &["threshold", "comparator", "manual", "none"];
/// Key-area choices.
pub const KEY_AREAS: &[&str] = &["success", "consideration", "exclude"];
/// Value statuses: how firm a figure is, or why there is none.
pub const STATUSES: &[&str] = &[
    "actual",
    "provisional",
    "projected",
    "restated",
    "not available",
    "awaiting data",
    "to be confirmed",
    "not applicable",
    "due in Q1",
    "due in Q2",
    "due in Q3",
    "due in Q4",
];

/// A column the table's reader and writer handle in code of their own: a reference to check, a
/// figure in its measure's unit, a code with more than one spelling.
pub const fn column(
    name: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
    example: &'static str,
) -> Column {
    Column {
        name,
        kind,
        required,
        description,
        example,
        field: false,
    }
}

/// The column naming the measure a row is about; `example` is an id from the demo.
pub const fn measure_column(example: &'static str) -> Column {
    column(
        "measure",
        Kind::Ref("measures"),
        true,
        "The measure's id.",
        example,
    )
}

/// A column that is its record's field of the same name: read from a cell by its kind (text,
/// paragraphs, a whole number, a choice, a date, a year, a quarter, a month, money, an id), written
/// back from the record, kept in the store and shown in the API, with no code of its own. A
/// reference to another table's rows is checked only for being an id; a column that must name a
/// held row is a [`column()`] with the table's own check. docs/development.md walks through adding
/// one.
pub const fn field(
    name: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
    example: &'static str,
) -> Column {
    Column {
        field: true,
        ..column(name, kind, required, description, example)
    }
}

/// The priority a row is about.
pub const PRIORITY: Column = column(
    "priority",
    Kind::Ref("priorities"),
    true,
    "The priority's id.",
    "P1",
);

/// When a priority, deliverable or key measure is first reported.
pub const STARTS: Column = column(
    "starts",
    Kind::Quarter,
    false,
    "The first quarter it is reported in, or a financial year for its first quarter. Blank: from the start of its plan. Set it for an item added at a refresh.",
    "2026-27-Q2",
);

/// When a priority, deliverable or key measure is last reported.
pub const ENDS: Column = column(
    "ends",
    Kind::Quarter,
    false,
    "The last quarter it is reported in, or a financial year for its last quarter. Blank: it carries on. Set it for an item dropped at a refresh: it is kept, with its history, and no longer reported.",
    "",
);

/// Whether the reader and writer can handle a column of `kind` as a [`field()`].
pub fn field_kind(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Figure | Kind::Target | Kind::Status | Kind::Period
    )
}

/// Every table, in the order they are read (a table's references point to earlier ones).
pub const TABLES: &[TableDef] = &[
    TableDef {
        name: "organisation",
        title: "Organisation",
        description: "Who the plan belongs to. One row. Needed in the first import; later packages may leave it out.",
        single_row: true,
        columns: &[
            column(
                "id",
                Kind::Id,
                true,
                "A short stable id for the organisation.",
                "northshire",
            ),
            column(
                "name",
                Kind::Text,
                true,
                "The organisation's name as published.",
                "Northshire County Council",
            ),
        ],
    },
    TableDef {
        name: "plan",
        title: "Plans",
        description: "The plan: one row, needed in the first import; later packages may leave it out. A council that adopts a new plan adds a row with a new id and the years after the last plan's (years that overlap another plan's are refused); each quarter is reported against the plan whose years cover it. A row with a held plan's id changes its title or years, and the import says so.",
        single_row: false,
        columns: &[
            column(
                "id",
                Kind::Id,
                true,
                "A short stable id for the plan.",
                "council-plan-2023-26",
            ),
            column(
                "title",
                Kind::Text,
                true,
                "The plan's title as published.",
                "Council Plan 2023-26",
            ),
            column(
                "first_year",
                Kind::FinancialYear,
                true,
                "The first financial year the plan covers.",
                "2023-24",
            ),
            column(
                "last_year",
                Kind::FinancialYear,
                true,
                "The last financial year the plan covers.",
                "2025-26",
            ),
        ],
    },
    TableDef {
        name: "priorities",
        title: "Priorities",
        description: "The plan's priorities, in the order the report shows them. A plan with themes above its priorities lists the themes here too, and gives each priority its theme as parent; settings.toml names the levels.",
        single_row: false,
        columns: &[
            column("id", Kind::Id, true, "A short stable id.", "P1"),
            column(
                "title",
                Kind::Text,
                true,
                "The priority's title as published.",
                "Resilient, healthy and safe communities",
            ),
            field(
                "short_title",
                Kind::Text,
                false,
                "A shorter title for charts and links.",
                "Resilient communities",
            ),
            column(
                "parent",
                Kind::Ref("priorities"),
                false,
                "For a plan with themes: the theme this priority sits under.",
                "",
            ),
            field(
                "description",
                Kind::LongText,
                false,
                "What the priority is about.",
                "",
            ),
            column(
                "plan",
                Kind::Ref("plan"),
                false,
                "The plan it belongs to. Blank: the plan of the package's plan table when that is a later plan, otherwise the first plan.",
                "",
            ),
            STARTS,
            ENDS,
        ],
    },
    TableDef {
        name: "priority_renames",
        title: "Priority renames",
        description: "A new title for a priority from a quarter on. The priority keeps its id, its items and its history; each quarter's report shows the title in force then.",
        single_row: false,
        columns: &[
            PRIORITY,
            column(
                "from",
                Kind::Quarter,
                true,
                "The first quarter of the new title.",
                "2025-26-Q1",
            ),
            field(
                "title",
                Kind::Text,
                true,
                "Its new title, as published.",
                "Healthy, safe and thriving communities",
            ),
            field(
                "short_title",
                Kind::Text,
                false,
                "Its new short title, if it changes too.",
                "",
            ),
        ],
    },
    finance::PORTFOLIOS,
    finance::PORTFOLIO_RENAMES,
    TableDef {
        name: "deliverables",
        title: "Deliverables",
        description: "What the plan commits to do (a city plan's milestones or priority actions), in report order.",
        single_row: false,
        columns: &[
            column("id", Kind::Id, true, "A short stable id.", "D01"),
            column(
                "title",
                Kind::Text,
                true,
                "The deliverable as published.",
                "Refresh and implement our Library Strategy",
            ),
            field(
                "short_title",
                Kind::Text,
                false,
                "A short name for 'Go to' links.",
                "Library Strategy",
            ),
            column(
                "priorities",
                Kind::RefList("priorities"),
                true,
                "The priority or priorities it serves, separated by ';'.",
                "P1",
            ),
            field(
                "lead",
                Kind::Text,
                false,
                "Lead officer or role.",
                "Director of Communities",
            ),
            field(
                "department",
                Kind::Text,
                false,
                "Owning department; decides who may update it.",
                "Place",
            ),
            column(
                "portfolio",
                Kind::Ref("portfolios"),
                false,
                "The Cabinet portfolio it reports under in the report to Cabinet. Left out of a package, what is held is kept.",
                "HAT",
            ),
            column(
                "start",
                Kind::Date,
                false,
                "When work starts.",
                "2023-04-01",
            ),
            column(
                "expected_completion",
                Kind::Date,
                false,
                "When it is expected to be complete.",
                "2026-03-31",
            ),
            column(
                "original_completion",
                Kind::Date,
                false,
                "The completion date first planned, if it has moved.",
                "",
            ),
            STARTS,
            ENDS,
        ],
    },
    TableDef {
        name: "deliverable_updates",
        title: "Deliverable updates",
        description: "Each deliverable's rating and commentary for a quarter. One row per deliverable per quarter.",
        single_row: false,
        columns: &[
            column(
                "deliverable",
                Kind::Ref("deliverables"),
                true,
                "The deliverable's id.",
                "D01",
            ),
            column(
                "quarter",
                Kind::Quarter,
                true,
                "The quarter the update is for.",
                "2023-24-Q2",
            ),
            column(
                "rating",
                Kind::Choice(&["strong", "good", "review", "action", "not_rated"]),
                false,
                "The lead officer's rating, from the deliverable key in settings (county: strong, good, review, action, not_rated; city: completed, on_track, some_slippage, major_slippage, n_a).",
                "review",
            ),
            column(
                "commentary",
                Kind::LongText,
                false,
                "Progress this quarter.",
                "Work on the refreshed strategy is progressing well.",
            ),
            column(
                "issue",
                Kind::LongText,
                false,
                "For Review or Action: what the issue is.",
                "No further interest in community managed libraries.",
            ),
            column(
                "response",
                Kind::LongText,
                false,
                "For Review or Action: what is being done about it.",
                "Shift the focus to co-location.",
            ),
            column(
                "completed",
                Kind::Date,
                false,
                "The date it was completed, once it is.",
                "",
            ),
            column(
                "expected_completion",
                Kind::Date,
                false,
                "The expected completion date as of this quarter, if it has moved.",
                "",
            ),
            column(
                "key_area",
                Kind::Choice(KEY_AREAS),
                false,
                "Leave blank to let the report decide (Strong deliverables are key areas of success; Review and Action ones, key areas for consideration). success or consideration lists it there whatever its rating; exclude leaves it out of both.",
                "success",
            ),
        ],
    },
    measures::MEASURES,
    measures::MEASURE_VALUES,
    measures::TARGETS,
    measures::MEASURE_UPDATES,
    measures::BENCHMARKS,
    rollups::HEADLINE_INITIATIVES,
    rollups::PUBLISHED_ROLLUPS,
    city::PROJECTS,
    city::PROJECT_UPDATES,
    city::RISKS,
    city::RISK_UPDATES,
    service::SERVICE_PLANS,
    service::ACTIONS,
    service::SERVICE_BUDGETS,
    service::PLANNED_SAVINGS,
    service::DEPARTMENT_RISKS,
    service::PROCUREMENTS,
    service::VEHICLES,
    service::SERVICE_TARGETS,
    service::CAPITAL_SCHEMES,
    service::CAPITAL_FUNDING,
    service::ACTION_UPDATES,
    finance::BUDGET_LINES,
    finance::REVENUE,
    finance::SAVINGS,
    finance::GENERAL_RESERVE,
    finance::RESERVE_COMMITMENTS,
    finance::EARMARKED_RESERVES,
    finance::TRADED_SERVICES,
    finance::AGED_DEBT,
    finance::GRANTS,
    finance::DEBT_WRITTEN_OFF,
    finance::RECONCILING_ITEMS,
];

/// The table definition with this name.
pub fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_point_to_earlier_tables_and_examples_fit() {
        for (index, table) in TABLES.iter().enumerate() {
            for column in table.columns {
                if let Kind::Ref(target) | Kind::RefList(target) = column.kind {
                    let position = TABLES.iter().position(|t| t.name == target);
                    assert!(
                        position.is_some_and(|p| p <= index),
                        "{}.{} refers to {target}",
                        table.name,
                        column.name
                    );
                }
                if let Kind::Choice(list) = column.kind
                    && !column.example.is_empty()
                {
                    assert!(
                        list.contains(&column.example),
                        "{}.{} example",
                        table.name,
                        column.name
                    );
                }
            }
        }
    }
}
