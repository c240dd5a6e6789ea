//! Sentence alignment of a source document and its translation: dynamic programming over
//! beads (1-1, 1-2, 2-1, 1-0, 0-1, 2-2) with the length model of Gale & Church (1993),
//! improved with anchors the text gives for free — numbers, URLs and e-mail addresses,
//! capitalised names and their cognates, question and exclamation marks. The search is
//! banded around the diagonal, so memory and time grow linearly with the documents.
//!
//! Written here because no Rust crate aligns sentences; the model is the published one.

pub mod edit;
pub mod eval;

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

pub use crate::model::Bead;
use crate::model::{Bilingual, Document};

/// Aligns a source document with a target document (their segments) and records the
/// alignment in the target: each target segment gets the text of its bead's source.
pub fn attach_source(target: &mut Document, source: &Document, opts: &Options) {
    let s: Vec<&str> = source.segments.iter().map(|x| x.text.as_str()).collect();
    let t: Vec<&str> = target.segments.iter().map(|x| x.text.as_str()).collect();
    let beads = align(&s, &t, opts);
    attach_beads(target, source, beads);
}

/// Records a given alignment (one the editor fixed, from the annotation file) in the
/// target. Beads that do not fit the documents (other sentence counts) are refused:
/// returns false and changes nothing.
pub fn attach_beads(target: &mut Document, source: &Document, beads: Vec<Bead>) -> bool {
    let s: Vec<&str> = source.segments.iter().map(|x| x.text.as_str()).collect();
    let covers = |side: &dyn Fn(&Bead) -> &Vec<usize>, n: usize| {
        beads.iter().flat_map(side).copied().eq(0..n)
    };
    if !covers(&|b: &Bead| &b.source, s.len())
        || !covers(&|b: &Bead| &b.target, target.segments.len())
    {
        return false;
    }
    for b in &beads {
        let text = b.source.iter().map(|&i| s[i]).collect::<Vec<_>>().join(" ");
        for &j in &b.target {
            target.segments[j].source = Some(text.clone());
        }
    }
    target.source_lang = target
        .source_lang
        .take()
        .or_else(|| source.target_lang.clone());
    target.bilingual = Some(Bilingual {
        path: source.path.clone(),
        segments: source
            .segments
            .iter()
            .map(|x| (x.id.to_string(), x.text.to_string()))
            .collect(),
        beads,
    });
    true
}

/// Alignment options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Use the anchors (numbers, names, URLs …); `false` gives the length-only baseline.
    pub anchors: bool,
    /// Half-width of the band around the diagonal, in sentences (at least).
    pub band: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            anchors: true,
            band: 120,
        }
    }
}

/// (source sentences, target sentences, prior probability).
const BEADS: [(usize, usize, f64); 6] = [
    (1, 1, 0.89),
    (1, 0, 0.0099),
    (0, 1, 0.0099),
    (2, 1, 0.0445),
    (1, 2, 0.0445),
    (2, 2, 0.011),
];
/// Variance of the length difference per source character (Gale & Church).
const VARIANCE: f64 = 6.8;
/// Weight of the anchor evidence, in the same units as the length cost.
const ANCHOR_WEIGHT: f64 = 5.0;

/// Probability that a standard normal variable exceeds |z|, times two (two-tailed).
fn two_tailed(z: f64) -> f64 {
    // Abramowitz & Stegun 7.1.26 for erfc, accurate to 1.5e-7: enough for a cost.
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    (poly * (-x * x).exp()).max(1e-300)
}

/// Anchor keys of a sentence: numbers (digits only), URLs and e-mails, capitalised words
/// after the first (their first five letters, lower-cased, accents stripped, so that
/// cognates meet), `?` and `!`. Sorted.
pub fn anchors(s: &str, intern: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut keys = Vec::new();
    let id = |k: String, intern: &mut HashMap<String, u32>| {
        let n = intern.len() as u32;
        *intern.entry(k).or_insert(n)
    };
    for (i, tok) in s.split_whitespace().enumerate() {
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '/');
        if t.contains("://") || t.contains('@') || t.starts_with("www.") {
            keys.push(id(format!("u:{}", t.to_lowercase()), intern));
            continue;
        }
        let digits: String = t.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            keys.push(id(format!("n:{}", digits.trim_start_matches('0')), intern));
            continue;
        }
        let first_upper = t.chars().next().is_some_and(char::is_uppercase);
        if i > 0 && first_upper && t.chars().count() >= 3 {
            let base: String = t
                .nfd()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .take(5)
                .collect();
            keys.push(id(format!("w:{base}"), intern));
        }
    }
    for c in s.chars() {
        if matches!(c, '?' | '¿' | '？') {
            keys.push(id("p:?".into(), intern));
        } else if matches!(c, '!' | '¡' | '！') {
            keys.push(id("p:!".into(), intern));
        }
    }
    keys.sort_unstable();
    keys
}

/// Size of the multiset intersection of two sorted lists.
fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn merged(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v.sort_unstable();
    v
}

struct Side {
    len: Vec<f64>,
    anchors: Vec<Vec<u32>>,
    /// Anchors of sentences `i - 1` and `i` together (empty for `i == 0`).
    pairs: Vec<Vec<u32>>,
}

impl Side {
    fn new(sents: &[&str], intern: &mut HashMap<String, u32>, use_anchors: bool) -> Side {
        let anchors: Vec<Vec<u32>> = sents
            .iter()
            .map(|s| {
                if use_anchors {
                    anchors(s, intern)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let pairs = (0..anchors.len())
            .map(|i| {
                if i == 0 {
                    Vec::new()
                } else {
                    merged(&anchors[i - 1], &anchors[i])
                }
            })
            .collect();
        Side {
            len: sents
                .iter()
                .map(|s| s.chars().filter(|c| !c.is_whitespace()).count() as f64)
                .collect(),
            anchors,
            pairs,
        }
    }

    /// Anchors of the `k` sentences ending before `end`.
    fn span(&self, end: usize, k: usize) -> &[u32] {
        match k {
            0 => &[],
            1 => &self.anchors[end - 1],
            _ => &self.pairs[end - 1],
        }
    }

    /// Length of the `k` sentences ending before `end`.
    fn length(&self, end: usize, k: usize) -> f64 {
        match k {
            0 => 0.0,
            1 => self.len[end - 1],
            _ => self.len[end - 1] + self.len[end - 2],
        }
    }
}

/// Aligns `source` with `target` sentences. Every sentence is in exactly one bead; beads
/// come in order.
pub fn align(source: &[&str], target: &[&str], opts: &Options) -> Vec<Bead> {
    let (n, m) = (source.len(), target.len());
    if n == 0 || m == 0 {
        let mut beads: Vec<Bead> = (0..n)
            .map(|i| Bead {
                source: vec![i],
                target: vec![],
            })
            .collect();
        beads.extend((0..m).map(|j| Bead {
            source: vec![],
            target: vec![j],
        }));
        return beads;
    }
    let mut intern = HashMap::new();
    let s = Side::new(source, &mut intern, opts.anchors);
    let t = Side::new(target, &mut intern, opts.anchors);
    // Target characters per source character, shrunk towards 1 for short documents, where
    // one omitted sentence would skew it.
    let ratio = {
        let (ls, lt): (f64, f64) = (s.len.iter().sum(), t.len.iter().sum());
        (lt + 400.0) / (ls + 400.0)
    };
    // The band: enough to follow the diagonal through long omissions, never quadratic.
    let band = opts.band.max(n.abs_diff(m) + 10);
    let center = |i: usize| (i as f64 * m as f64 / n as f64).round() as usize;
    let lo = |i: usize| center(i).saturating_sub(band);
    let hi = |i: usize| (center(i) + band).min(m);
    let width = 2 * band + 1;
    // cost[i][j - lo(i)], back pointer = index into BEADS.
    let mut cost = vec![f64::INFINITY; (n + 1) * width];
    let mut back = vec![u8::MAX; (n + 1) * width];
    let at = |i: usize, j: usize| -> Option<usize> {
        (j >= lo(i) && j <= hi(i)).then(|| i * width + (j - lo(i)))
    };
    if let Some(k) = at(0, 0) {
        cost[k] = 0.0;
    }
    let log_prior: Vec<f64> = BEADS.iter().map(|b| -b.2.ln()).collect();
    for i in 0..=n {
        for j in lo(i)..=hi(i) {
            let Some(k) = at(i, j) else { continue };
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (b, &(di, dj, _)) in BEADS.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(pk) = at(i - di, j - dj) else {
                    continue;
                };
                let prev = cost[pk];
                if !prev.is_finite() {
                    continue;
                }
                let l1 = s.length(i, di);
                let l2 = t.length(j, dj);
                let length_cost = if di == 0 || dj == 0 {
                    0.0
                } else {
                    let mean = (l1 + l2 / ratio) / 2.0;
                    let delta = (l2 - l1 * ratio) / (mean.max(1.0) * VARIANCE).sqrt();
                    -two_tailed(delta).ln()
                };
                let anchor_cost = if opts.anchors {
                    let a = s.span(i, di);
                    let bb = t.span(j, dj);
                    let total = a.len() + bb.len();
                    if total == 0 {
                        0.0
                    } else {
                        let dice = 2.0 * common(a, bb) as f64 / total as f64;
                        let evidence = (total.min(4) as f64) / 4.0;
                        ANCHOR_WEIGHT * evidence * (1.0 - 2.0 * dice)
                    }
                } else {
                    0.0
                };
                let c = prev + log_prior[b] + length_cost + anchor_cost;
                if c < best {
                    best = c;
                    arg = b as u8;
                }
            }
            cost[k] = best;
            back[k] = arg;
        }
    }
    // Trace back.
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(k) = at(i, j) else { break };
        let b = back[k] as usize;
        let Some(&(di, dj, _)) = BEADS.get(b) else {
            break;
        };
        beads.push(Bead {
            source: (i - di..i).collect(),
            target: (j - dj..j).collect(),
        });
        i -= di;
        j -= dj;
    }
    beads.reverse();
    beads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_with_merges_and_omissions() {
        let src = [
            "Des pluies torrentielles ont frappé le Gard mardi soir.",
            "La préfecture a placé onze communes en vigilance rouge.",
            "Plus de 300 millimètres d'eau sont tombés en deux jours.",
            "Le maire de Sommières, Pierre Ventura, a parlé jeudi.",
            "La rivière est montée de 3,5 mètres.",
            "Les pompiers ont effectué une douzaine de sauvetages.",
            "Les écoles de Nîmes resteront fermées jusqu'à lundi prochain, a précisé le rectorat dans la soirée.",
            "Le préfet a demandé à la population d'éviter tout déplacement jusqu'à 18h30.",
        ];
        let tgt = [
            "Torrential rain hit the Gard on Tuesday evening.",
            "The prefecture put eleven municipalities on red alert.",
            "More than 300 millimetres of water fell in two days.",
            "The mayor of Sommières, Pierre Ventura, spoke on Thursday.",
            "The river rose by 3.5 metres. The firefighters carried out a dozen rescues.",
            "The prefect asked the population to avoid all travel until 18:30.",
        ];
        let beads = align(&src, &tgt, &Options::default());
        let pairs: Vec<(Vec<usize>, Vec<usize>)> =
            beads.into_iter().map(|b| (b.source, b.target)).collect();
        let want: [(&[usize], &[usize]); 7] = [
            (&[0], &[0]),
            (&[1], &[1]),
            (&[2], &[2]),
            (&[3], &[3]),
            (&[4, 5], &[4]),
            (&[6], &[]),
            (&[7], &[5]),
        ];
        let want: Vec<(Vec<usize>, Vec<usize>)> =
            want.iter().map(|(s, t)| (s.to_vec(), t.to_vec())).collect();
        assert_eq!(pairs, want);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(
            align(&["a"], &[], &Options::default()),
            vec![Bead {
                source: vec![0],
                target: vec![]
            }]
        );
        assert!(align(&[], &[], &Options::default()).is_empty());
    }
}
