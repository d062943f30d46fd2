//! `ragbook user` and `ragbook token`: who can sign in, and keys for machine feeds.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, bail};
use ragbook_core::access::Role;
use ragbook_store::{AccountChange, ApiToken, ChangeInfo, User};
use ragbook_web::auth::{hash_password, password_problem, random_token, token_hash};

use crate::cli::{Account, DatabaseArgs, WhoArgs};
use crate::session;

/// A user's new password: RAGBOOK_PASSWORD, else a line of standard input.
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
    email: Option<String>,
    database: &DatabaseArgs,
) -> anyhow::Result<ExitCode> {
    let email = email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    if email.as_ref().is_some_and(|e| !e.contains('@')) {
        bail!("--email should be an email address like name@council.gov.uk");
    }
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
        disabled_at: None,
        email,
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
            "{:<20} {:<18} {:<28} {:<20} {}",
            user.name,
            user.role.label(),
            user.full_name,
            user.department.unwrap_or_default(),
            user.disabled_at
                .map_or(String::new(), |at| format!("disabled {at}"))
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

fn change_info(who: &WhoArgs) -> ChangeInfo {
    ChangeInfo {
        by: session::user(who),
        at: session::now(),
        reason: None,
        source: Some("command line".into()),
    }
}

/// `ragbook user reset-password | disable | enable | remove NAME`.
pub fn change(
    name: &str,
    account: Account,
    database: &DatabaseArgs,
    who: &WhoArgs,
) -> anyhow::Result<ExitCode> {
    let change = match account {
        Account::ResetPassword => {
            let password = password(name)?;
            if let Some(problem) = password_problem(&password) {
                bail!("{problem}");
            }
            AccountChange::ResetPassword(hash_password(&password).map_err(anyhow::Error::msg)?)
        }
        Account::Disable => AccountChange::Disable,
        Account::Enable => AccountChange::Enable,
        Account::Remove => AccountChange::Remove,
    };
    session::block_on(async {
        let store = session::open(database).await?;
        store
            .change_account(name, &change, &change_info(who))
            .await?;
        store.close().await;
        Ok(())
    })?;
    println!(
        "{}",
        match account {
            Account::ResetPassword => format!("The password of {name} was reset."),
            Account::Disable => {
                format!("{name} can no longer sign in, and their sessions have ended.")
            }
            Account::Enable => format!("{name} can sign in again."),
            Account::Remove => format!("{name} was removed; what they did stays in the history."),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `ragbook token list`.
pub fn list_tokens(database: &DatabaseArgs) -> anyhow::Result<ExitCode> {
    let keys = session::block_on(async {
        let store = session::open(database).await?;
        let keys = store.api_tokens().await?;
        store.close().await;
        Ok(keys)
    })?;
    if keys.is_empty() {
        println!("No feed keys: make one with `ragbook token add --department D --label L`.");
    }
    for key in keys {
        println!(
            "{:<13} {:<28} {:<20} made {} by {}; last used {}",
            key.id,
            key.token.label,
            key.token.department,
            key.created_at,
            key.created_by,
            key.last_used_at.as_deref().unwrap_or("never")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `ragbook token revoke ID`.
pub fn revoke_token(id: &str, database: &DatabaseArgs, who: &WhoArgs) -> anyhow::Result<ExitCode> {
    let token = session::block_on(async {
        let store = session::open(database).await?;
        let token = store.revoke_api_token(id, &change_info(who)).await?;
        store.close().await;
        Ok(token)
    })?;
    println!(
        "The key {:?} for {} was revoked: it no longer works.",
        token.label, token.department
    );
    Ok(ExitCode::SUCCESS)
}
