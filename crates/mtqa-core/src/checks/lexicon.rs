//! Idiom and calque lexicons per language pair (`corpora/lexicons/fr-en.tsv` …): data,
//! not code. Built-in lexicons are embedded; `--lexicon FILE` replaces the one of its pair.
//!
//! File format: UTF-8 text; `#` starts a comment; a line `# pair: fr-en` names the pair
//! (otherwise the file name does: `fr-en.tsv`). Every other line has tab-separated fields:
//!
//! `pattern  suggestion  category  severity  note`
//!
//! - `pattern`: a regular expression (Rust `regex` syntax), case-insensitive unless it
//!   starts with `(?-i)`. It only matches whole words: the matcher checks that no letter
//!   or digit touches either end, so patterns need no `\b`.
//! - `suggestion`: the rewrite, with `$1`, `$name` for groups; `-` for none. When the match
//!   opens with a capital, so does the suggestion.
//! - `category`: an MQM path (`Style/Awkward`, `Accuracy/Mistranslation`).
//! - `severity`: `neutral`, `minor`, `major` or `critical`.
//! - `note`: shown to the editor (the source-language expression, why it is wrong).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use regex::Regex;

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::error::LexiconError;
use crate::model::check::Check;
use crate::model::Severity;

crate::declare_check! {
    pub(crate) CALQUE = Check {
        id: "calque",
        category: "Style/Awkward",
        description: "an idiom or calque of the source language, from the lexicon of the language pair",
        ..Check::BASE
    };
}

const BUILTIN: &[(&str, &str)] = &[
    (
        "fr-en.tsv",
        include_str!("../../../../corpora/lexicons/fr-en.tsv"),
    ),
    (
        "es-en.tsv",
        include_str!("../../../../corpora/lexicons/es-en.tsv"),
    ),
    (
        "en-fr.tsv",
        include_str!("../../../../corpora/lexicons/en-fr.tsv"),
    ),
    (
        "en-es.tsv",
        include_str!("../../../../corpora/lexicons/en-es.tsv"),
    ),
    (
        "en-de.tsv",
        include_str!("../../../../corpora/lexicons/en-de.tsv"),
    ),
];

/// One entry of a lexicon.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The compiled pattern.
    pub pattern: Regex,
    /// The same pattern anchored at the start of the haystack.
    anchored: Regex,
    /// The pattern as compiled (with its case flag).
    source: String,
    /// The rewrite template, if any.
    pub suggestion: Option<String>,
    /// MQM category.
    pub category: String,
    /// Severity.
    pub severity: Severity,
    /// Note for the editor.
    pub note: String,
    /// 1-based line in its file.
    pub line: usize,
}

/// The lexicon of one language pair.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Source language code.
    pub source: String,
    /// Target language code.
    pub target: String,
    /// Where it was read from (a file, or `builtin:fr-en.tsv`).
    pub origin: PathBuf,
    /// Its entries, in file order.
    pub entries: Vec<Entry>,
}

impl Lexicon {
    /// Parses a lexicon. `name` is used for errors and, without a `# pair:` line, for the pair.
    pub fn parse(name: &Path, text: &str) -> Result<Lexicon, LexiconError> {
        let err = |line: usize, message: String| LexiconError::Syntax {
            path: name.to_path_buf(),
            line,
            message,
        };
        let mut pair: Option<String> = None;
        let mut entries = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            if let Some(comment) = line.trim_start().strip_prefix('#') {
                if let Some(p) = comment.trim().strip_prefix("pair:") {
                    pair = Some(p.trim().to_string());
                }
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 4 {
                return Err(err(line_no, format!("expected `pattern<TAB>suggestion<TAB>category<TAB>severity[<TAB>note]`, found {} field(s)", fields.len())));
            }
            let pat = fields[0].trim();
            let full = if pat.starts_with("(?-i)") {
                pat.to_string()
            } else {
                format!("(?i){pat}")
            };
            let pattern =
                Regex::new(&full).map_err(|e| err(line_no, format!("bad pattern: {e}")))?;
            let anchored = Regex::new(&format!("^(?:{full})"))
                .map_err(|e| err(line_no, format!("bad pattern: {e}")))?;
            let severity = Severity::parse(fields[3])
                .ok_or_else(|| err(line_no, format!("unknown severity {:?}", fields[3])))?;
            let category = fields[2].trim();
            if category.is_empty() {
                return Err(err(line_no, "empty category".into()));
            }
            let suggestion = match fields[1].trim() {
                "" | "-" => None,
                s => Some(s.to_string()),
            };
            entries.push(Entry {
                pattern,
                anchored,
                source: full,
                suggestion,
                category: category.to_string(),
                severity,
                note: fields.get(4).map_or("", |s| s.trim()).to_string(),
                line: line_no,
            });
        }
        let (source, target) = pair_of(name, pair).map_err(|pair| {
            err(
                1,
                format!(
                    "cannot tell the language pair: add a line `# pair: fr-en` (found {pair:?})"
                ),
            )
        })?;
        Ok(Lexicon {
            source,
            target,
            origin: name.to_path_buf(),
            entries,
        })
    }

    /// Reads a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Lexicon::parse(path, &text)
    }
}

/// The pair of a lexicon: its `# pair:` line, else its file name (`fr-en.tsv`); `Err` with
/// what was found when it names no pair of known languages.
fn pair_of(name: &Path, declared: Option<String>) -> Result<(String, String), String> {
    let pair = declared
        .or_else(|| {
            name.file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    pair.split_once('-')
        .and_then(|(s, t)| {
            Some((
                crate::lang::normalize_code(s)?,
                crate::lang::normalize_code(t)?,
            ))
        })
        .ok_or(pair)
}

/// The `# pair:` line of a lexicon's text (the last, as [`Lexicon::parse`] reads it).
fn declared_pair(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .find_map(|c| c.trim().strip_prefix("pair:"))
        .map(|p| p.trim().to_string())
}

/// A lexicon of the set: its pair, and the lexicon, compiled on first use (a run checks
/// one pair; compiling every built-in pattern was most of a short run's time).
#[derive(Debug, Clone)]
struct Slot {
    source: String,
    target: String,
    /// A built-in file (name, text), compiled when first needed.
    builtin: Option<(&'static str, &'static str)>,
    lexicon: Arc<OnceLock<Option<Lexicon>>>,
}

impl Slot {
    /// The lexicon; `None` for a built-in file that does not parse (tested never to happen).
    fn get(&self) -> Option<&Lexicon> {
        self.lexicon
            .get_or_init(|| {
                let (name, text) = self.builtin?;
                Lexicon::parse(&Path::new("builtin:").join(name), text).ok()
            })
            .as_ref()
    }
}

/// The finder regex of each (target, source) pair, `None` where it does not compile.
type Finders = BTreeMap<(String, Option<String>), Option<Arc<Regex>>>;

/// The set of lexicons in use.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    /// Lexicons, sorted by pair.
    slots: Vec<Slot>,
    /// The alternation of the patterns that apply to a (target, source) pair, built once:
    /// a stream checks window after window with the same lexicons.
    finders: Arc<Mutex<Finders>>,
}

impl Lexicons {
    /// The built-in lexicons (each compiled when a document of its pair is checked).
    pub fn builtin() -> Lexicons {
        let slots = BUILTIN
            .iter()
            .filter_map(|&(name, text)| {
                let (source, target) = pair_of(Path::new(name), declared_pair(text)).ok()?;
                Some(Slot {
                    source,
                    target,
                    builtin: Some((name, text)),
                    lexicon: Arc::default(),
                })
            })
            .collect();
        let mut set = Lexicons {
            slots,
            finders: Arc::default(),
        };
        set.sort();
        set
    }

    /// The lexicons of a pair, compiled.
    pub fn of_pair(&self, source: &str, target: &str) -> Option<&Lexicon> {
        self.slots
            .iter()
            .find(|s| s.source == source && s.target == target)
            .and_then(Slot::get)
    }

    /// The one regex that finds where some entry of these lexicons may match: the
    /// alternation of every applicable pattern.
    fn finder(
        &self,
        key: (String, Option<String>),
        entries: &[(&Lexicon, &Entry)],
    ) -> Option<Arc<Regex>> {
        let mut finders = self.finders.lock().ok()?;
        finders
            .entry(key)
            .or_insert_with(|| {
                let alternation = entries
                    .iter()
                    .map(|(_, e)| format!("(?:{})", e.source))
                    .collect::<Vec<_>>()
                    .join("|");
                Regex::new(&alternation).ok().map(Arc::new)
            })
            .clone()
    }
    /// Adds a lexicon, replacing the one of the same pair.
    pub fn replace(&mut self, lexicon: Lexicon) {
        self.slots
            .retain(|l| !(l.source == lexicon.source && l.target == lexicon.target));
        self.slots.push(Slot {
            source: lexicon.source.clone(),
            target: lexicon.target.clone(),
            builtin: None,
            lexicon: Arc::new(OnceLock::from(Some(lexicon))),
        });
        self.sort();
        self.finders = Arc::default();
    }

    fn sort(&mut self) {
        self.slots
            .sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
    }

    /// Runs the applicable lexicons over every segment.
    pub(crate) fn check(&self, ctx: &Ctx, per_segment: &mut super::SegmentHits) {
        let Some(target) = ctx.target else { return };
        let applicable: Vec<&Lexicon> = self
            .slots
            .iter()
            .filter(|l| l.target == target && ctx.source.is_none_or(|s| s == l.source))
            .filter_map(Slot::get)
            .collect();
        if applicable.is_empty() {
            return;
        }
        // One pass of one regex, the alternation of every applicable pattern, finds the
        // places where some entry may match; each entry is then tried, anchored, there.
        // Running each pattern over the document instead costs one scan per entry.
        let entries: Vec<(&Lexicon, &Entry)> = applicable
            .iter()
            .flat_map(|l| l.entries.iter().map(move |e| (*l, e)))
            .collect();
        let key = (target.to_string(), ctx.source.map(str::to_string));
        let Some(any) = self.finder(key, &entries) else {
            return;
        };
        // One haystack for a batch of segments (about a megabyte), so each pattern runs once
        // over it; batches keep the copy small however long the document is, and run on
        // every core. A match never crosses the separator, so batching changes nothing in
        // what is found.
        const BATCH_BYTES: usize = 1 << 20;
        let segments = &ctx.doc.segments;
        let mut batches = Vec::new();
        let mut first = 0;
        while first < segments.len() {
            let mut last = first;
            let mut bytes = 0;
            while last < segments.len() && (last == first || bytes < BATCH_BYTES) {
                bytes += segments[last].text.len() + SEP.len();
                last += 1;
            }
            batches.push(first..last);
            first = last;
        }
        let found: Vec<Found> = batches
            .into_par_iter()
            .map(|batch| find_in(ctx, &any, &entries, batch))
            .collect();
        let found = found.into_iter().flatten();
        for ((seg, start, end), (mut sources, mut hit, note)) in found {
            sources.sort();
            let text = ctx
                .doc
                .segments
                .get(seg)
                .and_then(|s| s.text.get(start..end))
                .unwrap_or("");
            let pair = format!("{}→{target}", sources.join("/"));
            hit.message = if note.is_empty() {
                format!("calque ({pair}): `{text}`")
            } else {
                format!("calque ({pair}): `{text}`: {note}")
            };
            per_segment.push(seg, hit);
        }
    }
}

/// The separator between segments in a haystack: no pattern matches across it.
const SEP: &str = "\n\u{0}\n";

/// What one batch of segments gives: (segment, start, end) → (the pairs whose lexicons
/// match there, the hit, the entry's note). When the source language is unknown, the same
/// calque may come from several pairs (`this Thursday` from French and Spanish).
type Found<'a> = BTreeMap<Span, (Vec<String>, Hit, &'a str)>;

/// The matches of `entries` in the segments `batch`, found with `any` in one haystack.
fn find_in<'a>(
    ctx: &Ctx,
    any: &Regex,
    entries: &[(&'a Lexicon, &'a Entry)],
    batch: std::ops::Range<usize>,
) -> Found<'a> {
    let mut found = Found::new();
    let segments = &ctx.doc.segments;
    let first = batch.start;
    let mut hay = String::new();
    let mut starts = Vec::new();
    for seg in &segments[batch] {
        starts.push(hay.len());
        hay.push_str(&seg.text);
        hay.push_str(SEP);
    }
    let mut pos = 0;
    while let Some(m) = any.find_at(&hay, pos) {
        let at = m.start();
        let before = hay[..at].chars().next_back();
        if !before.is_some_and(char::is_alphanumeric) {
            let seg = first + starts.partition_point(|&s| s <= at).saturating_sub(1);
            let seg_start = starts.get(seg - first).copied().unwrap_or(0);
            let seg_end = seg_start + segments.get(seg).map_or(0, |s| s.text.len());
            for (lex, e) in entries {
                let Some(caps) = e.anchored.captures(&hay[at..]) else {
                    continue;
                };
                let Some(whole) = caps.get(0) else { continue };
                let end = at + whole.end();
                let after = hay[end..].chars().next();
                if whole.as_str().is_empty()
                    || after.is_some_and(char::is_alphanumeric)
                    || end > seg_end
                {
                    continue;
                }
                let suggestion = e.suggestion.as_ref().map(|tpl| {
                    let mut out = String::new();
                    caps.expand(tpl, &mut out);
                    match_case(whole.as_str(), &out)
                });
                let key = (seg, at - seg_start, end - seg_start);
                let entry = found.entry(key).or_insert_with(|| {
                    let mut hit =
                        Hit::new(&CALQUE, key.1, key.2, String::new()).severity(e.severity);
                    hit.category = leak(&e.category);
                    hit.suggestion = suggestion;
                    (Vec::new(), hit, e.note.as_str())
                });
                if !entry.0.contains(&lex.source) {
                    entry.0.push(lex.source.clone());
                }
            }
        }
        pos = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        if pos >= hay.len() {
            break;
        }
    }
    found
}

/// (segment, start, end) of a match.
type Span = (usize, usize, usize);

/// Categories of lexicon entries are few and live as long as the program: intern them so
/// that hits keep a `&'static str` like the built-in checks.
fn leak(s: &str) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    static INTERNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let Ok(mut set) = INTERNED.lock() else {
        return "Style/Awkward";
    };
    if let Some(&k) = set.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(k);
    k
}

/// Gives `suggestion` a capital first letter when `matched` has one.
fn match_case(matched: &str, suggestion: &str) -> String {
    let cap = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = suggestion.chars();
    match chars.next() {
        Some(c) if cap && c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => suggestion.to_string(),
    }
}

crate::declare_pass!(
    LEXICON_PASS = Pass {
        name: "lexicon",
        checks: &[&CALQUE],
        run: Run::Document(|ctx, hits| ctx.checker.lexicons().check(ctx, hits)),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_parse_and_are_large_enough() {
        for (name, text) in BUILTIN {
            let lex = Lexicon::parse(Path::new(name), text).map_err(|e| e.to_string());
            let lex = match lex {
                Ok(l) => l,
                Err(e) => panic!("{e}"),
            };
            if name.ends_with("-en.tsv") {
                assert!(
                    lex.entries.len() >= 40,
                    "{name}: {} entries",
                    lex.entries.len()
                );
            }
        }
    }

    #[test]
    fn builtin_pairs_are_known_before_compiling() {
        let set = Lexicons::builtin();
        assert_eq!(set.slots.len(), BUILTIN.len());
        assert!(set.slots.iter().all(|s| s.lexicon.get().is_none()));
        let fr_en = set.of_pair("fr", "en").map(|l| l.entries.len());
        assert!(fr_en.is_some_and(|n| n >= 40), "{fr_en:?}");
        let compiled = set
            .slots
            .iter()
            .filter(|s| s.lexicon.get().is_some())
            .count();
        assert_eq!(compiled, 1);
    }

    #[test]
    fn bad_lexicon_lines_are_reported() {
        let e = Lexicon::parse(Path::new("x-en.tsv"), "# pair: fr-en\nfoo\tbar\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref().map(|s| s.starts_with("x-en.tsv:2:")),
            Some(true)
        );
        let e = Lexicon::parse(
            Path::new("x.tsv"),
            "# pair: fr-en\nfo(o\tbar\tStyle\tminor\n",
        )
        .err()
        .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("bad pattern"));
        assert!(Lexicon::parse(Path::new("nopair.tsv"), "a\tb\tStyle\tminor\n").is_err());
    }

    #[test]
    fn case_follows_the_match() {
        assert_eq!(match_case("This Thursday", "on Thursday"), "On Thursday");
        assert_eq!(match_case("this Thursday", "on Thursday"), "on Thursday");
    }
}
