//! What everyone may read: the published reports, each exactly as it was published, and the
//! figures of their locked snapshots. Nothing here reads live data.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::period::FinancialQuarter;

use super::crumb;
use crate::Shared;
use crate::auth::Visitor;
use crate::error::WebError;
use crate::render::page;
use crate::served::Served;
use ragbook_store::PublishedFile;

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
    let published = web
        .store
        .publications()
        .await?
        .into_iter()
        .find(|p| p.quarter == quarter);
    let cabinet = published.as_ref().is_some_and(|p| p.cabinet);
    let at = published.map(|p| p.at).unwrap_or_default();
    page(
        "publication.html",
        &q.report.title,
        &[crumb("/published", "Published reports")],
        &visitor.frame,
        context! { r => q.report_values.clone(), quarter => Serde(&quarter.to_string()), at => Serde(&at), cabinet => Serde(&cabinet), section => Serde(&"/published") },
    )
}

/// A published file as the browser should take it: HTML shown under the reports' policy, a PDF
/// downloaded. A publication never changes, so each file is read once and kept; browsers may
/// keep it too, asking each time whether it changed.
async fn serve(
    web: &Shared,
    text: &str,
    file: PublishedFile,
    request: &HeaderMap,
) -> Result<Response, WebError> {
    let quarter = quarter(text)?;
    if let Some(served) = web.data.published_file(quarter, file) {
        return Ok(served.respond(request));
    }
    let bytes = web.store.published(quarter, file).await?.ok_or_else(|| {
        if matches!(file, PublishedFile::CabinetHtml | PublishedFile::CabinetPdf) {
            WebError::NotFound(format!(
                "No report to Cabinet was published for {}.",
                quarter.long_label()
            ))
        } else {
            not_published(quarter)
        }
    })?;
    let value =
        |text: String| HeaderValue::from_str(&text).map_err(|e| WebError::Internal(e.to_string()));
    let html = matches!(file, PublishedFile::Html | PublishedFile::CabinetHtml);
    let mut headers = vec![(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    )];
    if html {
        headers.push((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ));
        headers.push((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::headers::REPORT_POLICY),
        ));
    } else {
        let stem = if file == PublishedFile::Pdf {
            "performance-report"
        } else {
            "cabinet-report"
        };
        headers.push((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        ));
        headers.push((
            header::CONTENT_DISPOSITION,
            value(format!("attachment; filename=\"{stem}-{quarter}.pdf\""))?,
        ));
    }
    let served = web
        .data
        .keep_published_file(quarter, file, Served::new(bytes, html, headers));
    Ok(served.respond(request))
}

pub(crate) async fn report_html(
    State(web): State<Shared>,
    Path(text): Path<String>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::Html, &request).await
}

pub(crate) async fn report_pdf(
    State(web): State<Shared>,
    Path(text): Path<String>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::Pdf, &request).await
}

pub(crate) async fn cabinet_html(
    State(web): State<Shared>,
    Path(text): Path<String>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::CabinetHtml, &request).await
}

pub(crate) async fn cabinet_pdf(
    State(web): State<Shared>,
    Path(text): Path<String>,
    request: HeaderMap,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::CabinetPdf, &request).await
}
