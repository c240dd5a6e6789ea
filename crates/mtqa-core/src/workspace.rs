//! Opening a report: the one place where a report file, its source document, its annotation
//! file and a check run become an [`OpenedReport`]. The app and every command that reads a
//! report's annotations (`check`, `annotations`, `export`, `score`, `open`) go through
//! [`open_report`], so that they all see the same segments, alignment and annotations.
//!
//! The steps, in order:
//! 1. each file is read once (its bytes are hashed, then parsed without a copy);
//! 2. the annotation file is read and, if the report changed, re-anchored;
//! 3. the editor's saved segmentation (split and merged sentences) is applied;
//! 4. with a source document, the saved alignment is used if it was made for these very
//!    files, else a new one is computed;
//! 5. the annotations the input carries (XLIFF ITS marks, MQM ratings …) are taken in;
//! 6. the checks run, and their findings are merged into the annotations (decisions and
//!    editors' words kept).

use std::path::{Path, PathBuf};

use crate::annotate::anchor::ReanchorReport;
use crate::annotate::{self, AnnotationSet, FindingMerge};
use crate::checks::Checker;
use crate::digest::sha256_hex;
use crate::error::LoadError;
use crate::formats::{self, LoadOptions};
use crate::model::{Document, Finding, InputFormat};
use crate::progress::Progress;
use crate::project::{self, ReportRef, Sidecar, SidecarError, Stamp};

/// What is done with the report's annotation file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Annotations {
    /// Only its layout is used (the saved segmentation and alignment), when it can be read:
    /// `check` without `--save` reports on the segments the editor sees.
    #[default]
    LayoutOnly,
    /// Read; an unreadable or corrupt file is an error (commands that only read).
    Read,
    /// Read to be written afterwards: a corrupt file is moved aside (never overwritten)
    /// and a new one started ([`OpenedReport::set_aside`] says so). The caller holds the
    /// file's write lock when it must.
    ForWriting,
}

/// How to open a report.
#[derive(Default)]
pub struct OpenOptions<'a> {
    /// How the report is read (format, languages); the source is read with its
    /// `source_lang` as its language.
    pub load: LoadOptions,
    /// The annotation file; `None`: beside the report (`REPORT.mtqa.json`).
    pub sidecar: Option<PathBuf>,
    /// What is done with the annotation file.
    pub annotations: Annotations,
    /// Take in the annotations the input file itself carries (true for every command but
    /// `annotations`, which lists the annotation file as it is).
    pub embedded: bool,
    /// The checks to run; `None`: none.
    pub checker: Option<&'a Checker>,
    /// Take a digest of the annotation file as read ([`OpenedReport::digest`]), to tell
    /// afterwards whether saving would change it (`check --save` says "unchanged"); the app,
    /// which saves only what the editor changed, does not spend the time.
    pub digest: bool,
}

/// A report opened with its source, annotations and findings.
#[derive(Debug)]
pub struct OpenedReport {
    /// The report, with the editor's segmentation and, with a source, its alignment.
    pub doc: Document,
    /// The source document, when one was given.
    pub source: Option<Document>,
    /// The annotation file.
    pub sidecar_path: PathBuf,
    /// The annotations: the file's, those the input carries, and the findings merged in.
    /// `sidecar.report` describes the report as it is now.
    pub sidecar: Sidecar,
    /// The annotation file's stamp when read; `None` when there is none yet (or it was
    /// not read).
    pub stamp: Option<Stamp>,
    /// A digest of the annotation file as read (with [`OpenOptions::digest`]: to tell
    /// whether a save would change it).
    pub digest: Option<String>,
    /// The findings of the checks, in the order the checker gives them.
    pub findings: Vec<Finding>,
    /// Notes of the loader and the checker (a missing dictionary, a guessed language …).
    pub notes: Vec<String>,
    /// When the report changed since it was annotated: what re-anchoring did.
    pub reanchored: Option<ReanchorReport>,
    /// An autosave of unsaved work from an editing session, beside the annotation file.
    pub recovery: Option<PathBuf>,
    /// A corrupt annotation file was moved aside (only with [`Annotations::ForWriting`]):
    /// why, and where it is now.
    pub set_aside: Option<(String, PathBuf)>,
    /// How many annotations of the input file were taken in.
    pub imported: usize,
    /// How the findings were merged into the annotations (with a checker and an
    /// annotation file that was read).
    pub merged: Option<FindingMerge>,
}

/// Why a report could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The report or its source could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The annotation file could not be used.
    #[error(transparent)]
    Sidecar(#[from] SidecarError),
}

/// Reads a file once: the document (with the annotations its format carries) and, when
/// `hash`, its bytes' digest (else an empty string: `check` without an annotation file
/// does not spend the time).
fn load_hashed(
    path: &Path,
    opts: &LoadOptions,
    hash: bool,
) -> Result<(Document, AnnotationSet, String), LoadError> {
    let format = opts
        .format
        .unwrap_or_else(|| formats::format_for_path(path));
    if format == InputFormat::Parallel {
        // Three files: the digest is of the one named.
        let (doc, set) = formats::load_full(path, opts)?;
        let sha = formats::read_input(path)
            .ok()
            .filter(|_| hash)
            .map(|b| sha256_hex(&b))
            .unwrap_or_default();
        return Ok((doc, set, sha));
    }
    let bytes = formats::read_input(path)?;
    let sha = if hash {
        sha256_hex(&bytes)
    } else {
        String::new()
    };
    let (doc, set) = formats::load_owned(path, bytes, opts)?;
    Ok((doc, set, sha))
}

/// The file name a report or source is recorded under.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Opens `path` (and its `source`), its annotation file, and runs the checks.
pub fn open_report(
    path: &Path,
    source: Option<&Path>,
    opts: &OpenOptions,
    progress: &Progress,
) -> Result<OpenedReport, OpenError> {
    progress.stage("Reading", 0.0);
    let sidecar_path = opts
        .sidecar
        .clone()
        .unwrap_or_else(|| project::sidecar_path(path));
    // The digests say whether the annotation file was made for these very files.
    let hash = opts.annotations != Annotations::LayoutOnly || sidecar_path.exists();
    let (mut doc, embedded, sha) = load_hashed(path, &opts.load, hash)?;
    let source = match source {
        Some(p) => {
            progress.stage("Reading the source", 0.25);
            let load = LoadOptions {
                lang: opts.load.source_lang.clone(),
                ..LoadOptions::default()
            };
            let (src, _, src_sha) = load_hashed(p, &load, hash)?;
            Some((src, src_sha))
        }
        None => None,
    };
    progress.stage("Reading the annotations", 0.4);
    let report = ReportRef {
        file: file_name(path),
        sha256: sha.clone(),
        segments: doc.segments.len(),
    };
    let mut sidecar = Sidecar::new(report.clone());
    let (mut stamp, mut digest, mut reanchored, mut recovery) = (None, None, None, None);
    let mut set_aside = None;
    let read = match opts.annotations {
        Annotations::LayoutOnly if !hash => None,
        Annotations::LayoutOnly => project::open(&doc, &sha, &sidecar_path).ok(),
        Annotations::Read => Some(project::open(&doc, &sha, &sidecar_path)?),
        Annotations::ForWriting => match project::open(&doc, &sha, &sidecar_path) {
            Ok(o) => Some(o),
            Err(e @ SidecarError::Corrupt { .. }) => {
                let aside = project::set_aside_corrupt(&sidecar_path)?;
                set_aside = Some((e.to_string(), aside));
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    if let Some(o) = read {
        if o.stamp.is_some() {
            // The editor's sentence boundaries (cleared by `project::open` when the
            // report changed: they referred to the old text).
            annotate::apply_segmentation(&mut doc, &o.sidecar.set);
        }
        if opts.annotations != Annotations::LayoutOnly {
            // The digest of the file as read, to tell that saving would not change it; a
            // report that changed re-anchored the annotations (moved, orphaned) and gave a
            // new report hash: that is a change to save, whatever the findings.
            if opts.digest && o.stamp.is_some() && o.reanchored.is_none() {
                digest = Some(sha256_hex(&o.sidecar.to_bytes()));
            }
            stamp = o.stamp;
            reanchored = o.reanchored;
            recovery = o.recovery;
            sidecar = o.sidecar;
        } else {
            sidecar.set.alignment = o.sidecar.set.alignment;
        }
    }
    if let Some((src, src_sha)) = &source {
        progress.stage("Aligning with the source", 0.45);
        // The saved alignment (the editor may have fixed it) when it was made for these
        // very files, else a new one.
        let saved = sidecar
            .set
            .alignment
            .take()
            .filter(|a| a.source_sha256 == *src_sha)
            .map(|a| a.beads);
        if !saved.is_some_and(|b| crate::align::attach_beads(&mut doc, src, b)) {
            crate::align::attach_source(&mut doc, src, &crate::align::Options::default());
        }
        crate::lang::assign_segment_languages(&mut doc);
        if let Some(b) = &doc.bilingual {
            sidecar.set.alignment = Some(annotate::Alignment {
                source_file: file_name(&src.path),
                source_sha256: src_sha.clone(),
                beads: b.beads.clone(),
            });
        }
    }
    if opts.annotations == Annotations::LayoutOnly {
        sidecar.set.alignment = None;
    }
    let imported = if opts.embedded {
        annotate::merge_imported(&mut sidecar.set, embedded)
    } else {
        drop(embedded);
        0
    };
    let mut notes = doc.notes.clone();
    let mut findings = Vec::new();
    let mut merged = None;
    if let Some(checker) = opts.checker {
        progress.stage("Checking", 0.55);
        findings = checker.run_with_progress(&doc, &progress.span(0.55, 0.95));
        notes.extend(checker.notes(&doc));
        if opts.annotations != Annotations::LayoutOnly {
            progress.stage("Merging the findings with the annotations", 0.95);
            let fresh = annotate::findings_to_annotations(
                &doc,
                &findings,
                "mtqa",
                &annotate::now_rfc3339(),
            );
            merged = Some(annotate::merge_findings(&mut sidecar.set, fresh));
        }
    }
    sidecar.report = report;
    progress.set(1.0);
    Ok(OpenedReport {
        doc,
        source: source.map(|(s, _)| s),
        sidecar_path,
        sidecar,
        stamp,
        digest,
        findings,
        notes,
        reanchored,
        recovery,
        set_aside,
        imported,
        merged,
    })
}

impl OpenedReport {
    /// The annotation file as it would be saved now.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.sidecar.to_bytes()
    }

    /// True when the annotation file was read (it existed).
    pub fn had_annotations(&self) -> bool {
        self.stamp.is_some()
    }
}

/// A reviewer's annotation file of an open report, read (never written) and re-anchored
/// on the report as it is now; `taken` are the reviewers already open (names stay unique).
/// Returns the reviewer and notes for the user (another report's file, spans orphaned).
pub fn read_reviewer(
    path: &Path,
    doc: &Document,
    taken: &[crate::adjudicate::Reviewer],
) -> Result<(crate::adjudicate::Reviewer, Vec<String>), SidecarError> {
    let Some((sidecar, _)) = project::read(path)? else {
        return Err(SidecarError::Io {
            path: path.to_path_buf(),
            action: "cannot read",
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such annotation file"),
        });
    };
    let mut notes = sidecar.notes.clone();
    let file = doc
        .path
        .file_name()
        .map(|f| f.to_string_lossy().to_string());
    if let Some(file) =
        file.filter(|f| !sidecar.report.file.is_empty() && *f != sidecar.report.file)
    {
        notes.push(format!(
            "{}: annotations of {}, not of {file}; spans placed by their quotes",
            path.display(),
            sidecar.report.file,
        ));
    }
    let mut set = sidecar.set;
    let r = annotate::anchor::reanchor(&mut set, doc);
    if !r.orphaned.is_empty() {
        notes.push(format!(
            "{}: {} span(s) no longer in the report, left out",
            path.display(),
            r.orphaned.len()
        ));
    }
    let reviewer = crate::adjudicate::Reviewer::new(path.to_path_buf(), set, taken);
    Ok((reviewer, notes))
}
