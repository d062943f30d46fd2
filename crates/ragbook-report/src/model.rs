//! The report's view-model: every word, figure, table and chart of the report, built once from
//! the data. The HTML and PDF renderers only lay it out; neither computes anything, so the two
//! cannot differ.

use ragbook_core::Decimal;
use ragbook_core::dataset::Dataset;
use ragbook_core::measure::{Frequency, Unit};
use ragbook_core::period::FinancialQuarter;
use ragbook_core::quarter::{
    DeliverableStatus, KeyItem, MeasureStatus, QuarterView, Rules, measure_explanation,
    missing_text,
};
use ragbook_core::rating::{RatingId, Scheme};
use ragbook_core::rollup::Tally;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;

use crate::charts;
use crate::narrative;
use ragbook_core::placeholder::fill;

mod builder;
mod sections;
mod view;
mod wheels;

use builder::Builder;
use sections::{
    key_rows, measure_tables, plan_wheels, priority_sections, requiring_action, trend_tables,
};
pub use view::{
    ActionSection, DeliverableSection, KeyAreaItem, KeyRow, MeasureDetail, MeasureRow,
    MeasureTable, PrioritySection, Report, ReportError, Shown, TrendRow, TrendTables,
};

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
        category: category.label.clone(),
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

/// Text as paragraphs: split at blank lines, trimmed, empty ones dropped.
pub(crate) fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// "1 deliverable", "3 deliverables".
fn count(n: usize, noun: &(String, String)) -> String {
    format!("{n} {}", if n == 1 { &noun.0 } else { &noun.1 })
}

/// Builds the report for `quarter`.
pub fn build(
    data: &Dataset,
    settings: &Settings,
    book: &Rulebook,
    quarter: FinancialQuarter,
) -> Result<Report, ReportError> {
    // The report is of what is in force in the quarter: its plan and that plan's items.
    let data = &data.for_quarter(quarter);
    let (Some(organisation), Some(plan)) = (&data.organisation, data.current_plan()) else {
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
        text: settings.report.text,
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

    let key = key_rows(deliverable_scheme, measure_scheme, quarter);

    let (deliverable_wheel, measure_wheel) =
        plan_wheels(&builder, names, (&deliverable_noun, &measure_noun));

    let trends = trend_tables(data, rules, quarter);

    let measure_tables = measure_tables(&builder, quarter);

    let priorities = priority_sections(&builder, (&deliverable_noun, &measure_noun));

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
            report_settings.summary,
        ),
        measure_summary: narrative::measure_summary(
            measure_scheme,
            &measure_tally,
            (&measure_noun.0, &measure_noun.1),
            ("measure", "measures"),
            report_settings.summary,
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
        requiring_action: requiring_action(&builder, report_settings),
        measure_tables,
        priorities,
        overarching,
        notes: paragraphs(report_settings.notes.as_deref()),
    })
}
