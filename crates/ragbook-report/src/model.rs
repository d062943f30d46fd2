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
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use ragbook_core::trend::Trend;

use crate::charts;
use crate::narrative;
use ragbook_core::placeholder::fill;

mod builder;
mod view;
mod wheels;

use builder::Builder;
pub use view::{
    ActionSection, DeliverableSection, KeyAreaItem, KeyRow, MeasureDetail, MeasureRow,
    MeasureTable, PrioritySection, Report, ReportError, Shown, TrendRow, TrendTables,
};
use wheels::wheel;

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

fn paragraphs(text: Option<&str>) -> Vec<String> {
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
    let priority_groups = |measures: bool| {
        wheels::plan_groups(view, deliverable_scheme, measure_scheme, quarter, measures)
    };
    let drawn = |groups: &[(String, Option<Shown>, Vec<Shown>)]| -> usize {
        groups.iter().map(|(_, _, items)| items.len()).sum()
    };
    let groups = priority_groups(false);
    let deliverable_wheel = wheel(
        &format!(
            "{}s by priority: inner ring priorities, outer ring all {} {}",
            names.deliverable,
            drawn(&groups),
            deliverable_noun.1
        ),
        groups,
        deliverable_scheme,
    );
    let groups = priority_groups(true);
    let measure_wheel = wheel(
        &format!(
            "{}s by priority: inner ring priorities, outer ring all {} {}, grey where there is no data this year or no target",
            names.measure,
            drawn(&groups),
            measure_noun.1
        ),
        groups,
        measure_scheme,
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
                .map(|m| shown(measure_scheme, m.rating, None, quarter))
                .collect();
            let mut sections: Vec<DeliverableSection> = deliverables
                .iter()
                .map(|d| {
                    let mut section = builder.deliverable_section(d);
                    section.elsewhere = place(&section.anchor, &p.priority.title);
                    section
                })
                .collect();
            // A measure that evidences a deliverable shown here in full is shown under it.
            let mut details = Vec::new();
            for m in &measures {
                let mut detail = builder.measure_detail(m);
                detail.elsewhere = place(&detail.anchor, &p.priority.title);
                let host = m.measure.deliverable.as_ref().and_then(|d| {
                    let anchor = format!("d-{d}");
                    sections
                        .iter_mut()
                        .find(|s| s.anchor == anchor && s.elsewhere.is_none())
                });
                match host {
                    Some(section) if detail.elsewhere.is_none() => section.measures.push(detail),
                    _ => details.push(detail),
                }
            }
            PrioritySection {
                anchor: format!("p-{id}"),
                title: p.priority.title.clone(),
                initiatives: data
                    .headline_initiatives
                    .iter()
                    .filter(|h| &h.priority == id)
                    .map(|h| (h.title.clone(), h.description.clone()))
                    .collect(),
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
                    &format!("{}: its {} (outer ring) and the priority's overall rating (inner ring)", p.priority.title, count(deliverables.len(), &deliverable_noun)),
                    vec![(label.clone(), p.deliverables_overall.map(|r| shown(deliverable_scheme, r, None, quarter)), deliverable_items)],
                    deliverable_scheme,
                ),
                measure_wheel: wheel(
                    &format!("{}: its {} (outer ring), grey where there is no data this year or no target, and the priority's overall measure rating (inner ring)", p.priority.title, count(measures.len(), &measure_noun)),
                    vec![(label, p.measures_overall.map(|r| shown(measure_scheme, r, None, quarter)), measure_items)],
                    measure_scheme,
                ),
                measures_table: measures.iter().map(|m| builder.measure_row(m)).collect(),
                deliverables: sections,
                measures: details,
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
        requiring_action: report_settings.requiring_action.as_ref().map(|title| {
            ActionSection {
                title: title.clone(),
                items: view
                    .requiring_action
                    .iter()
                    .map(|item| {
                        let mut entry = builder.key_item(*item, false);
                        // The same item may be a key area too: its own anchor here.
                        entry.anchor = entry.anchor.replacen("k-", "a-", 1);
                        entry
                    })
                    .collect(),
            }
        }),
        measure_tables,
        priorities,
        overarching,
        notes: paragraphs(report_settings.notes.as_deref()),
    })
}
