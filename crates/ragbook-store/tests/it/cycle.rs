//! The quarterly cycle in the store: opening a quarter, versioned steps that refuse to
//! overwrite, publishing as one locked snapshot with its report, and users.

use ragbook_core::access::{Role, UpdateState};
use ragbook_core::dataset::{Dataset, Diff};
use ragbook_core::period::FinancialQuarter;
use ragbook_store::{PublishedFile, Reports, Step, Store, StoreError, User};

use crate::{change, demo, on_both};

fn q(text: &str) -> FinancialQuarter {
    text.parse().unwrap()
}

async fn loaded(store: &Store) {
    let package = demo();
    let when = ("setup", "2026-07-01T09:00:00Z");
    crate::import(store, package.dataset, &package.settings, when).await;
}

async fn two_people_cannot_overwrite_each_other(store: &Store) {
    loaded(store).await;
    let quarter = q("2026-27-Q2");
    store
        .open_cycle(quarter, &change("perf", "2026-10-01T09:00:00Z", None))
        .await
        .unwrap();
    assert_eq!(store.open_quarter().await.unwrap(), Some(quarter));
    let held = store.load().await.unwrap();
    let mut update = held
        .dataset
        .deliverable_updates
        .iter()
        .find(|u| u.deliverable.as_str() == "D01")
        .unwrap()
        .clone();
    update.quarter = quarter;
    update.commentary = Some("First editor's words.".into());
    let diff = held.dataset.clone().merge(Dataset {
        deliverable_updates: vec![update.clone()],
        ..Dataset::default()
    });
    let step = Step {
        item: "D01",
        quarter,
        seen: 0,
        to: UpdateState::Draft,
        comment: None,
    };
    let version = store
        .step(
            &step,
            &diff,
            "save",
            &change("ann", "2026-10-02T09:00:00Z", None),
        )
        .await
        .unwrap();
    assert_eq!(version, 1);
    // A second person who also opened version 0 is refused, and nothing of theirs is written.
    let mut theirs = update.clone();
    theirs.commentary = Some("Second editor's words.".into());
    let diff2 = held.dataset.clone().merge(Dataset {
        deliverable_updates: vec![theirs],
        ..Dataset::default()
    });
    let refused = store
        .step(
            &step,
            &diff2,
            "save",
            &change("bob", "2026-10-02T09:01:00Z", None),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    let now = store.load().await.unwrap();
    let held_update = now
        .dataset
        .deliverable_updates
        .iter()
        .find(|u| u.deliverable.as_str() == "D01" && u.quarter == quarter)
        .unwrap();
    assert_eq!(
        held_update.commentary.as_deref(),
        Some("First editor's words.")
    );
    let state = store.update_state("D01", quarter).await.unwrap();
    assert_eq!(
        (state.state, state.version, state.by.as_str()),
        (UpdateState::Draft, 1, "ann")
    );
    // Submitting from the version seen moves it on; the history shows the step.
    let submit = Step {
        seen: 1,
        to: UpdateState::Submitted,
        ..step.clone()
    };
    assert_eq!(
        store
            .step(
                &submit,
                &Diff::default(),
                "submit",
                &change("ann", "2026-10-02T10:00:00Z", None)
            )
            .await
            .unwrap(),
        2
    );
    let history = store.history("D01").await.unwrap();
    let kinds: Vec<_> = history
        .iter()
        .filter(|r| r.record == "update_states")
        .map(|r| (r.change.kind.as_str(), r.new.contains("submitted")))
        .collect();
    assert_eq!(kinds, [("save", false), ("submit", true)]);
}
on_both!(two_people_cannot_overwrite_each_other);

async fn publishing_locks_the_quarter_with_its_report(store: &Store) {
    loaded(store).await;
    let quarter = q("2026-27-Q2");
    store
        .open_cycle(quarter, &change("perf", "2026-10-01T09:00:00Z", None))
        .await
        .unwrap();
    let refused = store
        .open_cycle(
            q("2026-27-Q3"),
            &change("perf", "2026-10-01T09:00:00Z", None),
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    let held = store.load().await.unwrap();
    let seen = store.last_change().await.unwrap();
    let pdf = b"%PDF-1.7 \x00\xff binary".to_vec();
    // Publishing from data that has since changed is refused.
    let stale = store
        .publish(
            quarter,
            &held,
            seen - 1,
            Reports {
                html: "<p>x</p>",
                pdf: &pdf,
                cabinet: None,
            },
            &change("perf", "2026-10-20T09:00:00Z", None),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    assert!(store.publications().await.unwrap().is_empty());
    store
        .publish(
            quarter,
            &held,
            seen,
            Reports {
                html: "<p>report</p>",
                pdf: &pdf,
                cabinet: Some(("<p>cabinet</p>", b"%PDF cabinet")),
            },
            &change("perf", "2026-10-20T09:00:00Z", None),
        )
        .await
        .unwrap();
    assert_eq!(store.published_pdf(quarter).await.unwrap(), Some(pdf));
    // The report to Cabinet is kept beside it.
    assert_eq!(
        store
            .published(quarter, PublishedFile::CabinetPdf)
            .await
            .unwrap(),
        Some(b"%PDF cabinet".to_vec())
    );
    assert_eq!(
        store
            .published(quarter, PublishedFile::CabinetHtml)
            .await
            .unwrap(),
        Some(b"<p>cabinet</p>".to_vec())
    );
    assert!(store.publications().await.unwrap()[0].cabinet);
    assert_eq!(
        store.published_html(quarter).await.unwrap().as_deref(),
        Some("<p>report</p>")
    );
    assert!(store.locked_quarters().await.unwrap().contains(&quarter));
    assert_eq!(store.as_locked(quarter).await.unwrap(), Some(held));
    assert_eq!(store.open_quarter().await.unwrap(), None);
    let cycles = store.cycles().await.unwrap();
    assert!(cycles[0].published);
    assert_eq!(store.published_html(q("2026-27-Q3")).await.unwrap(), None);
}
on_both!(publishing_locks_the_quarter_with_its_report);

async fn users_are_kept_with_their_role(store: &Store) {
    let ann = User {
        name: "ann".into(),
        full_name: "Ann Editor".into(),
        role: Role::DepartmentEditor,
        department: Some("Adult Care".into()),
        password_hash: "$argon2id$stand-in".into(),
        created_at: "2026-10-01T09:00:00Z".into(),
        disabled_at: None,
        email: None,
    };
    store.add_user(&ann).await.unwrap();
    assert!(matches!(
        store.add_user(&ann).await,
        Err(StoreError::Refused(_))
    ));
    assert_eq!(store.user("ann").await.unwrap(), Some(ann.clone()));
    assert_eq!(store.user("nobody").await.unwrap(), None);
}
on_both!(users_are_kept_with_their_role);

async fn concurrent_writes_each_get_their_own_change_set(store: &Store) {
    loaded(store).await;
    let quarter = q("2026-27-Q2");
    store
        .open_cycle(quarter, &change("perf", "2026-10-01T09:00:00Z", None))
        .await
        .unwrap();
    let held = store.load().await.unwrap();
    let writes = held.dataset.measures.iter().take(12).map(|m| {
        let value = ragbook_core::dataset::ValueRecord {
            measure: m.id.clone(),
            period: ragbook_core::period::Period::Quarter(quarter),
            value: ragbook_core::value::MeasureValue::actual(ragbook_core::Decimal::from(7)),
            as_of: None,
            note: None,
        };
        async move {
            store
                .feed_value(
                    &value,
                    quarter,
                    &change("feed", "2026-10-02T09:00:00Z", None),
                )
                .await
        }
    });
    let results = futures_join_all(writes).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let changes = store.changes().await.unwrap();
    let ids: std::collections::BTreeSet<_> = changes.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), changes.len());
    assert_eq!(changes.iter().filter(|c| c.kind == "api").count(), 12);
}
on_both!(concurrent_writes_each_get_their_own_change_set);

/// Runs the futures at once on this task and waits for all (what futures::join_all does).
async fn futures_join_all<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut out: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, future) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => out[i] = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|o| o.unwrap()).collect()
}
