//! Making records: `new` takes what every record needs; the optional fields start empty and are
//! set by name, so code that makes records does not change when a record gains an optional
//! field (docs/development.md, "Adding a field to a record").

#[allow(clippy::wildcard_imports)]
use super::*;

impl PriorityRecord {
    /// A priority with no parent, short title or description.
    pub fn new(id: ItemId, title: String) -> PriorityRecord {
        PriorityRecord {
            id,
            parent: None,
            title,
            short_title: None,
            description: None,
            plan: None,
            starts: None,
            ends: None,
        }
    }
}

impl DeliverableRecord {
    /// A deliverable serving `priorities`, with nothing else known yet.
    pub fn new(id: ItemId, title: String, priorities: Vec<ItemId>) -> DeliverableRecord {
        DeliverableRecord {
            id,
            title,
            short_title: None,
            priorities,
            lead: None,
            department: None,
            portfolio: None,
            start: None,
            expected_completion: None,
            original_completion: None,
            starts: None,
            ends: None,
        }
    }
}

impl DeliverableUpdate {
    /// A deliverable's empty update for `quarter`.
    pub fn new(deliverable: ItemId, quarter: FinancialQuarter) -> DeliverableUpdate {
        DeliverableUpdate {
            deliverable,
            quarter,
            rating: None,
            commentary: None,
            issue: None,
            response: None,
            completed: None,
            expected_completion: None,
            key_area: None,
        }
    }
}

impl MeasureUpdate {
    /// A measure's empty update for `quarter`.
    pub fn new(measure: ItemId, quarter: FinancialQuarter) -> MeasureUpdate {
        MeasureUpdate {
            measure,
            quarter,
            commentary: None,
            issue: None,
            response: None,
            key_area: None,
            rating: None,
            rating_reason: None,
        }
    }
}

impl MeasureRecord {
    /// An overarching measure in `unit` with `polarity`: whole numbers, quarterly, year to date,
    /// rated by threshold where it has a better direction (otherwise not rated).
    pub fn new(id: ItemId, title: String, unit: Unit, polarity: Polarity) -> MeasureRecord {
        MeasureRecord {
            id,
            title,
            short_title: None,
            priorities: Vec::new(),
            unit,
            decimals: 0,
            polarity,
            frequency: Frequency::Quarterly,
            basis: AggregationBasis::YearToDate,
            method: if polarity == Polarity::None {
                RatingMethod::None
            } else {
                RatingMethod::Threshold
            },
            owner: None,
            department: None,
            portfolio: None,
            national_code: None,
            deliverable: None,
            part_of: None,
            starts: None,
            ends: None,
        }
    }
}
