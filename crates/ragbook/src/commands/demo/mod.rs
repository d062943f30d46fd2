//! `ragbook demo`: the fictional Northshire County Council, loaded into a fresh SQLite file;
//! with `--city`, the fictional Eastbridge City Council ([`city`]).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ragbook_core::access::Role;
use ragbook_store::User;

use crate::cli::{ReportFormat, ReportKind, WhoArgs};
use crate::session;

mod city;

pub use city::run as run_city;

/// The demo package, built into the binary so `ragbook demo` works anywhere.
const DEMO: [(&str, &str); 23] = [
    (
        "organisation.csv",
        include_str!("../../../../../demo/organisation.csv"),
    ),
    ("plan.csv", include_str!("../../../../../demo/plan.csv")),
    (
        "priorities.csv",
        include_str!("../../../../../demo/priorities.csv"),
    ),
    (
        "deliverables.csv",
        include_str!("../../../../../demo/deliverables.csv"),
    ),
    (
        "deliverable_updates.csv",
        include_str!("../../../../../demo/deliverable_updates.csv"),
    ),
    (
        "measures.csv",
        include_str!("../../../../../demo/measures.csv"),
    ),
    (
        "measure_values.csv",
        include_str!("../../../../../demo/measure_values.csv"),
    ),
    (
        "targets.csv",
        include_str!("../../../../../demo/targets.csv"),
    ),
    (
        "measure_updates.csv",
        include_str!("../../../../../demo/measure_updates.csv"),
    ),
    (
        "portfolios.csv",
        include_str!("../../../../../demo/portfolios.csv"),
    ),
    (
        "portfolio_renames.csv",
        include_str!("../../../../../demo/portfolio_renames.csv"),
    ),
    (
        "budget_lines.csv",
        include_str!("../../../../../demo/budget_lines.csv"),
    ),
    (
        "revenue.csv",
        include_str!("../../../../../demo/revenue.csv"),
    ),
    (
        "savings.csv",
        include_str!("../../../../../demo/savings.csv"),
    ),
    (
        "general_reserve.csv",
        include_str!("../../../../../demo/general_reserve.csv"),
    ),
    (
        "reserve_commitments.csv",
        include_str!("../../../../../demo/reserve_commitments.csv"),
    ),
    (
        "earmarked_reserves.csv",
        include_str!("../../../../../demo/earmarked_reserves.csv"),
    ),
    (
        "traded_services.csv",
        include_str!("../../../../../demo/traded_services.csv"),
    ),
    (
        "aged_debt.csv",
        include_str!("../../../../../demo/aged_debt.csv"),
    ),
    (
        "debt_written_off.csv",
        include_str!("../../../../../demo/debt_written_off.csv"),
    ),
    ("grants.csv", include_str!("../../../../../demo/grants.csv")),
    (
        "reconciling_items.csv",
        include_str!("../../../../../demo/reconciling_items.csv"),
    ),
    (
        "settings.toml",
        include_str!("../../../../../demo/settings.toml"),
    ),
];

/// The quarter the demo has most recently reported and locked.
const LOCKED: &str = "2026-27-Q1";
/// The quarter being reported now.
const CURRENT: &str = "2026-27-Q2";
/// Where the demo's report is written.
const REPORTS: &str = "reports";

/// The annual refresh for 2026-27, imported after the plan as its own change.
const REFRESH: [(&str, &str); 5] = [
    (
        "deliverables.csv",
        include_str!("../../../../../demo/refresh-2026-27/deliverables.csv"),
    ),
    (
        "deliverable_updates.csv",
        include_str!("../../../../../demo/refresh-2026-27/deliverable_updates.csv"),
    ),
    (
        "measures.csv",
        include_str!("../../../../../demo/refresh-2026-27/measures.csv"),
    ),
    (
        "measure_values.csv",
        include_str!("../../../../../demo/refresh-2026-27/measure_values.csv"),
    ),
    (
        "targets.csv",
        include_str!("../../../../../demo/refresh-2026-27/targets.csv"),
    ),
];

/// A demo's person: (user name, full name, role, department).
type DemoUser = (&'static str, &'static str, Role, Option<&'static str>);

/// The departments' service plans, linked to the plan's priorities and deliverables.
const SERVICE_PLANS: [(&str, &str); 12] = [
    (
        "service_plans.csv",
        include_str!("../../../../../demo/service-plans/service_plans.csv"),
    ),
    (
        "actions.csv",
        include_str!("../../../../../demo/service-plans/actions.csv"),
    ),
    (
        "service_budgets.csv",
        include_str!("../../../../../demo/service-plans/service_budgets.csv"),
    ),
    (
        "planned_savings.csv",
        include_str!("../../../../../demo/service-plans/planned_savings.csv"),
    ),
    (
        "department_risks.csv",
        include_str!("../../../../../demo/service-plans/department_risks.csv"),
    ),
    (
        "procurements.csv",
        include_str!("../../../../../demo/service-plans/procurements.csv"),
    ),
    (
        "vehicles.csv",
        include_str!("../../../../../demo/service-plans/vehicles.csv"),
    ),
    (
        "measures.csv",
        include_str!("../../../../../demo/service-plans/measures.csv"),
    ),
    (
        "measure_values.csv",
        include_str!("../../../../../demo/service-plans/measure_values.csv"),
    ),
    (
        "service_targets.csv",
        include_str!("../../../../../demo/service-plans/service_targets.csv"),
    ),
    (
        "capital_schemes.csv",
        include_str!("../../../../../demo/service-plans/capital_schemes.csv"),
    ),
    (
        "capital_funding.csv",
        include_str!("../../../../../demo/service-plans/capital_funding.csv"),
    ),
];

/// The demo's people. Demo only: they share [`DEMO_PASSWORD`].
const DEMO_USERS: [DemoUser; 6] = [
    ("admin", "Alex Admin", Role::Administrator, None),
    ("perf", "Priya Performance", Role::Performance, None),
    (
        "adult.care",
        "Ade Adult Care",
        Role::DepartmentEditor,
        Some("Adult Care"),
    ),
    ("place", "Pat Place", Role::DepartmentEditor, Some("Place")),
    ("finance", "Fran Finance", Role::FinanceEditor, None),
    ("viewer", "Val Viewer", Role::Viewer, None),
];

/// The demo users' password, printed for anyone trying the demo. Never for real data.
const DEMO_PASSWORD: &str = "northshire-demo";

async fn add_demo_users(
    store: &ragbook_store::Store,
    users: &[DemoUser],
    password: &str,
) -> anyhow::Result<()> {
    // One hash for all: they share a password, and argon2id is slow on purpose.
    let hash = ragbook_web::auth::hash_password(password).map_err(anyhow::Error::msg)?;
    for &(name, full_name, role, department) in users {
        store
            .add_user(&User {
                name: name.into(),
                full_name: full_name.into(),
                role,
                department: department.map(str::to_owned),
                password_hash: hash.clone(),
                created_at: session::now(),
                disabled_at: None,
                email: None,
            })
            .await?;
    }
    Ok(())
}

/// Imports a package built into the binary, as its own change set.
async fn load_bundled(
    store: &ragbook_store::Store,
    who: &WhoArgs,
    files: &[(&str, &str)],
    shown: &str,
) -> anyhow::Result<()> {
    let folder = tempfile::tempdir().context("could not make a temporary folder")?;
    for (name, text) in files {
        std::fs::write(folder.path().join(name), text)?;
    }
    let change = session::change(who, None, Some(shown.into()));
    if !super::package::load_package(store, folder.path(), shown, None, change, false).await? {
        anyhow::bail!("{shown}, bundled with ragbook, did not load");
    }
    Ok(())
}

/// What a demo is called in the commands it suggests: its quarter, an item whose history to
/// show, the name of its export, its people and their password.
struct Suggestions<'a> {
    quarter: &'a str,
    item: &'a str,
    export: &'a str,
    users: &'a [DemoUser],
    password: &'a str,
}

/// What to try next with the demo at `location`, and who can sign in to its web app.
fn print_next_steps(location: &str, s: &Suggestions<'_>) {
    let Suggestions {
        quarter,
        item,
        export,
        users,
        password,
    } = s;
    println!("\nTry next:");
    // Name the program as it was run (target/release/ragbook from a checkout), so the
    // commands below can be pasted as they are.
    let me = std::env::args()
        .next()
        .filter(|program| program.contains('/'))
        .unwrap_or_else(|| "ragbook".into());
    let steps = [
        (
            format!("{me} check --database {location} --period {quarter}"),
            "what to fix before publishing",
        ),
        (format!("{me} info --database {location}"), "what it holds"),
        (
            format!("{me} export --database {location} {export}"),
            "the whole data package, to open in Excel",
        ),
        (
            format!("{me} history --database {location} {item}"),
            "who changed an item, when and why",
        ),
        (
            format!("{me} template my-council.xlsx"),
            "a blank package for your own council",
        ),
        (
            format!("{me} import --database my-council.sqlite my-council.xlsx"),
            "load it, once filled in",
        ),
    ];
    let steps: Vec<(String, &str)> = std::iter::once((
        format!("{me} serve --database {location}"),
        "the web app, at http://127.0.0.1:8080/",
    ))
    .chain(steps)
    .collect();
    let width = steps
        .iter()
        .map(|(command, _)| command.len())
        .max()
        .unwrap_or(0);
    for (command, what) in steps {
        println!("  {command:<width$}   # {what}");
    }
    println!("\nIn the web app, sign in with the password {password} as one of these demo users:");
    for (name, full_name, role, department) in users.iter() {
        let of = department.map(|d| format!(" of {d}")).unwrap_or_default();
        println!(
            "  {name:<12} {full_name}, {}{of}",
            role.label().to_lowercase()
        );
    }
}

/// Removes an earlier demo's SQLite file at `database`, so the demo starts afresh.
fn replace_earlier(database: &str) -> anyhow::Result<()> {
    let postgres = database.starts_with("postgres://") || database.starts_with("postgresql://");
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{database}{suffix}");
        if !postgres && Path::new(&file).exists() {
            std::fs::remove_file(&file)
                .with_context(|| format!("could not replace the earlier demo database {file}"))?;
        }
    }
    Ok(())
}

/// A demo to create: its bundled packages (each imported as its own change), the quarter it
/// has published and locked, the quarter open for updates, and its people.
struct Demo<'a> {
    packages: &'a [(&'a [(&'a str, &'a str)], &'a str)],
    locked: &'a str,
    current: &'a str,
    users: &'a [DemoUser],
    password: &'a str,
}

/// Creates `demo` in `database` (an earlier demo's SQLite file there is replaced; a PostgreSQL
/// database must hold no plan) and returns what it holds.
fn create(database: &str, demo: &Demo<'_>) -> anyhow::Result<ragbook_store::Held> {
    replace_earlier(database)?;
    session::block_on(async {
        let store = ragbook_store::Store::open(database).await?;
        if !store.load().await?.dataset.plans.is_empty() {
            anyhow::bail!("{database} already holds a plan: the demo needs an empty database");
        }
        let who = WhoArgs {
            by: Some("ragbook demo".into()),
        };
        for (files, shown) in demo.packages {
            load_bundled(&store, &who, files, shown).await?;
        }
        // One quarter went through the cycle and was published; the next is open for updates.
        let locked = demo.locked.parse()?;
        let reported = session::change(&who, Some("Reported to Cabinet".into()), None);
        store.open_cycle(locked, &reported).await?;
        ragbook_web::publish::publish_as_held(&store, locked, &reported).await?;
        store.open_cycle(demo.current.parse()?, &reported).await?;
        add_demo_users(&store, demo.users, demo.password).await?;
        let held = store.load().await?;
        store.close().await;
        Ok(held)
    })
}

pub fn run(database: &str) -> anyhow::Result<ExitCode> {
    let location = database.to_owned();
    let held = create(
        database,
        &Demo {
            packages: &[
                (&DEMO, "the Northshire demo package"),
                (&REFRESH, "the 2026-27 refresh"),
                (&SERVICE_PLANS, "the departments' service plans"),
            ],
            locked: LOCKED,
            current: CURRENT,
            users: &DEMO_USERS,
            password: DEMO_PASSWORD,
        },
    )?;
    let spinner = session::spinner("Writing the demo council's report");
    let both = [ReportFormat::Html, ReportFormat::Pdf];
    let written = super::report::write_report(
        &held,
        CURRENT.parse()?,
        ReportKind::Performance,
        &both,
        Path::new(REPORTS),
    );
    let cabinet = super::report::write_report(
        &held,
        CURRENT.parse()?,
        ReportKind::Cabinet,
        &both,
        Path::new(REPORTS),
    );
    let service_plans = super::service::write(&held, None, None, &both, Path::new(REPORTS));
    spinner.finish_and_clear();
    let written = written?;
    let cabinet = cabinet?;
    let service_plans = service_plans?;
    println!(
        "\nCreated the Northshire County Council demo in {location}: {LOCKED} is published and locked; {CURRENT} is open for updates."
    );
    println!(
        "\nIts performance report for {}:",
        CURRENT
            .parse::<ragbook_core::period::FinancialQuarter>()?
            .long_label()
    );
    for path in &written {
        println!("  {}", path.display());
    }
    println!("\nIts performance and budget monitoring report to Cabinet:");
    for path in &cabinet {
        println!("  {}", path.display());
    }
    println!("\nIts departments' service plans, with the cover report to Cabinet:");
    for path in &service_plans {
        println!("  {}", path.display());
    }
    print_next_steps(
        &location,
        &Suggestions {
            quarter: CURRENT,
            item: "KM07",
            export: "northshire.xlsx",
            users: &DEMO_USERS,
            password: DEMO_PASSWORD,
        },
    );
    Ok(ExitCode::SUCCESS)
}
