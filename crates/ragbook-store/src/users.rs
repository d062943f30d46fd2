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
}

/// A key for a machine feed: what it may write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// What the key is for, e.g. "Adult Care case system".
    pub label: String,
    /// The department whose measures it may write.
    pub department: String,
}

fn user(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get(2)?;
    Ok(User {
        name: row.try_get(0)?,
        full_name: row.try_get(1)?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {role:?}")))?,
        department: row.try_get(3)?,
        password_hash: row.try_get(4)?,
        created_at: row.try_get(5)?,
    })
}

const USER_COLUMNS: &str = "name, full_name, role, department, password_hash, created_at";

impl Store {
    /// Adds a user; refuses a name already taken.
    pub async fn add_user(&self, new: &User) -> Result<(), StoreError> {
        if self.user(&new.name).await?.is_some() {
            return Err(StoreError::Refused(format!(
                "there is already a user called {:?}",
                new.name
            )));
        }
        sqlx::query("INSERT INTO users (name, full_name, role, department, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(new.name.clone())
            .bind(new.full_name.clone())
            .bind(new.role.code())
            .bind(new.department.clone())
            .bind(new.password_hash.clone())
            .bind(new.created_at.clone())
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

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user).collect()
    }

    /// Replaces a user's password hash.
    pub async fn set_password(&self, name: &str, password_hash: &str) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(password_hash.to_owned())
            .bind(name.to_owned())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(format!(
                "there is no user called {name:?}"
            )));
        }
        Ok(())
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
}
