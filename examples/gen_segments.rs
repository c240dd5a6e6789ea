//! Writes a generated corpus of segment records as JSON Lines, one line at a time (any
//! size, constant memory): `cargo run --release --example gen_segments -- 200000 > c.jsonl`.
use std::io::Write;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let seed = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(42);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in mtqa_testkit::segments(n, seed) {
        // A closed pipe (`| head`) ends the run quietly.
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
