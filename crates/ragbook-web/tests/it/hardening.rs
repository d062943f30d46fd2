//! What a probe of the web app found, each point a test that failed before its fix: the
//! sign-in redirect, sessions only for people who sign in (kept in the database), a bounded
//! pool for password checks, a throttle that cannot lock a colleague out, administrators'
//! account and key management, security headers, separation of duties, text limits, and one
//! error page (or JSON error) for every status.

use std::net::SocketAddr;

use axum::http::{StatusCode, header};
use ragbook_core::access::UpdateState;
use ragbook_core::dataset::Diff;
use ragbook_store::Store;
use serde_json::json;

use crate::{
    Browser, PASSWORD, change, demo_app, demo_app_with, items_of, on_both, open_quarter, signed_in,
};

fn from(address: &str) -> Option<SocketAddr> {
    Some(format!("{address}:40000").parse().unwrap())
}

async fn sign_in_returns_only_to_this_site(store: &Store) {
    let app = demo_app(store).await;
    for next in [
        "/\t/evil.example/phish",
        "/\r\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
    ] {
        let mut browser = Browser::new(&app);
        browser.get("/login").await;
        let page = browser
            .post(
                "/login",
                &[("name", "perf"), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            page.body
        );
        assert_eq!(page.location.as_deref(), Some("/"), "{next:?}");
    }
    let mut browser = Browser::new(&app);
    browser.get("/login").await;
    let page = browser
        .post(
            "/login",
            &[
                ("name", "perf"),
                ("password", PASSWORD),
                ("next", "/review"),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/review"));
}
on_both!(sign_in_returns_only_to_this_site);

async fn only_people_who_sign_in_have_sessions_and_a_restart_keeps_them(store: &Store) {
    let app = demo_app(store).await;
    for path in [
        "/login",
        "/published",
        "/login?next=/review",
        "/",
        "/nowhere",
    ] {
        for _ in 0..20 {
            Browser::new(&app).get(path).await;
        }
    }
    assert_eq!(
        store.session_count().await.unwrap(),
        0,
        "anonymous visits store nothing"
    );

    let mut perf = signed_in(&app, "perf").await;
    assert_eq!(store.session_count().await.unwrap(), 1);
    // Reading pages does not write the session back (a write per page view would be a disk
    // flush per page view).
    let (_, id) = perf.session_cookie().unwrap();
    let id_hash = ragbook_web::auth::token_hash(&id);
    let kept = store.session(&id_hash, 0).await.unwrap().unwrap();
    for path in ["/", "/review", "/measures/KM01", "/published"] {
        perf.get(path).await;
    }
    assert_eq!(store.session(&id_hash, 0).await.unwrap(), Some(kept));
    // The server restarts: a new app over the same database still knows them.
    let restarted = ragbook_web::app(store.clone(), &ragbook_web::Options::default());
    let mut same = Browser::with_cookie(&restarted, perf.session_cookie().unwrap());
    let review = same.get("/review").await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("perf user"));

    // Signing out ends the session for good: at once on this server, and on the other one
    // once what it read is stale (a second, by default).
    perf.get("/review").await;
    let cookie = perf.session_cookie().unwrap();
    perf.post("/logout", &[]).await;
    assert_eq!(store.session_count().await.unwrap(), 0);
    let mut again = Browser::with_cookie(&app, cookie);
    assert_eq!(again.get("/review").await.status, StatusCode::SEE_OTHER);
    tokio::time::sleep(ragbook_web::Options::default().reread_after).await;
    assert_eq!(same.get("/review").await.status, StatusCode::SEE_OTHER);
}
on_both!(only_people_who_sign_in_have_sessions_and_a_restart_keeps_them);

async fn password_checks_beyond_the_pool_are_answered_busy(store: &Store) {
    let options = ragbook_web::Options {
        password_checks: 0,
        ..ragbook_web::Options::default()
    };
    let app = demo_app_with(store, &options).await;
    let started = std::time::Instant::now();
    let page = Browser::new(&app).try_sign_in("perf", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "quickly"
    );
    assert_eq!(page.headers[header::RETRY_AFTER], "2");
    assert!(
        page.body.contains("Too many people are signing in at once"),
        "{}",
        page.body
    );
}
on_both!(password_checks_beyond_the_pool_are_answered_busy);

async fn failed_sign_ins_slow_the_guesser_not_the_colleague(store: &Store) {
    let app = demo_app(store).await;
    let mut attacker = Browser::new(&app);
    attacker.address = from("203.0.113.9");
    for _ in 0..5 {
        let wrong = attacker.try_sign_in("perf", "not the password").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let refused = attacker.try_sign_in("perf", PASSWORD).await;
    assert!(
        refused
            .body
            .contains("Too many failed attempts to sign in. Wait 30 seconds"),
        "{}",
        refused.body
    );
    // The same words for a name that is nobody's: the message tells nothing.
    for _ in 0..5 {
        attacker.try_sign_in("nobody", "not the password").await;
    }
    let nobody = attacker.try_sign_in("nobody", PASSWORD).await;
    let words = |body: &str| {
        let at = body.find("Too many").unwrap();
        body[at..at + 80].to_owned()
    };
    assert_eq!(words(&nobody.body), words(&refused.body));
    // The performance team, at their own desks, sign in as usual.
    let mut colleague = Browser::new(&app);
    colleague.address = from("198.51.100.7");
    assert_eq!(
        colleague.try_sign_in("perf", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}
on_both!(failed_sign_ins_slow_the_guesser_not_the_colleague);

async fn administrators_reset_disable_enable_and_remove_accounts(store: &Store) {
    let app = demo_app(store).await;
    let mut viewer = signed_in(&app, "viewer").await;
    let mut admin = signed_in(&app, "admin").await;
    let page = admin.get("/users/viewer").await;
    assert_eq!(page.status, StatusCode::OK);

    let new_password = "another long password";
    let reset = admin
        .post(
            "/users/viewer",
            &[("action", "reset"), ("password", new_password)],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    assert_eq!(
        Browser::new(&app)
            .try_sign_in("viewer", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        Browser::new(&app)
            .try_sign_in("viewer", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    admin.get("/users/viewer").await;
    admin.post("/users/viewer", &[("action", "disable")]).await;
    assert_eq!(
        viewer.get("/").await.status,
        StatusCode::SEE_OTHER,
        "their session ends"
    );
    let refused = Browser::new(&app).try_sign_in("viewer", new_password).await;
    assert!(
        refused
            .body
            .contains("The user name or password is not right")
    );
    admin.get("/users/viewer").await;
    admin.post("/users/viewer", &[("action", "enable")]).await;
    assert_eq!(
        Browser::new(&app)
            .try_sign_in("viewer", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    admin.get("/users/viewer").await;
    admin.post("/users/viewer", &[("action", "remove")]).await;
    assert_eq!(store.user("viewer").await.unwrap(), None);
    let page = admin.get("/users/admin").await;
    assert_eq!(page.status, StatusCode::OK);
    let own = admin.post("/users/admin", &[("action", "disable")]).await;
    assert_eq!(own.status, StatusCode::CONFLICT);

    let done: Vec<String> = store
        .changes()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == "account")
        .map(|c| format!("{} {}", c.by, c.reason.unwrap_or_default()))
        .collect();
    assert_eq!(
        done,
        [
            "admin reset the password of viewer",
            "admin disabled viewer",
            "admin enabled viewer",
            "admin removed viewer"
        ]
    );
    // Nobody else may.
    let mut perf = signed_in(&app, "perf").await;
    perf.get("/").await;
    assert_eq!(
        perf.post("/users/perf2", &[("action", "disable")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
on_both!(administrators_reset_disable_enable_and_remove_accounts);

async fn feed_keys_show_their_last_use_and_can_be_revoked(store: &Store) {
    let app = demo_app(store).await;
    let key = crate::feed_key(store, "Adult Care").await;
    let mut admin = signed_in(&app, "admin").await;
    let page = admin.get("/users").await;
    assert!(page.body.contains("Case system") && page.body.contains("Never"));
    let (_, measure) = items_of(store, "Adult Care").await;
    let mut feed = Browser::feed(&app, &key);
    let path = format!("/api/v1/measures/{measure}/values");
    let body = json!({ "period": "2026-27-Q2", "value": "512" });
    assert_eq!(
        feed.post_json(&path, body.clone()).await.status,
        StatusCode::OK
    );
    let listed = store.api_tokens().await.unwrap();
    assert!(listed[0].last_used_at.is_some());
    let page = admin.get("/users").await;
    assert!(!page.body.contains(">Never<"), "last use shown");

    let id = listed[0].id.clone();
    let revoked = admin.post(&format!("/keys/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    assert_eq!(
        feed.post_json(&path, body).await.status,
        StatusCode::UNAUTHORIZED,
        "a revoked key stops working at once"
    );
}
on_both!(feed_keys_show_their_last_use_and_can_be_revoked);

async fn every_response_carries_the_security_headers(store: &Store) {
    let app = demo_app(store).await;
    let mut perf = signed_in(&app, "perf").await;
    for path in [
        "/",
        "/review",
        "/published",
        "/login",
        "/nowhere",
        "/api/v1/published",
    ] {
        let page = perf.get(path).await;
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("script-src"),
            "{path}: {csp}"
        );
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert_eq!(
            page.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
        assert_eq!(
            page.headers[header::REFERRER_POLICY],
            "same-origin",
            "{path}"
        );
        assert!(
            page.headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none(),
            "not over plain HTTP"
        );
    }
    assert_eq!(
        perf.get("/review").await.headers[header::CACHE_CONTROL],
        "no-store"
    );
    assert_eq!(
        perf.get("/assets/style.css").await.headers[header::CACHE_CONTROL],
        "public, max-age=3600"
    );

    // Behind a TLS proxy, HSTS; a client cannot ask for it where there is no proxy.
    let mut direct = Browser::new(&app);
    direct.headers.push(("x-forwarded-proto", "https".into()));
    assert!(
        direct
            .get("/published")
            .await
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let proxied_app = ragbook_web::app(
        store.clone(),
        &ragbook_web::Options {
            behind_proxy: true,
            ..ragbook_web::Options::default()
        },
    );
    let mut proxied = Browser::new(&proxied_app);
    proxied.headers.push(("x-forwarded-proto", "https".into()));
    let page = proxied.get("/published").await;
    assert!(
        page.headers[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}
on_both!(every_response_carries_the_security_headers);

/// Submits `id`'s update as `who` (performance team) and returns its version.
async fn submit_as(browser: &mut Browser, store: &Store, id: &str) -> i64 {
    let form = browser.get(&format!("/updates/{id}")).await;
    let submitted = browser
        .post(
            &format!("/updates/{id}"),
            &[
                ("version", &form.version().to_string()),
                ("action", "submit"),
                ("rating", "good"),
                ("commentary", "On track, as planned."),
            ],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let state = store.update_state(id, open_quarter()).await.unwrap();
    assert_eq!(state.state, UpdateState::Submitted);
    state.version
}

async fn whoever_submitted_an_update_does_not_approve_it(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    let mut perf = signed_in(&app, "perf").await;
    let version = submit_as(&mut perf, store, &deliverable).await;
    perf.get("/review").await;
    let approve = [
        ("version", version.to_string()),
        ("action", "approve".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = approve.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let own = perf.post(&format!("/review/{deliverable}"), &fields).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert!(
        own.body
            .contains("someone else in the performance team must approve it")
    );
    let mut colleague = signed_in(&app, "perf2").await;
    colleague.get("/review").await;
    let approved = colleague
        .post(&format!("/review/{deliverable}"), &fields)
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    // A one-person council turns it off; the history says so.
    let held = store.load().await.unwrap();
    let settings = format!("{}\n[cycle]\nseparate_duties = false\n", held.settings_text);
    store
        .apply(&Diff::default(), Some(&settings), &change("setup"))
        .await
        .unwrap();
    let (measure_deliverable, _) = items_of(store, "Place").await;
    let version = submit_as(&mut perf, store, &measure_deliverable).await;
    perf.get("/review").await;
    let approve = [
        ("version", version.to_string()),
        ("action", "approve".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = approve.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let own = perf
        .post(&format!("/review/{measure_deliverable}"), &fields)
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let last = store.changes().await.unwrap().pop().unwrap();
    assert_eq!(
        last.reason.as_deref(),
        Some("approved by the person who submitted it ([cycle] separate_duties is off)")
    );
}
on_both!(whoever_submitted_an_update_does_not_approve_it);

async fn text_over_its_limit_is_refused_in_forms_and_the_api(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, measure) = items_of(store, "Adult Care").await;
    let mut editor = signed_in(&app, "adult").await;
    let form = editor.get(&format!("/updates/{deliverable}")).await;
    let long = "word ".repeat(1_001);
    let refused = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &form.version().to_string()),
                ("action", "save"),
                ("rating", "good"),
                ("commentary", &long),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Commentary is 5,004 characters long; the limit is 5,000"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("word word"),
        "what they typed comes back"
    );

    let key = crate::feed_key(store, "Adult Care").await;
    let page = Browser::feed(&app, &key)
        .post_json(
            &format!("/api/v1/measures/{measure}/values"),
            json!({ "period": "2026-27-Q2", "value": "512", "note": long }),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("the limit is 5,000")
    );
}
on_both!(text_over_its_limit_is_refused_in_forms_and_the_api);

async fn every_error_is_a_page_or_json_never_an_empty_body(store: &Store) {
    let app = demo_app(store).await;
    let mut anonymous = Browser::new(&app);
    let missing = anonymous.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.content_type.starts_with("text/html"));
    assert!(missing.body.contains("Page not found") && missing.body.contains("Sign in"));

    let mut perf = signed_in(&app, "perf").await;
    let missing = perf.get("/no/such/page").await;
    assert!(missing.body.contains("Page not found"));
    assert!(
        missing.body.contains("perf user"),
        "the header of whoever is signed in"
    );
    assert!(!missing.body.contains(">Sign in<"));
    let wrong_method = perf.post("/published", &[]).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        wrong_method.content_type.starts_with("text/html")
            && wrong_method.body.contains("perf user")
    );

    let key = "k".repeat(64);
    let mut feed = Browser::feed(&app, &key);
    for (path, status) in [
        ("/api/v1/nothing-here", StatusCode::NOT_FOUND),
        ("/api/v1/measures/KM01/values", StatusCode::BAD_REQUEST),
    ] {
        let page = feed
            .send_raw(path, "application/json", "{ this is not json")
            .await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
        assert!(page.content_type.starts_with("application/json"), "{path}");
        let error: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert!(!error["error"].as_str().unwrap().is_empty(), "{path}");
    }
}
on_both!(every_error_is_a_page_or_json_never_an_empty_body);

async fn a_refused_save_keeps_what_was_typed(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    // An editor opens the form; meanwhile the performance team submits the update.
    let mut editor = signed_in(&app, "adult").await;
    let form = editor.get(&format!("/updates/{deliverable}")).await;
    let mut perf = signed_in(&app, "perf").await;
    submit_as(&mut perf, store, &deliverable).await;
    let typed = "Our new paragraph, typed over twenty minutes.";
    let refused = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &form.version().to_string()),
                ("action", "save"),
                ("rating", "good"),
                ("commentary", typed),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains(typed), "{}", refused.body);
    assert!(
        refused.body.contains("It was submitted by perf"),
        "{}",
        refused.body
    );

    // A finance editor's forecast, when someone saved the line first.
    let line = store.load().await.unwrap().dataset.finance.budget_lines[0]
        .id
        .to_string();
    let mut first = signed_in(&app, "finance").await;
    let mut second = signed_in(&app, "perf2").await;
    let opened = second.get(&format!("/budget/lines/{line}")).await;
    let opened_version = opened.version();
    first.get(&format!("/budget/lines/{line}")).await;
    let saved = first
        .post(
            &format!("/budget/lines/{line}"),
            &[
                ("version", &opened_version.to_string()),
                ("forecast", "1,234,567"),
                ("explanation", "First in."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let late = second
        .post(
            &format!("/budget/lines/{line}"),
            &[
                ("version", &opened_version.to_string()),
                ("forecast", "7,654,321"),
                ("explanation", "Mine, typed carefully."),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.body.contains("Mine, typed carefully.") && late.body.contains("7,654,321"),
        "{}",
        late.body
    );
    assert!(
        late.body.contains("The saved forecast is £1,234,567"),
        "{}",
        late.body
    );
}
on_both!(a_refused_save_keeps_what_was_typed);
