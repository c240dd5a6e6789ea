//! The scheduler: runs the registered passes over a document and turns their hits into
//! findings.
//!
//! A **pass** is one function of a check family that reports the hits of the checks it
//! lists (one scan of a segment's characters finds ten kinds of punctuation). Passes are
//! declared next to their function with [`crate::declare_pass!`] and gathered by the
//! linker, like the checks' descriptors; the scheduler knows none of them by name. A pass
//! runs when one of its checks is on for the document's target language (the checker's
//! settings, [`super::Checker::setting`]).
//!
//! Order of the work on a document: the segment passes run on chunks of segments on every
//! core, beside the paragraph and document passes (after them on very large documents,
//! whose peak memory they would raise); the hits are then grouped per segment, deduplicated,
//! given their setting's severity and placed (char offsets, line and column).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{Checker, Ctx, Hit};
use crate::model::check::{Check, CheckId, Setting};
use crate::model::{Document, Finding, InputFormat, Origin, Segment};

/// A segment pass: (context, segment index, segment, that segment's hits).
pub(crate) type SegmentRun = fn(&Ctx, usize, &Segment, &mut Vec<Hit>);

/// Where a paragraph pass reports: (index of the segment in the paragraph, hit).
pub(crate) type Report<'r> = &'r mut dyn FnMut(usize, Hit);

/// A paragraph pass: (context, paragraph index, its segments, where to report).
pub(crate) type ParagraphRun = fn(&Ctx, usize, &[Segment], Report);

/// How a pass is called.
pub(crate) enum Run {
    /// On each segment (its index, the segment), into that segment's hits.
    Segment(SegmentRun),
    /// On each paragraph (its index, its segments), reporting (index in the paragraph, hit).
    Paragraph(ParagraphRun),
    /// Once on the document (one window of a segment file), into hits per segment.
    Document(fn(&Ctx, &mut SegmentHits)),
    /// Once on a plain report's text, hits in the document text (the layout between
    /// segments).
    Layout(fn(&Ctx, &mut Vec<Hit>)),
}

/// A pass: the checks it reports and how it runs.
pub(crate) struct Pass {
    /// Name, for the order of passes and for tests.
    pub name: &'static str,
    /// Every check whose hits it reports.
    pub checks: &'static [&'static Check],
    /// How it runs.
    pub run: Run,
}

/// Every pass of the program, in link order (sorted by name where they run).
#[allow(unsafe_code)]
#[linkme::distributed_slice]
pub(crate) static PASSES: [Pass];

/// Declares a pass next to its function: a `static` [`Pass`] registered in [`PASSES`].
///
/// ```ignore
/// declare_pass!(PUNCTUATION = Pass {
///     name: "punctuation",
///     checks: &[&DOUBLED_PUNCTUATION, &STRAY_PUNCTUATION],
///     run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
/// });
/// ```
#[macro_export]
macro_rules! declare_pass {
    ($name:ident = $body:expr) => {
        #[allow(unsafe_code)]
        #[linkme::distributed_slice($crate::checks::schedule::PASSES)]
        static $name: $crate::checks::schedule::Pass = $body;
    };
}

/// The passes to run on a document: those with a check that is on, sorted by name.
fn active_passes(checker: &Checker, lang: Option<&str>) -> Vec<&'static Pass> {
    let mut out: Vec<&'static Pass> = PASSES
        .iter()
        .filter(|p| {
            p.checks
                .iter()
                .any(|c| checker.setting(c, lang) != Setting::Off)
        })
        .collect();
    out.sort_by_key(|p| p.name);
    out
}

/// Up to this many segments, the document-wide passes run beside the segment pass.
const SIDE_BY_SIDE_MAX: usize = 150_000;

/// Segments checked together on one thread: enough to make a task worth its scheduling,
/// few enough that two cores share a short report.
const CHUNK: usize = 512;

/// Reports progress from several threads so that the caller sees it only grow.
struct Reporter<'a> {
    done: AtomicUsize,
    turn: Mutex<()>,
    total: f32,
    scale: f32,
    progress: &'a (dyn Fn(f32) + Sync),
}

impl<'a> Reporter<'a> {
    fn new(total: usize, scale: f32, progress: &'a (dyn Fn(f32) + Sync)) -> Reporter<'a> {
        Reporter {
            done: AtomicUsize::new(0),
            turn: Mutex::new(()),
            total: total.max(1) as f32,
            scale,
            progress,
        }
    }

    /// `n` more units are done.
    fn add(&self, n: usize) {
        if let Ok(_turn) = self.turn.lock() {
            let d = self.done.fetch_add(n, Ordering::Relaxed) + n;
            (self.progress)(self.scale * d as f32 / self.total);
        }
    }
}

/// Runs the checker's passes on `doc` as one document. Findings come sorted by position,
/// then check id.
pub(crate) fn run_document(
    checker: &Checker,
    doc: &Document,
    progress: &(dyn Fn(f32) + Sync),
) -> Vec<Finding> {
    let ctx = Ctx::new(checker, doc);
    let passes = active_passes(checker, ctx.target);
    let reporter = Reporter::new(doc.segments.len(), 0.7, progress);
    let segment_pass = || segment_passes(&ctx, &passes, &reporter);
    let document_pass = || document_passes(&ctx, &passes);
    // Beside the segment pass on a document of a report's size, where a reader waits;
    // after it on larger ones, whose peak memory it raises (the consistency tables and the
    // segment hits held at once). The findings are the same either way.
    let (chunks, (lists, doc_hits)) = if doc.segments.len() <= SIDE_BY_SIDE_MAX {
        rayon::join(segment_pass, document_pass)
    } else {
        (segment_pass(), document_pass())
    };
    progress(0.9);
    let mut per_segment = SegmentHits::default();
    for c in chunks {
        per_segment.push_ordered(c);
    }
    for list in lists {
        per_segment.hits.extend(list.hits);
    }
    let findings = place_all(checker, &ctx, per_segment, doc_hits);
    progress(1.0);
    findings
}

/// The segment passes on every segment, in chunks on every core: each chunk's hits
/// (segment index, hit) in segment order, whatever the number of threads.
fn segment_passes(ctx: &Ctx, passes: &[&Pass], reporter: &Reporter) -> Vec<Vec<(usize, Hit)>> {
    let runs: Vec<SegmentRun> = passes
        .iter()
        .filter_map(|p| match p.run {
            Run::Segment(f) => Some(f),
            _ => None,
        })
        .collect();
    ctx.doc
        .segments
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, segs)| {
            let mut hits = Vec::new();
            let mut out = Vec::new();
            for (k, seg) in segs.iter().enumerate() {
                let i = c * CHUNK + k;
                for run in &runs {
                    run(ctx, i, seg, &mut out);
                }
                hits.extend(out.drain(..).map(|h| (i, h)));
            }
            reporter.add(segs.len());
            // Kept until the end: without the growth slack.
            hits.shrink_to_fit();
            hits
        })
        .collect()
}

/// The paragraph passes (on every core), then the document passes one after the other,
/// each into its own list (appended in pass order), and the layout passes.
fn document_passes(ctx: &Ctx, passes: &[&Pass]) -> (Vec<SegmentHits>, Vec<Hit>) {
    let paragraph_runs: Vec<_> = passes
        .iter()
        .filter_map(|p| match p.run {
            Run::Paragraph(f) => Some(f),
            _ => None,
        })
        .collect();
    let mut paragraphs = SegmentHits::default();
    if !paragraph_runs.is_empty() {
        paragraphs.hits = ctx
            .doc
            .paragraphs
            .par_iter()
            .enumerate()
            .map(|(p, para)| {
                let mut hits = Vec::new();
                let first = para.first_segment;
                let segs = &ctx.doc.segments[first..first + para.segment_count];
                for run in &paragraph_runs {
                    run(ctx, p, segs, &mut |i, hit| hits.push((first + i, hit)));
                }
                hits
            })
            .flatten()
            .collect();
    }
    // One after the other: each holds its own tables while it runs (the consistency check
    // one entry per distinct text), and together beside the segment pass they raised the
    // peak memory.
    let mut lists = vec![paragraphs];
    let mut doc_hits = Vec::new();
    for p in passes {
        match p.run {
            Run::Document(f) => {
                let mut h = SegmentHits::default();
                f(ctx, &mut h);
                lists.push(h);
            }
            Run::Layout(f) if ctx.doc.format == InputFormat::Plain => f(ctx, &mut doc_hits),
            _ => {}
        }
    }
    (lists, doc_hits)
}

/// Groups the hits per segment, drops those of checks that are off, deduplicates, sets the
/// severities the settings give and places them.
fn place_all(
    checker: &Checker,
    ctx: &Ctx,
    per_segment: SegmentHits,
    mut doc_hits: Vec<Hit>,
) -> Vec<Finding> {
    let doc = ctx.doc;
    let settle = |hits: &mut Vec<Hit>| {
        hits.retain_mut(|h| match checker.setting(h.check, ctx.target) {
            Setting::Off => false,
            // A setting other than the check's default severity is for all its findings;
            // at the default, a hit keeps the severity its check gave it.
            Setting::Severity(s) => {
                if s != h.check.severity {
                    h.severity = s;
                }
                true
            }
        });
        dedupe(hits);
    };
    let mut findings = Vec::new();
    let mut file_pos = Locator::default();
    for (i, mut hits) in per_segment.into_groups() {
        settle(&mut hits);
        let seg = &doc.segments[i];
        let mut seg_pos = Locator::default();
        for h in hits {
            findings.push(place(doc, Some((i, seg)), h, &mut seg_pos, &mut file_pos));
        }
    }
    settle(&mut doc_hits);
    let mut doc_pos = Locator::default();
    for h in doc_hits {
        findings.push(place(doc, None, h, &mut doc_pos, &mut file_pos));
    }
    findings.sort_by(|a, b| {
        (a.line, a.column, a.check, a.end).cmp(&(b.line, b.column, b.check, b.end))
    });
    findings
}

/// The hits of each segment, held as one list in the order they were found (a list per
/// segment costs 24 bytes for every segment, found something or not), after the segment
/// pass's chunks, which are kept as they came (already in segment order: flattening them
/// into one list held every hit twice).
#[derive(Default)]
pub(crate) struct SegmentHits {
    hits: Vec<(usize, Hit)>,
    ordered: Vec<Vec<(usize, Hit)>>,
}

impl SegmentHits {
    /// Adds a hit on segment `i`.
    pub(crate) fn push(&mut self, i: usize, hit: Hit) {
        self.hits.push((i, hit));
    }

    /// Adds hits on segment `i`.
    pub(crate) fn extend(&mut self, i: usize, hits: impl IntoIterator<Item = Hit>) {
        self.hits.extend(hits.into_iter().map(|h| (i, h)));
    }

    /// Adds a chunk of the segment pass: hits in segment order, on segments after those of
    /// the chunks before, found before any hit of [`SegmentHits::push`].
    fn push_ordered(&mut self, chunk: Vec<(usize, Hit)>) {
        self.ordered.push(chunk);
    }

    /// The hits grouped by segment, segments in order, each segment's hits in the order
    /// they were found (the chunks' first), one group at a time.
    fn into_groups(mut self) -> impl Iterator<Item = (usize, Vec<Hit>)> {
        self.hits.sort_by_key(|(i, _)| *i);
        let mut a = self.ordered.into_iter().flatten().peekable();
        let mut b = self.hits.into_iter().peekable();
        std::iter::from_fn(move || {
            let i = match (a.peek(), b.peek()) {
                (Some((x, _)), Some((y, _))) => *x.min(y),
                (Some((x, _)), None) | (None, Some((x, _))) => *x,
                (None, None) => return None,
            };
            let mut group = Vec::new();
            while let Some((_, h)) = a.next_if(|(j, _)| *j == i) {
                group.push(h);
            }
            while let Some((_, h)) = b.next_if(|(j, _)| *j == i) {
                group.push(h);
            }
            Some((i, group))
        })
    }
}

/// The windows of a segment file (ranges of segment indexes): one for any other document.
pub(crate) fn record_windows(doc: &Document) -> Vec<std::ops::Range<usize>> {
    if !matches!(doc.format, InputFormat::Jsonl | InputFormat::Tsv) || doc.segments.is_empty() {
        return std::iter::once(0..doc.segments.len()).collect();
    }
    let window = |s: &Segment| match s.origin {
        Origin::Record { line } => crate::formats::window_of(line),
        Origin::Span(_) => 0,
    };
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut current = usize::MAX;
    for (i, s) in doc.segments.iter().enumerate() {
        let w = window(s);
        match out.last_mut() {
            Some(r) if w == current => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
        current = w;
    }
    out
}

/// Checks a segment file longer than one window window by window, on every core, as a
/// stream of it is checked: findings in line order.
pub(crate) fn run_windows(
    checker: &Checker,
    doc: &Document,
    windows: &[std::ops::Range<usize>],
    progress: &(dyn Fn(f32) + Sync),
) -> Vec<Finding> {
    // The languages a window is checked in: those given, else detected on it.
    let declared = |l: &Option<crate::model::Language>| {
        l.as_ref()
            .filter(|l| l.method == crate::model::LangMethod::Declared)
            .map(|l| l.code.to_string())
    };
    let opts = crate::formats::LoadOptions {
        lang: declared(&doc.target_lang),
        source_lang: declared(&doc.source_lang),
        ..Default::default()
    };
    let reporter = Reporter::new(doc.segments.len(), 1.0, progress);
    let parts: Vec<Vec<Finding>> = windows
        .par_iter()
        .map(|r| {
            let window = crate::formats::records_document(
                doc.path.clone(),
                doc.format,
                doc.segments[r.clone()].to_vec(),
                &opts,
            );
            let mut findings = run_document(checker, &window, &|_| {});
            for f in &mut findings {
                f.segment = f.segment.map(|i| i + r.start);
            }
            reporter.add(r.len());
            findings
        })
        .collect();
    progress(1.0);
    // Windows are in line order and findings sorted by line within each. Moved part by
    // part into a list of the exact size, so that they are not held twice.
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// Turns byte offsets into char offsets and line/column positions, walking forward from the
/// previous query when it can, so that many findings on one long line stay linear.
#[derive(Default)]
struct Locator {
    byte: usize,
    chars: usize,
    line: usize,
    col_byte: usize,
    col: usize,
}

impl Locator {
    /// Char offset of `byte` in `text`.
    fn char_offset(&mut self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len());
        if byte < self.byte {
            *self = Locator::default();
        }
        self.chars += text.get(self.byte..byte).map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }

    /// 1-based line and column of `byte` in the document text.
    fn position(&mut self, doc: &Document, byte: usize) -> (usize, usize) {
        let line = doc.lines.line_of(byte);
        let line_start = doc.lines.line_start(line);
        if line != self.line || byte < self.col_byte || self.col_byte < line_start {
            self.line = line;
            self.col_byte = line_start;
            self.col = 0;
        }
        self.col += doc
            .text
            .get(self.col_byte..byte)
            .map_or(0, |s| s.chars().count());
        self.col_byte = byte;
        (line + 1, self.col + 1)
    }
}

fn place(
    doc: &Document,
    seg: Option<(usize, &Segment)>,
    h: Hit,
    chars_of: &mut Locator,
    file_pos: &mut Locator,
) -> Finding {
    let (text, segment, line, column, start) = match seg {
        Some((i, seg)) => {
            let start = chars_of.char_offset(&seg.text, h.start);
            let (line, column) = match &seg.origin {
                Origin::Span(r) => file_pos.position(doc, r.start + h.start),
                Origin::Record { line } => (*line, start + 1),
            };
            (&seg.text[..], Some(i), line, column, start)
        }
        None => {
            let (line, column) = file_pos.position(doc, h.start);
            let start = chars_of.char_offset(&doc.text, h.start);
            (&doc.text[..], None, line, column, start)
        }
    };
    let flagged = text.get(h.start..h.end).unwrap_or("").to_string();
    Finding {
        check: CheckId::of(h.check),
        segment,
        start,
        end: start + flagged.chars().count(),
        text: flagged,
        category: h.category.to_string(),
        severity: h.severity,
        message: h.message,
        suggestion: h.suggestion,
        line,
        column,
    }
}

/// Sorts hits and drops those that repeat another hit of the same check on an overlapping span.
fn dedupe(hits: &mut Vec<Hit>) {
    hits.sort_by(|a, b| (a.start, a.end, a.check.id).cmp(&(b.start, b.end, b.check.id)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits.drain(..) {
        let dup = kept.iter().rev().take(8).any(|k| {
            // Insertion points (omissions, missing numbers) at one place are distinct
            // findings unless they say the same.
            let both_points = k.start == k.end && h.start == h.end;
            std::ptr::eq(k.check, h.check)
                && k.start < h.end.max(h.start + 1)
                && h.start < k.end.max(k.start + 1)
                && (!both_points || k.message == h.message)
        });
        if !dup {
            kept.push(h);
        }
    }
    *hits = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hit a pass reports is of a check the pass lists: a pass whose checks are all
    /// off is not run, so a check missing from its pass's list would be lost with them.
    #[test]
    fn every_pass_reports_only_the_checks_it_lists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
            .expect("corpora")
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "txt" || x == "jsonl" || x == "tsv")
                    && !p.to_string_lossy().ends_with(".expected.tsv")
            })
            .collect();
        files.sort();
        assert!(files.len() >= 10, "{files:?}");
        let checker = Checker::default();
        let mut reported = 0;
        for path in files {
            let doc = crate::formats::load(&path, &Default::default()).expect("corpus loads");
            let ctx = Ctx::new(&checker, &doc);
            for pass in PASSES.iter() {
                let mut hits: Vec<Hit> = Vec::new();
                match pass.run {
                    Run::Segment(f) => {
                        for (i, s) in doc.segments.iter().enumerate() {
                            f(&ctx, i, s, &mut hits);
                        }
                    }
                    Run::Paragraph(f) => {
                        for (p, para) in doc.paragraphs.iter().enumerate() {
                            let first = para.first_segment;
                            let segs = &doc.segments[first..first + para.segment_count];
                            f(&ctx, p, segs, &mut |_, h| hits.push(h));
                        }
                    }
                    Run::Document(f) => {
                        let mut h = SegmentHits::default();
                        f(&ctx, &mut h);
                        hits.extend(h.hits.into_iter().map(|(_, h)| h));
                    }
                    Run::Layout(f) => f(&ctx, &mut hits),
                }
                for h in &hits {
                    assert!(
                        pass.checks.iter().any(|c| std::ptr::eq(*c, h.check)),
                        "pass {} reports {} on {}, which it does not list",
                        pass.name,
                        h.check.id,
                        path.display()
                    );
                }
                reported += hits.len();
            }
        }
        assert!(reported > 50, "{reported}");
    }

    #[test]
    fn every_check_is_reported_by_a_pass_and_every_pass_has_a_name() {
        let mut names: Vec<&str> = PASSES.iter().map(|p| p.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "two passes share a name");
        for c in crate::model::check::CHECKS.iter() {
            assert!(
                PASSES
                    .iter()
                    .any(|p| p.checks.iter().any(|k| std::ptr::eq(*k, c))),
                "no pass reports {}",
                c.id
            );
        }
    }
}
