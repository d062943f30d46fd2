//! Checking the forward procurement plans: each contract once a plan and year, a value over the
//! lowest band's floor (or TBA / TBC), in the band the row gives if it gives one, and a date that
//! exists and is not before its plan.

use std::collections::HashMap;
use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::service::procurement::{band_names, band_of};
use ragbook_core::service::{DateMeaning, ProcurementRecord, Timing, VehicleRecord};

use super::{Cells, Parser};
use crate::table::Table;

/// The value column: pounds, or none for TBA / TBC / blank.
fn value(cells: &mut Cells<'_>) -> Result<Option<Decimal>, ()> {
    let text = cells.text("value").trim().replace([',', '£', ' '], "");
    if text.is_empty() || ["tba", "tbc"].contains(&text.to_lowercase().as_str()) {
        return Ok(None);
    }
    Decimal::from_str(&text).map(Some).map_err(|_| {
        cells.fail(
            "value",
            format!("expected an amount in pounds such as 180,000, or TBA, found {text:?}"),
        );
    })
}

impl Parser<'_> {
    pub(super) fn procurements(&mut self, table: &Table) {
        let plans: HashMap<_, _> = self
            .context
            .existing
            .service_plans
            .iter()
            .chain(&self.dataset.service_plans)
            .map(|p| (p.id.clone(), p.first_year))
            .collect();
        let known = plans.keys().cloned().collect();
        let floors = self
            .context
            .settings
            .service_plans
            .procurement_bands
            .clone();
        let names = band_names(&floors);
        let mut seen = HashMap::new();
        self.dataset.procurements = self.records("procurements", table, |cells, parser| {
            let plan = Self::reference(cells, "plan", &known, "service_plans");
            let year = super::service::year_cell(cells);
            let title = cells.required("title").map(str::to_owned);
            let value = value(cells);
            let date_text = cells.text("date").trim().to_owned();
            let date = match date_text.to_lowercase().as_str() {
                "" | "unknown" => Ok(None),
                _ => Self::timing(cells, "date"),
            };
            let (plan, year, title, value, date) =
                (plan.ok()??, year?, title?, value.ok()?, date.ok()?);
            parser.unique(&mut seen, format!("{plan} {year} {title}"), cells, "title");
            if let Some(value) = value {
                match band_of(value, &floors) {
                    None => cells.fail(
                        "value",
                        format!(
                            "the forward procurement plan lists contracts over {}; this is £{}",
                            names.first().map_or("", |n| n
                                .trim_start_matches("Over ")
                                .split(" to ")
                                .next()
                                .unwrap_or("")),
                            value.normalize()
                        ),
                    ),
                    Some(band) => {
                        let given = cells.text("band").trim().to_owned();
                        if let Ok(given) = given.parse::<usize>()
                            && given != band + 1
                        {
                            cells.fail(
                                "band",
                                format!(
                                    "£{} is in band {} ({}), not band {given}",
                                    value.normalize(),
                                    band + 1,
                                    names[band]
                                ),
                            );
                        }
                    }
                }
            }
            if let (
                Some(
                    Timing::Date(_) | Timing::Month(_) | Timing::FinancialYear(_) | Timing::Year(_),
                ),
                Some(first),
            ) = (date, plans.get(&plan))
                && let Some(date) = date
                && date.before(Timing::FinancialYear(*first))
            {
                cells.fail(
                    "date",
                    format!("{date} is before the plan starts ({first})"),
                );
            }
            Some(ProcurementRecord {
                plan,
                year,
                title,
                division: None,
                value,
                date,
                date_means: DateMeaning::default(),
            })
        });
    }

    pub(super) fn vehicles(&mut self, table: &Table) {
        let known = self.service_plan_ids();
        let mut seen = HashMap::new();
        self.dataset.vehicles = self.records("vehicles", table, |cells, parser| {
            let plan = Self::reference(cells, "plan", &known, "service_plans");
            let year = super::service::year_cell(cells);
            let user = cells.required("user").map(str::to_owned);
            let vehicle_type = cells.required("vehicle_type").map(str::to_owned);
            let (plan, year, user, vehicle_type) = (plan.ok()??, year?, user?, vehicle_type?);
            parser.unique(
                &mut seen,
                format!("{plan} {year} {user} {vehicle_type}"),
                cells,
                "vehicle_type",
            );
            Some(VehicleRecord {
                plan,
                year,
                user,
                vehicle_type,
                quantity: 0,
                average_age: None,
                optimum_life: None,
                cost: Decimal::ZERO,
                charge: Decimal::ZERO,
            })
        });
    }
}
