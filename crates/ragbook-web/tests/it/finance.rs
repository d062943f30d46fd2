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

/// Finance editors update a portfolio's savings forecast, the cross-portfolio savings and the
/// reserve's commitments in the open quarter, as they do forecasts; department editors cannot.
async fn finance_editors_update_savings_and_commitments(store: &Store) {
    let app = demo_app(store).await;
    let mut editor = signed_in(&app, "adult").await;
    assert_eq!(
        editor.get("/budget/savings/ASC").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.get("/budget/reserve").await.status,
        StatusCode::FORBIDDEN
    );

    let mut finance = signed_in(&app, "finance").await;
    let portfolio = finance.get("/budget/ASC").await;
    assert!(portfolio.body.contains("href=\"/budget/savings/ASC\""));
    let form = finance.get("/budget/savings/ASC").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let negative = finance
        .post(
            "/budget/savings/ASC",
            &[
                ("version", "0"),
                ("identified", "-5"),
                ("forecast_achieved", "1"),
            ],
        )
        .await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(negative.body.contains("savings are positive amounts"));
    let saved = finance
        .post(
            "/budget/savings/ASC",
            &[
                ("version", "0"),
                ("identified", "£7.000m"),
                ("forecast_achieved", "6,600,000"),
                ("commentary", "Two proposals brought forward."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = finance
        .post(
            "/budget/savings/ASC",
            &[
                ("version", "0"),
                ("identified", "1"),
                ("forecast_achieved", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let cross = finance
        .post(
            "/budget/savings/cross-portfolio",
            &[
                ("version", "0"),
                ("identified", "800000"),
                ("forecast_achieved", "500000"),
            ],
        )
        .await;
    assert_eq!(cross.status, StatusCode::SEE_OTHER, "{}", cross.body);

    let reserve = finance.get("/budget/reserve").await;
    assert!(reserve.body.contains("Pay award above the budgeted 3%"));
    let saved = finance
        .post(
            "/budget/reserve",
            &[
                ("version", "0"),
                ("name", "Pay award above the budgeted 3%"),
                ("amount", "£3.500m"),
                ("name", "Winter pressures"),
                ("amount", "750,000"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let held = store.load().await.unwrap();
    let finance_data = &held.dataset.finance;
    let asc = finance_data
        .savings
        .iter()
        .find(|s| {
            s.portfolio.as_ref().is_some_and(|p| p.as_str() == "ASC") && s.quarter == open_quarter()
        })
        .unwrap();
    assert_eq!(asc.figures.forecast_achieved.to_string(), "6600000");
    assert_eq!(
        asc.commentary.as_deref(),
        Some("Two proposals brought forward.")
    );
    let cross = finance_data
        .savings
        .iter()
        .find(|s| s.portfolio.is_none() && s.quarter == open_quarter())
        .unwrap();
    assert_eq!(cross.figures.forecast_achieved.to_string(), "500000");
    let commitments: Vec<(String, String)> = finance_data
        .reserve_commitments
        .iter()
        .filter(|c| c.quarter == open_quarter())
        .map(|c| (c.name.clone(), c.amount.to_string()))
        .collect();
    assert!(commitments.contains(&("Pay award above the budgeted 3%".into(), "3500000".into())));
    assert!(commitments.contains(&("Winter pressures".into(), "750000".into())));
    // Each is a draft update in the cycle, with its history.
    let states = store.update_states(open_quarter()).await.unwrap();
    for key in [
        "savings:ASC",
        "savings:cross-portfolio",
        "reserve:commitments",
    ] {
        assert!(states.contains_key(key), "{key}");
    }
}
on_both!(finance_editors_update_savings_and_commitments);

/// The web budget page, the report to Cabinet and `check` read one budget view: the same data
/// shows the same figures in all three.
async fn the_budget_page_shows_the_reports_figures(store: &Store) {
    let app = demo_app(store).await;
    let held = store.load().await.unwrap();
    let quarter = open_quarter();
    let report = ragbook_report::build(&held.dataset, &held.settings, &held.book, quarter).unwrap();
    let cabinet = ragbook_report::cabinet_report::build_cabinet_report(
        &report,
        &held.dataset,
        &held.settings,
        &held.book,
        quarter,
    )
    .unwrap()
    .unwrap();
    let html = ragbook_report::cabinet_html(&cabinet).unwrap();
    let mut viewer = signed_in(&app, "viewer").await;
    let page = viewer.get("/budget").await;
    let revenue = &cabinet.budget.revenue;
    for row in revenue.portfolios.iter().chain([&revenue.council_total]) {
        for figure in [&row.adjusted, &row.forecast, &row.variance] {
            assert!(
                page.body.contains(figure.as_str()),
                "{} {figure}",
                row.label
            );
            assert!(html.contains(figure.as_str()), "{} {figure}", row.label);
        }
    }
    let sentence = &revenue.sentence;
    assert!(page.body.contains(sentence.as_str()) && html.contains(sentence.as_str()));
    let reserve = cabinet.budget.reserve.as_ref().unwrap();
    assert!(page.body.contains(&reserve.forecast_balance));
    // check finds nothing to block in the same data, so it agrees the lines reconcile.
    let findings = ragbook_core::check::check(&held.dataset, &held.settings, &held.book, quarter);
    assert!(!ragbook_core::check::blocks(&findings), "{findings:#?}");
}
on_both!(the_budget_page_shows_the_reports_figures);
