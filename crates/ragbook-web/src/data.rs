//! The data pages are built from, read once per change rather than once per request: the
//! live data of the quarter staff are working on, and each published quarter's locked
//! snapshot, which is all the public ever see.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ragbook_core::period::FinancialQuarter;
use ragbook_report::cabinet_report::{CabinetReport, build_cabinet_report};
use ragbook_report::{Report, build};
use ragbook_store::{Held, PublishedFile};

use crate::Web;
use crate::error::WebError;
use crate::freshness::Stamp;
use crate::served::Served;

/// A quarter's data with its report view-model.
pub(crate) struct Quarterly {
    /// Everything held (live, or as locked).
    pub(crate) held: Held,
    /// What is in force in the quarter: its plan, that plan's items then and its settings.
    /// Pages and forms look items up here, so an item that has not started or has ended is not
    /// found, and an older plan's quarter keeps its own words, keys and rules.
    pub(crate) in_force: Held,
    /// The quarter shown.
    pub(crate) quarter: FinancialQuarter,
    /// Whether the quarter is open for updates.
    pub(crate) open: bool,
    /// The report's view-model for the quarter.
    pub(crate) report: Report,
    /// The same as template values, made once: pages share it rather than each request
    /// copying the whole model.
    pub(crate) report_values: minijinja::Value,
    /// The Cabinet report's, where budget figures are held.
    pub(crate) cabinet: Option<CabinetReport>,
    /// The city report's, where the plan has priority projects or strategic risks.
    pub(crate) city: Option<ragbook_report::city::CityReport>,
    /// The latest change set when read.
    pub(crate) change: i64,
    /// Pages' main content rendered from this data, by what else they show
    /// ([`crate::render::cached_page`]); dropped with it when the data changes.
    pub(crate) pages: Mutex<HashMap<String, Arc<str>>>,
}

impl Quarterly {
    pub(crate) fn new(
        held: Held,
        quarter: FinancialQuarter,
        open: bool,
        change: i64,
    ) -> Result<Quarterly, WebError> {
        let in_force = held.for_quarter(quarter)?;
        let Held {
            dataset,
            settings,
            book,
            ..
        } = &in_force;
        let report = build(dataset, settings, book, quarter)?;
        let cabinet = build_cabinet_report(&report, dataset, settings, book, quarter)?;
        let city = (!dataset.projects.is_empty() || !dataset.risks.is_empty())
            .then(|| ragbook_report::city::build_city(dataset, settings, book, quarter))
            .transpose()?;
        Ok(Quarterly {
            in_force,
            held,
            quarter,
            open,
            report_values: minijinja::Value::from(minijinja::value::Serde(&report)),
            report,
            cabinet,
            city,
            change,
            pages: Mutex::default(),
        })
    }
}

/// Built quarters, kept until the data changes.
#[derive(Default)]
pub(crate) struct Cache {
    /// The live quarter, and when the change set it was read at was last confirmed as the
    /// latest ([`crate::freshness`]).
    live: Mutex<Option<(Arc<Quarterly>, Stamp)>>,
    /// Held while the live data is re-read, so that after a change one request re-reads it
    /// and the others wait for that, rather than all re-reading at once.
    reload: tokio::sync::Mutex<()>,
    published: Mutex<HashMap<FinancialQuarter, Arc<Quarterly>>>,
    /// Published files, read once: a publication never changes.
    published_files: Mutex<HashMap<(FinancialQuarter, PublishedFile), Arc<Served>>>,
}

impl Cache {
    /// A published file already read.
    pub(crate) fn published_file(
        &self,
        quarter: FinancialQuarter,
        file: PublishedFile,
    ) -> Option<Arc<Served>> {
        let files = self.published_files.lock().ok()?;
        files.get(&(quarter, file)).map(Arc::clone)
    }

    /// Keeps a published file, read for the first time.
    pub(crate) fn keep_published_file(
        &self,
        quarter: FinancialQuarter,
        file: PublishedFile,
        served: Served,
    ) -> Arc<Served> {
        let served = Arc::new(served);
        if let Ok(mut files) = self.published_files.lock() {
            files.insert((quarter, file), Arc::clone(&served));
        }
        served
    }
}

impl Web {
    /// The live data of the working quarter.
    pub(crate) async fn live(&self) -> Result<Arc<Quarterly>, WebError> {
        if let Some(quarterly) = self.fresh() {
            return Ok(quarterly);
        }
        let stamp = self.freshness.stamp();
        let change = self.store.last_change().await?;
        if let Some(quarterly) = self.cached(change, stamp) {
            return Ok(quarterly);
        }
        let _reloading = self.data.reload.lock().await;
        let stamp = self.freshness.stamp();
        let change = self.store.last_change().await?;
        if let Some(quarterly) = self.cached(change, stamp) {
            return Ok(quarterly);
        }
        // The quarter staff see: the one open for updates, else the latest published or
        // locked, else the latest with any update.
        let open = self.store.open_quarter().await?;
        let locked = self.store.locked_quarters().await?;
        let latest = match open.or_else(|| locked.last().copied()) {
            Some(quarter) => Some(quarter),
            None => self.store.latest_quarter().await?,
        };
        let quarter = latest.ok_or_else(|| {
            WebError::NotFound(
                "Nothing has been imported yet: import a data package with `ragbook import`."
                    .into(),
            )
        })?;
        let held = self.store.load_quarter(quarter).await?;
        let quarterly = Arc::new(Quarterly::new(held, quarter, open.is_some(), change)?);
        if let Ok(mut cached) = self.data.live.lock() {
            *cached = Some((Arc::clone(&quarterly), stamp));
        }
        Ok(quarterly)
    }

    /// The live data, if it may be used without asking whether the data has changed.
    fn fresh(&self) -> Option<Arc<Quarterly>> {
        let mut cached = self.data.live.lock().ok()?;
        let (quarterly, stamp) = cached.as_mut()?;
        self.freshness.usable(stamp).then(|| Arc::clone(quarterly))
    }

    /// The live data, if it was read at change set `change`, the latest at `stamp`.
    fn cached(&self, change: i64, stamp: Stamp) -> Option<Arc<Quarterly>> {
        let mut cached = self.data.live.lock().ok()?;
        let (quarterly, confirmed) = cached.as_mut()?;
        if quarterly.change != change {
            return None;
        }
        *confirmed = stamp;
        Some(Arc::clone(quarterly))
    }

    /// A published quarter's data, from its locked snapshot; `None` unless it is published.
    pub(crate) async fn published(
        &self,
        quarter: FinancialQuarter,
    ) -> Result<Option<Arc<Quarterly>>, WebError> {
        if let Ok(cached) = self.data.published.lock()
            && let Some(quarterly) = cached.get(&quarter)
        {
            return Ok(Some(Arc::clone(quarterly)));
        }
        let published = self
            .store
            .publications()
            .await?
            .iter()
            .any(|p| p.quarter == quarter);
        if !published {
            return Ok(None);
        }
        let Some(held) = self.store.as_locked(quarter).await? else {
            return Ok(None);
        };
        // A publication never changes, so it is kept for good.
        let quarterly = Arc::new(Quarterly::new(held, quarter, false, 0)?);
        if let Ok(mut cached) = self.data.published.lock() {
            cached.insert(quarter, Arc::clone(&quarterly));
        }
        Ok(Some(quarterly))
    }
}
