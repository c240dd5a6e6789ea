//! The document view and adjudication, driven through egui_kittest with its accessibility
//! check on (every run checks that each input widget has a name): the whole report as rows,
//! a click on a highlight, a drag in any row, N scrolling to a far finding, the filter
//! folding rows; then two reviewers' files opened, every kind of disagreement settled from
//! the keyboard and the buttons, undone, saved and reopened.

mod common;

use std::fs;
use std::path::PathBuf;

use egui::Key;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use mtqa_core::adjudicate::Kind;
use mtqa_gui::{Command, MtqaApp};

fn harness(path: PathBuf, reviewers: Vec<PathBuf>) -> Harness<'static, MtqaApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = MtqaApp::new(cc);
            app.open_in_browser = false;
            app.prefs.annotator = "judge".into();
            app.apply(Command::Open(path));
            for r in reviewers {
                app.apply(Command::AddReviewer(r));
            }
            app
        })
}

fn flood() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("r.txt");
    fs::copy(common::root().join("corpora/en-from-fr-flood.txt"), &report).expect("copy");
    (dir, report)
}

fn segment(h: &Harness<'_, MtqaApp>) -> usize {
    h.state().open.as_ref().map_or(usize::MAX, |o| o.segment)
}

/// The read-only MT text of a row (not the current one), found by its text.
fn mt_rect(h: &Harness<'_, MtqaApp>, text: &str) -> egui::Rect {
    h.get_by_value(text).rect()
}

#[test]
fn the_document_shows_every_row_and_a_click_or_a_drag_in_any_row_selects() {
    let (_dir, report) = flood();
    let mut h = harness(report, Vec::new());
    h.run();
    assert_eq!(segment(&h), 0);
    // Rows below the current one are shown as text, with their ids.
    for id in ["p2.s1", "p3.s1", "p4.s2"] {
        h.get_by_label(id);
    }
    // A finding that starts a row that is not current: a click on its first word selects it.
    let (id, i, text) = {
        let o = h.state().open.as_ref().expect("open");
        let (a, i) = o
            .session
            .set
            .annotations
            .iter()
            .filter(|a| a.anchor.start == 0 && a.anchor.end > 3 && !a.on_source)
            .find_map(|a| {
                let i = o.position(a.segment.as_deref()?)?;
                (i > 0 && i < 8).then_some((a, i))
            })
            .expect("a finding at the start of a row on screen");
        (a.id.clone(), i, o.doc.segments[i].text.to_string())
    };
    let r = mt_rect(&h, &text);
    let at = r.left_top() + egui::vec2(6.0, 8.0);
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.drop_at(at);
    h.run();
    assert_eq!(segment(&h), i);
    assert_eq!(
        h.state().open.as_ref().and_then(|o| o.selected.clone()),
        Some(id)
    );
    // A drag across the first words of another row selects them (on whole words) and makes
    // that row current; E annotates them.
    let (j, text) = {
        let o = h.state().open.as_ref().expect("open");
        let j = (i + 1..o.doc.segments.len())
            .find(|&j| o.doc.segments[j].text.len() > 40)
            .expect("a long row");
        (j, o.doc.segments[j].text.to_string())
    };
    let r = mt_rect(&h, &text);
    let (from, to) = (
        r.left_top() + egui::vec2(3.0, 8.0),
        r.left_top() + egui::vec2(70.0, 8.0),
    );
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=6 {
        h.hover_at(from + (to - from) * (k as f32 / 6.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
    assert_eq!(segment(&h), j);
    let sel = h.state().editor.selection.expect("a selection");
    assert_eq!((sel.segment, sel.start), (j, 0));
    let quote: String = text.chars().take(sel.end).collect();
    assert!(quote.len() > 3 && !quote.ends_with(' '), "{quote:?}");
    let before = h
        .state()
        .open
        .as_ref()
        .map_or(0, |o| o.session.set.annotations.len());
    h.key_press(Key::E);
    h.run();
    assert!(h.state().picker.is_some());
    h.key_press(Key::Enter);
    h.run();
    let o = h.state().open.as_ref().expect("open");
    assert_eq!(o.session.set.annotations.len(), before + 1);
    let added = o
        .selected
        .as_deref()
        .and_then(|id| o.session.set.get(id))
        .expect("added");
    assert_eq!(
        added.segment.as_deref(),
        Some(o.doc.segments[j].id.as_str())
    );
    assert_eq!(added.anchor.quote, quote);
}

#[test]
fn n_and_p_scroll_a_long_document_to_the_finding_and_the_filter_folds_rows() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = dir.path().join("long.txt");
    fs::write(&report, mtqa_testkit::report(3000, 7)).expect("write");
    let mut h = harness(report, Vec::new());
    h.run();
    let last_segment = h
        .state()
        .open
        .as_ref()
        .map_or(0, |o| o.doc.segments.len() - 1);
    // Far rows are not laid out (virtualized).
    let far = h
        .state()
        .open
        .as_ref()
        .map(|o| o.doc.segments[last_segment].id.clone())
        .expect("open");
    assert!(h.query_by_label(&far).is_none());
    // P from the start wraps to the last finding, far down: its row is drawn, on screen.
    h.key_press(Key::P);
    h.run();
    let (i, id) = {
        let o = h.state().open.as_ref().expect("open");
        (o.segment, o.doc.segments[o.segment].id.clone())
    };
    assert!(i > 2500, "the last finding is near the end, not at {i}");
    let node = h.get_by_label(&id);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    assert!(screen.contains_rect(node.rect()), "{:?}", node.rect());
    // N goes back to the first: the top of the document is shown again.
    h.key_press(Key::N);
    h.run();
    let first = h.state().open.as_ref().map_or(usize::MAX, |o| o.segment);
    assert!(first < 50);
    h.get_by_label(
        &h.state().open.as_ref().expect("open").doc.segments[first]
            .id
            .clone(),
    );
    // A filter that keeps few segments, folded: the runs between them become one line each.
    h.state_mut().list.filter.text = "repeated".into();
    h.run();
    h.get_by_label("Fold the segments the filter leaves out")
        .click();
    h.run();
    assert!(h.state().document.fold);
    assert!(!h
        .query_all_by_label_contains("left out by the filter")
        .collect::<Vec<_>>()
        .is_empty());
}

#[test]
fn two_reviewers_adjudicated_end_to_end() {
    let (dir, report) = flood();
    let (alice, bob) = common::flood_reviewers(&report, dir.path());
    let mut h = harness(report.clone(), Vec::new());
    h.run();
    // Alice is added from the panel's field, Bob with the command the file dialog sends.
    h.get_by_label("Reviewer's annotation file").click();
    h.run();
    h.get_by_label("Reviewer's annotation file")
        .type_text(&alice.display().to_string());
    h.run();
    h.get_by_label("Add reviewer").click();
    h.run();
    h.state_mut().apply(Command::AddReviewer(bob.clone()));
    h.run();
    let kinds: Vec<Option<Kind>> = {
        let r = &h.state().open.as_ref().expect("open").reviews;
        assert_eq!(
            r.reviewers
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["alice", "bob"]
        );
        r.clusters.iter().map(|c| c.kind).collect()
    };
    assert_eq!(
        kinds,
        [
            None,
            Some(Kind::Differs),
            Some(Kind::Only),
            Some(Kind::Overlap),
            Some(Kind::Only)
        ]
    );
    h.get_by_label("Disagreements: 0 of 4 settled");
    // The agreement shown is the one `mtqa score` computes for these two.
    let pair = {
        let o = h.state().open.as_ref().expect("open");
        let f = mtqa_core::adjudicate::figures(
            &o.doc,
            &o.reviews.reviewers,
            None,
            &mtqa_core::score::weights::MAROT,
        );
        f.pairs[0].clone()
    };
    h.get_by_label_contains(&format!(
        "alice – bob: κ {:.2} · span F1 {:.2}",
        pair.kappa.expect("kappa"),
        pair.span_f1.expect("f1")
    ));
    // D goes to the first disagreement: the same span rated differently, in p1.s2.
    h.key_press(Key::D);
    h.run();
    assert_eq!(segment(&h), 1);
    h.get_by_label("p1.s2 · same span, different category or severity");
    h.get_by_label("Keep bob's (Shift+B)").click();
    h.run();
    h.get_by_label("Disagreements: 1 of 4 settled");
    // The next one was selected: only alice marked it. Shift+X rejects it.
    assert_eq!(segment(&h), 2);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::X);
    h.run();
    // The overlap: keep both (Shift+K).
    assert_eq!(segment(&h), 3);
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::K);
    h.run();
    // Bob's lone span: the adjudicator's own version (Shift+E opens the picker on it).
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::E);
    h.run();
    assert!(h
        .state()
        .picker
        .as_ref()
        .is_some_and(|p| p.settles.is_some()));
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Disagreements: 4 of 4 settled");
    // The agreed span is taken too.
    h.get_by_label("Take the 1 agreed span(s)").click();
    h.run();
    let adjudicated = |h: &Harness<'_, MtqaApp>| {
        let o = h.state().open.as_ref().expect("open");
        o.session
            .set
            .annotations
            .iter()
            .filter_map(|a| {
                let m = a.metadata.get("adjudication")?;
                Some((
                    m["decision"].as_str().unwrap_or("").to_string(),
                    m["decided_by"].as_str().unwrap_or("").to_string(),
                    a.status,
                ))
            })
            .collect::<Vec<_>>()
    };
    let mut decisions: Vec<String> = adjudicated(&h).into_iter().map(|d| d.0).collect();
    decisions.sort();
    assert_eq!(
        decisions,
        ["edit", "keep-all", "keep-all", "keep-one", "keep-one", "reject"]
    );
    assert!(adjudicated(&h).iter().all(|d| d.1 == "judge"));
    // Undo twice: the agreed span, then the own version; redo once.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("Disagreements: 3 of 4 settled");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    h.run();
    h.get_by_label("Disagreements: 4 of 4 settled");
    assert_eq!(adjudicated(&h).len(), 5);
    // The adjudicated result is a rater beside the two, live.
    h.get_by_label_contains("Adjudicated (this file): 4 spans");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    // One frame takes the key and starts the save; the worker may take many frames on a
    // loaded machine (the progress bar repaints meanwhile).
    h.step();
    h.state_mut().wait_for_job();
    h.run();
    // The reviewers' files were only read.
    let before = fs::read(&alice).expect("alice");
    // Reopened with both reviewers: every disagreement is still settled.
    let mut h = harness(report.clone(), vec![alice.clone(), bob]);
    h.run();
    h.get_by_label("Disagreements: 4 of 4 settled");
    assert_eq!(adjudicated(&h).len(), 5);
    assert_eq!(fs::read(&alice).expect("alice"), before);
    let saved = fs::read_to_string(mtqa_core::project::sidecar_path(&report)).expect("sidecar");
    let saved: serde_json::Value = serde_json::from_str(&saved).expect("json");
    let decided = saved["annotations"]
        .as_array()
        .expect("annotations")
        .iter()
        .filter(|a| a["metadata"]["adjudication"]["decided_by"] == "judge")
        .count();
    assert_eq!(decided, 5);
}
