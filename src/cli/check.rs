//! `mtqa check`: each report opened (with `--save`, its annotation file merged and
//! written), its findings printed as text, JSON or JSON Lines.

use std::io::{self, IsTerminal, Write};

use super::{annotations, checker_from, report, CheckArgs, ColorChoice, InputArg, OutputFormat};
use crate::formats::LoadOptions;
use crate::model::{InputFormat, Severity};
use crate::workspace::{open_report, Annotations, OpenError, OpenOptions};

/// `mtqa check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let checker = checker_from(&args.checks)?;
    let opts = LoadOptions {
        lang: args.checks.lang.clone(),
        source_lang: args.checks.source_lang.clone(),
        texts_only: !args.save,
        format: args.input_format.map(|f| match f {
            InputArg::Plain => InputFormat::Plain,
            InputArg::Jsonl => InputFormat::Jsonl,
            InputArg::Tsv => InputFormat::Tsv,
        }),
    };
    if args.source.is_some() && args.files.len() > 1 {
        anyhow::bail!("--source gives the source of one report: give one report");
    }
    if args.sidecar.is_some() && args.files.len() > 1 {
        anyhow::bail!("--sidecar names one annotation file: give one report");
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut worst: Option<Severity> = None;
    let mut failed = false;
    let mut json = match args.format {
        OutputFormat::Json => Some(report::JsonReport::start(&mut out)?),
        _ => None,
    };
    let mut said: Vec<String> = Vec::new();
    for path in &args.files {
        let mut open = OpenOptions {
            load: opts.clone(),
            sidecar: args.sidecar.clone(),
            annotations: if args.save {
                Annotations::ForWriting
            } else {
                Annotations::LayoutOnly
            },
            embedded: args.save,
            checker: Some(&checker),
            digest: args.save,
        };
        // With --save: read, merge and save under the folder's write lock, so that another
        // writer of the file (a merge, another check --save) waits its turn.
        let lock = if args.save {
            let sidecar = args
                .sidecar
                .clone()
                .unwrap_or_else(|| crate::project::sidecar_path(path));
            match annotations::write_lock(&sidecar) {
                Ok(l) => Some(l),
                Err(e) => {
                    failed = true;
                    eprintln!("mtqa: {e:#}");
                    open.annotations = Annotations::LayoutOnly;
                    None
                }
            }
        } else {
            None
        };
        let progress = crate::progress::Progress::new();
        let mut opened = open_report(path, args.source.as_deref(), &open, &progress);
        if let (Err(OpenError::Sidecar(e)), true) = (&opened, lock.is_some()) {
            // The annotation file cannot be used: the findings are still reported.
            failed = true;
            eprintln!("mtqa: {}", crate::error::chain(e));
            open.annotations = Annotations::LayoutOnly;
            opened = open_report(path, args.source.as_deref(), &open, &progress);
        }
        match opened {
            Ok(opened) => {
                let (doc, findings) = (&opened.doc, &opened.findings);
                let notes = &opened.notes;
                if args.format != OutputFormat::Json {
                    for n in notes {
                        if !said.contains(n) {
                            eprintln!("mtqa: note: {n}");
                            said.push(n.clone());
                        }
                    }
                }
                worst = worst.max(findings.iter().map(|f| f.severity).max());
                if open.annotations == Annotations::ForWriting {
                    if let Err(e) = annotations::save_findings(&opened) {
                        failed = true;
                        eprintln!("mtqa: {e:#}");
                    }
                }
                drop(lock);
                match &mut json {
                    Some(json) => json.file(
                        &mut out,
                        &report::FileJson {
                            doc,
                            findings,
                            notes,
                        },
                    )?,
                    None if args.format == OutputFormat::Jsonl => {
                        report::write_jsonl(&mut out, doc, findings)?
                    }
                    None => report::write_text(&mut out, doc, findings, color)?,
                }
            }
            Err(e) => {
                failed = true;
                let e = crate::error::chain(&e);
                match &mut json {
                    Some(json) => json.file(
                        &mut out,
                        &serde_json::json!({ "file": path.display().to_string(), "error": e }),
                    )?,
                    None => out.flush()?,
                }
                eprintln!("mtqa: {e}");
            }
        }
    }
    if let Some(json) = json {
        json.finish(&mut out)?;
    }
    out.flush()?;
    Ok(if failed {
        2
    } else if worst.is_some_and(|w| w >= args.fail_on.severity()) {
        1
    } else {
        0
    })
}
