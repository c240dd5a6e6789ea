//! Automatic checks for translation artifacts (DESIGN §5).
//!
//! Each family lives in its own module and reports [`Hit`]s with byte offsets into a
//! segment's text (or into the document text, for the layout between segments); the
//! [`Checker`] turns them into [`Finding`]s with char offsets, file positions and ids.
//! Every check is language-aware: what is correct typography in one language (a space
//! before `;` in French, `¿…?` in Spanish, `„…“` in German, no spaces in Chinese) is
//! never flagged there.

mod case;
mod characters;
mod consistency;
pub mod glossary;
mod layout;
pub mod lexicon;
mod locale;
mod punctuation;
mod quantities;
mod quotes;
mod sentence;
mod source;
pub mod spelling;
mod typography;
mod untranslated;

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::model::{Document, Finding, InputFormat, Origin, Segment, Severity};
use lexicon::Lexicons;

/// What a check reports before it is placed in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Check id.
    pub check: &'static str,
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// MQM category path.
    pub category: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Message for a person.
    pub message: String,
    /// Replacement for the flagged text.
    pub suggestion: Option<String>,
}

impl Hit {
    /// A hit with the catalogue's category and severity for `check`.
    pub fn new(check: &'static str, start: usize, end: usize, message: impl Into<String>) -> Hit {
        let info = info(check);
        Hit {
            check,
            start,
            end,
            category: info.map_or("Other", |i| i.category),
            severity: info.map_or(Severity::Minor, |i| i.severity),
            message: message.into(),
            suggestion: None,
        }
    }

    /// Sets the suggestion.
    pub fn suggest(mut self, s: impl Into<String>) -> Hit {
        self.suggestion = Some(s.into());
        self
    }

    /// Overrides the severity.
    pub fn severity(mut self, s: Severity) -> Hit {
        self.severity = s;
        self
    }

    /// Overrides the category.
    pub fn category(mut self, c: &'static str) -> Hit {
        self.category = c;
        self
    }
}

/// The checks that compare segments with each other, or weigh one against the document
/// (its language, its median length ratio, its spelling and quote habits): in segment files
/// and streams, they see one window ([`crate::formats::WINDOW_LINES`]) at a time.
pub const WINDOWED: &[&str] = &[
    "abbreviation-style",
    "inconsistent-source",
    "inconsistent-translation",
    "length-ratio",
    "quote-style",
    "spelling",
    "untranslated",
];

/// A check in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// Stable id, used in output and in `--skip`.
    pub id: &'static str,
    /// Default MQM category.
    pub category: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// What it looks for.
    pub description: &'static str,
}

macro_rules! catalogue {
    ($($id:literal, $cat:literal, $sev:ident, $desc:literal;)*) => {
        /// Every check, in report order.
        pub const CATALOGUE: &[CheckInfo] = &[
            $(CheckInfo { id: $id, category: $cat, severity: Severity::$sev, description: $desc },)*
        ];
    };
}

catalogue! {
    "doubled-punctuation", "Fluency/Punctuation", Minor, "`..`, `. .`, `,,`, `,.` and the like (not `...` or `…`)";
    "stray-punctuation", "Fluency/Punctuation", Minor, "a sentence that opens with a comma, full stop or semicolon";
    "space-before-punctuation", "Fluency/Punctuation", Minor, "white space before `,` `.` `;` `:` `!` `?` (and `،` `؛` `؟` `۔`) or a closing bracket, where the language has none";
    "missing-space", "Fluency/Punctuation", Minor, "no space after `,` `;` or a sentence end before the next word";
    "french-spacing", "Fluency/Punctuation", Minor, "French: no (narrow no-break) space before `;` `:` `!` `?` or inside « »";
    "inverted-marks", "Fluency/Punctuation", Minor, "Spanish question or exclamation without its opening `¿` `¡`; `¿` `¡` outside Spanish";
    "cjk-punctuation", "Fluency/Punctuation", Minor, "Chinese/Japanese: half-width punctuation or spaces between CJK characters";
    "arabic-punctuation", "Fluency/Punctuation", Minor, "Arabic, Persian, Urdu: Latin `,` `;` `?` between words of the script, which has `،` `؛` `؟`";
    "multiple-spaces", "Fluency/Punctuation", Minor, "two or more spaces inside a sentence";
    "segment-whitespace", "Fluency/Punctuation", Minor, "white space at the start or end of a segment (JSONL, TSV)";
    "line-whitespace", "Fluency/Punctuation", Minor, "a line that starts (minor) or ends (neutral) with white space";
    "blank-lines", "Fluency/Punctuation", Minor, "a run of blank lines between paragraphs";
    "metadata-glued", "Other", Minor, "a metadata entry glued to the start of the text";
    "repeated-word", "Fluency/Grammar", Minor, "the same word twice in a row (`the the`), save where the language allows it";
    "unbalanced-quotes", "Fluency/Punctuation", Minor, "a quotation mark without its partner in the paragraph, or mismatched marks";
    "unbalanced-brackets", "Fluency/Punctuation", Minor, "a bracket without its partner in the paragraph";
    "cut-sentence", "Fluency/Punctuation", Minor, "a full stop followed by a lowercase word: a stray stop cuts the sentence";
    "lowercase-start", "Fluency/Grammar", Minor, "a paragraph that opens in lowercase";
    "fragment", "Fluency/Grammar", Minor, "a sentence that is a subordinate clause on its own (`Which …`, `While …` without a main clause)";
    "untranslated", "Accuracy/Untranslated", Major, "a segment in another language than the document (the source language, where known)";
    "untranslated-words", "Accuracy/Untranslated", Major, "a run of words left in the source language";
    "calque", "Style/Awkward", Minor, "an idiom or calque of the source language, from the lexicon of the language pair";
    "number-format", "Locale convention/Number format", Minor, "a decimal comma, `5 %` or `10h30` where the target language writes otherwise";
    "invisible-character", "Fluency/Character encoding", Minor, "zero-width, soft-hyphen, byte-order-mark or direction marks inside text";
    "bidi-control", "Fluency/Character encoding", Major, "bidirectional embedding, override or isolate controls";
    "control-character", "Fluency/Character encoding", Major, "C0/C1 control characters";
    "replacement-character", "Fluency/Character encoding", Major, "U+FFFD: text lost in a conversion";
    "mojibake", "Fluency/Character encoding", Major, "UTF-8 read as Windows-1252 (`Ã©` for `é`)";
    "mixed-script", "Fluency/Character encoding", Major, "a word mixing Latin, Cyrillic or Greek letters (homoglyphs)";
    "non-nfc", "Fluency/Character encoding", Minor, "text not in Unicode normalization form C";
    "number-mismatch", "Accuracy/Mistranslation", Minor, "with a source: a number, date or amount that differs (major when it was changed)";
    "url-mismatch", "Accuracy/Mistranslation", Major, "with a source: a URL or e-mail address missing or changed";
    "name-missing", "Accuracy/Omission", Minor, "with a source: an acronym of the source missing from the target";
    "length-ratio", "Accuracy/Omission", Minor, "with a source: a target far shorter or longer than the language pair makes it";
    "omission", "Accuracy/Omission", Major, "with an aligned source: a source sentence with no translation";
    "addition", "Accuracy/Addition", Minor, "with an aligned source: a target sentence that translates nothing";
    "bracket-mismatch", "Fluency/Punctuation", Neutral, "with a source: brackets of the source lost in the target (glosses and acronyms in brackets excepted); neutral, as translations often restructure them";
    "quote-mismatch", "Fluency/Punctuation", Minor, "with a source: a quotation whose quotation marks were lost";
    "quote-style", "Fluency/Punctuation", Minor, "quotation marks of another language: `\"…\"` where German writes „…“, French « … », Chinese “…”; English documents mixing `\"…\"` and `“…”`; a mark standing alone between spaces";
    "dash-style", "Fluency/Punctuation", Minor, "`--` or a spaced hyphen ` - ` typed for a dash; a hyphen glued between two clauses where the source has a dash";
    "number-grouping", "Locale convention/Number format", Minor, "a number of five or more digits without the target's digit grouping (`250000` → `250,000` en, `250.000` de, `250 000` fr); codes and numbers the source writes the same way are left alone";
    "unit-spacing", "Fluency/Punctuation", Minor, "a unit glued to its number (`1000Mbps`, `5km`), `18%` in German and French";
    "case-mismatch", "Fluency/Spelling", Minor, "with a source: an acronym or CamelCase name of the source (`NASA`, `ChatGPT`) written with other capitals";
    "headline-case", "Fluency/Spelling", Neutral, "English: a headline (the first line, without a final stop) in sentence case where news styles use title case";
    "inconsistent-translation", "Fluency/Inconsistency", Minor, "the same source sentence translated differently within a document or segment file (the most frequent translation is the reference)";
    "inconsistent-source", "Fluency/Inconsistency", Minor, "the same translation given for different source sentences";
    "abbreviation-style", "Fluency/Inconsistency", Minor, "English: one abbreviation written with and without stops in a document (`U.S.` and `US`); the minority is flagged";
    "terminology", "Terminology/Inconsistent with termbase", Minor, "with --glossary (TBX or TSV): a source term whose translation the target does not have, or a target term the glossary forbids";
    "spelling", "Fluency/Spelling", Minor, "with --spell: a word not in the Hunspell dictionary of the target language (words of the source, names, numbers, URLs and glossary terms excepted)";
}

/// The catalogue entry of a check.
pub fn info(id: &str) -> Option<&'static CheckInfo> {
    CATALOGUE.iter().find(|c| c.id == id)
}

/// What the checks of one document share.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Target language code, if known.
    pub target: Option<&'a str>,
    /// Source language code, if known.
    pub source: Option<&'a str>,
    /// The source text of each segment, where there is one.
    pub sources: Vec<Option<std::borrow::Cow<'a, str>>>,
}

impl Ctx<'_> {
    /// True when the target language is `code`.
    pub fn is(&self, code: &str) -> bool {
        self.target == Some(code)
    }

    /// The source text of segment `i`, if known.
    pub fn source_of(&self, i: usize) -> Option<&str> {
        self.sources.get(i).and_then(|s| s.as_deref())
    }

    /// True when the target is Chinese or Japanese.
    pub fn cjk(&self) -> bool {
        self.target.is_some_and(crate::lang::is_cjk_lang)
    }
}

/// Runs the checks over documents.
#[derive(Debug, Clone)]
pub struct Checker {
    lexicons: Lexicons,
    skip: BTreeSet<String>,
    speller: Option<std::sync::Arc<spelling::Speller>>,
    glossary: Option<std::sync::Arc<glossary::Glossary>>,
}

impl Default for Checker {
    fn default() -> Checker {
        Checker::new(Lexicons::builtin())
    }
}

impl Checker {
    /// A checker with these lexicons.
    pub fn new(lexicons: Lexicons) -> Checker {
        Checker {
            lexicons,
            skip: BTreeSet::new(),
            speller: None,
            glossary: None,
        }
    }

    /// Checks terminology against this glossary (owned, or shared with the app).
    pub fn glossary(mut self, g: impl Into<std::sync::Arc<glossary::Glossary>>) -> Checker {
        self.glossary = Some(g.into());
        self
    }

    /// Turns spelling on, with Hunspell dictionaries looked for in `dirs` first, then in
    /// the system's folders ([`spelling::SYSTEM_DIRS`]).
    pub fn spelling(mut self, dirs: Vec<std::path::PathBuf>) -> Checker {
        self.speller = Some(std::sync::Arc::new(spelling::Speller::new(dirs)));
        self
    }

    /// What the report should say once about how `doc` was checked: a check that could not
    /// run (no dictionary for the language), and why.
    pub fn notes(&self, doc: &Document) -> Vec<String> {
        let mut out = Vec::new();
        if let (Some(sp), false) = (&self.speller, self.skip.contains("spelling")) {
            match doc.target_code() {
                Some(lang) => {
                    if let Err(e) = sp.dictionary(lang) {
                        out.push(format!("spelling: {e}"));
                    }
                }
                None => out.push(
                    "spelling: the target language is unknown (give --lang); spelling was not checked"
                        .to_string(),
                ),
            }
        }
        out
    }

    /// Turns off the checks with these ids.
    pub fn skip<I: IntoIterator<Item = String>>(mut self, ids: I) -> Checker {
        self.skip.extend(ids);
        self
    }

    /// The lexicons in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// Runs every check on `doc`. Findings come sorted by position, then check id.
    pub fn run(&self, doc: &Document) -> Vec<Finding> {
        self.run_with_progress(doc, &|_| {})
    }

    /// [`Checker::run`], reporting how far it is (0 to 1) to `progress` as it goes.
    ///
    /// A segment file (JSON Lines, TSV) longer than a window is checked window by window
    /// ([`crate::formats::WINDOW_LINES`]), as a stream of it is, on every core.
    pub fn run_with_progress(
        &self,
        doc: &Document,
        progress: &(dyn Fn(f32) + Sync),
    ) -> Vec<Finding> {
        let windows = record_windows(doc);
        if windows.len() <= 1 {
            return self.run_document(doc, progress);
        }
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
        let done = std::sync::atomic::AtomicUsize::new(0);
        let reporting = std::sync::Mutex::new(());
        let parts: Vec<Vec<Finding>> = windows
            .par_iter()
            .map(|r| {
                let window = crate::formats::records_document(
                    doc.path.clone(),
                    doc.format,
                    doc.segments[r.clone()].to_vec(),
                    &opts,
                );
                let mut findings = self.run_document(&window, &|_| {});
                for f in &mut findings {
                    f.segment = f.segment.map(|i| i + r.start);
                }
                if let Ok(_turn) = reporting.lock() {
                    let d = done.fetch_add(r.len(), Ordering::Relaxed) + r.len();
                    progress(d as f32 / doc.segments.len().max(1) as f32);
                }
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

    /// Runs every check on `doc` as one document.
    fn run_document(&self, doc: &Document, progress: &(dyn Fn(f32) + Sync)) -> Vec<Finding> {
        let n = doc.segments.len().max(1) as f32;
        let ctx = Ctx {
            doc,
            target: doc.target_code(),
            source: doc.source_code(),
            sources: segment_sources(doc),
        };
        let mut per_segment = SegmentHits::default();
        let dictionary = match (&self.speller, ctx.target) {
            (Some(sp), Some(lang)) if !self.skip.contains("spelling") => sp.dictionary(lang).ok(),
            _ => None,
        };
        let glossary = self
            .glossary
            .as_deref()
            .filter(|_| !self.skip.contains("terminology"));
        let glossary_index = glossary.map(|g| g.index(ctx.source));
        let forbidden_terms = glossary
            .map(|g| g.forbidden(ctx.target))
            .unwrap_or_default();
        let term_words = match (glossary, &dictionary) {
            (Some(g), Some(_)) => g.target_words(ctx.target),
            _ => std::collections::HashSet::new(),
        };
        // The words of every source: names and terms the translation may keep.
        let source_words: std::collections::HashSet<String> = if dictionary.is_some() {
            use unicode_segmentation::UnicodeSegmentation;
            ctx.sources
                .iter()
                .flatten()
                .flat_map(|s| s.unicode_words().map(str::to_lowercase).collect::<Vec<_>>())
                .collect()
        } else {
            std::collections::HashSet::new()
        };
        let english = ctx.is("en");
        // The segments are checked in chunks on every core (rayon); each chunk's hits,
        // spelling tally and words come back in chunk order, so the result is the same
        // whatever the number of threads.
        let done = std::sync::atomic::AtomicUsize::new(0);
        let reporting = std::sync::Mutex::new(());
        let segment_pass = || -> Vec<ChunkOut> {
            doc.segments
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(c, segs)| {
                    let mut chunk = ChunkOut::default();
                    let mut out = Vec::new();
                    for (k, seg) in segs.iter().enumerate() {
                        let i = c * CHUNK + k;
                        let source = ctx.source_of(i);
                        typography::check(&ctx, seg, source, &mut out);
                        if let Some(src) = source {
                            case::case_mismatch(&seg.text, src, &mut out);
                        }
                        if let (Some(g), Some(idx)) = (glossary, &glossary_index) {
                            glossary::check(
                                g,
                                idx,
                                &forbidden_terms,
                                source,
                                &seg.text,
                                ctx.source,
                                ctx.target,
                                &mut out,
                            );
                        }
                        if english
                            && i == 0
                            && doc.paragraphs.first().is_some_and(|p| p.segment_count == 1)
                        {
                            case::headline_case(&seg.text, &mut out);
                        }
                        if let (Some(d), Some(lang)) = (&dictionary, ctx.target) {
                            let mut words = Vec::new();
                            spelling::check(
                                d,
                                lang,
                                &seg.text,
                                &source_words,
                                &term_words,
                                &mut chunk.tally,
                                &mut words,
                            );
                            chunk.spelled.push(words);
                        }
                        punctuation::check(&ctx, seg, &mut out);
                        characters::check(&ctx, seg, &mut out);
                        sentence::check(&ctx, seg, &mut out);
                        locale::check(&ctx, seg, &mut out);
                        untranslated::check(&ctx, seg, &mut out);
                        chunk.hits.extend(out.drain(..).map(|h| (i, h)));
                    }
                    // Reported under a lock, so that the caller sees it only grow.
                    if let Ok(_turn) = reporting.lock() {
                        let d = done.fetch_add(segs.len(), Ordering::Relaxed) + segs.len();
                        progress(0.7 * d as f32 / n);
                    }
                    // Kept until the end: without the growth slack.
                    chunk.hits.shrink_to_fit();
                    chunk
                })
                .collect()
        };
        // The passes over the whole document only read it: they run beside the segment
        // pass, each into its own list, appended below in a fixed order.
        let document_pass = || {
            let mut paragraphs = SegmentHits::default();
            paragraphs.hits = doc
                .paragraphs
                .par_iter()
                .enumerate()
                .map(|(p, para)| {
                    let mut hits = Vec::new();
                    let first = para.first_segment;
                    let segs = &doc.segments[first..first + para.segment_count];
                    quotes::check_paragraph(&ctx, p, segs, |i, hit| hits.push((first + i, hit)));
                    sentence::check_paragraph(&ctx, segs, |i, hit| hits.push((first + i, hit)));
                    hits
                })
                .flatten()
                .collect();
            let passes: [&(dyn Fn(&mut SegmentHits) + Sync); 4] = [
                &|h| typography::quote_consistency(&ctx, h),
                &|h| consistency::check(&ctx, h),
                &|h| self.lexicons.check(&ctx, h),
                &|h| source::check(&ctx, h),
            ];
            // One after the other: each holds its own tables while it runs (the
            // consistency check one entry per distinct text), and together beside the
            // segment pass they raised the peak memory.
            let mut lists: Vec<SegmentHits> = passes
                .iter()
                .map(|pass| {
                    let mut h = SegmentHits::default();
                    pass(&mut h);
                    h
                })
                .collect();
            lists.insert(0, paragraphs);
            let mut doc_hits = Vec::new();
            if doc.format == InputFormat::Plain {
                layout::check(&ctx, &mut doc_hits);
            }
            (lists, doc_hits)
        };
        // Beside the segment pass on a document of a report's size, where a reader waits;
        // after it on larger ones, whose peak memory it raises (the consistency tables
        // and the segment hits held at once). The findings are the same either way.
        let (chunks, (lists, mut doc_hits)) = if doc.segments.len() <= SIDE_BY_SIDE_MAX {
            rayon::join(segment_pass, document_pass)
        } else {
            (segment_pass(), document_pass())
        };
        let mut tally = spelling::Tally::default();
        let mut spelled: Vec<Vec<spelling::Word>> = Vec::new();
        for c in chunks {
            per_segment.push_ordered(c.hits);
            tally.main_only += c.tally.main_only;
            tally.variant_only += c.tally.variant_only;
            spelled.extend(c.spelled);
        }
        let mut seg_out = Vec::new();
        if let (Some(d), Some(lang)) = (&dictionary, ctx.target) {
            for (i, words) in spelled.iter().enumerate() {
                spelling::hits(d, lang, words, &tally, &mut seg_out);
                per_segment.extend(i, seg_out.drain(..));
            }
        }
        progress(0.9);
        for list in lists {
            per_segment.hits.extend(list.hits);
        }
        let mut findings = Vec::new();
        let mut file_pos = Locator::default();
        for (i, mut hits) in per_segment.into_groups() {
            hits.retain(|h| !self.skip.contains(h.check));
            dedupe(&mut hits);
            let seg = &doc.segments[i];
            let mut seg_pos = Locator::default();
            for h in hits {
                findings.push(place(doc, Some((i, seg)), h, &mut seg_pos, &mut file_pos));
            }
        }
        doc_hits.retain(|h| !self.skip.contains(h.check));
        dedupe(&mut doc_hits);
        let mut doc_pos = Locator::default();
        for h in doc_hits {
            findings.push(place(doc, None, h, &mut doc_pos, &mut file_pos));
        }
        findings.sort_by(|a, b| {
            (a.line, a.column, &a.check, a.end).cmp(&(b.line, b.column, &b.check, b.end))
        });
        progress(1.0);
        findings
    }
}

/// Up to this many segments, the document-wide passes run beside the segment pass.
const SIDE_BY_SIDE_MAX: usize = 150_000;

/// Segments checked together on one thread: enough to make a task worth its scheduling,
/// few enough that two cores share a short report.
const CHUNK: usize = 512;

/// What a chunk of segments gives: its hits (segment index, hit), spelling's tally of it
/// and the words spelling kept, one list a segment.
#[derive(Default)]
struct ChunkOut {
    hits: Vec<(usize, Hit)>,
    tally: spelling::Tally,
    spelled: Vec<Vec<spelling::Word>>,
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
fn record_windows(doc: &Document) -> Vec<std::ops::Range<usize>> {
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

/// The source text of each target segment: its own (records) or that of its bead
/// (aligned documents), `None` where there is none.
fn segment_sources(doc: &Document) -> Vec<Option<std::borrow::Cow<'_, str>>> {
    use std::borrow::Cow;
    if doc.bilingual.is_none() && doc.segments.iter().all(|s| s.source.is_none()) {
        // No source anywhere: no table of them (`source_of` answers `None` past its end).
        return Vec::new();
    }
    let mut out: Vec<Option<Cow<str>>> = doc
        .segments
        .iter()
        .map(|s| s.source.as_deref().map(Cow::Borrowed))
        .collect();
    if let Some(b) = &doc.bilingual {
        for bead in &b.beads {
            if bead.source.is_empty() {
                continue;
            }
            let joined = b.source_text(bead);
            for &t in &bead.target {
                if let Some(slot) = out.get_mut(t) {
                    *slot = Some(Cow::Owned(joined.clone()));
                }
            }
        }
    }
    out
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
        check: h.check.to_string(),
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
    hits.sort_by(|a, b| (a.start, a.end, a.check).cmp(&(b.start, b.end, b.check)));
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits.drain(..) {
        let dup = kept.iter().rev().take(8).any(|k| {
            // Insertion points (omissions, missing numbers) at one place are distinct
            // findings unless they say the same.
            let both_points = k.start == k.end && h.start == h.end;
            k.check == h.check
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

/// Char offsets of a string as (byte, char) pairs: a helper for the scanning checks.
pub(crate) fn chars(s: &str) -> Vec<(usize, char)> {
    s.char_indices().collect()
}

/// True for horizontal white space (not line ends).
pub(crate) fn is_hspace(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}
