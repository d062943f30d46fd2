//! A city plan's priority project and strategic risk pages: this quarter's row of the city
//! report (its position and supporting information, as the report prints them), what the
//! position rests on (the four criteria; the likelihood and impact), and its position quarter by
//! quarter from what is held.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::city::Tolerance;
use ragbook_core::city::project::Position;
use ragbook_core::city::risk::RiskKind;
use ragbook_core::dataset::Lifetime;
use ragbook_report::city::ItemRow;
use serde::Serialize;

use super::plan::{names, not_shown, priority_crumb, update_state};
use crate::Shared;
use crate::auth::Staff;
use crate::data::Quarterly;
use crate::error::WebError;
use crate::render::page;

/// One quarter of an item's history: the quarter and what was held for it.
#[derive(Serialize)]
struct Quarter {
    quarter: String,
    cells: Vec<String>,
}

fn row<'a>(q: &'a Quarterly, id: &str, noun: &str) -> Result<&'a ItemRow, WebError> {
    q.city.as_ref().and_then(|c| c.row(id)).ok_or_else(|| {
        WebError::NotFound(format!(
            "The {noun} {id} is not reported in {}.",
            q.report.period
        ))
    })
}

fn tolerance(t: Option<Tolerance>) -> &'static str {
    match t {
        Some(Tolerance::Within) => "Within tolerance",
        Some(Tolerance::Outside) => "Outside tolerance",
        None => "Not given",
    }
}

pub(crate) async fn project(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let noun = q.in_force.settings.names.project.to_lowercase();
    let Some(record) = q
        .in_force
        .dataset
        .projects
        .iter()
        .find(|p| p.id.as_str() == id)
    else {
        let held = q.held.dataset.projects.iter().find(|p| p.id.as_str() == id);
        return Err(not_shown(&q, &noun, held.map(|p| p as &dyn Lifetime), &id));
    };
    let shown = row(&q, &id, &noun)?;
    let (state, may_update) =
        update_state(&web, &staff, &q, &id, record.department.as_deref()).await?;
    let updates = q
        .held
        .dataset
        .project_updates
        .iter()
        .filter(|u| u.project == record.id);
    let update = updates.clone().find(|u| u.quarter == q.quarter);
    let criteria: Vec<(&str, &str)> = vec![
        ("Time", tolerance(update.and_then(|u| u.time))),
        ("Cost", tolerance(update.and_then(|u| u.cost))),
        ("Scope", tolerance(update.and_then(|u| u.scope))),
        ("Benefits", tolerance(update.and_then(|u| u.benefits))),
    ];
    let history: Vec<Quarter> = updates
        .rev()
        .map(|u| Quarter {
            quarter: u.quarter.long_label(),
            cells: vec![
                match u.position() {
                    Ok(
                        p @ Position::Rated {
                            overridden: true, ..
                        },
                    ) => {
                        format!("{} (set by the project board)", p.label())
                    }
                    Ok(p) => p.label().to_owned(),
                    Err(e) => e.to_string(),
                },
                u.dca.map(|d| d.label().to_owned()).unwrap_or_default(),
                u.commentary.clone().unwrap_or_default(),
            ],
        })
        .collect();
    page(
        "project.html",
        &record.title,
        &priority_crumb(&q, &record.priorities),
        &staff.frame,
        context! { r => q.report_values.clone(), row => Serde(shown), p => Serde(record), id => Serde(&id), criteria => Serde(&criteria), history => Serde(&history), state => Serde(&state), may_update => Serde(&may_update), section => Serde(&"/"), ..names(&q) },
    )
}

pub(crate) async fn risk(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let noun = q.in_force.settings.names.risk.to_lowercase();
    let Some(record) = q
        .in_force
        .dataset
        .risks
        .iter()
        .find(|r| r.id.as_str() == id)
    else {
        let held = q.held.dataset.risks.iter().find(|r| r.id.as_str() == id);
        return Err(not_shown(&q, &noun, held.map(|r| r as &dyn Lifetime), &id));
    };
    let shown = row(&q, &id, &noun)?;
    let (state, may_update) =
        update_state(&web, &staff, &q, &id, record.department.as_deref()).await?;
    let matrices = &q.in_force.settings.risks;
    let score = |u: &ragbook_core::city::RiskUpdate, kind| match matrices.score(u, kind) {
        Ok(Some(s)) => format!("{} ({})", s.value(), matrices.matrix(kind).describe(s)),
        Ok(None) => String::new(),
        Err(e) => e.to_string(),
    };
    let history: Vec<Quarter> = q
        .held
        .dataset
        .risk_updates
        .iter()
        .filter(|u| u.risk == record.id)
        .rev()
        .map(|u| Quarter {
            quarter: u.quarter.long_label(),
            cells: vec![
                score(u, RiskKind::Threat),
                score(u, RiskKind::Opportunity),
                u.target_score.map(|t| t.to_string()).unwrap_or_default(),
            ],
        })
        .collect();
    page(
        "risk.html",
        &record.described(),
        &priority_crumb(&q, &record.priorities),
        &staff.frame,
        context! { r => q.report_values.clone(), row => Serde(shown), risk => Serde(record), id => Serde(&id), history => Serde(&history), state => Serde(&state), may_update => Serde(&may_update), section => Serde(&"/"), ..names(&q) },
    )
}
