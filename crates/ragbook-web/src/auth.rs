//! Who is asking: passwords (argon2id), sessions, form tokens against cross-site request
//! forgery, and a limit on failed sign-ins.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ragbook_core::access::{Person, Role};
use ragbook_store::User;
use tower_sessions::Session;

use crate::error::WebError;
use crate::freshness::Readings;
use crate::render::Frame;
use crate::{Shared, Web};

const USER_KEY: &str = "user";
const CSRF_KEY: &str = "csrf";
const NOTICE_KEY: &str = "notice";
const RENEWED_KEY: &str = "renewed";

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

/// Failed sign-ins, counted three ways, each with a back-off that doubles with every further
/// failure: by address and name together (someone guessing one account's password), by address
/// alone (someone trying many names), and by name alone (many addresses against one account).
/// Nothing is ever locked for good, and the back-off by name alone stays short, so that nobody
/// can keep a colleague out by failing to sign in as them. Failures are forgotten after
/// [`Throttle::FORGET`] without one.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    failures: Mutex<HashMap<ThrottleKey, Failures>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ThrottleKey {
    Pair(Option<IpAddr>, String),
    Address(IpAddr),
    Name(String),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// How many failures are free, the first wait after them, and the longest wait.
struct BackOff {
    free: u32,
    first: Duration,
    longest: Duration,
}

impl ThrottleKey {
    fn back_off(&self) -> BackOff {
        match self {
            ThrottleKey::Pair(..) => BackOff {
                free: 5,
                first: Duration::from_secs(30),
                longest: Duration::from_secs(15 * 60),
            },
            ThrottleKey::Address(_) => BackOff {
                free: 30,
                first: Duration::from_secs(30),
                longest: Duration::from_secs(15 * 60),
            },
            ThrottleKey::Name(_) => BackOff {
                free: 20,
                first: Duration::from_secs(5),
                longest: Duration::from_secs(60),
            },
        }
    }
}

impl Throttle {
    /// Failures older than this are forgotten.
    pub(crate) const FORGET: Duration = Duration::from_secs(60 * 60);

    fn keys(address: Option<IpAddr>, name: &str) -> Vec<ThrottleKey> {
        let name = name.trim().to_lowercase();
        let mut keys = vec![
            ThrottleKey::Pair(address, name.clone()),
            ThrottleKey::Name(name),
        ];
        keys.extend(address.map(ThrottleKey::Address));
        keys
    }

    /// How long someone at `address` must wait before trying to sign in as `name`; zero if
    /// they may try now.
    pub(crate) fn wait(&self, address: Option<IpAddr>, name: &str, now: Instant) -> Duration {
        let Ok(mut failures) = self.failures.lock() else {
            return Duration::from_secs(60);
        };
        failures.retain(|_, f| now.saturating_duration_since(f.last) < Throttle::FORGET);
        Throttle::keys(address, name)
            .iter()
            .filter_map(|key| {
                let failed = failures.get(key)?;
                let rule = key.back_off();
                let over = failed.count.checked_sub(rule.free)?;
                let wait = rule
                    .first
                    .saturating_mul(2_u32.saturating_pow(over.min(16)))
                    .min(rule.longest);
                Some(wait.saturating_sub(now.saturating_duration_since(failed.last)))
            })
            .max()
            .unwrap_or_default()
    }

    pub(crate) fn failed(&self, address: Option<IpAddr>, name: &str, now: Instant) {
        if let Ok(mut failures) = self.failures.lock() {
            for key in Throttle::keys(address, name) {
                let entry = failures.entry(key).or_insert(Failures {
                    count: 0,
                    last: now,
                });
                entry.count += 1;
                entry.last = now;
            }
        }
    }

    /// A right password clears the failures of this address and name, and of the name.
    pub(crate) fn succeeded(&self, address: Option<IpAddr>, name: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            for key in Throttle::keys(address, name) {
                if !matches!(key, ThrottleKey::Address(_)) {
                    failures.remove(&key);
                }
            }
        }
    }
}

/// The client's address: the connection's, or behind a trusted proxy the last address it
/// added to `X-Forwarded-For`.
pub(crate) fn client_address(parts: &Parts, behind_proxy: bool) -> Option<IpAddr> {
    if behind_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
}

/// Checks a password on the blocking pool, at most `Options::password_checks` at once; beyond
/// that a sign-in waits a second at most and is then told the service is busy.
pub(crate) async fn check_password(
    web: &Web,
    hash: String,
    password: String,
) -> Result<bool, WebError> {
    let busy = || {
        WebError::Busy(
            "Too many people are signing in at once. Wait a few seconds and try again.".into(),
        )
    };
    let permit = tokio::time::timeout(Duration::from_secs(1), web.password_checks.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|e| WebError::Internal(format!("sign-in stopped: {e}")))?;
    drop(permit);
    Ok(matches)
}

/// The sign-in form's token travels in a cookie of its own (double submit), so that showing
/// the form stores nothing on the server: sessions are only for people who have signed in.
pub(crate) const LOGIN_COOKIE: &str = "ragbook_login";

/// A `Set-Cookie` value for the sign-in form's token.
pub(crate) fn login_cookie(token: &str, secure: bool) -> String {
    format!(
        "{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The sign-in form's token from the request's cookies.
pub(crate) fn login_cookie_value(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie_value(headers, LOGIN_COOKIE)
}

/// The value of the cookie called `name`.
pub(crate) fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether two secrets are equal, compared in constant time.
pub(crate) fn same_secret(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0
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
    let matches = expected.is_some_and(|expected| same_secret(&expected, given));
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
    session
        .insert(RENEWED_KEY, ragbook_io::clock::now_unix())
        .await
        .map_err(session_error)?;
    let token = random_token().map_err(WebError::Internal)?;
    session.insert(CSRF_KEY, token).await.map_err(session_error)
}

/// The message kept for this page, if any, removed so it shows once. The session is written
/// back only when there was one, or when it was last renewed more than half an hour ago (which
/// moves its expiry 8 hours on): reading a page must not cost a database write.
async fn take_notice(session: &Session) -> Result<Option<String>, WebError> {
    let now = ragbook_io::clock::now_unix();
    let renewed = session
        .get::<i64>(RENEWED_KEY)
        .await
        .map_err(session_error)?;
    if renewed.is_none_or(|at| now - at > 30 * 60) {
        session
            .insert(RENEWED_KEY, now)
            .await
            .map_err(session_error)?;
    }
    if session
        .get::<String>(NOTICE_KEY)
        .await
        .map_err(session_error)?
        .is_none()
    {
        return Ok(None);
    }
    session
        .remove::<String>(NOTICE_KEY)
        .await
        .map_err(session_error)
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
    /// Where the request came from, for the sign-in throttle.
    pub(crate) address: Option<IpAddr>,
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

/// People's accounts as last read, by name: read again once stale ([`crate::freshness`]), so
/// a changed role, a disabled or removed account takes effect at once when changed through
/// this server and within a second when changed elsewhere.
pub(crate) type People = Readings<String, Option<User>>;

/// The person signed in to `session`, as last read.
async fn person_of(web: &Web, session: &Session) -> Result<Option<(User, Person)>, WebError> {
    let name = session
        .get::<String>(USER_KEY)
        .await
        .map_err(session_error)?;
    let user = match name {
        Some(name) => {
            web.people
                .get(&web.freshness, &name, async || web.store.user(&name).await)
                .await?
        }
        None => None,
    };
    Ok(user.filter(|u| u.disabled_at.is_none()).map(|user| {
        let person = Person {
            name: user.name.clone(),
            role: user.role,
            department: user.department.clone(),
        };
        (user, person)
    }))
}

fn frame(signed_in: Option<&(User, Person)>, notice: Option<String>, csrf: String) -> Frame {
    Frame {
        user: signed_in.map(|(u, _)| u.full_name.clone()),
        role: signed_in.map(|(u, _)| u.role.label().to_owned()),
        nav: navigation(signed_in.map(|(u, _)| u.role)),
        notice,
        csrf,
    }
}

/// What the layout shows for whoever is signed in to `session` (for error pages); nobody's if
/// it cannot be read.
pub(crate) async fn frame_of(web: &Web, session: &Session) -> Frame {
    match person_of(web, session).await {
        Ok(Some(signed_in)) => {
            let csrf = csrf_token(session).await.unwrap_or_default();
            frame(Some(&signed_in), None, csrf)
        }
        _ => Frame::default(),
    }
}

async fn visitor(parts: &mut Parts, web: &Web) -> Result<Visitor, WebError> {
    let session = Session::from_request_parts(parts, &())
        .await
        .map_err(|(_, e)| WebError::Internal(format!("session: {e}")))?;
    let signed_in = person_of(web, &session).await?;
    // Anonymous readers get no token, and so no stored session.
    let (notice, csrf) = match &signed_in {
        Some(_) => (take_notice(&session).await?, csrf_token(&session).await?),
        None => (None, String::new()),
    };
    let frame = frame(signed_in.as_ref(), notice, csrf);
    Ok(Visitor {
        session,
        signed_in,
        frame,
        address: client_address(parts, web.options.behind_proxy),
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

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    #[test]
    fn the_throttle_backs_off_one_address_guessing_one_name_and_forgets_on_success() {
        let throttle = Throttle::default();
        let start = Instant::now();
        let attacker = ip("203.0.113.9");
        for _ in 0..5 {
            assert_eq!(throttle.wait(attacker, "Ann", start), Duration::ZERO);
            throttle.failed(attacker, "ann ", start);
        }
        assert_eq!(
            throttle.wait(attacker, "ANN", start),
            Duration::from_secs(30)
        );
        assert_eq!(
            throttle.wait(attacker, "ann", start + Duration::from_secs(30)),
            Duration::ZERO,
            "a back-off, not a lock"
        );
        throttle.failed(attacker, "ann", start + Duration::from_secs(30));
        assert_eq!(
            throttle.wait(attacker, "ann", start + Duration::from_secs(30)),
            Duration::from_secs(60),
            "doubles with each further failure"
        );
        // Ann, at her own desk, is not kept out by someone else's failures.
        assert_eq!(
            throttle.wait(ip("198.51.100.7"), "ann", start),
            Duration::ZERO
        );
        assert_eq!(throttle.wait(attacker, "bob", start), Duration::ZERO);
        throttle.succeeded(attacker, "ann");
        assert_eq!(throttle.wait(attacker, "ann", start), Duration::ZERO);
    }

    #[test]
    fn many_addresses_against_one_name_wait_at_most_a_minute() {
        let throttle = Throttle::default();
        let now = Instant::now();
        for i in 0..200 {
            throttle.failed(ip(&format!("10.0.{}.{}", i / 250, i % 250)), "perf", now);
        }
        let wait = throttle.wait(ip("198.51.100.7"), "perf", now);
        assert_eq!(
            wait,
            Duration::from_secs(60),
            "the name alone: short, never a lock"
        );
        assert_eq!(
            throttle.wait(ip("198.51.100.7"), "perf", now + wait),
            Duration::ZERO
        );
    }

    #[test]
    fn one_address_trying_many_names_is_slowed() {
        let throttle = Throttle::default();
        let now = Instant::now();
        let attacker = ip("203.0.113.9");
        for i in 0..29 {
            throttle.failed(attacker, &format!("user{i}"), now);
        }
        assert_eq!(throttle.wait(attacker, "someone-new", now), Duration::ZERO);
        throttle.failed(attacker, "user29", now);
        assert_eq!(
            throttle.wait(attacker, "someone-new", now),
            Duration::from_secs(30)
        );
        assert_eq!(
            throttle.wait(attacker, "x", now + Throttle::FORGET),
            Duration::ZERO,
            "forgotten after an hour"
        );
    }
}
