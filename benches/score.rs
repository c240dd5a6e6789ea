//! Scoring 100,000 WMT MQM rating rows (issue target: under 1 s in release): parse the TSV,
//! score every segment and system, bootstrap intervals (1000 resamples) and the pairwise
//! significance of 10 systems, agreement between raters.

use criterion::{criterion_group, criterion_main, Criterion};
use mtqa_core::annotate::typology::Typology;
use mtqa_core::formats::mqm::read_ratings;
use mtqa_core::score::{score, Input, Options};

fn bench(c: &mut Criterion) {
    let tsv = mtqa_testkit::mqm_ratings(100_000, 7);
    let typology = Typology::builtin();
    let mut group = c.benchmark_group("score_100k_rating_rows");
    group.sample_size(10);
    group.bench_function("parse+score", |b| {
        b.iter(|| {
            let ratings = read_ratings("bench.tsv".as_ref(), &tsv).expect("parses");
            let report = score(
                &Input::from_ratings(&ratings),
                &typology,
                &Options::default(),
            );
            assert_eq!(report.systems.len(), 10);
            report.segments.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
