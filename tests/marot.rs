//! MQM files through the field's own viewer: Marot (../shared/marot/run-marot.sh, headless
//! Chromium) must show, for every system, the MQM `mtqa score` gives — on the WMT23
//! releases, on a file written to exercise Marot's reading rules, and on mtqa's own
//! `mqm-tsv` export of a report with several reviewers (and of an Anthea evaluation).
//! Skipped, saying so, without ../shared or Chromium.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{mtqa, mtqa_in, root, wmt23};

fn marot_script() -> Option<PathBuf> {
    let script = root().join("../shared/marot/run-marot.sh");
    if !script.exists() {
        eprintln!("skipped: {} is absent", script.display());
        return None;
    }
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|c| {
            Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {c}"))
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if !chromium {
        eprintln!("skipped: no Chromium to run Marot");
        return None;
    }
    Some(script)
}

/// One headless Chromium at a time: two at once were seen to hang here.
static MAROT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The per-system MQM Marot shows for `data`. A headless Chromium that hangs (seen here
/// when another one was still running, and under heavy load) is killed and the run tried
/// again, up to three times: a hang is the browser's, not a difference of scores.
fn marot_scores(script: &Path, data: &Path) -> BTreeMap<String, f64> {
    let _one = MAROT.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("marot.tsv");
    let (mut ok, mut last) = (false, String::new());
    for attempt in 1..=3 {
        let run = Command::new("timeout")
            .args(["-k", "10", "300", "bash"])
            .arg(script)
            .arg(data)
            .arg(&out)
            .output()
            .expect("run-marot.sh");
        if run.status.success() {
            ok = true;
            break;
        }
        last = String::from_utf8_lossy(&run.stderr).to_string();
        eprintln!(
            "run-marot.sh {} (attempt {attempt}): {last}",
            data.display()
        );
        // The Chromium of a run that timed out outlives it (it leaves the process
        // group): end it, so that the next run is the only one.
        let _ = Command::new("pkill")
            .args(["-f", "--", "--user-data-dir=/tmp/marot-chrome-profile-"])
            .status();
        std::thread::sleep(std::time::Duration::from_secs(2));
    }
    assert!(ok, "run-marot.sh {}: {last}", data.display());
    std::fs::read_to_string(&out)
        .expect("Marot's scores")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let (name, mqm) = l.split_once('\t')?;
            Some((name.to_string(), mqm.parse().ok()?))
        })
        .collect()
}

/// The per-system MQM `mtqa score` gives for `file` (default weights).
fn mtqa_scores(file: &Path) -> BTreeMap<String, f64> {
    let out = mtqa(&[
        "score",
        file.to_str().expect("utf8"),
        "--format",
        "json",
        "--trials",
        "0",
        "--resamples",
        "1",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "score {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").to_string(),
                s["mqm"].as_f64().expect("mqm"),
            )
        })
        .collect()
}

fn assert_same(what: &str, marot: &BTreeMap<String, f64>, ours: &BTreeMap<String, f64>) {
    assert!(!marot.is_empty(), "{what}: Marot showed no system");
    assert_eq!(
        marot.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "{what}: systems"
    );
    for (name, m) in marot {
        let o = ours[name];
        assert!((m - o).abs() < 1e-6, "{what}: {name}: Marot {m}, mtqa {o}");
    }
}

#[test]
fn marot_shows_the_scores_mtqa_gives() {
    let Some(script) = marot_script() else {
        return;
    };
    // Marot's reading rules (headers, raters, HOTW rows, Source/creative/trivial weights,
    // segments of some systems only, metadata that is not JSON).
    let rules = root().join("tests/fixtures/mqm-marot-rules.tsv");
    assert_same(
        "mqm-marot-rules.tsv",
        &marot_scores(&script, &rules),
        &mtqa_scores(&rules),
    );
    // The WMT23 releases, as published.
    for pair in ["zhen", "ende"] {
        if let Some((_dir, file)) = wmt23(pair) {
            let ours = mtqa_scores(&file);
            assert_eq!(ours.len(), 10, "{pair}: systems");
            assert_same(pair, &marot_scores(&script, &file), &ours);
        }
    }
}

/// The round trip through the field's viewer: a report annotated by two reviewers (with
/// a check's finding, a rejected one, a span marked in the source, a critical error) and
/// an Anthea evaluation, exported as `mqm-tsv`: Marot shows the scores `mtqa score` gives
/// for the report itself and for the export.
#[test]
fn marot_reads_mtqa_exports_with_the_same_scores() {
    let Some(script) = marot_script() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    for fixture in ["two-reviewers.jsonl", "anthea-eval.json"] {
        std::fs::copy(
            root().join("tests/fixtures").join(fixture),
            dir.path().join(fixture),
        )
        .expect("copy");
        let out = mtqa_in(
            dir.path(),
            &["export", fixture, "--format", "mqm-tsv", "-o", "export.tsv"],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let export = dir.path().join("export.tsv");
        let report = mtqa_scores(&dir.path().join(fixture));
        assert!(report.values().all(|&m| m > 0.0), "{fixture}: {report:?}");
        assert_same(fixture, &report, &mtqa_scores(&export));
        assert_same(fixture, &marot_scores(&script, &export), &report);
        std::fs::remove_file(&export).expect("rm");
    }
}

/// Every span marked in a source column of the WMT23 releases becomes an annotation
/// anchored on the source, on the text the span marks.
#[test]
fn every_source_span_of_wmt23_becomes_a_source_annotation() {
    for pair in ["zhen", "ende"] {
        let Some((dir, file)) = wmt23(pair) else {
            return;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        let marked: Vec<String> = text
            .lines()
            .filter_map(|l| l.split('\t').nth(5))
            .filter(|s| s.contains("<v>"))
            .map(|s| {
                let a = s.find("<v>").unwrap_or(0) + 3;
                let b = s.find("</v>").unwrap_or(a);
                s.get(a..b).unwrap_or("").to_string()
            })
            .collect();
        assert!(marked.len() > 100, "{pair}: {} source spans", marked.len());
        let out = mtqa_in(
            dir.path(),
            &[
                "export",
                file.to_str().expect("utf8"),
                "--format",
                "jsonl",
                "-o",
                "all.jsonl",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut quotes: Vec<String> = Vec::new();
        for line in std::fs::read_to_string(dir.path().join("all.jsonl"))
            .expect("jsonl")
            .lines()
        {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            for a in v["annotations"].as_array().into_iter().flatten() {
                if a["on_source"] == true {
                    quotes.push(a["anchor"]["quote"].as_str().unwrap_or("").to_string());
                }
            }
        }
        let mut want = marked.clone();
        want.sort();
        quotes.sort();
        assert_eq!(quotes.len(), want.len(), "{pair}: source spans");
        assert_eq!(quotes, want, "{pair}: the quoted source text");
        eprintln!(
            "{pair}: {} source <v> rows, {} source-anchored annotations",
            marked.len(),
            quotes.len()
        );
    }
}
