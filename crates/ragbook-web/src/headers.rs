//! What every response gets on its way out: security headers, and for an error, the service's
//! error page (with the header of whoever is signed in) or, from the API, `{"error": "..."}`.
//! Handlers, axum's own rejections (a malformed form or JSON body, a wrong method) and unknown
//! URLs all pass through here, so no error escapes as an empty or plain-text body.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::Shared;
use crate::error::ErrorPage;

/// The policy for the app's own pages: nothing but its style sheet, no script at all (the app
/// has none), no framing. Style attributes are allowed for the rating tags' colours, which
/// come from the council's rating keys.
pub(crate) const PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The policy for a published report: one self-contained file whose styles are inline.
pub(crate) const REPORT_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The most of an error's body that is read to turn it into a page.
const ERROR_BODY_LIMIT: usize = 16 * 1024;

/// The outermost step of every request inside the session layer.
pub(crate) async fn finish(State(web): State<Shared>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let https = web.options.behind_proxy
        && request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let session = request.extensions().get::<Session>().cloned();
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe {
        // A change is decided on what the database holds now, not on what was read before.
        web.freshness.changed();
    }
    let mut response = next.run(request).await;
    if !safe {
        // Whatever it did, what was read while it ran may now be out of date.
        web.freshness.changed();
    }
    let status = response.status();
    if status.is_client_error() || status.is_server_error() {
        response = if api {
            json_error(response).await
        } else {
            html_error(&web, session, response).await
        };
    }
    secure(response.headers_mut(), https);
    response
}

fn secure(headers: &mut HeaderMap, https: bool) {
    let set_default = |headers: &mut HeaderMap, name, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set_default(headers, header::CONTENT_SECURITY_POLICY, PAGE_POLICY);
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    set_default(headers, header::REFERRER_POLICY, "same-origin");
    // Pages show what a person may see; a shared computer's cache must not keep them. The
    // style sheet sets its own.
    set_default(headers, header::CACHE_CONTROL, "no-store");
    if https {
        set_default(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
}

fn content_type_is(response: &Response, prefix: &str) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(prefix))
}

async fn body_text(response: Response) -> (axum::http::response::Parts, String) {
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, ERROR_BODY_LIMIT)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    (parts, text)
}

/// The API's errors are always `{"error": "..."}`.
async fn json_error(response: Response) -> Response {
    if content_type_is(&response, "application/json") {
        return response;
    }
    let status = response.status();
    let message = match response.extensions().get::<ErrorPage>() {
        Some(page) => page.message.clone(),
        None => body_text(response).await.1,
    };
    let message = if status.is_server_error() || message.is_empty() {
        reason(status).to_owned()
    } else {
        message
    };
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// Errors from pages get the service's error page; a form shown again with its errors (already
/// a page) is left as it is.
async fn html_error(web: &Shared, session: Option<Session>, response: Response) -> Response {
    if content_type_is(&response, "text/html") {
        return response;
    }
    let status = response.status();
    let kept: Vec<_> = [header::RETRY_AFTER, header::ALLOW, header::SET_COOKIE]
        .iter()
        .flat_map(|name| {
            response
                .headers()
                .get_all(name)
                .iter()
                .map(|value| (name.clone(), value.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let page = match response.extensions().get::<ErrorPage>().cloned() {
        Some(page) => page,
        None => {
            let (_, text) = body_text(response).await;
            ErrorPage {
                title: title(status).to_owned(),
                message: if text.is_empty() || status.is_server_error() {
                    reason(status).to_owned()
                } else {
                    // axum's own rejections say what was wrong with the request.
                    text.chars().take(300).collect()
                },
            }
        }
    };
    let frame = match session {
        Some(session) => crate::auth::frame_of(web, &session).await,
        None => crate::render::Frame::default(),
    };
    let mut shown = match crate::render::error_page(&page.title, &page.message, &frame) {
        Ok(html) => (status, html).into_response(),
        Err(_) => (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            Body::from(page.message),
        )
            .into_response(),
    };
    for (name, value) in kept {
        shown.headers_mut().append(name, value);
    }
    shown
}

fn title(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "You cannot do that",
        StatusCode::METHOD_NOT_ALLOWED => "That cannot be done to this page",
        StatusCode::SERVICE_UNAVAILABLE => "Sorry, the service is busy",
        s if s.is_server_error() => "Sorry, there is a problem with the service",
        _ => "Something was wrong with that request",
    }
}

fn reason(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => {
            "There is nothing at this address. Check it, or start from the home page."
        }
        StatusCode::METHOD_NOT_ALLOWED => "This address does not accept that kind of request.",
        StatusCode::SERVICE_UNAVAILABLE => {
            "Too many people are signing in at once. Wait a few seconds and try again."
        }
        s if s.is_server_error() => {
            "Something went wrong. Try again later; if it keeps happening, tell the performance team."
        }
        _ => "The request could not be understood.",
    }
}
