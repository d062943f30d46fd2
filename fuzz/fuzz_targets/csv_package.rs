//! Any bytes as a CSV table, read and then checked as each kind of package table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ragbook_io::package::definition::TABLES;
use ragbook_io::package::sources::RawPackage;
use ragbook_io::table::Table;

#[path = "context.rs"]
mod context;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = Table::read_csv(data, "fuzz.csv") else {
        return;
    };
    for definition in TABLES {
        let raw = RawPackage { tables: vec![(definition.name, table.clone())], ..RawPackage::default() };
        context::check(&raw);
    }
});
