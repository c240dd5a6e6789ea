//! The start screen, before a report is open: the sample, how to open a report, the
//! recent reports.

use std::path::PathBuf;

use egui::RichText;

use super::super::command::Command;
use super::super::keys;

/// Draws the start screen.
pub fn ui(ui: &mut egui::Ui, recent: &[PathBuf]) -> Vec<Command> {
    let mut cmds = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("mtqa — translation-quality annotation");
        ui.label(
            "Open a machine-translated report to see its findings, annotate it and correct it.",
        );
        ui.add_space(12.0);
        if ui.button("Open the bundled sample").clicked() {
            cmds.push(Command::OpenSample);
        }
        ui.add_space(8.0);
        for line in [
            "Type a report's path in the Report field and press Open, choose it with \
             Browse…, or drop it on the window. Add the source document's path to see \
             source, MT and correction side by side."
                .to_string(),
            "Reports: plain text with a metadata header, XLIFF 1.2/2.x, TMX, TSV, JSONL, \
             WMT MQM ratings. Annotations are saved beside the report (REPORT.mtqa.json)."
                .to_string(),
            format!(
                "Press {} at any time for the keyboard shortcuts.",
                keys::HELP.label
            ),
        ] {
            ui.label(RichText::new(line).weak());
        }
        if !recent.is_empty() {
            ui.add_space(12.0);
            ui.label(RichText::new("Recent").strong());
            for p in recent {
                if ui.link(p.display().to_string()).clicked() {
                    cmds.push(Command::OpenInBackground(p.clone(), None));
                }
            }
        }
    });
    cmds
}
