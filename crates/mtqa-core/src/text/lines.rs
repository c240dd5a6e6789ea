//! Line index: byte offset → 1-based line and column, for LF, CRLF and CR line ends.

/// The byte offsets where lines start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. `\r\n`, `\n` and a lone `\r` each end a line.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// Number of lines (a final line end opens an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: a text has at least one line.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line containing `byte`.
    pub fn line_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// 1-based line and 1-based column (in Unicode scalars) of `byte` in `text`.
    pub fn position(&self, text: &str, byte: usize) -> (usize, usize) {
        let line = self.line_of(byte);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = text
            .get(start..byte.min(text.len()))
            .map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of 0-based line `line`, without its line end.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_line_ends() {
        let t = "a\r\nbé\rc\nd";
        let idx = LineIndex::new(t);
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.position(t, 0), (1, 1));
        assert_eq!(idx.position(t, 3), (2, 1));
        assert_eq!(idx.position(t, 6), (2, 3)); // after `b` and the 2-byte `é`
        assert_eq!(idx.position(t, 7), (3, 1));
        assert_eq!(idx.line_text(t, 1), "bé");
        assert_eq!(idx.line_text(t, 3), "d");
    }
}
