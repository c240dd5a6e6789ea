//! The annotation picker: a new annotation on the selected words: category (type to
//! filter, Up/Down, Enter), severity (1–4), comment and correction.

use egui::{Key, RichText};

use super::super::keys;
use super::super::paint::ellipsis;
use mtqa_core::annotate::typology::Typology;
use mtqa_core::model::Severity;

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
    /// The disagreement the new span settles, by key (Shift+E on a disagreement).
    pub settles: Option<String>,
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
            settles: None,
            focus_filter: true,
            comment_id: None,
            correction_id: None,
        }
    }
}

/// The annotation picker: category (type to filter, Up/Down, Enter), severity (1–4),
/// comment and correction. Returns (still open, chosen category).
pub fn window(
    ctx: &egui::Context,
    p: &mut Picker,
    quote: &str,
    typology: &Typology,
) -> (bool, Option<String>) {
    let mut keep = true;
    let mut chosen = None;
    let matches: Vec<&str> = typology
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
                                if let Some(d) = c.to_digit(10).filter(|d| (1..=4).contains(d)) {
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
                let add = ui.add_enabled(
                    !matches.is_empty(),
                    egui::Button::new(keys::labelled("Add", &keys::ADD)),
                );
                if add.clicked() || enter || submit {
                    chosen = matches.get(p.highlight).map(|c| (*c).to_string());
                }
                if ui.button(keys::labelled("Cancel", &keys::ESCAPE)).clicked() {
                    keep = false;
                }
            });
        });
    (keep, chosen)
}

impl Picker {
    /// The command that adds the annotation the picker describes, in `category`.
    pub fn annotate(&self, category: String) -> super::super::command::Command {
        super::super::command::Command::Annotate(super::super::command::NewSpan {
            start: self.start,
            end: self.end,
            category,
            severity: self.severity,
            comment: self.comment.trim().to_string(),
            correction: (!self.correction.is_empty()).then(|| self.correction.clone()),
            settles: self.settles.clone(),
        })
    }
}
