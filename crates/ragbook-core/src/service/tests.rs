//! The golden thread and a plan's document view, on two departments' plans that share one
//! Council Plan deliverable and one measure.

use rust_decimal::Decimal;

use super::document::view;
use super::records::{ActionRecord, MoneyUnit, PlanStatus, PlannedSavingRecord, ServicePlanRecord};
use super::thread;
use crate::dataset::{Dataset, DeliverableRecord, MeasureRecord, PriorityRecord, ValueRecord};
use crate::measure::{Polarity, Unit};
use crate::plan::ItemId;
use crate::value::MeasureValue;

fn id(text: &str) -> ItemId {
    ItemId::new(text).unwrap()
}

fn plan(name: &str, department: &str) -> ServicePlanRecord {
    ServicePlanRecord {
        id: id(name),
        department: department.into(),
        first_year: "2022-23".parse().unwrap(),
        last_year: "2025-26".parse().unwrap(),
        update_year: Some("2024-25".parse().unwrap()),
        director: None,
        status: PlanStatus::Final,
    }
}

fn action(name: &str, plan: &str, number: &str, priorities: &[&str]) -> ActionRecord {
    ActionRecord {
        id: id(name),
        plan: id(plan),
        number: number.into(),
        parent: None,
        title: format!("Action {name}"),
        lead: None,
        start: None,
        complete: None,
        timing_note: None,
        deliverable: None,
        priorities: priorities.iter().map(|p| id(p)).collect(),
        department_priority: None,
        measures: Vec::new(),
        success: None,
    }
}

fn data() -> Dataset {
    let mut savings = action("R1", "resources", "1", &["P1"]);
    savings.deliverable = Some(id("D1"));
    savings.measures = vec![id("SICK")];
    let mut sub = action("R1a", "resources", "1", &[]);
    sub.parent = Some(id("R1"));
    let mut own = action("R2", "resources", "2", &[]);
    own.department_priority = Some("Workforce".into());
    let loose = action("R3", "resources", "3", &[]);
    let mut place = action("PL1", "place", "1", &["P1"]);
    place.deliverable = Some(id("D1"));
    place.measures = vec![id("SICK")];
    let value = |period: &str, figure: i64| ValueRecord {
        measure: id("SICK"),
        period: period.parse().unwrap(),
        value: MeasureValue::actual(Decimal::from(figure)),
        as_of: None,
        note: None,
    };
    Dataset {
        priorities: vec![
            PriorityRecord::new(id("P1"), "Good value".into()),
            PriorityRecord::new(id("P2"), "Strong communities".into()),
        ],
        deliverables: vec![
            DeliverableRecord::new(id("D1"), "Deliver savings".into(), vec![id("P1")]),
            DeliverableRecord::new(id("D2"), "Open hubs".into(), vec![id("P2")]),
        ],
        measures: vec![MeasureRecord::new(
            id("SICK"),
            "Days lost to sickness".into(),
            Unit::Days,
            Polarity::LowerIsBetter,
        )],
        measure_values: vec![
            value("2021-22", 9),
            value("2022-23", 8),
            value("2023-24-Q3", 7),
        ],
        service_plans: vec![plan("resources", "Resources"), plan("place", "Place")],
        actions: vec![savings, sub, own, loose, place],
        planned_savings: vec![
            PlannedSavingRecord {
                plan: id("resources"),
                year: "2024-25".parse().unwrap(),
                area: "Staffing".into(),
                description: None,
                amount: Decimal::from(1_200_000),
            },
            PlannedSavingRecord {
                plan: id("resources"),
                year: "2024-25".parse().unwrap(),
                area: "ICT".into(),
                description: None,
                amount: Decimal::from(1_940_000),
            },
        ],
        ..Dataset::default()
    }
}

#[test]
fn the_thread_runs_from_priority_to_departments_actions_and_measures() {
    let data = data();
    let thread = thread(&data);
    let good_value = &thread.priorities[0];
    let departments: Vec<&str> = good_value
        .departments
        .iter()
        .map(|d| d.department)
        .collect();
    assert_eq!(departments, ["Place", "Resources"], "by name");
    assert_eq!(good_value.departments[1].measures[0].id.as_str(), "SICK");
    assert!(thread.priorities[1].departments.is_empty());
    // One deliverable, two departments' actions; the other delivered by none.
    assert_eq!(thread.deliverables[0].actions.len(), 2);
    assert_eq!(
        thread
            .undelivered
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["D2"]
    );
    // A sub-action and a departmental priority's action are not loose; R3 is.
    assert_eq!(
        thread
            .loose_actions
            .iter()
            .map(|(_, a)| a.id.as_str())
            .collect::<Vec<_>>(),
        ["R3"]
    );
}

#[test]
fn a_plans_document_is_worked_out_from_its_records() {
    let data = data();
    let resources = &data.service_plans[0];
    let floors = [Decimal::from(25_000)];
    let rules = super::document::DocumentRules {
        key_risk_score: 15,
        procurement_bands: &floors,
    };
    let v = view(&data, resources, resources.year(), rules);
    assert_eq!(v.title, "Service Plan 2022-2026");
    assert_eq!(v.update.as_deref(), Some("2024-25 Update"));
    assert_eq!(v.council.len(), 1);
    let ids: Vec<&str> = v.council[0].actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R1a"], "a sub-action follows its parent");
    assert_eq!(v.departmental[0].department_priority, Some("Workforce"));
    assert_eq!(v.unserved[0].title, "Strong communities");
    let years: Vec<String> = v.measure_years.iter().map(ToString::to_string).collect();
    assert_eq!(years, ["2021-22", "2022-23", "2023-24", "2024-25"]);
    assert_eq!(
        v.measures[0].figures,
        ["9", "8", "7"],
        "to the measure's decimal places"
    );
    assert_eq!(v.measures[0].target, "-");
    assert_eq!(v.savings_total, Decimal::from(3_140_000));
    assert!(v.budget.is_empty() && v.net_budget().is_zero());
    assert_eq!(v.budget_unit, MoneyUnit::Pounds);
    // Every council priority has a key risks row; none held gives an empty one ("None").
    assert_eq!(v.key_risks.len(), 2);
    assert!(
        v.key_risks
            .iter()
            .all(|(p, risks)| p.is_some() && risks.is_empty())
    );
}
