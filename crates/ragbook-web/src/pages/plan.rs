//! The plan as staff see it, live: the overview, a priority, a deliverable, a measure, an
//! item's history, and the budget. Every figure and rating comes from the report's view-model.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::access::UpdateState;
use ragbook_core::dataset::Lifetime;
use ragbook_report::model::{DeliverableSection, MeasureDetail};
use ragbook_store::UpdateRecord;
use serde::Serialize;
use serde_json::Value as Json;

use super::{crumb, home};
use crate::Shared;
use crate::auth::{Staff, Visitor};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::render::{cached_page, page};

/// What the council calls things, for headings.
pub(crate) fn names(q: &Quarterly) -> minijinja::Value {
    let level = q.in_force.settings.levels.last();
    let names = &q.in_force.settings.names;
    context! {
        level => level.map_or("Priority", |l| l.singular.as_str()),
        priorities_heading => level.map_or("Priorities", |l| l.plural.as_str()),
        deliverable_name => names.deliverable.as_str(),
        deliverables_heading => format!("{}s", names.deliverable),
        measure_name => names.measure.as_str(),
        measures_heading => format!("{}s", names.measure),
        project_name => names.project.as_str(),
        projects_heading => format!("{}s", names.project),
        risk_name => names.risk.as_str(),
        risks_heading => format!("{}s", names.risk),
    }
}

/// An update's state as pages show it.
#[derive(Serialize)]
pub(crate) struct StateShown {
    pub(crate) state: &'static str,
    pub(crate) label: &'static str,
    pub(crate) version: i64,
    pub(crate) comment: Option<String>,
}

impl From<&UpdateRecord> for StateShown {
    fn from(record: &UpdateRecord) -> StateShown {
        StateShown {
            state: record.state.code(),
            label: record.state.label(),
            version: record.version,
            comment: (record.state == UpdateState::Returned)
                .then(|| record.comment.clone())
                .flatten(),
        }
    }
}

/// The start page: the plan overview for staff; for the public, the published reports.
pub(crate) async fn overview(
    visitor: Visitor,
    State(web): State<Shared>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    if visitor.signed_in.is_none() {
        return Ok(axum::response::Redirect::to("/published").into_response());
    }
    let q = web.live().await?;
    Ok(cached_page(
        &q,
        "overview".into(),
        ("overview.html", "/"),
        (&format!("{}, {}", q.report.plan_title, q.report.period), &[]),
        &visitor.frame,
        || context! { r => q.report_values.clone(), open => Serde(&q.open), service_plans => Serde(&!q.in_force.dataset.service_plans.is_empty()), ..names(&q) },
    )?
    .into_response())
}

pub(crate) async fn priority(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let anchor = format!("p-{id}");
    let section = q
        .report
        .priorities
        .iter()
        .find(|p| p.anchor == anchor)
        .ok_or_else(|| WebError::NotFound(format!("There is no priority {id} in the plan.")))?;
    // A city plan's projects and risks, as the city report's table of the priority shows them.
    let city_rows: Vec<&ragbook_report::city::ItemRow> = q
        .city
        .iter()
        .flat_map(|c| c.rows())
        .filter(|(priority, row)| *priority == id && matches!(row.kind.id, "project" | "risk"))
        .map(|(_, row)| row)
        .collect();
    page(
        "priority.html",
        &section.title,
        &[home()],
        &staff.frame,
        context! { r => q.report_values.clone(), p => Serde(&section), city_rows => Serde(&city_rows), section => Serde(&"/"), ..names(&q) },
    )
}

/// The deliverable's section, where it is shown in full.
pub(crate) fn deliverable_section<'a>(
    q: &'a Quarterly,
    id: &str,
) -> Option<&'a DeliverableSection> {
    let anchor = format!("d-{id}");
    let all = || q.report.priorities.iter().flat_map(|p| &p.deliverables);
    all()
        .find(|d| d.anchor == anchor && d.elsewhere.is_none())
        .or_else(|| all().find(|d| d.anchor == anchor))
}

/// The measure's detail, where it is shown in full.
pub(crate) fn measure_detail<'a>(q: &'a Quarterly, id: &str) -> Option<&'a MeasureDetail> {
    let anchor = format!("m-{id}");
    let all = || {
        q.report
            .priorities
            .iter()
            .flat_map(|p| &p.measures)
            .chain(&q.report.overarching)
    };
    all()
        .find(|m| m.anchor == anchor && m.elsewhere.is_none())
        .or_else(|| all().find(|m| m.anchor == anchor))
}

/// The first priority an item serves, for breadcrumbs.
pub(crate) fn priority_crumb(
    q: &Quarterly,
    priorities: &[ragbook_core::plan::ItemId],
) -> Vec<(String, String)> {
    let mut crumbs = vec![home()];
    if let Some(first) = priorities.first()
        && let Some(p) = q
            .report
            .priorities
            .iter()
            .find(|p| p.anchor == format!("p-{first}"))
    {
        crumbs.push(crumb(format!("/priorities/{first}"), p.title.clone()));
    }
    crumbs
}

/// Why an item is not shown in the quarter: it is not held, or it is outside its life or its
/// plan.
pub(crate) fn not_shown(
    q: &Quarterly,
    noun: &str,
    item: Option<&dyn Lifetime>,
    id: &str,
) -> WebError {
    let quarter = q.quarter.long_label();
    WebError::NotFound(match item {
        None => format!("There is no {noun} {id} in the plan."),
        Some(item) => match (item.starts(), item.ends()) {
            (Some(starts), _) if q.quarter < starts => format!(
                "The {noun} {id} starts in {}: it is not reported in {quarter}.",
                starts.long_label()
            ),
            (_, Some(ends)) if ends < q.quarter => format!(
                "The {noun} {id} ended after {}: it is not reported in {quarter}. Its history is kept.",
                ends.long_label()
            ),
            _ => format!("The {noun} {id} is not part of the plan in force in {quarter}."),
        },
    })
}

/// The item's update state this quarter and whether `staff` may change it.
pub(crate) async fn update_state(
    web: &Shared,
    staff: &Staff,
    q: &Quarterly,
    id: &str,
    owner: Option<&str>,
) -> Result<(Option<StateShown>, bool), WebError> {
    if !q.open {
        return Ok((None, false));
    }
    let key = (id.to_owned(), q.quarter);
    let record = web
        .update_states
        .get(&web.freshness, &key, async || {
            web.store.update_state(id, q.quarter).await
        })
        .await?;
    let may = staff.person.may_update(owner, q.open, record.state);
    Ok((Some(StateShown::from(&record)), may))
}

pub(crate) async fn deliverable(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    if !q
        .in_force
        .dataset
        .deliverables
        .iter()
        .any(|d| d.id.as_str() == id)
    {
        let held = q
            .held
            .dataset
            .deliverables
            .iter()
            .find(|d| d.id.as_str() == id);
        return Err(not_shown(
            &q,
            "deliverable",
            held.map(|d| d as &dyn Lifetime),
            &id,
        ));
    }
    let section = deliverable_section(&q, &id).ok_or_else(|| {
        WebError::NotFound(format!(
            "Deliverable {id} is not reported in {}: it was completed before it.",
            q.report.period
        ))
    })?;
    let record = &section.record;
    let (state, may_update) =
        update_state(&web, &staff, &q, &id, record.department.as_deref()).await?;
    page(
        "deliverable.html",
        &section.title,
        &priority_crumb(&q, &record.priorities),
        &staff.frame,
        context! { r => q.report_values.clone(), d => Serde(&section), id => Serde(&id), state => Serde(&state), may_update => Serde(&may_update), section => Serde(&"/"), ..names(&q) },
    )
}

pub(crate) async fn measure(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    if !q
        .in_force
        .dataset
        .measures
        .iter()
        .any(|m| m.id.as_str() == id)
    {
        let held = q.held.dataset.measures.iter().find(|m| m.id.as_str() == id);
        return Err(not_shown(
            &q,
            "key measure",
            held.map(|m| m as &dyn Lifetime),
            &id,
        ));
    }
    let detail = measure_detail(&q, &id)
        .ok_or_else(|| WebError::NotFound(format!("Key measure {id} is not reported.")))?;
    let record = &detail.record;
    let (state, may_update) =
        update_state(&web, &staff, &q, &id, record.department.as_deref()).await?;
    // The update's state is read per request; the content is kept for each state and each
    // answer to whether this person may update it.
    let key = format!(
        "measure {id} {} {may_update}",
        serde_json::to_string(&state).map_err(|e| WebError::Internal(e.to_string()))?
    );
    cached_page(
        &q,
        key,
        ("measure.html", "/"),
        (&detail.title, &priority_crumb(&q, &record.priorities)),
        &staff.frame,
        || context! { r => q.report_values.clone(), m => Serde(&detail), id => Serde(&id), state => Serde(&state), may_update => Serde(&may_update), ..names(&q) },
    )
}

/// One change set's effect on the item, as the history page lists it.
#[derive(Serialize)]
struct ChangeShown {
    at: String,
    by: String,
    what: String,
    key: String,
    reason: Option<String>,
    restatement: bool,
    fields: Vec<(String, String, String)>,
}

fn shown_json(value: Option<&Json>) -> String {
    match value {
        None | Some(Json::Null) => "(none)".into(),
        Some(Json::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The fields that differ between two records (JSON objects).
fn changed_fields(old: Option<&str>, new: &str) -> Vec<(String, String, String)> {
    let parse = |text: &str| serde_json::from_str::<Json>(text).ok();
    let new = parse(new);
    let old = old.and_then(parse);
    let (Some(Json::Object(new)), old) = (new, old) else {
        return Vec::new();
    };
    let old = match old {
        Some(Json::Object(old)) => old,
        _ => serde_json::Map::new(),
    };
    new.iter()
        .filter(|(field, value)| old.get(*field) != Some(*value))
        .map(|(field, value)| {
            (
                field.replace('_', " "),
                shown_json(old.get(field)),
                shown_json(Some(value)),
            )
        })
        .collect()
}

fn what(kind: &str, record: &str) -> String {
    let verb = match kind {
        "save" => "saved as a draft",
        "submit" => "submitted for review",
        "approve" => "approved",
        "return" => "returned",
        "api" => "figure sent by a feed",
        "import" => "imported",
        other => other,
    };
    let thing = match record {
        "update_states" => "Update",
        "deliverable_updates" | "measure_updates" | "project_updates" => "Quarterly update",
        "risk_updates" => "Risk assessment",
        "measure_values" => "Figure",
        "targets" => "Target",
        "deliverables" | "measures" | "projects" | "risks" => "Details",
        other => other,
    };
    format!("{thing} {verb}")
}

pub(crate) async fn history(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let dataset = &q.held.dataset;
    let (href, title) = if let Some(d) = dataset.deliverables.iter().find(|d| d.id.as_str() == id) {
        (format!("/deliverables/{id}"), d.title.clone())
    } else if let Some(m) = dataset.measures.iter().find(|m| m.id.as_str() == id) {
        (format!("/measures/{id}"), m.title.clone())
    } else if let Some(p) = dataset.projects.iter().find(|p| p.id.as_str() == id) {
        (format!("/projects/{id}"), p.title.clone())
    } else if let Some(r) = dataset.risks.iter().find(|r| r.id.as_str() == id) {
        (format!("/risks/{id}"), r.described())
    } else {
        return Err(WebError::NotFound(format!(
            "There is no item {id} in the plan."
        )));
    };
    let revisions = web.store.history(&id).await?;
    let created = web.store.created(&id).await?;
    let changes: Vec<ChangeShown> = revisions
        .iter()
        .rev()
        .map(|r| ChangeShown {
            at: r.change.at.clone(),
            by: r.change.by.clone(),
            what: what(&r.change.kind, &r.record),
            key: r.key.clone(),
            reason: r.change.reason.clone(),
            restatement: r.restatement,
            fields: changed_fields(r.old.as_deref(), &r.new),
        })
        .collect();
    let created = created.map(|c| context! { at => Serde(&c.at), by => Serde(&c.by), kind => Serde(&c.kind), source => Serde(&c.source) });
    page(
        "history.html",
        &format!("Changes to {id}"),
        &[home(), crumb(href, title)],
        &staff.frame,
        context! { changes => Serde(&changes), created => Serde(&created), section => Serde(&"/") },
    )
}

fn no_budget(q: &Quarterly) -> WebError {
    WebError::NotFound(format!(
        "No budget figures are held for {}: the finance team imports them (see docs/finance.md).",
        q.report.period
    ))
}

pub(crate) async fn budget(
    staff: Staff,
    State(web): State<Shared>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let cabinet = q.cabinet.as_ref().ok_or_else(|| no_budget(&q))?;
    let may_edit = q.open && staff.person.may_update_finance();
    page(
        "budget.html",
        &format!("Budget, {}", q.report.period),
        &[home()],
        &staff.frame,
        context! { b => Serde(&cabinet.budget), section => Serde(&"/budget"), may_edit => Serde(&may_edit) },
    )
}

pub(crate) async fn portfolio(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let q = web.live().await?;
    let cabinet = q.cabinet.as_ref().ok_or_else(|| no_budget(&q))?;
    let portfolio = cabinet
        .budget
        .portfolios
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| WebError::NotFound(format!("There is no portfolio {id} this year.")))?;
    // Lines are shown by title; finance editors need each one's id to change it.
    let line_ids: std::collections::HashMap<&str, &str> = q
        .held
        .dataset
        .finance
        .budget_lines
        .iter()
        .filter(|l| l.portfolio.as_ref().is_some_and(|p| p.as_str() == id))
        .map(|l| (l.title.as_str(), l.id.as_str()))
        .collect();
    let may_edit = q.open && staff.person.may_update_finance();
    page(
        "portfolio.html",
        &portfolio.title,
        &[home(), crumb("/budget", "Budget")],
        &staff.frame,
        context! { b => Serde(&cabinet.budget), p => Serde(&portfolio), section => Serde(&"/budget"), line_ids => Serde(&line_ids), may_edit => Serde(&may_edit) },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_shows_only_the_fields_that_changed() {
        let fields = changed_fields(
            Some(r#"{"rating":"good","commentary":"Old","issue":null}"#),
            r#"{"rating":"review","commentary":"Old","issue":"Late"}"#,
        );
        assert_eq!(
            fields,
            [
                ("issue".into(), "(none)".into(), "Late".into()),
                ("rating".into(), "good".into(), "review".into())
            ]
        );
    }
}
