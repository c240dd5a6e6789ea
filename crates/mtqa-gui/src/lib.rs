//! The mtqa desktop app: an eframe/egui window over `mtqa-core`, in rooms:
//! - [`app`]: the state and one frame as a table of contents;
//! - [`command`]: what panels, windows and keys ask for; `apply.rs` carries it out through
//!   the core (`annotate::Op` via a `Session`, `project::save`, `formats::export`);
//! - [`open_doc`]: the open report, its session and its indexes;
//! - [`jobs`]: work on worker threads (open, save, export, review report, autosave);
//! - [`reviews`]: several reviewers' files, their disagreements and agreement;
//! - [`keys`]: the shortcut table; [`fonts`], [`paint`]: fonts and highlighted text;
//! - [`panels`] and [`windows`]: what is drawn; they return commands.
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod adjudication;
pub mod app;
mod apply;
pub mod command;
pub mod fonts;
pub mod jobs;
pub mod keys;
pub mod open_doc;
pub mod paint;
pub mod panels;
pub mod reviews;
pub mod windows;

pub use app::{MtqaApp, Prefs};
pub use command::{Command, Pending};

use std::path::PathBuf;

/// The application id: the desktop entry's name and the window's class.
pub const APP_ID: &str = "mtqa";

/// The window icon: packaging/icons/256x256/mtqa.png, rendered from mtqa.svg.
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../../packaging/icons/256x256/mtqa.png"))
        .ok()
}

/// Opens the app, on `report` if given, with other reviewers' annotation files of it. With `quit_after_frames`, closes itself after that
/// many frames (a smoke test of the real window, used in CI under Xvfb).
pub fn run(
    report: Option<PathBuf>,
    source: Option<PathBuf>,
    glossary: Option<mtqa_core::checks::glossary::Glossary>,
    reviewers: Vec<PathBuf>,
    quit_after_frames: Option<u64>,
) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_inner_size([1280.0, 800.0])
        .with_title("mtqa")
        // The desktop entry is mtqa.desktop: docks group the window under it (Wayland's
        // app_id, X11's WM_CLASS); eframe also keeps its storage under this name.
        .with_app_id(APP_ID);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "mtqa",
        options,
        Box::new(move |cc| {
            let mut app = app::MtqaApp::new(cc);
            app.quit_after_frames = quit_after_frames;
            app.glossary = glossary.map(std::sync::Arc::new);
            app.reviewers_to_add = reviewers;
            // The window shows at once; the report loads on a worker thread with a progress bar.
            if let Some(p) = report {
                app.apply(Command::OpenInBackground(p, source));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
