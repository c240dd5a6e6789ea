//! Work done on worker threads while the window stays responsive: opening a report,
//! saving, exporting, writing the review report, and the autosave. Each job has a
//! progress the status bar shows; its result comes back to the app as a [`Done`].

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::command::Pending;
use super::open_doc::OpenDoc;
use mtqa_core::progress::Progress;
use mtqa_core::project::Stamp;

/// What a job gives back.
pub enum Done {
    /// A report opened (or why not), with a note for the status bar.
    Opened(PathBuf, Box<anyhow::Result<(OpenDoc, String)>>),
    /// The annotations saved (or why not).
    Saved {
        /// The annotation file.
        path: PathBuf,
        /// The session revision saved.
        revision: u64,
        /// Its new stamp, or why it was not saved.
        result: Result<Stamp, String>,
        /// What waited for the save (opening another report, closing).
        then: Option<Pending>,
    },
    /// Files exported (or why not).
    Exported(Result<Vec<PathBuf>, String>),
    /// The review report written (or why not).
    Reviewed(Result<PathBuf, String>),
}

/// Work running on a worker thread.
pub struct Job {
    /// The file it is about.
    pub path: PathBuf,
    /// How far it is.
    pub progress: Arc<Progress>,
    /// It saves the annotations.
    saves: bool,
    rx: Receiver<Done>,
}

/// The jobs running.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Job>,
    ctx: Option<egui::Context>,
}

impl Jobs {
    /// No job yet; the window is repainted on `ctx` when one ends.
    pub fn new(ctx: Option<egui::Context>) -> Jobs {
        Jobs {
            running: Vec::new(),
            ctx,
        }
    }

    /// Runs `work` on a worker thread.
    pub fn spawn(&mut self, path: PathBuf, work: impl FnOnce(&Progress) -> Done + Send + 'static) {
        self.start(path, false, work);
    }

    /// Runs a save on a worker thread.
    pub fn spawn_save(
        &mut self,
        path: PathBuf,
        work: impl FnOnce(&Progress) -> Done + Send + 'static,
    ) {
        self.start(path, true, work);
    }

    /// True while a save runs.
    pub fn saving(&self) -> bool {
        self.running.iter().any(|j| j.saves)
    }

    fn start(
        &mut self,
        path: PathBuf,
        saves: bool,
        work: impl FnOnce(&Progress) -> Done + Send + 'static,
    ) {
        let progress = Arc::new(Progress::new());
        let (tx, rx) = mpsc::channel();
        let p = progress.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work(&p));
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.running.push(Job {
            path,
            progress,
            saves,
            rx,
        });
    }

    /// The jobs that ended since the last call: their results, or (for a job whose thread
    /// stopped without one) the file it was about.
    pub fn finished(&mut self) -> Vec<Result<Done, PathBuf>> {
        let mut out = Vec::new();
        self.running.retain(|job| match job.rx.try_recv() {
            Ok(done) => {
                out.push(Ok(done));
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                out.push(Err(job.path.clone()));
                false
            }
        });
        out
    }

    /// True while a job runs.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// The job the status bar shows (the oldest).
    pub fn current(&self) -> Option<&Job> {
        self.running.first()
    }
}

/// An autosave being written on a worker thread.
pub struct Autosaving {
    /// The session revision it saves.
    pub revision: u64,
    handle: JoinHandle<Result<(), String>>,
}

/// The last autosave.
#[derive(Debug, Clone, PartialEq)]
pub struct Autosaved {
    /// The session revision it saved.
    pub revision: u64,
    /// When (egui time, seconds).
    pub at: f64,
    /// Whether it was written, or why not.
    pub result: Result<(), String>,
}

/// The autosave of unsaved work (every 30 s, beside the annotation file).
pub struct Autosave {
    /// Seconds between autosaves.
    pub every: f64,
    /// The last one.
    pub last: Option<Autosaved>,
    /// When the last one started (egui time).
    pub started: f64,
    running: Option<Autosaving>,
}

impl Default for Autosave {
    fn default() -> Autosave {
        Autosave {
            every: 30.0,
            last: None,
            started: 0.0,
            running: None,
        }
    }
}

impl Autosave {
    /// Collects a finished autosave; true while one is still running.
    pub fn poll(&mut self, now: f64) -> bool {
        let Some(run) = self.running.take() else {
            return false;
        };
        if !run.handle.is_finished() {
            self.running = Some(run);
            return true;
        }
        let result = run
            .handle
            .join()
            .unwrap_or_else(|_| Err("the autosave stopped unexpectedly".into()));
        self.last = Some(Autosaved {
            revision: run.revision,
            at: now,
            result,
        });
        false
    }

    /// Starts writing `write` for `revision` on a worker thread.
    pub fn start(
        &mut self,
        revision: u64,
        now: f64,
        write: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) {
        self.started = now;
        self.running = Some(Autosaving {
            revision,
            handle: std::thread::spawn(write),
        });
    }

    /// Waits for a running autosave (before a save or a recovery write of the same file).
    pub fn wait(&mut self) {
        if let Some(run) = self.running.take() {
            let _ = run.handle.join();
        }
    }
}
