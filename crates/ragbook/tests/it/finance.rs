//! Budget monitoring data through the command line: imported with the plan, exported and read
//! back, restated in a locked quarter only with a reason, and its history shown.

use std::fs;

use crate::run;

#[test]
fn a_locked_quarters_budget_changes_only_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, out) = run(d, &["demo"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("budget lines: 36 new"), "{out}");
    let (_, info) = run(d, &["info", "-d", "ragbook-demo.sqlite"]);
    assert!(
        info.contains("Budget:          10 portfolios, 36 budget lines, revenue forecasts for 2026-27-Q1, 2026-27-Q2"),
        "{info}"
    );

    fs::create_dir(d.join("update")).unwrap();
    fs::write(
        d.join("update/revenue.csv"),
        "line,quarter,budget,forecast,explanation\nASC-OP,2026-27-Q1,£160.000m,£158.000m,Restated after a late invoice.\n",
    )
    .unwrap();
    let (code, out) = run(d, &["import", "update", "-d", "ragbook-demo.sqlite"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("revenue ASC-OP 2026-27-Q1"), "{out}");
    let (code, out) = run(
        d,
        &[
            "import",
            "update",
            "-d",
            "ragbook-demo.sqlite",
            "--as",
            "jo",
            "--reason",
            "Late invoice",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("revenue: 1 changed"), "{out}");
    let (_, history) = run(d, &["history", "ASC-OP", "-d", "ragbook-demo.sqlite"]);
    assert!(history.contains("created ASC-OP"), "{history}");
    assert!(
        history.contains("jo changed ASC-OP 2026-27-Q1 [restatement]: Late invoice"),
        "{history}"
    );
    // The update left out the grant column: the grant held is kept.
    let (code, out) = run(d, &["export", "-d", "ragbook-demo.sqlite", "now"]);
    assert_eq!(code, Some(0), "{out}");
    let revenue = fs::read_to_string(d.join("now/revenue.csv")).unwrap();
    assert!(
        revenue.contains(
            "ASC-OP,2026-27-Q1,160000000,1200000,158000000,Restated after a late invoice."
        ),
        "{revenue}"
    );
    // The locked quarter still exports as it was.
    let (code, out) = run(
        d,
        &[
            "export",
            "-d",
            "ragbook-demo.sqlite",
            "--as-locked",
            "2026-27-Q1",
            "locked",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let locked = fs::read_to_string(d.join("locked/revenue.csv")).unwrap();
    assert!(
        !locked.contains("Restated after a late invoice."),
        "{locked}"
    );
}
