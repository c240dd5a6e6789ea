//! The inspector on the right: the findings and annotations of the selected segment (and
//! those in the text just before it), the selected one's details and buttons; with
//! several reviewers, their disagreements first.

use egui::{Color32, RichText};

use super::super::command::Command;
use super::super::keys;
use super::super::open_doc::OpenDoc;
use super::super::paint::shown_quote;
use mtqa_core::annotate::{Annotation, Status};
use mtqa_core::checks::glossary::{Glossary, GlossaryIndex};

/// Draws the inspector.
pub fn ui(ui: &mut egui::Ui, o: &OpenDoc, reviewer_field: &mut String) -> Vec<Command> {
    let mut cmds = Vec::new();
    let seg = &o.doc.segments[o.segment];
    let before = o.document_level_at(o.segment);
    let anns = o.annotations_of(o.segment);
    egui::Panel::right("inspector")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                cmds.extend(super::reviewers::ui(ui, o, reviewer_field));
                let selected = o.selected.as_deref();
                if !before.is_empty() {
                    ui.label(RichText::new(format!("In the text before {}", seg.id)).strong());
                    for a in &before {
                        annotation_row(ui, a, selected, &mut cmds);
                    }
                }
                ui.label(RichText::new(format!("Findings and annotations of {}", seg.id)).strong());
                for a in &anns {
                    annotation_row(ui, a, selected, &mut cmds);
                }
                if anns.is_empty() {
                    ui.label("Nothing found here.");
                }
            });
        });
    cmds
}

/// One annotation: a selectable line; when selected, its message, comment and suggestion
/// with accept, reject and apply-fix buttons.
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
        if ui.button(keys::labelled("Accept", &keys::ACCEPT)).clicked() {
            cmds.push(Command::SetStatus(Status::Accepted));
        }
        if ui.button(keys::labelled("Reject", &keys::REJECT)).clicked() {
            cmds.push(Command::SetStatus(Status::Rejected));
        }
        if a.correction.is_some() && ui.button(keys::labelled("Apply fix", &keys::FIX)).clicked() {
            cmds.push(Command::ApplyFix);
        }
    });
    ui.separator();
}

/// The glossary terms of the current segment's source and how the MT renders them.
pub fn glossary_ui(ui: &mut egui::Ui, o: &OpenDoc, g: &Glossary, index: &GlossaryIndex) {
    let seg = &o.doc.segments[o.segment];
    let source = seg.source.clone().or_else(|| {
        let b = o.doc.bilingual.as_ref()?;
        let (_, bead) = o.current_bead()?;
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
