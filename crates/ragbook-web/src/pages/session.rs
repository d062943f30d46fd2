//! Signing in and out.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use serde::Deserialize;

use crate::Shared;
use std::sync::LazyLock;

use crate::auth::{
    Throttle, Visitor, check_csrf, csrf_token, hash_password, sign_in, sign_out, verify_password,
};
use crate::error::WebError;
use crate::render::page;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Next {
    next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LoginForm {
    csrf: String,
    name: String,
    password: String,
    next: String,
}

/// Only a path on this site may be returned to, never another site.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

fn login_page(
    visitor: &Visitor,
    csrf: &str,
    name: &str,
    next: &str,
    errors: &[(&str, String)],
) -> Result<Response, WebError> {
    let html = page(
        "login.html",
        "Sign in",
        &[],
        &visitor.frame,
        context! { csrf => Serde(&csrf), name => Serde(&name), next => Serde(&next), errors => Serde(&errors), error_count => Serde(&errors.len()) },
    )?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    };
    Ok((status, html).into_response())
}

pub(crate) async fn login_form(
    visitor: Visitor,
    Query(next): Query<Next>,
) -> Result<Response, WebError> {
    let csrf = csrf_token(&visitor.session).await?;
    login_page(&visitor, &csrf, "", &safe_next(&next.next), &[])
}

pub(crate) async fn login(
    visitor: Visitor,
    State(web): State<Shared>,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    check_csrf(&visitor.session, &form.csrf).await?;
    let next = safe_next(&form.next);
    let name = form.name.trim();
    if !web.throttle.allows(name) {
        let minutes = Throttle::WINDOW.as_secs() / 60;
        return login_page(
            &visitor,
            &form.csrf,
            name,
            &next,
            &[(
                "name",
                format!(
                    "Too many failed attempts to sign in as {name}. Wait {minutes} minutes, or ask an administrator to reset the password."
                ),
            )],
        );
    }
    let user = web.store.user(name).await?;
    // Verify against a stand-in hash when there is no such user, so that the time taken does
    // not tell who has an account.
    static STAND_IN: LazyLock<String> =
        LazyLock::new(|| hash_password("no such user").unwrap_or_default());
    let hash = user
        .as_ref()
        .map_or(STAND_IN.as_str(), |u| u.password_hash.as_str())
        .to_owned();
    let password = form.password.clone();
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|e| WebError::Internal(format!("sign-in stopped: {e}")))?;
    match user {
        Some(user) if matches => {
            web.throttle.succeeded(name);
            sign_in(&visitor.session, &user).await?;
            Ok(Redirect::to(&next).into_response())
        }
        _ => {
            web.throttle.failed(name);
            login_page(
                &visitor,
                &form.csrf,
                name,
                &next,
                &[("name", "The user name or password is not right".into())],
            )
        }
    }
}

pub(crate) async fn logout(
    visitor: Visitor,
    Form(form): Form<super::super::forms::ActionForm>,
) -> Result<Response, WebError> {
    check_csrf(&visitor.session, &form.csrf).await?;
    sign_out(&visitor.session).await?;
    Ok(Redirect::to("/published").into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn sign_in_returns_only_to_this_site() {
        assert_eq!(safe_next("/measures/KM01"), "/measures/KM01");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
    }
}
