//! Reading XLIFF 2 and TMX of 10⁴, 10⁵ and 10⁶ units (and 3,000-deep inline markup):
//! time per unit must stay flat as the files grow (linear parsing). Run with
//! `cargo bench --bench formats`; the generated files are deterministic.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mtqa_core::formats::{tmx, xliff};

fn xliff_of(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr\" trgLang=\"en\"><file id=\"f\">\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "<unit id=\"u{i}\"><segment><source>Il pleut sur la ville {i}.</source><target>It <pc id=\"p{i}\">rains</pc> on the city {i}.</target></segment></unit>\n"
        ));
    }
    s.push_str("</file></xliff>\n");
    s
}

fn tmx_of(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"fr\"/><body>\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"fr\"><seg>Il pleut sur la ville {i}.</seg></tuv><tuv xml:lang=\"en\"><seg>It rains on the city {i}.</seg></tuv></tu>\n"
        ));
    }
    s.push_str("</body></tmx>\n");
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_units");
    group.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let x = xliff_of(n);
        let t = tmx_of(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("xliff", n), &x, |b, x| {
            b.iter(|| {
                xliff::read("b.xlf".as_ref(), x.as_bytes())
                    .expect("reads")
                    .rows
                    .len()
            })
        });
        group.bench_with_input(BenchmarkId::new("tmx", n), &t, |b, t| {
            b.iter(|| {
                tmx::read("b.tmx".as_ref(), t.as_bytes())
                    .expect("reads")
                    .rows
                    .len()
            })
        });
    }
    group.finish();
    let depth = 3_000;
    let deep = format!(
        "<?xml version=\"1.0\"?><xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr\" trgLang=\"en\"><file id=\"f\"><unit id=\"u1\"><segment><source>a</source><target>{}deep{}</target></segment></unit></file></xliff>",
        "<pc id=\"x\">".repeat(depth),
        "</pc>".repeat(depth)
    );
    c.bench_function("xliff_nested_3000", |b| {
        b.iter(|| {
            xliff::read("d.xlf".as_ref(), deep.as_bytes())
                .expect("reads")
                .rows
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
