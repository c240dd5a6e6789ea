//! Characters: invisible and control characters, bidi controls, U+FFFD, mojibake,
//! homoglyphs mixing scripts inside a word, text not in NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::lang::is_rtl_lang;
use crate::model::check::Check;
use crate::model::{Segment, Severity};

crate::declare_check! {
    pub(crate) INVISIBLE_CHARACTER = Check {
        id: "invisible-character",
        category: "Fluency/Character encoding",
        description: "zero-width, soft-hyphen, byte-order-mark or direction marks inside text",
        ..Check::BASE
    };
    pub(crate) BIDI_CONTROL = Check {
        id: "bidi-control",
        category: "Fluency/Character encoding",
        severity: Severity::Major,
        description: "bidirectional embedding, override or isolate controls",
        ..Check::BASE
    };
    pub(crate) CONTROL_CHARACTER = Check {
        id: "control-character",
        category: "Fluency/Character encoding",
        severity: Severity::Major,
        description: "C0/C1 control characters",
        ..Check::BASE
    };
    pub(crate) REPLACEMENT_CHARACTER = Check {
        id: "replacement-character",
        category: "Fluency/Character encoding",
        severity: Severity::Major,
        description: "U+FFFD: text lost in a conversion",
        ..Check::BASE
    };
    pub(crate) MOJIBAKE = Check {
        id: "mojibake",
        category: "Fluency/Character encoding",
        severity: Severity::Major,
        description: "UTF-8 read as Windows-1252 (`Ã©` for `é`)",
        ..Check::BASE
    };
    pub(crate) MIXED_SCRIPT = Check {
        id: "mixed-script",
        category: "Fluency/Character encoding",
        severity: Severity::Major,
        description: "a word mixing Latin, Cyrillic or Greek letters (homoglyphs)",
        ..Check::BASE
    };
    pub(crate) NON_NFC = Check {
        id: "non-nfc",
        category: "Fluency/Character encoding",
        description: "text not in Unicode normalization form C",
        ..Check::BASE
    };
}

/// Runs the character family on one segment.
pub fn check(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>) {
    let text = seg.text.as_str();
    // Fast path: plain ASCII has none of these problems.
    if text.is_ascii() {
        // Of ASCII, only the C0 controls (tab and line ends aside) and DEL are flagged.
        if text
            .bytes()
            .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)
        {
            control(ctx, text, out);
        }
        return;
    }
    control(ctx, text, out);
    mojibake(text, out);
    mixed_script(text, out);
    non_nfc(text, out);
}

fn name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "byte-order mark",
        '\u{00AD}' => "soft hyphen",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "Arabic letter mark",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{FFFD}' => "replacement character",
        _ => "control character",
    }
}

fn is_emoji_like(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F)
}

/// Scripts whose words legitimately carry ZWJ/ZWNJ (Indic, Arabic, Persian …).
fn joins_letters(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x0900..=0x0DFF | 0x0F00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0xA8E0..=0xA8FF)
}

fn control(ctx: &Ctx, text: &str, out: &mut Vec<Hit>) {
    let rtl = ctx.target.is_some_and(is_rtl_lang);
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((b, c)) = iter.next() {
        let next = iter.peek().map(|x| x.1);
        let end = b + c.len_utf8();
        let hit = match c {
            '\t' | '\n' | '\r' => None,
            '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(
                Hit::new(
                    &CONTROL_CHARACTER,
                    b,
                    end,
                    format!("control character U+{:04X}", c as u32),
                )
                .suggest(""),
            ),
            '\u{FFFD}' => Some(Hit::new(
                &REPLACEMENT_CHARACTER,
                b,
                end,
                "U+FFFD replacement character: text was lost in a conversion",
            )),
            '\u{202D}' | '\u{202E}' => Some(
                Hit::new(
                    &BIDI_CONTROL,
                    b,
                    end,
                    format!(
                        "{} (U+{:04X}) reorders the text that follows",
                        name(c),
                        c as u32
                    ),
                )
                .suggest(""),
            ),
            '\u{202A}'..='\u{202C}' | '\u{2066}'..='\u{2069}' => Some(
                Hit::new(
                    &BIDI_CONTROL,
                    b,
                    end,
                    format!("{} (U+{:04X})", name(c), c as u32),
                )
                .suggest("")
                .severity(if rtl {
                    Severity::Neutral
                } else {
                    Severity::Major
                }),
            ),
            '\u{200E}' | '\u{200F}' | '\u{061C}' if !rtl => Some(
                Hit::new(
                    &INVISIBLE_CHARACTER,
                    b,
                    end,
                    format!(
                        "invisible {} (U+{:04X}) in left-to-right text",
                        name(c),
                        c as u32
                    ),
                )
                .suggest(""),
            ),
            '\u{200D}' | '\u{200C}'
                if prev.is_some_and(|p| is_emoji_like(p) || joins_letters(p))
                    || next.is_some_and(|n| is_emoji_like(n) || joins_letters(n)) =>
            {
                None
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            | '\u{180E}' => Some(
                Hit::new(
                    &INVISIBLE_CHARACTER,
                    b,
                    end,
                    format!("invisible {} (U+{:04X})", name(c), c as u32),
                )
                .suggest(""),
            ),
            _ => None,
        };
        if let Some(h) = hit {
            out.push(h);
        }
        prev = Some(c);
    }
}

/// The Windows-1252 byte a character stands for, if any (Latin-1 for the C1 range).
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return u8::try_from(u).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// UTF-8 decoded as Windows-1252: a lead byte character followed by continuation byte
/// characters that together re-encode to valid UTF-8 (`Ã©` → `é`, `â€™` → `’`).
fn mojibake(text: &str, out: &mut Vec<Hit>) {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < cs.len() {
        let lead = cp1252_byte(cs[i].1).filter(|b| (0xC2..=0xF4).contains(b));
        let Some(lead) = lead else {
            i += 1;
            continue;
        };
        let need = if lead < 0xE0 {
            1
        } else if lead < 0xF0 {
            2
        } else {
            3
        };
        let mut bytes = vec![lead];
        for k in 1..=need {
            match cs.get(i + k).and_then(|x| cp1252_byte(x.1)) {
                Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                _ => break,
            }
        }
        if bytes.len() == need + 1 {
            // Only what mojibake produces in practice: Latin letters and signs from two bytes,
            // punctuation and currency from three, emoji from four. Anything else (`à «` read
            // as a Samaritan letter) is real text.
            let plausible = std::str::from_utf8(&bytes).ok().filter(|s| {
                s.chars().next().is_some_and(|c| match need {
                    1 => (0xA0..=0x24F).contains(&(c as u32)),
                    2 => (0x2010..=0x214F).contains(&(c as u32)),
                    _ => (0x1F000..=0x1FAFF).contains(&(c as u32)),
                })
            });
            if let Some(fixed) = plausible {
                let start = cs[i].0;
                let end = cs.get(i + need + 1).map_or(text.len(), |x| x.0);
                out.push(
                    Hit::new(
                        &MOJIBAKE,
                        start,
                        end,
                        format!(
                            "`{}` looks like UTF-8 read as Windows-1252: `{fixed}`",
                            &text[start..end]
                        ),
                    )
                    .suggest(fixed),
                );
                i += need + 1;
                continue;
            }
        }
        i += 1;
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
}

fn script(c: char) -> Option<Script> {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
        0x400..=0x52F => Some(Script::Cyrillic),
        0x370..=0x3FF | 0x1F00..=0x1FFF => Some(Script::Greek),
        _ => None,
    }
}

/// Cyrillic and Greek letters that look like Latin ones, and their Latin twins.
fn latin_twin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'ο' => 'o',
        'ν' => 'v',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        _ => return None,
    })
}

fn cyrillic_twin(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'y' => 'у',
        'x' => 'х',
        'i' => 'і',
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        _ => return None,
    })
}

fn mixed_script(text: &str, out: &mut Vec<Hit>) {
    for (b, w) in text.unicode_word_indices() {
        if w.is_ascii() {
            continue;
        }
        let mut counts = [0usize; 3];
        for c in w.chars() {
            if let Some(s) = script(c) {
                counts[s as usize] += 1;
            }
        }
        if counts.iter().filter(|&&n| n > 0).count() < 2 {
            continue;
        }
        let major = if counts[0] >= counts[1].max(counts[2]) {
            Script::Latin
        } else if counts[1] >= counts[2] {
            Script::Cyrillic
        } else {
            Script::Greek
        };
        let fixed: Option<String> = w
            .chars()
            .map(|c| match (script(c), major) {
                (Some(s), m) if s == m => Some(c),
                (None, _) => Some(c),
                (Some(_), Script::Latin) => latin_twin(c),
                (Some(Script::Latin), Script::Cyrillic) => cyrillic_twin(c),
                _ => None,
            })
            .collect();
        let mut hit = Hit::new(
            &MIXED_SCRIPT,
            b,
            b + w.len(),
            format!("`{w}` mixes {} letters: look-alike characters (homoglyphs) break search and spelling", names(&counts)),
        );
        if let Some(f) = fixed {
            hit = hit.suggest(f);
        }
        out.push(hit);
    }
}

fn names(counts: &[usize; 3]) -> String {
    let all = ["Latin", "Cyrillic", "Greek"];
    let present: Vec<&str> = all
        .iter()
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(s, _)| *s)
        .collect();
    present.join(" and ")
}

fn non_nfc(text: &str, out: &mut Vec<Hit>) {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return;
    }
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Vec<Hit>| {
        if let Some((s, e)) = run.take() {
            let fixed: String = text[s..e].nfc().collect();
            out.push(
                Hit::new(
                    &NON_NFC,
                    s,
                    e,
                    format!(
                        "`{}` is not in Unicode NFC: search and comparison will miss it",
                        &text[s..e]
                    ),
                )
                .suggest(fixed),
            );
        }
    };
    for (b, g) in text.grapheme_indices(true) {
        let differs = !g.nfc().eq(g.chars());
        match (&mut run, differs) {
            (Some((_, e)), true) if *e == b => *e = b + g.len(),
            (_, true) => {
                flush(&mut run, out);
                run = Some((b, b + g.len()));
            }
            (_, false) => flush(&mut run, out),
        }
    }
    flush(&mut run, out);
}

crate::declare_pass!(
    CHARACTERS_PASS = Pass {
        name: "characters",
        checks: &[
            &INVISIBLE_CHARACTER,
            &BIDI_CONTROL,
            &CONTROL_CHARACTER,
            &REPLACEMENT_CHARACTER,
            &MOJIBAKE,
            &MIXED_SCRIPT,
            &NON_NFC,
        ],
        run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
    }
);
