//! The `ragbook` command. Thin: it reads arguments, calls the library crates and prints.

mod cli;
mod rate;
mod schemes;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
