//! Checking the budget monitoring tables. References to portfolios and budget lines may point
//! to records already held; after reading, the merged portfolios are checked as a whole (a
//! name must not mean two portfolios in the same year).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use ragbook_core::Decimal;
use ragbook_core::figure::parse_figure;
use ragbook_core::finance::{
    AgedDebt, AgedDebtRecord, BudgetLineRecord, CommitmentRecord, CorporateLine,
    EarmarkedReserveRecord, GrantRecord, ReconcilingRecord, ReserveRecord, RevenueFigures,
    RevenueRecord, SavingsFigures, SavingsRecord, TradedServiceRecord, Trading, WrittenOffRecord,
};
use ragbook_core::measure::Unit;
use ragbook_core::period::FinancialYear;
use ragbook_core::plan::ItemId;

mod portfolios;

use portfolios::PortfolioNames;

use super::{Cells, Parser};
use crate::package::definition::finance::CROSS_PORTFOLIO;
use crate::table::Table;

impl Cells<'_> {
    /// A money cell: `None` when blank (or not a sum of money, which is reported).
    fn money(&mut self, column: &str) -> Result<Option<Decimal>, ()> {
        self.parsed(column, |text| parse_figure(text, Unit::Money))
    }

    /// A money cell that must be filled in.
    fn required_money(&mut self, column: &str) -> Option<Decimal> {
        match self.money(column) {
            Ok(Some(amount)) => Some(amount),
            Ok(None) => {
                self.fail(column, "this column must be filled in (a sum of money in pounds, e.g. £2,921,500 or £16.420m)".into());
                None
            }
            Err(()) => None,
        }
    }

    /// A money cell that may be blank, for nothing.
    fn money_or_zero(&mut self, column: &str) -> Option<Decimal> {
        self.money(column).ok().map(Option::unwrap_or_default)
    }

    fn year(&mut self, column: &str) -> Result<Option<FinancialYear>, ()> {
        self.parsed(column, FinancialYear::from_str)
    }

    fn yes_no(&mut self, column: &str, required: bool) -> Option<bool> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Some(true),
            "no" | "n" | "false" => Some(false),
            "" if !required => Some(false),
            "" => {
                self.fail(column, "this column must be filled in: yes or no".into());
                None
            }
            other => {
                self.fail(column, format!("expected yes or no, found {other:?}"));
                None
            }
        }
    }

    fn reference(&mut self, column: &str, known: &HashSet<ItemId>, table: &str) -> Option<ItemId> {
        let id = self.id(column)?;
        if known.contains(&id) {
            Some(id)
        } else {
            self.fail(
                column,
                format!("\"{id}\" is not in {table} (in this package or held)"),
            );
            None
        }
    }
}

/// The ids in a table's `id` column, good rows or not: a reference to a row with a problem of
/// its own should not be reported as a second problem.
fn ids_in(table: Option<&Table>) -> Vec<ItemId> {
    let Some(table) = table else {
        return Vec::new();
    };
    let Some(column) = table
        .headers
        .iter()
        .position(|h| h.eq_ignore_ascii_case("id"))
    else {
        return Vec::new();
    };
    table
        .rows
        .iter()
        .filter_map(|row| ItemId::new(row.cells.get(column)?.trim()).ok())
        .collect()
}

/// A cell's value, or, when the package leaves its whole column out, the value held: an
/// update that gives only the forecast keeps the grant and explanation already recorded.
fn kept<T>(cells: &Cells<'_>, column: &str, read: T, held: Option<T>) -> T {
    match held {
        Some(held) if !cells.has(column) => held,
        _ => read,
    }
}

/// Reads every finance table `get` finds.
pub(super) fn finance<'t>(parser: &mut Parser<'_>, get: impl Fn(&str) -> Option<&'t Table>) {
    if let Some(table) = get("portfolios") {
        parser.portfolios(table);
    }
    let portfolios: HashSet<ItemId> = parser
        .context
        .existing
        .finance
        .portfolios
        .iter()
        .map(|p| p.id.clone())
        .chain(ids_in(get("portfolios")))
        .collect();
    if let Some(table) = get("portfolios") {
        parser.successors(table, &portfolios);
    }
    parser.item_portfolios(&portfolios);
    if let Some(table) = get("portfolio_renames") {
        parser.portfolio_renames(table, &portfolios);
    }
    let portfolios = PortfolioNames::new(parser, portfolios);
    if let Some(table) = get("budget_lines") {
        parser.budget_lines(table, &portfolios);
    }
    let lines: HashSet<ItemId> = parser
        .context
        .existing
        .finance
        .budget_lines
        .iter()
        .map(|l| l.id.clone())
        .chain(ids_in(get("budget_lines")))
        .collect();
    if let Some(table) = get("revenue") {
        parser.revenue(table, &lines);
    }
    if let Some(table) = get("savings") {
        parser.savings(table, &portfolios);
    }
    if let Some(table) = get("general_reserve") {
        parser.general_reserve(table);
    }
    if let Some(table) = get("reserve_commitments") {
        parser.reserve_commitments(table);
    }
    if let Some(table) = get("earmarked_reserves") {
        parser.earmarked_reserves(table, &portfolios);
    }
    if let Some(table) = get("traded_services") {
        parser.traded_services(table, &portfolios);
    }
    if let Some(table) = get("aged_debt") {
        parser.aged_debt(table);
    }
    if let Some(table) = get("grants") {
        parser.grants(table);
    }
    if let Some(table) = get("debt_written_off") {
        parser.debt_written_off(table);
    }
    if let Some(table) = get("reconciling_items") {
        parser.reconciling_items(table);
    }
    parser.check_portfolios();
}

impl Parser<'_> {
    fn budget_lines(&mut self, table: &Table, portfolios: &PortfolioNames) {
        let mut seen = HashMap::new();
        let records = self.rows("budget_lines", table, |cells, parser| {
            let id = cells.id("id");
            let title = cells.required("title").map(str::to_owned);
            let cross = cells.text("portfolio").eq_ignore_ascii_case(CROSS_PORTFOLIO);
            let portfolio = if cells.text("portfolio").is_empty() {
                Some(None)
            } else {
                cells.portfolio("portfolio", portfolios, None, true)
            };
            let corporate = if cells.text("corporate").is_empty() {
                Some(None)
            } else {
                cells.choice("corporate", &CorporateLine::ALL, CorporateLine::code).map(Some)
            };
            let income = cells.yes_no("income", false);
            let (id, title, portfolio, corporate, income) = (id?, title?, portfolio?, corporate?, income?);
            match (&portfolio, corporate) {
                (Some(_), Some(_)) => cells.fail("corporate", "a line is a service line of a portfolio or a corporate line, not both: clear portfolio or corporate".into()),
                (None, None) if !cross => cells.fail("portfolio", format!("give the portfolio of a service line ({CROSS_PORTFOLIO} for one that belongs to no single portfolio), or which corporate line it is in the corporate column")),
                (None, Some(_)) if cross => cells.fail("corporate", "a corporate line is not a cross-portfolio line: clear portfolio or corporate".into()),
                _ => {}
            }
            parser.unique(&mut seen, id.clone(), cells, "id");
            let held = parser.context.existing.finance.budget_lines.iter().find(|l| l.id == id);
            let income = kept(cells, "income", income, held.map(|h| h.income));
            Some(BudgetLineRecord {
                id,
                title,
                portfolio,
                income: income || corporate.is_some_and(CorporateLine::is_income),
                corporate,
            })
        });
        self.dataset.finance.budget_lines = records;
    }

    fn revenue(&mut self, table: &Table, lines: &HashSet<ItemId>) {
        let mut seen = HashMap::new();
        let records = self.rows("revenue", table, |cells, parser| {
            let line = cells.reference("line", lines, "budget_lines");
            let quarter = cells.quarter();
            let budget = cells.required_money("budget");
            let grant = cells.money_or_zero("grant");
            let forecast = cells.required_money("forecast");
            let (line, quarter, budget, grant, forecast) =
                (line?, quarter?, budget?, grant?, forecast?);
            parser.unique(&mut seen, format!("{line} {quarter}"), cells, "quarter");
            let held = parser
                .context
                .existing
                .finance
                .revenue
                .iter()
                .find(|r| r.line == line && r.quarter == quarter);
            Some(RevenueRecord {
                figures: RevenueFigures {
                    budget,
                    grant: kept(cells, "grant", grant, held.map(|h| h.figures.grant)),
                    forecast,
                },
                explanation: kept(
                    cells,
                    "explanation",
                    cells.optional("explanation"),
                    held.map(|h| h.explanation.clone()),
                ),
                line,
                quarter,
            })
        });
        self.dataset.finance.revenue = records;
    }

    fn savings(&mut self, table: &Table, portfolios: &PortfolioNames) {
        let mut seen = HashMap::new();
        let records = self.rows("savings", table, |cells, parser| {
            let quarter = cells.quarter();
            let portfolio =
                cells.portfolio("portfolio", portfolios, quarter.map(|q| q.year()), true);
            let brought_forward = cells.money_or_zero("brought_forward");
            let current_year = cells.required_money("current_year");
            let one_off_support = cells.money_or_zero("one_off_support");
            let identified = cells.required_money("identified");
            let forecast_achieved = cells.required_money("forecast_achieved");
            let (portfolio, quarter) = (portfolio?, quarter?);
            parser.unique(
                &mut seen,
                format!("{portfolio:?} {quarter}"),
                cells,
                "quarter",
            );
            let held = parser
                .context
                .existing
                .finance
                .savings
                .iter()
                .find(|s| s.portfolio == portfolio && s.quarter == quarter);
            Some(SavingsRecord {
                figures: SavingsFigures {
                    brought_forward: kept(
                        cells,
                        "brought_forward",
                        brought_forward?,
                        held.map(|h| h.figures.brought_forward),
                    ),
                    current_year: current_year?,
                    one_off_support: kept(
                        cells,
                        "one_off_support",
                        one_off_support?,
                        held.map(|h| h.figures.one_off_support),
                    ),
                    identified: identified?,
                    forecast_achieved: forecast_achieved?,
                },
                commentary: kept(
                    cells,
                    "commentary",
                    cells.optional("commentary"),
                    held.map(|h| h.commentary.clone()),
                ),
                portfolio,
                quarter,
            })
        });
        self.dataset.finance.savings = records;
    }

    fn general_reserve(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("general_reserve", table, |cells, parser| {
            let quarter = cells.quarter();
            let opening_balance = cells.required_money("opening_balance");
            let net_budget_requirement = cells.required_money("net_budget_requirement");
            let (quarter, opening_balance, net_budget_requirement) =
                (quarter?, opening_balance?, net_budget_requirement?);
            if net_budget_requirement <= Decimal::ZERO {
                cells.fail(
                    "net_budget_requirement",
                    "the net budget requirement is a positive sum".into(),
                );
            }
            parser.unique(&mut seen, quarter, cells, "quarter");
            Some(ReserveRecord {
                quarter,
                opening_balance,
                net_budget_requirement,
            })
        });
        self.dataset.finance.general_reserve = records;
    }

    fn reserve_commitments(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("reserve_commitments", table, |cells, parser| {
            let quarter = cells.quarter();
            let name = cells.required("name").map(str::to_owned);
            let amount = cells.required_money("amount");
            let (quarter, name, amount) = (quarter?, name?, amount?);
            parser.unique(&mut seen, format!("{name:?} in {quarter}"), cells, "name");
            Some(CommitmentRecord {
                quarter,
                name,
                amount,
            })
        });
        self.dataset.finance.reserve_commitments = records;
    }

    fn earmarked_reserves(&mut self, table: &Table, portfolios: &PortfolioNames) {
        let mut seen = HashMap::new();
        let records = self.rows("earmarked_reserves", table, |cells, parser| {
            let reserve = cells.required("reserve").map(str::to_owned);
            let quarter = cells.quarter();
            let portfolio = cells
                .portfolio("portfolio", portfolios, quarter.map(|q| q.year()), false)
                .flatten();
            let opening_balance = cells.required_money("opening_balance");
            let forecast_balance = cells.required_money("forecast_balance");
            let (portfolio, reserve, quarter) = (portfolio?, reserve?, quarter?);
            parser.unique(
                &mut seen,
                format!("{portfolio} {reserve:?} {quarter}"),
                cells,
                "reserve",
            );
            Some(EarmarkedReserveRecord {
                portfolio,
                reserve,
                quarter,
                opening_balance: opening_balance?,
                forecast_balance: forecast_balance?,
            })
        });
        self.dataset.finance.earmarked_reserves = records;
    }

    fn traded_services(&mut self, table: &Table, portfolios: &PortfolioNames) {
        let mut seen = HashMap::new();
        let records = self.rows("traded_services", table, |cells, parser| {
            let service = cells.required("service").map(str::to_owned);
            let quarter = cells.quarter();
            let portfolio = if cells.text("portfolio").is_empty() {
                Some(None)
            } else {
                cells.portfolio("portfolio", portfolios, quarter.map(|q| q.year()), false)
            };
            let area = cells.optional("area");
            let transferred = cells.money("transferred_to_reserves").ok()?;
            let trading = cells.choice("trading", &Trading::ALL, Trading::code);
            let income = cells.required_money("income");
            let expenditure = cells.money("expenditure").ok()?;
            let income_target = cells.money("income_target").ok()?;
            let (service, quarter, trading, portfolio) = (service?, quarter?, trading?, portfolio?);
            let held = parser
                .context
                .existing
                .finance
                .traded_services
                .iter()
                .find(|t| {
                    t.service == service
                        && t.quarter == quarter
                        && t.portfolio == portfolio
                        && t.area == area
                });
            let expenditure = kept(cells, "expenditure", expenditure, held.map(|h| h.expenditure));
            let income_target =
                kept(cells, "income_target", income_target, held.map(|h| h.income_target));
            match trading {
                Trading::Fully if expenditure.is_none() => cells.fail("expenditure", "a fully traded service needs its expenditure, so its contribution can be worked out".into()),
                Trading::Partially if income_target.is_none() => cells.fail("income_target", "a partially traded service needs its income target".into()),
                _ => {}
            }
            // A name is unique within its portfolio and area: two areas may each have a "Catering".
            parser.unique(&mut seen, format!("{portfolio:?} {area:?} {service:?} {quarter}"), cells, "service");
            let transferred_to_reserves = kept(cells, "transferred_to_reserves", transferred, held.map(|h| h.transferred_to_reserves));
            Some(TradedServiceRecord { portfolio, area, service, quarter, trading, income: income?, expenditure, income_target, transferred_to_reserves })
        });
        self.dataset.finance.traded_services = records;
    }

    fn aged_debt(&mut self, table: &Table) {
        let bands = self.context.settings.finance.debt_bands.clone();
        let mut seen = HashMap::new();
        let rows = self.rows("aged_debt", table, |cells, parser| {
            let department = cells.required("department").map(str::to_owned);
            let quarter = cells.quarter();
            let band = cells.required("band").and_then(|text| {
                bands
                    .iter()
                    .find(|b| b.trim().eq_ignore_ascii_case(text.trim()))
                    .cloned()
            });
            if band.is_none() && !cells.text("band").is_empty() {
                let text = cells.text("band").to_owned();
                cells.fail(
                    "band",
                    format!(
                        "{text:?} is not one of the aged debt bands settings.toml names: {}",
                        bands.join(", ")
                    ),
                );
            }
            let amount = cells.required_money("amount");
            let (department, quarter, band, amount) = (department?, quarter?, band?, amount?);
            parser.unique(
                &mut seen,
                format!("{department:?} {band:?} {quarter}"),
                cells,
                "band",
            );
            Some((department, quarter, band, amount))
        });
        // A record per department and quarter, its bands in the settings' order.
        let mut records: Vec<AgedDebtRecord> = Vec::new();
        for (department, quarter, _, _) in &rows {
            if records
                .iter()
                .any(|r| &r.department == department && r.quarter == *quarter)
            {
                continue;
            }
            let amount = |band: &String| {
                rows.iter()
                    .find(|(d, q, b, _)| d == department && q == quarter && b == band)
                    .map_or(Decimal::ZERO, |row| row.3)
            };
            records.push(AgedDebtRecord {
                department: department.clone(),
                quarter: *quarter,
                debt: AgedDebt {
                    bands: bands.iter().map(amount).collect(),
                },
                bands: bands.clone(),
            });
        }
        self.dataset.finance.aged_debt = records;
    }

    fn debt_written_off(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("debt_written_off", table, |cells, parser| {
            let department = cells.required("department").map(str::to_owned);
            let quarter = cells.quarter();
            let amount = cells.required_money("amount");
            let (department, quarter, amount) = (department?, quarter?, amount?);
            if amount < Decimal::ZERO {
                cells.fail("amount", "an amount written off is a positive sum".into());
            }
            parser.unique(
                &mut seen,
                format!("{department:?} {quarter}"),
                cells,
                "department",
            );
            Some(WrittenOffRecord {
                department,
                quarter,
                amount,
            })
        });
        self.dataset.finance.debt_written_off = records;
    }

    fn reconciling_items(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("reconciling_items", table, |cells, parser| {
            let quarter = cells.quarter();
            let name = cells.required("name").map(str::to_owned);
            let amount = cells.required_money("amount");
            let (quarter, name, amount) = (quarter?, name?, amount?);
            parser.unique(&mut seen, format!("{name:?} in {quarter}"), cells, "name");
            Some(ReconcilingRecord {
                quarter,
                name,
                amount,
            })
        });
        self.dataset.finance.reconciling_items = records;
    }

    fn grants(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("grants", table, |cells, parser| {
            let id = cells.id("id");
            let quarter = cells.quarter();
            let title = cells.required("title").map(str::to_owned);
            let awarding_body = cells.required("awarding_body").map(str::to_owned);
            let ring_fenced = cells.yes_no("ring_fenced", true);
            let brought_forward = cells.money_or_zero("brought_forward");
            let expected = cells.required_money("expected");
            let forecast_spend = cells.required_money("forecast_spend");
            let (id, quarter) = (id?, quarter?);
            parser.unique(&mut seen, format!("{id} {quarter}"), cells, "quarter");
            let held = parser
                .context
                .existing
                .finance
                .grants
                .iter()
                .find(|g| g.id == id && g.quarter == quarter)
                .map(|g| g.brought_forward);
            Some(GrantRecord {
                id,
                quarter,
                title: title?,
                awarding_body: awarding_body?,
                ring_fenced: ring_fenced?,
                brought_forward: kept(cells, "brought_forward", brought_forward?, held),
                expected: expected?,
                forecast_spend: forecast_spend?,
            })
        });
        self.dataset.finance.grants = records;
    }
}
