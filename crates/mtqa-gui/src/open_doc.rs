//! The open report: the document, its editing session, and the indexes the panels ask
//! every frame (annotations of a segment, in document order), rebuilt only when the
//! annotations change.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mtqa_core::annotate::{Annotation, Session, Status};
use mtqa_core::checks::glossary::{Glossary, GlossaryIndex};
use mtqa_core::checks::Checker;
use mtqa_core::model::{Bead, Document};
use mtqa_core::project::{ReportRef, Stamp};
use mtqa_core::workspace::OpenedReport;

/// Figures of the status bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// MQM score (errors not rejected; mean over segments), as the review report has it.
    pub mqm: f64,
    /// Open annotations.
    pub open: usize,
    /// Accepted annotations.
    pub accepted: usize,
    /// Rejected annotations.
    pub rejected: usize,
}

/// Where each annotation goes, in document order: the segment it belongs with, whether it
/// is on the segment (false: in the text before it), its span and its index in the set.
type Placed = (usize, bool, usize, usize, usize);

/// The indexes of one state of the annotations.
#[derive(Default)]
struct Indexes {
    /// `Session::annotations_revision` they were built at.
    revision: Option<u64>,
    /// Every annotation, placed and sorted in document order.
    placed: Vec<Placed>,
    stats: Stats,
}

/// An open report.
pub struct OpenDoc {
    /// The document, shared: an export or the review report takes it in O(1).
    pub doc: Arc<Document>,
    /// Annotations, corrections, undo/redo.
    pub session: Session,
    /// The annotation file.
    pub sidecar_path: PathBuf,
    /// Its stamp when read or saved.
    pub stamp: Option<Stamp>,
    /// The report it belongs to.
    pub report: ReportRef,
    /// The source document, when opened with one (aligned with the report).
    pub source: Option<Document>,
    /// Selected segment.
    pub segment: usize,
    /// Selected annotation.
    pub selected: Option<String>,
    /// An autosave of unsaved work from an earlier session exists beside the annotations.
    pub recovery: bool,
    /// The distinct characters of the report and its source that need a glyph, sorted.
    pub chars: Vec<char>,
    /// Those no installed font can draw (they show as boxes), found in the first frame
    /// after the report opens (egui's fonts exist only inside a frame).
    pub missing_glyphs: Option<Vec<char>>,
    /// The glossary the report was checked with, indexed for its source language.
    pub glossary: Option<(Arc<Glossary>, GlossaryIndex)>,
    /// Other reviewers' annotation files of the report, for adjudication.
    pub reviews: super::reviews::Reviews,
    /// Segment ids to their positions (the segments do not change while a report is open).
    index: HashMap<mtqa_core::model::SegId, usize>,
    /// Where each segment starts in the document's text (chars, ascending): document-level
    /// annotations go with the segment that follows them.
    seg_starts: Vec<usize>,
    indexes: RefCell<Indexes>,
}

/// Opens a report (and its source) for editing: its annotation file is read to be written
/// (a corrupt one is kept aside), the checks run with spelling and the glossary, and the
/// findings are merged. Returns the open report and a note for the status bar.
pub fn load(
    path: &Path,
    source: Option<&Path>,
    glossary: Option<Arc<Glossary>>,
    progress: &mtqa_core::progress::Progress,
) -> anyhow::Result<(OpenDoc, String)> {
    // Spelling too: an editor expects it (the dictionary loads here, off the UI thread).
    let mut checker = Checker::default().spelling(Vec::new());
    if let Some(g) = &glossary {
        checker = checker.glossary(g.clone());
    }
    let opts = mtqa_core::workspace::OpenOptions {
        annotations: mtqa_core::workspace::Annotations::ForWriting,
        embedded: true,
        checker: Some(&checker),
        ..Default::default()
    };
    let opened = mtqa_core::workspace::open_report(path, source, &opts, progress)?;
    let mut note = String::new();
    for n in &opened.sidecar.notes {
        note.push_str("; ");
        note.push_str(n);
    }
    if let Some(r) = &opened.reanchored {
        note.push_str(&format!(
            "; the report changed: {} annotations moved, {} orphaned",
            r.moved,
            r.orphaned.len()
        ));
    }
    let recovery = opened.recovery.is_some();
    if recovery {
        note.push_str("; an autosave of unsaved work exists");
    }
    if let Some((e, aside)) = &opened.set_aside {
        note.push_str(&format!("; {e}; kept as {}", aside.display()));
    }
    for n in checker.notes(&opened.doc) {
        note.push_str(&format!("; {n}"));
    }
    Ok((OpenDoc::new(opened, glossary), note))
}

impl OpenDoc {
    /// The open report of an opened one.
    pub fn new(opened: OpenedReport, glossary: Option<Arc<Glossary>>) -> OpenDoc {
        let glossary = glossary.map(|g| {
            let index = g.index(opened.doc.source_code());
            (g, index)
        });
        let doc = opened.doc;
        let index = doc
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let chars = super::fonts::drawn_chars(
            std::iter::once(&doc.text[..]).chain(opened.source.as_ref().map(|d| &d.text[..])),
        );
        let char_index = mtqa_core::model::CharIndex::new(&doc.text);
        let seg_starts = doc
            .segments
            .iter()
            .map(|s| {
                let byte = match &s.origin {
                    mtqa_core::model::Origin::Span(r) => r.start,
                    mtqa_core::model::Origin::Record { line } => {
                        doc.lines.line_start(line.saturating_sub(1))
                    }
                };
                char_index.char_at(&doc.text, byte)
            })
            .collect();
        OpenDoc {
            recovery: opened.recovery.is_some(),
            index,
            seg_starts,
            indexes: RefCell::new(Indexes::default()),
            chars,
            missing_glyphs: None,
            doc: Arc::new(doc),
            session: Session::new(opened.sidecar.set),
            sidecar_path: opened.sidecar_path,
            stamp: opened.stamp,
            report: opened.sidecar.report,
            source: opened.source,
            segment: 0,
            selected: None,
            glossary,
            reviews: Default::default(),
        }
    }

    /// The adjudicated annotations (this report's own), for the reviewers' figures.
    pub fn adjudicated(&self) -> super::reviews::Adjudicated<'_> {
        super::reviews::Adjudicated {
            doc: &self.doc,
            set: &self.session.set,
            revision: self.session.annotations_revision(),
        }
    }

    /// The position of a segment, by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The segment an annotation belongs with: its own, or for a document-level one (a
    /// run of blank lines, glued metadata …) the segment that follows it in the text.
    pub fn anchor_position(&self, a: &Annotation) -> Option<usize> {
        match a.segment.as_deref() {
            Some(id) => self.position(id),
            None => {
                let i = self.seg_starts.partition_point(|&s| s < a.anchor.start);
                Some(i.min(self.doc.segments.len().checked_sub(1)?))
            }
        }
    }

    /// The indexes for the annotations as they are now.
    fn indexes(&self) -> std::cell::Ref<'_, Indexes> {
        let revision = self.session.annotations_revision();
        if self.indexes.borrow().revision != Some(revision) {
            let set = &self.session.set;
            let mut placed: Vec<Placed> = set
                .annotations
                .iter()
                .enumerate()
                .filter_map(|(k, a)| {
                    let i = self.anchor_position(a)?;
                    Some((i, a.segment.is_some(), a.anchor.start, a.anchor.end, k))
                })
                .collect();
            // In text order: a document-level annotation comes before the segment after it.
            placed.sort_unstable();
            let mut stats = Stats {
                mqm: mtqa_core::score::document_mqm(
                    set,
                    self.doc.segments.len(),
                    &|id| self.index.contains_key(id),
                    &mtqa_core::score::weights::MAROT,
                ),
                ..Stats::default()
            };
            for a in &set.annotations {
                match a.status {
                    Status::Open => stats.open += 1,
                    Status::Accepted => stats.accepted += 1,
                    Status::Rejected => stats.rejected += 1,
                }
            }
            *self.indexes.borrow_mut() = Indexes {
                revision: Some(revision),
                placed,
                stats,
            };
        }
        self.indexes.borrow()
    }

    /// The annotations placed at segment `i`: on the segment (`on_segment`), or in the
    /// text just before it.
    fn placed_at(&self, i: usize, on_segment: bool) -> Vec<&Annotation> {
        let ix = self.indexes();
        let from = ix.placed.partition_point(|p| (p.0, p.1) < (i, on_segment));
        ix.placed[from..]
            .iter()
            .take_while(|p| (p.0, p.1) == (i, on_segment))
            .filter_map(|p| self.session.set.annotations.get(p.4))
            .collect()
    }

    /// The annotations of segment `i` (on its MT or its source), in text order.
    pub fn annotations_of(&self, i: usize) -> Vec<&Annotation> {
        self.placed_at(i, true)
    }

    /// The document-level annotations that come just before segment `i`.
    pub fn document_level_at(&self, i: usize) -> Vec<&Annotation> {
        self.placed_at(i, false)
    }

    /// The ids of every annotation, in document order.
    pub fn ordered_ids(&self) -> Vec<String> {
        let ix = self.indexes();
        ix.placed
            .iter()
            .filter_map(|p| self.session.set.annotations.get(p.4))
            .map(|a| a.id.clone())
            .collect()
    }

    /// The status bar's figures.
    pub fn stats(&self) -> Stats {
        self.indexes().stats
    }

    /// Selects an annotation and the segment it is on.
    pub fn select_annotation(&mut self, id: String) {
        if let Some(i) = self
            .session
            .set
            .get(&id)
            .and_then(|a| self.anchor_position(a))
        {
            self.segment = i;
        }
        self.selected = Some(id);
    }

    /// Selects the next (or previous) annotation in document order, from the selected one
    /// (from the start or the end when none is), wrapping around.
    pub fn step(&mut self, forward: bool) {
        let list = self.ordered_ids();
        let pos = self
            .selected
            .as_ref()
            .and_then(|s| list.iter().position(|x| x == s));
        let next = match (forward, pos) {
            (true, Some(p)) => list.get(p + 1).or(list.first()),
            (false, Some(p)) => list.get(p.checked_sub(1).unwrap_or(list.len().saturating_sub(1))),
            (true, None) => list.first(),
            (false, None) => list.last(),
        };
        if let Some(id) = next.cloned() {
            self.select_annotation(id);
        }
    }

    /// The bead of the selected segment: its index and the bead.
    pub fn current_bead(&self) -> Option<(usize, &Bead)> {
        let b = self.doc.bilingual.as_ref()?;
        b.beads
            .iter()
            .enumerate()
            .find(|(_, x)| x.target.contains(&self.segment))
    }

    /// Makes the document's alignment follow the annotation set's (after an edit, an undo
    /// or a redo).
    pub fn sync_alignment(&mut self) {
        let (Some(src), Some(a)) = (&self.source, &self.session.set.alignment) else {
            return;
        };
        if self.doc.bilingual.as_ref().map(|b| &b.beads) != Some(&a.beads) {
            mtqa_core::align::attach_beads(Arc::make_mut(&mut self.doc), src, a.beads.clone());
        }
    }
}
