//! Test helper for the crash-safety soak test (tests/soak.rs): saves generated annotation
//! files of `N` annotations to `PATH` over and over, state `START`, `START+1`, …, printing
//! each state number once it is saved, until killed.
//!
//! `mtqa-soak PATH N START`

use std::io::Write;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: mtqa-soak PATH N START"))?,
    );
    let n: usize = args.next().unwrap_or_default().parse()?;
    let start: u64 = args.next().unwrap_or_default().parse()?;
    let base = mtqa::gen::sidecar(n, 0);
    let mut stdout = std::io::stdout();
    for version in start.. {
        let mut sc = base.clone();
        sc.report.file = format!("soak-{version}.txt");
        sc.report.sha256 = format!("{version:064x}");
        mtqa::project::atomic_write(&path, &sc.to_bytes())?;
        writeln!(stdout, "{version}")?;
        stdout.flush()?;
    }
    Ok(())
}
