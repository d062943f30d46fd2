//! The city-style plan's rules: priority projects (RAG derived from four criteria, and the
//! Delivery Confidence Assessment), strategic risks (scores on a configured matrix, their
//! movement), and the generated parts of the city report's front section. Milestone statuses
//! are the `milestones` rating vocabulary (schemes/milestones.toml), set by officers.
//! docs/domain rules: ../shared/reference/city-report-structure.md, sections 3 and 4.

pub mod front;
pub mod project;
pub mod register;
pub mod risk;
pub mod view;
pub mod words;

#[cfg(test)]
mod tests;

pub use project::{ProjectRecord, ProjectUpdate, Tolerance};
pub use register::{RiskMatrices, RiskRecord, RiskUpdate};
