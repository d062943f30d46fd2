//! What every command that touches a database needs: an async runtime, the store, who the
//! user is and what time it is. Only here does ragbook read the environment and the clock.

use anyhow::Context;
use ragbook_store::{ChangeInfo, Store};

use crate::cli::{DatabaseArgs, WhoArgs};

/// Runs `work` on a single-threaded async runtime: the CLI does one thing at a time.
pub fn block_on<T>(
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?
        .block_on(work)
}

/// Opens the store named on the command line.
pub async fn open(database: &DatabaseArgs) -> anyhow::Result<Store> {
    Ok(Store::open(&database.database).await?)
}

/// The user's name: --as, else the login name.
pub fn user(who: &WhoArgs) -> String {
    who.by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Now, as an ISO 8601 UTC timestamp.
pub fn now() -> String {
    ragbook_io::clock::now()
}

/// A change by the user, now.
pub fn change(who: &WhoArgs, reason: Option<String>, source: Option<String>) -> ChangeInfo {
    ChangeInfo {
        by: user(who),
        at: now(),
        reason,
        source,
    }
}

/// A bar on standard error counting `total` records as long work writes them (hidden when not
/// a terminal).
pub fn progress_bar(message: &str, total: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {human_pos} of {human_len} records ({percent}%), {elapsed}",
    );
    if let Ok(style) = style {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_owned());
    bar
}

/// A spinner on standard error while long work runs (hidden when not a terminal).
pub fn spinner(message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
