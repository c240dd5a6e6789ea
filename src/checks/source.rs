//! Checks against the source, for bilingual documents (aligned with `--source`) and for
//! inputs that carry a source per segment: numbers, dates and amounts that differ (read
//! in either locale: `1 000,5` = `1,000.5`), URLs and e-mails changed, acronyms and names
//! missing, length-ratio outliers, omissions and additions, brackets and quotation marks
//! balanced differently.

use std::sync::OnceLock;

use regex::Regex;

use super::{Ctx, Hit};
use crate::model::Severity;

/// A source text and the target segments that translate it.
struct Unit {
    source: String,
    targets: Vec<usize>,
}

fn number_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\d{1,3}(?:[ \u{a0}\u{202f}]\d{3})+(?:[.,]\d+)?|\d+(?:[.,']\d+)*").ok()
    })
    .as_ref()
}

fn date_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b\d{1,2}[./-]\d{1,2}[./-](\d{2,4})\b").ok())
        .as_ref()
}

/// The value of a number as written in any locale: `1 000,5`, `1.000,5` and `1,000.5` are
/// all `1000.5`; a lone separator before exactly three digits groups thousands.
pub fn canonical_number(raw: &str) -> String {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let decimal = if dots > 0 && commas > 0 {
        // The last separator is the decimal one.
        if s.rfind('.') > s.rfind(',') {
            Some('.')
        } else {
            Some(',')
        }
    } else if dots + commas == 1 {
        let sep = if dots == 1 { '.' } else { ',' };
        let after = s.rsplit(sep).next().unwrap_or("");
        if after.len() == 3 {
            None
        } else {
            Some(sep)
        }
    } else {
        None
    };
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '.' | ',' if Some(c) == decimal => out.push('.'),
            '.' | ',' => {}
            c => out.push(c),
        }
    }
    if out.contains('.') {
        out = out.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let trimmed = out.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Numbers of a text with their byte spans; numeric dates give only their year.
fn numbers(text: &str) -> Vec<(String, usize, usize)> {
    let mut dates: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    if let Some(re) = date_re() {
        for c in re.captures_iter(text) {
            if let (Some(all), Some(y)) = (c.get(0), c.get(1)) {
                dates.push((all.start(), all.end()));
                out.push((canonical_number(y.as_str()), y.start(), y.end()));
            }
        }
    }
    // Numbers inside URLs and e-mail addresses belong to them (checked as such).
    let mut links: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for tok in text.split_inclusive(char::is_whitespace) {
        let t = tok.trim_end();
        if t.contains("://") || t.starts_with("www.") || t.contains('@') {
            links.push((pos, pos + t.len()));
        }
        pos += tok.len();
    }
    dates.extend(links);
    if let Some(re) = number_re() {
        for m in re.find_iter(text) {
            if dates.iter().any(|&(a, b)| m.start() >= a && m.end() <= b) {
                continue;
            }
            out.push((canonical_number(m.as_str()), m.start(), m.end()));
        }
    }
    out
}

fn urls(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|t| {
            t.trim_matches(|c: char| {
                matches!(
                    c,
                    '.' | ',' | ';' | ':' | ')' | '(' | '"' | '»' | '«' | '”' | '“'
                )
            })
        })
        .filter(|t| {
            t.contains("://") || t.starts_with("www.") || (t.contains('@') && t.contains('.'))
        })
        .map(str::to_string)
        .collect()
}

/// Acronyms translated by convention, which may legitimately differ.
const TRANSLATED_ACRONYMS: &[&str] = &[
    "ONU", "OTAN", "UE", "EEUU", "FMI", "OMS", "OCDE", "PIB", "ONG", "BCE", "TVA", "SIDA", "ADN",
    "IVA", "OMC", "CPI", "DDHH", "BM", "UA", "OPEP", "EI", "ETA", "ARN",
];

fn acronyms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            let n = w.chars().count();
            (2..=6).contains(&n)
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && w.chars().filter(char::is_ascii_uppercase).count() >= 2
        })
        .filter(|w| !TRANSLATED_ACRONYMS.contains(w))
        .map(str::to_string)
        .collect()
}

fn count(text: &str, set: &[char]) -> usize {
    text.chars().filter(|c| set.contains(c)).count()
}

/// Runs the source-aware checks; hits go to the target segments.
pub fn check(ctx: &Ctx, per_segment: &mut [Vec<Hit>]) {
    let doc = ctx.doc;
    let mut units = Vec::new();
    if let Some(b) = &doc.bilingual {
        for bead in &b.beads {
            let source = bead
                .source
                .iter()
                .filter_map(|&i| b.segments.get(i))
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if bead.target.is_empty() {
                // An omission: reported at the end of the target segment before it.
                let ids: Vec<&str> = bead
                    .source
                    .iter()
                    .filter_map(|&i| b.segments.get(i))
                    .map(|(id, _)| id.as_str())
                    .collect();
                let before = b
                    .beads
                    .iter()
                    .take_while(|x| !std::ptr::eq(*x, bead))
                    .flat_map(|x| x.target.iter())
                    .max()
                    .copied();
                let at = before.or_else(|| (!doc.segments.is_empty()).then_some(0));
                if let Some(j) = at {
                    let pos = if before.is_some() {
                        doc.segments[j].text.len()
                    } else {
                        0
                    };
                    let preview: String = source.chars().take(120).collect();
                    per_segment[j].push(Hit::new(
                        "omission",
                        pos,
                        pos,
                        format!(
                            "source sentence {} has no translation: «{preview}»",
                            ids.join(", ")
                        ),
                    ));
                }
                continue;
            }
            if bead.source.is_empty() {
                for &j in &bead.target {
                    per_segment[j].push(Hit::new("addition", 0, doc.segments[j].text.len(), "this sentence translates nothing of the source (or the alignment is wrong)"));
                }
                continue;
            }
            units.push(Unit {
                source,
                targets: bead.target.clone(),
            });
        }
    } else {
        for (i, s) in doc.segments.iter().enumerate() {
            if let Some(src) = &s.source {
                if !src.trim().is_empty() {
                    units.push(Unit {
                        source: src.clone(),
                        targets: vec![i],
                    });
                }
            }
        }
    }
    if units.is_empty() {
        return;
    }
    // Expected length ratio of the pair: the median over units.
    let mut ratios: Vec<f64> = units
        .iter()
        .filter_map(|u| {
            let s = u.source.chars().count() as f64;
            let t: usize = u
                .targets
                .iter()
                .map(|&j| doc.segments[j].text.chars().count())
                .sum();
            (s >= 20.0).then(|| t as f64 / s)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios.get(ratios.len() / 2).copied().unwrap_or(1.0);
    for u in &units {
        unit_checks(u, doc, median, ratios.len(), per_segment);
    }
}

fn unit_checks(
    u: &Unit,
    doc: &crate::model::Document,
    median: f64,
    n_ratios: usize,
    per_segment: &mut [Vec<Hit>],
) {
    let first = u.targets[0];
    let last = *u.targets.last().unwrap_or(&first);
    let end = doc.segments[last].text.len();
    // Numbers.
    let mut src_nums: Vec<String> = numbers(&u.source).into_iter().map(|n| n.0).collect();
    let mut tgt_nums: Vec<(usize, String, usize, usize)> = Vec::new();
    for &j in &u.targets {
        for (v, a, b) in numbers(&doc.segments[j].text) {
            tgt_nums.push((j, v, a, b));
        }
    }
    let mut unmatched_tgt = Vec::new();
    for t in tgt_nums {
        if let Some(k) = src_nums.iter().position(|s| *s == t.1) {
            src_nums.remove(k);
        } else {
            unmatched_tgt.push(t);
        }
    }
    for (j, v, a, b) in &unmatched_tgt {
        let changed = !src_nums.is_empty();
        let msg = if changed {
            format!(
                "number {v} is not in the source (the source has {})",
                src_nums.join(", ")
            )
        } else {
            format!("number {v} is not in the source")
        };
        let hit = Hit::new("number-mismatch", *a, *b, msg);
        per_segment[*j].push(if changed {
            hit.severity(Severity::Major)
                .category("Accuracy/Mistranslation")
        } else {
            hit
        });
    }
    if unmatched_tgt.is_empty() && !src_nums.is_empty() {
        per_segment[last].push(
            Hit::new(
                "number-mismatch",
                end,
                end,
                format!(
                    "the source's number {} is missing (or written out)",
                    src_nums.join(", ")
                ),
            )
            .category("Accuracy/Omission"),
        );
    }
    // URLs and e-mails must come through unchanged.
    let target_text: String = u
        .targets
        .iter()
        .map(|&j| doc.segments[j].text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for url in urls(&u.source) {
        if !target_text.contains(&url) {
            per_segment[last].push(Hit::new(
                "url-mismatch",
                end,
                end,
                format!("`{url}` of the source is missing or changed"),
            ));
        }
    }
    // Acronyms.
    let tgt_acr = acronyms(&target_text);
    for a in acronyms(&u.source) {
        if !tgt_acr.contains(&a) && !target_text.contains(&a) {
            per_segment[last].push(Hit::new(
                "name-missing",
                end,
                end,
                format!("`{a}` of the source is not in the target"),
            ));
        }
    }
    // Length ratio.
    let s_len = u.source.chars().count() as f64;
    let t_len = target_text.chars().count() as f64;
    if s_len >= 40.0 && n_ratios >= 3 && median > 0.0 {
        let r = t_len / s_len / median;
        if r < 0.45 {
            per_segment[first].push(
                Hit::new("length-ratio", 0, doc.segments[first].text.len(), format!("the target is {:.0}% of the length expected from the source: something may be missing", r * 100.0))
                    .category("Accuracy/Omission"),
            );
        } else if r > 2.2 {
            per_segment[first].push(
                Hit::new("length-ratio", 0, doc.segments[first].text.len(), format!("the target is {:.0}% of the length expected from the source: something may have been added", r * 100.0))
                    .category("Accuracy/Addition"),
            );
        }
    }
    // Brackets and quotation marks.
    const OPEN: &[char] = &['(', '['];
    const QUOTES: &[char] = &['"', '“', '”', '«', '»', '„', '「', '」'];
    let (sb, tb) = (count(&u.source, OPEN), count(&target_text, OPEN));
    if sb != tb {
        per_segment[last].push(Hit::new(
            "bracket-mismatch",
            end,
            end,
            format!("{sb} bracket pair(s) in the source, {tb} in the target"),
        ));
    }
    let (sq, tq) = (count(&u.source, QUOTES), count(&target_text, QUOTES));
    if sq >= 2 && tq == 0 {
        per_segment[last].push(Hit::new(
            "quote-mismatch",
            end,
            end,
            "the source quotes someone; the target has no quotation marks",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_any_locale() {
        assert_eq!(canonical_number("1 000,5"), "1000.5");
        assert_eq!(canonical_number("1,000.5"), "1000.5");
        assert_eq!(canonical_number("1.000"), "1000");
        assert_eq!(canonical_number("1,000"), "1000");
        assert_eq!(canonical_number("3,5"), "3.5");
        assert_eq!(canonical_number("3.50"), "3.5");
        assert_eq!(canonical_number("04"), "4");
        assert_eq!(canonical_number("0,5"), "0.5");
        let n: Vec<String> = numbers("Le 04/01/2024, 1 000,5 € et 84 morts.")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(n, ["2024", "1000.5", "84"]);
    }
}
