//! The JSON API: machine feeds write figures only for their own department's measures, with
//! their key; the public read only published reports.

use axum::http::StatusCode;
use ragbook_store::Store;
use serde_json::json;

use crate::{Browser, demo_app, items_of, on_both, signed_in};

async fn feeds_write_only_their_own_departments_figures(store: &Store) {
    let app = demo_app(store).await;
    let key = crate::feed_key(store, "Adult Care").await;
    let (_, adult_measure) = items_of(store, "Adult Care").await;
    let (_, place_measure) = items_of(store, "Place").await;
    let body = json!({ "period": "2026-27-Q2", "value": "512" });

    let mut nobody = Browser::new(&app);
    assert_eq!(
        nobody
            .post_json(
                &format!("/api/v1/measures/{adult_measure}/values"),
                body.clone()
            )
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let mut wrong = Browser::feed(&app, &"x".repeat(64));
    assert_eq!(
        wrong
            .post_json(
                &format!("/api/v1/measures/{adult_measure}/values"),
                body.clone()
            )
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let mut feed = Browser::feed(&app, &key);
    let other = feed
        .post_json(
            &format!("/api/v1/measures/{place_measure}/values"),
            body.clone(),
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    let past = feed
        .post_json(
            &format!("/api/v1/measures/{adult_measure}/values"),
            json!({ "period": "2026-27-Q1", "value": "1" }),
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = feed
        .post_json(&format!("/api/v1/measures/{adult_measure}/values"), body)
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let reply: serde_json::Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(reply["version"], 1);

    let held = store.load().await.unwrap();
    let figures: Vec<_> = held
        .dataset
        .measure_values
        .iter()
        .filter(|v| v.period == ragbook_core::period::Period::Quarter(crate::open_quarter()))
        .filter(|v| v.measure.as_str() == place_measure || v.measure.as_str() == adult_measure)
        .map(|v| {
            (
                v.measure.to_string(),
                v.value.figure().map(|d| d.to_string()),
            )
        })
        .collect();
    assert!(
        figures.contains(&(adult_measure.clone(), Some("512".into()))),
        "{figures:?}"
    );
    assert!(
        !figures
            .iter()
            .any(|(m, f)| m == &place_measure && f.as_deref() == Some("512"))
    );
    // The feed's write is in the item's history, under the feed's name.
    let history = store.history(&adult_measure).await.unwrap();
    assert!(
        history
            .iter()
            .any(|r| r.change.by == "api:Case system" && r.record == "measure_values")
    );
    // Once the update is submitted, the feed can no longer change it.
    let step = ragbook_store::Step {
        item: &adult_measure,
        quarter: crate::open_quarter(),
        seen: 1,
        to: ragbook_core::access::UpdateState::Submitted,
        comment: None,
    };
    store
        .step(
            &step,
            &ragbook_core::dataset::Diff::default(),
            "submit",
            &crate::change("adult"),
        )
        .await
        .unwrap();
    let late = feed
        .post_json(
            &format!("/api/v1/measures/{adult_measure}/values"),
            json!({ "period": "2026-27-Q2", "value": "600" }),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
}
on_both!(feeds_write_only_their_own_departments_figures);

async fn staff_read_the_plan_and_everyone_the_published_list(store: &Store) {
    let app = demo_app(store).await;
    let mut viewer = signed_in(&app, "viewer").await;
    let plan = viewer.get("/api/v1/plan").await;
    assert_eq!(plan.status, StatusCode::OK);
    let plan: serde_json::Value = serde_json::from_str(&plan.body).unwrap();
    assert_eq!(plan["quarter"], "2026-27-Q2");
    let held = store.load().await.unwrap();
    assert_eq!(
        plan["measures"].as_array().map(Vec::len),
        Some(held.dataset.measures.len())
    );
    let list = Browser::new(&app).get("/api/v1/published").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body, "[]");
}
on_both!(staff_read_the_plan_and_everyone_the_published_list);

#[tokio::test(flavor = "current_thread")]
async fn the_openapi_document_describes_every_api_route() {
    let fresh = ragbook_store::test_support::Fresh::sqlite().await;
    let app = demo_app(&fresh.store).await;
    let page = Browser::new(&app).get("/api/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/published", "get"),
        ("/api/v1/published/{quarter}", "get"),
        ("/api/v1/plan", "get"),
        ("/api/v1/measures/{id}/values", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not described"
        );
    }
    // Every error any route can give is described, as the one JSON error shape.
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{method} {path}: no 500");
            for (status, response) in responses {
                if !status.starts_with('2') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
    let write = &paths["/api/v1/measures/{id}/values"]["post"];
    for status in ["400", "415", "422"] {
        assert!(write["responses"].get(status).is_some(), "{status}");
    }
    assert_eq!(
        write["security"][0]["department_key"],
        serde_json::json!([])
    );
    assert!(doc["components"]["schemas"]["ValueIn"]["properties"]["value"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["department_key"]["scheme"],
        "bearer"
    );
    fresh.drop_database().await;
}
