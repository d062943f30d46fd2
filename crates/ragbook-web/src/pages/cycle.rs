//! The performance team's side of the cycle: opening a quarter, the review queue with who has
//! not submitted, approving or returning each update, and publishing.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::access::UpdateState;
use ragbook_core::check::{Severity, check};
use ragbook_core::dataset::Diff;
use ragbook_core::period::FinancialQuarter;
use ragbook_store::{ChangeInfo, Step, StoreError};
use serde::Serialize;

use super::home;
use super::updates::items;
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::forms::ActionForm;
use crate::render::page;

#[derive(Serialize)]
struct Row {
    kind: String,
    id: String,
    title: String,
    href: String,
    department: Option<String>,
    state: &'static str,
    label: &'static str,
    version: i64,
    by: String,
    at: String,
}

/// The checks' blocking findings for the quarter: (place, message).
fn blocking(q: &Quarterly) -> Vec<(String, String)> {
    check(
        &q.in_force.dataset,
        &q.in_force.settings,
        &q.in_force.book,
        q.quarter,
    )
    .into_iter()
    .filter(|f| f.severity == Severity::Blocking)
    .map(|f| (f.place, f.message))
    .collect()
}

pub(crate) async fn review(
    staff: Staff,
    State(web): State<Shared>,
) -> Result<Html<String>, WebError> {
    staff.require(staff.person.role.runs_the_cycle(), "review updates")?;
    let q = web.live().await?;
    let title = "Review updates";
    if !q.open {
        let locked = web.store.locked_quarters().await?;
        let next_quarter = locked.last().map_or(q.quarter, |l| l.next()).to_string();
        return page(
            "review.html",
            title,
            &[home()],
            &staff.frame,
            context! { next_quarter => Serde(&next_quarter), section => Serde(&"/review") },
        );
    }
    let states = web.store.update_states(q.quarter).await?;
    let rows: Vec<Row> = items(&q)
        .into_iter()
        .map(|i| {
            let record = states.get(&i.id);
            let state = record.map_or(UpdateState::NotStarted, |r| r.state);
            Row {
                kind: super::updates::kind_name(&q, i.kind).to_owned(),
                id: i.id,
                title: i.title,
                href: i.href,
                department: i.department,
                state: state.code(),
                label: state.label(),
                version: record.map_or(0, |r| r.version),
                by: record.map(|r| r.by.clone()).unwrap_or_default(),
                at: record.map(|r| r.at.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let count = |state: UpdateState| rows.iter().filter(|r| r.state == state.code()).count();
    let counts = [
        UpdateState::NotStarted,
        UpdateState::Draft,
        UpdateState::Returned,
        UpdateState::Submitted,
        UpdateState::Approved,
    ]
    .map(|s| (s.label(), count(s)));
    let findings = blocking(&q);
    let ready = count(UpdateState::Approved) == rows.len() && findings.is_empty();
    let (submitted, rest): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| r.state == "submitted");
    let outstanding: Vec<Row> = rest
        .into_iter()
        .filter(|r| UpdateState::from_code(r.state).is_some_and(UpdateState::outstanding))
        .collect();
    page(
        "review.html",
        title,
        &[home()],
        &staff.frame,
        context! { quarter => Serde(&q.report.period), counts => Serde(&counts), submitted => Serde(&submitted), outstanding => Serde(&outstanding), findings => Serde(&findings), ready => Serde(&ready), section => Serde(&"/review") },
    )
}

pub(crate) async fn decide(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(
        staff.person.role.runs_the_cycle(),
        "approve or return updates",
    )?;
    let q = web.live().await?;
    if !q.open {
        return Err(WebError::Refused("No quarter is open for updates.".into()));
    }
    if !items(&q).iter().any(|i| i.id == id) {
        return Err(WebError::NotFound(format!(
            "There is no item {id} reported in {}.",
            q.report.period
        )));
    }
    let record = web.store.update_state(&id, q.quarter).await?;
    if !record.state.awaits_review() {
        return Err(WebError::Refused(format!(
            "The update of {id} is {}, not waiting for review.",
            record.state.label().to_lowercase()
        )));
    }
    // Separation of duties: the person who submitted an update does not approve it, unless
    // the council has turned that off ([cycle] separate_duties), and then the history says so.
    let separate = q.in_force.settings.cycle.separate_duties;
    let own_submission = record.by == staff.user.name;
    let mut change = staff.change();
    if form.action == "approve" && own_submission {
        if !staff.person.may_approve(&record.by, separate) {
            return Err(WebError::Forbidden(format!(
                "You submitted the update of {id}, so someone else in the performance team must approve it."
            )));
        }
        change.reason =
            Some("approved by the person who submitted it ([cycle] separate_duties is off)".into());
    }
    let (to, kind, comment) = match form.action.as_str() {
        "approve" => (UpdateState::Approved, "approve", None),
        "return" => {
            if let Some(message) = crate::forms::too_long("The comment", &form.comment) {
                return Err(WebError::BadRequest(message));
            }
            let Some(comment) = crate::forms::text(&form.comment) else {
                return Err(WebError::BadRequest(
                    "Say why the update is being returned: the comment is what its owner reads."
                        .into(),
                ));
            };
            (UpdateState::Returned, "return", Some(comment))
        }
        other => return Err(WebError::BadRequest(format!("unknown action {other:?}"))),
    };
    let step = Step {
        item: &id,
        quarter: q.quarter,
        seen: form.version,
        to,
        comment,
    };
    match web.store.step(&step, &Diff::default(), kind, &change).await {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(WebError::Refused(format!(
                "The update of {id} changed after you opened this page: look at it again before deciding."
            )));
        }
        Err(other) => return Err(other.into()),
    }
    let words = if to == UpdateState::Approved {
        "approved"
    } else {
        "returned to its owner"
    };
    flash(&staff.session, &format!("The update of {id} was {words}.")).await?;
    Ok(Redirect::to("/review").into_response())
}

pub(crate) async fn open(
    staff: Staff,
    State(web): State<Shared>,
    Form(form): Form<ActionForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(staff.person.role.runs_the_cycle(), "open a quarter")?;
    let quarter: FinancialQuarter = form
        .quarter
        .trim()
        .parse()
        .map_err(|e| WebError::BadRequest(format!("Enter the quarter like 2026-27-Q2: {e}")))?;
    web.store
        .open_cycle(
            quarter,
            &ChangeInfo {
                source: Some(quarter.to_string()),
                ..staff.change()
            },
        )
        .await?;
    flash(
        &staff.session,
        &format!("{} is open for updates.", quarter.long_label()),
    )
    .await?;
    Ok(Redirect::to("/review").into_response())
}

pub(crate) async fn publish(
    staff: Staff,
    State(web): State<Shared>,
    Form(form): Form<ActionForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(staff.person.role.runs_the_cycle(), "publish the report")?;
    let q = web.live().await?;
    if !q.open {
        return Err(WebError::Refused("No quarter is open to publish.".into()));
    }
    let states = web.store.update_states(q.quarter).await?;
    let waiting: Vec<String> = items(&q)
        .into_iter()
        .filter(|i| {
            states
                .get(&i.id)
                .is_none_or(|s| s.state != UpdateState::Approved)
        })
        .map(|i| i.id)
        .collect();
    if !waiting.is_empty() {
        return Err(WebError::Refused(format!(
            "{} update{} not approved yet: {}.",
            waiting.len(),
            if waiting.len() == 1 { " is" } else { "s are" },
            waiting.join(", ")
        )));
    }
    let findings = blocking(&q);
    if let Some((place, message)) = findings.first() {
        return Err(WebError::Refused(format!(
            "The checks must pass before publication; the first problem is {place}: {message}."
        )));
    }
    crate::publish::publish(
        &web.store,
        (&q.held, q.change),
        q.quarter,
        (q.report.clone(), q.cabinet.clone()),
        &staff.change(),
    )
    .await?;
    flash(
        &staff.session,
        &format!("The {} report is published.", q.report.period),
    )
    .await?;
    Ok(Redirect::to(&format!("/published/{}", q.quarter)).into_response())
}
