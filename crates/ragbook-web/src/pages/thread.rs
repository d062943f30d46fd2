//! The golden thread as a page a Cabinet member can follow: each council priority, the
//! departments whose service plans serve it, their actions, the Council Plan deliverables they
//! deliver and the measures of their success; then the loose ends. Read from the core's view
//! ([`ragbook_core::service::thread`]) of the plan in force in the quarter shown.

use axum::extract::State;
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::service::thread;
use serde::Serialize;

use super::home;
use crate::Shared;
use crate::auth::Staff;
use crate::error::WebError;
use crate::render::page;

#[derive(Serialize)]
struct ActionShown {
    id: String,
    number: String,
    /// This quarter's progress, as its department gave it.
    progress: Option<&'static str>,
    title: String,
    /// (id, title) of the deliverable it delivers.
    deliverable: Option<(String, String)>,
    /// (id, title) of each success measure.
    measures: Vec<(String, String)>,
}

#[derive(Serialize)]
struct DepartmentShown {
    department: String,
    actions: Vec<ActionShown>,
}

#[derive(Serialize)]
struct PriorityShown {
    id: String,
    title: String,
    departments: Vec<DepartmentShown>,
}

/// The service plans' pages are not found until plans are held, saying how to add them.
pub(super) fn plans_held(data: &ragbook_core::dataset::Dataset) -> Result<(), WebError> {
    if data.service_plans.is_empty() {
        return Err(WebError::NotFound(
            "No departmental service plans are held: import them (see docs/service-plans.md)."
                .into(),
        ));
    }
    Ok(())
}

pub(crate) async fn golden_thread(
    staff: Staff,
    State(web): State<Shared>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let data = &q.in_force.dataset;
    plans_held(data)?;
    let view = thread(data);
    let priorities: Vec<PriorityShown> = view
        .priorities
        .iter()
        .map(|p| PriorityShown {
            id: p.priority.id.to_string(),
            title: p.priority.title.clone(),
            departments: p
                .departments
                .iter()
                .map(|d| DepartmentShown {
                    department: d.department.to_owned(),
                    actions: d
                        .actions
                        .iter()
                        .map(|a| ActionShown {
                            id: a.id.to_string(),
                            progress: data
                                .action_updates
                                .iter()
                                .find(|u| u.action == a.id && u.quarter == q.quarter)
                                .and_then(|u| u.progress)
                                .map(|p| p.label()),
                            number: a.number.clone(),
                            title: a.title.clone(),
                            deliverable: a.deliverable.as_ref().and_then(|id| {
                                data.deliverables
                                    .iter()
                                    .find(|x| &x.id == id)
                                    .map(|x| (x.id.to_string(), x.title.clone()))
                            }),
                            measures: a
                                .measures
                                .iter()
                                .filter_map(|id| data.measure(id))
                                .map(|m| (m.id.to_string(), m.title.clone()))
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let undelivered: Vec<(String, String, String)> = view
        .undelivered
        .iter()
        .map(|d| {
            (
                d.id.to_string(),
                d.title.clone(),
                d.department
                    .clone()
                    .unwrap_or_else(|| "no department".into()),
            )
        })
        .collect();
    let loose: Vec<String> = view
        .loose_actions
        .iter()
        .map(|(department, a)| format!("{department}: {}. {}", a.number, a.title))
        .collect();
    page(
        "thread.html",
        "The golden thread",
        &[home()],
        &staff.frame,
        context! { period => Serde(&q.report.period), priorities => Serde(&priorities), undelivered => Serde(&undelivered), loose => Serde(&loose), section => Serde(&"/") },
    )
}
