//! Quantities as translators write them, for comparing the numbers of a source and its
//! translation: digits with a scale word (`100万` = `1 million` = `1 Million`), numbers
//! written out (`six`, `sechs`, `first`), Chinese numerals (`一百万`), and month names for
//! the month of a date (`2月10日` = `February 10`).
//!
//! Hand-written: no crate of the field reads numbers written out in several languages.

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number as written (digits and separators).
    pub value: f64,
    /// With the scale word that follows it (`3.5 million` → 3 500 000), if any.
    pub scaled: Option<f64>,
    /// Byte span of the number.
    pub start: usize,
    /// End of the span.
    pub end: usize,
}

impl Quantity {
    /// True when the two quantities can be the same amount.
    pub fn same_as(&self, other: &Quantity) -> bool {
        let eq = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        eq(self.value, other.value)
            || self.scaled.is_some_and(|s| eq(s, other.value))
            || other.scaled.is_some_and(|s| eq(self.value, s))
            || matches!((self.scaled, other.scaled), (Some(a), Some(b)) if eq(a, b))
    }
}

/// True when `short` (two digits) abbreviates the year `year` (`80` → 1980, `92` → 1992).
pub fn abbreviates_year(short: f64, year: f64) -> bool {
    (1900.0..2100.0).contains(&year)
        && year.fract() == 0.0
        && (0.0..100.0).contains(&short)
        && short.fract() == 0.0
        && (year % 100.0 - short).abs() < 0.5
}

/// Scale words after a number, by language-independent spelling.
const SCALES: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("亿", 1e8),
    ("千", 1e3),
    ("thousand", 1e3),
    ("million", 1e6),
    ("mn", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("Tausend", 1e3),
    ("Millionen", 1e6),
    ("Million", 1e6),
    ("Mio", 1e6),
    ("Milliarden", 1e9),
    ("Milliarde", 1e9),
    ("Mrd", 1e9),
    ("Billionen", 1e12),
    ("Billion", 1e12),
    ("mille", 1e3),
    ("millions", 1e6),
    ("milliards", 1e9),
    ("milliard", 1e9),
    ("mil millones", 1e9),
    ("millones", 1e6),
    ("millón", 1e6),
    ("mil", 1e3),
];

/// The scale word at the start of `rest` (after optional spaces), if any.
fn scale_after(rest: &str) -> Option<f64> {
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let spaced = trimmed.len() != rest.len();
    for (word, f) in SCALES {
        if let Some(after) = trimmed.strip_prefix(word) {
            let cjk = word.chars().next().is_some_and(crate::lang::is_cjk);
            if cjk && spaced {
                continue;
            }
            if !cjk && after.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            return Some(*f);
        }
    }
    None
}

/// Parses digits with separators as written in any locale (see `canonical_number`).
fn value_of(raw: &str) -> Option<f64> {
    let ascii: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    canonical_number(&ascii).parse().ok()
}

/// The numbers written in digits in `text` (one per span of `spans`, in order), with the
/// scale word that follows each.
pub fn digit_quantities(spans: &[(String, usize, usize)], text: &str) -> Vec<Quantity> {
    spans
        .iter()
        .map(|(raw, a, b)| {
            // A number that does not parse matches nothing (NaN equals nothing).
            let value = value_of(raw).unwrap_or(f64::NAN);
            let scaled = scale_after(text.get(*b..).unwrap_or("")).map(|f| value * f);
            Quantity {
                value,
                scaled,
                start: *a,
                end: *b,
            }
        })
        .collect()
}

/// Numbers written out as words (cardinals and ordinals) in English, German, French and
/// Spanish.
const WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("dozen", 12.0),
    ("half", 0.5),
    ("once", 1.0),
    ("twice", 2.0),
    ("single", 1.0),
    ("double", 2.0),
    ("both", 2.0),
    ("pair", 2.0),
    ("couple", 2.0),
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("twentieth", 20.0),
    ("hundredth", 100.0),
    ("a", 1.0),
    ("an", 1.0),
    ("null", 0.0),
    ("eins", 1.0),
    ("ein", 1.0),
    ("eine", 1.0),
    ("einen", 1.0),
    ("einem", 1.0),
    ("einer", 1.0),
    ("zwei", 2.0),
    ("drei", 3.0),
    ("vier", 4.0),
    ("fünf", 5.0),
    ("sechs", 6.0),
    ("sieben", 7.0),
    ("acht", 8.0),
    ("neun", 9.0),
    ("zehn", 10.0),
    ("elf", 11.0),
    ("zwölf", 12.0),
    ("zwanzig", 20.0),
    ("dreißig", 30.0),
    ("hundert", 100.0),
    ("tausend", 1e3),
    ("erste", 1.0),
    ("ersten", 1.0),
    ("erster", 1.0),
    ("zweite", 2.0),
    ("zweiten", 2.0),
    ("dritte", 3.0),
    ("dritten", 3.0),
    ("vierte", 4.0),
    ("fünfte", 5.0),
    ("beide", 2.0),
    ("beiden", 2.0),
    ("halb", 0.5),
    ("hälfte", 0.5),
    ("dutzend", 12.0),
    ("un", 1.0),
    ("une", 1.0),
    ("deux", 2.0),
    ("trois", 3.0),
    ("quatre", 4.0),
    ("cinq", 5.0),
    ("sept", 7.0),
    ("huit", 8.0),
    ("neuf", 9.0),
    ("dix", 10.0),
    ("onze", 11.0),
    ("douze", 12.0),
    ("vingt", 20.0),
    ("cent", 100.0),
    ("premier", 1.0),
    ("première", 1.0),
    ("deuxième", 2.0),
    ("troisième", 3.0),
    ("uno", 1.0),
    ("una", 1.0),
    ("dos", 2.0),
    ("tres", 3.0),
    ("cuatro", 4.0),
    ("cinco", 5.0),
    ("seis", 6.0),
    ("siete", 7.0),
    ("ocho", 8.0),
    ("nueve", 9.0),
    ("diez", 10.0),
    ("doce", 12.0),
    ("veinte", 20.0),
    ("cien", 100.0),
    ("primer", 1.0),
    ("primero", 1.0),
    ("primera", 1.0),
    ("segundo", 2.0),
    ("segunda", 2.0),
    ("tercer", 3.0),
    ("tercero", 3.0),
];

/// Month names (English, German, French, Spanish), January first.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "januar", "janvier", "enero"],
    &["february", "feb", "februar", "février", "febrero"],
    &["march", "mar", "märz", "mars", "marzo"],
    &["april", "apr", "avril", "abril"],
    &["may", "mai", "mayo"],
    &["june", "jun", "juni", "juin", "junio"],
    &["july", "jul", "juli", "juillet", "julio"],
    &["august", "aug", "août", "agosto"],
    &["september", "sep", "sept", "septembre", "septiembre"],
    &["october", "oct", "oktober", "octobre", "octubre"],
    &["november", "nov", "novembre", "noviembre"],
    &["december", "dec", "dezember", "décembre", "diciembre"],
];

/// Numbers a text writes out in words, and the months it names (as 1–12), as values that
/// may stand for a number of the source. Compound words count by their parts
/// (`twenty-five` gives 20 and 5, and 25).
pub fn word_values(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        if let Some((_, v)) = WORDS.iter().find(|(w, _)| *w == word) {
            out.push(*v);
        }
        if let Some(m) = MONTHS.iter().position(|names| names.contains(&word)) {
            out.push((m + 1) as f64);
        }
    }
    // Sums of adjacent tens and units (`twenty-five`, `vingt-cinq`) and products with a
    // scale (`a million`, `two hundred`).
    let n = out.len();
    for k in 1..n {
        let (a, b) = (out[k - 1], out[k]);
        if (20.0..100.0).contains(&a) && a % 10.0 == 0.0 && (1.0..10.0).contains(&b) {
            out.push(a + b);
        }
        if a < 1000.0 && [100.0, 1e3, 1e6, 1e9].contains(&b) {
            out.push(a * b);
        }
    }
    out
}

/// Values of the Chinese and Japanese numerals in `text` (`一百万` → 1 000 000, `三` → 3,
/// `两` → 2), and of digits followed by a numeral scale (`3.5亿`).
pub fn cjk_values(text: &str) -> Vec<f64> {
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let unit = |c: char| -> Option<u64> {
        Some(match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        })
    };
    let big = |c: char| -> Option<u64> {
        Some(match c {
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        })
    };
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if digit(c).is_none() && unit(c).is_none() {
            i += 1;
            continue;
        }
        // One run of numerals: total = Σ sections × big units.
        let (mut total, mut section, mut current) = (0u64, 0u64, 0u64);
        let mut any = false;
        while i < chars.len() {
            let c = chars[i];
            if let Some(d) = digit(c) {
                current = current.saturating_mul(10).saturating_add(d);
            } else if let Some(u) = unit(c) {
                section = section.saturating_add(current.max(1).saturating_mul(u));
                current = 0;
            } else if let Some(b) = big(c) {
                total =
                    total.saturating_add(section.saturating_add(current).max(1).saturating_mul(b));
                section = 0;
                current = 0;
            } else {
                break;
            }
            any = true;
            i += 1;
        }
        if any {
            out.push(total.saturating_add(section).saturating_add(current) as f64);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(cjk_values("一百万"), vec![1e6]);
        assert_eq!(cjk_values("三名记者"), vec![3.0]);
        assert_eq!(cjk_values("两千五百"), vec![2500.0]);
        assert_eq!(cjk_values("十五"), vec![15.0]);
        assert_eq!(cjk_values("三千万"), vec![3e7]);
    }

    #[test]
    fn scales_and_words() {
        let q = |text: &str| {
            let spans = super::super::source::numbers_for_test(text);
            digit_quantities(&spans, text)
        };
        let a = q("100万人");
        let b = q("1 million people");
        assert!(a[0].same_as(&b[0]));
        assert!(!q("6 people")[0].same_as(&q("7 people")[0]));
        assert!(word_values("six people").contains(&6.0));
        assert!(word_values("on February 10").contains(&2.0));
        assert!(word_values("twenty-five").contains(&25.0));
        assert!(q("3,5 Milliarden")[0].same_as(&q("3.5 billion")[0]));
    }
}
