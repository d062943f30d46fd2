//! The quarter's lists of items, each a filter over ratings (and an editor's choice of key
//! area), never over whether text has been written.

use super::{DeliverableStatus, KeyItem, MeasureStatus, Rules};
use crate::dataset::KeyArea;
use crate::rating::{RatingId, Scheme};

/// Whether `rating` is the lowest scored category of `scheme` (Action).
fn at_bottom(scheme: &Scheme, rating: RatingId) -> bool {
    let lowest = scheme.rated().filter_map(|r| scheme.score(r)).min();
    scheme.score(rating).is_some() && scheme.score(rating) == lowest
}

/// Items rated at the bottom of their key: a filter over ratings, so no item can drop out.
pub(super) fn requiring_action(
    deliverables: &[DeliverableStatus<'_>],
    measures: &[MeasureStatus<'_>],
    rules: Rules<'_>,
) -> Vec<KeyItem> {
    let deliverable_items = deliverables
        .iter()
        .enumerate()
        .filter(|(_, d)| at_bottom(rules.deliverables, d.rating))
        .map(|(i, _)| KeyItem::Deliverable(i));
    let measure_items = measures
        .iter()
        .enumerate()
        .filter(|(_, m)| at_bottom(rules.measures.scheme(), m.rating))
        .map(|(i, _)| KeyItem::Measure(i));
    deliverable_items.chain(measure_items).collect()
}

/// The key areas, by rule unless an editor chose: deliverables rated at the top of their
/// vocabulary are successes; those whose rating needs an issue and a response are for
/// consideration; measures rated at the bottom of their key are for consideration. Only
/// ratings decide: an item whose text is missing is still listed (and `check` asks for it).
pub(super) fn key_areas(
    deliverables: &[DeliverableStatus<'_>],
    measures: &[MeasureStatus<'_>],
    rules: Rules<'_>,
) -> (Vec<KeyItem>, Vec<KeyItem>) {
    let scheme = rules.deliverables;
    let top = scheme.rated().filter_map(|r| scheme.score(r)).max();
    let measure_scheme = rules.measures.scheme();
    let mut success = Vec::new();
    let mut consideration = Vec::new();
    for (index, status) in deliverables.iter().enumerate() {
        let choice = status.update.and_then(|u| u.key_area).or_else(|| {
            let category = scheme.category(status.rating);
            if category.score.is_some() && category.score == top {
                Some(KeyArea::Success)
            } else if category.needs_issue_and_response {
                Some(KeyArea::Consideration)
            } else {
                None
            }
        });
        match choice {
            Some(KeyArea::Success) => success.push(KeyItem::Deliverable(index)),
            Some(KeyArea::Consideration) => consideration.push(KeyItem::Deliverable(index)),
            _ => {}
        }
    }
    for (index, status) in measures.iter().enumerate() {
        let choice = status
            .update
            .and_then(|u| u.key_area)
            .or_else(|| at_bottom(measure_scheme, status.rating).then_some(KeyArea::Consideration));
        match choice {
            Some(KeyArea::Success) => success.push(KeyItem::Measure(index)),
            Some(KeyArea::Consideration) => consideration.push(KeyItem::Measure(index)),
            _ => {}
        }
    }
    (success, consideration)
}
