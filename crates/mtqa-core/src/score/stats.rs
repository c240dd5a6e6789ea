//! The statistics of the scores: means, bootstrap intervals, Marot's approximate
//! randomization test, Pearson's r and Cohen's kappa.

use crate::rng::Rng;

pub(super) fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        // `+ 0.0`: a sum of nothing is -0.0, which would print as "-0.000".
        (v.iter().sum::<f64>() + 0.0) / v.len() as f64
    }
}

pub(super) fn seed_for(seed: u64, name: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike the standard hasher.
    name.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The most bootstrap resamples taken: more adds nothing to a 95% interval but time and
/// memory (one mean each).
pub const MAX_RESAMPLES: usize = 100_000;

/// 95% percentile bootstrap interval of the mean of `values` (resamples clamped to
/// 1..=[`MAX_RESAMPLES`]).
pub fn bootstrap_ci(values: &[f64], resamples: usize, seed: u64) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mut rng = Rng::new(seed);
    let n = values.len();
    let mut means: Vec<f64> = (0..resamples.clamp(1, MAX_RESAMPLES))
        .map(|_| (0..n).map(|_| values[rng.below(n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let q = |p: f64| means[((p * (means.len() - 1) as f64).round() as usize).min(means.len() - 1)];
    (q(0.025), q(0.975))
}

pub(super) fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

pub(super) fn kappa(a: &[bool], b: &[bool]) -> Option<f64> {
    let n = a.len() as f64;
    if n == 0.0 {
        return None;
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n;
    let pa = a.iter().filter(|x| **x).count() as f64 / n;
    let pb = b.iter().filter(|x| **x).count() as f64 / n;
    let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
    (pe < 1.0).then(|| (agree - pe) / (1.0 - pe))
}

pub(super) fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    if a.0 == a.1 || b.0 == b.1 {
        return a.0 == b.0 || (a.0 < b.1 && b.0 < a.1);
    }
    a.0 < b.1 && b.0 < a.1
}

/// Marot's paired one-sided approximate randomization (marot-sigtests.js): `diffs` are
/// the better system's segment scores minus the worse one's on their common segments,
/// `real` the worse system's mean minus the better one's over all their segments. Each
/// trial swaps the two systems' scores of each segment with probability ½; the p-value is
/// (trials whose shuffled difference is at least `real`, plus 1) over (trials plus 1).
/// Not run (None) when log2(trials) exceeds the common segments, or `real` < 0.
pub fn randomization_p(diffs: &[f64], real: f64, trials: usize, seed: u64) -> Option<f64> {
    if trials == 0 || (trials as f64).log2() > diffs.len() as f64 || real < 0.0 {
        return None;
    }
    let mut rng = Rng::new(seed);
    let n = diffs.len() as f64;
    let mut count = 0usize;
    for _ in 0..trials {
        // Swapping a segment's two scores flips the sign of its difference; Marot's
        // shuffled statistic is (A − B) with A the better system's side.
        let mut sum = 0.0;
        for chunk in diffs.chunks(64) {
            // One coin per bit.
            let bits = rng.next_u64();
            for (k, d) in chunk.iter().enumerate() {
                if bits >> k & 1 == 0 {
                    sum += d;
                } else {
                    sum -= d;
                }
            }
        }
        if sum / n >= real {
            count += 1;
        }
    }
    Some((count + 1) as f64 / (trials + 1) as f64)
}
