//! The report as one self-contained HTML file: styles inline, charts inline SVG, no script, no
//! external resource. Escaping is the template engine's: every piece of data is escaped; only
//! the charts, which this crate draws, are inserted as they are.

use minijinja::{Environment, context};

use crate::{Report, ReportError};

const TEMPLATE: &str = include_str!("../templates/report.html");

/// The report as HTML.
pub fn html(report: &Report) -> Result<String, ReportError> {
    let mut environment = Environment::new();
    environment
        .add_template("report.html", TEMPLATE)
        .map_err(|e| ReportError::Html(e.to_string()))?;
    let template = environment
        .get_template("report.html")
        .map_err(|e| ReportError::Html(e.to_string()))?;
    template
        .render(context! { r => minijinja::value::Serde(report) })
        .map_err(|e| ReportError::Html(format!("{e:#}")))
}
