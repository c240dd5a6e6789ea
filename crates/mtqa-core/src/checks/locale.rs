//! Locale conventions the source language leaves behind in an English target: a decimal
//! comma (`3,5`), a space before `%` (`5 %`), French times (`10h30`).

use super::schedule::{Pass, Run};
use super::{Ctx, Hit};
use crate::model::check::Check;
use crate::model::Segment;

crate::declare_check! {
    pub(crate) NUMBER_FORMAT = Check {
        id: "number-format",
        category: "Locale convention/Number format",
        description: "a decimal comma, `5 %` or `10h30` where the target language writes otherwise",
        ..Check::BASE
    };
}

/// Runs the locale checks on one segment.
pub fn check(ctx: &Ctx, seg: &Segment, out: &mut Vec<Hit>) {
    if !ctx.is("en") {
        return;
    }
    let text = seg.text.as_str();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_digit() || matches!(b[i - 1], b',' | b'.')))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && b[i].is_ascii_digit() {
            i += 1;
        }
        let int_end = i;
        // 3,5 / 12,75 — a decimal comma (thousands take three digits).
        if i + 1 < n && b[i] == b',' && b[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            let frac = j - i - 1;
            let ends = j == n
                || !(b[j].is_ascii_digit()
                    || b[j] == b','
                    || (b[j] == b'.' && j + 1 < n && b[j + 1].is_ascii_digit()));
            if frac <= 2 && ends && int_end - start <= 3 {
                let (whole, int, frac) = (&text[start..j], &text[start..int_end], &text[i + 1..j]);
                let message = format!("decimal comma in `{whole}`: English writes a decimal point");
                out.push(
                    Hit::new(&NUMBER_FORMAT, start, j, message).suggest(format!("{int}.{frac}")),
                );
                i = j;
                continue;
            }
        }
        // 10h30
        if i + 2 < n
            && b[i] == b'h'
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
            && int_end - start <= 2
        {
            let end = i + 3;
            if end == n || !b[end].is_ascii_alphanumeric() {
                let (whole, hours, minutes) =
                    (&text[start..end], &text[start..int_end], &text[i + 1..end]);
                let message = format!("`{whole}`: English writes times as `{hours}:{minutes}`");
                out.push(
                    Hit::new(&NUMBER_FORMAT, start, end, message)
                        .category("Locale convention/Time format")
                        .suggest(format!("{hours}:{minutes}")),
                );
                i = end;
                continue;
            }
        }
        // 5 %
        let rest = &text[i..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
        if gap > 0 && rest[gap..].starts_with('%') {
            let end = i + gap + 1;
            out.push(
                Hit::new(
                    &NUMBER_FORMAT,
                    start,
                    end,
                    "English writes no space before `%`",
                )
                .suggest(format!("{}%", &text[start..i])),
            );
            i = end;
        }
    }
}

crate::declare_pass!(
    LOCALE_PASS = Pass {
        name: "locale",
        checks: &[&NUMBER_FORMAT],
        run: Run::Segment(|ctx, _, seg, out| check(ctx, seg, out)),
    }
);
