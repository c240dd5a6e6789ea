//! Unit tests of the punctuation checks.

use super::*;

proptest::proptest! {
    #[test]
    fn skipping_passes_by_bytes_changes_nothing(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "word", "The", "a", " ", "  ", "\t", "\u{b}", ".", "..", ". .", ",", ";", ":",
            "?", "!", ")", "(", "]", "\"", "3", "U.S", "http://x.y", "é", "¿", "¡", "\u{a0}",
        ]), 0..40),
        lang in proptest::sample::select(vec!["en", "es", "de"]),
    ) {
        let text: String = parts.concat();
        let opts = crate::formats::LoadOptions {
            lang: Some(lang.to_string()),
            ..Default::default()
        };
        let Ok(doc) = crate::formats::load_bytes("t.txt".as_ref(), text.as_bytes(), &opts) else {
            return Ok(());
        };
        let checker = crate::checks::Checker::default();
        let ctx = Ctx::new(&checker, &doc);
        for seg in &doc.segments {
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            run(&ctx, seg, &mut fast, true);
            run(&ctx, seg, &mut full, false);
            proptest::prop_assert_eq!(&fast, &full, "{:?}", seg.text.as_str());
        }
    }
}
