//! `mtqa check`: each report opened (with `--save`, its annotation file merged and
//! written), its findings printed as text, JSON or JSON Lines.

use std::io::{self, IsTerminal, Write};

use super::{annotations, checker_from, CheckArgs, ColorChoice, InputArg, OutputFormat};
use mtqa_core::formats::LoadOptions;
use mtqa_core::model::{InputFormat, Severity};
use mtqa_core::printer;
use mtqa_core::workspace::{open_report, Annotations, OpenError, OpenOptions};

/// `mtqa check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    // Before anything runs on the pool (the lexicons are compiled on it).
    if let Some(jobs) = args.jobs {
        // Only fails when the pool was built already (a second run in one process).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(jobs))
            .build_global();
    }
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
        OutputFormat::Json => Some(printer::JsonReport::start(&mut out)?),
        _ => None,
    };
    let mut said: Vec<String> = Vec::new();
    for path in &args.files {
        if let Some(input) = streamed(path, args, &opts)? {
            let mut streamed = Streamed {
                out: &mut out,
                color,
                jsonl: args.format == OutputFormat::Jsonl,
                said: &mut said,
                checker: &checker,
                worst: &mut worst,
            };
            match streamed.run(path, input, &opts) {
                Ok(summary) => failed |= summary.bad > 0,
                Err(e) => {
                    failed = true;
                    out.flush()?;
                    eprintln!("mtqa: {}", mtqa_core::error::chain(&e));
                }
            }
            continue;
        }
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
                .unwrap_or_else(|| mtqa_core::project::sidecar_path(path));
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
        let progress = mtqa_core::progress::Progress::new();
        let mut opened = open_report(path, args.source.as_deref(), &open, &progress);
        if let (Err(OpenError::Sidecar(e)), true) = (&opened, lock.is_some()) {
            // The annotation file cannot be used: the findings are still reported.
            failed = true;
            eprintln!("mtqa: {}", mtqa_core::error::chain(e));
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
                        &printer::FileJson {
                            doc,
                            findings,
                            notes,
                        },
                    )?,
                    None if args.format == OutputFormat::Jsonl => {
                        printer::write_jsonl(&mut out, doc, findings)?
                    }
                    None => printer::write_text(&mut out, doc, findings, color)?,
                }
            }
            Err(e) => {
                failed = true;
                let e = mtqa_core::error::chain(&e);
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

/// How a file given to `check` is read when it is streamed.
enum StreamInput {
    /// Standard input.
    Stdin,
    /// A segment file.
    File(std::fs::File),
}

/// The input to stream for `path`, if it is streamed: `-`, and JSON Lines and TSV files
/// (not an MQM ratings TSV), when nothing asks for the whole document (`--save`,
/// `--source`, `--format json`).
fn streamed(
    path: &std::path::Path,
    args: &CheckArgs,
    opts: &LoadOptions,
) -> anyhow::Result<Option<StreamInput>> {
    let stdin = path.as_os_str() == "-";
    let whole = if args.save {
        Some("--save")
    } else if args.source.is_some() {
        Some("--source")
    } else if args.format == OutputFormat::Json {
        Some("--format json")
    } else {
        None
    };
    if stdin {
        if opts.format == Some(InputFormat::Plain) {
            return Ok(None);
        }
        if let Some(flag) = whole {
            anyhow::bail!("-: standard input is checked as a stream of records, which {flag} does not take (use --format jsonl or text, and a file for --save or --source)");
        }
        return Ok(Some(StreamInput::Stdin));
    }
    let format = opts
        .format
        .unwrap_or_else(|| mtqa_core::formats::format_for_path(path));
    if whole.is_some() || !matches!(format, InputFormat::Jsonl | InputFormat::Tsv) {
        return Ok(None);
    }
    let Ok(file) = std::fs::File::open(path) else {
        // The whole-document path reports why it cannot be read.
        return Ok(None);
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    if format == InputFormat::Tsv && opts.format.is_none() {
        // A WMT MQM ratings file is a .tsv too: it is read whole.
        use std::io::Read;
        let mut head = Vec::new();
        if file.try_clone()?.take(4096).read_to_end(&mut head).is_err()
            || mtqa_core::formats::mqm::sniff(&head)
        {
            return Ok(None);
        }
        return Ok(Some(StreamInput::File(std::fs::File::open(path)?)));
    }
    Ok(Some(StreamInput::File(file)))
}

/// Writes a stream's findings as they come.
struct Streamed<'a, W: Write> {
    out: &'a mut W,
    color: bool,
    jsonl: bool,
    said: &'a mut Vec<String>,
    checker: &'a mtqa_core::checks::Checker,
    worst: &'a mut Option<Severity>,
}

impl<W: Write> Streamed<'_, W> {
    fn run(
        &mut self,
        path: &std::path::Path,
        input: StreamInput,
        opts: &LoadOptions,
    ) -> Result<mtqa_core::stream::Summary, mtqa_core::stream::StreamError> {
        let stream_opts = mtqa_core::stream::StreamOptions {
            name: path.to_path_buf(),
            format: opts.format.filter(|f| *f != InputFormat::Plain),
            load: opts.clone(),
            in_flight: 2 * rayon::current_num_threads(),
        };
        let checker = self.checker;
        let mut sink = |event: mtqa_core::stream::Event| -> io::Result<()> {
            match event {
                mtqa_core::stream::Event::Window { doc, findings } => {
                    for n in checker.notes(doc) {
                        if !self.said.contains(&n) {
                            eprintln!("mtqa: note: {n}");
                            self.said.push(n);
                        }
                    }
                    *self.worst = (*self.worst).max(findings.iter().map(|f| f.severity).max());
                    if self.jsonl {
                        printer::write_jsonl(&mut *self.out, doc, findings)?;
                    } else {
                        printer::write_text(&mut *self.out, doc, findings, self.color)?;
                    }
                    // Each window's findings reach the reader as soon as they are known.
                    self.out.flush()
                }
                mtqa_core::stream::Event::Bad(e) => {
                    self.out.flush()?;
                    eprintln!("mtqa: {e}");
                    Ok(())
                }
            }
        };
        match input {
            StreamInput::Stdin => {
                mtqa_core::stream::check(io::stdin(), &stream_opts, checker, &mut sink)
            }
            StreamInput::File(f) => mtqa_core::stream::check(f, &stream_opts, checker, &mut sink),
        }
    }
}
