//! `mtqa score`: MQM as WMT computes it on a hand-computed fixture, the JSON layout,
//! reproducible intervals, HTER, pass/fail, and the HTML report (rendered in headless
//! Chromium when it is installed).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use common::{mtqa, mtqa_in, root};

fn expected() -> BTreeMap<(String, String), f64> {
    fs::read_to_string(root().join("tests/fixtures/mqm-ratings.expected.tsv"))
        .expect("expected")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("system"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                (f[0].to_string(), f[1].to_string()),
                f[2].parse().expect("number"),
            )
        })
        .collect()
}

#[test]
fn wmt_mqm_scores_equal_hand_computed_values() {
    let out = mtqa(&[
        "score",
        "--format",
        "json",
        "tests/fixtures/mqm-ratings.tsv",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let want = expected();
    let round4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let segs = v["segments"].as_array().expect("segments");
    assert_eq!(segs.len(), 8);
    for s in segs {
        let key = (
            s["system"].as_str().unwrap_or("").to_string(),
            s["seg_id"].as_str().unwrap_or("").to_string(),
        );
        let got = s["mqm"].as_f64().expect("mqm");
        assert_eq!(round4(got), want[&key], "{key:?}");
        assert!(s["doc"].is_string());
    }
    let systems = v["systems"].as_array().expect("systems");
    // Best (lowest) first.
    assert_eq!(
        systems
            .iter()
            .map(|s| s["name"].as_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["sysB", "sysA"]
    );
    for s in systems {
        let name = s["name"].as_str().unwrap_or("").to_string();
        assert_eq!(
            round4(s["mqm"].as_f64().expect("mqm")),
            want[&(name.clone(), "*".into())],
            "{name}"
        );
        assert_eq!(s["segments"], 4);
    }
    assert_eq!(systems[1]["errors"]["Non-translation"]["major"], 1);
    assert_eq!(systems[1]["errors"]["Fluency/Punctuation"]["minor"], 1);
    assert_eq!(systems[1]["errors"]["Fluency/Punctuation"]["major"], 1);
    // Reproducible intervals for a fixed seed.
    let again = mtqa(&[
        "score",
        "--format",
        "json",
        "tests/fixtures/mqm-ratings.tsv",
    ]);
    assert_eq!(out.stdout, again.stdout);
    // Agreement of rater1 and rater2 on sysA: both mark segment 1 and 4, disagree on 2.
    let ag = v["agreement"].as_array().expect("agreement");
    let a = ag
        .iter()
        .find(|a| a["system"] == "sysA" && a["rater_a"] == "rater1" && a["rater_b"] == "rater2")
        .expect("pair");
    assert_eq!(a["segments"], 4);
    // Error/no-error per segment: rater1 [y, y, n, y], rater2 [y, n, n, y] → po 0.75, pe 0.5 → κ 0.5.
    assert!((a["kappa"].as_f64().expect("kappa") - 0.5).abs() < 1e-12);
}

#[test]
fn threshold_decides_the_exit_status_and_tsv_lists_segments() {
    let out = mtqa(&[
        "score",
        "--threshold",
        "10",
        "tests/fixtures/mqm-ratings.tsv",
    ]);
    // sysA: 19.05 points over 9 words (> 10 per 100 words? 211.7) fails.
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.lines()
            .any(|l| l.starts_with("sysA") && l.trim_end().ends_with("NO")),
        "{s}"
    );
    let out = mtqa(&["score", "--format", "tsv", "tests/fixtures/mqm-ratings.tsv"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(s.lines().count(), 9);
    assert!(
        s.lines()
            .any(|l| l.starts_with("sysA\tnews1\t2\t12.5000\t2\t")),
        "{s}"
    );
}

#[test]
fn reports_with_corrections_give_hter() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(
        dir.path().join("r.jsonl"),
        "{\"id\":\"1\",\"target\":\"the cat sat on the mat\"}\n{\"id\":\"2\",\"target\":\"This is a test .\",\"corrected\":\"This is the test\"}\n{\"id\":\"3\",\"target\":\"cat the sat on mat the\",\"corrected\":\"the cat sat on the mat\"}\n",
    )
    .expect("w");
    let out = mtqa_in(dir.path(), &["score", "--format", "tsv", "r.jsonl"]);
    let s = String::from_utf8_lossy(&out.stdout);
    let hter: Vec<&str> = s
        .lines()
        .skip(1)
        .map(|l| l.rsplit('\t').next().unwrap_or(""))
        .collect();
    // sacrebleu: 0, 50 (2 edits / 4 words), 33.33 (2 shifts / 6 words).
    assert_eq!(hter, ["0.0000", "50.0000", "33.3333"]);
    let out = mtqa_in(dir.path(), &["score", "--format", "json", "r.jsonl"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Corpus HTER: 4 edits over 16 reference words.
    assert_eq!(v["systems"][0]["hter"].as_f64(), Some(25.0));
}

#[test]
fn html_report_is_self_contained_and_renders() {
    let dir = tempfile::tempdir().expect("tmp");
    let html = dir.path().join("report.html");
    let out = mtqa(&[
        "score",
        "--format",
        "html",
        "-o",
        &html.to_string_lossy(),
        "tests/fixtures/mqm-ratings.tsv",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(&html).expect("html");
    for needle in [
        "<svg",
        "sysA",
        "sysB",
        "Non-translation",
        "<mark class=\"major\"",
        "Worst segments",
        "Cohen",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    // No network: no external script, style, font or image.
    for bad in ["<script src", "<link", "@import", "url(", "src=\"http"] {
        assert!(!text.contains(bad), "external resource: {bad}");
    }
    let Ok(chromium) = which("chromium") else {
        eprintln!("skipped rendering: chromium is not installed");
        return;
    };
    let profile = dir.path().join("profile");
    let dom = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--virtual-time-budget=2000", "--dump-dom"])
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("<svg") && dom.contains("Translation quality review"),
        "chromium rendered: {}",
        &dom[..dom.len().min(300)]
    );
}

fn which(name: &str) -> Result<String, ()> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .map_err(|_| ())?;
    let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if p.is_empty() {
        Err(())
    } else {
        Ok(p)
    }
}

fn score_json(args: &[&str]) -> (serde_json::Value, String, Option<i32>) {
    let out = mtqa(args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        v,
        String::from_utf8_lossy(&out.stderr).to_string(),
        out.status.code(),
    )
}

fn system_mqm(v: &serde_json::Value, name: &str) -> f64 {
    v["systems"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["name"] == name))
        .and_then(|s| s["mqm"].as_f64())
        .unwrap_or_else(|| panic!("no system {name} in {v}"))
}

/// Marot's reading rules, hand-computed (tests/fixtures/mqm-marot-rules.tsv):
/// A seg 1: r1 Omission marked in the source Major 5 + minor punctuation 0.1, r2 Source
/// issue 0 (+ an attention check) → 2.55; seg 2: Creative Reinterpretation 0, Trivial 0.1
/// → 0.05; seg 3: r1 No-error 0, a row without rater ignored, r2 Non-translation 25 (its
/// metadata not JSON: read as a note) → 12.5; seg 4 rated for A only: left out.
/// A = 15.1 / 3; B = (0.5 + 0 + 5) / 3. WMT21 weights Source and Creative by severity:
/// A = (5.05 + 2.55 + 12.5) / 3 = 6.7. All segments: A = (15.1 + 5) / 4.
#[test]
fn marot_rules_weights_attention_checks_and_segments_of_some_systems() {
    let f = "tests/fixtures/mqm-marot-rules.tsv";
    let (v, stderr, code) = score_json(&["score", f, "--format", "json", "--trials", "0"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!((system_mqm(&v, "A") - 15.1 / 3.0).abs() < 1e-12);
    assert!((system_mqm(&v, "B") - 5.5 / 3.0).abs() < 1e-12);
    assert_eq!(v["weights"]["name"], "marot");
    assert_eq!(
        v["weights"]["rules"][0]["pattern"],
        "minor:.*punctuation|trivial:"
    );
    assert!(
        stderr.contains("mqm-marot-rules.tsv:11:1: the metadata is not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: 1 rated segment(s) left out"),
        "{stderr}"
    );
    let att: Vec<(String, u64, u64)> = v["attention"]
        .as_array()
        .expect("attention")
        .iter()
        .map(|a| {
            (
                a["rater"].as_str().unwrap_or("").to_string(),
                a["found"].as_u64().unwrap_or(9),
                a["missed"].as_u64().unwrap_or(9),
            )
        })
        .collect();
    assert_eq!(att, [("r1".into(), 0, 1), ("r2".into(), 1, 0)]);
    let (w, _, _) = score_json(&["score", f, "--format", "json", "--weights", "wmt21"]);
    assert!((system_mqm(&w, "A") - 6.7).abs() < 1e-12);
    assert_eq!(w["weights"]["name"], "wmt21");
    let (all, _, _) = score_json(&["score", f, "--format", "json", "--all-segments"]);
    assert!((system_mqm(&all, "A") - 20.1 / 4.0).abs() < 1e-12);
    // A weights file in Marot's style: first match wins.
    let dir = tempfile::tempdir().expect("tmp");
    let wf = dir.path().join("w.tsv");
    fs::write(
        &wf,
        "Src\t2\t:source\nMinor\t1\tminor:\nMajor\t10\tmajor:\n",
    )
    .expect("w");
    let (c, _, _) = score_json(&[
        "score",
        f,
        "--format",
        "json",
        "--weights",
        wf.to_str().expect("utf8"),
    ]);
    // A: seg 1 r1 10 + 1 = 11, r2 Source 2 → 6.5; seg 2 creative major 10, trivial 0 → 5;
    // seg 3 non-translation (major) 10 → 5. B: seg 1 0.5, seg 3 major punctuation 10.
    assert!((system_mqm(&c, "A") - 16.5 / 3.0).abs() < 1e-12);
    assert!((system_mqm(&c, "B") - 10.5 / 3.0).abs() < 1e-12);
    // The review report names the weights and shows the attention checks.
    let (_, _, code) = score_json(&[
        "score",
        f,
        "--format",
        "html",
        "-o",
        dir.path().join("r.html").to_str().expect("utf8"),
    ]);
    assert_eq!(code, Some(0));
    let html = fs::read_to_string(dir.path().join("r.html")).expect("html");
    assert!(html.contains("weights: marot (first match"), "weights line");
    assert!(html.contains("<h2>Attention checks</h2>"));
    assert!(html.contains("approximate randomization"));
}

/// Marot's significance test: paired, one-sided approximate randomization, seeded.
#[test]
fn randomization_test_is_seeded_and_reported() {
    let (v, _, _) = score_json(&[
        "score",
        "tests/fixtures/mqm-ratings.tsv",
        "--format",
        "json",
    ]);
    let p = &v["pairs"][0];
    // 4 common segments: log2(10,000 trials) > 4, so Marot does not run it.
    assert!(p["p_randomization"].is_null(), "{p}");
    let (v, _, _) = score_json(&[
        "score",
        "tests/fixtures/mqm-ratings.tsv",
        "--format",
        "json",
        "--trials",
        "8",
    ]);
    let p = v["pairs"][0]["p_randomization"]
        .as_f64()
        .expect("run with 8 trials");
    assert!(p > 0.0 && p <= 1.0);
    assert_eq!(v["trials"], 8);
}
