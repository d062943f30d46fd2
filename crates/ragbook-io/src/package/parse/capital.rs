//! Checking actions' quarterly progress, a plan's own measure targets (read in the measure's unit) and its scheme capital
//! programmes: each scheme and funding line once a programme and year, and no scheme funded by
//! its programme beyond its works and fees.

use std::collections::HashMap;

use ragbook_core::Decimal;
use ragbook_core::service::{
    ActionUpdate, CapitalSchemeRecord, FundingLineRecord, PlanTargetRecord,
};

use super::service::year_cell;
use super::{Cells, Parser};
use crate::table::Table;

/// The plan, year and `name` column of a row, each required.
fn plan_year_name(
    cells: &mut Cells<'_>,
    known: &std::collections::HashSet<ragbook_core::plan::ItemId>,
    name: &str,
) -> Option<(
    ragbook_core::plan::ItemId,
    ragbook_core::period::FinancialYear,
    String,
)> {
    let plan = Parser::reference(cells, "plan", known, "service_plans");
    let year = year_cell(cells);
    let text = cells.required(name).map(str::to_owned);
    Some((plan.ok()??, year?, text?))
}

impl Parser<'_> {
    pub(super) fn service_targets(&mut self, table: &Table) {
        let known = self.service_plan_ids();
        let units = self.measure_units();
        let mut seen = HashMap::new();
        self.dataset.service_targets = self.records("service_targets", table, |cells, parser| {
            let plan = Self::reference(cells, "plan", &known, "service_plans");
            let year = year_cell(cells);
            let measure = cells.required("measure").map(str::to_owned);
            let (plan, year, measure) = (plan.ok()??, year?, measure?);
            let Some((measure, unit)) = units.get(&measure).cloned() else {
                cells.fail(
                    "measure",
                    format!("{measure} is not a measure (see the measures table)"),
                );
                return None;
            };
            parser.unique(
                &mut seen,
                format!("{plan} {year} {measure}"),
                cells,
                "measure",
            );
            let target = super::measures::target_cell(cells, unit)?;
            Some(PlanTargetRecord {
                plan,
                year,
                measure,
                target,
            })
        });
    }

    pub(super) fn capital_schemes(&mut self, table: &Table) {
        let known = self.service_plan_ids();
        let mut seen = HashMap::new();
        self.dataset.capital_schemes = self.records("capital_schemes", table, |cells, parser| {
            let (plan, year, programme) = plan_year_name(cells, &known, "programme")?;
            let location = cells.required("location")?.to_owned();
            parser.unique(
                &mut seen,
                format!("{plan} {year} {programme} {location}"),
                cells,
                "location",
            );
            Some(CapitalSchemeRecord {
                plan,
                year,
                programme,
                area: None,
                location,
                description: None,
                scheme_cost: None,
                works: Decimal::ZERO,
                fees: Decimal::ZERO,
                funded: Decimal::ZERO,
                funding_source: None,
            })
        });
        let overfunded: Vec<String> = self
            .dataset
            .capital_schemes
            .iter()
            .filter(|s| s.funded > s.total())
            .map(|s| {
                format!(
                    "{} {} {}: the programme funds £{} of a scheme whose works and fees come to £{}",
                    s.plan, s.year, s.location, s.funded, s.total()
                )
            })
            .collect();
        for message in overfunded {
            self.package_problem("capital_schemes", &message);
        }
    }

    pub(super) fn action_updates(&mut self, table: &Table) {
        let known = super::ids_of(&self.context.existing.actions, &self.dataset.actions);
        let mut seen = HashMap::new();
        self.dataset.action_updates = self.rows("action_updates", table, |cells, _| {
            let key = Self::update_key(cells, "action", &known, "actions", &mut seen);
            cells.fields(key.map(|(action, quarter)| ActionUpdate {
                action,
                quarter,
                progress: None,
                commentary: None,
            }))
        });
    }

    pub(super) fn capital_funding(&mut self, table: &Table) {
        let known = self.service_plan_ids();
        let mut seen = HashMap::new();
        self.dataset.capital_funding = self.records("capital_funding", table, |cells, parser| {
            let (plan, year, programme) = plan_year_name(cells, &known, "programme")?;
            let description = cells.required("description")?.to_owned();
            parser.unique(
                &mut seen,
                format!("{plan} {year} {programme} {description}"),
                cells,
                "description",
            );
            Some(FundingLineRecord {
                plan,
                year,
                programme,
                description,
                amount: Decimal::ZERO,
            })
        });
    }
}
