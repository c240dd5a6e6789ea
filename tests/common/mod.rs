//! Helpers shared by the integration tests: run the real binary; the fixtures every crate
//! shares are in `mtqa_testkit::fixtures`.

#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::{Command, Output};

pub use mtqa_testkit::fixtures::*;

/// Runs `mtqa` with `args` in `dir`.
pub fn mtqa_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtqa"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run mtqa")
}

/// Runs `mtqa` with `args` in the project root.
pub fn mtqa(args: &[&str]) -> Output {
    mtqa_in(&root(), args)
}
