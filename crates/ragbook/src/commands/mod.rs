//! One module per command.

pub mod demo;
pub mod history;
pub mod package;
pub mod rate;
pub mod report;
pub mod rollup;
pub mod schemes;
pub mod serve;
pub mod service;
pub mod users;
