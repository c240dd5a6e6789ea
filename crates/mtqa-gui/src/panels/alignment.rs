//! The alignment with the source: the bead of the selected segment and the buttons that
//! fix it (merge, split, link, unlink), and the source sentences left untranslated.

use egui::{Color32, RichText};

use super::super::command::Command;
use super::super::open_doc::OpenDoc;

/// The bead of the selected segment: what it links, and the buttons that fix it.
pub fn bead_controls(
    ui: &mut egui::Ui,
    o: &OpenDoc,
    k: usize,
    bead: &mtqa_core::model::Bead,
    beads: &[mtqa_core::model::Bead],
) -> Vec<Command> {
    let mut cmds = Vec::new();
    use mtqa_core::align::edit;
    let Some(b) = o.doc.bilingual.as_ref() else {
        return cmds;
    };
    let src_ids: Vec<&str> = bead
        .source
        .iter()
        .map(|&i| b.segments[i].0.as_str())
        .collect();
    let tgt_ids: Vec<&str> = bead
        .target
        .iter()
        .map(|&i| o.doc.segments[i].id.as_str())
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "Bead {}: source {} ↔ {}",
                k + 1,
                if src_ids.is_empty() {
                    "—".to_string()
                } else {
                    src_ids.join(", ")
                },
                tgt_ids.join(", ")
            ))
            .weak(),
        );
        if let Ok(n) = edit::merge(beads, k) {
            if ui.button("Merge with next bead").clicked() {
                cmds.push(Command::Realign(n));
            }
        }
        if let Ok(n) = edit::unlink(beads, k) {
            if ui.button("Unlink bead").clicked() {
                cmds.push(Command::Realign(n));
            }
        }
        if let Ok(n) = edit::split(beads, k, 1, 1) {
            if (bead.source.len() > 1 || bead.target.len() > 1) && ui.button("Split bead").clicked()
            {
                cmds.push(Command::Realign(n));
            }
        }
        if k > 0 {
            if let Ok(n) = edit::link(beads, k - 1) {
                if ui.button("Link with previous").clicked() {
                    cmds.push(Command::Realign(n));
                }
            }
        }
    });
    // Source sentences left untranslated just before this one.
    if k > 0 && beads[k - 1].target.is_empty() {
        let missing = beads[k - 1]
            .source
            .iter()
            .map(|&i| b.segments[i].1.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // The omission check reports it at the end of the segment before.
        let flagged = o
            .segment
            .checked_sub(1)
            .and_then(|i| o.doc.segments.get(i))
            .map_or(String::new(), |s| {
                format!(" (the omission is flagged at the end of {})", s.id)
            });
        ui.label(
            RichText::new(format!(
                "Not translated before this sentence: {missing}{flagged}"
            ))
            .color(Color32::from_rgb(0xc6, 0x28, 0x28)),
        );
    }
    cmds
}
