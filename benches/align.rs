//! Aligning two 10,000-sentence documents (issue target: under 1 s in release), with the
//! anchors and with the length-only baseline; documents from `mtqa_core::align::eval`.

use criterion::{criterion_group, criterion_main, Criterion};
use mtqa_core::align::eval::{make, synthetic_pairs, Mix};
use mtqa_core::align::{align, Options};

fn bench(c: &mut Criterion) {
    let g = make(&synthetic_pairs(10_900, 5), &Mix::default(), 1);
    let s: Vec<&str> = g.source.iter().map(String::as_str).collect();
    let t: Vec<&str> = g.target.iter().map(String::as_str).collect();
    assert!(
        s.len() >= 10_000 && t.len() >= 10_000,
        "{} × {}",
        s.len(),
        t.len()
    );
    let mut group = c.benchmark_group("align_10k_sentences");
    group.sample_size(10);
    group.bench_function("length+anchors", |b| {
        b.iter(|| align(&s, &t, &Options::default()).len())
    });
    group.bench_function("length_only", |b| {
        b.iter(|| {
            align(
                &s,
                &t,
                &Options {
                    anchors: false,
                    ..Options::default()
                },
            )
            .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
