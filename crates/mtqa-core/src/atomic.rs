//! Atomic file replacement: write a temporary file in the same folder, fsync it, rename it
//! over the target, fsync the folder. A crash at any moment leaves the old file or the new
//! one, never a mix; an error (full disk, read-only folder) leaves the old file untouched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// The file a write to `path` must replace: `path` itself, or, when `path` is a symbolic
/// link, the file it points to (followed to the end of a chain), so that the link stays a
/// link and whatever else points to that file sees the new content.
pub fn write_target(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // A chain longer than the kernel's own limit (40) is a loop: stop there.
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(t) if t.is_absolute() => p = t,
                Ok(t) => {
                    p = p.parent().map_or_else(|| t.clone(), |dir| dir.join(&t));
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// Replaces `path` with `bytes` atomically (through a symbolic link: see [`write_target`]).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic_write_with(path, bytes, |f, b| f.write_all(b))
}

/// As [`atomic_write`], writing through `write` (tests use it to simulate a full disk).
pub fn atomic_write_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let target = write_target(path);
    let path = target.as_path();
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        // The new file keeps the permissions of the one it replaces.
        if let Ok(old) = fs::metadata(path) {
            f.set_permissions(old.permissions())?;
        }
        write(&mut f, bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
