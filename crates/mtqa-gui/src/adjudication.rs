//! Carrying out the reviewers' commands: add a reviewer's file, step through the
//! disagreements, settle one (through [`mtqa_core::adjudicate`]), take the agreed spans.

use std::path::PathBuf;

use super::app::MtqaApp;
use super::command::Settle;
use super::reviews::letter;
use super::windows::picker::Picker;
use mtqa_core::adjudicate::{self, Decision};
use mtqa_core::annotate::now_rfc3339;

impl MtqaApp {
    /// Reads a reviewer's annotation file of the open report and shows it beside the others.
    pub(super) fn add_reviewer(&mut self, path: PathBuf) {
        let Some(o) = self.open.as_mut() else {
            self.message = "Open a report first, then add its reviewers' files".into();
            return;
        };
        if same_file(&path, &o.sidecar_path) {
            self.message = format!(
                "{}: that is the adjudicated annotation file itself; add the reviewers' files",
                path.display()
            );
            return;
        }
        if o.reviews
            .reviewers
            .iter()
            .any(|r| same_file(&r.path, &path))
        {
            self.message = format!("{}: this reviewer is open already", path.display());
            return;
        }
        match mtqa_core::workspace::read_reviewer(&path, &o.doc, &o.reviews.reviewers) {
            Ok((reviewer, notes)) => {
                let name = reviewer.name.clone();
                o.reviews.add(&o.doc, reviewer);
                let n = o.reviews.reviewers.len();
                let mut msg = format!(
                    "Reviewer {} ({name}) added: {} disagreement(s) between {n} reviewer(s); D goes to the next",
                    letter(n - 1),
                    o.reviews.disagreements.len()
                );
                for note in notes {
                    msg.push_str("; ");
                    msg.push_str(&note);
                }
                self.message = msg;
            }
            Err(e) => self.message = e.to_string(),
        }
    }

    /// Selects the next (or previous) disagreement, from the selected one, wrapping around;
    /// unsettled ones first.
    pub(super) fn step_disagreement(&mut self, forward: bool) {
        let Some(o) = self.open.as_mut() else { return };
        let r = &o.reviews;
        let n = r.disagreements.len();
        if n == 0 {
            self.message = if r.is_empty() {
                "No reviewers: add a reviewer's annotation file to compare (Reviewers panel)".into()
            } else {
                "The reviewers agree everywhere".into()
            };
            return;
        }
        let from = r
            .selected
            .and_then(|s| r.disagreements.iter().position(|&d| d == s));
        let order: Vec<usize> = (1..=n)
            .map(|k| match (from, forward) {
                (Some(p), true) => (p + k) % n,
                (Some(p), false) => (p + n * 2 - k) % n,
                (None, true) => k - 1,
                (None, false) => n - k,
            })
            .collect();
        let next = order
            .iter()
            .find(|&&k| !r.is_settled(&o.adjudicated(), r.disagreements[k]))
            .or(order.first())
            .map(|&k| r.disagreements[k]);
        if let Some(c) = next {
            self.select_disagreement(c);
        }
    }

    /// Selects a disagreement and scrolls the document to it.
    pub(super) fn select_disagreement(&mut self, cluster: usize) {
        let Some(o) = self.open.as_mut() else { return };
        let Some(c) = o.reviews.clusters.get(cluster) else {
            return;
        };
        o.segment = c.position;
        o.selected = None;
        o.reviews.selected = Some(cluster);
    }

    /// Settles the selected disagreement; Edit opens the picker on its span.
    pub(super) fn settle(&mut self, how: Settle) {
        let who = self.annotator();
        let Some(o) = self.open.as_mut() else { return };
        let Some(c) = o
            .reviews
            .selected
            .and_then(|i| o.reviews.clusters.get(i))
            .cloned()
        else {
            self.message = "Select a disagreement first (D)".into();
            return;
        };
        let in_cluster = c.reviewers();
        let decision = match how {
            Settle::Keep(r) if in_cluster.contains(&r) => Decision::Keep(vec![r]),
            Settle::Keep(r) => {
                self.message = format!("Reviewer {} has no span in this disagreement", letter(r));
                return;
            }
            Settle::KeepAll => Decision::Keep(in_cluster),
            Settle::Reject => Decision::Reject,
            Settle::Edit => {
                if o.reviews
                    .is_settled(&o.adjudicated(), o.reviews.selected.unwrap_or(0))
                {
                    self.message =
                        "This disagreement is settled; undo the decision to change it".into();
                    return;
                }
                let mut p = Picker::new(c.span.0, c.span.1);
                p.settles = Some(c.key.clone());
                self.picker = Some(p);
                self.repaint();
                return;
            }
        };
        let op = adjudicate::settle(
            &c,
            &o.reviews.reviewers,
            &decision,
            &who,
            &o.session.set,
            &now_rfc3339(),
        );
        match op.and_then(|op| o.session.apply(op)) {
            Ok(()) => {
                self.message = format!(
                    "Settled ({}); {} of {} disagreements settled",
                    match how {
                        Settle::Keep(r) => format!("kept {}'s", o.reviews.reviewers[r].name),
                        Settle::KeepAll => "kept every version".into(),
                        Settle::Reject => "rejected".into(),
                        Settle::Edit => "your version".into(),
                    },
                    o.reviews.settled_count(&o.adjudicated()),
                    o.reviews.disagreements.len()
                );
                self.step_disagreement(true);
            }
            Err(e) => self.message = e.to_string(),
        }
    }

    /// Takes every span the reviewers agree on into the adjudicated annotations.
    pub(super) fn adopt_agreed(&mut self) {
        let who = self.annotator();
        let Some(o) = self.open.as_mut() else { return };
        let r = &o.reviews;
        match adjudicate::adopt_agreed(
            &r.clusters,
            &r.reviewers,
            &who,
            &o.session.set,
            &now_rfc3339(),
        ) {
            Some(op) => {
                let n = match &op {
                    mtqa_core::annotate::Op::Batch { ops } => ops.len(),
                    _ => 1,
                };
                match o.session.apply(op) {
                    Ok(()) => self.message = format!("{n} agreed span(s) taken"),
                    Err(e) => self.message = e.to_string(),
                }
            }
            None => self.message = "No agreed span left to take".into(),
        }
    }
}

/// Whether two paths name one file (as far as the file system says).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
