//! The report's view-model: every word, figure, table and chart of the report, built once from
//! the data. The HTML and PDF renderers only lay it out; neither computes anything, so the two
//! cannot differ.

use ragbook_core::Decimal;
use ragbook_core::dataset::Dataset;
use ragbook_core::measure::{Frequency, Unit};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::quarter::{
    DeliverableStatus, Freshness, KeyItem, MeasureStatus, QuarterView, Rules, measure_explanation,
    missing_text, year_to_date_counts, yearly_history,
};
use ragbook_core::rating::{RatingId, Scheme};
use ragbook_core::rollup::Tally;
use ragbook_core::settings::Settings;
use ragbook_core::trend::Trend;
use serde::Serialize;

use crate::charts::{self, Chart, Segment};
use crate::narrative;
use ragbook_core::placeholder::fill;

/// A rating as shown: its label (with last quarter's when different), symbol and colour.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// "Good (Strong in Q1)".
    pub label: String,
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
}

/// The schemes and roll-ups settings name, checked.
pub struct Rulebook {
    /// The measure key.
    pub measures: Scheme,
    /// The deliverable vocabulary.
    pub deliverables: Scheme,
    deliverable_rollup: ragbook_core::rollup::Rollup,
    measure_rollup: ragbook_core::rollup::Rollup,
}

impl Rulebook {
    /// Loads the schemes and roll-up rules `settings` name.
    pub fn new(settings: &Settings) -> Result<Rulebook, ReportError> {
        let error = |e: &dyn std::fmt::Display| ReportError::Settings(e.to_string());
        let measures = Scheme::shipped(&settings.ratings.measures).map_err(|e| error(&e))?;
        let deliverables =
            Scheme::shipped(&settings.ratings.deliverables).map_err(|e| error(&e))?;
        let deliverable_rollup = settings
            .rollup
            .deliverables
            .for_scheme(&deliverables)
            .map_err(|e| error(&e))?;
        let measure_rollup = settings
            .rollup
            .measures
            .for_scheme(&measures)
            .map_err(|e| error(&e))?;
        ragbook_core::rating::MeasureScheme::new(&measures).map_err(|e| error(&e))?;
        Ok(Rulebook {
            measures,
            deliverables,
            deliverable_rollup,
            measure_rollup,
        })
    }

    /// The rules, borrowed.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            measures: ragbook_core::rating::MeasureScheme::new(&self.measures)
                .unwrap_or_else(|_| unreachable!("checked in Rulebook::new")),
            deliverables: &self.deliverables,
            deliverable_rollup: &self.deliverable_rollup,
            measure_rollup: &self.measure_rollup,
        }
    }
}

pub(crate) fn shown(
    scheme: &Scheme,
    rating: RatingId,
    previous: Option<RatingId>,
    quarter: FinancialQuarter,
) -> Shown {
    let category = scheme.category(rating);
    let mut label = category.label.clone();
    if let Some(previous) = previous
        && previous != rating
    {
        label = format!(
            "{label} ({} in {})",
            scheme.category(previous).label,
            quarter.previous().short_label()
        );
    }
    Shown {
        label,
        id: category.id.clone(),
        symbol: category.symbol.clone(),
        colour: category.colour.clone(),
        ink: crate::charts::ink(&category.colour).to_owned(),
    }
}

/// A figure as the measure's tables show it: rounded to its decimal places.
pub fn figure(value: Decimal, unit: Unit, decimals: u32) -> String {
    ragbook_core::figure::format_for_measure(value, unit, decimals)
}

fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

struct Builder<'a> {
    data: &'a Dataset,
    rules: Rules<'a>,
    view: QuarterView<'a>,
    quarter: FinancialQuarter,
    plan_title: String,
}

impl<'a> Builder<'a> {
    fn measure_scheme(&self) -> &'a Scheme {
        self.rules.measures.scheme()
    }

    fn text(&self, text: Option<&str>) -> Vec<String> {
        paragraphs(text.map(|t| fill(t, &self.view, self.rules).0).as_deref())
    }

    fn performance(&self, status: &MeasureStatus<'_>) -> Shown {
        let scheme = self.measure_scheme();
        let mut shown = shown(
            scheme,
            status.rating,
            status.previous.filter(|_| status.is_rated(scheme)),
            self.quarter,
        );
        let category = &scheme.category(status.rating).id;
        if scheme
            .measures
            .as_ref()
            .is_some_and(|rules| scheme.find(category) == Some(rules.no_data))
        {
            shown.label = format!("No data for {}", self.quarter.year());
        }
        shown
    }

    fn measure_row(&self, status: &MeasureStatus<'_>) -> MeasureRow {
        let measure = status.measure;
        let annual = if measure.frequency == Frequency::Annual {
            " (Annual Measure)"
        } else {
            ""
        };
        let has_figure = status.reported.and_then(|v| v.value.figure());
        let date = match (status.as_of, has_figure) {
            (Some(month), Some(_)) => format!("{month}{annual}"),
            _ => String::new(),
        };
        let actual = match has_figure {
            Some(value) => figure(value, measure.unit, measure.decimals),
            None => missing_text(status).unwrap_or_default(),
        };
        MeasureRow {
            anchor: format!("m-{}", measure.id),
            title: measure.title.clone(),
            date,
            actual,
            target: self.target_text(status),
            performance: self.performance(status),
            explanation: measure_explanation(status, self.rules, self.quarter.year()),
        }
    }

    fn target_text(&self, status: &MeasureStatus<'_>) -> String {
        let measure = status.measure;
        match status.target.map(|t| &t.target) {
            Some(
                ragbook_core::target::Target::Figure { value }
                | ragbook_core::target::Target::ProfiledYearToDate { to_date: value, .. },
            ) => figure(*value, measure.unit, measure.decimals),
            Some(other) => other.describe(measure.unit),
            None => "Not set".into(),
        }
    }

    fn key_item(&self, item: KeyItem, success: bool) -> KeyAreaItem {
        let bottom = |scheme: &Scheme, rating: RatingId| {
            let lowest = scheme.rated().filter_map(|r| scheme.score(r)).min();
            scheme.score(rating).is_some() && scheme.score(rating) == lowest
        };
        match item {
            KeyItem::Deliverable(index) => {
                let status = &self.view.deliverables[index];
                let scheme = self.rules.deliverables;
                let update = status.update;
                let short = status
                    .deliverable
                    .short_title
                    .clone()
                    .unwrap_or_else(|| status.deliverable.title.clone());
                let category = scheme.category(status.rating);
                KeyAreaItem {
                    anchor: format!("k-d-{}", status.deliverable.id),
                    target: format!("d-{}", status.deliverable.id),
                    link: format!("Go to '{short}' section"),
                    title: status.deliverable.title.clone(),
                    rating: shown(scheme, status.rating, None, self.quarter),
                    rating_phrase: if success {
                        format!("(rated {})", category.label)
                    } else {
                        format!("(requires {})", category.label)
                    },
                    paragraphs: if success {
                        self.text(update.and_then(|u| u.commentary.as_deref()))
                    } else {
                        Vec::new()
                    },
                    issue: update.and_then(|u| u.issue.clone()),
                    response: update.and_then(|u| u.response.clone()),
                    response_label: if bottom(scheme, status.rating) {
                        "Action".into()
                    } else {
                        "Response".into()
                    },
                }
            }
            KeyItem::Measure(index) => {
                let status = &self.view.measures[index];
                let scheme = self.measure_scheme();
                let update = status.update;
                let category = scheme.category(status.rating);
                let short = status
                    .measure
                    .short_title
                    .clone()
                    .unwrap_or_else(|| status.measure.title.clone());
                KeyAreaItem {
                    anchor: format!("k-m-{}", status.measure.id),
                    target: format!("m-{}", status.measure.id),
                    link: format!("Go to '{short}' section"),
                    title: status.measure.title.clone(),
                    rating: shown(scheme, status.rating, None, self.quarter),
                    rating_phrase: if success {
                        format!("(rated {})", category.label)
                    } else {
                        format!("(requires {})", category.label)
                    },
                    paragraphs: if success {
                        self.text(update.and_then(|u| u.commentary.as_deref()))
                    } else {
                        Vec::new()
                    },
                    issue: update.and_then(|u| u.issue.clone()),
                    response: update.and_then(|u| u.response.clone()),
                    response_label: if bottom(scheme, status.rating) {
                        "Action".into()
                    } else {
                        "Response".into()
                    },
                }
            }
        }
    }

    fn back_link(&self, key_anchor: &str, short: &str) -> Option<(String, String)> {
        let listed = self
            .view
            .success
            .iter()
            .chain(&self.view.consideration)
            .any(|item| {
                let anchor = match item {
                    KeyItem::Deliverable(i) => {
                        format!("k-d-{}", self.view.deliverables[*i].deliverable.id)
                    }
                    KeyItem::Measure(i) => format!("k-m-{}", self.view.measures[*i].measure.id),
                };
                anchor == key_anchor
            });
        listed.then(|| {
            (
                key_anchor.to_owned(),
                format!("Return to '{short}' summary"),
            )
        })
    }

    fn deliverable_section(&self, status: &DeliverableStatus<'_>) -> DeliverableSection {
        let deliverable = status.deliverable;
        let mut dates = Vec::new();
        if let Some(original) = deliverable.original_completion {
            dates.push(format!("Original completion date: {}", original.long()));
        }
        match status.completed {
            Some(completed) => dates.push(format!("Completed: {}", completed.long())),
            None => {
                if let Some(expected) = status.expected_completion {
                    dates.push(format!("Expected completion date: {}", expected.long()));
                }
            }
        }
        let update = status.update;
        let mut text = self.text(update.and_then(|u| u.commentary.as_deref()));
        if update.is_none() {
            text.push("No update was received for this quarter.".into());
        }
        let short = deliverable
            .short_title
            .clone()
            .unwrap_or_else(|| deliverable.title.clone());
        DeliverableSection {
            anchor: format!("d-{}", deliverable.id),
            title: deliverable.title.clone(),
            rating: shown(
                self.rules.deliverables,
                status.rating,
                status.previous,
                self.quarter,
            ),
            dates,
            paragraphs: text,
            issue: update.and_then(|u| u.issue.clone()),
            response: update.and_then(|u| u.response.clone()),
            back: self.back_link(&format!("k-d-{}", deliverable.id), &short),
            elsewhere: None,
        }
    }

    fn measure_detail(&self, status: &MeasureStatus<'_>) -> MeasureDetail {
        let measure = status.measure;
        let history = yearly_history(self.data, &measure.id, self.quarter, 3);
        let shown_history: Vec<(String, String)> = history
            .iter()
            .map(|(year, value)| {
                let text = match value {
                    Some(value) => figure(*value, measure.unit, measure.decimals),
                    None if *year == self.quarter.year() => {
                        missing_text(status).unwrap_or_else(|| "No data".into())
                    }
                    None => "No data".into(),
                };
                (year.to_string(), text)
            })
            .collect();
        let target = status.input.target.filter(|_| status.target.is_some());
        let benchmarks: Vec<(String, String)> = status
            .benchmarks
            .iter()
            .map(|b| {
                (
                    b.series.clone(),
                    figure(b.value, measure.unit, measure.decimals),
                )
            })
            .collect();
        let benchmark = status
            .benchmarks
            .first()
            .map(|b| (b.series.as_str(), b.value));
        let chart = charts::history(
            &measure.title,
            measure.unit,
            measure.decimals,
            &history,
            target,
            benchmark,
        );
        let footnote = match (status.as_of, status.reported.and_then(|v| v.value.figure())) {
            (Some(month), Some(_)) if status.in_year => format!(
                "{} data and targets are for the period to {month}",
                self.quarter.year()
            ),
            (Some(month), Some(_)) => format!(
                "The latest figure is as of {month}; there is no figure for {} yet",
                self.quarter.year()
            ),
            _ => format!("No figure for {} yet", self.quarter.year()),
        };
        let update = status.update;
        let short = measure
            .short_title
            .clone()
            .unwrap_or_else(|| measure.title.clone());
        MeasureDetail {
            anchor: format!("m-{}", measure.id),
            title: measure.title.clone(),
            chart,
            history: shown_history,
            target: self.target_text(status),
            performance: self.performance(status),
            explanation: measure_explanation(status, self.rules, self.quarter.year()),
            benchmarks,
            footnote,
            paragraphs: self.text(update.and_then(|u| u.commentary.as_deref())),
            issue: update.and_then(|u| u.issue.clone()),
            response: update.and_then(|u| u.response.clone()),
            back: self.back_link(&format!("k-m-{}", measure.id), &short),
            elsewhere: None,
        }
    }
}

fn wheel(
    title: &str,
    groups: Vec<(String, Option<Shown>, Vec<Shown>)>,
    scheme: &Scheme,
    tally: &Tally,
) -> Chart {
    let segments: Vec<(Segment, Vec<Segment>)> = groups
        .into_iter()
        .map(|(label, overall, items)| {
            let inner = Segment {
                label: label.clone(),
                colour: overall
                    .as_ref()
                    .map_or_else(|| "#b1b4b6".to_owned(), |s| s.colour.clone()),
                symbol: overall
                    .as_ref()
                    .map_or_else(String::new, |s| s.symbol.clone()),
            };
            let outer = items
                .into_iter()
                .map(|s| Segment {
                    label: s.label,
                    colour: s.colour,
                    symbol: s.symbol,
                })
                .collect();
            (inner, outer)
        })
        .collect();
    let legend: Vec<(String, String, String, u32)> = scheme
        .ratings()
        .filter(|r| tally.count(*r) > 0)
        .map(|r| {
            let category = scheme.category(r);
            (
                category.label.clone(),
                category.symbol.clone(),
                category.colour.clone(),
                tally.count(r),
            )
        })
        .collect();
    charts::wheel(title, &segments, &legend)
}

/// Builds the report for `quarter`.
pub fn build(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<Report, ReportError> {
    let (Some(organisation), Some(plan)) = (&data.organisation, &data.plan) else {
        return Err(ReportError::NoPlan);
    };
    let rules = book.rules();
    let view = ragbook_core::quarter::view(data, rules, quarter);
    let builder = Builder {
        data,
        rules,
        view,
        quarter,
        plan_title: plan.title.clone(),
    };
    let view = &builder.view;
    let measure_scheme = rules.measures.scheme();
    let deliverable_scheme = rules.deliverables;
    let names = &settings.names;
    let deliverable_noun = (
        names.deliverable.to_lowercase(),
        format!("{}s", names.deliverable.to_lowercase()),
    );
    let measure_noun = (
        names.measure.to_lowercase(),
        format!("{}s", names.measure.to_lowercase()),
    );

    let deliverable_tally = Tally::of(
        deliverable_scheme,
        view.deliverables.iter().map(|d| d.rating),
    );
    let rated_measures: Vec<&MeasureStatus<'_>> = view
        .measures
        .iter()
        .filter(|m| m.is_rated(measure_scheme))
        .collect();
    let measure_tally = Tally::of(measure_scheme, rated_measures.iter().map(|m| m.rating));

    // Key to ratings: the deliverable vocabulary beside the measure key, row by row.
    let key = deliverable_scheme
        .rated()
        .zip(measure_scheme.rated())
        .map(|(d, m)| KeyRow {
            rating: shown(measure_scheme, m, None, quarter),
            deliverables: deliverable_scheme.category(d).description.clone(),
            measures: measure_scheme.category(m).description.clone(),
            response: measure_scheme.category(m).response.clone(),
        })
        .collect();

    // Wheels for the plan.
    let priority_groups = |measures: bool| -> Vec<(String, Option<Shown>, Vec<Shown>)> {
        view.priorities
            .iter()
            .map(|p| {
                let label = p
                    .priority
                    .short_title
                    .clone()
                    .unwrap_or_else(|| p.priority.title.clone());
                if measures {
                    let items = view
                        .measures
                        .iter()
                        .filter(|m| {
                            m.measure.priorities.contains(&p.priority.id)
                                && m.reported.and_then(|v| v.value.figure()).is_some()
                                && m.in_year
                        })
                        .map(|m| shown(measure_scheme, m.rating, None, quarter))
                        .collect();
                    (
                        label,
                        p.measures_overall
                            .map(|r| shown(measure_scheme, r, None, quarter)),
                        items,
                    )
                } else {
                    let items = view
                        .deliverables
                        .iter()
                        .filter(|d| d.deliverable.priorities.contains(&p.priority.id))
                        .map(|d| shown(deliverable_scheme, d.rating, None, quarter))
                        .collect();
                    (
                        label,
                        p.deliverables_overall
                            .map(|r| shown(deliverable_scheme, r, None, quarter)),
                        items,
                    )
                }
            })
            .collect()
    };
    let deliverable_wheel = wheel(
        &format!(
            "{} by priority: inner ring priorities, outer ring {}",
            names.deliverable, deliverable_noun.1
        ),
        priority_groups(false),
        deliverable_scheme,
        &deliverable_tally,
    );
    let measure_wheel = wheel(
        &format!(
            "{}s by priority: inner ring priorities, outer ring measures with data this year",
            names.measure
        ),
        priority_groups(true),
        measure_scheme,
        &measure_tally,
    );

    // Trend over time.
    let counts = year_to_date_counts(data, rules, quarter);
    let columns: Vec<String> = quarter
        .year()
        .quarters()
        .iter()
        .map(|q| q.end_month().long_label())
        .collect();
    let cell = |q: usize, value: Option<String>| {
        if q < counts.len() {
            value.unwrap_or_default()
        } else {
            String::new()
        }
    };
    let rating_rows = |scheme: &Scheme, measures: bool| -> Vec<TrendRow> {
        scheme
            .rated()
            .map(|r| TrendRow {
                label: scheme.category(r).label.clone(),
                symbol: scheme.category(r).symbol.clone(),
                cells: (0..4)
                    .map(|q| {
                        cell(
                            q,
                            counts.get(q).map(|c| {
                                if measures {
                                    c.measures.count(r)
                                } else {
                                    c.deliverables.count(r)
                                }
                                .to_string()
                            }),
                        )
                    })
                    .collect(),
            })
            .collect()
    };
    let trend_rows = |measures: bool| -> Vec<TrendRow> {
        let mut trends = vec![Trend::Improving, Trend::NoChange, Trend::Declining];
        if !measures {
            trends.push(Trend::Completed);
        }
        trends
            .into_iter()
            .map(|t| TrendRow {
                label: t.label().to_owned(),
                symbol: String::new(),
                cells: (0..4)
                    .map(|q| {
                        cell(
                            q,
                            counts.get(q).map(|c| {
                                let tally = if measures {
                                    c.measure_trends
                                } else {
                                    c.deliverable_trends
                                };
                                tally.map_or_else(|| "N/A".to_owned(), |t2| t2.count(t).to_string())
                            }),
                        )
                    })
                    .collect(),
            })
            .collect()
    };
    let trends = TrendTables {
        columns,
        deliverables: rating_rows(deliverable_scheme, false),
        deliverable_trends: trend_rows(false),
        measures: rating_rows(measure_scheme, true),
        measure_trends: trend_rows(true),
    };

    // Key measure tables by freshness.
    let table = |heading: String, intro: &str, filter: &dyn Fn(Freshness) -> bool| MeasureTable {
        heading,
        intro: intro.to_owned(),
        rows: view
            .measures
            .iter()
            .filter(|m| filter(m.freshness))
            .map(|m| builder.measure_row(m))
            .collect(),
    };
    let previous_label = quarter.previous().long_label();
    let short_previous = format!("Quarter {}", quarter.previous().number());
    let measure_tables = vec![
        table(
            format!("Key Measures Updated for {}", quarter.long_label()),
            &format!("The following measures have been updated during Quarter {}:", quarter.number()),
            &|f| f == Freshness::ThisQuarter,
        ),
        table(
            format!("Key Measures with new data for {short_previous}"),
            &format!("The following measures have new data for {previous_label}, received during Quarter {}:", quarter.number()),
            &|f| matches!(f, Freshness::PreviousQuarter(_)),
        ),
        table(
            "Key Measures with new data for Earlier Quarters".into(),
            &format!("The following measures have new data for earlier periods, received during Quarter {}:", quarter.number()),
            &|f| f == Freshness::Earlier,
        ),
        table(
            "Key Measures with no new data".into(),
            &format!("The following measures have not been updated during Quarter {}:", quarter.number()),
            &|f| f == Freshness::NoNewData,
        ),
    ]
    .into_iter()
    .filter(|t| !t.rows.is_empty())
    .collect();

    // An item serving several priorities is shown in full under the first; later ones point there.
    let mut first_priority: std::collections::HashMap<String, String> =
        std::collections::HashMap::new();
    let mut place = |anchor: &str, priority: &str| -> Option<(String, String)> {
        match first_priority.get(anchor) {
            Some(first) => Some((anchor.to_owned(), format!("Reported under '{first}'"))),
            None => {
                first_priority.insert(anchor.to_owned(), priority.to_owned());
                None
            }
        }
    };
    let priorities = view
        .priorities
        .iter()
        .map(|p| {
            let id = &p.priority.id;
            let deliverables: Vec<&DeliverableStatus<'_>> =
                view.deliverables.iter().filter(|d| d.deliverable.priorities.contains(id)).collect();
            let measures: Vec<&MeasureStatus<'_>> = view.measures.iter().filter(|m| m.measure.priorities.contains(id)).collect();
            let label = p.priority.short_title.clone().unwrap_or_else(|| p.priority.title.clone());
            let deliverable_items = deliverables.iter().map(|d| shown(deliverable_scheme, d.rating, None, quarter)).collect();
            let measure_items = measures
                .iter()
                .filter(|m| m.reported.and_then(|v| v.value.figure()).is_some() && m.in_year)
                .map(|m| shown(measure_scheme, m.rating, None, quarter))
                .collect();
            PrioritySection {
                anchor: format!("p-{id}"),
                title: p.priority.title.clone(),
                overview: narrative::priority_overview(
                    deliverable_scheme,
                    &p.deliverables,
                    p.deliverables_overall,
                    measure_scheme,
                    &p.measures,
                    p.measures_overall,
                    &builder.plan_title,
                ),
                deliverable_wheel: wheel(
                    &format!("{}: {} (outer ring) and the priority's overall rating (inner ring)", p.priority.title, deliverable_noun.1),
                    vec![(label.clone(), p.deliverables_overall.map(|r| shown(deliverable_scheme, r, None, quarter)), deliverable_items)],
                    deliverable_scheme,
                    &p.deliverables,
                ),
                measure_wheel: wheel(
                    &format!("{}: measures with data this year (outer ring) and the priority's overall measure rating (inner ring)", p.priority.title),
                    vec![(label, p.measures_overall.map(|r| shown(measure_scheme, r, None, quarter)), measure_items)],
                    measure_scheme,
                    &p.measures,
                ),
                measures_table: measures.iter().map(|m| builder.measure_row(m)).collect(),
                deliverables: deliverables
                    .iter()
                    .map(|d| {
                        let mut section = builder.deliverable_section(d);
                        section.elsewhere = place(&section.anchor, &p.priority.title);
                        section
                    })
                    .collect(),
                measures: measures
                    .iter()
                    .map(|m| {
                        let mut detail = builder.measure_detail(m);
                        detail.elsewhere = place(&detail.anchor, &p.priority.title);
                        detail
                    })
                    .collect(),
            }
        })
        .collect();

    let overarching = view
        .measures
        .iter()
        .filter(|m| m.measure.priorities.is_empty())
        .map(|m| builder.measure_detail(m))
        .collect();

    let report_settings = &settings.report;
    Ok(Report {
        title: format!(
            "{} Performance Report, {}",
            plan.title,
            quarter.long_label()
        ),
        organisation: organisation.name.clone(),
        plan_title: plan.title.clone(),
        period: quarter.long_label(),
        quarter: quarter.to_string(),
        introduction: paragraphs(report_settings.introduction.as_deref()),
        priority_titles: data
            .priorities
            .iter()
            .filter(|p| view.priorities.iter().any(|s| s.priority.id == p.id))
            .map(|p| p.title.clone())
            .collect(),
        feedback: report_settings.feedback.clone(),
        key,
        deliverable_summary: narrative::deliverable_summary(
            deliverable_scheme,
            &deliverable_tally,
            (&deliverable_noun.0, &deliverable_noun.1),
        ),
        measure_summary: narrative::measure_summary(
            measure_scheme,
            &measure_tally,
            (&measure_noun.0, &measure_noun.1),
            ("measure", "measures"),
        ),
        deliverable_wheel,
        measure_wheel,
        trends,
        success: view
            .success
            .iter()
            .map(|item| builder.key_item(*item, true))
            .collect(),
        consideration: view
            .consideration
            .iter()
            .map(|item| builder.key_item(*item, false))
            .collect(),
        measure_tables,
        priorities,
        overarching,
        notes: paragraphs(report_settings.notes.as_deref()),
    })
}
