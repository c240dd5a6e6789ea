//! TMX 1.4b: one `<tu>` per segment, the source and the corrected target as `<tuv>`s, the
//! original MT kept in `<prop type="x-mtqa-mt">` so that nothing of the pair is lost.

use std::path::Path;

use super::bundle::{Bundle, Row};
use super::xml::{attr, attr_value, text, Ev, XmlReader, XML};
use crate::error::ExportError;
use crate::error::LoadError;

fn esc(segment: &str, s: &str, f: fn(&str) -> Result<String, char>) -> Result<String, ExportError> {
    f(s).map_err(ExportError::unrepresentable("TMX", segment))
}

/// Writes TMX 1.4b. Needs a source for every segment.
pub fn write(b: &Bundle) -> Result<Vec<u8>, ExportError> {
    let (src, tgt) = b.paired_langs("TMX")?;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"mtqa\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"mtqa\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\">\n    <prop type=\"x-mtqa-file\">{}</prop>\n  </header>\n  <body>\n",
        env!("CARGO_PKG_VERSION"),
        esc("", &src, attr_value)?,
        esc("", &b.file, text)?
    ));
    for r in &b.rows {
        let s = r.source.as_deref().unwrap_or("");
        out.push_str(&format!(
            "    <tu tuid=\"{}\">\n",
            esc(&r.id, &r.id, attr_value)?
        ));
        out.push_str(&format!(
            "      <prop type=\"x-mtqa-mt\">{}</prop>\n",
            esc(&r.id, &r.mt, text)?
        ));
        out.push_str(&format!(
            "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n",
            esc(&r.id, &src, attr_value)?,
            esc(&r.id, s, text)?
        ));
        out.push_str(&format!(
            "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n",
            esc(&r.id, &tgt, attr_value)?,
            esc(&r.id, &r.corrected, text)?
        ));
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    Ok(out.into_bytes())
}

/// Text of an element, inline codes (`bpt`, `ept`, `ph`, `it`, `ut`) skipped, `hi` kept.
fn seg_text(r: &mut XmlReader) -> Result<String, LoadError> {
    let mut out = String::new();
    let mut depth = 1;
    let mut skip = 0;
    while depth > 0 {
        match r.next_event()? {
            Ev::Text(t) if skip == 0 => out.push_str(&t),
            Ev::Text(_) => {}
            Ev::Start { name, .. } => {
                depth += 1;
                if skip > 0 || matches!(name.local.as_str(), "bpt" | "ept" | "ph" | "it" | "ut") {
                    skip += 1;
                }
            }
            Ev::End(_) => {
                depth -= 1;
                skip = (skip as i32 - 1).max(0) as usize;
            }
            Ev::Eof => return Err(r.error("unexpected end of file inside <seg>")),
        }
    }
    Ok(out)
}

/// Reads TMX (1.4b and the 1.x variants close to it).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Bundle, LoadError> {
    let mut r = XmlReader::new(path, bytes);
    let mut b = Bundle::for_file(path);
    let mut srclang: Option<String> = None;
    let mut seen_root = false;
    loop {
        match r.next_event()? {
            Ev::Eof => break,
            Ev::Start { name, attrs, line } => match name.local.as_str() {
                "tmx" => seen_root = true,
                "header" => srclang = attr(&attrs, "", "srclang").map(str::to_string),
                "prop" if attr(&attrs, "", "type") == Some("x-mtqa-file") => {
                    if let Ev::Text(t) = r.next_event()? {
                        b.file = t;
                        r.skip()?;
                    }
                }
                "tu" => {
                    let id = attr(&attrs, "", "tuid")
                        .map_or_else(|| (b.rows.len() + 1).to_string(), str::to_string);
                    let mut mt: Option<String> = None;
                    let mut tuvs: Vec<(String, String)> = Vec::new();
                    let mut lang = String::new();
                    let mut tuv_count = 0usize;
                    let mut depth = 1;
                    while depth > 0 {
                        match r.next_event()? {
                            Ev::Start { name, attrs, .. } => {
                                depth += 1;
                                match name.local.as_str() {
                                    "prop" if attr(&attrs, "", "type") == Some("x-mtqa-mt") => {
                                        mt = Some(seg_text(&mut r)?);
                                        depth -= 1;
                                    }
                                    "tuv" => {
                                        tuv_count += 1;
                                        lang = attr(&attrs, XML, "lang")
                                            .or_else(|| attr(&attrs, "", "lang"))
                                            .unwrap_or("")
                                            .to_string();
                                    }
                                    "seg" => {
                                        tuvs.push((lang.clone(), seg_text(&mut r)?));
                                        depth -= 1;
                                    }
                                    _ => {}
                                }
                            }
                            Ev::End(_) => depth -= 1,
                            Ev::Text(_) => {}
                            Ev::Eof => return Err(r.error("unexpected end of file inside <tu>")),
                        }
                    }
                    let is_src = |l: &str| {
                        srclang.as_deref().is_some_and(|s| {
                            s.eq_ignore_ascii_case(l)
                                || l.to_lowercase()
                                    .starts_with(&format!("{}-", s.to_lowercase()))
                        })
                    };
                    let src_pos = tuvs.iter().position(|(l, _)| is_src(l)).unwrap_or(0);
                    if tuvs.len() < 2 {
                        let message = if tuv_count > tuvs.len() {
                            format!("line {line}: <tu> {id:?}: {} of its {tuv_count} <tuv> have no <seg> (each <tuv> holds its text in a <seg>)", tuv_count - tuvs.len())
                        } else {
                            format!("line {line}: <tu> {id:?} has {} <tuv> (a source and a target are needed)", tuvs.len())
                        };
                        return Err(r.error_at(0, message));
                    }
                    let (sl, source) = tuvs.remove(src_pos);
                    let (tl, target) = tuvs.remove(0);
                    b.source_lang.get_or_insert(sl);
                    b.target_lang.get_or_insert(tl);
                    let mt = mt.unwrap_or_else(|| target.clone());
                    b.rows.push(Row {
                        id,
                        source: Some(source),
                        mt,
                        corrected: target,
                        annotations: Vec::new(),
                        line,
                        starts_paragraph: true,
                        rated: None,
                    });
                }
                _ => {}
            },
            _ => {}
        }
    }
    if !seen_root {
        return Err(r.error_at(0, "not a TMX file: no <tmx> element"));
    }
    Ok(b)
}
