//! Carrying out commands: one `match`, each arm a core operation (an undoable
//! [`Op`] through the session, a save, an export) or a job on a worker thread.

use std::path::PathBuf;

use super::app::{MtqaApp, SAMPLE};
use super::command::{Command, NewSpan, Pending};
use super::jobs::Done;
use super::open_doc::{self, OpenDoc};
use super::windows::export::ExportDialog;
use super::windows::picker::Picker;
use mtqa_core::annotate::{now_rfc3339, Anchor, Annotation, EditError, Op, Status};
use mtqa_core::formats::ExportFormat;
use mtqa_core::model::Severity;
use mtqa_core::project::{self, Sidecar};

impl MtqaApp {
    /// Applies a command through the core.
    pub fn apply(&mut self, cmd: Command) {
        if cmd.is_opening() && self.open.as_ref().is_some_and(|o| o.session.is_dirty()) {
            self.pending = Some(Pending::Open(Box::new(cmd)));
            return;
        }
        match cmd {
            Command::Open(path) => self.open_now(path, None),
            Command::OpenWithSource(path, source) => self.open_now(path, Some(source)),
            Command::OpenInBackground(path, source) => self.open_in_background(path, source),
            Command::OpenSample => self.open_sample(),
            Command::Proceed { save } => self.proceed(save),
            Command::CancelPending => self.pending = None,
            Command::RestoreRecovery => self.restore_recovery(),
            Command::Save => self.start_save(None),
            Command::Export(format, path) => self.start_export(format, path),
            Command::ReviewReport => self.start_review(),
            Command::ToggleHelp => self.show_help = !self.show_help,
            Command::ShowExport => {
                self.export = self.open.as_ref().map(|o| {
                    ExportDialog::new(&o.doc.path, mtqa_core::formats::export::has_source(&o.doc))
                });
            }
            Command::SetTheme { dark } => {
                self.prefs.dark = dark;
                if let Some(ctx) = &self.ctx {
                    ctx.set_theme(if dark {
                        egui::Theme::Dark
                    } else {
                        egui::Theme::Light
                    });
                }
            }
            Command::Say(message) => self.message = message,
            Command::FocusMt => {
                self.editor.focus_mt = true;
                self.repaint();
            }
            Command::OpenPicker => {
                let seg = self.open.as_ref().map(|o| o.segment);
                if let Some(s) = self.editor.selection.filter(|s| Some(s.segment) == seg) {
                    self.picker = Some(Picker::new(s.start, s.end));
                    self.repaint();
                }
            }
            Command::SelectSegment(i) => {
                if let Some(o) = self.open.as_mut() {
                    o.segment = i.min(o.doc.segments.len().saturating_sub(1));
                }
            }
            Command::SelectAnnotation(id) => {
                if let Some(o) = self.open.as_mut() {
                    o.select_annotation(id);
                }
            }
            Command::Next | Command::Prev => {
                let forward = cmd == Command::Next;
                if let Some(o) = self.open.as_mut() {
                    o.step(forward);
                }
            }
            Command::SetStatus(status) => self.with_open(|o, who| match o.selected.clone() {
                Some(id) => o.session.apply(Op::SetStatus {
                    id,
                    status,
                    annotator: who.annotator.clone(),
                }),
                None => Ok(()),
            }),
            Command::SetSeverity(severity) => {
                self.with_open(|o, who| set_severity(o, severity, who))
            }
            Command::ApplyFix => self.with_open(apply_fix),
            Command::EditCorrection(text) => self.with_open(|o, _| {
                let seg = &o.doc.segments[o.segment];
                let value = (text != seg.text).then_some(text);
                let group = format!("correction:{}", seg.id);
                o.session.apply_typing(
                    Op::SetCorrection {
                        segment: seg.id.to_string(),
                        text: value,
                    },
                    &group,
                )
            }),
            Command::Annotate(span) => {
                let mut note = None;
                self.with_open(|o, who| annotate(o, span, who, &mut note));
                if let Some(note) = note {
                    self.message = note;
                }
            }
            Command::Realign(beads) => self.with_open(|o, _| {
                let Some(a) = o.session.set.alignment.clone() else {
                    return Ok(());
                };
                o.session.apply(Op::SetAlignment {
                    alignment: Some(mtqa_core::annotate::Alignment { beads, ..a }),
                })
            }),
            Command::AddReviewer(path) => self.add_reviewer(path),
            Command::PickReviewer => match rfd::FileDialog::new()
                .set_title("Add a reviewer's annotation file")
                .add_filter("mtqa annotations", &["json"])
                .pick_file()
            {
                Some(p) => self.add_reviewer(p),
                None => {
                    self.message = "No file chosen (type the path of the reviewer's file in the \
                                    Reviewers panel instead)"
                        .into()
                }
            },
            Command::StepDisagreement { forward } => self.step_disagreement(forward),
            Command::SelectDisagreement(i) => self.select_disagreement(i),
            Command::Settle(how) => self.settle(how),
            Command::AdoptAgreed => self.adopt_agreed(),
            Command::FoldExcluded(fold) => self.document.fold = fold,
            Command::Undo => self.with_open(|o, _| o.session.undo().map(|_| ())),
            Command::Redo => self.with_open(|o, _| o.session.redo().map(|_| ())),
        }
    }

    pub(super) fn repaint(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint();
        }
    }

    /// The editor's name, recorded in what they decide and annotate.
    pub(super) fn annotator(&self) -> String {
        if self.prefs.annotator.is_empty() {
            std::env::var("USER").unwrap_or_else(|_| "editor".into())
        } else {
            self.prefs.annotator.clone()
        }
    }

    /// Runs an edit of the open report; its error goes to the status bar, and the
    /// document's alignment follows the set's afterwards.
    fn with_open(&mut self, edit: impl FnOnce(&mut OpenDoc, &Who) -> Result<(), EditError>) {
        let who = Who {
            annotator: self.annotator(),
            now: now_rfc3339(),
        };
        let Some(o) = self.open.as_mut() else { return };
        if let Err(e) = edit(o, &who) {
            self.message = e.to_string();
        }
        o.sync_alignment();
    }

    /// Opens a report on this thread (tests, and restoring an autosave).
    fn open_now(&mut self, path: PathBuf, source: Option<PathBuf>) {
        let result = open_doc::load(
            &path,
            source.as_deref(),
            self.glossary.clone(),
            &mtqa_core::progress::Progress::new(),
        );
        self.install(path, result);
    }

    /// Starts loading a report (and its source) on a worker thread; the window stays
    /// responsive and shows the progress until it is ready.
    fn open_in_background(&mut self, path: PathBuf, source: Option<PathBuf>) {
        let p = path.clone();
        let glossary = self.glossary.clone();
        self.jobs.spawn(path.clone(), move |progress| {
            let result = open_doc::load(&p, source.as_deref(), glossary, progress);
            Done::Opened(p, Box::new(result))
        });
        self.message = format!("Opening {}…", path.display());
    }

    /// Copies the bundled sample out (once) and opens it.
    fn open_sample(&mut self) {
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
            Err(e) => self.message = format!("Cannot copy the sample to {}: {e}", path.display()),
        }
    }

    /// The answer to the unsaved-changes question.
    fn proceed(&mut self, save: bool) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        if save {
            // The pending action goes on once the save has succeeded.
            self.start_save(Some(pending));
        } else {
            self.go_on(pending);
        }
    }

    /// Does what waited for the unsaved-changes question.
    fn go_on(&mut self, pending: Pending) {
        // Unsaved work stays in the recovery file.
        self.keep_in_recovery();
        match pending {
            Pending::Open(cmd) => {
                self.open = None;
                self.apply(*cmd);
            }
            Pending::Close => {
                self.allow_close = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn restore_recovery(&mut self) {
        let Some(o) = self.open.take() else { return };
        let source = o.source.as_ref().map(|d| d.path.clone());
        let path = o.doc.path.clone();
        match project::restore_recovery(&o.sidecar_path) {
            Ok(_) => {
                self.open_now(path, source);
                self.message = format!("Restored the autosaved work; {}", self.message);
            }
            Err(e) => {
                self.message = format!("Not restored: {}", mtqa_core::error::chain(&e));
                self.open = Some(o);
            }
        }
    }

    /// Saves the annotations on a worker thread, under the folder's write lock: a check
    /// --save or merge running meanwhile either finished (the stamp then differs: "changed
    /// on disk", nothing overwritten) or waits. `then` runs once it is saved.
    fn start_save(&mut self, then: Option<Pending>) {
        let Some(o) = self.open.as_ref() else {
            if let Some(then) = then {
                self.go_on(then);
            }
            return;
        };
        if self.jobs.saving() {
            self.save_again = true;
            if then.is_some() {
                self.pending = then;
            }
            return;
        }
        self.autosave.wait();
        // A snapshot in O(1): the copy to serialise is made on the worker.
        let (report, snapshot) = (o.report.clone(), o.session.set.clone());
        let (path, stamp, revision) = (
            o.sidecar_path.clone(),
            o.stamp.clone(),
            o.session.revision(),
        );
        self.message = format!("Saving {}…", path.display());
        self.jobs.spawn_save(path.clone(), move |progress| {
            progress.stage("Saving", 0.0);
            let sc = sidecar_of(report, snapshot);
            progress.set(0.3);
            let result = project::lock_for_writing(&path, || {})
                .and_then(|_lock| project::save(&path, &sc, stamp.as_ref()))
                .map_err(|e| mtqa_core::error::chain(&e));
            Done::Saved {
                path,
                revision,
                result,
                then,
            }
        });
    }

    /// Exports on a worker thread, from a copy: the editor goes on annotating meanwhile.
    fn start_export(&mut self, format: ExportFormat, path: PathBuf) {
        let Some(o) = self.open.as_ref() else { return };
        let (doc, set) = (o.doc.clone(), o.session.set.clone());
        let p = path.clone();
        self.jobs.spawn(path.clone(), move |progress| {
            Done::Exported(
                mtqa_core::formats::export::export_with_progress(&doc, &set, format, &p, progress)
                    .map_err(|e| mtqa_core::error::chain(&e)),
            )
        });
        self.message = format!("Exporting {}…", path.display());
        self.export = None;
    }

    /// Writes the HTML review report beside the report on a worker thread.
    fn start_review(&mut self) {
        let Some(o) = self.open.as_ref() else { return };
        let (doc, set) = (o.doc.clone(), o.session.set.clone());
        let (file, typology) = (o.report.file.clone(), self.typology.clone());
        // Several reviewers: their figures (already computed for the panel) go in too.
        let reviewers = (!o.reviews.is_empty()).then(|| o.reviews.figures(&o.adjudicated()));
        let mut name = doc
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".review.html");
        let path = doc.path.with_file_name(name);
        let p = path.clone();
        self.jobs.spawn(path.clone(), move |progress| {
            progress.stage("Scoring", 0.0);
            let input = mtqa_core::score::Input::from_document(&doc, &set, &file);
            let report =
                mtqa_core::score::score(&input, &typology, &mtqa_core::score::Options::default());
            progress.stage("Writing the review report", 0.7);
            let html = mtqa_core::score::html::render_reviewed(
                &report,
                &input,
                &file,
                None,
                reviewers.as_ref(),
            );
            Done::Reviewed(
                project::atomic_write(&p, html.as_bytes())
                    .map(|()| p.clone())
                    .map_err(|e| e.to_string()),
            )
        });
        self.message = format!("Writing the review report {}…", path.display());
    }

    /// Takes the results of the jobs that ended; true while some still run.
    pub fn poll_jobs(&mut self) -> bool {
        for done in self.jobs.finished() {
            match done {
                Ok(done) => self.finish(done),
                Err(path) => {
                    self.message = format!("Working on {} stopped unexpectedly", path.display())
                }
            }
        }
        self.jobs.busy()
    }

    /// Waits for every job to end (tests, and closing the window).
    pub fn wait_for_job(&mut self) {
        while self.poll_jobs() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn finish(&mut self, done: Done) {
        match done {
            Done::Opened(path, result) => self.install(path, *result),
            Done::Saved {
                path,
                revision,
                result,
                then,
            } => {
                let o = self.open.as_mut().filter(|o| o.sidecar_path == path);
                match (result, o) {
                    (Ok(stamp), Some(o)) => {
                        o.stamp = Some(stamp);
                        o.session.mark_saved_at(revision);
                        self.message = format!("Saved {}", path.display());
                        if std::mem::take(&mut self.save_again) {
                            self.start_save(then);
                        } else if let Some(then) = then {
                            self.go_on(then);
                        }
                    }
                    (Ok(_), None) => self.message = format!("Saved {}", path.display()),
                    (Err(e), _) => {
                        self.save_again = false;
                        self.message = format!("Not saved: {e}");
                        // The question stays open: nothing is lost.
                        if then.is_some() {
                            self.pending = then;
                        }
                    }
                }
            }
            Done::Exported(result) => {
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
                }
            }
            Done::Reviewed(result) => {
                self.message = match result {
                    Ok(path) => {
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
                }
            }
        }
    }

    fn install(&mut self, path: PathBuf, result: anyhow::Result<(OpenDoc, String)>) {
        match result {
            Ok((mut o, note)) => {
                // Changes made while the new report was loading are not lost either.
                self.keep_in_recovery();
                self.remember_position();
                let back_to = self.prefs.positions.get(&path);
                if let Some(i) = back_to.and_then(|id| o.position(id)) {
                    o.segment = i;
                }
                self.autosave.last = None;
                self.list.reset();
                self.document.reset();
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
                // Reviewers' files given with the report (`open --annotations`).
                for r in std::mem::take(&mut self.reviewers_to_add) {
                    self.add_reviewer(r);
                }
            }
            Err(e) => self.message = format!("Cannot open {}: {e:#}", path.display()),
        }
    }

    /// Every 30 s, unsaved work is written to the recovery file beside the annotation file,
    /// on a worker thread (a large report's annotations take a while to serialise).
    pub(super) fn tick_autosave(&mut self, now: f64) {
        if self.autosave.poll(now) {
            return;
        }
        let Some(o) = &self.open else { return };
        let rev = o.session.revision();
        let saved_rev = self.autosave.last.as_ref().map(|a| a.revision);
        if !o.session.is_dirty()
            || saved_rev == Some(rev)
            || now - self.autosave.started < self.autosave.every
        {
            return;
        }
        let (report, snapshot) = (o.report.clone(), o.session.set.clone());
        let path = o.sidecar_path.clone();
        self.autosave.start(rev, now, move || {
            let sc = sidecar_of(report, snapshot);
            project::autosave(&path, &sc).map_err(|e| mtqa_core::error::chain(&e))
        });
    }

    /// Records the segment the editor is on, to come back to it when the report reopens.
    pub fn remember_position(&mut self) {
        if let Some(o) = &self.open {
            let id = o.doc.segments[o.segment].id.to_string();
            self.prefs.positions.insert(o.doc.path.clone(), id);
        }
        let recent = &self.prefs.recent;
        self.prefs.positions.retain(|p, _| recent.contains(p));
    }

    /// Writes unsaved work to the recovery file now (leaving it without saving: the next
    /// opening says a recovery exists, and `mtqa annotations --restore` brings it back).
    fn keep_in_recovery(&mut self) {
        self.autosave.wait();
        let Some(o) = &self.open else { return };
        if !o.session.is_dirty() {
            return;
        }
        let sc = sidecar_of(o.report.clone(), o.session.set.clone());
        if let Err(e) = project::autosave(&o.sidecar_path, &sc) {
            self.message = format!(
                "Unsaved changes could not be kept: {}",
                mtqa_core::error::chain(&e)
            );
        }
    }
}

/// The annotation file of `report` holding a snapshot of the set (copied here: on a
/// worker thread, not the UI's).
fn sidecar_of(
    report: mtqa_core::project::ReportRef,
    snapshot: std::sync::Arc<mtqa_core::annotate::AnnotationSet>,
) -> Sidecar {
    let mut sc = Sidecar::new(report);
    sc.set = std::sync::Arc::unwrap_or_clone(snapshot);
    sc
}

/// Who edits, and when.
struct Who {
    annotator: String,
    now: String,
}

/// Re-grades the selected annotation; a finding re-graded by the editor is theirs to
/// answer for.
fn set_severity(o: &mut OpenDoc, severity: Severity, who: &Who) -> Result<(), EditError> {
    match o.selected.as_deref().and_then(|id| o.session.set.get(id)) {
        Some(a) if a.severity != severity => {
            let mut a = a.clone();
            a.severity = severity;
            a.modified.clone_from(&who.now);
            if a.annotator.is_empty() || a.is_automatic() {
                a.annotator.clone_from(&who.annotator);
            }
            o.session.apply(Op::Replace { annotation: a })
        }
        _ => Ok(()),
    }
}

/// Applies the selected annotation's fix. A document-level fix (removing blank lines, a
/// glued header) is not a segment's correction: accepting it applies it on export.
fn apply_fix(o: &mut OpenDoc, who: &Who) -> Result<(), EditError> {
    let annotator = who.annotator.clone();
    match o.selected.clone() {
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
    }
}

/// Adds the editor's annotation on the selected segment; its correction goes into the
/// corrected text in the same step. `note` says when the correction could not be applied.
fn annotate(
    o: &mut OpenDoc,
    span: NewSpan,
    who: &Who,
    note: &mut Option<String>,
) -> Result<(), EditError> {
    let seg = &o.doc.segments[o.segment];
    let id = format!(
        "{}-{}",
        who.annotator,
        who.now.replace([':', '-'], "") + &format!("-{}", o.session.set.annotations.len())
    );
    // The adjudicator's own version of a disagreement: on the side the reviewers marked.
    let settles = span
        .settles
        .as_ref()
        .and_then(|key| o.reviews.clusters.iter().find(|c| &c.key == key).cloned());
    let on_source = settles.as_ref().is_some_and(|c| c.on_source);
    let text = match (on_source, seg.source.as_deref()) {
        (true, Some(src)) => src,
        _ => &seg.text,
    };
    let anchor = Anchor::new(text, span.start, span.end);
    let a = Annotation {
        category: span.category,
        severity: span.severity,
        comment: span.comment,
        correction: span.correction.clone(),
        origin: format!("editor:{}", who.annotator),
        annotator: who.annotator.clone(),
        status: Status::Accepted,
        on_source,
        ..Annotation::new(id.clone(), Some(seg.id.to_string()), anchor, &who.now)
    };
    let mt = seg.text.to_string();
    o.selected = Some(id.clone());
    if let Some(c) = settles {
        let decision = mtqa_core::adjudicate::Decision::Edit(Box::new(a));
        let op = mtqa_core::adjudicate::settle(
            &c,
            &o.reviews.reviewers,
            &decision,
            &who.annotator,
            &o.session.set,
            &who.now,
        )?;
        return o.session.apply(op);
    }
    let add = Op::Add { annotation: a };
    if span.correction.is_none() {
        return o.session.apply(add);
    }
    let fix = Op::ApplyFix {
        id,
        mt,
        annotator: who.annotator.clone(),
    };
    let batch = Op::Batch {
        ops: vec![add.clone(), fix],
    };
    o.session.apply(batch).or_else(|_| {
        *note = Some(
            "The corrected text no longer holds this span: the correction is kept as a \
             suggestion (F applies it)"
                .into(),
        );
        o.session.apply(add)
    })
}
