//! `ragbook user` and `ragbook token`: administrators manage accounts and feed keys from the
//! command line, every change recorded with who made it; a database that cannot be opened is
//! reported at once.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{ragbook, text};

fn run(dir: &Path, args: &[&str], stdin: &str) -> (bool, String) {
    let output = ragbook(dir, args, stdin);
    (
        output.status.success(),
        format!("{}{}", text(&output.stdout), text(&output.stderr)),
    )
}

#[test]
fn accounts_and_feed_keys_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = ["-d", "council.sqlite", "--as", "ann.admin"];
    let with =
        |args: &[&'static str]| -> Vec<&'static str> { args.iter().copied().chain(db).collect() };
    let password = "a long enough password\n";
    let (ok, out) = run(
        d,
        &[
            "user",
            "add",
            "ann.admin",
            "--role",
            "administrator",
            "-d",
            "council.sqlite",
        ],
        password,
    );
    assert!(ok, "{out}");
    let (ok, out) = run(
        d,
        &[
            "user",
            "add",
            "bo",
            "--role",
            "viewer",
            "-d",
            "council.sqlite",
        ],
        password,
    );
    assert!(ok, "{out}");

    let (ok, out) = run(d, &with(&["user", "reset-password", "bo"]), "short\n");
    assert!(!ok && out.contains("at least 12 characters"), "{out}");
    let (ok, out) = run(
        d,
        &with(&["user", "reset-password", "bo"]),
        "another long password\n",
    );
    assert!(ok && out.contains("The password of bo was reset."), "{out}");
    let (ok, out) = run(d, &with(&["user", "disable", "bo"]), "");
    assert!(ok && out.contains("bo can no longer sign in"), "{out}");
    let (_, listed) = run(d, &["user", "list", "-d", "council.sqlite"], "");
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("bo ") && l.contains("disabled")),
        "{listed}"
    );
    let (ok, _) = run(d, &with(&["user", "enable", "bo"]), "");
    assert!(ok);
    let (ok, _) = run(d, &with(&["user", "remove", "bo"]), "");
    assert!(ok);
    let (ok, out) = run(d, &with(&["user", "remove", "ann.admin"]), "");
    assert!(!ok && out.contains("only administrator"), "{out}");
    let (ok, out) = run(d, &with(&["user", "disable", "nobody"]), "");
    assert!(!ok && out.contains("no user called \"nobody\""), "{out}");

    let (ok, key) = run(
        d,
        &with(&[
            "token",
            "add",
            "--department",
            "Adult Care",
            "--label",
            "Case system",
        ]),
        "",
    );
    assert!(ok, "{key}");
    let (ok, listed) = run(d, &["token", "list", "-d", "council.sqlite"], "");
    assert!(
        ok && listed.contains("Case system") && listed.contains("last used never"),
        "{listed}"
    );
    let id = listed.split_whitespace().next().unwrap().to_owned();
    let (ok, out) = run(
        d,
        &[
            "token",
            "revoke",
            &id[..8],
            "-d",
            "council.sqlite",
            "--as",
            "ann.admin",
        ],
        "",
    );
    assert!(ok && out.contains("was revoked"), "{out}");
    let (_, listed) = run(d, &["token", "list", "-d", "council.sqlite"], "");
    assert!(listed.contains("No feed keys"), "{listed}");

    // Who did each, in the history of changes.
    let (_, info) = run(d, &["info", "-d", "council.sqlite"], "");
    assert!(info.contains("ann.admin"), "{info}");
}

#[test]
fn a_database_that_cannot_be_opened_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hostname"), "council-server-01\n").unwrap();
    for (location, expected) in [
        ("hostname", "not a SQLite database"),
        (
            "postgres://postgres@127.0.0.1:1/x",
            "connection refused at 127.0.0.1:1",
        ),
    ] {
        let started = Instant::now();
        let (ok, out) = run(dir.path(), &["info", "--database", location], "");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{location}: took {:?}",
            started.elapsed()
        );
        assert!(!ok && out.contains(expected), "{location}: {out}");
    }
}
