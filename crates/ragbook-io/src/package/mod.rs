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
        settings: &settings,
        deliverable_scheme: &deliverable_scheme,
        existing,
    };
    let dataset = parse::parse(&raw, &context)?;
    Ok(Package {
        dataset,
        settings: settings_text,
        ignored: raw.ignored,
    })
}
