//! The report's view-model types: every string and number the report prints, as the HTML and
//! PDF layouts read them.

use ragbook_core::dataset::{DeliverableRecord, MeasureRecord};
use serde::Serialize;

use crate::charts::Chart;

/// A rating as shown: its label (with last quarter's when different), symbol and colour.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// "Good (Strong in Q1)".
    pub label: String,
    /// The rating's own label, without last quarter's: "Good".
    pub category: String,
    /// The category id, for styling.
    pub id: String,
    /// The symbol drawn beside it.
    pub symbol: String,
    /// The colour, #rrggbb.
    pub colour: String,
    /// Black or white, whichever reads on the colour.
    pub ink: String,
}

/// A row of a key measure table.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    /// Where the measure's detail is.
    pub anchor: String,
    /// The measure.
    pub title: String,
    /// The month the figure is as of ("Sep-2023", "Aug-2023 (Annual Measure)").
    pub date: String,
    /// The figure, or why there is none ("Data due in Q3").
    pub actual: String,
    /// The target, or "Not set".
    pub target: String,
    /// The rating.
    pub performance: Shown,
    /// Why that rating, in words.
    pub explanation: String,
}

/// A table of key measures.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureTable {
    /// Heading.
    pub heading: String,
    /// The sentence before the table.
    pub intro: String,
    /// Rows.
    pub rows: Vec<MeasureRow>,
}

/// A row of the trend-over-time tables.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    /// "Strong", "Improving".
    pub label: String,
    /// The symbol, if a rating.
    pub symbol: String,
    /// One cell per quarter of the year; blank for quarters not yet reported.
    pub cells: Vec<String>,
}

/// The trend-over-time tables.
#[derive(Debug, Clone, Serialize)]
pub struct TrendTables {
    /// Column headings: the quarter-end months of the year.
    pub columns: Vec<String>,
    /// Deliverables per rating.
    pub deliverables: Vec<TrendRow>,
    /// Deliverable trends.
    pub deliverable_trends: Vec<TrendRow>,
    /// Measures per rating.
    pub measures: Vec<TrendRow>,
    /// Measure trends.
    pub measure_trends: Vec<TrendRow>,
}

/// An item of a key-areas list.
#[derive(Debug, Clone, Serialize)]
pub struct KeyAreaItem {
    /// This entry's own anchor, for 'Return to'.
    pub anchor: String,
    /// Where the item's section is.
    pub target: String,
    /// The link's words: "Go to 'Library Strategy' section".
    pub link: String,
    /// The item's title.
    pub title: String,
    /// The rating.
    pub rating: Shown,
    /// "(rated Good)", "(requires Review)".
    pub rating_phrase: String,
    /// Paragraphs (for successes: the commentary).
    pub paragraphs: Vec<String>,
    /// The issue (for consideration).
    pub issue: Option<String>,
    /// The response or action (for consideration).
    pub response: Option<String>,
    /// "Response", or "Action" for items rated at the bottom of the key.
    pub response_label: String,
}

/// The section listing every item rated at the bottom of its key.
#[derive(Debug, Clone, Serialize)]
pub struct ActionSection {
    /// Its title, from settings: "Rated as Requiring Action".
    pub title: String,
    /// Deliverables, then measures.
    pub items: Vec<KeyAreaItem>,
}

/// A deliverable's section under its priority.
#[derive(Debug, Clone, Serialize)]
pub struct DeliverableSection {
    /// Anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Rating, with last quarter's if different.
    pub rating: Shown,
    /// "Expected completion date: 31 Mar 2024" and the like.
    pub dates: Vec<String>,
    /// Commentary paragraphs.
    pub paragraphs: Vec<String>,
    /// The issue, when there is one.
    pub issue: Option<String>,
    /// The response, when there is one.
    pub response: Option<String>,
    /// 'Return to' link back to its key-area entry: (anchor, words).
    pub back: Option<(String, String)>,
    /// For an item that serves several priorities, shown in full under the first: where.
    pub elsewhere: Option<(String, String)>,
    /// The key measures that evidence it, in detail.
    pub measures: Vec<MeasureDetail>,
    /// The deliverable as the quarter's view holds it (lead, department and every other field),
    /// for pages that show what the printed report leaves out.
    pub record: DeliverableRecord,
}

/// A measure's detail: chart, history and rating.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureDetail {
    /// Anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// The history chart.
    pub chart: Chart,
    /// (year, figure) rows of the history table.
    pub history: Vec<(String, String)>,
    /// The target.
    pub target: String,
    /// The rating.
    pub performance: Shown,
    /// Why.
    pub explanation: String,
    /// Benchmarks: (series, figure).
    pub benchmarks: Vec<(String, String)>,
    /// "2023-24 data and targets are for the year to Sep-2023".
    pub footnote: String,
    /// The note held with the figure ("Awaiting the districts' December returns").
    pub note: Option<String>,
    /// Commentary paragraphs.
    pub paragraphs: Vec<String>,
    /// The issue, when there is one.
    pub issue: Option<String>,
    /// The response or action, when there is one.
    pub response: Option<String>,
    /// 'Return to' link back to its key-area entry.
    pub back: Option<(String, String)>,
    /// For a measure of several priorities, shown in full under the first: where.
    pub elsewhere: Option<(String, String)>,
    /// The measure as the quarter's view holds it (owner, department and every other field),
    /// for pages that show what the printed report leaves out.
    pub record: MeasureRecord,
}

/// A priority's section.
#[derive(Debug, Clone, Serialize)]
pub struct PrioritySection {
    /// Anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// The overview sentences.
    pub overview: String,
    /// Its headline initiatives: (name, the line about it).
    pub initiatives: Vec<(String, Option<String>)>,
    /// Its deliverables' wheel.
    pub deliverable_wheel: Chart,
    /// Its measures' wheel.
    pub measure_wheel: Chart,
    /// Its key measure summary table.
    pub measures_table: Vec<MeasureRow>,
    /// Its deliverables.
    pub deliverables: Vec<DeliverableSection>,
    /// Its measures in detail.
    pub measures: Vec<MeasureDetail>,
}

/// A row of the key to ratings.
#[derive(Debug, Clone, Serialize)]
pub struct KeyRow {
    /// The rating.
    pub rating: Shown,
    /// What it means for deliverables.
    pub deliverables: String,
    /// What it means for measures.
    pub measures: String,
    /// The council's response.
    pub response: String,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Document title: "Council Plan 2023-25 Performance Report, Quarter 2 2023-24".
    pub title: String,
    /// The organisation.
    pub organisation: String,
    /// The plan's title.
    pub plan_title: String,
    /// "Quarter 2 2023-24".
    pub period: String,
    /// The quarter, as 2023-24-Q2.
    pub quarter: String,
    /// Introduction paragraphs.
    pub introduction: Vec<String>,
    /// The priorities' titles.
    pub priority_titles: Vec<String>,
    /// Where feedback goes.
    pub feedback: Option<String>,
    /// The key to ratings.
    pub key: Vec<KeyRow>,
    /// The deliverable summary sentence.
    pub deliverable_summary: String,
    /// The measure summary sentence.
    pub measure_summary: String,
    /// The plan's deliverable wheel.
    pub deliverable_wheel: Chart,
    /// The plan's measure wheel.
    pub measure_wheel: Chart,
    /// Trend over time.
    pub trends: TrendTables,
    /// Key areas of success.
    pub success: Vec<KeyAreaItem>,
    /// Key areas for consideration.
    pub consideration: Vec<KeyAreaItem>,
    /// Every item rated Action, when the council prints such a section.
    pub requiring_action: Option<ActionSection>,
    /// Key measure tables by freshness.
    pub measure_tables: Vec<MeasureTable>,
    /// One section per priority.
    pub priorities: Vec<PrioritySection>,
    /// Measures of no priority.
    pub overarching: Vec<MeasureDetail>,
    /// Notes paragraphs.
    pub notes: Vec<String>,
}

/// Why a report could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// There is no plan yet.
    #[error("nothing to report: no plan has been imported")]
    NoPlan,
    /// The settings name a scheme or rule that does not fit.
    #[error("the settings cannot be used: {0}")]
    Settings(String),
    /// The PDF could not be made.
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    /// The HTML template failed.
    #[error("the HTML could not be made: {0}")]
    Html(String),
    /// No service plan fits what was asked for.
    #[error("{0}: import the service_plans table first (see docs/service-plans.md)")]
    NoServicePlan(String),
}

impl From<ragbook_core::rules::RulesError> for ReportError {
    fn from(error: ragbook_core::rules::RulesError) -> Self {
        ReportError::Settings(error.0)
    }
}
