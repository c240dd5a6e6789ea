//! The document view in the centre: the whole report in reading order, one row a segment
//! (its id, its source when there is one, its MT with the spans highlighted, its corrected
//! text), with the paragraph breaks, headings and the findings between segments where
//! they are. The current row is expanded for editing ([`super::editor::current_row`]).
//!
//! Rows are virtualized: only those on screen are laid out. Rows have different heights,
//! so each row's height is estimated from its text until it has been drawn once, then
//! measured; the offsets of the rows are a prefix sum, recomputed only when a height, the
//! width, the filter or the annotations change. Rows the segment list's filter excludes
//! are dimmed, or folded into one line each run.

use egui::{Align, Color32, Layout, Rect, RichText, UiBuilder, Vec2};

use super::super::command::Command;
use super::super::fonts::missing_glyphs_note;
use super::super::open_doc::OpenDoc;
use super::super::paint::{annotations_at, char_at, highlighted_field, highlighted_with, tooltip};
use super::editor::{current_row, EditorState, Selection};
use super::segment_list::{Filter, Row};
use mtqa_core::annotate::Annotation;

/// One line of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// A segment, and whether the filter keeps it.
    Segment(usize, bool),
    /// Segments the filter excludes, folded: first and end.
    Folded(usize, usize),
}

/// The view's state between frames.
#[derive(Default)]
pub struct DocumentView {
    /// Fold the rows the filter excludes (else they are dimmed).
    pub fold: bool,
    items: Vec<Item>,
    /// What `items` were built for: annotations revision, filter, fold, segments.
    built: Option<(u64, Filter, bool, usize)>,
    /// Height of each item: measured (`measured[k]`) or estimated.
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `offsets[k]`: top of item `k`; the last is the total height.
    offsets: Vec<f32>,
    offsets_dirty: bool,
    /// Unmeasured heights must be estimated again (new items, another width).
    estimates_dirty: bool,
    /// The width the heights are for.
    width: f32,
    /// The segment current in the last frame, and the selected annotation: when either
    /// moves (N, a click in the list, undo) the view scrolls to it.
    shown: Option<(usize, Option<String>)>,
    /// The item being brought on screen, and the scroll offset last asked for it: asked
    /// again each frame until the rows around it are measured and it stays put.
    scroll_to: Option<(usize, f32)>,
    /// Items on screen in the last frame, and the viewport's height.
    visible: std::ops::Range<usize>,
    viewport_h: f32,
}

/// What a row needs besides the report.
struct RowCtx<'a> {
    dark: bool,
    font: egui::FontId,
    fg: Color32,
    has_source: bool,
    rtl: bool,
    cmds: &'a mut Vec<Command>,
}

impl DocumentView {
    /// The first segment on screen in the last frame.
    pub fn first_visible(&self) -> Option<usize> {
        match self.items.get(self.visible.start)? {
            Item::Segment(i, _) | Item::Folded(i, _) => Some(*i),
        }
    }

    /// Forgets the rows (another report is open).
    pub fn reset(&mut self) {
        *self = DocumentView {
            fold: self.fold,
            ..DocumentView::default()
        };
    }

    /// The items for the filter (`rows`: the segment list's rows; all segments when the
    /// filter is inactive).
    fn build(&mut self, o: &OpenDoc, rows: &[Row], filter: &Filter) {
        let key = (
            o.session.annotations_revision(),
            filter.clone(),
            self.fold,
            o.doc.segments.len(),
        );
        if self.built.as_ref() == Some(&key) {
            return;
        }
        let n = o.doc.segments.len();
        let active = filter.is_active();
        let mut keep = vec![!active; n];
        if active {
            for r in rows {
                keep[r.segment] = true;
            }
        }
        let mut items = Vec::with_capacity(n);
        let mut i = 0;
        while i < n {
            if self.fold && !keep[i] {
                let start = i;
                while i < n && !keep[i] {
                    i += 1;
                }
                items.push(Item::Folded(start, i));
            } else {
                items.push(Item::Segment(i, keep[i]));
                i += 1;
            }
        }
        // Heights measured for the same items are kept (only the dimming changed).
        if items.len() != self.items.len()
            || items.iter().zip(&self.items).any(
                |(a, b)| !matches!((a, b), (Item::Segment(x, _), Item::Segment(y, _)) if x == y),
            )
        {
            self.measured = vec![false; items.len()];
            self.heights = vec![0.0; items.len()];
        }
        self.items = items;
        self.built = Some(key);
        self.estimates_dirty = true;
    }

    /// Estimated height of an item not drawn yet: the longest of its texts in lines of
    /// the column's width.
    fn estimate(&self, o: &OpenDoc, k: usize, line_h: f32, columns: f32) -> f32 {
        match self.items[k] {
            Item::Folded(..) => line_h + 6.0,
            Item::Segment(i, _) => {
                let s = &o.doc.segments[i];
                let len = s.text.len().max(s.source.as_ref().map_or(0, String::len)) as f32;
                let per_line = ((self.width / columns) / (line_h * 0.5)).max(8.0);
                let lines = (len / per_line).ceil().max(1.0);
                let gap = if starts_paragraph(o, i) { 10.0 } else { 0.0 };
                lines * line_h + 10.0 + gap
            }
        }
    }

    /// The offsets of the items (a prefix sum of their heights), when a height changed;
    /// unmeasured items are estimated first when the items or the width changed.
    fn offsets(&mut self, o: &OpenDoc, line_h: f32, columns: f32) {
        if self.estimates_dirty {
            for k in 0..self.items.len() {
                if !self.measured[k] {
                    self.heights[k] = self.estimate(o, k, line_h, columns);
                }
            }
            self.estimates_dirty = false;
            self.offsets_dirty = true;
        }
        if !self.offsets_dirty && self.offsets.len() == self.items.len() + 1 {
            return;
        }
        self.offsets.clear();
        self.offsets.reserve(self.items.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.offsets.push(y);
            y += h;
        }
        self.offsets.push(y);
        self.offsets_dirty = false;
    }

    /// The item that shows segment `i`.
    fn item_of(&self, i: usize) -> Option<usize> {
        let k = self.items.partition_point(|it| match *it {
            Item::Segment(s, _) => s < i,
            Item::Folded(_, end) => end <= i,
        });
        (k < self.items.len()).then_some(k)
    }

    /// Draws the view; `rows` and `filter` are the segment list's.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        o: &OpenDoc,
        editor: &mut EditorState,
        rows: &[Row],
        filter: &Filter,
    ) -> Vec<Command> {
        let mut cmds = Vec::new();
        self.build(o, rows, filter);
        egui::CentralPanel::default().show(ui, |ui| {
            notices(ui, o, &mut cmds);
            self.header(ui, o, filter, &mut cmds);
            self.rows(ui, o, editor, &mut cmds);
        });
        cmds
    }

    fn header(&self, ui: &mut egui::Ui, o: &OpenDoc, filter: &Filter, cmds: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&o.report.file).strong());
            ui.label(RichText::new(format!("{} segments", o.doc.segments.len())).weak());
            if filter.is_active() {
                let mut fold = self.fold;
                if ui
                    .checkbox(&mut fold, "Fold the segments the filter leaves out")
                    .changed()
                {
                    cmds.push(Command::FoldExcluded(fold));
                }
            }
        });
        ui.separator();
    }

    fn rows(
        &mut self,
        ui: &mut egui::Ui,
        o: &OpenDoc,
        editor: &mut EditorState,
        cmds: &mut Vec<Command>,
    ) {
        let width = ui.available_width();
        let line_h = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
        let has_source =
            o.doc.segments.iter().take(1).any(|s| s.source.is_some()) || o.doc.bilingual.is_some();
        let columns = if has_source { 3.0 } else { 2.0 };
        if (width - self.width).abs() > 0.5 {
            self.width = width;
            self.measured.iter_mut().for_each(|m| *m = false);
            self.estimates_dirty = true;
        }
        self.offsets(o, line_h, columns);
        let mut scroll = egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt("document");
        // The current segment or the selected annotation moved: bring the row on screen, a
        // third down the view, unless it is on screen already.
        let now = (o.segment, o.selected.clone());
        if self.shown.as_ref() != Some(&now) {
            if let Some(k) = self.item_of(o.segment) {
                // Rows on screen stay where they are: the reader keeps their place.
                let inside = self.visible.start < k && k + 1 < self.visible.end;
                if !inside {
                    self.scroll_to = Some((k, f32::NAN));
                }
            }
            self.shown = Some(now);
        }
        if let Some((k, last)) = self.scroll_to {
            let view = self.viewport_h.max(1.0);
            let total = *self.offsets.last().unwrap_or(&0.0);
            let want = (self.offsets[k.min(self.items.len().saturating_sub(1))] - view / 3.0)
                .min(total - view)
                .max(0.0);
            if (want - last).abs() < 0.5 {
                self.scroll_to = None;
            } else {
                scroll = scroll.vertical_scroll_offset(want);
                self.scroll_to = Some((k, want));
                ui.ctx().request_repaint();
            }
        }
        let dark = ui.ctx().theme() == egui::Theme::Dark;
        let mut rc = RowCtx {
            dark,
            font: egui::TextStyle::Body.resolve(ui.style()),
            fg: ui.visuals().widgets.inactive.text_color(),
            has_source,
            rtl: o
                .doc
                .target_code()
                .is_some_and(mtqa_core::lang::is_rtl_lang),
            cmds,
        };
        let mut mt_focused = false;
        // Rows measured on screen change the content's height: an offset past the new end
        // is clamped, not sprung back (a spring would animate for half a second).
        ui.spacing_mut().scroll.kinetic.rubber_band = false;
        let out = scroll.show_viewport(ui, |ui, viewport| {
            let total = *self.offsets.last().unwrap_or(&0.0);
            ui.set_height(total);
            let origin = ui.max_rect().min;
            let w = ui.available_width();
            let first = self
                .offsets
                .partition_point(|&y| y <= viewport.min.y)
                .saturating_sub(1);
            let mut k = first;
            let mut changed = false;
            while k < self.items.len() && self.offsets[k] < viewport.max.y {
                let rect = Rect::from_min_size(
                    origin + Vec2::new(0.0, self.offsets[k]),
                    Vec2::new(w, self.heights[k]),
                );
                let mut child = ui.new_child(
                    UiBuilder::new()
                        .max_rect(rect)
                        .id_salt(("row", k))
                        .layout(Layout::top_down(Align::Min)),
                );
                match self.items[k] {
                    Item::Folded(a, b) => folded(&mut child, o, a, b, &mut rc),
                    Item::Segment(i, keep) => {
                        if !keep {
                            child.multiply_opacity(0.4);
                        }
                        mt_focused |= segment_row(&mut child, o, i, editor, &mut rc);
                    }
                }
                let h = child.min_rect().height() + ui.spacing().item_spacing.y;
                if !self.measured[k] || (h - self.heights[k]).abs() > 0.5 {
                    changed |= (h - self.heights[k]).abs() > 0.5;
                    self.heights[k] = h;
                    self.measured[k] = true;
                }
                k += 1;
            }
            if changed {
                self.offsets_dirty = true;
                ui.ctx().request_repaint();
            }
            first..k
        });
        self.visible = out.inner;
        self.viewport_h = out.inner_rect.height();
        editor.mt_focused = mt_focused;
    }
}

/// The notices above the document: unsaved work of an earlier session, missing glyphs.
fn notices(ui: &mut egui::Ui, o: &OpenDoc, cmds: &mut Vec<Command>) {
    let warn = Color32::from_rgb(0xe6, 0x51, 0x00);
    if o.recovery {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new("Work from an earlier session was not saved; it was autosaved.")
                    .color(warn),
            );
            if ui.button("Restore the autosaved work").clicked() {
                cmds.push(Command::RestoreRecovery);
            }
        });
        ui.separator();
    }
    if let Some(missing) = o.missing_glyphs.as_deref().filter(|m| !m.is_empty()) {
        ui.label(RichText::new(missing_glyphs_note(missing)).color(warn));
        ui.separator();
    }
}

/// Whether segment `i` starts a paragraph.
fn starts_paragraph(o: &OpenDoc, i: usize) -> bool {
    i == 0 || o.doc.segments[i].paragraph != o.doc.segments[i - 1].paragraph
}

/// Whether segment `i` reads as a heading: alone in its paragraph, short, without a final
/// stop.
fn is_heading(o: &OpenDoc, i: usize) -> bool {
    let s = &o.doc.segments[i];
    let alone = o
        .doc
        .paragraphs
        .get(s.paragraph)
        .is_some_and(|p| p.segment_count == 1);
    let t = s.text.trim();
    alone
        && !t.is_empty()
        && t.chars().count() <= 90
        && !t.ends_with(['.', '!', '?', ':', ';', ',', '…', '"', '»', '”'])
}

fn folded(ui: &mut egui::Ui, o: &OpenDoc, a: usize, b: usize, rc: &mut RowCtx<'_>) {
    let n = b - a;
    let text = format!(
        "⋯ {n} segment{} left out by the filter ({} – {})",
        if n == 1 { "" } else { "s" },
        o.doc.segments[a].id,
        o.doc.segments[b - 1].id
    );
    if ui
        .add(egui::Button::new(RichText::new(text).weak()).frame(false))
        .on_hover_text("Show them: clear the filter or untick Fold")
        .clicked()
    {
        rc.cmds.push(Command::SelectSegment(a));
    }
}

/// One segment's row; the current one is expanded. Returns whether its MT has the focus.
fn segment_row(
    ui: &mut egui::Ui,
    o: &OpenDoc,
    i: usize,
    editor: &mut EditorState,
    rc: &mut RowCtx<'_>,
) -> bool {
    let seg = &o.doc.segments[i];
    if starts_paragraph(o, i) {
        ui.add_space(6.0);
        ui.separator();
    }
    // Findings in the text before the segment (blank lines, a glued header …).
    for a in o.document_level_at(i) {
        let selected = o.selected.as_deref() == Some(a.id.as_str());
        let text = format!(
            "¶ {} · {} · «{}»",
            a.category,
            a.severity,
            super::super::paint::shown_quote(&a.anchor.quote)
        );
        if ui
            .selectable_label(selected, RichText::new(text).small())
            .on_hover_text(tooltip(a))
            .clicked()
        {
            rc.cmds.push(Command::SelectAnnotation(a.id.clone()));
        }
    }
    let current = i == o.segment;
    let mut focused = false;
    let frame = if current {
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .stroke(ui.visuals().selection.stroke)
            .inner_margin(4.0)
            .corner_radius(4.0)
    } else {
        egui::Frame::new().inner_margin(egui::Margin::symmetric(4, 1))
    };
    frame.show(ui, |ui| {
        let id_text = RichText::new(seg.id.as_str()).small().monospace();
        let id = if current {
            ui.label(id_text.strong())
        } else {
            ui.add(egui::Label::new(id_text.weak()).sense(egui::Sense::click()))
        };
        if id.clicked() {
            rc.cmds.push(Command::SelectSegment(i));
        }
        if current {
            let mut cmds = current_row(ui, o, editor);
            rc.cmds.append(&mut cmds);
            focused = editor.mt_focused;
            return;
        }
        let heading = is_heading(o, i);
        let anns = o.annotations_of(i);
        let (source_anns, mt_anns): (Vec<&Annotation>, Vec<&Annotation>) =
            anns.into_iter().partition(|a| a.on_source);
        let n = if rc.has_source { 3 } else { 2 };
        ui.columns(n, |cols| {
            let mut c = 0;
            if rc.has_source {
                let src = seg.source.clone().or_else(|| {
                    let b = o.doc.bilingual.as_ref()?;
                    let bead = b.beads.iter().find(|x| x.target.contains(&i))?;
                    // The bead's source is shown at its first target segment only.
                    (bead.target.first() == Some(&i)).then(|| b.source_text(bead))
                });
                let marks = o.reviews.spans_of(&seg.id, true);
                let mut job = highlighted_with(
                    src.as_deref().unwrap_or(""),
                    &source_anns,
                    &marks,
                    o.selected.as_deref(),
                    rc.dark,
                    rc.font.clone(),
                    rc.fg,
                );
                job.wrap.max_width = cols[0].available_width();
                cols[0].add(egui::Label::new(job).wrap());
                c = 1;
            }
            let (mt_col, rest) = cols[c..].split_at_mut(1);
            focused = mt_text(&mut mt_col[0], o, i, &mt_anns, heading, editor, rc);
            let corrected = o.session.set.corrected(&seg.id, &seg.text);
            let corr = &mut rest[0];
            if corrected != seg.text.as_str() {
                corr.add(egui::Label::new(RichText::new(corrected)).wrap());
            } else if !mt_anns.is_empty() {
                corr.label(RichText::new("unchanged").weak().small());
            }
        });
    });
    focused
}

/// The MT of a row that is not current: read-only text, selectable (a drag selects a span
/// to annotate, on whole words), a click on a highlight selects its annotation.
fn mt_text(
    ui: &mut egui::Ui,
    o: &OpenDoc,
    i: usize,
    anns: &[&Annotation],
    heading: bool,
    editor: &mut EditorState,
    rc: &mut RowCtx<'_>,
) -> bool {
    let seg = &o.doc.segments[i];
    let marks = o.reviews.spans_of(&seg.id, false);
    let mut font = rc.font.clone();
    if heading {
        font.size *= 1.15;
    }
    let mut job = highlighted_with(
        &seg.text,
        anns,
        &marks,
        o.selected.as_deref(),
        rc.dark,
        font,
        rc.fg,
    );
    if heading {
        for s in job.sections.iter_mut() {
            s.format.color = ui.visuals().strong_text_color();
        }
    }
    let out = highlighted_field(ui, &seg.text, &job, anns, rc.rtl, ("mt", i), true);
    let response = egui::Response::clone(&out.response);
    let range = out.cursor_range.map(|r| {
        let [a, b] = r.sorted_cursors();
        (usize::from(a.index), usize::from(b.index))
    });
    match range {
        // A drag selected words: the row becomes current with the selection, to annotate.
        Some((a, b))
            if b > a
                && !response.dragged()
                && (response.drag_stopped() || response.has_focus())
                && !response.clicked() =>
        {
            let (a, b) = mtqa_core::text::words::snap_to_words(&seg.text, a, b);
            editor.selection = Some(Selection {
                segment: i,
                start: a,
                end: b,
            });
            rc.cmds.push(Command::SelectSegment(i));
        }
        _ if response.clicked() => {
            let hit = response
                .interact_pointer_pos()
                .map(|p| annotations_at(anns, char_at(&out, p)))
                .and_then(|h| h.first().map(|a| a.id.clone()));
            match hit {
                Some(id) => rc.cmds.push(Command::SelectAnnotation(id)),
                None => rc.cmds.push(Command::SelectSegment(i)),
            }
        }
        _ => {}
    }
    response.has_focus()
}
