//! The status bar: the running job's progress, the open report's figures and save state,
//! and the last message.

use super::super::jobs::{Autosaved, Job};
use super::super::open_doc::OpenDoc;

/// Draws the status bar.
pub fn ui(
    ui: &mut egui::Ui,
    job: Option<&Job>,
    open: Option<&OpenDoc>,
    autosaved: Option<&Autosaved>,
    message: &str,
) {
    let now = ui.input(|i| i.time);
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(job) = job {
                let fraction = job.progress.fraction();
                let mut bar = egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .animate(true);
                if fraction > 0.0 {
                    bar = bar.show_percentage();
                }
                ui.add(bar).on_hover_text(job.path.display().to_string());
                let name = job
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                ui.label(format!("{}… ({name})", job.progress.what()));
                ui.separator();
            }
            if let Some(o) = open {
                let stats = o.stats();
                let langs = match (o.doc.source_code(), o.doc.target_code()) {
                    (Some(s), Some(t)) => format!("{s} to {t}"),
                    (None, Some(t)) => format!("target {t}"),
                    (Some(s), None) => format!("from {s}"),
                    (None, None) => "language unknown".into(),
                };
                let save_state = if !o.session.is_dirty() {
                    "saved".to_string()
                } else {
                    match autosaved {
                        Some(Autosaved {
                            at, result: Ok(()), ..
                        }) => format!("unsaved (autosaved {:.0} s ago)", (now - at).max(0.0)),
                        Some(Autosaved { result: Err(e), .. }) => {
                            format!("unsaved (autosave failed: {e})")
                        }
                        None => "unsaved".into(),
                    }
                };
                ui.label(format!(
                    "{} · {langs} · {} segments · {} open, {} accepted, {} rejected · MQM {:.2} · {save_state}",
                    o.report.file,
                    o.doc.segments.len(),
                    stats.open,
                    stats.accepted,
                    stats.rejected,
                    stats.mqm,
                ));
                ui.separator();
            }
            ui.label(message);
        });
    });
}
