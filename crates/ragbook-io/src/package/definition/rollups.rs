//! What a priority's section shows beyond its items (headline initiatives), and the overall
//! ratings a council published, kept as evidence for `ragbook rollup fit`.

use super::{Column, Kind, PRIORITY, TableDef, column};

/// Which overall rating a row is.
pub const ROLLUP_OF: &[&str] = &["deliverables", "measures"];

/// The published roll-ups table.
pub const PUBLISHED_ROLLUPS: TableDef = TableDef {
    name: "published_rollups",
    title: "Published overall ratings",
    description: "The overall ratings of each priority as the council printed them in its reports, one row per priority, quarter and kind. ragbook does not report these: `ragbook rollup fit` works out from them the roll-up bands the council uses, and `ragbook check` says where the rule gives another rating.",
    single_row: false,
    columns: COLUMNS,
};

const COLUMNS: &[Column] = &[
    PRIORITY,
    column(
        "quarter",
        Kind::Quarter,
        true,
        "The quarter of the report.",
        "2023-24-Q2",
    ),
    column(
        "of",
        Kind::Choice(ROLLUP_OF),
        true,
        "Which overall rating: that of the priority's deliverables or of its measures.",
        "measures",
    ),
    column(
        "rating",
        Kind::Text,
        true,
        "The rating printed, as a category of the scheme (id or label).",
        "Good",
    ),
    column(
        "source",
        Kind::Text,
        false,
        "Where it was printed.",
        "Cabinet 14 December 2023, page 6",
    ),
];

/// The headline initiatives table.
pub const HEADLINE_INITIATIVES: TableDef = TableDef {
    name: "headline_initiatives",
    title: "Headline initiatives",
    description: "Named programmes a priority's section lists at its start, each with a line about it. One row per initiative, in the order the report shows them.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "A short stable id.", "H1"),
        column(
            "priority",
            Kind::Ref("priorities"),
            true,
            "The priority whose section lists it.",
            "P1",
        ),
        column(
            "title",
            Kind::Text,
            true,
            "Its name as published.",
            "Thriving Communities",
        ),
        column(
            "description",
            Kind::LongText,
            false,
            "A line about it.",
            "Working with residents in twelve towns to shape local services.",
        ),
    ],
};
