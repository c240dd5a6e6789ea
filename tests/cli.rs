//! The CLI contract of `mtqa check`, on the real binary.

mod common;

use std::fs;

use common::{jsonl, mtqa, mtqa_in};

#[test]
fn jsonl_findings_locate_their_span() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = "title: Test\n\nThe minister spoke.. Then she left.\n\n\n\nIt rained in Lyon .\n";
    fs::write(dir.path().join("r.txt"), report).expect("write");
    let out = mtqa_in(
        dir.path(),
        &["check", "--lang", "en", "--format", "jsonl", "r.txt"],
    );
    let f = jsonl(&out);
    let keys: Vec<String> = f[0]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "file",
            "line",
            "column",
            "segment",
            "start",
            "end",
            "text",
            "check",
            "category",
            "severity",
            "message",
            "suggestion"
        ]
    );
    let dbl = f
        .iter()
        .find(|x| x["check"] == "doubled-punctuation")
        .expect("doubled");
    assert_eq!(
        (dbl["line"].as_u64(), dbl["column"].as_u64()),
        (Some(3), Some(19))
    );
    assert_eq!(dbl["segment"], "p1.s1");
    assert_eq!(
        (dbl["start"].as_u64(), dbl["end"].as_u64()),
        (Some(18), Some(20))
    );
    assert_eq!(dbl["text"], "..");
    assert_eq!(dbl["suggestion"], ".");
    assert_eq!(dbl["category"], "Fluency/Punctuation");
    let sp = f
        .iter()
        .find(|x| x["check"] == "space-before-punctuation")
        .expect("space");
    assert_eq!(
        (
            sp["line"].as_u64(),
            sp["column"].as_u64(),
            sp["segment"].as_str()
        ),
        (Some(7), Some(18), Some("p2.s1"))
    );
    let blank = f
        .iter()
        .find(|x| x["check"] == "blank-lines")
        .expect("blank lines");
    assert_eq!(blank["segment"], serde_json::Value::Null);
    assert_eq!(blank["line"].as_u64(), Some(5));
    // Minor findings only: exit 0 with the default --fail-on major, 1 with --fail-on minor.
    assert_eq!(out.status.code(), Some(0));
    let out = mtqa_in(
        dir.path(),
        &["check", "--lang", "en", "--fail-on", "minor", "r.txt"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn jsonl_and_tsv_inputs_use_record_lines_and_ids() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("a.jsonl"), "{\"id\":\"x1\",\"target\":\"Fine text here.\"}\n\n{\"id\":\"x2\",\"target\":\"It is is bad bad.\"}\n").expect("w");
    let f = jsonl(&mtqa_in(
        dir.path(),
        &["check", "--lang", "en", "--format", "jsonl", "a.jsonl"],
    ));
    let rw = f
        .iter()
        .find(|x| x["check"] == "repeated-word")
        .expect("repeat");
    assert_eq!(
        (
            rw["line"].as_u64(),
            rw["segment"].as_str(),
            rw["column"].as_u64()
        ),
        (Some(3), Some("x2"), Some(10))
    );
    fs::write(
        dir.path().join("b.tsv"),
        "id\tsource\ttarget\nk9\tHola.\tHello ,world.\n",
    )
    .expect("w");
    let f = jsonl(&mtqa_in(
        dir.path(),
        &["check", "--lang", "en", "--format", "jsonl", "b.tsv"],
    ));
    assert!(
        f.iter().any(|x| x["segment"] == "k9"
            && x["line"] == 2
            && x["check"] == "space-before-punctuation"),
        "{f:?}"
    );
}

#[test]
fn errors_name_file_and_position_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("bad.txt"), b"Good line.\nBad \xff byte.\n").expect("w");
    fs::write(
        dir.path().join("good.txt"),
        "It rained.. Then it stopped.\n",
    )
    .expect("w");
    fs::write(
        dir.path().join("bad.jsonl"),
        "{\"id\":1,\"target\":\"a\"}\n{\"id\":2,\"target\":}\n",
    )
    .expect("w");
    let out = mtqa_in(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--format",
            "jsonl",
            "bad.txt",
            "good.txt",
            "missing.txt",
            "bad.jsonl",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.txt: invalid UTF-8 at byte 15 (line 2)"),
        "{err}"
    );
    assert!(err.contains("missing.txt: cannot read"), "{err}");
    assert!(err.contains("bad.jsonl:2:"), "{err}");
    let f = jsonl(&out);
    assert!(f
        .iter()
        .any(|x| x["file"] == "good.txt" && x["check"] == "doubled-punctuation"));
}

#[test]
fn encodings_and_line_ends() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "Line one is fine.\r\n\r\nThe the cat sat.\r\n";
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(dir.path().join("u16.txt"), utf16).expect("w");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.replace("\r\n", "\r").as_bytes());
    fs::write(dir.path().join("bom.txt"), bom).expect("w");
    for name in ["u16.txt", "bom.txt"] {
        let f = jsonl(&mtqa_in(
            dir.path(),
            &["check", "--lang", "en", "--format", "jsonl", name],
        ));
        let rw = f
            .iter()
            .find(|x| x["check"] == "repeated-word")
            .unwrap_or_else(|| panic!("{name}: {f:?}"));
        assert_eq!(
            (
                rw["line"].as_u64(),
                rw["column"].as_u64(),
                rw["segment"].as_str()
            ),
            (Some(3), Some(1), Some("p2.s1")),
            "{name}"
        );
    }
}

#[test]
fn json_report_validates_against_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(common::root().join("schemas/check-report.schema.json"))
            .expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let out = mtqa(&[
        "check",
        "--format",
        "json",
        "corpora/en-from-fr-flood.txt",
        "corpora/en-from-fr-segments.jsonl",
        "corpora/clean-ja-library.txt",
        "corpora/no-such-file.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 4);
    assert_eq!(files[0]["metadata"][0]["key"], "date");
    assert_eq!(files[0]["metadata"][0]["glued"], true);
    assert_eq!(files[0]["languages"]["target"]["code"], "en");
    assert_eq!(files[0]["segments"][0]["id"], "p1.s1");
    assert_eq!(
        files[1]["segments"][0]["source"]
            .as_str()
            .map(|s| s.starts_with("Le ministre")),
        Some(true)
    );
    assert_eq!(files[2]["languages"]["target"]["method"], "metadata");
    assert!(files[3]["error"]
        .as_str()
        .is_some_and(|e| e.contains("no-such-file.txt")));
    let n = files[0]["findings"].as_array().map_or(0, Vec::len) as u64;
    assert_eq!(files[0]["counts"]["findings"].as_u64(), Some(n));
    // Mutating the output breaks validation: the schema is not vacuous.
    let mut bad = v.clone();
    bad["files"][0]["findings"][0]["severity"] = "serious".into();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn text_output_marks_the_span() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("t.txt"), "It rained.. Then it stopped.\n").expect("w");
    let out = mtqa_in(dir.path(), &["check", "--lang", "en", "t.txt"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("t.txt:1:10: minor [doubled-punctuation] doubled full stop"),
        "{s}"
    );
    assert!(
        s.contains("    | It rained.. Then it stopped.\n    |          ^^\n"),
        "{s}"
    );
    assert!(!s.contains('\x1b'), "no colour when not a terminal");
    let out = mtqa_in(
        dir.path(),
        &["check", "--lang", "en", "--color", "always", "t.txt"],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn lexicon_override_and_skip() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(
        dir.path().join("r.txt"),
        "This Thursday, the committee met. It was a grand soirée.\n",
    )
    .expect("w");
    fs::write(
        dir.path().join("fr-en.tsv"),
        "# pair: fr-en\ngrand soirée\tgala evening\tStyle/Awkward\tmajor\ttest entry\n",
    )
    .expect("w");
    let f = jsonl(&mtqa_in(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--source-lang",
            "fr",
            "--format",
            "jsonl",
            "--lexicon",
            "fr-en.tsv",
            "r.txt",
        ],
    ));
    let calques: Vec<&str> = f
        .iter()
        .filter(|x| x["check"] == "calque")
        .filter_map(|x| x["text"].as_str())
        .collect();
    // The file replaces the built-in fr-en lexicon: its entry is found, `This Thursday` no longer.
    assert_eq!(calques, ["grand soirée"]);
    let out = mtqa_in(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--source-lang",
            "fr",
            "--lexicon",
            "fr-en.tsv",
            "r.txt",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a major lexicon entry fails the run"
    );
    let f = jsonl(&mtqa_in(
        dir.path(),
        &[
            "check", "--lang", "en", "--format", "jsonl", "--skip", "calque", "r.txt",
        ],
    ));
    assert!(f.iter().all(|x| x["check"] != "calque"));
    let out = mtqa_in(dir.path(), &["check", "--skip", "nope", "r.txt"]);
    assert_eq!(out.status.code(), Some(2));
    fs::write(
        dir.path().join("broken.tsv"),
        "# pair: fr-en\n(unclosed\tx\tStyle\tminor\n",
    )
    .expect("w");
    let out = mtqa_in(dir.path(), &["check", "--lexicon", "broken.tsv", "r.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.tsv:2: bad pattern"));
}

#[test]
fn checks_lists_the_catalogue() {
    let out = mtqa(&["checks"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.lines().count() >= 25);
    assert!(s
        .lines()
        .any(|l| l.starts_with("doubled-punctuation") && l.contains("Fluency/Punctuation")));
}

/// `mtqa` and `mtqa FILE` start the desktop app: without a display they fail saying the
/// window cannot open (not that a command is missing), and `--source` needs the report.
#[cfg(feature = "gui")]
#[test]
fn no_command_starts_the_app() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mtqa"))
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("WAYLAND_SOCKET")
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .expect("run mtqa")
    };
    for args in [&[][..], &["corpora/en-from-fr-flood.txt"][..]] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("cannot open the window"), "{args:?}: {err}");
    }
    let out = run(&["--source", "corpora/en-from-fr-flood.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<REPORT>"));
}

#[test]
fn version_names_the_commit_and_completions_and_man_pages_come_from_the_definitions() {
    let out = mtqa(&["--version"]);
    let v = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        v.starts_with(&format!("mtqa {} (", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    let commit = v
        .trim()
        .trim_end_matches(')')
        .rsplit('(')
        .next()
        .unwrap_or("");
    assert!(!commit.is_empty(), "{v}");
    for (shell, must) in [
        ("bash", "_mtqa()"),
        ("zsh", "#compdef mtqa"),
        ("fish", "complete -c mtqa"),
    ] {
        let out = mtqa(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains(must), "{shell}");
        // Subcommands and the export formats are offered.
        for word in ["check", "export", "mqm-tsv", "xliff"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert_eq!(mtqa(&["completions", "tcsh"]).status.code(), Some(2));
    let page = String::from_utf8_lossy(&mtqa(&["man"]).stdout).to_string();
    assert!(
        page.starts_with(".ie") && page.contains(".TH mtqa 1"),
        "{}",
        &page[..page.len().min(200)]
    );
    let dir = tempfile::tempdir().expect("tmp");
    let out = mtqa(&["man", "--dir", dir.path().to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(0));
    let check = std::fs::read_to_string(dir.path().join("mtqa-check.1")).expect("mtqa-check.1");
    // Every option of `check --help` is in its page.
    let help = String::from_utf8_lossy(&mtqa(&["check", "--help"]).stdout).to_string();
    for opt in help
        .split_whitespace()
        .filter(|w| w.starts_with("--") && w.len() > 3)
    {
        let opt = opt.trim_end_matches([',', '.']);
        let roff = opt.replace('-', "\\-");
        assert!(check.contains(&roff), "mtqa-check.1 lacks {opt}");
    }
}
