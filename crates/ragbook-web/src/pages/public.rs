//! What everyone may read: the published reports, each exactly as it was published, and the
//! figures of their locked snapshots. Nothing here reads live data.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::period::FinancialQuarter;

use super::crumb;
use crate::Shared;
use crate::auth::Visitor;
use crate::error::WebError;
use crate::render::page;

fn quarter(text: &str) -> Result<FinancialQuarter, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound(format!("There is no published report for {text:?}.")))
}

fn not_published(quarter: FinancialQuarter) -> WebError {
    WebError::NotFound(format!(
        "The report for {} has not been published.",
        quarter.long_label()
    ))
}

pub(crate) async fn archive(
    visitor: Visitor,
    State(web): State<Shared>,
) -> Result<Html<String>, WebError> {
    let publications: Vec<_> = web
        .store
        .publications()
        .await?
        .into_iter()
        .map(|p| context! { quarter => Serde(&p.quarter.to_string()), label => Serde(&p.quarter.long_label()), at => Serde(&p.at) })
        .collect();
    page(
        "published.html",
        "Published performance reports",
        &[],
        &visitor.frame,
        context! { publications => Serde(&publications), section => Serde(&"/published") },
    )
}

pub(crate) async fn publication(
    visitor: Visitor,
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Html<String>, WebError> {
    let quarter = quarter(&text)?;
    let q = web
        .published(quarter)
        .await?
        .ok_or_else(|| not_published(quarter))?;
    let at = web
        .store
        .publications()
        .await?
        .into_iter()
        .find(|p| p.quarter == quarter)
        .map(|p| p.at)
        .unwrap_or_default();
    page(
        "publication.html",
        &q.report.title,
        &[crumb("/published", "Published reports")],
        &visitor.frame,
        context! { r => Serde(&q.report), quarter => Serde(&quarter.to_string()), at => Serde(&at), section => Serde(&"/published") },
    )
}

pub(crate) async fn report_html(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    let quarter = quarter(&text)?;
    let html = web
        .store
        .published_html(quarter)
        .await?
        .ok_or_else(|| not_published(quarter))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                crate::headers::REPORT_POLICY,
            ),
        ],
        html,
    )
        .into_response())
}

pub(crate) async fn report_pdf(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    let quarter = quarter(&text)?;
    let pdf = web
        .store
        .published_pdf(quarter)
        .await?
        .ok_or_else(|| not_published(quarter))?;
    let name = format!("attachment; filename=\"performance-report-{quarter}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        pdf,
    )
        .into_response())
}
