//! Finance editors change a budget line's forecast for the open quarter; no one else but the
//! performance team may.

use axum::http::StatusCode;
use ragbook_store::Store;

use crate::{demo_app, on_both, open_quarter, signed_in};

async fn finance_editors_change_forecasts_and_editors_cannot(store: &Store) {
    let app = demo_app(store).await;
    let held = store.load().await.unwrap();
    let line = held
        .dataset
        .finance
        .budget_lines
        .iter()
        .find(|l| l.portfolio.as_ref().is_some_and(|p| p.as_str() == "ASC"))
        .unwrap()
        .id
        .to_string();
    let path = format!("/budget/lines/{line}");

    let mut editor = signed_in(&app, "adult").await;
    assert_eq!(editor.get(&path).await.status, StatusCode::FORBIDDEN);
    let refused = editor
        .post(&path, &[("version", "0"), ("forecast", "1")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut finance = signed_in(&app, "finance").await;
    let portfolio = finance.get("/budget/ASC").await;
    assert!(
        portfolio.body.contains(&format!("href=\"{path}\"")),
        "finance editors get a link to change each line"
    );
    let form = finance.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let bad = finance
        .post(&path, &[("version", "0"), ("forecast", "about a million")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter the forecast in pounds"));
    let saved = finance
        .post(
            &path,
            &[
                ("version", "0"),
                ("forecast", "£16.420m"),
                ("explanation", "Higher demand for care."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let held = store.load().await.unwrap();
    let record = held
        .dataset
        .finance
        .revenue
        .iter()
        .find(|r| r.line.as_str() == line && r.quarter == open_quarter())
        .unwrap();
    assert_eq!(record.figures.forecast.to_string(), "16420000");
    assert_eq!(
        record.explanation.as_deref(),
        Some("Higher demand for care.")
    );
    // A second save from the same (now stale) form is refused, not applied.
    let stale = finance
        .post(&path, &[("version", "0"), ("forecast", "1")])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // The viewer sees the new figure on the budget page but gets no link to change it.
    let mut viewer = signed_in(&app, "viewer").await;
    let page = viewer.get("/budget/ASC").await;
    assert!(page.body.contains("16.420"));
    assert!(!page.body.contains(&format!("href=\"{path}\"")));
}
on_both!(finance_editors_change_forecasts_and_editors_cannot);
