//! The web app over HTTP, request by request, as a browser would use it: real sessions,
//! real form tokens, a real store (SQLite and PostgreSQL alike, by `on_both!`) loaded with the
//! demo council, quarter 2026-27-Q2 open for updates.

// A broken fixture is a failed test, not a crash to handle.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc, missing_docs)]

mod api;
mod browser;
mod cache;
mod city;
mod cycle;
mod finance;
mod hardening;
mod openid;
mod security;
mod thread;
mod years;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use ragbook_core::access::{Role, UpdateState};
use ragbook_core::dataset::Dataset;
use ragbook_core::dataset::Diff;
use ragbook_core::period::FinancialQuarter;
use ragbook_io::package::read_package;
use ragbook_store::{ChangeInfo, Step, Store, User};
use tower::ServiceExt;

pub use ragbook_store::on_both;

/// The password every test user has.
pub const PASSWORD: &str = "a long test password";

/// The quarter open for updates.
pub fn open_quarter() -> FinancialQuarter {
    "2026-27-Q2".parse().unwrap()
}

pub fn change(by: &str) -> ChangeInfo {
    ChangeInfo {
        by: by.into(),
        at: "2026-10-01T09:00:00Z".into(),
        reason: None,
        source: Some("test".into()),
    }
}

/// Loads the demo council, opens 2026-27-Q2 and adds a user of each role. Returns the app.
pub async fn demo_app(store: &Store) -> Router {
    demo_app_with(store, &ragbook_web::Options::default()).await
}

/// [`demo_app`], served with `options`.
pub async fn demo_app_with(store: &Store, options: &ragbook_web::Options) -> Router {
    app_of("demo", store, options).await
}

/// The app on the package at `relative` (from the repository's root), with 2026-27-Q2 open and
/// a user of each role.
pub async fn app_of(relative: &str, store: &Store, options: &ragbook_web::Options) -> Router {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    let package = read_package(&path, None, &Dataset::default(), "").unwrap();
    let mut held = store.load().await.unwrap();
    let diff = held.dataset.merge(package.dataset);
    store
        .apply(&diff, Some(&package.settings), &change("setup"))
        .await
        .unwrap();
    store
        .open_cycle(open_quarter(), &change("setup"))
        .await
        .unwrap();
    let hash = ragbook_web::auth::hash_password(PASSWORD).unwrap();
    let users = [
        ("admin", Role::Administrator, None),
        ("perf", Role::Performance, None),
        ("perf2", Role::Performance, None),
        ("adult", Role::DepartmentEditor, Some("Adult Care")),
        ("place", Role::DepartmentEditor, Some("Place")),
        ("finance", Role::FinanceEditor, None),
        ("viewer", Role::Viewer, None),
    ];
    for (name, role, department) in users {
        store
            .add_user(&User {
                name: name.into(),
                full_name: format!("{name} user"),
                role,
                department: department.map(str::to_owned),
                password_hash: hash.clone(),
                created_at: "2026-10-01T09:00:00Z".into(),
                disabled_at: None,
                email: None,
            })
            .await
            .unwrap();
    }
    ragbook_web::app(store.clone(), options)
}

/// The cookie this browser holds under `name`.
impl Browser {
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Forgets every cookie but the session's, as a browser restarted would not, to replay
    /// it against another server.
    pub fn session_cookie(&self) -> Option<(String, String)> {
        self.cookies
            .iter()
            .find(|(n, _)| n == "ragbook_session")
            .cloned()
    }

    /// A browser that holds `cookie`.
    pub fn with_cookie(app: &Router, cookie: (String, String)) -> Browser {
        let mut browser = Browser::new(app);
        browser.cookies.push(cookie);
        browser
    }
}

/// A feed key for `department`'s measures ("Case system"), as `ragbook token add` makes one.
pub async fn feed_key(store: &Store, department: &str) -> String {
    let key = "k".repeat(64);
    store
        .add_api_token(
            &ragbook_web::auth::token_hash(&key),
            &ragbook_store::ApiToken {
                label: "Case system".into(),
                department: department.into(),
            },
            "admin",
            "2026-10-01T09:00:00Z",
        )
        .await
        .unwrap();
    key
}

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub location: Option<String>,
    pub set_cookie: Vec<String>,
    pub content_type: String,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Page {
    /// The value of the first hidden field `name` on the page.
    fn hidden(&self, name: &str) -> Option<&str> {
        let marker = format!("name=\"{name}\" value=\"");
        let at = self.body.find(&marker)? + marker.len();
        let end = self.body[at..].find('"')? + at;
        Some(&self.body[at..end])
    }

    /// The first form token on the page.
    pub fn csrf(&self) -> Option<String> {
        self.hidden("csrf").map(str::to_owned)
    }

    /// The version the page's update form was opened at.
    pub fn version(&self) -> i64 {
        self.hidden("version").unwrap().parse().unwrap()
    }
}

/// A browser: keeps its cookies, and the form token of the last page it read.
pub struct Browser {
    app: Router,
    cookies: Vec<(String, String)>,
    csrf: String,
    bearer: Option<String>,
    /// Where its requests come from, as the server's listener would say.
    pub address: Option<std::net::SocketAddr>,
    /// Headers sent with every request.
    pub headers: Vec<(&'static str, String)>,
}

impl Browser {
    pub fn new(app: &Router) -> Browser {
        Browser {
            app: app.clone(),
            cookies: Vec::new(),
            csrf: String::new(),
            bearer: None,
            address: None,
            headers: Vec::new(),
        }
    }

    /// A machine feed with an API key.
    pub fn feed(app: &Router, key: &str) -> Browser {
        Browser {
            bearer: Some(key.to_owned()),
            ..Browser::new(app)
        }
    }

    async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Page {
        let mut request = request;
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            request = request.header(header::COOKIE, jar.join("; "));
        }
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if let Some(address) = self.address {
            request = request.extension(axum::extract::ConnectInfo(address));
        }
        if let Some(key) = &self.bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let set_cookie: Vec<String> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for cookie in &set_cookie {
            if let Some((name, value)) = cookie.split(';').next().and_then(|p| p.split_once('=')) {
                self.cookies.retain(|(n, _)| n != name);
                if !cookie.contains("Max-Age=0") {
                    self.cookies.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        let page = Page {
            status,
            headers: headers.clone(),
            location: headers
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_owned()),
            set_cookie,
            content_type: headers
                .get(header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        };
        if let Some(token) = page.csrf() {
            self.csrf = token;
        }
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path), Body::empty()).await
    }

    /// Posts a form with the session's token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", self.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, String)]) -> Page {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// Posts `body` as it is, with `content_type`.
    pub async fn send_raw(&mut self, path: &str, content_type: &str, body: &str) -> Page {
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, content_type),
            Body::from(body.to_owned()),
        )
        .await
    }

    pub async fn post_json(&mut self, path: &str, json: serde_json::Value) -> Page {
        self.send(
            Request::post(path).header(header::CONTENT_TYPE, "application/json"),
            Body::from(json.to_string()),
        )
        .await
    }

    /// Signs in; panics unless it works.
    pub async fn sign_in(&mut self, name: &str) {
        let page = self.try_sign_in(name, PASSWORD).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{name} could not sign in: {}",
            page.body
        );
    }

    pub async fn try_sign_in(&mut self, name: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post(
            "/login",
            &[("name", name), ("password", password), ("next", "/")],
        )
        .await
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A signed-in browser.
pub async fn signed_in(app: &Router, name: &str) -> Browser {
    let mut browser = Browser::new(app);
    browser.sign_in(name).await;
    browser
}

/// The first deliverable and measure of a department reported this quarter.
pub async fn items_of(store: &Store, department: &str) -> (String, String) {
    let held = store.load().await.unwrap();
    let deliverable = held
        .dataset
        .deliverables
        .iter()
        .find(|d| {
            d.department.as_deref() == Some(department)
                && d.expected_completion.is_none_or(|e| e.year() >= 2027)
        })
        .unwrap();
    let measure = held
        .dataset
        .measures
        .iter()
        .find(|m| m.department.as_deref() == Some(department))
        .unwrap();
    (deliverable.id.to_string(), measure.id.to_string())
}

/// Submits and approves every update of the open quarter except `except`'s, straight in the
/// store, as if the performance team had been through them all.
pub async fn approve_all_but(store: &Store, app: &Router, except: &str) {
    let mut perf = signed_in(app, "perf").await;
    let review = perf.get("/review").await;
    let states = store.update_states(open_quarter()).await.unwrap();
    let held = store.load().await.unwrap();
    let ids = held
        .dataset
        .deliverables
        .iter()
        .map(|d| d.id.to_string())
        .chain(held.dataset.measures.iter().map(|m| m.id.to_string()))
        .chain(held.dataset.projects.iter().map(|p| p.id.to_string()))
        .chain(held.dataset.risks.iter().map(|r| r.id.to_string()))
        .filter(|id| {
            id != except && review.body.contains(&format!(" {id}: ")) && !states.contains_key(id)
        });
    for id in ids {
        for (seen, to) in [(0, UpdateState::Submitted), (1, UpdateState::Approved)] {
            let step = Step {
                item: &id,
                quarter: open_quarter(),
                seen,
                to,
                comment: None,
            };
            store
                .step(&step, &Diff::default(), "test", &change("perf"))
                .await
                .unwrap();
        }
    }
}
