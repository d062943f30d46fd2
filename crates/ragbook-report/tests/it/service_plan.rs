//! The demo council's departmental service plans: every year label, total and overview figure
//! from the data, the golden thread's shared deliverable in every plan, valid HTML and a PDF
//! with every department.

use std::path::PathBuf;

use ragbook_core::dataset::Dataset;
use ragbook_core::settings::Settings;
use ragbook_io::package::read_package;
use ragbook_report::service_plan::{ServicePlanVolume, build_service_plans};

use crate::render::{flat, pdftotext, validate_html};

/// The demo, its 2026-27 refresh and its service plans, imported in turn as `ragbook demo` does.
pub fn demo_with_service_plans() -> (Dataset, Settings) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut data = Dataset::default();
    let mut settings_text = String::new();
    for folder in ["", "refresh-2026-27", "service-plans"] {
        let package = read_package(&root.join(folder), None, &data, &settings_text).unwrap();
        settings_text = package.settings;
        data.merge(package.dataset);
    }
    (data, Settings::from_toml(&settings_text).unwrap())
}

fn volume() -> ServicePlanVolume {
    let (data, settings) = demo_with_service_plans();
    build_service_plans(&data, &settings, None, None).unwrap()
}

#[test]
fn every_figure_and_label_comes_from_the_data() {
    let volume = volume();
    assert_eq!(volume.title, "Departmental Service Plans 2026-27");
    let departments: Vec<&str> = volume.plans.iter().map(|p| p.department.as_str()).collect();
    assert_eq!(
        departments,
        [
            "Place",
            "Adult Care",
            "Children's Services",
            "Corporate Services"
        ]
    );
    let place = &volume.plans[0];
    assert_eq!(place.title, "Service Plan 2023-2027");
    assert_eq!(place.update.as_deref(), Some("2026-27 Update"));
    assert_eq!(
        place.measures.headings,
        [
            "Actual 2023-24",
            "Actual 2024-25",
            "Latest 2025-26",
            "Target 2026-27"
        ]
    );
    // The total row is the column sums of the rows, in the table's unit (£'000).
    assert_eq!(place.budget.unit, "£'000");
    let employees: i64 = place
        .budget
        .rows
        .iter()
        .map(|(_, c)| c[0].replace(',', "").parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        place.budget.total[0]
            .replace(',', "")
            .parse::<i64>()
            .unwrap(),
        employees
    );
    // Income is printed in brackets, as councils print it.
    assert!(
        place.budget.rows[0].1[9].starts_with('('),
        "{:?}",
        place.budget.rows[0]
    );
    // The overview's figures are the tables' totals.
    assert_eq!(place.savings_total, "£0.770m");
    assert!(
        place.overview[1].starts_with("It plans savings of £0.770m in 2026-27"),
        "{:?}",
        place.overview
    );
    assert!(
        place.overview[0].contains(&format!("£{}m net", "17.850")),
        "{:?}",
        place.overview
    );
    // One Council Plan deliverable (budget savings, D20), an action in every plan.
    for plan in &volume.plans {
        let rows = plan.section_one.iter().flat_map(|t| &t.rows);
        assert!(
            rows.clone().any(|r| r.deliverable.ends_with("(D20)")),
            "{}",
            plan.department
        );
    }
    // The council-wide text is one record, the same in every plan.
    assert!(
        volume
            .plans
            .windows(2)
            .all(|w| w[0].ambition == w[1].ambition
                && w[0].council_priorities == w[1].council_priorities)
    );
    assert!(
        volume.cover[2].contains("savings of £4.390m"),
        "{:?}",
        volume.cover
    );
}

#[test]
fn key_risks_and_the_procurement_plan_are_chosen_and_added_up_from_the_data() {
    let volume = volume();
    let place = &volume.plans[0];
    // Key risks: every council priority, "None" where the register has no risk of 15 or more
    // for it; a departmental key risk last.
    assert_eq!(
        place.key_risks[0],
        (
            "Healthy, safe and resilient communities".into(),
            "None".into(),
            String::new()
        )
    );
    assert_eq!(place.key_risks.last().unwrap().0, "Departmental");
    assert!(
        place
            .key_risks
            .iter()
            .any(|(_, r, _)| r == "Highways contract costs rise above budget")
    );
    assert!(
        !place
            .key_risks
            .iter()
            .any(|(_, r, _)| r == "Surplus property sales fall short"),
        "12 is below 15"
    );
    // Appendix B in value bands, each total the sum of its valued rows.
    let bands: Vec<(&str, &str)> = place
        .procurement
        .iter()
        .map(|b| (b.name.as_str(), b.total.as_str()))
        .collect();
    assert_eq!(
        bands,
        [
            ("Over £25,000 to £50,000", "£42,500"),
            ("Over £50,000 to £214,904", "£180,000"),
            ("Over £214,904", "£420,000")
        ]
    );
    // Appendix C: the products and the total row worked out (Place: 6 gritters at £145,000,
    // 12 pick-ups at £31,000).
    let total = place.vehicles.last().unwrap();
    assert_eq!(total[0], "Total");
    assert_eq!(
        (total[1].as_str(), total[6].as_str(), total[8].as_str()),
        ("18", "£1,242,000", "£173,400")
    );
    assert!(
        volume.plans[3].vehicles.is_empty(),
        "Corporate Services has no vehicles"
    );
    let corporate = &volume.plans[3];
    let tba = corporate
        .procurement
        .iter()
        .flat_map(|b| &b.rows)
        .find(|r| r.0 == "Archive catalogue system")
        .unwrap();
    assert_eq!((tba.1.as_str(), tba.2.as_str()), ("TBA", "TBC"));
}

#[test]
fn the_annual_update_and_capital_programmes_are_worked_out_from_the_data() {
    let volume = volume();
    let corporate = &volume.plans[3];
    let changes = corporate.changes.as_ref().expect("a 2026-27 update");
    assert_eq!(changes.heading, "Changes since the 2025-26 plan");
    let titles =
        |rows: &[(String, String, String)]| rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
    assert_eq!(
        titles(&changes.added),
        ["Deliver savings of £0.800m in 2026-27"]
    );
    assert_eq!(
        titles(&changes.closed),
        ["Move payroll to the new HR and payroll system"]
    );
    assert_eq!(changes.closed[0].2, "Apr-2024", "the start first given");
    assert!(
        changes
            .targets
            .iter()
            .any(|t| t.0 == "Employee sickness absence (Corporate Services)"
                && t.1 == "4.0%"
                && t.2 == "3.8%")
    );
    // The closed action is not in the update's sections.
    assert!(
        corporate
            .section_one
            .iter()
            .flat_map(|t| &t.rows)
            .all(|r| r.title != "Move payroll to the new HR and payroll system")
    );
    // The shared measure and Corporate Services' share of it, labelled apart.
    let labels: Vec<&str> = corporate
        .measures
        .rows
        .iter()
        .map(|r| r.0.as_str())
        .collect();
    assert!(
        labels.contains(&"Employee sickness absence (council, not including schools) – Council"),
        "{labels:?}"
    );
    assert!(
        labels.contains(
            &"Employee sickness absence (council, not including schools) – Corporate Services"
        ),
        "{labels:?}"
    );

    // Appendix D: Place's land reclamation programme, totals summed.
    let place = &volume.plans[0];
    let programme = &place.capital[0];
    assert_eq!(programme.name, "Land reclamation");
    assert_eq!(
        programme.sub_total,
        ["£275,000", "£77,000", "£352,000", "£302,000"]
    );
    assert_eq!(
        programme.funding,
        [(
            "Contribution from Homes England".to_owned(),
            "(£50,000)".to_owned()
        )]
    );
    assert_eq!(programme.total_net, "£302,000");
    assert!(corporate.capital.is_empty());
}

#[test]
fn one_department_or_all_render_as_valid_html_and_a_pdf() {
    let (data, settings) = demo_with_service_plans();
    let one = build_service_plans(&data, &settings, Some("place"), None).unwrap();
    assert_eq!(one.plans.len(), 1);
    assert!(
        one.cover.is_empty(),
        "one department's plan has no cover report"
    );
    let missing = build_service_plans(&data, &settings, Some("Highways"), None).unwrap_err();
    assert!(
        missing
            .to_string()
            .contains("no service plan is held for Highways")
    );

    let volume = volume();
    let html = ragbook_report::service_plan_html(&volume).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plans.html"), &html).unwrap();
    validate_html(dir.path());
    let pdf = ragbook_report::service_plan_pdf(&volume).unwrap();
    let path = dir.path().join("plans.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let Some(text) = pdftotext(&path) else {
        return;
    };
    let text = flat(&text);
    for words in [
        "Report to Cabinet",
        "Place: Service Plan 2023-2027, 2026-27 Update",
        "Children's Services: Service Plan 2023-2027",
        "Section One: Council priorities",
        "Appendix A: Controllable budget",
        "Deliver savings of £0.770m in 2026-27",
    ] {
        assert!(text.contains(words), "the PDF text lacks {words:?}");
    }
}
