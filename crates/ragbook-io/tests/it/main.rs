//! Integration tests of ragbook-io, one binary (see ARCHITECTURE.md).

// Test helpers may panic on a broken fixture: that is a failed test, not a crash.
#![allow(clippy::unwrap_used)]

mod city;
mod fields;
mod finance;
mod package;
mod rate;
mod reference;
mod service;

use std::collections::HashMap;
use std::path::PathBuf;

use ragbook_io::table::Table;

/// A file of the bundled sample of the published county report (Quarter 2 2023-24).
pub fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/derbyshire-q2-2023-24")
        .join(name)
}

/// A sample CSV as a table.
pub fn sample_table(name: &str) -> Table {
    let path = sample(name);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Table::read_csv(file, name).unwrap()
}

/// A sample CSV's rows as maps from heading to cell.
pub fn sample_rows(name: &str) -> Vec<HashMap<String, String>> {
    let table = sample_table(name);
    table
        .rows
        .iter()
        .map(|row| {
            table
                .headers
                .iter()
                .cloned()
                .zip(row.cells.iter().cloned())
                .collect()
        })
        .collect()
}
