//! Formats: exports validate against their schemas, re-import with nothing lost that the
//! format can hold, foreign files are read with their annotations, and XML is read safely.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{mtqa_in, root};
use mtqa_core::annotate::typology::Typology;
use mtqa_core::annotate::{Anchor, Annotation, Status};
use mtqa_core::formats::bundle::{Bundle, Row};
use mtqa_core::formats::{load_bytes_full, mqm, tmx, xliff, LoadOptions};
use mtqa_core::model::{InputFormat, Severity};
use proptest::prelude::*;

fn shared() -> Option<PathBuf> {
    let p = root().join("../shared/schemas-external");
    let xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    (p.exists() && xmllint).then_some(p)
}

fn xmllint(args: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet"])
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A schema that imports the XLIFF 2 core and the ITS module, so that xmllint checks both.
fn driver_schema(dir: &Path, shared: &Path) -> PathBuf {
    let x = shared.join("xliff-2");
    let xsd = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="{}"/>
  <xs:import namespace="http://www.w3.org/2005/11/its" schemaLocation="{}"/>
  <xs:import namespace="urn:oasis:names:tc:xliff:itsm:2.1" schemaLocation="{}"/>
</xs:schema>"#,
        x.join("xliff_core_2.0.xsd").display(),
        x.join("its.xsd").display(),
        x.join("itsm.xsd").display()
    );
    let p = dir.join("driver.xsd");
    fs::write(&p, xsd).expect("w");
    p
}

#[test]
fn exports_validate_against_xliff_its_and_tmx_schemas() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/schemas-external or xmllint is absent");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let schema = driver_schema(dir.path(), &shared);
    let dtd = shared.join("tmx-1.4b/tmx14.dtd");
    let mut checked = 0;
    for name in ["en-from-es-bridge.tsv", "en-from-fr-segments.jsonl"] {
        fs::copy(root().join("corpora").join(name), dir.path().join(name)).expect("copy");
        mtqa_in(dir.path(), &["check", "--save", name]);
        let out = mtqa_in(
            dir.path(),
            &[
                "export",
                name,
                "--apply-fixes",
                "--format",
                "xliff",
                "-o",
                "out.xlf",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (ok, err) = xmllint(
            &["--schema", &schema.to_string_lossy()],
            &dir.path().join("out.xlf"),
        );
        assert!(ok, "{name}: XLIFF invalid: {err}");
        let out = mtqa_in(
            dir.path(),
            &["export", name, "--format", "tmx", "-o", "out.tmx"],
        );
        if name.ends_with(".jsonl") {
            // This sample holds U+0007, which TMX (XML 1.0) cannot carry: a clear refusal.
            assert_eq!(out.status.code(), Some(2));
            assert!(String::from_utf8_lossy(&out.stderr)
                .contains("segment s9: character U+0007 cannot be written in TMX"));
            continue;
        }
        let (ok, err) = xmllint(
            &["--dtdvalid", &dtd.to_string_lossy()],
            &dir.path().join("out.tmx"),
        );
        assert!(ok, "{name}: TMX invalid: {err}");
        checked += 1;
    }
    // The committed examples too.
    for e in fs::read_dir(root().join("corpora/exports"))
        .expect("exports")
        .flatten()
    {
        let p = e.path();
        match p.extension().and_then(|x| x.to_str()) {
            Some("xlf") => assert!(
                xmllint(&["--schema", &schema.to_string_lossy()], &p).0,
                "{}",
                p.display()
            ),
            Some("tmx") => assert!(
                xmllint(&["--dtdvalid", &dtd.to_string_lossy()], &p).0,
                "{}",
                p.display()
            ),
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked >= 4);
}

#[test]
fn committed_exports_are_up_to_date() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new("bash")
        .arg(root().join("scripts/make-exports.sh"))
        .env("EXPORTS_DIR", dir.path())
        .env("MTQA", env!("CARGO_BIN_EXE_mtqa"))
        .output()
        .expect("script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = |d: &Path| {
        let mut v: Vec<String> = fs::read_dir(d)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    };
    let committed = root().join("corpora/exports");
    assert_eq!(
        names(dir.path()),
        names(&committed),
        "run scripts/make-exports.sh"
    );
    for n in names(&committed) {
        assert!(
            fs::read(dir.path().join(&n)).expect("new")
                == fs::read(committed.join(&n)).expect("old"),
            "{n} is stale: run scripts/make-exports.sh"
        );
    }
}

/// Exports report their stages and end at 1; a failed one says why, naming the file.
#[test]
fn export_progress_and_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let (doc, set) = load(
        "r.txt",
        b"lang: en\n\nThe council met. It voted the the budget.\n",
    );
    let export = |out: &std::path::Path, p: &mtqa_core::progress::Progress| {
        mtqa_core::formats::export::export_with_progress(
            &doc,
            &set,
            mtqa_core::formats::export::ExportFormat::Tsv,
            out,
            p,
        )
    };
    let p = mtqa_core::progress::Progress::new();
    let out = dir.path().join("r.tsv");
    let written = export(&out, &p).expect("exported");
    assert_eq!(written, vec![out.clone()]);
    assert_eq!((p.what().as_str(), p.fraction()), ("Writing", 1.0));
    let p = mtqa_core::progress::Progress::new();
    let bad = dir.path().join("no-such-folder").join("r.tsv");
    let e = export(&bad, &p).expect_err("no folder");
    assert!(e.to_string().contains("no-such-folder"), "{e}");
    assert!(p.fraction() < 1.0);
}

#[test]
fn missing_source_is_explained() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::copy(
        root().join("corpora/en-from-fr-flood.txt"),
        dir.path().join("r.txt"),
    )
    .expect("copy");
    for f in ["tmx", "xliff"] {
        let out = mtqa_in(dir.path(), &["export", "r.txt", "--format", f, "-o", "out"]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("has no source text")
                && err.contains("--format tsv, jsonl, parallel or mqm-tsv"),
            "{err}"
        );
        assert!(!dir.path().join("out").exists());
    }
}

fn load(
    name: &str,
    bytes: &[u8],
) -> (
    mtqa_core::model::Document,
    mtqa_core::annotate::AnnotationSet,
) {
    load_bytes_full(Path::new(name), bytes, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn foreign_xliff_12_and_20_give_their_its_annotations() {
    let x12 = r##"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0">
 <file original="a.html" source-language="fr" target-language="en" datatype="html"><body>
  <trans-unit id="1">
   <source>C'est le <g id="1">contenu</g>.</source>
   <target>This is the <mrk mtype="x-its" its:locQualityIssueType="misspelling" its:locQualityIssueSeverity="50" its:locQualityIssueComment="typo">contnet</mrk><x id="2"/>.</target>
  </trans-unit>
  <trans-unit id="2">
   <its:locQualityIssues xml:id="lq1"><its:locQualityIssue locQualityIssueType="omission" locQualityIssueSeverity="80"/><its:locQualityIssue locQualityIssueType="style" locQualityIssueEnabled="no"/></its:locQualityIssues>
   <source>Deux.</source><target><mrk mtype="x-its" its:locQualityIssuesRef="#lq1">Two</mrk>.</target>
  </trans-unit>
 </body></file></xliff>"##;
    let (doc, set) = load("a.xlf", x12.as_bytes());
    assert_eq!(doc.format, InputFormat::Xliff);
    assert_eq!(
        doc.segments
            .iter()
            .map(|s| (s.id.as_str(), s.text.as_str(), s.source.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("1", "This is the contnet.", Some("C'est le contenu.")),
            ("2", "Two.", Some("Deux."))
        ]
    );
    assert_eq!(doc.source_code(), Some("fr"));
    let a: Vec<(&str, &str, Severity, Status, &str)> = set
        .annotations
        .iter()
        .map(|a| {
            (
                a.anchor.quote.as_str(),
                a.category.as_str(),
                a.severity,
                a.status,
                a.comment.as_str(),
            )
        })
        .collect();
    assert_eq!(
        a,
        [
            (
                "contnet",
                "Fluency/Spelling",
                Severity::Major,
                Status::Open,
                "typo"
            ),
            (
                "Two",
                "Accuracy/Omission",
                Severity::Critical,
                Status::Open,
                ""
            ),
            (
                "Two",
                "Style/Awkward",
                Severity::Minor,
                Status::Rejected,
                ""
            )
        ]
    );
    let x20 = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="http://www.w3.org/2005/11/its" version="2.0" srcLang="es" trgLang="en">
<file id="f"><unit id="u1"><segment><source>Hola &amp; adiós</source><target>Hello <sm id="a" type="its:any" its:locQualityIssueType="mistranslation" its:locQualityIssueSeverity="10"/>and bye<em startRef="a"/><cp hex="0007"/></target></segment></unit></file></xliff>"#;
    let (doc, set) = load("b.xlf", x20.as_bytes());
    assert_eq!(doc.segments[0].text, "Hello and bye\u{7}");
    assert_eq!(doc.segments[0].source.as_deref(), Some("Hola & adiós"));
    assert_eq!(set.annotations[0].anchor.quote, "and bye");
    assert_eq!(set.annotations[0].category, "Accuracy/Mistranslation");
}

#[test]
fn xml_is_read_safely_with_positions() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><source>&c;</source></segment></unit></file></xliff>";
    let e = load_bytes_full(
        Path::new("bomb.xlf"),
        bomb.as_bytes(),
        &LoadOptions::default(),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        e.starts_with("bomb.xlf:2:1: the DOCTYPE declares entities: refused"),
        "{e}"
    );
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"file:///etc/passwd\">\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&xxe;</seg></tuv></tu></body></tmx>";
    let e = load_bytes_full(Path::new("x.tmx"), xxe.as_bytes(), &LoadOptions::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("x.tmx:3:") && e.contains("undefined entity &xxe;"),
        "{e}"
    );
    let bad = "<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body><tu><tuv></tu></body></tmx>";
    let e = load_bytes_full(Path::new("m.tmx"), bad.as_bytes(), &LoadOptions::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with("m.tmx:3:") && e.contains("malformed XML"),
        "{e}"
    );
}

#[test]
fn mqm_ratings_with_several_raters() {
    let tsv = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n\
sysA\td1\t1\t1\trater1\tHola mundo.\tHello <v>word</v>.\tAccuracy/Mistranslation\tMajor\n\
sysA\td1\t1\t1\trater2\tHola mundo.\tHello word<v>.</v>\tFluency/Punctuation\tMinor\n\
sysA\td1\t2\t2\trater1\tAdiós.\tBye.\tNo-error\tNo-error\n\
sysA\td1\t2\t2\trater2\t<v>Adiós</v>.\tBye.\tSource error\tMinor\n";
    let (doc, set) = load("r.tsv", tsv.as_bytes());
    assert_eq!(doc.format, InputFormat::Mqm);
    assert_eq!(
        doc.segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>(),
        ["Hello word.", "Bye."]
    );
    let a: Vec<(&str, &str, &str, Severity, bool)> = set
        .annotations
        .iter()
        .filter(|a| !a.is_no_error())
        .map(|a| {
            (
                a.segment.as_deref().unwrap_or(""),
                a.annotator.as_str(),
                a.anchor.quote.as_str(),
                a.severity,
                a.on_source,
            )
        })
        .collect();
    // The span marked in the source is anchored there.
    assert_eq!(
        a,
        [
            ("1", "rater1", "word", Severity::Major, false),
            ("1", "rater2", ".", Severity::Minor, false),
            ("2", "rater2", "Adiós", Severity::Minor, true)
        ]
    );
    // rater1's No-error row says rater1 rated segment 2.
    let records: Vec<(&str, &str)> = set
        .annotations
        .iter()
        .filter(|a| a.is_no_error())
        .map(|a| (a.segment.as_deref().unwrap_or(""), a.annotator.as_str()))
        .collect();
    assert_eq!(records, [("2", "rater1")]);
    let ratings = mqm::read_ratings(Path::new("r.tsv"), tsv).expect("ratings");
    assert_eq!(ratings.len(), 4);
    assert!(ratings[2].is_no_error());
}

// ---- Round trips over generated documents --------------------------------------------

fn text() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        4 => "[a-zA-Z ]{1,6}",
        1 => Just("e\u{301}".to_string()),
        1 => Just("👩\u{200D}👩\u{200D}👧".to_string()),
        1 => Just("שלום".to_string()),
        1 => Just("مرحبا".to_string()),
        1 => Just("中文。".to_string()),
        1 => Just("<&>".to_string()),
        1 => Just("]]>".to_string()),
        1 => Just("\"'".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\\n".to_string()),
        1 => Just("\u{7}".to_string()),
    ];
    prop::collection::vec(atoms, 1..8).prop_map(|v| v.concat())
}

fn annotation(
    mt: &str,
    source: &str,
    seg: &str,
    k: usize,
    pick: (usize, usize, u8, u8),
) -> Annotation {
    // Some spans are marked in the source (omissions), some come from a check, some
    // carry a rating tool's metadata.
    let on_source = pick.1 % 7 == 3;
    let automatic = pick.0.is_multiple_of(5);
    let text = if on_source { source } else { mt };
    let n = text.chars().count();
    let s = pick.0 % (n + 1);
    let e = (s + pick.1 % 5).min(n);
    let cats = [
        "Fluency/Punctuation",
        "Accuracy/Mistranslation",
        "Style/Awkward",
        "Team/Own category",
    ];
    Annotation {
        id: format!("{seg}-a{k}"),
        segment: Some(seg.to_string()),
        anchor: Anchor::new(text, s, e),
        category: cats[pick.2 as usize % cats.len()].to_string(),
        severity: Severity::ALL[pick.3 as usize % 4],
        comment: if pick.2.is_multiple_of(2) {
            "a <comment> & \"quote\"\n".into()
        } else {
            String::new()
        },
        message: if automatic {
            "doubled \"stop\"".into()
        } else {
            String::new()
        },
        correction: pick.3.is_multiple_of(2).then(|| "fix & <it>".to_string()),
        origin: if automatic {
            "check:doubled-punctuation".into()
        } else {
            "editor:ana".into()
        },
        annotator: if automatic {
            "mtqa".to_string()
        } else {
            ["ana", "bo"][pick.3 as usize % 2].to_string()
        },
        status: [Status::Open, Status::Accepted, Status::Rejected][pick.2 as usize % 3],
        created: "2026-01-01T00:00:00Z".into(),
        modified: "2026-01-02T00:00:00Z".into(),
        orphaned: false,
        conflict: false,
        on_source,
        metadata: if pick.1.is_multiple_of(3) {
            serde_json::json!({"prior_rater": "rater9", "timing": {"next-arrow": {"count": 1}}})
                .as_object()
                .cloned()
                .unwrap_or_default()
        } else {
            Default::default()
        },
    }
}

fn bundle() -> impl Strategy<Value = Bundle> {
    let row = (
        text(),
        text(),
        proptest::option::of(text()),
        prop::collection::vec(
            (any::<usize>(), any::<usize>(), any::<u8>(), any::<u8>()),
            0..3,
        ),
    );
    prop::collection::vec(row, 1..6).prop_map(|rows| Bundle {
        corrected_empty_is_mt: false,
        file: "gen.txt".into(),
        source_lang: Some("fr".into()),
        target_lang: Some("en".into()),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, (source, mt, corrected, picks))| {
                let id = format!("p{}.s1", i + 1);
                let annotations = picks
                    .into_iter()
                    .enumerate()
                    .map(|(k, p)| annotation(&mt, &source, &id, k, p))
                    .collect();
                Row {
                    id,
                    source: Some(source),
                    corrected: corrected.unwrap_or_else(|| mt.clone()),
                    mt,
                    annotations,
                    line: 0,
                    starts_paragraph: true,
                    rated: None,
                }
            })
            .collect(),
    })
}

fn strip_lines(mut b: Bundle) -> Bundle {
    for r in &mut b.rows {
        r.line = 0;
        r.annotations.sort_by(|x, y| x.id.cmp(&y.id));
    }
    b
}

fn reread(name: &str, bytes: &[u8], format: InputFormat) -> Bundle {
    let opts = LoadOptions {
        format: Some(format),
        texts_only: false,
        ..LoadOptions::default()
    };
    let (doc, set) =
        load_bytes_full(Path::new(name), bytes, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut b = Bundle::new(&doc, &set);
    b.file = "gen.txt".into();
    strip_lines(b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(200)))]

    #[test]
    fn exports_reimport_with_nothing_lost(b in bundle()) {
        let want = strip_lines(b.clone());
        // TSV and JSONL hold everything.
        prop_assert_eq!(&reread("x.tsv", &mtqa_core::formats::tsv::write(&b), InputFormat::Tsv).rows, &want.rows);
        prop_assert_eq!(&reread("x.jsonl", &mtqa_core::formats::jsonl::write(&b), InputFormat::Jsonl).rows, &want.rows);
        // XLIFF holds everything too (forbidden characters as <cp/>).
        let x = xliff::write(&b, &Typology::builtin()).expect("xliff");
        let mut back = xliff::read(Path::new("x.xlf"), &x).expect("reads");
        back.file = "gen.txt".into();
        let back = strip_lines(back);
        prop_assert_eq!(&back.rows, &want.rows);
        prop_assert_eq!(back.source_lang.as_deref(), Some("fr"));
        // TMX holds source, MT and corrected text, or refuses what XML cannot carry.
        let forbidden = b.rows.iter().any(|r| [r.source.as_deref().unwrap_or(""), &r.mt, &r.corrected].iter().any(|t| t.chars().any(mtqa_core::formats::xml::forbidden)));
        match tmx::write(&b) {
            Ok(t) => {
                prop_assert!(!forbidden);
                let back = tmx::read(Path::new("x.tmx"), &t).expect("reads");
                for (g, w) in back.rows.iter().zip(&want.rows) {
                    prop_assert_eq!((&g.id, &g.source, &g.mt, &g.corrected), (&w.id, &w.source, &w.mt, &w.corrected));
                }
                prop_assert_eq!(back.rows.len(), want.rows.len());
            }
            Err(e) => {
                prop_assert!(forbidden);
                prop_assert!(e.to_string().contains("cannot be written in TMX"));
            }
        }
        // Parallel text: one line per segment whatever the segments hold.
        let [src, mt, pe] = mtqa_core::formats::parallel::write(&b);
        for (bytes, field) in [(src, 0), (mt, 1), (pe, 2)] {
            let lines: Vec<String> = String::from_utf8(bytes).expect("utf8").lines().map(mtqa_core::formats::bundle::unescape_line).collect();
            prop_assert_eq!(lines.len(), want.rows.len());
            for (l, r) in lines.iter().zip(&want.rows) {
                let w = [r.source.clone().unwrap_or_default(), r.mt.clone(), r.corrected.clone()];
                prop_assert_eq!(l, &w[field]);
            }
        }
        // MQM ratings (Marot's layout): the texts, every error that is not rejected with
        // its side, span, category, severity, rater and comment; and reading the export
        // and writing it again gives the same bytes, metadata included.
        let marked = |t: &str| t.contains("<v>") || t.contains("</v>");
        if !b.rows.iter().any(|r| marked(&r.mt) || marked(r.source.as_deref().unwrap_or(""))) {
            let m1 = mqm::write(&b, "sys", "gen.txt");
            let opts = LoadOptions { format: Some(InputFormat::Mqm), ..LoadOptions::default() };
            let (doc, set) = load_bytes_full(Path::new("x.tsv"), &m1, &opts).expect("mqm");
            let back = Bundle::new(&doc, &set);
            prop_assert_eq!(back.rows.len(), want.rows.len());
            let editors: std::collections::BTreeSet<&str> = b.rows.iter().flat_map(|r| &r.annotations).filter(|a| a.status != Status::Rejected && !a.origin.starts_with("check:")).map(|a| a.annotator.as_str()).collect();
            for (g, w) in back.rows.iter().zip(&want.rows) {
                prop_assert_eq!(&g.mt, &w.mt);
                prop_assert_eq!(&g.source, &w.source);
                prop_assert_eq!(&g.corrected, &w.corrected);
                let key = |a: &Annotation| (a.on_source, a.anchor.start, a.anchor.end, a.category.clone(), a.severity, if a.comment.is_empty() { a.message.clone() } else { a.comment.clone() }, a.metadata.get("prior_rater").map(|v| v.to_string()));
                let mut gk: Vec<_> = g.annotations.iter().filter(|a| !a.is_no_error()).map(|a| (a.annotator.clone(), key(a))).collect();
                // An automatic finding is in every editor's rating (as it is scored).
                let mut wk: Vec<_> = Vec::new();
                for a in w.annotations.iter().filter(|a| a.status != Status::Rejected) {
                    if a.origin.starts_with("check:") && !editors.is_empty() {
                        wk.extend(editors.iter().map(|e| (e.to_string(), key(a))));
                    } else {
                        wk.push((a.annotator.clone(), key(a)));
                    }
                }
                gk.sort();
                wk.sort();
                prop_assert_eq!(gk, wk);
            }
            let m2 = mqm::write(&back, "other", "other.txt");
            prop_assert_eq!(String::from_utf8_lossy(&m1), String::from_utf8_lossy(&m2));
        }
    }
}

/// An Anthea evaluation JSON opens as the rater's annotations of the project: categories
/// by the template's display names, the rater as `project:rater`, a span marked in the
/// source anchored there, a `No-error` record beside a neutral mark, the attention check,
/// paragraphs from the blank lines, and the segment the rater did not reach kept unrated.
#[test]
fn anthea_evaluations_open_as_annotations() {
    let bytes = std::fs::read(root().join("tests/fixtures/anthea-eval.json")).expect("fixture");
    let (doc, set) = load_bytes_full(
        Path::new("anthea_rita_festival.json"),
        &bytes,
        &LoadOptions::default(),
    )
    .expect("reads");
    assert_eq!(doc.format, InputFormat::Mqm);
    assert_eq!(doc.source_code(), Some("fr"));
    assert_eq!(doc.target_code(), Some("en"));
    assert_eq!(doc.segments.len(), 4);
    // Segments 1-2 make a paragraph, 3-4 another.
    assert_eq!(
        doc.segments.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
        [0, 0, 1, 1]
    );
    let got: Vec<(&str, &str, &str, &str, bool)> = set
        .annotations
        .iter()
        .map(|a| {
            (
                a.segment.as_deref().unwrap_or(""),
                a.category.as_str(),
                a.severity_label(),
                a.anchor.quote.as_str(),
                a.on_source,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("1", "Fluency/Punctuation", "minor", "Thursday..", false),
            (
                "1",
                "Accuracy/Mistranslation",
                "major",
                "this Thursday..",
                false
            ),
            ("2", "Accuracy/Omission", "major", "trois ", true),
            ("3", "Other", "neutral", "Tickets ", false),
            ("3", "No-error", "neutral", "", false),
            ("3", "Found", "HOTW-test", "", false),
        ]
    );
    assert!(set
        .annotations
        .iter()
        .all(|a| a.annotator == "festival-fr-en:rita"));
    assert_eq!(set.annotations[0].comment, "doubled full stop");
    assert_eq!(set.annotations[0].created, "2026-01-01T00:00:01.000Z");
    // The timing Anthea logged is kept, to be written back.
    assert!(set.annotations[0].metadata.contains_key("timing"));
}

/// The Anthea project TSV: the languages as a JSON first line, four fields a line, a
/// blank line between paragraphs, line breaks and tabs escaped as Anthea unescapes them.
#[test]
fn anthea_project_tsv_is_what_anthea_parses() {
    let b = Bundle {
        corrected_empty_is_mt: false,
        file: "r.txt".into(),
        source_lang: Some("fr".into()),
        target_lang: Some("en".into()),
        rows: ["Un.", "Deux\tdeux.", "#Trois."]
            .iter()
            .enumerate()
            .map(|(i, s)| Row {
                id: format!("p{}.s1", i + 1),
                source: Some(s.to_string()),
                mt: format!("T{i}\nline"),
                corrected: format!("T{i}"),
                annotations: Vec::new(),
                line: 0,
                starts_paragraph: i != 1,
                rated: None,
            })
            .collect(),
    };
    let out =
        String::from_utf8(mtqa_core::formats::anthea::write(&b, "engine", "r.txt")).expect("utf8");
    let lines: Vec<&str> = out.lines().collect();
    let header: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON header");
    assert_eq!(header["source_language"], "fr");
    assert_eq!(header["target-language"], "en");
    assert_eq!(
        &lines[1..],
        [
            "Un.\tT0\\nline\tr.txt\tengine",
            "Deux\\tdeux.\tT1\\nline\tr.txt\tengine",
            "",
            " #Trois.\tT2\\nline\tr.txt\tengine",
        ]
    );
}

/// The export formats the README names are the table's (`formats::ExportFormat::ALL`),
/// which the command line and the app's export window are built from.
#[test]
fn the_readme_names_every_export_format_of_the_table() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let line = readme
        .lines()
        .find(|l| l.starts_with("mtqa export FILE --format "))
        .expect("the export synopsis");
    let listed: Vec<&str> = line
        .trim_start_matches("mtqa export FILE --format ")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .split('|')
        .collect();
    let mut table: Vec<&str> = mtqa_core::formats::ExportFormat::ALL
        .iter()
        .map(|f| f.id())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    table.sort_unstable();
    assert_eq!(sorted, table);
    // And `--format` takes exactly those names, with the table's descriptions.
    let help = common::mtqa(&["export", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for f in mtqa_core::formats::ExportFormat::ALL {
        let start: String = f.description().chars().take(20).collect();
        assert!(help.contains(f.id()) && help.contains(&start), "{help}");
    }
}
