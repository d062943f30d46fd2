//! Publishing a quarter: its performance report (and its report to Cabinet, where budget
//! figures are held) made as HTML and PDF from exactly the data being locked, then kept with
//! the lock, all or nothing.

use ragbook_core::period::FinancialQuarter;
use ragbook_core::settings::ReportStyle;
use ragbook_report::Report;
use ragbook_report::cabinet_report::CabinetReport;
use ragbook_store::{ChangeInfo, Held, Reports, Store};

use crate::data::Quarterly;
use crate::error::WebError;

/// Publishes `quarter`'s `report`, made from `held`, which was read when change set `seen` was
/// the latest; refused if anything has changed since.
pub(crate) async fn publish(
    store: &Store,
    (held, seen): (&Held, i64),
    quarter: FinancialQuarter,
    (report, cabinet): (Report, Option<CabinetReport>),
    change: &ChangeInfo,
) -> Result<(), WebError> {
    // A plan reported in the city style publishes its city report as the quarter's report.
    let in_force = held.for_quarter(quarter)?;
    let city = match in_force.settings.report.style {
        ReportStyle::City => Some(ragbook_report::city::build_city(
            &in_force.dataset,
            &in_force.settings,
            &in_force.book,
            quarter,
        )?),
        ReportStyle::County => None,
    };
    // Typesetting the PDFs takes a moment of CPU: keep it off the threads serving requests.
    let (html, pdf, cabinet) = tokio::task::spawn_blocking(move || {
        let cabinet = cabinet
            .map(|c| {
                Ok::<_, ragbook_report::ReportError>((
                    ragbook_report::cabinet_html(&c)?,
                    ragbook_report::cabinet_pdf(&c)?,
                ))
            })
            .transpose()?;
        let (html, pdf) = match &city {
            Some(city) => (
                ragbook_report::city_html(city)?,
                ragbook_report::city_pdf(city)?,
            ),
            None => (
                ragbook_report::html(&report)?,
                ragbook_report::pdf(&report)?,
            ),
        };
        Ok::<_, ragbook_report::ReportError>((html, pdf, cabinet))
    })
    .await
    .map_err(|e| WebError::Internal(format!("publishing stopped: {e}")))??;
    let reports = Reports {
        html: &html,
        pdf: &pdf,
        cabinet: cabinet
            .as_ref()
            .map(|(html, pdf)| (html.as_str(), pdf.as_slice())),
    };
    // The pages read only the figures the quarter needs; the lock keeps everything held, as
    // `ragbook lock` does. A change since `seen` is refused by the publication itself.
    let whole = store.load().await?;
    store
        .publish(quarter, &whole, seen, reports, change)
        .await?;
    Ok(())
}

/// Publishes `quarter` from everything held now (the demo's published quarter).
pub async fn publish_as_held(
    store: &Store,
    quarter: FinancialQuarter,
    change: &ChangeInfo,
) -> Result<(), WebError> {
    let seen = store.last_change().await?;
    let q = Quarterly::new(store.load().await?, quarter, false, seen)?;
    let reports = (q.report.clone(), q.cabinet.clone());
    publish(store, (&q.held, seen), quarter, reports, change).await
}
