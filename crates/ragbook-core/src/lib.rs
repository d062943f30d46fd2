//! ragbook's domain: a public body's plan, its reporting periods, key measures with values and
//! targets, the rating schemes that turn them into Strong / Good / Review / Action (or Blue /
//! Green / Amber / Red), and the roll-ups and trends a quarterly report is built from.
//!
//! This crate is pure: it does no I/O, knows no SQL, HTTP, Typst, CSV files or command lines,
//! and never uses floating point for a figure. Everything else in ragbook depends on it; it
//! depends on nothing of ragbook's. Schemes and settings arrive as text (TOML) and are parsed
//! here; reading them from disk is the caller's business.

pub mod access;
pub mod check;
pub mod city;
pub mod dataset;
pub mod date;
pub mod figure;
pub mod finance;
pub mod limits;
pub mod measure;
pub mod period;
pub mod placeholder;
pub mod plan;
pub mod quarter;
pub mod rating;
pub mod rollup;
pub mod rounding;
pub mod rules;
pub mod service;
pub mod settings;
pub mod target;
pub mod trend;
pub mod value;

pub use rust_decimal::Decimal;
