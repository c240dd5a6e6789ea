//! No input makes the loader or a check panic, and every finding addresses exactly the text
//! it quotes: random bytes, random Unicode (combining marks, ZWJ emoji, RTL, controls),
//! long lines, empty files, in every input format.

mod common;

use mtqa_core::checks::Checker;
use mtqa_core::formats::{load_bytes, LoadOptions};
use mtqa_core::model::{InputFormat, Origin};
use proptest::prelude::*;

fn pieces() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("The ".to_string()),
        Just("the ".to_string()),
        Just(". ".to_string()),
        Just("..".to_string()),
        Just(" .".to_string()),
        Just(", ,".to_string()),
        Just("\n".to_string()),
        Just("\n\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("date 2024-01-04 ".to_string()),
        Just("lang: fr\n".to_string()),
        Just("« ".to_string()),
        Just(" »".to_string()),
        Just("“".to_string()),
        Just("„".to_string()),
        Just("(…)".to_string()),
        Just("¿".to_string()),
        Just("e\u{301}".to_string()),
        Just("👩\u{200D}👩\u{200D}👧".to_string()),
        Just("\u{202E}".to_string()),
        Just("שלום עולם".to_string()),
        Just("مرحبا".to_string()),
        Just("中文，句子。".to_string()),
        Just("Ã©".to_string()),
        Just("\u{0}".to_string()),
        Just("\t".to_string()),
        Just("This Thursday".to_string()),
        Just("Which ".to_string()),
        Just("selon les ".to_string()),
        Just("3,5 %".to_string()),
        Just("Pаris".to_string()),
        "[a-zA-Z]{1,8}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn check_invariants(bytes: &[u8], format: InputFormat, lang: Option<&str>) {
    let opts = LoadOptions {
        lang: lang.map(str::to_string),
        source_lang: None,
        format: Some(format),
        texts_only: false,
    };
    let Ok(doc) = load_bytes("p.txt".as_ref(), bytes, &opts) else {
        return;
    };
    for seg in &doc.segments {
        if let Origin::Span(r) = &seg.origin {
            assert_eq!(doc.text.get(r.clone()), Some(seg.text.as_str()));
            assert!(!seg.text.trim().is_empty());
        }
    }
    let lines = doc.text.split('\n').count() + doc.text.matches('\r').count() + 1;
    for f in Checker::default().run(&doc) {
        let base = match f.segment {
            Some(i) => doc.segments[i].text.as_str(),
            None => &doc.text[..],
        };
        let quoted: String = base.chars().skip(f.start).take(f.end - f.start).collect();
        assert_eq!(quoted, f.text, "{f:?}");
        assert!(f.line >= 1 && f.column >= 1);
        if format == InputFormat::Plain {
            assert!(f.line <= lines, "{f:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(300)))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for format in [InputFormat::Plain, InputFormat::Jsonl, InputFormat::Tsv] {
            check_invariants(&bytes, format, None);
        }
    }

    #[test]
    fn random_text_never_panics(text in pieces(), lang in prop::sample::select(vec![None, Some("en"), Some("fr"), Some("es"), Some("de"), Some("zh"), Some("ja"), Some("ar")])) {
        check_invariants(text.as_bytes(), InputFormat::Plain, lang);
        let jsonl = format!("{}\n", serde_json::json!({"id": "a", "target": text, "source": text}));
        check_invariants(jsonl.as_bytes(), InputFormat::Jsonl, lang);
        let tsv = format!("id\ttarget\n1\t{}\n", text.replace(['\t', '\n', '\r'], " "));
        check_invariants(tsv.as_bytes(), InputFormat::Tsv, lang);
    }
}

#[test]
fn empty_and_huge_inputs() {
    check_invariants(b"", InputFormat::Plain, None);
    check_invariants(b"", InputFormat::Jsonl, None);
    check_invariants(b"", InputFormat::Tsv, None);
    // A 1 MB line of mixed artifacts.
    let unit = "Le « mot » ..  the the \u{200B}Ã© e\u{301} 中文,句子 (";
    let line: String = unit.repeat(1_000_000 / unit.len());
    check_invariants(line.as_bytes(), InputFormat::Plain, Some("en"));
    check_invariants(line.as_bytes(), InputFormat::Plain, Some("fr"));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(line.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    check_invariants(&utf16, InputFormat::Plain, None);
}

/// The anchor as it was first written: counting the whole text, walking it from the start.
fn naive_anchor(text: &str, start: usize, end: usize) -> mtqa_core::annotate::Anchor {
    use mtqa_core::annotate::anchor::CONTEXT_CHARS;
    let c2b = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
    let len = text.chars().count();
    let end = end.min(len);
    let start = start.min(end);
    mtqa_core::annotate::Anchor {
        start,
        end,
        quote: text[c2b(start)..c2b(end)].to_string(),
        prefix: text[c2b(start.saturating_sub(CONTEXT_CHARS))..c2b(start)].to_string(),
        suffix: text[c2b(end)..c2b(end + CONTEXT_CHARS)].to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(400)))]

    /// The bounded and the indexed anchors equal the naive one, for any span (past the end
    /// included), and hold where they were made; the index converts both ways.
    #[test]
    fn anchors_and_char_index_agree_with_walking_the_text(
        text in "[a-zé中👩\u{200D}\n ]{0,700}",
        a in 0usize..800,
        b in 0usize..800,
    ) {
        let (start, end) = (a.min(b), a.max(b));
        let index = mtqa_core::model::CharIndex::new(&text);
        let naive = naive_anchor(&text, start, end);
        prop_assert_eq!(&mtqa_core::annotate::Anchor::new(&text, start, end), &naive);
        prop_assert_eq!(&mtqa_core::annotate::Anchor::new_indexed(&text, &index, start, end), &naive);
        prop_assert!(naive.holds_in(&text));
        prop_assert!(naive.holds_in_indexed(&text, &index));
        let len = text.chars().count();
        prop_assert_eq!(index.chars(), len);
        for c in [0, start, end, len, len + 3] {
            let byte = text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
            prop_assert_eq!(index.byte(&text, c), byte);
            prop_assert_eq!(index.char_at(&text, byte), c.min(len));
            prop_assert_eq!(mtqa_core::model::char_to_byte_checked(&text, c), (c <= len).then_some(byte));
        }
        // Past the end, or with another quote, the anchor does not hold.
        let mut moved = naive.clone();
        moved.end = len + 1;
        prop_assert!(!moved.holds_in(&text) && !moved.holds_in_indexed(&text, &index));
        moved.end = naive.end;
        moved.quote.push('x');
        prop_assert!(!moved.holds_in(&text) && !moved.holds_in_indexed(&text, &index));
    }
}

/// Real files of every format mtqa reads (the committed samples and exports, an Anthea
/// evaluation, an MQM file with metadata) and an annotation file.
fn real_files() -> Vec<(String, Vec<u8>)> {
    let root = common::root();
    let names = [
        "corpora/en-from-fr-flood.txt",
        "corpora/de-from-en-patterns.jsonl",
        "corpora/en-from-es-bridge.tsv",
        "corpora/exports/de-from-en-patterns.xlf",
        "corpora/exports/de-from-en-patterns.tmx",
        "corpora/exports/de-from-en-patterns.mqm.tsv",
        "tests/fixtures/mqm-marot-rules.tsv",
        "tests/fixtures/anthea-eval.json",
        "tests/fixtures/sidecar-v1.mtqa.json",
    ];
    names
        .iter()
        .map(|n| {
            let bytes = std::fs::read(root.join(n)).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n.to_string(), bytes)
        })
        .collect()
}

/// A mutation of a file: cut a range, insert bytes, repeat a range, or truncate.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Insert(usize, Vec<u8>),
    Repeat(usize, usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    prop::sample::select(b"<>&\"'\t\n{}[]:,\\/".to_vec())
                ],
                1..24
            )
        )
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), 1usize..200, 2u8..40).prop_map(|(a, n, k)| Mutation::Repeat(a, n, k)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len().max(1);
        match m {
            Mutation::Cut(a, n) => {
                let a = a % len;
                let b = (a + n).min(bytes.len());
                if a < b {
                    bytes.drain(a..b);
                }
            }
            Mutation::Insert(a, ins) => {
                let a = (a % len).min(bytes.len());
                bytes.splice(a..a, ins.iter().copied());
            }
            Mutation::Repeat(a, n, k) => {
                let a = (a % len).min(bytes.len());
                let b = (a + n).min(bytes.len());
                let piece = bytes[a..b].to_vec();
                for _ in 0..*k {
                    bytes.splice(b..b, piece.iter().copied());
                }
            }
            Mutation::Truncate(a) => bytes.truncate(a % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    /// Mutated real files of every format, and a mutated annotation file: each is read or
    /// refused with an error naming the file, never a panic; what is read checks cleanly.
    #[test]
    fn mutated_real_files_never_panic(pick in any::<usize>(), muts in prop::collection::vec(mutation(), 1..5)) {
        let files = real_files();
        let (name, bytes) = &files[pick % files.len()];
        let bytes = mutate(bytes.clone(), &muts);
        let path = std::path::Path::new(name);
        if name.ends_with(".mtqa.json") {
            let dir = tempfile::tempdir().expect("tmp");
            let p = dir.path().join("r.txt.mtqa.json");
            std::fs::write(&p, &bytes).expect("write");
            if let Err(e) = mtqa_core::project::read(&p) {
                prop_assert!(e.to_string().contains("r.txt.mtqa.json"), "{e}");
            }
        } else {
            match mtqa_core::formats::load_bytes_full(path, &bytes, &LoadOptions::default()) {
                Ok((doc, _)) => {
                    for f in Checker::default().run(&doc) {
                        let base = match f.segment {
                            Some(i) => doc.segments[i].text.as_str(),
                            None => &doc.text[..],
                        };
                        prop_assert!(base.chars().count() >= f.end);
                    }
                }
                Err(e) => {
                    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    prop_assert!(e.to_string().contains(file), "{e}");
                }
            }
        }
    }
}
