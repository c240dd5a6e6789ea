//! The annotation file: `check --save`, re-anchoring, bad input, merge, the schema, and the
//! fixture of every past format version.

mod common;

use std::fs;
use std::path::Path;

use common::{mtqa_in, root};
use mtqa_core::project::{self, Sidecar, SidecarError};

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("schemas/sidecar.schema.json")).expect("schema"),
    )
    .expect("json");
    jsonschema::validator_for(&schema).expect("valid schema")
}

fn assert_valid(path: &Path) {
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(path).expect("read")).expect("json");
    let errors: Vec<String> = validator()
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    fs::copy(
        root().join("corpora/en-from-fr-flood.txt"),
        dir.path().join("r.txt"),
    )
    .expect("copy");
    dir
}

fn sidecar(dir: &Path) -> Sidecar {
    let p = dir.join("r.txt.mtqa.json");
    Sidecar::from_slice(&p, &fs::read(&p).expect("sidecar")).expect("parses")
}

#[test]
fn check_save_twice_is_byte_identical_and_valid() {
    let dir = setup();
    let out = mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("r.txt.mtqa.json");
    let first = fs::read(&path).expect("saved");
    assert_valid(&path);
    let sc = sidecar(dir.path());
    assert_eq!(sc.set.annotations.len(), 18);
    assert!(sc
        .set
        .annotations
        .iter()
        .all(|a| a.origin.starts_with("check:") && a.status == mtqa_core::annotate::Status::Open));
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    assert_eq!(
        fs::read(&path).expect("saved"),
        first,
        "second --save changed the file"
    );
}

#[test]
fn decisions_survive_a_changed_report() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let mut sc = sidecar(dir.path());
    // The editor accepts the doubled full stop and rejects the fragment.
    let find = |sc: &Sidecar, origin: &str, quote: &str| {
        sc.set
            .annotations
            .iter()
            .position(|a| a.origin == origin && a.anchor.quote == quote)
            .expect(origin)
    };
    let i = find(&sc, "check:doubled-punctuation", ". .");
    sc.set.annotations[i].status = mtqa_core::annotate::Status::Accepted;
    let accepted_id = sc.set.annotations[i].id.clone();
    let j = find(&sc, "check:fragment", "Which");
    sc.set.annotations[j].status = mtqa_core::annotate::Status::Rejected;
    let stamp = project::Stamp::of(&path);
    project::save(&path, &sc, stamp.as_ref()).expect("save");
    // The report changes: a new paragraph at the top, and the `the the` is fixed.
    let text = fs::read_to_string(dir.path().join("r.txt")).expect("r");
    let changed = text
        .replacen(
            "\n\n",
            "\n\nA new paragraph was added by the editor.\n\n",
            1,
        )
        .replace("and the the emergency", "and the emergency");
    fs::write(dir.path().join("r.txt"), changed).expect("w");
    let out = mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the report changed since it was annotated"),
        "{err}"
    );
    let sc = sidecar(dir.path());
    assert_valid(&path);
    // The accepted finding kept its decision and moved with its text (p2 became p3).
    let acc = sc
        .set
        .annotations
        .iter()
        .find(|a| a.id == accepted_id)
        .expect("accepted annotation kept");
    assert_eq!(acc.status, mtqa_core::annotate::Status::Accepted);
    assert_eq!(acc.segment.as_deref(), Some("p3.s2"));
    assert_eq!(acc.anchor.quote, ". .");
    let frag = sc
        .set
        .annotations
        .iter()
        .find(|a| a.origin == "check:fragment")
        .expect("fragment");
    assert_eq!(frag.status, mtqa_core::annotate::Status::Rejected);
    // Each finding once: the moved, decided annotations were matched to the fresh findings.
    let dots = sc
        .set
        .annotations
        .iter()
        .filter(|a| a.anchor.quote == ". .")
        .count();
    assert_eq!(dots, 1);
    assert_eq!(sc.set.annotations.len(), 17);
    // The fixed repetition is gone (it was open); nothing is orphaned.
    assert!(sc
        .set
        .annotations
        .iter()
        .all(|a| a.origin != "check:repeated-word"));
    assert!(sc.set.annotations.iter().all(|a| !a.orphaned));
}

#[test]
fn corrupt_sidecar_is_moved_aside_never_overwritten() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let good = fs::read(&path).expect("saved");
    let truncated = &good[..good.len() / 2];
    fs::write(&path, truncated).expect("truncate");
    // A command that only reads says what is wrong and touches nothing.
    let out = mtqa_in(dir.path(), &["annotations", "r.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("r.txt.mtqa.json:") && err.contains("not a valid annotation file"),
        "{err}"
    );
    let corrupt_copies = || -> Vec<std::path::PathBuf> {
        fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .map(|e| e.path())
            .collect()
    };
    assert!(
        corrupt_copies().is_empty(),
        "a read-only command moved the file"
    );
    assert_eq!(fs::read(&path).expect("still there"), truncated);
    // check --save, about to write, keeps the corrupt file aside, says so, starts anew.
    let out = mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kept as") && err.contains("a new annotation file is started"),
        "{err}"
    );
    let aside = corrupt_copies();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read(&aside[0]).expect("aside"),
        truncated,
        "the corrupt file is kept as it was"
    );
    assert_valid(&path);
}

#[test]
fn newer_version_and_other_report_are_refused_untouched() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let text = fs::read_to_string(&path)
        .expect("r")
        .replacen("\"version\":1", "\"version\":7", 1);
    fs::write(&path, &text).expect("w");
    let out = mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 7 is newer"));
    assert_eq!(fs::read_to_string(&path).expect("r"), text);
    // Annotations of r.txt offered for another report.
    fs::write(&path, text.replacen("\"version\":7", "\"version\":1", 1)).expect("w");
    fs::copy(
        root().join("corpora/clean-en-harbour.txt"),
        dir.path().join("other.txt"),
    )
    .expect("copy");
    let before = fs::read(&path).expect("r");
    let out = mtqa_in(
        dir.path(),
        &[
            "check",
            "--save",
            "--sidecar",
            "r.txt.mtqa.json",
            "other.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("belong to \"r.txt\", not to \"other.txt\"")
    );
    assert_eq!(fs::read(&path).expect("r"), before);
}

#[test]
fn unwritable_place_and_full_disk_lose_nothing() {
    let dir = setup();
    // A folder that does not exist.
    let out = mtqa_in(
        dir.path(),
        &[
            "check",
            "--save",
            "--sidecar",
            "no/such/dir/x.mtqa.json",
            "r.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot save"));
    // A full disk, simulated: the write fails half-way; the old file is intact, no temp left.
    let path = dir.path().join("f.mtqa.json");
    fs::write(&path, b"old content").expect("w");
    let r = project::atomic_write_with(&path, b"new content that does not fit", |f, b| {
        use std::io::Write;
        f.write_all(&b[..4])?;
        Err(std::io::Error::from_raw_os_error(28))
    });
    let e = r.expect_err("fails");
    assert!(e.to_string().contains("No space left on device"), "{e}");
    assert_eq!(fs::read(&path).expect("r"), b"old content");
    let litter = fs::read_dir(dir.path())
        .expect("d")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(litter, 0);
    // A read-only folder (only where permissions apply: not for root).
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).expect("mkdir");
    fs::copy(dir.path().join("r.txt"), ro.join("r.txt")).expect("copy");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
    if fs::write(ro.join("probe"), b"x").is_err() {
        let out = mtqa_in(&ro, &["check", "--save", "r.txt"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot save"));
    }
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn changed_on_disk_is_never_overwritten_silently() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let (sc, stamp) = project::read(&path).expect("read").expect("exists");
    // Someone else saves meanwhile.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut other = sc.clone();
    other.set.annotations.truncate(3);
    fs::write(&path, other.to_bytes()).expect("w");
    let theirs = fs::read(&path).expect("r");
    let r = project::save(&path, &sc, Some(&stamp));
    assert!(matches!(r, Err(SidecarError::Conflict { .. })), "{r:?}");
    assert_eq!(fs::read(&path).expect("r"), theirs);
    // Autosave goes to the recovery file, which `open` reports and a real save removes.
    project::autosave(&path, &sc).expect("autosave");
    assert_eq!(
        project::recovery(&path),
        Some(project::autosave_path(&path))
    );
    let stamp = project::Stamp::of(&path);
    project::save(&path, &sc, stamp.as_ref()).expect("save");
    assert_eq!(project::recovery(&path), None);
}

#[test]
fn merge_keeps_everything_once_and_shows_conflicts() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let base = sidecar(dir.path());
    let mut a = base.clone();
    let mut b = base.clone();
    a.set.annotations[3].status = mtqa_core::annotate::Status::Accepted;
    a.set.annotations[3].annotator = "ana".into();
    a.set.annotations[3].modified = "2026-11-25T12:00:00Z".into();
    b.set.annotations[3].status = mtqa_core::annotate::Status::Rejected;
    b.set.annotations[3].annotator = "bo".into();
    b.set.annotations[3].modified = "2026-11-25T12:05:00Z".into();
    let mut own = b.set.annotations[0].clone();
    own.id = "bo-1".into();
    own.origin = "editor:bo".into();
    own.comment = "headline missing".into();
    b.set.annotations.push(own);
    a.set
        .corrections
        .insert("p1.s1".into(), "On Wednesday, …".into());
    b.set
        .corrections
        .insert("p1.s1".into(), "On Wednesday 12 March, …".into());
    fs::write(dir.path().join("a.mtqa.json"), a.to_bytes()).expect("w");
    fs::write(dir.path().join("b.mtqa.json"), b.to_bytes()).expect("w");
    let out = mtqa_in(
        dir.path(),
        &["merge", "a.mtqa.json", "b.mtqa.json", "-o", "m.mtqa.json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = dir.path().join("m.mtqa.json");
    assert_valid(&m);
    let merged = Sidecar::from_slice(&m, &fs::read(&m).expect("m")).expect("parses");
    assert_eq!(
        merged.set.annotations.len(),
        base.set.annotations.len() + 1,
        "no duplicates, nothing dropped"
    );
    let c = merged
        .set
        .annotations
        .iter()
        .find(|x| x.id == base.set.annotations[3].id)
        .expect("conflicting one");
    assert!(c.conflict);
    assert_eq!(
        c.status,
        mtqa_core::annotate::Status::Rejected,
        "the newer version is shown"
    );
    let ids: Vec<&str> = merged.conflicts.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        [base.set.annotations[3].id.as_str(), "correction:p1.s1"]
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert!(merged.conflicts.iter().all(|x| x.versions.len() == 2));
    // Merging the same file twice adds nothing and finds no conflict.
    let out = mtqa_in(
        dir.path(),
        &["merge", "a.mtqa.json", "a.mtqa.json", "-o", "aa.mtqa.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let aa = Sidecar::from_slice(
        &path,
        &fs::read(dir.path().join("aa.mtqa.json")).expect("aa"),
    )
    .expect("parses");
    assert_eq!(aa.set, a.set);
    assert!(aa.conflicts.is_empty());
}

#[test]
fn annotations_lists_in_every_format() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let tsv = mtqa_in(dir.path(), &["annotations", "r.txt"]);
    let s = String::from_utf8_lossy(&tsv.stdout);
    assert!(s.starts_with("id\tsegment\tstart\tend\tquote\tcategory\tseverity\tstatus"));
    assert_eq!(s.lines().count(), 19);
    assert!(s
        .lines()
        .any(|l| l.contains("\tp2.s2\t") && l.contains("\t. .\t")));
    let jsonl = mtqa_in(dir.path(), &["annotations", "--format", "jsonl", "r.txt"]);
    assert_eq!(common::jsonl(&jsonl).len(), 18);
    let json = mtqa_in(dir.path(), &["annotations", "--format", "json", "r.txt"]);
    assert_eq!(
        json.stdout,
        fs::read(dir.path().join("r.txt.mtqa.json")).expect("r")
    );
    let none = mtqa_in(dir.path(), &["annotations", "missing.txt"]);
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn every_past_version_loads() {
    // Version 1 is the only one so far; each future version adds its fixture here.
    const FIXTURES: &[(&str, u64)] = &[("sidecar-v1.mtqa.json", 1)];
    for &(name, version) in FIXTURES {
        let path = root().join("tests/fixtures").join(name);
        let bytes = fs::read(&path).expect("fixture");
        let sc = Sidecar::from_slice(&path, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            project::VERSION,
            version,
            "add a fixture for the new version and a migration test"
        );
        assert_eq!(sc.report.file, "en-from-fr-flood.txt");
        assert_eq!(sc.set.annotations.len(), 18);
        assert_eq!(
            sc.set
                .annotations
                .iter()
                .filter(|a| a.status == mtqa_core::annotate::Status::Accepted)
                .count(),
            1
        );
        assert_eq!(sc.set.corrections.len(), 1);
        assert!(
            sc.extra.contains_key("x-team-notes"),
            "unknown keys are kept"
        );
        assert_eq!(
            sc.to_bytes(),
            bytes,
            "{name}: the canonical layout round-trips"
        );
        assert_valid(&path);
    }
}

/// A correction typed into an open finding in a file edited by hand (its `modified` left
/// as it was) is the editor's: it survives the re-check that no longer reports the finding.
#[test]
fn a_hand_typed_correction_survives_the_fix_of_its_text() {
    let dir = setup();
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let path = dir.path().join("r.txt.mtqa.json");
    let mut sc = sidecar(dir.path());
    let i = sc
        .set
        .annotations
        .iter()
        .position(|a| a.origin == "check:repeated-word")
        .expect("the the");
    let id = sc.set.annotations[i].id.clone();
    assert_eq!(
        sc.set.annotations[i].modified,
        sc.set.annotations[i].created
    );
    sc.set.annotations[i].correction = Some("its".into());
    sc.set.annotations[i].comment.clear();
    // Made earlier than this run (as a file edited by hand is).
    sc.set.annotations[i].created = "2026-01-01T00:00:00Z".into();
    sc.set.annotations[i].modified = "2026-01-01T00:00:00Z".into();
    let stamp = project::Stamp::of(&path);
    project::save(&path, &sc, stamp.as_ref()).expect("save");
    // A re-check while the text is unchanged sees that the correction is not the check's.
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let a = sidecar(dir.path()).set.get(&id).cloned().expect("kept");
    assert_ne!(a.modified, a.created);
    assert_eq!(a.correction.as_deref(), Some("its"));
    // The text is fixed: the finding is no longer reported, the editor's correction stays.
    let text = fs::read_to_string(dir.path().join("r.txt")).expect("r");
    fs::write(
        dir.path().join("r.txt"),
        text.replace("and the the emergency", "and the emergency"),
    )
    .expect("w");
    mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    let a = sidecar(dir.path())
        .set
        .get(&id)
        .cloned()
        .expect("still kept");
    assert!(a.orphaned);
    assert_eq!(a.correction.as_deref(), Some("its"));
}
