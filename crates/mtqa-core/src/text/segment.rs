//! Sentence segmentation: Unicode sentence boundaries (UAX #29, `unicode-segmentation`)
//! corrected by the rules a news text needs: abbreviations, initials, German ordinals,
//! bracketed elisions `(…)`, stray punctuation left on its own, sentences that open with
//! a number, and soft-wrapped lines.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations after which a full stop does not end a sentence, per language.
/// Lower-cased, without the final dot. UAX #29 alone breaks after `Mr. Smith`.
fn abbreviations(lang: Option<&str>) -> &'static [&'static str] {
    const EN: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
        "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "inc", "ltd",
        "co", "corp", "bros", "vs", "etc", "e.g", "i.e", "cf", "approx", "est", "fig", "figs",
        "vol", "vols", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "u.s", "u.k", "u.n", "a.m", "p.m", "dept", "univ", "assn", "ave", "blvd", "rd",
        "ft", "mins", "hrs", "no", "nos", "op", "ed", "eds", "al", "ca", "incl",
    ];
    const FR: &[&str] = &[
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "av",
        "apr", "j.-c", "cf", "env", "vol", "chap", "éd", "fig", "janv", "févr", "avr", "juil",
        "sept", "oct", "nov", "déc", "p", "pp", "art", "n°", "etc", "boul", "bd", "c.-à-d", "ex",
        "gén", "cie", "hab", "min", "max",
    ];
    const ES: &[&str] = &[
        "sr", "sra", "srta", "sres", "dr", "dra", "lic", "ing", "arq", "ud", "uds", "vd", "vds",
        "d", "dña", "pág", "págs", "art", "núm", "cap", "aprox", "ee.uu", "uu", "ene", "feb",
        "abr", "jun", "jul", "ago", "sept", "oct", "nov", "dic", "etc", "gral", "cía", "avda", "c",
        "p", "pp", "vol", "fig", "admón", "dpto", "prof", "sto", "sta",
    ];
    const DE: &[&str] = &[
        "hr", "hrn", "fr", "dr", "prof", "z.b", "d.h", "u.a", "usw", "bzw", "ca", "vgl", "nr",
        "str", "s", "abs", "jh", "mio", "mrd", "evtl", "ggf", "inkl", "zzgl", "o.ä", "u.ä", "etc",
        "bspw", "sog", "v.a", "z.t", "dt", "engl", "franz", "jan", "feb", "aug", "sept", "okt",
        "nov", "dez", "st", "geb", "gest", "ehem", "stv", "tel",
    ];
    const IT: &[&str] = &[
        "sig", "sigg", "sig.ra", "dott", "dr", "prof", "ing", "avv", "on", "sen", "gen", "ecc",
        "pag", "pagg", "art", "n", "cap", "vol", "fig", "s.p.a", "spa", "gen", "feb", "apr", "giu",
        "lug", "ago", "sett", "ott", "nov", "dic",
    ];
    const PT: &[&str] = &[
        "sr", "sra", "srta", "dr", "dra", "prof", "eng", "exmo", "exma", "v.exa", "pág", "págs",
        "art", "n", "nº", "cap", "vol", "fig", "etc", "jan", "fev", "abr", "jun", "jul", "ago",
        "set", "out", "nov", "dez", "av", "lda", "cia",
    ];
    match lang {
        Some("fr") => FR,
        Some("es" | "ca" | "gl") => ES,
        Some("de") => DE,
        Some("it") => IT,
        Some("pt") => PT,
        _ => EN,
    }
}

/// True when `word` (without its final dot) is an abbreviation of `lang`, a single letter,
/// or a dotted abbreviation (`U.S`): a full stop after it need not end a sentence.
pub fn is_abbreviation(word: &str, lang: Option<&str>) -> bool {
    let w = word.trim_end_matches('.');
    let lower = w.to_lowercase();
    w.chars().count() == 1 || w.contains('.') || abbreviations(lang).contains(&lower.as_str())
}

/// Abbreviations that do not end a sentence only when a number follows (`No. 5`, `Art. 3`).
const NUMERIC_ONLY: &[&str] = &[
    "no", "nos", "art", "p", "pp", "nr", "núm", "n", "vol", "fig",
];

/// Languages that write ordinals with a full stop (`am 4. Januar`).
fn has_dotted_ordinals(lang: Option<&str>) -> bool {
    matches!(
        lang,
        Some(
            "de" | "da"
                | "nb"
                | "no"
                | "nn"
                | "fi"
                | "cs"
                | "sk"
                | "pl"
                | "hu"
                | "sl"
                | "hr"
                | "sr"
                | "et"
                | "lv"
                | "is"
        )
    )
}

/// The word (letters, dots, hyphens, `°`) that ends just before byte `end` of `s`.
fn word_before(s: &str, end: usize) -> &str {
    let head = &s[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '°' | '’' | '\'')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

fn first_char(s: &str) -> Option<char> {
    s.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“'
                    | '‘'
                    | '«'
                    | '„'
                    | '('
                    | '['
                    | '¿'
                    | '¡'
                    | '\''
                    | '‚'
                    | '—'
                    | '–'
                    | '-'
            )
    })
    .chars()
    .next()
}

/// Whether the boundary between `left` (the sentence so far) and `right` (the rest) is wrong.
fn is_false_boundary(left: &str, right: &str, lang: Option<&str>) -> bool {
    let l = left.trim_end();
    let r = right.trim_start();
    if r.is_empty() || l.is_empty() {
        return false;
    }
    // What follows holds no letter or digit before the next boundary: stray punctuation.
    if !r.chars().any(char::is_alphanumeric) {
        return true;
    }
    // Bracketed elision `(…)` or `[...]` inside a quotation.
    if l.ends_with("(…)") || l.ends_with("[…]") || l.ends_with("(...)") || l.ends_with("[...]")
    {
        return true;
    }
    if let Some(stem) = l.strip_suffix('.') {
        if stem.ends_with('.') {
            return false; // `..` or `...`: a (doubled) end.
        }
        let word = word_before(l, stem.len());
        let lower = word.to_lowercase();
        let next = first_char(r);
        if !word.is_empty() {
            // A single capital letter: an initial (`J. K. Rowling`).
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if c.is_uppercase() {
                    return true;
                }
            }
            // Dotted abbreviations such as `U.S.` or `e.g.` whose inner dots we keep.
            if abbreviations(lang).contains(&lower.as_str()) {
                if NUMERIC_ONLY.contains(&lower.as_str()) {
                    return next.is_some_and(|c| c.is_ascii_digit());
                }
                // `etc.` at a sentence end is common: it ends one only before a capital.
                if lower == "etc" {
                    return !next.is_some_and(char::is_uppercase);
                }
                return true;
            }
            if has_dotted_ordinals(lang)
                && word.len() <= 2
                && word.chars().all(|c| c.is_ascii_digit())
                && next.is_some_and(char::is_uppercase)
            {
                return true;
            }
        }
    }
    false
}

/// Whether a new sentence starts after `.` at byte `dot` of `s`, where UAX #29 saw none
/// because a number follows (`in 2020. 84 people`).
fn is_numeric_start(s: &str, dot: usize, lang: Option<&str>) -> bool {
    let after = &s[dot + 1..];
    let trimmed = after.trim_start_matches([' ', '\u{a0}']);
    if trimmed.len() == after.len() || !trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let word = word_before(s, dot);
    if word.is_empty() || word.contains('.') {
        return false;
    }
    let lower = word.to_lowercase();
    if abbreviations(lang).contains(&lower.as_str()) {
        return false;
    }
    // A single letter (`p. 5`, list items) or a short number (`3. 4.`) is no sentence end.
    if word.chars().count() < 2 || word.chars().all(|c| c.is_ascii_digit()) && word.len() < 3 {
        return false;
    }
    // The number must be followed by a word, not be a decimal part.
    word.chars().any(char::is_alphabetic) || word.len() == 4
}

/// Replaces soft line breaks (wrapped lines inside a sentence) with spaces, keeping byte
/// offsets. A line break is soft when the line does not end a sentence and either the next
/// line opens in lowercase or the line is long (a title line is short).
fn unwrap_soft_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['\n', '\r']) {
        let line = &rest[..pos];
        let brk_len = if rest[pos..].starts_with("\r\n") {
            2
        } else {
            1
        };
        let next = &rest[pos + brk_len..];
        out.push_str(line);
        let t = line.trim_end();
        let ends_sentence = t.ends_with([
            '.', '!', '?', ':', ';', '。', '！', '？', '…', '"', '”', '»', ')',
        ]);
        let next_first = next.trim_start().chars().next();
        let next_lower = next_first.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
        let soft = !t.is_empty() && !ends_sentence && (next_lower || t.chars().count() >= 50);
        if soft {
            out.push_str(&" ".repeat(brk_len));
        } else {
            out.push_str(&rest[pos..pos + brk_len]);
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

/// Splits a paragraph into sentences. Returns byte ranges into `text`, trimmed of
/// surrounding white space, non-empty, in order.
pub fn split_sentences(text: &str, lang: Option<&str>) -> Vec<Range<usize>> {
    let work = unwrap_soft_breaks(text);
    // Candidate boundaries from UAX #29.
    let mut bounds = uax29_bounds(&work);
    // Sentences that open with a number: UAX #29 rule SB8 keeps `2020. 84 people` together.
    let mut extra = Vec::new();
    for (i, _) in work.match_indices(['.', '!', '?']) {
        if is_numeric_start(&work, i, lang) {
            let after = &work[i + 1..];
            let skip = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
            extra.push(i + 1 + skip);
        }
    }
    if !extra.is_empty() {
        bounds.extend(extra);
        bounds.sort_unstable();
        bounds.dedup();
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    for &b in &bounds {
        if b >= work.len() {
            continue;
        }
        if is_false_boundary(&work[start..b], &work[b..], lang) {
            continue;
        }
        ranges.push(start..b);
        start = b;
    }
    ranges.push(start..work.len());
    ranges
        .into_iter()
        .filter_map(|r| trim_range(text, r))
        .collect()
}

/// The sentence boundaries of UAX #29 in `text` (byte offsets, the start excluded), as
/// `unicode-segmentation` gives them, found by running it only where a boundary can be.
///
/// Why not the crate alone: its per-character table lookups were a fifth of checking a
/// report. A boundary needs a sentence terminator or a paragraph separator before it, and
/// the rules that decide it look no further back than the terminator's run (`Close* Sp*`)
/// and the character before it, and no further ahead than the first letter after it. So
/// the text is cut between two ASCII letters, which no rule looks across, and only the
/// pieces that hold a character that may end a sentence (`.` `!` `?`, a line end, or any
/// non-ASCII character) go through the crate. The test `uax29_pieces_agree_with_crate`
/// compares the two on generated text.
pub fn uax29_bounds(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    // A cut point: between two ASCII letters.
    let cut = |i: usize| i > 0 && letter(i - 1) && letter(i);
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !(c >= 0x80 || matches!(c, b'.' | b'!' | b'?' | b'\n' | b'\r' | 0x0b | 0x0c)) {
            i += 1;
            continue;
        }
        // The piece around it: from the cut point before to the cut point after, which
        // is past the first letter after it. Pieces do not overlap: the next one starts at
        // this one's end or later.
        let mut start = i;
        while start > 0 && !cut(start) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < b.len() && !cut(end) {
            end += 1;
        }
        let end = end.min(b.len());
        // Cut points are ASCII, so both ends are character boundaries.
        if let Some(piece) = text.get(start..end) {
            out.extend(
                piece
                    .split_sentence_bound_indices()
                    .map(|(k, _)| start + k)
                    .filter(|&k| k > start),
            );
        }
        i = end;
    }
    out
}

/// Trims white space (including line ends) from both ends of `range` in `text`.
pub fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return None;
    }
    Some(range.start + lead..range.end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn uax29_pieces_agree_with_crate(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "The", "the", "U", "S", "x", ".", ". ", "..", "!", "?", " ", "  ",
                "\n", "\r\n", "\"", "'", ")", "(", "«", "»", "\u{a0}", "\u{2029}", "3", "42",
                ",", ";", ":", "-", "é", "É", "中", "。", "؟", "\u{301}", "\u{200b}", "…",
                "¿", "ß", "Mr", "e.g", "\t", "ı",
            ]), 0..60)
        ) {
            let text: String = parts.concat();
            let want: Vec<usize> = text
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .filter(|&i| i > 0)
                .collect();
            proptest::prop_assert_eq!(uax29_bounds(&text), want, "{:?}", text);
        }
    }

    fn sents<'a>(t: &'a str, lang: Option<&str>) -> Vec<&'a str> {
        split_sentences(t, lang)
            .into_iter()
            .map(|r| &t[r])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("Mr. Smith met Dr. J. K. Brown. They talked.", Some("en")),
            ["Mr. Smith met Dr. J. K. Brown.", "They talked."]
        );
        assert_eq!(
            sents(
                "It costs 3.5 dollars, e.g. Here. See No. 5 now.",
                Some("en")
            ),
            ["It costs 3.5 dollars, e.g. Here.", "See No. 5 now."]
        );
    }

    #[test]
    fn stray_punctuation_stays_with_its_sentence() {
        assert_eq!(
            sents("It was the worst on record. . The head spoke.", Some("en")),
            ["It was the worst on record. .", "The head spoke."]
        );
        assert_eq!(
            sents("He met Eynollahi.. The head spoke.", Some("en")),
            ["He met Eynollahi..", "The head spoke."]
        );
    }

    #[test]
    fn cut_sentence_is_one_segment() {
        assert_eq!(
            sents("He died after an attack. with drones in Iraq.", Some("en")),
            ["He died after an attack. with drones in Iraq."]
        );
    }

    #[test]
    fn elision_and_quotes() {
        assert_eq!(
            sents(
                "He called it a “terrorist act (…) That seeks chaos.” Others agreed.",
                Some("en")
            ),
            [
                "He called it a “terrorist act (…) That seeks chaos.”",
                "Others agreed."
            ]
        );
    }

    #[test]
    fn german_ordinals() {
        assert_eq!(
            sents("Am 4. Januar kam er. Er blieb bis zum 20. Mai.", Some("de")),
            ["Am 4. Januar kam er.", "Er blieb bis zum 20. Mai."]
        );
    }

    #[test]
    fn numbers_open_sentences() {
        assert_eq!(
            sents("The fire was in 1978. 377 people died.", Some("en")),
            ["The fire was in 1978.", "377 people died."]
        );
        assert_eq!(
            sents("See p. 12 for details.", Some("en")),
            ["See p. 12 for details."]
        );
    }

    #[test]
    fn cjk_sentences() {
        assert_eq!(
            sents("今天下雨。明天晴天！好吗？", Some("zh")),
            ["今天下雨。", "明天晴天！", "好吗？"]
        );
    }

    #[test]
    fn soft_and_hard_line_breaks() {
        let t = "International condemnation\nThe movement condemned what happened as an act of\nterror. Syria agreed.";
        assert_eq!(
            sents(t, Some("en")),
            [
                "International condemnation",
                "The movement condemned what happened as an act of\nterror.",
                "Syria agreed."
            ]
        );
    }
}
