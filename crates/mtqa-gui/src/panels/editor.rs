//! The current row of the document view, expanded for editing: the segment's source, its
//! MT with the spans highlighted (select words to annotate them), and its corrected text
//! with the changes from the MT; the bead controls with a source, and the glossary terms
//! of the segment's source.

use egui::RichText;

use super::super::command::Command;
use super::super::keys;
use super::super::open_doc::OpenDoc;
use super::super::paint::{
    alignment, diff_job, ellipsis, highlighted_field, highlighted_with, tooltip,
};
use super::alignment::bead_controls;
use mtqa_core::annotate::Annotation;

/// A selection in the MT text of a segment (chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// The segment's position.
    pub segment: usize,
    /// Start (chars).
    pub start: usize,
    /// End (chars).
    pub end: usize,
}

/// The editor's state between frames.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorState {
    /// The selection in the MT text; kept when the text loses the focus (to a button),
    /// dropped on another segment.
    pub selection: Option<Selection>,
    /// Give the MT text the keyboard focus on the next frame (key M).
    pub focus_mt: bool,
    /// The MT text had the keyboard focus in the last frame: it is read-only, so the
    /// single-key shortcuts still work there.
    pub mt_focused: bool,
}

/// Draws the current row (segment `o.segment`) in `ui`.
pub fn current_row(ui: &mut egui::Ui, o: &OpenDoc, state: &mut EditorState) -> Vec<Command> {
    let mut cmds = Vec::new();
    let dark = ui.ctx().theme() == egui::Theme::Dark;
    let seg = &o.doc.segments[o.segment];
    // Spans in the MT, and spans marked in the source (shown on the source).
    let (source_anns, anns): (Vec<&Annotation>, Vec<&Annotation>) = o
        .annotations_of(o.segment)
        .into_iter()
        .partition(|a| a.on_source);
    let (mt_marks, source_marks) = (
        o.reviews.spans_of(&seg.id, false),
        o.reviews.spans_of(&seg.id, true),
    );
    let incoming = state.selection;
    let mut selection = incoming.filter(|s| s.segment == o.segment);
    let focus_mt = std::mem::take(&mut state.focus_mt);
    let mut mt_focused = false;
    {
        let bead = o.doc.bilingual.as_ref().and_then(|b| {
            b.beads
                .iter()
                .position(|x| x.target.contains(&o.segment))
                .map(|k| (k, b.beads[k].clone(), b.beads.clone()))
        });
        if let Some((k, bead, beads)) = &bead {
            cmds.extend(bead_controls(ui, o, *k, bead, beads));
        }
        let has_source = bead.is_some() || seg.source.is_some();
        let font = egui::TextStyle::Body.resolve(ui.style());
        // The colour of editable text, so that the MT reads as text, not as a caption.
        let fg = ui.visuals().widgets.inactive.text_color();
        let rtl = o
            .doc
            .target_code()
            .is_some_and(mtqa_core::lang::is_rtl_lang);
        let (align, text_align) = alignment(rtl);
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
                    let job = highlighted_with(
                        seg.source.as_deref().unwrap_or(""),
                        &source_anns,
                        &source_marks,
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
                let job = highlighted_with(
                    &seg.text,
                    &anns,
                    &mt_marks,
                    o.selected.as_deref(),
                    dark,
                    font.clone(),
                    fg,
                );
                let out =
                    highlighted_field(ui, &seg.text, &job, &anns, rtl, ("mt", o.segment), false);
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
                if let Some(range) = out.cursor_range {
                    let [a, b] = range.sorted_cursors();
                    let (mut a, mut b): (usize, usize) = (a.index.into(), b.index.into());
                    // A drag of the mouse ends on whole words (the keyboard selects
                    // exact characters): the widened selection is shown at once.
                    if response.drag_stopped() && b > a {
                        let (sa, sb) = mtqa_core::text::words::snap_to_words(&seg.text, a, b);
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
                    selection = (b > a).then_some(Selection {
                        segment: o.segment,
                        start: a,
                        end: b,
                    });
                }
                let quote: Option<String> = selection.map(|s| {
                    seg.text
                        .chars()
                        .skip(s.start)
                        .take(s.end - s.start)
                        .collect()
                });
                let button = egui::Button::new(match &quote {
                    Some(q) => {
                        keys::labelled(&format!("Annotate «{}»", ellipsis(q, 24)), &keys::ANNOTATE)
                    }
                    None => keys::labelled("Annotate selection", &keys::ANNOTATE),
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
            cmds.push(Command::OpenPicker);
        }
        if let Some((g, index)) = &o.glossary {
            super::inspector::glossary_ui(ui, o, g, index);
        }
    }
    // A selection just made in another row (drawn before this one) is kept.
    if selection.is_some() || incoming.is_none_or(|s| s.segment == o.segment) {
        state.selection = selection;
    }
    state.mt_focused = mt_focused;
    cmds
}
