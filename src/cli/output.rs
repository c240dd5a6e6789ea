//! The rules for what a command writes: never an input or an annotation file it was not
//! asked to write, an existing file only when it is mtqa's own earlier output or with
//! `--force`, `-o -` for standard output.

use std::path::PathBuf;

/// The same file, however it is spelled (`./././r.txt`, a link): canonical paths where
/// they exist, the canonical folder and the name where only the folder does.
pub(crate) fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    fn canon(p: &std::path::Path) -> Option<PathBuf> {
        if let Ok(c) = std::fs::canonicalize(p) {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
    }
    match (canon(a), canon(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Refuses an output that would replace one of the inputs or a report's annotation file.
pub(crate) fn refuse_overwriting_inputs(
    output: &std::path::Path,
    inputs: &[PathBuf],
) -> anyhow::Result<()> {
    for input in inputs {
        if same_file(output, input) {
            anyhow::bail!(
                "-o {}: that is an input of this command; it is never overwritten (give another file)",
                output.display()
            );
        }
        let sidecar = mtqa_core::project::sidecar_path(input);
        if same_file(output, &sidecar) {
            anyhow::bail!(
                "-o {}: that is the annotation file of {}; it is never overwritten by this command",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// True for `-o -`: standard output.
pub(crate) fn is_stdout(output: &std::path::Path) -> bool {
    output.as_os_str() == "-"
}

/// The rule for an output file that already exists: it is replaced only with `--force`,
/// or when it is empty or mtqa's own earlier output of the same kind (`is_ours`, on its
/// first 64 KiB), so that re-running a command replaces what it wrote and nothing else.
pub(crate) fn may_replace(
    output: &std::path::Path,
    force: bool,
    kind: &str,
    is_ours: impl Fn(&str) -> bool,
) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Read;
    if force || is_stdout(output) {
        return Ok(());
    }
    let Ok(meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    if meta.is_dir() {
        anyhow::bail!("-o {}: that is a folder", output.display());
    }
    let mut head = Vec::new();
    std::fs::File::open(output)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .with_context(|| format!("-o {}: cannot read it to see what it is", output.display()))?;
    if head.is_empty() || is_ours(&String::from_utf8_lossy(&head)) {
        return Ok(());
    }
    anyhow::bail!(
        "-o {}: the file exists and is not an earlier {kind} by mtqa; it is not replaced (give --force to replace it, or another file)",
        output.display()
    )
}
