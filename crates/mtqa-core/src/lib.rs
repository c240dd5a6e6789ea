//! mtqa — translation-quality annotation for machine-translated reports.
//!
//! The core library: load a report ([`formats`]), segment it ([`text`]), detect its
//! languages ([`lang`]), find its translation artifacts ([`checks`]), annotate it
//! ([`annotate`], [`project`]), score it ([`score`]) and align it ([`align`]). The
//! command line (the `mtqa` binary) and the desktop app (the `mtqa-gui` crate) are thin
//! layers over it; this crate depends on neither clap nor any GUI toolkit.
//!
//! ```
//! use mtqa_core::{checks::Checker, formats::{load_bytes, LoadOptions}};
//! let doc = load_bytes("r.txt".as_ref(), b"It rained.. Then it stopped.", &LoadOptions::default()).unwrap();
//! let findings = Checker::default().run(&doc);
//! assert!(findings.iter().any(|f| f.check == "doubled-punctuation"));
//! ```
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod adjudicate;
pub mod align;
pub mod annotate;
pub mod atomic;
pub mod checks;
pub mod digest;
pub mod error;
pub mod eval;
pub mod formats;
pub mod lang;
pub mod model;
pub mod printer;
pub mod progress;
pub mod project;
pub mod rng;
pub mod score;
pub mod stream;
pub mod text;
pub mod workspace;
