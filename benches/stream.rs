//! Issue #15's figures, through the real binary (`cargo bench --bench stream`):
//!
//! 1. the 100,000-sentence report (`mtqa_testkit::report`, checked as a plain report):
//!    median wall time of 9 runs with every core and with `--jobs 1`, peak RSS against the
//!    file's size, and the scaling from 1 job to all (target: 0.26 s on 2 cores);
//! 2. a stream of 1,000,000 generated segment records (`mtqa_testkit::segments`, about 200 MB
//!    of JSON Lines) piped into `mtqa check -`: segments per second per core, peak RSS.
//!
//! Peak RSS is the child's `ru_maxrss` (wait4). Fails when the report takes more than
//! 0.26 s with two cores or more, or the stream's peak RSS reaches 200 MB.

// wait4 is the one call that gives a child's own peak RSS; it is made in one place below.
#![allow(unsafe_code)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

fn mtqa() -> std::path::PathBuf {
    // The release binary next to this benchmark's own folder (target/release/deps/..).
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
    let bin = dir.join("mtqa");
    assert!(
        bin.is_file(),
        "build it first: cargo build --release --bin mtqa"
    );
    bin
}

/// Waits for `child`; its exit code and peak RSS in bytes (`wait4`'s rusage of that child).
fn wait_rss(child: std::process::Child) -> (i32, u64) {
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the status and a whole rusage into the pointers it is given;
    // the pid is our child's, not yet waited for.
    let usage = unsafe {
        libc::wait4(
            child.id() as libc::pid_t,
            &mut status,
            0,
            usage.as_mut_ptr(),
        );
        usage.assume_init()
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64 * 1024)
}

/// Runs `mtqa check FILE --format jsonl [--jobs N]`: wall time in seconds and peak RSS.
fn check_file(file: &std::path::Path, jobs: Option<&str>) -> (f64, u64) {
    let mut cmd = Command::new(mtqa());
    cmd.args(["check", "--format", "jsonl"])
        .arg(file)
        .stdout(Stdio::null());
    if let Some(j) = jobs {
        cmd.args(["--jobs", j]);
    }
    let start = Instant::now();
    let (code, rss) = wait_rss(cmd.spawn().expect("run mtqa"));
    assert!(code == 0 || code == 1, "exit {code}");
    (start.elapsed().as_secs_f64(), rss)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not: only run when benched.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let dir = tempfile::tempdir().expect("tempdir");

    // 1. The 100,000-sentence report.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let (_, base) = check_file(&empty, None);
    let report = dir.path().join("report.txt");
    std::fs::write(&report, mtqa_testkit::report(100_000, 42)).expect("write");
    let size = std::fs::metadata(&report).expect("size").len();
    let (_, rss) = check_file(&report, None);
    let all = median((0..9).map(|_| check_file(&report, None).0).collect());
    let one = median((0..9).map(|_| check_file(&report, Some("1")).0).collect());
    println!(
        "report, 100,000 sentences ({:.1} MB): {all:.3} s wall with {cores} jobs, {one:.3} s with 1 (scaling ×{:.2}); peak RSS {:.1} MB = {:.2}× the file ({:.1} MB for an empty report)",
        size as f64 / 1e6,
        one / all,
        rss as f64 / 1e6,
        rss as f64 / size as f64,
        base as f64 / 1e6,
    );
    assert!(cores < 2 || all <= 0.26, "{all:.3} s > 0.26 s");

    // 2. A stream of a million records.
    const N: usize = 1_000_000;
    let mut child = Command::new(mtqa())
        .args(["check", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let mut stdout = child.stdout.take().expect("stdout");
    let counter = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut lines = 0usize;
        while let Ok(n) = std::io::Read::read(&mut stdout, &mut buf) {
            if n == 0 {
                break;
            }
            lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        }
        lines
    });
    // The records are generated before the clock starts, a batch at a time.
    let records: Vec<String> = mtqa_testkit::segments(N, 7).collect();
    let bytes: usize = records.iter().map(|r| r.len() + 1).sum();
    let start = Instant::now();
    for r in &records {
        writeln!(input, "{r}").expect("write");
    }
    drop(input);
    let (code, rss) = wait_rss(child);
    let wall = start.elapsed().as_secs_f64();
    let findings = counter.join().expect("counter");
    assert!(code == 0 || code == 1, "exit {code}");
    println!(
        "stream, {N} records ({:.0} MB of JSON Lines): {wall:.2} s, {:.0} segments/s, {:.0} segments/s per core, {findings} findings; peak RSS {:.1} MB",
        bytes as f64 / 1e6,
        N as f64 / wall,
        N as f64 / wall / cores as f64,
        rss.max(1) as f64 / 1e6,
    );
    assert!(rss < 200_000_000, "the stream's peak RSS {rss} ≥ 200 MB");
}
