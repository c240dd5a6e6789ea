//! The app state, its panels and the commands they return.

use std::path::PathBuf;

use egui::text::LayoutJob;
use egui::{Color32, Key, RichText, TextFormat};

use crate::annotate::typology::Typology;
use crate::annotate::{now_rfc3339, Anchor, Annotation, Op, Session, Status};
use crate::checks::Checker;
use crate::model::{Document, Severity};
use crate::project::{self, ReportRef, Sidecar, Stamp};

/// Preferences kept between runs (eframe persistence).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened reports, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark theme.
    pub dark: bool,
    /// The editor's name, recorded in annotations.
    pub annotator: String,
    /// Where the editor was in each recent report: path to segment id.
    pub positions: std::collections::BTreeMap<PathBuf, String>,
}

/// What a background job gives back.
pub enum JobOutput {
    /// A report opened (or why not), with a note for the status bar.
    Opened(Box<anyhow::Result<(OpenDoc, String)>>),
    /// Files exported (or why not).
    Exported(Result<Vec<PathBuf>, String>),
}

/// Work done on a worker thread (opening, exporting) while the window stays responsive.
pub struct Job {
    /// The file it is about.
    pub path: PathBuf,
    /// How far it is.
    pub progress: std::sync::Arc<crate::progress::Progress>,
    rx: std::sync::mpsc::Receiver<JobOutput>,
}

impl Job {
    /// Runs `work` on a worker thread; the window is repainted when it is done.
    fn spawn(
        path: PathBuf,
        ctx: Option<egui::Context>,
        work: impl FnOnce(&crate::progress::Progress) -> JobOutput + Send + 'static,
    ) -> Job {
        let progress = std::sync::Arc::new(crate::progress::Progress::new());
        let (tx, rx) = std::sync::mpsc::channel();
        let p = progress.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work(&p));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        Job { path, progress, rx }
    }
}

/// Rows of the segment list: (segment index, matching annotations).
type Rows = std::sync::Arc<Vec<(usize, usize)>>;

/// Document-level annotations as (segment that follows, index in the set), with the session
/// revision they were found at.
type DocLevel = (u64, Vec<(usize, usize)>);

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
    /// Open the sample report bundled with mtqa (copied to the sample folder first).
    OpenSample,
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
    /// Change the selected annotation's severity.
    SetSeverity(Severity),
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
        /// Replacement of the span, applied to the corrected text.
        correction: Option<String>,
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
    /// Answer the unsaved-changes question: save first (true) or go on without saving.
    Proceed {
        /// Save the annotations before going on.
        save: bool,
    },
    /// Keep the unsaved changes and do nothing (the question's Cancel).
    CancelPending,
    /// Make the autosave of an earlier session the annotations (the current ones are kept
    /// beside them) and reopen the report.
    RestoreRecovery,
}

/// The annotation picker's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    /// Span start (chars).
    pub start: usize,
    /// Span end (chars).
    pub end: usize,
    /// Text the category contains.
    pub filter: String,
    /// Which matching category Enter takes.
    pub highlight: usize,
    /// Severity.
    pub severity: Severity,
    /// Comment.
    pub comment: String,
    /// Replacement of the span; applied to the corrected text when given.
    pub correction: String,
    focus_filter: bool,
    comment_id: Option<egui::Id>,
    correction_id: Option<egui::Id>,
}

impl Picker {
    /// A picker for the span `start..end`, severity minor, the category field focused.
    pub fn new(start: usize, end: usize) -> Picker {
        Picker {
            start,
            end,
            filter: String::new(),
            highlight: 0,
            severity: Severity::Minor,
            comment: String::new(),
            correction: String::new(),
            focus_filter: true,
            comment_id: None,
            correction_id: None,
        }
    }
}

/// What waits for the editor's answer about unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Opening another report.
    Open(Box<Command>),
    /// Closing the window.
    Close,
}

/// The sample report bundled in the binary: an English MT of a French news report with the
/// usual artifacts (the app copies it out to open and annotate it).
pub const SAMPLE: (&str, &str) = (
    "en-from-fr-flood.txt",
    include_str!("../../corpora/en-from-fr-flood.txt"),
);

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
    (
        crate::formats::export::ExportFormat::Anthea,
        "Anthea project TSV",
        "anthea.tsv",
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
    /// An autosave of unsaved work from an earlier session exists beside the annotations.
    pub recovery: bool,
    /// Segment ids to their positions (the segments do not change while a report is open).
    index: std::collections::HashMap<String, usize>,
    /// Where each segment starts in the document's text (chars, ascending): document-level
    /// annotations go with the segment that follows them.
    seg_starts: Vec<usize>,
    /// The document-level annotations as (segment that follows, index in the set), for the
    /// session revision they were found at.
    doc_level: std::cell::RefCell<Option<DocLevel>>,
    /// The distinct characters of the report and its source that need a glyph, sorted.
    pub chars: Vec<char>,
    /// Those no installed font can draw (they show as boxes), found in the first frame
    /// after the report opens (egui's fonts exist only inside a frame).
    pub missing_glyphs: Option<Vec<char>>,
    /// The glossary the report was checked with, indexed for its source language.
    pub glossary: Option<(
        std::sync::Arc<crate::checks::glossary::Glossary>,
        crate::checks::glossary::GlossaryIndex,
    )>,
}

impl OpenDoc {
    /// The position of a segment, by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The segment an annotation belongs with: its own, or for a document-level one (a
    /// run of blank lines, glued metadata …) the segment that follows it in the text.
    pub fn anchor_position(&self, a: &Annotation) -> Option<usize> {
        match a.segment.as_deref() {
            Some(id) => self.position(id),
            None => {
                let i = self.seg_starts.partition_point(|&s| s < a.anchor.start);
                Some(i.min(self.doc.segments.len().checked_sub(1)?))
            }
        }
    }

    /// The document-level annotations that come just before segment `i` (the inspector
    /// asks every frame: their positions are kept until the annotations change).
    pub fn document_level_at(&self, i: usize) -> Vec<&Annotation> {
        let revision = self.session.revision();
        let mut cache = self.doc_level.borrow_mut();
        let positions = match &*cache {
            Some((r, v)) if *r == revision => v,
            _ => {
                let mut v: Vec<(usize, usize)> = self
                    .session
                    .set
                    .annotations
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.segment.is_none())
                    .filter_map(|(k, a)| Some((self.anchor_position(a)?, k)))
                    .collect();
                v.sort_unstable();
                &cache.insert((revision, v)).1
            }
        };
        let from = positions.partition_point(|p| p.0 < i);
        positions[from..]
            .iter()
            .take_while(|p| p.0 == i)
            .filter_map(|&(_, k)| self.session.set.annotations.get(k))
            .collect()
    }
}

/// Figures of the status bar, recomputed when the annotations change.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    mqm: f64,
    open: usize,
    accepted: usize,
    rejected: usize,
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
    /// The annotation picker; `Some` while it is open.
    pub picker: Option<Picker>,
    /// The selection in the MT text: (segment, start, end) in chars; kept when the text
    /// loses the focus (to a button), dropped on another segment.
    pub selection: Option<(usize, usize, usize)>,
    /// Give the MT text the keyboard focus on the next frame (key M).
    focus_mt: bool,
    /// The MT text had the keyboard focus in the last frame: it is read-only, so the
    /// single-key shortcuts still work there.
    mt_focused: bool,
    /// Close after this many frames (smoke test).
    pub quit_after_frames: Option<u64>,
    /// The export window: chosen format (index into [`EXPORTS`]) and path; `Some` while open.
    pub export: Option<(usize, String)>,
    /// Status bar figures of the open report, with the session revision they are of.
    stats_cache: Option<(u64, Stats)>,
    /// Open the review report in the browser once written (tests turn it off).
    pub open_in_browser: bool,
    /// The segment list's filter.
    pub filter: Filter,
    /// An action waiting for the answer to "save the changes first?".
    pub pending: Option<Pending>,
    /// The window may close although there are unsaved changes (the editor said so).
    allow_close: bool,
    /// Work running on a worker thread (opening or exporting a report).
    pub job: Option<Job>,
    /// An autosave being written on a worker thread, with the revision it saves.
    autosaving: Option<(u64, std::thread::JoinHandle<Result<(), String>>)>,
    /// Where the bundled sample is copied to be opened (and annotated): mtqa's storage
    /// folder, else the temporary folder.
    pub sample_dir: PathBuf,
    /// Seconds between autosaves of unsaved work (30).
    pub autosave_every: f64,
    /// The last autosave: the revision it saved, when (egui time), or why it failed.
    pub autosaved: Option<(u64, f64, Result<(), String>)>,
    ctx: Option<egui::Context>,
    rows_cache: Option<((u64, Filter), Rows)>,
    /// The segment the list showed last frame and the rows it had on screen: when the
    /// selection moves elsewhere (next finding, undo …) the list scrolls to it.
    list_shown: (Option<usize>, std::ops::Range<usize>),
    /// The preferences as last written to eframe's storage.
    stored_prefs: Option<Prefs>,
    /// The window title last set.
    title: String,
    frames: u64,
    last_autosave: f64,
    typology: Typology,
    /// The glossary (termbase) the checks use and the inspector lists terms of, if one
    /// was given (`mtqa open --glossary FILE`).
    pub glossary: Option<std::sync::Arc<crate::checks::glossary::Glossary>>,
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

/// Characters drawn without a glyph of their own: controls, spaces, and the invisible
/// format characters (zero-width, direction marks and isolates, variation selectors, tags).
fn needs_glyph(c: char) -> bool {
    !(c.is_ascii()
        || c.is_control()
        || c.is_whitespace()
        || matches!(c as u32,
            0xAD | 0x034F | 0x061C | 0x180B..=0x180E | 0x200B..=0x200F | 0x202A..=0x202E
            | 0x2060..=0x206F | 0xFE00..=0xFE0F | 0xFEFF | 0xFFF9..=0xFFFB
            | 0xE0000..=0xE0FFF))
}

/// The distinct characters of `texts` that need a glyph, sorted.
pub fn drawn_chars<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    let mut seen = std::collections::BTreeSet::new();
    for t in texts {
        seen.extend(t.chars().filter(|c| needs_glyph(*c)));
    }
    seen.into_iter().collect()
}

/// The characters of `chars` (sorted) that no font of the context can draw, system fonts
/// found on demand included. Looking up a missing character asks the system for a font,
/// so a 128-character block whose first character is missing is taken as missing whole:
/// a report in a script without any font costs one lookup, not thousands.
pub fn missing_glyphs(ctx: &egui::Context, chars: &[char]) -> Vec<char> {
    let font = egui::FontId::proportional(14.0);
    ctx.fonts_mut(|f| {
        let mut missing = Vec::new();
        let mut block_missing: Option<u32> = None;
        let mut block_seen: Option<u32> = None;
        for &c in chars {
            let block = c as u32 >> 7;
            if block_missing == Some(block) {
                missing.push(c);
                continue;
            }
            let first = block_seen != Some(block);
            block_seen = Some(block);
            if !f.has_glyph(&font, c) {
                if first {
                    block_missing = Some(block);
                }
                missing.push(c);
            }
        }
        missing
    })
}

/// What to tell the user about characters no font draws: how many, a few of them, their
/// scripts and the Debian package of a font that covers them.
pub fn missing_glyphs_note(missing: &[char]) -> String {
    // Scripts by block, with a font package that covers them (Debian names).
    const SCRIPTS: &[(u32, u32, &str, &str)] = &[
        (0x0370, 0x03FF, "Greek", "fonts-dejavu-core"),
        (0x0400, 0x052F, "Cyrillic", "fonts-dejavu-core"),
        (0x0530, 0x058F, "Armenian", "fonts-noto-core"),
        (0x0590, 0x05FF, "Hebrew", "fonts-dejavu-core"),
        (0x0600, 0x08FF, "Arabic", "fonts-noto-core"),
        (0x0900, 0x0DFF, "Indic", "fonts-noto-core"),
        (0x0E00, 0x0E7F, "Thai", "fonts-thai-tlwg"),
        (0x0E80, 0x0FFF, "Lao or Tibetan", "fonts-noto-core"),
        (0x1000, 0x109F, "Myanmar", "fonts-noto-core"),
        (0x10A0, 0x10FF, "Georgian", "fonts-dejavu-core"),
        (0x1100, 0x11FF, "Hangul", "fonts-noto-cjk"),
        (0x1200, 0x139F, "Ethiopic", "fonts-noto-core"),
        (0x1780, 0x17FF, "Khmer", "fonts-noto-core"),
        (0x2E80, 0x9FFF, "CJK", "fonts-noto-cjk"),
        (0xAC00, 0xD7AF, "Hangul", "fonts-noto-cjk"),
        (0xF900, 0xFAFF, "CJK", "fonts-noto-cjk"),
        (0xFB1D, 0xFB4F, "Hebrew", "fonts-dejavu-core"),
        (0xFB50, 0xFEFF, "Arabic", "fonts-noto-core"),
        (0xFF00, 0xFFEF, "CJK", "fonts-noto-cjk"),
        (0x1F000, 0x1FAFF, "emoji", "fonts-noto-color-emoji"),
        (0x20000, 0x3FFFF, "CJK", "fonts-noto-cjk"),
    ];
    let mut scripts: Vec<&str> = Vec::new();
    let mut packages: Vec<&str> = Vec::new();
    for &c in missing {
        let (script, package) = SCRIPTS
            .iter()
            .find(|(lo, hi, _, _)| (*lo..=*hi).contains(&(c as u32)))
            .map_or(("other", "fonts-noto-core"), |s| (s.2, s.3));
        if !scripts.contains(&script) {
            scripts.push(script);
        }
        if !packages.contains(&package) {
            packages.push(package);
        }
    }
    let shown: Vec<String> = missing
        .iter()
        .take(8)
        .map(|c| format!("{c} U+{:04X}", *c as u32))
        .collect();
    format!(
        "No installed font draws {} character{} of this report ({}: {}{}); they show as boxes. \
         Install a font that covers them (Debian: {}) and restart mtqa.",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        scripts.join(", "),
        shown.join(", "),
        if missing.len() > shown.len() {
            ", …"
        } else {
            ""
        },
        packages.join(", ")
    )
}

impl MtqaApp {
    /// A new app; preferences come from eframe's storage.
    pub fn new(cc: &eframe::CreationContext<'_>) -> MtqaApp {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, "prefs"))
            .unwrap_or_default();
        MtqaApp::with_context(&cc.egui_ctx, prefs)
    }

    /// A new app on an egui context, without eframe (the frame-time benchmark drives it
    /// headless through [`MtqaApp::frame`]).
    pub fn with_context(ctx: &egui::Context, prefs: Prefs) -> MtqaApp {
        install_fonts(ctx);
        ctx.set_theme(if prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        MtqaApp {
            stored_prefs: Some(prefs.clone()),
            title: "mtqa".into(),
            prefs,
            open: None,
            message: "Open a report: type its path above, or pick a recent one.".into(),
            path_input: String::new(),
            source_input: String::new(),
            show_help: false,
            picker: None,
            selection: None,
            focus_mt: false,
            mt_focused: false,
            quit_after_frames: None,
            export: None,
            stats_cache: None,
            open_in_browser: true,
            filter: Filter::default(),
            rows_cache: None,
            list_shown: (None, 0..0),
            job: None,
            pending: None,
            allow_close: false,
            autosaving: None,
            autosaved: None,
            autosave_every: 30.0,
            sample_dir: eframe::storage_dir("mtqa")
                .unwrap_or_else(std::env::temp_dir)
                .join("samples"),
            ctx: Some(ctx.clone()),
            frames: 0,
            last_autosave: 0.0,
            typology: Typology::builtin(),
            glossary: None,
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
        let mut v: Vec<(usize, &Annotation)> = open
            .session
            .set
            .annotations
            .iter()
            .filter_map(|a| Some((open.anchor_position(a)?, a)))
            .collect();
        // In text order: a document-level annotation comes before the segment after it.
        v.sort_by_key(|(i, a)| (*i, a.segment.is_some(), a.anchor.start, a.anchor.end));
        v.into_iter().map(|(_, a)| a).collect()
    }

    /// The window's title: the report's file name, after a bullet while work is unsaved.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The MQM score of the open report (errors that are not rejected; mean over segments),
    /// as the review report computes it; recomputed only when the annotations changed.
    pub fn mqm(&mut self) -> Option<f64> {
        self.stats().map(|s| s.mqm)
    }

    fn stats(&mut self) -> Option<Stats> {
        let o = self.open.as_ref()?;
        let rev = o.session.revision();
        if let Some((r, v)) = self.stats_cache {
            if r == rev {
                return Some(v);
            }
        }
        let set = &o.session.set;
        let mut stats = Stats {
            mqm: crate::score::document_mqm(
                set,
                o.doc.segments.len(),
                &|id| o.index.contains_key(id),
                &crate::score::weights::MAROT,
            ),
            ..Default::default()
        };
        for a in &set.annotations {
            match a.status {
                Status::Open => stats.open += 1,
                Status::Accepted => stats.accepted += 1,
                Status::Rejected => stats.rejected += 1,
            }
        }
        self.stats_cache = Some((rev, stats));
        Some(stats)
    }

    fn open_path(&mut self, path: PathBuf, source: Option<PathBuf>) {
        let result = open_report(
            &path,
            source.as_deref(),
            self.glossary.clone(),
            &crate::progress::Progress::new(),
        );
        self.install(path, result);
    }

    /// Starts loading a report (and its source) on a worker thread; the window stays
    /// responsive and shows the progress until it is ready.
    fn open_in_background(&mut self, path: PathBuf, source: Option<PathBuf>) {
        let p = path.clone();
        let glossary = self.glossary.clone();
        self.job = Some(Job::spawn(
            path.clone(),
            self.ctx.clone(),
            move |progress| {
                JobOutput::Opened(Box::new(open_report(
                    &p,
                    source.as_deref(),
                    glossary,
                    progress,
                )))
            },
        ));
        self.message = format!("Opening {}…", path.display());
    }

    /// Polls the background job; true while it is still running.
    pub fn poll_job(&mut self) -> bool {
        let Some(job) = self.job.take() else {
            return false;
        };
        match job.rx.try_recv() {
            Ok(JobOutput::Opened(result)) => {
                self.install(job.path, *result);
                false
            }
            Ok(JobOutput::Exported(result)) => {
                self.message = match result {
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
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                self.job = Some(job);
                true
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.message = format!("Working on {} stopped unexpectedly", job.path.display());
                false
            }
        }
    }

    /// Every 30 s, unsaved work is written to the recovery file beside the annotation file,
    /// on a worker thread (a large report's annotations take a while to serialise).
    fn autosave(&mut self, now: f64) {
        if let Some((rev, handle)) = self.autosaving.take() {
            if handle.is_finished() {
                let result = handle
                    .join()
                    .unwrap_or_else(|_| Err("the autosave stopped unexpectedly".into()));
                self.autosaved = Some((rev, now, result));
            } else {
                self.autosaving = Some((rev, handle));
                return;
            }
        }
        let Some(o) = &self.open else { return };
        let rev = o.session.revision();
        let saved_rev = self.autosaved.as_ref().map(|a| a.0);
        if !o.session.is_dirty()
            || saved_rev == Some(rev)
            || now - self.last_autosave < self.autosave_every
        {
            return;
        }
        self.last_autosave = now;
        let mut sc = Sidecar::new(o.report.clone());
        sc.set = o.session.set.clone();
        let path = o.sidecar_path.clone();
        self.autosaving = Some((
            rev,
            std::thread::spawn(move || {
                project::autosave(&path, &sc).map_err(|e| crate::error::chain(&e))
            }),
        ));
    }

    /// Records the segment the editor is on, to come back to it when the report reopens.
    pub fn remember_position(&mut self) {
        if let Some(o) = &self.open {
            let id = o.doc.segments[o.segment].id.clone();
            self.prefs.positions.insert(o.doc.path.clone(), id);
        }
        let recent = &self.prefs.recent;
        self.prefs.positions.retain(|p, _| recent.contains(p));
    }

    /// Writes unsaved work to the recovery file now (leaving it without saving: the next
    /// opening says a recovery exists, and `mtqa annotations --restore` brings it back).
    fn keep_in_recovery(&mut self) {
        if let Some((_, handle)) = self.autosaving.take() {
            let _ = handle.join();
        }
        let Some(o) = &self.open else { return };
        if !o.session.is_dirty() {
            return;
        }
        let mut sc = Sidecar::new(o.report.clone());
        sc.set = o.session.set.clone();
        if let Err(e) = project::autosave(&o.sidecar_path, &sc) {
            self.message = format!(
                "Unsaved changes could not be kept: {}",
                crate::error::chain(&e)
            );
        }
    }

    /// Waits for the background job to end (tests, and closing the window).
    pub fn wait_for_job(&mut self) {
        while self.poll_job() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn install(&mut self, path: PathBuf, result: anyhow::Result<(OpenDoc, String)>) {
        match result {
            Ok((o, note)) => {
                // Changes made while the new report was loading are not lost either.
                self.keep_in_recovery();
                self.remember_position();
                let mut o = o;
                if let Some(i) = self
                    .prefs
                    .positions
                    .get(&path)
                    .and_then(|id| o.position(id))
                {
                    o.segment = i;
                }
                self.autosaved = None;
                self.stats_cache = None;
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
        let opening = matches!(
            cmd,
            Command::Open(_)
                | Command::OpenWithSource(..)
                | Command::OpenInBackground(..)
                | Command::OpenSample
        );
        if opening && self.open.as_ref().is_some_and(|o| o.session.is_dirty()) {
            self.pending = Some(Pending::Open(Box::new(cmd)));
            return;
        }
        match cmd {
            Command::Proceed { save } => {
                let Some(pending) = self.pending.take() else {
                    return;
                };
                if save {
                    self.apply(Command::Save);
                    if self.open.as_ref().is_some_and(|o| o.session.is_dirty()) {
                        // Not saved (the message says why): keep the question open.
                        self.pending = Some(pending);
                        return;
                    }
                }
                match pending {
                    Pending::Open(cmd) => {
                        // Without saving: the work stays in the recovery file.
                        self.keep_in_recovery();
                        self.open = None;
                        self.apply(*cmd);
                    }
                    Pending::Close => {
                        self.keep_in_recovery();
                        self.allow_close = true;
                        if let Some(ctx) = &self.ctx {
                            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                        }
                    }
                }
            }
            Command::CancelPending => self.pending = None,
            Command::RestoreRecovery => {
                let Some(o) = self.open.take() else { return };
                let source = o.source.as_ref().map(|d| d.path.clone());
                let path = o.doc.path.clone();
                match project::restore_recovery(&o.sidecar_path) {
                    Ok(_) => {
                        self.open_path(path, source);
                        self.message = format!("Restored the autosaved work; {}", self.message);
                    }
                    Err(e) => {
                        self.message = format!("Not restored: {}", crate::error::chain(&e));
                        self.open = Some(o);
                    }
                }
            }
            Command::Open(path) => self.open_path(path, None),
            Command::OpenWithSource(path, source) => self.open_path(path, Some(source)),
            Command::OpenInBackground(path, source) => self.open_in_background(path, source),
            Command::OpenSample => {
                let path = self.sample_dir.join(SAMPLE.0);
                let written = std::fs::create_dir_all(&self.sample_dir).and_then(|()| {
                    if path.exists() {
                        Ok(())
                    } else {
                        project::atomic_write(&path, SAMPLE.1.as_bytes())
                    }
                });
                match written {
                    Ok(()) => self.open_in_background(path, None),
                    Err(e) => {
                        self.message = format!("Cannot copy the sample to {}: {e}", path.display())
                    }
                }
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
                // A copy for the worker: the editor goes on annotating meanwhile.
                let (doc, set) = (o.doc.clone(), o.session.set.clone());
                let p = path.clone();
                self.job = Some(Job::spawn(
                    path.clone(),
                    self.ctx.clone(),
                    move |progress| {
                        JobOutput::Exported(
                            crate::formats::export::export_with_progress(
                                &doc, &set, format, &p, progress,
                            )
                            .map_err(|e| crate::error::chain(&e)),
                        )
                    },
                ));
                self.message = format!("Exporting {}…", path.display());
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
                    Command::SetSeverity(severity) => {
                        match o.selected.as_deref().and_then(|id| o.session.set.get(id)) {
                            Some(a) if a.severity != severity => {
                                let mut a = a.clone();
                                a.severity = severity;
                                a.modified = now;
                                if a.annotator.is_empty() || a.is_automatic() {
                                    // A finding re-graded by the editor is theirs to answer for.
                                    a.annotator = annotator;
                                }
                                o.session.apply(Op::Replace { annotation: a })
                            }
                            _ => Ok(()),
                        }
                    }
                    Command::ApplyFix => match o.selected.clone() {
                        // A document-level fix (removing blank lines, a glued header) is
                        // not a segment's correction: accepting it applies it on export.
                        Some(id) if o.session.set.get(&id).is_some_and(|a| a.segment.is_none()) => {
                            o.session.apply(Op::SetStatus {
                                id,
                                status: Status::Accepted,
                                annotator,
                            })
                        }
                        Some(id) => {
                            let mt = o.doc.segments[o.segment].text.to_string();
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
                        correction,
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
                            correction: correction.clone(),
                            origin: format!("editor:{annotator}"),
                            annotator: annotator.clone(),
                            status: Status::Accepted,
                            created: now.clone(),
                            modified: now,
                            orphaned: false,
                            conflict: false,
                            on_source: false,
                            metadata: Default::default(),
                        };
                        o.selected = Some(id.clone());
                        let add = Op::Add { annotation: a };
                        if correction.is_some() {
                            // The correction goes into the corrected text, in the same step.
                            let fix = Op::ApplyFix {
                                id,
                                mt: seg.text.to_string(),
                                annotator,
                            };
                            let batch = Op::Batch {
                                ops: vec![add.clone(), fix],
                            };
                            o.session.apply(batch).or_else(|_| {
                                self.message = "The corrected text no longer holds this span: \
                                                the correction is kept as a suggestion (F applies it)"
                                    .into();
                                o.session.apply(add)
                            })
                        } else {
                            o.session.apply(add)
                        }
                    }
                    Command::Undo => o.session.undo().map(|_| ()),
                    Command::Redo => o.session.redo().map(|_| ()),
                    Command::Save => {
                        if let Some((_, handle)) = self.autosaving.take() {
                            let _ = handle.join();
                        }
                        let mut sc = Sidecar::new(o.report.clone());
                        sc.set = o.session.set.clone();
                        // Under the folder's write lock: a check --save or merge running
                        // meanwhile either finished (the stamp then differs: "changed on
                        // disk", nothing overwritten) or waits.
                        let saved =
                            project::lock_for_writing(&o.sidecar_path, || {}).and_then(|_lock| {
                                project::save(&o.sidecar_path, &sc, o.stamp.as_ref())
                            });
                        match saved {
                            Ok(stamp) => {
                                o.stamp = Some(stamp);
                                o.session.mark_saved();
                                self.message = format!("Saved {}", o.sidecar_path.display());
                            }
                            Err(e) => {
                                self.message = format!("Not saved: {}", crate::error::chain(&e))
                            }
                        }
                        Ok(())
                    }
                    Command::Open(_)
                    | Command::OpenInBackground(..)
                    | Command::OpenSample
                    | Command::OpenWithSource(..)
                    | Command::Realign(_)
                    | Command::ToggleHelp
                    | Command::Export(..)
                    | Command::ReviewReport
                    | Command::Proceed { .. }
                    | Command::CancelPending
                    | Command::RestoreRecovery => Ok(()),
                };
                if let Err(e) = result {
                    self.message = e.to_string();
                }
                self.sync_alignment();
            }
        }
    }
}

/// The glossary terms of the current segment's source and how the MT renders each.
fn glossary_ui(
    ui: &mut egui::Ui,
    o: &OpenDoc,
    g: &crate::checks::glossary::Glossary,
    index: &crate::checks::glossary::GlossaryIndex,
) {
    let seg = &o.doc.segments[o.segment];
    let source = seg.source.clone().or_else(|| {
        let b = o.doc.bilingual.as_ref()?;
        let bead = b.beads.iter().find(|x| x.target.contains(&o.segment))?;
        Some(b.source_text(bead))
    });
    ui.separator();
    ui.label(RichText::new("Glossary terms").strong());
    let Some(source) = source else {
        ui.label("No source: glossary terms are looked for in the source.");
        return;
    };
    let uses = g.uses(
        index,
        &source,
        &seg.text,
        o.doc.source_code(),
        o.doc.target_code(),
    );
    if uses.is_empty() {
        ui.label("No glossary term in this segment's source.");
    }
    for u in uses {
        let expected = u.expected.join(" / ");
        match &u.found {
            Some(found) => ui.label(format!("✔ {} → {found}", u.source)),
            None => ui.label(
                RichText::new(format!("✘ {} → {expected} (not in the MT)", u.source))
                    .color(Color32::from_rgb(0xc6, 0x28, 0x28)),
            ),
        };
    }
}

/// Selects an annotation and the segment it is on.
fn select_annotation(o: &mut OpenDoc, id: String) {
    if let Some(i) = o.session.set.get(&id).and_then(|a| o.anchor_position(a)) {
        o.segment = i;
    }
    o.selected = Some(id);
}

/// Loads a report, runs the checks, opens its annotation file and merges the findings.
fn open_report(
    path: &std::path::Path,
    source: Option<&std::path::Path>,
    glossary: Option<std::sync::Arc<crate::checks::glossary::Glossary>>,
    progress: &crate::progress::Progress,
) -> anyhow::Result<(OpenDoc, String)> {
    // Spelling too: an editor expects it (the dictionary loads here, off the UI thread).
    let mut checker = Checker::default().spelling(Vec::new());
    if let Some(g) = &glossary {
        checker = checker.glossary(g.clone());
    }
    let opts = crate::workspace::OpenOptions {
        annotations: crate::workspace::Annotations::ForWriting,
        embedded: true,
        checker: Some(&checker),
        ..Default::default()
    };
    let opened = crate::workspace::open_report(path, source, &opts, progress)?;
    let mut note = String::new();
    for n in &opened.sidecar.notes {
        note.push_str("; ");
        note.push_str(n);
    }
    if let Some(r) = &opened.reanchored {
        note.push_str(&format!(
            "; the report changed: {} annotations moved, {} orphaned",
            r.moved,
            r.orphaned.len()
        ));
    }
    let recovery = opened.recovery.is_some();
    if recovery {
        note.push_str("; an autosave of unsaved work exists");
    }
    if let Some((e, aside)) = &opened.set_aside {
        note.push_str(&format!("; {e}; kept as {}", aside.display()));
    }
    for n in checker.notes(&opened.doc) {
        note.push_str(&format!("; {n}"));
    }
    let glossary = glossary.map(|g| {
        let index = g.index(opened.doc.source_code());
        (g, index)
    });
    let crate::workspace::OpenedReport {
        doc,
        source: source_doc,
        sidecar_path,
        sidecar: sc,
        stamp,
        ..
    } = opened;
    let index = doc
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let chars =
        drawn_chars(std::iter::once(&doc.text[..]).chain(source_doc.as_ref().map(|d| &d.text[..])));
    let char_index = crate::model::CharIndex::new(&doc.text);
    let seg_starts = doc
        .segments
        .iter()
        .map(|s| {
            let byte = match &s.origin {
                crate::model::Origin::Span(r) => r.start,
                crate::model::Origin::Record { line } => {
                    doc.lines.line_start(line.saturating_sub(1))
                }
            };
            char_index.char_at(&doc.text, byte)
        })
        .collect();
    let open = OpenDoc {
        recovery,
        index,
        seg_starts,
        doc_level: std::cell::RefCell::new(None),
        chars,
        missing_glyphs: None,
        doc,
        session: Session::new(sc.set),
        sidecar_path,
        stamp,
        report: sc.report,
        source: source_doc,
        segment: 0,
        selected: None,
        glossary,
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
        self.remember_position();
        eframe::set_value(storage, "prefs", &self.prefs);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frame(ui);
        // Preferences (recent files, theme) are written when they change, not only every
        // 30 s and at exit: a killed or crashed app still remembers the report just opened.
        if self.stored_prefs.as_ref() != Some(&self.prefs) {
            if let Some(storage) = frame.storage_mut() {
                eframe::set_value(storage, "prefs", &self.prefs);
                storage.flush();
            }
            self.stored_prefs = Some(self.prefs.clone());
        }
    }
}

impl MtqaApp {
    /// Draws one frame and applies the commands its panels returned.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
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
        let mut open_picker = false;
        if (!ctx.egui_wants_keyboard_input() || self.mt_focused) && self.picker.is_none() {
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
                    if i.key_pressed(Key::M) {
                        self.focus_mt = true;
                    }
                    for (k, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
                        .into_iter()
                        .enumerate()
                    {
                        if i.key_pressed(key) {
                            cmds.push(Command::SetSeverity(Severity::ALL[k]));
                        }
                    }
                    if i.key_pressed(Key::E) {
                        open_picker = true;
                    }
                }
            });
        }
        if open_picker {
            let seg = self.open.as_ref().map(|o| o.segment);
            if let Some((_, start, end)) = self.selection.filter(|s| Some(s.0) == seg) {
                self.picker = Some(Picker::new(start, end));
            }
        }
        self.autosave(ctx.input(|i| i.time));
        if self.open.as_ref().is_some_and(|o| o.session.is_dirty()) {
            // Keep frames coming while there is unsaved work: the autosave and its age in
            // the status bar depend on them.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        // Files dropped on the window: the first one opens.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(first) = dropped.first() {
            cmds.push(Command::OpenInBackground(first.clone(), None));
            if dropped.len() > 1 {
                self.message = format!(
                    "{} files dropped: opening {}; a source document goes in the Source field",
                    dropped.len(),
                    first.display()
                );
            }
        }
        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            painter.rect_filled(screen, 0.0, Color32::from_black_alpha(160));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a report to open it",
                egui::FontId::proportional(28.0),
                Color32::WHITE,
            );
        }
        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.open.as_ref().is_some_and(|o| o.session.is_dirty())
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Close);
        }
        if self.poll_job() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if let Some(o) = self.open.as_mut().filter(|o| o.missing_glyphs.is_none()) {
            o.missing_glyphs = Some(missing_glyphs(&ctx, &o.chars));
        }
        // The window's title names the report and shows unsaved work.
        let title = match &self.open {
            Some(o) if o.session.is_dirty() => format!("• {} — mtqa", o.report.file),
            Some(o) => format!("{} — mtqa", o.report.file),
            None => "mtqa".to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
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
        if let Some(pending) = &self.pending {
            let (what, save, go) = match pending {
                Pending::Open(_) => (
                    "opening another report",
                    "Save and open",
                    "Open without saving",
                ),
                Pending::Close => ("closing", "Save and close", "Close without saving"),
            };
            egui::Window::new("Unsaved changes")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(&ctx, |ui| {
                    ui.label(format!(
                        "The annotations of {} have unsaved changes. Save them before {what}?",
                        self.open.as_ref().map_or("", |o| o.report.file.as_str())
                    ));
                    ui.horizontal(|ui| {
                        if ui.button(save).clicked() {
                            cmds_after.push(Command::Proceed { save: true });
                        }
                        if ui.button(go).clicked() {
                            cmds_after.push(Command::Proceed { save: false });
                        }
                        if ui.button("Cancel").clicked() {
                            cmds_after.push(Command::CancelPending);
                        }
                    });
                });
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
                            ("M", "put the cursor in the MT text"),
                            ("Shift+arrows", "select in the MT text"),
                            ("E", "annotate the selection"),
                            ("1–4", "severity: of the selected finding, or in the picker"),
                            ("↑ / ↓, Enter", "choose the category, add"),
                            ("Esc", "leave a text field, close the picker"),
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
            let mut keep = !ctx.input(|i| i.key_pressed(Key::Escape));
            let has_source = self
                .open
                .as_ref()
                .is_some_and(|o| crate::formats::export::has_source(&o.doc));
            egui::Window::new("Export")
                .collapsible(false)
                .show(&ctx, |ui| {
                    for (i, (format, name, ext)) in EXPORTS.iter().enumerate() {
                        let available = has_source || !format.needs_source();
                        let radio = ui
                            .add_enabled(available, egui::RadioButton::new(k == i, *name))
                            .on_disabled_hover_text(
                                "Pairs source and target: open the report with its source \
                                 document (the Source field) to export it this way.",
                            );
                        if radio.clicked() {
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
                    if !has_source {
                        ui.label(
                            RichText::new(
                                "XLIFF and TMX pair source and target: open the report with its \
                                 source document to export them.",
                            )
                            .weak(),
                        );
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
                    let source = Some(self.source_input.trim())
                        .filter(|s| !s.is_empty())
                        .map(PathBuf::from);
                    match rfd::FileDialog::new()
                        .set_title("Open a report")
                        .pick_file()
                    {
                        Some(p) => cmds.push(Command::OpenInBackground(p, source)),
                        None => {
                            self.message = "No file chosen (where no file dialog is available, \
                                            type the path in the Report field, or drop the file \
                                            on the window)"
                                .into();
                        }
                    }
                }
                ui.separator();
                let open = self.open.as_ref();
                let (dirty, undo, redo) = open.map_or((false, false, false), |o| {
                    (
                        o.session.is_dirty(),
                        o.session.can_undo(),
                        o.session.can_redo(),
                    )
                });
                if ui.add_enabled(dirty, egui::Button::new("Save")).clicked() {
                    cmds.push(Command::Save);
                }
                if ui.add_enabled(undo, egui::Button::new("Undo")).clicked() {
                    cmds.push(Command::Undo);
                }
                if ui.add_enabled(redo, egui::Button::new("Redo")).clicked() {
                    cmds.push(Command::Redo);
                }
                if ui
                    .add_enabled(open.is_some(), egui::Button::new("Export…"))
                    .clicked()
                {
                    if let Some(o) = &self.open {
                        // The first format this report can be exported to (XLIFF and TMX
                        // pair source and target: without a source, TSV).
                        let has_source = crate::formats::export::has_source(&o.doc);
                        let k = EXPORTS
                            .iter()
                            .position(|(f, _, _)| has_source || !f.needs_source())
                            .unwrap_or(0);
                        let mut stem = o.doc.path.clone().into_os_string();
                        stem.push(".");
                        stem.push(EXPORTS[k].2);
                        self.export = Some((k, PathBuf::from(stem).display().to_string()));
                    }
                }
                if ui
                    .add_enabled(self.open.is_some(), egui::Button::new("Review report"))
                    .clicked()
                {
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
        let stats = self.stats().unwrap_or_default();
        let now = ui.input(|i| i.time);
        let job = self.job.as_ref().map(|j| {
            (
                j.path.display().to_string(),
                j.path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
                j.progress.what(),
                j.progress.fraction(),
            )
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some((path, name, what, fraction)) = &job {
                    let mut bar = egui::ProgressBar::new(*fraction)
                        .desired_width(160.0)
                        .animate(true);
                    if *fraction > 0.0 {
                        bar = bar.show_percentage();
                    }
                    ui.add(bar).on_hover_text(path);
                    ui.label(format!("{what}… ({name})"));
                    ui.separator();
                }
                if let Some(o) = &self.open {
                    let langs = match (o.doc.source_code(), o.doc.target_code()) {
                        (Some(s), Some(t)) => format!("{s} to {t}"),
                        (None, Some(t)) => format!("target {t}"),
                        (Some(s), None) => format!("from {s}"),
                        (None, None) => "language unknown".into(),
                    };
                    let save_state = if !o.session.is_dirty() {
                        "saved".to_string()
                    } else {
                        match &self.autosaved {
                            Some((_, at, Ok(()))) => {
                                format!("unsaved (autosaved {:.0} s ago)", (now - at).max(0.0))
                            }
                            Some((_, _, Err(e))) => format!("unsaved (autosave failed: {e})"),
                            None => "unsaved".into(),
                        }
                    };
                    ui.label(format!(
                        "{} · {langs} · {} segments · {} open, {} accepted, {} rejected · MQM {:.2} · {save_state}",
                        o.report.file,
                        o.doc.segments.len(),
                        stats.open,
                        stats.accepted,
                        stats.rejected,
                        stats.mqm,
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
                cmds.push(Command::OpenSample);
            }
            ui.add_space(8.0);
            for line in [
                "Type a report's path in the Report field and press Open, choose it with \
                 Browse…, or drop it on the window. Add the source document's path to see \
                 source, MT and correction side by side.",
                "Reports: plain text with a metadata header, XLIFF 1.2/2.x, TMX, TSV, JSONL, \
                 WMT MQM ratings. Annotations are saved beside the report (REPORT.mtqa.json).",
                "Press F1 at any time for the keyboard shortcuts.",
            ] {
                ui.label(RichText::new(line).weak());
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
                if let Some(i) = o.anchor_position(a) {
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
                let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
                // The selection moved since the last frame to a row off screen: bring it
                // to the middle of the list.
                let (last, ref shown) = self.list_shown;
                if last != Some(o.segment) {
                    if let Ok(r) = rows.binary_search_by_key(&o.segment, |x| x.0) {
                        if !shown.contains(&r) {
                            let per_row = row_h + ui.spacing().item_spacing.y;
                            let half = shown.len() as f32 / 2.0;
                            scroll = scroll
                                .vertical_scroll_offset(((r as f32 - half).max(0.0)) * per_row);
                        }
                    }
                }
                let mut visible = 0..0;
                scroll.show_rows(ui, row_h, rows.len(), |ui, range| {
                    // One line a row, cut to the width of the panel: every row has the
                    // height show_rows assumes.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    visible = range.clone();
                    // Only as much text as the panel's width can show: a jump of the list
                    // (N to a far finding) lays out a screenful of new rows in one frame.
                    let fits = (ui.available_width() / 6.0) as usize + 8;
                    for &(i, n) in &rows[range] {
                        let s = &o.doc.segments[i];
                        let preview: String = s.text.chars().take(fits).collect();
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
                self.list_shown = (Some(o.segment), visible);
            });
        self.filter = filter;
    }

    fn inspector(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        let Some(o) = &self.open else { return };
        let seg = &o.doc.segments[o.segment];
        let before = o.document_level_at(o.segment);
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
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let selected = o.selected.as_deref();
                    if !before.is_empty() {
                        ui.label(RichText::new(format!("In the text before {}", seg.id)).strong());
                        for a in &before {
                            annotation_row(ui, a, selected, cmds);
                        }
                    }
                    ui.label(
                        RichText::new(format!("Findings and annotations of {}", seg.id)).strong(),
                    );
                    for a in &anns {
                        annotation_row(ui, a, selected, cmds);
                    }
                    if anns.is_empty() {
                        ui.label("Nothing found here.");
                    }
                    if let Some((g, index)) = &o.glossary {
                        glossary_ui(ui, o, g, index);
                    }
                });
            });
    }

    fn document(&mut self, ui: &mut egui::Ui, cmds: &mut Vec<Command>) {
        let dark = ui.ctx().theme() == egui::Theme::Dark;
        let Some(o) = &self.open else { return };
        let seg = &o.doc.segments[o.segment];
        // Spans in the MT, and spans marked in the source (shown on the source).
        let (source_anns, anns): (Vec<&Annotation>, Vec<&Annotation>) = o
            .session
            .set
            .annotations
            .iter()
            .filter(|a| a.segment.as_deref() == Some(seg.id.as_str()))
            .partition(|a| a.on_source);
        let mut picker = self.picker.take();
        let mut selection = self.selection.filter(|s| s.0 == o.segment);
        let focus_mt = std::mem::take(&mut self.focus_mt);
        let mut mt_focused = false;
        egui::CentralPanel::default().show(ui, |ui| {
            if o.recovery {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(
                            "Work from an earlier session was not saved; it was autosaved.",
                        )
                        .color(Color32::from_rgb(0xe6, 0x51, 0x00)),
                    );
                    if ui.button("Restore the autosaved work").clicked() {
                        cmds.push(Command::RestoreRecovery);
                    }
                });
                ui.separator();
            }
            if let Some(missing) = o.missing_glyphs.as_deref().filter(|m| !m.is_empty()) {
                ui.label(
                    RichText::new(missing_glyphs_note(missing))
                        .color(Color32::from_rgb(0xe6, 0x51, 0x00)),
                );
                ui.separator();
            }
            ui.label(RichText::new(format!("Segment {}", seg.id)).strong());
            let bead = o.doc.bilingual.as_ref().and_then(|b| {
                b.beads
                    .iter()
                    .position(|x| x.target.contains(&o.segment))
                    .map(|k| (k, b.beads[k].clone(), b.beads.clone()))
            });
            if let Some((k, bead, beads)) = &bead {
                bead_controls(ui, o, *k, bead, beads, cmds);
            }
            let has_source = bead.is_some() || seg.source.is_some();
            let font = egui::TextStyle::Body.resolve(ui.style());
            // The colour of editable text, so that the MT reads as text, not as a caption.
            let fg = ui.visuals().widgets.inactive.text_color();
            // Right-to-left targets are aligned right (egui shapes Arabic and draws RTL runs
            // right to left, but has no bidi paragraph algorithm: see the README).
            let rtl = o.doc.target_code().is_some_and(crate::lang::is_rtl_lang);
            let (align, text_align) = if rtl {
                (egui::Align::Max, egui::Align2::RIGHT_TOP)
            } else {
                (egui::Align::Min, egui::Align2::LEFT_TOP)
            };
            let corrected_now = o.session.set.corrected(&seg.id, &seg.text).to_string();
            let mut corrected = corrected_now.clone();
            let mut asked = false;
            ui.columns(if has_source { 3 } else { 2 }, |cols| {
                // Columns are justified (labels would be spaced out, buttons stretched):
                // their content is laid out top-down, left-aligned.
                let top_down = egui::Layout::top_down(egui::Align::Min);
                let k = usize::from(has_source);
                if has_source {
                    cols[0].with_layout(top_down, |ui| {
                        ui.label(RichText::new("Source").strong());
                        // The padding of the text fields beside it, so the lines face.
                        let job = highlighted(
                            seg.source.as_deref().unwrap_or(""),
                            &source_anns,
                            o.selected.as_deref(),
                            dark,
                            font.clone(),
                            fg,
                        );
                        egui::Frame::new()
                            .inner_margin(ui.spacing().button_padding)
                            .show(ui, |ui| {
                                let r = ui.label(job);
                                // Hovering the source shows the spans marked there.
                                if !source_anns.is_empty() {
                                    r.on_hover_text(
                                        source_anns
                                            .iter()
                                            .map(|a| tooltip(a))
                                            .collect::<Vec<_>>()
                                            .join("\n\n"),
                                    );
                                }
                            });
                    });
                }
                let (mt, corr) = cols[k..].split_at_mut(1);
                mt[0].with_layout(top_down, |ui| {
                    // The MT: selectable with the mouse or, once focused (M), Shift+arrows.
                    let mt_label = ui.label(RichText::new("Machine translation").strong());
                    let job = highlighted(
                        &seg.text,
                        &anns,
                        o.selected.as_deref(),
                        dark,
                        font.clone(),
                        fg,
                    );
                    let mut text = seg.text.as_str();
                    let out = egui::TextEdit::multiline(&mut text)
                        .layouter(
                            &mut |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| {
                                let mut j = job.clone();
                                j.wrap.max_width = wrap;
                                j.halign = align;
                                ui.fonts_mut(|f| f.layout_job(j))
                            },
                        )
                        .desired_width(f32::INFINITY)
                        .align(text_align)
                        .show(ui);
                    let response = egui::Response::clone(&out.response).labelled_by(mt_label.id);
                    mt_focused = response.has_focus();
                    if focus_mt {
                        // The caret goes to the start of the selected finding (to re-mark its
                        // span), else to the start of the text.
                        let at = o
                            .selected
                            .as_deref()
                            .and_then(|id| anns.iter().find(|a| a.id == id))
                            .map_or(0, |a| a.anchor.start);
                        let mut state = out.state.clone();
                        state
                            .cursor
                            .set_char_range(Some(egui::text::CCursorRange::one(
                                egui::text::CCursor::new(at),
                            )));
                        state.store(ui.ctx(), response.id);
                        response.request_focus();
                    }
                    // Hovering a highlighted span shows its annotations.
                    if let Some(pos) = response.hover_pos() {
                        let at = out
                            .galley
                            .cursor_from_pos(pos - out.galley_pos)
                            .index
                            .into();
                        let here = annotations_at(&anns, at);
                        if !here.is_empty() {
                            response.clone().on_hover_ui_at_pointer(|ui| {
                                for a in here {
                                    ui.label(tooltip(a));
                                }
                            });
                        }
                    }
                    if let Some(range) = out.cursor_range {
                        let [a, b] = range.sorted_cursors();
                        let (mut a, mut b): (usize, usize) = (a.index.into(), b.index.into());
                        // A drag of the mouse ends on whole words (the keyboard selects
                        // exact characters): the widened selection is shown at once.
                        if response.drag_stopped() && b > a {
                            let (sa, sb) = crate::text::words::snap_to_words(&seg.text, a, b);
                            if (sa, sb) != (a, b) {
                                (a, b) = (sa, sb);
                                let mut state = out.state.clone();
                                state
                                    .cursor
                                    .set_char_range(Some(egui::text::CCursorRange::two(
                                        egui::text::CCursor::new(a),
                                        egui::text::CCursor::new(b),
                                    )));
                                state.store(ui.ctx(), response.id);
                            }
                        }
                        selection = (b > a).then_some((o.segment, a, b));
                    }
                    let quote: Option<String> =
                        selection.map(|(_, a, b)| seg.text.chars().skip(a).take(b - a).collect());
                    let button = egui::Button::new(match &quote {
                        Some(q) => format!("Annotate «{}» (E)", ellipsis(q, 24)),
                        None => "Annotate selection (E)".to_string(),
                    });
                    if ui.add_enabled(quote.is_some(), button).clicked() {
                        asked = true;
                    }
                    if quote.is_none() {
                        ui.label(
                            RichText::new(
                                "Select words with the mouse, or press M and use Shift+arrows \
                                 for exact characters.",
                            )
                            .weak(),
                        );
                    }
                });
                // The corrected text, and its changes from the MT.
                corr[0].with_layout(top_down, |ui| {
                    let corrected_label = ui.label(RichText::new("Corrected").strong());
                    let resp = ui
                        .add(
                            egui::TextEdit::multiline(&mut corrected)
                                .desired_width(f32::INFINITY)
                                .align(text_align),
                        )
                        .labelled_by(corrected_label.id);
                    if resp.changed() {
                        cmds.push(Command::EditCorrection(corrected.clone()));
                    }
                    if corrected != seg.text {
                        ui.add_space(6.0);
                        ui.label(RichText::new("Changes from the MT").weak());
                        let mut job = diff_job(&seg.text, &corrected, font.clone(), fg, dark);
                        job.halign = align;
                        ui.label(job);
                    }
                });
            });
            if asked {
                if let Some((_, start, end)) = selection {
                    picker = Some(Picker::new(start, end));
                }
            }
        });
        self.selection = selection;
        self.mt_focused = mt_focused;
        if let Some(mut p) = picker {
            let quote: String = seg
                .text
                .chars()
                .skip(p.start)
                .take(p.end - p.start)
                .collect();
            let (keep, chosen) = self.picker_window(ui.ctx(), &mut p, &quote);
            if let Some(category) = chosen {
                cmds.push(Command::Annotate {
                    start: p.start,
                    end: p.end,
                    category,
                    severity: p.severity,
                    comment: p.comment.trim().to_string(),
                    correction: (!p.correction.is_empty()).then(|| p.correction.clone()),
                });
                self.selection = None;
            } else if keep {
                self.picker = Some(p);
            }
            if self.picker.is_none() {
                // The picker's fields are gone: release the keyboard rather than leave the
                // focus on a text field that no longer exists until egui notices.
                ui.ctx().memory_mut(|m| m.stop_text_input());
                ui.ctx().request_repaint();
            }
        }
    }

    /// The annotation picker: category (type to filter, Up/Down, Enter), severity (1–4),
    /// comment and correction. Returns (still open, chosen category).
    fn picker_window(
        &self,
        ctx: &egui::Context,
        p: &mut Picker,
        quote: &str,
    ) -> (bool, Option<String>) {
        let mut keep = true;
        let mut chosen = None;
        let matches: Vec<&str> = self
            .typology
            .categories
            .iter()
            .map(|c| c.path.as_str())
            .filter(|c| c.to_lowercase().contains(&p.filter.to_lowercase()))
            .collect();
        let top = ctx.content_rect().center_top() + egui::vec2(0.0, 90.0);
        egui::Window::new("New annotation")
            .collapsible(false)
            .resizable(false)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(top)
            .show(ctx, |ui| {
                ui.label(format!("«{}»", ellipsis(quote, 60)));
                let in_text_field = [p.comment_id, p.correction_id]
                    .iter()
                    .flatten()
                    .any(|id| ui.memory(|m| m.has_focus(*id)));
                ui.input_mut(|i| {
                    if !in_text_field {
                        // 1–4 set the severity and are not typed into the category filter.
                        for e in &mut i.events {
                            if let egui::Event::Text(t) = e {
                                for c in t.chars() {
                                    if let Some(d) = c.to_digit(10).filter(|d| (1..=4).contains(d))
                                    {
                                        p.severity = Severity::ALL[d as usize - 1];
                                    }
                                }
                                t.retain(|c| !('1'..='4').contains(&c));
                            }
                        }
                        i.events
                            .retain(|e| !matches!(e, egui::Event::Text(t) if t.is_empty()));
                    }
                    if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                        p.highlight += 1;
                    }
                    if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                        p.highlight = p.highlight.saturating_sub(1);
                    }
                    if i.key_pressed(Key::Escape) {
                        keep = false;
                    }
                });
                p.highlight = p.highlight.min(matches.len().saturating_sub(1));
                let l = ui.label("Category (type to filter, ↑/↓, Enter)");
                let field = ui
                    .add(egui::TextEdit::singleline(&mut p.filter).desired_width(320.0))
                    .labelled_by(l.id);
                if p.focus_filter {
                    field.request_focus();
                    p.focus_filter = false;
                }
                if field.changed() {
                    p.highlight = 0;
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .show(ui, |ui| {
                        for (k, c) in matches.iter().enumerate() {
                            let r = ui.selectable_label(k == p.highlight, *c);
                            if k == p.highlight && enter {
                                r.scroll_to_me(None);
                            }
                            if r.clicked() {
                                chosen = Some((*c).to_string());
                            }
                        }
                        if matches.is_empty() {
                            ui.label(RichText::new("No category matches").weak());
                        }
                    });
                ui.horizontal(|ui| {
                    ui.label("Severity");
                    for (k, s) in Severity::ALL.iter().enumerate() {
                        if ui
                            .selectable_label(p.severity == *s, format!("{} {}", k + 1, s))
                            .clicked()
                        {
                            p.severity = *s;
                        }
                    }
                });
                let l = ui.label("Comment (optional)");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut p.comment).desired_width(320.0))
                    .labelled_by(l.id);
                p.comment_id = Some(r.id);
                let l = ui.label("Correction of the span (optional)");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut p.correction).desired_width(320.0))
                    .labelled_by(l.id);
                p.correction_id = Some(r.id);
                let submit = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.horizontal(|ui| {
                    let add = ui.add_enabled(!matches.is_empty(), egui::Button::new("Add (Enter)"));
                    if add.clicked() || enter || submit {
                        chosen = matches.get(p.highlight).map(|c| (*c).to_string());
                    }
                    if ui.button("Cancel (Esc)").clicked() {
                        keep = false;
                    }
                });
            });
        (keep, chosen)
    }
}

/// The bead of the selected segment: what it links, and the buttons that fix it.
fn bead_controls(
    ui: &mut egui::Ui,
    o: &OpenDoc,
    k: usize,
    bead: &crate::model::Bead,
    beads: &[crate::model::Bead],
    cmds: &mut Vec<Command>,
) {
    use crate::align::edit;
    let Some(b) = o.doc.bilingual.as_ref() else {
        return;
    };
    let src_ids: Vec<&str> = bead
        .source
        .iter()
        .map(|&i| b.segments[i].0.as_str())
        .collect();
    let tgt_ids: Vec<&str> = bead
        .target
        .iter()
        .map(|&i| o.doc.segments[i].id.as_str())
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "Bead {}: source {} ↔ {}",
                k + 1,
                if src_ids.is_empty() {
                    "—".to_string()
                } else {
                    src_ids.join(", ")
                },
                tgt_ids.join(", ")
            ))
            .weak(),
        );
        if let Ok(n) = edit::merge(beads, k) {
            if ui.button("Merge with next bead").clicked() {
                cmds.push(Command::Realign(n));
            }
        }
        if let Ok(n) = edit::unlink(beads, k) {
            if ui.button("Unlink bead").clicked() {
                cmds.push(Command::Realign(n));
            }
        }
        if let Ok(n) = edit::split(beads, k, 1, 1) {
            if (bead.source.len() > 1 || bead.target.len() > 1) && ui.button("Split bead").clicked()
            {
                cmds.push(Command::Realign(n));
            }
        }
        if k > 0 {
            if let Ok(n) = edit::link(beads, k - 1) {
                if ui.button("Link with previous").clicked() {
                    cmds.push(Command::Realign(n));
                }
            }
        }
    });
    // Source sentences left untranslated just before this one.
    if k > 0 && beads[k - 1].target.is_empty() {
        let missing = beads[k - 1]
            .source
            .iter()
            .map(|&i| b.segments[i].1.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // The omission check reports it at the end of the segment before.
        let flagged = o
            .segment
            .checked_sub(1)
            .and_then(|i| o.doc.segments.get(i))
            .map_or(String::new(), |s| {
                format!(" (the omission is flagged at the end of {})", s.id)
            });
        ui.label(
            RichText::new(format!(
                "Not translated before this sentence: {missing}{flagged}"
            ))
            .color(Color32::from_rgb(0xc6, 0x28, 0x28)),
        );
    }
}

/// One annotation in the inspector: a selectable line; when selected, its message,
/// comment and suggestion with accept, reject and apply-fix buttons.
fn annotation_row(
    ui: &mut egui::Ui,
    a: &Annotation,
    selected: Option<&str>,
    cmds: &mut Vec<Command>,
) {
    let selected = selected == Some(a.id.as_str());
    let quote = if a.anchor.quote.is_empty() {
        "insertion point".to_string()
    } else {
        format!("«{}»", shown_quote(&a.anchor.quote))
    };
    let text = format!(
        "[{}] {} · {} · {quote}",
        a.status.as_str(),
        a.category,
        a.severity,
    );
    if ui.selectable_label(selected, text).clicked() {
        cmds.push(Command::SelectAnnotation(a.id.clone()));
    }
    if !selected {
        return;
    }
    if !a.message.is_empty() {
        ui.label(&a.message);
    }
    if !a.comment.is_empty() {
        ui.label(format!("Comment: {}", a.comment));
    }
    if let Some(c) = &a.correction {
        ui.label(format!("Suggestion: «{}»", shown_quote(c)));
        if a.segment.is_none() {
            ui.label(
                RichText::new("Accepted, this fix is applied to the document's text on export.")
                    .weak(),
            );
        }
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

/// A quote or a fix as the inspector shows it: line breaks, tabs and invisible characters
/// made visible (a run of blank lines is `↵↵`, a zero-width space `⟨U+200B⟩`).
pub fn shown_quote(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' => out.push('↵'),
            '\r' => {}
            '\t' => out.push('→'),
            c if (c.is_ascii() && !c.is_control()) || needs_glyph(c) => out.push(c),
            // Controls, no-break and other spaces, zero-width and direction marks.
            c => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
        }
    }
    out
}

/// The annotations (not rejected) whose span covers the character at `at`; an empty span
/// covers the character it sits before.
pub fn annotations_at<'a>(anns: &[&'a Annotation], at: usize) -> Vec<&'a Annotation> {
    anns.iter()
        .filter(|a| a.status != Status::Rejected)
        .filter(|a| {
            let (s, e) = (a.anchor.start, a.anchor.end);
            (s <= at && at < e) || (s == e && s == at)
        })
        .copied()
        .collect()
}

/// What a highlighted span's tooltip says about one annotation.
pub fn tooltip(a: &Annotation) -> String {
    let mut t = format!("{} · {} · {}", a.category, a.severity, a.status.as_str());
    if !a.message.is_empty() {
        t.push_str(&format!("\n{}", a.message));
    }
    if let Some(c) = &a.correction {
        t.push_str(&format!("\nSuggestion: «{}»", shown_quote(c)));
    }
    if !a.comment.is_empty() {
        t.push_str(&format!("\nComment: {}", a.comment));
    }
    t.push_str(&format!("\n{}", a.origin));
    t
}

/// At most `n` characters of `s`, with an ellipsis when cut.
fn ellipsis(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
    }
}
