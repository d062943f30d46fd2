//! Every boundary: who may read and change what, form tokens, escaping, cookies, and the
//! limit on failed sign-ins.

use axum::http::StatusCode;
use ragbook_store::Store;

use crate::{Browser, PASSWORD, demo_app, items_of, on_both, signed_in};

async fn each_role_reaches_only_what_it_may(store: &Store) {
    let app = demo_app(store).await;
    let (adult_deliverable, adult_measure) = items_of(store, "Adult Care").await;
    let (place_deliverable, place_measure) = items_of(store, "Place").await;

    // A department editor: not another department's items, by page or by form.
    let mut editor = signed_in(&app, "adult").await;
    assert_eq!(
        editor
            .get(&format!("/updates/{adult_deliverable}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        editor
            .get(&format!("/updates/{adult_measure}"))
            .await
            .status,
        StatusCode::OK
    );
    for other in [&place_deliverable, &place_measure] {
        assert_eq!(
            editor.get(&format!("/updates/{other}")).await.status,
            StatusCode::FORBIDDEN
        );
        let post = editor
            .post(
                &format!("/updates/{other}"),
                &[
                    ("version", "0"),
                    ("action", "save"),
                    ("commentary", "Not mine."),
                ],
            )
            .await;
        assert_eq!(post.status, StatusCode::FORBIDDEN);
    }
    // ... nor the performance team's or the administrator's work.
    assert_eq!(
        editor
            .post(
                &format!("/review/{adult_deliverable}"),
                &[("version", "0"), ("action", "approve")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.post("/cycle/publish", &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor
            .post("/cycle/open", &[("quarter", "2026-27-Q3")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(editor.get("/review").await.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get("/users").await.status, StatusCode::FORBIDDEN);

    // A viewer reads everything inside and changes nothing.
    let mut viewer = signed_in(&app, "viewer").await;
    for path in [
        "/budget",
        &format!("/measures/{adult_measure}"),
        &format!("/deliverables/{adult_deliverable}"),
    ] {
        assert_eq!(viewer.get(path).await.status, StatusCode::OK, "{path}");
    }
    // A deliverable's page lists the key measures that evidence it.
    let page = viewer.get("/deliverables/D24").await;
    assert!(
        page.body.contains("Key measures that evidence it")
            && page.body.contains("href=\"/measures/KM18\""),
        "{}",
        page.body
    );
    assert_eq!(
        viewer.get("/my-updates").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        viewer
            .get(&format!("/updates/{adult_deliverable}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let post = viewer
        .post(
            &format!("/updates/{adult_deliverable}"),
            &[("version", "0"), ("action", "save"), ("commentary", "x")],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.post("/users", &[("name", "x")]).await.status,
        StatusCode::FORBIDDEN
    );

    // A finance editor does not write performance updates.
    let mut finance = signed_in(&app, "finance").await;
    assert_eq!(
        finance
            .get(&format!("/updates/{adult_measure}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Nothing was written by any of the refused requests.
    assert!(
        store
            .update_states(crate::open_quarter())
            .await
            .unwrap()
            .is_empty()
    );
    let held = store.load().await.unwrap();
    assert!(
        !held
            .dataset
            .deliverable_updates
            .iter()
            .any(|u| u.commentary.as_deref() == Some("Not mine."))
    );
}
on_both!(each_role_reaches_only_what_it_may);

async fn the_public_see_only_published_reports(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, measure) = items_of(store, "Adult Care").await;
    let mut public = Browser::new(&app);
    // The start page sends them to the published reports; live pages, to sign in.
    let home = public.get("/").await;
    assert_eq!(home.location.as_deref(), Some("/published"));
    for path in [
        "/budget",
        "/review",
        "/my-updates",
        &format!("/measures/{measure}"),
        &format!("/deliverables/{deliverable}"),
        &format!("/items/{measure}/history"),
    ] {
        let page = public.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.location
                .as_deref()
                .is_some_and(|l| l.starts_with("/login?next=")),
            "{path}"
        );
    }
    // The open quarter is not published: not as a page, a download or through the API.
    for path in [
        "/published/2026-27-Q2",
        "/published/2026-27-Q2/report.html",
        "/published/2026-27-Q2/report.pdf",
        "/api/v1/published/2026-27-Q2",
    ] {
        assert_eq!(
            public.get(path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        public.get("/api/v1/plan").await.status,
        StatusCode::UNAUTHORIZED
    );
    let archive = public.get("/published").await;
    assert_eq!(archive.status, StatusCode::OK);
    assert!(archive.body.contains("No report has been published yet"));
    // Nor can they post anything.
    let post = public
        .post(
            &format!("/updates/{deliverable}"),
            &[("version", "0"), ("action", "save")],
        )
        .await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert!(
        store
            .update_states(crate::open_quarter())
            .await
            .unwrap()
            .is_empty()
    );
}
on_both!(the_public_see_only_published_reports);

async fn forms_need_the_sessions_token(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    let mut editor = signed_in(&app, "adult").await;
    editor.get(&format!("/updates/{deliverable}")).await;
    let forged = editor
        .post_raw(
            &format!("/updates/{deliverable}"),
            &[
                ("csrf", "0".repeat(64)),
                ("version", "0".into()),
                ("action", "save".into()),
                ("commentary", "Forged.".into()),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = editor
        .post_raw(
            &format!("/updates/{deliverable}"),
            &[("version", "0".into()), ("action", "save".into())],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(
        store
            .update_states(crate::open_quarter())
            .await
            .unwrap()
            .is_empty()
    );
    // Signing in needs the token too, so no other site can sign someone in.
    let mut stranger = Browser::new(&app);
    let login = stranger
        .post_raw(
            "/login",
            &[("name", "adult".into()), ("password", PASSWORD.into())],
        )
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
}
on_both!(forms_need_the_sessions_token);

async fn what_people_type_is_escaped_everywhere(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    let mut editor = signed_in(&app, "adult").await;
    editor.get(&format!("/updates/{deliverable}")).await;
    let script = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let saved = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", "0"),
                ("action", "save"),
                ("rating", "good"),
                ("commentary", script),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    for path in [
        format!("/deliverables/{deliverable}"),
        format!("/updates/{deliverable}"),
        format!("/items/{deliverable}/history"),
    ] {
        let page = editor.get(&path).await;
        assert!(!page.body.contains("<script>alert"), "{path}");
        assert!(!page.body.contains("<img src=x"), "{path}");
        assert!(page.body.contains("&lt;script&gt;"), "{path}");
    }
}
on_both!(what_people_type_is_escaped_everywhere);

async fn sessions_are_safe_cookies_and_sign_in_is_throttled(store: &Store) {
    let app = demo_app(store).await;
    let mut browser = Browser::new(&app);
    let page = browser.try_sign_in("adult", PASSWORD).await;
    let cookie = page.set_cookie.first().expect("a session cookie");
    for flag in ["HttpOnly", "Secure", "SameSite=Lax"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    // Five wrong passwords, and even the right one is refused for a while.
    let mut attacker = Browser::new(&app);
    for _ in 0..5 {
        let wrong = attacker.try_sign_in("place", "not the password").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(
            wrong
                .body
                .contains("The user name or password is not right")
        );
    }
    let refused = attacker.try_sign_in("place", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.body.contains("Too many failed attempts"));
    // Other people are not locked out by it.
    let mut other = Browser::new(&app);
    assert_eq!(
        other.try_sign_in("viewer", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Unknown names get the same answer as wrong passwords.
    let unknown = Browser::new(&app).try_sign_in("nobody", PASSWORD).await;
    assert!(
        unknown
            .body
            .contains("The user name or password is not right")
    );
}
on_both!(sessions_are_safe_cookies_and_sign_in_is_throttled);

async fn administrators_add_users_who_can_then_sign_in(store: &Store) {
    let app = demo_app(store).await;
    let mut admin = signed_in(&app, "admin").await;
    admin.get("/users").await;
    let short = admin
        .post(
            "/users",
            &[
                ("name", "j.smith"),
                ("full_name", "Jo Smith"),
                ("role", "department_editor"),
                ("department", ""),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 12 characters"));
    assert!(short.body.contains("Enter the department"));
    let added = admin
        .post(
            "/users",
            &[
                ("name", "j.smith"),
                ("full_name", "Jo Smith"),
                ("role", "department_editor"),
                ("department", "Place"),
                ("password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let mut jo = Browser::new(&app);
    assert_eq!(
        jo.try_sign_in("j.smith", "a brand new password")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(jo.get("/my-updates").await.status, StatusCode::OK);
    let user = store.user("j.smith").await.unwrap().unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
}
on_both!(administrators_add_users_who_can_then_sign_in);
