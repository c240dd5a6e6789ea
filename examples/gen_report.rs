//! Writes a generated report: `cargo run --release --example gen_report -- 100000 > big.txt`.
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let seed = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(42);
    print!("{}", mtqa_testkit::report(n, seed));
}
