//! Table-driven tests of the checks: correct text in each language gives no finding (false
//! positives cost editors time), and each artifact gives the expected check and fix.

use mtqa_core::checks::Checker;
use mtqa_core::formats::{load_bytes, LoadOptions};
use mtqa_core::model::InputFormat;
use mtqa_core::model::{Finding, Severity};

fn run(lang: &str, text: &str) -> Vec<Finding> {
    let opts = LoadOptions {
        lang: Some(lang.into()),
        source_lang: None,
        format: Some(InputFormat::Plain),
        texts_only: false,
    };
    let doc = load_bytes("t.txt".as_ref(), text.as_bytes(), &opts).expect("loads");
    Checker::default().run(&doc)
}

#[test]
fn correct_text_gives_no_finding() {
    let cases: &[(&str, &str)] = &[
        ("en", "Mr. Smith met Dr. Jones at 10 a.m. on Jan. 4. They talked."),
        ("en", "The U.S. and the U.K. signed it, e.g. in 2020; see p. 12."),
        ("en", "He paused... and then left. She waited… for an hour."),
        ("en", "“It looks like a terrorist act (…) that seeks chaos,” he said."),
        ("en", "Prices rose 4.2% to €1,500.50 in 2024. 377 people died in 1978."),
        ("en", "The reasons are 1) cost and 2) time. Sales of the iPhone rose. eBay fell."),
        ("en", "He said that that was what he had had in mind."),
        ("en", "Charles de Gaulle arrived. de Gaulle spoke first."),
        ("en", "Visit https://example.com/a,b;c or mail press@example.org today."),
        ("en", "The company, Acme Inc., reported a loss. Bora Bora is an island."),
        ("en", "Which candidate will win? Nobody knows."),
        ("en", "\"We are ready,\" she said. The 5\" screen is small."),
        ("fr", "Qui gagnera\u{202f}? Personne ne le sait\u{202f}; la presse attend\u{a0}: «\u{a0}Patience\u{a0}!\u{a0}»"),
        ("fr", "Il est 10:30 et M. Dupont arrive. Nous nous sommes vus à Paris."),
        ("fr", "Le prix atteint 3,5 % cette année, selon l’Insee."),
        ("es", "¿Qué pasa? ¡Nada! Y tú, ¿qué piensas? La Sra. García llegó a EE. UU. ayer."),
        ("es", "«Es un momento histórico», dijo. El 3,5 % de los votos."),
        ("de", "„Wir investieren“, sagte sie am 4. März. Die Kosten z.B. für Personal steigen."),
        ("de", "Er sagte, dass sie sie gesehen habe. Welche Folgen das hat, ist unklar."),
        ("de", "Das Buch »Der Prozess« erschien 1925."),
        ("zh", "上海地铁今天开工，预计二〇二八年建成。全线长约十五公里。"),
        ("ja", "京都市は新しい図書館を発表した。「誰もが来られる場所に」と話した。"),
        ("fa", "این یک متن\u{200c}آزمایشی است."),
        ("ar", "زار الوفد كاتدرائية Notre-Dame de Paris، ثم متجر Apple Store في المدينة."),
        ("ar", "هل ستبدأ الأشغال قريبا؟ قال الوزير: نعم، في شهر مارس؛ وبتكلفة 120 مليون دولار."),
        ("ar", "نشرت الصحيفة مقالا بعنوان \"Le Monde\" عن iPhone 15 وعن GPS."),
        ("he", "הממשלה אישרה את התוכנית, והעבודות יתחילו במרץ."),
        ("ru", "Министр сказал, что работы начнутся в марте."),
        ("en", "The family 👩\u{200D}👩\u{200D}👧 arrived."),
    ];
    for (lang, text) in cases {
        let f: Vec<String> = run(lang, text)
            .into_iter()
            .filter(|f| f.severity >= Severity::Minor)
            .map(|f| format!("{} {:?}: {}", f.check, f.text, f.message))
            .collect();
        assert!(f.is_empty(), "[{lang}] {text}\n  {f:#?}");
    }
}

#[test]
fn artifacts_are_found_with_their_fix() {
    // (language, text, check, flagged text, suggestion)
    let cases: &[(&str, &str, &str, &str, Option<&str>)] = &[
        (
            "ar",
            "انقطعت المياه في الصيف, خاصة في الأحياء القديمة.",
            "arabic-punctuation",
            ",",
            Some("،"),
        ),
        (
            "ar",
            "متى تبدأ الأشغال? لا أحد يعرف.",
            "arabic-punctuation",
            "?",
            Some("؟"),
        ),
        (
            "ar",
            "انقطعت المياه في الصيف ، خاصة في الأحياء القديمة.",
            "space-before-punctuation",
            " ،",
            Some("،"),
        ),
        (
            "ar",
            "وقع الوزير أمس في القاهرة الاتفاق مع la direction régionale de l'eau لتمويل المشروع الجديد.",
            "untranslated-words",
            "la direction régionale de l'eau",
            None,
        ),
        (
            "ru",
            "Вчера в Москве министр встретился с the head of the regional office, чтобы обсудить новый проект.",
            "untranslated-words",
            "the head of the regional office",
            None,
        ),
        (
            "en",
            "It was on record. . The end.",
            "doubled-punctuation",
            ". .",
            Some("."),
        ),
        (
            "en",
            "He met Eynollahi.. Then left.",
            "doubled-punctuation",
            "..",
            Some("."),
        ),
        (
            "en",
            "He left,, then came back.",
            "doubled-punctuation",
            ",,",
            Some(","),
        ),
        (
            "en",
            "He left,. Then came back.",
            "doubled-punctuation",
            ",.",
            Some("."),
        ),
        (
            "en",
            "He died after an attack. with drones.",
            "cut-sentence",
            ". ",
            Some(" "),
        ),
        (
            "en",
            "They met on Monday. Which surprised everyone in town.",
            "fragment",
            "Which",
            None,
        ),
        (
            "en",
            "The the cat sat.",
            "repeated-word",
            "The the",
            Some("The"),
        ),
        (
            "en",
            "Is it true ? Yes !",
            "space-before-punctuation",
            " ?",
            Some("?"),
        ),
        (
            "en",
            "He said it,then left.",
            "missing-space",
            ",",
            Some(", "),
        ),
        (
            "en",
            "The attack.The police came.",
            "missing-space",
            ".",
            Some(". "),
        ),
        (
            "en",
            "It rose by 3,5 percent.",
            "number-format",
            "3,5",
            Some("3.5"),
        ),
        (
            "en",
            "It rose by 7 % today.",
            "number-format",
            "7 %",
            Some("7%"),
        ),
        (
            "en",
            "The train leaves at 18h30 today.",
            "number-format",
            "18h30",
            Some("18:30"),
        ),
        (
            "en",
            "He said “yes and left.",
            "unbalanced-quotes",
            "“",
            None,
        ),
        (
            "en",
            "He said (yes and left.",
            "unbalanced-brackets",
            "(",
            None,
        ),
        (
            "en",
            "The vote in P\u{0430}ris was held.",
            "mixed-script",
            "P\u{0430}ris",
            Some("Paris"),
        ),
        (
            "en",
            "The minister\u{e2}\u{20ac}\u{2122}s office spoke.",
            "mojibake",
            "\u{e2}\u{20ac}\u{2122}",
            Some("’"),
        ),
        (
            "en",
            "In\u{200B}flation fell.",
            "invisible-character",
            "\u{200B}",
            Some(""),
        ),
        (
            "en",
            "The \u{202E}bill\u{202C} passed.",
            "bidi-control",
            "\u{202E}",
            Some(""),
        ),
        (
            "en",
            "The caf\u{65}\u{301} closed.",
            "non-nfc",
            "e\u{301}",
            Some("é"),
        ),
        (
            "en",
            "This Thursday, the council met.",
            "calque",
            "This Thursday",
            Some("On Thursday"),
        ),
        (
            "en",
            "It rained since two days in the valley.",
            "calque",
            "since two days",
            Some("for two days"),
        ),
        (
            "en",
            "The council said selon les autorités that it was over.",
            "untranslated-words",
            "selon les",
            None,
        ),
        ("en", "¿Is it true? Yes.", "inverted-marks", "¿", Some("")),
        (
            "fr",
            "Pourquoi un tel effort? Personne ne sait.",
            "french-spacing",
            "?",
            Some("\u{202f}?"),
        ),
        (
            "fr",
            "Elle a dit «bonjour» hier.",
            "french-spacing",
            "«",
            Some("«\u{a0}"),
        ),
        (
            "fr",
            "Cela fait sens pour la ville.",
            "calque",
            "fait sens",
            Some("a du sens"),
        ),
        (
            "es",
            "Cuántas piezas hay? Muchas.",
            "inverted-marks",
            "Cuántas piezas hay?",
            Some("¿Cuántas piezas hay?"),
        ),
        (
            "de",
            "Sie sprach von „leeren Versprechen”.",
            "unbalanced-quotes",
            "”",
            Some("“"),
        ),
        (
            "en",
            "He said « yes » and left.",
            "unbalanced-quotes",
            "« yes »",
            Some("“yes”"),
        ),
        (
            "zh",
            "今天开工,预计明年建成。",
            "cjk-punctuation",
            ",",
            Some("，"),
        ),
        ("zh", "今天 开工。", "cjk-punctuation", " ", Some("")),
        (
            "en",
            "date 2024-01-04 The council met.",
            "metadata-glued",
            "date 2024-01-04 ",
            Some("date 2024-01-04\n\n"),
        ),
        ("en", "One.\n\n\n\nTwo.", "blank-lines", "\n\n", Some("")),
        (
            "en",
            "One.\n\nthe rest of it went on.",
            "lowercase-start",
            "the",
            Some("The"),
        ),
    ];
    for (lang, text, check, flagged, suggestion) in cases {
        let f = run(lang, text);
        let hit = f.iter().find(|x| x.check == *check);
        let Some(hit) = hit else {
            panic!("[{lang}] {text:?}: no {check}; got {f:#?}")
        };
        assert_eq!(hit.text, *flagged, "[{lang}] {text:?}");
        assert_eq!(hit.suggestion.as_deref(), *suggestion, "[{lang}] {text:?}");
        assert!(hit.severity >= Severity::Minor);
    }
}

#[test]
fn untranslated_segment_in_the_source_language_is_major() {
    let text = "lang: en\nsource-lang: es\n\nThe results were published on Monday. Los resultados definitivos se publicarán el próximo jueves en el boletín oficial.\n";
    let doc =
        load_bytes("t.txt".as_ref(), text.as_bytes(), &LoadOptions::default()).expect("loads");
    let f = Checker::default().run(&doc);
    let u = f
        .iter()
        .find(|x| x.check == "untranslated")
        .expect("untranslated");
    assert_eq!(u.severity, Severity::Major);
    assert!(
        u.message.contains("source language (Spanish)"),
        "{}",
        u.message
    );
    assert_eq!(
        doc.segments[1].lang.detected().map(|l| &*l.code),
        Some("es")
    );
}

/// The checker reports its progress as it goes, steadily up to 1, and finds the same.
#[test]
fn progress_is_reported_and_changes_nothing() {
    let text = mtqa_testkit::report(5_000, 7);
    let doc = mtqa_core::formats::load_bytes(
        "big.txt".as_ref(),
        text.as_bytes(),
        &mtqa_core::formats::LoadOptions::default(),
    )
    .expect("loads");
    let seen = std::sync::Mutex::new(Vec::new());
    let checker = mtqa_core::checks::Checker::default();
    let with = checker.run_with_progress(&doc, &|f| seen.lock().expect("lock").push(f));
    assert_eq!(with, checker.run(&doc));
    let seen = seen.into_inner().expect("lock");
    assert!(seen.len() > 5, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last().copied(), Some(1.0));
    assert!(seen[0] < 0.2);
}

/// The registry is the one list of checks: the JSON schema of `check --format json` names
/// the same ids, and docs/checks.md is what `mtqa checks --format markdown` writes
/// (`MTQA_BLESS=1 cargo test --release --test checks registry` rewrites both).
#[test]
fn the_registry_is_the_schema_s_and_the_docs_list_of_checks() {
    let ids: Vec<String> = mtqa_core::checks::all()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let root = mtqa_testkit::fixtures::root();
    let schema_path = root.join("schemas/check-report.schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&schema_path).expect("schema")).expect("json");
    let check = &mut schema["$defs"]["finding"]["properties"]["check"]["anyOf"][0]["enum"];
    let listed: Vec<String> = check
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let docs_path = root.join("docs/checks.md");
    let docs = std::fs::read_to_string(&docs_path).unwrap_or_default();
    let want_docs = mtqa_core::checks::catalogue::markdown();
    if std::env::var_os("MTQA_BLESS").is_some() {
        *check = serde_json::json!(ids);
        let text = serde_json::to_string_pretty(&schema).expect("json") + "\n";
        std::fs::write(&schema_path, text).expect("write schema");
        std::fs::write(&docs_path, &want_docs).expect("write docs");
        return;
    }
    assert_eq!(
        listed, ids,
        "the schema's check ids are stale: MTQA_BLESS=1"
    );
    assert!(docs == want_docs, "docs/checks.md is stale: MTQA_BLESS=1");
    for id in &ids {
        assert!(docs.contains(&format!("| `{id}` |")), "{id}");
    }
}
