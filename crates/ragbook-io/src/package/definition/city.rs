//! The city plan's priority projects and strategic risks, and their quarterly updates. A city's
//! themes are rows of the priorities table (each priority names its theme as parent), and its
//! milestones are deliverables rated from the milestones vocabulary (docs/city.md).

use super::{Column, ENDS, Kind, STARTS, TableDef, column, field};

/// Project RAG and DCA levels, as files write them.
pub const PROJECT_RAGS: &[&str] = &["green", "amber_green", "amber_red", "red"];
/// Where a project is in its life.
pub const STAGES: &[&str] = &["active", "pre_start", "completed", "not_assessed"];
/// Whether a criterion is within tolerance.
pub const TOLERANCES: &[&str] = &["within", "outside"];

const fn criterion(name: &'static str, description: &'static str, example: &'static str) -> Column {
    field(name, Kind::Choice(TOLERANCES), false, description, example)
}

const fn level(name: &'static str, description: &'static str, example: &'static str) -> Column {
    field(
        name,
        Kind::Whole { min: 1, max: 6 },
        false,
        description,
        example,
    )
}

/// The priorities a project or risk serves.
const PRIORITIES: Column = column(
    "priorities",
    Kind::RefList("priorities"),
    true,
    "The priority or priorities it serves, separated by ';'.",
    "TC2",
);

/// The projects table.
pub const PROJECTS: TableDef = TableDef {
    name: "projects",
    title: "Priority projects",
    description: "The plan's priority projects, in the order the report shows them.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "A short stable id.", "PP07"),
        column(
            "title",
            Kind::Text,
            true,
            "The project's name as published.",
            "Riverside Market",
        ),
        field(
            "short_title",
            Kind::Text,
            false,
            "A shorter name for the front section's lists.",
            "",
        ),
        field(
            "programme",
            Kind::Text,
            false,
            "The programme it belongs to, printed before its name. Blank: \"Delivering our priority projects\".",
            "",
        ),
        PRIORITIES,
        field(
            "lead",
            Kind::Text,
            false,
            "Lead officer or role.",
            "Director of Regeneration",
        ),
        field(
            "department",
            Kind::Text,
            false,
            "Owning department; decides who may update it.",
            "Place",
        ),
        STARTS,
        ENDS,
    ],
};

/// The project updates table.
pub const PROJECT_UPDATES: TableDef = TableDef {
    name: "project_updates",
    title: "Project updates",
    description: "Each project's assessment for a quarter. For an active project, mark each of the four criteria within or outside tolerance: the RAG follows from them (none outside Green; one Amber / Green; two or three Amber / Red; all four Red). A RAG set by hand (rag_override) needs a reason. A project pre-start or completed takes no criteria; one not assessed this quarter (N/A) needs a reason.",
    single_row: false,
    columns: &[
        column(
            "project",
            Kind::Ref("projects"),
            true,
            "The project's id.",
            "PP07",
        ),
        column(
            "quarter",
            Kind::Quarter,
            true,
            "The quarter the update is for.",
            "2021-22-Q1",
        ),
        field(
            "stage",
            Kind::Choice(STAGES),
            false,
            "Where it is in its life. Blank: active.",
            "active",
        ),
        criterion("time", "Time: on schedule within tolerance?", "outside"),
        criterion("cost", "Cost: within budget tolerance?", "outside"),
        criterion("scope", "Scope: delivering what was agreed?", "within"),
        criterion("benefits", "Benefits: on course to realise them?", "within"),
        field(
            "rag_override",
            Kind::Choice(PROJECT_RAGS),
            false,
            "A RAG set by hand in place of the criteria's. Needs a reason.",
            "",
        ),
        field(
            "reason",
            Kind::LongText,
            false,
            "Why the RAG was set by hand, or why the project is not assessed this quarter.",
            "",
        ),
        field(
            "dca",
            Kind::Choice(PROJECT_RAGS),
            false,
            "The Delivery Confidence Assessment: the lead's judgement of future delivery, on the same scale.",
            "amber_red",
        ),
        field(
            "commentary",
            Kind::LongText,
            false,
            "Progress this quarter: the report's supporting information.",
            "Time and cost outside tolerance.",
        ),
    ],
};

/// The risks table.
pub const RISKS: TableDef = TableDef {
    name: "risks",
    title: "Strategic risks",
    description: "The strategic risk register's risks that the plan reports, in the order the report shows them.",
    single_row: false,
    columns: &[
        column("id", Kind::Id, true, "A short stable id.", "SR31"),
        field(
            "reference",
            Kind::Text,
            false,
            "Its number on the register as printed. Blank for a new risk not yet numbered.",
            "SR 31",
        ),
        column(
            "title",
            Kind::Text,
            true,
            "What could happen.",
            "Loss of town-centre retail income",
        ),
        field(
            "short_title",
            Kind::Text,
            false,
            "A shorter name for lists.",
            "",
        ),
        PRIORITIES,
        field(
            "owner",
            Kind::Text,
            false,
            "The risk owner.",
            "Director of Finance",
        ),
        field(
            "department",
            Kind::Text,
            false,
            "Owning department; decides who may update it.",
            "Resources",
        ),
        STARTS,
        ENDS,
    ],
};

/// The risk updates table.
pub const RISK_UPDATES: TableDef = TableDef {
    name: "risk_updates",
    title: "Risk assessments",
    description: "Each risk's likelihood and impact at the end of a quarter, on the council's matrices (settings.toml [risks]; 4x4 by default). The score is their product, worked out by ragbook; a score column, if filled in, must equal it. A risk may have a threat score, an opportunity score, or both.",
    single_row: false,
    columns: &[
        column("risk", Kind::Ref("risks"), true, "The risk's id.", "SR31"),
        column(
            "quarter",
            Kind::Quarter,
            true,
            "The quarter the assessment is for.",
            "2021-22-Q1",
        ),
        level(
            "likelihood",
            "Likelihood as a threat, a level of the threat matrix.",
            "2",
        ),
        level("impact", "Impact as a threat.", "4"),
        column(
            "score",
            Kind::Whole { min: 1, max: 36 },
            false,
            "The threat score, as a check: likelihood x impact. Exports fill it in.",
            "8",
        ),
        level(
            "opportunity_likelihood",
            "Likelihood as an opportunity, a level of the opportunity matrix.",
            "",
        ),
        level("opportunity_impact", "Impact as an opportunity.", ""),
        column(
            "opportunity_score",
            Kind::Whole { min: 1, max: 36 },
            false,
            "The opportunity score, as a check. Exports fill it in.",
            "",
        ),
        field(
            "target_score",
            Kind::Whole { min: 1, max: 36 },
            false,
            "The threat score the owner aims to bring it to: a score of the threat matrix.",
            "4",
        ),
        field(
            "controls",
            Kind::LongText,
            false,
            "The controls in place and planned.",
            "Business rates relief scheme promoted.",
        ),
        field(
            "commentary",
            Kind::LongText,
            false,
            "Anything else this quarter: the report's supporting information.",
            "",
        ),
    ],
};
