//! XML plumbing shared by the XLIFF and TMX modules, on `quick-xml`: a reader that resolves
//! namespaces and entities safely, and escaping for the writers.
//!
//! Safety: no external entity or DTD is ever fetched, and no entity declared in a DTD is
//! expanded. A document whose DOCTYPE declares entities (the "billion laughs" bomb among
//! them) is refused with a clear message before anything is expanded, so memory stays
//! bounded by the input size.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// The deepest nesting of elements read (documented in the README). Reading is linear at
/// any depth; the limit keeps a hostile file from becoming a deep tree in later stages.
pub const MAX_DEPTH: usize = 1024;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::LoadError;

/// Namespaces.
pub const XLIFF2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// XLIFF 1.2.
pub const XLIFF12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// ITS 2.0.
pub const ITS: &str = "http://www.w3.org/2005/11/its";
/// The XML namespace (`xml:lang`, `xml:id`).
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// mtqa's own extension namespace in XLIFF (the review data kept exactly).
pub const MTQA: &str = "urn:mtqa:review:1";

/// A namespace-resolved name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Namespace URI ("" for none).
    pub ns: String,
    /// Local name.
    pub local: String,
}

impl Name {
    /// True for `local` in namespace `ns`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// A reader event.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev {
    /// An element opens (empty elements give `Start` then `End`).
    Start {
        /// Its name.
        name: Name,
        /// Its attributes (namespace declarations excluded).
        attrs: Vec<(Name, String)>,
        /// 1-based line where it starts.
        line: usize,
    },
    /// An element closes.
    End(Name),
    /// Character data, entities resolved, line ends normalised.
    Text(String),
    /// The end of the document.
    Eof,
}

/// A safe, namespace-aware pull reader over a document in memory.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    bytes: &'a [u8],
    path: PathBuf,
    /// The namespace each prefix is bound to, innermost last ("" = the default one): a
    /// lookup is O(1) however deep the nesting.
    bindings: HashMap<String, Vec<String>>,
    /// The prefixes each open element declared, to unbind them at its end.
    declared: Vec<Vec<String>>,
    /// The last line asked for: (byte, line), so that lines are counted forward only.
    line_cache: std::cell::Cell<(usize, usize)>,
    queue: VecDeque<Ev>,
}

impl<'a> XmlReader<'a> {
    /// A reader over `bytes` (UTF-8); `path` names the file in errors.
    pub fn new(path: &Path, bytes: &'a [u8]) -> XmlReader<'a> {
        let mut reader = Reader::from_reader(bytes);
        reader.config_mut().trim_text(false);
        let mut bindings = HashMap::new();
        bindings.insert("xml".to_string(), vec![XML.to_string()]);
        XmlReader {
            reader,
            bytes,
            path: path.to_path_buf(),
            bindings,
            declared: Vec::new(),
            line_cache: std::cell::Cell::new((0, 1)),
            queue: VecDeque::new(),
        }
    }

    /// An error at byte `pos`.
    pub fn error_at(&self, pos: usize, message: impl Into<String>) -> LoadError {
        let pos = pos.min(self.bytes.len());
        let head = &self.bytes[..pos];
        let line = 1 + head.iter().filter(|&&b| b == b'\n').count();
        let line_start = head.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + String::from_utf8_lossy(&head[line_start..]).chars().count();
        LoadError::Syntax {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> LoadError {
        self.error_at(self.reader.buffer_position() as usize, message)
    }

    /// The 1-based line of byte `pos`, counted on from the last position asked for (the
    /// reader moves forward), so that a file of a million units stays linear.
    fn line_at(&self, pos: usize) -> usize {
        let pos = pos.min(self.bytes.len());
        let (from, line) = match self.line_cache.get() {
            (p, l) if p <= pos => (p, l),
            _ => (0, 1),
        };
        let line = line
            + self.bytes[from..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.line_cache.set((pos, line));
        line
    }

    fn bind(&mut self, declared: Vec<(String, String)>) {
        let mut prefixes = Vec::with_capacity(declared.len());
        for (p, uri) in declared {
            self.bindings.entry(p.clone()).or_default().push(uri);
            prefixes.push(p);
        }
        self.declared.push(prefixes);
    }

    fn unbind(&mut self) {
        for p in self.declared.pop().unwrap_or_default() {
            if let Some(v) = self.bindings.get_mut(&p) {
                v.pop();
            }
        }
    }

    fn resolve(&self, qname: &str, is_attr: bool) -> Name {
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, qname),
        };
        let ns = match prefix {
            Some(p) => self
                .bindings
                .get(p)
                .and_then(|v| v.last())
                .cloned()
                .unwrap_or_else(|| format!("undeclared:{p}")),
            // Unprefixed attributes have no namespace; unprefixed elements take the default one.
            None if is_attr => String::new(),
            None => self
                .bindings
                .get("")
                .and_then(|v| v.last())
                .cloned()
                .unwrap_or_default(),
        };
        Name {
            ns,
            local: local.to_string(),
        }
    }

    fn start(&mut self, e: &BytesStart, at: usize) -> Result<Ev, LoadError> {
        if self.declared.len() >= MAX_DEPTH {
            return Err(self.error_at(
                at,
                format!("elements nested more than {MAX_DEPTH} deep: no XLIFF or TMX needs that many, and mtqa refuses the file"),
            ));
        }
        let mut scope = Vec::new();
        let mut raw = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|err| self.error_at(at, format!("bad attribute: {err}")))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).to_string();
            let value = a
                .unescape_value()
                .map_err(|err| self.error_at(at, format!("bad attribute value of {key}: {err} (entities declared in a DTD are never expanded)")))?
                .to_string();
            if key == "xmlns" {
                scope.push((String::new(), value));
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                scope.push((p.to_string(), value));
            } else {
                raw.push((key, value));
            }
        }
        self.bind(scope);
        let qname = String::from_utf8_lossy(e.name().as_ref()).to_string();
        let name = self.resolve(&qname, false);
        let attrs = raw
            .into_iter()
            .map(|(k, v)| (self.resolve(&k, true), v))
            .collect();
        Ok(Ev::Start {
            name,
            attrs,
            line: self.line_at(at),
        })
    }

    /// The next event.
    pub fn next_event(&mut self) -> Result<Ev, LoadError> {
        if let Some(ev) = self.queue.pop_front() {
            return Ok(ev);
        }
        let mut text = String::new();
        loop {
            let before = self.reader.buffer_position() as usize;
            let event = self.reader.read_event().map_err(|e| {
                let pos = self.reader.error_position() as usize;
                self.error_at(pos, format!("malformed XML: {e}"))
            })?;
            let evs: Vec<Ev> = match event {
                Event::Text(t) => {
                    let s = t
                        .xml_content()
                        .map_err(|e| self.error_at(before, format!("bad text: {e}")))?;
                    text.push_str(&s);
                    continue;
                }
                Event::CData(t) => {
                    let s = t
                        .decode()
                        .map_err(|e| self.error_at(before, format!("bad CDATA: {e}")))?;
                    text.push_str(&s.replace("\r\n", "\n").replace('\r', "\n"));
                    continue;
                }
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|e| {
                        self.error_at(before, format!("bad character reference: {e}"))
                    })? {
                        text.push(c);
                        continue;
                    }
                    let name = r
                        .decode()
                        .map_err(|e| self.error_at(before, format!("bad reference: {e}")))?
                        .to_string();
                    match name.as_str() {
                        "amp" => text.push('&'),
                        "lt" => text.push('<'),
                        "gt" => text.push('>'),
                        "quot" => text.push('"'),
                        "apos" => text.push('\''),
                        other => {
                            return Err(self.error_at(before, format!("undefined entity &{other}; (entities declared in a DTD are never expanded)")))
                        }
                    }
                    continue;
                }
                Event::DocType(d) => {
                    if String::from_utf8_lossy(d.as_ref()).contains("<!ENTITY") {
                        return Err(self.error_at(
                            before,
                            "the DOCTYPE declares entities: refused (entities are never expanded, so an entity-expansion bomb cannot be read)",
                        ));
                    }
                    continue;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
                Event::Start(e) => vec![self.start(&e, before)?],
                Event::Empty(e) => {
                    let start = self.start(&e, before)?;
                    let name = match &start {
                        Ev::Start { name, .. } => name.clone(),
                        _ => Name {
                            ns: String::new(),
                            local: String::new(),
                        },
                    };
                    self.unbind();
                    vec![start, Ev::End(name)]
                }
                Event::End(e) => {
                    let qname = String::from_utf8_lossy(e.name().as_ref()).to_string();
                    let name = self.resolve(&qname, false);
                    self.unbind();
                    vec![Ev::End(name)]
                }
                Event::Eof => vec![Ev::Eof],
            };
            let mut evs = VecDeque::from(evs);
            if !text.is_empty() {
                self.queue.extend(evs);
                return Ok(Ev::Text(text));
            }
            let first = evs.pop_front().unwrap_or(Ev::Eof);
            self.queue.extend(evs);
            return Ok(first);
        }
    }

    /// Skips to the end of the element whose `Start` was just read.
    pub fn skip(&mut self) -> Result<(), LoadError> {
        let mut depth = 1;
        while depth > 0 {
            match self.next_event()? {
                Ev::Start { .. } => depth += 1,
                Ev::End(_) => depth -= 1,
                Ev::Eof => return Err(self.error("unexpected end of file")),
                Ev::Text(_) => {}
            }
        }
        Ok(())
    }
}

/// The value of an attribute.
pub fn attr<'v>(attrs: &'v [(Name, String)], ns: &str, local: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(n, _)| n.is(ns, local))
        .map(|(_, v)| v.as_str())
}

pub use crate::text::escape::{
    xml_attr as attr_value, xml_forbidden as forbidden, xml_text as text,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<Ev>, LoadError> {
        let mut r = XmlReader::new(Path::new("t.xml"), xml.as_bytes());
        let mut out = Vec::new();
        loop {
            let e = r.next_event()?;
            if e == Ev::Eof {
                return Ok(out);
            }
            out.push(e);
        }
    }

    #[test]
    fn namespaces_entities_and_empty_elements() {
        let ev = events("<a xmlns='urn:x' xmlns:p='urn:p'><p:b q='1 &amp; 2'/>x &lt; y &#233;<![CDATA[<z>]]></a>").expect("parses");
        assert!(matches!(&ev[0], Ev::Start { name, .. } if name.is("urn:x", "a")));
        assert!(
            matches!(&ev[1], Ev::Start { name, attrs, .. } if name.is("urn:p", "b") && attrs[0].1 == "1 & 2")
        );
        assert!(matches!(&ev[2], Ev::End(n) if n.is("urn:p", "b")));
        assert_eq!(ev[3], Ev::Text("x < y é<z>".into()));
    }

    #[test]
    fn entity_bombs_and_malformed_input_are_refused_with_positions() {
        let bomb = "<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>\n<x>&b;</x>";
        let e = events(bomb)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.starts_with("t.xml:2:1: the DOCTYPE declares entities"),
            "{e}"
        );
        let ext = "<!DOCTYPE x SYSTEM 'http://example.invalid/x.dtd'>\n<x>&ext;</x>";
        let e = events(ext).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("t.xml:2:4: undefined entity &ext;"), "{e}");
        let bad = "<a>\n  <b></a>";
        let e = events(bad).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("t.xml:2:"), "{e}");
    }

    #[test]
    fn escaping_refuses_what_xml_cannot_hold() {
        assert_eq!(text("a<b&c>\r").as_deref(), Ok("a&lt;b&amp;c&gt;&#13;"));
        assert_eq!(attr_value("\"\t\n"), Ok("&quot;&#9;&#10;".to_string()));
        assert_eq!(text("bell\u{7}"), Err('\u{7}'));
        assert_eq!(text("]]>").as_deref(), Ok("]]&gt;"));
    }
}
