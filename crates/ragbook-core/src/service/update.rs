//! What an annual update changes since the plan's document of the year before: actions added,
//! closed and carried (a carried action keeps the start it was first given), targets reset, and
//! the measure columns rolled forward a year. Worked out from the records, so the "what has
//! changed" page and the document's section say the same.

use super::document::{measure_years, target};
use super::records::{ActionRecord, ServicePlanRecord};
use crate::dataset::{Dataset, MeasureRecord};
use crate::period::FinancialYear;

/// A measure whose target for the update year differs from the year before's.
#[derive(Debug, Clone)]
pub struct TargetChange<'a> {
    /// The measure.
    pub measure: &'a MeasureRecord,
    /// The target the year before, as printed ("-" for none).
    pub before: String,
    /// The target now.
    pub after: String,
}

/// What changed between a plan's document for the year before and for this year.
#[derive(Debug, Clone)]
pub struct AnnualUpdate<'a> {
    /// The year of the document it updates.
    pub since: FinancialYear,
    /// The year of the update.
    pub year: FinancialYear,
    /// Actions the update adds.
    pub added: Vec<&'a ActionRecord>,
    /// Actions the update closes (listed the year before, not now).
    pub closed: Vec<&'a ActionRecord>,
    /// Actions listed in both, with the start they were first given.
    pub carried: Vec<&'a ActionRecord>,
    /// Success measures whose target was reset.
    pub targets: Vec<TargetChange<'a>>,
    /// The measure columns' years the year before, and now.
    pub measure_years: ([FinancialYear; 4], [FinancialYear; 4]),
}

/// Actions as the update lists them: number ("–" for a sub-action, as the plan's tables print
/// it), title and the start first given.
pub fn lines(actions: &[&ActionRecord]) -> Vec<(String, String, String)> {
    actions
        .iter()
        .map(|a| {
            (
                if a.parent.is_some() {
                    "–".to_owned()
                } else {
                    a.number.clone()
                },
                a.title.clone(),
                a.start.map(String::from).unwrap_or_default(),
            )
        })
        .collect()
}

impl AnnualUpdate<'_> {
    /// Whether nothing but the years moved.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.closed.is_empty() && self.targets.is_empty()
    }
}

/// What `plan`'s document for `year` changes since the year before; none for the plan's first
/// year, which updates nothing.
pub fn changes<'a>(
    data: &'a Dataset,
    plan: &'a ServicePlanRecord,
    year: FinancialYear,
) -> Option<AnnualUpdate<'a>> {
    if year <= plan.first_year {
        return None;
    }
    let since = year.previous();
    let actions = || data.actions.iter().filter(|a| a.plan == plan.id);
    let (now, then) = (
        |a: &ActionRecord| a.listed_in(year),
        |a: &ActionRecord| a.listed_in(since),
    );
    let mut targets = Vec::new();
    let mut seen: Vec<&crate::plan::ItemId> = Vec::new();
    for id in actions().filter(|a| now(a)).flat_map(|a| &a.measures) {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let Some(measure) = data.measure(id) else {
            continue;
        };
        let (before, after) = (
            target(data, plan, measure, since),
            target(data, plan, measure, year),
        );
        if before != after {
            targets.push(TargetChange {
                measure,
                before,
                after,
            });
        }
    }
    Some(AnnualUpdate {
        since,
        year,
        added: actions().filter(|a| now(a) && !then(a)).collect(),
        closed: actions().filter(|a| then(a) && !now(a)).collect(),
        carried: actions().filter(|a| then(a) && now(a)).collect(),
        targets,
        measure_years: (measure_years(since), measure_years(year)),
    })
}
