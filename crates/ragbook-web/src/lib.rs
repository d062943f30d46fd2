//! ragbook's web app: officers enter their quarterly updates, the performance team reviews
//! and publishes them, and the public reads what has been published. Server-rendered pages in
//! the GOV.UK Design System's patterns that work without JavaScript, and a JSON API.
//!
//! Every request is authorised here, on the server, by the rules in `ragbook_core::access`;
//! the public reach only published reports, which are read from their locked snapshots and never
//! from live data. Pages are built from the same view-model as the printed report, so the app
//! and the report cannot disagree.

mod api;
pub mod auth;
mod data;
mod error;
mod forms;
mod pages;
pub mod publish;
mod render;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use ragbook_store::Store;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, MemoryStore, SessionManagerLayer};

pub use error::WebError;

/// How the app is served.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether session cookies are marked Secure (sent over HTTPS only). Browsers treat
    /// `http://localhost` as secure, so this can stay on for local use.
    pub secure_cookies: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            secure_cookies: true,
        }
    }
}

/// What every request handler shares.
pub(crate) struct Web {
    pub(crate) store: Store,
    pub(crate) data: data::Cache,
    pub(crate) throttle: auth::Throttle,
}

pub(crate) type Shared = Arc<Web>;

/// The whole app over `store`.
pub fn app(store: Store, options: &Options) -> Router {
    let web = Arc::new(Web {
        store,
        data: data::Cache::default(),
        throttle: auth::Throttle::default(),
    });
    let sessions = SessionManagerLayer::new(MemoryStore::default())
        .with_name("ragbook_session")
        .with_secure(options.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::hours(8),
        ));
    pages::routes()
        .merge(api::routes())
        .with_state(web)
        .layer(sessions)
}

/// Serves the app on `address` until interrupted (Ctrl-C).
pub async fn serve(store: Store, address: SocketAddr, options: &Options) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, app(store, options))
        .with_graceful_shutdown(async {
            // If the signal cannot be watched, serve until the process is killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}
