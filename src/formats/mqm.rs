//! The WMT MQM ratings TSV, as published in google/wmt-mqm-human-evaluation and read by
//! Anthea and Marot: a header `system doc doc_id seg_id rater source target category
//! severity`, one row per error (the span marked `<v>…</v>` in the target or the source),
//! `No-error` rows for clean segments, several raters per segment.

use std::collections::HashMap;
use std::path::Path;

use super::bundle::{escape_line, unescape_line, Bundle, Row};
use super::export::counts;
use crate::annotate::{now_rfc3339, Anchor, Annotation, Status};
use crate::error::LoadError;
use crate::model::{char_to_byte, Severity};

/// The header of the format.
pub const HEADER: [&str; 9] = [
    "system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity",
];

/// One rating row.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// MT system.
    pub system: String,
    /// Document name.
    pub doc: String,
    /// Document number.
    pub doc_id: String,
    /// Segment number.
    pub seg_id: String,
    /// Rater.
    pub rater: String,
    /// Source, `<v>` marks removed.
    pub source: String,
    /// Target, `<v>` marks removed.
    pub target: String,
    /// The error span in the target (chars), if marked there.
    pub target_span: Option<(usize, usize)>,
    /// The error span in the source (chars), if marked there.
    pub source_span: Option<(usize, usize)>,
    /// MQM category (`No-error` for a clean segment).
    pub category: String,
    /// Severity as written (`Major`, `Minor`, `Neutral`, `No-error`).
    pub severity: String,
    /// The metadata JSON of the Marot layout's 10th column, as written (empty if none).
    pub metadata: String,
    /// 1-based line.
    pub line: usize,
}

impl Rating {
    /// True for the rows that report no error.
    pub fn is_no_error(&self) -> bool {
        self.category.eq_ignore_ascii_case("no-error")
            || self.severity.eq_ignore_ascii_case("no-error")
    }

    /// The severity, if it is one mtqa knows.
    pub fn severity(&self) -> Option<Severity> {
        Severity::parse(&self.severity)
    }
}

/// Removes the `<v>…</v>` marks; returns the text and the marked span in chars.
pub fn strip_marks(s: &str) -> (String, Option<(usize, usize)>) {
    let Some(a) = s.find("<v>") else {
        return (s.replace("</v>", ""), None);
    };
    let Some(b) = s[a + 3..].find("</v>").map(|p| p + a + 3) else {
        return (s.replace("<v>", ""), None);
    };
    let text = format!("{}{}{}", &s[..a], &s[a + 3..b], &s[b + 4..]);
    let start = s[..a].chars().count();
    let end = start + s[a + 3..b].chars().count();
    (text, Some((start, end)))
}

/// True when the first line of `bytes` is an MQM ratings header: Marot's `system<TAB>doc…`
/// or the named columns of the WMT releases.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]);
    let first = head
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if first.starts_with("system\tdoc\t") {
        return true;
    }
    let cols: Vec<&str> = first.split('\t').map(str::trim).collect();
    ["system", "doc", "rater", "category", "severity"]
        .iter()
        .all(|h| cols.contains(h))
}

/// Reads the rating rows; the first malformed row is an error (file, line, what is wrong).
pub fn read_ratings(path: &Path, text: &str) -> Result<Vec<Rating>, LoadError> {
    let (rows, problems) = read_ratings_lenient(path, text)?;
    match problems.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(rows),
    }
}

/// The columns of a ratings file: Marot's positional layout (`system doc docSegId
/// globalSegId rater source target category severity [metadata]`, also the WMT21 layout
/// `… doc_id seg_id …`), or the named columns of an older mtqa header in another order.
enum Columns {
    Positional,
    Named([usize; 9], Option<usize>),
}

/// Reads the rating rows as Marot does: a first line that starts with `system<TAB>doc` is
/// the header (any further fields, such as the WMT23 comment, are ignored); every row with
/// 9 or more fields is read, the 10th being the metadata JSON. Rows that cannot be read
/// (too few fields, an unbalanced `<v>`) are returned as problems naming their line, and
/// the other rows are still read.
pub fn read_ratings_lenient(
    path: &Path,
    text: &str,
) -> Result<(Vec<Rating>, Vec<LoadError>), LoadError> {
    let err = |line: usize, message: String| LoadError::Syntax {
        path: path.to_path_buf(),
        line,
        column: 1,
        message,
    };
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().enumerate().peekable();
    let Some(&(_, first)) = lines.peek() else {
        return Err(err(1, "empty file: expected the MQM header".into()));
    };
    let header: Vec<&str> = first.split('\t').map(str::trim).collect();
    let columns = if header.len() >= 2 && header[0] == "system" && header[1] == "doc" {
        lines.next();
        Columns::Positional
    } else if header.contains(&"system") && header.contains(&"rater") {
        lines.next();
        let idx = |names: &[&str]| header.iter().position(|c| names.contains(c));
        let mut pos = [0usize; 9];
        for (k, names) in NAMED.iter().enumerate() {
            pos[k] = idx(names).ok_or_else(|| {
                err(
                    1,
                    format!(
                        "the header has no `{}` column (expected {})",
                        names[0],
                        HEADER.join(" ")
                    ),
                )
            })?;
        }
        Columns::Named(pos, idx(&["metadata"]))
    } else {
        // No header: Marot reads such a file by position too.
        Columns::Positional
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let (pos, meta) = match &columns {
            Columns::Positional => ([0, 1, 2, 3, 4, 5, 6, 7, 8], Some(9)),
            Columns::Named(p, m) => (*p, *m),
        };
        let needed = pos.iter().max().map_or(9, |m| m + 1);
        if f.len() < needed {
            problems.push(err(
                n + 1,
                format!(
                    "{} fields where a rating row has at least {needed} (system, doc, docSegId, globalSegId, rater, source, target, category, severity)",
                    f.len()
                ),
            ));
            continue;
        }
        let get = |k: usize| unescape_line(f[pos[k]]);
        let (source, source_span) = match strip_marks_checked(&get(5)) {
            Ok(x) => x,
            Err(m) => {
                problems.push(err(n + 1, format!("source: {m}")));
                continue;
            }
        };
        let (target, target_span) = match strip_marks_checked(&get(6)) {
            Ok(x) => x,
            Err(m) => {
                problems.push(err(n + 1, format!("target: {m}")));
                continue;
            }
        };
        let severity = get(8);
        if !KNOWN_SEVERITIES
            .iter()
            .any(|k| k.eq_ignore_ascii_case(severity.trim()))
        {
            problems.push(err(
                n + 1,
                format!(
                    "severity {severity:?} is not one of {}",
                    KNOWN_SEVERITIES.join(", ")
                ),
            ));
            continue;
        }
        out.push(Rating {
            system: get(0),
            doc: get(1),
            doc_id: get(2),
            seg_id: get(3),
            rater: get(4),
            source,
            target,
            target_span,
            source_span,
            category: get(7),
            severity,
            metadata: meta
                .and_then(|m| f.get(m))
                .map(|m| m.trim().to_string())
                .unwrap_or_default(),
            line: n + 1,
        });
    }
    Ok((out, problems))
}

/// The severities rating files use (case does not matter): MQM's, `No-error` rows, Marot's
/// `Trivial`, and the attention checks' `HOTW-test`.
pub const KNOWN_SEVERITIES: &[&str] = &[
    "Neutral",
    "Minor",
    "Major",
    "Critical",
    "Trivial",
    "No-error",
    "HOTW-test",
];

/// Accepted spellings of the nine columns, in [`HEADER`] order.
const NAMED: [&[&str]; 9] = [
    &["system"],
    &["doc"],
    &["doc_id", "docSegId", "doc_seg_id"],
    &["seg_id", "globalSegId", "global_seg_id"],
    &["rater"],
    &["source"],
    &["target"],
    &["category"],
    &["severity"],
];

/// [`strip_marks`], refusing an unbalanced or repeated `<v>` instead of guessing.
pub fn strip_marks_checked(s: &str) -> Result<(String, Option<(usize, usize)>), String> {
    let opens = s.matches("<v>").count();
    let closes = s.matches("</v>").count();
    if opens != closes || opens > 1 {
        return Err(format!(
            "{opens} `<v>` and {closes} `</v>`: an error span is marked by one `<v>…</v>`"
        ));
    }
    if let (Some(a), Some(b)) = (s.find("<v>"), s.find("</v>")) {
        if b < a {
            return Err("`</v>` comes before `<v>`".into());
        }
    }
    Ok(strip_marks(s))
}

/// Reads a ratings file as a document: one segment per (system, doc, seg_id), the raters'
/// errors as annotations.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Bundle, LoadError> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| LoadError::Encoding {
        path: path.to_path_buf(),
        encoding: "UTF-8",
        offset: e.utf8_error().valid_up_to(),
        line: 1 + bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        detail: "not UTF-8".into(),
    })?;
    let ratings = read_ratings(path, &text)?;
    let systems: std::collections::BTreeSet<(&str, &str)> = ratings
        .iter()
        .map(|r| (r.system.as_str(), r.doc.as_str()))
        .collect();
    let single = systems.len() <= 1;
    let now = now_rfc3339();
    let mut b = Bundle {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        ..Bundle::default()
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in &ratings {
        let id = if single {
            r.seg_id.clone()
        } else {
            format!("{}/{}/{}", r.system, r.doc, r.seg_id)
        };
        let i = *index.entry(id.clone()).or_insert_with(|| {
            b.rows.push(Row {
                id: id.clone(),
                source: Some(r.source.clone()),
                mt: r.target.clone(),
                corrected: r.target.clone(),
                annotations: Vec::new(),
                line: r.line,
            });
            b.rows.len() - 1
        });
        if r.is_no_error() {
            continue;
        }
        let row = &mut b.rows[i];
        let (span, comment) = match (r.target_span, r.source_span) {
            (Some(s), _) => (s, String::new()),
            (None, Some((s, e))) => (
                (0, 0),
                format!(
                    "error span in the source: {}",
                    r.source.chars().skip(s).take(e - s).collect::<String>()
                ),
            ),
            (None, None) => ((0, 0), String::new()),
        };
        let n = row.annotations.len() + 1;
        row.annotations.push(Annotation {
            id: format!("mqm-{}-{n}", r.line),
            segment: Some(id),
            anchor: Anchor::new(&row.mt, span.0, span.1),
            category: r.category.clone(),
            severity: r.severity().unwrap_or(Severity::Minor),
            comment,
            message: String::new(),
            correction: None,
            origin: "import:mqm".into(),
            annotator: r.rater.clone(),
            status: Status::Accepted,
            created: now.clone(),
            modified: now.clone(),
            orphaned: false,
            conflict: false,
        });
    }
    Ok(b)
}

fn mark(text: &str, start: usize, end: usize) -> String {
    let s = char_to_byte(text, start);
    let e = char_to_byte(text, end);
    format!("{}<v>{}</v>{}", &text[..s], &text[s..e], &text[e..])
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Neutral => "Neutral",
        Severity::Minor => "Minor",
        Severity::Major => "Major",
        Severity::Critical => "Critical",
    }
}

/// Writes the ratings TSV: one row per annotation that is not rejected, a `No-error` row
/// per rater for each segment without errors. Fields escaped as in [`escape_line`].
pub fn write(b: &Bundle, system: &str) -> Vec<u8> {
    let mut raters: Vec<String> = b
        .rows
        .iter()
        .flat_map(|r| r.annotations.iter().map(|a| a.annotator.clone()))
        .collect();
    raters.sort();
    raters.dedup();
    if raters.is_empty() {
        raters.push("mtqa".into());
    }
    let mut out = HEADER.join("\t");
    out.push('\n');
    for (i, r) in b.rows.iter().enumerate() {
        let seg_id = (i + 1).to_string();
        let source = r.source.as_deref().unwrap_or("");
        let mut row = |rater: &str, target: &str, category: &str, severity: &str| {
            let fields = [
                system, &b.file, "1", &seg_id, rater, source, target, category, severity,
            ];
            out.push_str(
                &fields
                    .iter()
                    .map(|f| escape_line(f))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
            out.push('\n');
        };
        let errors: Vec<&Annotation> = r.annotations.iter().filter(|a| counts(a)).collect();
        for rater in &raters {
            let mine: Vec<&&Annotation> = errors.iter().filter(|a| &a.annotator == rater).collect();
            if mine.is_empty() {
                row(rater, &r.mt, "No-error", "No-error");
            }
            for a in mine {
                row(
                    rater,
                    &mark(&r.mt, a.anchor.start, a.anchor.end),
                    &a.category,
                    severity_name(a.severity),
                );
            }
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_stripped_with_spans() {
        assert_eq!(
            strip_marks("Il <v>pleut</v> fort"),
            ("Il pleut fort".to_string(), Some((3, 8)))
        );
        assert_eq!(strip_marks("plain"), ("plain".to_string(), None));
        assert_eq!(strip_marks("é<v></v>x"), ("éx".to_string(), Some((1, 1))));
    }
}
