//! Bilingual documents: alignment quality on generated document pairs with a gold
//! alignment, `mtqa align`, `check --source` and `export --source`.

mod common;

use std::fs;

use common::{jsonl, mtqa, mtqa_in, root};
use mtqa::align::eval::{make, score, synthetic_pairs, Mix};
use mtqa::align::{align, Options};

#[test]
fn alignment_beats_98_f1_and_the_length_only_baseline() {
    let pairs = synthetic_pairs(2000, 11);
    let (mut f_anchor, mut f_length) = (0.0, 0.0);
    let runs = 5;
    for seed in 0..runs {
        let g = make(&pairs, &Mix::default(), seed);
        let s: Vec<&str> = g.source.iter().map(String::as_str).collect();
        let t: Vec<&str> = g.target.iter().map(String::as_str).collect();
        f_anchor += score(&align(&s, &t, &Options::default()), &g.beads).2 / runs as f64;
        f_length += score(
            &align(
                &s,
                &t,
                &Options {
                    anchors: false,
                    ..Options::default()
                },
            ),
            &g.beads,
        )
        .2 / runs as f64;
    }
    eprintln!("link F1: anchors {f_anchor:.4}, length only {f_length:.4}");
    assert!(f_anchor >= 0.98, "F1 {f_anchor}");
    assert!(
        f_anchor > f_length + 0.01,
        "no clear gain over length only: {f_anchor} vs {f_length}"
    );
}

#[test]
fn align_lines_gives_one_bead_a_line() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("s.txt"), "Il pleut à Lyon.\n\nLe maire est parti à 18h30.\nLes écoles sont fermées depuis lundi, a précisé le rectorat.\n").expect("w");
    fs::write(
        dir.path().join("t.txt"),
        "It is raining in Lyon.\nThe mayor left at 18:30.\n",
    )
    .expect("w");
    let out = mtqa_in(dir.path(), &["align", "--lines", "s.txt", "t.txt"]);
    let beads = jsonl(&out);
    assert_eq!(
        beads,
        [
            serde_json::json!({"source":[1],"target":[1]}),
            serde_json::json!({"source":[3],"target":[2]}),
            serde_json::json!({"source":[4],"target":[]})
        ]
    );
}

#[test]
fn check_with_source_finds_every_planted_difference() {
    let out = mtqa(&[
        "check",
        "--format",
        "jsonl",
        "--source",
        "corpora/bilingual/budget.fr.txt",
        "corpora/bilingual/budget.en.txt",
    ]);
    let found: Vec<String> = jsonl(&out)
        .iter()
        .filter(|f| f["severity"] != "neutral")
        .map(|f| {
            format!(
                "{}\t{}\t{}\t{}\t{}",
                f["line"],
                f["column"],
                f["check"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
                f["text"].as_str().unwrap_or("")
            )
        })
        .collect();
    let want: Vec<String> =
        fs::read_to_string(root().join("corpora/bilingual/budget.expected.tsv"))
            .expect("expected")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect();
    assert_eq!(found, want);
    for check in [
        "number-mismatch",
        "url-mismatch",
        "name-missing",
        "omission",
        "bracket-mismatch",
        "quote-mismatch",
    ] {
        assert!(
            want.iter().any(|l| l.contains(check)),
            "{check} not planted"
        );
    }
}

#[test]
fn export_with_source_pairs_source_and_corrected_text() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["budget.fr.txt", "budget.en.txt"] {
        fs::copy(root().join("corpora/bilingual").join(f), dir.path().join(f)).expect("copy");
    }
    let out = mtqa_in(
        dir.path(),
        &[
            "export",
            "--source",
            "budget.fr.txt",
            "budget.en.txt",
            "--format",
            "tmx",
            "-o",
            "b.tmx",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmx = fs::read_to_string(dir.path().join("b.tmx")).expect("tmx");
    assert!(tmx.contains("srclang=\"fr\""));
    assert!(
        tmx.contains("<tuv xml:lang=\"fr\"><seg>La séance a duré plus de six heures.</seg></tuv>")
    );
    assert!(tmx
        .contains("<tuv xml:lang=\"en\"><seg>The session lasted more than six hours.</seg></tuv>"));
}
