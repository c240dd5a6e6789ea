//! The panels of the main window. Each `ui` takes what it shows (and its own state, such
//! as a text field's buffer) and returns the [`super::command::Command`]s the editor asked
//! for; none changes the report.

pub mod alignment;
pub mod document;
pub mod editor;
pub mod inspector;
pub mod reviewers;
pub mod segment_list;
pub mod start;
pub mod status_bar;
pub mod top_bar;
