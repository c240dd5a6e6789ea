//! The WMT MQM ratings TSV, as published in google/wmt-mqm-human-evaluation and read by
//! Anthea and Marot: a header `system doc doc_id seg_id rater source target category
//! severity`, one row per error (the span marked `<v>…</v>` in the target or the source),
//! `No-error` rows for clean segments, several raters per segment.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

mod write;

pub use write::{ratings_of_row, write, MAROT_HEADER};

use super::bundle::{unescape_line, Bundle, Row};
use crate::annotate::{now_rfc3339, Anchor, Annotation, Status};
use crate::error::LoadError;
use crate::model::Severity;

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
    /// The names of the metrics the metadata gives for the segment
    /// (`segment.metrics`), sorted.
    pub metrics: Vec<String>,
    /// 1-based line.
    pub line: usize,
}

impl Rating {
    /// True for the rows that report no error.
    pub fn is_no_error(&self) -> bool {
        self.category.eq_ignore_ascii_case("no-error")
            || self.severity.eq_ignore_ascii_case("no-error")
    }

    /// True for Marot's attention checks (`Found`/`Missed` rows of severity `HOTW-test`).
    pub fn is_attention_check(&self) -> bool {
        let s = self.severity.trim();
        s.eq_ignore_ascii_case("hotw-test") || s.eq_ignore_ascii_case("hotw_test")
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
    let mut out = Vec::new();
    let problems = for_each_rating(path, text, |r| out.push(r))?;
    Ok((out, problems))
}

/// [`read_ratings_lenient`], handing each rating to `visit` as it is read instead of
/// collecting them (a ratings file repeats each segment's texts on every row: held as
/// ratings, they would take several times the file). Returns the problems.
pub fn for_each_rating(
    path: &Path,
    text: &str,
    mut visit: impl FnMut(Rating),
) -> Result<Vec<LoadError>, LoadError> {
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
    let mut problems = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        // Marot takes any line holding `system<TAB>doc<TAB>` for a header, wherever it
        // stands (files are concatenated).
        if matches!(columns, Columns::Positional)
            && line.to_ascii_lowercase().contains("system\tdoc\t")
        {
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
            // Marot reads the row (the rater counts for the segment; the error weighs
            // what the weights say, usually 0): say so, and keep it.
            problems.push(err(
                n + 1,
                format!(
                    "severity {severity:?} is not one of {}{KEPT}, weighing what the weights say (usually 0)",
                    KNOWN_SEVERITIES.join(", ")
                ),
            ));
        }
        let metadata = meta
            .and_then(|m| f.get(m))
            .map(|m| m.trim().to_string())
            .unwrap_or_default();
        let metrics = match metric_names(&metadata) {
            Ok(m) => m,
            Err(e) => {
                // Marot keeps such a row, the text as the rater's note.
                problems.push(err(
                    n + 1,
                    format!("the metadata is not a JSON object ({e}){KEPT} as the rater's note"),
                ));
                Vec::new()
            }
        };
        visit(Rating {
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
            metadata,
            metrics,
            line: n + 1,
        });
    }
    Ok(problems)
}

/// How a problem that did not leave its row out ends (Marot reads such rows too).
pub const KEPT: &str = "; the row is kept";

/// The metric names of a row's metadata (`segment.metrics`), without reading the rest
/// (the timing logs make most of a real file's bytes).
fn metric_names(metadata: &str) -> Result<Vec<String>, serde_json::Error> {
    #[derive(serde::Deserialize)]
    struct Meta {
        #[serde(default)]
        segment: Option<Seg>,
    }
    #[derive(serde::Deserialize)]
    struct Seg {
        #[serde(default)]
        metrics: Option<std::collections::BTreeMap<String, serde::de::IgnoredAny>>,
    }
    if metadata.is_empty() {
        return Ok(Vec::new());
    }
    let m: Meta = serde_json::from_str(metadata)?;
    Ok(m.segment
        .and_then(|s| s.metrics)
        .map(|m| m.into_keys().collect())
        .unwrap_or_default())
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
    "HOTW_test",
    "Unrateable",
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

pub use crate::annotate::SEVERITY_KEY;

/// A row's metadata as an object: the JSON object written there, `{"note": text}` for
/// text that is not JSON (Marot's reading of files from before May 2022), empty for none.
fn metadata_object(raw: &str) -> Map<String, Value> {
    if raw.trim().is_empty() {
        return Map::new();
    }
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(m)) => m,
        _ => {
            let mut m = Map::new();
            m.insert("note".into(), Value::String(raw.trim().to_string()));
            m
        }
    }
}

/// Milliseconds since the epoch (Marot's and Anthea's timestamps) as RFC 3339.
fn rfc3339_of_millis(ms: &Value) -> Option<String> {
    let ms = ms.as_u64().or_else(|| {
        ms.as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|f| f as u64)
    })?;
    // RFC 3339 has four-digit years: a time after 9999 stays a number in the metadata
    // (formatting it would fail).
    if ms >= 253_402_300_800_000 {
        return None;
    }
    let t = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_millis(ms))?;
    Some(humantime::format_rfc3339_millis(t).to_string())
}

/// RFC 3339 as milliseconds since the epoch.
fn millis_of_rfc3339(t: &str) -> Option<u64> {
    let t = humantime::parse_rfc3339_weak(t).ok()?;
    u64::try_from(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis()).ok()
}

/// Reads a ratings file as a document: one segment per (system, doc, docSegId) as Marot
/// groups them, each rater's rows as annotations of that rater: errors marked in the
/// target on the target, errors marked in the source on the source (`on_source`), a
/// rater's `No-error` row as a `No-error` record (the rater rated the segment), attention
/// checks as they were. The metadata is applied — `note` is the comment, `timestamp` the
/// time, `corrected_translation` the segment's correction, `evaluation` the languages,
/// `segment.starts_paragraph` the paragraphs — and every key is kept on the annotation,
/// to be written back by [`write()`].
pub fn read(path: &Path, bytes: &[u8]) -> Result<Bundle, LoadError> {
    let mut b = read_with(path, bytes, true)?;
    b.fill_corrected();
    Ok(b)
}

/// [`read`], building the raters' annotations only when `annotations` is true (the texts
/// and their segments are read either way). An uncorrected row's `corrected` is left empty
/// ([`Bundle::corrected_empty_is_mt`]): the file and the rows are not held beside a copy
/// of every MT.
pub fn read_with(path: &Path, bytes: &[u8], annotations: bool) -> Result<Bundle, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::Encoding {
        path: path.to_path_buf(),
        encoding: "UTF-8",
        offset: e.valid_up_to(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
        detail: "not UTF-8".into(),
    })?;
    let mut builder = RatingsBundle::new(path, annotations);
    let problems = for_each_rating(path, text, |r| builder.add(r))?;
    // Metadata that is not JSON is read as the rater's note, as Marot does; any other
    // problem is the error.
    if let Some(e) = problems
        .into_iter()
        .find(|p| !p.to_string().contains("as the rater's note"))
    {
        return Err(e);
    }
    Ok(builder.finish())
}

/// The document of rating rows (see [`read`]).
pub fn bundle_of_ratings(path: &Path, ratings: Vec<Rating>, annotations: bool) -> Bundle {
    let mut builder = RatingsBundle::new(path, annotations);
    for r in ratings {
        builder.add(r);
    }
    let mut b = builder.finish();
    b.fill_corrected();
    b
}

/// Builds the document of rating rows one rating at a time (see [`read`]): what depends on
/// the whole file (whether it rates one system's document, so that segment ids are bare
/// `docSegId`s; whether it says where paragraphs start) is settled by [`Self::finish`].
pub struct RatingsBundle {
    b: Bundle,
    annotations: bool,
    now: String,
    /// Rows by a hash of (system, doc, docSegId): a million rows are not a million key
    /// strings. A hash met again for another key goes to `collided`, by the key itself.
    index: HashMap<u64, usize>,
    collided: HashMap<(String, String, String), usize>,
    hasher: std::collections::hash_map::RandomState,
    /// The first (system, doc), and whether another one came.
    first: Option<(String, String)>,
    several: bool,
    /// Whether any row says where paragraphs start, and what each segment's first row says.
    paragraphs_said: bool,
    starts: Vec<Option<bool>>,
}

impl RatingsBundle {
    /// An empty document for the ratings file at `path`; the raters' annotations are built
    /// only when `annotations` is true.
    pub fn new(path: &Path, annotations: bool) -> RatingsBundle {
        RatingsBundle {
            b: Bundle {
                corrected_empty_is_mt: true,
                ..Bundle::for_file(path)
            },
            annotations,
            now: now_rfc3339(),
            index: HashMap::new(),
            collided: HashMap::new(),
            hasher: Default::default(),
            first: None,
            several: false,
            paragraphs_said: false,
            starts: Vec::new(),
        }
    }

    /// Takes in one rating: its segment (the first rating of a segment gives its texts),
    /// and the rater's annotation.
    pub fn add(&mut self, r: Rating) {
        match &self.first {
            None => self.first = Some((r.system.clone(), r.doc.clone())),
            Some((s, d)) if *s != r.system || *d != r.doc => self.several = true,
            Some(_) => {}
        }
        self.paragraphs_said |= r.metadata.contains("\"starts_paragraph\"");
        let meta = metadata_object(&r.metadata);
        let b = &mut self.b;
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, (&r.system, &r.doc, &r.doc_id));
        let same = |row: &Row| {
            row.rated.as_ref().is_some_and(|k| {
                k.system == r.system.as_str()
                    && k.doc == r.doc.as_str()
                    && k.doc_seg_id == r.doc_id.as_str()
            })
        };
        let found = match self.index.get(&hash) {
            Some(&i) if same(&b.rows[i]) => Some(i),
            Some(_) => self
                .collided
                .get(&(r.system.clone(), r.doc.clone(), r.doc_id.clone()))
                .copied(),
            None => None,
        };
        let i = match found {
            Some(i) => i,
            None => {
                b.rows.push(Row {
                    id: r.doc_id.clone(),
                    source: Some(r.source.clone()),
                    mt: r.target.clone(),
                    corrected: String::new(),
                    annotations: Vec::new(),
                    line: r.line,
                    starts_paragraph: true,
                    rated: Some(Box::new(crate::model::RatedKey {
                        system: r.system.as_str().into(),
                        doc: r.doc.as_str().into(),
                        doc_seg_id: r.doc_id.as_str().into(),
                        global_seg_id: r.seg_id.as_str().into(),
                    })),
                });
                self.starts.push(
                    meta.get("segment")
                        .and_then(|s| s.get("starts_paragraph"))
                        .and_then(Value::as_bool),
                );
                let i = b.rows.len() - 1;
                match self.index.entry(hash) {
                    std::collections::hash_map::Entry::Occupied(_) => {
                        self.collided
                            .insert((r.system.clone(), r.doc.clone(), r.doc_id.clone()), i);
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(i);
                    }
                }
                b.rows.len() - 1
            }
        };
        if let Some(ev) = meta.get("evaluation") {
            let lang = |k: &str| ev.get(k).and_then(Value::as_str).map(str::to_string);
            if b.source_lang.is_none() {
                b.source_lang = lang("source_language");
            }
            if b.target_lang.is_none() {
                b.target_lang = lang("target_language");
            }
        }
        let row = &mut b.rows[i];
        if let Some(c) = meta.get("corrected_translation").and_then(Value::as_str) {
            if !c.is_empty() && row.corrected.is_empty() {
                row.corrected = c.to_string();
            }
        }
        if self.annotations {
            push_rating(row, r, meta, &self.now);
        }
    }

    /// The document: segment ids qualified by system and document when the file rates
    /// several, paragraphs as the file says them (else each segment is one).
    pub fn finish(mut self) -> Bundle {
        let several = self.several;
        let said = self.paragraphs_said;
        for (row, start) in self.b.rows.iter_mut().zip(self.starts) {
            row.starts_paragraph = start.unwrap_or(!said);
            if several {
                if let Some(k) = &row.rated {
                    row.id = format!("{}/{}/{}", k.system, k.doc, k.doc_seg_id);
                    for a in &mut row.annotations {
                        a.segment = Some(row.id.clone());
                    }
                }
            }
            // A rater's corrected translation that became the segment's correction is the
            // segment's: written back from it, so that later edits are what is exported.
            let corrected = if row.corrected.is_empty() {
                row.mt.as_str()
            } else {
                row.corrected.as_str()
            };
            for a in &mut row.annotations {
                if a.metadata
                    .get("corrected_translation")
                    .and_then(Value::as_str)
                    == Some(corrected)
                {
                    a.metadata.shift_remove("corrected_translation");
                }
            }
        }
        self.index = HashMap::new();
        self.collided = HashMap::new();
        self.b
    }
}

/// Adds a rater's rating of `row` as an annotation.
fn push_rating(row: &mut Row, r: Rating, meta: Map<String, Value>, now: &str) {
    let mut kept = meta;
    let comment = match kept.get("note") {
        Some(Value::String(n)) => {
            let n = n.clone();
            kept.shift_remove("note");
            n
        }
        _ => String::new(),
    };
    let time = kept.get("timestamp").and_then(rfc3339_of_millis);
    if time.is_some() {
        kept.shift_remove("timestamp");
    }
    let no_error = r.is_no_error();
    // A record without a time stays without one (an export writes none back).
    let time = time.unwrap_or_else(|| {
        if no_error {
            String::new()
        } else {
            now.to_string()
        }
    });
    let severity = if no_error {
        Severity::Neutral
    } else {
        match r.severity() {
            Some(s) => s,
            None => {
                kept.insert(SEVERITY_KEY.into(), Value::String(r.severity.clone()));
                if r.severity.trim().eq_ignore_ascii_case("trivial") {
                    Severity::Minor
                } else {
                    Severity::Neutral
                }
            }
        }
    };
    let (anchor, on_source) = match (r.target_span, r.source_span) {
        (Some((s, e)), _) => (Anchor::new(&row.mt, s, e), false),
        (None, Some((s, e))) => (Anchor::new(&r.source, s, e), true),
        (None, None) => (Anchor::new(&row.mt, 0, 0), false),
    };
    let n = row.annotations.len() + 1;
    // Most segments get one to three ratings: grow by half, from one, not to the four
    // annotations (1.6 KB) a `Vec` starts with.
    if row.annotations.len() == row.annotations.capacity() {
        row.annotations
            .reserve_exact((row.annotations.len() / 2).max(1));
    }
    let id = format!("mqm-{}-{n}", r.line);
    row.annotations.push(Annotation {
        category: if no_error {
            NO_ERROR.to_string()
        } else {
            r.category.clone()
        },
        severity,
        comment,
        origin: "import:mqm".into(),
        annotator: r.rater.clone(),
        status: Status::Accepted,
        on_source,
        metadata: kept,
        ..Annotation::new(id, Some(row.id.clone()), anchor, &time)
    });
}

/// The category of a rater's record that a segment has no error.
pub const NO_ERROR: &str = "No-error";

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

    /// Two segments whose keys hash alike stay two segments, and each rating finds its own.
    #[test]
    fn segments_whose_keys_collide_stay_apart() {
        let rating = |doc_id: &str, rater: &str, target: &str| Rating {
            system: "A".into(),
            doc: "d".into(),
            doc_id: doc_id.into(),
            seg_id: doc_id.into(),
            rater: rater.into(),
            source: "src".into(),
            target: target.into(),
            target_span: None,
            source_span: None,
            category: NO_ERROR.into(),
            severity: NO_ERROR.into(),
            metadata: "{}".into(),
            metrics: Vec::new(),
            line: 2,
        };
        let mut b = RatingsBundle::new(Path::new("r.tsv"), true);
        b.add(rating("1", "r1", "One."));
        // Make key (A, d, 2) collide with (A, d, 1): its hash already names row 0.
        let key = ("A".to_string(), "d".to_string(), "2".to_string());
        let hash = std::hash::BuildHasher::hash_one(&b.hasher, (&key.0, &key.1, &key.2));
        b.index.insert(hash, 0);
        b.add(rating("2", "r1", "Two."));
        b.add(rating("2", "r2", "Two."));
        b.add(rating("1", "r2", "One."));
        let bundle = b.finish();
        assert_eq!(bundle.rows.len(), 2);
        assert_eq!(bundle.rows[0].mt, "One.");
        assert_eq!(bundle.rows[1].mt, "Two.");
        assert_eq!(bundle.rows[0].annotations.len(), 2);
        assert_eq!(bundle.rows[1].annotations.len(), 2);
    }
}
