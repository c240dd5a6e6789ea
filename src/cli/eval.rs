//! `mtqa eval`: the checks measured against the spans of professional MQM raters.

use std::io::Write;

use super::{EvalArgs, EvalFormat};
use mtqa_core::eval::{evaluate, to_text, EvalOptions};
use mtqa_core::formats::mqm;

pub(super) fn run(args: &EvalArgs) -> anyhow::Result<i32> {
    // Every check runs in an evaluation, spelling included.
    let checker = super::checker_from(&args.checks)?.spelling(args.checks.dictionaries.clone());
    let opts = EvalOptions {
        lang: args.checks.lang.clone(),
        source_lang: args.checks.source_lang.clone(),
        examples: args.examples,
    };
    let bytes = mtqa_core::formats::read_input(&args.file)?;
    let (text, _) = mtqa_core::formats::decode(&args.file, &bytes)?;
    let (ratings, problems) = mqm::read_ratings_lenient(&args.file, &text)?;
    for p in &problems {
        eprintln!("mtqa: warning: {p} (row skipped)");
    }
    let report = evaluate(&args.file, &ratings, &checker, &opts);
    for n in &report.notes {
        eprintln!("mtqa: note: {n}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EvalFormat::Text => out.write_all(to_text(&report).as_bytes())?,
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(0)
}
