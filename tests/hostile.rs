//! The hostile-input corpus: inputs a careless user or a broken pipeline produces, each with
//! its expected outcome written down — the exit status and what the first line of the error
//! says — run against the real binary. Every case also checks that no file other than the
//! command's named output changed, and that nothing panicked (exit 101).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const REPORT: &str = "The minister said the plan.. works. It rained.\n";

/// One case of `tests/hostile/NAME.case`: a header of `key: value` lines (`args`, `status`,
/// `stderr` — a phrase of the first line of standard error —, `stdout` — a phrase of the
/// standard output —, `output` — the files the command may write, `NAME*` for a prefix —, `timeout` in
/// seconds, 20 unless said), then the files it starts from, each after a line
/// `=== NAME [escaped] [nonl] [repeat N] [append]` or `=== NAME -> TARGET` (a symbolic
/// link). A file's text is the lines that follow, ending with a line break unless `nonl`;
/// `escaped` reads `\t`, `\r`, `\\`, `\xNN` and `\u{…}`; `repeat N` writes it N times
/// (large inputs are generated, not stored); `append` adds to a file already given.
struct Case {
    name: String,
    args: Vec<String>,
    status: i32,
    stderr: Option<String>,
    stdout: Option<String>,
    output: Vec<String>,
    timeout: u64,
    files: Vec<(String, Vec<u8>)>,
    links: Vec<(String, String)>,
}

fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut b = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            continue;
        }
        match chars.next() {
            Some('t') => out.push(b'\t'),
            Some('r') => out.push(b'\r'),
            Some('n') => out.push(b'\n'),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).expect("\\xNN"));
            }
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let c = char::from_u32(u32::from_str_radix(&hex, 16).expect("\\u{…}"))
                    .expect("a scalar value");
                let mut b = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
            other => panic!("unknown escape \\{other:?}"),
        }
    }
    out
}

fn parse_case(name: &str, text: &str) -> Case {
    let mut case = Case {
        name: name.to_string(),
        args: Vec::new(),
        status: -1,
        stderr: None,
        stdout: None,
        output: Vec::new(),
        timeout: 20,
        files: Vec::new(),
        links: Vec::new(),
    };
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("=== ") {
            sections.push((h.to_string(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else {
            let (k, v) = line
                .split_once(": ")
                .unwrap_or((line.trim_end_matches(':'), ""));
            match k {
                "args" => case.args = split_args(v),
                "status" => case.status = v.parse().expect("status"),
                "stderr" => case.stderr = Some(v.to_string()),
                "stdout" => case.stdout = Some(v.to_string()),
                "output" => case.output = v.split_whitespace().map(str::to_string).collect(),
                "timeout" => case.timeout = v.parse().expect("timeout"),
                other => panic!("{name}: unknown key {other:?}"),
            }
        }
    }
    for (header, body) in sections {
        if let Some((link, target)) = header.split_once(" -> ") {
            case.links.push((link.to_string(), target.to_string()));
            continue;
        }
        let mut words = header.split_whitespace();
        let file = words.next().expect("a file name").to_string();
        let (mut escaped, mut nonl, mut repeat, mut append) = (false, false, 1, false);
        while let Some(w) = words.next() {
            match w {
                "escaped" => escaped = true,
                "nonl" => nonl = true,
                "append" => append = true,
                "repeat" => repeat = words.next().and_then(|n| n.parse().ok()).expect("repeat N"),
                other => panic!("{name}: unknown file option {other:?}"),
            }
        }
        let joined = body.join("\n");
        let one = if escaped {
            unescape(&joined)
        } else {
            joined.into_bytes()
        };
        let mut bytes = one.repeat(repeat);
        if !nonl {
            bytes.push(b'\n');
        }
        match case.files.iter_mut().find(|(f, _)| *f == file) {
            Some((_, b)) if append => b.extend_from_slice(&bytes),
            _ => case.files.push((file, bytes)),
        }
    }
    assert!(case.status >= 0, "{name}: no status");
    case
}

/// Splits on spaces; `'…'` keeps spaces (and may be empty).
fn split_args(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn hostile_cases() -> Vec<Case> {
    let dir = common::root().join("tests/hostile");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("tests/hostile")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            parse_case(&name, &fs::read_to_string(p).expect("read case"))
        })
        .collect()
}

/// Every file under `dir` with its bytes (a symbolic link as its target's name).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).expect("inside").display().to_string();
            let meta = fs::symlink_metadata(&p).expect("stat");
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&p).expect("link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel, fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// Runs the binary in `dir` with a deadline; standard output and error go to files outside
/// `dir`, so a large output never blocks the child.
fn run_with_deadline(dir: &Path, args: &[String], timeout: u64) -> (Option<i32>, String, String) {
    let logs = tempfile::tempdir().expect("tmp");
    let (out_p, err_p) = (logs.path().join("out"), logs.path().join("err"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mtqa"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(fs::File::create(&out_p).expect("out"))
        .stderr(fs::File::create(&err_p).expect("err"))
        .spawn()
        .expect("run mtqa");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if start.elapsed() > std::time::Duration::from_secs(timeout) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).to_string();
    match status {
        Some(st) => (st.code(), read(&out_p), read(&err_p)),
        None => (None, read(&out_p), format!("HUNG after {timeout} s")),
    }
}

#[test]
fn every_hostile_case_gets_its_written_outcome_and_touches_nothing_else() {
    let cases = hostile_cases();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().expect("tmp");
        for (name, bytes) in &case.files {
            let p = dir.path().join(name);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent).expect("mkdir");
            }
            fs::write(p, bytes).expect("write");
        }
        #[cfg(unix)]
        for (link, target) in &case.links {
            std::os::unix::fs::symlink(target, dir.path().join(link)).expect("symlink");
        }
        let before = snapshot(dir.path());
        let (code, stdout, stderr) = run_with_deadline(dir.path(), &case.args, case.timeout);
        let name = &case.name;
        let first = stderr.lines().next().unwrap_or("");
        let mut problems = Vec::new();
        if code == Some(101) || stderr.contains("panicked") {
            problems.push(format!("panicked: {stderr}"));
        }
        if code != Some(case.status) {
            problems.push(format!("exit {code:?}, expected {}: {first}", case.status));
        }
        if let Some(phrase) = &case.stderr {
            if !first.contains(phrase.as_str()) {
                problems.push(format!(
                    "the first line of the error is {first:?}, expected it to say {phrase:?}"
                ));
            }
        }
        if let Some(phrase) = &case.stdout {
            if !stdout.contains(phrase.as_str()) {
                problems.push(format!(
                    "standard output does not say {phrase:?}: {}",
                    stdout.chars().take(300).collect::<String>()
                ));
            }
        }
        // The OS reason is said once.
        if first.matches("(os error").count() > 1 {
            problems.push(format!("the OS error said twice: {first}"));
        }
        let mut after = snapshot(dir.path());
        let mut before = before;
        // The named outputs may change; `NAME*` names every file starting so.
        let is_output = |k: &String| {
            case.output.iter().any(|o| match o.strip_suffix('*') {
                Some(prefix) => k.starts_with(prefix),
                None => k == o,
            })
        };
        after.retain(|k, _| !is_output(k));
        before.retain(|k, _| !is_output(k));
        if before != after {
            let changed: Vec<&String> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            problems.push(format!(
                "files changed that were not the output: {changed:?}"
            ));
        }
        for p in problems {
            failures.push(format!("{name}: {p}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn annotations_restore_brings_back_the_autosave_and_keeps_the_replaced_file() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("r.txt"), REPORT).expect("write");
    let out = common::mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    assert!(out.status.code().is_some_and(|c| c < 2));
    let sidecar = dir.path().join("r.txt.mtqa.json");
    let saved = fs::read_to_string(&sidecar).expect("saved");
    // An editing session autosaved a comment it never saved.
    let autosave = dir.path().join("r.txt.mtqa.json.autosave");
    let edited = saved.replacen(
        "\"message\":",
        "\"comment\":\"unsaved words\",\"message\":",
        1,
    );
    assert_ne!(edited, saved);
    fs::write(&autosave, &edited).expect("autosave");
    let out = common::mtqa_in(
        dir.path(),
        &["annotations", "r.txt", "--restore", "--format", "jsonl"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("restored"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("unsaved words"));
    assert!(!autosave.exists());
    assert!(fs::read_to_string(&sidecar)
        .expect("sidecar")
        .contains("unsaved words"));
    let replaced: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".replaced-"))
        .collect();
    assert_eq!(replaced.len(), 1);
    assert_eq!(fs::read_to_string(replaced[0].path()).expect("kept"), saved);
}

fn sidecar_json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join("r.txt.mtqa.json")).expect("sidecar")).expect("json")
}

#[test]
fn an_editors_words_survive_any_recheck() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("r.txt"), REPORT).expect("write");
    common::mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    // The editor comments on the doubled full stop (as the app writes it).
    let mut v = sidecar_json(dir.path());
    let a = v["annotations"]
        .as_array_mut()
        .and_then(|a| {
            a.iter_mut()
                .find(|a| a["origin"] == "check:doubled-punctuation")
        })
        .expect("finding");
    a["comment"] = "keep the full stop, drop the other".into();
    let id = a["id"].clone();
    fs::write(
        dir.path().join("r.txt.mtqa.json"),
        serde_json::to_vec(&v).expect("json"),
    )
    .expect("write");
    // Skipped: no longer reported, so orphaned; with another --lang the check still finds
    // it, so it is in place again.
    for (args, orphaned) in [
        (
            &["check", "--save", "r.txt", "--skip", "doubled-punctuation"][..],
            true,
        ),
        (&["check", "--save", "r.txt", "--lang", "de"][..], false),
        (
            &[
                "check",
                "--save",
                "r.txt",
                "--skip",
                "doubled-punctuation",
                "--lang",
                "fr",
            ][..],
            true,
        ),
    ] {
        let out = common::mtqa_in(dir.path(), args);
        assert!(out.status.code().is_some_and(|c| c < 2));
        let v = sidecar_json(dir.path());
        let kept = v["annotations"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["id"] == id))
            .unwrap_or_else(|| panic!("{args:?} dropped the editor's comment"));
        assert_eq!(kept["comment"], "keep the full stop, drop the other");
        assert_eq!(kept["orphaned"] == true, orphaned, "{args:?}: {kept}");
    }
    // Found again: no longer orphaned, the comment still there.
    common::mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let v = sidecar_json(dir.path());
    let a = v["annotations"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["id"] == id))
        .expect("kept");
    assert!(a["orphaned"].is_null() || a["orphaned"] == false, "{a}");
    assert_eq!(a["comment"], "keep the full stop, drop the other");
}

#[test]
fn an_xliffs_own_quality_marks_survive_check_save() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(
        dir.path().join("x.xlf"),
        r#"<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="http://www.w3.org/2005/11/its" version="2.0" srcLang="fr" trgLang="en"><file id="f"><unit id="u1"><segment><source>Il pleut fort.</source><target>It <mrk id="m1" type="its:generic" its:locQualityIssueType="grammar" its:locQualityIssueSeverity="50">rain</mrk> hard..</target></segment></unit></file></xliff>"#,
    )
    .expect("write");
    let origins = |name: &str| -> Vec<String> {
        common::mtqa_in(
            dir.path(),
            &["export", "x.xlf", "--format", "jsonl", "-o", name],
        );
        let text = fs::read_to_string(dir.path().join(name)).expect("export");
        let row: serde_json::Value =
            serde_json::from_str(text.lines().next().expect("row")).expect("json");
        let mut o: Vec<String> = row["annotations"]
            .as_array()
            .expect("annotations")
            .iter()
            .map(|a| a["origin"].as_str().unwrap_or("").to_string())
            .collect();
        o.sort();
        o
    };
    assert_eq!(origins("before.jsonl"), ["import:xliff"]);
    common::mtqa_in(dir.path(), &["check", "--save", "x.xlf"]);
    assert_eq!(
        origins("after.jsonl"),
        ["check:doubled-punctuation", "import:xliff"]
    );
}

#[test]
fn concurrent_merge_and_check_save_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("r.txt"), REPORT).expect("write");
    common::mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let sidecar = dir.path().join("r.txt.mtqa.json");
    let base = fs::read(&sidecar).expect("base");
    // Another annotator's file: the same report with one annotation of their own.
    let mut v: serde_json::Value = serde_json::from_slice(&base).expect("json");
    let mut mine = v["annotations"][0].clone();
    mine["id"] = "ed-1".into();
    mine["origin"] = "editor:b".into();
    mine["annotator"] = "b".into();
    mine["comment"] = "the second annotator's words".into();
    v["annotations"].as_array_mut().expect("array").push(mine);
    fs::write(
        dir.path().join("b.json"),
        serde_json::to_vec(&v).expect("json"),
    )
    .expect("write");
    let pairs: usize = std::env::var("MTQA_RACE_PAIRS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let bin = env!("CARGO_BIN_EXE_mtqa");
    for trial in 0..pairs {
        fs::write(&sidecar, &base).expect("reset");
        let spawn = |args: &[&str]| {
            std::process::Command::new(bin)
                .args(args)
                .current_dir(dir.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let merge = spawn(&[
            "merge",
            "r.txt.mtqa.json",
            "b.json",
            "-o",
            "r.txt.mtqa.json",
        ]);
        let check = spawn(&["check", "--save", "r.txt"]);
        let (m, c) = (
            merge.wait_with_output().expect("merge"),
            check.wait_with_output().expect("check"),
        );
        assert_eq!(
            m.status.code(),
            Some(0),
            "trial {trial}: {}",
            String::from_utf8_lossy(&m.stderr)
        );
        // check --save exits 0 or 1 (findings); it is never refused for the other writer.
        assert!(
            c.status.code().is_some_and(|x| x < 2),
            "trial {trial}: {}",
            String::from_utf8_lossy(&c.stderr)
        );
        let text = fs::read_to_string(&sidecar).expect("sidecar");
        assert!(
            text.contains("the second annotator's words"),
            "trial {trial}: the merged annotation was lost"
        );
        assert!(text.contains("check:doubled-punctuation"), "trial {trial}");
    }
}

#[test]
fn repeated_unit_ids_and_tuids_get_unique_ids_and_the_sidecar_reads_back() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(
        dir.path().join("d.xlf"),
        r#"<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en"><file id="f"><unit id="u1"><segment><source>Il pleut.</source><target>It rains..</target></segment></unit><unit id="u1"><segment><source>Il neige.</source><target>It snows..</target></segment></unit></file></xliff>"#,
    )
    .expect("write");
    fs::write(
        dir.path().join("d.tmx"),
        r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="fr"/><body><tu tuid="7"><tuv xml:lang="fr"><seg>Il pleut.</seg></tuv><tuv xml:lang="en"><seg>It rains..</seg></tuv></tu><tu tuid="7"><tuv xml:lang="fr"><seg>Il neige.</seg></tuv><tuv xml:lang="en"><seg>It snows..</seg></tuv></tu></body></tmx>"#,
    )
    .expect("write");
    for (file, renamed) in [("d.xlf", "`u1` (line 1) → `u1~2`"), ("d.tmx", "`7`")] {
        let out = common::mtqa_in(dir.path(), &["check", "--save", file]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("repeat an id") && err.contains(renamed),
            "{file}: {err}"
        );
        // The file written is one mtqa reads again: no duplicate annotation ids.
        let out = common::mtqa_in(dir.path(), &["annotations", file, "--format", "jsonl"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(common::jsonl(&out).len(), 2, "{file}");
    }
}

/// One step of an editing history: a re-check with other options, a change of the report's
/// text, or an editor's change to the annotation file (as the app saves it).
#[derive(Debug, Clone)]
enum Step {
    Recheck {
        skip: Option<usize>,
        lang: Option<usize>,
    },
    Text {
        kind: u8,
        at: usize,
    },
    Edit {
        pick: usize,
        what: u8,
    },
    Own {
        pick: usize,
    },
}

const SENTENCES: &[&str] = &[
    "The minister said the plan.. works.",
    "This Thursday, the council met in the town hall .",
    "It rained rained all night.",
    "The bridge , closed since May, reopened.",
    "He said \"it is over.",
    "The vote is planned for the 12 of March.",
    "Prices fell after the 103.",
    "The museum opened its doors.",
];
const SKIPS: &[&str] = &[
    "doubled-punctuation",
    "repeated-word",
    "space-before-punctuation",
    "calque",
    "unbalanced-quotes",
];
const LANGS: &[&str] = &["en", "de", "fr"];

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (
            proptest::option::of(0..SKIPS.len()),
            proptest::option::of(0..LANGS.len())
        )
            .prop_map(|(skip, lang)| Step::Recheck { skip, lang }),
        (0u8..4, 0usize..16).prop_map(|(kind, at)| Step::Text { kind, at }),
        (0usize..64, 0u8..3).prop_map(|(pick, what)| Step::Edit { pick, what }),
        (0usize..64).prop_map(|pick| Step::Own { pick }),
    ]
}

/// What the editor wrote on one annotation: comment, correction, decision.
type Words = (serde_json::Value, serde_json::Value, serde_json::Value);

fn run_history(steps: &[Step]) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let report = dir.path().join("r.txt");
    let sidecar = dir.path().join("r.txt.mtqa.json");
    let mut text: Vec<String> = SENTENCES.iter().map(|s| s.to_string()).collect();
    let write_text =
        |t: &[String]| fs::write(&report, t.join(" ") + "\n").map_err(|e| e.to_string());
    write_text(&text)?;
    let recheck = |args: &[&str]| -> Result<(), String> {
        let mut all = vec!["check", "--save", "r.txt"];
        all.extend_from_slice(args);
        let out = common::mtqa_in(dir.path(), &all);
        match out.status.code() {
            Some(0 | 1) => Ok(()),
            c => Err(format!(
                "{all:?}: exit {c:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    };
    recheck(&[])?;
    let mut expected: BTreeMap<String, Words> = BTreeMap::new();
    let mut own = 0;
    for (n, s) in steps.iter().enumerate() {
        match s {
            Step::Recheck { skip, lang } => {
                let mut args = Vec::new();
                if let Some(i) = skip {
                    args.extend(["--skip", SKIPS[*i]]);
                }
                if let Some(i) = lang {
                    args.extend(["--lang", LANGS[*i]]);
                }
                recheck(&args)?;
            }
            Step::Text { kind, at } => {
                let i = at % text.len().max(1);
                match kind {
                    0 if text.len() > 1 => {
                        text.remove(i);
                    }
                    1 => text[i] = text[i].replace("..", ".").replace(" ,", ","),
                    2 => text.insert(i, SENTENCES[at % SENTENCES.len()].to_string()),
                    _ => text[i] = format!("Meanwhile, {}", text[i]),
                }
                write_text(&text)?;
            }
            Step::Edit { pick, .. } | Step::Own { pick } if sidecar.exists() => {
                let mut v = sidecar_json(dir.path());
                let Some(list) = v["annotations"].as_array_mut() else {
                    return Err("no annotations array".into());
                };
                if list.is_empty() {
                    continue;
                }
                let k = pick % list.len();
                let a = if let Step::Own { .. } = s {
                    own += 1;
                    let mut a = list[k].clone();
                    a["id"] = format!("ed-{own}").into();
                    a["origin"] = "editor:ed".into();
                    a["annotator"] = "ed".into();
                    list.push(a);
                    list.last_mut().ok_or("pushed")?
                } else {
                    &mut list[k]
                };
                let what = if let Step::Edit { what, .. } = s {
                    *what
                } else {
                    0
                };
                // As the app saves an edit: the time of the change is recorded. (A correction
                // typed into the file by hand, with `modified` left alone, cannot be told
                // from the check's own suggestion.)
                a["modified"] = format!("2027-01-01T00:00:{:02}Z", n % 60).into();
                match what {
                    0 => a["comment"] = format!("note {n}").into(),
                    1 => a["correction"] = format!("fix {n}").into(),
                    _ => a["status"] = if n % 2 == 0 { "accepted" } else { "rejected" }.into(),
                }
                let id = a["id"].as_str().unwrap_or_default().to_string();
                expected.insert(
                    id,
                    (
                        a["comment"].clone(),
                        a["correction"].clone(),
                        a["status"].clone(),
                    ),
                );
                fs::write(&sidecar, serde_json::to_vec(&v).map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
            }
            _ => {}
        }
        // After every step: every annotation the editor wrote on is there, words intact.
        if !sidecar.exists() {
            continue;
        }
        let v = sidecar_json(dir.path());
        let list = v["annotations"].as_array().cloned().unwrap_or_default();
        for (id, words) in &expected {
            let Some(a) = list.iter().find(|a| a["id"] == id.as_str()) else {
                return Err(format!("after step {n} ({s:?}) annotation {id} is gone"));
            };
            let got = (
                a["comment"].clone(),
                a["correction"].clone(),
                a["status"].clone(),
            );
            if &got != words {
                return Err(format!(
                    "after step {n} ({s:?}) annotation {id} has {got:?}, the editor wrote {words:?}"
                ));
            }
        }
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(common::cases(24)))]

    /// No editor annotation (comment, correction, decision, own span) is lost across any
    /// sequence of `check --save` runs with changed options or changed text.
    #[test]
    fn no_editor_annotation_is_lost_across_any_history(steps in proptest::collection::vec(step(), 1..10)) {
        if let Err(e) = run_history(&steps) {
            proptest::prop_assert!(false, "{}", e);
        }
    }
}

/// A file of 4 GiB or more is refused before it is read (a sparse file: nothing is written).
#[test]
fn a_file_of_four_gib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let f = fs::File::create(dir.path().join("huge.txt")).expect("create");
    if f.set_len(5 << 30).is_err() {
        return; // A file system without sparse files: nothing to try.
    }
    drop(f);
    let out = common::mtqa_in(dir.path(), &["check", "huge.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("huge.txt:1:1: is 5368709120 bytes: mtqa reads files under 4 GiB"),
        "{err}"
    );
}
