//! A city plan in the web app: project and risk pages with their history, the priority's
//! projects and risks, owners' project and risk updates in the quarterly cycle (checked by the
//! import's rules), the plan API, and publishing the city report.

use axum::Router;
use axum::http::StatusCode;
use ragbook_store::Store;

use crate::{Browser, app_of, approve_all_but, on_both, open_quarter, signed_in};

async fn save(browser: &mut Browser, id: &str, fields: &[(&str, &str)]) -> crate::Page {
    let form = browser.get(&format!("/updates/{id}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let version = form.version().to_string();
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    browser.post(&format!("/updates/{id}"), &all).await
}

async fn a_city_plan_in_the_web_app(store: &Store) {
    let app = app_of("demo/city", store, &ragbook_web::Options::default()).await;
    pages(&app).await;
    project_update(&app, store).await;
    risk_assessment(&app).await;
    api_and_publishing(&app, store).await;
}

/// The project and risk pages, the priority's projects and risks, and the owner's list.
async fn pages(app: &Router) {
    let mut place = signed_in(app, "place").await;

    let project = place.get("/projects/PP01").await;
    assert_eq!(project.status, StatusCode::OK);
    // Pages escape '/' as &#x2f;.
    for words in [
        "Riverside Market",
        "Amber &#x2f; Red",
        "Outside tolerance",
        "Quarter 1 2026-27",
        "DCA &#x27;amber &#x2f; red&#x27;",
    ] {
        assert!(project.body.contains(words), "{words}: {}", project.body);
    }
    let risk = place.get("/risks/SR21").await;
    assert_eq!(risk.status, StatusCode::OK);
    assert!(risk.body.contains("Risk score of 8"));
    assert!(
        risk.body
            .contains("Reduced from 12 at the end of June 2026 to 8")
    );
    assert!(
        risk.body
            .contains("8 (Likelihood 2 (Possible), impact 4 (Very high))")
    );
    let priority = place.get("/priorities/TC1").await;
    assert!(priority.body.contains("href=\"/projects/PP01\""));
    assert!(priority.body.contains("href=\"/risks/SR21\""));
    let mine = place.get("/my-updates").await;
    assert!(
        mine.body.contains("PP02") && mine.body.contains("SR22"),
        "{}",
        mine.body
    );

    // Someone else's project is not theirs to update.
    assert_eq!(
        place.get("/updates/PP10").await.status,
        StatusCode::FORBIDDEN
    );
}

/// A project's update, checked as an import checks it.
async fn project_update(app: &Router, store: &Store) {
    let mut place = signed_in(app, "place").await;
    // A RAG set by hand without its reason is refused, as the import refuses it.
    let page = save(
        &mut place,
        "PP02",
        &[
            ("stage", "active"),
            ("time", "within"),
            ("cost", "within"),
            ("scope", "within"),
            ("benefits", "within"),
            ("rag_override", "red"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("A RAG set by hand (Red) needs the reason for it"),
        "{}",
        page.body
    );
    // Criteria, a DCA and commentary, submitted.
    let page = save(
        &mut place,
        "PP02",
        &[
            ("stage", "active"),
            ("time", "outside"),
            ("cost", "within"),
            ("scope", "within"),
            ("benefits", "within"),
            ("dca", "amber_green"),
            ("commentary", "The contractor is two weeks behind."),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let held = store.load().await.unwrap();
    let update = held
        .dataset
        .project_updates
        .iter()
        .find(|u| u.project.as_str() == "PP02" && u.quarter == open_quarter())
        .unwrap();
    assert_eq!(update.position().unwrap().label(), "Amber / Green");
    let project = place.get("/projects/PP02").await;
    assert!(project.body.contains("Amber &#x2f; Green") && project.body.contains("Submitted"));
}

/// A risk's assessment: levels on the matrix, the score and movement worked out.
async fn risk_assessment(app: &Router) {
    let mut place = signed_in(app, "place").await;

    // A level off the matrix is refused; a good assessment is kept with its score.
    let page = save(
        &mut place,
        "SR22",
        &[
            ("likelihood", "5"),
            ("impact", "2"),
            ("controls", "Insurance."),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("Likelihood 5 is off the 4x4 matrix"),
        "{}",
        page.body
    );
    let page = save(
        &mut place,
        "SR22",
        &[
            ("likelihood", "2"),
            ("impact", "2"),
            ("controls", "Insurance."),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let risk = place.get("/risks/SR22").await;
    assert!(risk.body.contains("Risk score of 4"), "{}", risk.body);
    assert!(
        risk.body
            .contains("Reduced from 6 at the end of June 2026 to 4")
    );
    let history = place.get("/items/SR22/history").await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history
            .body
            .contains("Risk assessment submitted for review"),
        "{}",
        history.body
    );
}

/// The plan API, the OpenAPI document, and publishing: the archive serves the city report.
async fn api_and_publishing(app: &Router, store: &Store) {
    // The plan API carries the projects and risks, and this quarter's updates.
    let mut perf = signed_in(app, "perf").await;
    let plan = perf.get("/api/v1/plan").await;
    let json: serde_json::Value = serde_json::from_str(&plan.body).unwrap();
    assert_eq!(json["projects"].as_array().unwrap().len(), 20);
    assert_eq!(json["risks"].as_array().unwrap().len(), 18);
    assert_eq!(json["project_updates"].as_array().unwrap().len(), 20);
    let openapi = perf.get("/api/openapi.json").await;
    assert!(
        openapi.body.contains("rag_override") && openapi.body.contains("opportunity_likelihood")
    );

    // Published, the archive serves the city report, and the API its view-model.
    approve_all_but(store, app, "").await;
    for id in ["PP02", "SR22"] {
        // The review page gives the form's token.
        perf.get("/review").await;
        let version = store
            .update_state(id, open_quarter())
            .await
            .unwrap()
            .version
            .to_string();
        let decided = perf
            .post(
                &format!("/review/{id}"),
                &[("version", version.as_str()), ("action", "approve")],
            )
            .await;
        assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    }
    perf.get("/review").await;
    let published = perf.post("/cycle/publish", &[]).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let mut public = Browser::new(app);
    let report = public.get("/published/2026-27-Q2/report.html").await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report.body.contains("Key highlights") && report.body.contains("Strategic risks: threats")
    );
    let json = public.get("/api/v1/published/2026-27-Q2").await;
    assert!(json.body.contains("\"heat_maps\""), "{}", json.body);
}
on_both!(a_city_plan_in_the_web_app);
