//! The punctuation of particular scripts and languages: French spacing, Spanish inverted
//! marks, Chinese/Japanese full-width marks, Arabic-script commas and question marks.

use super::*;

/// French: a (narrow) no-break space before `; : ! ?` and inside « ».
pub(super) fn french(text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let n = cs.len();
    for i in 0..n {
        let (b, c) = cs[i];
        let p = i.checked_sub(1).map(|k| cs[k].1);
        let next = cs.get(i + 1).map(|x| x.1);
        match c {
            ';' | ':' | '!' | '?' => {
                let Some(p) = p else { continue };
                if !(p.is_alphanumeric() || matches!(p, '»' | ')' | '"' | '”')) {
                    continue;
                }
                if c == ':' && next.is_some_and(|x| x.is_ascii_digit() || x == '/') {
                    continue;
                }
                if looks_like_url(token_at(text, cs, i)) {
                    continue;
                }
                let space = if c == ':' { NBSP } else { NNBSP };
                let name = if c == ':' {
                    "no-break space"
                } else {
                    "narrow no-break space"
                };
                out.push(
                    Hit::new(
                        &FRENCH_SPACING,
                        b,
                        end_of(cs, text, i),
                        format!("French typography: a {name} goes before `{c}`"),
                    )
                    .suggest(format!("{space}{c}")),
                );
            }
            '«' if next.is_some_and(char::is_alphanumeric) => out.push(
                Hit::new(
                    &FRENCH_SPACING,
                    b,
                    end_of(cs, text, i),
                    "French typography: a no-break space goes after `«`",
                )
                .suggest(format!("«{NBSP}")),
            ),
            '»' if p.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '!' | '?')) => out
                .push(
                    Hit::new(
                        &FRENCH_SPACING,
                        b,
                        end_of(cs, text, i),
                        "French typography: a no-break space goes before `»`",
                    )
                    .suggest(format!("{NBSP}»")),
                ),
            _ => {}
        }
    }
}

/// Spanish `¿…?` and `¡…!`; inverted marks in other languages.
pub(super) fn inverted_marks(ctx: &Ctx, text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let Some(target) = ctx.target else { return };
    if is_spanish(target) {
        let mut clause_start = 0usize;
        let mut i = 0;
        while i < cs.len() {
            let (b, c) = cs[i];
            if matches!(c, '?' | '!') {
                let opener = if c == '?' { '¿' } else { '¡' };
                // A run such as `?!` or `!!!` closes one clause.
                let mut j = i;
                while j + 1 < cs.len() && matches!(cs[j + 1].1, '?' | '!') {
                    j += 1;
                }
                let clause = &text[clause_start..b];
                let has_opener = clause.contains(opener) || clause.contains(['¿', '¡']) && j > i;
                if !has_opener
                    && clause.chars().any(char::is_alphabetic)
                    && !looks_like_url(token_at(text, cs, i))
                {
                    let lead = clause.len()
                        - clause
                            .trim_start_matches(|c: char| {
                                c.is_whitespace()
                                    || matches!(c, '.' | ',' | ';' | '—' | '-' | '«' | '"' | '“')
                            })
                            .len();
                    let start = clause_start + lead;
                    let end = end_of(cs, text, j);
                    out.push(
                        Hit::new(
                            &INVERTED_MARKS,
                            start,
                            end,
                            format!("Spanish: `{c}` without its opening `{opener}`"),
                        )
                        .suggest(format!("{opener}{}", &text[start..end])),
                    );
                }
                i = j + 1;
                clause_start = cs.get(i).map_or(text.len(), |x| x.0);
                continue;
            }
            if c == '.' || c == '…' {
                clause_start = end_of(cs, text, i);
            }
            i += 1;
        }
    } else if !ctx.cjk() {
        for &(b, c) in cs {
            if matches!(c, '¿' | '¡') {
                out.push(
                    Hit::new(
                        &INVERTED_MARKS,
                        b,
                        b + c.len_utf8(),
                        format!("`{c}` is Spanish punctuation"),
                    )
                    .suggest(""),
                );
            }
        }
    }
}

pub(super) fn cjk(ctx: &Ctx, text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let ja = ctx.is("ja");
    let n = cs.len();
    let is_cjk_or_punct = |c: char| {
        is_cjk(c)
            || matches!(
                c,
                '。' | '，'
                    | '、'
                    | '！'
                    | '？'
                    | '：'
                    | '；'
                    | '「'
                    | '」'
                    | '（'
                    | '）'
                    | '“'
                    | '”'
            )
    };
    for i in 1..n {
        let (b, c) = cs[i];
        let p = cs[i - 1].1;
        let next = cs.get(i + 1).map(|x| x.1);
        let full = match c {
            ',' => Some(if ja { '、' } else { '，' }),
            '.' => Some('。'),
            '?' => Some('？'),
            '!' => Some('！'),
            ':' => Some('：'),
            ';' => Some('；'),
            _ => None,
        };
        if let Some(full) = full {
            let next_ok = next.is_none_or(|x| is_cjk(x) || x.is_whitespace());
            if is_cjk(p) && next_ok && !(c == '.' && next == Some('.')) {
                out.push(
                    Hit::new(
                        &CJK_PUNCTUATION,
                        b,
                        end_of(cs, text, i),
                        format!("half-width `{c}` in CJK text"),
                    )
                    .suggest(full.to_string()),
                );
            }
            continue;
        }
        if is_hspace(c) && is_cjk_or_punct(p) {
            let mut j = i;
            while j + 1 < n && is_hspace(cs[j + 1].1) {
                j += 1;
            }
            if cs.get(j + 1).is_some_and(|x| is_cjk_or_punct(x.1)) && !(p == '”' || p == '“') {
                out.push(
                    Hit::new(
                        &CJK_PUNCTUATION,
                        b,
                        end_of(cs, text, j),
                        "space between CJK characters",
                    )
                    .suggest(""),
                );
            }
        }
    }
}

/// Arabic script (Arabic, Persian, Urdu): a Latin `,` `;` `?` written between words of the
/// script, where it has its own `،` `؛` `؟` (a common artifact of MT and of keyboards).
pub(super) fn arabic(text: &str, cs: &[(usize, char)], out: &mut Vec<Hit>) {
    let arabic_letter = |c: char| matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}');
    for i in 1..cs.len() {
        let (b, c) = cs[i];
        let native = match c {
            ',' => '،',
            ';' => '؛',
            '?' => '؟',
            _ => continue,
        };
        // The word before (its last letter, past combining marks) is in the script …
        let before = cs[..i]
            .iter()
            .rev()
            .map(|x| x.1)
            .find(|x| !('\u{064B}'..='\u{065F}').contains(x) && *x != '\u{0670}');
        // … and so is what follows (after spaces), or the sentence ends there.
        let after = cs[i + 1..].iter().map(|x| x.1).find(|x| !is_hspace(*x));
        let ends = after.is_none() || c == '?';
        if before.is_some_and(arabic_letter) && (ends || after.is_some_and(arabic_letter)) {
            out.push(
                Hit::new(
                    &ARABIC_PUNCTUATION,
                    b,
                    end_of(cs, text, i),
                    format!("Latin `{c}` in Arabic-script text"),
                )
                .suggest(native.to_string()),
            );
        }
    }
}
