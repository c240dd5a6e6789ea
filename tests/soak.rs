//! Crash safety: a child process saves a large annotation file over and over and is killed
//! (SIGKILL) at random moments. Every time, the file on disk must parse and be exactly one
//! of the states the child was saving — never a mix, never truncated.
//!
//! 200 kills by default (CI); `MTQA_SOAK_KILLS=5000 cargo test --release --test soak` for
//! a longer soak.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use mtqa_core::project::Sidecar;
use mtqa_testkit::Rng;

const ANNOTATIONS: usize = 8_000;

/// The saving child: this same test binary, run with `MTQA_SOAK_CHILD=PATH START`, saves
/// generated annotation files of [`ANNOTATIONS`] annotations to PATH over and over, states
/// START, START+1, …, printing each state number once it is saved, until killed. (A test
/// helper of its own would be a binary that `cargo install` installs next to `mtqa`.)
#[test]
fn soak_child() {
    use std::io::Write;
    let Ok(args) = std::env::var("MTQA_SOAK_CHILD") else {
        return;
    };
    let (path, start) = args.rsplit_once(' ').expect("PATH START");
    let start: u64 = start.parse().expect("START");
    let base = mtqa_testkit::sidecar(ANNOTATIONS, 0);
    let mut stdout = std::io::stdout();
    for version in start.. {
        let mut sc = base.clone();
        sc.report.file = format!("soak-{version}.txt");
        sc.report.sha256 = format!("{version:064x}");
        mtqa_core::project::atomic_write(path.as_ref(), &sc.to_bytes()).expect("save");
        writeln!(stdout, "saved {version}").expect("stdout");
        stdout.flush().expect("flush");
    }
}

#[test]
fn killed_saves_leave_old_or_new_state() {
    if std::env::var_os("MTQA_SOAK_CHILD").is_some() {
        return;
    }
    let kills: u64 = std::env::var("MTQA_SOAK_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("report.txt.mtqa.json");
    let mut rng = Rng::new(7);
    let base = mtqa_testkit::sidecar(ANNOTATIONS, 0);
    let (mut present, mut mid_series) = (0u64, 0u64);
    let mut last_seen: Option<u64> = None;
    for k in 0..kills {
        let start = k * 1_000_000;
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "soak_child",
                "--nocapture",
                "--test-threads=1",
                "-q",
            ])
            .env("MTQA_SOAK_CHILD", format!("{} {start}", path.display()))
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Let it save a random number of times (0 to 2), then kill it at a random moment.
        let waits = rng.below(3);
        let mut acknowledged = None;
        if let Some(out) = child.stdout.take() {
            let mut lines = BufReader::new(out).lines();
            // The test harness's own lines ("running 1 test") are not states.
            let mut seen = 0;
            while seen < waits {
                match lines.next() {
                    Some(Ok(l)) => {
                        if let Some(v) = l.strip_prefix("saved ") {
                            acknowledged = v.trim().parse::<u64>().ok();
                            seen += 1;
                        }
                    }
                    _ => break,
                }
            }
            std::thread::sleep(Duration::from_micros(rng.below(30_000) as u64));
            drop(lines);
        }
        child.kill().expect("kill");
        child.wait().expect("wait");
        let Ok(bytes) = std::fs::read(&path) else {
            assert!(last_seen.is_none(), "the file vanished after kill {k}");
            continue;
        };
        present += 1;
        let sc = Sidecar::from_slice(&path, &bytes)
            .unwrap_or_else(|e| panic!("kill {k}: unreadable after kill: {e}"));
        let version: u64 = sc
            .report
            .file
            .trim_start_matches("soak-")
            .trim_end_matches(".txt")
            .parse()
            .expect("version");
        let mut expected = base.clone();
        expected.report.file = format!("soak-{version}.txt");
        expected.report.sha256 = format!("{version:064x}");
        assert!(
            bytes == expected.to_bytes(),
            "kill {k}: state {version} is not exactly as saved"
        );
        // The state is this child's (or the previous child's, if it was killed before its first save).
        if version >= start {
            mid_series += 1;
            if let Some(a) = acknowledged {
                assert!(
                    version >= a,
                    "kill {k}: acknowledged state {a} lost, found {version}"
                );
            }
        } else {
            assert!(acknowledged.is_none(), "kill {k}: acknowledged save lost");
            assert_eq!(
                Some(version),
                last_seen,
                "kill {k}: an older state came back"
            );
        }
        last_seen = Some(version);
        // Temporary files of killed writers are the only litter a kill may leave.
        for e in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    eprintln!("{kills} kills: file present and exact after {present}; state of the killed writer in {mid_series}");
    assert!(
        present >= kills / 2,
        "too few kills after a save: {present}"
    );
}
