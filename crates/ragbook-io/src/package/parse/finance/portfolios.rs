//! Portfolios in a package: the portfolios table with its successors and renames, how a row
//! may name a portfolio (id, name or alias, or cross-portfolio), and the checks on them as a
//! whole.

use std::collections::{HashMap, HashSet};

use ragbook_core::finance::{FinanceData, PortfolioRecord, PortfolioRename, Portfolios};
use ragbook_core::period::FinancialYear;
use ragbook_core::plan::ItemId;

use super::kept;
use crate::package::definition::finance::CROSS_PORTFOLIO;
use crate::package::parse::{Cells, Parser};
use crate::problem::{Location, Problem};
use crate::table::Table;

/// How a package may name a portfolio: by its id, or by a name or alias it has (in the row's
/// year, where the row has one), as docs/finance.md says.
pub(super) struct PortfolioNames {
    ids: HashSet<ItemId>,
    checked: Option<Portfolios>,
}

impl PortfolioNames {
    /// The portfolios held, overlaid by the package's (its renames included).
    pub(super) fn new(parser: &Parser<'_>, ids: HashSet<ItemId>) -> PortfolioNames {
        let held = &parser.context.existing.finance;
        let package = &parser.dataset.finance;
        let mut portfolios = held.portfolios.clone();
        for p in &package.portfolios {
            match portfolios.iter_mut().find(|h| h.id == p.id) {
                Some(h) => *h = p.clone(),
                None => portfolios.push(p.clone()),
            }
        }
        let mut portfolio_renames = held.portfolio_renames.clone();
        for r in &package.portfolio_renames {
            portfolio_renames.retain(|h| !(h.portfolio == r.portfolio && h.from == r.from));
            portfolio_renames.push(r.clone());
        }
        let data = FinanceData {
            portfolios,
            portfolio_renames,
            ..FinanceData::default()
        };
        // Portfolios that contradict each other are reported once, by `check_portfolios`.
        PortfolioNames {
            ids,
            checked: data.portfolios().ok(),
        }
    }
}

impl Cells<'_> {
    /// A portfolio named by id, name or alias; `Some(None)` for "cross-portfolio" where
    /// `cross` allows it.
    pub(super) fn portfolio(
        &mut self,
        column: &str,
        names: &PortfolioNames,
        year: Option<FinancialYear>,
        cross: bool,
    ) -> Option<Option<ItemId>> {
        let text = self.text(column).trim().to_owned();
        if text.is_empty() {
            self.fail(
                column,
                "this column must be filled in (a portfolio's id, name or alias)".into(),
            );
            return None;
        }
        if cross && text.eq_ignore_ascii_case(CROSS_PORTFOLIO) {
            return Some(None);
        }
        if let Ok(id) = ItemId::new(&text)
            && names.ids.contains(&id)
        {
            return Some(Some(id));
        }
        let found: Vec<&ItemId> = names
            .checked
            .iter()
            .flat_map(|p| p.all())
            .filter(|p| year.is_none_or(|y| p.exists_in(y)) && p.answers_to(&text))
            .map(|p| &p.id)
            .collect();
        let in_year = year.map(|y| format!(" in {y}")).unwrap_or_default();
        match found.as_slice() {
            [one] => Some(Some((*one).clone())),
            [] => {
                let or_cross = if cross {
                    format!(", or {CROSS_PORTFOLIO}")
                } else {
                    String::new()
                };
                self.fail(column, format!("\"{text}\" is not the id, a name or an alias of a portfolio{in_year} (in this package or held){or_cross}"));
                None
            }
            several => {
                let ids: Vec<String> = several.iter().map(ToString::to_string).collect();
                self.fail(
                    column,
                    format!(
                        "\"{text}\" names more than one portfolio ({}): use the id",
                        ids.join(", ")
                    ),
                );
                None
            }
        }
    }
}

impl Parser<'_> {
    pub(super) fn portfolios(&mut self, table: &Table) {
        let mut seen = HashMap::new();
        let records = self.rows("portfolios", table, |cells, parser| {
            let id = cells.id("id");
            let name = cells.required("name").map(str::to_owned);
            let first = cells.year("first_year").ok().flatten();
            if first.is_none() && cells.text("first_year").is_empty() {
                cells.fail("first_year", "this column must be filled in".into());
            }
            let last = cells.year("last_year").ok()?;
            let (id, name, first) = (id?, name?, first?);
            if last.is_some_and(|last| last < first) {
                cells.fail("last_year", format!("it ends before it starts ({first})"));
            }
            parser.unique(&mut seen, id.clone(), cells, "id");
            let aliases = cells
                .text("aliases")
                .split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            let held = parser
                .context
                .existing
                .finance
                .portfolios
                .iter()
                .find(|p| p.id == id);
            // Successors are read once every portfolio is known (see `successors`).
            Some(PortfolioRecord {
                last_year: kept(cells, "last_year", last, held.map(|h| h.last_year)),
                successors: if cells.has("successors") {
                    Vec::new()
                } else {
                    held.map(|h| h.successors.clone()).unwrap_or_default()
                },
                aliases: kept(cells, "aliases", aliases, held.map(|h| h.aliases.clone())),
                id,
                name,
                first_year: first,
            })
        });
        self.dataset.finance.portfolios = records;
    }

    /// The successors column, checked against every portfolio (a successor usually comes
    /// later in the table).
    pub(super) fn successors(&mut self, table: &Table, known: &HashSet<ItemId>) {
        if !table
            .headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("successors"))
        {
            return;
        }
        let lists = self.rows("portfolios", table, |cells, _| {
            let id = ItemId::new(cells.text("id")).ok()?;
            let mut successors = Vec::new();
            for text in cells
                .text("successors")
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                match ItemId::new(text) {
                    Ok(successor) if known.contains(&successor) => successors.push(successor),
                    _ => cells.fail(
                        "successors",
                        format!("{text:?} is not a portfolio (in this package or held)"),
                    ),
                }
            }
            if !successors.is_empty() && cells.text("last_year").is_empty() {
                cells.fail(
                    "successors",
                    "a portfolio with successors has ended: give its last_year".into(),
                );
            }
            Some((id, successors))
        });
        for (id, successors) in lists {
            if let Some(p) = self
                .dataset
                .finance
                .portfolios
                .iter_mut()
                .find(|p| p.id == id)
            {
                p.successors = successors;
            }
        }
    }

    pub(super) fn portfolio_renames(&mut self, table: &Table, portfolios: &HashSet<ItemId>) {
        let mut seen = HashMap::new();
        let records = self.rows("portfolio_renames", table, |cells, parser| {
            let portfolio = cells.reference("portfolio", portfolios, "portfolios");
            let name = cells.required("name").map(str::to_owned);
            let from = cells.year("from").ok().flatten();
            if from.is_none() && cells.text("from").is_empty() {
                cells.fail("from", "this column must be filled in".into());
            }
            let (portfolio, name, from) = (portfolio?, name?, from?);
            parser.unique(&mut seen, format!("{portfolio} from {from}"), cells, "from");
            Some(PortfolioRename {
                portfolio,
                name,
                from,
            })
        });
        self.dataset.finance.portfolio_renames = records;
    }

    /// Deliverables and measures name portfolios that exist (read before the portfolios are).
    pub(super) fn item_portfolios(&mut self, known: &HashSet<ItemId>) {
        let named = self
            .dataset
            .deliverables
            .iter()
            .map(|d| ("deliverables", "deliverable", &d.id, &d.portfolio))
            .chain(
                self.dataset
                    .measures
                    .iter()
                    .map(|m| ("measures", "measure", &m.id, &m.portfolio)),
            );
        let mut problems = Vec::new();
        for (table, kind, id, portfolio) in named {
            if let Some(portfolio) = portfolio
                && !known.contains(portfolio)
            {
                problems.push(Problem {
                    location: Location {
                        file: "the package".into(),
                        sheet: Some(table.into()),
                        row: None,
                        column: Some("portfolio".into()),
                    },
                    message: format!(
                        "{kind} {id}: \"{portfolio}\" is not in portfolios (in this package or held)"
                    ),
                });
            }
        }
        self.problems.extend(problems);
    }

    /// The portfolios held and imported, together, must not leave a name meaning two at once.
    pub(super) fn check_portfolios(&mut self) {
        let incoming = &self.dataset.finance;
        if incoming.portfolios.is_empty() && incoming.portfolio_renames.is_empty() {
            return;
        }
        let mut merged: FinanceData = FinanceData {
            portfolios: self.context.existing.finance.portfolios.clone(),
            portfolio_renames: self.context.existing.finance.portfolio_renames.clone(),
            ..FinanceData::default()
        };
        merged.merge(FinanceData {
            portfolios: incoming.portfolios.clone(),
            portfolio_renames: incoming.portfolio_renames.clone(),
            ..FinanceData::default()
        });
        if let Err(error) = merged.portfolios() {
            self.problems.push(Problem {
                location: Location {
                    file: "the package".into(),
                    sheet: Some("portfolios".into()),
                    row: None,
                    column: None,
                },
                message: error.to_string(),
            });
        }
    }
}
