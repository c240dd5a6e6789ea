//! The layout of a plain report between its segments: runs of blank lines, white space at
//! line starts and ends, metadata glued to the text.

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::{Check, Scope};
use crate::model::Severity;

crate::declare_check! {
    pub(crate) LINE_WHITESPACE = Check {
        id: "line-whitespace",
        category: "Fluency/Punctuation",
        scope: Scope::Layout,
        description: "a line that starts (minor) or ends (neutral) with white space",
        ..Check::BASE
    };
    pub(crate) BLANK_LINES = Check {
        id: "blank-lines",
        category: "Fluency/Punctuation",
        scope: Scope::Layout,
        description: "a run of blank lines between paragraphs",
        ..Check::BASE
    };
    pub(crate) METADATA_GLUED = Check {
        id: "metadata-glued",
        category: "Other",
        scope: Scope::Layout,
        description: "a metadata entry glued to the start of the text",
        ..Check::BASE
    };
}

/// Runs the layout checks; hits address the document text.
pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let text = &doc.text[..];
    for m in doc.metadata.iter().filter(|m| m.glued) {
        let after = &text[m.range.end..];
        let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
        out.push(
            Hit::new(
                &METADATA_GLUED,
                m.range.start,
                m.range.end + gap,
                format!(
                    "metadata `{}` is glued to the start of the text",
                    &text[m.range.clone()]
                ),
            )
            .suggest(format!("{}\n\n", &text[m.range.clone()])),
        );
    }
    if ctx.cjk() {
        cjk_gaps(ctx, out);
    }
    let nlines = doc.lines.len();
    let line = |i: usize| doc.lines.line_text(text, i);
    // Indented paragraphs are a house style, not an artifact, when most paragraphs are.
    let firsts: Vec<usize> = doc
        .paragraphs
        .iter()
        .map(|p| doc.lines.line_of(p.range.start))
        .collect();
    let indented = firsts
        .iter()
        .filter(|&&l| line(l).starts_with([' ', '\t', '\u{a0}', '\u{3000}']))
        .count();
    let house_indent = indented * 2 > firsts.len() && firsts.len() >= 2;
    let mut seen_text = false;
    let mut blank_run: Vec<usize> = Vec::new();
    for i in 0..nlines {
        let l = line(i);
        let start = doc.lines.line_start(i);
        if l.trim().is_empty() {
            blank_run.push(i);
            continue;
        }
        if blank_run.len() >= 2 {
            let from = doc.lines.line_start(blank_run[1]);
            let (msg, sev) = if seen_text {
                (
                    format!("{} blank lines between paragraphs", blank_run.len()),
                    Severity::Minor,
                )
            } else {
                (
                    format!(
                        "{} blank lines at the start of the document",
                        blank_run.len()
                    ),
                    Severity::Neutral,
                )
            };
            out.push(
                Hit::new(&BLANK_LINES, from, start, msg)
                    .severity(sev)
                    .suggest(""),
            );
        }
        blank_run.clear();
        seen_text = true;
        let lead = l.len() - l.trim_start().len();
        if lead > 0 && !house_indent {
            out.push(
                Hit::new(
                    &LINE_WHITESPACE,
                    start,
                    start + lead,
                    "line starts with white space",
                )
                .suggest(""),
            );
        }
        let trimmed = l.trim_end().len();
        if trimmed < l.len() {
            out.push(
                Hit::new(
                    &LINE_WHITESPACE,
                    start + trimmed,
                    start + l.len(),
                    "line ends with white space",
                )
                .severity(Severity::Neutral)
                .suggest(""),
            );
        }
    }
    // A final line end opens one empty line; more than one blank line before the end is a run.
    if blank_run.len() >= 3 && seen_text {
        let from = doc.lines.line_start(blank_run[1]);
        out.push(
            Hit::new(
                &BLANK_LINES,
                from,
                text.len(),
                format!(
                    "{} blank lines at the end of the document",
                    blank_run.len() - 1
                ),
            )
            .severity(Severity::Neutral)
            .suggest(""),
        );
    }
}

/// Chinese and Japanese put no space between sentences: flag white space in the gap
/// between two segments of a paragraph.
fn cjk_gaps(ctx: &Ctx, out: &mut Vec<Hit>) {
    use crate::model::Origin;
    let segs = &ctx.doc.segments;
    for pair in segs.windows(2) {
        let (Origin::Span(a), Origin::Span(b)) = (&pair[0].origin, &pair[1].origin) else {
            continue;
        };
        if pair[0].paragraph != pair[1].paragraph || a.end >= b.start {
            continue;
        }
        let gap = &ctx.doc.text[a.end..b.start];
        if !gap.is_empty()
            && gap
                .chars()
                .all(|c| c != '\n' && c != '\r' && c.is_whitespace())
        {
            out.push(
                Hit::new(
                    &super::punctuation::CJK_PUNCTUATION,
                    a.end,
                    b.start,
                    "space between sentences in CJK text",
                )
                .suggest(""),
            );
        }
    }
}

crate::declare_pass!(
    LAYOUT_PASS = Pass {
        name: "layout",
        checks: &[
            &BLANK_LINES,
            &LINE_WHITESPACE,
            &METADATA_GLUED,
            &super::punctuation::CJK_PUNCTUATION,
        ],
        run: Run::Layout(check),
    }
);
