//! Streaming `check -` and segment files, and checking on every core (issue #15): a stream
//! gives the findings of the same records read from a file, window by window as they come;
//! a bad record is reported and the stream goes on; any number of threads gives the same
//! bytes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{mtqa, root};
use mtqa_core::checks::Checker;
use mtqa_core::formats::{LoadOptions, WINDOW_LINES};
use mtqa_core::stream::{Event, StreamOptions};

/// A generated corpus of `n` records in a temporary folder.
fn corpus(n: usize, seed: u64) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("corpus.jsonl");
    let mut text = String::new();
    for line in mtqa_testkit::segments(n, seed) {
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

/// `mtqa check` with `stdin` on its standard input.
fn mtqa_stdin(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtqa"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

/// The whole file checked as one document (the app's and `--save`'s path), as JSON Lines.
fn whole(path: &Path) -> Vec<u8> {
    let doc = mtqa_core::formats::load(path, &LoadOptions::default()).expect("loads");
    let findings = Checker::default().run(&doc);
    let mut out = Vec::new();
    mtqa_core::printer::write_jsonl(&mut out, &doc, &findings).expect("write");
    out
}

/// The file streamed through the library, `in_flight` windows at once.
fn streamed(path: &Path, in_flight: usize) -> (Vec<u8>, mtqa_core::stream::Summary) {
    let opts = StreamOptions {
        name: path.to_path_buf(),
        format: None,
        load: LoadOptions::default(),
        in_flight,
    };
    let mut out = Vec::new();
    let file = std::fs::File::open(path).expect("open");
    let summary = mtqa_core::stream::check(file, &opts, &Checker::default(), &mut |e| {
        if let Event::Window { doc, findings } = e {
            mtqa_core::printer::write_jsonl(&mut out, doc, findings)?;
        }
        Ok(())
    })
    .expect("streams");
    (out, summary)
}

#[test]
fn a_stream_gives_the_findings_of_the_whole_file() {
    // Three and a half windows; the consistency checks find something in each.
    let n = 3 * WINDOW_LINES + WINDOW_LINES / 2;
    let (_dir, path) = corpus(n, 5);
    let want = whole(&path);
    let text = String::from_utf8_lossy(&want).to_string();
    assert!(
        text.contains("\"inconsistent-translation\""),
        "{}",
        &text[..500.min(text.len())]
    );
    assert!(text.contains("\"doubled-punctuation\""));
    let (got, summary) = streamed(&path, 1);
    assert_eq!(summary.records, n);
    assert_eq!(summary.bad, 0);
    assert_eq!(String::from_utf8_lossy(&got), text);
    let (got, _) = streamed(&path, 8);
    assert_eq!(String::from_utf8_lossy(&got), text, "8 windows in flight");
    // The CLI streams the file, and standard input, to the same bytes.
    let p = path.to_string_lossy().to_string();
    let file = mtqa(&["check", &p, "--format", "jsonl"]);
    assert_eq!(String::from_utf8_lossy(&file.stdout), text);
    let stdin = mtqa_stdin(
        &["check", "-", "--format", "jsonl"],
        &std::fs::read(&path).expect("read"),
    );
    assert_eq!(stdin.status.code(), file.status.code());
    assert_eq!(
        String::from_utf8_lossy(&stdin.stdout),
        text.replace(
            &format!("\"file\":{}", serde_json::json!(p)),
            "\"file\":\"-\""
        )
    );
}

#[test]
fn windows_bound_the_cross_segment_checks() {
    // The same source translated two ways, a window apart: not flagged; within one: flagged.
    let rec = |id: usize, src: &str, tgt: &str| {
        format!(
            "{}\n",
            serde_json::json!({"id": id.to_string(), "source": src, "target": tgt})
        )
    };
    let src = "Le conseil a approuvé le budget de la ville mardi soir.";
    let mut apart = rec(
        1,
        src,
        "The council approved the city budget on Tuesday evening.",
    );
    for i in 2..=WINDOW_LINES {
        apart.push_str(&rec(
            i,
            &format!("Phrase numéro {i} du rapport."),
            &format!("Sentence number {i} of the report."),
        ));
    }
    apart.push_str(&rec(
        WINDOW_LINES + 1,
        src,
        "The council passed the budget of the city on Tuesday evening.",
    ));
    let mut near = apart.clone();
    near.push_str(&rec(
        WINDOW_LINES + 2,
        src,
        "The council approved the city budget on Tuesday evening.",
    ));
    let check = |text: &str| {
        let out = mtqa_stdin(
            &["check", "-", "--format", "jsonl", "--lang", "en"],
            text.as_bytes(),
        );
        common::jsonl(&out)
            .into_iter()
            .filter(|f| f["check"] == "inconsistent-translation")
            .map(|f| f["segment"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        check(&apart).is_empty(),
        "a window apart: {:?}",
        check(&apart)
    );
    assert!(!check(&near).is_empty(), "in one window");
}

#[test]
fn a_split_stream_with_context_lines_reads_as_the_whole() {
    // What a cluster job does: partitions cut at window boundaries, each sent with a
    // context line naming the file, its first line and the records before it.
    let n = 2 * WINDOW_LINES + 300;
    let (_dir, path) = corpus(n, 9);
    let p = path.to_string_lossy().to_string();
    let want = mtqa(&["check", &p, "--format", "jsonl"]);
    let text = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let mut got = Vec::new();
    for (k, part) in lines.chunks(WINDOW_LINES).enumerate() {
        let ctx = serde_json::json!({"file": p, "line": k * WINDOW_LINES + 1, "record": k * WINDOW_LINES});
        let input = format!(
            "{}{ctx}\n{}\n",
            mtqa_core::stream::CONTEXT_PREFIX,
            part.join("\n")
        );
        let out = mtqa_stdin(&["check", "-", "--format", "jsonl"], input.as_bytes());
        got.extend(out.stdout);
    }
    assert!(want.stdout.len() > 1000);
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want.stdout)
    );
}

#[test]
fn a_bad_record_is_reported_and_the_stream_goes_on() {
    let text = concat!(
        "{\"id\":\"a\",\"target\":\"The the council met.\"}\n",
        "{\"id\":\"b\",\"target\":\"broken\n",
        "{\"id\":\"c\"}\n",
        "\n",
        "{\"id\":\"a\",\"target\":\"Again.\"}\n",
        "[1,2]\n",
        "{\"id\":\"d\",\"target\":\"It rained.. Then it stopped.\"}\n",
    );
    let out = mtqa_stdin(&["check", "-", "--format", "jsonl"], text.as_bytes());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("-:2:"), "{err}");
    assert!(err.contains("-:3:1: missing \"target\""), "{err}");
    assert!(err.contains("-:5:1: duplicate id \"a\""), "{err}");
    assert!(err.contains("-:6:1: expected a JSON object"), "{err}");
    let found: Vec<(String, String)> = common::jsonl(&out)
        .iter()
        .map(|f| (f["segment"].to_string(), f["check"].to_string()))
        .collect();
    assert!(
        found.contains(&("\"a\"".into(), "\"repeated-word\"".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("\"d\"".into(), "\"doubled-punctuation\"".into())),
        "{found:?}"
    );
    // Invalid UTF-8 and an overlong line are records like any other bad one.
    let mut bytes = b"{\"id\":\"x\",\"target\":\"caf\xE9\"}\n".to_vec();
    bytes.extend_from_slice(b"{\"id\":\"y\",\"target\":\"It rained.. Then.\"}\n");
    let out = mtqa_stdin(
        &["check", "-", "--input-format", "jsonl", "--format", "jsonl"],
        &bytes,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("-:1:") && err.contains("invalid UTF-8"),
        "{err}"
    );
    let found = common::jsonl(&out);
    assert!(found.iter().all(|f| f["segment"] == "y"), "{found:?}");
    assert!(found.iter().any(|f| f["check"] == "doubled-punctuation"));
    // Neither JSON Lines nor TSV: said, with what to do.
    let out = mtqa_stdin(&["check", "-"], b"Just a sentence.\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--input-format"));
    // A plain report on standard input is read whole.
    let out = mtqa_stdin(
        &["check", "-", "--input-format", "plain", "--format", "jsonl"],
        b"It rained.. Then it stopped.\n",
    );
    assert!(common::jsonl(&out)
        .iter()
        .any(|f| f["check"] == "doubled-punctuation"));
    // TSV streams too, header first.
    let out = mtqa_stdin(
        &["check", "-", "--format", "jsonl"],
        b"id\ttarget\nt1\tThe the end.\nt2\tone\ttoo many\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("-:3:"));
    assert!(common::jsonl(&out)
        .iter()
        .any(|f| f["check"] == "repeated-word" && f["segment"] == "t1"));
}

#[test]
fn the_first_findings_come_before_the_input_ends() {
    // A slow writer: one window and one record, then silence; the findings of the first
    // window must arrive while standard input is still open.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtqa"))
        .args(["check", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = tx.send(first);
    });
    for line in mtqa_testkit::segments(WINDOW_LINES + 1, 3) {
        writeln!(input, "{line}").expect("write");
    }
    input.flush().expect("flush");
    let start = Instant::now();
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("a finding before the end");
    assert!(first.contains("\"check\""), "{first}");
    // The input is still open: the process is still running.
    assert!(child.try_wait().expect("try_wait").is_none());
    assert!(start.elapsed() < Duration::from_secs(60));
    drop(input);
    assert!(child.wait().expect("wait").code().is_some());
}

#[test]
fn any_number_of_jobs_gives_the_same_bytes_on_every_sample() {
    let dir = root().join("corpora");
    let mut samples: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("corpora")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "txt" || e == "jsonl" || e == "tsv")
                && !p.to_string_lossy().ends_with(".expected.tsv")
        })
        .collect();
    samples.sort();
    assert!(samples.len() >= 15, "{samples:?}");
    let big = tempfile::tempdir().expect("tempdir");
    let report = big.path().join("big.txt");
    std::fs::write(&report, mtqa_testkit::report(20_000, 11)).expect("write");
    samples.push(report);
    let (_c, jsonl) = corpus(5_000, 12);
    samples.push(jsonl);
    for p in &samples {
        let p = p.to_string_lossy().to_string();
        for format in ["jsonl", "text", "json"] {
            let one = mtqa(&["check", &p, "--format", format, "--jobs", "1"]);
            let two = mtqa(&["check", &p, "--format", format, "--jobs", "2"]);
            let four = mtqa(&["check", &p, "--format", format, "-j", "4"]);
            assert!(!one.stdout.is_empty() || format == "jsonl", "{p}");
            assert_eq!(one.stdout, two.stdout, "{p} {format}");
            assert_eq!(one.stdout, four.stdout, "{p} {format}");
            assert_eq!(one.status.code(), two.status.code(), "{p}");
        }
    }
    // With a source document too.
    let b = root().join("corpora/bilingual");
    let (src, tgt) = (b.join("budget.fr.txt"), b.join("budget.en.txt"));
    let args = |j: &'static str| {
        mtqa(&[
            "check",
            &tgt.to_string_lossy(),
            "--source",
            &src.to_string_lossy(),
            "--format",
            "jsonl",
            "--jobs",
            j,
        ])
    };
    assert_eq!(args("1").stdout, args("2").stdout);
}

#[test]
fn mtqa_checks_names_the_windowed_checks() {
    let out = mtqa(&["checks"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let windowed: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(&format!("within each window of {WINDOW_LINES} lines")))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut want: Vec<&str> = mtqa_core::checks::windowed()
        .iter()
        .map(|c| c.as_str())
        .collect();
    // The checks that weigh a segment against its window, as the code has them.
    for id in [
        "inconsistent-translation",
        "length-ratio",
        "spelling",
        "untranslated",
    ] {
        assert!(want.contains(&id), "{id}");
    }
    let mut got = windowed.clone();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want);
    assert!(text
        .lines()
        .any(|l| l.starts_with("doubled-punctuation") && !l.contains("window")));
}
