//! The data package: the tables a performance officer fills in (as an XLSX workbook or a folder
//! of CSV files) plus `settings.toml`, read with every problem reported at once, and written
//! back out exactly.

pub mod definition;
mod fields;
pub mod parse;
pub mod readme;
pub mod sources;
pub mod write;

use std::path::Path;

use ragbook_core::dataset::Dataset;
use ragbook_core::rating::Scheme;
use ragbook_core::settings::Settings;

use crate::problem::{Location, Problem, Problems};

/// A package read and checked: its records and the settings text in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The records.
    pub dataset: Dataset,
    /// settings.toml's text: the package's own, else the one held, else empty (defaults).
    pub settings: String,
    /// Files in the package folder that are not tables (notes, Word files), left alone.
    pub ignored: Vec<String>,
    /// Earlier plans' own settings, by plan id: each a plan held or in the package.
    pub plan_settings: write::PlanSettings,
}

/// Reads and checks the package at `path` against what is held (`existing` records and their
/// `existing_settings` text). `settings_file` overrides the package's own settings.toml.
pub fn read_package(
    path: &Path,
    settings_file: Option<&Path>,
    existing: &Dataset,
    existing_settings: &str,
) -> Result<Package, Problems> {
    let raw = sources::read(path, settings_file)?;
    let settings_text = raw
        .settings
        .clone()
        .unwrap_or_else(|| existing_settings.to_owned());
    let settings_location = || Location {
        file: settings_file
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| format!("{} (settings)", path.display())),
        sheet: None,
        row: None,
        column: None,
    };
    let settings = Settings::from_toml(&settings_text).map_err(|error| {
        Problems(vec![Problem {
            location: settings_location(),
            message: error.to_string(),
        }])
    })?;
    let scheme_problem = |message: String| {
        Problems(vec![Problem {
            location: settings_location(),
            message,
        }])
    };
    // Settings that read but cannot rate (a roll-up naming a category its scheme lacks) are
    // refused here, not found unusable after they are held.
    ragbook_core::rules::Rulebook::new(&settings).map_err(|e| scheme_problem(e.to_string()))?;
    let deliverable_scheme = Scheme::shipped(&settings.ratings.deliverables)
        .map_err(|e| scheme_problem(format!("[ratings] deliverables: {e}")))?;
    if deliverable_scheme.measures.is_some() {
        return Err(scheme_problem(format!(
            "[ratings] deliverables: {:?} rates measures; deliverables need a vocabulary such as deliverables or milestones",
            settings.ratings.deliverables
        )));
    }
    let measure_scheme = Scheme::shipped(&settings.ratings.measures)
        .map_err(|e| scheme_problem(format!("[ratings] measures: {e}")))?;
    if measure_scheme.measures.is_none() {
        return Err(scheme_problem(format!(
            "[ratings] measures: {:?} is a vocabulary for rating by hand; measures need a key such as county or city",
            settings.ratings.measures
        )));
    }
    let context = parse::Context {
        measure_scheme: &measure_scheme,
        settings: &settings,
        deliverable_scheme: &deliverable_scheme,
        existing,
    };
    let dataset = parse::parse(&raw, &context)?;
    check_plan_settings(&raw, path, existing, &dataset)?;
    Ok(Package {
        dataset,
        settings: settings_text,
        ignored: raw.ignored,
        plan_settings: raw.plan_settings,
    })
}

/// Each earlier plan's own settings name a plan held or in the package, and are settings.
fn check_plan_settings(
    raw: &sources::RawPackage,
    path: &Path,
    existing: &Dataset,
    dataset: &Dataset,
) -> Result<(), Problems> {
    let mut problems = Vec::new();
    for (plan, text) in &raw.plan_settings {
        let location = Location {
            file: format!("{} (settings.{plan}.toml)", path.display()),
            sheet: None,
            row: None,
            column: None,
        };
        let known = existing
            .plans
            .iter()
            .chain(&dataset.plans)
            .any(|p| p.id.as_str() == plan);
        if !known {
            problems.push(Problem {
                location: location.clone(),
                message: format!(
                    "{plan} is not a plan (see the plan table): these settings belong to no plan"
                ),
            });
        } else if let Err(error) = Settings::from_toml(text) {
            problems.push(Problem {
                location,
                message: error.to_string(),
            });
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems))
    }
}
