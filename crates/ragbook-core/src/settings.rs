//! An organisation's settings, kept in its data package as `settings.toml`: what the levels of
//! its plan and its kinds of item are called, which rating schemes it uses, and how priorities
//! roll up. Every section is optional; the defaults are the county report's.

use serde::Deserialize;

use crate::plan::{KindNames, LevelName};
use crate::rollup::RollupSettings;

/// An organisation's settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Level names from the top: `[{ singular = "Theme", plural = "Themes" }, ...]`.
    #[serde(default = "county_levels")]
    pub levels: Vec<LevelName>,
    /// What each kind of item is called.
    #[serde(default)]
    pub names: KindNames,
    /// Which schemes rate measures and deliverables.
    #[serde(default)]
    pub ratings: RatingSettings,
    /// How priorities' overall ratings are worked out.
    #[serde(default)]
    pub rollup: RollupSettings,
    /// The report's own words.
    #[serde(default)]
    pub report: ReportSettings,
    /// How strict `ragbook check` is.
    #[serde(default)]
    pub checks: CheckSettings,
    /// Budget monitoring: the finance keys and the prudent range of the general reserve.
    #[serde(default)]
    pub finance: FinanceSettings,
    /// The quarterly update cycle.
    #[serde(default)]
    pub cycle: CycleSettings,
    /// The strategic risk matrices (threats and opportunities).
    #[serde(default)]
    pub risks: crate::city::RiskMatrices,
    /// The council-wide text every departmental service plan prints.
    #[serde(default)]
    pub service_plans: ServicePlanSettings,
}

/// The council-wide text of the service plans (one record, printed the same in every plan), and
/// how their key risks are chosen from the departmental registers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServicePlanSettings {
    /// The council's ambition (blank lines between paragraphs).
    pub ambition: Option<String>,
    /// The council's values, in order.
    pub values: Vec<String>,
    /// The departmental registers' matrix: 5x5 by default.
    pub risk_matrix: crate::city::risk::Matrix,
    /// The score from which a register's risk is one of the plan's key risks.
    pub key_risk_score: u8,
    /// The forward procurement plan's band floors in pounds, lowest first: a contract is in the
    /// highest band whose floor its value exceeds; the lowest floor is the plan's minimum.
    pub procurement_bands: Vec<rust_decimal::Decimal>,
}

impl Default for ServicePlanSettings {
    fn default() -> Self {
        ServicePlanSettings {
            ambition: None,
            values: Vec::new(),
            risk_matrix: crate::city::risk::Matrix::threats_5x5(),
            key_risk_score: 15,
            procurement_bands: vec![
                rust_decimal::Decimal::from(25_000),
                rust_decimal::Decimal::from(50_000),
                rust_decimal::Decimal::from(214_904),
            ],
        }
    }
}

/// How the quarterly update cycle runs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CycleSettings {
    /// Whoever submitted an update may not approve it. On by default; a council whose
    /// performance team is one person turns it off, and each such approval says so in the
    /// history.
    pub separate_duties: bool,
}

impl Default for CycleSettings {
    fn default() -> Self {
        CycleSettings {
            separate_duties: true,
        }
    }
}

/// Budget monitoring settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FinanceSettings {
    /// The key service lines are rated by (a shipped scheme with `[finance]` bands).
    pub service_lines: String,
    /// The key portfolios and corporate lines are rated by.
    pub portfolios: String,
    /// The key savings are rated by.
    pub savings: String,
    /// The lowest prudent general reserve, as a share of the net budget requirement ("3%").
    pub reserve_low: String,
    /// The highest prudent general reserve ("5%").
    pub reserve_high: String,
    /// How many decimal places the reserve's share of the net budget requirement is shown
    /// to (councils print 8.89%).
    pub reserve_places: u32,
    /// The aged debt bands, in order, as the report heads them.
    pub debt_bands: Vec<String>,
    /// What an appendix with nothing to show this quarter does.
    pub empty_appendices: EmptyAppendices,
}

/// What an appendix with nothing to show does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyAppendices {
    /// It keeps its heading and says "None this quarter".
    #[default]
    SayNone,
    /// It is left out.
    LeaveOut,
}

impl Default for FinanceSettings {
    fn default() -> Self {
        FinanceSettings {
            service_lines: "service-lines".into(),
            portfolios: "portfolios".into(),
            savings: "savings".into(),
            reserve_low: "3%".into(),
            reserve_high: "5%".into(),
            reserve_places: 2,
            debt_bands: crate::finance::AGE_BANDS.map(str::to_owned).to_vec(),
            empty_appendices: EmptyAppendices::SayNone,
        }
    }
}

impl FinanceSettings {
    /// The prudent band, if both ends are percentages and the low end is not above the high.
    pub fn prudent_band(&self) -> Option<crate::finance::PrudentBand> {
        let fraction = |text: &str| -> Option<rust_decimal::Decimal> {
            let percent: rust_decimal::Decimal =
                text.trim().strip_suffix('%')?.trim().parse().ok()?;
            Some(percent / rust_decimal::Decimal::ONE_HUNDRED)
        };
        let (low, high) = (fraction(&self.reserve_low)?, fraction(&self.reserve_high)?);
        (low <= high).then_some(crate::finance::PrudentBand { low, high })
    }
}

/// Text the quarterly report uses that is the organisation's own, not derived from data, and
/// the choices of what it prints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The introduction's opening paragraphs (blank lines between paragraphs).
    pub introduction: Option<String>,
    /// Where readers send feedback, e.g. an email address.
    pub feedback: Option<String>,
    /// The notes section's text.
    pub notes: Option<String>,
    /// How officers write about an item each quarter.
    #[serde(default)]
    pub text: TextFormat,
    /// The title of a section listing every item rated at the bottom of its key ("Rated as
    /// Requiring Action"); without one the report has no such section.
    pub requiring_action: Option<String>,
    /// How the summary sentences give the number of items per rating.
    #[serde(default)]
    pub summary: SummaryStyle,
    /// Which quarterly report the plan's style calls for, when `ragbook report` is not told.
    #[serde(default)]
    pub style: ReportStyle,
}

/// The shape of an organisation's quarterly report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStyle {
    /// A county Council Plan report: priorities, deliverables and key measures, with overall
    /// ratings.
    #[default]
    County,
    /// A city report: key highlights, then one part per theme with one table of milestones,
    /// measures, projects and risks per priority, and the risk heat maps.
    City,
}

/// How the summary sentences count items per rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryStyle {
    /// "33 have been rated as 'Good'".
    #[default]
    Counts,
    /// "73% have been rated as 'Good'": shares that add to 100 as printed.
    Percentages,
    /// "33 (73%) have been rated as 'Good'".
    Both,
}

/// How officers write about an item each quarter. Councils change format between years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    /// Commentary on progress, plus an issue and a response for items needing review or
    /// action (the newer county format).
    #[default]
    IssueAndResponse,
    /// One commentary per item, whatever its rating (the older format).
    SingleCommentary,
}

/// Thresholds for `ragbook check`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// A figure that moves more than this from the previous quarter's (relative to it) is
    /// flagged for a second look, e.g. "50%".
    #[serde(default = "default_jump")]
    pub jump: String,
}

fn default_jump() -> String {
    "50%".into()
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            jump: default_jump(),
        }
    }
}

impl CheckSettings {
    /// The jump tolerance as a fraction (50% is 0.5).
    pub fn jump_fraction(&self) -> Option<rust_decimal::Decimal> {
        let percent: rust_decimal::Decimal =
            self.jump.trim().strip_suffix('%')?.trim().parse().ok()?;
        Some(percent / rust_decimal::Decimal::ONE_HUNDRED)
    }
}

/// Which rating schemes an organisation uses: shipped names (`county`, `city`, `deliverables`,
/// `milestones`...).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingSettings {
    /// The key for measures.
    #[serde(default = "county")]
    pub measures: String,
    /// The vocabulary for deliverables.
    #[serde(default = "deliverables")]
    pub deliverables: String,
}

fn county() -> String {
    "county".into()
}

fn deliverables() -> String {
    "deliverables".into()
}

fn county_levels() -> Vec<LevelName> {
    vec![LevelName {
        singular: "Priority".into(),
        plural: "Priorities".into(),
    }]
}

impl Default for RatingSettings {
    fn default() -> Self {
        RatingSettings {
            measures: county(),
            deliverables: deliverables(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: county_levels(),
            names: KindNames::default(),
            ratings: RatingSettings::default(),
            rollup: RollupSettings::default(),
            report: ReportSettings::default(),
            checks: CheckSettings::default(),
            finance: FinanceSettings::default(),
            cycle: CycleSettings::default(),
            risks: crate::city::RiskMatrices::default(),
            service_plans: ServicePlanSettings::default(),
        }
    }
}

/// Settings text that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

impl Settings {
    /// Parses settings TOML; an empty text gives the defaults.
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let settings: Settings = toml::from_str(text).map_err(|e| SettingsError(e.to_string()))?;
        if settings.checks.jump_fraction().is_none() {
            return Err(SettingsError(format!(
                "[checks] jump = {:?} should be a percentage such as \"50%\"",
                settings.checks.jump
            )));
        }
        if settings.finance.prudent_band().is_none() {
            return Err(SettingsError(format!(
                "[finance] reserve_low = {:?} and reserve_high = {:?} should be percentages, low first, such as \"3%\" and \"5%\"",
                settings.finance.reserve_low, settings.finance.reserve_high
            )));
        }
        if settings.levels.is_empty() {
            return Err(SettingsError(
                "`levels` must name at least one level (e.g. Priority)".into(),
            ));
        }
        let bands = &settings.finance.debt_bands;
        let distinct: std::collections::HashSet<String> =
            bands.iter().map(|b| b.trim().to_lowercase()).collect();
        if bands.is_empty() || distinct.len() != bands.len() || distinct.contains("") {
            return Err(SettingsError(format!(
                "[finance] debt_bands = {bands:?} should name each aged debt band once, in order, such as [\"0-30 days\", \"31-365 days\", \"Over 1 year\"]"
            )));
        }
        settings
            .risks
            .validate()
            .map_err(|e| SettingsError(format!("[risks] {e}")))?;
        settings
            .service_plans
            .risk_matrix
            .validate()
            .map_err(|e| SettingsError(format!("[service_plans.risk_matrix] {e}")))?;
        let floors = &settings.service_plans.procurement_bands;
        if floors.is_empty() || !floors.windows(2).all(|w| w[0] < w[1]) {
            return Err(SettingsError(format!(
                "[service_plans] procurement_bands = {floors:?} should be rising amounts in pounds, such as [\"25000\", \"50000\", \"214904\"]"
            )));
        }
        if settings.finance.reserve_places > 6 {
            return Err(SettingsError(format!(
                "[finance] reserve_places = {} should be 0 to 6",
                settings.finance.reserve_places
            )));
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_settings_are_the_county_defaults() {
        let settings = Settings::from_toml("").unwrap();
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.levels[0].plural, "Priorities");
        assert_eq!(settings.ratings.measures, "county");
    }

    #[test]
    fn a_city_names_its_levels_and_kinds() {
        let settings = Settings::from_toml(
            r#"
            levels = [{ singular = "Theme", plural = "Themes" }, { singular = "Priority", plural = "Priorities" }]
            [names]
            deliverable = "Milestone"
            measure = "Priority measure"
            project = "Priority project"
            risk = "Strategic risk"
            [ratings]
            measures = "city"
            deliverables = "milestones"
            "#,
        )
        .unwrap();
        assert_eq!(settings.levels.len(), 2);
        assert_eq!(settings.names.deliverable, "Milestone");
    }

    #[test]
    fn service_plan_settings_read_and_bad_bands_are_refused() {
        let settings = Settings::from_toml(
            "[service_plans]\nprocurement_bands = [\"25000\", \"60000\", \"250000\"]\nkey_risk_score = 16",
        )
        .unwrap();
        assert_eq!(
            settings.service_plans.procurement_bands[1],
            rust_decimal::Decimal::from(60_000)
        );
        assert_eq!(settings.service_plans.key_risk_score, 16);
        assert_eq!(
            settings.service_plans.risk_matrix.size(),
            5,
            "5x5 by default"
        );
        let error =
            Settings::from_toml("[service_plans]\nprocurement_bands = [\"50000\", \"25000\"]")
                .unwrap_err()
                .to_string();
        assert!(error.contains("should be rising amounts"), "{error}");
    }

    #[test]
    fn typos_are_caught() {
        let error = Settings::from_toml("[ratings]\nmeasure = \"city\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown field `measure`"), "{error}");
    }
}
