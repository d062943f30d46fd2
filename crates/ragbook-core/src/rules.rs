//! The rules an organisation's settings name, loaded and checked once: the measure key, the
//! deliverable vocabulary, the roll-up rules and the finance keys. Every user of a quarter (the
//! view, `check`, the reports, the web app) borrows them from one [`Rulebook`], so the settings
//! are read in one place.

use crate::finance::PrudentBand;
use crate::quarter::Rules;
use crate::rating::{MeasureScheme, Scheme};
use crate::rollup::Rollup;
use crate::settings::Settings;

/// The finance keys budget monitoring is rated by, and the prudent range of the reserve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceKeys {
    /// The key service lines are rated by.
    pub service_lines: Scheme,
    /// The key portfolios, corporate lines and the totals are rated by.
    pub portfolios: Scheme,
    /// The key savings are rated by.
    pub savings: Scheme,
    /// The prudent range of the general reserve.
    pub prudent: PrudentBand,
}

/// The schemes and roll-ups the settings name, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rulebook {
    /// The measure key.
    pub measures: Scheme,
    /// The deliverable vocabulary.
    pub deliverables: Scheme,
    /// How a priority's deliverables roll up.
    pub deliverable_rollup: Rollup,
    /// How a priority's measures roll up.
    pub measure_rollup: Rollup,
    /// The finance keys.
    pub finance: FinanceKeys,
}

/// Settings that name a scheme or rule that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(pub String);

fn finance_key(setting: &str, name: &str) -> Result<Scheme, RulesError> {
    let scheme = Scheme::shipped(name).map_err(|e| RulesError(e.to_string()))?;
    if scheme.finance.is_none() {
        return Err(RulesError(format!(
            "[finance] {setting} = {name:?} is not a finance key (it has no [finance] bands)"
        )));
    }
    Ok(scheme)
}

impl Rulebook {
    /// Loads and checks the schemes and roll-up rules `settings` name.
    pub fn new(settings: &Settings) -> Result<Rulebook, RulesError> {
        let error = |e: &dyn std::fmt::Display| RulesError(e.to_string());
        let measures = Scheme::shipped(&settings.ratings.measures).map_err(|e| error(&e))?;
        let deliverables =
            Scheme::shipped(&settings.ratings.deliverables).map_err(|e| error(&e))?;
        MeasureScheme::new(&measures).map_err(|e| error(&e))?;
        let deliverable_rollup = settings
            .rollup
            .deliverables
            .for_scheme(&deliverables)
            .map_err(|e| error(&e))?;
        let measure_rollup = settings
            .rollup
            .measures
            .for_scheme(&measures)
            .map_err(|e| error(&e))?;
        let f = &settings.finance;
        let finance = FinanceKeys {
            service_lines: finance_key("service_lines", &f.service_lines)?,
            portfolios: finance_key("portfolios", &f.portfolios)?,
            savings: finance_key("savings", &f.savings)?,
            prudent: f.prudent_band().ok_or_else(|| {
                RulesError("[finance] reserve_low and reserve_high should be percentages".into())
            })?,
        };
        Ok(Rulebook {
            measures,
            deliverables,
            deliverable_rollup,
            measure_rollup,
            finance,
        })
    }

    /// The performance rules, borrowed.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            measures: MeasureScheme::new(&self.measures)
                .unwrap_or_else(|_| unreachable!("checked in Rulebook::new")),
            deliverables: &self.deliverables,
            deliverable_rollup: &self.deliverable_rollup,
            measure_rollup: &self.measure_rollup,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_settings_load_and_a_measure_key_is_not_a_finance_key() {
        let settings = Settings::from_toml("").unwrap();
        let book = Rulebook::new(&settings).unwrap();
        assert_eq!(
            book.finance.savings.name,
            Scheme::shipped("savings").unwrap().name
        );
        let wrong = Settings::from_toml("[finance]\nsavings = \"county\"\n").unwrap();
        let error = Rulebook::new(&wrong).unwrap_err().to_string();
        assert!(
            error.contains("savings = \"county\" is not a finance key"),
            "{error}"
        );
        let unknown = Settings::from_toml("[ratings]\nmeasures = \"borough\"\n").unwrap();
        assert!(Rulebook::new(&unknown).is_err());
    }
}
