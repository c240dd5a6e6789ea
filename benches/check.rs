//! Load + segment + all checks on a generated report of 100,000 sentences (DESIGN §8:
//! under 1 s in release on the 2-core reference machine). The corpus comes from
//! `mtqa::gen::report`, deterministic for its seed. Also measured at 25,000 and 50,000
//! sentences, to show that time grows linearly.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mtqa::checks::Checker;
use mtqa::formats::{load_bytes, LoadOptions};

fn bench(c: &mut Criterion) {
    let checker = Checker::default();
    let opts = LoadOptions::default();
    let mut group = c.benchmark_group("load_segment_check");
    group.sample_size(10);
    for n in [25_000usize, 50_000, 100_000] {
        let text = mtqa::gen::report(n, 42);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let doc = load_bytes("bench.txt".as_ref(), text.as_bytes(), &opts).expect("loads");
                let findings = checker.run(&doc);
                assert!(findings.len() > n / 40);
                findings.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
