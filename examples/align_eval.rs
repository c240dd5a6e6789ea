//! Alignment quality on generated document pairs with a known gold alignment:
//! `cargo run --release --example align_eval [PAIRS_TSV]`. Without a file, uses the
//! synthetic French–English news pairs of `mtqa_core::align::eval::synthetic_pairs`; with a
//! TSV of `source<TAB>target` lines, uses those.
use mtqa_core::align::eval::{make, score, synthetic_pairs, Mix};
use mtqa_core::align::{align, Options};

fn main() {
    let pairs: Vec<(String, String)> = match std::env::args().nth(1) {
        Some(p) => std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                l.split_once('\t')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
            .collect(),
        None => synthetic_pairs(5000, 3),
    };
    let mut totals = [(0.0, 0.0, 0.0); 2];
    let runs = 10;
    for seed in 0..runs {
        let g = make(&pairs, &Mix::default(), seed);
        let s: Vec<&str> = g.source.iter().map(String::as_str).collect();
        let t: Vec<&str> = g.target.iter().map(String::as_str).collect();
        for (k, anchors) in [true, false].into_iter().enumerate() {
            let beads = align(
                &s,
                &t,
                &Options {
                    anchors,
                    ..Options::default()
                },
            );
            let (p, r, f) = score(&beads, &g.beads);
            totals[k].0 += p / runs as f64;
            totals[k].1 += r / runs as f64;
            totals[k].2 += f / runs as f64;
        }
    }
    println!("{} pairs, {runs} generated document pairs", pairs.len());
    println!(
        "length + anchors: P {:.4} R {:.4} F1 {:.4}",
        totals[0].0, totals[0].1, totals[0].2
    );
    println!(
        "length only:      P {:.4} R {:.4} F1 {:.4}",
        totals[1].0, totals[1].1, totals[1].2
    );
}
