//! The pages, by what they are for.

mod changes;
mod city;
mod cycle;
mod finance;
mod plan;
mod public;
mod session;
mod thread;
mod updates;
mod users;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::Shared;
use crate::render::{Crumb, STYLES};

/// Every page's route.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(plan::overview))
        .route("/priorities/{id}", get(plan::priority))
        .route("/deliverables/{id}", get(plan::deliverable))
        .route("/measures/{id}", get(plan::measure))
        .route("/projects/{id}", get(city::project))
        .route("/risks/{id}", get(city::risk))
        .route("/golden-thread", get(thread::golden_thread))
        .route("/service-plans/changes", get(changes::annual_update))
        .route("/items/{id}/history", get(plan::history))
        .route("/budget", get(plan::budget))
        .route("/budget/{portfolio}", get(plan::portfolio))
        .route("/budget/lines/{id}", get(finance::form).post(finance::save))
        .route(
            "/budget/savings/{portfolio}",
            get(finance::savings::form).post(finance::savings::save),
        )
        .route(
            "/budget/reserve",
            get(finance::reserve::form).post(finance::reserve::save),
        )
        .route("/my-updates", get(updates::mine))
        .route("/updates/{id}", get(updates::form).post(updates::save))
        .route("/review", get(cycle::review))
        .route("/review/{id}", post(cycle::decide))
        .route("/cycle/open", post(cycle::open))
        .route("/cycle/publish", post(cycle::publish))
        .route("/published", get(public::archive))
        .route("/published/{quarter}", get(public::publication))
        .route("/published/{quarter}/report.html", get(public::report_html))
        .route("/published/{quarter}/report.pdf", get(public::report_pdf))
        .route(
            "/published/{quarter}/cabinet.html",
            get(public::cabinet_html),
        )
        .route("/published/{quarter}/cabinet.pdf", get(public::cabinet_pdf))
        .route("/login", get(session::login_form).post(session::login))
        .route("/login/openid", get(session::openid_start))
        .route("/login/openid/callback", get(session::openid_callback))
        .route("/logout", post(session::logout))
        .route("/users", get(users::list).post(users::add))
        .route(
            "/users/{name}",
            get(users::account).post(users::change_account),
        )
        .route("/keys/{id}/revoke", post(users::revoke_key))
        .route("/assets/style.css", get(styles))
}

async fn styles(request: axum::http::HeaderMap) -> impl IntoResponse {
    static SERVED: std::sync::LazyLock<crate::served::Served> = std::sync::LazyLock::new(|| {
        crate::served::Served::new(
            STYLES.as_bytes().to_vec(),
            true,
            vec![
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/css; charset=utf-8"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
        )
    });
    SERVED.respond(&request)
}

/// Any address no route answers.
pub(crate) async fn not_found() -> crate::WebError {
    crate::WebError::NotFound(
        "There is nothing at this address. Check it, or start from the plan or the published reports."
            .into(),
    )
}

/// A breadcrumb.
pub(crate) fn crumb(href: impl Into<String>, words: impl Into<String>) -> Crumb {
    (href.into(), words.into())
}

/// The start of every signed-in page's breadcrumbs.
pub(crate) fn home() -> Crumb {
    crumb("/", "Plan")
}
