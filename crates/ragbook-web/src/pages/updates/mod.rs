//! Owners' quarterly updates: the list of theirs, the form, and saving or submitting it. A city
//! plan's projects and risks are updated in the same cycle ([`city`]), and so are the service
//! plans' actions ([`service`]).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::access::{UpdateState, same_department};
use ragbook_core::check::{Field, Severity, check};
use ragbook_core::dataset::{Dataset, DeliverableUpdate, MeasureUpdate, ValueRecord};
use ragbook_core::measure::Frequency;
use ragbook_core::period::Period;
use ragbook_store::{Step, StoreError};
use serde::Serialize;

use super::plan::StateShown;
use super::{crumb, home};
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::forms::{UpdateForm, date, figure, figure_text, text};
use crate::render::page;

mod city;
mod service;

/// Which kind of item an update is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    Deliverable,
    Measure,
    Project,
    Risk,
    Action,
}

/// An item that gets a quarterly update.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    pub(crate) kind: Kind,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) department: Option<String>,
    pub(crate) href: String,
    /// Whether a figure is entered each quarter (monthly and quarterly measures).
    pub(crate) quarterly_figure: bool,
}

/// Every item reported this quarter, deliverables then measures, in plan order.
pub(crate) fn items(q: &Quarterly) -> Vec<Item> {
    let dataset = &q.in_force.dataset;
    let deliverables = dataset
        .deliverables
        .iter()
        .filter(|d| super::plan::deliverable_section(q, d.id.as_str()).is_some())
        .map(|d| Item {
            kind: Kind::Deliverable,
            id: d.id.to_string(),
            title: d.short_title.clone().unwrap_or_else(|| d.title.clone()),
            department: d.department.clone(),
            href: format!("/deliverables/{}", d.id),
            quarterly_figure: false,
        });
    let measures = dataset.measures.iter().map(|m| Item {
        kind: Kind::Measure,
        id: m.id.to_string(),
        title: m.short_title.clone().unwrap_or_else(|| m.title.clone()),
        department: m.department.clone(),
        href: format!("/measures/{}", m.id),
        quarterly_figure: matches!(m.frequency, Frequency::Quarterly | Frequency::Monthly),
    });
    deliverables
        .chain(measures)
        .chain(city::items(dataset))
        .chain(service::items(dataset))
        .collect()
}

fn find_item(q: &Quarterly, id: &str) -> Result<Item, WebError> {
    items(q).into_iter().find(|i| i.id == id).ok_or_else(|| {
        WebError::NotFound(format!(
            "There is no item {id} reported in {}.",
            q.report.period
        ))
    })
}

/// What the council calls a kind of item.
pub(crate) fn kind_name(q: &Quarterly, kind: Kind) -> &str {
    let names = &q.in_force.settings.names;
    match kind {
        Kind::Deliverable => &names.deliverable,
        Kind::Measure => &names.measure,
        Kind::Project => &names.project,
        Kind::Risk => &names.risk,
        Kind::Action => "Service plan action",
    }
}

fn open(q: &Quarterly) -> Result<(), WebError> {
    if q.open {
        Ok(())
    } else {
        Err(WebError::Refused("No quarter is open for updates.".into()))
    }
}

#[derive(Serialize)]
struct Row {
    kind: String,
    id: String,
    title: String,
    href: String,
    state: &'static str,
    label: &'static str,
    editable: bool,
}

pub(crate) async fn mine(staff: Staff, State(web): State<Shared>) -> Result<Response, WebError> {
    staff.require(
        staff.person.role.runs_the_cycle() || staff.person.department.is_some(),
        "enter updates",
    )?;
    let q = web.live().await?;
    let title = "My updates";
    if !q.open {
        return Ok(page(
            "my_updates.html",
            title,
            &[home()],
            &staff.frame,
            context! { section => Serde(&"/my-updates") },
        )?
        .into_response());
    }
    let states = web.store.update_states(q.quarter).await?;
    let department = (!staff.person.role.runs_the_cycle())
        .then(|| staff.person.department.clone())
        .flatten();
    let rows: Vec<Row> = items(&q)
        .into_iter()
        .filter(|i| match &department {
            Some(mine) => i
                .department
                .as_deref()
                .is_some_and(|theirs| same_department(mine, theirs)),
            None => true,
        })
        .map(|i| {
            let state = states
                .get(&i.id)
                .map_or(UpdateState::NotStarted, |s| s.state);
            Row {
                kind: kind_name(&q, i.kind).to_owned(),
                editable: staff
                    .person
                    .may_update(i.department.as_deref(), true, state),
                id: i.id,
                title: i.title,
                href: i.href,
                state: state.code(),
                label: state.label(),
            }
        })
        .collect();
    let outstanding = rows
        .iter()
        .filter(|r| UpdateState::from_code(r.state).is_some_and(UpdateState::outstanding))
        .count();
    Ok(page(
        "my_updates.html",
        title,
        &[home()],
        &staff.frame,
        context! { quarter => Serde(&q.report.period), department => Serde(&department), items => Serde(&rows), outstanding => Serde(&outstanding), section => Serde(&"/my-updates") },
    )?
    .into_response())
}

/// The form's fields as held now.
fn held_form(q: &Quarterly, item: &Item) -> UpdateForm {
    let dataset = &q.in_force.dataset;
    let mut form = UpdateForm::default();
    match item.kind {
        Kind::Deliverable => {
            if let Some(u) = dataset
                .deliverable_updates
                .iter()
                .find(|u| u.deliverable.as_str() == item.id && u.quarter == q.quarter)
            {
                form.rating = u.rating.clone().unwrap_or_default();
                form.commentary = u.commentary.clone().unwrap_or_default();
                form.issue = u.issue.clone().unwrap_or_default();
                form.response = u.response.clone().unwrap_or_default();
                form.completed = u.completed.map(|d| d.to_string()).unwrap_or_default();
                form.expected_completion = u
                    .expected_completion
                    .map(|d| d.to_string())
                    .unwrap_or_default();
            }
            if form.expected_completion.is_empty()
                && let Some(d) = dataset
                    .deliverables
                    .iter()
                    .find(|d| d.id.as_str() == item.id)
            {
                form.expected_completion = d
                    .expected_completion
                    .map(|d| d.to_string())
                    .unwrap_or_default();
            }
        }
        Kind::Measure => {
            if let Some(v) = dataset
                .measure_values
                .iter()
                .find(|v| v.measure.as_str() == item.id && v.period == Period::Quarter(q.quarter))
            {
                form.value = figure_text(&v.value);
                form.note = v.note.clone().unwrap_or_default();
            }
            if let Some(u) = dataset
                .measure_updates
                .iter()
                .find(|u| u.measure.as_str() == item.id && u.quarter == q.quarter)
            {
                form.commentary = u.commentary.clone().unwrap_or_default();
                form.issue = u.issue.clone().unwrap_or_default();
                form.response = u.response.clone().unwrap_or_default();
            }
        }
        Kind::Project | Kind::Risk => city::held_form(q, item, &mut form),
        Kind::Action => service::held_form(q, item, &mut form),
    }
    form
}

fn render_form(
    staff: &Staff,
    q: &Quarterly,
    item: &Item,
    state: &StateShown,
    form: &UpdateForm,
    errors: &[(String, String)],
) -> Result<Response, WebError> {
    let ratings: Vec<_> = q
        .held
        .book
        .deliverables
        .categories
        .iter()
        .filter(|c| c.is_rated())
        .map(|c| context! { id => Serde(&c.id), label => Serde(&c.label), description => Serde(&c.description) })
        .collect();
    let measure_hint = if item.quarterly_figure {
        "A number, or why there is none: awaiting data, not available, due in Q3"
    } else {
        "This measure is not reported every quarter: enter a figure only if one is due"
    };
    let single =
        q.in_force.settings.report.text == ragbook_core::settings::TextFormat::SingleCommentary;
    let html = page(
        "update.html",
        &item.title,
        &[home(), crumb("/my-updates", "My updates")],
        &staff.frame,
        context! { kind => Serde(&item.kind), kind_name => Serde(&kind_name(q, item.kind)), id => Serde(&item.id), quarter => Serde(&q.report.period), state => Serde(&state), form => Serde(&form), errors => Serde(&errors), ratings => Serde(&ratings), measure_hint => Serde(&measure_hint), single_commentary => Serde(&single), section => Serde(&"/my-updates"), error_count => Serde(&errors.len()), city => city::choices(q), progress => Serde(&service::choices()) },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

/// The item and its update's state, if `staff` may change it now.
async fn editable(
    web: &Shared,
    staff: &Staff,
    q: &Quarterly,
    id: &str,
) -> Result<(Item, ragbook_store::UpdateRecord), WebError> {
    let item = find_item(q, id)?;
    let record = web.store.update_state(id, q.quarter).await?;
    staff.require(
        staff
            .person
            .may_update(item.department.as_deref(), true, record.state),
        &format!(
            "change the update of {id} ({} now)",
            record.state.label().to_lowercase()
        ),
    )?;
    Ok((item, record))
}

pub(crate) async fn form(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let q = web.live().await?;
    open(&q)?;
    let (item, record) = editable(&web, &staff, &q, &id).await?;
    render_form(
        &staff,
        &q,
        &item,
        &StateShown::from(&record),
        &held_form(&q, &item),
        &[],
    )
}

/// A field's reading, or nothing with its error noted.
fn take<T>(
    errors: &mut Vec<(String, String)>,
    name: &str,
    result: Result<Option<T>, String>,
) -> Option<T> {
    result.unwrap_or_else(|message| {
        errors.push((name.to_owned(), message));
        None
    })
}

/// The records the form makes, and what is wrong with it.
fn records(q: &Quarterly, item: &Item, form: &UpdateForm) -> (Dataset, Vec<(String, String)>) {
    let mut errors = Vec::new();
    for (name, label, value) in [
        ("commentary", "Commentary", &form.commentary),
        ("issue", "The issue", &form.issue),
        ("response", "The response", &form.response),
        ("note", "The note", &form.note),
    ] {
        if let Some(message) = crate::forms::too_long(label, value) {
            errors.push((name.to_owned(), message));
        }
    }
    let dataset = &q.in_force.dataset;
    let mut records = Dataset::default();
    match item.kind {
        Kind::Deliverable => {
            let held = dataset
                .deliverable_updates
                .iter()
                .find(|u| u.deliverable.as_str() == item.id && u.quarter == q.quarter);
            let rating = text(&form.rating);
            let rating = match rating {
                Some(r)
                    if q.held
                        .book
                        .deliverables
                        .categories
                        .iter()
                        .any(|c| c.id == r && c.is_rated()) =>
                {
                    Some(r)
                }
                Some(_) => take(
                    &mut errors,
                    "rating",
                    Err("Choose a rating from the list".into()),
                ),
                None => None,
            };
            let expected_completion = take(
                &mut errors,
                "expected_completion",
                date(&form.expected_completion),
            );
            let completed = take(&mut errors, "completed", date(&form.completed));
            if let Some(deliverable) = dataset
                .deliverables
                .iter()
                .find(|d| d.id.as_str() == item.id)
            {
                // What the form does not hold (the key-area choice, any other field) is kept.
                let mut update = held
                    .cloned()
                    .unwrap_or_else(|| DeliverableUpdate::new(deliverable.id.clone(), q.quarter));
                update.rating = rating;
                update.commentary = text(&form.commentary);
                update.issue = text(&form.issue);
                update.response = text(&form.response);
                update.completed = completed;
                update.expected_completion = expected_completion;
                records.deliverable_updates.push(update);
            }
        }
        Kind::Measure => {
            let value = take(&mut errors, "value", figure(&form.value, q.quarter));
            if let Some(measure) = dataset.measures.iter().find(|m| m.id.as_str() == item.id) {
                let held_value = dataset
                    .measure_values
                    .iter()
                    .find(|v| v.measure == measure.id && v.period == Period::Quarter(q.quarter));
                if let Some(value) = value {
                    records.measure_values.push(ValueRecord {
                        measure: measure.id.clone(),
                        period: Period::Quarter(q.quarter),
                        value,
                        as_of: held_value.and_then(|v| v.as_of),
                        note: text(&form.note),
                    });
                }
                let held = dataset
                    .measure_updates
                    .iter()
                    .find(|u| u.measure == measure.id && u.quarter == q.quarter);
                // What the form does not hold (a rating set by hand, the key-area choice, any
                // other field) is kept.
                let mut update = held
                    .cloned()
                    .unwrap_or_else(|| MeasureUpdate::new(measure.id.clone(), q.quarter));
                update.commentary = text(&form.commentary);
                update.issue = text(&form.issue);
                update.response = text(&form.response);
                records.measure_updates.push(update);
            }
        }
        Kind::Project | Kind::Risk => city::records(q, item, form, &mut records, &mut errors),
        Kind::Action => service::records(q, item, form, &mut records, &mut errors),
    }
    (records, errors)
}

/// What `ragbook check` finds wrong with the item once changed, as form errors.
fn check_errors(q: &Quarterly, item: &Item, merged: &Dataset) -> Vec<(String, String)> {
    let place = match item.kind {
        Kind::Deliverable => format!("deliverable {} ", item.id),
        Kind::Measure => format!("measure {} ", item.id),
        Kind::Project => format!("project {} ", item.id),
        Kind::Risk => format!("risk {} ", item.id),
        Kind::Action => format!("action {} ", item.id),
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut findings = check(merged, &q.in_force.settings, &q.in_force.book, q.quarter);
    // A finding about the issue and response together yields to one about either alone.
    findings.sort_by_key(|f| f.field == Some(Field::IssueAndResponse));
    for finding in findings {
        if finding.severity != Severity::Blocking
            || !format!("{} ", finding.place).starts_with(&place)
        {
            continue;
        }
        let field = match (finding.field, item.kind) {
            (Some(Field::Rating), _) | (None, Kind::Deliverable) => "rating",
            (Some(Field::Issue | Field::IssueAndResponse), _) => "issue",
            (Some(Field::Response), _) => "response",
            (Some(Field::Commentary), _) => "commentary",
            (Some(Field::Completed), _) => "completed",
            (Some(Field::ExpectedCompletion), _) => "expected_completion",
            (None, Kind::Measure) => "value",
            (None, Kind::Project) => "stage",
            (None, Kind::Risk) => "likelihood",
            (None, Kind::Action) => "progress",
        };
        // One message per field, as the Design System asks.
        let said = |name: &str| errors.iter().any(|(f, _)| f == name);
        if said(field) || (finding.field == Some(Field::IssueAndResponse) && said("response")) {
            continue;
        }
        let mut message = finding.message;
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        errors.push((field.to_owned(), message));
    }
    errors
}

pub(crate) async fn save(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
    Form(form): Form<UpdateForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    let q = web.live().await?;
    open(&q)?;
    let item = find_item(&q, &id)?;
    let record = web.store.update_state(&id, q.quarter).await?;
    let theirs = |state| {
        staff
            .person
            .may_update(item.department.as_deref(), true, state)
    };
    if record.version != form.version && !theirs(record.state) && theirs(UpdateState::Draft) {
        // It was theirs to change when they opened it, and was submitted or approved since:
        // keep what they typed, and say why it cannot be saved.
        let reason = format!(
            "It was {} by {} at {}, so it can no longer be changed. If it needs your words, ask the performance team to return it to you.",
            record.state.label().to_lowercase(),
            record.by,
            crate::render::when(&record.at)
        );
        return conflict(
            &staff,
            &q,
            &item,
            &form,
            &record,
            StatusCode::FORBIDDEN,
            &reason,
        );
    }
    let (item, record) = editable(&web, &staff, &q, &id).await?;
    if record.version != form.version {
        return conflict(&staff, &q, &item, &form, &record, StatusCode::CONFLICT, "");
    }
    let submit = match form.action.as_str() {
        "submit" => true,
        "save" => false,
        other => return Err(WebError::BadRequest(format!("unknown action {other:?}"))),
    };
    let (incoming, mut errors) = records(&q, &item, &form);
    let mut merged = q.held.dataset.clone();
    let diff = merged.merge(incoming);
    if submit && errors.is_empty() {
        errors = submit_errors(&q, &item, &form, &merged);
    }
    if !errors.is_empty() {
        return render_form(
            &staff,
            &q,
            &item,
            &StateShown::from(&record),
            &form,
            &errors,
        );
    }
    let to = if submit {
        UpdateState::Submitted
    } else {
        UpdateState::Draft
    };
    let step = Step {
        item: &id,
        quarter: q.quarter,
        seen: form.version,
        to,
        comment: None,
    };
    let change = staff.change();
    match web
        .store
        .step(
            &step,
            &diff,
            if submit { "submit" } else { "save" },
            &change,
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            let record = web.store.update_state(&id, q.quarter).await?;
            let q = web.live().await?;
            return conflict(&staff, &q, &item, &form, &record, StatusCode::CONFLICT, "");
        }
        Err(other) => return Err(other.into()),
    }
    let words = if submit {
        "submitted for review"
    } else {
        "saved as a draft"
    };
    flash(
        &staff.session,
        &format!("The update of {id} ({}) was {words}.", item.title),
    )
    .await?;
    Ok(Redirect::to("/my-updates").into_response())
}

/// What a submission still lacks, in the order the form asks, then what `check` blocks
/// in the data as it would be.
fn submit_errors(
    q: &Quarterly,
    item: &Item,
    form: &UpdateForm,
    merged: &Dataset,
) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    // In the order the form asks: an action's progress comes before its commentary.
    if item.kind == Kind::Action && text(&form.progress).is_none() {
        errors.push(("progress".into(), "Choose how the action is going".into()));
    }
    if item.kind == Kind::Risk {
        if text(&form.controls).is_none() {
            errors.push((
                "controls".into(),
                "Enter the controls: what is in place and planned".into(),
            ));
        }
    } else if text(&form.commentary).is_none() {
        errors.push((
            "commentary".into(),
            "Enter the commentary: what has happened this quarter".into(),
        ));
    }
    if item.kind == Kind::Deliverable && text(&form.rating).is_none() {
        errors.push(("rating".into(), "Choose a rating".into()));
    }
    errors.extend(check_errors(q, item, merged));
    errors
}

/// A form field's label and how to read it.
type FieldReader = fn(&UpdateForm) -> &String;

/// The page for an update someone else changed first: both versions, nothing lost.
fn conflict(
    staff: &Staff,
    q: &Quarterly,
    item: &Item,
    form: &UpdateForm,
    record: &ragbook_store::UpdateRecord,
    status: StatusCode,
    reason: &str,
) -> Result<Response, WebError> {
    let saved = held_form(q, item);
    let mut rows = Vec::new();
    let fields: &[(&str, FieldReader)] = match item.kind {
        Kind::Deliverable => &[
            ("Rating", |f| &f.rating),
            ("Expected completion date", |f| &f.expected_completion),
            ("Date completed", |f| &f.completed),
            ("Commentary", |f| &f.commentary),
            ("Issue", |f| &f.issue),
            ("Response", |f| &f.response),
        ],
        Kind::Measure => &[
            ("Figure", |f| &f.value),
            ("Note", |f| &f.note),
            ("Commentary", |f| &f.commentary),
            ("Issue", |f| &f.issue),
            ("Response", |f| &f.response),
        ],
        Kind::Project | Kind::Risk => city::conflict_fields(item.kind),
        Kind::Action => service::conflict_fields(),
    };
    for (label, get) in fields {
        rows.push((*label, get(form).trim().to_owned(), get(&saved).clone()));
    }
    let html = page(
        "conflict.html",
        &if reason.is_empty() {
            format!("{} was changed by someone else", item.id)
        } else {
            format!("{} can no longer be changed", item.id)
        },
        &[home(), crumb("/my-updates", "My updates")],
        &staff.frame,
        context! { id => Serde(&item.id), reason => Serde(&reason), rows => Serde(&rows), theirs_by => Serde(&record.by), theirs_at => Serde(&record.at), theirs_state => Serde(&record.state.label().to_lowercase()), section => Serde(&"/my-updates") },
    )?;
    Ok((status, html).into_response())
}
