//! The golden thread page: with the demo's service plans, a viewer follows each priority to the
//! departments, their actions, the deliverables they deliver and their measures; the annual
//! updates' changes; a department's action progress given, reviewed and shown.

use axum::http::StatusCode;
use ragbook_io::package::read_package;
use ragbook_store::Store;

use crate::{change, demo_app, on_both, open_quarter, signed_in};

async fn the_golden_thread_can_be_followed(store: &Store) {
    let app = demo_app(store).await;
    let mut viewer = signed_in(&app, "viewer").await;
    assert_eq!(
        viewer.get("/golden-thread").await.status,
        StatusCode::NOT_FOUND,
        "no plans yet"
    );
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    for folder in ["refresh-2026-27", "service-plans"] {
        let mut held = store.load().await.unwrap();
        let package =
            read_package(&root.join(folder), None, &held.dataset, &held.settings_text).unwrap();
        let diff = held.dataset.merge(package.dataset);
        store.apply(&diff, None, &change(folder)).await.unwrap();
    }
    // Imported from outside the server, as `ragbook import` does: seen once what the server
    // read is stale.
    tokio::time::sleep(ragbook_web::Options::default().reread_after).await;
    let overview = viewer.get("/").await;
    assert!(overview.body.contains("href=\"/golden-thread\""));
    let page = viewer.get("/golden-thread").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for words in [
        "Efficient, value for money and resident focused services",
        "Corporate Services",
        "Deliver savings of £0.770m in 2026-27",
        "href=\"/deliverables/D20\"",
        "href=\"/measures/KM07\"",
    ] {
        assert!(page.body.contains(words), "{words}");
    }
    // Deliverables of departments without a plan are named as no department's.
    assert!(
        page.body
            .contains("Council Plan deliverables no department")
    );
    assert!(
        page.body.contains("href=\"/deliverables/D01\""),
        "Communities has no plan"
    );
    // An action the 2026-27 update closed is not followed any more.
    assert!(
        !page
            .body
            .contains("Move payroll to the new HR and payroll system"),
        "{}",
        page.body
    );

    // What the annual updates change, from the same view as the documents' section.
    assert!(overview.body.contains("href=\"/service-plans/changes\""));
    let changes = viewer.get("/service-plans/changes").await;
    assert_eq!(changes.status, StatusCode::OK, "{}", changes.body);
    let corporate = changes
        .body
        .split("Corporate Services: Service Plan 2023-2027, 2026-27 Update")
        .nth(1)
        .expect("Corporate Services' update is listed");
    let section = |label: &str| {
        corporate
            .split(&format!(">{label}<"))
            .nth(1)
            .and_then(|rest| rest.split("</table>").next())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(section("Actions added").contains("Deliver savings of £0.800m in 2026-27"));
    assert!(section("Actions closed").contains("Move payroll to the new HR and payroll system"));
    assert!(
        section("Actions closed").contains("Apr-2024"),
        "the start it was first given"
    );
    let targets = section("Targets reset");
    assert!(
        targets.contains("href=\"/measures/KM07-CS\"")
            && targets.contains("4.0%")
            && targets.contains("3.8%"),
        "{targets}"
    );

    // Place's editor says how an action is going; the performance team approves it; the golden
    // thread shows it.
    let mut place = signed_in(&app, "place").await;
    let mine = place.get("/my-updates").await;
    assert!(
        mine.body
            .contains("Place action 3: Deliver the Climate Change Strategy and its action plan"),
        "{}",
        mine.body
    );
    assert_eq!(
        place.get("/updates/CO-01").await.status,
        StatusCode::FORBIDDEN,
        "another department's action"
    );
    let form = place.get("/updates/PL-03").await;
    assert!(
        form.body.contains("How is the action going?"),
        "{}",
        form.body
    );
    let version = form.version().to_string();
    let commentary = "The action plan's first-year actions are done.";
    let refused = place
        .post(
            "/updates/PL-03",
            &[
                ("version", version.as_str()),
                ("action", "submit"),
                ("commentary", commentary),
            ],
        )
        .await;
    assert!(
        refused.body.contains("Choose how the action is going"),
        "{}",
        refused.body
    );
    let submitted = place
        .post(
            "/updates/PL-03",
            &[
                ("version", version.as_str()),
                ("action", "submit"),
                ("commentary", commentary),
                ("progress", "on_track"),
            ],
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let mut perf = signed_in(&app, "perf").await;
    let review = perf.get("/review").await;
    assert!(review.body.contains("Place action 3"), "{}", review.body);
    let version = store
        .update_state("PL-03", open_quarter())
        .await
        .unwrap()
        .version
        .to_string();
    let approved = perf
        .post(
            "/review/PL-03",
            &[("version", version.as_str()), ("action", "approve")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let page = viewer.get("/golden-thread").await;
    let row = page
        .body
        .split("id=\"p-P4-action-PL-03\"")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_default();
    assert!(row.contains("On track"), "{}", page.body);
    let held = store.load().await.unwrap();
    let update = held
        .dataset
        .action_updates
        .iter()
        .find(|u| u.action.as_str() == "PL-03")
        .unwrap();
    assert_eq!(update.commentary.as_deref(), Some(commentary));
}
on_both!(the_golden_thread_can_be_followed);
