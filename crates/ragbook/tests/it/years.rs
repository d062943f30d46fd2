//! Years of use: a second plan and an annual refresh, imported as a council would, leave every
//! quarter of the first plan reported as before, and each quarter is reported against the plan
//! and the items in force then.

use std::fs;
use std::path::Path;

use crate::package::{demo_folder, run_failing, run_ok};

/// The demo's rows of `table` whose first cell is one of `ids`, each with `changes` (column,
/// value) applied; columns not in the demo's file are added.
fn demo_rows(table: &str, ids: &[&str], changes: &[(&str, &str)]) -> String {
    let mut reader = csv::Reader::from_path(demo_folder().join(table)).unwrap();
    let mut headings: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    for (column, _) in changes {
        if !headings.iter().any(|h| h == column) {
            headings.push((*column).to_owned());
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headings).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if !ids.contains(&&record[0]) {
            continue;
        }
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        cells.resize(headings.len(), String::new());
        for (column, value) in changes {
            let at = headings.iter().position(|h| h == column).unwrap();
            cells[at] = (*value).to_owned();
        }
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn package(dir: &Path, name: &str, files: &[(&str, String)]) -> String {
    let folder = dir.join(name);
    fs::create_dir_all(&folder).unwrap();
    for (file, text) in files {
        fs::write(folder.join(file), text).unwrap();
    }
    folder.display().to_string()
}

/// The HTML report of each quarter, as written now.
fn reports(dir: &Path, quarters: &[String]) -> Vec<Vec<u8>> {
    quarters
        .iter()
        .map(|quarter| {
            let out = dir.join("reports").join(quarter);
            let out = out.to_str().unwrap();
            run_ok(
                dir,
                &[
                    "report", "--period", quarter, "--format", "html", "--out", out,
                ],
            );
            let file = fs::read_dir(out).unwrap().next().unwrap().unwrap().path();
            fs::read(file).unwrap()
        })
        .collect()
}

fn html(dir: &Path, quarter: &str) -> String {
    String::from_utf8(reports(dir, &[quarter.to_owned()]).remove(0)).unwrap()
}

/// `ragbook export` in each format, imported into a new database: 2024-25-Q2 of the first plan
/// is reported as `expected`, with that plan's own settings.
fn exports_carry_each_plans_settings(dir: &Path, expected: &[u8]) {
    // An export carries each plan's own settings: imported into a new database, a first-plan
    // quarter is reported as before, with the first plan's introduction.
    for export in ["export", "export.xlsx", "export.json"] {
        run_ok(dir, &["export", export]);
        if export.ends_with(".json") {
            let json = fs::read_to_string(dir.join(export)).unwrap();
            assert!(
                json.contains("\"plan_settings\""),
                "the JSON carries them too"
            );
            continue;
        }
        let copy = dir.join(format!("copy-{export}"));
        fs::create_dir_all(&copy).unwrap();
        let package = dir.join(export);
        let database = copy.join("ragbook.sqlite");
        let database = database.to_str().unwrap();
        run_ok(
            &copy,
            &["import", package.to_str().unwrap(), "-d", database],
        );
        let out = copy.join("reports");
        let out = out.to_str().unwrap();
        run_ok(
            &copy,
            &[
                "report",
                "--period",
                "2024-25-Q2",
                "--format",
                "html",
                "--out",
                out,
                "-d",
                database,
            ],
        );
        let file = fs::read_dir(out).unwrap().next().unwrap().unwrap().path();
        assert!(
            fs::read(file).unwrap() == expected,
            "{export}: 2024-25-Q2 reads as before"
        );
    }
}

#[test]
fn a_second_plan_and_a_refresh_leave_the_first_plans_quarters_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let demo = demo_folder();
    run_ok(dir, &["import", demo.to_str().unwrap()]);
    let first_plan: Vec<String> = (2023..=2025)
        .flat_map(|year| (1..=4).map(move |q| format!("{year}-{:02}-Q{q}", (year + 1) % 100)))
        .collect();
    let before = reports(dir, &first_plan);

    // Years that overlap the first plan's are refused, naming both plans.
    let overlapping = package(
        dir,
        "overlapping",
        &[("plan.csv", "id,title,first_year,last_year\ncouncil-plan-2026-30,Council Plan 2026-30,2026-27,2029-30\n".into())],
    );
    let refused = run_failing(dir, &["import", &overlapping]);
    assert!(
        refused.contains("Council Plan 2026-30") && refused.contains("Council Plan 2023-27"),
        "{refused}"
    );

    // The refresh for 2026-27 (D41 starts, KM35 is retired) and the next plan, whose first
    // priority sickness absence (KM07) carries on into.
    let next = package(
        dir,
        "next",
        &[
            ("settings.toml", fs::read_to_string(demo.join("settings.toml")).unwrap().replace("Northshire's Council Plan 2023-27 sets out", "Northshire's Council Plan 2027-31 sets out")),
            ("plan.csv", "id,title,first_year,last_year\ncouncil-plan-2027-31,Council Plan 2027-31,2027-28,2030-31\n".into()),
            ("priorities.csv", "id,title,plan\nN1,A council that works for everyone,council-plan-2027-31\n".into()),
            ("priority_renames.csv", "priority,from,title\nP3,2026-27-Q1,Early help and independence for every resident\n".into()),
            ("deliverables.csv", "id,title,priorities,starts\nD41,Open the new county records centre,P2,2026-27-Q1\n".into()),
            ("measures.csv", demo_rows("measures.csv", &["KM35"], &[("ends", "2025-26-Q4")]) + &demo_rows("measures.csv", &["KM07"], &[("priorities", "P2;N1")]).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>()),
        ],
    );
    let loaded = run_ok(dir, &["import", &next]);
    assert!(
        loaded.contains(
            "plan: 1 new: Council Plan 2027-31 (council-plan-2027-31, 2027-28 to 2030-31)"
        ),
        "{loaded}"
    );
    assert!(
        loaded.contains("priorities: 1 new") && loaded.contains("measures: 2 changed"),
        "{loaded}"
    );

    // Every quarter of the first plan before the refresh is reported byte for byte as before,
    // with the first plan's introduction, though the settings now carry the next plan's.
    assert!(
        reports(dir, &first_plan) == before,
        "a first-plan report changed"
    );

    // From the refresh: D41 is reported and KM35 is not; before it, the other way round.
    let km35 = "Agency staff spend as a share of pay";
    let d41 = "Open the new county records centre";
    let last = html(dir, "2025-26-Q4");
    assert!(last.contains(km35) && !last.contains(d41));
    let refreshed = html(dir, "2026-27-Q2");
    assert!(!refreshed.contains(km35) && refreshed.contains(d41));
    assert!(refreshed.contains("Council Plan 2023-27"));
    // P3 is renamed from 2026-27: each quarter shows the title in force then.
    assert!(refreshed.contains("Early help and independence for every resident"));
    assert!(last.contains("Early help and independence for residents"));
    assert!(!last.contains("for every resident"));
    let (_, checked) = crate::run(dir, &["check", "--period", "2024-25-Q2"]);
    assert!(!checked.contains("D41"), "{checked}");

    // The next plan's quarters: its title, its priority, and sickness absence with its history
    // from the first plan.
    let next_plan = html(dir, "2027-28-Q1");
    assert!(
        next_plan.contains("Progress on Council Plan 2027-31 priorities")
            && !next_plan.contains("Progress on Council Plan 2023-27 priorities")
    );
    assert!(
        next_plan.contains("Figures before 2027-28 are from the Council Plan 2023-27"),
        "the history marks where the plans meet"
    );
    assert!(next_plan.contains("A council that works for everyone"));
    assert!(!next_plan.contains("Healthy, safe and resilient communities"));
    assert!(
        next_plan.contains("Employee sickness absence (council"),
        "KM07 carries on"
    );
    assert!(
        next_plan.contains("2026-27"),
        "its history runs across the plans"
    );

    exports_carry_each_plans_settings(dir, &before[5]);

    // A plan's title changes by a row with its id, and the import says so.
    let retitled = package(
        dir,
        "retitled",
        &[("plan.csv", "id,title,first_year,last_year\ncouncil-plan-2027-31,Council Plan 2027-2031,2027-28,2030-31\n".into())],
    );
    let said = run_ok(dir, &["import", &retitled]);
    assert!(
        said.contains("(0 new, 1 changed)")
            && said.contains("plan: 1 changed: Council Plan 2027-31 (2027-28 to 2030-31) is now Council Plan 2027-2031 (2027-28 to 2030-31)"),
        "{said}"
    );

    let info = run_ok(dir, &["info"]);
    assert!(
        info.contains("Then:") && info.contains("Council Plan 2027-2031 (2027-28 to 2030-31)"),
        "{info}"
    );
}
