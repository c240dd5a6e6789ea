//! CPU time of one frame of the app with a report of 100,000 segments loaded in the document
//! view (issue #14: median under 4 ms, 95th percentile under 8 ms). Headless: the app runs on a bare `egui::Context`, its
//! output is tessellated as the real window would before painting; nothing is rasterised
//! (that is the GPU's or the software renderer's work, not the app's).
//!
//! `cargo bench -p mtqa-gui --bench frame` prints, per scenario, the median, 95th percentile and
//! maximum of 300 frames, and exits non-zero when a median or a 95th percentile exceeds its
//! target. Scenarios: an idle frame; scrolling the document (a wheel event every frame over
//! the rows: new rows laid out and measured); scrolling the segment list; walking through
//! the findings (N every frame: the document jumps to another row, expanded); typing in
//! the corrected text of the current row (a new revision of the corrections every frame).
//!
//! The report comes from `mtqa_testkit::report(100_000, 42)`, deterministic for its seed.

use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, MouseWheelUnit, Pos2, RawInput, Rect, Vec2};
use mtqa_gui::{Command, MtqaApp, Prefs};

/// The input events of frame `i` of a scenario.
type Events = dyn FnMut(usize) -> Vec<Event>;

const SEGMENTS: usize = 100_000;
const FRAMES: usize = 300;
const MEDIAN: Duration = Duration::from_millis(4);
const P95: Duration = Duration::from_millis(8);

fn input(t: f64, events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0))),
        time: Some(t),
        events,
        ..Default::default()
    }
}

fn key(k: Key) -> Vec<Event> {
    [true, false]
        .into_iter()
        .map(|pressed| Event::Key {
            key: k,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        })
        .collect()
}

/// Runs `FRAMES` frames with the events `events(i)` and returns their times, sorted.
fn measure(
    ctx: &egui::Context,
    app: &mut MtqaApp,
    t: &mut f64,
    events: &mut dyn FnMut(usize) -> Vec<Event>,
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        *t += 1.0 / 60.0;
        let raw = input(*t, events(i));
        let start = Instant::now();
        let out = ctx.run_ui(raw, |ui| app.frame(ui));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        times.push(start.elapsed());
        std::hint::black_box(prims);
    }
    times.sort();
    times
}

fn main() {
    let dir = std::env::temp_dir().join(format!("mtqa-frame-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let report = dir.join("big.txt");
    std::fs::write(&report, mtqa_testkit::report(SEGMENTS, 42)).expect("write report");

    let ctx = egui::Context::default();
    let mut app = MtqaApp::with_context(&ctx, Prefs::default());
    app.open_in_browser = false;
    app.apply(Command::Open(report));
    let (segments, annotations) = app
        .open
        .as_ref()
        .map(|o| (o.doc.segments.len(), o.session.set.annotations.len()))
        .expect("the report opens");
    println!("report: {segments} segments, {annotations} annotations");

    let mut t = 0.0;
    // Warm up: fonts, the first layout of the panels, the caches.
    measure(&ctx, &mut app, &mut t, &mut |_| Vec::new());
    // What one frame draws (a frame that drew nothing would be fast for nothing).
    let out = ctx.run_ui(input(t, Vec::new()), |ui| app.frame(ui));
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    let triangles: usize = prims
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    println!("one frame: {} meshes, {triangles} triangles", prims.len());
    assert!(
        triangles > 2_000,
        "the frame draws too little: {triangles} triangles"
    );

    let wheel_at = |x: f32| {
        move |_| {
            vec![
                Event::PointerMoved(Pos2::new(x, 400.0)),
                Event::MouseWheel {
                    unit: MouseWheelUnit::Point,
                    delta: Vec2::new(0.0, -120.0),
                    modifiers: Modifiers::NONE,
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Wheel,
                },
            ]
        }
    };
    let mut failed = false;
    let scenarios: Vec<(&str, Box<Events>)> = vec![
        ("idle", Box::new(|_| Vec::new())),
        ("scroll the document", Box::new(wheel_at(640.0))),
        ("scroll the segment list", Box::new(wheel_at(120.0))),
        ("next finding (N)", Box::new(|_| key(Key::N))),
    ];
    for (name, mut events) in scenarios {
        let before = app.document.first_visible();
        let times = measure(&ctx, &mut app, &mut t, &mut *events);
        failed |= report_times(name, &times);
        if name == "scroll the document" {
            // The frames measured did scroll the document.
            let after = app.document.first_visible();
            println!("  first row on screen: {before:?} -> {after:?}");
            assert!(
                after > before.map(|b| b + 100),
                "the document did not scroll"
            );
        }
    }
    // Typing in the corrected text: one character per frame, each a new revision.
    app.apply(Command::SelectSegment(SEGMENTS / 2));
    let mut typed = app
        .open
        .as_ref()
        .map(|o| o.doc.segments[o.segment].text.to_string())
        .unwrap_or_default();
    let mut times = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        t += 1.0 / 60.0;
        typed.push(if i % 6 == 5 { ' ' } else { 'x' });
        let start = Instant::now();
        app.apply(Command::EditCorrection(typed.clone()));
        let out = ctx.run_ui(input(t, Vec::new()), |ui| app.frame(ui));
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        times.push(start.elapsed());
        std::hint::black_box(prims);
    }
    times.sort();
    failed |= report_times("typing a correction", &times);
    let _ = std::fs::remove_dir_all(&dir);
    if failed {
        eprintln!("a frame time is above its target (median {MEDIAN:?}, p95 {P95:?})");
        std::process::exit(1);
    }
}

/// Prints the figures; true when the median is above the target.
fn report_times(name: &str, times: &[Duration]) -> bool {
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let median = at(0.5);
    println!(
        "{name:<26} median {:>7.3} ms   p95 {:>7.3} ms   max {:>7.3} ms",
        median.as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
    median > MEDIAN || at(0.95) > P95
}
