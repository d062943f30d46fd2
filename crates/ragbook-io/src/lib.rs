//! Files councils exchange with ragbook: CSV tables read with errors that name the file, row
//! and column, the `rate` job over such a table, and all-or-nothing writing of results.
//!
//! This crate does file formats and nothing else: the rules it applies come from
//! `ragbook-core`, and it knows no database, HTTP or command line.

pub mod atomic;
pub mod clock;
pub mod package;
pub mod problem;
pub mod rate;
pub mod table;
