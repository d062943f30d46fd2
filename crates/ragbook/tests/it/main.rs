//! The `ragbook` command run as a user runs it: the real binary, in a temporary folder.

// Test helpers may panic on a broken fixture: that is a failed test, not a crash.
#![allow(clippy::unwrap_used)]

mod accounts;
mod city;
mod crash;
mod finance;
mod package;
mod rate;
mod report;
mod rollup;
mod service;
mod window;
mod years;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `ragbook` with `args` in `dir`, feeding `stdin`.
pub fn ragbook(dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ragbook"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ragbook starts");
    // ragbook may exit (on a bad argument) before reading its input; that is not a failure here.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("ragbook finishes")
}

/// Runs `ragbook` with `args` in `dir`: its exit code, and what it printed (out, then err).
pub fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = ragbook(dir, args, "");
    (
        output.status.code(),
        format!("{}{}", text(&output.stdout), text(&output.stderr)),
    )
}

/// The bundled sample folder.
pub fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/derbyshire-q2-2023-24")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
