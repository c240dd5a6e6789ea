//! `mtqa score`.

use std::io::Write;

use anyhow::Context;

use super::{ScoreArgs, ScoreFormat};
use mtqa_core::annotate::typology::Typology;
use mtqa_core::formats::mqm;
use mtqa_core::progress::Progress;
use mtqa_core::project;
use mtqa_core::score::{self, html, Input, Options};
use mtqa_core::workspace::{open_report, Annotations, OpenOptions};

pub fn run(args: &ScoreArgs) -> anyhow::Result<i32> {
    let output = args.output.as_ref().filter(|p| !super::is_stdout(p));
    if let Some(p) = output {
        super::refuse_overwriting_inputs(p, &args.files)?;
        super::may_replace(p, args.force, "score report", |head| {
            let first = head.lines().next().unwrap_or("");
            first.starts_with("system ") && first.contains("MQM")
                || first.starts_with("system\tdoc\tseg_id\tmqm")
                || head.starts_with("{\n  \"systems\"")
                || head.contains("<h1>Translation quality review</h1>")
        })?;
    }
    let typology = match &args.typology {
        Some(p) => Typology::parse(
            &std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?,
        )
        .with_context(|| format!("{}: not a typology file", p.display()))?,
        None => Typology::builtin(),
    };
    let weights = match args.weights.as_str() {
        "typology" => score::Weights::Typology(Box::new(typology.clone())),
        spec => score::Weights::named_or_file(spec)?,
    };
    if !args.reviewers.is_empty() && args.files.len() != 1 {
        anyhow::bail!(
            "--annotations compares the reviewers of one report: give one report, not {}",
            args.files.len()
        );
    }
    // With reviewers: the report and its own annotations (the adjudicated result).
    let mut adjudicated = None;
    let mut input = Input::default();
    let mut ratings_files = false;
    let mut left_out = 0usize;
    for path in &args.files {
        // A ratings file is told by its header: only a regular file's first bytes are read
        // to see (a report is read once, by `open_report`).
        let head = match std::fs::File::open(path) {
            Ok(f) if f.metadata().is_ok_and(|m| m.is_file()) => {
                let mut head = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(f, 1024), &mut head)
                    .with_context(|| format!("{}: cannot read", path.display()))?;
                head
            }
            _ => mtqa_core::formats::read_input(path)?,
        };
        if mqm::sniff(&head) {
            let bytes = if head.len() < 1024 {
                head
            } else {
                mtqa_core::formats::read_input(path)?
            };
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{}: not UTF-8", path.display()))?;
            let (ratings, problems) = mqm::read_ratings_lenient(path, &text)?;
            for p in &problems {
                eprintln!("{p}");
            }
            left_out += problems
                .iter()
                .filter(|p| !p.to_string().contains(mqm::KEPT))
                .count();
            input.items.extend(Input::from_ratings(&ratings).items);
            ratings_files = true;
            continue;
        }
        let open = OpenOptions {
            annotations: Annotations::Read,
            embedded: true,
            ..OpenOptions::default()
        };
        let opened = open_report(path, None, &open, &Progress::new())?;
        let (doc, set) = (opened.doc, opened.sidecar.set);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // The system is the report's `system:` header, else the file: as the mqm-tsv
        // and Anthea exports name it.
        let system = doc.meta("system").unwrap_or(&name).to_string();
        input
            .items
            .extend(Input::from_document(&doc, &set, &system).items);
        if !args.reviewers.is_empty() {
            adjudicated = Some((doc, set));
        }
    }
    if !args.reviewers.is_empty() && adjudicated.is_none() {
        anyhow::bail!(
            "--annotations needs a report (with its annotation file), not a ratings file"
        );
    }
    if ratings_files && !args.all_segments {
        let n = input.keep_segments_of_all_systems();
        if n > 0 {
            eprintln!(
                "note: {n} rated segment(s) left out: not rated for every system (as in Marot's default view; --all-segments keeps them)"
            );
        }
    }
    let opts = Options {
        threshold: args.threshold,
        resamples: usize::try_from(args.resamples).unwrap_or(mtqa_core::score::MAX_RESAMPLES),
        trials: usize::try_from(args.trials).unwrap_or(mtqa_core::score::MAX_TRIALS),
        seed: args.seed,
        weights,
    };
    let report = score::score(&input, &typology, &opts);
    let reviewers = match &adjudicated {
        Some((doc, set)) => {
            let mut list = Vec::new();
            for p in &args.reviewers {
                let (r, notes) = mtqa_core::workspace::read_reviewer(p, doc, &list)?;
                for n in notes {
                    eprintln!("note: {n}");
                }
                list.push(r);
            }
            Some(mtqa_core::adjudicate::figures(
                doc,
                &list,
                Some(set),
                &opts.weights,
            ))
        }
        None => None,
    };
    let mut out: Vec<u8> = Vec::new();
    match args.format {
        ScoreFormat::Json => {
            let mut v = serde_json::to_value(&report)?;
            if let (Some(f), serde_json::Value::Object(map)) = (&reviewers, &mut v) {
                map.insert("reviewers".into(), serde_json::to_value(f)?);
            }
            serde_json::to_writer_pretty(&mut out, &v)?;
            out.push(b'\n');
        }
        ScoreFormat::Tsv => {
            writeln!(out, "system\tdoc\tseg_id\tmqm\traters\twords\thter")?;
            for s in &report.segments {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{:.4}\t{}\t{}\t{}",
                    s.system,
                    s.doc,
                    s.seg_id,
                    s.mqm,
                    s.raters,
                    s.words,
                    s.hter.map(|h| format!("{h:.4}")).unwrap_or_default()
                )?;
            }
        }
        ScoreFormat::Html => {
            let title = args
                .files
                .iter()
                .map(|p| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.extend_from_slice(
                html::render_reviewed(&report, &input, &title, args.threshold, reviewers.as_ref())
                    .as_bytes(),
            );
        }
        ScoreFormat::Text => {
            writeln!(
                out,
                "{:<28} {:>9} {:>19} {:>9} {:>8} {:>8} {:>6}",
                "system", "MQM", "95% CI", "per100w", "segments", "HTER%", "pass"
            )?;
            for s in &report.systems {
                writeln!(
                    out,
                    "{:<28} {:>9.4} {:>19} {:>9.3} {:>8} {:>8} {:>6}",
                    s.name,
                    s.mqm,
                    format!("{:.3}–{:.3}", s.ci95.0, s.ci95.1),
                    s.per_100_words,
                    s.segments,
                    s.hter
                        .map(|h| format!("{h:.2}"))
                        .unwrap_or_else(|| "–".into()),
                    s.pass.map_or("–", |p| if p { "yes" } else { "NO" })
                )?;
            }
            writeln!(out, "weights: {}", report.weights.name)?;
            let significant: Vec<String> = report
                .pairs
                .iter()
                .filter(|p| p.significant)
                .map(|p| format!("{} vs {} ({:+.3})", p.a, p.b, p.diff))
                .collect();
            if !report.pairs.is_empty() {
                writeln!(
                    out,
                    "significant differences (paired bootstrap, p < 0.05): {}",
                    if significant.is_empty() {
                        "none".to_string()
                    } else {
                        significant.join("; ")
                    }
                )?;
            }
            if report.trials > 0 && !report.pairs.is_empty() {
                let shown: Vec<String> = report
                    .pairs
                    .iter()
                    .filter_map(|p| {
                        p.p_randomization
                            .filter(|&v| v < 0.05)
                            .map(|v| format!("{} < {} (p = {v:.4})", p.a, p.b))
                    })
                    .collect();
                writeln!(
                    out,
                    "significant differences (approximate randomization, {} trials, p < 0.05): {}",
                    report.trials,
                    if shown.is_empty() {
                        "none".to_string()
                    } else {
                        shown.join("; ")
                    }
                )?;
            }
            for a in &report.attention {
                writeln!(
                    out,
                    "attention checks {}: {} found, {} missed",
                    a.rater, a.found, a.missed
                )?;
            }
            let f = |v: Option<f64>| v.map_or_else(|| "–".into(), |x| format!("{x:.3}"));
            for r in reviewers.iter().flat_map(|f| &f.raters) {
                writeln!(
                    out,
                    "reviewer {}: {} spans, {} segments with errors, MQM {:.4}",
                    r.name, r.spans, r.segments_with_errors, r.mqm
                )?;
            }
            // One line a pair: the reviewers' pairs, then the raters' of each system.
            let pairs = reviewers
                .iter()
                .flat_map(|f| &f.pairs)
                .map(|a| ("reviewer agreement".to_string(), a))
                .chain(
                    report
                        .agreement
                        .iter()
                        .map(|a| (format!("agreement {}", a.system), a)),
                );
            for (what, a) in pairs {
                writeln!(
                    out,
                    "{what} {} / {}: {} segments, r = {}, span F1 = {}, kappa = {}",
                    a.rater_a,
                    a.rater_b,
                    a.segments,
                    f(a.pearson),
                    f(a.span_f1),
                    f(a.kappa)
                )?;
            }
        }
    }
    match output {
        Some(p) => project::atomic_write(p, &out)
            .with_context(|| format!("{}: cannot write", p.display()))?,
        None => std::io::stdout().lock().write_all(&out)?,
    }
    Ok(if left_out > 0 {
        // Rows were left out: the figures stand for the rest, the input needs mending.
        2
    } else if report.systems.iter().any(|s| s.pass == Some(false)) {
        1
    } else {
        0
    })
}
