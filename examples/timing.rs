//! Prints where the time goes on a generated report: `cargo run --release --example timing`.
use std::time::Instant;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = mtqa_testkit::report(n, 42);
    let t = Instant::now();
    let doc =
        mtqa_core::formats::load_bytes("x.txt".as_ref(), text.as_bytes(), &Default::default())
            .expect("load");
    let load = t.elapsed();
    let checker = mtqa_core::checks::Checker::default();
    let t = Instant::now();
    let f = checker.run(&doc);
    let check = t.elapsed();
    println!(
        "{} bytes, {} segments, {} findings: load+segment+languages {:?}, checks {:?}",
        text.len(),
        doc.segments.len(),
        f.len(),
        load,
        check
    );
}
