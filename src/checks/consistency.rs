//! Consistency within a document or a segment file, the check Xbench and Okapi CheckMate
//! users ask for most: the same source sentence translated differently, the same
//! translation given for different sources, and one abbreviation written two ways
//! (`U.S.` and `US`).
//!
//! Memory is one entry per distinct source and target text (hashes of normalised text), so a
//! document of a million segments stays linear.

use std::collections::HashMap;

use super::{Ctx, Hit};

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
pub fn check(ctx: &Ctx, per_segment: &mut [Vec<Hit>]) {
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
            per_segment[i].push(
                Hit::new(
                    "inconsistent-translation",
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
            per_segment[i].push(Hit::new(
                "inconsistent-source",
                0,
                doc.segments[i].text.len(),
                format!(
                    "the same translation is given for another source in segment {}: «{}»",
                    doc.segments[first].id,
                    preview(&first_src)
                ),
            ));
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

/// Byte offsets of `needle` as a whole token in `text`.
fn token_positions(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .filter(|(p, _)| {
            let before = text[..*p].chars().next_back();
            let after = text[p + needle.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
                && !after
                    .is_some_and(|c| c.is_alphanumeric() || (c == '.' && !needle.ends_with('.')))
        })
        .map(|(p, _)| p)
        .collect()
}

fn abbreviations(ctx: &Ctx, per_segment: &mut [Vec<Hit>]) {
    if !ctx.is("en") {
        return;
    }
    for (dotted, plain) in DOTTED {
        let (mut nd, mut np) = (0usize, 0usize);
        for s in &ctx.doc.segments {
            nd += token_positions(&s.text, dotted).len();
            np += token_positions(&s.text, plain).len();
        }
        if nd == 0 || np == 0 || nd == np {
            continue;
        }
        let (minority, majority, nmin, nmaj) = if nd < np {
            (*dotted, *plain, nd, np)
        } else {
            (*plain, *dotted, np, nd)
        };
        for (i, s) in ctx.doc.segments.iter().enumerate() {
            for p in token_positions(&s.text, minority) {
                per_segment[i].push(
                    Hit::new(
                        "abbreviation-style",
                        p,
                        p + minority.len(),
                        format!(
                            "`{minority}` here, `{majority}` elsewhere in the document ({nmaj} against {nmin})"
                        ),
                    )
                    .suggest(majority),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_tokens() {
        assert_eq!(token_positions("US and U.S. and USB", "US"), vec![0]);
        assert_eq!(token_positions("the U.S. said", "U.S."), vec![4]);
    }
}
