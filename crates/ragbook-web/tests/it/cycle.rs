//! The quarterly cycle end to end over HTTP: an owner saves and submits, a rating of Review
//! needs its issue and response, the performance team returns and then approves, publishing
//! locks the quarter with its report, and the public read it.

use axum::http::{StatusCode, header};
use ragbook_core::access::UpdateState;
use ragbook_store::Store;

use crate::{Browser, approve_all_but, demo_app, items_of, on_both, open_quarter, signed_in};

async fn the_whole_cycle_works_over_http(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    let mut editor = signed_in(&app, "adult").await;

    // The editor's list holds only their department's items.
    let mine = editor.get("/my-updates").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.body.contains(&format!("/updates/{deliverable}")));
    let (place_deliverable, _) = items_of(store, "Place").await;
    assert!(
        !mine
            .body
            .contains(&format!("/updates/{place_deliverable}\""))
    );

    // Save a draft, then submit a Review rating without its issue: refused, with the check's
    // words in the error summary, and nothing submitted.
    let form = editor.get(&format!("/updates/{deliverable}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let version = form.version();
    let saved = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &version.to_string()),
                ("action", "save"),
                ("rating", "good"),
                ("commentary", "Draft words."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let state = store
        .update_state(&deliverable, open_quarter())
        .await
        .unwrap();
    assert_eq!(
        (state.state, state.version),
        (UpdateState::Draft, version + 1)
    );

    let refused = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &(version + 1).to_string()),
                ("action", "submit"),
                ("rating", "review"),
                ("commentary", "Recruitment is behind plan."),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("There is a problem"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Rated Review without the issue"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("href=\"#issue\""));
    assert_eq!(
        store
            .update_state(&deliverable, open_quarter())
            .await
            .unwrap()
            .state,
        UpdateState::Draft
    );

    let submitted = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &(version + 1).to_string()),
                ("action", "submit"),
                ("rating", "review"),
                ("commentary", "Recruitment is behind plan."),
                ("issue", "Two specialist posts are vacant."),
                ("response", "An agency is covering while we recruit."),
            ],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let list = editor.get("/my-updates").await;
    assert!(
        list.body.contains("was submitted for review"),
        "the notice shows once"
    );
    // Submitted: the editor can no longer change it.
    assert_eq!(
        editor.get(&format!("/updates/{deliverable}")).await.status,
        StatusCode::FORBIDDEN
    );

    // The performance team returns it with a comment; the editor sees the comment.
    let mut perf = signed_in(&app, "perf").await;
    let review = perf.get("/review").await;
    assert!(
        review
            .body
            .contains(&format!("action=\"/review/{deliverable}\""))
    );
    let v = store
        .update_state(&deliverable, open_quarter())
        .await
        .unwrap()
        .version;
    let returned = perf
        .post(
            &format!("/review/{deliverable}"),
            &[
                ("version", &v.to_string()),
                ("action", "return"),
                ("comment", "Say when the posts will be filled."),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let form = editor.get(&format!("/updates/{deliverable}")).await;
    assert!(form.body.contains("Say when the posts will be filled."));
    let resubmitted = editor
        .post(
            &format!("/updates/{deliverable}"),
            &[
                ("version", &form.version().to_string()),
                ("action", "submit"),
                ("rating", "review"),
                (
                    "commentary",
                    "Recruitment is behind plan; both posts will be filled by December.",
                ),
                ("issue", "Two specialist posts are vacant."),
                ("response", "An agency is covering while we recruit."),
            ],
        )
        .await;
    assert_eq!(
        resubmitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        resubmitted.body
    );
    let v = store
        .update_state(&deliverable, open_quarter())
        .await
        .unwrap()
        .version;
    let approved = perf
        .post(
            &format!("/review/{deliverable}"),
            &[("version", &v.to_string()), ("action", "approve")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    // Every step is in the item's history, with who did it.
    let history = perf.get(&format!("/items/{deliverable}/history")).await;
    for words in [
        "Update saved as a draft by adult",
        "Update submitted for review by adult",
        "Update returned by perf",
        "Update approved by perf",
        "both posts will be filled by December",
    ] {
        assert!(history.body.contains(words), "history lacks {words:?}");
    }

    // Publishing waits for every update.
    let early = perf.post("/cycle/publish", &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains("not approved yet"));

    // Approve the rest as the team would (directly, to keep the test quick), then publish.
    approve_all_but(store, &app, &deliverable).await;
    let review = perf.get("/review").await;
    assert!(
        review.body.contains("Publish the Quarter 2 2026-27 report"),
        "{}",
        review.body
    );
    let published = perf.post("/cycle/publish", &[]).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert_eq!(published.location.as_deref(), Some("/published/2026-27-Q2"));

    // The quarter is locked and closed: the editor can change nothing now.
    assert!(
        store
            .locked_quarters()
            .await
            .unwrap()
            .contains(&open_quarter())
    );
    assert_eq!(
        editor.get(&format!("/updates/{deliverable}")).await.status,
        StatusCode::CONFLICT
    );

    // The public read the published report, with the editor's words in it.
    let mut public = Browser::new(&app);
    let page = public.get("/published/2026-27-Q2").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = public.get("/published/2026-27-Q2/report.html").await;
    assert!(html.body.contains("both posts will be filled by December"));
    let pdf = public.get("/published/2026-27-Q2/report.pdf").await;
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF"));
    // ... and the report to Cabinet published with it.
    assert!(page.body.contains("/published/2026-27-Q2/cabinet.pdf"));
    let cabinet = public.get("/published/2026-27-Q2/cabinet.html").await;
    assert_eq!(cabinet.status, StatusCode::OK);
    assert!(cabinet.body.contains("Revenue outturn summary"));
    let cabinet_pdf = public.get("/published/2026-27-Q2/cabinet.pdf").await;
    assert!(cabinet_pdf.bytes.starts_with(b"%PDF"));

    // A browser that holds a published file asks whether it changed, and is told it has not;
    // one that takes gzip gets the report gzipped, with a tag of its own.
    for (path, file) in [
        ("/published/2026-27-Q2/report.html", &html),
        ("/published/2026-27-Q2/report.pdf", &pdf),
    ] {
        assert_eq!(file.headers[header::CACHE_CONTROL], "public, no-cache");
        let etag = file.headers[header::ETAG].to_str().unwrap().to_owned();
        let mut holding = Browser::new(&app);
        holding.headers.push(("if-none-match", etag.clone()));
        let again = holding.get(path).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.bytes.is_empty());
    }
    let mut gzip = Browser::new(&app);
    gzip.headers
        .push(("accept-encoding", "gzip, deflate, br".into()));
    let gzipped = gzip.get("/published/2026-27-Q2/report.html").await;
    assert_eq!(gzipped.headers[header::CONTENT_ENCODING], "gzip");
    assert_ne!(gzipped.headers[header::ETAG], html.headers[header::ETAG]);
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&gzipped.bytes[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, html.body);
    assert!(
        gzipped.bytes.len() * 3 < html.bytes.len(),
        "gzip saves most of it"
    );
}
on_both!(the_whole_cycle_works_over_http);

async fn a_measure_update_stores_its_figure_exactly(store: &Store) {
    let app = demo_app(store).await;
    let (_, measure) = items_of(store, "Adult Care").await;
    let mut editor = signed_in(&app, "adult").await;
    let form = editor.get(&format!("/updates/{measure}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let bad = editor
        .post(
            &format!("/updates/{measure}"),
            &[("version", "0"), ("action", "save"), ("value", "about 40")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Enter the figure as a number"));
    let saved = editor
        .post(
            &format!("/updates/{measure}"),
            &[
                ("version", "0"),
                ("action", "save"),
                ("value", "1,234.50"),
                ("commentary", "Up on last quarter."),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let held = store.load().await.unwrap();
    let value = held
        .dataset
        .measure_values
        .iter()
        .find(|v| {
            v.measure.as_str() == measure
                && v.period == ragbook_core::period::Period::Quarter(open_quarter())
        })
        .unwrap();
    assert_eq!(
        value.value.figure().map(|d| d.to_string()).as_deref(),
        Some("1234.50")
    );
}
on_both!(a_measure_update_stores_its_figure_exactly);

async fn two_people_editing_one_update_get_a_conflict_page(store: &Store) {
    let app = demo_app(store).await;
    let (deliverable, _) = items_of(store, "Adult Care").await;
    let mut first = signed_in(&app, "adult").await;
    let mut second = signed_in(&app, "perf").await;
    let path = format!("/updates/{deliverable}");
    let v1 = first.get(&path).await.version();
    let v2 = second.get(&path).await.version();
    let fields = |words: &'static str, v: i64| {
        vec![
            ("version", v.to_string()),
            ("action", "save".to_owned()),
            ("rating", "good".to_owned()),
            ("commentary", words.to_owned()),
        ]
    };
    let ok = first
        .post(
            &path,
            &fields("First person's words.", v1)
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let clash = second
        .post(
            &path,
            &fields("Second person's words.", v2)
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.body);
    assert!(
        clash.body.contains("Second person&#x27;s words.")
            || clash.body.contains("Second person's words.")
    );
    assert!(
        clash.body.contains("First person&#x27;s words.")
            || clash.body.contains("First person's words.")
    );
    let held = store.load().await.unwrap();
    let update = held
        .dataset
        .deliverable_updates
        .iter()
        .find(|u| u.deliverable.as_str() == deliverable && u.quarter == open_quarter())
        .unwrap();
    assert_eq!(update.commentary.as_deref(), Some("First person's words."));
}
on_both!(two_people_editing_one_update_get_a_conflict_page);
