//! Typography of the target language, as the field's QA tools (Xbench, Okapi CheckMate,
//! translate5) and professional reviewers check it: quotation marks of the right language,
//! dashes instead of typed hyphens, the digit grouping of long numbers, and units glued to
//! their numbers.
//!
//! Every rule is written per target language, and what the source writes the same way is
//! left alone (a product code, an id, a number copied on purpose).

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::{Check, Scope};
use crate::model::Segment;

crate::declare_check! {
    pub(crate) QUOTE_STYLE = Check {
        id: "quote-style",
        category: "Fluency/Punctuation",
        scope: Scope::Window,
        description: "quotation marks of another language: `\"…\"` where German writes „…“, French « … », Chinese “…”; English documents mixing `\"…\"` and `“…”`; a mark standing alone between spaces",
        ..Check::BASE
    };
    pub(crate) DASH_STYLE = Check {
        id: "dash-style",
        category: "Fluency/Punctuation",
        description: "`--` or a spaced hyphen ` - ` typed for a dash; a hyphen glued between two clauses where the source has a dash",
        ..Check::BASE
    };
    pub(crate) NUMBER_GROUPING = Check {
        id: "number-grouping",
        category: "Locale convention/Number format",
        description: "a number of five or more digits without the target's digit grouping (`250000` → `250,000` en, `250.000` de, `250 000` fr); codes and numbers the source writes the same way are left alone",
        ..Check::BASE
    };
    pub(crate) UNIT_SPACING = Check {
        id: "unit-spacing",
        category: "Fluency/Punctuation",
        description: "a unit glued to its number (`1000Mbps`, `5km`), `18%` in German and French",
        ..Check::BASE
    };
}

/// Runs the typography family on one segment; `source` is its source text, if known.
pub fn check(ctx: &Ctx, seg: &Segment, source: Option<&str>, out: &mut Vec<Hit>) {
    let Some(lang) = ctx.target else {
        return;
    };
    let text = seg.text.as_str();
    stranded_quotes(lang, text, out);
    quote_style(lang, text, source, out);
    dashes(lang, text, source, out);
    numbers(lang, text, source, out);
}

/// The quotation marks a language writes instead of straight ones: (opening, closing),
/// the first pair of the language's pairs in [`super::quotes::quote_pairs`]. `None` where
/// straight marks are not flagged: English (both are correct), Arabic, Persian and Serbian
/// (not judged yet), and languages mtqa has no pairs for.
pub(crate) fn preferred_quotes(lang: &str) -> Option<(char, char)> {
    if matches!(lang, "en" | "ar" | "fa" | "sr") {
        return None;
    }
    super::quotes::quote_pairs(Some(lang))
        .first()
        .copied()
        .filter(|&(open, _)| open != '"')
}

/// Double quotation marks standing alone between spaces (`said " we`): such a mark can
/// neither open nor close a quotation. French guillemets, spaced by rule, are left alone.
fn stranded_quotes(lang: &str, text: &str, out: &mut Vec<Hit>) {
    if lang == "fr" {
        return;
    }
    let spaced = |x: Option<char>| x.is_some_and(|x| x == ' ' || x == '\u{a0}');
    let mut before: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        let after = it.peek().map(|&(_, x)| x);
        if matches!(c, '"' | '“' | '”' | '„')
            && spaced(before)
            && (spaced(after) || after.is_none())
        {
            out.push(Hit::new(
                &QUOTE_STYLE,
                b,
                b + c.len_utf8(),
                format!("`{c}` stands between spaces: it can neither open nor close a quotation (the space on one side is too many)"),
            ));
        }
        before = Some(c);
    }
}

/// True when the mark at byte `b` opens a quotation: it follows the start, a space, an
/// opening bracket or a dash, and a letter or digit follows it.
fn opens_at(text: &str, b: usize) -> bool {
    let before = text[..b].chars().next_back();
    before.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
    })
}

/// Straight double quotes (`"`) used as quotation marks where the language has its own.
/// English is left alone (both `"…"` and `“…”` are correct there, and consistency is
/// checked over the document, in [`quote_consistency`]).
fn quote_style(lang: &str, text: &str, source: Option<&str>, out: &mut Vec<Hit>) {
    // English writes `"…"` or `“…”`; but where the source has typographic quotation marks
    // and the translation straight ones, the machine flattened them, and reviewers of
    // publication text mark it.
    let flattened = lang == "en"
        && source.is_some_and(|s| {
            !s.contains('"')
                && s.chars()
                    .any(|c| matches!(c, '“' | '”' | '«' | '»' | '„' | '「' | '」' | '『' | '』'))
        });
    let Some((open, close)) = preferred_quotes(lang).or(flattened.then_some(('“', '”'))) else {
        return;
    };
    // A segment that is only a quotation mark continues a quotation: its style is that of
    // the segments around it.
    if !text.chars().any(char::is_alphanumeric) {
        return;
    }
    for (b, c) in text.char_indices() {
        if c != '"' {
            continue;
        }
        // 5" (inches) and 5'10" are measures.
        if text[..b]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_digit() || p == '\'')
        {
            continue;
        }
        let opening = opens_at(text, b);
        let (want, role) = if opening {
            (open, "opening")
        } else {
            (close, "closing")
        };
        let message = if flattened {
            format!("straight quotation mark where the source has typographic ones: this {role} mark is `{want}`")
        } else {
            format!(
                "straight quotation mark: {} writes `{open}…{close}`; this {role} mark is `{want}`",
                crate::lang::name(lang).unwrap_or(lang)
            )
        };
        out.push(Hit::new(&QUOTE_STYLE, b, b + 1, message).suggest(want.to_string()));
    }
}

/// English documents that mix `"…"` and `“…”`: the minority style is flagged.
pub fn quote_consistency(ctx: &Ctx, per_segment: &mut super::SegmentHits) {
    if !ctx.is("en") {
        return;
    }
    let (mut straight, mut curly) = (0usize, 0usize);
    for s in &ctx.doc.segments {
        for c in s.text.chars() {
            match c {
                '"' => straight += 1,
                '“' | '”' => curly += 1,
                _ => {}
            }
        }
    }
    // A document that mostly keeps one style; a few marks of the other are the slip.
    if straight == 0 || curly == 0 || straight.max(curly) < (2 * straight.min(curly) + 1).max(3) {
        return;
    }
    let flag_straight = straight <= curly;
    for (i, s) in ctx.doc.segments.iter().enumerate() {
        for (b, c) in s.text.char_indices() {
            let hit = match c {
                '"' if flag_straight => {
                    if s.text[..b].chars().next_back().is_some_and(|p| p.is_ascii_digit()) {
                        continue;
                    }
                    let want = if opens_at(&s.text, b) { '“' } else { '”' };
                    Hit::new(
                        &QUOTE_STYLE,
                        b,
                        b + 1,
                        format!("straight quotation mark in a document that writes `“…”` ({curly} curly, {straight} straight)"),
                    )
                    .suggest(want.to_string())
                }
                '“' | '”' if !flag_straight => Hit::new(
                    &QUOTE_STYLE,
                    b,
                    b + c.len_utf8(),
                    format!("curly quotation mark in a document that writes `\"…\"` ({straight} straight, {curly} curly)"),
                )
                .suggest("\""),
                _ => continue,
            };
            per_segment.push(i, hit);
        }
    }
}

/// True for the dashes of any language (and the Chinese double dash).
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// The dash a language writes between clauses, with its spaces.
fn clause_dash(lang: &str) -> &'static str {
    match lang {
        "en" => "—",
        _ => " – ",
    }
}

/// Function words that open an English clause; a hyphen glued before one of them joins
/// two clauses, not the parts of a compound (`years-it will`).
const CLAUSE_WORDS: &[&str] = &[
    "it",
    "he",
    "she",
    "we",
    "they",
    "i",
    "you",
    "and",
    "but",
    "which",
    "who",
    "this",
    "that",
    "there",
    "these",
    "those",
    "its",
    "his",
    "her",
    "their",
    "our",
    "not",
    "or",
    "so",
    "as",
    "if",
    "when",
    "while",
    "where",
    "although",
    "because",
    "including",
    "such",
    "especially",
    "namely",
    "even",
];

fn dashes(lang: &str, text: &str, source: Option<&str>, out: &mut Vec<Hit>) {
    if crate::lang::is_cjk_lang(lang) {
        return;
    }
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let dash = clause_dash(lang);
    while i < n {
        if b[i] != b'-' {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && b[i] == b'-' {
            i += 1;
        }
        let run = i - start;
        let before = text[..start].chars().next_back();
        let after = text[i..].chars().next();
        if run == 2 {
            // `--flag` is a command-line option, `<!--` and `-->` markup.
            let option = before.is_none_or(char::is_whitespace)
                && after.is_some_and(|c| c.is_ascii_alphabetic());
            let markup = before == Some('!') || after == Some('>');
            if !option && !markup {
                let spaced = before.is_some_and(char::is_whitespace);
                let want = if lang == "en" && !spaced {
                    "—"
                } else {
                    dash.trim()
                };
                out.push(
                    Hit::new(
                        &DASH_STYLE,
                        start,
                        i,
                        format!("`--` typed for a dash: write `{want}`"),
                    )
                    .suggest(want),
                );
            }
            continue;
        }
        if run != 1 {
            continue;
        }
        let spaced_before = before == Some(' ');
        let spaced_after = after == Some(' ');
        // English may keep a spaced hyphen its source has; a news dateline
        // (`BERLIN (dpa) - `) writes one by convention; a headline that copies its
        // source's separator (`Title - Site`) is left to the reviewer.
        let copied = source.is_some_and(|s| s.contains(" - "));
        let exempt = (copied && (lang == "en" || is_headline(text))) || is_dateline(&text[..start]);
        if spaced_before && spaced_after && !exempt {
            // ` - ` between two words: a typed dash, or a compound split by spaces.
            let left = text[..start - 1].chars().next_back();
            let right = text[i + 1..].chars().next();
            let wordish = |c: Option<char>| {
                c.is_some_and(|c| {
                    c.is_alphanumeric()
                        || matches!(c, '"' | '”' | '“' | '»' | '«' | ')' | '(' | '.' | ',' | '%')
                })
            };
            if wordish(left) && wordish(right) {
                let digits = left.is_some_and(|c| c.is_ascii_digit())
                    && right.is_some_and(|c| c.is_ascii_digit());
                let left_word: String = text[..start - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>()
                    .to_lowercase();
                let compound = COMPOUND_HEADS.contains(&left_word.as_str());
                // (span start, span end, message, replacement)
                let (hs, he, message, suggestion) = if digits {
                    (
                        start - 1,
                        i + 1,
                        "a spaced hyphen in a range: write an en dash without spaces (`10–20`)"
                            .to_string(),
                        "–".to_string(),
                    )
                } else if compound {
                    (
                        start - 1,
                        i + 1,
                        format!(
                            "a compound split by spaces: `{left_word}-…` is written without them"
                        ),
                        "-".to_string(),
                    )
                } else {
                    (
                        start,
                        i,
                        format!(
                            "a spaced hyphen: write a dash between clauses (`{}`), or join the compound without spaces",
                            dash.trim()
                        ),
                        dash.trim().to_string(),
                    )
                };
                out.push(Hit::new(&DASH_STYLE, hs, he, message).suggest(suggestion));
            }
            continue;
        }
        // `years-it will`: a hyphen glued between two clauses where the source has a dash.
        if lang == "en" && !spaced_before && !spaced_after {
            let source_dash = source
                .is_some_and(|s| s.chars().any(is_dash) || s.contains(" - ") || s.contains("--"));
            let has_dash = text.chars().any(is_dash);
            if source_dash && !has_dash {
                let left_word: String = text[..start]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                let right_word: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                let right_lower = right_word.to_lowercase();
                if left_word.chars().count() >= 2
                    && right_word.chars().next().is_some_and(char::is_lowercase)
                    && CLAUSE_WORDS.contains(&right_lower.as_str())
                {
                    out.push(
                        Hit::new(
                            &DASH_STYLE,
                            start,
                            i,
                            "a hyphen joins two clauses where the source has a dash: write `—`",
                        )
                        .suggest("—"),
                    );
                }
            }
        }
    }
}

/// True for a headline: one short line without a sentence-final mark.
fn is_headline(text: &str) -> bool {
    let t = text.trim_end();
    !t.ends_with(['.', '!', '?', '…', ':', '"', '“', '”', '»', '«', '。'])
        && t.split_whitespace().count() <= 20
}

/// True when `head` is a news dateline: capitals and an agency in brackets, `BERLIN (AP)`.
fn is_dateline(head: &str) -> bool {
    let h = head.trim_end();
    let Some(open) = h.rfind('(') else {
        return false;
    };
    h.ends_with(')')
        && h.len() - open <= 24
        && h[..open].split_whitespace().count() <= 4
        && h[..open]
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && h[..open].chars().any(char::is_alphabetic)
}

/// First parts of compounds (`self-directed`, `selbst-gesteuert`): a spaced hyphen after one
/// of them splits a word, not two clauses.
const COMPOUND_HEADS: &[&str] = &[
    "self", "non", "anti", "co", "pre", "post", "multi", "well", "half", "cross", "ex", "semi",
    "pro", "counter", "inter", "long", "short", "high", "low", "full", "part", "selbst", "nicht",
    "halb", "teil", "voll", "auto", "mini", "maxi", "super", "ultra", "bio", "öko",
];

/// The thousands separator a language groups long numbers with, for the messages.
fn grouping(lang: &str) -> Option<(&'static str, &'static str)> {
    Some(match lang {
        "en" | "zh" | "ja" | "ko" | "he" | "th" => (",", "250,000"),
        "de" | "es" | "it" | "pt" | "nl" | "da" | "id" | "tr" | "el" | "ro" | "sl" | "hr" => {
            (".", "250.000")
        }
        "fr" | "ru" | "uk" | "pl" | "cs" | "sk" | "sv" | "fi" | "nb" | "no" | "hu" | "bg"
        | "et" | "lt" | "lv" => ("\u{202f}", "250 000"),
        _ => return None,
    })
}

/// Units that are spaced from their number in every language mtqa knows (SI and data
/// rates); `%` is spaced in French and German.
const UNITS: &[&str] = &[
    "km", "cm", "mm", "nm", "kg", "mg", "ml", "kWh", "MWh", "GWh", "TWh", "kW", "MW", "GW", "mAh",
    "Mbps", "Gbps", "kbps", "Kbps", "Mbit", "Gbit", "MB", "GB", "TB", "KB", "kB", "MHz", "GHz",
    "kHz", "Hz", "mph", "km/h", "kmh",
];

fn numbers(lang: &str, text: &str, source: Option<&str>, out: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        let before = text[..start].chars().next_back();
        // Part of a larger token: a decimal, a grouped number, a code (`A380`, `#12345`,
        // `+49…`), a date or a version.
        let glued_before = before.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    '.' | ','
                        | '#'
                        | '+'
                        | '/'
                        | '-'
                        | ':'
                        | '_'
                        | '\''
                        | '’'
                        | '$'
                        | '€'
                        | '£'
                        | '¥'
                )
        });
        let next = text[i..].chars().next();
        let continues = next.is_some_and(|c| matches!(c, '.' | ',' | ':' | '/' | '-' | '_'))
            && text[i..].chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        if glued_before || continues {
            while i < n
                && (b[i].is_ascii_alphanumeric()
                    || matches!(b[i], b'.' | b',' | b':' | b'/' | b'-'))
                && b[i] != b' '
            {
                if matches!(b[i], b'.' | b',' | b':' | b'/' | b'-')
                    && !b.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    break;
                }
                i += 1;
            }
            continue;
        }
        let number = &text[start..i];
        // Long numbers without grouping: five digits and more everywhere; in English also
        // four, unless it may be a year (1000–2099) that no count word follows.
        let english_four = lang == "en"
            && digits == 4
            && (!(1000..2100).contains(&number.parse::<u32>().unwrap_or(0)) || counted(&text[i..]));
        if (digits >= 5 || english_four) && !number.starts_with('0') && !is_id(&text[..start]) {
            if let Some((sep, example)) = grouping(lang) {
                // A number the source writes the same way is a code or an id, unless the
                // source is in a script whose own style leaves such numbers ungrouped.
                let copied = source.is_some_and(|s| {
                    contains_number(s, number) && !s.chars().any(crate::lang::is_unspaced_script)
                });
                // `600884.SH`, `1080p`, `A380-800`: part of a code.
                let coded = next.is_some_and(|c| c.is_alphabetic())
                    || (next.is_some_and(|c| matches!(c, '.' | '-' | '/'))
                        && text[i + 1..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric));
                if !copied && !coded {
                    let grouped = group(number, sep);
                    out.push(
                        Hit::new(
                            &NUMBER_GROUPING,
                            start,
                            i,
                            format!(
                                "`{number}`: {} groups the digits of long numbers (`{example}`)",
                                crate::lang::name(lang).unwrap_or(lang)
                            ),
                        )
                        .suggest(grouped),
                    );
                }
            }
        }
        // A unit glued to its number.
        let rest = &text[i..];
        if let Some(unit) = UNITS.iter().find(|u| {
            rest.starts_with(**u)
                && !rest[u.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric())
        }) {
            // Spaced in every language mtqa knows (SI), even where the source glues them.
            if !crate::lang::is_cjk_lang(lang) {
                let end = i + unit.len();
                out.push(
                    Hit::new(
                        &UNIT_SPACING,
                        start,
                        end,
                        format!("`{number}{unit}`: a space goes between a number and its unit"),
                    )
                    .suggest(format!("{number}\u{a0}{unit}")),
                );
                i = end;
                continue;
            }
        }
        if rest.starts_with('%') && matches!(lang, "de" | "fr") {
            {
                out.push(
                    Hit::new(
                        &UNIT_SPACING,
                        start,
                        i + 1,
                        format!(
                            "`{number}%`: {} puts a (no-break) space before `%`",
                            crate::lang::name(lang).unwrap_or(lang)
                        ),
                    )
                    .suggest(format!("{number}\u{a0}%")),
                );
                i += 1;
            }
        }
    }
}

/// True when the words before a number make it an id (`No. 1234`, `flight 1080`).
fn is_id(head: &str) -> bool {
    let last = head
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ':', '#'])
        .to_lowercase();
    matches!(
        last.as_str(),
        "no" | "nr"
            | "number"
            | "num"
            | "flight"
            | "route"
            | "room"
            | "page"
            | "pp"
            | "model"
            | "code"
            | "line"
            | "bus"
            | "article"
            | "art"
            | "section"
            | "id"
            | "tel"
            | "phone"
            | "box"
            | "zip"
            | "postcode"
            | "version"
            | "iso"
            | "din"
            | "type"
            | "class"
            | "series"
            | "nummer"
            | "seite"
            | "linie"
    )
}

/// True when a count word follows the number (`1080 people`, `2500 yuan`).
fn counted(rest: &str) -> bool {
    let word: String = rest
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "people"
            | "persons"
            | "yuan"
            | "dollars"
            | "euros"
            | "pounds"
            | "yen"
            | "won"
            | "rupees"
            | "units"
            | "times"
            | "cases"
            | "deaths"
            | "troops"
            | "households"
            | "km"
            | "kilometers"
            | "kilometres"
            | "meters"
            | "metres"
            | "tons"
            | "tonnes"
            | "vehicles"
            | "jobs"
            | "employees"
            | "workers"
            | "students"
            | "visitors"
            | "companies"
            | "items"
            | "square"
            | "hectares"
            | "acres"
            | "miles"
            | "mu"
            | "billion"
            | "million"
    )
}

/// True when `hay` has `number` as a whole number (not inside a longer one).
fn contains_number(hay: &str, number: &str) -> bool {
    hay.match_indices(number).any(|(p, m)| {
        let before = hay[..p].chars().next_back();
        let after = hay[p + m.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// `250000` grouped with `sep` by thousands.
fn group(number: &str, sep: &str) -> String {
    let mut out = String::new();
    let len = number.len();
    for (k, ch) in number.chars().enumerate() {
        if k > 0 && (len - k).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

crate::declare_pass!(
    TYPOGRAPHY_PASS = Pass {
        name: "typography",
        checks: &[&QUOTE_STYLE, &DASH_STYLE, &NUMBER_GROUPING, &UNIT_SPACING],
        run: Run::Segment(|ctx, i, seg, out| check(ctx, seg, ctx.source_of(i), out)),
    }
);

crate::declare_pass!(
    QUOTE_HABITS_PASS = Pass {
        name: "quote-habits",
        checks: &[&QUOTE_STYLE],
        run: Run::Document(quote_consistency),
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_thousands() {
        assert_eq!(group("250000", ","), "250,000");
        assert_eq!(group("1234567", "."), "1.234.567");
        assert_eq!(group("12345", "\u{202f}"), "12\u{202f}345");
    }

    #[test]
    fn stranded_marks_are_found_and_guillemets_are_not() {
        let mut out = Vec::new();
        stranded_quotes("en", "He said \" we stay \" and left", &mut out);
        assert_eq!(out.iter().map(|h| h.start).collect::<Vec<_>>(), [8, 18]);
        out.clear();
        stranded_quotes("en", "He said \"we stay\" and left", &mut out);
        stranded_quotes("fr", "Il a dit « nous restons » hier", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn whole_numbers_only() {
        assert!(contains_number("code 250000 here", "250000"));
        assert!(!contains_number("code 2500001", "250000"));
    }
}
