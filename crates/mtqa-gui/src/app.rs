//! The app: its state, and one frame as a table of contents. Panels and windows draw what
//! they are given and return [`Command`]s; [`MtqaApp::apply`] (in `apply.rs`) carries them
//! out through the core after the frame is drawn.

use std::path::PathBuf;

use egui::Color32;

use super::command::{Command, Pending};
use super::jobs::{Autosave, Jobs};
use super::open_doc::OpenDoc;
use super::panels::editor::EditorState;
use super::panels::segment_list::SegmentList;
use super::panels::top_bar::OpenFields;
use super::windows::export::ExportDialog;
use super::windows::picker::Picker;
use super::{fonts, keys, panels, windows};
use mtqa_core::annotate::typology::Typology;

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

/// The sample report bundled in the binary: an English MT of a French news report with the
/// usual artifacts (the app copies it out to open and annotate it).
pub const SAMPLE: (&str, &str) = (
    "en-from-fr-flood.txt",
    include_str!("../../../corpora/en-from-fr-flood.txt"),
);

/// The app.
pub struct MtqaApp {
    /// Preferences.
    pub prefs: Prefs,
    /// The open report.
    pub open: Option<OpenDoc>,
    /// The last message for the status bar.
    pub message: String,
    /// The paths typed in the top bar.
    pub fields: OpenFields,
    /// The shortcut overlay is shown.
    pub show_help: bool,
    /// The annotation picker; `Some` while it is open.
    pub picker: Option<Picker>,
    /// The editor's selection and focus.
    pub editor: EditorState,
    /// The export window; `Some` while it is open.
    pub export: Option<ExportDialog>,
    /// The segment list: its filter and rows.
    pub list: SegmentList,
    /// An action waiting for the answer to "save the changes first?".
    pub pending: Option<Pending>,
    /// Work running on worker threads (opening, saving, exporting, the review report).
    pub jobs: Jobs,
    /// The autosave of unsaved work.
    pub autosave: Autosave,
    /// Close after this many frames (smoke test).
    pub quit_after_frames: Option<u64>,
    /// Open the review report in the browser once written (tests turn it off).
    pub open_in_browser: bool,
    /// Where the bundled sample is copied to be opened (and annotated): mtqa's storage
    /// folder, else the temporary folder.
    pub sample_dir: PathBuf,
    /// The glossary (termbase) the checks use and the inspector lists terms of, if one
    /// was given (`mtqa open --glossary FILE`).
    pub glossary: Option<std::sync::Arc<mtqa_core::checks::glossary::Glossary>>,
    /// The path typed in the Reviewers panel.
    pub reviewer_field: String,
    /// Reviewers' annotation files to add once the report being opened is open.
    pub reviewers_to_add: Vec<PathBuf>,
    /// The document view's state (row heights, folding, scroll).
    pub document: panels::document::DocumentView,
    /// The window may close although there are unsaved changes (the editor said so).
    pub(super) allow_close: bool,
    /// A save was asked for while one was running: save again when it ends.
    pub(super) save_again: bool,
    pub(super) ctx: Option<egui::Context>,
    pub(super) typology: Typology,
    /// The preferences as last written to eframe's storage.
    stored_prefs: Option<Prefs>,
    /// The window title last set.
    title: String,
    frames: u64,
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
        fonts::install_fonts(ctx);
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
            fields: OpenFields::default(),
            show_help: false,
            picker: None,
            editor: EditorState::default(),
            export: None,
            list: SegmentList::default(),
            pending: None,
            jobs: Jobs::new(Some(ctx.clone())),
            autosave: Autosave::default(),
            quit_after_frames: None,
            open_in_browser: true,
            sample_dir: eframe::storage_dir("mtqa")
                .unwrap_or_else(std::env::temp_dir)
                .join("samples"),
            glossary: None,
            reviewers_to_add: Vec::new(),
            reviewer_field: String::new(),
            document: Default::default(),
            allow_close: false,
            save_again: false,
            ctx: Some(ctx.clone()),
            typology: Typology::builtin(),
            frames: 0,
        }
    }

    /// The window's title: the report's file name, after a bullet while work is unsaved.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The MQM score of the open report (errors that are not rejected; mean over segments),
    /// as the review report computes it; recomputed only when the annotations changed.
    pub fn mqm(&self) -> Option<f64> {
        self.open.as_ref().map(|o| o.stats().mqm)
    }

    /// Draws one frame and applies the commands its panels returned.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.count_frame(&ctx);
        let mut cmds = self.shortcuts(&ctx);
        cmds.extend(self.dropped_files(&ctx));
        self.tick_autosave(ctx.input(|i| i.time));
        self.guard_close(&ctx);
        if self.poll_jobs() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.update_title(&ctx);
        if let Some(o) = self.open.as_mut().filter(|o| o.missing_glyphs.is_none()) {
            o.missing_glyphs = Some(fonts::missing_glyphs(&ctx, &o.chars));
        }
        cmds.extend(panels::top_bar::ui(
            ui,
            &mut self.fields,
            self.open.as_ref(),
        ));
        panels::status_bar::ui(
            ui,
            self.jobs.current(),
            self.open.as_ref(),
            self.autosave.last.as_ref(),
            &self.message,
        );
        match &self.open {
            Some(o) => {
                cmds.extend(self.list.ui(ui, o));
                cmds.extend(panels::inspector::ui(ui, o, &mut self.reviewer_field));
                let rows = self.list.rows(o);
                cmds.extend(
                    self.document
                        .ui(ui, o, &mut self.editor, &rows, &self.list.filter),
                );
            }
            None => cmds.extend(panels::start::ui(ui, &self.prefs.recent)),
        }
        cmds.extend(self.windows(&ctx));
        for c in cmds {
            self.apply(c);
        }
    }

    /// Counts frames; closes the window after `quit_after_frames` (the smoke test).
    fn count_frame(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        if let Some(n) = self.quit_after_frames {
            if self.frames >= n {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            ctx.request_repaint();
        }
    }

    /// The shortcuts pressed, when no text field takes the keys (the MT text is read-only:
    /// the single-key shortcuts work there) and the picker is closed.
    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Command> {
        let free =
            (!ctx.egui_wants_keyboard_input() || self.editor.mt_focused) && self.picker.is_none();
        ctx.input(|i| keys::pressed(i, free))
    }

    /// Files dropped on the window (the first one opens), and the overlay while a file is
    /// dragged over it.
    fn dropped_files(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
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
        let Some(first) = dropped.first() else {
            return Vec::new();
        };
        if dropped.len() > 1 {
            self.message = format!(
                "{} files dropped: opening {}; a source document goes in the Source field",
                dropped.len(),
                first.display()
            );
        }
        vec![Command::OpenInBackground(first.clone(), None)]
    }

    /// Closing with unsaved changes asks first.
    fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.open.as_ref().is_some_and(|o| o.session.is_dirty())
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Pending::Close);
        }
        if self.open.as_ref().is_some_and(|o| o.session.is_dirty()) {
            // Keep frames coming while there is unsaved work: the autosave and its age in
            // the status bar depend on them.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
    }

    /// The window's title names the report and shows unsaved work.
    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.open {
            Some(o) if o.session.is_dirty() => format!("• {} — mtqa", o.report.file),
            Some(o) => format!("{} — mtqa", o.report.file),
            None => "mtqa".to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The windows over the panels: the picker, unsaved changes, the shortcuts, export.
    fn windows(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut cmds = Vec::new();
        if let (Some(mut p), Some(o)) = (self.picker.take(), &self.open) {
            let seg = &o.doc.segments[o.segment];
            let quote: String = seg
                .text
                .chars()
                .skip(p.start)
                .take(p.end - p.start)
                .collect();
            let (keep, chosen) = windows::picker::window(ctx, &mut p, &quote, &self.typology);
            if let Some(category) = chosen {
                cmds.push(p.annotate(category));
                self.editor.selection = None;
            } else if keep {
                self.picker = Some(p);
            }
            if self.picker.is_none() {
                // The picker's fields are gone: release the keyboard rather than leave the
                // focus on a text field that no longer exists until egui notices.
                ctx.memory_mut(|m| m.stop_text_input());
                ctx.request_repaint();
            }
        }
        if let Some(pending) = &self.pending {
            let report = self.open.as_ref().map_or("", |o| o.report.file.as_str());
            cmds.extend(windows::unsaved::window(ctx, pending, report));
        }
        if self.show_help {
            windows::help::window(ctx);
        }
        if let Some(mut dialog) = self.export.take() {
            let has_source = self
                .open
                .as_ref()
                .is_some_and(|o| mtqa_core::formats::export::has_source(&o.doc));
            let (keep, more) = windows::export::window(ctx, &mut dialog, has_source);
            cmds.extend(more);
            if keep {
                self.export = Some(dialog);
            }
        }
        cmds
    }
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
