//! The general reserve's commitments for the open quarter: each named commitment's amount, and a
//! new one. The balance and net budget requirement are the finance team's import.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::finance::{CommitmentRecord, FinanceData};
use serde::Serialize;

use super::{allowed, grouped, pounds, save_draft};
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::forms::text;
use crate::pages::{crumb, home};
use crate::render::page;

const ITEM: &str = "reserve:commitments";

/// A commitment as the form shows it.
#[derive(Debug, Default, Clone, Serialize)]
struct Row {
    name: String,
    amount: String,
}

/// The quarter's commitments, or the latest quarter's in the year to start from.
fn held(q: &Quarterly) -> Vec<Row> {
    let finance = &q.held.dataset.finance;
    let latest = finance
        .reserve_commitments
        .iter()
        .filter(|c| c.quarter.year() == q.quarter.year() && c.quarter <= q.quarter)
        .map(|c| c.quarter)
        .max();
    finance
        .reserve_commitments
        .iter()
        .filter(|c| Some(c.quarter) == latest)
        .map(|c| Row {
            name: c.name.clone(),
            amount: grouped(c.amount),
        })
        .collect()
}

fn render(
    staff: &Staff,
    q: &Quarterly,
    version: i64,
    rows: &[Row],
    errors: &[(String, String)],
) -> Result<Response, WebError> {
    let html = page(
        "budget_reserve.html",
        "General reserve commitments",
        &[home(), crumb("/budget", "Budget")],
        &staff.frame,
        context! {
            quarter => Serde(&q.report.period), version => Serde(&version), rows => Serde(&rows),
            errors => Serde(&errors), error_count => Serde(&errors.len()), section => Serde(&"/budget"),
        },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

pub(crate) async fn form(staff: Staff, State(web): State<Shared>) -> Result<Response, WebError> {
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let version = web.store.update_state(ITEM, q.quarter).await?.version;
    render(&staff, &q, version, &held(&q), &[])
}

/// The form's fields in order: csrf, version, then a name and an amount per commitment.
pub(crate) async fn save(
    staff: Staff,
    State(web): State<Shared>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    check_csrf(&staff.session, field("csrf")).await?;
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let version: i64 = field("version").parse().unwrap_or(-1);
    let names = fields.iter().filter(|(k, _)| k == "name").map(|(_, v)| v);
    let amounts = fields.iter().filter(|(k, _)| k == "amount").map(|(_, v)| v);
    let rows: Vec<Row> = names
        .zip(amounts)
        .map(|(name, amount)| Row {
            name: name.trim().to_owned(),
            amount: amount.trim().to_owned(),
        })
        .filter(|r| !(r.name.is_empty() && r.amount.is_empty()))
        .collect();
    let state = web.store.update_state(ITEM, q.quarter).await?;
    if state.version != version {
        let message = format!(
            "The commitments were changed by {} at {} after you opened them, so yours have not been saved. Check yours below against the saved ones, then save again.",
            state.by,
            crate::render::when(&state.at)
        );
        let mut page = render(
            &staff,
            &q,
            state.version,
            &rows,
            &[("name".into(), message)],
        )?;
        *page.status_mut() = StatusCode::CONFLICT;
        return Ok(page);
    }
    let mut errors = Vec::new();
    let mut records = Vec::new();
    for row in &rows {
        let amount = pounds(&row.amount);
        match (text(&row.name), amount) {
            (Some(name), Some(amount)) if !amount.is_sign_negative() => {
                if records.iter().any(|r: &CommitmentRecord| r.name == name) {
                    errors.push(("name".into(), format!("{name:?} is listed twice: give each commitment once")));
                }
                records.push(CommitmentRecord {
                    quarter: q.quarter,
                    name,
                    amount,
                });
            }
            (None, _) => errors.push(("name".into(), "Give each commitment a name".into())),
            (Some(name), _) => errors.push((
                "amount".into(),
                format!("Enter the amount committed to {name:?} in pounds, like 1,100,000 or £1.100m (0 to release it)"),
            )),
        }
    }
    if !errors.is_empty() {
        return render(&staff, &q, version, &rows, &errors);
    }
    let count = records.len();
    let incoming = FinanceData {
        reserve_commitments: records,
        ..FinanceData::default()
    };
    save_draft(&web, &staff, &q, (ITEM, version), incoming).await?;
    flash(
        &staff.session,
        &format!(
            "{count} commitment{} against the general reserve saved.",
            if count == 1 { "" } else { "s" }
        ),
    )
    .await?;
    Ok(Redirect::to("/budget").into_response())
}
