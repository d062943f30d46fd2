//! Years of use: plans that follow one another, and items that start and end. A quarter's
//! report, check and forms see the data as it stands in that quarter ([`Dataset::for_quarter`]):
//! the plan in force, and only the priorities, deliverables and key measures in force then.

use std::collections::HashSet;

use serde::{Deserialize, Deserializer};

use super::{Dataset, DeliverableRecord, MeasureRecord, PlanHeader, PriorityRecord};
use crate::city::{ProjectRecord, RiskRecord};
use crate::period::FinancialQuarter;
use crate::plan::ItemId;

/// Whether an item that starts at `starts` and ends at `ends` (either open) is in force in
/// `quarter`.
pub fn in_force(
    starts: Option<FinancialQuarter>,
    ends: Option<FinancialQuarter>,
    quarter: FinancialQuarter,
) -> bool {
    starts.is_none_or(|s| s <= quarter) && ends.is_none_or(|e| quarter <= e)
}

/// An item that starts and may end: a priority, deliverable or key measure.
pub trait Lifetime {
    /// Its id.
    fn id(&self) -> &ItemId;
    /// The first quarter it is reported in, if not its plan's first.
    fn starts(&self) -> Option<FinancialQuarter>;
    /// The last quarter it is reported in, if it ends.
    fn ends(&self) -> Option<FinancialQuarter>;
    /// Whether it is in force in `quarter`.
    fn in_force(&self, quarter: FinancialQuarter) -> bool {
        in_force(self.starts(), self.ends(), quarter)
    }
}

macro_rules! lifetime {
    ($($record:ty),*) => {$(
        impl Lifetime for $record {
            fn id(&self) -> &ItemId {
                &self.id
            }
            fn starts(&self) -> Option<FinancialQuarter> {
                self.starts
            }
            fn ends(&self) -> Option<FinancialQuarter> {
                self.ends
            }
        }
    )*};
}

lifetime!(
    PriorityRecord,
    DeliverableRecord,
    MeasureRecord,
    ProjectRecord,
    RiskRecord
);

/// Items that serve priorities: only those in force serving a priority in force are kept, each
/// serving only those.
trait Serving: Lifetime + Clone {
    fn priorities(&mut self) -> &mut Vec<ItemId>;
}

macro_rules! serving {
    ($($record:ty),*) => {$(
        impl Serving for $record {
            fn priorities(&mut self) -> &mut Vec<ItemId> {
                &mut self.priorities
            }
        }
    )*};
}

serving!(DeliverableRecord, ProjectRecord, RiskRecord);

fn in_force_serving<T: Serving>(
    items: &[T],
    quarter: FinancialQuarter,
    ids: &HashSet<&ItemId>,
) -> Vec<T> {
    items
        .iter()
        .filter(|item| item.in_force(quarter))
        .filter_map(|item| {
            let mut item = item.clone();
            item.priorities().retain(|p| ids.contains(p));
            (!item.priorities().is_empty()).then_some(item)
        })
        .collect()
}

/// Reads the plans as held now (a list), or as held before plans could follow one another (one
/// plan, or none).
pub(super) fn plans_from<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<PlanHeader>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<PlanHeader>),
        One(PlanHeader),
    }
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(plan)) => vec![plan],
        Some(OneOrMany::Many(plans)) => plans,
    })
}

impl Dataset {
    /// The plan `quarter` belongs to: the one whose years cover it; for a quarter no plan
    /// covers, the last plan to start before it (or the first plan), so that `check` can say
    /// the quarter is outside it.
    pub fn plan_for(&self, quarter: FinancialQuarter) -> Option<&PlanHeader> {
        self.plans
            .iter()
            .find(|p| p.covers(quarter))
            .or_else(|| {
                self.plans
                    .iter()
                    .rev()
                    .find(|p| p.first_year <= quarter.year())
            })
            .or_else(|| self.plans.first())
    }

    /// The latest plan: the one new items join unless they say otherwise.
    pub fn current_plan(&self) -> Option<&PlanHeader> {
        self.plans.last()
    }

    /// The plan a priority belongs to: its own, or the first.
    pub fn plan_of<'a>(&'a self, plan: Option<&'a ItemId>) -> Option<&'a ItemId> {
        plan.or_else(|| self.plans.first().map(|p| &p.id))
    }

    /// `priority` with the title in force in `quarter`: the latest rename from that quarter or
    /// before, else its own.
    fn titled(&self, priority: &PriorityRecord, quarter: FinancialQuarter) -> PriorityRecord {
        let mut priority = priority.clone();
        if let Some(rename) = self
            .priority_renames
            .iter()
            .filter(|r| r.priority == priority.id && r.from <= quarter)
            .max_by_key(|r| r.from)
        {
            priority.title.clone_from(&rename.title);
            if rename.short_title.is_some() {
                priority.short_title.clone_from(&rename.short_title);
            }
        }
        priority
    }

    /// What is in force in `quarter`: its plan (the last of `plans`, after the plans before it,
    /// whose titles a key measure's history may need), the priorities of that plan in force
    /// then, and the deliverables and key measures in force then that serve one of them (each
    /// serving only those), or, for a key measure, none (an overarching measure). Of the
    /// figures, those the quarter reads ([`super::ValueWindow`]); updates and budget records are
    /// kept whole: they are looked up by item.
    pub fn for_quarter(&self, quarter: FinancialQuarter) -> Dataset {
        let plan = self.plan_for(quarter).cloned();
        let plan_id = plan.as_ref().map(|p| &p.id);
        let priorities: Vec<_> = self
            .priorities
            .iter()
            .filter(|p| self.plan_of(p.plan.as_ref()) == plan_id && p.in_force(quarter))
            .map(|p| self.titled(p, quarter))
            .collect();
        let ids: HashSet<&ItemId> = priorities.iter().map(|p| &p.id).collect();
        let serving = |list: &[ItemId]| -> Vec<ItemId> {
            list.iter().filter(|p| ids.contains(p)).cloned().collect()
        };
        let deliverables = in_force_serving(&self.deliverables, quarter, &ids);
        let projects = in_force_serving(&self.projects, quarter, &ids);
        let risks = in_force_serving(&self.risks, quarter, &ids);
        let measures = self
            .measures
            .iter()
            .filter(|m| m.in_force(quarter))
            .filter_map(|m| {
                let priorities = serving(&m.priorities);
                (m.priorities.is_empty() || !priorities.is_empty()).then(|| {
                    let mut m = m.clone();
                    m.priorities = priorities;
                    m
                })
            })
            .collect();
        let plans = match &plan {
            Some(plan) => self
                .plans
                .iter()
                .filter(|p| p.first_year <= plan.first_year)
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        Dataset {
            plans,
            priorities,
            deliverables,
            measures,
            projects,
            risks,
            measure_values: self.values_for(quarter),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{Polarity, Unit};
    use crate::period::FinancialYear;

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn q(text: &str) -> FinancialQuarter {
        text.parse().unwrap()
    }

    fn plan(name: &str, first: u16, last: u16) -> PlanHeader {
        PlanHeader {
            id: id(name),
            title: format!("Council Plan {first}-{}", last + 1),
            first_year: FinancialYear::starting(first),
            last_year: FinancialYear::starting(last),
        }
    }

    /// Two plans: 2023-27 with P1 and P2, then 2027-31 with N1. D1 runs throughout P1's plan;
    /// D2 starts in 2026-27; KM1 carries on into the second plan, mapped to N1; KM2 is retired
    /// at the end of 2024-25; KM3 is overarching.
    fn two_plans() -> Dataset {
        let mut n1 = PriorityRecord::new(id("N1"), "New priority".into());
        n1.plan = Some(id("plan-2027"));
        let mut d2 = DeliverableRecord::new(id("D2"), "Added at a refresh".into(), vec![id("P1")]);
        d2.starts = Some(q("2026-27-Q1"));
        let mut km1 = MeasureRecord::new(
            id("KM1"),
            "Sickness".into(),
            Unit::Days,
            Polarity::LowerIsBetter,
        );
        km1.priorities = vec![id("P2"), id("N1")];
        let mut km2 = MeasureRecord::new(
            id("KM2"),
            "Retired".into(),
            Unit::Count,
            Polarity::HigherIsBetter,
        );
        km2.priorities = vec![id("P1")];
        km2.ends = Some(q("2024-25-Q4"));
        let km3 = MeasureRecord::new(
            id("KM3"),
            "Overarching".into(),
            Unit::Count,
            Polarity::HigherIsBetter,
        );
        Dataset {
            plans: vec![plan("plan-2023", 2023, 2026), plan("plan-2027", 2027, 2030)],
            priorities: vec![
                PriorityRecord::new(id("P1"), "One".into()),
                PriorityRecord::new(id("P2"), "Two".into()),
                n1,
            ],
            deliverables: vec![
                DeliverableRecord::new(id("D1"), "Throughout".into(), vec![id("P1")]),
                d2,
            ],
            measures: vec![km1, km2, km3],
            ..Dataset::default()
        }
    }

    fn ids<T>(items: &[T], id: impl Fn(&T) -> &ItemId) -> Vec<String> {
        items.iter().map(|i| id(i).to_string()).collect()
    }

    #[test]
    fn each_quarter_belongs_to_the_plan_whose_years_cover_it() {
        let data = two_plans();
        assert_eq!(data.plan_for(q("2026-27-Q4")).unwrap().id, id("plan-2023"));
        assert_eq!(data.plan_for(q("2027-28-Q1")).unwrap().id, id("plan-2027"));
        // Before the first plan: the first, so that check can say it is outside it.
        assert_eq!(data.plan_for(q("2020-21-Q1")).unwrap().id, id("plan-2023"));
        // After the last: the last.
        assert_eq!(data.plan_for(q("2031-32-Q1")).unwrap().id, id("plan-2027"));
    }

    #[test]
    fn a_deliverable_that_starts_later_is_absent_before_and_present_from_its_start() {
        let data = two_plans();
        let before = data.for_quarter(q("2025-26-Q4"));
        assert_eq!(ids(&before.deliverables, |d| &d.id), ["D1"]);
        let from = data.for_quarter(q("2026-27-Q1"));
        assert_eq!(ids(&from.deliverables, |d| &d.id), ["D1", "D2"]);
    }

    #[test]
    fn an_ended_measure_is_present_up_to_its_end_and_absent_after() {
        let data = two_plans();
        let last = data.for_quarter(q("2024-25-Q4"));
        assert!(last.measures.iter().any(|m| m.id == id("KM2")));
        let after = data.for_quarter(q("2025-26-Q1"));
        assert!(!after.measures.iter().any(|m| m.id == id("KM2")));
    }

    #[test]
    fn a_second_plan_has_its_own_priorities_and_a_measure_carries_on_into_it() {
        let data = two_plans();
        let first = data.for_quarter(q("2026-27-Q2"));
        assert_eq!(ids(&first.plans, |p| &p.id), ["plan-2023"]);
        assert_eq!(ids(&first.priorities, |p| &p.id), ["P1", "P2"]);
        let second = data.for_quarter(q("2027-28-Q2"));
        assert_eq!(ids(&second.plans, |p| &p.id), ["plan-2023", "plan-2027"]);
        assert_eq!(second.current_plan().unwrap().id, id("plan-2027"));
        assert_eq!(ids(&second.priorities, |p| &p.id), ["N1"]);
        // The first plan's deliverables serve none of the second's priorities.
        assert!(second.deliverables.is_empty());
        // KM1 serves P2, then N1; the overarching KM3 is in both.
        let km1 = |d: &Dataset| {
            d.measures
                .iter()
                .find(|m| m.id == id("KM1"))
                .unwrap()
                .priorities
                .clone()
        };
        assert_eq!(km1(&first), [id("P2")]);
        assert_eq!(km1(&second), [id("N1")]);
        assert_eq!(ids(&second.measures, |m| &m.id), ["KM1", "KM3"]);
    }

    #[test]
    fn a_renamed_priority_keeps_its_id_and_shows_the_title_in_force() {
        let mut data = two_plans();
        data.priority_renames.push(crate::dataset::PriorityRename {
            priority: id("P1"),
            from: q("2025-26-Q1"),
            title: "One, renamed".into(),
            short_title: None,
        });
        let title = |quarter: &str| data.for_quarter(q(quarter)).priorities[0].title.clone();
        assert_eq!(title("2024-25-Q4"), "One");
        assert_eq!(title("2025-26-Q1"), "One, renamed");
        assert_eq!(title("2026-27-Q4"), "One, renamed");
    }

    #[test]
    fn a_plan_kept_before_plans_could_follow_one_another_reads_as_the_first() {
        let old = r#"{"organisation":null,"plan":{"id":"p","title":"Plan","first_year":"2023-24","last_year":"2026-27"},"priorities":[],"deliverables":[],"deliverable_updates":[],"measures":[],"measure_values":[],"targets":[]}"#;
        let data: Dataset = serde_json::from_str(old).unwrap();
        assert_eq!(data.plans.len(), 1);
        let none = old.replace(
            r#"{"id":"p","title":"Plan","first_year":"2023-24","last_year":"2026-27"}"#,
            "null",
        );
        assert!(
            serde_json::from_str::<Dataset>(&none)
                .unwrap()
                .plans
                .is_empty()
        );
    }
}
