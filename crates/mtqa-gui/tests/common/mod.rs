//! Helpers shared by the app's tests; the fixtures every crate shares are in
//! `mtqa_testkit::fixtures`.

#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use mtqa_testkit::fixtures::*;

/// The `mtqa` binary of this build (`target/<profile>/mtqa`, beside the folder of this
/// test binary): the app's tests run it as the pipeline that works on the same files.
/// `cargo test --workspace` builds it (the binary package's own tests need it).
fn mtqa_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>")
        .join(format!("mtqa{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo test --workspace`",
        bin.display()
    );
    bin
}

/// Runs `mtqa` with `args` in `dir`.
pub fn mtqa_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(mtqa_bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run mtqa")
}
