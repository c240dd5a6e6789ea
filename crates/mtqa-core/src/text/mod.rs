//! Text handling: line index, sentence segmentation, tokens, escaping.

pub mod escape;
pub mod lines;
pub mod segment;
pub mod words;
