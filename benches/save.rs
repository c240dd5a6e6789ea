//! Saving 100,000 annotations (target: under 300 ms in release): serialisation in the
//! canonical layout, then the atomic write with fsync of the file and the folder.

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let sc = mtqa_testkit::sidecar(100_000, 1);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("big.txt.mtqa.json");
    let mut group = c.benchmark_group("save_100k_annotations");
    group.sample_size(10);
    group.bench_function("serialise", |b| b.iter(|| sc.to_bytes().len()));
    group.bench_function("serialise+atomic_write", |b| {
        b.iter(|| mtqa_core::project::atomic_write(&path, &sc.to_bytes()).expect("saved"))
    });
    group.bench_function("load", |b| {
        let bytes = sc.to_bytes();
        b.iter(|| {
            mtqa_core::project::Sidecar::from_slice(&path, &bytes)
                .expect("parses")
                .set
                .annotations
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
