//! Languages: ISO codes, detection with `whatlang`, common-word lists.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use whatlang::Lang;

use crate::model::{Document, LangMethod, Language, MetaEntry, SegmentLang};

/// ISO 639-3 (as `whatlang` names them) → ISO 639-1, for every language `whatlang` knows.
/// `cmn` (Mandarin) is reported as `zh`, `pes` (Persian) as `fa`, `nob` as `nb`.
const ISO3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
    // Common 639-3/639-2 codes whatlang does not use but users type.
    ("zho", "zh"),
    ("chi", "zh"),
    ("fre", "fr"),
    ("ger", "de"),
    ("dut", "nl"),
    ("per", "fa"),
    ("fas", "fa"),
    ("nor", "no"),
    ("nno", "nn"),
    ("gre", "el"),
    ("cze", "cs"),
    ("slo", "sk"),
    ("rum", "ro"),
    ("glg", "gl"),
    ("eus", "eu"),
    ("baq", "eu"),
];

/// The ISO 639-1 code of a `whatlang` language (639-3 where there is none).
pub fn code_of(lang: Lang) -> &'static str {
    let c = lang.code();
    ISO3_TO_1
        .iter()
        .find(|(three, _)| *three == c)
        .map_or(c, |(_, one)| one)
}

/// The ISO 639-1 codes (the two-letter ones), as the registration authority lists them.
const ISO639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// True for a normalised code (see [`normalize_code`]) that names a language: an ISO 639-1
/// code, or a three-letter code the detector knows.
pub fn is_known_code(code: &str) -> bool {
    match code.len() {
        2 => ISO639_1.split(' ').any(|c| c == code),
        _ => Lang::all()
            .iter()
            .any(|&l| l.code() == code || code_of(l) == code),
    }
}

/// Normalises a user-given language tag (`EN`, `en-US`, `eng`, `pt_BR`) to its primary
/// ISO 639-1 subtag. Returns `None` for something that is not a language tag.
pub fn normalize_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !primary.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => Some(
            ISO3_TO_1
                .iter()
                .find(|(three, _)| *three == primary)
                .map_or(primary.clone(), |(_, one)| (*one).to_string()),
        ),
        _ => None,
    }
}

/// The English name of a language code, for messages.
pub fn name(code: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("ar", "Arabic"),
        ("bg", "Bulgarian"),
        ("ca", "Catalan"),
        ("cs", "Czech"),
        ("da", "Danish"),
        ("de", "German"),
        ("el", "Greek"),
        ("en", "English"),
        ("es", "Spanish"),
        ("et", "Estonian"),
        ("fa", "Persian"),
        ("fi", "Finnish"),
        ("fr", "French"),
        ("he", "Hebrew"),
        ("hr", "Croatian"),
        ("hu", "Hungarian"),
        ("it", "Italian"),
        ("ja", "Japanese"),
        ("ko", "Korean"),
        ("lt", "Lithuanian"),
        ("lv", "Latvian"),
        ("nb", "Norwegian"),
        ("nl", "Dutch"),
        ("no", "Norwegian"),
        ("pl", "Polish"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("ru", "Russian"),
        ("sk", "Slovak"),
        ("sl", "Slovenian"),
        ("sv", "Swedish"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("zh", "Chinese"),
    ];
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// A declared language.
pub fn declared(code: &str, method: LangMethod) -> Option<Language> {
    normalize_code(code).map(|code| Language {
        code: shared_code(code),
        confidence: None,
        reliable: None,
        method,
    })
}

/// Detects the language of `text` with `whatlang`.
pub fn detect(text: &str) -> Option<Language> {
    let info = whatlang::detect(text)?;
    Some(Language {
        code: Cow::Borrowed(code_of(info.lang())),
        confidence: Some((info.confidence() * 1000.0).round() / 1000.0),
        reliable: Some(info.is_reliable()),
        method: LangMethod::Detected,
    })
}

const TARGET_KEYS: &[&str] = &[
    "lang",
    "language",
    "target-lang",
    "target_lang",
    "tgt-lang",
    "tgtlang",
    "trg-lang",
    "target-language",
];
const SOURCE_KEYS: &[&str] = &[
    "source-lang",
    "source_lang",
    "src-lang",
    "srclang",
    "source-language",
];

fn from_meta(meta: &[MetaEntry], keys: &[&str]) -> Option<Language> {
    keys.iter()
        .find_map(|k| meta.iter().find(|m| m.key.eq_ignore_ascii_case(k)))
        .and_then(|m| declared(&m.value, LangMethod::Metadata))
}

/// The target language a report header declares (`lang: en`).
pub fn target_from_meta(meta: &[MetaEntry]) -> Option<Language> {
    from_meta(meta, TARGET_KEYS)
}

/// The source language a report header declares (`source-lang: fr`).
pub fn source_from_meta(meta: &[MetaEntry]) -> Option<Language> {
    from_meta(meta, SOURCE_KEYS)
}

/// Sets each segment's language. Detection is the expensive part, so it runs only where
/// it can change the answer: a segment of four words or more whose common words do not
/// already show the document language (the 100,000-sentence benchmark spends most of its
/// time here otherwise).
pub fn assign_segment_languages(doc: &mut Document) {
    let target = doc.target_code().map(|c| shared_code(c.to_string()));
    let stop = target.as_deref().and_then(stopwords);
    let cjk_doc = target.as_deref().is_some_and(is_cjk_lang);
    // Segments are looked at on every core.
    doc.segments.par_iter_mut().for_each(|seg| {
        seg.lang = match segment_language(&seg.text, target.as_ref(), stop, cjk_doc) {
            None => SegmentLang::Unknown,
            Some(l) if l.method == LangMethod::Document => SegmentLang::Document,
            Some(l) => SegmentLang::Detected(Box::new(l)),
        };
    });
}

/// The detector's static copy of a language code where it has one (`Cow::Borrowed`, so
/// that millions of segments in the document language share it), else the code itself.
pub fn shared_code(code: String) -> Cow<'static, str> {
    Lang::all()
        .iter()
        .map(|&l| code_of(l))
        .find(|&c| c == code)
        .map_or(Cow::Owned(code), Cow::Borrowed)
}

fn segment_language(
    text: &str,
    target: Option<&Cow<'static, str>>,
    stop: Option<&FxHashSet<&'static str>>,
    cjk_doc: bool,
) -> Option<Language> {
    let same = |code: &Cow<'static, str>| Language {
        code: code.clone(),
        confidence: None,
        reliable: None,
        method: LangMethod::Document,
    };
    if cjk_doc {
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let cjk = text.chars().filter(|&c| is_cjk(c)).count();
        if letters == 0 || cjk * 2 >= letters {
            return target.map(same);
        }
        return detect(text);
    }
    let mut n = 0usize;
    let mut hits = 0usize;
    for (_, w) in crate::text::words::words(text) {
        if !w.chars().any(char::is_alphabetic) {
            continue;
        }
        n += 1;
        if let Some(stop) = stop {
            if stop.contains(&*lowercase(w)) {
                hits += 1;
            }
        }
    }
    if n < 4 {
        return None;
    }
    if let (Some(code), Some(_)) = (target, stop) {
        // A tenth of common words of the target language is far above what another
        // language shows by chance (shared words such as `a`, `in`, `de` aside).
        if hits * 10 >= n && hits >= 2 {
            return Some(same(code));
        }
    }
    detect(text)
}

const STOPWORDS: &[(&str, &str)] = &[
    (
        "de",
        include_str!("../../../../corpora/lexicons/stopwords/de.txt"),
    ),
    (
        "en",
        include_str!("../../../../corpora/lexicons/stopwords/en.txt"),
    ),
    (
        "es",
        include_str!("../../../../corpora/lexicons/stopwords/es.txt"),
    ),
    (
        "fr",
        include_str!("../../../../corpora/lexicons/stopwords/fr.txt"),
    ),
    (
        "it",
        include_str!("../../../../corpora/lexicons/stopwords/it.txt"),
    ),
    (
        "nl",
        include_str!("../../../../corpora/lexicons/stopwords/nl.txt"),
    ),
    (
        "pt",
        include_str!("../../../../corpora/lexicons/stopwords/pt.txt"),
    ),
];

/// `w` in lower case, borrowed when it already is (most words are: no allocation).
pub fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b < 0x80)
    {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// The common function words of a language, if a list is bundled for it (hashed with
/// FxHash: these sets are looked up for every word of a report, and hold no input).
pub fn stopwords(code: &str) -> Option<&'static FxHashSet<&'static str>> {
    static SETS: OnceLock<HashMap<&'static str, FxHashSet<&'static str>>> = OnceLock::new();
    SETS.get_or_init(|| {
        STOPWORDS
            .iter()
            .map(|(code, text)| {
                let words = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with('#'))
                    .flat_map(str::split_whitespace)
                    .collect();
                (*code, words)
            })
            .collect()
    })
    .get(code)
}

/// True for letters of scripts written without spaces between words (Han, kana, Thai …).
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Ext A
        | 0x4E00..=0x9FFF // CJK Unified
        | 0xF900..=0xFAFF // CJK Compatibility
        | 0x20000..=0x2FA1F
        | 0x0E00..=0x0E7F // Thai
        | 0x0E80..=0x0EFF // Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0xFF66..=0xFF9F // half-width Katakana
    )
}

/// True for CJK ideographs and kana (the scripts with full-width punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F | 0xAC00..=0xD7AF | 0xFF66..=0xFF9F)
}

/// Languages whose text is written with CJK punctuation and no spaces between words.
pub fn is_cjk_lang(code: &str) -> bool {
    matches!(code, "zh" | "ja" | "yue" | "wuu")
}

/// Languages written right to left.
pub fn is_rtl_lang(code: &str) -> bool {
    matches!(
        code,
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" | "ckb"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalise() {
        assert_eq!(normalize_code("EN").as_deref(), Some("en"));
        assert_eq!(normalize_code("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_code("fra").as_deref(), Some("fr"));
        assert_eq!(normalize_code("cmn").as_deref(), Some("zh"));
        assert_eq!(normalize_code("english"), None);
        assert_eq!(normalize_code("e1"), None);
        assert_eq!(code_of(Lang::Pes), "fa");
    }

    #[test]
    fn every_whatlang_language_has_a_short_code() {
        for lang in Lang::all() {
            let c = code_of(*lang);
            assert!(c.len() == 2, "{lang:?} → {c}");
        }
    }

    #[test]
    fn detects_french() {
        let l = detect("Les autorités iraniennes ont décrété une journée de deuil national jeudi.")
            .expect("detected");
        assert_eq!(l.code, "fr");
        assert!(stopwords("fr").is_some_and(|s| s.contains("les")));
    }
}
