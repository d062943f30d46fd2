//! A portfolio's savings forecast for the open quarter (or the cross-portfolio savings): what is
//! identified and forecast to be achieved, and why. The target (brought forward, this year's,
//! one-off support) is set by the finance team's import and not changed here.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::finance::{CROSS_PORTFOLIO_ID, FinanceData, SavingsRecord, show_millions};
use ragbook_core::plan::ItemId;
use serde::{Deserialize, Serialize};

use super::{allowed, grouped, pounds, save_draft};
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash};
use crate::data::Quarterly;
use crate::error::WebError;
use crate::forms::text;
use crate::pages::{crumb, home};
use crate::render::page;

/// The form.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct SavingsForm {
    #[serde(skip_serializing)]
    csrf: String,
    version: i64,
    identified: String,
    forecast_achieved: String,
    commentary: String,
}

/// The portfolio `id` names (`None` for cross-portfolio savings) and its name.
fn portfolio(q: &Quarterly, id: &str) -> Result<(Option<ItemId>, String), WebError> {
    if id.eq_ignore_ascii_case(CROSS_PORTFOLIO_ID) {
        return Ok((
            None,
            ragbook_core::finance::view::CROSS_PORTFOLIO.to_owned(),
        ));
    }
    let cabinet = q.cabinet.as_ref();
    let page = cabinet
        .and_then(|c| c.budget.portfolios.iter().find(|p| p.id == id))
        .ok_or_else(|| WebError::NotFound(format!("There is no portfolio {id} this year.")))?;
    let id = ItemId::new(id).map_err(|e| WebError::NotFound(e.to_string()))?;
    Ok((Some(id), page.title.clone()))
}

/// The savings held for the quarter, or the latest before it in the year to start from.
fn held(q: &Quarterly, portfolio: &Option<ItemId>) -> Result<SavingsRecord, WebError> {
    q.held
        .dataset
        .finance
        .savings
        .iter()
        .filter(|s| {
            &s.portfolio == portfolio
                && s.quarter.year() == q.quarter.year()
                && s.quarter <= q.quarter
        })
        .max_by_key(|s| s.quarter)
        .cloned()
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "No savings target is held for this portfolio in {}.",
                q.quarter.year()
            ))
        })
}

fn item_key(id: &str) -> String {
    format!("savings:{id}")
}

fn render(
    staff: &Staff,
    q: &Quarterly,
    (id, name): (&str, &str),
    held: &SavingsRecord,
    (version, form): (i64, &SavingsForm),
    errors: &[(&str, String)],
) -> Result<Response, WebError> {
    let html = page(
        "budget_savings.html",
        &format!("Savings: {name}"),
        &[home(), crumb("/budget", "Budget")],
        &staff.frame,
        context! {
            id => Serde(&id), quarter => Serde(&q.report.period), version => Serde(&version),
            form => Serde(form), errors => Serde(&errors), error_count => Serde(&errors.len()),
            target => Serde(&show_millions(held.figures.total_target())),
            section => Serde(&"/budget"),
        },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

pub(crate) async fn form(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let (portfolio, name) = portfolio(&q, &id)?;
    let held = held(&q, &portfolio)?;
    let version = web
        .store
        .update_state(&item_key(&id), q.quarter)
        .await?
        .version;
    let form = SavingsForm {
        identified: grouped(held.figures.identified),
        forecast_achieved: grouped(held.figures.forecast_achieved),
        commentary: held.commentary.clone().unwrap_or_default(),
        ..SavingsForm::default()
    };
    render(&staff, &q, (&id, &name), &held, (version, &form), &[])
}

pub(crate) async fn save(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
    Form(form): Form<SavingsForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    let q = web.live().await?;
    allowed(&staff, &q)?;
    let (portfolio, name) = portfolio(&q, &id)?;
    let held = held(&q, &portfolio)?;
    let state = web.store.update_state(&item_key(&id), q.quarter).await?;
    if state.version != form.version {
        let errors = [(
            "identified",
            format!(
                "The savings of {name} were changed by {} at {} after you opened them, so yours have not been saved. Check yours below against the saved figures, then save again.",
                state.by,
                crate::render::when(&state.at)
            ),
        )];
        let mut page = render(
            &staff,
            &q,
            (&id, &name),
            &held,
            (state.version, &form),
            &errors,
        )?;
        *page.status_mut() = StatusCode::CONFLICT;
        return Ok(page);
    }
    let identified = pounds(&form.identified).filter(|a| !a.is_sign_negative());
    let achieved = pounds(&form.forecast_achieved).filter(|a| !a.is_sign_negative());
    let mut errors = Vec::new();
    let hint = "in pounds, like 2,921,500 or £16.420m (savings are positive amounts)";
    if identified.is_none() {
        errors.push(("identified", format!("Enter the savings identified {hint}")));
    }
    if achieved.is_none() {
        errors.push((
            "forecast_achieved",
            format!("Enter the savings forecast to be achieved {hint}"),
        ));
    }
    if let Some(message) = crate::forms::too_long("The commentary", &form.commentary) {
        errors.push(("commentary", message));
    }
    let (Some(identified), Some(forecast_achieved), true) =
        (identified, achieved, errors.is_empty())
    else {
        return render(
            &staff,
            &q,
            (&id, &name),
            &held,
            (form.version, &form),
            &errors,
        );
    };
    let mut figures = held.figures;
    figures.identified = identified;
    figures.forecast_achieved = forecast_achieved;
    let record = SavingsRecord {
        portfolio,
        quarter: q.quarter,
        figures,
        commentary: text(&form.commentary),
    };
    let incoming = FinanceData {
        savings: vec![record],
        ..FinanceData::default()
    };
    save_draft(&web, &staff, &q, (&item_key(&id), form.version), incoming).await?;
    flash(
        &staff.session,
        &format!("The savings forecast of {name} was saved."),
    )
    .await?;
    let back = if id.eq_ignore_ascii_case(CROSS_PORTFOLIO_ID) {
        "/budget".to_owned()
    } else {
        format!("/budget/{id}")
    };
    Ok(Redirect::to(&back).into_response())
}
