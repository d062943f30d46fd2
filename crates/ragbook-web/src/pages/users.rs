//! Administrators manage who can sign in.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Serde;
use ragbook_core::access::Role;
use ragbook_store::User;
use serde::{Deserialize, Serialize};

use super::home;
use crate::Shared;
use crate::auth::{Staff, check_csrf, flash, hash_password, password_problem};
use crate::error::WebError;
use crate::render::page;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct UserForm {
    #[serde(skip_serializing)]
    csrf: String,
    name: String,
    full_name: String,
    role: String,
    department: String,
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
        .map(|u| context! { name => Serde(&u.name), full_name => Serde(&u.full_name), role => Serde(&u.role.label()), department => Serde(&u.department) })
        .collect();
    let roles: Vec<_> = Role::ALL.iter().map(|r| (r.code(), r.label())).collect();
    let html = page(
        "users.html",
        "Users",
        &[home()],
        &staff.frame,
        context! { users => Serde(&users), roles => Serde(&roles), form => Serde(&form), errors => Serde(&errors), error_count => Serde(&errors.len()), section => Serde(&"/users") },
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
