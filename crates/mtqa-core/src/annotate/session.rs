//! An editing session: the annotation set with unlimited undo/redo, typing coalesced into
//! one step, and a dirty flag for saving and autosave.

use std::sync::Arc;

use super::{apply, now_rfc3339, AnnotationSet, EditError, Op};

#[derive(Debug, Clone)]
struct Step {
    forward: Op,
    inverse: Op,
    group: Option<String>,
}

/// An annotation set being edited.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The current state, shared: a save or an export takes a snapshot of it in O(1) (the
    /// next edit copies it if the snapshot is still held).
    pub set: Arc<AnnotationSet>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Changes since the last save.
    revision: u64,
    /// Changes of the annotations themselves (not of corrections or alignment).
    annotations_revision: u64,
    saved_revision: u64,
    clock: Option<fn() -> String>,
}

impl Session {
    /// A session over `set`, clean.
    pub fn new(set: AnnotationSet) -> Session {
        Session {
            set: Arc::new(set),
            ..Session::default()
        }
    }

    /// Uses `clock` for timestamps instead of the system time (tests).
    pub fn with_clock(mut self, clock: fn() -> String) -> Session {
        self.clock = Some(clock);
        self
    }

    fn now(&self) -> String {
        self.clock.map_or_else(now_rfc3339, |c| c())
    }

    /// Applies an operation as one undoable step.
    pub fn apply(&mut self, op: Op) -> Result<(), EditError> {
        self.push(op, None)
    }

    /// Applies a state-setting operation (`SetCorrection`, `Replace`) produced by typing:
    /// consecutive calls with the same `group` (`correction:p1.s2`) make one undo step.
    pub fn apply_typing(&mut self, op: Op, group: &str) -> Result<(), EditError> {
        self.push(op, Some(group.to_string()))
    }

    /// Ends the current typing group: the next typing starts a new undo step.
    pub fn end_typing(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.group = None;
        }
    }

    fn push(&mut self, op: Op, group: Option<String>) -> Result<(), EditError> {
        let now = self.now();
        let inverse = apply(Arc::make_mut(&mut self.set), op.clone(), &now)?;
        self.redo.clear();
        self.bump(&op);
        match (self.undo.last_mut(), &group) {
            (Some(last), Some(g)) if last.group.as_deref() == Some(g.as_str()) => {
                // Keep the first inverse: undo goes back to before the typing started.
                last.forward = op;
            }
            _ => self.undo.push(Step {
                forward: op,
                inverse,
                group,
            }),
        }
        Ok(())
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        let now = self.now();
        apply(Arc::make_mut(&mut self.set), step.inverse.clone(), &now)?;
        self.bump(&step.inverse);
        self.redo.push(Step {
            group: None,
            ..step
        });
        Ok(true)
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        let now = self.now();
        let inverse = apply(Arc::make_mut(&mut self.set), step.forward.clone(), &now)?;
        self.bump(&step.forward);
        self.undo.push(Step {
            forward: step.forward,
            inverse,
            group: None,
        });
        Ok(true)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn bump(&mut self, op: &Op) {
        self.revision += 1;
        if op.touches_annotations() {
            self.annotations_revision += 1;
        }
    }

    /// A number that changes with every change of the set (for caches).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A number that changes with every change of the annotations themselves; typing a
    /// correction or realigning leaves it (for indexes of the annotations).
    pub fn annotations_revision(&self) -> u64 {
        self.annotations_revision
    }

    /// True when the set changed since the last [`Session::mark_saved`].
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Records that the current state is saved.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Records that the state of `revision` is saved (a save that ran while the editor went
    /// on: later changes stay unsaved).
    pub fn mark_saved_at(&mut self, revision: u64) {
        self.saved_revision = revision;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::ann;
    use super::super::Status;
    use super::*;

    fn t() -> String {
        "2026-01-01T00:00:00Z".into()
    }

    /// A session with one annotation `a` on the doubled full stop of its MT.
    fn with_a() -> (&'static str, Session) {
        let mt = "It rained.. Then.";
        let mut s = Session::default().with_clock(t);
        s.apply(Op::Add {
            annotation: ann("a", "p1.s1", mt, 9, 11),
        })
        .expect("add");
        (mt, s)
    }

    #[test]
    fn typing_a_correction_leaves_the_annotations_revision_and_saves_mark_their_revision() {
        let (_, mut s) = with_a();
        let (rev, anns) = (s.revision(), s.annotations_revision());
        s.apply_typing(
            Op::SetCorrection {
                segment: "p1.s1".into(),
                text: Some("It rained.".into()),
            },
            "correction:p1.s1",
        )
        .expect("type");
        assert_eq!(s.annotations_revision(), anns);
        assert!(s.revision() > rev);
        // A save of the state before the typing leaves the typing unsaved.
        s.mark_saved_at(rev);
        assert!(s.is_dirty());
        s.apply(Op::SetStatus {
            id: "a".into(),
            status: Status::Rejected,
            annotator: "x".into(),
        })
        .expect("status");
        assert!(s.annotations_revision() > anns);
        let anns = s.annotations_revision();
        s.undo().expect("undo");
        assert!(s.annotations_revision() > anns, "undoing a decision");
        s.mark_saved_at(s.revision());
        assert!(!s.is_dirty());
    }

    #[test]
    fn undo_redo_and_typing_coalesce() {
        let (mt, mut s) = with_a();
        s.apply(Op::SetStatus {
            id: "a".into(),
            status: Status::Accepted,
            annotator: "x".into(),
        })
        .expect("status");
        for text in ["It", "It rained", "It rained. Then."] {
            s.apply_typing(
                Op::SetCorrection {
                    segment: "p1.s1".into(),
                    text: Some(text.into()),
                },
                "correction:p1.s1",
            )
            .expect("type");
        }
        assert!(s.is_dirty());
        assert_eq!(s.set.corrected("p1.s1", mt), "It rained. Then.");
        // The whole typing is one step.
        assert!(s.undo().expect("undo"));
        assert_eq!(s.set.corrected("p1.s1", mt), mt);
        assert!(s.undo().expect("undo"));
        assert_eq!(s.set.get("a").map(|a| a.status), Some(Status::Open));
        assert!(s.undo().expect("undo"));
        assert!(s.set.annotations.is_empty());
        assert!(!s.undo().expect("nothing left"));
        for _ in 0..3 {
            assert!(s.redo().expect("redo"));
        }
        assert_eq!(s.set.corrected("p1.s1", mt), "It rained. Then.");
        assert!(!s.can_redo());
        // A new edit clears the redo stack; end_typing splits groups.
        s.undo().expect("undo");
        s.apply_typing(
            Op::SetCorrection {
                segment: "p1.s1".into(),
                text: Some("A".into()),
            },
            "g",
        )
        .expect("t");
        s.end_typing();
        s.apply_typing(
            Op::SetCorrection {
                segment: "p1.s1".into(),
                text: Some("AB".into()),
            },
            "g",
        )
        .expect("t");
        assert!(!s.can_redo());
        s.undo().expect("undo");
        assert_eq!(s.set.corrected("p1.s1", mt), "A");
        s.mark_saved();
        assert!(!s.is_dirty());
    }
}
