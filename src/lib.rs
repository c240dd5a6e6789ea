//! mtqa — translation-quality annotation for machine-translated reports.
//!
//! The core library: load a report ([`formats`]), segment it ([`text`]), detect its
//! languages ([`lang`]) and find its translation artifacts ([`checks`]). The command-line
//! interface ([`cli`]) is a thin layer over it; nothing here depends on a GUI toolkit.
//!
//! ```
//! use mtqa::{checks::Checker, formats::{load_bytes, LoadOptions}};
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
pub mod cli;
pub mod digest;
pub mod error;
pub mod eval;
pub mod formats;
pub mod gen;
#[cfg(feature = "gui")]
pub mod gui;
pub mod lang;
pub mod model;
pub mod progress;
pub mod project;
pub mod rng;
pub mod score;
pub mod stream;
pub mod text;
pub mod workspace;
