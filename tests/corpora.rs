//! Every sample report in corpora/ is checked by the real binary and must give exactly the
//! findings (minor and above) listed in its `.expected.tsv`: every planted artifact found,
//! nothing else. The clean reports list nothing.

mod common;

use std::collections::BTreeSet;
use std::fs;

type Row = (u64, u64, String, String, String);

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn expected(path: &std::path::Path) -> BTreeSet<Row> {
    fs::read_to_string(path)
        .expect("expected file")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.splitn(5, '\t').collect();
            assert_eq!(f.len(), 5, "{}: bad line {l:?}", path.display());
            (
                f[0].parse().expect("line"),
                f[1].parse().expect("column"),
                f[2].to_string(),
                f[3].to_string(),
                unescape(f[4]),
            )
        })
        .collect()
}

#[test]
fn every_planted_artifact_is_found_and_nothing_else() {
    let dir = common::root().join("corpora");
    let mut samples = 0;
    let mut languages = BTreeSet::new();
    for entry in fs::read_dir(&dir).expect("corpora/") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Some(stem) = name.strip_suffix(".expected.tsv") else {
            continue;
        };
        let input = fs::read_dir(&dir)
            .expect("corpora/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_stem().and_then(|s| s.to_str()) == Some(stem)
                    && !p.to_string_lossy().ends_with(".expected.tsv")
            })
            .unwrap_or_else(|| panic!("no input for {name}"));
        let rel = format!(
            "corpora/{}",
            input.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let out = common::mtqa(&["check", "--format", "jsonl", "--fail-on", "critical", &rel]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{rel}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let found: BTreeSet<Row> = common::jsonl(&out)
            .into_iter()
            .filter(|f| f["severity"] != "neutral")
            .map(|f| {
                (
                    f["line"].as_u64().unwrap_or(0),
                    f["column"].as_u64().unwrap_or(0),
                    f["check"].as_str().unwrap_or("").to_string(),
                    f["severity"].as_str().unwrap_or("").to_string(),
                    f["text"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let want = expected(&path);
        let missed: Vec<&Row> = want.difference(&found).collect();
        let extra: Vec<&Row> = found.difference(&want).collect();
        assert!(
            missed.is_empty() && extra.is_empty(),
            "{rel}:\n  missed (planted, not found): {missed:#?}\n  extra (not planted): {extra:#?}"
        );
        if stem.starts_with("clean-") {
            assert!(want.is_empty(), "{name}: a clean report plants nothing");
        }
        let json = common::mtqa(&["check", "--format", "json", &rel]);
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
        if let Some(code) = v["files"][0]["languages"]["target"]["code"].as_str() {
            languages.insert(code.to_string());
        }
        samples += 1;
    }
    assert!(samples >= 8, "only {samples} samples");
    for lang in ["en", "fr", "es", "de", "zh", "ja"] {
        assert!(
            languages.contains(lang),
            "no sample in {lang}: {languages:?}"
        );
    }
}
