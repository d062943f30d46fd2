//! Everything a quarter's report says about each item, derived from the data: which figure is
//! reported for each measure this quarter and how fresh it is, its target and rating and the
//! rating last quarter; each deliverable's rating, dates and trend; each priority's counts and
//! overall ratings; the key areas of success and for consideration.
//!
//! The report, its checks and the web pages all read one [`QuarterView`], so they cannot
//! disagree.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::dataset::{
    BenchmarkRecord, Dataset, DeliverableRecord, DeliverableUpdate, MeasureRecord, MeasureUpdate,
    PriorityRecord, TargetRecord, ValueRecord,
};
use crate::date::Date;
use crate::period::{FinancialQuarter, FinancialYear, Month, Period};
use crate::plan::ItemId;
use crate::rating::{Assessment, Basis, MeasureScheme, RatingId, RatingInput, Scheme, explain};
use crate::rollup::{Rollup, Tally};
use crate::target::{Target, Yardstick};
use crate::trend::{Trend, TrendTally, trend};
use crate::value::MeasureValue;

mod lists;

use lists::{key_areas, requiring_action};

/// The schemes and rules a quarter is rated by.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    /// The key measures are rated by.
    pub measures: MeasureScheme<'a>,
    /// The vocabulary deliverables are rated from.
    pub deliverables: &'a Scheme,
    /// How a priority's deliverables roll up.
    pub deliverable_rollup: &'a Rollup,
    /// How a priority's measures roll up.
    pub measure_rollup: &'a Rollup,
}

/// Which table of the report a measure belongs in, by how new its figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Freshness {
    /// A figure new this quarter, for this quarter.
    ThisQuarter,
    /// A figure new this quarter, for the quarter before (reported a quarter in arrears).
    PreviousQuarter(FinancialQuarter),
    /// A figure new this quarter, for an earlier period still (an annual figure arriving late).
    Earlier,
    /// Nothing new this quarter.
    NoNewData,
}

/// A measure as this quarter's report shows it.
#[derive(Debug, Clone)]
pub struct MeasureStatus<'a> {
    /// The measure.
    pub measure: &'a MeasureRecord,
    /// The value reported this quarter, if any: this quarter's record, else the latest earlier one.
    pub reported: Option<&'a ValueRecord>,
    /// The month the reported figure is as of.
    pub as_of: Option<Month>,
    /// The target the figure is measured against.
    pub target: Option<&'a TargetRecord>,
    /// Whether the figure is for this financial year, so rated against this year's target.
    pub in_year: bool,
    /// What was rated.
    pub input: RatingInput,
    /// The rating by the rule.
    pub assessment: Assessment,
    /// The rating reported: the rule's, or one set by hand with its reason.
    pub rating: RatingId,
    /// Why a rating was set by hand, if it was.
    pub rating_reason: Option<&'a str>,
    /// The rating reported last quarter, if it was rated then.
    pub previous: Option<RatingId>,
    /// Which table it goes in.
    pub freshness: Freshness,
    /// This quarter's commentary.
    pub update: Option<&'a MeasureUpdate>,
    /// Benchmark figures for the period reported.
    pub benchmarks: Vec<&'a BenchmarkRecord>,
    /// The figure reported for each of the last [`HISTORY_YEARS`] years, oldest first.
    pub history: Vec<(FinancialYear, Option<Decimal>)>,
    /// Every value held for the measure, in the order held: gathered once for the view, so
    /// nothing that reads a measure's history scans every measure's.
    pub values: Vec<&'a ValueRecord>,
}

/// How many years a measure's history shows, this one included.
pub const HISTORY_YEARS: usize = 3;

impl MeasureStatus<'_> {
    /// Whether the measure counts as rated this quarter (has a scored rating).
    pub fn is_rated(&self, scheme: &Scheme) -> bool {
        scheme.score(self.rating).is_some()
    }
}

/// A deliverable as this quarter's report shows it.
#[derive(Debug, Clone)]
pub struct DeliverableStatus<'a> {
    /// The deliverable.
    pub deliverable: &'a DeliverableRecord,
    /// This quarter's update, if one was received.
    pub update: Option<&'a DeliverableUpdate>,
    /// This quarter's rating (the vocabulary's unrated category when none was given).
    pub rating: RatingId,
    /// Last quarter's rating, if it was rated.
    pub previous: Option<RatingId>,
    /// The date it was completed, if it has been by the end of the quarter.
    pub completed: Option<Date>,
    /// Whether it was completed during this quarter.
    pub completed_in_quarter: bool,
    /// The expected completion date as of this quarter.
    pub expected_completion: Option<Date>,
    /// Its trend since last quarter.
    pub trend: Trend,
}

/// A priority's counts and overall ratings.
#[derive(Debug, Clone)]
pub struct PriorityStatus<'a> {
    /// The priority.
    pub priority: &'a PriorityRecord,
    /// Its deliverables' ratings.
    pub deliverables: Tally,
    /// Its measures' ratings.
    pub measures: Tally,
    /// The overall deliverable rating by the roll-up rule.
    pub deliverables_overall: Option<RatingId>,
    /// The overall measure rating by the roll-up rule.
    pub measures_overall: Option<RatingId>,
}

/// An item in a list of key areas.
#[derive(Debug, Clone, Copy)]
pub enum KeyItem {
    /// The deliverable at this index of [`QuarterView::deliverables`].
    Deliverable(usize),
    /// The measure at this index of [`QuarterView::measures`].
    Measure(usize),
}

/// Everything about one quarter.
#[derive(Debug, Clone)]
pub struct QuarterView<'a> {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Every measure, in plan order.
    pub measures: Vec<MeasureStatus<'a>>,
    /// Every deliverable still in the plan this quarter (not completed before it), in plan order.
    pub deliverables: Vec<DeliverableStatus<'a>>,
    /// Each bottom-level priority, in plan order.
    pub priorities: Vec<PriorityStatus<'a>>,
    /// Key areas of success.
    pub success: Vec<KeyItem>,
    /// Key areas for consideration.
    pub consideration: Vec<KeyItem>,
    /// Every deliverable and measure rated at the bottom of its key (Action), deliverables
    /// first, whatever its text and any editor's choice of key area.
    pub requiring_action: Vec<KeyItem>,
}

/// The period a measure's figure belongs to for reporting in `quarter`, and whether it is new.
fn reported_value<'a>(
    values: &[&'a ValueRecord],
    quarter: FinancialQuarter,
) -> Option<&'a ValueRecord> {
    let exact = values.iter().find(|v| v.period == Period::Quarter(quarter));
    if let Some(value) = exact {
        return Some(value);
    }
    // Otherwise the latest record that ended by the end of the quarter: a year's, an academic
    // year's, a month's, or an earlier quarter's (a survey run twice a year). It is not new.
    let end = quarter.end_month();
    values
        .iter()
        .filter(|v| v.period.end_month() <= end)
        .max_by_key(|v| {
            (
                v.period.end_month(),
                !matches!(v.period, Period::Quarter(_)),
                v.period.key(),
            )
        })
        .copied()
}

/// The target a reported value is measured against: one for its own period (a profiled
/// quarter, an academic year), else the quarter's, else the quarter's financial year's.
fn target_for<'a>(
    targets: &[&'a TargetRecord],
    value_period: Option<Period>,
    figure_year: Option<FinancialYear>,
    quarter: FinancialQuarter,
) -> Option<&'a TargetRecord> {
    let find = |period: Period| targets.iter().find(|t| t.period == period).copied();
    let own_year = figure_year.filter(|year| *year != quarter.year());
    value_period
        .and_then(find)
        // A figure for an earlier year is shown beside that year's target.
        .or_else(|| own_year.and_then(|year| find(Period::FinancialYear(year))))
        .or_else(|| find(Period::Quarter(quarter)))
        .or_else(|| find(Period::FinancialYear(quarter.year())))
}

/// The financial year a figure belongs to: that of its 'as of' month.
fn year_of(as_of: Month) -> FinancialYear {
    as_of.financial_year()
}

struct Indexed<'a> {
    values: HashMap<&'a ItemId, Vec<&'a ValueRecord>>,
    targets: HashMap<&'a ItemId, Vec<&'a TargetRecord>>,
    measure_updates: HashMap<(&'a ItemId, FinancialQuarter), &'a MeasureUpdate>,
    benchmarks: HashMap<&'a ItemId, Vec<&'a BenchmarkRecord>>,
    deliverable_updates: HashMap<(&'a ItemId, FinancialQuarter), &'a DeliverableUpdate>,
}

impl<'a> Indexed<'a> {
    fn new(data: &'a Dataset) -> Indexed<'a> {
        let mut values: HashMap<&ItemId, Vec<&ValueRecord>> = HashMap::new();
        for value in &data.measure_values {
            values.entry(&value.measure).or_default().push(value);
        }
        let mut targets: HashMap<&ItemId, Vec<&TargetRecord>> = HashMap::new();
        for target in &data.targets {
            targets.entry(&target.measure).or_default().push(target);
        }
        let mut benchmarks: HashMap<&ItemId, Vec<&BenchmarkRecord>> = HashMap::new();
        for benchmark in &data.benchmarks {
            benchmarks
                .entry(&benchmark.measure)
                .or_default()
                .push(benchmark);
        }
        Indexed {
            values,
            targets,
            measure_updates: data
                .measure_updates
                .iter()
                .map(|u| ((&u.measure, u.quarter), u))
                .collect(),
            benchmarks,
            deliverable_updates: data
                .deliverable_updates
                .iter()
                .map(|u| ((&u.deliverable, u.quarter), u))
                .collect(),
        }
    }
}

/// A measure's figure and rating for a quarter, before freshness and trend are known.
struct Rated<'a> {
    reported: Option<&'a ValueRecord>,
    as_of: Option<Month>,
    target: Option<&'a TargetRecord>,
    in_year: bool,
    input: RatingInput,
    assessment: Assessment,
    rating: RatingId,
    rating_reason: Option<&'a str>,
}

fn rate_measure<'a>(
    measure: &'a MeasureRecord,
    index: &Indexed<'a>,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
) -> Rated<'a> {
    let values = index.values.get(&measure.id).map_or(&[][..], Vec::as_slice);
    let targets = index
        .targets
        .get(&measure.id)
        .map_or(&[][..], Vec::as_slice);
    let reported = reported_value(values, quarter);
    let as_of = reported.map(|v| v.as_of.unwrap_or_else(|| v.period.end_month()));
    let target = target_for(
        targets,
        reported.map(|v| v.period),
        as_of.map(year_of),
        quarter,
    );
    let in_year = as_of.is_some_and(|month| year_of(month) == quarter.year());
    let figure = reported.and_then(|v| v.value.figure());
    let (target_figure, polarity, method) = match (target.map(|t| &t.target), figure) {
        (Some(target), Some(figure)) => match target.yardstick(figure, measure.polarity, None) {
            Yardstick::Figure { target, polarity } => (Some(target), polarity, measure.method),
            Yardstick::Benchmark { value } => (
                Some(value),
                measure.polarity,
                crate::measure::RatingMethod::Comparator,
            ),
            Yardstick::None => (None, measure.polarity, measure.method),
        },
        (
            Some(Target::Figure { value } | Target::ProfiledYearToDate { to_date: value, .. }),
            None,
        ) => (Some(*value), measure.polarity, measure.method),
        _ => (None, measure.polarity, measure.method),
    };
    let input = RatingInput {
        // A figure for an earlier year is shown, but not rated against this year's target.
        actual: figure.filter(|_| in_year),
        target: target_figure,
        unit: measure.unit,
        polarity,
        method,
    };
    let assessment = rules.measures.rate(&input);
    let update = index.measure_updates.get(&(&measure.id, quarter)).copied();
    let by_hand = update.and_then(|u| {
        u.rating
            .as_deref()
            .and_then(|r| rules.measures.scheme().lookup(r))
    });
    Rated {
        reported,
        as_of,
        target,
        in_year,
        input,
        assessment,
        rating: by_hand.unwrap_or(assessment.rating),
        rating_reason: by_hand.and(update.and_then(|u| u.rating_reason.as_deref())),
    }
}

/// The rating explanation for a measure status, with the year said when the figure is not for
/// this one.
pub fn measure_explanation(
    status: &MeasureStatus<'_>,
    rules: Rules<'_>,
    year: FinancialYear,
) -> String {
    if let Some(reason) = status.rating_reason {
        let label = &rules.measures.scheme().category(status.rating).label;
        return format!("Rated {label} by hand: {reason}");
    }
    if status.reported.is_some_and(|v| v.value.figure().is_some()) && !status.in_year {
        return format!(
            "The latest figure is for an earlier year; there is no figure for {year} yet, so No data"
        );
    }
    explain(rules.measures, &status.input, &status.assessment)
}

/// The unrated category of a manual vocabulary ("Not rated", "N/A").
fn unrated(scheme: &Scheme) -> RatingId {
    scheme
        .ratings()
        .find(|r| scheme.score(*r).is_none())
        .unwrap_or_else(|| {
            // Every shipped vocabulary has one; a scheme without falls back to its last category.
            scheme
                .ratings()
                .last()
                .unwrap_or_else(|| unreachable!("a scheme has categories"))
        })
}

fn quarter_contains(quarter: FinancialQuarter, date: Date) -> bool {
    let period = Period::Quarter(quarter);
    let month = Month::new(u16::try_from(date.year()).unwrap_or(0), date.month());
    month.is_some_and(|m| m >= period.start_month() && m <= period.end_month())
}

/// Builds the view of `quarter`.
pub fn view<'a>(data: &'a Dataset, rules: Rules<'_>, quarter: FinancialQuarter) -> QuarterView<'a> {
    let mut index = Indexed::new(data);
    let mut measures = measure_statuses(data, &index, rules, quarter);
    let deliverables = deliverable_statuses(data, &index, rules, quarter);
    for status in &mut measures {
        status.values = index.values.remove(&status.measure.id).unwrap_or_default();
        status.history = yearly_history(&status.values, quarter, HISTORY_YEARS);
    }
    let priorities = priority_statuses(data, &deliverables, &measures, rules);
    let (success, consideration) = key_areas(&deliverables, &measures, rules);
    let requiring_action = requiring_action(&deliverables, &measures, rules);
    QuarterView {
        quarter,
        measures,
        deliverables,
        priorities,
        success,
        consideration,
        requiring_action,
    }
}

/// Each measure's figure, target and rating this quarter, beside last quarter's.
fn measure_statuses<'a>(
    data: &'a Dataset,
    index: &Indexed<'a>,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
) -> Vec<MeasureStatus<'a>> {
    let previous_quarter = quarter.previous();
    // A department's share of a measure is the service plans'; the Council Plan reports the whole.
    data.measures
        .iter()
        .filter(|measure| measure.part_of.is_none())
        .map(|measure| {
            let now = rate_measure(measure, index, rules, quarter);
            let before = rate_measure(measure, index, rules, previous_quarter);
            let new = match (now.reported, before.reported) {
                (Some(now), Some(before)) => !std::ptr::eq(now, before),
                (Some(_), None) => true,
                _ => false,
            };
            let has_figure = now.reported.is_some_and(|v| v.value.figure().is_some());
            let freshness = match now.as_of {
                Some(as_of) if new && has_figure => {
                    let relates_to = as_of.financial_quarter();
                    if relates_to >= quarter {
                        Freshness::ThisQuarter
                    } else if relates_to == previous_quarter {
                        Freshness::PreviousQuarter(relates_to)
                    } else {
                        Freshness::Earlier
                    }
                }
                _ => Freshness::NoNewData,
            };
            let previous =
                Some(before.rating).filter(|r| rules.measures.scheme().score(*r).is_some());
            let benchmarks = index
                .benchmarks
                .get(&measure.id)
                .map(|all| {
                    let period = now.reported.map(|v| v.period);
                    all.iter()
                        .filter(|b| {
                            Some(b.period) == period
                                || b.period == Period::FinancialYear(quarter.year())
                        })
                        .copied()
                        .collect()
                })
                .unwrap_or_default();
            MeasureStatus {
                measure,
                reported: now.reported,
                as_of: now.as_of,
                target: now.target,
                in_year: now.in_year,
                input: now.input,
                assessment: now.assessment,
                rating: now.rating,
                rating_reason: now.rating_reason,
                previous,
                freshness,
                update: index.measure_updates.get(&(&measure.id, quarter)).copied(),
                benchmarks,
                history: Vec::new(),
                values: Vec::new(),
            }
        })
        .collect()
}

/// Each deliverable still reported this quarter: its rating, last quarter's, its dates and trend.
fn deliverable_statuses<'a>(
    data: &'a Dataset,
    index: &Indexed<'a>,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
) -> Vec<DeliverableStatus<'a>> {
    let previous_quarter = quarter.previous();
    let scheme = rules.deliverables;
    let not_rated = unrated(scheme);
    let rating_of = |update: Option<&DeliverableUpdate>| {
        update
            .and_then(|u| u.rating.as_deref())
            .and_then(|r| scheme.find(r))
    };
    data.deliverables
        .iter()
        .filter_map(|deliverable| {
            let completed = data
                .deliverable_updates
                .iter()
                .filter(|u| u.deliverable == deliverable.id && u.quarter <= quarter)
                .filter_map(|u| u.completed)
                .min();
            // Completed before this quarter: no longer reported.
            if completed.is_some_and(|date| Period::Quarter(quarter).start_month() > month_of(date))
            {
                return None;
            }
            let update = index
                .deliverable_updates
                .get(&(&deliverable.id, quarter))
                .copied();
            let previous_update = index
                .deliverable_updates
                .get(&(&deliverable.id, previous_quarter))
                .copied();
            let rating = rating_of(update).unwrap_or(not_rated);
            let previous = rating_of(previous_update).filter(|r| scheme.score(*r).is_some());
            let completed_in_quarter =
                completed.is_some_and(|date| quarter_contains(quarter, date));
            Some(DeliverableStatus {
                deliverable,
                update,
                rating,
                previous,
                completed,
                completed_in_quarter,
                expected_completion: update
                    .and_then(|u| u.expected_completion)
                    .or(deliverable.expected_completion),
                trend: trend(scheme, previous, Some(rating), completed_in_quarter),
            })
        })
        .collect()
}

/// Each bottom-level priority's counts and overall ratings.
fn priority_statuses<'a>(
    data: &'a Dataset,
    deliverables: &[DeliverableStatus<'a>],
    measures: &[MeasureStatus<'a>],
    rules: Rules<'_>,
) -> Vec<PriorityStatus<'a>> {
    let scheme = rules.deliverables;
    let bottom: Vec<&PriorityRecord> = data
        .priorities
        .iter()
        .filter(|p| {
            !data
                .priorities
                .iter()
                .any(|child| child.parent.as_ref() == Some(&p.id))
        })
        .collect();
    bottom
        .into_iter()
        .map(|priority| {
            let deliverable_tally = Tally::of(
                scheme,
                deliverables
                    .iter()
                    .filter(|d| d.deliverable.priorities.contains(&priority.id))
                    .map(|d| d.rating),
            );
            let measure_scheme = rules.measures.scheme();
            let measure_tally = Tally::of(
                measure_scheme,
                measures
                    .iter()
                    .filter(|m| m.measure.priorities.contains(&priority.id))
                    .map(|m| m.rating),
            );
            PriorityStatus {
                priority,
                deliverables_overall: rules.deliverable_rollup.apply(scheme, &deliverable_tally),
                measures_overall: rules.measure_rollup.apply(measure_scheme, &measure_tally),
                deliverables: deliverable_tally,
                measures: measure_tally,
            }
        })
        .collect()
}

fn month_of(date: Date) -> Month {
    Month::new(u16::try_from(date.year()).unwrap_or(0), date.month())
        .unwrap_or_else(|| unreachable!("a date's month is 1-12"))
}

/// Counts for one quarter of the trend-over-time tables.
#[derive(Debug, Clone)]
pub struct QuarterCounts {
    /// The quarter.
    pub quarter: FinancialQuarter,
    /// Deliverables per rating.
    pub deliverables: Tally,
    /// Deliverable trends since the quarter before (None when that quarter has no ratings).
    pub deliverable_trends: Option<TrendTally>,
    /// Rated measures per rating.
    pub measures: Tally,
    /// Measure trends since the quarter before (None when that quarter has no ratings).
    pub measure_trends: Option<TrendTally>,
}

/// The counts for each quarter of `quarter`'s financial year up to `quarter`.
pub fn year_to_date_counts(
    data: &Dataset,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
) -> Vec<QuarterCounts> {
    quarter
        .year()
        .quarters()
        .into_iter()
        .filter(|q| *q <= quarter)
        .map(|q| {
            let view = view(data, rules, q);
            let scheme = rules.measures.scheme();
            let rated: Vec<&MeasureStatus<'_>> = view
                .measures
                .iter()
                .filter(|m| m.is_rated(scheme))
                .collect();
            let any_previous_deliverable = view.deliverables.iter().any(|d| d.previous.is_some());
            let any_previous_measure = rated.iter().any(|m| m.previous.is_some());
            QuarterCounts {
                quarter: q,
                deliverables: Tally::of(
                    rules.deliverables,
                    view.deliverables.iter().map(|d| d.rating),
                ),
                deliverable_trends: any_previous_deliverable
                    .then(|| TrendTally::of(view.deliverables.iter().map(|d| d.trend))),
                measures: Tally::of(scheme, rated.iter().map(|m| m.rating)),
                measure_trends: any_previous_measure.then(|| {
                    TrendTally::of(
                        rated
                            .iter()
                            .map(|m| trend(scheme, m.previous, Some(m.rating), false))
                            .filter(|t| *t != Trend::NotApplicable),
                    )
                }),
            }
        })
        .collect()
}

/// A measure's history for charts: for each of the last `years` financial years up to
/// `quarter`'s, the figure as of the latest month in that year (by the end of `quarter`).
fn yearly_history(
    values: &[&ValueRecord],
    quarter: FinancialQuarter,
    years: usize,
) -> Vec<(FinancialYear, Option<Decimal>)> {
    let end = quarter.end_month();
    let mut latest: HashMap<FinancialYear, (Month, Decimal)> = HashMap::new();
    for value in values {
        let (Some(figure), as_of) = (
            value.value.figure(),
            value.as_of.unwrap_or_else(|| value.period.end_month()),
        ) else {
            continue;
        };
        if as_of > end {
            continue;
        }
        let year = as_of.financial_year();
        if latest.get(&year).is_none_or(|(month, _)| as_of >= *month) {
            latest.insert(year, (as_of, figure));
        }
    }
    let mut year = quarter.year();
    let mut history = Vec::with_capacity(years);
    for _ in 0..years {
        history.push((year, latest.get(&year).map(|(_, figure)| *figure)));
        year = year.previous();
    }
    history.reverse();
    history
}

/// The reported value's missing status text ("Data due in Q3"), if it has no figure.
pub fn missing_text(status: &MeasureStatus<'_>) -> Option<String> {
    match status.reported.map(|v| v.value) {
        Some(MeasureValue::Missing(missing)) => Some(missing.to_string()),
        None => Some("No data".into()),
        Some(MeasureValue::Figure { .. }) => None,
    }
}

/// Whether the assessment rated a figure against a target (for counts "with data and targets").
pub fn rated_against_target(assessment: &Assessment) -> bool {
    matches!(
        assessment.basis,
        Basis::Band { .. } | Basis::Comparator { .. } | Basis::ZeroTarget { .. }
    )
}
