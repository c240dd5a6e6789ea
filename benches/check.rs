//! Load + segment + all checks on a generated report of 100,000 sentences (target:
//! under 1 s in release on the 2-core reference machine). The corpus comes from
//! `mtqa_testkit::report`, deterministic for its seed. Also measured at 25,000 and 50,000
//! sentences, to show that time grows linearly.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mtqa_core::checks::Checker;
use mtqa_core::formats::{load_bytes, LoadOptions};

fn bench(c: &mut Criterion) {
    let checker = Checker::default();
    let opts = LoadOptions::default();
    let mut group = c.benchmark_group("load_segment_check");
    group.sample_size(10);
    for n in [25_000usize, 50_000, 100_000] {
        let text = mtqa_testkit::report(n, 42);
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

/// The findings of the 100,000-sentence report as open annotations (what `check --save`
/// and opening a report in the app do), then merged into an annotation set: linear too,
/// though about one finding in nine is a document-level span (a run of blank lines …)
/// whose offsets are into the whole 7.7 MB text.
fn annotations(c: &mut Criterion) {
    let text = mtqa_testkit::report(100_000, 42);
    let doc = load_bytes(
        "bench.txt".as_ref(),
        text.as_bytes(),
        &LoadOptions::default(),
    )
    .expect("loads");
    let findings = Checker::default().run(&doc);
    assert!(findings.iter().filter(|f| f.segment.is_none()).count() > 500);
    let mut group = c.benchmark_group("findings_to_annotations");
    group.sample_size(10);
    group.bench_function("100000", |b| {
        b.iter(|| {
            let fresh = mtqa_core::annotate::findings_to_annotations(
                &doc,
                &findings,
                "mtqa",
                "2026-01-01T00:00:00Z",
            );
            let mut set = mtqa_core::annotate::AnnotationSet::default();
            mtqa_core::annotate::merge_findings(&mut set, fresh);
            set.annotations.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, annotations);
criterion_main!(benches);
