//! The review report: one self-contained HTML file (no network, charts as inline SVG) that
//! a QA reviewer can hand over: scores with their intervals, errors by category and
//! severity, the distribution of segment scores, HTER, and the worst segments with their
//! error spans highlighted.

use std::fmt::Write as _;

use super::{Input, Report};
use crate::model::Severity;

use crate::text::escape::html as esc;

const STYLE: &str = r#"
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--card:#fff;--crit:#7a0b2e;--major:#c62828;--minor:#e69a00;--neutral:#7b8794;--good:#2e7d32;--accent:#2f5bd3}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1f2a44;color:#fff;padding:22px 32px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#c9d2e3}
main{max-width:1100px;margin:0 auto;padding:20px 24px 48px}section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:17px;margin:0 0 12px}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{flex:1 1 220px;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .name{font-weight:600}.card .big{font-size:28px;font-weight:700}.card .sub{color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}.pass{background:var(--good)}.fail{background:var(--major)}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}.seg{font-size:14px}.src{color:var(--muted);font-size:13px}
mark{border-radius:3px;padding:0 1px}mark.critical{background:#f3c6d2;box-shadow:inset 0 -2px var(--crit)}mark.major{background:#ffd6d6;box-shadow:inset 0 -2px var(--major)}mark.minor{background:#ffefc2;box-shadow:inset 0 -2px var(--minor)}mark.neutral{background:#e7ebf0}
.legend span{display:inline-block;margin-right:14px;font-size:13px}.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}.note{color:var(--muted);font-size:13px}
"#;

fn sev_color(s: &str) -> &'static str {
    match s {
        "critical" => "#7a0b2e",
        "major" => "#c62828",
        "minor" => "#e69a00",
        _ => "#7b8794",
    }
}

/// Bar chart of system scores with their 95% intervals.
fn systems_chart(r: &Report) -> String {
    let n = r.systems.len().max(1);
    let max = r
        .systems
        .iter()
        .map(|s| s.ci95.1.max(s.mqm))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let (w, left, row) = (760.0, 180.0, 28.0);
    let h = 30.0 + row * n as f64;
    let x = |v: f64| left + (w - left - 80.0) * v / max;
    let mut s = format!(
        r#"<svg role="img" aria-label="MQM per system" viewBox="0 0 {w} {h}" width="100%">"#
    );
    for (i, sys) in r.systems.iter().enumerate() {
        let y = 10.0 + row * i as f64;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{left}" y="{}" width="{:.1}" height="16" fill="#2f5bd3" rx="2"><title>{} MQM {:.3}</title></rect><line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" stroke="#1d2330" stroke-width="1.5"/><line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" stroke="#1d2330"/><line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" stroke="#1d2330"/><text x="{:.1}" y="{}">{:.3}</text>"##,
            left - 8.0,
            y + 13.0,
            esc(&sys.name),
            y,
            (x(sys.mqm) - left).max(1.0),
            esc(&sys.name),
            sys.mqm,
            x(sys.ci95.0),
            x(sys.ci95.1),
            y + 8.0,
            y + 8.0,
            x(sys.ci95.0),
            x(sys.ci95.0),
            y + 3.0,
            y + 13.0,
            x(sys.ci95.1),
            x(sys.ci95.1),
            y + 3.0,
            y + 13.0,
            x(sys.ci95.1) + 6.0,
            y + 13.0,
            sys.mqm
        );
    }
    s.push_str("</svg>");
    s
}

/// Stacked bars of errors per category, by severity.
fn categories_chart(r: &Report) -> String {
    let mut totals: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>> =
        Default::default();
    for sys in &r.systems {
        for (cat, by) in &sys.errors {
            for (sev, n) in by {
                *totals
                    .entry(cat.clone())
                    .or_default()
                    .entry(sev.clone())
                    .or_default() += n;
            }
        }
    }
    let mut rows: Vec<(String, std::collections::BTreeMap<String, usize>)> =
        totals.into_iter().collect();
    rows.sort_by_key(|(c, by)| (std::cmp::Reverse(by.values().sum::<usize>()), c.clone()));
    let max = rows
        .iter()
        .map(|(_, by)| by.values().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (w, left, row) = (760.0, 230.0, 24.0);
    let h = 20.0 + row * rows.len().max(1) as f64;
    let mut s = format!(
        r#"<svg role="img" aria-label="Errors by category and severity" viewBox="0 0 {w} {h}" width="100%">"#
    );
    for (i, (cat, by)) in rows.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 8.0,
            y + 12.0,
            esc(cat)
        );
        let mut x = left;
        for sev in ["critical", "major", "minor", "neutral"] {
            let n = by.get(sev).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let bw = (w - left - 40.0) * n as f64 / max;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y}" width="{bw:.1}" height="15" fill="{}"><title>{} {sev}: {n}</title></rect>"#,
                sev_color(sev),
                esc(cat)
            );
            x += bw;
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}">{}</text>"#,
            x + 6.0,
            y + 12.0,
            by.values().sum::<usize>()
        );
    }
    s.push_str("</svg>");
    s
}

/// Histogram of segment scores.
fn histogram(r: &Report) -> String {
    const BINS: [(f64, f64, &str); 6] = [
        (-1.0, 0.0, "0"),
        (0.0, 1.0, "0–1"),
        (1.0, 5.0, "1–5"),
        (5.0, 10.0, "5–10"),
        (10.0, 25.0, "10–25"),
        (25.0, f64::INFINITY, "> 25"),
    ];
    let mut counts = [0usize; 6];
    for s in &r.segments {
        let k = BINS
            .iter()
            .position(|(lo, hi, _)| s.mqm > *lo && s.mqm <= *hi)
            .unwrap_or(5);
        counts[k] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (w, h, bottom) = (760.0, 220.0, 190.0);
    let bw = (w - 60.0) / BINS.len() as f64;
    let mut s = format!(
        r#"<svg role="img" aria-label="Histogram of segment scores" viewBox="0 0 {w} {h}" width="100%">"#
    );
    for (i, (_, _, label)) in BINS.iter().enumerate() {
        let bh = 160.0 * counts[i] as f64 / max;
        let x = 40.0 + bw * i as f64;
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="#2f5bd3" rx="2"><title>{label}: {}</title></rect><text x="{:.1}" y="{}" text-anchor="middle">{label}</text><text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            x + 4.0,
            bottom - bh,
            bw - 8.0,
            counts[i],
            x + bw / 2.0,
            bottom + 18.0,
            x + bw / 2.0,
            bottom - bh - 4.0,
            counts[i]
        );
    }
    let _ = write!(
        s,
        r##"<line x1="36" x2="{}" y1="{bottom}" y2="{bottom}" stroke="#5b6475"/></svg>"##,
        w - 16.0
    );
    s
}

/// The target with every rater's error spans marked (the most severe wins where they overlap).
fn highlighted(target: &str, spans: &[(usize, usize, Severity, String)]) -> String {
    let chars: Vec<char> = target.chars().collect();
    let mut sev: Vec<Option<(Severity, String)>> = vec![None; chars.len()];
    for (s, e, v, cat) in spans {
        for c in sev.iter_mut().take((*e).min(chars.len())).skip(*s) {
            if c.as_ref().is_none_or(|(x, _)| v > x) {
                *c = Some((*v, cat.clone()));
            }
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let cur = sev[i].clone();
        let mut j = i;
        while j < chars.len() && sev[j] == cur {
            j += 1;
        }
        let piece: String = chars[i..j].iter().collect();
        match cur {
            Some((v, cat)) => {
                let _ = write!(
                    out,
                    r#"<mark class="{}" title="{} ({})">{}</mark>"#,
                    v.as_str(),
                    esc(&cat),
                    v.as_str(),
                    esc(&piece)
                );
            }
            None => out.push_str(&esc(&piece)),
        }
        i = j;
    }
    out
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |x| format!("{x:.3}"))
}

/// The weights in one line: their name and rules (`Minor 1 = minor:; …`).
fn weights_line(report: &Report) -> String {
    let rules: Vec<String> = report
        .weights
        .rules
        .iter()
        .map(|r| format!("{} {} = /{}/", r.name, r.weight, r.pattern))
        .collect();
    if rules.is_empty() {
        report.weights.name.clone()
    } else {
        format!(
            "{} (first match on severity:category: {})",
            report.weights.name,
            rules.join("; ")
        )
    }
}

/// Renders the report.
pub fn render(report: &Report, input: &Input, title: &str, threshold: Option<f64>) -> String {
    render_reviewed(report, input, title, threshold, None)
}

/// The section of several reviewers of one report: each one's figures, agreement per pair.
fn reviewers_section(f: &super::Figures) -> String {
    let mut h = String::from(
        "<section><h2>Reviewers</h2><table><tr><th>Reviewer</th><th class=num>Spans</th><th class=num>Segments with errors</th><th class=num>MQM</th></tr>",
    );
    for r in &f.raters {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{:.3}</td></tr>",
            esc(&r.name),
            r.spans,
            r.segments_with_errors,
            r.mqm
        );
    }
    h.push_str("</table><h3>Agreement per pair</h3><table><tr><th>Reviewers</th><th class=num>Segments</th><th class=num>Cohen's κ (error / no error)</th><th class=num>Span F1</th><th class=num>Pearson r</th></tr>");
    for p in &f.pairs {
        let _ = write!(
            h,
            "<tr><td>{} / {}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
            esc(&p.rater_a),
            esc(&p.rater_b),
            p.segments,
            opt(p.kappa),
            opt(p.span_f1),
            opt(p.pearson)
        );
    }
    h.push_str("</table><p class=note>What each reviewer asserts: their own spans that are not rejected, and the automatic findings they accepted. <em>adjudicated</em> is the report's own annotation file, where the disagreements were settled.</p></section>");
    h
}

/// Renders the report, with the section of several reviewers of it when given.
pub fn render_reviewed(
    report: &Report,
    input: &Input,
    title: &str,
    threshold: Option<f64>,
    reviewers: Option<&super::Figures>,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{}</title><style>{STYLE}</style></head><body><header><h1>Translation quality review</h1><p>{} · {} segment(s) · {} system(s) · MQM, lower is better · weights: {}</p></header><main>"#,
        esc(title),
        esc(title),
        report.segments.len(),
        report.systems.len(),
        esc(&weights_line(report))
    );
    h.push_str(r#"<section><h2>Scores</h2><div class="cards">"#);
    for s in &report.systems {
        let badge = match s.pass {
            Some(true) => r#" <span class="badge pass">PASS</span>"#.to_string(),
            Some(false) => r#" <span class="badge fail">FAIL</span>"#.to_string(),
            None => String::new(),
        };
        let _ = write!(
            h,
            r#"<div class="card"><div class="name">{}{badge}</div><div class="big">{:.3}</div><div class="sub">MQM per segment · 95% CI {:.3}–{:.3}</div><div class="sub">{:.2} per 100 words · {} segments{}</div></div>"#,
            esc(&s.name),
            s.mqm,
            s.ci95.0,
            s.ci95.1,
            s.per_100_words,
            s.segments,
            s.hter
                .map(|x| format!(" · HTER {x:.1}%"))
                .unwrap_or_default()
        );
    }
    h.push_str("</div>");
    if let Some(t) = threshold {
        let _ = write!(
            h,
            r#"<p class="note">Pass: at most {t} penalty points per 100 words.</p>"#
        );
    }
    h.push_str(&systems_chart(report));
    h.push_str("</section>");
    if let Some(f) = reviewers {
        h.push_str(&reviewers_section(f));
    }
    h.push_str(r#"<section><h2>Errors by category and severity</h2><div class="legend"><span><i style="background:#7a0b2e"></i>critical</span><span><i style="background:#c62828"></i>major</span><span><i style="background:#e69a00"></i>minor</span><span><i style="background:#7b8794"></i>neutral</span></div>"#);
    h.push_str(&categories_chart(report));
    h.push_str("<table><tr><th>System</th><th>Category</th><th class=num>Critical</th><th class=num>Major</th><th class=num>Minor</th><th class=num>Neutral</th></tr>");
    for s in &report.systems {
        for (cat, by) in &s.errors {
            let g = |k: &str| by.get(k).copied().unwrap_or(0);
            let _ = write!(h, "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>", esc(&s.name), esc(cat), g("critical"), g("major"), g("minor"), g("neutral"));
        }
    }
    h.push_str("</table></section>");
    h.push_str("<section><h2>Segment scores</h2>");
    h.push_str(&histogram(report));
    h.push_str("</section>");
    if !report.pairs.is_empty() {
        let _ = write!(h, "<section><h2>Which systems differ</h2><table><tr><th>A</th><th>B</th><th class=num>A − B</th><th>95% CI (paired bootstrap)</th><th class=num>Segments</th><th>Significant</th><th class=num>p (approximate randomization, {} trials)</th></tr>", report.trials);
        for p in &report.pairs {
            let _ = write!(h, "<tr><td>{}</td><td>{}</td><td class=num>{:.3}</td><td>{:.3} – {:.3}</td><td class=num>{}</td><td>{}</td><td class=num>{}</td></tr>", esc(&p.a), esc(&p.b), p.diff, p.ci95.0, p.ci95.1, p.segments, if p.significant { "yes (p &lt; 0.05)" } else { "no" }, p.p_randomization.map_or_else(|| "–".to_string(), |v| format!("{v:.4}")));
        }
        h.push_str("</table></section>");
    }
    if !report.attention.is_empty() {
        h.push_str("<section><h2>Attention checks</h2><p class=note>Errors the rating tool injected to check that raters stay attentive; they are not errors of the translation and do not count in the scores.</p><table><tr><th>Rater</th><th class=num>Found</th><th class=num>Missed</th></tr>");
        for a in &report.attention {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
                esc(&a.rater),
                a.found,
                a.missed
            );
        }
        h.push_str("</table></section>");
    }
    if !report.agreement.is_empty() {
        h.push_str("<section><h2>Agreement between annotators</h2><table><tr><th>System</th><th>Raters</th><th class=num>Segments</th><th class=num>Pearson r</th><th class=num>Span F1</th><th class=num>Cohen's κ</th></tr>");
        for a in &report.agreement {
            let _ = write!(h, "<tr><td>{}</td><td>{} / {}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>", esc(&a.system), esc(&a.rater_a), esc(&a.rater_b), a.segments, opt(a.pearson), opt(a.span_f1), opt(a.kappa));
        }
        h.push_str("</table></section>");
    }
    // Worst segments.
    let mut order: Vec<usize> = (0..report.segments.len())
        .filter(|&k| report.segments[k].mqm > 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        report.segments[b]
            .mqm
            .total_cmp(&report.segments[a].mqm)
            .then(a.cmp(&b))
    });
    h.push_str("<section><h2>Worst segments</h2><table><tr><th>System</th><th>Segment</th><th class=num>MQM</th><th>Text (errors highlighted)</th></tr>");
    for &k in order.iter().take(15) {
        let (seg, item) = (&report.segments[k], &input.items[k]);
        let spans: Vec<(usize, usize, Severity, String)> = item
            .ratings
            .values()
            .flatten()
            .filter(|e| !e.on_source)
            .filter_map(|e| e.span.map(|(s, t)| (s, t, e.severity, e.category.clone())))
            .collect();
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td>{}</td><td class=num>{:.2}</td><td class="seg">{}{}</td></tr>"#,
            esc(&seg.system),
            esc(&seg.seg_id),
            seg.mqm,
            highlighted(&item.target, &spans),
            if item.source.is_empty() {
                String::new()
            } else {
                format!(r#"<div class="src">{}</div>"#, esc(&item.source))
            }
        );
    }
    if order.is_empty() {
        h.push_str(r#"<tr><td colspan="4" class="note">No segment has an error.</td></tr>"#);
    }
    h.push_str("</table></section>");
    h.push_str(r#"<p class="note">Made by mtqa. Intervals: percentile bootstrap over segments, 1000 resamples, fixed seed (reproducible).</p></main></body></html>"#);
    h.push('\n');
    h
}
