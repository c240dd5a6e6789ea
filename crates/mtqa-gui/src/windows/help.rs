//! The shortcuts window (F1), written from the shortcut table.

use egui::RichText;

use super::super::keys::SHORTCUTS;

/// Draws the shortcuts.
pub fn window(ctx: &egui::Context) {
    egui::Window::new("Shortcuts")
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("keys").show(ui, |ui| {
                for s in SHORTCUTS {
                    ui.label(RichText::new(s.label).monospace());
                    ui.label(s.what);
                    ui.end_row();
                }
            });
        });
}
