//! Spelling with Hunspell dictionaries, read by `spellbook` (a pure-Rust Hunspell-compatible
//! checker): the system's dictionaries (`/usr/share/hunspell`, Debian's `hunspell-en-us`,
//! `hunspell-de-de`, `hunspell-fr`, `hunspell-es` …) or those of `--dictionary DIR`.
//!
//! Never flagged: words of the source (names, terms copied on purpose), words with digits,
//! acronyms, URLs and e-mail addresses, glossary terms; in languages that do not capitalise
//! nouns, capitalised words (names) either.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use unicode_segmentation::UnicodeSegmentation;

use super::Hit;
use crate::model::check::{Check, Scope};

crate::declare_check! {
    pub(crate) SPELLING = Check {
        id: "spelling",
        category: "Fluency/Spelling",
        scope: Scope::Window,
        description: "with --spell: a word not in the Hunspell dictionary of the target language (words of the source, names, numbers, URLs and glossary terms excepted)",
        ..Check::BASE
    };
}

/// Where Hunspell dictionaries are looked for, after `--dictionary` folders.
pub const SYSTEM_DIRS: &[&str] = &[
    "/usr/share/hunspell",
    "/usr/share/myspell/dicts",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
];

/// The usual region of a language's main dictionary (`en` → `en_US`).
fn main_region(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "en" => "en_US",
        "de" => "de_DE",
        "fr" => "fr_FR",
        "es" => "es_ES",
        "it" => "it_IT",
        "pt" => "pt_PT",
        "nl" => "nl_NL",
        "pl" => "pl_PL",
        "ru" => "ru_RU",
        "sv" => "sv_SE",
        "da" => "da_DK",
        "cs" => "cs_CZ",
        _ => return None,
    })
}

/// The dictionaries of one language: the main region's (`en_US`, `de_DE` …; a
/// `--dictionary` folder holding only `en_GB.aff`/`en_GB.dic` makes British English the
/// main one) and, where installed, one other region's (`en_GB`). A word only the other
/// region spells so is a variant: flagged only where the document mostly writes the main
/// region's spelling, as an inconsistency.
pub struct Dictionary {
    dicts: Vec<spellbook::Dictionary>,
    /// The `.dic` files they were read from.
    pub paths: Vec<PathBuf>,
}

/// How a word is spelled.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Both regions (or the only one) have it.
    Common,
    /// Only the main region has it (`canceled`).
    MainOnly,
    /// Only the other region has it (`cancelled`).
    VariantOnly,
    /// No dictionary has it; the best suggestion, if any.
    Unknown(Option<String>),
}

impl Dictionary {
    fn check(&self, word: &str) -> bool {
        self.dicts.iter().any(|d| d.check(word))
    }

    fn verdict(&self, word: &str, lang: &str) -> Verdict {
        let main = self.dicts.first().is_some_and(|d| d.check(word));
        let other = self.dicts.get(1).map(|d| d.check(word));
        match (main, other) {
            (true, Some(false)) => Verdict::MainOnly,
            (true, _) => Verdict::Common,
            (false, Some(true)) => Verdict::VariantOnly,
            (false, _) if capitalises_nouns(lang) && compound(self, word) => Verdict::Common,
            (false, _) if word.chars().count() <= 14 => Verdict::Unknown(self.suggest(word)),
            (false, _) => Verdict::Unknown(None),
        }
    }

    /// The name of the variant region's dictionary (`en_GB`), if one is loaded.
    fn region(&self, k: usize) -> String {
        self.paths
            .get(k)
            .and_then(|p| p.file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn suggest(&self, word: &str) -> Option<String> {
        let mut out = Vec::new();
        self.dicts.first()?.suggest(word, &mut out);
        out.into_iter().next()
    }
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dictionary({:?})", self.paths)
    }
}

/// Finds and loads dictionaries, once per language.
#[derive(Debug, Default)]
pub struct Speller {
    dirs: Vec<PathBuf>,
    loaded: Mutex<HashMap<String, Result<Arc<Dictionary>, String>>>,
}

impl Speller {
    /// A speller looking in `dirs` first, then in the system's folders.
    pub fn new(dirs: Vec<PathBuf>) -> Speller {
        Speller {
            dirs,
            loaded: Mutex::new(HashMap::new()),
        }
    }

    fn candidates(&self, lang: &str) -> Vec<(PathBuf, PathBuf)> {
        let mut names: Vec<String> = Vec::new();
        if let Some(r) = main_region(lang) {
            names.push(r.to_string());
        }
        names.push(lang.to_string());
        let dirs: Vec<PathBuf> = self
            .dirs
            .iter()
            .cloned()
            .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
            .collect();
        let mut out = Vec::new();
        for d in &dirs {
            for n in &names {
                out.push((d.join(format!("{n}.aff")), d.join(format!("{n}.dic"))));
            }
            // Any other region of the language (`en_GB`, `de_AT`), sorted for determinism.
            if let Ok(rd) = std::fs::read_dir(d) {
                let mut other: Vec<PathBuf> = rd
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension().is_some_and(|e| e == "dic")
                            && p.file_stem()
                                .and_then(|s| s.to_str())
                                .is_some_and(|s| s.starts_with(&format!("{lang}_")))
                    })
                    .collect();
                other.sort();
                for dic in other {
                    out.push((dic.with_extension("aff"), dic));
                }
            }
        }
        out
    }

    /// The dictionary of `lang`, or why there is none.
    pub fn dictionary(&self, lang: &str) -> Result<Arc<Dictionary>, String> {
        let mut loaded = match self.loaded.lock() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(r) = loaded.get(lang) {
            return r.clone();
        }
        let r = self.load(lang);
        loaded.insert(lang.to_string(), r.clone());
        r
    }

    fn load(&self, lang: &str) -> Result<Arc<Dictionary>, String> {
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut found = Dictionary {
            dicts: Vec::new(),
            paths: Vec::new(),
        };
        for (aff, dic) in self.candidates(lang) {
            if !aff.is_file() || !dic.is_file() {
                continue;
            }
            // Regional names are often links to one file (`es_AR.dic` → `es_ES.dic`).
            let real = std::fs::canonicalize(&dic).unwrap_or_else(|_| dic.clone());
            if seen.contains(&real) {
                continue;
            }
            seen.push(real);
            let read = |p: &Path| {
                std::fs::read(p)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .map_err(|e| format!("{}: {e}", p.display()))
            };
            let (a, d) = (read(&aff)?, read(&dic)?);
            let dict = spellbook::Dictionary::new(&a, &d)
                .map_err(|e| format!("{}: not a Hunspell dictionary: {e}", dic.display()))?;
            found.dicts.push(dict);
            found.paths.push(dic);
            // The main dictionary and one regional variant (`en_GB` beside `en_US`).
            if found.dicts.len() >= 2 {
                break;
            }
        }
        if !found.dicts.is_empty() {
            return Ok(Arc::new(found));
        }
        let mut looked: Vec<String> = self.dirs.iter().map(|d| d.display().to_string()).collect();
        looked.extend(SYSTEM_DIRS.iter().map(|s| s.to_string()));
        let package = match lang {
            "en" => " (Debian: hunspell-en-us)".to_string(),
            "de" => " (Debian: hunspell-de-de)".to_string(),
            l => format!(" (Debian: hunspell-{l})"),
        };
        Err(format!(
            "no Hunspell dictionary for `{lang}` in {}{package}; spelling was not checked",
            looked.join(", ")
        ))
    }
}

/// True in languages that capitalise nouns, where a capital says nothing of a name.
fn capitalises_nouns(lang: &str) -> bool {
    matches!(lang, "de" | "lb")
}

/// True for the letters a language writes (Latin-script languages mtqa has dictionaries
/// for); other scripts' letters are left to their own languages.
fn native_letter(lang: &str, c: char) -> bool {
    if c.is_ascii() || !c.is_alphabetic() {
        return true;
    }
    let extra: &str = match lang {
        "en" => "éèêëïîôöüçñàâæœ",
        "de" => "äöüßÄÖÜéè",
        "fr" => "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ",
        "es" => "áéíóúüñÁÉÍÓÚÜÑ",
        "it" => "àèéìíîòóùúÀÈÉÌÍÎÒÓÙÚ",
        "pt" => "áâãàçéêíóôõúüÁÂÃÀÇÉÊÍÓÔÕÚÜ",
        "nl" => "éëïöüèáóú",
        _ => return true,
    };
    extra.contains(c)
}

/// A German-style compound of dictionary words, with the linking elements (`Valentin-s-tag`,
/// `Einwanderer-gruppe`, `Privilegien-kampf`): two parts, each at least three letters.
fn compound(dict: &Dictionary, word: &str) -> bool {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() < 7 {
        return false;
    }
    let capitalise = |s: &str| {
        let mut cs = s.chars();
        cs.next()
            .map(|f| f.to_uppercase().chain(cs).collect::<String>())
            .unwrap_or_default()
    };
    for &(b, _) in &chars[3..chars.len() - 2] {
        let head = &word[..b];
        let tail = capitalise(&word[b..]);
        if !dict.check(&tail) && !compound_tail(dict, &tail) {
            continue;
        }
        if dict.check(head) {
            return true;
        }
        for link in ["s", "es", "n", "en", "er", "e"] {
            if let Some(stem) = head.strip_suffix(link) {
                if stem.chars().count() >= 3 && dict.check(stem) {
                    return true;
                }
            }
        }
    }
    false
}

/// The tail of a three-part compound: itself a two-part compound, checked without further
/// splitting.
fn compound_tail(dict: &Dictionary, tail: &str) -> bool {
    let chars: Vec<(usize, char)> = tail.char_indices().collect();
    if chars.len() < 7 {
        return false;
    }
    (3..chars.len() - 2).any(|k| {
        let b = chars[k].0;
        let rest: String = tail[b..]
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        dict.check(&tail[..b]) && dict.check(&rest)
    })
}

/// A word of a segment that is not spelled the main region's way.
#[derive(Debug, Clone)]
pub struct Word {
    /// Byte span in the segment.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// The word.
    pub word: String,
    /// Its verdict.
    pub verdict: Verdict,
}

/// What spelling found in a document, before the variant rule is applied.
#[derive(Debug, Default)]
pub struct Tally {
    /// Words only the main region spells so, in the whole document.
    pub main_only: usize,
    /// Words only the variant region spells so.
    pub variant_only: usize,
    /// Verdicts per word, kept across the document.
    pub cache: HashMap<String, Verdict>,
}

/// Checks the words of `text`; words to report go to `words` (unknown words, and variant
/// spellings to weigh at the end), with `tally` counting the document's regional spellings.
#[allow(clippy::too_many_arguments)]
pub fn check(
    dict: &Dictionary,
    lang: &str,
    text: &str,
    source_words: &HashSet<String>,
    skip_terms: &HashSet<String>,
    tally: &mut Tally,
    words: &mut Vec<Word>,
) {
    for (b, word) in text.unicode_word_indices() {
        let n = word.chars().count();
        if !(3..=40).contains(&n) || word.chars().any(|c| c.is_numeric() || c == '_') {
            continue;
        }
        // Names, acronyms and CamelCase: a capital makes a word a name in most languages,
        // and German nouns are where its dictionary knows least (compounds).
        if word.chars().any(char::is_uppercase) {
            continue;
        }
        // Part of a URL, an e-mail address, a file name or a hashtag.
        let token = token_around(text, b, b + word.len());
        if token.contains("://")
            || token.contains('@')
            || token.starts_with("www.")
            || token.starts_with('#')
        {
            continue;
        }
        let lower = word.to_lowercase();
        if source_words.contains(&lower) || skip_terms.contains(&lower) {
            continue;
        }
        // The first part of a compound whose end is left to the next word
        // (`Gesundheits- und Wellnessexperten`), or an abbreviation (`Mio.`, `bzw.`).
        let after = &text[b + word.len()..];
        if after.starts_with('-') || (n <= 4 && after.starts_with('.')) {
            continue;
        }
        // Letters the language does not write: a foreign name (`sentralbyrå`).
        if !word.chars().all(|c| native_letter(lang, c)) {
            continue;
        }
        let verdict = tally
            .cache
            .entry(word.to_string())
            .or_insert_with(|| dict.verdict(word, lang))
            .clone();
        match verdict {
            Verdict::Common => continue,
            Verdict::MainOnly => {
                tally.main_only += 1;
                continue;
            }
            Verdict::VariantOnly => tally.variant_only += 1,
            Verdict::Unknown(_) => {}
        }
        words.push(Word {
            start: b,
            end: b + word.len(),
            word: word.to_string(),
            verdict,
        });
    }
}

/// The hits of a segment's words, once the document's tally is known: unknown words, and
/// variant spellings where the document mostly writes the main region's way.
pub fn hits(dict: &Dictionary, lang: &str, words: &[Word], tally: &Tally, out: &mut Vec<Hit>) {
    for w in words {
        match &w.verdict {
            Verdict::Unknown(suggestion) => {
                let message = match suggestion {
                    Some(s) => format!(
                        "`{}` is not in the {lang} dictionary; did you mean `{s}`?",
                        w.word
                    ),
                    None => format!("`{}` is not in the {lang} dictionary", w.word),
                };
                let hit = Hit::new(&SPELLING, w.start, w.end, message);
                out.push(match suggestion {
                    Some(s) => hit.suggest(s.clone()),
                    None => hit,
                });
            }
            Verdict::VariantOnly if tally.main_only > tally.variant_only => {
                let suggestion = dict.suggest(&w.word);
                let message = format!(
                    "`{}` is {} spelling in a document that otherwise writes {} ({} words against {})",
                    w.word,
                    dict.region(1),
                    dict.region(0),
                    tally.main_only,
                    tally.variant_only
                );
                let hit =
                    Hit::new(&SPELLING, w.start, w.end, message).category("Fluency/Inconsistency");
                out.push(match suggestion {
                    Some(s) => hit.suggest(s),
                    None => hit,
                });
            }
            _ => {}
        }
    }
}

/// The white-space-delimited token around `[start, end)`, looked for within 256 bytes on
/// each side so that a line without spaces stays linear.
fn token_around(text: &str, start: usize, end: usize) -> &str {
    let mut lo = start.saturating_sub(256);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (end + 256).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let a = text[lo..start].rfind(char::is_whitespace).map_or(lo, |p| {
        lo + p + text[lo + p..].chars().next().map_or(1, char::len_utf8)
    });
    let z = text[end..hi]
        .find(char::is_whitespace)
        .map_or(hi, |p| end + p);
    &text[a..z]
}

/// Segments spelled together on one thread.
const CHUNK: usize = 512;

/// The spelling pass over a document: the words of every segment (in chunks on every core),
/// then their hits once the document's tally of regional spellings is known.
fn spelling_pass(ctx: &super::Ctx, per_segment: &mut super::SegmentHits) {
    use rayon::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;
    let (Some(speller), Some(lang)) = (&ctx.checker.speller, ctx.target) else {
        return;
    };
    let Ok(dict) = speller.dictionary(lang) else {
        return;
    };
    let term_words = ctx
        .terms
        .as_ref()
        .map(|t| t.target_words(ctx.target))
        .unwrap_or_default();
    // The words of every source: names and terms the translation may keep.
    let source_words: HashSet<String> = ctx
        .sources
        .iter()
        .flatten()
        .flat_map(|s| s.unicode_words().map(str::to_lowercase).collect::<Vec<_>>())
        .collect();
    let chunks: Vec<(Tally, Vec<Vec<Word>>)> = ctx
        .doc
        .segments
        .par_chunks(CHUNK)
        .map(|segs| {
            let mut tally = Tally::default();
            let words = segs
                .iter()
                .map(|s| {
                    let mut words = Vec::new();
                    check(
                        &dict,
                        lang,
                        &s.text,
                        &source_words,
                        &term_words,
                        &mut tally,
                        &mut words,
                    );
                    words
                })
                .collect();
            (tally, words)
        })
        .collect();
    let mut tally = Tally::default();
    for (t, _) in &chunks {
        tally.main_only += t.main_only;
        tally.variant_only += t.variant_only;
    }
    let mut out = Vec::new();
    let words = chunks.into_iter().flat_map(|(_, w)| w);
    for (i, words) in words.enumerate() {
        hits(&dict, lang, &words, &tally, &mut out);
        per_segment.extend(i, out.drain(..));
    }
}

crate::declare_pass!(
    SPELLING_PASS = super::schedule::Pass {
        name: "spelling",
        checks: &[&SPELLING],
        run: super::schedule::Run::Document(spelling_pass),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bounded() {
        assert_eq!(
            token_around("see http://x.org/a now", 9, 10),
            "http://x.org/a"
        );
        assert_eq!(token_around("word", 0, 4), "word");
    }
}
