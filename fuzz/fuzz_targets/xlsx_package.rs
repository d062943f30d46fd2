//! Any bytes as an XLSX workbook, read and checked as a package.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ragbook_io::package::sources::read_workbook_bytes;

#[path = "context.rs"]
mod context;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = read_workbook_bytes(data.to_vec(), "fuzz.xlsx") {
        context::check(&raw);
    }
});
