//! The Reviewers section of the inspector: add another reviewer's annotation file of the
//! report, each reviewer's colour and figures, agreement per pair (live, with the
//! adjudicated result), the disagreements and how to settle the selected one.

use egui::{Color32, RichText};

use super::super::command::{Command, Settle};
use super::super::keys;
use super::super::open_doc::OpenDoc;
use super::super::paint::{ellipsis, shown_quote};
use super::super::reviews::{colour, letter};
use mtqa_core::adjudicate::ADJUDICATED;

/// Draws the section; `field` is the path typed to add a reviewer.
pub fn ui(ui: &mut egui::Ui, o: &OpenDoc, field: &mut String) -> Vec<Command> {
    let mut cmds = Vec::new();
    let r = &o.reviews;
    let dark = ui.ctx().theme() == egui::Theme::Dark;
    let title = if r.is_empty() {
        "Reviewers".to_string()
    } else {
        format!("Reviewers ({})", r.reviewers.len())
    };
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt("reviewers")
        .default_open(true)
        .show(ui, |ui| {
            add_reviewer(ui, field, &mut cmds);
            if r.is_empty() {
                ui.label(
                    RichText::new(
                        "Add each reviewer's annotation file of this report to compare them \
                         and settle their disagreements into this report's own file.",
                    )
                    .weak(),
                );
                return;
            }
            let figures = r.figures(&o.adjudicated());
            ui.label(
                RichText::new(
                    "Their spans are underlined in their colours; a thick neutral line where \
                     several reviewers marked the same words.",
                )
                .weak()
                .small(),
            );
            for (k, rev) in r.reviewers.iter().enumerate() {
                let f = figures.raters.iter().find(|f| f.name == rev.name);
                ui.horizontal_wrapped(|ui| {
                    swatch(ui, colour(k, dark));
                    ui.label(RichText::new(format!("{} · {}", letter(k), rev.name)).strong())
                        .on_hover_text(rev.path.display().to_string());
                    if let Some(f) = f {
                        ui.label(format!("{} spans · MQM {:.2}", f.spans, f.mqm));
                    }
                });
            }
            if let Some(f) = figures.raters.iter().find(|f| f.name == ADJUDICATED) {
                ui.label(format!(
                    "Adjudicated (this file): {} spans · MQM {:.2}",
                    f.spans, f.mqm
                ));
            }
            ui.label(RichText::new("Agreement").strong());
            for p in &figures.pairs {
                let fmt = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.2}"));
                ui.label(format!(
                    "{} – {}: κ {} · span F1 {} ({} segments)",
                    p.rater_a,
                    p.rater_b,
                    fmt(p.kappa),
                    fmt(p.span_f1),
                    p.segments
                ));
            }
            ui.separator();
            disagreements(ui, o, dark, &mut cmds);
        });
    ui.separator();
    cmds
}

fn swatch(ui: &mut egui::Ui, c: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, c);
}

fn add_reviewer(ui: &mut egui::Ui, field: &mut String, cmds: &mut Vec<Command>) {
    let l = ui.label("Reviewer's annotation file");
    let resp = ui
        .add(egui::TextEdit::singleline(field).hint_text("REPORT.mtqa.json of a reviewer"))
        .labelled_by(l.id);
    let entered = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        if (ui.button("Add reviewer").clicked() || entered) && !field.trim().is_empty() {
            cmds.push(Command::AddReviewer(field.trim().into()));
            field.clear();
        }
        if ui.button("Add a reviewer's file…").clicked() {
            cmds.push(Command::PickReviewer);
        }
    });
}

fn disagreements(ui: &mut egui::Ui, o: &OpenDoc, dark: bool, cmds: &mut Vec<Command>) {
    let r = &o.reviews;
    let settled = r.settled_count(&o.adjudicated());
    ui.label(
        RichText::new(format!(
            "Disagreements: {settled} of {} settled",
            r.disagreements.len()
        ))
        .strong(),
    );
    let agreed = r.agreed_open(&o.adjudicated());
    ui.horizontal_wrapped(|ui| {
        if ui.button("Previous (Shift+D)").clicked() {
            cmds.push(Command::StepDisagreement { forward: false });
        }
        if ui.button("Next (D)").clicked() {
            cmds.push(Command::StepDisagreement { forward: true });
        }
        if agreed > 0
            && ui
                .button(format!("Take the {agreed} agreed span(s)"))
                .on_hover_text("Spans every reviewer marked the same way, kept as they are")
                .clicked()
        {
            cmds.push(Command::AdoptAgreed);
        }
    });
    // The list, virtualized (a long report may have thousands).
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("disagreements")
        .max_height(160.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_h, r.disagreements.len(), |ui, range| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for &c in &r.disagreements[range] {
                let cl = &r.clusters[c];
                let mark = if r.is_settled(&o.adjudicated(), c) {
                    "✔"
                } else {
                    "•"
                };
                let who: String = cl.reviewers().iter().map(|&k| letter(k)).collect();
                let kind = cl.kind.map_or("", |k| k.label());
                let text = format!("{mark} {} [{who}] {kind}", cl.segment);
                if ui.selectable_label(r.selected == Some(c), text).clicked() {
                    cmds.push(Command::SelectDisagreement(c));
                }
            }
        });
    let Some(c) = r.selected else {
        ui.label(RichText::new("D goes to the next disagreement.").weak());
        return;
    };
    let cl = &r.clusters[c];
    ui.separator();
    ui.label(
        RichText::new(format!(
            "{} · {}",
            cl.segment,
            cl.kind.map_or("agreed", |k| k.label())
        ))
        .strong(),
    );
    for m in &cl.members {
        let Some(a) = cl.annotation(&r.reviewers, m) else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            swatch(ui, colour(m.reviewer, dark));
            let mut t = format!(
                "{}: {} · {} · «{}»",
                letter(m.reviewer),
                a.category,
                a.severity_label(),
                ellipsis(&shown_quote(&a.anchor.quote), 40)
            );
            if !a.comment.is_empty() {
                t.push_str(&format!(" — {}", a.comment));
            }
            ui.label(t);
        });
    }
    if let Some(d) = r.decision(&o.adjudicated(), c) {
        ui.label(format!(
            "Settled: {} by {} (Ctrl+Z undoes it)",
            d.decision, d.decided_by
        ));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for k in cl.reviewers() {
            let label = format!("Keep {}'s (Shift+{})", r.reviewers[k].name, letter(k));
            if ui.button(label).clicked() {
                cmds.push(Command::Settle(Settle::Keep(k)));
            }
        }
        if cl.reviewers().len() > 1
            && ui
                .button(keys::labelled("Keep all", &keys::KEEP_ALL))
                .clicked()
        {
            cmds.push(Command::Settle(Settle::KeepAll));
        }
        if ui
            .button(keys::labelled("My own version…", &keys::SETTLE_EDIT))
            .clicked()
        {
            cmds.push(Command::Settle(Settle::Edit));
        }
        if ui
            .button(keys::labelled("Reject", &keys::SETTLE_REJECT))
            .clicked()
        {
            cmds.push(Command::Settle(Settle::Reject));
        }
    });
}
