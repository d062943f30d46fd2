//! The report's wheels: which items each ring draws, and a legend that counts what is drawn.

use std::collections::HashSet;

use ragbook_core::period::FinancialQuarter;
use ragbook_core::quarter::QuarterView;
use ragbook_core::rating::Scheme;

use super::{Shown, shown};
use crate::charts::{self, Chart, Segment};

/// A ring's group: the inner segment's label and rating, and the outer items.
pub(super) type Group = (String, Option<Shown>, Vec<Shown>);

/// A wheel of `groups` (inner segment, outer items). Its legend counts the items drawn, by
/// rating in the key's order, so the caption, the legend and the segments cannot disagree.
pub(super) fn wheel(title: &str, groups: Vec<Group>, scheme: &Scheme) -> Chart {
    let mut legend: Vec<(String, String, String, u32)> = scheme
        .ratings()
        .map(|r| {
            let category = scheme.category(r);
            (
                category.label.clone(),
                category.symbol.clone(),
                category.colour.clone(),
                0,
            )
        })
        .collect();
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
                .map(|s| {
                    if let Some(row) = legend.iter_mut().find(|row| row.0 == s.category) {
                        row.3 += 1;
                    }
                    Segment {
                        label: s.label,
                        colour: s.colour,
                        symbol: s.symbol,
                    }
                })
                .collect();
            (inner, outer)
        })
        .collect();
    legend.retain(|row| row.3 > 0);
    charts::wheel(title, &segments, &legend)
}

/// The plan's groups: each item once, under the first priority it serves (as the report shows
/// it in full there), and measures of no priority as a group of their own, so that the
/// legends count the plan's items.
pub(super) fn plan_groups(
    view: &QuarterView<'_>,
    deliverable_scheme: &Scheme,
    measure_scheme: &Scheme,
    quarter: FinancialQuarter,
    measures: bool,
) -> Vec<Group> {
    let mut drawn: HashSet<&str> = HashSet::new();
    let mut groups: Vec<Group> = view
        .priorities
        .iter()
        .map(|p| {
            let label = p
                .priority
                .short_title
                .clone()
                .unwrap_or_else(|| p.priority.title.clone());
            let id = &p.priority.id;
            if measures {
                let items = view
                    .measures
                    .iter()
                    .filter(|m| m.measure.priorities.contains(id))
                    .filter(|m| drawn.insert(m.measure.id.as_str()))
                    .map(|m| shown(measure_scheme, m.rating, None, quarter))
                    .collect();
                let overall = p
                    .measures_overall
                    .map(|r| shown(measure_scheme, r, None, quarter));
                (label, overall, items)
            } else {
                let items = view
                    .deliverables
                    .iter()
                    .filter(|d| d.deliverable.priorities.contains(id))
                    .filter(|d| drawn.insert(d.deliverable.id.as_str()))
                    .map(|d| shown(deliverable_scheme, d.rating, None, quarter))
                    .collect();
                let overall = p
                    .deliverables_overall
                    .map(|r| shown(deliverable_scheme, r, None, quarter));
                (label, overall, items)
            }
        })
        .collect();
    if measures {
        let overarching: Vec<Shown> = view
            .measures
            .iter()
            .filter(|m| m.measure.priorities.is_empty())
            .map(|m| shown(measure_scheme, m.rating, None, quarter))
            .collect();
        if !overarching.is_empty() {
            groups.push(("Overarching".to_owned(), None, overarching));
        }
    }
    groups
}
