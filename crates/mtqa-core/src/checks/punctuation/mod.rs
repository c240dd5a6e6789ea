//! Punctuation and spacing: doubled and stray marks, spaces before and after marks,
//! French and Spanish typography, CJK full-width punctuation, runs of spaces.

use super::schedule::{Pass, Run};
use super::{chars, is_hspace, Ctx, Hit};
use crate::lang::is_cjk;
use crate::model::check::Check;
use crate::model::{Origin, Segment, Severity};

mod scripts;
use scripts::{arabic, cjk, french, inverted_marks};

crate::declare_check! {
    pub(crate) DOUBLED_PUNCTUATION = Check {
        id: "doubled-punctuation",
        category: "Fluency/Punctuation",
        description: "`..`, `. .`, `,,`, `,.` and the like (not `...` or `…`)",
        ..Check::BASE
    };
    pub(crate) STRAY_PUNCTUATION = Check {
        id: "stray-punctuation",
        category: "Fluency/Punctuation",
        description: "a sentence that opens with a comma, full stop or semicolon",
        ..Check::BASE
    };
    pub(crate) SPACE_BEFORE_PUNCTUATION = Check {
        id: "space-before-punctuation",
        category: "Fluency/Punctuation",
        description: "white space before `,` `.` `;` `:` `!` `?` (and `،` `؛` `؟` `۔`) or a closing bracket, where the language has none",
        ..Check::BASE
    };
    pub(crate) MISSING_SPACE = Check {
        id: "missing-space",
        category: "Fluency/Punctuation",
        description: "no space after `,` `;` or a sentence end before the next word",
        ..Check::BASE
    };
    pub(crate) FRENCH_SPACING = Check {
        id: "french-spacing",
        category: "Fluency/Punctuation",
        description: "French: no (narrow no-break) space before `;` `:` `!` `?` or inside « »",
        ..Check::BASE
    };
    pub(crate) INVERTED_MARKS = Check {
        id: "inverted-marks",
        category: "Fluency/Punctuation",
        description: "Spanish question or exclamation without its opening `¿` `¡`; `¿` `¡` outside Spanish",
        ..Check::BASE
    };
    pub(crate) CJK_PUNCTUATION = Check {
        id: "cjk-punctuation",
        category: "Fluency/Punctuation",
        description: "Chinese/Japanese: half-width punctuation or spaces between CJK characters",
        ..Check::BASE
    };
    pub(crate) ARABIC_PUNCTUATION = Check {
        id: "arabic-punctuation",
        category: "Fluency/Punctuation",
        description: "Arabic, Persian, Urdu: Latin `,` `;` `?` between words of the script, which has `،` `؛` `؟`",
        ..Check::BASE
    };
    pub(crate) MULTIPLE_SPACES = Check {
        id: "multiple-spaces",
        category: "Fluency/Punctuation",
        description: "two or more spaces inside a sentence",
        ..Check::BASE
    };
    pub(crate) SEGMENT_WHITESPACE = Check {
        id: "segment-whitespace",
        category: "Fluency/Punctuation",
        description: "white space at the start or end of a segment (JSONL, TSV)",
        ..Check::BASE
    };
}

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Runs the punctuation family on one segment.
pub fn check(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>) {
    run(ctx, seg, out, true);
}

/// [`check`]; `fast`: skip the passes that the bytes show cannot flag anything.
fn run(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>, fast: bool) {
    let text = seg.text.as_str();
    stray_start(text, out);
    let arabic_script = ctx.target.is_some_and(|t| matches!(t, "ar" | "fa" | "ur"));
    let need = if fast && text.is_ascii() && !ctx.cjk() && !ctx.is("fr") && !arabic_script {
        Needs::of_ascii(text.as_bytes(), ctx.target.is_some_and(is_spanish))
    } else {
        Needs::ALL
    };
    if need == Needs::NONE {
        // Most segments: nothing here can be flagged, and no char table is built.
    } else {
        let cs = chars(text);
        if need.doubled {
            doubled(ctx, text, &cs, out);
        }
        if ctx.cjk() {
            cjk(ctx, text, &cs, out);
        } else {
            if need.space_before {
                space_before(ctx, text, &cs, out);
            }
            if need.space_after {
                missing_space_after(ctx, text, &cs, out);
            }
        }
        if ctx.is("fr") {
            french(text, &cs, out);
        }
        if arabic_script {
            arabic(text, &cs, out);
        }
        if need.inverted {
            inverted_marks(ctx, text, &cs, out);
        }
        if need.spaces {
            multiple_spaces(text, &cs, out);
        }
    }
    if matches!(seg.origin, Origin::Record { .. }) {
        let lead = text.len() - text.trim_start().len();
        if lead > 0 {
            out.push(
                Hit::new(
                    &SEGMENT_WHITESPACE,
                    0,
                    lead,
                    "segment starts with white space",
                )
                .suggest(""),
            );
        }
        let trimmed = text.trim_end().len();
        if trimmed < text.len() && trimmed > 0 {
            out.push(
                Hit::new(
                    &SEGMENT_WHITESPACE,
                    trimmed,
                    text.len(),
                    "segment ends with white space",
                )
                .suggest(""),
            );
        }
    }
}

/// Which passes can flag anything in a segment. For ASCII text (outside French, Arabic-script
/// and CJK targets, whose passes read every char) one scan of its bytes tells, by the
/// characters each pass needs to see: most segments need none, and the char table and
/// the passes over it are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Needs {
    doubled: bool,
    space_before: bool,
    space_after: bool,
    inverted: bool,
    spaces: bool,
}

impl Needs {
    const ALL: Needs = Needs {
        doubled: true,
        space_before: true,
        space_after: true,
        inverted: true,
        spaces: true,
    };
    const NONE: Needs = Needs {
        doubled: false,
        space_before: false,
        space_after: false,
        inverted: false,
        spaces: false,
    };

    fn of_ascii(b: &[u8], spanish: bool) -> Needs {
        let mark = |c: u8| matches!(c, b'.' | b',' | b';' | b':' | b'?' | b'!');
        let hspace = |c: u8| matches!(c, b' ' | b'\t' | 0x0b | 0x0c);
        let mut need = Needs::NONE;
        for i in 0..b.len() {
            let c = b[i];
            let next = b.get(i + 1).copied();
            if mark(c) {
                // `..`, `. .`, `.,`, `, ;`: a mark, optional spaces, another mark.
                let mut j = i + 1;
                while j < b.len() && hspace(b[j]) {
                    j += 1;
                }
                need.doubled |= j < b.len() && mark(b[j]);
                // `,word`, `attack.The`.
                need.space_after |= c != b':' && next.is_some_and(|x| x.is_ascii_alphabetic());
                need.inverted |= spanish && matches!(c, b'?' | b'!');
            } else if hspace(c) {
                // ` ,` ` )`; two spaces or a tab.
                need.space_before |= next.is_some_and(|x| mark(x) || matches!(x, b')' | b']'));
                need.spaces |= c != b' ' || next.is_some_and(hspace);
            }
        }
        need
    }
}

/// Languages whose questions and exclamations open with `¿` `¡`.
fn is_spanish(code: &str) -> bool {
    matches!(code, "es" | "gl" | "ast")
}

fn end_of(cs: &[(usize, char)], text: &str, i: usize) -> usize {
    cs.get(i + 1).map_or(text.len(), |c| c.0)
}

/// The token (run of non-space characters) around char index `i`.
fn token_at<'a>(text: &'a str, cs: &[(usize, char)], i: usize) -> &'a str {
    let mut a = i;
    while a > 0 && !cs[a - 1].1.is_whitespace() {
        a -= 1;
    }
    let mut b = i;
    while b + 1 < cs.len() && !cs[b + 1].1.is_whitespace() {
        b += 1;
    }
    &text[cs[a].0..end_of(cs, text, b)]
}

fn looks_like_url(token: &str) -> bool {
    token.contains("://") || token.contains('@') || token.starts_with("www.") || token.contains("/")
}

/// The word before char index `i` (letters, digits and inner dots).
/// The word (letters, digits and dots: `U.S`) that ends at char `i`, at most
/// [`LONGEST_WORD`] chars: a run of dots or letters longer than any word is not walked back
/// over again for each of its chars (that made a report of dots quadratic).
fn word_before<'a>(text: &'a str, cs: &[(usize, char)], i: usize) -> &'a str {
    const LONGEST_WORD: usize = 64;
    let mut a = i;
    while a > 0 && i - a < LONGEST_WORD && (cs[a - 1].1.is_alphanumeric() || cs[a - 1].1 == '.') {
        a -= 1;
    }
    &text[cs.get(a).map_or(text.len(), |c| c.0)..cs.get(i).map_or(text.len(), |c| c.0)]
}

/// A word that an abbreviation dot may follow: dotted (`U.S`), one letter, all capitals,
/// or a known abbreviation.
fn is_abbreviation_like(word: &str, lang: Option<&str>) -> bool {
    const COMMON: &[&str] = &[
        "etc", "inc", "ltd", "co", "corp", "jr", "sr", "st", "vs", "dr", "mr", "mrs", "ms", "prof",
        "approx", "cf", "al", "no", "av", "art", "sra", "sr", "ud", "uds", "pág", "núm", "bzw",
        "usw", "ca", "vgl", "mme", "mlle", "ecc",
    ];
    let w = word.trim_end_matches('.');
    w.contains('.')
        || w.chars().count() == 1
        || (w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && w.chars().count() <= 5)
        || COMMON.contains(&w.to_lowercase().as_str())
        || crate::text::segment::is_abbreviation(w, lang)
        || crate::text::segment::is_abbreviation(w, None)
}

fn doubled(ctx: &Ctx, text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = cs.len();
    let mut i = 0;
    while i < n {
        let (b, c) = cs[i];
        match c {
            '.' => {
                let mut j = i;
                while j < n && cs[j].1 == '.' {
                    j += 1;
                }
                let prev = i.checked_sub(1).map(|k| cs[k].1);
                let next = cs.get(j).map(|x| x.1);
                if j - i == 2 {
                    let path = matches!(prev, Some('/' | '\\')) || matches!(next, Some('/' | '\\'));
                    let range = prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|x| x.is_ascii_digit());
                    if !path && !range {
                        out.push(
                            Hit::new(
                                &DOUBLED_PUNCTUATION,
                                b,
                                end_of(cs, text, j - 1),
                                "doubled full stop",
                            )
                            .suggest("."),
                        );
                    }
                } else if j - i == 1 {
                    // `. .`: a second stop after a space, unless it is a spaced ellipsis `. . .`.
                    let mut k = j;
                    while k < n && is_hspace(cs[k].1) {
                        k += 1;
                    }
                    let spaced_before = i >= 2 && is_hspace(cs[i - 1].1) && cs[i - 2].1 == '.';
                    if k > j && k < n && cs[k].1 == '.' && !spaced_before {
                        let mut m = k + 1;
                        while m < n && is_hspace(cs[m].1) {
                            m += 1;
                        }
                        let ellipsis =
                            (m < n && cs[m].1 == '.') || cs.get(k + 1).is_some_and(|x| x.1 == '.');
                        if !ellipsis {
                            out.push(
                                Hit::new(
                                    &DOUBLED_PUNCTUATION,
                                    b,
                                    end_of(cs, text, k),
                                    "stray full stop after the end of the sentence",
                                )
                                .suggest("."),
                            );
                            i = k + 1;
                            continue;
                        }
                    }
                    // `.,` `.;` `.:` after a word that is no abbreviation.
                    if let Some(x @ (',' | ';' | ':')) = next {
                        let word = word_before(text, cs, i);
                        let after = cs.get(j + 1).map(|y| y.1);
                        let url_or_time =
                            x == ':' && after.is_some_and(|a| a == '/' || a.is_ascii_digit());
                        if !word.is_empty()
                            && !is_abbreviation_like(word, ctx.target)
                            && !url_or_time
                        {
                            out.push(
                                Hit::new(
                                    &DOUBLED_PUNCTUATION,
                                    b,
                                    end_of(cs, text, j),
                                    format!("full stop followed by `{x}`"),
                                )
                                .suggest(x.to_string()),
                            );
                        }
                    }
                }
                i = j;
                continue;
            }
            ',' | ';' | ':' | '?' | '!' => {
                // The next mark, after optional spaces.
                let mut k = i + 1;
                while k < n && is_hspace(cs[k].1) {
                    k += 1;
                }
                let Some(&(_, x)) = cs.get(k) else {
                    i += 1;
                    continue;
                };
                let after = cs.get(k + 1).map(|y| y.1);
                let flagged = match (c, x) {
                    ('?' | '!', '.') => k == i + 1 && after != Some('.'),
                    ('?' | '!', _) => false,
                    (':', ':') => {
                        // `std::vec`, `fe80::1`: code and addresses, not prose.
                        let p = i.checked_sub(1).map(|q| cs[q].1);
                        !(p.is_some_and(char::is_alphanumeric)
                            && after.is_some_and(char::is_alphanumeric))
                    }
                    (_, ',' | ';' | ':') => true,
                    (_, '.') => after != Some('.'),
                    _ => false,
                };
                // French writes `: ;` with spaces: `mot ; ;` is still doubled, `Note : .` too.
                if flagged {
                    let keep = if matches!(x, '.') && matches!(c, ',' | ';' | ':') {
                        x
                    } else if c == x {
                        c
                    } else {
                        x
                    };
                    out.push(
                        Hit::new(
                            &DOUBLED_PUNCTUATION,
                            b,
                            end_of(cs, text, k),
                            format!("`{c}` followed by `{x}`"),
                        )
                        .suggest(keep.to_string()),
                    );
                    i = k + 1;
                    continue;
                }
            }
            '。' | '，' | '、' | '；' | '：' => {
                if let Some(&(_, x)) = cs.get(i + 1) {
                    if matches!(x, '。' | '，' | '、' | '；' | '：') {
                        let keep = if x == '。' { x } else { c };
                        out.push(
                            Hit::new(
                                &DOUBLED_PUNCTUATION,
                                b,
                                end_of(cs, text, i + 1),
                                format!("`{c}` followed by `{x}`"),
                            )
                            .suggest(keep.to_string()),
                        );
                        i += 2;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn stray_start(text: &str, out: &mut Vec<Hit>) {
    if let Some((b, c)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) {
        let next = text[b + c.len_utf8()..].chars().next();
        if matches!(c, ',' | ';' | '.' | '，' | '。')
            && next != Some('.')
            && text[b..].chars().any(char::is_alphabetic)
        {
            let mut end = b + c.len_utf8();
            end += text[end..].len() - text[end..].trim_start().len();
            out.push(
                Hit::new(
                    &STRAY_PUNCTUATION,
                    b,
                    end,
                    format!("sentence opens with `{c}`"),
                )
                .suggest(""),
            );
        }
    }
}

fn space_before(ctx: &Ctx, text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let french = ctx.is("fr");
    for i in 1..cs.len() {
        let c = cs[i].1;
        // With the Arabic-script comma, semicolon, question mark and Urdu full stop.
        if !matches!(
            c,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '،' | '؛' | '؟' | '۔'
        ) || !is_hspace(cs[i - 1].1)
        {
            continue;
        }
        if french && matches!(c, ';' | ':' | '!' | '?') {
            continue;
        }
        let mut ws = i - 1;
        while ws > 0 && is_hspace(cs[ws - 1].1) {
            ws -= 1;
        }
        if ws == 0 {
            continue;
        }
        let p = cs[ws - 1].1;
        let next = cs.get(i + 1).map(|x| x.1);
        let skip = match c {
            // `.NET`, ` .5`, ` ...`, and the second stop of `. .` (reported as doubled).
            '.' => next.is_some_and(|x| x.is_alphanumeric() || x == '.') || p == '.' || p == '…',
            ':' => next.is_some_and(|x| x == ')' || x == '(' || x.is_ascii_digit()),
            ')' | ']' => matches!(p, '(' | '['),
            ',' | '،' => matches!(p, ',' | '،'),
            _ => matches!(p, '!' | '?' | '؟'),
        };
        // A list marker or a lone symbol before the mark (`a )`, `- ,`) is no prose.
        if skip || !(p.is_alphanumeric() || matches!(p, '"' | '”' | '’' | ')' | ']' | '»' | '%'))
        {
            continue;
        }
        out.push(
            Hit::new(
                &SPACE_BEFORE_PUNCTUATION,
                cs[ws].0,
                end_of(cs, text, i),
                format!("space before `{c}`"),
            )
            .suggest(c.to_string()),
        );
    }
}

fn missing_space_after(ctx: &Ctx, text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = cs.len();
    for i in 1..n.saturating_sub(1) {
        let (b, c) = cs[i];
        let p = cs[i - 1].1;
        let x = cs[i + 1].1;
        let flagged = match c {
            ',' => x.is_alphabetic() && p.is_alphabetic(),
            ';' => {
                x.is_alphabetic()
                    && p.is_alphabetic()
                    && !word_before(text, cs, i).is_empty()
                    && !is_entity(text, b)
            }
            '.' | '!' | '?' => {
                // `attack.The`: two or more lowercase letters, then a capitalised word.
                let w = word_before(text, cs, i);
                x.is_uppercase()
                    && cs.get(i + 2).is_some_and(|y| y.1.is_lowercase())
                    && w.chars().count() >= 2
                    && w.chars().all(char::is_lowercase)
            }
            _ => false,
        };
        if !flagged || ctx.is("fr") && c != ',' && c != '.' {
            continue;
        }
        if looks_like_url(token_at(text, cs, i)) {
            continue;
        }
        out.push(
            Hit::new(
                &MISSING_SPACE,
                b,
                end_of(cs, text, i),
                format!("no space after `{c}`"),
            )
            .suggest(format!("{c} ")),
        );
    }
}

fn is_entity(text: &str, semicolon: usize) -> bool {
    let head = &text[..semicolon];
    head.rfind('&').is_some_and(|a| {
        head[a + 1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '#')
            && semicolon - a <= 10
    })
}

fn multiple_spaces(text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = cs.len();
    let mut i = 0;
    while i < n {
        if is_hspace(cs[i].1) {
            let mut j = i;
            while j + 1 < n && is_hspace(cs[j + 1].1) {
                j += 1;
            }
            let inside =
                i > 0 && j + 1 < n && !cs[i - 1].1.is_whitespace() && !cs[j + 1].1.is_whitespace();
            if j > i && inside {
                out.push(
                    Hit::new(
                        &MULTIPLE_SPACES,
                        cs[i].0,
                        end_of(cs, text, j),
                        format!("{} spaces in a row", j - i + 1),
                    )
                    .suggest(" "),
                );
            } else if j == i && cs[i].1 == '\t' && inside {
                out.push(
                    Hit::new(
                        &MULTIPLE_SPACES,
                        cs[i].0,
                        end_of(cs, text, i),
                        "tab inside a sentence",
                    )
                    .suggest(" ")
                    .severity(Severity::Minor),
                );
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

crate::declare_pass!(
    PUNCTUATION_PASS = Pass {
        name: "punctuation",
        checks: &[
            &DOUBLED_PUNCTUATION,
            &STRAY_PUNCTUATION,
            &SPACE_BEFORE_PUNCTUATION,
            &MISSING_SPACE,
            &FRENCH_SPACING,
            &INVERTED_MARKS,
            &CJK_PUNCTUATION,
            &ARABIC_PUNCTUATION,
            &MULTIPLE_SPACES,
            &SEGMENT_WHITESPACE,
        ],
        run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
    }
);

#[cfg(test)]
mod tests;
