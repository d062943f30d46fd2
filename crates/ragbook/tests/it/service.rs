//! The demo's departmental service plans as a council would use them: `ragbook demo` writes the
//! volume with its cover report, `report --kind service-plan` writes one department's, and a
//! broken copy is caught: a lost minus sign, a total that drops a row and 31 September refused
//! on import; a department's sickness share in the wrong unit and a sickness figure twenty
//! times its history flagged by `check`.

use std::fs;

use crate::package::{run_failing, run_ok};
use crate::run;

const DB: &str = "ragbook-demo.sqlite";

#[test]
fn the_demo_writes_the_service_plans_and_a_broken_copy_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_ok(dir.path(), &["demo"]);
    assert!(
        out.contains("reports/northshire-service-plans-2026-27.pdf"),
        "{out}"
    );
    let html = fs::read_to_string(
        dir.path()
            .join("reports/northshire-service-plans-2026-27.html"),
    )
    .unwrap();
    assert!(
        html.contains(
            "That Cabinet approves the 2026-27 updates of the departmental service plans."
        )
    );
    let out = run_ok(
        dir.path(),
        &[
            "report",
            "-d",
            DB,
            "--kind",
            "service-plan",
            "--department",
            "Children's Services",
            "-o",
            "one",
        ],
    );
    assert!(
        out.contains("one/northshire-service-plan-childrens-services-2026-27.pdf"),
        "{out}"
    );
    let out = run_ok(dir.path(), &["check", "-d", DB, "-p", "2026-27-Q2"]);
    assert!(
        out.contains("0 problems block publication; 0 warnings"),
        "{out}"
    );

    // A lost minus sign: refused, nothing loaded.
    let broken = dir.path().join("broken");
    fs::create_dir_all(&broken).unwrap();
    fs::write(
        broken.join("service_budgets.csv"),
        "plan,year,division,unit,employees,income\nplace-2023-27,2026-27,Highways,£'000,5200,2900\n",
    )
    .unwrap();
    let err = run_failing(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    assert!(
        err.contains("column 'income'") && err.contains("has it lost its minus sign?"),
        "{err}"
    );

    // A TOTAL row typed without one of its rows: refused, naming the row left out.
    fs::write(
        broken.join("service_budgets.csv"),
        "plan,year,division,unit,employees,income\nplace-2023-27,2027-28,Highways,£'000,5200,-100\nplace-2023-27,2027-28,Transport,£'000,700,0\nplace-2023-27,2027-28,TOTAL,£'000,5200,-100\n",
    )
    .unwrap();
    let err = run_failing(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    assert!(err.contains("leaves out Transport"), "{err}");
    fs::remove_file(broken.join("service_budgets.csv")).unwrap();

    // 31 September: refused, naming the cell.
    fs::write(
        broken.join("actions.csv"),
        "id,plan,number,title,start,complete\nCO-10,corporate-2023-27,10,Review the contract register,2026-09-31,2027-03-31\n",
    )
    .unwrap();
    let err = run_failing(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    assert!(
        err.contains("actions.csv, row 2, column 'start'") && err.contains("31"),
        "{err}"
    );
    fs::remove_file(broken.join("actions.csv")).unwrap();

    // Corporate Services' share of sickness typed in the wrong unit: out of scale with the
    // council's figure for the same year.
    fs::write(
        broken.join("measure_values.csv"),
        "measure,period,value\nKM07-CS,2025-26,78%\n",
    )
    .unwrap();
    run_ok(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    let (_, out) = run(dir.path(), &["check", "-d", DB, "-p", "2026-27-Q2"]);
    assert!(
        out.contains("key measure KM07-CS (2025-26)")
            && out.contains("its figure 78.0% is out of scale with the council's 4.3% for KM07"),
        "{out}"
    );

    // Sickness as a fraction of days rather than a percentage: twenty times its history.
    fs::write(
        broken.join("measure_values.csv"),
        "measure,period,value,as_of\nKM07,2026-27-Q2,102,Sep-2026\n",
    )
    .unwrap();
    run_ok(dir.path(), &["import", "-d", DB, broken.to_str().unwrap()]);
    // The figure also rates the measure Action, which needs its issue and response: check
    // exits 1 for that, and names the scale too.
    let (_, out) = run(dir.path(), &["check", "-d", DB, "-p", "2026-27-Q2"]);
    assert!(
        out.contains("its figure 102.0% is out of scale with its history (typically 5.1%)"),
        "{out}"
    );
}
