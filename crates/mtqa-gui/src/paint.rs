//! How annotated text is drawn: spans highlighted by severity, the word-level diff of a
//! correction, quotes with their invisible characters shown, tooltips.

use egui::text::LayoutJob;
use egui::{Color32, TextFormat};

use mtqa_core::annotate::{Annotation, Status};
use mtqa_core::model::Severity;

/// Word-level diff of the MT and its correction: deleted words struck through in red,
/// inserted words in green.
pub fn diff_job(
    mt: &str,
    corrected: &str,
    font: egui::FontId,
    fg: Color32,
    dark: bool,
) -> LayoutJob {
    let diff = similar::TextDiff::from_words(mt, corrected);
    let mut job = LayoutJob::default();
    let (red, green) = if dark {
        (
            Color32::from_rgb(0xff, 0x8a, 0x80),
            Color32::from_rgb(0x81, 0xc7, 0x84),
        )
    } else {
        (
            Color32::from_rgb(0xb7, 0x1c, 0x1c),
            Color32::from_rgb(0x1b, 0x5e, 0x20),
        )
    };
    for change in diff.iter_all_changes() {
        let mut format = TextFormat {
            font_id: font.clone(),
            color: fg,
            ..Default::default()
        };
        match change.tag() {
            similar::ChangeTag::Equal => {}
            similar::ChangeTag::Delete => {
                format.color = red;
                format.strikethrough = egui::Stroke::new(1.0, red);
            }
            similar::ChangeTag::Insert => {
                format.color = green;
                format.underline = egui::Stroke::new(1.0, green);
            }
        }
        job.append(change.value(), 0.0, format);
    }
    job
}

/// The background of a span of this severity, in the light or dark theme.
pub fn severity_color(s: Severity, dark: bool) -> Color32 {
    match (s, dark) {
        (Severity::Critical, _) => Color32::from_rgb(0xc2, 0x18, 0x5b),
        (Severity::Major, false) => Color32::from_rgb(0xff, 0xc9, 0xc9),
        (Severity::Major, true) => Color32::from_rgb(0x8b, 0x22, 0x22),
        (Severity::Minor, false) => Color32::from_rgb(0xff, 0xe8, 0xa3),
        (Severity::Minor, true) => Color32::from_rgb(0x7a, 0x5c, 0x00),
        (Severity::Neutral, false) => Color32::from_rgb(0xe3, 0xe7, 0xee),
        (Severity::Neutral, true) => Color32::from_rgb(0x44, 0x4b, 0x55),
    }
}

/// The MT text with the annotations' spans highlighted by severity.
pub fn highlighted(
    text: &str,
    anns: &[&Annotation],
    selected: Option<&str>,
    dark: bool,
    font: egui::FontId,
    fg: Color32,
) -> LayoutJob {
    highlighted_with(text, anns, &[], selected, dark, font, fg)
}

/// The underline of a run of text reviewers marked: one reviewer's colour, or a thick
/// neutral line where several marked it.
fn reviewer_line(mask: u32, dark: bool) -> egui::Stroke {
    if mask.count_ones() == 1 {
        egui::Stroke::new(
            2.5,
            super::reviews::colour(mask.trailing_zeros() as usize, dark),
        )
    } else if dark {
        egui::Stroke::new(3.0, Color32::WHITE)
    } else {
        egui::Stroke::new(3.0, Color32::BLACK)
    }
}

/// The text with the annotations' spans highlighted by severity, and other reviewers'
/// spans (`marks`: reviewer, start, end in chars) underlined in their colours (a thick
/// neutral line where several reviewers marked the same characters).
pub fn highlighted_with(
    text: &str,
    anns: &[&Annotation],
    marks: &[(usize, usize, usize)],
    selected: Option<&str>,
    dark: bool,
    font: egui::FontId,
    fg: Color32,
) -> LayoutJob {
    let chars: Vec<char> = text.chars().collect();
    let mut who = vec![0u32; if marks.is_empty() { 0 } else { chars.len() }];
    for &(r, s, e) in marks {
        let bit = 1u32 << r.min(31);
        let e = e.min(chars.len());
        if s == e && s < chars.len() {
            who[s] |= bit;
        }
        for w in who.iter_mut().take(e).skip(s) {
            *w |= bit;
        }
    }
    let mut sev: Vec<Option<(Severity, bool)>> = vec![None; chars.len()];
    for a in anns.iter().filter(|a| a.status != Status::Rejected) {
        let sel = Some(a.id.as_str()) == selected;
        for c in sev
            .iter_mut()
            .take(a.anchor.end.min(chars.len()))
            .skip(a.anchor.start)
        {
            if c.is_none_or(|(s, was_sel)| a.severity > s || (sel && !was_sel)) {
                *c = Some((a.severity, sel));
            }
        }
    }
    let mut job = LayoutJob::default();
    let mut i = 0;
    while i < chars.len() {
        let cur = sev[i];
        let mark = who.get(i).copied().unwrap_or(0);
        let mut j = i;
        while j < chars.len() && sev[j] == cur && who.get(j).copied().unwrap_or(0) == mark {
            j += 1;
        }
        let piece: String = chars[i..j].iter().collect();
        let mut format = TextFormat {
            font_id: font.clone(),
            color: fg,
            ..Default::default()
        };
        if let Some((s, sel)) = cur {
            format.background = severity_color(s, dark);
            if sel {
                format.underline = egui::Stroke::new(2.0, fg);
            }
        }
        if mark != 0 && !cur.is_some_and(|(_, sel)| sel) {
            format.underline = reviewer_line(mark, dark);
        }
        job.append(&piece, 0.0, format);
        i = j;
    }
    job
}

/// A quote or a fix as the inspector shows it: line breaks, tabs and invisible characters
/// made visible (a run of blank lines is `↵↵`, a zero-width space `⟨U+200B⟩`).
pub fn shown_quote(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' => out.push('↵'),
            '\r' => {}
            '\t' => out.push('→'),
            c if (c.is_ascii() && !c.is_control()) || super::fonts::needs_glyph(c) => out.push(c),
            // Controls, no-break and other spaces, zero-width and direction marks.
            c => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
        }
    }
    out
}

/// The annotations (not rejected) whose span covers the character at `at`; an empty span
/// covers the character it sits before.
pub fn annotations_at<'a>(anns: &[&'a Annotation], at: usize) -> Vec<&'a Annotation> {
    anns.iter()
        .filter(|a| a.status != Status::Rejected)
        .filter(|a| {
            let (s, e) = (a.anchor.start, a.anchor.end);
            (s <= at && at < e) || (s == e && s == at)
        })
        .copied()
        .collect()
}

/// What a highlighted span's tooltip says about one annotation.
pub fn tooltip(a: &Annotation) -> String {
    let mut t = format!("{} · {} · {}", a.category, a.severity, a.status.as_str());
    if !a.message.is_empty() {
        t.push_str(&format!("\n{}", a.message));
    }
    if let Some(c) = &a.correction {
        t.push_str(&format!("\nSuggestion: «{}»", shown_quote(c)));
    }
    if !a.comment.is_empty() {
        t.push_str(&format!("\nComment: {}", a.comment));
    }
    t.push_str(&format!("\n{}", a.origin));
    t
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn ellipsis(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n.saturating_sub(1)).chain(['…']).collect()
    }
}

/// How text of the target is aligned (the layout job's and the text field's): right for a
/// right-to-left target (egui shapes Arabic and draws RTL runs right to left, but has no
/// bidi paragraph algorithm: see the README), else left.
pub fn alignment(rtl: bool) -> (egui::Align, egui::Align2) {
    if rtl {
        (egui::Align::Max, egui::Align2::RIGHT_TOP)
    } else {
        (egui::Align::Min, egui::Align2::LEFT_TOP)
    }
}

/// The MT as a read-only text field drawn as `job` (its spans highlighted): selectable with
/// the mouse and, once focused, the keyboard. `id` keeps its state (the selection) when
/// its row turns from compact (no frame, one line at least) to expanded. Hovering a span
/// shows the annotations of `anns` there.
pub fn highlighted_field(
    ui: &mut egui::Ui,
    text: &str,
    job: &LayoutJob,
    anns: &[&Annotation],
    rtl: bool,
    id: (&str, usize),
    compact: bool,
) -> egui::text_edit::TextEditOutput {
    let (align, text_align) = alignment(rtl);
    let mut text = text;
    let mut layouter = |ui: &egui::Ui, _buf: &dyn egui::TextBuffer, wrap: f32| {
        let mut j = job.clone();
        j.wrap.max_width = wrap;
        j.halign = align;
        ui.fonts_mut(|f| f.layout_job(j))
    };
    let mut edit = egui::TextEdit::multiline(&mut text)
        .layouter(&mut layouter)
        .desired_width(f32::INFINITY)
        .align(text_align)
        .id_salt(id);
    if compact {
        edit = edit.frame(egui::Frame::NONE).desired_rows(1);
    }
    let out = edit.show(ui);
    if let Some(pos) = out.response.hover_pos() {
        let here = annotations_at(anns, char_at(&out, pos));
        if !here.is_empty() {
            egui::Response::clone(&out.response).on_hover_ui_at_pointer(|ui| {
                for a in here {
                    ui.label(tooltip(a));
                }
            });
        }
    }
    out
}

/// The character of a text field's text under a point of the screen.
pub fn char_at(out: &egui::text_edit::TextEditOutput, pos: egui::Pos2) -> usize {
    out.galley
        .cursor_from_pos(pos - out.galley_pos)
        .index
        .into()
}
