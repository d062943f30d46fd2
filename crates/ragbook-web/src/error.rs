//! What can go wrong with a request, and the page (or JSON) each answer gets.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ragbook_store::StoreError;

use crate::render;

/// Why a request was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Not signed in: go to the sign-in page, then come back to `next`.
    #[error("sign in to see this page")]
    SignIn {
        /// Where to return to.
        next: String,
    },
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// No such page or item.
    #[error("{0}")]
    NotFound(String),
    /// The request itself is wrong (a missing or broken form field).
    #[error("{0}")]
    BadRequest(String),
    /// The change is not allowed as things stand.
    #[error("{0}")]
    Refused(String),
    /// Too many requests of a costly kind at once (password checks): try again shortly.
    #[error("{0}")]
    Busy(String),
    /// Something failed on the server.
    #[error("{0}")]
    Internal(String),
}

/// An error's page, kept on the response for the last step (`headers::finish`), which lays it
/// out with the header of whoever is signed in, or as JSON for the API.
#[derive(Debug, Clone)]
pub(crate) struct ErrorPage {
    pub(crate) title: String,
    pub(crate) message: String,
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        match error {
            StoreError::Refused(message) | StoreError::Conflict(message) => {
                WebError::Refused(message)
            }
            StoreError::NeedsReason(_) => WebError::Refused(error.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<ragbook_report::ReportError> for WebError {
    fn from(error: ragbook_report::ReportError) -> WebError {
        WebError::Internal(error.to_string())
    }
}

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::SignIn { .. } => StatusCode::SEE_OTHER,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Refused(_) => StatusCode::CONFLICT,
            WebError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            WebError::SignIn { .. } => "Sign in",
            WebError::Forbidden(_) => "You cannot do that",
            WebError::NotFound(_) => "Page not found",
            WebError::BadRequest(_) => "Something was wrong with that request",
            WebError::Refused(_) => "That cannot be done now",
            WebError::Busy(_) => "Sorry, the service is busy",
            WebError::Internal(_) => "Sorry, there is a problem with the service",
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::SignIn { next } = &self {
            let to = format!("/login?next={}", render::url_component(next));
            return Redirect::to(&to).into_response();
        }
        if let WebError::Internal(message) = &self {
            // The details are for the server's log, not the page.
            eprintln!("ragbook serve: internal error: {message}");
        }
        let message = match &self {
            WebError::Internal(_) => {
                "Try again later. If it keeps happening, tell the performance team.".to_owned()
            }
            other => other.to_string(),
        };
        let status = self.status();
        let page = ErrorPage {
            title: self.title().to_owned(),
            message: message.clone(),
        };
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("2"));
        }
        response.extensions_mut().insert(page);
        response
    }
}
