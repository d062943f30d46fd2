//! Who is asking: passwords (argon2id), sessions, form tokens against cross-site request
//! forgery, and a limit on failed sign-ins.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ragbook_core::access::{Person, Role};
use ragbook_store::User;
use tower_sessions::Session;

use crate::error::WebError;
use crate::render::Frame;
use crate::{Shared, Web};

const USER_KEY: &str = "user";
const CSRF_KEY: &str = "csrf";
const NOTICE_KEY: &str = "notice";

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes), as a PHC string.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| format!("could not hash the password: {e}"))
}

/// Whether `password` matches `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A new random secret: 32 bytes from the operating system, as hex.
pub fn random_token() -> Result<String, String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness available: {e}"))?;
    Ok(hex::encode(bytes))
}

/// The SHA-256 of an API key, as kept: keys are long and random, so a fast hash suffices.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// The rule for passwords, checked when one is set.
pub fn password_problem(password: &str) -> Option<&'static str> {
    (password.chars().count() < 12).then_some("Passwords must be at least 12 characters long")
}

/// Failed sign-ins per login name: after [`Throttle::LIMIT`] failures within
/// [`Throttle::WINDOW`], that name is refused until the window has passed.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    pub(crate) const LIMIT: u32 = 5;
    pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);

    fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// Whether `name` may try to sign in now.
    pub(crate) fn allows(&self, name: &str) -> bool {
        let Ok(mut failures) = self.failures.lock() else {
            return false;
        };
        match failures.get(&Throttle::key(name)) {
            Some((count, first)) if first.elapsed() < Throttle::WINDOW => *count < Throttle::LIMIT,
            Some(_) => {
                failures.remove(&Throttle::key(name));
                true
            }
            None => true,
        }
    }

    pub(crate) fn failed(&self, name: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            let entry = failures
                .entry(Throttle::key(name))
                .or_insert((0, Instant::now()));
            if entry.1.elapsed() >= Throttle::WINDOW {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    pub(crate) fn succeeded(&self, name: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&Throttle::key(name));
        }
    }
}

fn session_error(e: impl std::fmt::Display) -> WebError {
    WebError::Internal(format!("session: {e}"))
}

/// The session's form token, made on first use.
pub(crate) async fn csrf_token(session: &Session) -> Result<String, WebError> {
    if let Some(token) = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(session_error)?
    {
        return Ok(token);
    }
    let token = random_token().map_err(WebError::Internal)?;
    session
        .insert(CSRF_KEY, token.clone())
        .await
        .map_err(session_error)?;
    Ok(token)
}

/// Refuses a form whose token is not the session's.
pub(crate) async fn check_csrf(session: &Session, given: &str) -> Result<(), WebError> {
    let expected = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(session_error)?;
    let matches = expected.is_some_and(|expected| {
        // Compare in constant time: the token is a secret.
        expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    });
    if matches {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "This form has expired or did not come from ragbook. Go back, reload the page and try again.".into(),
        ))
    }
}

/// Signs `user` in to `session`, with a new session id (so an id planted before sign-in is
/// useless) and a new form token.
pub(crate) async fn sign_in(session: &Session, user: &User) -> Result<(), WebError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(USER_KEY, user.name.clone())
        .await
        .map_err(session_error)?;
    let token = random_token().map_err(WebError::Internal)?;
    session.insert(CSRF_KEY, token).await.map_err(session_error)
}

/// Keeps a message to show on the next page: "The update of D01 was submitted."
pub(crate) async fn flash(session: &Session, message: &str) -> Result<(), WebError> {
    session
        .insert(NOTICE_KEY, message.to_owned())
        .await
        .map_err(session_error)
}

/// Ends the session.
pub(crate) async fn sign_out(session: &Session) -> Result<(), WebError> {
    session.flush().await.map_err(session_error)
}

/// Someone using the app, signed in or not.
pub(crate) struct Visitor {
    pub(crate) session: Session,
    /// The person, when signed in.
    pub(crate) signed_in: Option<(User, Person)>,
    /// What the layout shows.
    pub(crate) frame: Frame,
}

/// A signed-in member of staff; pages that need one refuse everyone else.
pub(crate) struct Staff {
    pub(crate) session: Session,
    pub(crate) user: User,
    pub(crate) person: Person,
    pub(crate) frame: Frame,
}

impl Staff {
    /// A change made by them now, through the web app.
    pub(crate) fn change(&self) -> ragbook_store::ChangeInfo {
        ragbook_store::ChangeInfo {
            by: self.user.name.clone(),
            at: ragbook_io::clock::now(),
            reason: None,
            source: Some("web".into()),
        }
    }

    /// Refuses unless `allowed`, saying what they cannot do.
    pub(crate) fn require(&self, allowed: bool, what: &str) -> Result<(), WebError> {
        if allowed {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!(
                "As a {} you cannot {what}.",
                self.person.role.label().to_lowercase()
            )))
        }
    }
}

fn navigation(role: Option<Role>) -> Vec<(&'static str, &'static str)> {
    let Some(role) = role else {
        return vec![("/published", "Published reports")];
    };
    let mut nav = vec![("/", "Plan"), ("/budget", "Budget")];
    if matches!(role, Role::DepartmentEditor | Role::Performance) {
        nav.push(("/my-updates", "My updates"));
    }
    if role.runs_the_cycle() {
        nav.push(("/review", "Review"));
    }
    nav.push(("/published", "Published reports"));
    if role.manages_users() {
        nav.push(("/users", "Users"));
    }
    nav
}

async fn visitor(parts: &mut Parts, web: &Web) -> Result<Visitor, WebError> {
    let session = Session::from_request_parts(parts, &())
        .await
        .map_err(|(_, e)| WebError::Internal(format!("session: {e}")))?;
    let name = session
        .get::<String>(USER_KEY)
        .await
        .map_err(session_error)?;
    let user = match name {
        // Read the user afresh on every request: a changed role or removed user takes effect
        // at once.
        Some(name) => web.store.user(&name).await?,
        None => None,
    };
    let signed_in = user.map(|user| {
        let person = Person {
            name: user.name.clone(),
            role: user.role,
            department: user.department.clone(),
        };
        (user, person)
    });
    let frame = Frame {
        user: signed_in.as_ref().map(|(u, _)| u.full_name.clone()),
        role: signed_in.as_ref().map(|(u, _)| u.role.label().to_owned()),
        nav: navigation(signed_in.as_ref().map(|(u, _)| u.role)),
        notice: match &signed_in {
            Some(_) => session
                .remove::<String>(NOTICE_KEY)
                .await
                .map_err(session_error)?,
            None => None,
        },
        // Anonymous readers get no token (and so no stored session) until they see a form.
        csrf: if signed_in.is_some() {
            csrf_token(&session).await?
        } else {
            String::new()
        },
    };
    Ok(Visitor {
        session,
        signed_in,
        frame,
    })
}

impl FromRequestParts<Shared> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, web: &Shared) -> Result<Visitor, WebError> {
        visitor(parts, web).await
    }
}

impl FromRequestParts<Shared> for Staff {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, web: &Shared) -> Result<Staff, WebError> {
        let visitor = visitor(parts, web).await?;
        match visitor.signed_in {
            Some((user, person)) => Ok(Staff {
                session: visitor.session,
                user,
                person,
                frame: visitor.frame,
            }),
            None => Err(WebError::SignIn {
                next: parts
                    .uri
                    .path_and_query()
                    .map_or("/".into(), |p| p.as_str().to_owned()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse battery!"));
        assert!(!verify_password("not a hash", "anything"));
    }

    #[test]
    fn the_throttle_refuses_after_five_failures_and_forgets_on_success() {
        let throttle = Throttle::default();
        for _ in 0..Throttle::LIMIT {
            assert!(throttle.allows("Ann"));
            throttle.failed("ann ");
        }
        assert!(!throttle.allows("ANN"));
        assert!(throttle.allows("bob"));
        throttle.succeeded("ann");
        assert!(throttle.allows("ann"));
    }
}
