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

use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, header};

use crate::auth::{
    Visitor, check_csrf, check_password, cookie_value, hash_password, login_cookie,
    login_cookie_value, random_token, same_secret, sign_in, sign_out,
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

/// Only a path on this site may be returned to, never another site. `next` arrives decoded;
/// browsers drop tabs and line breaks from a URL (so `/\t/evil.example` is `//evil.example`,
/// another site) and read `\\` as `/`, and a line break in a header cannot be sent at all, so
/// any control character, a backslash, a scheme or a second leading slash sends to `/`.
fn safe_next(next: &str) -> String {
    let path_only = next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && !next
            .split(['/', '?', '#'])
            .nth(1)
            .is_some_and(|first| first.contains(':'));
    if path_only {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

fn login_page(
    openid: bool,
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
        context! { csrf => Serde(&csrf), name => Serde(&name), next => Serde(&next), next_query => Serde(&crate::render::url_component(next)), openid => Serde(&openid), errors => Serde(&errors), error_count => Serde(&errors.len()) },
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
    State(web): State<Shared>,
    Query(next): Query<Next>,
) -> Result<Response, WebError> {
    let token = random_token().map_err(WebError::Internal)?;
    let mut page = login_page(
        web.openid.is_some(),
        &visitor,
        &token,
        "",
        &safe_next(&next.next),
        &[],
    )?;
    let cookie = login_cookie(&token, web.options.secure_cookies);
    page.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    Ok(page)
}

/// "30 seconds", "2 minutes".
fn how_long(wait: Duration) -> String {
    let seconds = u64::try_from(wait.as_millis().div_ceil(1000))
        .unwrap_or(u64::MAX)
        .max(1);
    if seconds < 90 {
        format!("{seconds} second{}", if seconds == 1 { "" } else { "s" })
    } else {
        format!("{} minutes", seconds.div_ceil(60))
    }
}

pub(crate) async fn login(
    visitor: Visitor,
    State(web): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    // The sign-in form's token is the one in its cookie (see `auth::LOGIN_COOKIE`).
    if !login_cookie_value(&headers).is_some_and(|expected| same_secret(&expected, &form.csrf)) {
        return Err(WebError::Forbidden(
            "This form has expired or did not come from ragbook. Go back, reload the page and try again.".into(),
        ));
    }
    let next = safe_next(&form.next);
    let name = form.name.trim();
    let wait = web.throttle.wait(visitor.address, name, Instant::now());
    if !wait.is_zero() {
        // The same words whether or not the name is someone's.
        return login_page(
            web.openid.is_some(),
            &visitor,
            &form.csrf,
            name,
            &next,
            &[(
                "name",
                format!(
                    "Too many failed attempts to sign in. Wait {} and try again, or ask an administrator to reset the password.",
                    how_long(wait)
                ),
            )],
        );
    }
    let user = web
        .store
        .user(name)
        .await?
        .filter(|u| u.disabled_at.is_none());
    // Verify against a stand-in hash when there is no such user, so that the time taken does
    // not tell who has an account.
    static STAND_IN: LazyLock<String> =
        LazyLock::new(|| hash_password("no such user").unwrap_or_default());
    let hash = user
        .as_ref()
        .map_or(STAND_IN.as_str(), |u| u.password_hash.as_str())
        .to_owned();
    let matches = check_password(&web, hash, form.password.clone()).await?;
    match user {
        Some(user) if matches => {
            web.throttle.succeeded(visitor.address, name);
            sign_in(&visitor.session, &user).await?;
            Ok(Redirect::to(&next).into_response())
        }
        _ => {
            web.throttle.failed(visitor.address, name, Instant::now());
            login_page(
                web.openid.is_some(),
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
        // Found by probing: browsers drop the tab, leaving //evil.example.
        assert_eq!(safe_next("/\t/evil.example/phish"), "/");
        assert_eq!(safe_next("/\r\nSet-Cookie: x=1"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/javascript:alert(1)"), "/");
        assert_eq!(safe_next("evil.example"), "/");
        assert_eq!(
            safe_next("/review?quarter=2026-27-Q2"),
            "/review?quarter=2026-27-Q2"
        );
        assert_eq!(safe_next("/items/KM01/history"), "/items/KM01/history");
    }
}

/// The cookie that carries an OpenID Connect sign-in's secrets to the provider and back.
const OPENID_COOKIE: &str = "ragbook_openid";

fn openid_cookie(value: &str, max_age: u32, secure: bool) -> Result<HeaderValue, WebError> {
    // SameSite=Lax: the provider sends the person back with a top-level GET from its own site.
    HeaderValue::from_str(&format!(
        "{OPENID_COOKIE}={value}; Path=/login/openid; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    ))
    .map_err(|e| WebError::Internal(e.to_string()))
}

fn openid_unreachable(e: &crate::openid::OpenIdError) -> WebError {
    eprintln!("ragbook serve: {e}");
    WebError::Busy(
        "The council's sign-in service could not be reached. Try again in a minute, or sign in with your ragbook user name and password.".into(),
    )
}

/// Sends the person to the council's identity provider.
pub(crate) async fn openid_start(
    State(web): State<Shared>,
    Query(next): Query<Next>,
) -> Result<Response, WebError> {
    let Some(client) = &web.openid else {
        return Err(WebError::NotFound(
            "Sign-in with the council's account is not set up here.".into(),
        ));
    };
    let attempt =
        crate::openid::Attempt::new(&safe_next(&next.next)).map_err(WebError::Internal)?;
    let url = client
        .authorization_url(&attempt)
        .await
        .map_err(|e| openid_unreachable(&e))?;
    let mut response = Redirect::to(&url).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        openid_cookie(&attempt.to_cookie(), 600, web.options.secure_cookies)?,
    );
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Callback {
    code: String,
    state: String,
    error: String,
    error_description: String,
}

/// The provider sends the person back here with a code, which proves who they are.
pub(crate) async fn openid_callback(
    visitor: Visitor,
    State(web): State<Shared>,
    headers: HeaderMap,
    Query(callback): Query<Callback>,
) -> Result<Response, WebError> {
    let Some(client) = &web.openid else {
        return Err(WebError::NotFound(
            "Sign-in with the council's account is not set up here.".into(),
        ));
    };
    let refused = |why: String| {
        WebError::Forbidden(format!(
            "{why} Try again from the sign-in page, or sign in with your ragbook user name and password."
        ))
    };
    if !callback.error.is_empty() {
        return Err(refused(format!(
            "The council's sign-in service did not sign you in ({}).",
            if callback.error_description.is_empty() {
                &callback.error
            } else {
                &callback.error_description
            }
        )));
    }
    let attempt = cookie_value(&headers, OPENID_COOKIE)
        .and_then(|text| crate::openid::Attempt::from_cookie(&text))
        .filter(|attempt| same_secret(&attempt.state, &callback.state))
        .ok_or_else(|| refused("This sign-in has expired or did not start here.".into()))?;
    let identity = match client
        .identity(&callback.code, &attempt, ragbook_io::clock::now_unix())
        .await
    {
        Ok(identity) => identity,
        Err(e @ crate::openid::OpenIdError::Provider(_)) => return Err(openid_unreachable(&e)),
        Err(e) => {
            eprintln!("ragbook serve: {e}");
            return Err(refused("The sign-in could not be trusted.".into()));
        }
    };
    let user = web
        .store
        .user_by_email(&identity.email)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(|| {
            refused(format!(
                "You signed in as {}, but no ragbook user with that email address may sign in. Ask an administrator to add it to your account.",
                identity.email
            ))
        })?;
    sign_in(&visitor.session, &user).await?;
    let mut response = Redirect::to(&safe_next(&attempt.next)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        openid_cookie("", 0, web.options.secure_cookies)?,
    );
    Ok(response)
}
