//! The windows over the panels: the annotation picker, export, the unsaved-changes
//! question and the shortcuts. Like panels, they return commands.

pub mod export;
pub mod help;
pub mod picker;
pub mod unsaved;
