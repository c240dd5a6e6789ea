//! Checks against the source, for bilingual documents (aligned with `--source`) and for
//! inputs that carry a source per segment: numbers, dates and amounts that differ (read
//! in either locale: `1 000,5` = `1,000.5`), URLs and e-mails changed, acronyms and names
//! missing, length-ratio outliers, omissions and additions, brackets and quotation marks
//! balanced differently.

use std::sync::OnceLock;

use regex::Regex;

use super::schedule::{Pass, Run};
use super::{quantities, Ctx, Hit};
use crate::model::check::{Check, Scope};
use crate::model::Severity;

crate::declare_check! {
    pub(crate) NUMBER_MISMATCH = Check {
        id: "number-mismatch",
        category: "Accuracy/Mistranslation",
        needs_source: true,
        description: "with a source: a number, date or amount that differs (major when it was changed)",
        ..Check::BASE
    };
    pub(crate) URL_MISMATCH = Check {
        id: "url-mismatch",
        category: "Accuracy/Mistranslation",
        severity: Severity::Major,
        needs_source: true,
        description: "with a source: a URL or e-mail address missing or changed",
        ..Check::BASE
    };
    pub(crate) NAME_MISSING = Check {
        id: "name-missing",
        category: "Accuracy/Omission",
        needs_source: true,
        description: "with a source: an acronym of the source missing from the target",
        ..Check::BASE
    };
    pub(crate) LENGTH_RATIO = Check {
        id: "length-ratio",
        category: "Accuracy/Omission",
        scope: Scope::Window,
        needs_source: true,
        description: "with a source: a target far shorter or longer than the language pair makes it",
        ..Check::BASE
    };
    pub(crate) OMISSION = Check {
        id: "omission",
        category: "Accuracy/Omission",
        severity: Severity::Major,
        needs_source: true,
        description: "with an aligned source: a source sentence with no translation",
        ..Check::BASE
    };
    pub(crate) ADDITION = Check {
        id: "addition",
        category: "Accuracy/Addition",
        needs_source: true,
        description: "with an aligned source: a target sentence that translates nothing",
        ..Check::BASE
    };
    pub(crate) BRACKET_MISMATCH = Check {
        id: "bracket-mismatch",
        category: "Fluency/Punctuation",
        severity: Severity::Neutral,
        needs_source: true,
        description: "with a source: brackets of the source lost in the target (glosses and acronyms in brackets excepted); neutral, as translations often restructure them",
        ..Check::BASE
    };
    pub(crate) QUOTE_MISMATCH = Check {
        id: "quote-mismatch",
        category: "Fluency/Punctuation",
        needs_source: true,
        description: "with a source: a quotation whose quotation marks were lost",
        ..Check::BASE
    };
}

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

pub use super::quantities::canonical_number;

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
    // French and Spanish.
    "ONU", "OTAN", "UE", "EEUU", "FMI", "OMS", "OCDE", "PIB", "ONG", "BCE", "TVA", "SIDA", "ADN",
    "IVA", "OMC", "CPI", "DDHH", "BM", "UA", "OPEP", "EI", "ETA", "ARN",
    // English (German writes `Vereinte Nationen`, `Großbritannien`, `USA`, `EU` …).
    "UN", "UK", "US", "USA", "EU", "NATO", "WHO", "IMF", "WTO", "GDP", "AIDS", "DNA", "RNA", "UAE",
    "ECB", "OECD", "OPEC", "NGO", "VAT", "UNSC", "UNHCR", "UNESCO", "UNICEF", "ICC", "ISIS", "IS",
    "FIFA", "EV", "EVs", "AI", "IT", "CEO", "CFO", "PM", "MP", "MPs", "PR", "HR", "TV", "ID", "PC",
    "UFO", "BBC", "NHS", "GP", "FAQ", "AM", "A.M", "P.M", // German.
    "BRD", "DDR", "EZB", "BIP", "KI",
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

/// True when `text` spells the acronym out: words whose initials make it (`NJ` →
/// `New Jersey`).
fn spelled_out(acronym: &str, text: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(char::is_ascii_uppercase).collect();
    if letters.len() < 2 {
        return false;
    }
    let initials: Vec<char> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    initials
        .windows(letters.len())
        .any(|w| w == letters.as_slice())
}

/// Brackets that carry content of their own: not those that only gloss a name in another
/// script (`戈尔巴乔夫(Mikhail Gorbachev)`) or give an acronym (`(NDRC)`).
fn real_brackets(text: &str) -> usize {
    const PAIRS: &[(char, char)] = &[
        ('(', ')'),
        ('[', ']'),
        ('（', '）'),
        ('［', '］'),
        ('【', '】'),
        ('〔', '〕'),
    ];
    let text_cjk =
        text.chars().filter(|&c| crate::lang::is_cjk(c)).count() * 4 > text.chars().count();
    let mut n = 0;
    for (b, c) in text.char_indices() {
        let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) else {
            continue;
        };
        // The content up to the closing bracket, looked for within 300 characters.
        let rest = &text[b + c.len_utf8()..];
        let window_end = rest.char_indices().nth(300).map_or(rest.len(), |(i, _)| i);
        let window = &rest[..window_end];
        let inner = window.find(close).map_or(window, |e| &window[..e]);
        let inner = inner.trim();
        let acronym = !inner.is_empty()
            && inner.chars().count() <= 10
            && !inner.contains(' ')
            && inner
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '&'));
        let latin_gloss = text_cjk && !inner.is_empty() && !inner.chars().any(crate::lang::is_cjk);
        // `[would]`: an editor's word inside a quotation, which a translation rewrites.
        let editorial = c == '[' && inner.split_whitespace().count() <= 2;
        if !acronym && !latin_gloss && !editorial {
            n += 1;
        }
    }
    n
}

/// The length of the longest quoted passage, in words (CJK characters count a third of a
/// word each).
fn longest_quotation(text: &str, marks: &[char]) -> usize {
    let mut best = 0;
    let mut inside: Option<usize> = None;
    for (b, c) in text.char_indices() {
        if !marks.contains(&c) {
            continue;
        }
        match inside {
            None => inside = Some(b + c.len_utf8()),
            Some(start) => {
                let q = &text[start..b];
                let cjk = q.chars().filter(|&c| crate::lang::is_cjk(c)).count();
                let words = q.split_whitespace().count() + cjk / 3;
                best = best.max(words);
                inside = None;
            }
        }
    }
    best
}

fn count(text: &str, set: &[char]) -> usize {
    text.chars().filter(|c| set.contains(c)).count()
}

/// Runs the source-aware checks; hits go to the target segments.
pub fn check(ctx: &Ctx, per_segment: &mut super::SegmentHits) {
    let doc = ctx.doc;
    let mut units = Vec::new();
    if let Some(b) = &doc.bilingual {
        for bead in &b.beads {
            let source = b.source_text(bead);
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
                    per_segment.push(
                        j,
                        Hit::new(
                            &OMISSION,
                            pos,
                            pos,
                            format!(
                                "source sentence {} has no translation: «{preview}»",
                                ids.join(", ")
                            ),
                        ),
                    );
                }
                continue;
            }
            if bead.source.is_empty() {
                for &j in &bead.target {
                    per_segment.push(j, Hit::new(&ADDITION, 0, doc.segments[j].text.len(), "this sentence translates nothing of the source (or the alignment is wrong)"));
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
    per_segment: &mut super::SegmentHits,
) {
    let first = u.targets[0];
    let last = *u.targets.last().unwrap_or(&first);
    let end = doc.segments[last].text.len();
    // Numbers, compared as quantities: `100万` = `1 million`, `6个` = `six`, the month of
    // `2月10日` = `February`.
    let target_text: String = u
        .targets
        .iter()
        .map(|&j| doc.segments[j].text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let src_spans = numbers(&u.source);
    let mut src_nums = quantities::digit_quantities(&src_spans, &u.source);
    let mut src_raw: Vec<String> = src_spans.iter().map(|n| n.0.clone()).collect();
    // Numerals of the source that may stand for a number of the target, never required.
    let mut optional = quantities::cjk_values(&u.source);
    optional.extend(quantities::word_values(&u.source));
    let mut unmatched_tgt = Vec::new();
    for &j in &u.targets {
        let text = &doc.segments[j].text;
        for t in quantities::digit_quantities(&numbers(text), text) {
            if let Some(k) = src_nums.iter().position(|s| s.same_as(&t)) {
                src_nums.remove(k);
                src_raw.remove(k);
            } else if let Some(k) = optional.iter().position(|&v| {
                let q = quantities::Quantity {
                    value: v,
                    scaled: None,
                    start: 0,
                    end: 0,
                };
                q.same_as(&t)
            }) {
                optional.remove(k);
            } else if let Some(k) = src_nums
                .iter()
                .map(|s| s.value)
                .chain(optional.iter().copied())
                .position(|v| quantities::abbreviates_year(v, t.value))
            {
                // `80年代` → `the 1980s`, `九二共识` → `the 1992 Consensus`.
                if k < src_nums.len() {
                    src_nums.remove(k);
                    src_raw.remove(k);
                } else {
                    optional.remove(k - src_nums.len());
                }
            } else {
                let raw = text.get(t.start..t.end).unwrap_or("").to_string();
                unmatched_tgt.push((j, raw, t.start, t.end));
            }
        }
    }
    // Source numbers the target writes out in words.
    let mut words = quantities::word_values(&target_text);
    let mut k = 0;
    while k < src_nums.len() {
        let s = &src_nums[k];
        if let Some(w) = words
            .iter()
            .position(|&v| v == s.value || s.scaled == Some(v))
        {
            words.remove(w);
            src_nums.remove(k);
            src_raw.remove(k);
        } else {
            k += 1;
        }
    }
    let src_nums = src_raw;
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
        let hit = Hit::new(&NUMBER_MISMATCH, *a, *b, msg);
        // Major only when one number clearly replaced another.
        per_segment.push(
            *j,
            if changed && unmatched_tgt.len() == 1 && src_nums.len() == 1 {
                hit.severity(Severity::Major)
                    .category("Accuracy/Mistranslation")
            } else {
                hit
            },
        );
    }
    if unmatched_tgt.is_empty() && !src_nums.is_empty() {
        per_segment.push(
            last,
            Hit::new(
                &NUMBER_MISMATCH,
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
    for url in urls(&u.source) {
        if !target_text.contains(&url) {
            per_segment.push(
                last,
                Hit::new(
                    &URL_MISMATCH,
                    end,
                    end,
                    format!("`{url}` of the source is missing or changed"),
                ),
            );
        }
    }
    // Acronyms.
    let tgt_acr = acronyms(&target_text);
    let src_acr = acronyms(&u.source);
    // An acronym of the target that the source does not have is most likely the source's
    // acronym translated (`EEA` → `EWR`); one missing acronym against one new one is no
    // omission.
    let new_in_target = tgt_acr.iter().filter(|a| !src_acr.contains(a)).count();
    let missing: Vec<&String> = src_acr
        .iter()
        .filter(|a| !tgt_acr.contains(a) && !target_text.contains(a.as_str()))
        .filter(|a| !spelled_out(a, &target_text))
        .collect();
    for a in missing.iter().skip(new_in_target) {
        let a = *a;
        {
            per_segment.push(
                last,
                Hit::new(
                    &NAME_MISSING,
                    end,
                    end,
                    format!("`{a}` of the source is not in the target"),
                ),
            );
        }
    }
    // Length ratio.
    let s_len = u.source.chars().count() as f64;
    let t_len = target_text.chars().count() as f64;
    if s_len >= 40.0 && n_ratios >= 3 && median > 0.0 {
        let r = t_len / s_len / median;
        if r < 0.45 {
            per_segment.push(first,
                Hit::new(&LENGTH_RATIO, 0, doc.segments[first].text.len(), format!("the target is {:.0}% of the length expected from the source: something may be missing", r * 100.0))
                    .category("Accuracy/Omission"),
            );
        } else if r > 2.2 {
            per_segment.push(first,
                Hit::new(&LENGTH_RATIO, 0, doc.segments[first].text.len(), format!("the target is {:.0}% of the length expected from the source: something may have been added", r * 100.0))
                    .category("Accuracy/Addition"),
            );
        }
    }
    // Brackets and quotation marks.
    const QUOTES: &[char] = &['"', '“', '”', '«', '»', '„', '「', '」', '『', '』'];
    let (sb, tb) = (real_brackets(&u.source), real_brackets(&target_text));
    // A translation may add brackets (an acronym, a gloss), but brackets of the source
    // that are lost take their content's role with them.
    if sb > tb {
        per_segment.push(
            last,
            Hit::new(
                &BRACKET_MISMATCH,
                end,
                end,
                format!("{sb} bracket pair(s) in the source, {tb} in the target"),
            ),
        );
    }
    let (sq, tq) = (count(&u.source, QUOTES), count(&target_text, QUOTES));
    // Scare quotes around a word or two (`“连五黑”`, “so-called”) are often dropped by a
    // good translation; a quotation of someone's words is longer.
    if sq >= 2 && tq == 0 && longest_quotation(&u.source, QUOTES) >= 4 {
        per_segment.push(
            last,
            Hit::new(
                &QUOTE_MISMATCH,
                end,
                end,
                "the source quotes someone; the target has no quotation marks",
            ),
        );
    }
}

/// [`numbers`], for the tests of sibling modules.
#[cfg(test)]
pub(crate) fn numbers_for_test(text: &str) -> Vec<(String, usize, usize)> {
    numbers(text)
}

crate::declare_pass!(
    SOURCE_PASS = Pass {
        name: "source",
        checks: &[
            &NUMBER_MISMATCH,
            &URL_MISMATCH,
            &NAME_MISSING,
            &LENGTH_RATIO,
            &OMISSION,
            &ADDITION,
            &BRACKET_MISMATCH,
            &QUOTE_MISMATCH,
        ],
        run: Run::Document(check),
    }
);

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
