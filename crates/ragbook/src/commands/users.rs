//! `ragbook user` and `ragbook token`: who can sign in, and keys for machine feeds.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use ragbook_core::access::Role;
use ragbook_store::{ApiToken, User};
use ragbook_web::auth::{hash_password, password_problem, random_token, token_hash};

use crate::cli::{DatabaseArgs, WhoArgs};
use crate::session;

/// The new user's password: RAGBOOK_PASSWORD, else a line of standard input.
fn password(name: &str) -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("RAGBOOK_PASSWORD") {
        return Ok(password);
    }
    eprint!("Password for {name} (at least 12 characters), then Enter: ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("could not read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub fn add(
    name: &str,
    role: &str,
    department: Option<String>,
    full_name: Option<String>,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let Some(role) = Role::from_code(role) else {
        let codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        bail!("there is no role {role:?}: use one of {}", codes.join(", "));
    };
    let department = department.filter(|d| !d.trim().is_empty());
    if role.needs_department() && department.is_none() {
        bail!("a department editor needs --department: the department whose items they update");
    }
    if !role.needs_department() && department.is_some() {
        bail!("only department editors have a department; leave out --department");
    }
    let password = password(name)?;
    if let Some(problem) = password_problem(&password) {
        bail!("{problem}");
    }
    let user = User {
        name: name.to_owned(),
        full_name: full_name.unwrap_or_else(|| name.to_owned()),
        role,
        department,
        password_hash: hash_password(&password).map_err(anyhow::Error::msg)?,
        created_at: session::now(),
    };
    session::block_on(async {
        let store = session::open(database).await?;
        store.add_user(&user).await?;
        store.close().await;
        Ok(())
    })?;
    println!(
        "{name} can now sign in as a {}.",
        role.label().to_lowercase()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn list(database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let users = session::block_on(async {
        let store = session::open(database).await?;
        let users = store.users().await?;
        store.close().await;
        Ok(users)
    })?;
    if users.is_empty() {
        println!("No users yet: add one with `ragbook user add NAME --role administrator`.");
    }
    for user in users {
        println!(
            "{:<20} {:<18} {:<28} {}",
            user.name,
            user.role.label(),
            user.full_name,
            user.department.unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn add_token(
    department: &str,
    label: &str,
    database: &DatabaseArgs,
    who: &WhoArgs,
) -> anyhow::Result<ExitCode> {
    let key = random_token().map_err(anyhow::Error::msg)?;
    let token = ApiToken {
        label: label.to_owned(),
        department: department.to_owned(),
    };
    session::block_on(async {
        let store = session::open(database).await?;
        store
            .add_api_token(
                &token_hash(&key),
                &token,
                &session::user(who),
                &session::now(),
            )
            .await?;
        store.close().await;
        Ok(())
    })?;
    println!("{key}");
    eprintln!(
        "This key lets {label:?} send figures for {department}'s measures, as `Authorization: Bearer KEY`. It is shown only now: keep it safe."
    );
    Ok(ExitCode::SUCCESS)
}
