//! Accounts, feed keys and sessions: what administrators change is recorded with who did it;
//! the last administrator cannot be locked out; sessions expire.

use ragbook_core::access::Role;
use ragbook_store::{AccountChange, ApiToken, Store, StoreError, StoredSession, User};

use crate::{change, on_both};

fn person(name: &str, role: Role) -> User {
    User {
        name: name.into(),
        full_name: name.to_uppercase(),
        role,
        department: None,
        password_hash: "$argon2id$stand-in".into(),
        created_at: "2026-10-01T09:00:00Z".into(),
        disabled_at: None,
        email: None,
    }
}

async fn administrators_change_accounts_and_history_says_who(store: &Store) {
    store
        .add_user(&person("admin", Role::Administrator))
        .await
        .unwrap();
    store
        .add_user(&person("ann", Role::Performance))
        .await
        .unwrap();
    let by = change("admin", "2026-11-02T10:00:00Z", None);

    store
        .change_account(
            "ann",
            &AccountChange::ResetPassword("$argon2id$new".into()),
            &by,
        )
        .await
        .unwrap();
    assert_eq!(
        store.user("ann").await.unwrap().unwrap().password_hash,
        "$argon2id$new"
    );

    store
        .change_account("ann", &AccountChange::Disable, &by)
        .await
        .unwrap();
    assert_eq!(
        store
            .user("ann")
            .await
            .unwrap()
            .unwrap()
            .disabled_at
            .as_deref(),
        Some("2026-11-02T10:00:00Z")
    );
    store
        .change_account("ann", &AccountChange::Enable, &by)
        .await
        .unwrap();
    assert_eq!(store.user("ann").await.unwrap().unwrap().disabled_at, None);
    store
        .change_account("ann", &AccountChange::Remove, &by)
        .await
        .unwrap();
    assert_eq!(store.user("ann").await.unwrap(), None);
    assert!(matches!(
        store
            .change_account("ann", &AccountChange::Enable, &by)
            .await,
        Err(StoreError::Refused(_))
    ));

    let said: Vec<(String, String, Option<String>)> = store
        .changes()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == "account")
        .map(|c| (c.by, c.at, c.reason))
        .collect();
    let reasons: Vec<&str> = said.iter().filter_map(|(_, _, r)| r.as_deref()).collect();
    assert_eq!(
        reasons,
        [
            "reset the password of ann",
            "disabled ann",
            "enabled ann",
            "removed ann"
        ]
    );
    assert!(
        said.iter()
            .all(|(who, at, _)| who == "admin" && at == "2026-11-02T10:00:00Z")
    );
}
on_both!(administrators_change_accounts_and_history_says_who);

async fn the_last_administrator_cannot_be_disabled_or_removed(store: &Store) {
    store
        .add_user(&person("admin", Role::Administrator))
        .await
        .unwrap();
    let by = change("admin", "2026-11-02T10:00:00Z", None);
    for change in [AccountChange::Disable, AccountChange::Remove] {
        let refused = store.change_account("admin", &change, &by).await;
        assert!(
            matches!(&refused, Err(StoreError::Refused(m)) if m.contains("only administrator")),
            "{refused:?}"
        );
    }
    store
        .add_user(&person("second", Role::Administrator))
        .await
        .unwrap();
    store
        .change_account("admin", &AccountChange::Disable, &by)
        .await
        .unwrap();
    assert!(
        store
            .change_account("second", &AccountChange::Remove, &by)
            .await
            .is_err()
    );
}
on_both!(the_last_administrator_cannot_be_disabled_or_removed);

async fn users_are_found_by_email_whatever_its_case(store: &Store) {
    let mut ann = person("ann", Role::Performance);
    ann.email = Some("Ann.Jones@Northshire.gov.uk".into());
    store.add_user(&ann).await.unwrap();
    store.add_user(&person("bo", Role::Viewer)).await.unwrap();
    let found = store
        .user_by_email(" ann.jones@northshire.gov.uk")
        .await
        .unwrap();
    assert_eq!(found.map(|u| u.name).as_deref(), Some("ann"));
    assert_eq!(
        store.user_by_email("bo@northshire.gov.uk").await.unwrap(),
        None
    );
    let mut twin = person("ann2", Role::Viewer);
    twin.email = Some("ann.jones@northshire.gov.uk".into());
    assert!(matches!(
        store.add_user(&twin).await,
        Err(StoreError::Refused(_))
    ));
}
on_both!(users_are_found_by_email_whatever_its_case);

async fn feed_keys_are_listed_with_their_last_use_and_revoked(store: &Store) {
    let token = ApiToken {
        label: "Case system".into(),
        department: "Adult Care".into(),
    };
    let hash = "ab12cd34ef56".repeat(5) + "abcd";
    store
        .add_api_token(&hash, &token, "admin", "2026-10-01T09:00:00Z")
        .await
        .unwrap();
    let listed = store.api_tokens().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, "ab12cd34ef56");
    assert_eq!(listed[0].last_used_at, None);

    let touch = |at: &'static str, unless_since: &'static str| {
        let hash = hash.clone();
        async move {
            store
                .touch_api_token(&hash, at, unless_since)
                .await
                .unwrap()
        }
    };
    let last_used = || async { store.api_tokens().await.unwrap()[0].last_used_at.clone() };
    touch("2026-10-05T12:00:00Z", "2026-10-05T11:59:00Z").await;
    assert_eq!(last_used().await.as_deref(), Some("2026-10-05T12:00:00Z"));
    // Used again within the minute: not written again.
    touch("2026-10-05T12:00:30Z", "2026-10-05T11:59:30Z").await;
    assert_eq!(last_used().await.as_deref(), Some("2026-10-05T12:00:00Z"));
    touch("2026-10-05T12:01:30Z", "2026-10-05T12:00:30Z").await;
    assert_eq!(last_used().await.as_deref(), Some("2026-10-05T12:01:30Z"));

    let by = change("admin", "2026-11-02T10:00:00Z", None);
    assert!(store.revoke_api_token("zzzzzz", &by).await.is_err());
    assert_eq!(store.revoke_api_token("AB12CD", &by).await.unwrap(), token);
    assert_eq!(store.api_token(&hash).await.unwrap(), None);
    assert!(store.api_tokens().await.unwrap().is_empty());
    let last = store.changes().await.unwrap().pop().unwrap();
    assert_eq!(last.kind, "account");
    assert_eq!(
        last.reason.as_deref(),
        Some("revoked the feed key ab12cd34ef56 (Case system, Adult Care)")
    );
}
on_both!(feed_keys_are_listed_with_their_last_use_and_revoked);

async fn sessions_are_kept_until_they_expire(store: &Store) {
    let kept = StoredSession {
        data: r#"{"user":"ann"}"#.into(),
        expires: 1_000,
    };
    store.save_session("h1", &kept).await.unwrap();
    store
        .save_session(
            "h2",
            &StoredSession {
                data: "{}".into(),
                expires: 2_000,
            },
        )
        .await
        .unwrap();
    assert_eq!(store.session("h1", 999).await.unwrap(), Some(kept));
    assert_eq!(
        store.session("h1", 1_000).await.unwrap(),
        None,
        "expired at its time"
    );
    let replaced = StoredSession {
        data: "{}".into(),
        expires: 5_000,
    };
    store.save_session("h1", &replaced).await.unwrap();
    assert_eq!(store.session("h1", 1_500).await.unwrap(), Some(replaced));
    assert_eq!(store.delete_expired_sessions(2_000).await.unwrap(), 1);
    assert_eq!(store.session_count().await.unwrap(), 1);
    store.delete_session("h1").await.unwrap();
    assert_eq!(store.session_count().await.unwrap(), 0);
}
on_both!(sessions_are_kept_until_they_expire);
