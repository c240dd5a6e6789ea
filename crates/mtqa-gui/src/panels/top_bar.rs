//! The top bar: the report and source fields, Open and Browse, Save, Undo, Redo, Export,
//! the review report, the shortcuts and the theme.

use std::path::PathBuf;

use super::super::command::Command;
use super::super::keys;
use super::super::open_doc::OpenDoc;

/// The paths typed in the top bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenFields {
    /// The report's path.
    pub report: String,
    /// The source document's path (optional).
    pub source: String,
}

/// Draws the top bar.
pub fn ui(ui: &mut egui::Ui, fields: &mut OpenFields, open: Option<&OpenDoc>) -> Vec<Command> {
    let mut cmds = Vec::new();
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for (label, field, hint, width) in [
                ("Report:", &mut fields.report, "path/to/report.txt", 360.0),
                (
                    "Source (optional):",
                    &mut fields.source,
                    "path/to/source.txt",
                    200.0,
                ),
            ] {
                let label = ui.label(label);
                let edit = egui::TextEdit::singleline(field)
                    .hint_text(hint)
                    .desired_width(width);
                ui.add(edit).labelled_by(label.id);
            }
            let source = Some(fields.source.trim())
                .filter(|s| !s.is_empty())
                .map(PathBuf::from);
            if ui.button("Open").clicked() && !fields.report.trim().is_empty() {
                let report = PathBuf::from(fields.report.trim());
                cmds.push(Command::OpenInBackground(report, source.clone()));
            }
            if ui.button("Browse…").clicked() {
                match rfd::FileDialog::new()
                    .set_title("Open a report")
                    .pick_file()
                {
                    Some(p) => cmds.push(Command::OpenInBackground(p, source)),
                    None => cmds.push(Command::Say(
                        "No file chosen (where no file dialog is available, type the path in \
                         the Report field, or drop the file on the window)"
                            .into(),
                    )),
                }
            }
            ui.separator();
            let (dirty, undo, redo) = open.map_or((false, false, false), |o| {
                (
                    o.session.is_dirty(),
                    o.session.can_undo(),
                    o.session.can_redo(),
                )
            });
            for (enabled, text, key, cmd) in [
                (dirty, "Save", keys::SAVE.key_name(0), Command::Save),
                (undo, "Undo", keys::UNDO_REDO.key_name(0), Command::Undo),
                (redo, "Redo", keys::UNDO_REDO.key_name(1), Command::Redo),
            ] {
                let button = ui
                    .add_enabled(enabled, egui::Button::new(text))
                    .on_hover_text(key);
                if button.clicked() {
                    cmds.push(cmd);
                }
            }
            if ui
                .add_enabled(open.is_some(), egui::Button::new("Export…"))
                .clicked()
            {
                cmds.push(Command::ShowExport);
            }
            if ui
                .add_enabled(open.is_some(), egui::Button::new("Review report"))
                .clicked()
            {
                cmds.push(Command::ReviewReport);
            }
            if ui
                .button("Shortcuts")
                .on_hover_text(keys::HELP.label)
                .clicked()
            {
                cmds.push(Command::ToggleHelp);
            }
            let dark_now = ui.ctx().theme() == egui::Theme::Dark;
            let theme = if dark_now {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui.button(theme).clicked() {
                cmds.push(Command::SetTheme { dark: !dark_now });
            }
        });
    });
    cmds
}
