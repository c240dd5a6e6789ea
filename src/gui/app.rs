//! The app state, its panels and the commands they return.

use std::path::PathBuf;

use egui::text::LayoutJob;
use egui::{Color32, Key, RichText, TextFormat};

use crate::annotate::typology::Typology;
use crate::annotate::{now_rfc3339, Anchor, Annotation, Op, Session, Status};
use crate::checks::Checker;
use crate::formats::{self, LoadOptions};
use crate::model::{Document, Severity};
use crate::project::{self, ReportRef, Sidecar, Stamp};

/// Preferences kept between runs (eframe persistence).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened reports, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
    /// The editor's name, recorded in annotations.
    pub annotator: String,
}

/// The result of a background load, when it arrives.
pub type Loading = std::sync::mpsc::Receiver<anyhow::Result<(OpenDoc, String)>>;

/// Rows of the segment list: (segment index, matching annotations).
type Rows = std::sync::Arc<Vec<(usize, usize)>>;

/// The segment list's filter: segments with at least one matching annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Status; `None` = all but rejected.
    pub status: Option<Status>,
    /// Lowest severity.
    pub min_severity: Severity,
    /// Text the category or the origin (`check:<id>`, `editor:<name>`) contains.
    pub text: String,
}

impl Default for Filter {
    fn default() -> Filter {
        Filter {
            status: None,
            min_severity: Severity::Neutral,
            text: String::new(),
        }
    }
}

/// What a panel asks the app to do; applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a report (with its annotation file), running the checks.
    Open(PathBuf),
    /// Open a report with its source document: both are segmented and aligned.
    OpenWithSource(PathBuf, PathBuf),
    /// Open a report (and optionally its source) on a worker thread.
    OpenInBackground(PathBuf, Option<PathBuf>),
    /// Replace the alignment with the source (merge, split, link, unlink of beads).
    Realign(Vec<crate::model::Bead>),
    /// Select a segment.
    SelectSegment(usize),
    /// Select an annotation.
    SelectAnnotation(String),
    /// Next / previous annotation in document order.
    Next,
    /// Previous annotation.
    Prev,
    /// Accept / reject the selected annotation.
    SetStatus(Status),
    /// Apply the selected annotation's fix.
    ApplyFix,
    /// Replace the corrected text of the selected segment (typing).
    EditCorrection(String),
    /// Add an annotation on the selected segment.
    Annotate {
        /// Start (chars).
        start: usize,
        /// End (chars).
        end: usize,
        /// Category.
        category: String,
        /// Severity.
        severity: Severity,
        /// Comment.
        comment: String,
    },
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Save the annotation file.
    Save,
    /// Show or hide the shortcuts.
    ToggleHelp,
    /// Export the report in a format to a path.
    Export(crate::formats::export::ExportFormat, PathBuf),
    /// Write the HTML review report beside the report and open it in the browser.
    ReviewReport,
}

/// The formats of the export window, with their names and file endings.
pub const EXPORTS: &[(crate::formats::export::ExportFormat, &str, &str)] = &[
    (
        crate::formats::export::ExportFormat::Xliff,
        "XLIFF 2.1 with ITS",
        "xlf",
    ),
    (crate::formats::export::ExportFormat::Tmx, "TMX 1.4b", "tmx"),
    (crate::formats::export::ExportFormat::Tsv, "TSV", "tsv"),
    (
        crate::formats::export::ExportFormat::Jsonl,
        "JSON Lines",
        "jsonl",
    ),
    (
        crate::formats::export::ExportFormat::Parallel,
        "Parallel text (.src/.mt/.pe)",
        "parallel",
    ),
    (
        crate::formats::export::ExportFormat::Text,
        "Corrected text",
        "corrected.txt",
    ),
    (
        crate::formats::export::ExportFormat::MqmTsv,
        "WMT MQM TSV",
        "mqm.tsv",
    ),
];

/// An open report.
pub struct OpenDoc {
    /// The document.
    pub doc: Document,
    /// Annotations, corrections, undo/redo.
    pub session: Session,
    /// The annotation file.
    pub sidecar_path: PathBuf,
    /// Its stamp when read or saved.
    pub stamp: Option<Stamp>,
    /// The report it belongs to.
    pub report: ReportRef,
    /// The source document, when opened with one (aligned with the report).
    pub source: Option<Document>,
    /// Selected segment.
    pub segment: usize,
    /// Selected annotation.
    pub selected: Option<String>,
}

/// The app.
pub struct MtqaApp {
    /// Preferences.
    pub prefs: Prefs,
    /// The open report.
    pub open: Option<OpenDoc>,
    /// The last message for the status bar.
    pub message: String,
    /// Path typed in the open field.
    pub path_input: String,
    /// Path of the source document typed in the source field (optional).
    pub source_input: String,
    /// The shortcut overlay is shown.
    pub show_help: bool,
    /// Category filter of the annotation picker; `Some` while it is open.
    pub picker: Option<(usize, usize, String, Severity)>,
    /// Close after this many frames (smoke test).
    pub quit_after_frames: Option<u64>,
    /// The export window: chosen format (index into [`EXPORTS`]) and path; `Some` while open.
    pub export: Option<(usize, String)>,
    /// MQM of the open report, with the session revision it was computed at.
    mqm_cache: Option<(u64, f64)>,
    /// Open the review report in the browser once written (tests turn it off).
    pub open_in_browser: bool,
    /// The segment list's filter.
    pub filter: Filter,
    /// A report being loaded on a worker thread.
    pub loading: Option<(PathBuf, Loading)>,
    ctx: Option<egui::Context>,
    rows_cache: Option<((u64, Filter), Rows)>,
    frames: u64,
    last_autosave: f64,
    typology: Typology,
}

/// Fonts for every script the reports may hold, as fallbacks after egui's own: DejaVu Sans
/// (Latin, Greek, Cyrillic, Hebrew, Arabic, arrows and symbols) and a CJK font, from the
/// system (Debian: fonts-dejavu-core, fonts-droid-fallback or fonts-noto-cjk).
pub fn install_fonts(ctx: &egui::Context) {
    const CANDIDATES: &[&str] = &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        "C:\\Windows\\Fonts\\seguisym.ttf",
        "C:\\Windows\\Fonts\\msyh.ttc",
    ];
    let mut fonts = egui::FontDefinitions::default();
    for path in CANDIDATES {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = (*path).to_string();
        fonts.font_data.insert(
            name.clone(),
            std::sync::Arc::new(egui::FontData::from_owned(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.clone());
        }
    }
    ctx.set_fonts(fonts);
}

impl MtqaApp {
    /// A new app; preferences come from eframe's storage.
    pub fn new(cc: &eframe::CreationContext<'_>) -> MtqaApp {
        install_fonts(&cc.egui_ctx);
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, "prefs"))
            .unwrap_or_default();
        cc.egui_ctx.set_theme(if prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        MtqaApp {
            prefs,
            open: None,
            message: "Open a report: type its path above, or pick a recent one.".into(),
            path_input: String::new(),
            source_input: String::new(),
            show_help: false,
            picker: None,
            quit_after_frames: None,
            export: None,
            mqm_cache: None,
            open_in_browser: true,
            filter: Filter::default(),
            rows_cache: None,
            loading: None,
            ctx: Some(cc.egui_ctx.clone()),
            frames: 0,
            last_autosave: 0.0,
            typology: Typology::builtin(),
        }
    }

    fn annotator(&self) -> String {
        if self.prefs.annotator.is_empty() {
            std::env::var("USER").unwrap_or_else(|_| "editor".into())
        } else {
            self.prefs.annotator.clone()
        }
    }

    /// The annotations in document order.
    fn ordered(open: &OpenDoc) -> Vec<&Annotation> {
        let order: std::collections::HashMap<&str, usize> = open
            .doc
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut v: Vec<&Annotation> = open
            .session
            .set
            .annotations
            .iter()
            .filter(|a| a.segment.is_some())
            .collect();
        v.sort_by_key(|a| {
            (
                a.segment
                    .as_deref()
                    .and_then(|s| order.get(s))
                    .copied()
                    .unwrap_or(usize::MAX),
                a.anchor.start,
                a.anchor.end,
            )
        });
        v
    }

    /// The MQM score of the open report (errors that are not rejected; mean over segments),
    /// recomputed only when the annotations changed.
    pub fn mqm(&mut self) -> Option<f64> {
        let o = self.open.as_ref()?;
        let rev = o.session.revision();
        if let Some((r, v)) = self.mqm_cache {
            if r == rev {
                return Some(v);
            }
        }
        let input = crate::score::Input::from_document(&o.doc, &o.session.set, "doc");
        let opts = crate::score::Options {
            resamples: 1,
            ..Default::default()
        };
        let v = crate::score::score(&input, &self.typology, &opts)
            .systems
            .first()
            .map_or(0.0, |s| s.mqm);
        self.mqm_cache = Some((rev, v));
        Some(v)
    }

    fn open_path(&mut self, path: PathBuf, source: Option<PathBuf>) {
        let result = open_report(&path, source.as_deref());
        self.install(path, result);
    }

    /// Starts loading a report (and its source) on a worker thread; the window stays
    /// responsive and shows the progress until it is ready.
    fn open_in_background(
        &mut self,
        path: PathBuf,
        source: Option<PathBuf>,
        ctx: Option<egui::Context>,
    ) {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(open_report(&p, source.as_deref()));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.message = format!("Loading {}…", path.display());
        self.loading = Some((path, rx));
    }

    /// Polls the background load; true while it is still running.
    pub fn poll_loading(&mut self) -> bool {
        let Some((path, rx)) = self.loading.take() else {
            return false;
        };
        match rx.try_recv() {
            Ok(result) => {
                self.install(path, result);
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                self.loading = Some((path, rx));
                true
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.message = format!("Loading {} stopped unexpectedly", path.display());
                false
            }
        }
    }

    fn install(&mut self, path: PathBuf, result: anyhow::Result<(OpenDoc, String)>) {
        match result {
            Ok((o, note)) => {
                self.mqm_cache = None;
                self.rows_cache = None;
                self.prefs.recent.retain(|p| p != &path);
                self.prefs.recent.insert(0, path.clone());
                self.prefs.recent.truncate(10);
                self.message = format!(
                    "Opened {} ({} segments, {} annotations){note}",
                    path.display(),
                    o.doc.segments.len(),
                    o.session.set.annotations.len()
                );
                self.open = Some(o);
            }
            Err(e) => self.message = format!("Cannot open {}: {e:#}", path.display()),
        }
    }

    /// Makes the document's alignment follow the annotation set's (after an edit, an undo
    /// or a redo).
    fn sync_alignment(&mut self) {
        let Some(o) = self.open.as_mut() else { return };
        let (Some(src), Some(a)) = (&o.source, &o.session.set.alignment) else {
            return;
        };
        if o.doc.bilingual.as_ref().map(|b| &b.beads) != Some(&a.beads) {
            crate::align::attach_beads(&mut o.doc, src, a.beads.clone());
        }
    }

    /// The bead of the selected segment: its index and the bead.
    pub fn current_bead(&self) -> Option<(usize, crate::model::Bead)> {
        let o = self.open.as_ref()?;
        let b = o.doc.bilingual.as_ref()?;
        b.beads
            .iter()
            .enumerate()
            .find(|(_, x)| x.target.contains(&o.segment))
            .map(|(k, x)| (k, x.clone()))
    }

    /// Applies a command through the core.
    pub fn apply(&mut self, cmd: Command) {
        let now = now_rfc3339();
        let annotator = self.annotator();
        match cmd {
            Command::Open(path) => self.open_path(path, None),
            Command::OpenWithSource(path, source) => self.open_path(path, Some(source)),
            Command::OpenInBackground(path, source) => {
                let ctx = self.ctx.clone();
                self.open_in_background(path, source, ctx);
            }
            Command::Realign(beads) => {
                let Some(o) = self.open.as_mut() else { return };
                let Some(a) = o.session.set.alignment.clone() else {
                    return;
                };
                let op = Op::SetAlignment {
                    alignment: Some(crate::annotate::Alignment { beads, ..a }),
                };
                if let Err(e) = o.session.apply(op) {
                    self.message = e.to_string();
                }
                self.sync_alignment();
            }
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::Export(format, path) => {
                let Some(o) = self.open.as_ref() else { return };
                self.message =
                    match crate::formats::export::export(&o.doc, &o.session.set, format, &path) {
                        Ok(files) => format!(
                            "Exported {}",
                            files
                                .iter()
                                .map(|f| f.display().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        Err(e) => format!("Not exported: {e}"),
                    };
                self.export = None;
            }
            Command::ReviewReport => {
                let Some(o) = self.open.as_ref() else { return };
                let input =
                    crate::score::Input::from_document(&o.doc, &o.session.set, &o.report.file);
                let report =
                    crate::score::score(&input, &self.typology, &crate::score::Options::default());
                let html = crate::score::html::render(&report, &input, &o.report.file, None);
                let mut name = o
                    .doc
                    .path
                    .file_name()
                    .map(|n| n.to_os_string())
                    .unwrap_or_default();
                name.push(".review.html");
                let path = o.doc.path.with_file_name(name);
                self.message = match project::atomic_write(&path, html.as_bytes()) {
                    Ok(()) => {
                        // Best effort: a desktop without a browser still has the file.
                        if self.open_in_browser {
                            let opener = if cfg!(target_os = "macos") {
                                "open"
                            } else {
                                "xdg-open"
                            };
                            let _ = std::process::Command::new(opener).arg(&path).spawn();
                        }
                        format!("Review report written to {}", path.display())
                    }
                    Err(e) => format!("Cannot write the review report: {e}"),
                };
            }
            _ => {
                let Some(o) = self.open.as_mut() else { return };
                let result = match cmd {
                    Command::SelectSegment(i) => {
                        o.segment = i.min(o.doc.segments.len().saturating_sub(1));
                        Ok(())
                    }
                    Command::SelectAnnotation(id) => {
                        select_annotation(o, id);
                        Ok(())
                    }
                    Command::Next | Command::Prev => {
                        let list: Vec<String> =
                            Self::ordered(o).iter().map(|a| a.id.clone()).collect();
                        let pos = o
                            .selected
                            .as_ref()
                            .and_then(|s| list.iter().position(|x| x == s));
                        let next = match (cmd == Command::Next, pos) {
                            (true, Some(p)) => list.get(p + 1).or(list.first()),
                            (false, Some(p)) => {
                                list.get(p.checked_sub(1).unwrap_or(list.len().saturating_sub(1)))
                            }
                            (_, None) => list.first(),
                        };
                        if let Some(id) = next.cloned() {
                            select_annotation(o, id);
                        }
                        Ok(())
                    }
                    Command::SetStatus(status) => match o.selected.clone() {
                        Some(id) => o.session.apply(Op::SetStatus {
                            id,
                            status,
                            annotator,
                        }),
                        None => Ok(()),
                    },
                    Command::ApplyFix => match o.selected.clone() {
                        Some(id) => {
                            let mt = o.doc.segments[o.segment].text.clone();
                            o.session.apply(Op::ApplyFix { id, mt, annotator })
                        }
                        None => Ok(()),
                    },
                    Command::EditCorrection(text) => {
                        let seg = &o.doc.segments[o.segment];
                        let value = (text != seg.text).then_some(text);
                        let group = format!("correction:{}", seg.id);
                        o.session.apply_typing(
                            Op::SetCorrection {
                                segment: seg.id.clone(),
                                text: value,
                            },
                            &group,
                        )
                    }
                    Command::Annotate {
                        start,
                        end,
                        category,
                        severity,
                        comment,
                    } => {
                        let seg = &o.doc.segments[o.segment];
                        let id = format!(
                            "{}-{}",
                            annotator,
                            now.replace([':', '-'], "")
                                + &format!("-{}", o.session.set.annotations.len())
                        );
                        let a = Annotation {
                            id: id.clone(),
                            segment: Some(seg.id.clone()),
                            anchor: Anchor::new(&seg.text, start, end),
                            category,
                            severity,
                            comment,
                            message: String::new(),
                            correction: None,
                            origin: format!("editor:{annotator}"),
                            annotator,
                            status: Status::Accepted,
                            created: now.clone(),
                            modified: now,
                            orphaned: false,
                            conflict: false,
                        };
                        o.selected = Some(id);
                        o.session.apply(Op::Add { annotation: a })
                    }
                    Command::Undo => o.session.undo().map(|_| ()),
                    Command::Redo => o.session.redo().map(|_| ()),
                    Command::Save => {
                        let mut sc = Sidecar::new(o.report.clone());
                        sc.set = o.session.set.clone();
                        match project::save(&o.sidecar_path, &sc, o.stamp.as_ref()) {
                            Ok(stamp) => {
                                o.stamp = Some(stamp);
                                o.session.mark_saved();
                                self.message = format!("Saved {}", o.sidecar_path.display());
                            }
                            Err(e) => self.message = format!("Not saved: {e}"),
                        }
                        Ok(())
                    }
                    Command::Open(_)
                    | Command::OpenInBackground(..)
                    | Command::OpenWithSource(..)
                    | Command::Realign(_)
                    | Command::ToggleHelp
                    | Command::Export(..)
                    | Command::ReviewReport => Ok(()),
                };
                if let Err(e) = result {
                    self.message = e.to_string();
                }
                self.sync_alignment();
            }
        }
    }
}

/// Selects an annotation and the segment it is on.
fn select_annotation(o: &mut OpenDoc, id: String) {
    if let Some(seg) = o.session.set.get(&id).and_then(|a| a.segment.clone()) {
        o.segment = o
            .doc
            .segments
            .iter()
            .position(|s| s.id == seg)
            .unwrap_or(o.segment);
    }
    o.selected = Some(id);
}

/// Loads a report, runs the checks, opens its annotation file and merges the findings.
fn open_report(
    path: &std::path::Path,
    source: Option<&std::path::Path>,
) -> anyhow::Result<(OpenDoc, String)> {
    let bytes = std::fs::read(path)?;
    let (mut doc, embedded) = formats::load_full(path, &LoadOptions::default())?;
    let source_doc = match source {
        Some(p) => Some(formats::load(p, &LoadOptions::default())?),
        None => None,
    };
    let sha = project::sha256_hex(&bytes);
    let sidecar_path = project::sidecar_path(path);
    let mut note = String::new();
    let (mut sc, stamp) = match project::open(&doc, &sha, &sidecar_path) {
        Ok(o) => {
            if let Some(r) = &o.reanchored {
                note = format!(
                    "; the report changed: {} annotations moved, {} orphaned",
                    r.moved,
                    r.orphaned.len()
                );
            }
            if o.recovery.is_some() {
                note.push_str("; an autosave of unsaved work exists (mtqa annotations --restore)");
            }
            let stamp = o.stamp.clone();
            (o.sidecar, stamp)
        }
        Err(e @ project::SidecarError::Corrupt { .. }) => {
            note = format!("; {e}");
            let report = ReportRef {
                file: String::new(),
                sha256: sha.clone(),
                segments: doc.segments.len(),
            };
            (Sidecar::new(report), None)
        }
        Err(e) => return Err(e.into()),
    };
    if sc.set.annotations.is_empty() && !embedded.annotations.is_empty() {
        sc.set = embedded;
    }
    if let (Some(src), Some(src_path)) = (&source_doc, source) {
        // The saved alignment (the editor may have fixed it) when it fits, else a new one.
        let src_sha = project::sha256_hex(&std::fs::read(src_path)?);
        let saved = sc
            .set
            .alignment
            .clone()
            .filter(|a| a.source_sha256 == src_sha)
            .map(|a| a.beads);
        if !saved.is_some_and(|b| crate::align::attach_beads(&mut doc, src, b)) {
            crate::align::attach_source(&mut doc, src, &crate::align::Options::default());
        }
        crate::lang::assign_segment_languages(&mut doc);
        if let Some(b) = &doc.bilingual {
            sc.set.alignment = Some(crate::annotate::Alignment {
                source_file: src_path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                source_sha256: src_sha,
                beads: b.beads.clone(),
            });
        }
    }
    let findings = Checker::default().run(&doc);
    let fresh = project::findings_to_annotations(&doc, &findings, "mtqa", &now_rfc3339());
    project::merge_findings(&mut sc.set, fresh);
    sc.report = ReportRef {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        sha256: sha,
        segments: doc.segments.len(),
    };
    let open = OpenDoc {
        doc,
        session: Session::new(sc.set),
        sidecar_path,
        stamp,
        report: sc.report,
        source: source_doc,
        segment: 0,
        selected: None,
    };
    Ok((open, note))
}

/// Word-level diff of the MT and its correction: deleted words struck through in red,
/// inserted words in green.
pub fn diff_job(
    mt: &str,
    corrected: &str,
    font: egui::FontId,
    fg: Color32,
    dark: bool,
) -> LayoutJob {
    let diff = similar::TextDiff::from_words(mt, corrected);
    let mut job = LayoutJob::default();
    let (red, green) = if dark {
        (
            Color32::from_rgb(0xff, 0x8a, 0x80),
            Color32::from_rgb(0x81, 0xc7, 0x84),
        )
    } else {
        (
            Color32::from_rgb(0xb7, 0x1c, 0x1c),
            Color32::from_rgb(0x1b, 0x5e, 0x20),
        )
    };
    for change in diff.iter_all_changes() {
        let mut format = TextFormat {
            font_id: font.clone(),
            color: fg,
            ..Default::default()
        };
        match change.tag() {
            similar::ChangeTag::Equal => {}
            similar::ChangeTag::Delete => {
                format.color = red;
                format.strikethrough = egui::Stroke::new(1.0, red);
            }
            similar::ChangeTag::Insert => {
                format.color = green;
                format.underline = egui::Stroke::new(1.0, green);
            }
        }
        job.append(change.value(), 0.0, format);
    }
    job
}

fn severity_color(s: Severity, dark: bool) -> Color32 {
    match (s, dark) {
        (Severity::Critical, _) => Color32::from_rgb(0xc2, 0x18, 0x5b),
        (Severity::Major, false) => Color32::from_rgb(0xff, 0xc9, 0xc9),
        (Severity::Major, true) => Color32::from_rgb(0x8b, 0x22, 0x22),
        (Severity::Minor, false) => Color32::from_rgb(0xff, 0xe8, 0xa3),
        (Severity::Minor, true) => Color32::from_rgb(0x7a, 0x5c, 0x00),
        (Severity::Neutral, false) => Color32::from_rgb(0xe3, 0xe7, 0xee),
        (Severity::Neutral, true) => Color32::from_rgb(0x44, 0x4b, 0x55),
    }
}

/// The MT text with the annotations' spans highlighted by severity.
fn highlighted(
    text: &str,
    anns: &[&Annotation],
    selected: Option<&str>,
    dark: bool,
    font: egui::FontId,
    fg: Color32,
) -> LayoutJob {
    let chars: Vec<char> = text.chars().collect();
    let mut sev: Vec<Option<(Severity, bool)>> = vec![None; chars.len()];
    for a in anns.iter().filter(|a| a.status != Status::Rejected) {
        let sel = Some(a.id.as_str()) == selected;
        for c in sev
            .iter_mut()
            .take(a.anchor.end.min(chars.len()))
            .skip(a.anchor.start)
        {
            if c.is_none_or(|(s, was_sel)| a.severity > s || (sel && !was_sel)) {
                *c = Some((a.severity, sel));
            }
        }
    }
    let mut job = LayoutJob::default();
    let mut i = 0;
    while i < chars.len() {
        let cur = sev[i];
        let mut j = i;
        while j < chars.len() && sev[j] == cur {
            j += 1;
        }
        let piece: String = chars[i..j].iter().collect();
        let mut format = TextFormat {
            font_id: font.clone(),
            color: fg,
            ..Default::default()
        };
        if let Some((s, sel)) = cur {
            format.background = severity_color(s, dark);
            if sel {
                format.underline = egui::Stroke::new(2.0, fg);
            }
        }
        job.append(&piece, 0.0, format);
        i = j;
    }
    job
}

impl eframe::App for MtqaApp {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, "prefs", &self.prefs);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut cmds: Vec<Command> = Vec::new();
        let mut cmds_after: Vec<Command> = Vec::new();
        self.frames += 1;
        if let Some(n) = self.quit_after_frames {
            if self.frames >= n {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            ctx.request_repaint();
        }
        // Keyboard, when no text field has the focus.
        if !ctx.egui_wants_keyboard_input() && self.picker.is_none() {
            ctx.input(|i| {
                let cmd = i.modifiers.command;
                if i.key_pressed(Key::F1) {
                    cmds.push(Command::ToggleHelp);
                }
                if cmd && i.key_pressed(Key::Z) {
                    cmds.push(if i.modifiers.shift {
                        Command::Redo
                    } else {
                        Command::Undo
                    });
                } else if cmd && i.key_pressed(Key::S) {
                    cmds.push(Command::Save);
                } else if !cmd {
                    for (k, c) in [
                        (Key::N, Command::Next),
                        (Key::P, Command::Prev),
                        (Key::A, Command::SetStatus(Status::Accepted)),
                        (Key::R, Command::SetStatus(Status::Rejected)),
                        (Key::F, Command::ApplyFix),
                    ] {
                        if i.key_pressed(k) {
                            cmds.push(c);
                        }
                    }
                }
            });
        }
        // Autosave of unsaved work, every 30 s.
        let now = ctx.input(|i| i.time);
        if let Some(o) = &self.open {
            if o.session.is_dirty() && now - self.last_autosave > 30.0 {
                let mut sc = Sidecar::new(o.report.clone());
                sc.set = o.session.set.clone();
                if project::autosave(&o.sidecar_path, &sc).is_ok() {
                    self.last_autosave = now;
                }
            }
        }
        if self.poll_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.top_bar(ui, &mut cmds);
        self.status_bar(ui);
        if self.open.is_some() {
            self.segment_list(ui, &mut cmds);
            self.inspector(ui, &mut cmds);
            self.document(ui, &mut cmds);
        } else {
            self.start_screen(ui, &mut cmds);
        }
        if self.show_help {
            egui::Window::new("Shortcuts")
                .collapsible(false)
                .show(&ctx, |ui| {
                    egui::Grid::new("keys").show(ui, |ui| {
                        for (k, what) in [
                            ("N / P", "next / previous finding"),
                            ("A", "accept"),
                            ("R", "reject"),
                            ("F", "apply the suggested fix"),
                            ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
                            ("Ctrl+S", "save"),
                            ("F1", "this help"),
                        ] {
                            ui.label(RichText::new(k).monospace());
                            ui.label(what);
                            ui.end_row();
                        }
                    });
                });
        }
        if let Some((mut k, mut path)) = self.export.take() {
            let mut keep = true;
            egui::Window::new("Export")
                .collapsible(false)
                .show(&ctx, |ui| {
                    for (i, (_, name, ext)) in EXPORTS.iter().enumerate() {
                        if ui.radio(k == i, *name).clicked() {
                            k = i;
                            let base = path
                                .rsplit_once('.')
                                .map_or(path.clone(), |(b, _)| b.to_string());
                            let base = base
                                .strip_suffix(".corrected")
                                .or_else(|| base.strip_suffix(".mqm"))
                                .unwrap_or(&base)
                                .to_string();
                            path = format!("{base}.{ext}");
                        }
                    }
                    let l = ui.label("Export to");
                    ui.add(egui::TextEdit::singleline(&mut path).desired_width(420.0))
                        .labelled_by(l.id);
                    ui.horizontal(|ui| {
                        if ui.button("Export").clicked() {
                            cmds_after.push(Command::Export(EXPORTS[k].0, PathBuf::from(&path)));
                            keep = false;
                        }
                        if ui.button("Choose file…").clicked() {
                            if let Some(p) = rfd::FileDialog::new().save_file() {
                                path = p.display().to_string();
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
            if keep {
                self.export = Some((k, path));
            }
        }
        for c in cmds.into_iter().chain(cmds_after) {
            self.apply(c);
        }
    }
}

impl MtqaApp {
    fn top_bar(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::Panel::top("top").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Report:");
                ui.add(
                    egui::TextEdit::singleline(&mut self.path_input)
                        .hint_text("path/to/report.txt")
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                let sl = ui.label("Source (optional):");
                ui.add(
                    egui::TextEdit::singleline(&mut self.source_input)
                        .hint_text("path/to/source.txt")
                        .desired_width(200.0),
                )
                .labelled_by(sl.id);
                if ui.button("Open").clicked() && !self.path_input.trim().is_empty() {
                    let report = PathBuf::from(self.path_input.trim());
                    cmds.push(if self.source_input.trim().is_empty() {
                        Command::OpenInBackground(report, None)
                    } else {
                        Command::OpenInBackground(
                            report,
                            Some(PathBuf::from(self.source_input.trim())),
                        )
                    });
                }
                if ui.button("Browse…").clicked() {
                    if let Some(p) = rfd::FileDialog::new().pick_file() {
                        cmds.push(Command::OpenInBackground(p, None));
                    }
                }
                ui.separator();
                if ui.button("Save").clicked() {
                    cmds.push(Command::Save);
                }
                if ui.button("Undo").clicked() {
                    cmds.push(Command::Undo);
                }
                if ui.button("Redo").clicked() {
                    cmds.push(Command::Redo);
                }
                if ui.button("Export…").clicked() {
                    if let Some(o) = &self.open {
                        let mut stem = o.doc.path.clone().into_os_string();
                        stem.push(".xlf");
                        self.export = Some((0, PathBuf::from(stem).display().to_string()));
                    }
                }
                if ui.button("Review report").clicked() {
                    cmds.push(Command::ReviewReport);
                }
                if ui.button("Shortcuts").clicked() {
                    cmds.push(Command::ToggleHelp);
                }
                let dark_now = ui.ctx().theme() == egui::Theme::Dark;
                if ui
                    .button(if dark_now {
                        "Light theme"
                    } else {
                        "Dark theme"
                    })
                    .clicked()
                {
                    self.prefs.dark = !dark_now;
                    ui.ctx().set_theme(if self.prefs.dark {
                        egui::Theme::Dark
                    } else {
                        egui::Theme::Light
                    });
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let mqm = self.mqm();
        let loading = self.loading.as_ref().map(|(p, _)| p.display().to_string());
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(p) = &loading {
                    ui.add(egui::Spinner::new());
                    ui.label(format!("Loading and checking {p}…"));
                    ui.separator();
                }
                if let Some(o) = &self.open {
                    let count = |s: Status| o.session.set.annotations.iter().filter(|a| a.status == s).count();
                    ui.label(format!(
                        "{} · {} to {} · {} segments · {} open, {} accepted, {} rejected · MQM {:.2} · {}",
                        o.report.file,
                        o.doc.source_code().unwrap_or("?"),
                        o.doc.target_code().unwrap_or("?"),
                        o.doc.segments.len(),
                        count(Status::Open),
                        count(Status::Accepted),
                        count(Status::Rejected),
                        mqm.unwrap_or(0.0),
                        if o.session.is_dirty() { "unsaved" } else { "saved" }
                    ));
                    ui.separator();
                }
                ui.label(&self.message);
            });
        });
    }

    fn start_screen(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("mtqa — translation-quality annotation");
            ui.label(
                "Open a machine-translated report to see its findings, annotate it and correct it.",
            );
            ui.add_space(12.0);
            if ui.button("Open the bundled sample").clicked() {
                cmds.push(Command::Open(PathBuf::from("corpora/en-from-fr-flood.txt")));
            }
            if !self.prefs.recent.is_empty() {
                ui.add_space(12.0);
                ui.label(RichText::new("Recent").strong());
                for p in self.prefs.recent.clone() {
                    if ui.link(p.display().to_string()).clicked() {
                        cmds.push(Command::OpenInBackground(p, None));
                    }
                }
            }
        });
    }

    /// Rows of the segment list (segment index, annotation count) for the current filter,
    /// recomputed only when the annotations or the filter change.
    fn rows(&mut self) -> Rows {
        let Some(o) = &self.open else {
            return std::sync::Arc::new(Vec::new());
        };
        let key = (o.session.revision(), self.filter.clone());
        if let Some((k, rows)) = &self.rows_cache {
            if *k == key {
                return rows.clone();
            }
        }
        let f = &self.filter;
        let index: std::collections::HashMap<&str, usize> = o
            .doc
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut counts = vec![0usize; o.doc.segments.len()];
        let text = f.text.to_lowercase();
        for a in &o.session.set.annotations {
            let status_ok = match f.status {
                None => a.status != Status::Rejected,
                Some(s) => a.status == s,
            };
            let matches = status_ok
                && a.severity >= f.min_severity
                && (text.is_empty()
                    || a.category.to_lowercase().contains(&text)
                    || a.origin.to_lowercase().contains(&text));
            if matches {
                if let Some(&i) = a.segment.as_deref().and_then(|s| index.get(s)) {
                    counts[i] += 1;
                }
            }
        }
        let active = f.status.is_some() || f.min_severity > Severity::Neutral || !text.is_empty();
        let rows: Vec<(usize, usize)> = counts
            .into_iter()
            .enumerate()
            .filter(|(_, n)| !active || *n > 0)
            .collect();
        let rows = std::sync::Arc::new(rows);
        self.rows_cache = Some((key, rows.clone()));
        rows
    }

    fn segment_list(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        if self.open.is_none() {
            return;
        }
        let rows = self.rows();
        let mut filter = self.filter.clone();
        let Some(o) = &self.open else { return };
        egui::Panel::left("segments")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                ui.label(RichText::new("Segments").strong());
                ui.horizontal_wrapped(|ui| {
                    egui::ComboBox::from_label("Status")
                        .selected_text(filter.status.map_or("not rejected", |s| s.as_str()))
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut filter.status, None, "not rejected");
                            for s in [Status::Open, Status::Accepted, Status::Rejected] {
                                ui.selectable_value(&mut filter.status, Some(s), s.as_str());
                            }
                        });
                    egui::ComboBox::from_label("Severity ≥")
                        .selected_text(filter.min_severity.as_str())
                        .show_ui(ui, |ui| {
                            for s in Severity::ALL {
                                ui.selectable_value(&mut filter.min_severity, s, s.as_str());
                            }
                        });
                });
                let l = ui.label("Category or check");
                ui.add(
                    egui::TextEdit::singleline(&mut filter.text)
                        .hint_text("e.g. punctuation, calque"),
                )
                .labelled_by(l.id);
                ui.label(
                    RichText::new(format!(
                        "{} of {} segments",
                        rows.len(),
                        o.doc.segments.len()
                    ))
                    .weak(),
                );
                let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::vertical().show_rows(ui, row_h, rows.len(), |ui, range| {
                    for &(i, n) in &rows[range] {
                        let s = &o.doc.segments[i];
                        let preview: String = s.text.chars().take(28).collect();
                        let label = if n > 0 {
                            format!("{} ({n}) {preview}", s.id)
                        } else {
                            format!("{} {preview}", s.id)
                        };
                        if ui.selectable_label(i == o.segment, label).clicked() {
                            cmds.push(Command::SelectSegment(i));
                        }
                    }
                });
            });
        self.filter = filter;
    }

    fn inspector(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        let Some(o) = &self.open else { return };
        let seg = &o.doc.segments[o.segment];
        let anns: Vec<&Annotation> = o
            .session
            .set
            .annotations
            .iter()
            .filter(|a| a.segment.as_deref() == Some(seg.id.as_str()))
            .collect();
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                ui.label(RichText::new(format!("Findings and annotations of {}", seg.id)).strong());
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for a in &anns {
                        let selected = o.selected.as_deref() == Some(a.id.as_str());
                        let text = format!(
                            "[{}] {} · {} · «{}»",
                            a.status.as_str(),
                            a.category,
                            a.severity,
                            a.anchor.quote
                        );
                        if ui.selectable_label(selected, text).clicked() {
                            cmds.push(Command::SelectAnnotation(a.id.clone()));
                        }
                        if selected {
                            if !a.message.is_empty() {
                                ui.label(&a.message);
                            }
                            if !a.comment.is_empty() {
                                ui.label(format!("Comment: {}", a.comment));
                            }
                            if let Some(c) = &a.correction {
                                ui.label(format!("Suggestion: {c:?}"));
                            }
                            ui.horizontal(|ui| {
                                if ui.button("Accept (A)").clicked() {
                                    cmds.push(Command::SetStatus(Status::Accepted));
                                }
                                if ui.button("Reject (R)").clicked() {
                                    cmds.push(Command::SetStatus(Status::Rejected));
                                }
                                if a.correction.is_some() && ui.button("Apply fix (F)").clicked() {
                                    cmds.push(Command::ApplyFix);
                                }
                            });
                            ui.separator();
                        }
                    }
                    if anns.is_empty() {
                        ui.label("Nothing found here.");
                    }
                });
            });
    }

    fn document(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        let dark = ui.ctx().theme() == egui::Theme::Dark;
        let Some(o) = &self.open else { return };
        let seg = &o.doc.segments[o.segment];
        let anns: Vec<&Annotation> = o
            .session
            .set
            .annotations
            .iter()
            .filter(|a| a.segment.as_deref() == Some(seg.id.as_str()))
            .collect();
        let mut picker = self.picker.take();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label(RichText::new(format!("Segment {}", seg.id)).strong());
            if let Some((k, bead, beads)) = o.doc.bilingual.as_ref().and_then(|b| {
                b.beads
                    .iter()
                    .position(|x| x.target.contains(&o.segment))
                    .map(|k| (k, b.beads[k].clone(), b.beads.clone()))
            }) {
                let ids = |side: &[usize], f: &dyn Fn(usize) -> String| {
                    side.iter().map(|&i| f(i)).collect::<Vec<_>>().join(", ")
                };
                let src_ids = o
                    .doc
                    .bilingual
                    .as_ref()
                    .map(|b| ids(&bead.source, &|i| b.segments[i].0.clone()))
                    .unwrap_or_default();
                let tgt_ids = ids(&bead.target, &|i| o.doc.segments[i].id.clone());
                ui.label(
                    RichText::new(format!("Source ({src_ids} ↔ {tgt_ids}, bead {})", k + 1)).weak(),
                );
                if let Some(src) = &seg.source {
                    ui.label(src);
                }
                ui.horizontal(|ui| {
                    use crate::align::edit;
                    if let Ok(n) = edit::merge(&beads, k) {
                        if ui.button("Merge with next bead").clicked() {
                            cmds.push(Command::Realign(n));
                        }
                    }
                    if let Ok(n) = edit::unlink(&beads, k) {
                        if ui.button("Unlink bead").clicked() {
                            cmds.push(Command::Realign(n));
                        }
                    }
                    if let Ok(n) = edit::split(&beads, k, 1, 1) {
                        if (bead.source.len() > 1 || bead.target.len() > 1)
                            && ui.button("Split bead").clicked()
                        {
                            cmds.push(Command::Realign(n));
                        }
                    }
                    if k > 0 {
                        if let Ok(n) = edit::link(&beads, k - 1) {
                            if ui.button("Link with previous").clicked() {
                                cmds.push(Command::Realign(n));
                            }
                        }
                    }
                });
                // Source sentences left untranslated just before this one.
                if k > 0 && beads[k - 1].target.is_empty() {
                    if let Some(b) = o.doc.bilingual.as_ref() {
                        let missing = beads[k - 1]
                            .source
                            .iter()
                            .map(|&i| b.segments[i].1.clone())
                            .collect::<Vec<_>>()
                            .join(" ");
                        ui.label(
                            RichText::new(format!(
                                "Not translated before this sentence: {missing}"
                            ))
                            .color(Color32::from_rgb(0xc6, 0x28, 0x28)),
                        );
                    }
                }
            } else if let Some(src) = &seg.source {
                ui.label(RichText::new(src).weak());
            }
            let font = egui::TextStyle::Body.resolve(ui.style());
            let fg = ui.visuals().text_color();
            let job = highlighted(&seg.text, &anns, o.selected.as_deref(), dark, font, fg);
            // The MT text: selectable, read-only; a selection can be annotated.
            let mut text = seg.text.as_str();
            let mt_label = ui.label("Machine translation");
            let out = egui::TextEdit::multiline(&mut text)
                .layouter(
                    &mut |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| {
                        let mut j = job.clone();
                        j.wrap.max_width = wrap;
                        ui.fonts_mut(|f| f.layout_job(j))
                    },
                )
                .desired_width(f32::INFINITY)
                .show(ui);
            let _ = egui::Response::clone(&out.response).labelled_by(mt_label.id);
            if let Some(range) = out.cursor_range {
                let (a, b) = (
                    range.primary.index.min(range.secondary.index),
                    range.primary.index.max(range.secondary.index),
                );
                let asked = ui.button("Annotate selection (E)").clicked()
                    || ui.input(|i| i.key_pressed(Key::E));
                if b > a && asked {
                    picker = Some((a.into(), b.into(), String::new(), Severity::Minor));
                }
            }
            ui.add_space(8.0);
            let corrected_label = ui.label("Corrected");
            let mut corrected = o.session.set.corrected(&seg.id, &seg.text).to_string();
            let resp = ui
                .add(egui::TextEdit::multiline(&mut corrected).desired_width(f32::INFINITY))
                .labelled_by(corrected_label.id);
            if resp.changed() {
                cmds.push(Command::EditCorrection(corrected.clone()));
            }
            if corrected != seg.text {
                ui.add_space(6.0);
                ui.label(RichText::new("Changes from the MT").weak());
                let font = egui::TextStyle::Body.resolve(ui.style());
                ui.label(diff_job(
                    &seg.text,
                    &corrected,
                    font,
                    ui.visuals().text_color(),
                    dark,
                ));
            }
        });
        if let Some((start, end, mut filter, mut severity)) = picker {
            let mut keep = true;
            let mut chosen: Option<String> = None;
            egui::Window::new("New annotation")
                .collapsible(false)
                .show(ui.ctx(), |ui| {
                    let l = ui.label("Category (type to filter)");
                    ui.add(egui::TextEdit::singleline(&mut filter))
                        .labelled_by(l.id)
                        .request_focus();
                    let f = filter.to_lowercase();
                    for c in self
                        .typology
                        .categories
                        .iter()
                        .filter(|c| c.path.to_lowercase().contains(&f))
                        .take(12)
                    {
                        if ui.button(&c.path).clicked() {
                            chosen = Some(c.path.clone());
                        }
                    }
                    ui.horizontal(|ui| {
                        for (k, s) in Severity::ALL.iter().enumerate() {
                            if ui
                                .selectable_label(severity == *s, format!("{} {}", k + 1, s))
                                .clicked()
                            {
                                severity = *s;
                            }
                        }
                    });
                    ui.input(|i| {
                        for (k, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
                            .iter()
                            .enumerate()
                        {
                            if i.key_pressed(*key) {
                                severity = Severity::ALL[k];
                            }
                        }
                        if i.key_pressed(Key::Escape) {
                            keep = false;
                        }
                    });
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            if let Some(category) = chosen {
                cmds.push(Command::Annotate {
                    start,
                    end,
                    category,
                    severity,
                    comment: String::new(),
                });
                keep = false;
            }
            self.picker = keep.then_some((start, end, filter, severity));
        }
    }
}
