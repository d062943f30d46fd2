//! Publishing a quarter: its performance report made as HTML and PDF from exactly the data
//! being locked, then kept with the lock, all or nothing.

use ragbook_core::period::FinancialQuarter;
use ragbook_report::Report;
use ragbook_store::{ChangeInfo, Held, Store};

use crate::data::Quarterly;
use crate::error::WebError;

/// Publishes `quarter`'s `report`, made from `held`, which was read when change set `seen` was
/// the latest; refused if anything has changed since.
pub(crate) async fn publish(
    store: &Store,
    (held, seen): (&Held, i64),
    quarter: FinancialQuarter,
    report: Report,
    change: &ChangeInfo,
) -> Result<(), WebError> {
    // Typesetting the PDF takes a moment of CPU: keep it off the threads serving requests.
    let (html, pdf) = tokio::task::spawn_blocking(move || {
        Ok::<_, ragbook_report::ReportError>((
            ragbook_report::html(&report)?,
            ragbook_report::pdf(&report)?,
        ))
    })
    .await
    .map_err(|e| WebError::Internal(format!("publishing stopped: {e}")))??;
    store
        .publish(quarter, held, seen, (&html, &pdf), change)
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
    publish(store, (&q.held, seen), quarter, q.report.clone(), change).await
}
