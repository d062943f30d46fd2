//! How records are known again across imports: their keys, and the upsert by key that a merge
//! makes of each table.

#[allow(clippy::wildcard_imports)]
use super::*;

use std::collections::HashMap;
use std::hash::Hash;

/// A record with a key that identifies it across imports.
pub trait Keyed {
    /// The key type.
    type Key: Eq + Hash + Clone + std::fmt::Display;
    /// The record's key.
    fn key(&self) -> Self::Key;
    /// The period the record's data is for, if it is period data (decides restatements).
    fn period(&self) -> Option<Period> {
        None
    }
}

/// A key made of an item and a period, shown as `KM08 2023-24-Q2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PeriodKey {
    /// The item.
    pub item: ItemId,
    /// The period.
    pub period: Period,
}

impl std::fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.item, self.period)
    }
}

/// Records known by their own id.
macro_rules! keyed_by_id {
    ($($record:ty),*) => {$(
        impl Keyed for $record {
            type Key = ItemId;
            fn key(&self) -> ItemId {
                self.id.clone()
            }
        }
    )*};
}

keyed_by_id!(
    PlanHeader,
    PriorityRecord,
    DeliverableRecord,
    MeasureRecord,
    HeadlineInitiative,
    ProjectRecord,
    RiskRecord,
    ServicePlanRecord,
    ActionRecord,
    DepartmentRiskRecord
);

/// A service plan's records of a year, known by their plan, year and names
/// (`place-2023-27 2026-27 Highways`); the `dated` ones are figures of that year, whose change
/// to a locked year is a restatement.
macro_rules! keyed_by_plan_year {
    (@period dated) => {
        fn period(&self) -> Option<Period> {
            Some(Period::FinancialYear(self.year))
        }
    };
    (@period) => {};
    ($record:ty => $($name:ident),+ $(; $dated:ident)?) => {
        impl Keyed for $record {
            type Key = String;
            fn key(&self) -> String {
                let mut key = format!("{} {}", self.plan, self.year);
                $(key.push(' ');
                key.push_str(self.$name.as_ref());)+
                key
            }
            keyed_by_plan_year!(@period $($dated)?);
        }
    };
}

keyed_by_plan_year!(BudgetRowRecord => division; dated);
keyed_by_plan_year!(PlannedSavingRecord => area; dated);
keyed_by_plan_year!(ProcurementRecord => title);
keyed_by_plan_year!(VehicleRecord => user, vehicle_type);
keyed_by_plan_year!(PlanTargetRecord => measure; dated);
keyed_by_plan_year!(CapitalSchemeRecord => programme, location);
keyed_by_plan_year!(FundingLineRecord => programme, description);

/// Quarterly updates known by their item and quarter.
macro_rules! keyed_by_quarter {
    ($($record:ty => $item:ident),*) => {$(
        impl Keyed for $record {
            type Key = PeriodKey;
            fn key(&self) -> PeriodKey {
                PeriodKey {
                    item: self.$item.clone(),
                    period: Period::Quarter(self.quarter),
                }
            }
            fn period(&self) -> Option<Period> {
                Some(Period::Quarter(self.quarter))
            }
        }
    )*};
}

keyed_by_quarter!(
    DeliverableUpdate => deliverable,
    MeasureUpdate => measure,
    ProjectUpdate => project,
    RiskUpdate => risk,
    ActionUpdate => action
);

impl Keyed for PriorityRename {
    type Key = PeriodKey;
    fn key(&self) -> PeriodKey {
        PeriodKey {
            item: self.priority.clone(),
            period: Period::Quarter(self.from),
        }
    }
}

/// A benchmark's key: the measure, the series and the period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BenchmarkKey {
    /// The measure.
    pub measure: ItemId,
    /// The series label.
    pub series: String,
    /// The period.
    pub period: Period,
}

impl std::fmt::Display for BenchmarkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.measure, self.series, self.period)
    }
}

impl Keyed for BenchmarkRecord {
    type Key = BenchmarkKey;
    fn key(&self) -> BenchmarkKey {
        BenchmarkKey {
            measure: self.measure.clone(),
            series: self.series.clone(),
            period: self.period,
        }
    }
}

impl Keyed for ValueRecord {
    type Key = PeriodKey;
    fn key(&self) -> PeriodKey {
        PeriodKey {
            item: self.measure.clone(),
            period: self.period,
        }
    }
    fn period(&self) -> Option<Period> {
        Some(self.period)
    }
}

impl Keyed for TargetRecord {
    type Key = PeriodKey;
    fn key(&self) -> PeriodKey {
        PeriodKey {
            item: self.measure.clone(),
            period: self.period,
        }
    }
    fn period(&self) -> Option<Period> {
        Some(self.period)
    }
}

/// Upserts `incoming` into `held` by key: changed records replace held ones in place, new ones
/// are added at the end in the order given. Returns the changes.
pub(crate) fn merge_records<T: Keyed + Clone + PartialEq>(
    held: &mut Vec<T>,
    incoming: Vec<T>,
) -> Vec<RecordChange<T>> {
    use std::collections::hash_map::Entry;
    let mut index: HashMap<T::Key, usize> = HashMap::with_capacity(held.len() + incoming.len());
    index.extend(held.iter().enumerate().map(|(i, r)| (r.key(), i)));
    let mut changes = Vec::with_capacity(incoming.len());
    for record in incoming {
        match index.entry(record.key()) {
            Entry::Occupied(entry) => {
                let at = *entry.get();
                if held[at] != record {
                    let old = std::mem::replace(&mut held[at], record.clone());
                    changes.push(RecordChange::Update { old, new: record });
                }
            }
            Entry::Vacant(entry) => {
                entry.insert(held.len());
                held.push(record.clone());
                changes.push(RecordChange::Insert(record));
            }
        }
    }
    changes
}
