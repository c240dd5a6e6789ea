//! The question before unsaved changes are left: save first, go on without saving, or
//! cancel.

use super::super::command::{Command, Pending};

/// Draws the question about `pending` for the report named `report`.
pub fn window(ctx: &egui::Context, pending: &Pending, report: &str) -> Vec<Command> {
    let mut cmds = Vec::new();
    let (what, save, go) = match pending {
        Pending::Open(_) => (
            "opening another report",
            "Save and open",
            "Open without saving",
        ),
        Pending::Close => ("closing", "Save and close", "Close without saving"),
    };
    egui::Window::new("Unsaved changes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!(
                "The annotations of {report} have unsaved changes. Save them before {what}?"
            ));
            ui.horizontal(|ui| {
                if ui.button(save).clicked() {
                    cmds.push(Command::Proceed { save: true });
                }
                if ui.button(go).clicked() {
                    cmds.push(Command::Proceed { save: false });
                }
                if ui.button("Cancel").clicked() {
                    cmds.push(Command::CancelPending);
                }
            });
        });
    cmds
}
