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
        added: None,
        closed: None,
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

fn year(text: &str) -> crate::period::FinancialYear {
    text.parse().unwrap()
}

/// `data()` with an action added by the 2024-25 update, one it closed, the council's target for
/// 2023-24 and Resources' own for 2024-25, and Resources' share of the sickness measure.
fn updated() -> Dataset {
    let mut data = data();
    let mut added = action("R4", "resources", "4", &["P1"]);
    added.added = Some(year("2024-25"));
    let mut closed = action("R5", "resources", "5", &["P1"]);
    closed.closed = Some(year("2024-25"));
    closed.start = Some("Apr-2022".parse().unwrap());
    data.actions.extend([added, closed]);
    data.targets.push(crate::dataset::TargetRecord {
        measure: id("SICK"),
        period: "2023-24".parse().unwrap(),
        target: crate::target::Target::Figure {
            value: Decimal::from(8),
        },
    });
    data.service_targets.push(super::PlanTargetRecord {
        plan: id("resources"),
        year: year("2024-25"),
        measure: id("SICK"),
        target: crate::target::Target::Figure {
            value: Decimal::from(7),
        },
    });
    let mut share = MeasureRecord::new(
        id("SICK-R"),
        "Days lost to sickness (Resources)".into(),
        Unit::Days,
        Polarity::LowerIsBetter,
    );
    share.part_of = Some(id("SICK"));
    share.department = Some("Resources".into());
    data.measures.push(share);
    data.actions[0].measures.push(id("SICK-R"));
    data
}

#[test]
fn an_annual_update_names_actions_added_closed_and_carried_and_targets_reset() {
    let data = updated();
    let resources = &data.service_plans[0];
    let c = super::update::changes(&data, resources, year("2024-25")).unwrap();
    let ids = |list: &[&ActionRecord]| list.iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&c.added), ["R4"]);
    assert_eq!(ids(&c.closed), ["R5"]);
    assert_eq!(ids(&c.carried), ["R1", "R1a", "R2", "R3"]);
    assert_eq!(c.since, year("2023-24"));
    // The plan's own target for 2024-25 replaces the council's; the share had none before.
    let targets: Vec<(&str, &str, &str)> = c
        .targets
        .iter()
        .map(|t| (t.measure.id.as_str(), t.before.as_str(), t.after.as_str()))
        .collect();
    assert_eq!(targets, [("SICK", "8", "7")]);
    assert_eq!(c.measure_years.0[0], year("2020-21"));
    assert_eq!(c.measure_years.1[3], year("2024-25"));
    // The document lists what the update lists, and carries the same changes.
    let floors = [Decimal::from(25_000)];
    let rules = super::document::DocumentRules {
        key_risk_score: 15,
        procurement_bands: &floors,
    };
    let v = view(&data, resources, year("2024-25"), rules);
    let listed: Vec<&str> = v.council[0].actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(listed, ["R1", "R1a", "R4"]);
    assert_eq!(ids(&v.changes.unwrap().closed), ["R5"]);
    let before = view(&data, resources, year("2023-24"), rules);
    assert!(
        before.council[0]
            .actions
            .iter()
            .any(|a| a.id.as_str() == "R5")
    );
    assert!(
        before.council[0]
            .actions
            .iter()
            .all(|a| a.id.as_str() != "R4")
    );
    // The plan's first year updates nothing.
    assert!(super::update::changes(&data, resources, year("2022-23")).is_none());
}

#[test]
fn a_department_share_and_its_whole_are_labelled_apart() {
    let data = updated();
    let resources = &data.service_plans[0];
    let floors = [Decimal::from(25_000)];
    let rules = super::document::DocumentRules {
        key_risk_score: 15,
        procurement_bands: &floors,
    };
    let v = view(&data, resources, year("2024-25"), rules);
    let labels: Vec<&str> = v.measures.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Days lost to sickness – Council",
            "Days lost to sickness – Resources"
        ]
    );
    assert_eq!(v.measures[0].target, "7", "Resources' own target");
}

#[test]
fn a_capital_programme_sums_its_schemes_then_its_funding_lines() {
    use super::capital::{CapitalSchemeRecord, FundingLineRecord, programmes};
    let scheme =
        |area: &str, location: &str, works: i64, fees: i64, funded: i64| CapitalSchemeRecord {
            plan: id("place"),
            year: year("2024-25"),
            programme: "Land reclamation".into(),
            area: Some(area.into()),
            location: location.into(),
            description: None,
            scheme_cost: None,
            works: Decimal::from(works),
            fees: Decimal::from(fees),
            funded: Decimal::from(funded),
            funding_source: None,
        };
    let schemes = [
        scheme("North", "Tip", 180_000, 20_000, 150_000),
        scheme("South", "Gasworks", 0, 45_000, 45_000),
        scheme("North", "Sidings", 95_000, 12_000, 107_000),
    ];
    let grant = FundingLineRecord {
        plan: id("place"),
        year: year("2024-25"),
        programme: "Land reclamation".into(),
        description: "Grant".into(),
        amount: Decimal::from(-50_000),
    };
    let listed: Vec<&CapitalSchemeRecord> = schemes.iter().collect();
    let p = &programmes(&listed, &[&grant])[0];
    let order: Vec<&str> = p.schemes.iter().map(|s| s.location.as_str()).collect();
    assert_eq!(order, ["Tip", "Sidings", "Gasworks"], "grouped by area");
    assert_eq!(
        p.sub_total,
        [275_000, 77_000, 352_000, 302_000].map(Decimal::from)
    );
    assert_eq!(
        p.total_net,
        Decimal::from(302_000),
        "352,000 less the grant"
    );
}
