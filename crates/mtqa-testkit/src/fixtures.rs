//! Fixtures the tests of every crate share: the project's folders, the WMT23 ratings,
//! reviewers' annotation files of the bundled samples, property-test sizes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (the workspace's folder).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
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

/// One span a test reviewer marks: segment position, quoted text (its first occurrence in
/// the segment), category, severity, comment.
pub type ReviewSpan<'a> = (usize, &'a str, &'a str, mtqa_core::model::Severity, &'a str);

/// Writes `out`, an annotation file of `report` as reviewer `who` would have saved it: the
/// spans given, accepted, made by `who`.
pub fn write_reviewer_file(report: &Path, out: &Path, who: &str, spans: &[ReviewSpan<'_>]) {
    use mtqa_core::annotate::{Anchor, Annotation, Status};
    let bytes = std::fs::read(report).expect("read report");
    let doc = mtqa_core::formats::load(report, &Default::default()).expect("load report");
    let mut sidecar = mtqa_core::project::Sidecar::new(mtqa_core::project::ReportRef {
        file: report
            .file_name()
            .expect("file name")
            .to_string_lossy()
            .to_string(),
        sha256: mtqa_core::digest::sha256_hex(&bytes),
        segments: doc.segments.len(),
    });
    for (k, (seg, quote, category, severity, comment)) in spans.iter().enumerate() {
        let s = &doc.segments[*seg];
        let b = s
            .text
            .find(quote)
            .unwrap_or_else(|| panic!("{quote:?} not in {}", s.id));
        let start = s.text[..b].chars().count();
        let end = start + quote.chars().count();
        sidecar.set.annotations.push(Annotation {
            category: category.to_string(),
            severity: *severity,
            comment: comment.to_string(),
            origin: format!("editor:{who}"),
            annotator: who.to_string(),
            status: Status::Accepted,
            ..Annotation::new(
                format!("{who}-{k}"),
                Some(s.id.to_string()),
                Anchor::new(&s.text, start, end),
                "2026-11-01T09:00:00Z",
            )
        });
    }
    std::fs::write(out, sidecar.to_bytes()).expect("write reviewer file");
}

/// Two reviewers of the bundled flood report (`corpora/en-from-fr-flood.txt`) who agree on
/// some spans and disagree on others in every way. By segment: p1.s1 agreed; p1.s2 the
/// same span rated differently; p2.s1 only alice; p2.s2 overlapping spans, and a span only
/// bob marked.
pub fn flood_reviewers(report: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    use mtqa_core::model::Severity::{Major, Minor};
    let (a, b) = (dir.join("alice.mtqa.json"), dir.join("bob.mtqa.json"));
    write_reviewer_file(
        report,
        &a,
        "alice",
        &[
            (
                0,
                "This Wednesday",
                "Accuracy/Mistranslation",
                Minor,
                "calque of « ce mercredi »",
            ),
            (1, "Since two days", "Fluency/Grammar", Major, ""),
            (
                2,
                "3,5 metres",
                "Locale convention/Number format",
                Minor,
                "",
            ),
            (3, "a dozen of rescues", "Fluency/Grammar", Minor, ""),
        ],
    );
    write_reviewer_file(
        report,
        &b,
        "bob",
        &[
            (0, "This Wednesday", "Accuracy/Mistranslation", Minor, ""),
            (
                1,
                "Since two days",
                "Fluency/Grammar",
                Minor,
                "understandable",
            ),
            (
                3,
                "dozen of rescues by helicopter",
                "Fluency/Grammar",
                Minor,
                "",
            ),
            (3, "the night", "Style/Awkward", Minor, "« overnight »"),
        ],
    );
    (a, b)
}
