//! Progress of a long operation, shared between the thread doing it and the one showing it
//! (the app's progress bar). Stages set what is being done; the fraction only grows.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

/// The progress of one operation.
#[derive(Debug, Default)]
pub struct Progress {
    /// Done, in millionths.
    done: AtomicU32,
    stage: Mutex<String>,
}

const SCALE: f32 = 1_000_000.0;

impl Progress {
    /// A new operation, nothing done.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Starts a stage: what is done now, and how far the operation is when it starts.
    pub fn stage(&self, what: &str, at: f32) {
        if let Ok(mut s) = self.stage.lock() {
            what.clone_into(&mut s);
        }
        self.set(at);
    }

    /// Sets how far the operation is (0 to 1); it never goes back.
    pub fn set(&self, fraction: f32) {
        let v = (fraction.clamp(0.0, 1.0) * SCALE) as u32;
        self.done.fetch_max(v, Ordering::Relaxed);
    }

    /// How far the operation is (0 to 1).
    pub fn fraction(&self) -> f32 {
        self.done.load(Ordering::Relaxed) as f32 / SCALE
    }

    /// The current stage.
    pub fn what(&self) -> String {
        self.stage.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// A callback reporting a sub-operation's own 0–1 progress as the span `from`–`to` of
    /// this one.
    pub fn span(&self, from: f32, to: f32) -> impl Fn(f32) + '_ {
        move |f| self.set(from + (to - from) * f.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_spans_and_never_backwards() {
        let p = Progress::new();
        assert_eq!(p.fraction(), 0.0);
        p.stage("Reading", 0.1);
        assert_eq!(p.what(), "Reading");
        let sub = p.span(0.2, 0.6);
        sub(0.5);
        assert!((p.fraction() - 0.4).abs() < 1e-6);
        sub(0.25);
        assert!((p.fraction() - 0.4).abs() < 1e-6, "went back");
        p.stage("Checking", 0.3);
        assert_eq!(p.what(), "Checking");
        assert!((p.fraction() - 0.4).abs() < 1e-6);
        p.set(7.0);
        assert_eq!(p.fraction(), 1.0);
    }
}
