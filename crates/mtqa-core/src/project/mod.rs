//! The sidecar file `REPORT.mtqa.json`: the annotations and corrections of one report,
//! versioned, saved atomically, autosaved to a recovery file, never silently overwritten
//! or lost: an editor's work survives crashes, concurrent writers and corrupt files.
//!
//! Layout (schemas/sidecar.schema.json): one JSON object with `format`, `version`, the
//! `report` it belongs to (file name, SHA-256 of its bytes, segment count), `corrections`,
//! `conflicts` left by merges, and `annotations`, one per line so that the file diffs well.
//! Unknown top-level keys written by a newer mtqa are kept.

mod merge;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::annotate::anchor::{reanchor, ReanchorReport};
use crate::annotate::{Annotation, AnnotationSet};
pub use crate::atomic::{atomic_write, atomic_write_with};
use crate::model::Document;
pub use merge::merge;

/// The `format` value of every sidecar.
pub const FORMAT: &str = "mtqa-annotations";
/// The version this mtqa writes. Older versions are migrated on load.
pub const VERSION: u64 = 1;

/// Why a sidecar could not be read or written. Nothing is lost in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    /// Reading or writing failed.
    #[error("{path}: {action}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid sidecar (it is left as it is; see [`set_aside_corrupt`]).
    #[error("{path}:{line}:{column}: not a valid annotation file: {message}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem (0 if unknown).
        line: usize,
        /// 1-based column of the problem (0 if unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Written by a newer mtqa.
    #[error("{path}: annotation file version {found} is newer than this mtqa reads (up to {supported}); update mtqa")]
    Version {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
    },
    /// The sidecar belongs to another report.
    #[error("{path}: these annotations belong to {expected:?}, not to {actual:?}; give the right report or another --sidecar")]
    OtherReport {
        /// The sidecar.
        path: PathBuf,
        /// The report it was made for.
        expected: String,
        /// The report given.
        actual: String,
    },
    /// The file changed on disk since it was loaded: saving would overwrite someone's work.
    #[error("{path} changed on disk since it was opened: reload it, merge (`mtqa merge`), or save under another name")]
    Conflict {
        /// The file.
        path: PathBuf,
    },
}

/// The report a sidecar belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRef {
    /// File name of the report (without folder).
    pub file: String,
    /// SHA-256 of the report's bytes, lowercase hex.
    pub sha256: String,
    /// Number of segments when the annotations were made.
    pub segments: usize,
}

/// Versions of one annotation (or correction) that a merge could not reconcile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The annotation id, or `correction:<segment id>`.
    pub id: String,
    /// Every version, as found in the merged files.
    pub versions: Vec<Value>,
}

/// A sidecar in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Sidecar {
    /// The report.
    pub report: ReportRef,
    /// Annotations and corrections.
    pub set: AnnotationSet,
    /// Unresolved merge conflicts.
    pub conflicts: Vec<Conflict>,
    /// Top-level keys this version does not know, kept as they were.
    pub extra: Map<String, Value>,
    /// What reading repaired, for the user (repeated annotation ids renumbered …).
    pub notes: Vec<String>,
}

/// What identifies a file's content on disk, to detect a change by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of the file at `path` now; `None` when it does not exist.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// `REPORT.mtqa.json` beside the report: the report's file name with `.mtqa.json` appended.
pub fn sidecar_path(report: &Path) -> PathBuf {
    with_suffix(report, ".mtqa.json")
}

/// The recovery file autosave writes: `REPORT.mtqa.json.autosave`.
pub fn autosave_path(sidecar: &Path) -> PathBuf {
    with_suffix(sidecar, ".autosave")
}

/// `path` with `suffix` appended to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

pub use crate::digest::sha256_hex;

impl Sidecar {
    /// An empty sidecar for a report.
    pub fn new(report: ReportRef) -> Sidecar {
        Sidecar {
            report,
            set: AnnotationSet::default(),
            conflicts: Vec::new(),
            extra: Map::new(),
            notes: Vec::new(),
        }
    }

    /// Serialises in the canonical layout: same content, same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut set = self.set.clone();
        set.sort();
        let mut out = Vec::with_capacity(256 + set.annotations.len() * 400);
        // Writing JSON into a Vec cannot fail; the results are ignored for that reason.
        let _ = write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\n\"report\":"
        );
        let _ = serde_json::to_writer(&mut out, &self.report);
        for (k, v) in &self.extra {
            out.extend_from_slice(b",\n");
            let _ = serde_json::to_writer(&mut out, k);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, v);
        }
        let _ = write!(out, ",\n\"corrections\":");
        let _ = serde_json::to_writer(&mut out, &set.corrections);
        if !set.segmentation.is_empty() {
            let _ = write!(out, ",\n\"segmentation\":");
            let _ = serde_json::to_writer(&mut out, &set.segmentation);
        }
        if let Some(a) = &set.alignment {
            let _ = write!(out, ",\n\"alignment\":");
            let _ = serde_json::to_writer(&mut out, a);
        }
        let mut conflicts = self.conflicts.clone();
        conflicts.sort_by(|a, b| a.id.cmp(&b.id));
        let _ = write!(out, ",\n\"conflicts\":");
        let _ = serde_json::to_writer(&mut out, &conflicts);
        let _ = write!(out, ",\n\"annotations\":[");
        for (i, a) in set.annotations.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let _ = serde_json::to_writer(&mut out, a);
        }
        out.extend_from_slice(b"\n]}\n");
        out
    }

    /// Parses a sidecar, migrating older versions. `path` names it in errors.
    pub fn from_slice(path: &Path, bytes: &[u8]) -> Result<Sidecar, SidecarError> {
        let corrupt = |line: usize, column: usize, message: String| SidecarError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message,
        };
        // The top level is read as raw JSON values, each field then straight into its type:
        // an annotation file of millions of annotations never becomes a `Value` tree (which
        // costs several times the file).
        let top: RawFields = serde_json::from_slice(bytes).map_err(|e| {
            let message = if e.is_data() {
                "expected a JSON object".to_string()
            } else {
                e.to_string()
            };
            corrupt(e.line(), e.column(), message)
        })?;
        let mut fields = top.0;
        let mut take_raw = |key: &str| {
            fields
                .iter()
                .position(|(k, _)| k == key)
                .map(|i| fields.remove(i).1)
        };
        // Format and version are checked (and a past version migrated) on their own.
        let small = |v: Option<&serde_json::value::RawValue>| {
            v.and_then(|r| serde_json::from_str::<Value>(r.get()).ok())
        };
        let mut head = Map::new();
        for key in ["format", "version"] {
            if let Some(v) = small(take_raw(key)) {
                head.insert(key.into(), v);
            }
        }
        // Version 1 is the current layout: migration returns it as it is. (A version 2
        // would migrate the fields below, read as values.)
        migrate(path, Value::Object(head))?;
        fn raw(v: Option<&serde_json::value::RawValue>) -> Option<&str> {
            v.map(serde_json::value::RawValue::get)
        }
        let report_raw = raw(take_raw("report"));
        let corrections_raw = raw(take_raw("corrections"));
        let segmentation_raw = raw(take_raw("segmentation"));
        let alignment_raw = raw(take_raw("alignment"));
        let conflicts_raw = raw(take_raw("conflicts"));
        let annotations_raw = raw(take_raw("annotations"));
        let mut map = Map::new();
        for (k, v) in fields {
            map.insert(k, serde_json::from_str(v.get()).unwrap_or(Value::Null));
        }
        // The line of the key in the file (its first mention: the layout is mtqa's own, one
        // key a line), so that a hand edit gone wrong is found.
        let key_line = |key: &str| {
            let needle = format!("\"{key}\"");
            bytes
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .map_or(1, |at| {
                    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()
                })
        };
        let field_err =
            |key: &str, e: serde_json::Error| corrupt(key_line(key), 1, format!("`{key}`: {e}"));
        let report: ReportRef = serde_json::from_str(report_raw.unwrap_or("null"))
            .map_err(|e| field_err("report", e))?;
        let corrections: BTreeMap<String, String> =
            serde_json::from_str(corrections_raw.unwrap_or("{}"))
                .map_err(|e| field_err("corrections", e))?;
        let segmentation: BTreeMap<usize, Vec<usize>> =
            serde_json::from_str(segmentation_raw.unwrap_or("{}"))
                .map_err(|e| field_err("segmentation", e))?;
        let alignment: Option<crate::annotate::Alignment> =
            serde_json::from_str(alignment_raw.unwrap_or("null"))
                .map_err(|e| field_err("alignment", e))?;
        let conflicts: Vec<Conflict> = serde_json::from_str(conflicts_raw.unwrap_or("[]"))
            .map_err(|e| field_err("conflicts", e))?;
        let mut annotations: Vec<Annotation> =
            serde_json::from_str(annotations_raw.unwrap_or("[]"))
                .map_err(|e| field_err("annotations", e))?;
        let notes = renumber_repeated_ids(path, &mut annotations);
        Ok(Sidecar {
            report,
            set: AnnotationSet {
                annotations,
                corrections,
                segmentation,
                alignment,
            },
            conflicts,
            extra: map,
            notes,
        })
    }
}

/// The fields of a JSON object in file order, each as its raw JSON text.
struct RawFields<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for RawFields<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = RawFields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) =
                    m.next_entry::<String, &'de serde_json::value::RawValue>()?
                {
                    out.push((k, v));
                }
                Ok(RawFields(out))
            }
        }
        d.deserialize_map(Fields)
    }
}

/// A file edited by hand may hold two annotations with one id. Both are kept: the later
/// ones get the first free id `ID~2`, `ID~3` …, and the user is told which.
fn renumber_repeated_ids(path: &Path, annotations: &mut [Annotation]) -> Vec<String> {
    let renames = crate::model::renames_of_repeated_ids(annotations.iter().map(|a| a.id.as_str()));
    if renames.is_empty() {
        return Vec::new();
    }
    let mut renamed = Vec::new();
    for (i, fresh) in renames {
        renamed.push(format!("{:?} → {fresh:?}", annotations[i].id));
        annotations[i].id = fresh;
    }
    vec![format!(
        "{}: {} annotation id(s) repeated; both annotations kept, the later renumbered: {}",
        path.display(),
        renamed.len(),
        renamed.join(", ")
    )]
}

/// Brings a parsed sidecar of any past version to the current layout.
fn migrate(path: &Path, value: Value) -> Result<Value, SidecarError> {
    let corrupt = |message: String| SidecarError::Corrupt {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    let format = value.get("format").and_then(Value::as_str);
    if format != Some(FORMAT) {
        return Err(corrupt(format!(
            "`format` is {:?}, expected {FORMAT:?}",
            format.unwrap_or("missing")
        )));
    }
    let version = match value.get("version") {
        None => return Err(corrupt("`version` is missing".into())),
        Some(v) => v.as_u64().filter(|&n| n > 0).ok_or_else(|| {
            corrupt(format!(
                "`version` is {v}: expected a whole number from 1 (this mtqa writes {VERSION})"
            ))
        })?,
    };
    match version {
        // Version 1 is the current layout. A future version 2 adds its step here:
        // `1 => migrate(path, v1_to_v2(value))`, each step tested on a fixture.
        VERSION => Ok(value),
        v if v > VERSION => Err(SidecarError::Version {
            path: path.to_path_buf(),
            found: v,
            supported: VERSION,
        }),
        v => Err(corrupt(format!("unknown version {v}"))),
    }
}

/// Reads the sidecar at `path`: `Ok(None)` when there is none. A file that cannot be
/// parsed is an error naming it; it is left as it is (a writer sets it aside with
/// [`set_aside_corrupt`] first, and says so).
pub fn read(path: &Path) -> Result<Option<(Sidecar, Stamp)>, SidecarError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(SidecarError::Io {
                path: path.to_path_buf(),
                action: "cannot read",
                source,
            })
        }
    };
    let stamp = Stamp::of(path).unwrap_or(Stamp {
        len: bytes.len() as u64,
        modified: None,
    });
    Sidecar::from_slice(path, &bytes).map(|s| Some((s, stamp)))
}

/// An exclusive hold on the folder of an annotation file for one read-modify-write (what
/// `check --save`, `merge -o`, `annotations --restore` and the app's save do): two
/// writers of the same file take turns, so the check "unchanged on disk since read" and the
/// rename are one step for each, and neither loses the other's annotations. Released when
/// dropped. Held on the folder (an advisory `flock`), so no lock file is left behind.
#[derive(Debug)]
pub struct WriteLock {
    _folder: std::fs::File,
}

/// How long a writer waits for another before giving up.
pub const LOCK_WAIT_SECS: u64 = 60;

/// Takes the [`WriteLock`] of the annotation file at `path`; `waiting` is called once if
/// another writer holds it (to say so), and after [`LOCK_WAIT_SECS`] the wait ends in an
/// error.
pub fn lock_for_writing(path: &Path, waiting: impl FnOnce()) -> Result<WriteLock, SidecarError> {
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source: std::io::Error| SidecarError::Io {
        path: folder.clone(),
        action: "cannot save here (the folder cannot be opened to lock it for writing)",
        source,
    };
    let file = std::fs::File::open(&folder).map_err(io)?;
    let start = std::time::Instant::now();
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(WriteLock { _folder: file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                if let Some(w) = waiting.take() {
                    w();
                }
                if start.elapsed().as_secs() >= LOCK_WAIT_SECS {
                    return Err(SidecarError::Io {
                        path: path.to_path_buf(),
                        action:
                            "another mtqa has been writing here for a minute; nothing was written",
                        source: std::io::Error::from(std::io::ErrorKind::WouldBlock),
                    });
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}

/// A corrupt sidecar about to be replaced: moved aside to `NAME.corrupt-<time>` (returned),
/// or an error saying why it cannot be, so that nothing is written over it. Only a command
/// that is about to write the sidecar calls this.
pub fn set_aside_corrupt(path: &Path) -> Result<PathBuf, SidecarError> {
    move_aside(path).map_err(|source| SidecarError::Io {
        path: path.to_path_buf(),
        action: "cannot set aside the corrupt annotation file (nothing was written)",
        source,
    })
}

/// Renames a file to `NAME.corrupt-<UTC time>` beside it; returns the new path.
pub fn move_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = crate::annotate::now_rfc3339().replace(':', "");
    let aside = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut target = aside.clone();
    let mut n = 1;
    while target.exists() {
        target = with_suffix(&aside, &format!("-{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    Ok(target)
}

/// Saves atomically. With `expected` (the stamp when it was read), refuses to overwrite a
/// file that changed since; with `None`, refuses to overwrite any existing file.
pub fn save(
    path: &Path,
    sidecar: &Sidecar,
    expected: Option<&Stamp>,
) -> Result<Stamp, SidecarError> {
    save_bytes(path, &sidecar.to_bytes(), expected)
}

/// [`save`] of a sidecar already serialized with [`Sidecar::to_bytes`] (a caller that
/// compared the bytes does not make a second copy of them).
pub fn save_bytes(
    path: &Path,
    bytes: &[u8],
    expected: Option<&Stamp>,
) -> Result<Stamp, SidecarError> {
    let now = Stamp::of(path);
    if now.is_some() && now.as_ref() != expected {
        return Err(SidecarError::Conflict {
            path: path.to_path_buf(),
        });
    }
    atomic_write(path, bytes).map_err(|source| SidecarError::Io {
        path: path.to_path_buf(),
        action: "cannot save",
        source,
    })?;
    // The recovery file is obsolete once the real one is safe.
    let _ = std::fs::remove_file(autosave_path(path));
    Stamp::of(path).ok_or_else(|| SidecarError::Io {
        path: path.to_path_buf(),
        action: "cannot read back",
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    })
}

/// Writes the recovery file of the sidecar at `path` (atomically, no conflict check).
pub fn autosave(path: &Path, sidecar: &Sidecar) -> Result<(), SidecarError> {
    let target = autosave_path(path);
    atomic_write(&target, &sidecar.to_bytes()).map_err(|source| SidecarError::Io {
        path: target,
        action: "cannot autosave",
        source,
    })
}

/// The recovery file of the sidecar at `path`, if a session left one (it did not save).
pub fn recovery(path: &Path) -> Option<PathBuf> {
    let p = autosave_path(path);
    p.exists().then_some(p)
}

/// Restores the recovery file of the sidecar at `path`: the autosaved state becomes the
/// sidecar, the previous sidecar is kept beside it as `NAME.replaced-<time>`, and the
/// recovery file is removed. Returns the restored sidecar, or `None` when there was no
/// recovery file.
pub fn restore_recovery(path: &Path) -> Result<Option<Sidecar>, SidecarError> {
    let Some(rec) = recovery(path) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&rec).map_err(|source| SidecarError::Io {
        path: rec.clone(),
        action: "cannot read",
        source,
    })?;
    let sidecar = Sidecar::from_slice(&rec, &bytes)?;
    if path.exists() {
        let stamp = crate::annotate::now_rfc3339().replace(':', "");
        std::fs::copy(path, with_suffix(path, &format!(".replaced-{stamp}"))).map_err(
            |source| SidecarError::Io {
                path: path.to_path_buf(),
                action: "cannot keep a copy of",
                source,
            },
        )?;
    }
    atomic_write(path, &sidecar.to_bytes()).map_err(|source| SidecarError::Io {
        path: path.to_path_buf(),
        action: "cannot save",
        source,
    })?;
    let _ = std::fs::remove_file(&rec);
    Ok(Some(sidecar))
}

/// An opened sidecar for a document.
#[derive(Debug)]
pub struct Opened {
    /// The sidecar (new and empty when none existed).
    pub sidecar: Sidecar,
    /// Its stamp on disk, for the conflict check when saving.
    pub stamp: Option<Stamp>,
    /// When the report changed since the annotations were made: what re-anchoring did.
    pub reanchored: Option<ReanchorReport>,
    /// A recovery file left by a session that did not save.
    pub recovery: Option<PathBuf>,
}

/// Opens the sidecar of `doc` (whose file bytes hash to `report_sha256`) at `path`.
/// A changed report has its annotations re-anchored; a sidecar of another report is an error.
pub fn open(doc: &Document, report_sha256: &str, path: &Path) -> Result<Opened, SidecarError> {
    let file = doc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let report = ReportRef {
        file: file.clone(),
        sha256: report_sha256.to_string(),
        segments: doc.segments.len(),
    };
    let recovery = recovery(path);
    let Some((mut sidecar, stamp)) = read(path)? else {
        return Ok(Opened {
            sidecar: Sidecar::new(report),
            stamp: None,
            reanchored: None,
            recovery,
        });
    };
    let mut reanchored = None;
    if sidecar.report.sha256 != report_sha256 {
        if sidecar.report.file != file {
            return Err(SidecarError::OtherReport {
                path: path.to_path_buf(),
                expected: sidecar.report.file,
                actual: file,
            });
        }
        // The editor's boundaries and alignment refer to the old text: back to automatic.
        sidecar.set.segmentation.clear();
        sidecar.set.alignment = None;
        reanchored = Some(reanchor(&mut sidecar.set, doc));
        sidecar.report = report;
    }
    Ok(Opened {
        sidecar,
        stamp: Some(stamp),
        reanchored,
        recovery,
    })
}
