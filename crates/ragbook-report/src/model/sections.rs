//! The larger parts of the report's view-model, each from the quarter's view: the trend
//! tables, the key measure tables and the priority sections.

use ragbook_core::dataset::Dataset;
use ragbook_core::period::FinancialQuarter;
use ragbook_core::quarter::{
    DeliverableStatus, Freshness, MeasureStatus, Rules, year_to_date_counts,
};
use ragbook_core::rating::Scheme;
use ragbook_core::trend::Trend;

use super::Shown;
use super::builder::Builder;
use super::wheels;
use super::wheels::wheel;
use super::{
    ActionSection, DeliverableSection, KeyRow, MeasureTable, PrioritySection, TrendRow,
    TrendTables, count, shown,
};
use crate::charts::Chart;
use crate::narrative;
use ragbook_core::plan::KindNames;
use ragbook_core::settings::ReportSettings;

/// The year-to-date counts of ratings and trends, a column per quarter so far.
pub(super) fn trend_tables(
    data: &Dataset,
    rules: Rules<'_>,
    quarter: FinancialQuarter,
) -> TrendTables {
    let measure_scheme = rules.measures.scheme();
    let deliverable_scheme = rules.deliverables;
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
    TrendTables {
        columns,
        deliverables: rating_rows(deliverable_scheme, false),
        deliverable_trends: trend_rows(false),
        measures: rating_rows(measure_scheme, true),
        measure_trends: trend_rows(true),
    }
}

/// The key measure tables, by how new each measure's figure is; empty tables left out.
pub(super) fn measure_tables(
    builder: &Builder<'_>,
    quarter: FinancialQuarter,
) -> Vec<MeasureTable> {
    let view = &builder.view;
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
    vec![
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
    .collect()
}

/// A section per priority: its overview, wheels, deliverables and measures. An item serving
/// several priorities is shown in full under the first; later ones point there.
pub(super) fn priority_sections(
    builder: &Builder<'_>,
    (deliverable_noun, measure_noun): (&(String, String), &(String, String)),
) -> Vec<PrioritySection> {
    let (view, data, quarter) = (&builder.view, builder.data, builder.quarter);
    let deliverable_scheme = builder.rules.deliverables;
    let measure_scheme = builder.rules.measures.scheme();
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
    view
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
                    &format!("{}: its {} (outer ring) and the priority's overall rating (inner ring)", p.priority.title, count(deliverables.len(), deliverable_noun)),
                    vec![(label.clone(), p.deliverables_overall.map(|r| shown(deliverable_scheme, r, None, quarter)), deliverable_items)],
                    deliverable_scheme,
                ),
                measure_wheel: wheel(
                    &format!("{}: its {} (outer ring), grey where there is no data this year or no target, and the priority's overall measure rating (inner ring)", p.priority.title, count(measures.len(), measure_noun)),
                    vec![(label, p.measures_overall.map(|r| shown(measure_scheme, r, None, quarter)), measure_items)],
                    measure_scheme,
                ),
                measures_table: measures.iter().map(|m| builder.measure_row(m)).collect(),
                deliverables: sections,
                measures: details,
            }
        })
        .collect()
}

/// The plan's two wheels: every deliverable and measure by priority.
pub(super) fn plan_wheels(
    builder: &Builder<'_>,
    names: &KindNames,
    (deliverable_noun, measure_noun): (&(String, String), &(String, String)),
) -> (Chart, Chart) {
    let (view, quarter) = (&builder.view, builder.quarter);
    let deliverable_scheme = builder.rules.deliverables;
    let measure_scheme = builder.rules.measures.scheme();
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

    (deliverable_wheel, measure_wheel)
}

/// The key to ratings: the deliverable vocabulary beside the measure key, row by row.
pub(super) fn key_rows(
    deliverable_scheme: &Scheme,
    measure_scheme: &Scheme,
    quarter: FinancialQuarter,
) -> Vec<KeyRow> {
    deliverable_scheme
        .rated()
        .zip(measure_scheme.rated())
        .map(|(d, m)| KeyRow {
            rating: shown(measure_scheme, m, None, quarter),
            deliverables: deliverable_scheme.category(d).description.clone(),
            measures: measure_scheme.category(m).description.clone(),
            response: measure_scheme.category(m).response.clone(),
        })
        .collect()
}

/// The optional section listing every item at the bottom of its key.
pub(super) fn requiring_action(
    builder: &Builder<'_>,
    report_settings: &ReportSettings,
) -> Option<ActionSection> {
    let view = &builder.view;
    report_settings.requiring_action.as_ref().map(|title| {
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
    })
}
