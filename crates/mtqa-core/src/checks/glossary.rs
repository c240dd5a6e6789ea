//! Terminology: a glossary (termbase) in TBX — ISO 30042, TBX-Basic and TBX-Core, in the
//! 2008 `martif` and the 2019 `tbx` dialects, read with quick-xml and entities refused — or
//! in a TSV of two or three columns. A source term found in a segment whose target has
//! none of the term's translations is flagged, and so is a target term the glossary
//! forbids. Matching forgives case and inflection (`policy` ~ `policies`, `Vertrag` ~
//! `Verträge` is not claimed: endings only).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

use super::schedule::{Pass, Run};
use super::Hit;
use crate::error::LoadError;
use crate::formats::xml::{attr, Ev, XmlReader, XML};
use crate::model::check::Check;

crate::declare_check! {
    pub(crate) TERMINOLOGY = Check {
        id: "terminology",
        category: "Terminology/Inconsistent with termbase",
        description: "with --glossary (TBX or TSV): a source term whose translation the target does not have, or a target term the glossary forbids",
        ..Check::BASE
    };
}

/// A term of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term as written.
    pub text: String,
    /// True when the glossary says not to use it (`deprecatedTerm-admn`,
    /// `supersededTerm-admn`, TSV status `forbidden`).
    pub forbidden: bool,
}

/// The texts of the terms that are not forbidden.
fn allowed(terms: &[Term]) -> Vec<String> {
    terms
        .iter()
        .filter(|t| !t.forbidden)
        .map(|t| t.text.clone())
        .collect()
}

/// A concept: its terms in each language.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry's id (TBX `id`, or the TSV line).
    pub id: String,
    /// (language code, terms); a TSV glossary uses `source` and `target`.
    pub langs: Vec<(String, Vec<Term>)>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A glossary.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The file it was read from.
    pub path: PathBuf,
    /// The entries.
    pub entries: Vec<Entry>,
    /// The glossary's own source language (TBX root `xml:lang`), if it says.
    pub source_lang: Option<String>,
}

/// A glossary term found in a segment's source, and what the target does with it.
#[derive(Debug, Clone, PartialEq)]
pub struct TermUse {
    /// The entry's id.
    pub entry: String,
    /// The source term, as the glossary writes it.
    pub source: String,
    /// Its allowed translations.
    pub expected: Vec<String>,
    /// The translation found in the target, if any (as written there).
    pub found: Option<String>,
}

/// The words of a text, lowercased, with byte spans.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    text.unicode_word_indices()
        .map(|(b, w)| (b, b + w.len(), w.to_lowercase()))
        .collect()
}

/// Endings that inflect a word in English, German, French and Spanish.
const ENDINGS: &[&str] = &[
    "s", "es", "e", "en", "er", "ern", "n", "ed", "d", "ing", "'s", "’s", "nes", "as", "os",
];

/// True when a word of the text is the term's word, forgiving case and endings
/// (`policy`/`policies`, `agreement`/`agreements`, `Vertrag`/`Vertrages`), both ways.
fn word_matches(text_word: &str, term_word: &str) -> bool {
    fn inflects(long: &str, short: &str) -> bool {
        if short.chars().count() < 3 {
            return false;
        }
        if let Some(rest) = long.strip_prefix(short) {
            return ENDINGS.contains(&rest);
        }
        // `policy` → `policies`, `policied`; `city` → `cities`.
        if let Some(stem) = short.strip_suffix('y') {
            if let Some(rest) = long.strip_prefix(stem) {
                return matches!(rest, "ies" | "ied");
            }
        }
        false
    }
    text_word == term_word || inflects(text_word, term_word) || inflects(term_word, text_word)
}

/// Where a term occurs in a text: (byte start, byte end, as written).
fn find_term(
    text: &str,
    text_words: &[(usize, usize, String)],
    term: &str,
) -> Option<(usize, usize)> {
    let term_lower = term.to_lowercase();
    if term.chars().any(crate::lang::is_unspaced_script) {
        // Scripts without spaces: a plain (case-folded) substring.
        let lower = text.to_lowercase();
        return (lower.len() == text.len())
            .then(|| lower.find(&term_lower).map(|p| (p, p + term_lower.len())))
            .flatten();
    }
    let tw: Vec<String> = term_lower.unicode_words().map(str::to_string).collect();
    if tw.is_empty() {
        return None;
    }
    (0..text_words.len().saturating_sub(tw.len() - 1)).find_map(|i| {
        tw.iter()
            .enumerate()
            .all(|(k, w)| word_matches(&text_words[i + k].2, w))
            .then(|| (text_words[i].0, text_words[i + tw.len() - 1].1))
    })
}

impl Glossary {
    /// Reads a glossary: TBX (`.tbx`, `.xml`, or anything that starts with `<`) or TSV.
    pub fn load(path: &Path) -> Result<Glossary, LoadError> {
        let bytes = crate::formats::read_input(path)?;
        let (text, _) = crate::formats::decode(path, &bytes)?;
        let xml = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<');
        if xml {
            Glossary::read_tbx(path, text.as_bytes())
        } else {
            Glossary::read_tsv(path, &text)
        }
    }

    /// Reads TBX: `termEntry`/`conceptEntry` → `langSet`/`langSec` (`xml:lang`) →
    /// `tig`/`ntig`/`termSec` → `term` and `termNote type="administrativeStatus"`.
    pub fn read_tbx(path: &Path, bytes: &[u8]) -> Result<Glossary, LoadError> {
        let mut r = XmlReader::new(path, bytes);
        let mut g = Glossary {
            path: path.to_path_buf(),
            ..Glossary::default()
        };
        let mut entry: Option<Entry> = None;
        let mut lang: Option<(String, Vec<Term>)> = None;
        let mut term: Option<Term> = None;
        // What the text being read is: 0 none, 1 a term, 2 an administrative status.
        let mut reading = 0u8;
        let mut text = String::new();
        let mut root_seen = false;
        loop {
            match r.next_event()? {
                Ev::Start { name, attrs, line } => {
                    let local = name.local.as_str();
                    if !root_seen {
                        root_seen = true;
                        if local != "martif" && local != "tbx" {
                            return Err(r.error_at(
                                0,
                                format!("<{local}> is not a TBX root (expected <tbx> or <martif>)"),
                            ));
                        }
                        g.source_lang =
                            attr(&attrs, XML, "lang").and_then(crate::lang::normalize_code);
                        continue;
                    }
                    match local {
                        "termEntry" | "conceptEntry" => {
                            entry = Some(Entry {
                                id: attr(&attrs, "", "id").unwrap_or("").to_string(),
                                langs: Vec::new(),
                                line,
                            });
                        }
                        "langSet" | "langSec" => {
                            let code = attr(&attrs, XML, "lang")
                                .and_then(crate::lang::normalize_code)
                                .ok_or_else(|| {
                                    r.error(format!(
                                        "line {line}: <{local}> without a valid xml:lang"
                                    ))
                                })?;
                            lang = Some((code, Vec::new()));
                        }
                        "tig" | "ntig" | "termSec" => {
                            term = Some(Term {
                                text: String::new(),
                                forbidden: false,
                            });
                        }
                        "term" => {
                            reading = 1;
                            text.clear();
                        }
                        "termNote" if attr(&attrs, "", "type") == Some("administrativeStatus") => {
                            reading = 2;
                            text.clear();
                        }
                        _ => {}
                    }
                }
                Ev::Text(t) => {
                    if reading != 0 {
                        text.push_str(&t);
                    }
                }
                Ev::End(name) => match name.local.as_str() {
                    "term" => {
                        if let Some(t) = term.as_mut() {
                            t.text = text.trim().to_string();
                        }
                        reading = 0;
                    }
                    "termNote" if reading == 2 => {
                        if let Some(t) = term.as_mut() {
                            t.forbidden = matches!(
                                text.trim(),
                                "deprecatedTerm-admn"
                                    | "supersededTerm-admn"
                                    | "deprecatedTerm"
                                    | "supersededTerm"
                            );
                        }
                        reading = 0;
                    }
                    "tig" | "ntig" | "termSec" => {
                        if let (Some(t), Some((_, terms))) = (term.take(), lang.as_mut()) {
                            if !t.text.is_empty() {
                                terms.push(t);
                            }
                        }
                    }
                    "langSet" | "langSec" => {
                        if let (Some(l), Some(e)) = (lang.take(), entry.as_mut()) {
                            e.langs.push(l);
                        }
                    }
                    "termEntry" | "conceptEntry" => {
                        if let Some(e) = entry.take() {
                            if !e.langs.is_empty() {
                                g.entries.push(e);
                            }
                        }
                    }
                    _ => {}
                },
                Ev::Eof => break,
            }
        }
        if !root_seen {
            return Err(r.error_at(0, "empty file: expected a TBX document"));
        }
        Ok(g)
    }

    /// Reads a TSV glossary: `source<TAB>target[<TAB>status]` a line; alternatives in one
    /// cell separated by `|`; `#` starts a comment; a first line naming two languages
    /// (`en<TAB>de`) or `source<TAB>target` is a header. A status of `forbidden`,
    /// `deprecated` or `do not use` forbids the target term.
    pub fn read_tsv(path: &Path, text: &str) -> Result<Glossary, LoadError> {
        let mut g = Glossary {
            path: path.to_path_buf(),
            ..Glossary::default()
        };
        let (mut src_code, mut tgt_code) = ("source".to_string(), "target".to_string());
        let mut first = true;
        for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            let l = line.trim_end_matches('\r');
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            if f.len() < 2 {
                return Err(LoadError::Syntax {
                    path: path.to_path_buf(),
                    line: n + 1,
                    column: 1,
                    message: "a glossary line has a source term, a tab and its target term".into(),
                });
            }
            if first {
                first = false;
                let code = |c: &str| {
                    let c = c.replace('_', "-");
                    let primary = c.split('-').next().unwrap_or("");
                    (primary.len() == 2 && primary.chars().all(|x| x.is_ascii_alphabetic()))
                        .then(|| crate::lang::normalize_code(&c))
                        .flatten()
                };
                if f[0].eq_ignore_ascii_case("source") {
                    continue;
                }
                if let (Some(s), Some(t)) = (code(f[0]), code(f[1])) {
                    g.source_lang = Some(s.clone());
                    src_code = s;
                    tgt_code = t;
                    continue;
                }
            }
            let forbidden = f.get(2).is_some_and(|s| {
                let s = s.to_lowercase();
                s.contains("forbidden") || s.contains("deprecated") || s.contains("do not use")
            });
            let split = |cell: &str, forbidden: bool| -> Vec<Term> {
                cell.split('|')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Term {
                        text: t.to_string(),
                        forbidden,
                    })
                    .collect()
            };
            g.entries.push(Entry {
                id: format!("line {}", n + 1),
                langs: vec![
                    (src_code.clone(), split(f[0], false)),
                    (tgt_code.clone(), split(f[1], forbidden)),
                ],
                line: n + 1,
            });
        }
        Ok(g)
    }

    /// The terms of an entry in `lang`; a TSV glossary's `source`/`target` columns stand
    /// for whatever languages the document has.
    fn terms<'a>(&self, e: &'a Entry, lang: Option<&str>, side: &str) -> &'a [Term] {
        e.langs
            .iter()
            .find(|(l, _)| Some(l.as_str()) == lang)
            .or_else(|| e.langs.iter().find(|(l, _)| l == side))
            .map_or(&[], |(_, t)| t.as_slice())
    }

    /// The index of the entries by the first word (or first character) of their source
    /// terms, so that a segment is matched against the entries it may contain only.
    pub fn index(&self, source_lang: Option<&str>) -> GlossaryIndex {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let lang = source_lang.or(self.source_lang.as_deref());
        for (k, e) in self.entries.iter().enumerate() {
            for t in self.terms(e, lang, "source") {
                if let Some(key) = key_of(&t.text) {
                    let v = by_key.entry(key).or_default();
                    if v.last() != Some(&k) {
                        v.push(k);
                    }
                }
            }
        }
        GlossaryIndex { by_key }
    }

    /// The glossary's terms found in `source`, and what `target` does with each.
    pub fn uses(
        &self,
        index: &GlossaryIndex,
        source: &str,
        target: &str,
        source_lang: Option<&str>,
        target_lang: Option<&str>,
    ) -> Vec<TermUse> {
        let src_lang = source_lang.or(self.source_lang.as_deref());
        let sw = words(source);
        let tw = words(target);
        let mut candidates: Vec<usize> = Vec::new();
        for (_, _, w) in &sw {
            let key: String = w.chars().take(4).collect();
            if let Some(v) = index.by_key.get(&key) {
                candidates.extend(v);
            }
        }
        for c in source
            .chars()
            .filter(|&c| crate::lang::is_unspaced_script(c))
        {
            if let Some(v) = index.by_key.get(&c.to_string()) {
                candidates.extend(v);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut out = Vec::new();
        for k in candidates {
            let e = &self.entries[k];
            let Some(src) = self
                .terms(e, src_lang, "source")
                .iter()
                .find(|t| !t.forbidden && find_term(source, &sw, &t.text).is_some())
            else {
                continue;
            };
            let expected = allowed(self.terms(e, target_lang, "target"));
            if expected.is_empty() {
                continue;
            }
            let found = expected.iter().find_map(|t| {
                find_term(target, &tw, t).and_then(|(a, b)| target.get(a..b).map(str::to_string))
            });
            out.push(TermUse {
                entry: e.id.clone(),
                source: src.text.clone(),
                expected,
                found,
            });
        }
        out
    }

    /// The words of every allowed target term, lowercased: never spelling mistakes.
    pub fn target_words(&self, target_lang: Option<&str>) -> std::collections::HashSet<String> {
        self.entries
            .iter()
            .flat_map(|e| self.terms(e, target_lang, "target"))
            .filter(|t| !t.forbidden)
            .flat_map(|t| {
                t.text
                    .unicode_words()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Target terms the glossary forbids, with the entry's allowed terms.
    pub fn forbidden(&self, target_lang: Option<&str>) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for e in &self.entries {
            let terms = self.terms(e, target_lang, "target");
            let allowed = allowed(terms);
            for t in terms.iter().filter(|t| t.forbidden) {
                out.push((t.text.clone(), allowed.clone()));
            }
        }
        out
    }
}

/// The key a term is indexed under: its first word's first four letters, lowercased, or
/// its first character in scripts without spaces.
fn key_of(term: &str) -> Option<String> {
    let first = term.chars().next()?;
    if crate::lang::is_unspaced_script(first) {
        return Some(first.to_string());
    }
    let w = term.unicode_words().next()?.to_lowercase();
    Some(w.chars().take(4).collect())
}

/// Entries of a glossary by key (see [`Glossary::index`]).
#[derive(Debug, Clone, Default)]
pub struct GlossaryIndex {
    by_key: HashMap<String, Vec<usize>>,
}

/// Runs the terminology check on one segment.
#[allow(clippy::too_many_arguments)]
pub fn check(
    g: &Glossary,
    index: &GlossaryIndex,
    forbidden: &[(String, Vec<String>)],
    source: Option<&str>,
    target: &str,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    out: &mut Vec<Hit>,
) {
    if let Some(src) = source {
        for u in g.uses(index, src, target, source_lang, target_lang) {
            if u.found.is_some() {
                continue;
            }
            let want = u.expected.join("` or `");
            out.push(Hit::new(
                &TERMINOLOGY,
                target.len(),
                target.len(),
                format!(
                    "glossary: `{}` is translated `{want}`, which the target does not have",
                    u.source
                ),
            ));
        }
    }
    if forbidden.is_empty() {
        return;
    }
    let tw = words(target);
    for (term, allowed) in forbidden {
        if let Some((a, b)) = find_term(target, &tw, term) {
            let hit = Hit::new(
                &TERMINOLOGY,
                a,
                b,
                if allowed.is_empty() {
                    format!("glossary: `{term}` is a forbidden term")
                } else {
                    format!(
                        "glossary: `{term}` is a forbidden term; write `{}`",
                        allowed.join("` or `")
                    )
                },
            );
            out.push(match allowed.first() {
                Some(s) => hit.suggest(s.clone()),
                None => hit,
            });
        }
    }
}

/// A glossary made ready for one document's languages: its index of source terms and the
/// target terms it forbids.
pub(crate) struct Prepared<'a> {
    glossary: &'a Glossary,
    index: GlossaryIndex,
    forbidden: Vec<(String, Vec<String>)>,
}

impl<'a> Prepared<'a> {
    /// `g` for a document in these languages.
    pub(crate) fn new(g: &'a Glossary, source: Option<&str>, target: Option<&str>) -> Prepared<'a> {
        Prepared {
            glossary: g,
            index: g.index(source),
            forbidden: g.forbidden(target),
        }
    }

    /// The words of the glossary's target terms (spelling leaves them alone).
    pub(crate) fn target_words(&self, target: Option<&str>) -> std::collections::HashSet<String> {
        self.glossary.target_words(target)
    }
}

crate::declare_pass!(
    TERMINOLOGY_PASS = Pass {
        name: "terminology",
        checks: &[&TERMINOLOGY],
        run: Run::Segment(|ctx, i, seg, out| {
            if let Some(t) = &ctx.terms {
                check(
                    t.glossary,
                    &t.index,
                    &t.forbidden,
                    ctx.source_of(i),
                    &seg.text,
                    ctx.source,
                    ctx.target,
                    out,
                );
            }
        }),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflection_is_forgiven() {
        assert!(word_matches("policies", "policy"));
        assert!(word_matches("agreements", "agreement"));
        assert!(!word_matches("police", "policy") && !word_matches("pole", "policy"));
        assert!(!word_matches("cat", "car"));
    }

    #[test]
    fn tsv_and_tbx() {
        let g = Glossary::read_tsv(
            Path::new("g.tsv"),
            "en\tde\n# comment\nfree trade agreement\tFreihandelsabkommen\nsupply chain\tLieferkette\tpreferred\n\tSupply Chain\tforbidden\n",
        )
        .unwrap();
        assert_eq!(g.entries.len(), 3);
        assert_eq!(g.source_lang.as_deref(), Some("en"));
        let idx = g.index(Some("en"));
        let uses = g.uses(
            &idx,
            "The free trade agreements were signed.",
            "Die Abkommen wurden unterzeichnet.",
            Some("en"),
            Some("de"),
        );
        assert_eq!(uses.len(), 1);
        assert_eq!(uses[0].found, None);
        assert_eq!(
            g.forbidden(Some("de")),
            vec![("Supply Chain".to_string(), vec![])]
        );
        let tbx = br#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>chip</term></termSec></langSec>
<langSec xml:lang="de"><termSec><term>Chip</term></termSec><termSec><term>Halbleiterchip</term></termSec>
<termSec><term>Tschip</term><termNote type="administrativeStatus">deprecatedTerm-admn</termNote></termSec></langSec></conceptEntry>
</body></text></tbx>"#;
        let g = Glossary::read_tbx(Path::new("g.tbx"), tbx).unwrap();
        assert_eq!(g.entries[0].langs[1].1.len(), 3);
        assert!(g.entries[0].langs[1].1[2].forbidden);
        let idx = g.index(None);
        let uses = g.uses(
            &idx,
            "US chips are scarce.",
            "US-Chips sind knapp.",
            None,
            Some("de"),
        );
        assert_eq!(uses[0].found.as_deref(), Some("Chips"));
    }

    #[test]
    fn entities_are_refused() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx xml:lang="en"><text><body>&a;</body></text></tbx>"#;
        assert!(Glossary::read_tbx(Path::new("b.tbx"), bomb).is_err());
    }
}
