//! Rating: schemes as data, the exact engine that applies them to figures, and the sentence
//! that explains each result.

mod batch;
mod engine;
mod explain;
mod scheme;

pub use batch::Batch;
pub use engine::{Assessment, Basis, MeasureScheme, NotAMeasureScheme, RatingInput};
pub use explain::{describe_bands, deviation_percent, explain};
pub use scheme::{
    Adjustment, Band, Bound, Category, FinanceBand, FinanceRules, MeasureRules, MetOrMissed,
    RatingId, SHIPPED, Scheme, SchemeError,
};

#[cfg(test)]
mod tests;
