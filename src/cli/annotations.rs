//! `check --save`, `annotations` and `merge`: the sidecar from the command line.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use super::{AnnotationsArgs, ExportArg, ExportArgs, ListFormat, MergeArgs};
use crate::annotate::now_rfc3339;
use crate::formats::export::ExportFormat;
use crate::formats::{self, LoadOptions};
use crate::model::{Document, Finding};
use crate::project::{self, ReportRef, Sidecar, SidecarError};

fn report_ref(doc: &Document) -> anyhow::Result<ReportRef> {
    let bytes =
        std::fs::read(&doc.path).with_context(|| format!("{}: cannot read", doc.path.display()))?;
    Ok(ReportRef {
        file: doc
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        sha256: project::sha256_hex(&bytes),
        segments: doc.segments.len(),
    })
}

/// `check --save`: merges the findings into the report's sidecar.
pub fn save_findings(
    doc: &Document,
    imported: crate::annotate::AnnotationSet,
    findings: &[Finding],
    sidecar: Option<&Path>,
) -> anyhow::Result<()> {
    let path = sidecar.map_or_else(|| project::sidecar_path(&doc.path), Path::to_path_buf);
    let report = report_ref(doc)?;
    // Read, merge and save under the folder's write lock: another writer of this file
    // (a merge, another check --save) waits its turn, and nothing either writes is lost.
    let _lock = write_lock(&path)?;
    let (mut sc, stamp, existed) = match project::open(doc, &report.sha256, &path) {
        Ok(o) => {
            for n in &o.sidecar.notes {
                eprintln!("mtqa: note: {n}");
            }
            if let Some(r) = &o.reanchored {
                eprintln!(
                    "mtqa: {}: the report changed since it was annotated: {} annotation(s) in place, {} moved, {} orphaned (kept, marked `orphaned`)",
                    path.display(),
                    r.unchanged,
                    r.moved,
                    r.orphaned.len()
                );
            }
            if let Some(rec) = &o.recovery {
                eprintln!("mtqa: note: {} holds unsaved work of an editing session; open the report in mtqa to restore it", rec.display());
            }
            let existed = o.stamp.is_some();
            (o.sidecar, o.stamp, existed)
        }
        Err(e @ SidecarError::Corrupt { .. }) => {
            let aside = project::set_aside_corrupt(&path)?;
            eprintln!(
                "mtqa: {e}; it is kept as {}, and a new annotation file is started",
                aside.display()
            );
            (Sidecar::new(report.clone()), None, false)
        }
        Err(e) => return Err(e.into()),
    };
    // Only a digest of the file as it was is kept: a large annotation file is not held
    // twice.
    let before = existed.then(|| project::sha256_hex(&sc.to_bytes()));
    sc.report = report;
    if let Some(b) = &doc.bilingual {
        let bytes =
            std::fs::read(&b.path).with_context(|| format!("{}: cannot read", b.path.display()))?;
        sc.set.alignment = Some(crate::annotate::Alignment {
            source_file: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            source_sha256: project::sha256_hex(&bytes),
            beads: b.beads.clone(),
        });
    }
    let from_input = project::merge_imported(&mut sc.set, imported);
    if from_input > 0 {
        eprintln!(
            "mtqa: {}: {from_input} annotation(s) of {} taken in",
            path.display(),
            doc.path.display()
        );
    }
    let fresh = project::findings_to_annotations(doc, findings, "mtqa", &now_rfc3339());
    let m = project::merge_findings(&mut sc.set, fresh);
    let after = sc.to_bytes();
    if before.is_some_and(|b| b == project::sha256_hex(&after)) {
        eprintln!(
            "mtqa: {}: unchanged ({} annotations)",
            path.display(),
            sc.set.annotations.len()
        );
        return Ok(());
    }
    project::save_bytes(&path, &after, stamp.as_ref())?;
    drop(after);
    eprintln!(
        "mtqa: {}: {} annotation(s): {} new, {} kept, {} no longer found{}",
        path.display(),
        sc.set.annotations.len(),
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

/// The write lock of an annotation file, saying so when another mtqa holds it.
fn write_lock(path: &Path) -> anyhow::Result<project::WriteLock> {
    Ok(project::lock_for_writing(path, || {
        eprintln!(
            "mtqa: {}: another mtqa is writing it; waiting",
            path.display()
        )
    })?)
}

fn tsv_field(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

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
    let mut sc = match formats::load(&args.report, &LoadOptions::default()) {
        Ok(doc) => {
            let opened = project::open(&doc, &report_ref(&doc)?.sha256, &path)?;
            if opened.stamp.is_none() {
                anyhow::bail!(
                    "{}: no annotations (run `mtqa check --save {}` or annotate it in the app)",
                    path.display(),
                    args.report.display()
                );
            }
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
            opened.sidecar
        }
        Err(_) => match project::read(&path)? {
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

/// What an earlier export of `format` by mtqa starts with (text and parallel text have
/// no mark of their own).
fn is_export_of(format: ExportFormat, head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    match format {
        ExportFormat::Tmx => head.contains("creationtool=\"mtqa\""),
        ExportFormat::Xliff => head.contains("urn:mtqa:review:1"),
        ExportFormat::Tsv => first == "id\tsource\tmt\tcorrected\tannotations",
        ExportFormat::Jsonl => first.starts_with("{\"id\":") && first.contains("\"corrected\":"),
        ExportFormat::MqmTsv => first == crate::formats::mqm::MAROT_HEADER.join("\t"),
        ExportFormat::Anthea => {
            first.starts_with("{\"source_language\":") && first.contains("\"source-language\":")
        }
        ExportFormat::Text | ExportFormat::Parallel => false,
    }
}

/// `export FILE --format F -o OUT`.
pub fn export(args: &ExportArgs) -> anyhow::Result<i32> {
    let format = match args.format {
        ExportArg::Tmx => ExportFormat::Tmx,
        ExportArg::Xliff => ExportFormat::Xliff,
        ExportArg::Tsv => ExportFormat::Tsv,
        ExportArg::Jsonl => ExportFormat::Jsonl,
        ExportArg::Parallel => ExportFormat::Parallel,
        ExportArg::Text => ExportFormat::Text,
        ExportArg::MqmTsv => ExportFormat::MqmTsv,
        ExportArg::Anthea => ExportFormat::Anthea,
    };
    // The output is checked before anything is read: never an input, never a file
    // mtqa did not write unless told.
    let to_stdout = super::is_stdout(&args.output);
    if to_stdout && format == ExportFormat::Parallel {
        anyhow::bail!("{}", crate::formats::export::ExportError::NotOneFile);
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
            crate::formats::export::parallel_paths(&args.output).to_vec()
        } else {
            vec![args.output.clone()]
        };
        for out in &outputs {
            super::refuse_overwriting_inputs(out, &inputs)?;
            super::may_replace(out, args.force, "export of this format", |head| {
                is_export_of(format, head)
            })?;
        }
    }
    let opts = LoadOptions {
        lang: args.lang.clone(),
        source_lang: args.source_lang.clone(),
        format: None,
        texts_only: false,
    };
    let (mut doc, embedded) = formats::load_full(&args.file, &opts)?;
    let source = match &args.source {
        Some(p) => Some(formats::load(
            p,
            &LoadOptions {
                lang: args.source_lang.clone(),
                ..LoadOptions::default()
            },
        )?),
        None => None,
    };
    let path = args
        .sidecar
        .clone()
        .unwrap_or_else(|| project::sidecar_path(&args.file));
    let opened = project::open(&doc, &report_ref(&doc)?.sha256, &path)?;
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
    let set = if opened.stamp.is_some() {
        crate::annotate::apply_segmentation(&mut doc, &opened.sidecar.set);
        opened.sidecar.set
    } else if args.sidecar.is_some() {
        anyhow::bail!("{}: no such annotation file", path.display());
    } else {
        embedded
    };
    if let Some(src) = &source {
        crate::align::attach_source(&mut doc, src, &crate::align::Options::default());
    }
    let mut set = set;
    if args.apply_fixes {
        let n = apply_all_fixes(&doc, &mut set);
        eprintln!("mtqa: applied {n} suggested fix(es)");
    }
    if to_stdout {
        let bytes = crate::formats::export::render(&doc, &set, format)?;
        std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)?;
        return Ok(0);
    }
    let written = crate::formats::export::export(&doc, &set, format, &args.output)?;
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
pub fn apply_all_fixes(doc: &Document, set: &mut crate::annotate::AnnotationSet) -> usize {
    use crate::annotate::{apply, Op, Status};
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

/// The alignment saved in the report's annotation file, if it was made for these very
/// documents (same report and same source bytes).
pub fn saved_alignment(
    doc: &Document,
    source: &Document,
    sidecar: Option<&Path>,
) -> Option<Vec<crate::model::Bead>> {
    let path = sidecar.map_or_else(|| project::sidecar_path(&doc.path), Path::to_path_buf);
    let (sc, _) = project::read(&path).ok()??;
    let a = sc.set.alignment?;
    let report = project::sha256_hex(&std::fs::read(&doc.path).ok()?);
    let src = project::sha256_hex(&std::fs::read(&source.path).ok()?);
    (sc.report.sha256 == report && a.source_sha256 == src).then_some(a.beads)
}
