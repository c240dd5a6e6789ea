//! The keyboard shortcuts: one table drives the key handling, the F1 help and the keys
//! named on buttons ("Accept (A)").

use egui::Key;

use super::command::{Command, Settle};
use mtqa_core::annotate::Status;
use mtqa_core::model::Severity;

/// Which modifiers a shortcut needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mods {
    /// No Ctrl/Cmd, no Shift (Alt is not looked at).
    None,
    /// Shift, without Ctrl/Cmd.
    Shift,
    /// Ctrl (Cmd on macOS), without Shift.
    Command,
    /// Ctrl (Cmd on macOS) and Shift.
    CommandShift,
    /// Any: the key works with or without modifiers.
    Any,
}

/// One line of the shortcut table.
pub struct Shortcut {
    /// The keys as the help and the buttons name them.
    pub label: &'static str,
    /// What they do, as the help says it.
    pub what: &'static str,
    /// The keys that trigger it; empty when a widget handles them (the picker, text fields).
    pub keys: &'static [(Mods, Key)],
    /// The command of the `k`-th key of `keys`.
    pub command: fn(usize) -> Command,
}

fn none(_: usize) -> Command {
    Command::Say(String::new())
}

/// Next and previous finding.
pub const NEXT_PREV: Shortcut = Shortcut::new(
    "N / P",
    "next / previous finding",
    &[(Mods::None, Key::N), (Mods::None, Key::P)],
    |k| if k == 0 { Command::Next } else { Command::Prev },
);
/// Accept the selected annotation.
pub const ACCEPT: Shortcut = Shortcut::new("A", "accept", &[(Mods::None, Key::A)], |_| {
    Command::SetStatus(Status::Accepted)
});
/// Reject the selected annotation.
pub const REJECT: Shortcut = Shortcut::new("R", "reject", &[(Mods::None, Key::R)], |_| {
    Command::SetStatus(Status::Rejected)
});
/// Apply the selected annotation's fix.
pub const FIX: Shortcut = Shortcut::new(
    "F",
    "apply the suggested fix",
    &[(Mods::None, Key::F)],
    |_| Command::ApplyFix,
);
/// Put the cursor in the MT text.
pub const FOCUS_MT: Shortcut = Shortcut::new(
    "M",
    "put the cursor in the MT text",
    &[(Mods::None, Key::M)],
    |_| Command::FocusMt,
);
/// Annotate the selection.
pub const ANNOTATE: Shortcut = Shortcut::new(
    "E",
    "annotate the selection",
    &[(Mods::None, Key::E)],
    |_| Command::OpenPicker,
);
/// Severity of the selected finding.
pub const SEVERITY: Shortcut = Shortcut::new(
    "1–4",
    "severity: of the selected finding, or in the picker",
    &[
        // With or without Shift: digits need it on some keyboards (AZERTY).
        (Mods::Any, Key::Num1),
        (Mods::Any, Key::Num2),
        (Mods::Any, Key::Num3),
        (Mods::Any, Key::Num4),
    ],
    |k| Command::SetSeverity(Severity::ALL[k.min(3)]),
);
/// Undo and redo.
pub const UNDO_REDO: Shortcut = Shortcut::new(
    "Ctrl+Z / Ctrl+Shift+Z",
    "undo / redo",
    &[(Mods::Command, Key::Z), (Mods::CommandShift, Key::Z)],
    |k| if k == 0 { Command::Undo } else { Command::Redo },
);
/// Save.
pub const SAVE: Shortcut = Shortcut::new("Ctrl+S", "save", &[(Mods::Command, Key::S)], |_| {
    Command::Save
});
/// The help.
pub const HELP: Shortcut = Shortcut::new("F1", "this help", &[(Mods::Any, Key::F1)], |_| {
    Command::ToggleHelp
});
/// Choose a category in the picker, and add.
pub const PICK: Shortcut = Shortcut::new("↑ / ↓, Enter", "choose the category, add", &[], none);
/// Add the annotation (in the picker).
pub const ADD: Shortcut = Shortcut::new("Enter", "add the annotation", &[], none);
/// Leave a field, close a window.
pub const ESCAPE: Shortcut =
    Shortcut::new("Esc", "leave a text field, close the picker", &[], none);
/// Select in the MT text.
pub const SELECT: Shortcut = Shortcut::new("Shift+arrows", "select in the MT text", &[], none);

/// Next and previous disagreement between reviewers.
pub const DISAGREEMENT: Shortcut = Shortcut::new(
    "D / Shift+D",
    "next / previous disagreement between reviewers",
    &[(Mods::None, Key::D), (Mods::Shift, Key::D)],
    |k| Command::StepDisagreement { forward: k == 0 },
);
/// Keep one reviewer's version of the selected disagreement.
pub const KEEP: Shortcut = Shortcut::new(
    "Shift+A / B / C",
    "settle: keep reviewer A's (B's, C's) version",
    &[
        (Mods::Shift, Key::A),
        (Mods::Shift, Key::B),
        (Mods::Shift, Key::C),
    ],
    |k| Command::Settle(Settle::Keep(k)),
);
/// Keep every reviewer's version.
pub const KEEP_ALL: Shortcut = Shortcut::new(
    "Shift+K",
    "settle: keep every reviewer's spans",
    &[(Mods::Shift, Key::K)],
    |_| Command::Settle(Settle::KeepAll),
);
/// Mark it yourself.
pub const SETTLE_EDIT: Shortcut = Shortcut::new(
    "Shift+E",
    "settle: annotate the span your own way",
    &[(Mods::Shift, Key::E)],
    |_| Command::Settle(Settle::Edit),
);
/// Reject every version.
pub const SETTLE_REJECT: Shortcut = Shortcut::new(
    "Shift+X",
    "settle: reject, not an error",
    &[(Mods::Shift, Key::X)],
    |_| Command::Settle(Settle::Reject),
);

/// Every shortcut, in the order the help lists them.
pub const SHORTCUTS: &[&Shortcut] = &[
    &NEXT_PREV,
    &ACCEPT,
    &REJECT,
    &FIX,
    &FOCUS_MT,
    &SELECT,
    &ANNOTATE,
    &SEVERITY,
    &PICK,
    &ESCAPE,
    &UNDO_REDO,
    &SAVE,
    &DISAGREEMENT,
    &KEEP,
    &KEEP_ALL,
    &SETTLE_EDIT,
    &SETTLE_REJECT,
    &HELP,
];

impl Shortcut {
    /// A line of the table.
    const fn new(
        label: &'static str,
        what: &'static str,
        keys: &'static [(Mods, Key)],
        command: fn(usize) -> Command,
    ) -> Shortcut {
        Shortcut {
            label,
            what,
            keys,
            command,
        }
    }

    /// The name of its `k`-th key, as a tooltip says it: `Ctrl+Shift+Z`.
    pub fn key_name(&self, k: usize) -> String {
        let Some(&(mods, key)) = self.keys.get(k) else {
            return self.label.to_string();
        };
        let prefix = match mods {
            Mods::Command => "Ctrl+",
            Mods::CommandShift => "Ctrl+Shift+",
            Mods::Shift => "Shift+",
            Mods::None | Mods::Any => "",
        };
        format!("{prefix}{}", key.name())
    }
}

/// A button's text with its shortcut: `Accept (A)`.
pub fn labelled(text: &str, s: &Shortcut) -> String {
    format!("{text} ({})", s.label)
}

/// The commands of the shortcuts pressed in this frame. `keyboard_free`: no text field
/// takes the keys (the single-key shortcuts would type into it otherwise); F1 and the
/// Ctrl shortcuts work everywhere but in the picker, which passes `false` for them too.
pub fn pressed(i: &egui::InputState, keyboard_free: bool) -> Vec<Command> {
    let mut out = Vec::new();
    if !keyboard_free {
        return out;
    }
    for s in SHORTCUTS {
        for (k, &(mods, key)) in s.keys.iter().enumerate() {
            let m = i.modifiers;
            let held = match mods {
                Mods::None => !m.command && !m.shift,
                Mods::Shift => !m.command && m.shift,
                Mods::Command => m.command && !m.shift,
                Mods::CommandShift => m.command && m.shift,
                Mods::Any => true,
            };
            if held && i.key_pressed(key) {
                out.push((s.command)(k));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_bound_once_and_every_bound_shortcut_has_a_command() {
        let mut seen = std::collections::HashSet::new();
        for s in SHORTCUTS {
            for (k, &(mods, key)) in s.keys.iter().enumerate() {
                assert!(
                    seen.insert((mods, key)),
                    "{:?} {key:?} is bound twice",
                    mods
                );
                assert_ne!((s.command)(k), Command::Say(String::new()), "{}", s.label);
            }
        }
        assert_eq!(labelled("Accept", &ACCEPT), "Accept (A)");
        assert_eq!(
            (SEVERITY.command)(2),
            Command::SetSeverity(Severity::ALL[2])
        );
    }
}
