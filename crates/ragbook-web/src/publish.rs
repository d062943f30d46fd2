//! Publishing a quarter: its performance report made as HTML and PDF from exactly the data
//! being locked, then kept with the lock, all or nothing.

use ragbook_core::period::FinancialQuarter;
use ragbook_core::settings::Settings;
use ragbook_report::{ReportError, Rulebook, build};
use ragbook_store::{ChangeInfo, Held, Store};

use crate::error::WebError;

/// Publishes `quarter` from `held`, which was read when change set `seen` was the latest; refused
/// if anything has changed since.
pub async fn publish(
    store: &Store,
    held: Held,
    seen: i64,
    quarter: FinancialQuarter,
    change: &ChangeInfo,
) -> Result<(), WebError> {
    // Typesetting the PDF takes a moment of CPU: keep it off the threads serving requests.
    let (held, html, pdf) = tokio::task::spawn_blocking(move || {
        let settings = Settings::from_toml(&held.settings)
            .map_err(|e| ReportError::Settings(e.to_string()))?;
        let book = Rulebook::new(&settings)?;
        let report = build(&held.dataset, &settings, &book, quarter)?;
        let html = ragbook_report::html(&report)?;
        let pdf = ragbook_report::pdf(&report)?;
        Ok::<_, ReportError>((held, html, pdf))
    })
    .await
    .map_err(|e| WebError::Internal(format!("publishing stopped: {e}")))??;
    store
        .publish(quarter, &held, seen, (&html, &pdf), change)
        .await?;
    Ok(())
}
