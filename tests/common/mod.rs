//! Helpers shared by the integration tests: run the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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

/// Parses JSON Lines output.
pub fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// The WMT23 ratings of a pair (`zhen`, `ende`) unpacked into a temporary folder, or
/// `None` without ../shared.
pub fn wmt23(pair: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let archive = root().join(format!(
        "../shared/corpora/wmt23-mqm/sxs_mqm_generalMT2023_{pair}.3ratingsPerSegment.tsv.tar.gz"
    ));
    if !archive.exists() {
        eprintln!("skipped: {} is absent", archive.display());
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = Command::new("tar")
        .arg("xzf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.path())
        .status()
        .expect("tar")
        .success();
    assert!(ok, "tar xzf {}", archive.display());
    let file = dir.path().join(format!(
        "sxs_mqm_generalMT2023_{pair}.3ratingsPerSegment.tsv"
    ));
    Some((dir, file))
}

/// Cases of a property test: `default`, or `MTQA_PROPTEST_CASES` (the long mode, e.g.
/// `MTQA_PROPTEST_CASES=100000 cargo test --release --test props`).
pub fn cases(default: u32) -> u32 {
    std::env::var("MTQA_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
