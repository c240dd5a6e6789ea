//! Untranslated text: whole segments in another language (`whatlang`, with confidence,
//! ignoring short segments and names), runs of source-language words inside a sentence,
//! and targets identical to their source.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Ctx, Hit};
use crate::lang::stopwords;
use crate::model::{LangMethod, Segment, Severity};
use crate::text::words::words;

const LISTS: &[(&str, &str)] = &[
    ("de", include_str!("../../corpora/lexicons/untranslated/de.txt")),
    ("es", include_str!("../../corpora/lexicons/untranslated/es.txt")),
    ("fr", include_str!("../../corpora/lexicons/untranslated/fr.txt")),
    ("it", include_str!("../../corpora/lexicons/untranslated/it.txt")),
    ("pt", include_str!("../../corpora/lexicons/untranslated/pt.txt")),
];

/// word → distinctive (true) or shared (false), per language.
type WordList = HashMap<&'static str, bool>;

fn lists() -> &'static [(&'static str, WordList)] {
    static CELL: OnceLock<Vec<(&'static str, WordList)>> = OnceLock::new();
    CELL.get_or_init(|| {
        LISTS
            .iter()
            .map(|(code, text)| {
                let map = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|l| match l.split_once(' ') {
                        Some((w, _)) => (w, false),
                        None => (l, true),
                    })
                    .collect();
                (*code, map)
            })
            .collect()
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
        let has_prose = words(text).filter(|(_, w)| w.chars().next().is_some_and(char::is_lowercase)).count() >= 2;
        if has_prose && ctx.source != Some(target) && norm(src) == norm(text) {
            out.push(Hit::new("untranslated", 0, text.len(), "the target is a copy of the source"));
            return;
        }
    }
    if whole_segment(ctx, target, seg, out) {
        return;
    }
    word_runs(ctx, target, text, out);
}

fn whole_segment(ctx: &Ctx, target: &str, seg: &Segment, out: &mut Vec<Hit>) -> bool {
    let Some(lang) = &seg.lang else { return false };
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
        if detected_stop.is_some_and(|s| s.contains(w.to_lowercase().as_str())) {
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
        Some(src) if src == lang.code => Hit::new("untranslated", 0, text.len(), format!("segment left in the source language ({name})")),
        Some(_) => Hit::new("untranslated", 0, text.len(), format!("segment in {name}, not in the target language ({})", lang_name(target)))
            .severity(Severity::Minor),
        None => Hit::new("untranslated", 0, text.len(), format!("segment in {name}, not in the target language ({})", lang_name(target))),
    };
    out.push(hit);
    true
}

fn word_runs(ctx: &Ctx, target: &str, text: &str, out: &mut Vec<Hit>) {
    for (code, list) in lists() {
        if *code == target || ctx.source.is_some_and(|s| s != *code) {
            continue;
        }
        // Current run: (start byte, end byte, distinctive count, words).
        let mut run: Option<(usize, usize, usize, usize)> = None;
        let mut last_end = 0;
        let flush = |run: &mut Option<(usize, usize, usize, usize)>, out: &mut Vec<Hit>| {
            if let Some((s, e, d, _)) = run.take() {
                if d >= 2 {
                    out.push(Hit::new(
                        "untranslated-words",
                        s,
                        e,
                        format!("words left in {}: `{}`", lang_name(code), &text[s..e]),
                    ));
                }
            }
        };
        for (i, (b, w)) in words(text).enumerate() {
            let gap = &text[last_end..b];
            let joined = gap.chars().all(|c| c == ' ' || c == ',' || c == '\'' || c == '’' || c == '\u{a0}');
            if !joined {
                flush(&mut run, out);
            }
            last_end = b + w.len();
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let lower;
            let key = if capital && i == 0 {
                lower = w.to_lowercase();
                lower.as_str()
            } else {
                w
            };
            match (if capital && i > 0 { None } else { list.get(key) }, run.as_mut()) {
                (Some(&distinct), Some(r)) => {
                    r.1 = b + w.len();
                    r.2 += usize::from(distinct);
                    r.3 += 1;
                }
                (Some(&true), None) => run = Some((b, b + w.len(), 1, 1)),
                (Some(&false), None) => {}
                (None, _) => flush(&mut run, out),
            }
        }
        flush(&mut run, out);
    }
}
