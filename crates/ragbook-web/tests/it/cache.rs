//! Pages rendered once per change of the data: the same bytes as rendering afresh, each
//! person's own header and buttons around the shared content, and the new figure as soon as
//! the data changes.

use axum::http::StatusCode;
use ragbook_store::Store;
use serde_json::json;

use crate::{Browser, demo_app, items_of, on_both, signed_in};

/// The page's main content, without the header that names who is signed in.
fn main_of(body: &str) -> &str {
    let start = body.find("<main").expect("a main element");
    let end = body.find("</main>").expect("the end of main");
    &body[start..end]
}

async fn pages_are_rendered_once_per_change_and_framed_per_person(store: &Store) {
    let app = demo_app(store).await;
    let (_, measure) = items_of(store, "Adult Care").await;
    let measure_page = format!("/measures/{measure}");
    let mut perf = signed_in(&app, "perf").await;
    let mut perf_again = signed_in(&app, "perf2").await;
    let mut adult = signed_in(&app, "adult").await;
    for path in ["/", measure_page.as_str()] {
        let first = perf.get(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let cached = perf.get(path).await;
        assert_eq!(cached.body, first.body, "{path}: kept content, laid afresh");
        let colleague = perf_again.get(path).await;
        assert_eq!(main_of(&colleague.body), main_of(&first.body), "{path}");
        assert!(colleague.body.contains("perf2 user"), "{path}");
        assert!(!colleague.body.contains("perf user"), "{path}");
    }
    // The department's editor may update the measure; a viewer's page, kept apart, has no button.
    let button = format!("href=\"/updates/{measure}\"");
    let mut viewer = signed_in(&app, "viewer").await;
    assert!(!viewer.get(&measure_page).await.body.contains(&button));
    assert!(adult.get(&measure_page).await.body.contains(&button));
    assert!(!viewer.get(&measure_page).await.body.contains(&button));

    let key = crate::feed_key(store, "Adult Care").await;
    let mut feed = Browser::feed(&app, &key);
    let sent = feed
        .post_json(
            &format!("/api/v1/measures/{measure}/values"),
            json!({ "period": "2026-27-Q2", "value": "98765" }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let after = perf.get(&measure_page).await;
    assert!(after.body.contains("98,765"), "{}", main_of(&after.body));
}

on_both!(pages_are_rendered_once_per_change_and_framed_per_person);
