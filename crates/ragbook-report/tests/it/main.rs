//! Integration tests of the report, one binary.

// Test helpers may panic on a broken fixture: that is a failed test, not a crash.
#![allow(clippy::unwrap_used)]

mod cabinet;
mod check;
mod city;
mod reference;
mod service_plan;
mod wheels;

use std::path::PathBuf;

use ragbook_core::dataset::Dataset;
use ragbook_core::rules::Rulebook;
use ragbook_core::settings::Settings;
use ragbook_io::package::read_package;
use ragbook_report::{Report, build};

/// A package of the repository, read as `ragbook import` reads it.
pub fn package(relative: &str) -> (Dataset, Settings) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    let package = read_package(&path, None, &Dataset::default(), "").unwrap();
    (
        package.dataset,
        Settings::from_toml(&package.settings).unwrap(),
    )
}

/// The report of `relative`'s package for `quarter`.
pub fn report(relative: &str, quarter: &str) -> Report {
    let (data, settings) = package(relative);
    let book = Rulebook::new(&settings).unwrap();
    build(&data, &settings, &book, quarter.parse().unwrap()).unwrap()
}

pub mod render;
