//! The `ragbook` command. Thin: it reads arguments and the environment, calls the library
//! crates, prints, and chooses the exit code.

mod cli;
mod commands;
mod session;

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
