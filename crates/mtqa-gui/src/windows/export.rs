//! The export window: a format (from the formats' own table) and a path.

use std::path::{Path, PathBuf};

use egui::{Key, RichText};

use super::super::command::Command;
use mtqa_core::formats::ExportFormat;

/// The export window's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDialog {
    /// The chosen format.
    pub format: ExportFormat,
    /// Where to write.
    pub path: String,
}

impl ExportDialog {
    /// The window for `report`: the first format the report can be exported to (XLIFF and
    /// TMX pair source and target: without a source, TSV), to a file beside it.
    pub fn new(report: &Path, has_source: bool) -> ExportDialog {
        let format = ExportFormat::ALL
            .iter()
            .copied()
            .find(|f| has_source || !f.needs_source())
            .unwrap_or(ExportFormat::Tsv);
        let mut path = report.as_os_str().to_owned();
        path.push(".");
        path.push(format.extension());
        ExportDialog {
            format,
            path: PathBuf::from(path).display().to_string(),
        }
    }

    /// Chooses another format: the path's ending follows.
    pub fn choose(&mut self, format: ExportFormat) {
        let base = self
            .path
            .rsplit_once('.')
            .map_or(self.path.clone(), |(b, _)| b.to_string());
        let base = ExportFormat::ALL
            .iter()
            .filter_map(|f| f.extension().rsplit_once('.'))
            .find_map(|(stem, _)| base.strip_suffix(&format!(".{stem}")))
            .unwrap_or(&base)
            .to_string();
        self.path = format!("{base}.{}", format.extension());
        self.format = format;
    }
}

/// Draws the window; returns whether it stays open, and the commands.
pub fn window(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    has_source: bool,
) -> (bool, Vec<Command>) {
    let mut cmds = Vec::new();
    let mut keep = !ctx.input(|i| i.key_pressed(Key::Escape));
    egui::Window::new("Export")
        .collapsible(false)
        .show(ctx, |ui| {
            for format in ExportFormat::ALL {
                let available = has_source || !format.needs_source();
                let radio = ui
                    .add_enabled(
                        available,
                        egui::RadioButton::new(dialog.format == format, format.label()),
                    )
                    .on_disabled_hover_text(
                        "Pairs source and target: open the report with its source document \
                         (the Source field) to export it this way.",
                    );
                if radio.clicked() {
                    dialog.choose(format);
                }
            }
            if !has_source {
                ui.label(
                    RichText::new(
                        "XLIFF and TMX pair source and target: open the report with its \
                         source document to export them.",
                    )
                    .weak(),
                );
            }
            let l = ui.label("Export to");
            ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0))
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                if ui.button("Export").clicked() {
                    cmds.push(Command::Export(dialog.format, PathBuf::from(&dialog.path)));
                    keep = false;
                }
                if ui.button("Choose file…").clicked() {
                    if let Some(p) = rfd::FileDialog::new().save_file() {
                        dialog.path = p.display().to_string();
                    }
                }
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
        });
    (keep, cmds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_follows_the_format() {
        let mut d = ExportDialog::new(Path::new("/r/report.txt"), false);
        assert_eq!(d.format, ExportFormat::Tsv);
        assert_eq!(d.path, "/r/report.txt.tsv");
        d.choose(ExportFormat::Text);
        assert_eq!(d.path, "/r/report.txt.corrected.txt");
        d.choose(ExportFormat::MqmTsv);
        assert_eq!(d.path, "/r/report.txt.mqm.tsv");
        d.choose(ExportFormat::Jsonl);
        assert_eq!(d.path, "/r/report.txt.jsonl");
        let d = ExportDialog::new(Path::new("/r/report.txt"), true);
        assert_eq!(d.format, ExportFormat::Xliff);
    }
}
