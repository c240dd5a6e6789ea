//! Sentence shape: a full stop that cuts a sentence, fragments (`Which …`), paragraphs
//! opening in lowercase, repeated words.

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::{Check, Scope};
use crate::model::{InputFormat, Segment};
use crate::text::segment::is_abbreviation;
use crate::text::words::{has_inner_capital, words};

crate::declare_check! {
    pub(crate) REPEATED_WORD = Check {
        id: "repeated-word",
        category: "Fluency/Grammar",
        description: "the same word twice in a row (`the the`), save where the language allows it",
        ..Check::BASE
    };
    pub(crate) CUT_SENTENCE = Check {
        id: "cut-sentence",
        category: "Fluency/Punctuation",
        description: "a full stop followed by a lowercase word: a stray stop cuts the sentence",
        ..Check::BASE
    };
    pub(crate) LOWERCASE_START = Check {
        id: "lowercase-start",
        category: "Fluency/Grammar",
        scope: Scope::Paragraph,
        description: "a paragraph that opens in lowercase",
        ..Check::BASE
    };
    pub(crate) FRAGMENT = Check {
        id: "fragment",
        category: "Fluency/Grammar",
        description: "a sentence that is a subordinate clause on its own (`Which …`, `While …` without a main clause)",
        ..Check::BASE
    };
}

/// Lowercase words that open names (`de Gaulle`, `van Gogh`, `al-Assad`) and so may follow a
/// full stop without cutting anything.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le", "van", "von",
    "der", "den", "ter", "ten", "bin", "ibn", "al", "el", "e", "y", "zu", "af", "mc",
];

/// Runs the per-segment sentence checks.
pub fn check(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>) {
    let text = seg.text.as_str();
    if !ctx.cjk() {
        cut_sentence(ctx, text, out);
        repeated_word(ctx, text, out);
    }
    fragment(ctx, text, out);
}

fn cut_sentence(ctx: &Ctx, text: &str, out: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('.') {
        if i == 0 || bytes[i - 1] == b'.' || bytes.get(i + 1) == Some(&b'.') {
            continue;
        }
        let after = &text[i + 1..];
        let gap = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
        if gap == 0 {
            continue;
        }
        let rest = &after[gap..];
        let Some((_, next_word)) = words(rest).next() else {
            continue;
        };
        if !rest.starts_with(next_word) {
            continue;
        }
        let first = next_word.chars().next();
        if !first.is_some_and(|c| c.is_lowercase() && c.is_alphabetic()) {
            continue;
        }
        if has_inner_capital(next_word)
            || NAME_PARTICLES.contains(&next_word)
            || looks_like_domain(rest)
        {
            continue;
        }
        let head = &text[..i];
        let word_start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '’')))
            .map_or(0, |(k, c)| k + c.len_utf8());
        let word = &head[word_start..];
        if word.is_empty()
            || is_abbreviation(word, ctx.target)
            || word.chars().all(|c| c.is_ascii_digit()) && word.len() <= 2
        {
            continue;
        }
        out.push(
            Hit::new(
                &CUT_SENTENCE,
                i,
                i + 1 + gap,
                format!("full stop before the lowercase word `{next_word}`: a stray stop cuts the sentence"),
            )
            .suggest(" "),
        );
    }
}

fn looks_like_domain(rest: &str) -> bool {
    let token = rest.split_whitespace().next().unwrap_or("");
    token.contains("://") || token.contains('@') || token.starts_with("www.")
}

/// Words that may repeat: `that that`, `had had`, `nous nous`, `die die`, reduplications.
fn may_repeat(word: &str, lang: Option<&str>) -> bool {
    const ANY: &[&str] = &[
        "ha", "bla", "la", "no", "bye", "tut", "ah", "oh", "hey", "knock", "chop", "pom", "can",
    ];
    if ANY.contains(&word) || word.chars().all(|c| c.is_numeric()) {
        return true;
    }
    let allowed: &[&str] = match lang {
        Some("en") => &["that", "had", "is", "do", "does", "very", "so"],
        Some("fr") => &["nous", "vous", "si", "le", "la", "les"],
        Some("de") => &["die", "der", "das", "dem", "den", "sie", "es"],
        Some("nl") => &["dat", "die"],
        Some("es" | "pt" | "it" | "ca") => &["que", "che", "se"],
        _ => &[],
    };
    allowed.contains(&word)
}

fn repeated_word(ctx: &Ctx, text: &str, out: &mut Vec<Hit>) {
    let mut prev: Option<(usize, &str)> = None;
    for (b, w) in words(text) {
        if let Some((pb, pw)) = prev {
            let between = &text[pb + pw.len()..b];
            let same = pw.len() == w.len() && pw.to_lowercase() == w.to_lowercase();
            let names = pw.chars().next().is_some_and(char::is_uppercase)
                && w.chars().next().is_some_and(char::is_uppercase);
            if same
                && !between.is_empty()
                && between.chars().all(|c| c == ' ' || c == '\u{a0}')
                && w.chars().any(char::is_alphabetic)
                && !names
                && !may_repeat(&w.to_lowercase(), ctx.target)
            {
                out.push(
                    Hit::new(
                        &REPEATED_WORD,
                        pb,
                        b + w.len(),
                        format!("`{w}` twice in a row"),
                    )
                    .suggest(pw),
                );
            }
        }
        prev = Some((b, w));
    }
}

/// Openers of relative clauses, per language, that cannot open a sentence that is no
/// question. `true`: a fragment whenever the sentence is no question; `false`: only when
/// no comma follows either (German sets every subordinate clause off with a comma).
/// Conjunctions such as `While`, `Although`, `Because`, `Alors que` are left out: a
/// sentence may open with them, with or without a comma, and be complete.
fn fragment_openers(lang: Option<&str>) -> &'static [(&'static str, bool)] {
    match lang {
        Some("en") => &[("Which", true), ("Whereby", true), ("Such as", true)],
        Some("fr") => &[
            ("Lequel", true),
            ("Laquelle", true),
            ("Lesquels", true),
            ("Lesquelles", true),
            ("Auquel", true),
            ("Duquel", true),
        ],
        Some("es") => &[
            ("Lo cual", true),
            ("La cual", true),
            ("El cual", true),
            ("Los cuales", true),
            ("Las cuales", true),
        ],
        Some("de") => &[
            ("Welche", false),
            ("Welcher", false),
            ("Welches", false),
            ("Wobei", true),
            ("Obwohl", false),
            ("Wohingegen", false),
        ],
        Some("it") => &[
            ("Il quale", true),
            ("La quale", true),
            ("I quali", true),
            ("Le quali", true),
        ],
        Some("pt") => &[
            ("O qual", true),
            ("A qual", true),
            ("Os quais", true),
            ("As quais", true),
        ],
        _ => &[],
    }
}

fn fragment(ctx: &Ctx, text: &str, out: &mut Vec<Hit>) {
    let body = text.trim_start_matches(['"', '“', '«', '„', ' ']);
    let offset = text.len() - body.len();
    for &(opener, always) in fragment_openers(ctx.target) {
        let Some(rest) = body.strip_prefix(opener) else {
            continue;
        };
        if !rest.starts_with([' ', '\u{a0}']) {
            continue;
        }
        let question = text
            .trim_end()
            .trim_end_matches(['"', '”', '»', '“', ')'])
            .ends_with(['?', '!']);
        if question {
            continue;
        }
        if !always && rest.contains([',', ';', ':', '—']) {
            continue;
        }
        // Too short to tell, or a heading.
        if !text.trim_end().ends_with(['.', '…']) || words(text).count() < 4 {
            continue;
        }
        out.push(Hit::new(
            &FRAGMENT,
            offset,
            offset + opener.len(),
            format!("sentence fragment: a sentence opening with `{opener}` has no main clause; it probably belongs to the previous sentence"),
        ));
        return;
    }
}

/// Runs the paragraph-level sentence checks: a paragraph that opens in lowercase.
pub fn check_paragraph(ctx: &Ctx, segs: &[Segment], mut report: impl FnMut(usize, Hit)) {
    if ctx.doc.format != InputFormat::Plain || ctx.cjk() {
        return;
    }
    let Some(first) = segs.first() else { return };
    let Some((b, w)) = words(&first.text).next() else {
        return;
    };
    if b != 0 {
        return;
    }
    let starts_lower = w.chars().next().is_some_and(|c| c.is_lowercase());
    // List items: `a)`, `ii.`, `b -`.
    let after = first.text[w.len()..].chars().next();
    let marker = w.chars().count() <= 3 && matches!(after, Some(')' | '.' | ']'));
    if starts_lower
        && !marker
        && !has_inner_capital(w)
        && !NAME_PARTICLES.contains(&w)
        && !looks_like_domain(&first.text)
    {
        let mut cap = w.chars();
        let fixed: String = cap
            .next()
            .map(|c| c.to_uppercase().chain(cap).collect())
            .unwrap_or_default();
        report(
            0,
            Hit::new(&LOWERCASE_START, 0, w.len(), format!("paragraph opens with the lowercase word `{w}`: the sentence before it may have been cut"))
                .suggest(fixed),
        );
    }
}

crate::declare_pass!(
    SENTENCE_PASS = Pass {
        name: "sentence",
        checks: &[&REPEATED_WORD, &CUT_SENTENCE, &FRAGMENT],
        run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
    }
);

crate::declare_pass!(
    PARAGRAPH_START_PASS = Pass {
        name: "paragraph-start",
        checks: &[&LOWERCASE_START],
        run: Run::Paragraph(|ctx, _, segs, report| check_paragraph(ctx, segs, report)),
    }
);
