//! Quotation marks and brackets balanced over a paragraph (a quotation may span several
//! sentences), with the pairs each language uses: “…” in English, „…“ and »…« in German,
//! « … » in French, 「…」 in Japanese. Single quotes are left alone: `’` is also the apostrophe.

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::{Check, Scope};
use crate::model::Segment;

crate::declare_check! {
    pub(crate) UNBALANCED_QUOTES = Check {
        id: "unbalanced-quotes",
        category: "Fluency/Punctuation",
        scope: Scope::Paragraph,
        description: "a quotation mark without its partner in the paragraph, or mismatched marks",
        ..Check::BASE
    };
    pub(crate) UNBALANCED_BRACKETS = Check {
        id: "unbalanced-brackets",
        category: "Fluency/Punctuation",
        scope: Scope::Paragraph,
        description: "a bracket without its partner in the paragraph",
        ..Check::BASE
    };
}

/// (opening, closing) pairs for a language; `None` means "unknown language": only pairs
/// that no language writes the other way round are checked.
pub(crate) fn quote_pairs(lang: Option<&str>) -> &'static [(char, char)] {
    match lang {
        Some("en") => &[('“', '”'), ('"', '"')],
        Some("de" | "lb") => &[('„', '“'), ('»', '«'), ('«', '»'), ('"', '"')],
        Some("cs" | "sk" | "sl" | "lt" | "et" | "is" | "ka") => {
            &[('„', '“'), ('»', '«'), ('"', '"')]
        }
        Some("pl" | "ro" | "hu" | "hr" | "bg" | "sr" | "nl") => {
            &[('„', '”'), ('«', '»'), ('“', '”'), ('"', '"')]
        }
        Some(
            "fr" | "es" | "it" | "pt" | "ca" | "gl" | "el" | "tr" | "no" | "nb" | "nn" | "ar"
            | "fa",
        ) => &[('«', '»'), ('“', '”'), ('"', '"')],
        Some("ru" | "uk" | "be") => &[('«', '»'), ('„', '“'), ('"', '"')],
        Some("sv" | "fi") => &[('”', '”'), ('»', '»'), ('"', '"')],
        Some("da") => &[('»', '«'), ('„', '“'), ('"', '"')],
        Some("ja") => &[('「', '」'), ('『', '』'), ('“', '”'), ('"', '"')],
        Some("zh") => &[
            ('“', '”'),
            ('「', '」'),
            ('『', '』'),
            ('《', '》'),
            ('"', '"'),
        ],
        Some("he") => &[('”', '”'), ('„', '”'), ('"', '"')],
        _ => &[('"', '"')],
    }
}

const BRACKETS: &[(char, char)] = &[
    ('(', ')'),
    ('[', ']'),
    ('{', '}'),
    ('（', '）'),
    ('【', '】'),
    ('〔', '〕'),
];

struct Open {
    seg: usize,
    byte: usize,
    ch: char,
}

impl Open {
    /// The hit of a bracket never closed (`where_`: "" or " in its paragraph").
    fn never_closed(&self, where_: &str) -> Hit {
        Hit::new(
            &UNBALANCED_BRACKETS,
            self.byte,
            self.byte + self.ch.len_utf8(),
            format!("`{}` is never closed{where_}", self.ch),
        )
    }
}

/// The hit of a quotation opened with `opener` and closed with `close` of another pair,
/// on the closing mark at `span`, suggesting `fix`.
fn mixed_marks(span: std::ops::Range<usize>, opener: char, close: char, fix: char) -> Hit {
    Hit::new(
        &UNBALANCED_QUOTES,
        span.start,
        span.end,
        format!("`{opener}` is closed by `{close}`: mixed quotation marks"),
    )
    .suggest(fix.to_string())
}

/// Checks one paragraph; `report(i, hit)` receives hits in segment `i` of `segs`.
pub fn check_paragraph(
    ctx: &Ctx,
    paragraph: usize,
    segs: &[Segment],
    mut report: impl FnMut(usize, Hit),
) {
    let pairs = quote_pairs(ctx.target);
    let next_first = ctx
        .doc
        .paragraphs
        .get(paragraph + 1)
        .and_then(|p| ctx.doc.segments.get(p.first_segment))
        .and_then(|s| s.text.chars().next());
    let mut quotes: Vec<Open> = Vec::new();
    let mut brackets: Vec<Open> = Vec::new();
    for (si, seg) in segs.iter().enumerate() {
        let text = seg.text.as_str();
        let mut prev: Option<char> = None;
        for (b, c) in text.char_indices() {
            if c.is_alphanumeric() || c == ' ' {
                prev = Some(c);
                continue;
            }
            let end = b + c.len_utf8();
            // Brackets.
            if let Some(&(_, close)) = BRACKETS.iter().find(|(o, _)| *o == c) {
                let _ = close;
                brackets.push(Open {
                    seg: si,
                    byte: b,
                    ch: c,
                });
            } else if let Some(&(open, _)) = BRACKETS.iter().find(|(_, cl)| *cl == c) {
                if brackets.last().is_some_and(|o| o.ch == open) {
                    brackets.pop();
                } else if let Some(pos) = brackets.iter().rposition(|o| o.ch == open) {
                    for o in brackets.drain(pos + 1..) {
                        report(o.seg, o.never_closed(""));
                    }
                    brackets.pop();
                } else {
                    // List markers `1)`, `a)` and smileys `:)` are not brackets.
                    // A list marker is one or two letters or digits after a space or at the start.
                    let head = &text[..b];
                    let token = head
                        .rsplit(|x: char| !x.is_alphanumeric())
                        .next()
                        .unwrap_or("");
                    let before_token = head[..head.len() - token.len()].chars().next_back();
                    let marker = (1..=2).contains(&token.chars().count())
                        && before_token.is_none_or(|x| x.is_whitespace() || x == '(');
                    let smiley = matches!(prev, Some(':' | ';' | '='));
                    if !marker && !smiley {
                        report(
                            si,
                            Hit::new(
                                &UNBALANCED_BRACKETS,
                                b,
                                end,
                                format!("`{c}` closes no `{open}`"),
                            ),
                        );
                    }
                }
            }
            // Quotation marks.
            let is_open = pairs.iter().any(|(o, _)| *o == c);
            let is_close = pairs.iter().any(|(_, cl)| *cl == c);
            if c == '"' && prev.is_some_and(|p| p.is_ascii_digit()) {
                // 5" (inches).
                prev = Some(c);
                continue;
            }
            if is_open && is_close {
                // A mark that both opens and closes (`"`, `”…”` in Swedish, `»…«` and `«…»`
                // in German) closes the open quotation it pairs with, else opens one.
                if quotes
                    .last()
                    .is_some_and(|o| pairs.iter().any(|(op, cl)| *op == o.ch && *cl == c))
                {
                    quotes.pop();
                } else {
                    quotes.push(Open {
                        seg: si,
                        byte: b,
                        ch: c,
                    });
                }
            } else if is_open {
                quotes.push(Open {
                    seg: si,
                    byte: b,
                    ch: c,
                });
            } else if is_close {
                let expected = quotes
                    .last()
                    .and_then(|o| pairs.iter().find(|(op, _)| *op == o.ch).map(|p| p.1));
                match expected {
                    Some(e) if e == c => {
                        quotes.pop();
                    }
                    Some(e) => {
                        let o = quotes.pop();
                        let opener = o.as_ref().map_or(' ', |o| o.ch);
                        report(si, mixed_marks(b..end, opener, c, e));
                    }
                    None => {
                        // A quotation opened in an earlier segment, as in the source.
                        let continued = ctx
                            .doc
                            .paragraphs
                            .get(paragraph)
                            .and_then(|p| ctx.source_of(p.first_segment + si))
                            .is_some_and(quotation_left_open);
                        if !continued {
                            report(
                                si,
                                Hit::new(
                                    &UNBALANCED_QUOTES,
                                    b,
                                    end,
                                    format!("closing `{c}` without an opening mark"),
                                ),
                            );
                        }
                    }
                }
            } else if is_foreign_quote(c, pairs) && ctx.target.is_some() {
                let top = quotes.last().map(|o| (o.ch, o.seg, o.byte));
                let native_close =
                    top.and_then(|(ch, _, _)| pairs.iter().find(|(op, _)| *op == ch).map(|p| p.1));
                let foreign_pair = top.is_some_and(|(ch, _, _)| FOREIGN_PAIRS.contains(&(ch, c)));
                if let (Some((opener, _, _)), Some(close), true) =
                    (top, native_close, is_closing_elsewhere(c))
                {
                    // A closing mark of another language after an opening one of this
                    // language: `„…”` in German. One finding, on the closing mark.
                    quotes.pop();
                    report(si, mixed_marks(b..end, opener, c, close));
                } else if let (true, Some((opener, oseg, obyte))) = (foreign_pair, top) {
                    // A whole quotation in another language's marks (`« oui »` in English):
                    // one finding over the quotation, rewritten with this language's marks.
                    quotes.pop();
                    let (o2, c2) = pairs
                        .iter()
                        .copied()
                        .find(|p| p.0 != '"')
                        .unwrap_or(('"', '"'));
                    let message = format!(
                        "`{opener}…{c}` are quotation marks of another language; write `{o2}…{c2}`"
                    );
                    if oseg == si {
                        let inner = text[obyte + opener.len_utf8()..b]
                            .trim_matches(|x: char| x.is_whitespace());
                        report(
                            si,
                            Hit::new(&UNBALANCED_QUOTES, obyte, end, message)
                                .suggest(format!("{o2}{inner}{c2}")),
                        );
                    } else {
                        report(
                            oseg,
                            Hit::new(
                                &UNBALANCED_QUOTES,
                                obyte,
                                obyte + opener.len_utf8(),
                                message,
                            ),
                        );
                    }
                } else if FOREIGN_PAIRS.iter().any(|(o, _)| *o == c) && !is_closing_elsewhere(c)
                    || c == '«'
                {
                    quotes.push(Open {
                        seg: si,
                        byte: b,
                        ch: c,
                    });
                } else {
                    report(
                        si,
                        Hit::new(
                            &UNBALANCED_QUOTES,
                            b,
                            end,
                            format!("`{c}` is not a quotation mark of this language"),
                        ),
                    );
                }
            }
            prev = Some(c);
        }
    }
    for o in brackets {
        report(o.seg, o.never_closed(" in its paragraph"));
    }
    for o in &quotes {
        // A quotation that goes on in the next paragraph opens it again (English style).
        if quotes.len() == 1 && next_first == Some(o.ch) {
            continue;
        }
        // A quotation the source leaves open too goes on in a later segment.
        let seg_index = ctx
            .doc
            .paragraphs
            .get(paragraph)
            .map(|p| p.first_segment + o.seg);
        if seg_index
            .and_then(|i| ctx.source_of(i))
            .is_some_and(quotation_left_open)
        {
            continue;
        }
        report(
            o.seg,
            Hit::new(
                &UNBALANCED_QUOTES,
                o.byte,
                o.byte + o.ch.len_utf8(),
                format!("`{}` is never closed in its paragraph", o.ch),
            ),
        );
    }
}

/// True when a text leaves a quotation open or closes one it did not open, in the marks of
/// any language: `“…` or `…”`, `「…`, `« …`, an odd number of `"`.
pub(crate) fn quotation_left_open(text: &str) -> bool {
    let count = |set: &[char]| text.chars().filter(|c| set.contains(c)).count();
    // Parity, since languages pair the same marks the other way round (`„…“`, `»…«`).
    count(&['"']) % 2 == 1
        || count(&['“', '„', '”']) % 2 == 1
        || count(&['«', '»']) % 2 == 1
        || count(&['「', '」']) % 2 == 1
        || count(&['『', '』']) % 2 == 1
}

/// Quotation mark pairs of all the languages mtqa knows.
const FOREIGN_PAIRS: &[(char, char)] = &[
    ('«', '»'),
    ('„', '“'),
    ('„', '”'),
    ('»', '«'),
    ('「', '」'),
    ('“', '”'),
    ('”', '”'),
];

/// Marks that close a quotation in some language.
fn is_closing_elsewhere(c: char) -> bool {
    matches!(c, '”' | '“' | '»' | '«' | '」')
}

/// Double quotation marks of other languages (`„` in English text). Marks this language
/// uses in any role are never foreign.
fn is_foreign_quote(c: char, pairs: &[(char, char)]) -> bool {
    matches!(c, '„' | '«' | '»' | '“' | '”' | '「' | '」')
        && !pairs.iter().any(|(o, cl)| *o == c || *cl == c)
        && pairs.len() > 1
}

crate::declare_pass!(
    QUOTES_PASS = Pass {
        name: "quotes",
        checks: &[&UNBALANCED_QUOTES, &UNBALANCED_BRACKETS],
        run: Run::Paragraph(|ctx, p, segs, report| check_paragraph(ctx, p, segs, report)),
    }
);
