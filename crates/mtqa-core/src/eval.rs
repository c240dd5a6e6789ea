//! How far the automatic checks agree with professional reviewers: every check runs once
//! on each segment of an MQM ratings file (WMT/Marot layout), with its source, and the
//! findings are compared with the spans the raters marked.
//!
//! The definitions are fixed so that figures stay comparable between runs and data sets:
//! - a segment is (system, doc, docSegId);
//! - a segment is clean when every one of its rating rows is `No-error`; rater attention
//!   checks (category `Found`/`Missed`, severity `HOTW-test`) are ignored everywhere;
//! - a finding meets a human span when their character ranges in the target overlap, an
//!   empty range `[s, s)` counting as `[s−1, s+1)`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use crate::checks::Checker;
use crate::formats::bundle::{Bundle, Row};
use crate::formats::mqm::Rating;
use crate::formats::LoadOptions;
use crate::model::{Finding, InputFormat, Severity};

/// Options of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Target language (default: the `:xx-yy` suffix of the doc names, else detected).
    pub lang: Option<String>,
    /// Source language (default: as for the target).
    pub source_lang: Option<String>,
    /// Keep up to this many findings on clean segments per check, as examples.
    pub examples: usize,
}

/// A finding on a segment every rater called clean: what a QA lead looks at first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// Check id.
    pub check: String,
    /// The segment, as `system / doc / docSegId`.
    pub segment: String,
    /// The flagged text.
    pub text: String,
    /// The finding's message.
    pub message: String,
    /// The target with the flagged span in `[[…]]`.
    pub target: String,
    /// The source.
    pub source: String,
}

/// Clean segments that got a finding, as ratios of the clean segments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CleanFlagged {
    /// With any finding, whatever its severity.
    pub any: f64,
    /// With a major or critical finding.
    pub major: f64,
}

/// How many human spans of one category the findings meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryStat {
    /// MQM category as the raters wrote it.
    pub category: String,
    /// Spans marked in the target.
    pub spans: usize,
    /// Spans met by at least one finding.
    pub met: usize,
}

/// What one check reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckStat {
    /// Check id.
    pub check: String,
    /// Its findings on the rated segments.
    pub findings: usize,
    /// Findings on clean segments.
    pub on_clean: usize,
    /// Findings that meet a human span.
    pub meeting_a_span: usize,
    /// Findings that meet a human span or sit on a segment where a rater marked an error of
    /// the finding's top-level category (`Fluency`, `Accuracy`, …).
    pub supported: usize,
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Rated segments.
    pub segments: usize,
    /// Clean segments.
    pub clean: usize,
    /// Clean segments with findings.
    pub clean_flagged: CleanFlagged,
    /// Human target spans per category, most frequent first.
    pub categories: Vec<CategoryStat>,
    /// Findings per check, by id.
    pub checks: Vec<CheckStat>,
    /// Rows skipped as rater attention checks.
    pub attention_rows: usize,
    /// What could not be checked, once each (a missing dictionary …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Findings on clean segments (as many per check as asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clean_examples: Vec<Example>,
}

/// True for the rows of rater attention checks (an error the tool injected).
pub fn is_attention_check(r: &Rating) -> bool {
    r.severity.eq_ignore_ascii_case("HOTW-test")
        || r.category.eq_ignore_ascii_case("Found")
        || r.category.eq_ignore_ascii_case("Missed")
}

struct RatedSegment<'a> {
    doc_id: &'a str,
    rows: Vec<&'a Rating>,
}

/// The language pair a WMT doc name ends with (`news_x.1234:en-de` → `en`, `de`).
fn pair_of_doc(doc: &str) -> Option<(String, String)> {
    let (_, pair) = doc.rsplit_once(':')?;
    let (s, t) = pair.split_once('-')?;
    let ok = |c: &str| (2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_lowercase());
    (ok(s) && ok(t)).then(|| (s.to_string(), t.to_string()))
}

/// The languages the metadata's `evaluation` object names, if any.
fn pair_of_metadata(meta: &str) -> Option<(String, String)> {
    if !meta.contains("evaluation") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(meta).ok()?;
    let e = v.get("evaluation")?;
    Some((
        e.get("source_language")?.as_str()?.to_string(),
        e.get("target_language")?.as_str()?.to_string(),
    ))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    let widen = |(s, e): (usize, usize)| {
        if s == e {
            (s.saturating_sub(1), s + 1)
        } else {
            (s, e)
        }
    };
    let (a, b) = (widen(a), widen(b));
    a.0 < b.1 && b.0 < a.1
}

fn top_level(category: &str) -> String {
    category
        .split('/')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Runs `checker` on every rated segment and compares the findings with the raters' spans.
pub fn evaluate(
    path: &Path,
    ratings: &[Rating],
    checker: &Checker,
    opts: &EvalOptions,
) -> EvalReport {
    // (system, doc) → segments in the order of their ids.
    let mut docs: BTreeMap<(&str, &str), Vec<RatedSegment>> = BTreeMap::new();
    let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut attention_rows = 0;
    for r in ratings {
        if is_attention_check(r) {
            attention_rows += 1;
            continue;
        }
        let dk = (r.system.as_str(), r.doc.as_str());
        let segs = docs.entry(dk).or_default();
        let key = (r.system.as_str(), r.doc.as_str(), r.doc_id.as_str());
        match index.get(&key).and_then(|&s| segs.get_mut(s)) {
            Some(seg) => seg.rows.push(r),
            None => {
                index.insert(key, segs.len());
                segs.push(RatedSegment {
                    doc_id: &r.doc_id,
                    rows: vec![r],
                });
            }
        }
    }
    let mut report = EvalReport {
        segments: 0,
        clean: 0,
        clean_flagged: CleanFlagged::default(),
        categories: Vec::new(),
        checks: Vec::new(),
        attention_rows,
        clean_examples: Vec::new(),
        notes: Vec::new(),
    };
    let mut examples_per_check: BTreeMap<String, usize> = BTreeMap::new();
    let mut clean_any = 0usize;
    let mut clean_major = 0usize;
    let mut categories: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut checks: BTreeMap<String, CheckStat> = BTreeMap::new();
    for ((system, doc), mut segs) in docs {
        segs.sort_by(|a, b| {
            let n = |s: &str| s.parse::<u64>().ok();
            (n(a.doc_id), a.doc_id).cmp(&(n(b.doc_id), b.doc_id))
        });
        let pair = pair_of_doc(doc).or_else(|| {
            segs.first()
                .and_then(|s| pair_of_metadata(&s.rows[0].metadata))
        });
        let rows = segs
            .iter()
            .enumerate()
            .map(|(i, s)| Row {
                id: (i + 1).to_string(),
                source: Some(s.rows[0].source.clone()),
                mt: s.rows[0].target.clone(),
                corrected: s.rows[0].target.clone(),
                annotations: Vec::new(),
                line: s.rows[0].line,
                starts_paragraph: true,
                rated: None,
            })
            .collect();
        let bundle = Bundle {
            file: doc.to_string(),
            rows,
            corrected_empty_is_mt: false,
            source_lang: opts
                .source_lang
                .clone()
                .or_else(|| pair.as_ref().map(|p| p.0.clone())),
            target_lang: opts
                .lang
                .clone()
                .or_else(|| pair.as_ref().map(|p| p.1.clone())),
        };
        let (doc_model, _) = crate::formats::finish(
            bundle.into_document(path, InputFormat::Mqm),
            &LoadOptions::default(),
        );
        let findings = checker.run(&doc_model);
        for n in checker.notes(&doc_model) {
            if !report.notes.contains(&n) {
                report.notes.push(n);
            }
        }
        let mut per_segment: Vec<Vec<&Finding>> = vec![Vec::new(); segs.len()];
        for f in &findings {
            if let Some(i) = f.segment {
                per_segment[i].push(f);
            }
        }
        for (seg, found) in segs.iter().zip(&per_segment) {
            report.segments += 1;
            let target = &seg.rows[0].target;
            let clean = seg.rows.iter().all(|r| r.is_no_error());
            let errors: Vec<&&Rating> = seg.rows.iter().filter(|r| !r.is_no_error()).collect();
            // Spans of rows whose target differs (another version shown to that rater)
            // cannot be compared by offsets.
            let spans: Vec<(&str, (usize, usize))> = errors
                .iter()
                .filter(|r| &r.target == target)
                .filter_map(|r| r.target_span.map(|s| (r.category.as_str(), s)))
                .collect();
            let error_tops: Vec<String> = errors.iter().map(|r| top_level(&r.category)).collect();
            if clean {
                report.clean += 1;
                if !found.is_empty() {
                    clean_any += 1;
                }
                if found.iter().any(|f| f.severity >= Severity::Major) {
                    clean_major += 1;
                }
            }
            for (cat, span) in &spans {
                let e = categories.entry((*cat).to_string()).or_default();
                e.0 += 1;
                if found.iter().any(|f| overlaps((f.start, f.end), *span)) {
                    e.1 += 1;
                }
            }
            for f in found {
                let s = checks
                    .entry(f.check.to_string())
                    .or_insert_with(|| CheckStat {
                        check: f.check.to_string(),
                        findings: 0,
                        on_clean: 0,
                        meeting_a_span: 0,
                        supported: 0,
                    });
                s.findings += 1;
                if clean {
                    s.on_clean += 1;
                    let shown = examples_per_check.entry(f.check.to_string()).or_default();
                    if *shown < opts.examples {
                        *shown += 1;
                        let a = crate::model::char_to_byte(target, f.start);
                        let b = crate::model::char_to_byte(target, f.end);
                        report.clean_examples.push(Example {
                            check: f.check.to_string(),
                            segment: format!("{system} / {doc} / {}", seg.doc_id),
                            text: f.text.clone(),
                            message: f.message.clone(),
                            target: format!(
                                "{}[[{}]]{}",
                                &target[..a],
                                &target[a..b],
                                &target[b..]
                            ),
                            source: seg.rows[0].source.clone(),
                        });
                    }
                }
                let meets = spans.iter().any(|(_, sp)| overlaps((f.start, f.end), *sp));
                if meets {
                    s.meeting_a_span += 1;
                }
                if meets || error_tops.contains(&top_level(&f.category)) {
                    s.supported += 1;
                }
            }
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    report.clean_flagged = CleanFlagged {
        any: ratio(clean_any, report.clean),
        major: ratio(clean_major, report.clean),
    };
    report.categories = categories
        .into_iter()
        .map(|(category, (spans, met))| CategoryStat {
            category,
            spans,
            met,
        })
        .collect();
    report
        .categories
        .sort_by(|a, b| b.spans.cmp(&a.spans).then(a.category.cmp(&b.category)));
    report.checks = checks.into_values().collect();
    report
}

/// The report as a table for people.
pub fn to_text(r: &EvalReport) -> String {
    let pct = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    let mut s = format!(
        "{} segments, {} clean (every rater: No-error); {} attention-check rows ignored\n\
         clean segments with a finding: {:.1} %, with a major or critical one: {:.1} %\n\n",
        r.segments,
        r.clean,
        r.attention_rows,
        100.0 * r.clean_flagged.any,
        100.0 * r.clean_flagged.major
    );
    s.push_str(&format!(
        "{:<44} {:>7} {:>7} {:>7}\n",
        "human spans (target)", "spans", "met", "met %"
    ));
    for c in &r.categories {
        let share = pct(c.met, c.spans);
        s.push_str(&format!(
            "{:<44} {:>7} {:>7} {share:>6.1}%\n",
            c.category, c.spans, c.met
        ));
    }
    s.push_str(&format!(
        "\n{:<26} {:>8} {:>8} {:>8} {:>8} {:>10}\n",
        "check", "findings", "on clean", "meet", "support", "support %"
    ));
    for c in &r.checks {
        let share = pct(c.supported, c.findings);
        let counts = [c.findings, c.on_clean, c.meeting_a_span, c.supported]
            .map(|n| format!("{n:>8}"))
            .join(" ");
        s.push_str(&format!("{:<26} {counts} {share:>9.1}%\n", c.check));
    }
    if !r.clean_examples.is_empty() {
        s.push_str("\nfindings on clean segments\n");
        for e in &r.clean_examples {
            s.push_str(&format!(
                "{}  {}\n  {}\n  target: {}\n  source: {}\n",
                e.check, e.segment, e.message, e.target, e.source
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_spans_widen_by_one() {
        assert!(overlaps((3, 3), (3, 3)));
        assert!(overlaps((3, 3), (3, 5)));
        assert!(overlaps((3, 3), (1, 3)));
        assert!(!overlaps((3, 3), (5, 7)));
        assert!(!overlaps((0, 2), (2, 4)));
        assert!(overlaps((0, 0), (0, 1)));
    }

    #[test]
    fn pairs_from_doc_names() {
        assert_eq!(
            pair_of_doc("news_aj-english.33941:en-de"),
            Some(("en".into(), "de".into()))
        );
        assert_eq!(pair_of_doc("doc1"), None);
        assert_eq!(pair_of_doc("a:b-c-d"), None);
    }
}
