//! What panels, windows and keys ask the app to do. A frame draws, collects the commands
//! and applies them afterwards ([`super::MtqaApp::apply`]): drawing never changes data.

use std::path::PathBuf;

use mtqa_core::annotate::Status;
use mtqa_core::model::Severity;

/// What a panel asks the app to do; applied after drawing.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open a report (with its annotation file), running the checks.
    Open(PathBuf),
    /// Open a report with its source document: both are segmented and aligned.
    OpenWithSource(PathBuf, PathBuf),
    /// Open a report (and optionally its source) on a worker thread.
    OpenInBackground(PathBuf, Option<PathBuf>),
    /// Open the sample report bundled with mtqa (copied to the sample folder first).
    OpenSample,
    /// Replace the alignment with the source (merge, split, link, unlink of beads).
    Realign(Vec<mtqa_core::model::Bead>),
    /// Select a segment.
    SelectSegment(usize),
    /// Select an annotation.
    SelectAnnotation(String),
    /// Next / previous annotation in document order.
    Next,
    /// Previous annotation.
    Prev,
    /// Accept / reject the selected annotation.
    SetStatus(Status),
    /// Apply the selected annotation's fix.
    ApplyFix,
    /// Change the selected annotation's severity.
    SetSeverity(Severity),
    /// Replace the corrected text of the selected segment (typing).
    EditCorrection(String),
    /// Add an annotation on the selected segment.
    Annotate(NewSpan),
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Save the annotation file.
    Save,
    /// Show or hide the shortcuts.
    ToggleHelp,
    /// Export the report in a format to a path.
    Export(mtqa_core::formats::ExportFormat, PathBuf),
    /// Write the HTML review report beside the report and open it in the browser.
    ReviewReport,
    /// Answer the unsaved-changes question: save first (true) or go on without saving.
    Proceed {
        /// Save the annotations before going on.
        save: bool,
    },
    /// Keep the unsaved changes and do nothing (the question's Cancel).
    CancelPending,
    /// Make the autosave of an earlier session the annotations (the current ones are kept
    /// beside them) and reopen the report.
    RestoreRecovery,
    /// Open the export window.
    ShowExport,
    /// Switch to the dark (true) or light theme.
    SetTheme {
        /// Dark.
        dark: bool,
    },
    /// Show a message in the status bar.
    Say(String),
    /// Put the keyboard focus in the MT text (to select exact characters).
    FocusMt,
    /// Open the annotation picker on the selection in the MT text.
    OpenPicker,
    /// Add a reviewer's annotation file of the open report (shown beside the others, for
    /// adjudication).
    AddReviewer(PathBuf),
    /// Choose a reviewer's annotation file in a file dialog.
    PickReviewer,
    /// Select the next (or previous) disagreement between reviewers.
    StepDisagreement {
        /// Forward.
        forward: bool,
    },
    /// Select a disagreement (a cluster's position in the list).
    SelectDisagreement(usize),
    /// Settle the selected disagreement.
    Settle(Settle),
    /// Take every span all reviewers agree on into the adjudicated annotations.
    AdoptAgreed,
    /// Fold (true) or dim the rows the filter excludes in the document view.
    FoldExcluded(bool),
}

/// How the selected disagreement is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Keep the version of the reviewer at this position (A = 0).
    Keep(usize),
    /// Keep every reviewer's spans.
    KeepAll,
    /// Annotate the span one's own way (the picker opens on it).
    Edit,
    /// None is an error.
    Reject,
}

impl Command {
    /// Commands that replace the open report: they ask first when there is unsaved work.
    pub fn is_opening(&self) -> bool {
        match self {
            Command::Open(_)
            | Command::OpenWithSource(..)
            | Command::OpenInBackground(..)
            | Command::OpenSample => true,
            Command::Realign(_)
            | Command::SelectSegment(_)
            | Command::SelectAnnotation(_)
            | Command::Next
            | Command::Prev
            | Command::SetStatus(_)
            | Command::ApplyFix
            | Command::SetSeverity(_)
            | Command::EditCorrection(_)
            | Command::Annotate(_)
            | Command::Undo
            | Command::Redo
            | Command::Save
            | Command::ToggleHelp
            | Command::Export(..)
            | Command::ReviewReport
            | Command::Proceed { .. }
            | Command::CancelPending
            | Command::RestoreRecovery
            | Command::ShowExport
            | Command::SetTheme { .. }
            | Command::Say(_)
            | Command::FocusMt
            | Command::OpenPicker
            | Command::AddReviewer(_)
            | Command::PickReviewer
            | Command::StepDisagreement { .. }
            | Command::SelectDisagreement(_)
            | Command::Settle(_)
            | Command::AdoptAgreed
            | Command::FoldExcluded(_) => false,
        }
    }
}

/// A span the editor annotates on the selected segment's MT.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSpan {
    /// Start (chars).
    pub start: usize,
    /// End (chars).
    pub end: usize,
    /// Category.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// Comment.
    pub comment: String,
    /// Replacement of the span, applied to the corrected text.
    pub correction: Option<String>,
    /// The disagreement this span settles (the adjudicator's own version), by its key.
    pub settles: Option<String>,
}

/// What waits for the editor's answer about unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Opening another report.
    Open(Box<Command>),
    /// Closing the window.
    Close,
}
