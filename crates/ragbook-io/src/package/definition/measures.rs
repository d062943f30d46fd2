//! The key measure tables of the data package: measures, their values and targets, their
//! quarterly commentary, and benchmarks.

use super::{
    BASES, ENDS, FREQUENCIES, KEY_AREAS, Kind, METHODS, POLARITIES, STARTS, TableDef, UNITS,
    column, field, measure_column,
};

/// The measures table.
pub const MEASURES: TableDef = TableDef {
    name: "measures",
    title: "Key measures",
    description: "The key measures, in report order. Polarity must be stated: it cannot be guessed from a title.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "A short stable id.", "KM07"),
        column(
            "title",
            Kind::Text,
            true,
            "The measure as published.",
            "Employee sickness absence (Council, not including schools)",
        ),
        field(
            "short_title",
            Kind::Text,
            false,
            "A shorter title for charts.",
            "Sickness absence",
        ),
        column(
            "priorities",
            Kind::RefList("priorities"),
            false,
            "The priority or priorities it belongs to, separated by ';'. Blank for an overarching measure.",
            "P2",
        ),
        column(
            "unit",
            Kind::Choice(UNITS),
            true,
            "What its figures are: count, percent, money (pounds), money_m (millions of pounds), days, points (percentage points), rate (or rate_per_10000 etc.), ratio.",
            "percent",
        ),
        column(
            "decimals",
            Kind::Whole { min: 0, max: 6 },
            true,
            "Decimal places shown in reports.",
            "1",
        ),
        column(
            "polarity",
            Kind::Choice(POLARITIES),
            true,
            "Which way is better: higher, lower, or none for a measure that is monitored, not rated.",
            "lower",
        ),
        column(
            "frequency",
            Kind::Choice(FREQUENCIES),
            true,
            "How often figures arrive.",
            "quarterly",
        ),
        column(
            "basis",
            Kind::Choice(BASES),
            true,
            "What period a figure covers.",
            "year_to_date",
        ),
        column(
            "method",
            Kind::Choice(METHODS),
            true,
            "How it is rated: threshold (deviation bands), comparator (met or beaten, e.g. a national rate), manual, none.",
            "threshold",
        ),
        field(
            "owner",
            Kind::Text,
            false,
            "Officer or role accountable for its figures.",
            "Head of HR",
        ),
        field(
            "department",
            Kind::Text,
            false,
            "Owning department.",
            "Corporate Services",
        ),
        column(
            "portfolio",
            Kind::Ref("portfolios"),
            false,
            "The Cabinet portfolio it reports under in the report to Cabinet. Left out of a package, what is held is kept.",
            "CSB",
        ),
        field(
            "national_code",
            Kind::Text,
            false,
            "National indicator code, if any.",
            "ASCOF 2A",
        ),
        column(
            "deliverable",
            Kind::Ref("deliverables"),
            false,
            "The deliverable whose progress it evidences: the report shows the measure's figures and chart under that deliverable, as well as in the key measure tables. Left out of a package, what is held is kept.",
            "",
        ),
        column(
            "part_of",
            Kind::Ref("measures"),
            false,
            "For a department's share of a council-wide measure (sickness, agency spend): the council-wide measure, listed before it or held. Service plans print it as \"<title> – <department>\" and the whole as \"– Council\". Left out of a package, what is held is kept.",
            "",
        ),
        STARTS,
        ENDS,
    ],
};

/// The measure_values table.
pub const MEASURE_VALUES: TableDef = TableDef {
    name: "measure_values",
    title: "Measure values",
    description: "Each measure's figure for a period, or why there is none. One row per measure per period.",
    single_row: false,
    columns: &[
        measure_column("KM07"),
        column(
            "period",
            Kind::Period,
            true,
            "The reporting period the value is for: a quarter (2023-24-Q2), month (Sep-2023), financial year (2023-24), academic year (2022-23 a/y) or calendar year (2023).",
            "2023-24-Q2",
        ),
        column(
            "value",
            Kind::Figure,
            false,
            "The figure, in the measure's unit, as you would type it (4.7%, £2,921,500, £16.420m, 1,506). Blank when there is no figure.",
            "4.7%",
        ),
        column(
            "status",
            Kind::Status,
            false,
            "With a figure: actual (or blank), provisional, projected or restated. Without one: not available, awaiting data, to be confirmed, not applicable, or due in Q1-Q4.",
            "provisional",
        ),
        column(
            "as_of",
            Kind::Month,
            false,
            "The month the figure is as of, when it lags the period.",
            "Aug-2023",
        ),
        column("note", Kind::LongText, false, "A note on the figure.", ""),
    ],
};

/// The targets table.
pub const TARGETS: TableDef = TableDef {
    name: "targets",
    title: "Targets",
    description: "Each measure's target for a period: usually a financial year; a quarter for a profiled year-to-date target. One row per measure per period.",
    single_row: false,
    columns: &[
        measure_column("KM15"),
        column(
            "period",
            Kind::Period,
            true,
            "The period the target is for.",
            "2023-24-Q2",
        ),
        column(
            "target",
            Kind::Target,
            false,
            "A figure (5.1%), a range (15-21), a bound (2% or less, at least 90%), 'better than national', Monitor, Baseline, or blank / Not set.",
            "£2,450,000",
        ),
        column(
            "full_year",
            Kind::Figure,
            false,
            "For a profiled target: the whole year's target that the period's figure is part of.",
            "£4,000,000",
        ),
    ],
};

/// The measure_updates table.
pub const MEASURE_UPDATES: TableDef = TableDef {
    name: "measure_updates",
    title: "Measure commentary",
    description: "What each measure's figures show in a quarter, and for a measure that needs attention, the issue and the response. One row per measure per quarter.",
    single_row: false,
    columns: &[
        measure_column("KM08"),
        column(
            "quarter",
            Kind::Quarter,
            true,
            "The quarter the commentary is for.",
            "2023-24-Q2",
        ),
        column(
            "commentary",
            Kind::LongText,
            false,
            "What the figures show.",
            "Time to hire rose slightly to 64.1 days.",
        ),
        column(
            "issue",
            Kind::LongText,
            false,
            "For a measure rated Action: what the issue is.",
            "Time to hire is above the target of 50 days.",
        ),
        column(
            "response",
            Kind::LongText,
            false,
            "For a measure rated Action: what is being done about it.",
            "Changes to onboarding should bring it down.",
        ),
        column(
            "key_area",
            Kind::Choice(KEY_AREAS),
            false,
            "Leave blank to let the report decide (an Action measure with an issue is a key area for consideration); or success, consideration, exclude.",
            "",
        ),
        column(
            "rating",
            Kind::Text,
            false,
            "Leave blank for the rating the rule gives. A rating set here (a category of the measure key, e.g. good) replaces it, and needs a rating_reason.",
            "",
        ),
        column(
            "rating_reason",
            Kind::LongText,
            false,
            "Why the rating was set by hand; shown beside it.",
            "",
        ),
    ],
};

/// The benchmarks table.
pub const BENCHMARKS: TableDef = TableDef {
    name: "benchmarks",
    title: "Benchmarks",
    description: "Comparison figures shown beside a measure's own: national, regional, statistical neighbours. One row per measure per series per period.",
    single_row: false,
    columns: &[
        measure_column("KM11"),
        column(
            "series",
            Kind::Text,
            true,
            "The comparison, as the report labels it.",
            "National Benchmark",
        ),
        column(
            "period",
            Kind::Period,
            true,
            "The period the figure is for.",
            "2023-24",
        ),
        column(
            "value",
            Kind::Figure,
            true,
            "The figure, in the measure's unit.",
            "84.5%",
        ),
    ],
};
