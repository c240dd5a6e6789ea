//! Text handling: line index, sentence segmentation, tokens.

pub mod lines;
pub mod segment;
pub mod words;
