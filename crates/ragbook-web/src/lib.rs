//! ragbook's web app: officers enter their quarterly updates, the performance team reviews
//! and publishes them, and the public reads what has been published. Server-rendered pages in
//! the GOV.UK Design System's patterns that work without JavaScript, and a JSON API.
//!
//! Every request is authorised here, on the server, by the rules in `ragbook_core::access`;
//! the public reach only published reports, which are read from their locked snapshots and never
//! from live data. Pages are built from the same view-model as the printed report, so the app
//! and the report cannot disagree.

mod api;
mod api_schema;
pub mod auth;
mod data;
mod error;
mod forms;
mod freshness;
mod headers;
pub mod openid;
mod pages;
pub mod publish;
mod render;
mod served;
mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use ragbook_store::Store;
use tokio::sync::Semaphore;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use error::WebError;

/// How the app is served.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether session cookies are marked Secure (sent over HTTPS only). Browsers treat
    /// `http://localhost` as secure, so this can stay on for local use.
    pub secure_cookies: bool,
    /// Whether the app runs behind a TLS proxy that sets `X-Forwarded-For` and
    /// `X-Forwarded-Proto`: then the client's address for the sign-in throttle is the last one
    /// the proxy added, and HSTS is sent when the proxy says the request came over HTTPS.
    /// Off by default, since anyone can send those headers to an app that faces the internet.
    pub behind_proxy: bool,
    /// How many passwords may be checked at once. Each check takes 19 MiB for a fraction of a
    /// second; sign-ins beyond this wait up to a second, then are answered 503 (try again).
    pub password_checks: usize,
    /// Sign-in through the council's identity provider (OpenID Connect), when set up.
    /// Password sign-in stays for everyone who has a password.
    pub openid: Option<openid::OpenIdSettings>,
    /// How long the server uses what it has read (a session, a person's account, whether the
    /// data has changed) before reading it again; a change made through this server is seen at
    /// once, one made elsewhere (the command line, another server) within this time. One
    /// second by default; zero reads everything on every request.
    pub reread_after: std::time::Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            secure_cookies: true,
            behind_proxy: false,
            password_checks: 2,
            openid: None,
            reread_after: std::time::Duration::from_secs(1),
        }
    }
}

/// What every request handler shares.
pub(crate) struct Web {
    pub(crate) store: Store,
    pub(crate) data: data::Cache,
    pub(crate) throttle: auth::Throttle,
    /// Permits to check a password (argon2id is memory-hard: an unbounded number at once is a
    /// way to exhaust the server's memory).
    pub(crate) password_checks: Semaphore,
    pub(crate) options: Options,
    /// The identity provider's client, when sign-in through it is set up.
    pub(crate) openid: Option<Arc<openid::Client>>,
    /// When what was read must be read again.
    pub(crate) freshness: Arc<freshness::Freshness>,
    /// People's accounts as last read, by name ([`freshness`]).
    pub(crate) people: auth::People,
    /// Items' update states as last read, by item and quarter.
    pub(crate) update_states: freshness::Readings<
        (String, ragbook_core::period::FinancialQuarter),
        ragbook_store::UpdateRecord,
    >,
}

pub(crate) type Shared = Arc<Web>;

/// How long a signed-in session lasts unused.
const SESSION_IDLE: tower_sessions::cookie::time::Duration =
    tower_sessions::cookie::time::Duration::hours(8);

/// The whole app over `store`.
pub fn app(store: Store, options: &Options) -> Router {
    let freshness = Arc::new(freshness::Freshness::new(options.reread_after));
    let web = Arc::new(Web {
        store: store.clone(),
        data: data::Cache::default(),
        throttle: auth::Throttle::default(),
        password_checks: Semaphore::new(options.password_checks),
        options: options.clone(),
        openid: options.openid.clone().map(openid::Client::new),
        freshness: Arc::clone(&freshness),
        people: auth::People::default(),
        update_states: freshness::Readings::default(),
    });
    // Sessions are kept in the database, and only for people who have signed in: an anonymous
    // visitor stores nothing (the sign-in form's token travels in a cookie of its own). Each
    // request moves the expiry on (always save), which reaches the database at most once a
    // minute.
    let sessions = SessionManagerLayer::new(sessions::DatabaseSessions::new(store, freshness))
        .with_always_save(true)
        .with_name("ragbook_session")
        .with_secure(options.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE));
    pages::routes()
        .merge(api::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            web.clone(),
            headers::finish,
        ))
        .with_state(web)
        .layer(sessions)
}

/// Serves the app on `address` until interrupted (Ctrl-C). Expired sessions are removed every
/// ten minutes.
pub async fn serve(store: Store, address: SocketAddr, options: &Options) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    let sweeper = tokio::spawn(sessions::sweep(store.clone()));
    let served = axum::serve(
        listener,
        app(store, options).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        // If the signal cannot be watched, serve until the process is killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await;
    sweeper.abort();
    served
}
