//! `check --save`, `annotations` and `merge`: the sidecar from the command line.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use super::{AnnotationsArgs, ExportArgs, ListFormat, MergeArgs};
use mtqa_core::annotate::now_rfc3339;
use mtqa_core::formats::ExportFormat;
use mtqa_core::formats::LoadOptions;
use mtqa_core::model::Document;
use mtqa_core::progress::Progress;
use mtqa_core::project::{self, Sidecar};
use mtqa_core::workspace::{open_report, Annotations, OpenError, OpenOptions, OpenedReport};

/// `check --save`: writes the annotations of a report opened for writing (its annotation
/// file, the input's own annotations and the findings merged), saying what changed.
pub fn save_findings(opened: &OpenedReport) -> anyhow::Result<()> {
    let path = &opened.sidecar_path;
    for n in &opened.sidecar.notes {
        eprintln!("mtqa: note: {n}");
    }
    if let Some(r) = &opened.reanchored {
        eprintln!(
            "mtqa: {}: the report changed since it was annotated: {} annotation(s) in place, {} moved, {} orphaned (kept, marked `orphaned`)",
            path.display(),
            r.unchanged,
            r.moved,
            r.orphaned.len()
        );
    }
    if let Some(rec) = &opened.recovery {
        eprintln!("mtqa: note: {} holds unsaved work of an editing session; open the report in mtqa to restore it", rec.display());
    }
    if let Some((e, aside)) = &opened.set_aside {
        eprintln!(
            "mtqa: {e}; it is kept as {}, and a new annotation file is started",
            aside.display()
        );
    }
    if opened.imported > 0 {
        eprintln!(
            "mtqa: {}: {} annotation(s) of {} taken in",
            path.display(),
            opened.imported,
            opened.doc.path.display()
        );
    }
    let m = opened.merged.unwrap_or_default();
    let after = opened.to_bytes();
    if opened
        .digest
        .as_ref()
        .is_some_and(|b| *b == project::sha256_hex(&after))
    {
        eprintln!(
            "mtqa: {}: unchanged ({} annotations)",
            path.display(),
            opened.sidecar.set.annotations.len()
        );
        return Ok(());
    }
    project::save_bytes(path, &after, opened.stamp.as_ref())?;
    drop(after);
    eprintln!(
        "mtqa: {}: {} annotation(s): {} new, {} kept, {} no longer found{}",
        path.display(),
        opened.sidecar.set.annotations.len(),
        m.added,
        m.kept,
        m.removed,
        if m.orphaned > 0 {
            format!(
                "; {} no longer found but carrying an editor's words: kept, marked orphaned",
                m.orphaned
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// What a read-only command says about the annotation file it read: its notes (renumbered
/// ids …) and whether the report changed since it was annotated.
fn say_notes(opened: &OpenedReport) {
    for n in &opened.sidecar.notes {
        eprintln!("mtqa: note: {n}");
    }
    if let Some(r) = &opened.reanchored {
        eprintln!(
            "mtqa: the report changed since it was annotated: {} moved, {} orphaned",
            r.moved,
            r.orphaned.len()
        );
    }
}

/// The write lock of an annotation file, saying so when another mtqa holds it.
pub(crate) fn write_lock(path: &Path) -> anyhow::Result<project::WriteLock> {
    Ok(project::lock_for_writing(path, || {
        eprintln!(
            "mtqa: {}: another mtqa is writing it; waiting",
            path.display()
        )
    })?)
}

use mtqa_core::text::escape::line as tsv_field;

/// `annotations REPORT`.
pub fn list(args: &AnnotationsArgs) -> anyhow::Result<i32> {
    let path = args
        .sidecar
        .clone()
        .unwrap_or_else(|| project::sidecar_path(&args.report));
    if args.restore {
        let _lock = write_lock(&path)?;
        match project::restore_recovery(&path)? {
            Some(sc) => eprintln!(
                "mtqa: {}: restored {} annotation(s) from the autosave of an unsaved session; the file it replaced is kept beside it as `{}.replaced-<time>`",
                path.display(),
                sc.set.annotations.len(),
                path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
            ),
            None => anyhow::bail!(
                "{}: nothing to restore: there is no autosave ({})",
                path.display(),
                project::autosave_path(&path).display()
            ),
        }
    }
    // Where the report is at hand, annotations are placed in it again if it changed.
    let open = OpenOptions {
        sidecar: Some(path.clone()),
        annotations: Annotations::Read,
        ..OpenOptions::default()
    };
    let mut sc = match open_report(&args.report, None, &open, &Progress::new()) {
        Ok(opened) => {
            if !opened.had_annotations() {
                anyhow::bail!(
                    "{}: no annotations (run `mtqa check --save {}` or annotate it in the app)",
                    path.display(),
                    args.report.display()
                );
            }
            say_notes(&opened);
            opened.sidecar
        }
        Err(OpenError::Sidecar(e)) => return Err(e.into()),
        Err(OpenError::Load(_)) => match project::read(&path)? {
            Some((sc, _)) => {
                for n in &sc.notes {
                    eprintln!("mtqa: note: {n}");
                }
                sc
            }
            None => anyhow::bail!(
                "{}: no annotations (run `mtqa check --save {}` or annotate it in the app)",
                path.display(),
                args.report.display()
            ),
        },
    };
    if let Some(rec) = project::recovery(&path) {
        eprintln!(
            "mtqa: note: {} holds unsaved work of an editing session",
            rec.display()
        );
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Json => out.write_all(&sc.to_bytes())?,
        ListFormat::Jsonl => {
            sc.set.sort();
            for a in &sc.set.annotations {
                serde_json::to_writer(&mut out, a)?;
                out.write_all(b"\n")?;
            }
        }
        ListFormat::Tsv => {
            sc.set.sort();
            writeln!(out, "id\tsegment\tstart\tend\tquote\tcategory\tseverity\tstatus\tannotator\torigin\tcomment\tcorrection\torphaned")?;
            for a in &sc.set.annotations {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    tsv_field(&a.id),
                    a.segment.as_deref().unwrap_or(""),
                    a.anchor.start,
                    a.anchor.end,
                    tsv_field(&a.anchor.quote),
                    tsv_field(&a.category),
                    a.severity,
                    a.status.as_str(),
                    tsv_field(&a.annotator),
                    tsv_field(&a.origin),
                    tsv_field(&a.comment),
                    a.correction.as_deref().map(tsv_field).unwrap_or_default(),
                    a.orphaned
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

/// `merge A B … -o OUT`.
pub fn merge(args: &MergeArgs) -> anyhow::Result<i32> {
    let to_stdout = super::is_stdout(&args.output);
    // An existing output is an annotation file (one of those merged, or an earlier
    // merge), else it is left alone unless --force.
    super::may_replace(&args.output, args.force, "annotation file", |head| {
        head.contains(project::FORMAT)
    })?;
    // The output may be one of the files merged (`merge S.json b.json -o S.json`): read
    // and write under its folder's lock, so a concurrent check --save waits.
    let _lock = if to_stdout {
        None
    } else {
        Some(write_lock(&args.output)?)
    };
    let mut merged: Option<(Sidecar, &Path)> = None;
    for path in &args.files {
        let Some((sc, _)) = project::read(path)? else {
            anyhow::bail!("{}: no such annotation file", path.display());
        };
        // The output may be one of the annotation files merged, never their report.
        let report = path
            .parent()
            .map(|d| d.join(&sc.report.file))
            .filter(|_| !sc.report.file.is_empty());
        if let Some(report) = report.filter(|r| super::same_file(&args.output, r)) {
            anyhow::bail!(
                "-o {}: that is the report {} annotates; write the merged annotations to its annotation file ({}) or another file",
                args.output.display(),
                path.display(),
                project::sidecar_path(&report).display()
            );
        }
        merged = Some(match merged {
            None => (sc, path.as_path()),
            Some((acc, first)) => (project::merge(&acc, first, &sc, path)?, first),
        });
    }
    let Some((out, _)) = merged else {
        anyhow::bail!("nothing to merge")
    };
    if to_stdout {
        std::io::Write::write_all(&mut std::io::stdout().lock(), &out.to_bytes())?;
        return Ok(0);
    }
    project::atomic_write(&args.output, &out.to_bytes())
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    let conflicts = out.set.annotations.iter().filter(|a| a.conflict).count();
    eprintln!(
        "mtqa: {}: {} annotation(s) from {} files; {} conflict(s){}",
        args.output.display(),
        out.set.annotations.len(),
        args.files.len(),
        out.conflicts.len(),
        if conflicts > 0 || !out.conflicts.is_empty() {
            " (marked `conflict`, every version listed under `conflicts`)"
        } else {
            ""
        }
    );
    Ok(0)
}

/// `export FILE --format F -o OUT`.
pub fn export(args: &ExportArgs) -> anyhow::Result<i32> {
    let format = args.format;
    // The output is checked before anything is read: never an input, never a file
    // mtqa did not write unless told.
    let to_stdout = super::is_stdout(&args.output);
    if to_stdout && format == ExportFormat::Parallel {
        anyhow::bail!("{}", mtqa_core::formats::export::ExportError::NotOneFile);
    }
    if !to_stdout {
        let inputs: Vec<std::path::PathBuf> = [
            Some(&args.file),
            args.source.as_ref(),
            args.sidecar.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        let outputs = if format == ExportFormat::Parallel {
            mtqa_core::formats::parallel::paths(&args.output).to_vec()
        } else {
            vec![args.output.clone()]
        };
        for out in &outputs {
            super::refuse_overwriting_inputs(out, &inputs)?;
            super::may_replace(out, args.force, "export of this format", |head| {
                format.is_earlier_export(head)
            })?;
        }
    }
    let opts = LoadOptions {
        lang: args.lang.clone(),
        source_lang: args.source_lang.clone(),
        format: None,
        texts_only: false,
    };
    let open = OpenOptions {
        load: opts,
        sidecar: args.sidecar.clone(),
        annotations: Annotations::Read,
        embedded: true,
        ..OpenOptions::default()
    };
    let opened = open_report(&args.file, args.source.as_deref(), &open, &Progress::new())?;
    if args.sidecar.is_some() && !opened.had_annotations() {
        anyhow::bail!("{}: no such annotation file", opened.sidecar_path.display());
    }
    say_notes(&opened);
    let doc = opened.doc;
    let set = opened.sidecar.set;
    let mut set = set;
    if args.apply_fixes {
        let n = apply_all_fixes(&doc, &mut set);
        eprintln!("mtqa: applied {n} suggested fix(es)");
    }
    if to_stdout {
        let bytes = mtqa_core::formats::export::render(&doc, &set, format)?;
        std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)?;
        return Ok(0);
    }
    let written = mtqa_core::formats::export::export(&doc, &set, format, &args.output)?;
    for w in written {
        eprintln!(
            "mtqa: wrote {} ({} segments, {} annotations)",
            w.display(),
            doc.segments.len(),
            set.annotations.len()
        );
    }
    Ok(0)
}

/// Applies every suggested fix of a non-rejected annotation, right to left within each
/// segment so that earlier offsets stay valid; fixes whose text was already changed (an
/// overlapping fix) are skipped. Returns how many were applied.
pub fn apply_all_fixes(doc: &Document, set: &mut mtqa_core::annotate::AnnotationSet) -> usize {
    use mtqa_core::annotate::{apply, Op, Status};
    let now = now_rfc3339();
    let mut todo: Vec<(usize, usize, String)> = set
        .annotations
        .iter()
        .filter(|a| a.status != Status::Rejected && a.correction.is_some())
        .filter_map(|a| {
            let seg = a.segment.as_deref()?;
            let i = doc.segments.iter().position(|s| s.id == seg)?;
            Some((i, a.anchor.start, a.id.clone()))
        })
        .collect();
    todo.sort_by_key(|a| (a.0, std::cmp::Reverse(a.1)));
    let mut n = 0;
    for (i, _, id) in todo {
        let op = Op::ApplyFix {
            id,
            mt: doc.segments[i].text.to_string(),
            annotator: "mtqa".into(),
        };
        if apply(set, op, &now).is_ok() {
            n += 1;
        }
    }
    n
}
