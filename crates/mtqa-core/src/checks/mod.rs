//! Automatic checks for translation artifacts.
//!
//! Each family lives in its own module: it declares its checks (`declare_check!`, the
//! registry of [`crate::model::check`]) and the passes that find them (`declare_pass!`,
//! [`schedule`]), next to their code. A pass reports [`Hit`]s with byte offsets into a
//! segment's text (or into the document text, for the layout between segments); the
//! [`Checker`] holds what the passes need (lexicons, glossary, dictionaries) and the
//! settings (checks off, severities per language), and [`schedule`] turns the hits into
//! [`Finding`]s with char offsets, file positions and ids.
//! Every check is language-aware: what is correct typography in one language (a space
//! before `;` in French, `¿…?` in Spanish, `„…“` in German, no spaces in Chinese) is
//! never flagged there.

mod case;
pub mod catalogue;
mod characters;
mod consistency;
pub mod glossary;
mod layout;
pub mod lexicon;
mod locale;
mod punctuation;
mod quantities;
mod quotes;
pub mod schedule;
mod sentence;
mod source;
pub mod spelling;
mod typography;
mod untranslated;

use std::collections::BTreeSet;

use crate::model::{Document, Finding, Severity};
use lexicon::Lexicons;
pub(crate) use schedule::SegmentHits;

/// What a check reports before it is placed in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The check.
    pub check: &'static Check,
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
    /// A hit of `check`, with its category and severity.
    pub fn new(check: &'static Check, start: usize, end: usize, message: impl Into<String>) -> Hit {
        Hit {
            check,
            start,
            end,
            category: check.category,
            severity: check.severity,
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

pub use crate::model::check::{all, find, Check, CheckId, Scope, Setting};

/// The checks that compare segments with each other, or weigh one against the document
/// (its language, its median length ratio, its spelling and quote habits): in segment files
/// and streams, they see one window ([`crate::formats::WINDOW_LINES`]) at a time.
pub fn windowed() -> Vec<CheckId> {
    all()
        .into_iter()
        .filter(|c| c.info().scope == Scope::Window)
        .collect()
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
    /// The checker: its lexicons, glossary, dictionaries and settings.
    pub(crate) checker: &'a Checker,
    /// The glossary prepared for this document's languages, when terminology is on.
    pub(crate) terms: Option<glossary::Prepared<'a>>,
}

impl<'a> Ctx<'a> {
    /// What the checks of `doc` share, for `checker`.
    pub(crate) fn new(checker: &'a Checker, doc: &'a Document) -> Ctx<'a> {
        let target = doc.target_code();
        let source = doc.source_code();
        let terms = checker
            .glossary
            .as_deref()
            .filter(|_| checker.setting(&glossary::TERMINOLOGY, target) != Setting::Off)
            .map(|g| glossary::Prepared::new(g, source, target));
        Ctx {
            doc,
            target,
            source,
            sources: segment_sources(doc),
            checker,
            terms,
        }
    }

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

    /// What `check` does for target language `lang` with this checker: off when skipped,
    /// else its default for the language.
    pub fn setting(&self, check: &Check, lang: Option<&str>) -> Setting {
        if self.skip.contains(check.id) {
            return Setting::Off;
        }
        check.default_for(lang)
    }

    /// What the report should say once about how `doc` was checked: a check that could not
    /// run (no dictionary for the language), and why.
    pub fn notes(&self, doc: &Document) -> Vec<String> {
        let mut out = Vec::new();
        let lang = doc.target_code();
        if let (Some(sp), true) = (
            &self.speller,
            self.setting(&spelling::SPELLING, lang) != Setting::Off,
        ) {
            match lang {
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
        let windows = schedule::record_windows(doc);
        if windows.len() <= 1 {
            schedule::run_document(self, doc, progress)
        } else {
            schedule::run_windows(self, doc, &windows, progress)
        }
    }
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

/// Char offsets of a string as (byte, char) pairs: a helper for the scanning checks.
pub(crate) fn chars(s: &str) -> Vec<(usize, char)> {
    s.char_indices().collect()
}

/// True for horizontal white space (not line ends).
pub(crate) fn is_hspace(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}
