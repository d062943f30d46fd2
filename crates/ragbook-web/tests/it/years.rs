//! The demo's annual refresh in the web app: the quarter's pages and forms show the items in
//! force, and an item outside its life says why it is not shown.

use axum::http::StatusCode;
use ragbook_io::package::read_package;
use ragbook_store::Store;

use crate::{change, demo_app, on_both, signed_in};

async fn after_the_refresh(store: &Store) {
    let app = demo_app(store).await;
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/refresh-2026-27");
    let mut held = store.load().await.unwrap();
    let refresh = read_package(&path, None, &held.dataset, &held.settings_text).unwrap();
    let diff = held.dataset.merge(refresh.dataset);
    store.apply(&diff, None, &change("refresh")).await.unwrap();

    let mut perf = signed_in(&app, "perf").await;
    let ended = perf.get("/measures/KM35").await;
    assert_eq!(ended.status, StatusCode::NOT_FOUND);
    assert!(
        ended
            .body
            .contains("ended after Quarter 4 2025-26: it is not reported in Quarter 2 2026-27"),
        "{}",
        ended.body
    );
    assert_eq!(perf.get("/measures/KM36").await.status, StatusCode::OK);
    assert_eq!(perf.get("/deliverables/D41").await.status, StatusCode::OK);
    assert_eq!(
        perf.get("/deliverables/D39").await.status,
        StatusCode::NOT_FOUND
    );
    // The review queue and the update forms are of the items in force: the new ones, not the
    // ended ones.
    let review = perf.get("/review").await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.body.contains("Warm homes") && !review.body.contains("Agency spend"));
    assert_eq!(perf.get("/updates/KM36").await.status, StatusCode::OK);
    assert_eq!(
        perf.get("/updates/KM35").await.status,
        StatusCode::NOT_FOUND
    );
}
on_both!(after_the_refresh);
