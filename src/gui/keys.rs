//! The keyboard shortcuts: one table drives the key handling, the F1 help and the keys
//! named on buttons ("Accept (A)").

use egui::Key;

use super::command::Command;
use crate::annotate::Status;
use crate::model::Severity;

/// Which modifiers a shortcut needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mods {
    /// No Ctrl/Cmd (Shift and Alt are not looked at).
    None,
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
pub const NEXT_PREV: Shortcut = Shortcut {
    label: "N / P",
    what: "next / previous finding",
    keys: &[(Mods::None, Key::N), (Mods::None, Key::P)],
    command: |k| if k == 0 { Command::Next } else { Command::Prev },
};
/// Accept the selected annotation.
pub const ACCEPT: Shortcut = Shortcut {
    label: "A",
    what: "accept",
    keys: &[(Mods::None, Key::A)],
    command: |_| Command::SetStatus(Status::Accepted),
};
/// Reject the selected annotation.
pub const REJECT: Shortcut = Shortcut {
    label: "R",
    what: "reject",
    keys: &[(Mods::None, Key::R)],
    command: |_| Command::SetStatus(Status::Rejected),
};
/// Apply the selected annotation's fix.
pub const FIX: Shortcut = Shortcut {
    label: "F",
    what: "apply the suggested fix",
    keys: &[(Mods::None, Key::F)],
    command: |_| Command::ApplyFix,
};
/// Put the cursor in the MT text.
pub const FOCUS_MT: Shortcut = Shortcut {
    label: "M",
    what: "put the cursor in the MT text",
    keys: &[(Mods::None, Key::M)],
    command: |_| Command::FocusMt,
};
/// Annotate the selection.
pub const ANNOTATE: Shortcut = Shortcut {
    label: "E",
    what: "annotate the selection",
    keys: &[(Mods::None, Key::E)],
    command: |_| Command::OpenPicker,
};
/// Severity of the selected finding.
pub const SEVERITY: Shortcut = Shortcut {
    label: "1–4",
    what: "severity: of the selected finding, or in the picker",
    keys: &[
        (Mods::None, Key::Num1),
        (Mods::None, Key::Num2),
        (Mods::None, Key::Num3),
        (Mods::None, Key::Num4),
    ],
    command: |k| Command::SetSeverity(Severity::ALL[k.min(3)]),
};
/// Undo and redo.
pub const UNDO_REDO: Shortcut = Shortcut {
    label: "Ctrl+Z / Ctrl+Shift+Z",
    what: "undo / redo",
    keys: &[(Mods::Command, Key::Z), (Mods::CommandShift, Key::Z)],
    command: |k| if k == 0 { Command::Undo } else { Command::Redo },
};
/// Save.
pub const SAVE: Shortcut = Shortcut {
    label: "Ctrl+S",
    what: "save",
    keys: &[(Mods::Command, Key::S)],
    command: |_| Command::Save,
};
/// The help.
pub const HELP: Shortcut = Shortcut {
    label: "F1",
    what: "this help",
    keys: &[(Mods::Any, Key::F1)],
    command: |_| Command::ToggleHelp,
};
/// Choose a category in the picker, and add.
pub const PICK: Shortcut = Shortcut {
    label: "↑ / ↓, Enter",
    what: "choose the category, add",
    keys: &[],
    command: none,
};
/// Add the annotation (in the picker).
pub const ADD: Shortcut = Shortcut {
    label: "Enter",
    what: "add the annotation",
    keys: &[],
    command: none,
};
/// Leave a field, close a window.
pub const ESCAPE: Shortcut = Shortcut {
    label: "Esc",
    what: "leave a text field, close the picker",
    keys: &[],
    command: none,
};
/// Select in the MT text.
pub const SELECT: Shortcut = Shortcut {
    label: "Shift+arrows",
    what: "select in the MT text",
    keys: &[],
    command: none,
};

/// Every shortcut, in the order the help lists them.
pub const SHORTCUTS: &[&Shortcut] = &[
    &NEXT_PREV, &ACCEPT, &REJECT, &FIX, &FOCUS_MT, &SELECT, &ANNOTATE, &SEVERITY, &PICK, &ESCAPE,
    &UNDO_REDO, &SAVE, &HELP,
];

impl Shortcut {
    /// The name of its `k`-th key, as a tooltip says it: `Ctrl+Shift+Z`.
    pub fn key_name(&self, k: usize) -> String {
        let Some(&(mods, key)) = self.keys.get(k) else {
            return self.label.to_string();
        };
        let prefix = match mods {
            Mods::Command => "Ctrl+",
            Mods::CommandShift => "Ctrl+Shift+",
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
                Mods::None => !m.command,
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
