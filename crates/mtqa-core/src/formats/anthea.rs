//! Anthea (google-research `anthea/`, the field's MQM rating tool): the project TSV a
//! review round starts from, and the evaluation JSON a rater downloads at its end, as
//! `anthea-help.html` and `anthea-manager.js` describe them.
//!
//! - Project TSV: a first line holding a JSON object with the languages, then one segment
//!   a line, `source<TAB>target<TAB>document<TAB>system`; a blank line is a paragraph
//!   break; `\n` and `\t` in a text are written `\\n` and `\\t`; a line starting with `#`
//!   is a comment.
//! - Evaluation JSON: `{raterId, projectName, template, parsedDocSys: [{doc, sys,
//!   srcSegments, tgtSegments, annotations}], results: [{visited, errors, timestamp,
//!   timing, hotw}], srcLang, tgtLang, …}`; each error has its `location` (source or
//!   translation), the text before it (`prefix`) and the text marked (`selected`), its
//!   type, subtype, severity and metadata. It is read into rating rows exactly as Anthea
//!   turns it into Marot's data (`getMQMData`): visited segments only, a `No-error` row
//!   for a rater who marked no error, the attention check as `Found`/`Missed`, the rater
//!   named `project:rater`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::bundle::{Bundle, Row};
use super::mqm::{self, Rating};
use crate::error::LoadError;

/// True when `bytes` look like an Anthea evaluation JSON.
pub fn sniff(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|s| bytes[s] != b'{') {
        return false;
    }
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    has(b"\"parsedDocSys\"") && has(b"\"results\"")
}

#[derive(Deserialize)]
struct Evaluation {
    #[serde(rename = "raterId")]
    rater_id: String,
    #[serde(rename = "projectName", default)]
    project_name: String,
    #[serde(default)]
    template: Option<Template>,
    #[serde(rename = "parsedDocSys")]
    parsed_doc_sys: Vec<DocSys>,
    results: Vec<SegResult>,
    #[serde(rename = "srcLang", default)]
    src_lang: Option<String>,
    #[serde(rename = "tgtLang", default)]
    tgt_lang: Option<String>,
}

#[derive(Deserialize, Default)]
struct Template {
    #[serde(default)]
    errors: BTreeMap<String, TemplateError>,
}

#[derive(Deserialize, Default)]
struct TemplateError {
    #[serde(default)]
    display: Option<String>,
    #[serde(default)]
    subtypes: BTreeMap<String, TemplateSubtype>,
}

#[derive(Deserialize, Default)]
struct TemplateSubtype {
    #[serde(default)]
    display: Option<String>,
}

#[derive(Deserialize)]
struct DocSys {
    doc: String,
    sys: String,
    #[serde(rename = "srcSegments")]
    src: Vec<String>,
    #[serde(rename = "tgtSegments")]
    tgt: Vec<String>,
    #[serde(default)]
    annotations: Vec<String>,
}

#[derive(Deserialize)]
struct SegResult {
    #[serde(default)]
    visited: bool,
    #[serde(default)]
    errors: Vec<AntheaError>,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default)]
    timing: Option<Value>,
    #[serde(default)]
    hotw: Option<Hotw>,
}

#[derive(Deserialize)]
struct AntheaError {
    #[serde(default)]
    location: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    selected: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    subtype: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    metadata: Map<String, Value>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct Hotw {
    #[serde(default)]
    done: bool,
    #[serde(default)]
    found: bool,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default)]
    timing: Option<Value>,
    #[serde(default)]
    injected_error: String,
}

/// Anthea's `mqmErrorGrade`: whether an error is an actual MQM error.
fn is_graded(e: &AntheaError) -> bool {
    let sev = e.severity.to_lowercase().replace('-', "_");
    let cat = e.kind.to_lowercase().replace('-', "_");
    if sev.starts_with("non_translation") || cat.starts_with("non_translation") {
        return true;
    }
    !matches!(
        sev.as_str(),
        "no_error" | "unrateable" | "neutral" | "hotw_test"
    )
}

/// A text without the zero-width spaces Anthea uses to mark word and sentence
/// boundaries, and where each of its chars went.
fn without_zwsp(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut n = 0;
    for c in text.chars() {
        map.push(n);
        if c != '\u{200b}' {
            out.push(c);
            n += 1;
        }
    }
    map.push(n);
    (out, map)
}

/// The span of an error, in chars of the text without zero-width spaces: where its
/// `prefix` ends if the `selected` text is there, else the occurrence of `selected`
/// nearest to it; `None` when the text does not hold it.
fn span_of(text: &str, prefix: &str, selected: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let at = prefix.chars().count();
    for sel in [selected, selected.trim_end()] {
        let want: Vec<char> = sel.chars().collect();
        if want.is_empty() {
            continue;
        }
        let fits = |s: usize| chars.get(s..s + want.len()) == Some(&want[..]);
        if fits(at) {
            return Some((at, at + want.len()));
        }
        let best = (0..chars.len().saturating_sub(want.len() - 1))
            .filter(|&s| chars[s] == want[0] && fits(s))
            .min_by_key(|&s| s.abs_diff(at));
        if let Some(s) = best {
            return Some((s, s + want.len()));
        }
    }
    None
}

/// A segment of the project: its (system, doc, docSegId), texts, and whether it starts
/// a paragraph.
struct ProjectSegment {
    key: (String, String, String),
    source: String,
    target: String,
    starts: bool,
}

/// One rating row of a segment, before it is a [`Rating`].
struct Mark {
    category: String,
    severity: String,
    meta: Map<String, Value>,
    span: Option<(usize, usize)>,
    on_source: bool,
}

fn millis(v: &Option<Value>) -> Option<Value> {
    v.as_ref().filter(|v| v.is_number()).cloned()
}

/// Reads an Anthea evaluation JSON as a document: every segment of the project (the
/// ones the rater did not reach too), the rater's ratings as annotations (see
/// [`mqm::read`]).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Bundle, LoadError> {
    let eval: Evaluation = serde_json::from_slice(bytes).map_err(|e| LoadError::Syntax {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: format!("not an Anthea evaluation file: {e}"),
    })?;
    let template = eval.template.unwrap_or_default();
    let display = |kind: &str, subtype: &str| -> String {
        let t = template.errors.get(kind);
        let k = t
            .and_then(|t| t.display.clone())
            .unwrap_or_else(|| kind.to_string());
        let s = if t.and_then(|t| t.display.as_ref()).is_some() {
            t.and_then(|t| t.subtypes.get(subtype))
                .and_then(|s| s.display.clone())
                .unwrap_or_else(|| subtype.to_string())
        } else {
            subtype.to_string()
        };
        if s.is_empty() {
            k
        } else {
            format!("{k}/{s}")
        }
    };
    let rater = format!("{}:{}", eval.project_name, eval.rater_id);
    let mut evaluation = Map::new();
    if let Some(l) = &eval.src_lang {
        evaluation.insert("source_language".into(), Value::String(l.clone()));
    }
    if let Some(l) = &eval.tgt_lang {
        evaluation.insert("target_language".into(), Value::String(l.clone()));
    }
    let mut ratings: Vec<Rating> = Vec::new();
    // Every segment, rated or not: (key, source, target, starts a paragraph).
    let mut all: Vec<ProjectSegment> = Vec::new();
    let mut result = 0usize;
    for ds in &eval.parsed_doc_sys {
        let mut seg = 0usize;
        for (l, src) in ds.src.iter().enumerate() {
            if src.is_empty() {
                continue;
            }
            let (source, src_map) = without_zwsp(src);
            let (target, tgt_map) = without_zwsp(ds.tgt.get(l).map_or("", String::as_str));
            let starts = l == 0 || ds.src[l - 1].is_empty();
            let Some(res) = eval.results.get(result) else {
                return Err(LoadError::Syntax {
                    path: path.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "results has {} entries, fewer than the project's segments",
                        eval.results.len()
                    ),
                });
            };
            result += 1;
            seg += 1;
            let doc_seg_id = seg.to_string();
            all.push(ProjectSegment {
                key: (ds.sys.clone(), ds.doc.clone(), doc_seg_id.clone()),
                source: source.clone(),
                target: target.clone(),
                starts,
            });
            if !res.visited {
                continue;
            }
            let mut rows: Vec<Mark> = Vec::new();
            for e in &res.errors {
                let mut meta = e.metadata.clone();
                if meta.get("timestamp").is_none_or(Value::is_null) {
                    if let Some(t) = millis(&res.timestamp) {
                        meta.insert("timestamp".into(), t);
                    }
                }
                if let Some(n) = e.note.as_ref().filter(|n| !n.is_empty()) {
                    if !meta.contains_key("note") {
                        meta.insert("note".into(), Value::String(n.clone()));
                    }
                }
                let on_source = e.location == "source";
                let (text, raw, map) = if on_source {
                    (&source, src.as_str(), &src_map)
                } else {
                    (&target, ds.tgt.get(l).map_or("", String::as_str), &tgt_map)
                };
                let span = if e.location.is_empty() {
                    None
                } else {
                    // Offsets in the text as Anthea showed it, then without its ZWSPs.
                    span_of(raw, &e.prefix, &e.selected)
                        .map(|(s, t)| (map[s], map[t]))
                        .filter(|&(s, t)| s <= t && t <= text.chars().count())
                };
                rows.push(Mark {
                    category: display(&e.kind, &e.subtype),
                    severity: e.severity.clone(),
                    meta,
                    span,
                    on_source,
                });
            }
            if !res.errors.iter().any(is_graded) {
                let mut meta = Map::new();
                if let Some(t) = millis(&res.timestamp) {
                    meta.insert("timestamp".into(), t);
                }
                if let Some(t) = &res.timing {
                    meta.insert("timing".into(), t.clone());
                }
                rows.push(Mark {
                    category: mqm::NO_ERROR.into(),
                    severity: mqm::NO_ERROR.into(),
                    meta,
                    span: None,
                    on_source: false,
                });
            }
            if let Some(h) = res.hotw.as_ref().filter(|h| h.done) {
                let mut meta = Map::new();
                if let Some(t) = millis(&h.timestamp) {
                    meta.insert("timestamp".into(), t);
                }
                if let Some(t) = &h.timing {
                    meta.insert("timing".into(), t.clone());
                }
                meta.insert("note".into(), Value::String(h.injected_error.clone()));
                let found = if h.found { "Found" } else { "Missed" };
                rows.push(Mark {
                    category: found.into(),
                    severity: "HOTW-test".into(),
                    meta,
                    span: None,
                    on_source: false,
                });
            }
            for (k, mark) in rows.into_iter().enumerate() {
                let Mark {
                    category,
                    severity,
                    mut meta,
                    span,
                    on_source,
                } = mark;
                if k == 0 {
                    let mut segment = Map::new();
                    segment.insert("starts_paragraph".into(), Value::Bool(starts));
                    if let Some(Ok(Value::Object(extra))) = ds
                        .annotations
                        .get(l)
                        .filter(|a| !a.trim().is_empty())
                        .map(|a| serde_json::from_str::<Value>(a))
                    {
                        segment.extend(extra);
                    }
                    meta.insert("segment".into(), Value::Object(segment));
                }
                if !evaluation.is_empty() && !meta.contains_key("evaluation") {
                    meta.insert("evaluation".into(), Value::Object(evaluation.clone()));
                }
                ratings.push(Rating {
                    system: ds.sys.clone(),
                    doc: ds.doc.clone(),
                    doc_id: doc_seg_id.clone(),
                    seg_id: format!("{}:{doc_seg_id}", ds.doc),
                    rater: rater.clone(),
                    source: source.clone(),
                    target: target.clone(),
                    target_span: span.filter(|_| !on_source),
                    source_span: span.filter(|_| on_source),
                    category,
                    severity,
                    metadata: Value::Object(meta).to_string(),
                    metrics: Vec::new(),
                    line: 1,
                });
            }
        }
    }
    let rated = mqm::bundle_of_ratings(path, ratings, true);
    // The document holds every segment of the project, in its order.
    let single = all
        .iter()
        .map(|p| (&p.key.0, &p.key.1))
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        <= 1;
    let mut by_key: HashMap<(String, String, String), Row> = rated
        .rows
        .into_iter()
        .filter_map(|r| {
            let k = r.rated.as_ref()?;
            Some((
                (
                    k.system.to_string(),
                    k.doc.to_string(),
                    k.doc_seg_id.to_string(),
                ),
                r,
            ))
        })
        .collect();
    let rows = all
        .into_iter()
        .map(|p| {
            let ProjectSegment {
                key,
                source,
                target,
                starts,
            } = p;
            by_key.remove(&key).unwrap_or_else(|| Row {
                id: if single {
                    key.2.clone()
                } else {
                    format!("{}/{}/{}", key.0, key.1, key.2)
                },
                source: Some(source),
                corrected: target.clone(),
                mt: target,
                annotations: Vec::new(),
                line: 1,
                starts_paragraph: starts,
                rated: Some(Box::new(crate::model::RatedKey {
                    global_seg_id: format!("{}:{}", key.1, key.2).into(),
                    system: key.0.into(),
                    doc: key.1.into(),
                    doc_seg_id: key.2.into(),
                })),
            })
        })
        .collect();
    Ok(Bundle {
        file: rated.file,
        source_lang: eval.src_lang.or(rated.source_lang),
        target_lang: eval.tgt_lang.or(rated.target_lang),
        rows,
        corrected_empty_is_mt: false,
    })
}

/// A text as a field of Anthea's project TSV: line breaks and tabs escaped as Anthea
/// unescapes them, a leading `#` (a comment line to Anthea) after a space.
fn field(s: &str) -> String {
    let s = s
        .replace('\r', " ")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    if s.starts_with('#') {
        format!(" {s}")
    } else {
        s
    }
}

/// Writes an Anthea project TSV: the languages as the JSON first line (both spellings of
/// the keys Anthea versions read), then `source, target, document, system` a line, a
/// blank line between paragraphs. Segments read from a ratings file keep their document
/// and system; others are `doc` and `system`.
pub fn write(b: &Bundle, system: &str, doc: &str) -> Vec<u8> {
    let src = b.source_lang.clone().unwrap_or_else(|| "und".into());
    let tgt = b.target_lang.clone().unwrap_or_else(|| "und".into());
    let header = serde_json::json!({
        "source_language": src,
        "target_language": tgt,
        "source-language": src,
        "target-language": tgt,
    });
    let mut out = header.to_string();
    out.push('\n');
    let mut last: Option<(&str, &str)> = None;
    for r in &b.rows {
        let (sys, d) = match &r.rated {
            Some(k) => (k.system.as_str(), k.doc.as_str()),
            None => (system, doc),
        };
        if last == Some((sys, d)) && r.starts_paragraph {
            out.push('\n');
        }
        last = Some((sys, d));
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            field(r.source.as_deref().unwrap_or("")),
            field(&r.mt),
            field(d),
            field(sys)
        ));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_from_prefix_and_selection() {
        assert_eq!(span_of("The cat sleeps.", "The ", "cat "), Some((4, 8)));
        // A selection running into the trailing space Anthea shows after a segment.
        assert_eq!(
            span_of("The cat sleeps.", "The cat ", "sleeps. "),
            Some((8, 15))
        );
        // A prefix that does not fit: the nearest occurrence.
        assert_eq!(span_of("a b a b", "a b a ", "a"), Some((4, 5)));
        assert_eq!(span_of("abc", "", "zz"), None);
        let (t, map) = without_zwsp("中\u{200b}文\u{200b}\u{200b}字");
        assert_eq!(t, "中文字");
        assert_eq!(map, [0, 1, 1, 2, 2, 2, 3]);
    }
}
