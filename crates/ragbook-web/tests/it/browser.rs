//! The cycle in a real browser: Debian's Chromium, headless, driven by Playwright from
//! e2e/cycle.mjs, with axe-core checking every page it visits. Needs node, chromium and
//! `npm ci --prefix e2e`; without them the test says loudly that it was skipped, unless
//! RAGBOOK_REQUIRE_TOOLS is set (as .ci/run sets it), when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use ragbook_store::test_support::Fresh;

use crate::{PASSWORD, approve_all_but, demo_app, items_of};

fn missing_tools(e2e: &Path, chromium: &str) -> Option<String> {
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    if !Path::new(chromium).exists() {
        return Some(format!(
            "{chromium} is not installed (apt-get install chromium)"
        ));
    }
    if !e2e.join("node_modules/playwright-core").exists()
        || !e2e.join("node_modules/axe-core").exists()
    {
        return Some(format!(
            "the browser test's packages are not installed (npm ci --prefix {})",
            e2e.display()
        ));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cycle_works_in_a_real_browser_and_every_page_passes_axe() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let e2e = root.join("e2e");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if let Some(missing) = missing_tools(&e2e, &chromium) {
        assert!(
            std::env::var_os("RAGBOOK_REQUIRE_TOOLS").is_none(),
            "the browser test is required (RAGBOOK_REQUIRE_TOOLS) but {missing}"
        );
        eprintln!("\n*** SKIPPED the browser test: {missing}. ***\n");
        return;
    }
    let fresh = Fresh::sqlite().await;
    let app = demo_app(&fresh.store).await;
    let (item, _) = items_of(&fresh.store, "Adult Care").await;
    approve_all_but(&fresh.store, &app, &item).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let shots = root.join("target/e2e-screenshots");
    let mut run = Command::new("node");
    run.arg(e2e.join("cycle.mjs"))
        .env("BASE", format!("http://localhost:{port}"))
        .env("PASSWORD", PASSWORD)
        .env("EDITOR", "adult")
        .env("PERF", "perf")
        .env("ADMIN", "admin")
        .env("FINANCE", "finance")
        .env("ITEM", &item)
        .env("SHOTS", &shots)
        .env("CHROMIUM", &chromium);
    let output = tokio::task::spawn_blocking(move || run.output())
        .await
        .unwrap()
        .unwrap();
    server.abort();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}\nScreenshots: {}", shots.display());
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}{stderr}"
    );
    assert!(stdout.contains("axe checked 21 pages"), "{stdout}");
    fresh.drop_database().await;
}
