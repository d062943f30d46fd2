//! People who sign in, and keys for machine feeds. Passwords and keys arrive already hashed:
//! this crate never sees a secret.

use ragbook_core::access::Role;
use sqlx::Row;

use crate::{Store, StoreError};

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Name as shown.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Department, for department editors.
    pub department: Option<String>,
    /// The password's argon2id hash (PHC string).
    pub password_hash: String,
    /// When the user was added (ISO 8601 UTC).
    pub created_at: String,
    /// When an administrator disabled the account (ISO 8601 UTC); a disabled account cannot
    /// sign in, and its sessions end.
    pub disabled_at: Option<String>,
    /// Their email address: sign-in through the council's identity provider finds them by it.
    pub email: Option<String>,
}

/// A key for a machine feed: what it may write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// What the key is for, e.g. "Adult Care case system".
    pub label: String,
    /// The department whose measures it may write.
    pub department: String,
}

/// A feed key as an administrator sees it: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenListing {
    /// The first 12 hex digits of the key's hash: enough to tell keys apart and to revoke one.
    pub id: String,
    /// What the key is for and what it may write.
    pub token: ApiToken,
    /// Who made it, and when (ISO 8601 UTC).
    pub created_by: String,
    /// When it was made.
    pub created_at: String,
    /// When it last wrote a figure, if ever.
    pub last_used_at: Option<String>,
}

/// What an administrator does to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    /// A new password (its argon2id hash).
    ResetPassword(String),
    /// The account may no longer sign in; its sessions end.
    Disable,
    /// The account may sign in again.
    Enable,
    /// The account is removed (its history stays).
    Remove,
}

impl AccountChange {
    fn describe(&self, name: &str) -> String {
        match self {
            AccountChange::ResetPassword(_) => format!("reset the password of {name}"),
            AccountChange::Disable => format!("disabled {name}"),
            AccountChange::Enable => format!("enabled {name}"),
            AccountChange::Remove => format!("removed {name}"),
        }
    }
}

fn user(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        name: row.try_get("name")?,
        full_name: row.try_get("full_name")?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?,
        department: row.try_get("department")?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        disabled_at: row.try_get("disabled_at")?,
        email: row.try_get("email")?,
    })
}

const USER_COLUMNS: &str =
    "name, full_name, role, department, password_hash, created_at, disabled_at, email";

impl Store {
    /// Adds a user; refuses a name already taken.
    pub async fn add_user(&self, new: &User) -> Result<(), StoreError> {
        if self.user(&new.name).await?.is_some() {
            return Err(StoreError::Refused(format!(
                "there is already a user called {:?}",
                new.name
            )));
        }
        if let Some(email) = &new.email
            && self.user_by_email(email).await?.is_some()
        {
            return Err(StoreError::Refused(format!(
                "another user already has the email address {email}"
            )));
        }
        sqlx::query("INSERT INTO users (name, full_name, role, department, password_hash, created_at, email) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(new.name.clone())
            .bind(new.full_name.clone())
            .bind(new.role.code())
            .bind(new.department.clone())
            .bind(new.password_hash.clone())
            .bind(new.created_at.clone())
            .bind(new.email.clone())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The user called `name`, if there is one.
    pub async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(name.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// The user whose email address is `email` (compared without regard to case).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE LOWER(email) = LOWER($1)");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.trim().to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user).collect()
    }

    /// Keeps a machine feed's key (its hash) for `department`.
    pub async fn add_api_token(
        &self,
        token_hash: &str,
        token: &ApiToken,
        by: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (token_hash, label, department, created_by, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash.to_owned())
            .bind(token.label.clone())
            .bind(token.department.clone())
            .bind(by.to_owned())
            .bind(at.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The machine feed whose key hashes to `token_hash`, if any.
    pub async fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT label, department FROM api_tokens WHERE token_hash = $1")
                .bind(token_hash.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(label, department)| ApiToken { label, department }))
    }

    /// Changes an account, recording who did it and when as a change set of kind `account`
    /// (its reason says what was done), in one transaction. Removing or disabling the last
    /// administrator who can sign in is refused: nobody could manage users after it.
    pub async fn change_account(
        &self,
        name: &str,
        change: &AccountChange,
        by: &crate::ChangeInfo,
    ) -> Result<(), StoreError> {
        let Some(user) = self.user(name).await? else {
            return Err(StoreError::Refused(format!(
                "there is no user called {name:?}"
            )));
        };
        if matches!(change, AccountChange::Disable | AccountChange::Remove)
            && user.role == Role::Administrator
            && user.disabled_at.is_none()
        {
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE role = $1 AND disabled_at IS NULL AND name <> $2",
            )
            .bind(Role::Administrator.code())
            .bind(name.to_owned())
            .fetch_one(&self.pool)
            .await?;
            if others == 0 {
                return Err(StoreError::Refused(format!(
                    "{name} is the only administrator who can sign in; add another first"
                )));
            }
        }
        let mut tx = self.pool.begin().await?;
        crate::apply::serialise_writes(&mut tx, self.backend).await?;
        let statement = match change {
            AccountChange::ResetPassword(hash) => {
                sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
                    .bind(hash.clone())
                    .bind(name.to_owned())
            }
            AccountChange::Disable => {
                sqlx::query("UPDATE users SET disabled_at = $1 WHERE name = $2")
                    .bind(by.at.clone())
                    .bind(name.to_owned())
            }
            AccountChange::Enable => {
                sqlx::query("UPDATE users SET disabled_at = NULL WHERE name = $1")
                    .bind(name.to_owned())
            }
            AccountChange::Remove => {
                sqlx::query("DELETE FROM users WHERE name = $1").bind(name.to_owned())
            }
        };
        statement.execute(&mut *tx).await?;
        record_account_change(&mut tx, by, change.describe(name)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every feed key, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<ApiTokenListing>, StoreError> {
        let rows = sqlx::query("SELECT token_hash, label, department, created_by, created_at, last_used_at FROM api_tokens ORDER BY created_at DESC, token_hash")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let hash: String = row.try_get("token_hash")?;
                Ok(ApiTokenListing {
                    id: hash.chars().take(12).collect(),
                    token: ApiToken {
                        label: row.try_get("label")?,
                        department: row.try_get("department")?,
                    },
                    created_by: row.try_get("created_by")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                })
            })
            .collect()
    }

    /// Revokes the feed key whose listing id is `id`: it stops working at once. Recorded as a
    /// change set of kind `account`.
    pub async fn revoke_api_token(
        &self,
        id: &str,
        by: &crate::ChangeInfo,
    ) -> Result<ApiToken, StoreError> {
        let matching: Vec<ApiTokenListing> = self
            .api_tokens()
            .await?
            .into_iter()
            .filter(|listing| id.len() >= 6 && listing.id.starts_with(&id.to_lowercase()))
            .collect();
        let listing = match matching.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(StoreError::Refused(format!(
                    "there is no feed key {id:?} (`ragbook token list` shows them)"
                )));
            }
            _ => {
                return Err(StoreError::Refused(format!(
                    "{id:?} names more than one key: give more of its id"
                )));
            }
        };
        let mut tx = self.pool.begin().await?;
        crate::apply::serialise_writes(&mut tx, self.backend).await?;
        sqlx::query("DELETE FROM api_tokens WHERE token_hash LIKE $1")
            .bind(format!("{}%", listing.id))
            .execute(&mut *tx)
            .await?;
        let reason = format!(
            "revoked the feed key {} ({}, {})",
            listing.id, listing.token.label, listing.token.department
        );
        record_account_change(&mut tx, by, reason).await?;
        tx.commit().await?;
        Ok(listing.token)
    }

    /// Notes that the key hashing to `token_hash` was used at `at`, unless its last use is
    /// already noted as later than `unless_since` (both ISO 8601 UTC). A feed writing many
    /// figures a second then writes its key's row about once a minute, not once a figure:
    /// every write of that row would queue behind the last.
    pub async fn touch_api_token(
        &self,
        token_hash: &str,
        at: &str,
        unless_since: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
            .bind(at.to_owned())
            .bind(token_hash.to_owned())
            .bind(unless_since.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A change set of kind `account`: who changed an account or key, when, and what they did.
async fn record_account_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    by: &crate::ChangeInfo,
    what: String,
) -> Result<(), StoreError> {
    crate::apply::record_change(tx, by, "account", by.source.clone(), Some(what)).await?;
    Ok(())
}
