//! Untranslated text: whole segments in another language (`whatlang`, with confidence,
//! ignoring short segments and names), runs of source-language words inside a sentence,
//! and targets identical to their source.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::lang::stopwords;
use crate::model::check::{Check, Scope};
use crate::model::{LangMethod, Segment, Severity};
use crate::text::words::words;

crate::declare_check! {
    pub(crate) UNTRANSLATED = Check {
        id: "untranslated",
        category: "Accuracy/Untranslated",
        severity: Severity::Major,
        scope: Scope::Window,
        description: "a segment in another language than the document (the source language, where known)",
        ..Check::BASE
    };
    pub(crate) UNTRANSLATED_WORDS = Check {
        id: "untranslated-words",
        category: "Accuracy/Untranslated",
        severity: Severity::Major,
        description: "a run of words left in the source language",
        ..Check::BASE
    };
}

const LISTS: &[(&str, &str)] = &[
    (
        "de",
        include_str!("../../../../corpora/lexicons/untranslated/de.txt"),
    ),
    (
        "es",
        include_str!("../../../../corpora/lexicons/untranslated/es.txt"),
    ),
    (
        "fr",
        include_str!("../../../../corpora/lexicons/untranslated/fr.txt"),
    ),
    (
        "it",
        include_str!("../../../../corpora/lexicons/untranslated/it.txt"),
    ),
    (
        "pt",
        include_str!("../../../../corpora/lexicons/untranslated/pt.txt"),
    ),
    // English only in targets of other scripts: Latin-script targets quote English titles
    // and slogans too often for its function words to mean an untranslated run.
    (
        "en",
        include_str!("../../../../corpora/lexicons/untranslated/en.txt"),
    ),
];

/// For each word, two bit masks over [`LISTS`]: the languages where it is distinctive, and
/// those where it is shared. One lookup per word serves every language.
type WordMasks = FxHashMap<&'static str, (u8, u8)>;

fn masks() -> &'static WordMasks {
    static CELL: OnceLock<WordMasks> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut map: WordMasks = FxHashMap::default();
        for (k, (_, text)) in LISTS.iter().enumerate() {
            for l in text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
            {
                let (w, distinct) = match l.split_once(' ') {
                    Some((w, _)) => (w, false),
                    None => (l, true),
                };
                let e = map.entry(w).or_insert((0, 0));
                if distinct {
                    e.0 |= 1 << k;
                } else {
                    e.1 |= 1 << k;
                }
            }
        }
        map
    })
}

fn lang_name(code: &str) -> String {
    whatlang::Lang::all()
        .iter()
        .find(|l| crate::lang::code_of(**l) == code)
        .map_or_else(|| code.to_string(), |l| l.eng_name().to_string())
}

/// Runs the untranslated-text checks on one segment.
pub fn check(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>) {
    let Some(target) = ctx.target else { return };
    let text = seg.text.as_str();
    if let Some(src) = seg.source.as_deref() {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let has_prose = words(text)
            .filter(|(_, w)| w.chars().next().is_some_and(char::is_lowercase))
            .count()
            >= 2;
        if has_prose && ctx.source != Some(target) && norm(src) == norm(text) {
            out.push(Hit::new(
                &UNTRANSLATED,
                0,
                text.len(),
                "the target is a copy of the source",
            ));
            return;
        }
    }
    if whole_segment(ctx, target, seg, out) {
        return;
    }
    if latin_script(target) {
        word_runs(ctx, target, text, out);
    } else {
        latin_runs(ctx, target, text, out);
    }
}

/// True when the language is written in the Latin script (as far as the checks know).
fn latin_script(code: &str) -> bool {
    !matches!(
        code,
        "ar" | "fa"
            | "ur"
            | "ps"
            | "he"
            | "yi"
            | "ru"
            | "uk"
            | "be"
            | "bg"
            | "mk"
            | "kk"
            | "el"
            | "zh"
            | "ja"
            | "ko"
            | "th"
            | "lo"
            | "km"
            | "my"
            | "hi"
            | "mr"
            | "ne"
            | "bn"
            | "pa"
            | "gu"
            | "ta"
            | "te"
            | "kn"
            | "ml"
            | "si"
            | "ka"
            | "hy"
            | "am"
    )
}

/// In a text of another script, a run of Latin-script words holding at least one function
/// word of a language and a lowercase content word (or two function words): a phrase left
/// untranslated (`la direction régionale de l'eau`). Runs of names (`Notre-Dame de Paris`,
/// `Apple Store`) hold no lowercase content word and pass.
fn latin_runs(ctx: &Ctx, target: &str, text: &str, out: &mut Vec<Hit>) {
    let latin = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().filter(|c| c.is_alphabetic()).all(|c| {
                c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c != '\u{D7}'
            })
    };
    let wanted: Vec<usize> = LISTS
        .iter()
        .enumerate()
        .filter(|(_, (code, _))| *code != target && ctx.source.is_none_or(|s| s == *code))
        .map(|(k, _)| k)
        .collect();
    if wanted.is_empty() {
        return;
    }
    let masks = masks();
    // The current run: start, end, words, lowercase content words, function words per list.
    let mut run: Option<(usize, usize, usize, usize, Vec<usize>)> = None;
    let mut flush = |run: &mut Option<(usize, usize, usize, usize, Vec<usize>)>| {
        let Some((s, e, n, content, stops)) = run.take() else {
            return;
        };
        let best = wanted
            .iter()
            .zip(&stops)
            .max_by_key(|(k, c)| (**c, std::cmp::Reverse(**k)))
            .map(|(k, c)| (*k, *c));
        if let Some((k, c)) = best {
            if n >= 2 && c >= 1 && (content >= 1 || c >= 2) {
                out.push(Hit::new(
                    &UNTRANSLATED_WORDS,
                    s,
                    e,
                    format!("words left in {}: `{}`", lang_name(LISTS[k].0), &text[s..e]),
                ));
            }
        }
    };
    let mut last_end = 0;
    for (b, w) in words(text) {
        let gap = &text[last_end..b];
        let joined = gap
            .chars()
            .all(|c| matches!(c, ' ' | '\u{a0}' | '\'' | '’' | '-'));
        last_end = b + w.len();
        if !latin(w) {
            flush(&mut run);
            continue;
        }
        if !joined {
            flush(&mut run);
        }
        let lower = crate::lang::lowercase(w);
        let (distinct, shared) = masks.get(&*lower).copied().unwrap_or((0, 0));
        let r = run.get_or_insert_with(|| (b, b, 0, 0, vec![0; wanted.len()]));
        r.1 = b + w.len();
        r.2 += 1;
        let mut stop = false;
        for (j, k) in wanted.iter().enumerate() {
            if (distinct | shared) & (1 << k) != 0 {
                r.4[j] += 1;
                stop = true;
            }
        }
        if !stop && w.chars().all(|c| !c.is_uppercase()) {
            r.3 += 1;
        }
    }
    flush(&mut run);
}

fn whole_segment(ctx: &Ctx, target: &str, seg: &Segment, out: &mut Vec<Hit>) -> bool {
    let Some(lang) = seg.lang.detected() else {
        return false;
    };
    if lang.method != LangMethod::Detected || lang.code == target || lang.reliable != Some(true) {
        return false;
    }
    let text = seg.text.as_str();
    let mut n = 0;
    let mut caps = 0;
    let mut own = 0;
    let detected_stop = stopwords(&lang.code);
    for (_, w) in words(text) {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        n += 1;
        if w.chars().next().is_some_and(char::is_uppercase) {
            caps += 1;
        }
        if detected_stop.is_some_and(|s| s.contains(&*crate::lang::lowercase(w))) {
            own += 1;
        }
    }
    // Short segments, lists of names and captions are not judged.
    if n < 5 || caps * 2 > n {
        return false;
    }
    let confident = match detected_stop {
        Some(_) => own >= 2 && lang.confidence.unwrap_or(0.0) >= 0.5,
        None => lang.confidence.unwrap_or(0.0) >= 0.9 && n >= 8,
    };
    if !confident {
        return false;
    }
    let name = lang_name(&lang.code);
    let hit = match ctx.source {
        Some(src) if src == lang.code => Hit::new(
            &UNTRANSLATED,
            0,
            text.len(),
            format!("segment left in the source language ({name})"),
        ),
        Some(_) => Hit::new(
            &UNTRANSLATED,
            0,
            text.len(),
            format!(
                "segment in {name}, not in the target language ({})",
                lang_name(target)
            ),
        )
        .severity(Severity::Minor),
        None => Hit::new(
            &UNTRANSLATED,
            0,
            text.len(),
            format!(
                "segment in {name}, not in the target language ({})",
                lang_name(target)
            ),
        ),
    };
    out.push(hit);
    true
}

fn word_runs(ctx: &Ctx, target: &str, text: &str, out: &mut Vec<Hit>) {
    // Languages to look for: the source where known, else every list but the target's.
    let mut wanted = 0u8;
    for (k, (code, _)) in LISTS.iter().enumerate() {
        if *code != target && *code != "en" && ctx.source.is_none_or(|s| s == *code) {
            wanted |= 1 << k;
        }
    }
    if wanted == 0 {
        return;
    }
    let masks = masks();
    // Per language: the current run (start, end, distinctive words).
    let mut runs: [Option<(usize, usize, usize)>; 8] = [None; 8];
    let flush = |k: usize, runs: &mut [Option<(usize, usize, usize)>; 8], out: &mut Vec<Hit>| {
        if let Some((s, e, d)) = runs[k].take() {
            if d >= 2 {
                out.push(Hit::new(
                    &UNTRANSLATED_WORDS,
                    s,
                    e,
                    format!("words left in {}: `{}`", lang_name(LISTS[k].0), &text[s..e]),
                ));
            }
        }
    };
    let mut last_end = 0;
    let mut lower = String::new();
    for (i, (b, w)) in words(text).enumerate() {
        let gap = &text[last_end..b];
        let joined = gap
            .chars()
            .all(|c| c == ' ' || c == ',' || c == '\'' || c == '’' || c == '\u{a0}');
        last_end = b + w.len();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        // Capitalised words are names, save the first word of the segment.
        let (distinct, shared) = if capital && i > 0 {
            (0, 0)
        } else if capital {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            masks.get(lower.as_str()).copied().unwrap_or((0, 0))
        } else {
            masks.get(w).copied().unwrap_or((0, 0))
        };
        for k in 0..LISTS.len() {
            if wanted & (1 << k) == 0 {
                continue;
            }
            if !joined {
                flush(k, &mut runs, out);
            }
            let bit = 1u8 << k;
            match (distinct & bit != 0, shared & bit != 0, runs[k].as_mut()) {
                (true, _, Some(r)) => {
                    r.1 = b + w.len();
                    r.2 += 1;
                }
                (false, true, Some(_)) => {}
                (true, _, None) => runs[k] = Some((b, b + w.len(), 1)),
                (false, true, None) => {}
                (false, false, _) => flush(k, &mut runs, out),
            }
        }
    }
    for k in 0..LISTS.len() {
        flush(k, &mut runs, out);
    }
}

crate::declare_pass!(
    UNTRANSLATED_PASS = Pass {
        name: "untranslated",
        checks: &[&UNTRANSLATED, &UNTRANSLATED_WORDS],
        run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
    }
);
