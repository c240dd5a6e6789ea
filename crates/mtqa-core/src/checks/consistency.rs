//! Consistency within a document or a segment file, the check Xbench and Okapi CheckMate
//! users ask for most: the same source sentence translated differently, the same
//! translation given for different sources, and one abbreviation written two ways
//! (`U.S.` and `US`).
//!
//! Memory is one entry per distinct source and target text (hashes of normalised text), so a
//! document of a million segments stays linear.

use std::collections::HashMap;

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::{Check, Scope};

crate::declare_check! {
    pub(crate) INCONSISTENT_TRANSLATION = Check {
        id: "inconsistent-translation",
        category: "Fluency/Inconsistency",
        scope: Scope::Window,
        needs_source: true,
        description: "the same source sentence translated differently within a document or segment file (the most frequent translation is the reference)",
        ..Check::BASE
    };
    pub(crate) INCONSISTENT_SOURCE = Check {
        id: "inconsistent-source",
        category: "Fluency/Inconsistency",
        scope: Scope::Window,
        needs_source: true,
        description: "the same translation given for different source sentences",
        ..Check::BASE
    };
    pub(crate) ABBREVIATION_STYLE = Check {
        id: "abbreviation-style",
        category: "Fluency/Inconsistency",
        scope: Scope::Window,
        description: "English: one abbreviation written with and without stops in a document (`U.S.` and `US`); the minority is flagged",
        ..Check::BASE
    };
}

/// Text as compared: white space folded, NFC, trailing spaces dropped.
fn normalised(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// Long enough to be a sentence that should be translated the same way each time.
fn worth_comparing(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let cjk = s.chars().filter(|&c| crate::lang::is_cjk(c)).count();
    words >= 4 || cjk >= 8
}

fn preview(s: &str) -> String {
    let p: String = s.chars().take(80).collect();
    if p.len() < s.len() {
        format!("{p}…")
    } else {
        p
    }
}

/// Runs the consistency checks over the whole document.
pub fn check(ctx: &Ctx, per_segment: &mut super::SegmentHits) {
    let doc = ctx.doc;
    // Same source, other target.
    let mut by_source: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_target: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, seg) in doc.segments.iter().enumerate() {
        let Some(src) = ctx.source_of(i) else {
            continue;
        };
        if worth_comparing(src) {
            by_source.entry(normalised(src)).or_default().push(i);
        }
        if worth_comparing(&seg.text) {
            by_target.entry(normalised(&seg.text)).or_default().push(i);
        }
    }
    let mut groups: Vec<&Vec<usize>> = by_source.values().filter(|v| v.len() > 1).collect();
    groups.sort();
    for segs in groups {
        // The translation given most often is the reference; ties go to the first.
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for &i in segs {
            let t = normalised(&doc.segments[i].text);
            match counts.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += 1,
                None => counts.push((t, 1, i)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        let best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|c| (c.0.clone(), c.2));
        let Some((reference, first)) = best else {
            continue;
        };
        for &i in segs {
            let text = &doc.segments[i].text;
            if normalised(text) == reference {
                continue;
            }
            per_segment.push(
                i,
                Hit::new(
                    &INCONSISTENT_TRANSLATION,
                    0,
                    text.len(),
                    format!(
                        "the same source is translated «{}» in segment {}",
                        preview(&reference),
                        doc.segments[first].id
                    ),
                )
                .suggest(reference.clone()),
            );
        }
    }
    // Same target, other source.
    let mut groups: Vec<&Vec<usize>> = by_target.values().filter(|v| v.len() > 1).collect();
    groups.sort();
    for segs in groups {
        let first = segs[0];
        let first_src = ctx.source_of(first).map(normalised).unwrap_or_default();
        for &i in &segs[1..] {
            let src = ctx.source_of(i).map(normalised).unwrap_or_default();
            if src == first_src || loosely_equal(&src, &first_src) {
                continue;
            }
            per_segment.push(
                i,
                Hit::new(
                    &INCONSISTENT_SOURCE,
                    0,
                    doc.segments[i].text.len(),
                    format!(
                        "the same translation is given for another source in segment {}: «{}»",
                        doc.segments[first].id,
                        preview(&first_src)
                    ),
                ),
            );
        }
    }
    abbreviations(ctx, per_segment);
}

/// Equal but for case, punctuation and spacing.
fn loosely_equal(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

/// Abbreviations written with and without stops (`U.S.`/`US`, `U.K.`/`UK`).
const DOTTED: &[(&str, &str)] = &[
    ("U.S.", "US"),
    ("U.K.", "UK"),
    ("U.N.", "UN"),
    ("E.U.", "EU"),
    ("D.C.", "DC"),
    ("U.S.A.", "USA"),
];

/// The abbreviations of [`DOTTED`] in `text`, in one pass: (byte offset, pair index,
/// dotted or not).
fn abbreviations_in(text: &str) -> Vec<(usize, usize, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if !matches!(c, b'U' | b'E' | b'D') {
            continue;
        }
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] >= 0x80) {
            continue;
        }
        let rest = &text[i..];
        // Longest first: `U.S.A.` before `U.S.`, `USA` before `US`.
        let mut best: Option<(usize, bool, usize)> = None;
        for (k, (dotted, plain)) in DOTTED.iter().enumerate() {
            for (form, is_dotted) in [(*dotted, true), (*plain, false)] {
                if !rest.starts_with(form) {
                    continue;
                }
                let after = rest[form.len()..].chars().next();
                let whole = !after.is_some_and(|c| c.is_alphanumeric() || (c == '.' && !is_dotted));
                if whole && best.is_none_or(|(_, _, len)| form.len() > len) {
                    best = Some((k, is_dotted, form.len()));
                }
            }
        }
        if let Some((k, dotted, _)) = best {
            out.push((i, k, dotted));
        }
    }
    out
}

fn abbreviations(ctx: &Ctx, per_segment: &mut super::SegmentHits) {
    if !ctx.is("en") {
        return;
    }
    let found: Vec<Vec<(usize, usize, bool)>> = ctx
        .doc
        .segments
        .iter()
        .map(|s| abbreviations_in(&s.text))
        .collect();
    let mut counts = vec![(0usize, 0usize); DOTTED.len()];
    for (_, k, dotted) in found.iter().flatten() {
        if *dotted {
            counts[*k].0 += 1;
        } else {
            counts[*k].1 += 1;
        }
    }
    for (i, hits) in found.iter().enumerate() {
        for &(at, k, dotted) in hits {
            let (nd, np) = counts[k];
            if nd == 0 || np == 0 || nd == np || (nd > np) == dotted {
                continue;
            }
            let (dotted_form, plain_form) = DOTTED[k];
            let (minority, majority, nmin, nmaj) = if dotted {
                (dotted_form, plain_form, nd, np)
            } else {
                (plain_form, dotted_form, np, nd)
            };
            per_segment.push(i,
                Hit::new(
                    &ABBREVIATION_STYLE,
                    at,
                    at + minority.len(),
                    format!(
                        "`{minority}` here, `{majority}` elsewhere in the document ({nmaj} against {nmin})"
                    ),
                )
                .suggest(majority),
            );
        }
    }
}

crate::declare_pass!(
    CONSISTENCY_PASS = Pass {
        name: "consistency",
        checks: &[
            &INCONSISTENT_TRANSLATION,
            &INCONSISTENT_SOURCE,
            &ABBREVIATION_STYLE
        ],
        run: Run::Document(check),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_tokens() {
        assert_eq!(
            abbreviations_in("US and U.S. and USB, the USA and the U.S.A."),
            vec![(0, 0, false), (7, 0, true), (25, 5, false), (37, 5, true)]
        );
    }
}
