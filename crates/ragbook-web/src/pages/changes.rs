//! What each department's annual update changes since the year before: actions added, closed
//! and carried (with the start first given), targets reset and the measure columns rolled
//! forward. Read from the core's view ([`ragbook_core::service::update::changes`]), which the
//! document's section also prints.

use axum::extract::State;
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::service::update::{changes, lines as rows};
use serde::Serialize;

use super::home;
use crate::Shared;
use crate::auth::Staff;
use crate::error::WebError;
use crate::render::page;

/// Actions as listed: (number, title, start).
type ActionRows = Vec<(String, String, String)>;

#[derive(Serialize)]
struct PlanChanges {
    department: String,
    heading: String,
    /// (label, [(number, title, start)]), for added, closed and carried.
    lists: Vec<(&'static str, ActionRows)>,
    /// (measure id, title, before, now).
    targets: Vec<(String, String, String, String)>,
    rolled: String,
}

pub(crate) async fn annual_update(
    staff: Staff,
    State(web): State<Shared>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let data = &q.in_force.dataset;
    super::thread::plans_held(data)?;
    let plans: Vec<PlanChanges> = data
        .service_plans
        .iter()
        .filter_map(|plan| {
            let c = changes(data, plan, plan.year())?;
            let (then, now) = c.measure_years;
            Some(PlanChanges {
                department: plan.department.clone(),
                heading: format!("{}: {}, {} Update", plan.department, plan.title(), c.year),
                lists: vec![
                    ("Actions added", rows(&c.added)),
                    ("Actions closed", rows(&c.closed)),
                    ("Actions carried forward", rows(&c.carried)),
                ],
                targets: c
                    .targets
                    .iter()
                    .map(|t| {
                        (
                            t.measure.id.to_string(),
                            t.measure.title.clone(),
                            t.before.clone(),
                            t.after.clone(),
                        )
                    })
                    .collect(),
                rolled: format!(
                    "Measure columns: actuals for {} and {}, latest for {} and targets for {} (the {} plan showed {}, {}, {} and {}).",
                    now[0], now[1], now[2], now[3], c.since, then[0], then[1], then[2], then[3]
                ),
            })
        })
        .collect();
    page(
        "changes.html",
        "What the service plans' annual updates change",
        &[home()],
        &staff.frame,
        context! { period => Serde(&q.report.period), plans => Serde(&plans), section => Serde(&"/") },
    )
}
