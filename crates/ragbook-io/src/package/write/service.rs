//! The rows of the service plan tables. Budget amounts are written in the unit their row was
//! read in, so that a table in £'000 comes back as it went in.

use ragbook_core::dataset::Dataset;
use ragbook_core::service::MoneyUnit;

use super::{ids, records};
use crate::package::definition::TableDef;

fn timing(value: Option<ragbook_core::service::Timing>) -> String {
    value.map(String::from).unwrap_or_default()
}

fn id(value: Option<&ragbook_core::plan::ItemId>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// The rows of a service plan table.
pub(super) fn rows(definition: &TableDef, dataset: &Dataset) -> Vec<Vec<String>> {
    match definition.name {
        "service_plans" => records(definition, &dataset.service_plans, |_| Vec::new()),
        "actions" => records(definition, &dataset.actions, |a| {
            vec![
                a.id.to_string(),
                a.plan.to_string(),
                id(a.parent.as_ref()),
                timing(a.start),
                timing(a.complete),
                id(a.deliverable.as_ref()),
                ids(&a.priorities),
                ids(&a.measures),
            ]
        }),
        "service_budgets" => records(definition, &dataset.service_budgets, |r| {
            let unit = r.unit.pounds();
            let mut row = vec![
                r.plan.to_string(),
                r.year.to_string(),
                r.division.clone(),
                match r.unit {
                    MoneyUnit::Pounds => "£".to_owned(),
                    MoneyUnit::Thousands => "£'000".to_owned(),
                },
            ];
            row.extend(
                r.categories()
                    .into_iter()
                    .chain([r.income, r.grants])
                    .map(|amount| (amount / unit).normalize().to_string()),
            );
            row
        }),
        "planned_savings" => records(definition, &dataset.planned_savings, |s| {
            vec![s.plan.to_string(), s.year.to_string(), s.area.clone()]
        }),
        "department_risks" => records(definition, &dataset.department_risks, |r| {
            vec![r.plan.to_string(), ids(&r.priorities)]
        }),
        "vehicles" => records(definition, &dataset.vehicles, |v| {
            vec![
                v.plan.to_string(),
                v.year.to_string(),
                v.user.clone(),
                v.vehicle_type.clone(),
            ]
        }),
        "procurements" => records(definition, &dataset.procurements, |p| {
            vec![
                p.plan.to_string(),
                p.year.to_string(),
                p.title.clone(),
                p.value
                    .map_or_else(|| "TBA".to_owned(), |v| v.normalize().to_string()),
                String::new(),
                timing(p.date),
            ]
        }),
        "service_targets" => records(definition, &dataset.service_targets, |t| {
            vec![
                t.plan.to_string(),
                t.year.to_string(),
                t.measure.to_string(),
                t.target.code(),
            ]
        }),
        "capital_schemes" => records(definition, &dataset.capital_schemes, |s| {
            vec![
                s.plan.to_string(),
                s.year.to_string(),
                s.programme.clone(),
                s.location.clone(),
            ]
        }),
        "action_updates" => records(definition, &dataset.action_updates, |u| {
            vec![u.action.to_string(), u.quarter.to_string()]
        }),
        "capital_funding" => records(definition, &dataset.capital_funding, |f| {
            vec![
                f.plan.to_string(),
                f.year.to_string(),
                f.programme.clone(),
                f.description.clone(),
            ]
        }),
        _ => Vec::new(),
    }
}
