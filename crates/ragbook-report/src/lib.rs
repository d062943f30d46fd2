//! The quarterly performance report: one view-model ([`Report`]) built from the data by
//! [`build`], laid out twice, as one self-contained HTML file ([`html`]) and as a tagged,
//! accessible PDF typeset by Typst embedded as a library ([`pdf`]). Charts are SVG, the same
//! in both.
//!
//! This crate is the only one that knows Typst and HTML templates. It reads no files and no
//! clock: fonts and templates are built in, and everything else comes from the data.

pub mod cabinet;
pub mod cabinet_report;
pub mod charts;
pub mod city;
mod html;
pub mod model;
pub mod money_charts;
pub mod narrative;
mod pdf;
pub mod service_plan;

pub use html::{cabinet_html, city_html, html, service_plan_html};
pub use model::{Report, ReportError, build};
pub use pdf::{PDF_METADATA, cabinet_pdf, city_pdf, pdf, service_plan_pdf};
