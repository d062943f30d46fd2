//! The reports as self-contained HTML files: styles inline (one shared style sheet), charts
//! inline SVG, no script, no external resource. Escaping is the template engine's: every piece
//! of data is escaped; only the charts, which this crate draws, are inserted as they are.

use minijinja::{Environment, context};
use serde::Serialize;

use crate::cabinet_report::CabinetReport;
use crate::{Report, ReportError};

const TEMPLATES: [(&str, &str); 5] = [
    ("style.css", include_str!("../templates/style.css")),
    ("report.html", include_str!("../templates/report.html")),
    ("cabinet.html", include_str!("../templates/cabinet.html")),
    ("city.html", include_str!("../templates/city.html")),
    (
        "service_plan.html",
        include_str!("../templates/service_plan.html"),
    ),
];

fn render(name: &str, model: &impl Serialize) -> Result<String, ReportError> {
    let mut environment = Environment::new();
    for (template, source) in TEMPLATES {
        environment
            .add_template(template, source)
            .map_err(|e| ReportError::Html(e.to_string()))?;
    }
    let template = environment
        .get_template(name)
        .map_err(|e| ReportError::Html(e.to_string()))?;
    template
        .render(context! { r => minijinja::value::Serde(model) })
        .map_err(|e| ReportError::Html(format!("{e:#}")))
}

/// The performance report as HTML.
pub fn html(report: &Report) -> Result<String, ReportError> {
    render("report.html", report)
}

/// The city quarterly report as HTML.
pub fn city_html(report: &crate::city::CityReport) -> Result<String, ReportError> {
    render("city.html", report)
}

/// Service plans (one department's, or every department's as a volume) as HTML.
pub fn service_plan_html(
    volume: &crate::service_plan::ServicePlanVolume,
) -> Result<String, ReportError> {
    render("service_plan.html", volume)
}

/// The integrated Cabinet report as HTML.
pub fn cabinet_html(report: &CabinetReport) -> Result<String, ReportError> {
    render("cabinet.html", report)
}
