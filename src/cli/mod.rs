//! The command-line interface: argument definitions and the subcommands, as thin layers
//! over the core. Printers write to any `io::Write`.

mod align;
mod annotations;
mod check;
mod eval;
mod output;
mod score;

pub(crate) use output::{is_stdout, may_replace, refuse_overwriting_inputs, same_file};

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use mtqa_core::checks::lexicon::{Lexicon, Lexicons};
use mtqa_core::checks::Checker;
use mtqa_core::formats::ExportFormat;
use mtqa_core::model::Severity;

/// The version `mtqa --version` prints: the package's and the commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("MTQA_COMMIT"), ")");

/// mtqa: find, annotate and export translation artifacts in machine-translated reports.
#[derive(Debug, Parser)]
#[command(name = "mtqa", version = VERSION, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do (without one: the desktop app).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A report to open in the desktop app (`mtqa FILE` = `mtqa open FILE`). A launcher
    /// may pass several files (`Exec=mtqa %F`): the first is opened.
    #[arg(value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Its source document (`mtqa FILE --source SRC` = `mtqa open --source SRC FILE`).
    #[arg(long, requires = "reports")]
    pub source: Option<PathBuf>,
    /// Close the window after this many frames (a smoke test of the real window).
    #[arg(long, hide = true)]
    pub quit_after_frames: Option<u64>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports for translation artifacts.
    Check(CheckArgs),
    /// List the automatic checks: id, category, default severity (for a target language
    /// with --lang), scope, what each finds.
    Checks(ChecksArgs),
    /// List the annotations saved for a report (its sidecar REPORT.mtqa.json).
    Annotations(AnnotationsArgs),
    /// Merge the annotation files of several annotators of one report.
    Merge(MergeArgs),
    /// Export a report with its annotations and corrections (TMX, XLIFF, TSV, JSONL, …).
    Export(ExportArgs),
    /// Score reports (with their annotations) or WMT MQM rating files: MQM, intervals, HTER.
    Score(ScoreArgs),
    /// Align the sentences of a source document and its translation.
    Align(AlignArgs),
    /// Open the desktop app, on a report if one is given.
    Open(OpenArgs),
    /// Measure the checks against professional MQM ratings (WMT/Marot TSV): false alarms on
    /// clean segments, human spans met, per check.
    Eval(EvalArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell.
    Completions(CompletionsArgs),
    /// Write the manual pages (roff), generated from these very definitions.
    Man(ManArgs),
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mtqa.1 and one page per subcommand (mtqa-check.1 …) into this folder, instead
    /// of printing mtqa.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Tables for people.
    Text,
    /// One JSON object: segments, clean, clean_flagged, categories, checks.
    Json,
}

/// The options that choose and feed the checks, shared by `check` and `eval`.
#[derive(Debug, Args, Clone, Default)]
pub struct CheckOptions {
    /// Target (MT) language, ISO 639-1 (default: from the file's metadata, else detected).
    #[arg(long, value_parser = language_code)]
    pub lang: Option<String>,
    /// Source language, ISO 639-1 (default: from the file's metadata, else detected).
    #[arg(long, value_parser = language_code)]
    pub source_lang: Option<String>,
    /// A lexicon file (TSV, see corpora/lexicons/); replaces the built-in one of its pair.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Turn off a check by id (repeatable; `mtqa checks` lists them).
    #[arg(long = "skip", value_name = "CHECK")]
    pub skip: Vec<String>,
    /// Check spelling with the Hunspell dictionary of the target language (from
    /// /usr/share/hunspell, or --dictionary). `eval` always does.
    #[arg(long)]
    pub spell: bool,
    /// A folder of Hunspell dictionaries (`de_DE.aff` + `de_DE.dic` …), looked in before
    /// the system's; implies --spell.
    #[arg(long = "dictionary", value_name = "DIR")]
    pub dictionaries: Vec<PathBuf>,
    /// A glossary (termbase): TBX (ISO 30042, TBX-Basic/TBX-Core) or a TSV of
    /// `source<TAB>target[<TAB>forbidden]` lines; turns on the terminology check.
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
}

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// An MQM ratings file: Marot's 10-column layout or the 9-column WMT21 layout.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Show up to N findings per check on segments every rater called clean.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub examples: usize,
    /// What the checks use.
    #[command(flatten)]
    pub checks: CheckOptions,
}

/// Arguments of `open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The report.
    pub file: Option<PathBuf>,
    /// Its source document: aligned with the report, shown beside it.
    #[arg(long, requires = "file")]
    pub source: Option<PathBuf>,
    /// A glossary (TBX or TSV): terminology is checked and the inspector lists the terms
    /// of each segment.
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// A reviewer's annotation file of the report (repeat for each reviewer): their spans
    /// are shown side by side, the disagreements listed to be settled into the report's
    /// own annotation file.
    #[arg(long = "annotations", value_name = "FILE", requires = "file")]
    pub reviewers: Vec<PathBuf>,
    /// Close the window after this many frames (a smoke test of the real window).
    #[arg(long, hide = true)]
    pub quit_after_frames: Option<u64>,
}

/// Output formats of `align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// One bead a line: `{"source":[…],"target":[…]}`.
    Jsonl,
    /// One bead a line: source ids, target ids, source text, target text.
    Tsv,
}

/// Arguments of `align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source document.
    pub source: PathBuf,
    /// Its translation.
    pub target: PathBuf,
    /// Treat each non-empty input line as one segment; beads give 1-based line numbers.
    #[arg(long)]
    pub lines: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AlignFormat::Jsonl)]
    pub format: AlignFormat,
    /// Length only (Gale–Church), without anchors: the baseline.
    #[arg(long)]
    pub length_only: bool,
}

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// A table for people.
    Text,
    /// Systems, segments, pairs and agreement as JSON.
    Json,
    /// One segment a line: system, doc, seg_id, mqm.
    Tsv,
    /// The review report: one self-contained HTML file.
    Html,
}

/// Arguments of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Reports (scored with their annotation files) or WMT MQM ratings TSV files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Text)]
    pub format: ScoreFormat,
    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace an existing output file that is not an earlier `mtqa score` output.
    #[arg(long)]
    pub force: bool,
    /// Pass/fail: the most penalty points per 100 words a system may have (exit 1 above it).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Seed of the bootstrap resampling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Bootstrap resamples (1 to 100,000: more adds nothing to a 95% interval but time).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=mtqa_core::score::MAX_RESAMPLES as u64))]
    pub resamples: u64,
    /// A typology file (categories, ITS types, weights) instead of schemas/typology.json.
    #[arg(long)]
    pub typology: Option<PathBuf>,
    /// How errors weigh: `marot` (Marot's defaults), `wmt21` (the WMT21 release's score
    /// files: Source errors weigh by severity), `typology` (the typology's weights), or a
    /// file of rules (first match on `severity:category` wins: a JSON list of
    /// {"name","weight","pattern"}, or NAME<TAB>WEIGHT<TAB>PATTERN lines).
    #[arg(
        long,
        default_value = "marot",
        value_name = "marot|wmt21|typology|FILE"
    )]
    pub weights: String,
    /// Trials of Marot's approximate randomization test (0 to skip it).
    #[arg(long, default_value_t = mtqa_core::score::DEFAULT_TRIALS as u64, value_parser = clap::value_parser!(u64).range(0..=mtqa_core::score::MAX_TRIALS as u64))]
    pub trials: u64,
    /// Score every segment of a ratings file; by default, as in Marot's default view,
    /// only the segments rated for all systems or for none.
    #[arg(long)]
    pub all_segments: bool,
    /// A reviewer's annotation file of the report (repeat for each reviewer): adds each
    /// reviewer's figures and their agreement per pair, the report's own annotation file
    /// standing as the adjudicated result (one report only).
    #[arg(long = "annotations", value_name = "FILE")]
    pub reviewers: Vec<PathBuf>,
}

/// The export formats on the command line: their names and help come from the formats'
/// own table ([`ExportFormat::ALL`]).
fn export_format() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = ExportFormat::ALL.map(|f| PossibleValue::new(f.id()).help(f.description()));
    // Only the table's ids get past the possible values; the fallback is never taken.
    PossibleValuesParser::new(values)
        .map(|id| ExportFormat::from_id(&id).unwrap_or(ExportFormat::ALL[0]))
}

/// Arguments of `checks`.
#[derive(Debug, Args)]
pub struct ChecksArgs {
    /// Show the defaults for this target language (ISO 639-1): checks off or neutral there.
    #[arg(long, value_parser = language_code)]
    pub lang: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ChecksFormat::Text)]
    pub format: ChecksFormat,
}

/// How `mtqa checks` writes the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecksFormat {
    /// A table for people.
    Text,
    /// One JSON array.
    Json,
    /// The Markdown page (docs/checks.md).
    Markdown,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The report (anything mtqa reads).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_parser = export_format())]
    pub format: ExportFormat,
    /// Output file (`-`: standard output; for parallel: the stem of OUT.src, OUT.mt, OUT.pe).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace an existing output file that is not an earlier export of this format.
    #[arg(long)]
    pub force: bool,
    /// Target language, ISO 639-1.
    #[arg(long, value_parser = language_code)]
    pub lang: Option<String>,
    /// Source language, ISO 639-1.
    #[arg(long, value_parser = language_code)]
    pub source_lang: Option<String>,
    /// The annotation file (default: REPORT.mtqa.json beside the report, if there is one;
    /// otherwise the annotations the input format carries).
    #[arg(long)]
    pub sidecar: Option<PathBuf>,
    /// Apply every suggested fix that is not rejected (automatic post-editing) before
    /// exporting; the annotation file is not changed.
    #[arg(long)]
    pub apply_fixes: bool,
    /// The source document: aligned with the report, so that TMX and XLIFF pair each
    /// corrected segment with its source.
    #[arg(long)]
    pub source: Option<PathBuf>,
}

/// Output formats of `annotations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// The sidecar itself.
    Json,
    /// One annotation per line.
    Jsonl,
    /// Tab-separated, with a header row.
    Tsv,
}

/// Arguments of `annotations`.
#[derive(Debug, Args)]
pub struct AnnotationsArgs {
    /// The report.
    pub report: PathBuf,
    /// The annotation file (default: REPORT.mtqa.json beside the report).
    #[arg(long)]
    pub sidecar: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Tsv)]
    pub format: ListFormat,
    /// Restore the autosaved work an editing session left (REPORT.mtqa.json.autosave) into
    /// the annotation file first; the replaced file is kept as `….replaced-<time>`.
    #[arg(long)]
    pub restore: bool,
}

/// Arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Annotation files of the same report.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Where to write the merged file (`-`: standard output).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace an existing file that is not an annotation file.
    #[arg(long)]
    pub force: bool,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: `file:line:col`, the line with the span marked, the message.
    Text,
    /// The whole report as one JSON document (schemas/check-report.schema.json).
    Json,
    /// One finding per line.
    Jsonl,
}

/// Severity threshold for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Minor and above.
    Minor,
    /// Major and above.
    Major,
    /// Critical only.
    Critical,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Minor => Severity::Minor,
            FailOn::Major => Severity::Major,
            FailOn::Critical => Severity::Critical,
        }
    }
}

/// Input formats that can be forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Plain report.
    Plain,
    /// JSON Lines.
    Jsonl,
    /// Tab-separated values.
    Tsv,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Reports to check (.txt and anything else: plain report; .jsonl; .tsv). `-` reads
    /// standard input: a stream of JSON Lines or TSV records (told from the first one, or
    /// --input-format), checked window by window as it comes; JSON Lines and TSV files are
    /// streamed too. `mtqa checks` says which checks see a window rather than the file.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// What the checks use.
    #[command(flatten)]
    pub checks: CheckOptions,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Major)]
    pub fail_on: FailOn,
    /// Read every file in this format instead of choosing by extension.
    #[arg(long, value_enum)]
    pub input_format: Option<InputArg>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Save the findings as open annotations in the report's sidecar (REPORT.mtqa.json),
    /// merging with what is there: decided findings keep their decision.
    #[arg(long)]
    pub save: bool,
    /// The annotation file for --save (one report only; default: beside the report).
    #[arg(long, requires = "save")]
    pub sidecar: Option<PathBuf>,
    /// The source document the report translates: it is segmented, aligned with the
    /// report, and the source-aware checks run (one report only).
    #[arg(long)]
    pub source: Option<PathBuf>,
    /// Threads to check with (default: every core). The output is the same for any number.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// Runs a parsed command line; returns the process exit status.
/// Errors that stop the whole run (bad arguments, an unreadable lexicon) are returned.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Annotations(args)) => annotations::list(&args),
        Some(Command::Merge(args)) => annotations::merge(&args),
        Some(Command::Export(args)) => annotations::export(&args),
        Some(Command::Score(args)) => score::run(&args),
        Some(Command::Align(args)) => align::run(&args),
        Some(Command::Open(args)) => {
            let glossary = match &args.glossary {
                Some(g) => Some(mtqa_core::checks::glossary::Glossary::load(g)?),
                None => None,
            };
            for r in &args.reviewers {
                if !r.is_file() {
                    anyhow::bail!("{}: no such annotation file", r.display());
                }
            }
            open_app(
                args.file,
                args.source,
                glossary,
                args.reviewers,
                args.quit_after_frames,
            )
        }
        Some(Command::Eval(args)) => eval::run(&args),
        Some(Command::Completions(args)) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "mtqa", &mut io::stdout());
            Ok(0)
        }
        Some(Command::Man(args)) => man(&args),
        Some(Command::Checks(args)) => {
            let mut out = io::stdout().lock();
            let lang = args.lang.as_deref();
            match args.format {
                ChecksFormat::Text => mtqa_core::checks::catalogue::write_text(&mut out, lang)?,
                ChecksFormat::Json => mtqa_core::checks::catalogue::write_json(&mut out, lang)?,
                ChecksFormat::Markdown => {
                    out.write_all(mtqa_core::checks::catalogue::markdown().as_bytes())?
                }
            }
            Ok(0)
        }
        // `mtqa` and `mtqa FILE`: the desktop app.
        None => {
            if let Some(first) = cli.reports.first().filter(|p| !p.exists()) {
                return Err(not_a_file_nor_subcommand(first));
            }
            let mut reports = cli.reports.into_iter();
            let first = reports.next();
            let rest: Vec<String> = reports.map(|p| p.display().to_string()).collect();
            if !rest.is_empty() {
                eprintln!(
                    "mtqa: one report a window: opening {}; not {}",
                    first
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    rest.join(", ")
                );
            }
            open_app(first, cli.source, None, Vec::new(), cli.quit_after_frames)
        }
    }
}

/// A language given on the command line: a language tag (`en`, `en-GB`, `fra`) whose
/// primary subtag is an ISO 639 code mtqa knows; `xx` is refused, not taken on trust.
fn language_code(v: &str) -> Result<String, String> {
    match mtqa_core::lang::normalize_code(v) {
        Some(code) if mtqa_core::lang::is_known_code(&code) => Ok(v.to_string()),
        Some(code) => Err(format!(
            "{code:?} is not an ISO 639 language code (such as `en`, `fr`, `zh`)"
        )),
        None => Err("expected an ISO 639-1 code such as `en`".to_string()),
    }
}

/// The checker that `opts` asks for; bad ids, codes and files are errors.
pub(crate) fn checker_from(opts: &CheckOptions) -> anyhow::Result<Checker> {
    for id in &opts.skip {
        if mtqa_core::checks::find(id).is_none() {
            anyhow::bail!("--skip {id}: no such check (`mtqa checks` lists them)");
        }
    }
    let mut lexicons = Lexicons::builtin();
    for path in &opts.lexicons {
        lexicons.replace(Lexicon::load(path)?);
    }
    for d in &opts.dictionaries {
        if !d.is_dir() {
            anyhow::bail!("--dictionary {}: not a folder", d.display());
        }
    }
    let mut checker = Checker::new(lexicons).skip(opts.skip.iter().cloned());
    if let Some(g) = &opts.glossary {
        checker = checker.glossary(mtqa_core::checks::glossary::Glossary::load(g)?);
    }
    Ok(if opts.spell || !opts.dictionaries.is_empty() {
        checker.spelling(opts.dictionaries.clone())
    } else {
        checker
    })
}

/// `mtqa frobnicate`: neither a report nor a subcommand; the nearest subcommand is offered.
fn not_a_file_nor_subcommand(arg: &std::path::Path) -> anyhow::Error {
    let word = arg.display().to_string();
    let cmd = <Cli as clap::CommandFactory>::command();
    let nearest = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| {
            (
                strsim::jaro_winkler(&word, c.get_name()),
                c.get_name().to_string(),
            )
        })
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| format!(" (a subcommand like `{name}`?)"))
        .unwrap_or_default();
    anyhow::anyhow!(
        "unrecognized subcommand or missing file '{word}'{nearest}: `mtqa --help` lists the subcommands; `mtqa FILE` opens a report"
    )
}

/// Renders the manual pages from the clap definitions, so that they never drift from `--help`.
fn man(args: &ManArgs) -> anyhow::Result<i32> {
    use anyhow::Context;
    let cmd = <Cli as clap::CommandFactory>::command();
    let Some(dir) = &args.dir else {
        clap_mangen::Man::new(cmd).render(&mut io::stdout())?;
        return Ok(0);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let write = |name: &str, page: clap_mangen::Man| -> anyhow::Result<()> {
        let mut out = Vec::new();
        page.render(&mut out)?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, out).with_context(|| format!("{}: cannot write", path.display()))
    };
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("mtqa-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).version(VERSION);
        write(&name, clap_mangen::Man::new(sub))?;
    }
    write("mtqa", clap_mangen::Man::new(cmd))?;
    Ok(0)
}

/// Opens the desktop app (when this mtqa was built with it).
fn open_app(
    file: Option<PathBuf>,
    source: Option<PathBuf>,
    glossary: Option<mtqa_core::checks::glossary::Glossary>,
    reviewers: Vec<PathBuf>,
    quit_after_frames: Option<u64>,
) -> anyhow::Result<i32> {
    #[cfg(feature = "gui")]
    {
        mtqa_gui::run(file, source, glossary, reviewers, quit_after_frames)?;
        Ok(0)
    }
    #[cfg(not(feature = "gui"))]
    {
        let _ = (file, source, glossary, reviewers, quit_after_frames);
        anyhow::bail!("this mtqa was built without the desktop app (feature `gui`); use `mtqa check FILE`, or `mtqa --help`")
    }
}
