//! Parallel text: `NAME.src`, `NAME.mt` and `NAME.pe`, one segment a line, fields
//! escaped as in [`escape_line`] so that a line feed inside a segment never merges two
//! lines. Read (`NAME.mt` required) and written here.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::bundle::{self, escape_line, Bundle};
use super::LoadOptions;
use crate::annotate::AnnotationSet;
use crate::error::LoadError;
use crate::model::{Document, InputFormat};

/// `OUT.src`, `OUT.mt`, `OUT.pe`.
pub fn paths(out: &Path) -> [PathBuf; 3] {
    let with = |ext: &str| {
        let mut name = out
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(format!(".{ext}"));
        out.with_file_name(name)
    };
    [with("src"), with("mt"), with("pe")]
}

/// Parallel text: `NAME.mt` (required), `NAME.src` and `NAME.pe` (optional), one segment
/// a line, escaped as the parallel export writes them.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<(Document, AnnotationSet), LoadError> {
    let [src, mt, pe] = paths(&path.with_extension(""));
    let text = |p: &Path| -> Result<Option<Vec<String>>, LoadError> {
        if !p.exists() {
            return Ok(None);
        }
        let (t, _) = super::decode(p, &super::read_input(p)?)?;
        Ok(Some(t.lines().map(bundle::unescape_line).collect()))
    };
    let mt_lines = text(&mt)?.ok_or_else(|| LoadError::Syntax {
        path: mt.clone(),
        line: 1,
        column: 1,
        message: format!(
            "no such file: parallel text is read from NAME.mt (required) beside NAME.src and NAME.pe (optional); {} is missing",
            mt.display()
        ),
    })?;
    let src_lines = text(&src)?;
    let pe_lines = text(&pe)?;
    for (p, l) in [(&src, &src_lines), (&pe, &pe_lines)] {
        if let Some(l) = l {
            if l.len() != mt_lines.len() {
                return Err(LoadError::Syntax {
                    path: p.clone(),
                    line: l.len().min(mt_lines.len()) + 1,
                    column: 1,
                    message: format!(
                        "{} lines, but {} has {}",
                        l.len(),
                        mt.display(),
                        mt_lines.len()
                    ),
                });
            }
        }
    }
    let rows = mt_lines
        .iter()
        .enumerate()
        .map(|(i, m)| bundle::Row {
            id: (i + 1).to_string(),
            source: src_lines.as_ref().map(|s| s[i].clone()),
            mt: m.clone(),
            corrected: pe_lines
                .as_ref()
                .map_or_else(|| m.clone(), |p| p[i].clone()),
            annotations: Vec::new(),
            line: i + 1,
            starts_paragraph: true,
            rated: None,
        })
        .collect();
    let file = path
        .with_extension("")
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let b = bundle::Bundle {
        file,
        rows,
        ..Default::default()
    };
    Ok(super::finish(
        b.into_document(path, InputFormat::Parallel),
        opts,
    ))
}

/// Three files, one segment a line, escaped as in [`escape_line`] so that a line feed
/// inside a segment never merges two lines.
pub fn write(b: &Bundle) -> [Vec<u8>; 3] {
    let mut src = Vec::new();
    let mut mt = Vec::new();
    let mut pe = Vec::new();
    for r in &b.rows {
        let _ = writeln!(src, "{}", escape_line(r.source.as_deref().unwrap_or("")));
        let _ = writeln!(mt, "{}", escape_line(&r.mt));
        let _ = writeln!(pe, "{}", escape_line(&r.corrected));
    }
    [src, mt, pe]
}
