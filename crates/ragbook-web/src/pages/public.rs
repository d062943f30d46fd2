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
/// downloaded.
async fn serve(web: &Shared, text: &str, file: PublishedFile) -> Result<Response, WebError> {
    let quarter = quarter(text)?;
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
    let name = |stem: &str| format!("attachment; filename=\"{stem}-{quarter}.pdf\"");
    Ok(match file {
        PublishedFile::Html | PublishedFile::CabinetHtml => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    crate::headers::REPORT_POLICY.to_owned(),
                ),
            ],
            bytes,
        )
            .into_response(),
        PublishedFile::Pdf | PublishedFile::CabinetPdf => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    name(if file == PublishedFile::Pdf {
                        "performance-report"
                    } else {
                        "cabinet-report"
                    }),
                ),
            ],
            bytes,
        )
            .into_response(),
    })
}

pub(crate) async fn report_html(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::Html).await
}

pub(crate) async fn report_pdf(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::Pdf).await
}

pub(crate) async fn cabinet_html(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::CabinetHtml).await
}

pub(crate) async fn cabinet_pdf(
    State(web): State<Shared>,
    Path(text): Path<String>,
) -> Result<Response, WebError> {
    serve(&web, &text, PublishedFile::CabinetPdf).await
}
