//! The segment list on the left: the filter, and one row a segment (virtualized: only
//! the rows on screen are laid out).

use std::ops::Range;
use std::sync::Arc;

use egui::RichText;

use super::super::command::Command;
use super::super::open_doc::OpenDoc;
use mtqa_core::annotate::Status;
use mtqa_core::model::Severity;

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

impl Filter {
    /// True when the filter hides some segments.
    pub fn is_active(&self) -> bool {
        self.status.is_some() || self.min_severity > Severity::Neutral || !self.text.is_empty()
    }
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The segment's position.
    pub segment: usize,
    /// How many of its annotations match the filter.
    pub matching: usize,
}

/// Rows computed for a filter at an annotations revision.
struct Rows {
    revision: u64,
    filter: Filter,
    rows: Arc<Vec<Row>>,
}

/// The segment selected last frame, and the rows then on screen.
#[derive(Default)]
struct Shown {
    segment: Option<usize>,
    rows: Range<usize>,
}

/// The list's state between frames.
#[derive(Default)]
pub struct SegmentList {
    /// The filter.
    pub filter: Filter,
    /// The rows, with the filter and the annotations revision they are for.
    rows: Option<Rows>,
    /// What the list showed last frame: when the selection moves elsewhere (next finding,
    /// undo …) the list scrolls to it.
    shown: Shown,
}

impl SegmentList {
    /// Forgets the rows (another report is open).
    pub fn reset(&mut self) {
        self.rows = None;
        self.shown = Shown::default();
    }

    /// The rows for the current filter, recomputed only when the annotations or the filter
    /// change.
    pub fn rows(&mut self, o: &OpenDoc) -> Arc<Vec<Row>> {
        let revision = o.session.annotations_revision();
        if let Some(r) = &self.rows {
            if r.revision == revision && r.filter == self.filter {
                return r.rows.clone();
            }
        }
        let rows = Arc::new(rows(o, &self.filter));
        self.rows = Some(Rows {
            revision,
            filter: self.filter.clone(),
            rows: rows.clone(),
        });
        rows
    }

    /// Draws the list.
    pub fn ui(&mut self, ui: &mut egui::Ui, o: &OpenDoc) -> Vec<Command> {
        let mut cmds = Vec::new();
        let rows = self.rows(o);
        let mut filter = self.filter.clone();
        egui::Panel::left("segments")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                ui.label(RichText::new("Segments").strong());
                filter_ui(ui, &mut filter);
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
                let shown = &self.shown.rows;
                if self.shown.segment != Some(o.segment) {
                    if let Ok(r) = rows.binary_search_by_key(&o.segment, |x| x.segment) {
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
                    for row in &rows[range] {
                        let s = &o.doc.segments[row.segment];
                        let preview: String = s.text.chars().take(fits).collect();
                        let label = if row.matching > 0 {
                            format!("{} ({}) {preview}", s.id, row.matching)
                        } else {
                            format!("{} {preview}", s.id)
                        };
                        if ui
                            .selectable_label(row.segment == o.segment, label)
                            .clicked()
                        {
                            cmds.push(Command::SelectSegment(row.segment));
                        }
                    }
                });
                self.shown = Shown {
                    segment: Some(o.segment),
                    rows: visible,
                };
            });
        self.filter = filter;
        cmds
    }
}

fn filter_ui(ui: &mut egui::Ui, filter: &mut Filter) {
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
    ui.add(egui::TextEdit::singleline(&mut filter.text).hint_text("e.g. punctuation, calque"))
        .labelled_by(l.id);
}

/// The rows of the list for a filter: every segment when it is inactive, else those with
/// at least one matching annotation.
fn rows(o: &OpenDoc, f: &Filter) -> Vec<Row> {
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
    let active = f.is_active();
    counts
        .into_iter()
        .enumerate()
        .filter(|(_, n)| !active || *n > 0)
        .map(|(segment, matching)| Row { segment, matching })
        .collect()
}
