//! Finance editors' side of the quarterly cycle: a budget line's forecast and its explanation,
//! a portfolio's savings forecast ([`savings`]) and the general reserve's commitments
//! ([`reserve`]) for the open quarter, each saved as a draft update like any other.

pub(crate) mod reserve;
pub(crate) mod savings;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::Decimal;
use ragbook_core::access::UpdateState;
use ragbook_core::dataset::Dataset;
use ragbook_core::figure::parse_figure;
use ragbook_core::finance::{FinanceData, RevenueFigures, RevenueRecord};
use ragbook_core::measure::Unit;
use ragbook_store::{Step, StoreError};
use serde::{Deserialize, Serialize};

use super::{crumb, home};
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::forms::text;
use crate::render::page;

/// The form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct LineForm {
    #[serde(skip_serializing)]
    csrf: String,
    version: i64,
    forecast: String,
    explanation: String,
}

/// Pounds as typed in a spreadsheet: 163134000 → "163,134,000".
fn grouped(amount: Decimal) -> String {
    let text = amount.normalize().to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{out}.{fraction}"),
        None => format!("{sign}{out}"),
    }
}

/// The update-state key of a budget line, apart from plan items' ids.
fn item_key(line: &str) -> String {
    format!("budget:{line}")
}

/// The line's forecast this quarter, or the latest before it to start from.
fn held(q: &Quarterly, line: &str) -> Option<RevenueRecord> {
    q.held
        .dataset
        .finance
        .revenue
        .iter()
        .filter(|r| {
            r.line.as_str() == line
                && r.quarter.year() == q.quarter.year()
                && r.quarter <= q.quarter
        })
        .max_by_key(|r| r.quarter)
        .cloned()
}

fn render(
    staff: &Staff,
    q: &Quarterly,
    line: &ragbook_core::finance::BudgetLineRecord,
    version: i64,
    form: &LineForm,
    errors: &[(&str, String)],
    figures: &RevenueFigures,
) -> Result<Response, WebError> {
    let pounds = ragbook_core::finance::show_millions;
    let html = page(
        "budget_line.html",
        &line.title,
        &[home(), crumb("/budget", "Budget")],
        &staff.frame,
        context! {
            id => Serde(&line.id.to_string()), quarter => Serde(&q.report.period), version => Serde(&version),
            form => Serde(form), errors => Serde(&errors), error_count => Serde(&errors.len()),
            budget => Serde(&pounds(figures.budget)), grant => Serde(&pounds(figures.grant)),
            section => Serde(&"/budget"),
        },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

fn line<'a>(
    q: &'a Quarterly,
    id: &str,
) -> Result<&'a ragbook_core::finance::BudgetLineRecord, WebError> {
    q.held
        .dataset
        .finance
        .budget_lines
        .iter()
        .find(|l| l.id.as_str() == id)
        .ok_or_else(|| WebError::NotFound(format!("There is no budget line {id}.")))
}

/// The budget line and its forecast to start from.
fn line_and_held<'a>(
    q: &'a Quarterly,
    id: &str,
) -> Result<(&'a ragbook_core::finance::BudgetLineRecord, RevenueRecord), WebError> {
    let line = line(q, id)?;
    let held = held(q, id).ok_or_else(|| {
        WebError::NotFound(format!(
            "No budget is held for {id} in {}.",
            q.quarter.year()
        ))
    })?;
    Ok((line, held))
}

/// Pounds as typed ("2,921,500", "£16.420m"); `None` when blank or not a sum of money.
fn pounds(field: &str) -> Option<Decimal> {
    text(field).and_then(|t| parse_figure(&t, Unit::Money).ok())
}

/// Saves `incoming` merged into what is held as a draft update of `key`, refused if the
/// update moved on since version `seen` was read.
async fn save_draft(
    web: &Shared,
    staff: &Staff,
    q: &Quarterly,
    (key, seen): (&str, i64),
    incoming: FinanceData,
) -> Result<(), WebError> {
    let mut merged = q.held.dataset.clone();
    let diff = merged.merge(Dataset {
        finance: incoming,
        ..Dataset::default()
    });
    let step = Step {
        item: key,
        quarter: q.quarter,
        seen,
        to: UpdateState::Draft,
        comment: None,
    };
    match web.store.step(&step, &diff, "save", &staff.change()).await {
        Ok(_) => Ok(()),
        Err(StoreError::Conflict(message)) => Err(WebError::Refused(message)),
        Err(other) => Err(other.into()),
    }
}

fn allowed(staff: &Staff, q: &Quarterly) -> Result<(), WebError> {
    staff.require(staff.person.may_update_finance(), "change budget figures")?;
    if q.open {
        Ok(())
    } else {
        Err(WebError::Refused("No quarter is open for updates.".into()))
    }
}

pub(crate) async fn form(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let (line, held) = line_and_held(&q, &id)?;
    let version = web
        .store
        .update_state(&item_key(&id), q.quarter)
        .await?
        .version;
    let form = LineForm {
        forecast: grouped(held.figures.forecast),
        explanation: held.explanation.clone().unwrap_or_default(),
        ..LineForm::default()
    };
    render(&staff, &q, line, version, &form, &[], &held.figures)
}

pub(crate) async fn save(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
    Form(form): Form<LineForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let (line, held) = line_and_held(&q, &id)?;
    let state = web.store.update_state(&item_key(&id), q.quarter).await?;
    if state.version != form.version {
        // Someone saved first: show what they saved, and keep what this person typed.
        let saved = format!(
            "£{}{}",
            grouped(held.figures.forecast),
            held.explanation
                .as_deref()
                .map_or(String::new(), |e| format!(", explained as \"{e}\""))
        );
        let errors = [(
            "forecast",
            format!(
                "{} was changed by {} at {} after you opened it, so your figures have not been saved. The saved forecast is {saved}. Yours are below: check them against it, then save again.",
                line.title,
                state.by,
                crate::render::when(&state.at)
            ),
        )];
        let mut page = render(
            &staff,
            &q,
            line,
            state.version,
            &form,
            &errors,
            &held.figures,
        )?;
        *page.status_mut() = StatusCode::CONFLICT;
        return Ok(page);
    }
    let forecast = pounds(&form.forecast);
    let mut errors = Vec::new();
    if forecast.is_none() {
        errors.push((
            "forecast",
            "Enter the forecast in pounds, like 2,921,500 or £16.420m".to_owned(),
        ));
    }
    if let Some(message) = crate::forms::too_long("The explanation", &form.explanation) {
        errors.push(("explanation", message));
    }
    let Some(forecast) = forecast.filter(|_| errors.is_empty()) else {
        return render(
            &staff,
            &q,
            line,
            form.version,
            &form,
            &errors,
            &held.figures,
        );
    };
    let record = RevenueRecord {
        line: line.id.clone(),
        quarter: q.quarter,
        figures: RevenueFigures {
            forecast,
            ..held.figures
        },
        explanation: text(&form.explanation),
    };
    let incoming = FinanceData {
        revenue: vec![record],
        ..FinanceData::default()
    };
    save_draft(&web, &staff, &q, (&item_key(&id), form.version), incoming).await?;
    flash(
        &staff.session,
        &format!("The forecast for {} was saved.", line.title),
    )
    .await?;
    let back = line
        .portfolio
        .as_ref()
        .map_or("/budget".to_owned(), |p| format!("/budget/{p}"));
    Ok(Redirect::to(&back).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(grouped(Decimal::new(163_134_000, 0)), "163,134,000");
        assert_eq!(grouped(Decimal::new(-512_000, 0)), "-512,000");
        assert_eq!(grouped(Decimal::new(99_950, 2)), "999.5");
    }
}
