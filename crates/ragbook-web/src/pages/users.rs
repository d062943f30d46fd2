//! Administrators manage who can sign in.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::access::Role;
use ragbook_store::{AccountChange, User};
use serde::{Deserialize, Serialize};

use super::home;
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash, hash_password, password_problem};
use crate::error::WebError;
use crate::render::{page, when};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct UserForm {
    #[serde(skip_serializing)]
    csrf: String,
    name: String,
    full_name: String,
    role: String,
    department: String,
    email: String,
    #[serde(skip_serializing)]
    password: String,
}

async fn render(
    staff: &Staff,
    web: &Shared,
    form: &UserForm,
    errors: &[(&str, String)],
) -> Result<Response, WebError> {
    let users: Vec<_> = web
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| context! { name => Serde(&u.name), full_name => Serde(&u.full_name), role => Serde(&u.role.label()), department => Serde(&u.department), disabled => Serde(&u.disabled_at.is_some()) })
        .collect();
    let keys: Vec<_> = web
        .store
        .api_tokens()
        .await?
        .into_iter()
        .map(|k| context! { id => Serde(&k.id), label => Serde(&k.token.label), department => Serde(&k.token.department), created => Serde(&format!("{} by {}", when(&k.created_at), k.created_by)), last_used => Serde(&k.last_used_at.as_deref().map_or("Never".to_owned(), when)) })
        .collect();
    let roles: Vec<_> = Role::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let html = page(
        "users.html",
        "Users",
        &[home()],
        &staff.frame,
        context! { users => Serde(&users), keys => Serde(&keys), roles => Serde(&roles), form => Serde(&form), errors => Serde(&errors), error_count => Serde(&errors.len()), section => Serde(&"/users") },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

pub(crate) async fn list(staff: Staff, State(web): State<Shared>) -> Result<Response, WebError> {
    staff.require(staff.person.role.manages_users(), "manage users")?;
    render(
        &staff,
        &web,
        &UserForm {
            role: Role::Viewer.code().into(),
            ..UserForm::default()
        },
        &[],
    )
    .await
}

/// What is wrong with a new user, field by field.
pub fn user_problems(
    name: &str,
    full_name: &str,
    role: Option<Role>,
    department: Option<&str>,
    password: &str,
) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        errors.push((
            "name",
            "Enter a user name of letters, digits, '.', '-' or '_'".to_owned(),
        ));
    }
    if full_name.trim().is_empty() {
        errors.push(("full_name", "Enter their full name".to_owned()));
    }
    match role {
        None => errors.push(("role", "Choose a role".to_owned())),
        Some(role) if role.needs_department() && department.is_none_or(|d| d.trim().is_empty()) => {
            errors.push((
                "department",
                "Enter the department whose items a department editor updates".to_owned(),
            ));
        }
        Some(_) => {}
    }
    if let Some(problem) = password_problem(password) {
        errors.push(("password", problem.to_owned()));
    }
    errors
}

pub(crate) async fn add(
    staff: Staff,
    State(web): State<Shared>,
    Form(form): Form<UserForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(staff.person.role.manages_users(), "manage users")?;
    let role = Role::from_code(&form.role);
    let department = crate::forms::text(&form.department);
    let name = form.name.trim().to_owned();
    let email = crate::forms::text(&form.email);
    let mut errors = user_problems(
        &name,
        &form.full_name,
        role,
        department.as_deref(),
        &form.password,
    );
    if errors.is_empty() && web.store.user(&name).await?.is_some() {
        errors.push(("name", format!("There is already a user called {name}")));
    }
    if let Some(email) = &email {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            errors.push((
                "email",
                "Enter an email address like name@council.gov.uk, or leave it blank".to_owned(),
            ));
        } else if web.store.user_by_email(email).await?.is_some() {
            errors.push((
                "email",
                format!("Another user already has the email address {email}"),
            ));
        }
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return render(&staff, &web, &form, &errors).await;
    };
    let password = form.password.clone();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(WebError::Internal)?;
    web.store
        .add_user(&User {
            name: name.clone(),
            full_name: form.full_name.trim().to_owned(),
            role,
            department: department.filter(|_| role.needs_department()),
            password_hash,
            created_at: ragbook_io::clock::now(),
            disabled_at: None,
            email,
        })
        .await?;
    flash(
        &staff.session,
        &format!(
            "{name} can now sign in as a {}.",
            role.label().to_lowercase()
        ),
    )
    .await?;
    Ok(Redirect::to("/users").into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AccountForm {
    csrf: String,
    action: String,
    password: String,
}

async fn account_page(
    staff: &Staff,
    user: &User,
    errors: &[(&str, String)],
) -> Result<Response, WebError> {
    let html = page(
        "user.html",
        &user.full_name,
        &[home(), super::crumb("/users", "Users")],
        &staff.frame,
        context! { user => context! { name => Serde(&user.name), full_name => Serde(&user.full_name), role => Serde(&user.role.label()), department => Serde(&user.department), email => Serde(&user.email), disabled => Serde(&user.disabled_at.as_deref().map(when)), created => Serde(&when(&user.created_at)) }, errors => Serde(&errors), error_count => Serde(&errors.len()), section => Serde(&"/users") },
    )?;
    Ok(crate::render::form_page(html, errors.len()))
}

async fn account_of(web: &Shared, name: &str) -> Result<User, WebError> {
    web.store
        .user(name)
        .await?
        .ok_or_else(|| WebError::NotFound(format!("There is no user called {name}.")))
}

/// One account: reset its password, disable, enable or remove it.
pub(crate) async fn account(
    staff: Staff,
    State(web): State<Shared>,
    Path(name): Path<String>,
) -> Result<Response, WebError> {
    staff.require(staff.person.role.manages_users(), "manage users")?;
    let user = account_of(&web, &name).await?;
    account_page(&staff, &user, &[]).await
}

pub(crate) async fn change_account(
    staff: Staff,
    State(web): State<Shared>,
    Path(name): Path<String>,
    Form(form): Form<AccountForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(staff.person.role.manages_users(), "manage users")?;
    let user = account_of(&web, &name).await?;
    let (change, done) = match form.action.as_str() {
        "reset" => {
            if let Some(problem) = password_problem(&form.password) {
                return account_page(&staff, &user, &[("password", problem.to_owned())]).await;
            }
            let password = form.password.clone();
            let hash = tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .map_err(|e| WebError::Internal(e.to_string()))?
                .map_err(WebError::Internal)?;
            (
                AccountChange::ResetPassword(hash),
                format!("The password of {name} was reset. Give it to them privately."),
            )
        }
        "disable" if name == staff.user.name => {
            return Err(WebError::Refused(
                "You cannot disable your own account: ask another administrator.".into(),
            ));
        }
        "disable" => (
            AccountChange::Disable,
            format!("{name} can no longer sign in, and their sessions have ended."),
        ),
        "enable" => (AccountChange::Enable, format!("{name} can sign in again.")),
        "remove" if name == staff.user.name => {
            return Err(WebError::Refused(
                "You cannot remove your own account: ask another administrator.".into(),
            ));
        }
        "remove" => (
            AccountChange::Remove,
            format!("{name} was removed. What they did stays in the history."),
        ),
        other => return Err(WebError::BadRequest(format!("unknown action {other:?}"))),
    };
    web.store
        .change_account(&name, &change, &staff.change())
        .await?;
    flash(&staff.session, &done).await?;
    let to = if matches!(change, AccountChange::Remove) {
        "/users".to_owned()
    } else {
        format!("/users/{}", crate::render::url_component(&name))
    };
    Ok(Redirect::to(&to).into_response())
}

/// Revokes a feed key: it stops working at once.
pub(crate) async fn revoke_key(
    staff: Staff,
    State(web): State<Shared>,
    Path(id): Path<String>,
    Form(form): Form<crate::forms::ActionForm>,
) -> Result<Response, WebError> {
    check_csrf(&staff.session, &form.csrf).await?;
    staff.require(staff.person.role.manages_users(), "revoke feed keys")?;
    let token = web.store.revoke_api_token(&id, &staff.change()).await?;
    flash(
        &staff.session,
        &format!(
            "The key \"{}\" for {} was revoked: it no longer works.",
            token.label, token.department
        ),
    )
    .await?;
    Ok(Redirect::to("/users#keys").into_response())
}
