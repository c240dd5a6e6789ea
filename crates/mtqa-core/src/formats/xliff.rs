//! XLIFF: writes 2.1 with the ITS 2.0 module; reads 2.x and 1.2, with their ITS
//! Localization Quality Issue marks as annotations.
//!
//! Mapping (also in the README):
//! - one `<unit>` per segment (`id`: the segment id when it is a valid NMTOKEN, else
//!   `u<N>`; `name`: the segment id), one `<segment>` with `<source>` and the corrected text
//!   as `<target>`; `state` is `reviewed` once anything was decided or corrected;
//! - each annotation is an ITS standoff `<its:locQualityIssues xml:id="lqi-…">` in its unit
//!   (`locQualityIssueType` from the typology, `locQualityIssueSeverity` neutral 0, minor 10,
//!   major 50, critical 100, `locQualityIssueComment` the comment or the check's message,
//!   `locQualityIssueEnabled="no"` when rejected), referenced from `<sm>`/`<em>` markers
//!   (`type="its:any"`) around the span in the target, where the span's text is still there;
//! - the original MT and the annotations exactly as mtqa holds them go in an extension
//!   element `<mtqa:review xmlns:mtqa="urn:mtqa:review:1">` (JSON inside), so that a
//!   re-import loses nothing; other tools ignore it;
//! - characters XML 1.0 forbids are written as `<cp hex="…"/>`, as XLIFF 2 prescribes.

use std::collections::HashMap;
use std::path::Path;

use super::bundle::{Bundle, Row};
use super::xml::{attr, attr_value, Ev, Name, XmlReader, ITS, MTQA, XLIFF12, XLIFF2, XML};
use crate::annotate::typology::Typology;
use crate::annotate::{anchor, now_rfc3339, Anchor, Annotation, Status};
use crate::error::ExportError;
use crate::error::LoadError;
use crate::model::Severity;

/// ITS severity (0–100) of an MQM severity.
pub fn its_severity(s: Severity) -> u32 {
    match s {
        Severity::Neutral => 0,
        Severity::Minor => 10,
        Severity::Major => 50,
        Severity::Critical => 100,
    }
}

/// MQM severity of an ITS severity.
pub fn severity_of_its(v: f64) -> Severity {
    if v < 1.0 {
        Severity::Neutral
    } else if v < 30.0 {
        Severity::Minor
    } else if v < 80.0 {
        Severity::Major
    } else {
        Severity::Critical
    }
}

fn is_nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

fn esc_attr(seg: &str, s: &str) -> Result<String, ExportError> {
    attr_value(s).map_err(ExportError::unrepresentable("XLIFF", seg))
}

/// Escapes inline content; forbidden characters become `<cp hex="…"/>`.
fn push_inline_char(out: &mut String, c: char) {
    if let Err(c) = crate::text::escape::push_xml_char(out, c) {
        out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
    }
}

/// Text as XML character data for the extension element: JSON, whose escapes cover every
/// control character; only U+FFFE/U+FFFF remain impossible.
fn json_text(seg: &str, v: &impl serde::Serialize) -> Result<String, ExportError> {
    let s = serde_json::to_string(v).unwrap_or_default();
    let s = s
        .replace('\u{FFFE}', "\\ufffe")
        .replace('\u{FFFF}', "\\uffff");
    super::xml::text(&s).map_err(ExportError::unrepresentable("XLIFF", seg))
}

/// Writes XLIFF 2.1 with ITS quality marks. Needs a source for every segment.
pub fn write(b: &Bundle, typology: &Typology) -> Result<Vec<u8>, ExportError> {
    let (src, tgt) = b.paired_langs("XLIFF")?;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{XLIFF2}\" xmlns:its=\"{ITS}\" xmlns:mtqa=\"{MTQA}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\" its:version=\"2.0\">\n",
        esc_attr("", &src)?,
        esc_attr("", &tgt)?
    ));
    out.push_str(&format!(
        "<file id=\"f1\" original=\"{}\">\n",
        esc_attr("", &b.file)?
    ));
    let mut used = std::collections::HashSet::new();
    for (k, r) in b.rows.iter().enumerate() {
        let uid = if is_nmtoken(&r.id) && used.insert(r.id.clone()) {
            r.id.clone()
        } else {
            format!("u{}", k + 1)
        };
        out.push_str(&format!(
            "<unit id=\"{}\" name=\"{}\">\n",
            esc_attr(&r.id, &uid)?,
            esc_attr(&r.id, &r.id)?
        ));
        out.push_str("<mtqa:review><mtqa:mt>");
        out.push_str(&json_text(&r.id, &r.mt)?);
        out.push_str("</mtqa:mt>");
        for a in &r.annotations {
            out.push_str("<mtqa:annotation>");
            out.push_str(&json_text(&r.id, a)?);
            out.push_str("</mtqa:annotation>");
        }
        out.push_str("</mtqa:review>\n");
        // Standoff issues, then markers in the target where the span's text still is (in
        // the source for spans marked there).
        let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, j)
        let mut source_marks: Vec<(usize, usize, usize)> = Vec::new();
        for (j, a) in r.annotations.iter().enumerate() {
            let comment = if a.comment.is_empty() {
                &a.message
            } else {
                &a.comment
            };
            out.push_str(&format!(
                "<its:locQualityIssues xml:id=\"lqi-{}-{}\"><its:locQualityIssue locQualityIssueType=\"{}\" locQualityIssueSeverity=\"{}\"",
                k + 1,
                j + 1,
                typology.its_type(&a.category),
                its_severity(a.severity)
            ));
            if !comment.is_empty() {
                out.push_str(&format!(
                    " locQualityIssueComment=\"{}\"",
                    esc_attr(&r.id, comment)?
                ));
            }
            if a.status == Status::Rejected {
                out.push_str(" locQualityIssueEnabled=\"no\"");
            }
            out.push_str("/></its:locQualityIssues>\n");
            if a.on_source {
                if a.anchor.holds_in(r.source.as_deref().unwrap_or("")) {
                    source_marks.push((a.anchor.start, a.anchor.end, j));
                }
                continue;
            }
            let place = if r.corrected == r.mt {
                a.anchor
                    .holds_in(&r.mt)
                    .then_some((a.anchor.start, a.anchor.end))
            } else {
                anchor::locate_in(&r.corrected, &a.anchor)
            };
            if let Some((s, e)) = place {
                marks.push((s, e, j));
            }
        }
        let state = if r.corrected != r.mt || r.annotations.iter().any(|a| a.status != Status::Open)
        {
            "reviewed"
        } else {
            "translated"
        };
        out.push_str(&format!("<segment state=\"{state}\"><source>"));
        push_marked(
            &mut out,
            r.source.as_deref().unwrap_or(""),
            &source_marks,
            k,
            "s",
        );
        out.push_str("</source><target>");
        push_marked(&mut out, &r.corrected, &marks, k, "m");
        out.push_str("</target></segment>\n</unit>\n");
    }
    out.push_str("</file>\n</xliff>\n");
    Ok(out.into_bytes())
}

/// Writes `text` as inline content with an `<sm>`/`<em>` pair around each marked span
/// (`(start, end, j)` in chars; `j` the annotation's issue number in unit `k`).
fn push_marked(
    out: &mut String,
    text: &str,
    marks: &[(usize, usize, usize)],
    k: usize,
    prefix: &str,
) {
    // Insertions at char positions: closings before openings, longer spans open first.
    let mut inserts: Vec<(usize, u8, usize, String)> = Vec::new();
    for &(s, e, j) in marks {
        let id = format!("{prefix}{}", j + 1);
        inserts.push((
            s,
            1,
            usize::MAX - e,
            format!(
                "<sm id=\"{id}\" type=\"its:any\" its:locQualityIssuesRef=\"#lqi-{}-{}\"/>",
                k + 1,
                j + 1
            ),
        ));
        inserts.push((e, 0, s, format!("<em startRef=\"{id}\"/>")));
    }
    inserts.sort();
    let mut next = inserts.iter().peekable();
    for (pos, c) in text.chars().enumerate() {
        while let Some(ins) = next.peek().filter(|i| i.0 == pos) {
            out.push_str(&ins.3);
            next.next();
        }
        push_inline_char(out, c);
    }
    for ins in next {
        out.push_str(&ins.3);
    }
}

/// A marked span of inline content and its ITS data.
#[derive(Debug, Clone, Default)]
struct Mark {
    start: usize,
    end: usize,
    its: HashMap<String, String>,
}

fn its_attrs(attrs: &[(Name, String)]) -> HashMap<String, String> {
    attrs
        .iter()
        .filter(|(n, _)| n.ns == ITS)
        .map(|(n, v)| (n.local.clone(), v.clone()))
        .collect()
}

/// Reads the inline content of the element just opened: text, and the ITS-marked spans.
fn inline(r: &mut XmlReader) -> Result<(String, Vec<Mark>), LoadError> {
    let mut text = String::new();
    let mut len = 0usize;
    let mut marks: Vec<Mark> = Vec::new();
    let mut open_mrk: Vec<Option<usize>> = Vec::new(); // per open element: index into marks
    let mut open_sm: HashMap<String, usize> = HashMap::new();
    let mut skip = 0usize;
    loop {
        match r.next_event()? {
            Ev::Text(t) => {
                if skip == 0 {
                    len += t.chars().count();
                    text.push_str(&t);
                }
            }
            Ev::Start { name, attrs, .. } => {
                if skip > 0
                    || matches!(
                        name.local.as_str(),
                        "ph" | "bpt" | "ept" | "it" | "ut" | "sub"
                    ) && name.ns == XLIFF12
                {
                    skip += 1;
                    open_mrk.push(None);
                    continue;
                }
                match name.local.as_str() {
                    "mrk" => {
                        let its = its_attrs(&attrs);
                        if its.is_empty() {
                            open_mrk.push(None);
                        } else {
                            marks.push(Mark {
                                start: len,
                                end: len,
                                its,
                            });
                            open_mrk.push(Some(marks.len() - 1));
                        }
                    }
                    "sm" => {
                        let its = its_attrs(&attrs);
                        if !its.is_empty() {
                            if let Some(id) = attr(&attrs, "", "id") {
                                marks.push(Mark {
                                    start: len,
                                    end: len,
                                    its,
                                });
                                open_sm.insert(id.to_string(), marks.len() - 1);
                            }
                        }
                        open_mrk.push(None);
                    }
                    "em" => {
                        if let Some(i) =
                            attr(&attrs, "", "startRef").and_then(|s| open_sm.remove(s))
                        {
                            marks[i].end = len;
                        }
                        open_mrk.push(None);
                    }
                    "cp" => {
                        if let Some(c) = attr(&attrs, "", "hex")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                        {
                            text.push(c);
                            len += 1;
                        }
                        open_mrk.push(None);
                    }
                    _ => open_mrk.push(None),
                }
            }
            Ev::End(_) => match open_mrk.pop() {
                None => {
                    // The end of the element `inline` was called for.
                    for i in open_sm.into_values() {
                        marks[i].end = len;
                    }
                    return Ok((text, marks));
                }
                Some(Some(i)) => marks[i].end = len,
                Some(None) => skip = skip.saturating_sub(1),
            },
            Ev::Eof => return Err(r.error("unexpected end of file in inline content")),
        }
    }
}

/// The MQM category for an ITS issue type: the most specific category of the typology
/// with that type.
fn category_of_its(typology: &Typology, its: &str) -> String {
    let preferred = match its {
        "typographical" | "whitespace" | "formatting" => Some("Fluency/Punctuation"),
        "misspelling" => Some("Fluency/Spelling"),
        "locale-violation" | "locale-specific-content" => Some("Locale convention"),
        "untranslated" => Some("Accuracy/Untranslated"),
        "duplication" => Some("Accuracy/Addition"),
        _ => None,
    };
    if let Some(p) = preferred {
        return p.to_string();
    }
    typology
        .categories
        .iter()
        .filter(|c| c.its == its)
        .max_by_key(|c| c.path.len())
        .map_or_else(|| "Other".to_string(), |c| c.path.clone())
}

fn issue_annotation(
    typology: &Typology,
    its: &HashMap<String, String>,
    seg: &str,
    mt: &str,
    m: &Mark,
    n: usize,
    now: &str,
) -> Result<Annotation, String> {
    // ITS 2.0: a decimal from 0 to 100; anything else (`NaN`, `high`, `-5`) is refused
    // rather than guessed.
    let sev = match its.get("locQualityIssueSeverity") {
        None => Severity::Minor,
        Some(v) => match v.trim().parse::<f64>() {
            Ok(x) if (0.0..=100.0).contains(&x) => severity_of_its(x),
            _ => {
                return Err(format!(
                    "locQualityIssueSeverity={v:?} of unit {seg}: ITS wants a number from 0 to 100"
                ))
            }
        },
    };
    let id = format!("xlf-{seg}-{n}");
    let anchor = Anchor::new(mt, m.start, m.end);
    Ok(Annotation {
        category: its
            .get("locQualityIssueType")
            .map_or_else(|| "Other".to_string(), |t| category_of_its(typology, t)),
        severity: sev,
        comment: its
            .get("locQualityIssueComment")
            .cloned()
            .unwrap_or_default(),
        origin: "import:xliff".into(),
        annotator: its
            .get("person")
            .or_else(|| its.get("revPerson"))
            .cloned()
            .unwrap_or_else(|| "xliff".into()),
        status: if its.get("locQualityIssueEnabled").map(String::as_str) == Some("no") {
            Status::Rejected
        } else {
            Status::Open
        },
        ..Annotation::new(id, Some(seg.to_string()), anchor, now)
    })
}

/// Reads XLIFF 2.x or 1.2.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Bundle, LoadError> {
    let typology = Typology::builtin();
    let now = now_rfc3339();
    let mut r = XmlReader::new(path, bytes);
    let mut b = Bundle::for_file(path);
    let mut version2 = None;
    // Unit-level state.
    let mut unit_id = String::new();
    let mut unit_line = 0;
    let mut lqi: HashMap<String, Vec<HashMap<String, String>>> = HashMap::new();
    let mut current_list: Option<String> = None;
    let mut review_mt: Option<String> = None;
    let mut review_annotations: Vec<Annotation> = Vec::new();
    let mut in_review: Option<&'static str> = None;
    let mut segments_in_unit = 0;
    let mut pending: Option<(String, Vec<Mark>)> = None; // source of the current segment
    let mut target: Option<(String, Vec<Mark>)> = None;
    let mut seg_id: Option<String> = None;
    loop {
        match r.next_event()? {
            Ev::Eof => break,
            Ev::Text(t) => match in_review {
                Some("mt") => {
                    review_mt = Some(
                        serde_json::from_str(&t)
                            .map_err(|e| r.error(format!("bad mtqa:mt: {e}")))?,
                    );
                }
                Some("annotation") => {
                    review_annotations.push(
                        serde_json::from_str(&t)
                            .map_err(|e| r.error(format!("bad mtqa:annotation: {e}")))?,
                    );
                }
                _ => {}
            },
            Ev::Start { name, attrs, line } => match (name.ns.as_str(), name.local.as_str()) {
                (XLIFF2 | XLIFF12, "xliff") => {
                    // The namespace and the version attribute must agree: a `version="3.0"`
                    // is not read as if it were 2.x (its layout is unknown).
                    let (want, what) = if name.ns == XLIFF2 {
                        ("2.", "2.x")
                    } else {
                        ("1.", "1.2")
                    };
                    if let Some(v) = attr(&attrs, "", "version") {
                        if !v.trim().starts_with(want) {
                            return Err(r.error(format!(
                                    "<xliff version=\"{v}\"> in the XLIFF {what} namespace: mtqa reads XLIFF 1.2 and 2.x"
                                )));
                        }
                    }
                    version2 = Some(name.ns == XLIFF2);
                    if name.ns == XLIFF2 {
                        b.source_lang = attr(&attrs, "", "srcLang").map(str::to_string);
                        b.target_lang = attr(&attrs, "", "trgLang").map(str::to_string);
                    }
                }
                (XLIFF12, "file") => {
                    b.source_lang = attr(&attrs, "", "source-language").map(str::to_string);
                    b.target_lang = attr(&attrs, "", "target-language").map(str::to_string);
                    if let Some(o) = attr(&attrs, "", "original") {
                        b.file = o.to_string();
                    }
                }
                (XLIFF2, "file") => {
                    if let Some(o) = attr(&attrs, "", "original") {
                        b.file = o.to_string();
                    }
                }
                (XLIFF2, "unit") | (XLIFF12, "trans-unit") => {
                    unit_id = attr(&attrs, "", "name")
                        .or_else(|| attr(&attrs, "", "id"))
                        .unwrap_or("")
                        .to_string();
                    if unit_id.is_empty() {
                        unit_id = (b.rows.len() + 1).to_string();
                    }
                    unit_line = line;
                    lqi.clear();
                    review_mt = None;
                    review_annotations.clear();
                    segments_in_unit = 0;
                    if name.ns == XLIFF12 {
                        seg_id = None;
                        pending = None;
                        target = None;
                    }
                }
                (ITS, "locQualityIssues") => {
                    current_list = attr(&attrs, XML, "id").map(str::to_string)
                }
                (ITS, "locQualityIssue") => {
                    if let Some(l) = &current_list {
                        lqi.entry(l.clone()).or_default().push(
                            attrs
                                .iter()
                                .map(|(n, v)| (n.local.clone(), v.clone()))
                                .collect(),
                        );
                    }
                }
                (MTQA, "mt") => in_review = Some("mt"),
                (MTQA, "annotation") => in_review = Some("annotation"),
                (XLIFF2, "segment") => {
                    seg_id = attr(&attrs, "", "id").map(str::to_string);
                    pending = None;
                    target = None;
                }
                (XLIFF2 | XLIFF12, "source") => pending = Some(inline(&mut r)?),
                (XLIFF2 | XLIFF12, "target") => target = Some(inline(&mut r)?),
                (XLIFF12, "alt-trans" | "seg-source") => r.skip()?,
                _ => {}
            },
            Ev::End(name) => match (name.ns.as_str(), name.local.as_str()) {
                (MTQA, "mt" | "annotation") => in_review = None,
                (ITS, "locQualityIssues") => current_list = None,
                (XLIFF2, "segment") | (XLIFF12, "trans-unit") => {
                    segments_in_unit += 1;
                    let (source, _) = pending.take().unwrap_or_default();
                    let (tgt_text, marks) = target.take().unwrap_or_default();
                    let id = if segments_in_unit > 1 {
                        format!(
                            "{unit_id}::{}",
                            seg_id
                                .clone()
                                .unwrap_or_else(|| segments_in_unit.to_string())
                        )
                    } else {
                        unit_id.clone()
                    };
                    let row = if let Some(mt) = review_mt.clone() {
                        let annotations = review_annotations
                            .iter()
                            .cloned()
                            .map(|mut a| {
                                a.segment = Some(id.clone());
                                a
                            })
                            .collect();
                        Row {
                            id,
                            source: Some(source),
                            mt,
                            corrected: tgt_text,
                            annotations,
                            line: unit_line,
                            starts_paragraph: true,
                            rated: None,
                        }
                    } else {
                        let mut annotations = Vec::new();
                        for m in &marks {
                            let issues: Vec<HashMap<String, String>> =
                                match m.its.get("locQualityIssuesRef") {
                                    Some(r) => lqi
                                        .get(r.trim_start_matches('#'))
                                        .cloned()
                                        .unwrap_or_default(),
                                    None => vec![m.its.clone()],
                                };
                            for its in issues {
                                if its.contains_key("locQualityIssueType")
                                    || its.contains_key("locQualityIssueComment")
                                {
                                    let n = annotations.len() + 1;
                                    annotations.push(
                                        issue_annotation(
                                            &typology, &its, &id, &tgt_text, m, n, &now,
                                        )
                                        .map_err(|e| r.error(e))?,
                                    );
                                }
                            }
                        }
                        Row {
                            id,
                            source: Some(source),
                            corrected: tgt_text.clone(),
                            mt: tgt_text,
                            annotations,
                            line: unit_line,
                            starts_paragraph: true,
                            rated: None,
                        }
                    };
                    b.rows.push(row);
                }
                _ => {}
            },
        }
    }
    if version2.is_none() {
        return Err(r.error_at(
            0,
            "not an XLIFF file: no <xliff> element in the XLIFF 1.2 or 2.x namespace",
        ));
    }
    Ok(b)
}
