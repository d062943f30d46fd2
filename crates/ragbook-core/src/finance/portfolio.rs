//! Portfolios change between years: renamed, merged, split. Each keeps one id for its life,
//! the names it has gone by (with the year each began) and aliases finance systems use, and
//! says which portfolios took over its budgets when it ended, so a year's figures can be
//! found by whatever name a file uses and compared with the year before.

use serde::{Deserialize, Serialize};

use crate::period::FinancialYear;
use crate::plan::ItemId;

/// A name a portfolio went by from a year on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioName {
    /// The name.
    pub name: String,
    /// The first year it was used.
    pub from: FinancialYear,
}

/// A portfolio over its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    /// Stable id, kept through renames.
    pub id: ItemId,
    /// Its names, oldest first; the first is its name from its first year.
    pub names: Vec<PortfolioName>,
    /// Other names finance files use for it, in any year ("Adult Care").
    pub aliases: Vec<String>,
    /// The last year it existed, if it has ended.
    pub last_year: Option<FinancialYear>,
    /// The portfolios that took over its budgets when it ended (one when merged, several
    /// when split).
    pub successors: Vec<ItemId>,
}

/// Why a set of portfolios, or a name looked up in it, cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortfolioError {
    /// The portfolio has no names.
    #[error("portfolio {0} has no name")]
    Unnamed(ItemId),
    /// Two portfolios share an id.
    #[error("portfolio {0} is defined twice")]
    Duplicate(ItemId),
    /// A successor is not a portfolio.
    #[error("portfolio {0} names {1} as its successor, but there is no portfolio {1}")]
    UnknownSuccessor(ItemId, ItemId),
    /// Two portfolios answer to the same name in the same year.
    #[error("in {year}, {name:?} could mean portfolio {first} or {second}")]
    Ambiguous {
        /// The name.
        name: String,
        /// The year.
        year: FinancialYear,
        /// One portfolio it could mean.
        first: ItemId,
        /// Another.
        second: ItemId,
    },
    /// No portfolio answers to the name in the year.
    #[error("no portfolio is called {name:?} in {year}")]
    Unknown {
        /// The name.
        name: String,
        /// The year.
        year: FinancialYear,
    },
}

impl Portfolio {
    /// The first year it existed.
    pub fn first_year(&self) -> Option<FinancialYear> {
        self.names.first().map(|n| n.from)
    }

    /// Whether it existed in `year`.
    pub fn exists_in(&self, year: FinancialYear) -> bool {
        self.first_year().is_some_and(|first| first <= year)
            && self.last_year.is_none_or(|last| year <= last)
    }

    /// Its name in `year`, if it existed then.
    pub fn name_in(&self, year: FinancialYear) -> Option<&str> {
        if !self.exists_in(year) {
            return None;
        }
        self.names
            .iter()
            .rfind(|n| n.from <= year)
            .map(|n| n.name.as_str())
    }

    /// Whether `text` is its id, any of its names, or an alias (ignoring case and spaces
    /// around).
    /// Whether `text` is its id, a name it ever had or an alias (case aside).
    pub fn answers_to(&self, text: &str) -> bool {
        let text = text.trim();
        self.id.as_str().eq_ignore_ascii_case(text)
            || self.names.iter().any(|n| n.name.eq_ignore_ascii_case(text))
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(text))
    }
}

/// Every portfolio an organisation has had, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Portfolios(Vec<Portfolio>);

impl Portfolios {
    /// Checks `portfolios`: named, ids unique, successors known, and no name meaning two
    /// portfolios in any year both existed.
    pub fn new(portfolios: Vec<Portfolio>) -> Result<Portfolios, PortfolioError> {
        for (i, p) in portfolios.iter().enumerate() {
            if p.names.is_empty() {
                return Err(PortfolioError::Unnamed(p.id.clone()));
            }
            if portfolios[..i].iter().any(|q| q.id == p.id) {
                return Err(PortfolioError::Duplicate(p.id.clone()));
            }
            if let Some(unknown) = p
                .successors
                .iter()
                .find(|s| !portfolios.iter().any(|q| &q.id == *s))
            {
                return Err(PortfolioError::UnknownSuccessor(
                    p.id.clone(),
                    unknown.clone(),
                ));
            }
        }
        let checked = Portfolios(portfolios);
        for p in &checked.0 {
            for name in p
                .names
                .iter()
                .map(|n| n.name.as_str())
                .chain(p.aliases.iter().map(String::as_str))
            {
                for q in checked
                    .0
                    .iter()
                    .filter(|q| q.id != p.id && q.answers_to(name))
                {
                    if let Some(year) = overlap(p, q) {
                        return Err(PortfolioError::Ambiguous {
                            name: name.to_owned(),
                            year,
                            first: p.id.clone(),
                            second: q.id.clone(),
                        });
                    }
                }
            }
        }
        Ok(checked)
    }

    /// All of them, in the order given.
    pub fn all(&self) -> &[Portfolio] {
        &self.0
    }

    /// Those that existed in `year`.
    pub fn in_year(&self, year: FinancialYear) -> impl Iterator<Item = &Portfolio> {
        self.0.iter().filter(move |p| p.exists_in(year))
    }

    /// The portfolio a file means by `text` (an id, a name it ever had, or an alias) in
    /// `year`.
    pub fn resolve(&self, text: &str, year: FinancialYear) -> Result<&Portfolio, PortfolioError> {
        self.0
            .iter()
            .find(|p| p.exists_in(year) && p.answers_to(text))
            .ok_or_else(|| PortfolioError::Unknown {
                name: text.trim().to_owned(),
                year,
            })
    }

    /// The portfolios in `year` that carry on `id`'s budgets: itself if it still exists,
    /// else its successors', followed through every merge and split.
    pub fn carried_on_by(&self, id: &ItemId, year: FinancialYear) -> Vec<&Portfolio> {
        let mut found: Vec<&Portfolio> = Vec::new();
        let mut queue = vec![id];
        let mut seen: Vec<&ItemId> = Vec::new();
        while let Some(next) = queue.pop() {
            if seen.contains(&next) {
                continue;
            }
            seen.push(next);
            let Some(p) = self.0.iter().find(|p| &p.id == next) else {
                continue;
            };
            if p.exists_in(year) {
                if !found.iter().any(|f| f.id == p.id) {
                    found.push(p);
                }
            } else if p.last_year.is_some_and(|last| last < year) {
                queue.extend(p.successors.iter().rev());
            }
        }
        found
    }
}

/// A year in which both portfolios existed, if any.
fn overlap(p: &Portfolio, q: &Portfolio) -> Option<FinancialYear> {
    let start = p.first_year()?.max(q.first_year()?);
    let end = match (p.last_year, q.last_year) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    end.is_none_or(|end| start <= end).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(start: u16) -> FinancialYear {
        FinancialYear::starting(start)
    }

    fn id(text: &str) -> ItemId {
        ItemId::new(text).unwrap()
    }

    fn portfolio(
        key: &str,
        names: &[(&str, u16)],
        last: Option<u16>,
        successors: &[&str],
    ) -> Portfolio {
        Portfolio {
            id: id(key),
            names: names
                .iter()
                .map(|(name, from)| PortfolioName {
                    name: (*name).into(),
                    from: year(*from),
                })
                .collect(),
            aliases: Vec::new(),
            last_year: last.map(year),
            successors: successors.iter().map(|s| id(s)).collect(),
        }
    }

    fn council() -> Portfolios {
        let mut adults = portfolio(
            "ASC",
            &[("Adult Care", 2021), ("Adult Social Care and Health", 2023)],
            None,
            &[],
        );
        adults.aliases.push("ASCH".into());
        Portfolios::new(vec![
            adults,
            // Two portfolios merged into one in 2024-25.
            portfolio("HWY", &[("Highways", 2021)], Some(2023), &["ITE"]),
            portfolio("TRN", &[("Transport", 2021)], Some(2023), &["ITE"]),
            portfolio(
                "ITE",
                &[("Infrastructure and Environment", 2024)],
                None,
                &[],
            ),
            // One split into two in 2023-24.
            portfolio(
                "CS",
                &[("Corporate Services", 2021)],
                Some(2022),
                &["FIN", "ODP"],
            ),
            portfolio("FIN", &[("Finance and Budget", 2023)], None, &[]),
            portfolio("ODP", &[("Organisation and People", 2023)], None, &[]),
        ])
        .unwrap()
    }

    #[test]
    fn a_renamed_portfolio_is_found_by_any_of_its_names_and_keeps_its_id() {
        let portfolios = council();
        let old = portfolios.resolve("Adult Care", year(2022)).unwrap();
        let new = portfolios
            .resolve("adult social care and health ", year(2024))
            .unwrap();
        assert_eq!(old.id, new.id);
        assert_eq!(old.name_in(year(2022)), Some("Adult Care"));
        assert_eq!(
            old.name_in(year(2024)),
            Some("Adult Social Care and Health")
        );
        assert_eq!(
            portfolios.resolve("ASCH", year(2021)).unwrap().id,
            id("ASC")
        );
        assert_eq!(
            portfolios
                .resolve("Highways", year(2024))
                .unwrap_err()
                .to_string(),
            "no portfolio is called \"Highways\" in 2024-25"
        );
    }

    #[test]
    fn merges_and_splits_are_followed_to_the_year_asked_for() {
        let portfolios = council();
        let ids = |from: &str, y: u16| -> Vec<String> {
            portfolios
                .carried_on_by(&id(from), year(y))
                .iter()
                .map(|p| p.id.to_string())
                .collect()
        };
        assert_eq!(ids("HWY", 2023), ["HWY"]);
        assert_eq!(ids("HWY", 2025), ["ITE"]);
        assert_eq!(ids("TRN", 2024), ["ITE"]);
        assert_eq!(ids("CS", 2023), ["FIN", "ODP"]);
        assert_eq!(portfolios.in_year(year(2024)).count(), 4);
        assert_eq!(portfolios.in_year(year(2022)).count(), 4);
    }

    #[test]
    fn a_name_meaning_two_portfolios_at_once_is_refused() {
        let clash = Portfolios::new(vec![
            portfolio("A", &[("Resources", 2021)], None, &[]),
            portfolio("B", &[("Place", 2021), ("Resources", 2024)], None, &[]),
        ]);
        assert_eq!(
            clash.unwrap_err().to_string(),
            "in 2021-22, \"Resources\" could mean portfolio A or B"
        );
        // The same name reused after the first portfolio ended is fine.
        assert!(
            Portfolios::new(vec![
                portfolio("A", &[("Resources", 2021)], Some(2022), &["B"]),
                portfolio("B", &[("Resources", 2023)], None, &[]),
            ])
            .is_ok()
        );
        assert!(matches!(
            Portfolios::new(vec![portfolio("A", &[("X", 2021)], Some(2022), &["Z"])]),
            Err(PortfolioError::UnknownSuccessor(..))
        ));
    }
}
