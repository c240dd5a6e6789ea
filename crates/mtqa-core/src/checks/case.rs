//! Letter case: an acronym or a CamelCase name of the source written with other capitals in
//! the target (`ChatGPT` → `Chatgpt`, `NASA` → `Nasa`), and English headlines left in
//! sentence case.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use super::schedule::{Pass, Run};
use super::Hit;
use crate::model::check::Check;
use crate::model::Severity;

crate::declare_check! {
    pub(crate) CASE_MISMATCH = Check {
        id: "case-mismatch",
        category: "Fluency/Spelling",
        needs_source: true,
        description: "with a source: an acronym or CamelCase name of the source (`NASA`, `ChatGPT`) written with other capitals",
        ..Check::BASE
    };
    pub(crate) HEADLINE_CASE = Check {
        id: "headline-case",
        category: "Fluency/Spelling",
        severity: Severity::Neutral,
        description: "English: a headline (the first line, without a final stop) in sentence case where news styles use title case",
        ..Check::BASE
    };
}

/// True for the words whose case is part of their identity: acronyms (`NASA`, `PMI`) and
/// CamelCase names (`iPhone`, `ChatGPT`, `YouTube`).
fn case_sensitive(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || !letters.iter().all(char::is_ascii_alphabetic) {
        return false;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let acronym = upper == letters.len() && letters.len() <= 6;
    let camel = upper >= 1
        && upper < letters.len()
        && letters
            .windows(2)
            .any(|w| w[0].is_lowercase() && w[1].is_uppercase());
    acronym || camel
}

/// Case-sensitive words of the source written with other capitals in the target.
pub fn case_mismatch(text: &str, source: &str, out: &mut Vec<Hit>) {
    let wanted: Vec<&str> = source
        .unicode_words()
        .filter(|w| case_sensitive(w))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut by_lower: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (b, w) in text.unicode_word_indices() {
        by_lower.entry(w.to_lowercase()).or_default().push((b, w));
    }
    let mut done: Vec<&str> = Vec::new();
    for w in wanted {
        if done.contains(&w) {
            continue;
        }
        done.push(w);
        let Some(found) = by_lower.get(&w.to_lowercase()) else {
            continue;
        };
        if found.iter().any(|(_, t)| *t == w) {
            continue;
        }
        for &(b, t) in found {
            // `us` for `US`, `who` for `WHO`: a common word, not the name.
            if !t.chars().any(char::is_uppercase) {
                continue;
            }
            out.push(
                Hit::new(
                    &CASE_MISMATCH,
                    b,
                    b + t.len(),
                    format!("the source writes `{w}`; the target has `{t}`"),
                )
                .suggest(w),
            );
        }
    }
}

/// Words that stay in lowercase inside an English title.
const SMALL: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "for", "so", "yet", "of", "in", "on", "at", "to",
    "by", "up", "as", "is", "via", "vs", "per", "off", "out", "from", "into", "onto", "with",
    "over", "than", "that", "amid",
];

/// An English headline (the first segment of a document, one short line without a
/// sentence-final mark) in sentence case: most English news styles capitalise the words of
/// a headline. Neutral: a house style may choose sentence case.
pub fn headline_case(text: &str, out: &mut Vec<Hit>) {
    let t = text.trim_end();
    if t.is_empty()
        || t.ends_with(['.', '!', '?', '…', ':', ';', ',', '"', '”'])
        || t.chars().any(crate::lang::is_cjk)
    {
        return;
    }
    let words: Vec<(usize, &str)> = t.unicode_word_indices().collect();
    if !(3..=20).contains(&words.len()) {
        return;
    }
    let lower_content = words
        .iter()
        .skip(1)
        .filter(|(_, w)| {
            w.chars().count() >= 4
                && w.chars().all(char::is_alphabetic)
                && w.chars().next().is_some_and(char::is_lowercase)
                && !SMALL.contains(&w.to_lowercase().as_str())
        })
        .count();
    let capitalised = words
        .iter()
        .filter(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    // Sentence case: several content words in lowercase, few capitals beyond names.
    if lower_content < 2 || capitalised * 2 > words.len() {
        return;
    }
    let mut titled = String::with_capacity(t.len());
    let mut last = 0;
    let n = words.len();
    for (k, &(b, w)) in words.iter().enumerate() {
        titled.push_str(&t[last..b]);
        let small = SMALL.contains(&w.to_lowercase().as_str()) && k > 0 && k + 1 < n;
        let after_colon = t[..b].trim_end().ends_with(':');
        if small && !after_colon || w.chars().next().is_some_and(|c| !c.is_lowercase()) {
            titled.push_str(w);
        } else {
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                titled.extend(first.to_uppercase());
                titled.push_str(cs.as_str());
            }
        }
        last = b + w.len();
    }
    titled.push_str(&t[last..]);
    out.push(
        Hit::new(
            &HEADLINE_CASE,
            0,
            t.len(),
            "a headline in sentence case: most English news styles write headlines in title case",
        )
        .severity(Severity::Neutral)
        .suggest(titled),
    );
}

crate::declare_pass!(
    CASE_PASS = Pass {
        name: "case",
        checks: &[&CASE_MISMATCH, &HEADLINE_CASE],
        run: Run::Segment(|ctx, i, seg, out| {
            if let Some(src) = ctx.source_of(i) {
                case_mismatch(&seg.text, src, out);
            }
            // The headline: the first line of an English report, alone in its paragraph.
            if i == 0
                && ctx.is("en")
                && ctx
                    .doc
                    .paragraphs
                    .first()
                    .is_some_and(|p| p.segment_count == 1)
            {
                headline_case(&seg.text, out);
            }
        }),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_sensitive_words() {
        assert!(case_sensitive("NASA"));
        assert!(case_sensitive("iPhone"));
        assert!(case_sensitive("ChatGPT"));
        assert!(!case_sensitive("Police"));
        assert!(!case_sensitive("police"));
        assert!(!case_sensitive("A"));
    }

    #[test]
    fn acronym_lowercased() {
        let mut out = Vec::new();
        case_mismatch(
            "Nasa and Chatgpt, and us",
            "NASA 和 ChatGPT 和 US",
            &mut out,
        );
        let flagged: Vec<&str> = out
            .iter()
            .map(|h| &"Nasa and Chatgpt, and us"[h.start..h.end])
            .collect();
        assert_eq!(flagged, ["Nasa", "Chatgpt"]);
    }

    #[test]
    fn headlines() {
        let mut out = Vec::new();
        headline_case(
            "Chinese rescue team continues operations in Turkey",
            &mut out,
        );
        assert_eq!(
            out[0].suggestion.as_deref(),
            Some("Chinese Rescue Team Continues Operations in Turkey")
        );
        out.clear();
        headline_case(
            "Chinese Rescue Team Continues Operations in Turkey",
            &mut out,
        );
        headline_case("The team went home.", &mut out);
        assert!(out.is_empty());
    }
}
