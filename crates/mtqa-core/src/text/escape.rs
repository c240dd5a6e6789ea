//! Escaping, in one place: fields of line-based files (TSV, parallel text), XML text and
//! attributes, HTML.

/// Escapes a field of a line-based export: `\` → `\\`, line feed → `\n`, carriage return →
/// `\r`, tab → `\t`. Documented in the README; [`unescape_line`] undoes it.
pub fn line(s: &str) -> String {
    replace_chars(s, |c| match c {
        '\\' => Some("\\\\"),
        '\n' => Some("\\n"),
        '\r' => Some("\\r"),
        '\t' => Some("\\t"),
        _ => None,
    })
}

/// `s` with each character `f` gives a replacement for replaced.
fn replace_chars(s: &str, f: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match f(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    out
}

/// Undoes [`line()`].
pub fn unescape_line(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A character XML 1.0 cannot carry, even as a character reference.
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes one character of text content onto `out`. `\r` is written `&#13;` (a parser
/// would turn a raw one into `\n`); a character XML 1.0 forbids is given back.
pub fn push_xml_char(out: &mut String, c: char) -> Result<(), char> {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\r' => out.push_str("&#13;"),
        c if xml_forbidden(c) => return Err(c),
        c => out.push(c),
    }
    Ok(())
}

/// Escapes text content ([`push_xml_char`]); characters XML 1.0 forbids are an error
/// naming the character.
pub fn xml_text(s: &str) -> Result<String, char> {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_xml_char(&mut out, c)?;
    }
    Ok(out)
}

/// Escapes an attribute value (also `"`, tab and line ends, which parsers would normalise).
pub fn xml_attr(s: &str) -> Result<String, char> {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) => return Err(c),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Escapes text for HTML content and attribute values.
pub fn html(s: &str) -> String {
    replace_chars(s, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_escape_round_trips_or_refuses() {
        let s = "a\tb\nc\r\\d";
        assert_eq!(line(s), "a\\tb\\nc\\r\\\\d");
        assert_eq!(unescape_line(&line(s)), s);
        assert_eq!(
            xml_text("a<b & c>\r"),
            Ok("a&lt;b &amp; c&gt;&#13;".to_string())
        );
        assert_eq!(xml_text("bell\u{7}"), Err('\u{7}'));
        assert_eq!(xml_attr("\"x\"\t"), Ok("&quot;x&quot;&#9;".to_string()));
        assert_eq!(html("<a href='x'>"), "&lt;a href=&#39;x&#39;&gt;");
    }
}
