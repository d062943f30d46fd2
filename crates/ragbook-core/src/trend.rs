//! Each item's rating against its rating in the previous period: Improving, No change,
//! Declining, N/A when either period is unrated, and Completed for deliverables finished in
//! the period. Every item falls in exactly one of these, so trend counts add up to the
//! number of items by construction.

use crate::rating::{RatingId, Scheme};

/// Direction of travel since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    /// Rated better than last period.
    Improving,
    /// Rated the same.
    NoChange,
    /// Rated worse.
    Declining,
    /// Not comparable: unrated now or then (every item in the first quarter of a plan).
    NotApplicable,
    /// A deliverable completed in this period; counted here rather than in the three above.
    Completed,
}

impl Trend {
    /// All trends in report order.
    pub const ALL: [Trend; 5] = [
        Trend::Improving,
        Trend::NoChange,
        Trend::Declining,
        Trend::NotApplicable,
        Trend::Completed,
    ];

    /// Label in trend tables.
    pub fn label(self) -> &'static str {
        match self {
            Trend::Improving => "Improving",
            Trend::NoChange => "No Change",
            Trend::Declining => "Declining",
            Trend::NotApplicable => "N/A",
            Trend::Completed => "Completed",
        }
    }
}

/// The trend from `previous` to `current` under `scheme`; `completed_in_period` for a
/// deliverable finished this period.
pub fn trend(
    scheme: &Scheme,
    previous: Option<RatingId>,
    current: Option<RatingId>,
    completed_in_period: bool,
) -> Trend {
    if completed_in_period {
        return Trend::Completed;
    }
    let score = |rating: Option<RatingId>| rating.and_then(|r| scheme.score(r));
    match (score(previous), score(current)) {
        (Some(before), Some(now)) if now > before => Trend::Improving,
        (Some(before), Some(now)) if now < before => Trend::Declining,
        (Some(_), Some(_)) => Trend::NoChange,
        _ => Trend::NotApplicable,
    }
}

/// How many items have each trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrendTally {
    counts: [u32; 5],
}

impl TrendTally {
    /// Counts trends.
    pub fn of(trends: impl IntoIterator<Item = Trend>) -> TrendTally {
        let mut tally = TrendTally::default();
        for trend in trends {
            tally.counts[trend as usize] += 1;
        }
        tally
    }

    /// Items with this trend.
    pub fn count(&self, trend: Trend) -> u32 {
        self.counts[trend as usize]
    }

    /// Items counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Items compared with a previous rating (all but N/A).
    pub fn compared(&self) -> u32 {
        self.total() - self.count(Trend::NotApplicable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_follow_scores() {
        let scheme = Scheme::shipped("deliverables").unwrap();
        let r = |id| scheme.find(id);
        assert_eq!(
            trend(&scheme, r("good"), r("strong"), false),
            Trend::Improving
        );
        assert_eq!(trend(&scheme, r("good"), r("good"), false), Trend::NoChange);
        assert_eq!(
            trend(&scheme, r("review"), r("action"), false),
            Trend::Declining
        );
        assert_eq!(trend(&scheme, None, r("good"), false), Trend::NotApplicable);
        assert_eq!(
            trend(&scheme, r("not_rated"), r("good"), false),
            Trend::NotApplicable
        );
        assert_eq!(trend(&scheme, r("good"), r("good"), true), Trend::Completed);
        let tally = TrendTally::of([Trend::Improving, Trend::NotApplicable, Trend::Completed]);
        assert_eq!((tally.total(), tally.compared()), (3, 2));
    }
}
