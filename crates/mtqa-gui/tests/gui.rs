//! The desktop app driven through egui_kittest: open a report, walk through its findings
//! from the keyboard, accept and reject, annotate a selection, correct a segment, undo,
//! save, reopen and find everything again.

mod common;

use std::fs;
use std::path::PathBuf;

use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use mtqa_core::annotate::Status;
use mtqa_core::model::Severity;
use mtqa_gui::panels::editor::Selection;
use mtqa_gui::{Command, MtqaApp};

fn harness(path: PathBuf) -> Harness<'static, MtqaApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        // Rows of the document view are measured as they are first drawn: a few more
        // frames settle a new layout.
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.open_in_browser = false;
            app.apply(Command::Open(path));
            app
        })
}

/// A report with this text in a new folder (which lives as long as the guard).
fn write_report(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join(name);
    fs::write(&report, text).expect("write");
    (dir, report)
}

/// The first annotation of the open report from `origin`, with the id of the segment it
/// belongs with (the one after it, for a document-level one).
fn first_from(
    h: &Harness<'_, MtqaApp>,
    origin: &str,
) -> Option<(mtqa_core::annotate::Annotation, String)> {
    let o = h.state().open.as_ref()?;
    let a = o
        .session
        .set
        .annotations
        .iter()
        .find(|a| a.origin == origin)?;
    Some((
        a.clone(),
        o.doc.segments[o.anchor_position(a)?].id.to_string(),
    ))
}

/// A copy of a bundled sample in a new folder (which lives as long as the guard).
fn copy_sample(sample: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join(name);
    fs::copy(common::root().join("corpora").join(sample), &report).expect("copy");
    (dir, report)
}

/// The app on a copy of the flood sample (the folder lives as long as the guard).
fn flood_sample() -> (tempfile::TempDir, Harness<'static, MtqaApp>) {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report);
    h.run();
    (dir, h)
}

/// Whether the open report has unsaved changes.
fn dirty(h: &Harness<'_, MtqaApp>) -> bool {
    h.state()
        .open
        .as_ref()
        .is_some_and(|o| o.session.is_dirty())
}

fn status_of(h: &Harness<'_, MtqaApp>, id: &str) -> Option<Status> {
    h.state()
        .open
        .as_ref()
        .and_then(|o| o.session.set.get(id))
        .map(|a| a.status)
}

#[test]
fn review_annotate_correct_undo_save_reopen() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report.clone());
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.segments.len()),
        Some(11)
    );
    // The segment list shows the segments with their finding counts, and filters them.
    h.get_by_label_contains("p1.s2 (2)");
    h.get_by_label("Category or check").click();
    h.get_by_label("Category or check").type_text("calque");
    h.run();
    h.get_by_label("4 of 11 segments");
    assert!(h.query_by_label_contains("p2.s1 (").is_none());
    h.state_mut().list.filter = mtqa_gui::panels::segment_list::Filter::default();
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("11 of 11 segments");
    // Next finding from the keyboard: the first finding of the document is a document-level
    // one (the date header glued to the first sentence), listed before p1.s1; F accepts it
    // (its fix applies to the document's text on export).
    h.key_press(Key::N);
    h.run();
    let header = h.state().open.as_ref().and_then(|o| {
        let a = o.session.set.get(o.selected.as_deref()?)?;
        Some((a.segment.clone(), a.anchor.quote.clone(), o.segment))
    });
    assert_eq!(header, Some((None, "date 2025-03-12 ".to_string(), 0)));
    h.get_by_label("In the text before p1.s1");
    h.get_by_label_contains("Accepted, this fix is applied to the document's text on export.");
    h.key_press(Key::F);
    h.run();
    let header_id = selected(&h).expect("selected").id;
    assert_eq!(status_of(&h, &header_id), Some(Status::Accepted));
    // The run of blank lines after the third paragraph is listed before p4.s1 and counted
    // in its row.
    let blank = first_from(&h, "check:blank-lines").map(|(a, at)| (a.anchor.quote, at));
    assert_eq!(blank, Some(("\n\n".to_string(), "p4.s1".to_string())));
    h.get_by_label_contains("p4.s1 (2) In Nîmes");
    h.key_press(Key::N);
    h.run();
    let first = selected(&h).expect("selected").id;
    assert_eq!(
        h.state()
            .open
            .as_ref()
            .and_then(|o| o.session.set.get(&first))
            .map(|a| a.anchor.quote.clone())
            .as_deref(),
        Some("This Wednesday")
    );
    // Accept it (A), go on (N), reject the next one (R).
    h.key_press(Key::A);
    h.run();
    assert_eq!(status_of(&h, &first), Some(Status::Accepted));
    h.key_press(Key::N);
    h.run();
    let second = selected(&h).expect("selected").id;
    assert_ne!(first, second);
    h.get_by_label("Reject (R)").click();
    h.run();
    assert_eq!(status_of(&h, &second), Some(Status::Rejected));
    // Apply the suggested fix of the first one: the corrected text changes.
    h.state_mut()
        .apply(Command::SelectAnnotation(first.clone()));
    h.key_press(Key::F);
    h.run();
    let corrected = |h: &Harness<'_, MtqaApp>| {
        h.state().open.as_ref().map(|o| {
            o.session
                .set
                .corrected("p1.s1", &o.doc.segments[0].text)
                .to_string()
        })
    };
    assert!(
        corrected(&h).is_some_and(|c| c.starts_with("On Wednesday, March 12")),
        "{:?}",
        corrected(&h)
    );
    // Undo (Ctrl+Z) takes the fix back; redo (Ctrl+Shift+Z) brings it again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(corrected(&h).is_some_and(|c| c.starts_with("This Wednesday")));
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(corrected(&h).is_some_and(|c| c.starts_with("On Wednesday")));
    // The changes from the MT are shown word by word.
    h.get_by_label("Changes from the MT");
    let job = mtqa_gui::paint::diff_job(
        "This Wednesday, March",
        "On Wednesday, March",
        egui::FontId::default(),
        egui::Color32::BLACK,
        false,
    );
    let struck: Vec<&str> = job
        .sections
        .iter()
        .filter(|s| s.format.strikethrough.width > 0.0)
        .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
        .collect();
    let added: Vec<&str> = job
        .sections
        .iter()
        .filter(|s| s.format.underline.width > 0.0)
        .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
        .collect();
    assert_eq!((struck, added), (vec!["This"], vec!["On"]));
    // Annotate a span of the selected segment with the editor's own category.
    h.state_mut()
        .apply(Command::Annotate(mtqa_gui::command::NewSpan {
            start: 20,
            end: 31,
            category: "Accuracy/Mistranslation".into(),
            severity: Severity::Major,
            comment: "check the date".into(),
            correction: None,
            settles: None,
        }));
    h.run();
    // Type in the corrected text of the segment.
    h.get_by_label("Corrected").click();
    h.run();
    // To the end of the text: down to the last row, then End.
    for _ in 0..8 {
        h.key_press(Key::ArrowDown);
    }
    h.key_press(Key::End);
    h.run();
    h.get_by_label("Corrected").type_text(" Updated.");
    h.run();
    assert!(
        corrected(&h).is_some_and(|c| c.ends_with("Updated.")),
        "{:?}",
        corrected(&h)
    );
    // Save (Ctrl+S) after leaving the text field.
    h.state_mut().apply(Command::Save);
    // Saved on a worker thread.
    h.state_mut().wait_for_job();
    h.run();
    assert!(!dirty(&h));
    let sidecar = dir.path().join("r.txt.mtqa.json");
    assert!(sidecar.exists());
    // Reopen: decisions, the fix, the editor's annotation and the correction are there.
    let h2 = {
        let mut h2 = harness(report);
        h2.run();
        h2
    };
    let o = h2.state().open.as_ref().expect("open");
    assert_eq!(
        o.session.set.get(&first).map(|a| a.status),
        Some(Status::Accepted)
    );
    assert_eq!(
        o.session.set.get(&second).map(|a| a.status),
        Some(Status::Rejected)
    );
    assert!(o
        .session
        .set
        .annotations
        .iter()
        .any(|a| a.origin.starts_with("editor:")
            && a.comment == "check the date"
            && a.severity == Severity::Major));
    assert!(o.session.set.corrected("p1.s1", "").ends_with("Updated."));
}

#[test]
fn export_and_review_report_from_the_app() {
    let (dir, report) = copy_sample("en-from-fr-segments.jsonl", "r.jsonl");
    let mut h = harness(report.clone());
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("TSV").click();
    h.run();
    assert_eq!(
        h.state()
            .export
            .as_ref()
            .map(|e| e.path.ends_with("r.jsonl.tsv")),
        Some(true)
    );
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    h.step();
    // Exported on a worker thread; the status bar says so when done.
    h.state_mut().wait_for_job();
    h.run();
    assert!(
        h.state().message.starts_with("Exported "),
        "{}",
        h.state().message
    );
    let tsv = fs::read_to_string(dir.path().join("r.jsonl.tsv")).expect("exported");
    assert!(tsv.starts_with("id\tsource\tmt\tcorrected\tannotations"));
    assert_eq!(tsv.lines().count(), 13);
    h.get_by_label("Review report").click();
    h.step();
    // Written on a worker thread.
    h.state_mut().wait_for_job();
    let html = fs::read_to_string(dir.path().join("r.jsonl.review.html")).expect("report");
    assert!(html.contains("Translation quality review") && html.contains("<svg"));
    assert!(h.state().message.contains("Review report written"));
}

#[test]
fn bilingual_beads_can_be_fixed_and_undone() {
    let dir = tempfile::tempdir().expect("tmp");
    for f in ["budget.fr.txt", "budget.en.txt"] {
        fs::copy(
            common::root().join("corpora/bilingual").join(f),
            dir.path().join(f),
        )
        .expect("copy");
    }
    let (report, source) = (
        dir.path().join("budget.en.txt"),
        dir.path().join("budget.fr.txt"),
    );
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.apply(Command::OpenWithSource(report, source));
            app
        });
    h.run();
    let beads = |h: &Harness<'_, MtqaApp>| {
        h.state()
            .open
            .as_ref()
            .and_then(|o| o.doc.bilingual.as_ref())
            .map(|b| b.beads.len())
    };
    assert_eq!(beads(&h), Some(9));
    // The last target sentence: the omission before it is shown; unlink its bead.
    h.state_mut().apply(Command::SelectSegment(7));
    h.run();
    h.get_by_label_contains("Not translated before this sentence");
    // …and where its finding is, which the inspector of that segment lists.
    h.get_by_label_contains("(the omission is flagged at the end of p4.s1)");
    assert!(h.state().open.as_ref().is_some_and(|o| o
        .session
        .set
        .annotations
        .iter()
        .any(|a| a.origin == "check:omission" && a.segment.as_deref() == Some("p4.s1"))));
    h.get_by_label("Unlink bead").click();
    h.run();
    assert_eq!(beads(&h), Some(10));
    assert_eq!(
        h.state()
            .open
            .as_ref()
            .and_then(|o| o.doc.segments[7].source.clone())
            .as_deref(),
        Some("")
    );
    // Undo restores the alignment and the segment's source.
    h.state_mut().apply(Command::Undo);
    h.run();
    assert_eq!(beads(&h), Some(9));
    assert_eq!(
        h.state()
            .open
            .as_ref()
            .and_then(|o| o.doc.segments[7].source.clone())
            .as_deref(),
        Some("La séance a duré plus de six heures.")
    );
    // Saved with the annotations.
    let current = h
        .state()
        .open
        .as_ref()
        .and_then(|o| o.doc.bilingual.as_ref())
        .map(|b| b.beads.clone())
        .expect("beads");
    h.state_mut().apply(Command::Realign(
        mtqa_core::align::edit::unlink(&current, 8).expect("unlink"),
    ));
    h.state_mut().apply(Command::Save);
    // Saved on a worker thread.
    h.state_mut().wait_for_job();
    let (sc, _) = mtqa_core::project::read(&dir.path().join("budget.en.txt.mtqa.json"))
        .expect("read")
        .expect("saved");
    assert_eq!(sc.set.alignment.map(|a| a.beads.len()), Some(10));
}

#[test]
fn opening_from_the_window_loads_in_the_background() {
    let dir = tempfile::tempdir().expect("tmp");
    // Large enough for the loading to take a number of frames.
    let report = dir.path().join("big.txt");
    fs::write(&report, mtqa_testkit::report(50_000, 3)).expect("write");
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .build_eframe(|cc| MtqaApp::new(cc));
    h.run();
    h.get_by_label("Report:").click();
    h.get_by_label("Report:")
        .type_text(&report.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.step();
    assert!(h.state().jobs.busy() || h.state().open.is_some());
    // The window keeps drawing frames; the progress only goes up, with its stage shown.
    let mut seen: Vec<f32> = Vec::new();
    let mut stages = std::collections::BTreeSet::new();
    for _ in 0..3000 {
        if h.state().open.is_some() {
            break;
        }
        if let Some(j) = h.state().jobs.current() {
            seen.push(j.progress.fraction());
            stages.insert(j.progress.what());
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
        if h.state().jobs.busy() {
            h.get_by_label_contains("… (big.txt)");
        }
    }
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.segments.len()),
        Some(50_000)
    );
    assert!(!h.state().jobs.busy());
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(stages.len() >= 2, "{stages:?}");
}

#[test]
fn start_screen_and_help() {
    let dir = tempfile::tempdir().expect("tmp");
    let samples = dir.path().join("samples");
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .build_eframe(|cc| MtqaApp::new(cc));
    h.state_mut().sample_dir = samples.clone();
    h.run();
    // The bundled sample opens wherever mtqa runs: it is copied out of the binary.
    h.get_by_label("Open the bundled sample").click();
    h.step();
    h.state_mut().wait_for_job();
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.segments.len()),
        Some(11)
    );
    assert_eq!(
        fs::read_to_string(samples.join("en-from-fr-flood.txt")).expect("copied"),
        fs::read_to_string(common::root().join("corpora/en-from-fr-flood.txt")).expect("sample")
    );
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().show_help);
    h.get_by_label("next / previous finding");
}

fn selected(h: &Harness<'_, MtqaApp>) -> Option<mtqa_core::annotate::Annotation> {
    let o = h.state().open.as_ref()?;
    o.session.set.get(o.selected.as_deref()?).cloned()
}

/// Select a span with Shift+arrows, press E, filter the categories, grade with a digit,
/// add a comment and a correction, Enter: the annotation is there, its correction is in the
/// corrected text, and one undo takes both back.
#[test]
fn annotate_a_span_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report);
    h.run();
    h.key_press(Key::N);
    h.run();
    // M puts the cursor at the start of the MT text; Shift+Right ×4 selects "This".
    h.key_press(Key::M);
    h.run();
    assert!(h.get_by_label("Machine translation").is_focused());
    for _ in 0..4 {
        h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run();
    assert_eq!(
        h.state().editor.selection,
        Some(Selection {
            segment: 0,
            start: 0,
            end: 4
        })
    );
    h.get_by_label("Annotate «This» (E)");
    h.key_press(Key::E);
    h.run();
    assert!(h.state().picker.is_some());
    h.get_by_label("«This»");
    // Typing filters the categories; "3" grades major and is not typed.
    h.get_by_label("Category (type to filter, ↑/↓, Enter)")
        .type_text("mistransl3");
    h.run();
    let p = h.state().picker.clone().expect("picker");
    assert_eq!(
        (p.filter.as_str(), p.severity),
        ("mistransl", Severity::Major)
    );
    h.get_by_label("Accuracy/Mistranslation");
    assert!(h.query_by_label("Fluency/Punctuation").is_none());
    h.get_by_label("Comment (optional)").click();
    h.get_by_label("Comment (optional)")
        .type_text("calque of ce mercredi, 2x");
    h.get_by_label("Correction of the span (optional)").click();
    h.get_by_label("Correction of the span (optional)")
        .type_text("On");
    h.run();
    // One frame each: the key right after the picker closes is not lost to its vanished
    // text fields.
    h.key_press(Key::Enter);
    h.step();
    assert!(h.state().picker.is_none());
    let a = selected(&h).expect("the new annotation is selected");
    assert_eq!(
        (
            a.category.as_str(),
            a.severity,
            a.anchor.quote.as_str(),
            a.comment.as_str(),
            a.correction.as_deref(),
        ),
        (
            "Accuracy/Mistranslation",
            Severity::Major,
            "This",
            "calque of ce mercredi, 2x",
            Some("On")
        )
    );
    assert!(a.origin.starts_with("editor:"));
    let corrected = |h: &Harness<'_, MtqaApp>| {
        h.state()
            .open
            .as_ref()
            .map(|o| o.session.set.corrected("p1.s1", "").to_string())
    };
    assert!(corrected(&h).is_some_and(|c| c.starts_with("On Wednesday")));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.step();
    assert!(selected(&h).is_none());
    assert_eq!(corrected(&h).as_deref(), Some(""));
    // Esc closes the picker without adding anything.
    let before = h
        .state()
        .open
        .as_ref()
        .map(|o| o.session.set.annotations.len());
    h.state_mut().editor.selection = Some(Selection {
        segment: 0,
        start: 5,
        end: 14,
    });
    h.key_press(Key::E);
    h.run();
    assert!(h.state().picker.is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().picker.is_none());
    assert_eq!(
        h.state()
            .open
            .as_ref()
            .map(|o| o.session.set.annotations.len()),
        before
    );
    // The MT text is read-only: with the caret in it, the review keys still work.
    h.key_press(Key::M);
    h.run();
    assert!(h.get_by_label("Machine translation").is_focused());
    let was = h.state().open.as_ref().and_then(|o| o.selected.clone());
    h.key_press(Key::N);
    h.run();
    assert_ne!(
        h.state().open.as_ref().and_then(|o| o.selected.clone()),
        was
    );
}

/// Digits re-grade the selected finding; undo restores the grade.
#[test]
fn severity_keys_regrade_the_selected_finding() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report);
    h.run();
    h.key_press(Key::N);
    h.run();
    let before = selected(&h).expect("selected").severity;
    assert_ne!(before, Severity::Critical);
    h.key_press(Key::Num4);
    h.run();
    assert_eq!(selected(&h).map(|a| a.severity), Some(Severity::Critical));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(selected(&h).map(|a| a.severity), Some(before));
}

/// Hovering a highlighted span: the annotations under the pointer and what they say.
#[test]
fn tooltips_name_the_annotations_under_the_pointer() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report);
    h.run();
    let o = h.state().open.as_ref().expect("open");
    let anns: Vec<&mtqa_core::annotate::Annotation> = o
        .session
        .set
        .annotations
        .iter()
        .filter(|a| a.segment.as_deref() == Some("p1.s1"))
        .collect();
    let calque = anns
        .iter()
        .find(|a| a.anchor.quote == "This Wednesday")
        .expect("the calque is found");
    let at = mtqa_gui::paint::annotations_at(&anns, calque.anchor.start + 2);
    assert_eq!(at.len(), 1);
    let tip = mtqa_gui::paint::tooltip(at[0]);
    assert!(
        tip.contains(&calque.category) && tip.contains("Suggestion: «On Wednesday»"),
        "{tip}"
    );
    assert!(mtqa_gui::paint::annotations_at(&anns, calque.anchor.end)
        .iter()
        .all(|a| a.id != calque.id));
}

#[derive(Debug)]
struct Dropped(PathBuf);

/// Unsaved work is autosaved on a worker thread; the status bar says when.
#[test]
fn unsaved_work_is_autosaved() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let mut h = harness(report.clone());
    h.state_mut().autosave.every = 0.0;
    h.run();
    let sidecar = mtqa_core::project::sidecar_path(&report);
    assert!(mtqa_core::project::recovery(&sidecar).is_none());
    h.key_press(Key::N);
    h.key_press(Key::A);
    for _ in 0..200 {
        h.step();
        if h.state().autosave.last.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let rec = mtqa_core::project::recovery(&sidecar).expect("a recovery file");
    let (sc, _) = mtqa_core::project::read(&rec)
        .expect("reads")
        .expect("there");
    assert_eq!(
        sc.set
            .annotations
            .iter()
            .filter(|a| a.status == Status::Accepted)
            .count(),
        1
    );
    h.step();
    h.get_by_label_contains("unsaved (autosaved");
    // Saving removes the recovery file.
    h.state_mut().apply(Command::Save);
    // Saved on a worker thread.
    h.state_mut().wait_for_job();
    assert!(mtqa_core::project::recovery(&sidecar).is_none());
}

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// A file dropped on the window opens (in the background), on the start screen and over
/// an open report.
#[test]
fn dropping_a_file_opens_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("drop.txt");
    fs::copy(common::root().join("corpora/es-target-museum.txt"), &report).expect("copy");
    let mut h = Harness::builder()
        .with_size([1000.0, 700.0])
        .build_eframe(|cc| MtqaApp::new(cc));
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(report.clone())));
    h.step();
    h.state_mut().wait_for_job();
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.path.clone()),
        Some(report)
    );
    assert_eq!(
        h.state()
            .prefs
            .recent
            .first()
            .map(|p| p.ends_with("drop.txt")),
        Some(true)
    );
}

/// Opening another report with unsaved changes asks first; "without saving" keeps the work
/// in the recovery file; Cancel keeps everything as it was.
#[test]
fn unsaved_changes_are_asked_about_and_never_dropped() {
    let dir = tempfile::tempdir().expect("tmp");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &a).expect("copy");
    fs::copy(common::root().join("corpora/en-from-es-election.txt"), &b).expect("copy");
    let mut h = harness(a.clone());
    h.run();
    h.key_press(Key::N);
    h.key_press(Key::A);
    h.run();
    h.state_mut().apply(Command::Open(b.clone()));
    h.run();
    assert!(h.state().pending.is_some());
    h.get_by_label_contains("have unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().pending.is_none());
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.path.clone()),
        Some(a.clone())
    );
    // Again, and go on without saving: b opens, a's work is in its recovery file.
    h.state_mut().apply(Command::Open(b.clone()));
    h.run();
    h.get_by_label("Open without saving").click();
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.path.clone()),
        Some(b.clone())
    );
    let sidecar = mtqa_core::project::sidecar_path(&a);
    assert!(!sidecar.exists());
    assert!(mtqa_core::project::recovery(&sidecar).is_some());
    // And with Save: b's change is saved before a opens.
    h.key_press(Key::N);
    h.key_press(Key::R);
    h.run();
    h.state_mut().apply(Command::Open(a.clone()));
    h.run();
    h.get_by_label("Save and open").click();
    h.step();
    // Saved, then opened, on worker threads.
    h.state_mut().wait_for_job();
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.doc.path.clone()),
        Some(a.clone())
    );
    let (sc, _) = mtqa_core::project::read(&mtqa_core::project::sidecar_path(&b))
        .expect("read")
        .expect("saved");
    assert!(sc
        .set
        .annotations
        .iter()
        .any(|x| x.status == Status::Rejected));
    assert!(
        h.state()
            .message
            .contains("an autosave of unsaved work exists"),
        "{}",
        h.state().message
    );
    // a's unsaved work (the accepted finding) comes back with one click.
    let accepted = |h: &Harness<'_, MtqaApp>| {
        h.state().open.as_ref().map(|o| {
            o.session
                .set
                .annotations
                .iter()
                .filter(|x| x.status == Status::Accepted)
                .count()
        })
    };
    assert_eq!(accepted(&h), Some(0));
    h.get_by_label("Restore the autosaved work").click();
    h.run();
    assert_eq!(accepted(&h), Some(1));
    assert!(h.state().open.as_ref().is_some_and(|o| !o.recovery));
    // Closing the window with unsaved work asks too; closing without saving keeps it.
    h.key_press(Key::N);
    h.key_press(Key::R);
    h.run();
    h.state_mut().pending = Some(mtqa_gui::Pending::Close);
    h.run();
    h.get_by_label("Close without saving").click();
    h.run();
    assert!(mtqa_core::project::recovery(&mtqa_core::project::sidecar_path(&a)).is_some());
}

/// Renders the screenshots of screenshots/ (run by scripts/screenshots.sh):
/// `cargo test --release -p mtqa-gui --test gui -- --ignored --nocapture screenshots`.
#[test]
#[ignore = "writes screenshots/; run by scripts/screenshots.sh"]
fn screenshots() {
    let out = common::root().join("screenshots");
    let save = |h: &mut Harness<'_, MtqaApp>, name: &str| {
        let img = h.render().expect("render");
        img.save(out.join(name)).expect("save png");
    };
    let dir = tempfile::tempdir().expect("tmp");
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| MtqaApp::new(cc));
    h.run();
    save(&mut h, "app-start.png");
    // A bilingual report: the source above the MT, the bead and its fixes.
    for f in ["budget.fr.txt", "budget.en.txt"] {
        fs::copy(
            common::root().join("corpora/bilingual").join(f),
            dir.path().join(f),
        )
        .expect("copy");
    }
    let (report, source) = (
        dir.path().join("budget.en.txt"),
        dir.path().join("budget.fr.txt"),
    );
    let mut hb = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.apply(Command::OpenWithSource(report, source));
            app.apply(Command::SelectSegment(7));
            app
        });
    hb.run();
    save(&mut hb, "app-bilingual.png");
    for (file, shot) in [
        ("en-from-fr-flood.txt", "app-report.png"),
        ("zh-target-transit.txt", "app-cjk.png"),
        ("de-target-rail.txt", "app-german.png"),
        ("ar-target-water.txt", "app-rtl.png"),
    ] {
        let p = dir.path().join(file);
        fs::copy(common::root().join("corpora").join(file), &p).expect("copy");
        let mut h = harness(p);
        h.run();
        h.key_press(Key::N);
        h.run();
        save(&mut h, shot);
        if file.starts_with("en-") {
            // The annotation picker, on a selection.
            let mut picker = mtqa_gui::windows::picker::Picker::new(4, 13);
            picker.filter = "acc".into();
            picker.severity = Severity::Major;
            h.state_mut().picker = Some(picker);
            h.run();
            save(&mut h, "app-annotate.png");
            // A corrected segment.
            h.state_mut().picker = None;
            h.state_mut().apply(Command::ApplyFix);
            h.state_mut().apply(Command::SelectSegment(1));
            h.state_mut().apply(Command::Next);
            h.state_mut().apply(Command::ApplyFix);
            h.run();
            save(&mut h, "app-corrected.png");
        }
    }
    // The document view on a long report, further down.
    let long = dir.path().join("long-report.txt");
    fs::write(&long, mtqa_testkit::report(2000, 11)).expect("write");
    let mut h = harness(long);
    h.run();
    for _ in 0..12 {
        h.key_press(Key::N);
        h.run();
    }
    save(&mut h, "app-document.png");
    // Two reviewers of the flood report, a disagreement selected; then settled.
    let flood = dir.path().join("en-from-fr-flood.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &flood).expect("copy");
    let _ = fs::remove_file(mtqa_core::project::sidecar_path(&flood));
    let (alice, bob) = common::flood_reviewers(&flood, dir.path());
    let mut h = harness(flood);
    h.run();
    h.state_mut().prefs.annotator = "judge".into();
    h.state_mut().apply(Command::AddReviewer(alice));
    h.state_mut().apply(Command::AddReviewer(bob));
    h.run();
    for _ in 0..3 {
        h.key_press(Key::D);
        h.run();
    }
    save(&mut h, "app-reviewers.png");
    h.state_mut().apply(Command::AdoptAgreed);
    for how in [
        mtqa_gui::command::Settle::Keep(1),
        mtqa_gui::command::Settle::Reject,
        mtqa_gui::command::Settle::KeepAll,
        mtqa_gui::command::Settle::Keep(1),
    ] {
        h.state_mut()
            .apply(Command::StepDisagreement { forward: true });
        h.state_mut().apply(Command::Settle(how));
        h.run();
    }
    h.state_mut().apply(Command::SelectSegment(3));
    h.run();
    save(&mut h, "app-adjudicated.png");
}

#[test]
fn characters_no_font_draws_are_named_with_a_font_to_install() {
    // Linear B has no glyph in any font the app installs; 上 and Cyrillic do; the zero-width
    // space and the direction mark are drawn without a glyph of their own.
    let (_dir, report) = write_report(
        "linear-b.txt",
        "The tablet reads 𐀀𐀁𐀂 and 上. Привет.\u{200B}\u{200F}\n\nA second paragraph.\n",
    );
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.apply(Command::Open(report));
            app
        });
    h.run();
    let o = h.state().open.as_ref().expect("open");
    assert_eq!(o.missing_glyphs.as_deref(), Some(&['𐀀', '𐀁', '𐀂'][..]));
    h.get_by_label_contains(
        "No installed font draws 3 characters of this report (other: 𐀀 U+10000",
    );
    h.get_by_label_contains("(Debian: fonts-noto-core)");
}

#[test]
fn the_missing_font_note_names_scripts_and_packages_once() {
    use mtqa_gui::fonts::{drawn_chars, missing_glyphs_note};
    let chars = drawn_chars(["a\u{200B}b 中文 中 ሰ\u{FE0F} \u{202E}x", "עב"]);
    assert_eq!(
        chars,
        vec!['ሰ', 'ע', 'ב', '中', '文']
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    let note = missing_glyphs_note(&['ሰ', '中', '文', '가']);
    assert!(
        note.starts_with("No installed font draws 4 characters of this report (Ethiopic, CJK, Hangul: ሰ U+1230, 中 U+4E2D, 文 U+6587, 가 U+AC00); "),
        "{note}"
    );
    assert!(
        note.contains("(Debian: fonts-noto-core, fonts-noto-cjk)"),
        "{note}"
    );
    let many: Vec<char> = ('一'..='十').take(12).collect();
    let note = missing_glyphs_note(&many);
    assert!(note.contains("12 characters"), "{note}");
    assert!(note.contains(", …)"), "{note}");
}

/// The key pressed in the frame right after the picker closes goes to the app, not to the
/// picker's vanished category field.
#[test]
fn the_first_key_after_the_picker_closes_is_not_lost() {
    let (_dir, mut h) = flood_sample();
    h.state_mut().editor.selection = Some(Selection {
        segment: 0,
        start: 0,
        end: 4,
    });
    h.key_press(Key::E);
    h.run();
    h.get_by_label("Category (type to filter, ↑/↓, Enter)")
        .type_text("omis3");
    h.run();
    assert!(h
        .get_by_label("Category (type to filter, ↑/↓, Enter)")
        .is_focused());
    h.key_press(Key::Enter);
    h.step();
    assert!(h.state().picker.is_none());
    assert!(dirty(&h));
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.step();
    h.state_mut().wait_for_job();
    assert!(!dirty(&h), "Ctrl+S right after the picker saved");
}

#[test]
fn ctrl_s_saves_with_the_caret_in_the_mt() {
    let (_dir, mut h) = flood_sample();
    h.key_press(Key::N);
    h.run();
    h.key_press(Key::F);
    h.run();
    assert!(dirty(&h));
    assert_eq!(h.state().title(), "• r.txt — mtqa");
    h.key_press(Key::M);
    h.run();
    h.key_press(Key::I);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.step();
    h.state_mut().wait_for_job();
    h.run();
    assert!(!dirty(&h));
    // The title shows the unsaved-work bullet only while there is unsaved work.
    assert_eq!(h.state().title(), "r.txt — mtqa");
}

/// Without a source, the formats that pair source and target cannot be chosen and the
/// dialog starts on TSV; with one (the JSONL sample carries sources) every format can.
#[test]
fn export_offers_what_the_report_can_be_exported_to() {
    let (_dir, mut h) = flood_sample();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h
        .get_by_label("XLIFF 2.1 with ITS")
        .accesskit_node()
        .is_disabled());
    assert!(h.get_by_label("TMX 1.4b").accesskit_node().is_disabled());
    assert!(!h.get_by_label("TSV").accesskit_node().is_disabled());
    h.get_by_label_contains("XLIFF and TMX pair source and target");
    assert!(h
        .state()
        .export
        .as_ref()
        .is_some_and(|e| e.path.ends_with("r.txt.tsv")));
    // Esc closes the dialog.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().export.is_none());

    let (_dir, report) = copy_sample("en-from-fr-segments.jsonl", "r.jsonl");
    let mut h = harness(report);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(!h
        .get_by_label("XLIFF 2.1 with ITS")
        .accesskit_node()
        .is_disabled());
    assert!(h.query_by_label_contains("XLIFF and TMX pair").is_none());
    assert!(h
        .state()
        .export
        .as_ref()
        .is_some_and(|e| e.path.ends_with("r.jsonl.xlf")));
}

/// A mouse drag that starts inside one word and ends inside another selects both words
/// whole, in the text field too; Shift+arrows still select exact characters.
#[test]
fn mouse_selections_end_on_whole_words() {
    let (_dir, mut h) = flood_sample();
    let rect = h.get_by_label("Machine translation").rect();
    // The first line of p1.s1: "This Wednesday, March 12, …"; from inside "This" to
    // inside "Wednesday".
    let y = rect.top() + 12.0;
    let from = egui::pos2(rect.left() + 14.0, y);
    let to = egui::pos2(rect.left() + 60.0, y);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=8 {
        h.hover_at(from + (to - from) * (k as f32 / 8.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    let quote = |h: &Harness<'_, MtqaApp>| {
        let Selection {
            start: a, end: b, ..
        } = h.state().editor.selection.expect("a selection");
        h.state().open.as_ref().map(|o| {
            o.doc.segments[0]
                .text
                .chars()
                .skip(a)
                .take(b - a)
                .collect::<String>()
        })
    };
    assert_eq!(quote(&h).as_deref(), Some("This Wednesday"));
    h.get_by_label("Annotate «This Wednesday» (E)");
    // The field shows the widened selection (it stays after another frame).
    h.run();
    assert_eq!(quote(&h).as_deref(), Some("This Wednesday"));
    // The keyboard narrows it by one character: exact again.
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowLeft);
    h.run();
    assert_eq!(quote(&h).as_deref(), Some("This Wednesda"));
}

/// A segment with nothing of its own after a document-level finding: the finding is listed
/// before it, and the segment's own heading says nothing was found in it.
#[test]
fn a_clean_segment_after_a_layout_finding_says_so_under_its_own_heading() {
    let (_dir, report) = write_report(
        "r.txt",
        "lang: en\n\nThe council met on Monday.\n\n\n\n\nIt approved the budget.\n",
    );
    let mut h = harness(report);
    h.run();
    let (blank, at) = first_from(&h, "check:blank-lines").expect("a blank-lines finding");
    assert_eq!(at, "p2.s1");
    h.state_mut().apply(Command::SelectAnnotation(blank.id));
    h.run();
    h.get_by_label("In the text before p2.s1");
    h.get_by_label("Findings and annotations of p2.s1");
    h.get_by_label("Nothing found here.");
}

#[test]
fn the_inspector_lists_the_glossary_terms_of_the_segment_and_the_terminology_finding() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.jsonl");
    fs::write(
        &report,
        concat!(
            r#"{"id": "1", "source": "The supply chain and the free trade agreement are fragile.", "target": "Die Versorgungskette und das Freihandelsabkommen sind fragil."}"#,
            "\n"
        ),
    )
    .expect("write");
    let glossary = mtqa_core::checks::glossary::Glossary::read_tsv(
        "g.tsv".as_ref(),
        "en\tde\nsupply chain\tLieferkette\nfree trade agreement\tFreihandelsabkommen\n",
    )
    .expect("glossary");
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.open_in_browser = false;
            app.glossary = Some(std::sync::Arc::new(glossary));
            app.apply(Command::Open(report));
            app
        });
    h.run();
    h.get_by_label("Glossary terms");
    // Found: shown with the target's words; missing: named with what the glossary wants.
    h.get_by_label("✔ free trade agreement → Freihandelsabkommen");
    h.get_by_label("✘ supply chain → Lieferkette (not in the MT)");
    let o = h.state().open.as_ref().expect("open");
    let terms: Vec<&str> = o
        .session
        .set
        .annotations
        .iter()
        .filter(|a| a.origin == "check:terminology")
        .map(|a| a.message.as_str())
        .collect();
    assert_eq!(terms.len(), 1, "{terms:?}");
    assert!(terms[0].contains("`supply chain`"));
}

#[test]
fn the_window_icon_is_the_packaged_one() {
    let icon = mtqa_gui::icon().expect("the embedded PNG decodes");
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    // The corners are transparent (a rounded square), the centre is not.
    assert_eq!(icon.rgba[3], 0);
    let centre = (128 * 256 + 128) * 4;
    assert_eq!(icon.rgba[centre + 3], 255);
    assert_eq!(mtqa_gui::APP_ID, "mtqa");
    let desktop = std::fs::read_to_string(common::root().join("packaging/mtqa.desktop"))
        .expect("desktop entry");
    assert!(desktop.contains("Icon=mtqa") && desktop.contains("StartupWMClass=mtqa"));
}

#[test]
fn the_apps_save_racing_a_command_line_writer_loses_nothing_and_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    let sidecar = mtqa_core::project::sidecar_path(&report);
    let mut h = harness(report.clone());
    h.run();
    // The editor fixes a finding; it is not saved yet.
    h.key_press(Key::N);
    h.run();
    h.key_press(Key::F);
    h.run();
    assert!(dirty(&h));
    // Meanwhile a pipeline merges another annotator's file into the annotation file.
    let before = fs::read(&sidecar).ok();
    let out = common::mtqa_in(
        dir.path(),
        &["check", "--save", "r.txt", "--skip", "calque"],
    );
    assert!(out.status.code().is_some_and(|c| c < 2));
    let written = fs::read(&sidecar).expect("the pipeline wrote");
    assert_ne!(Some(&written), before.as_ref());
    // The app's save is the loser: it is told, writes nothing over the pipeline's file,
    // and keeps the editor's work in the session (and in the autosave when asked).
    h.state_mut().apply(Command::Save);
    // Saved on a worker thread.
    h.state_mut().wait_for_job();
    h.run();
    let message = h.state().message.clone();
    assert!(message.contains("changed on disk"), "{message}");
    assert_eq!(fs::read(&sidecar).expect("still there"), written);
    assert!(dirty(&h), "the editor's unsaved work is still in the app");
}

/// A span a reviewer marked in the source (an omission) is shown on the source, with its
/// annotation when the source is hovered — not on the machine translation.
#[test]
fn spans_marked_in_the_source_show_on_the_source() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("two-reviewers.jsonl");
    fs::copy(
        common::root().join("tests/fixtures/two-reviewers.jsonl"),
        &report,
    )
    .expect("copy");
    let mut h = harness(report);
    h.run();
    h.state_mut().apply(Command::SelectAnnotation("b2".into()));
    h.run();
    let said = "Comment: 'de la ville' is missing";
    let tips = |h: &Harness<'_, MtqaApp>| {
        h.query_all_by_label_contains(said)
            .filter(|n| {
                n.accesskit_node()
                    .value()
                    .is_some_and(|l| l.starts_with("Accuracy/Omission · major"))
            })
            .count()
    };
    assert_eq!(tips(&h), 0);
    h.get_by_label("Il a voté le budget de la ville.").hover();
    h.run();
    assert_eq!(tips(&h), 1, "the source's tooltip names the omission");
    // The MT, hovered, says nothing of it.
    h.get_by_label("Machine translation").hover();
    h.run();
    assert_eq!(tips(&h), 0);
}

/// A segmentation saved in the annotation file (a sentence split by the editor) is seen the
/// same way by the app, `export`, `annotations` and `check --save`: the same segment ids,
/// and an annotation the split moved stays on its text.
#[test]
fn a_saved_segmentation_is_seen_the_same_by_the_app_export_and_annotations() {
    use mtqa_core::annotate::{apply, split_segment, AnnotationSet, Op};
    let (dir, report) = write_report(
        "r.txt",
        "Intro.\n\nIt rained all day and the river rose. Then it stopped.. Later.\n",
    );
    let doc = mtqa_core::formats::load(&report, &Default::default()).expect("load");
    let mut set = AnnotationSet::default();
    let s2 = doc.segments[2].text.to_string();
    assert_eq!(s2, "Then it stopped..");
    let mut a = first_annotation_like(&doc.segments[2].id, &s2, 15, 17);
    a.comment = "one full stop".into();
    apply(&mut set, Op::Add { annotation: a }, "t").expect("add");
    let op = split_segment(&doc, &set, "p2.s1", 18).expect("split");
    apply(&mut set, op, "t").expect("split applies");
    let bytes = fs::read(&report).expect("read");
    let mut sc = mtqa_core::project::Sidecar::new(mtqa_core::project::ReportRef {
        file: "r.txt".into(),
        sha256: mtqa_core::project::sha256_hex(&bytes),
        segments: doc.segments.len(),
    });
    sc.set = set;
    let sidecar = mtqa_core::project::sidecar_path(&report);
    mtqa_core::project::save(&sidecar, &sc, None).expect("save");

    let want = ["p1.s1", "p2.s1", "p2.s2", "p2.s3", "p2.s4"];
    // The app.
    let mut h = harness(report.clone());
    h.run();
    let o = h.state().open.as_ref().expect("open");
    let ids: Vec<&str> = o.doc.segments.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, want);
    let dots = o.session.set.get("dots").expect("kept");
    assert_eq!(o.anchor_position(dots), Some(3));
    assert_eq!(o.doc.segments[3].text.as_str(), "Then it stopped..");
    assert!(!dots.orphaned);
    drop(h);
    // export.
    let out = common::mtqa_in(
        dir.path(),
        &["export", "r.txt", "--format", "jsonl", "-o", "-"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = common::jsonl(&out);
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(rows[3]["annotations"][0]["id"], "dots");
    // annotations, after check --save merged the findings in.
    let out = common::mtqa_in(dir.path(), &["check", "--save", "r.txt"]);
    assert!(out.status.code().is_some_and(|c| c < 2));
    let out = common::mtqa_in(dir.path(), &["annotations", "r.txt", "--format", "jsonl"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let anns = common::jsonl(&out);
    let dots = anns.iter().find(|a| a["id"] == "dots").expect("listed");
    assert_eq!(dots["segment"], "p2.s3");
    assert_eq!(dots["comment"], "one full stop");
    assert!(anns.iter().all(|a| a["orphaned"] != true), "{anns:?}");
    let on: std::collections::BTreeSet<&str> =
        anns.iter().filter_map(|a| a["segment"].as_str()).collect();
    assert!(on.iter().all(|id| want.contains(id)), "{on:?}");
    // The doubled full stop the check finds is the editor's span, found again on p2.s3.
    assert!(
        anns.iter()
            .any(|a| a["segment"] == "p2.s3" && a["origin"] == "check:doubled-punctuation"),
        "{anns:?}"
    );
}

/// An editor's annotation on `segment`, span `start..end` of `text`.
fn first_annotation_like(
    segment: &str,
    text: &str,
    start: usize,
    end: usize,
) -> mtqa_core::annotate::Annotation {
    mtqa_core::annotate::Annotation {
        id: "dots".into(),
        segment: Some(segment.into()),
        anchor: mtqa_core::annotate::Anchor::new(text, start, end),
        category: "Fluency/Punctuation".into(),
        severity: Severity::Minor,
        comment: String::new(),
        message: String::new(),
        correction: Some(".".into()),
        origin: "editor:ann".into(),
        annotator: "ann".into(),
        status: Status::Accepted,
        created: "t".into(),
        modified: "t".into(),
        orphaned: false,
        conflict: false,
        on_source: false,
        metadata: Default::default(),
    }
}

/// Saving runs on a worker thread: with 100,000 annotations, frames keep coming while the
/// file is written, the editor can go on, and the save lands with every annotation.
#[test]
fn saving_100000_annotations_does_not_block_frames() {
    use mtqa_core::annotate::Op;
    let text: String = (0..2_000)
        .map(|i| format!("Sentence number {i} is here.. It goes on.\n\n"))
        .collect();
    let (_dir, report) = write_report("big.txt", &text);
    let mut h = harness(report.clone());
    h.run();
    {
        // The annotations go straight into the set (as a large annotation file would
        // bring them), then one edit makes the session dirty.
        let o = h.state_mut().open.as_mut().expect("open");
        let n = o.doc.segments.len();
        let many: Vec<mtqa_core::annotate::Annotation> = (0..100_000)
            .map(|k| {
                let seg = &o.doc.segments[k % n];
                let mut a = first_annotation_like(&seg.id, &seg.text, 0, 8);
                a.id = format!("ed-{k}");
                a.comment = format!("comment {k}");
                a
            })
            .collect();
        std::sync::Arc::make_mut(&mut o.session.set)
            .annotations
            .extend(many);
        let seg = &o.doc.segments[0];
        let mut a = first_annotation_like(&seg.id, &seg.text, 0, 8);
        a.id = "ed-last".into();
        o.session.apply(Op::Add { annotation: a }).expect("add");
    }
    let total = h
        .state()
        .open
        .as_ref()
        .map_or(0, |o| o.session.set.annotations.len());
    assert!(total >= 100_000);
    h.state_mut().apply(Command::Save);
    assert!(h.state().jobs.saving(), "the save runs on a worker thread");
    // Frames keep coming, and the editor keeps working, while it saves.
    let mut frames_while_saving = 0;
    while h.state().jobs.saving() {
        h.step();
        frames_while_saving += 1;
        if frames_while_saving == 1 {
            h.key_press(Key::N);
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(frames_while_saving >= 2, "{frames_while_saving}");
    assert!(
        h.state().message.starts_with("Saved"),
        "{}",
        h.state().message
    );
    // N moved the selection: that is not saved yet, but selecting is not an edit.
    assert!(h
        .state()
        .open
        .as_ref()
        .is_some_and(|o| o.selected.is_some()));
    assert!(!dirty(&h));
    let (sc, _) = mtqa_core::project::read(&mtqa_core::project::sidecar_path(&report))
        .expect("read")
        .expect("saved");
    assert_eq!(sc.set.annotations.len(), total);
    assert!(sc
        .set
        .get("ed-99999")
        .is_some_and(|a| a.comment == "comment 99999"));
}
