//! Importing 1,000,000 measure values from CSV into a fresh SQLite file with full validation,
//! as `ragbook import` does: read the CSV, check every cell and reference, merge with what is
//! held, and write it in one transaction. Compared with the sqlite3 shell's `.import` of the
//! same file into a table without constraints (no checking at all), when sqlite3 is installed.
//!
//! Run: `cargo bench -p ragbook-store --bench import`

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use ragbook_core::dataset::Dataset;
use ragbook_io::package::read_package;
use ragbook_store::{ChangeInfo, Store};

const MEASURES: usize = 1_000;
const MONTHS: usize = 1_000;
const RUNS: usize = 3;

/// A package of 1,000 measures with a value for each of 1,000 months (1,000,000 values).
fn write_package(folder: &Path) {
    std::fs::create_dir_all(folder).expect("package folder");
    std::fs::write(
        folder.join("organisation.csv"),
        "id,name\nbench,Benchmark Borough Council\n",
    )
    .expect("write");
    std::fs::write(
        folder.join("plan.csv"),
        "id,title,first_year,last_year\nplan,Plan,1950-51,2032-33\n",
    )
    .expect("write");
    std::fs::write(folder.join("priorities.csv"), "id,title\nP1,Priority one\n").expect("write");
    let mut measures =
        String::from("id,title,priorities,unit,decimals,polarity,frequency,basis,method\n");
    let units = ["count", "percent", "money", "days"];
    for m in 0..MEASURES {
        let unit = units[m % units.len()];
        let polarity = if m % 2 == 0 { "higher" } else { "lower" };
        writeln!(
            measures,
            "M{m:04},Measure {m},P1,{unit},1,{polarity},monthly,single_month,threshold"
        )
        .expect("text");
    }
    std::fs::write(folder.join("measures.csv"), measures).expect("write");
    let mut values = String::with_capacity(40 * MEASURES * MONTHS);
    values.push_str("measure,period,value,status,as_of,note\n");
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    for m in 0..MEASURES {
        let unit = units[m % units.len()];
        for month in 0..MONTHS {
            let (year, name) = (1950 + month / 12, months[month % 12]);
            let figure = (m * 7 + month * 13) % 1000;
            let value = match unit {
                "percent" => format!("{}.{}%", figure / 10, figure % 10),
                "money" => format!("£{},{:03}", figure % 999 + 1, figure),
                _ => format!("{figure}.5"),
            };
            let status = if month % 97 == 0 { "provisional" } else { "" };
            writeln!(values, "M{m:04},{name}-{year},\"{value}\",{status},,").expect("text");
        }
    }
    std::fs::write(folder.join("measure_values.csv"), values).expect("write");
}

fn sqlite3_import(csv: &Path, dir: &Path) -> Option<f64> {
    let database = dir.join("shell.sqlite");
    let _ = std::fs::remove_file(&database);
    let start = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&database)
        .arg(".mode csv")
        .arg(format!(".import {} measure_values", csv.display()))
        .status()
        .ok()?;
    status.success().then(|| start.elapsed().as_secs_f64())
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let package = dir.path().join("package");
    write_package(&package);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut best = f64::MAX;
    for run in 0..RUNS {
        let database = dir.path().join(format!("bench{run}.sqlite"));
        let seconds = runtime.block_on(async {
            let start = Instant::now();
            let store = Store::open(database.to_str().expect("path"))
                .await
                .expect("open");
            let held = store.load().await.expect("load");
            let read = read_package(&package, None, &held.dataset, &held.settings_text)
                .expect("valid package");
            let mut merged: Dataset = held.dataset;
            let diff = merged.merge(read.dataset);
            let change = ChangeInfo {
                by: "bench".into(),
                at: "2026-11-22T00:00:00Z".into(),
                reason: None,
                source: None,
            };
            store
                .apply(&diff, Some(&read.settings), &change)
                .await
                .expect("apply");
            store.close().await;
            start.elapsed().as_secs_f64()
        });
        println!(
            "run {}: {:.3} s, {:.0} rows/s",
            run + 1,
            seconds,
            (MEASURES * MONTHS) as f64 / seconds
        );
        best = best.min(seconds);
    }
    let rows = (MEASURES * MONTHS) as f64;
    println!(
        "ragbook import, 1,000,000 measure values, full validation: {:.0} rows/s (best of {RUNS})",
        rows / best
    );
    let csv = package.join("measure_values.csv");
    let shell: Vec<f64> = (0..RUNS)
        .filter_map(|_| sqlite3_import(&csv, dir.path()))
        .collect();
    match shell.iter().copied().reduce(f64::min) {
        Some(seconds) => println!(
            "sqlite3 .import of the same file, no checks:              {:.0} rows/s; ragbook reaches {:.0}% of it",
            rows / seconds,
            100.0 * seconds / best
        ),
        None => println!("(sqlite3 is not installed: no comparison)"),
    }
}
