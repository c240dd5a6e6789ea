//! Translation Edit Rate with the tokenisation and shift rules of sacrebleu's TER (itself a
//! port of Tercom), so that HTER = TER(MT, corrected) matches sacrebleu exactly.
//!
//! Written here because no Rust crate implements TER; the algorithm follows the published
//! Tercom heuristics as sacrebleu applies them: edit distance limited to a beam around the
//! diagonal, greedy shifts of up to 10 words over at most 50 positions, candidates ranked by
//! edit-distance gain, then length, then earliest source and target position, at most 1000
//! candidates per sentence.

const MAX_SHIFT_SIZE: usize = 10;
const MAX_SHIFT_DIST: usize = 50;
const BEAM_WIDTH: usize = 25;
const MAX_SHIFT_CANDIDATES: usize = 1000;
const INF: u64 = 10_000_000_000_000_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Nop,
    Sub,
    Ins,
    Del,
    Undef,
}

/// sacrebleu's default TER tokenisation: lower-case, split on white space.
pub fn tokenize(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Edit distance from `hyp` to `reference` restricted to a beam, with its trace.
fn edit_distance(hyp: &[String], reference: &[String]) -> (u64, Vec<Op>) {
    let (h, r) = (hyp.len(), reference.len());
    let mut dist = vec![vec![(INF, Op::Undef); r + 1]; h + 1];
    for (j, cell) in dist[0].iter_mut().enumerate() {
        *cell = (j as u64, Op::Ins);
    }
    let ratio = if h > 0 { r as f64 / h as f64 } else { 1.0 };
    let beam = if (BEAM_WIDTH as f64) < ratio / 2.0 {
        (ratio / 2.0 + BEAM_WIDTH as f64).ceil() as usize
    } else {
        BEAM_WIDTH
    };
    for i in 1..=h {
        let diag = (i as f64 * ratio).floor() as usize;
        let min_j = diag.saturating_sub(beam);
        let max_j = if i == h {
            r + 1
        } else {
            (r + 1).min(diag + beam)
        };
        for j in min_j..max_j {
            if j == 0 {
                dist[i][0] = (dist[i - 1][0].0 + 1, Op::Del);
                continue;
            }
            let (cost_sub, op_sub) = if hyp[i - 1] == reference[j - 1] {
                (0, Op::Nop)
            } else {
                (1, Op::Sub)
            };
            // Preference on ties: no-op/substitution, then deletion, then insertion.
            let options = [
                (dist[i - 1][j - 1].0 + cost_sub, op_sub),
                (dist[i - 1][j].0 + 1, Op::Del),
                (dist[i][j - 1].0 + 1, Op::Ins),
            ];
            for (c, op) in options {
                if dist[i][j].0 > c {
                    dist[i][j] = (c, op);
                }
            }
        }
    }
    let mut trace = Vec::new();
    let (mut i, mut j) = (h, r);
    while i > 0 || j > 0 {
        let op = dist[i][j].1;
        trace.push(op);
        match op {
            Op::Sub | Op::Nop => {
                i -= 1;
                j -= 1;
            }
            Op::Ins => j -= 1,
            Op::Del => i -= 1,
            Op::Undef => break,
        }
    }
    trace.reverse();
    (dist[h][r].0, trace)
}

/// Alignment from a trace rewriting the reference into the hypothesis: for each reference
/// position the hypothesis position, and which positions are errors.
fn alignment(trace: &[Op], ref_len: usize) -> (Vec<Option<usize>>, Vec<u8>, Vec<u8>) {
    let mut align = vec![None; ref_len];
    let (mut ph, mut pr) = (-1i64, -1i64);
    let mut ref_err = Vec::new();
    let mut hyp_err = Vec::new();
    for &op in trace {
        // The trace is flipped: insertions and deletions swap roles.
        let op = match op {
            Op::Ins => Op::Del,
            Op::Del => Op::Ins,
            o => o,
        };
        match op {
            Op::Nop | Op::Sub => {
                ph += 1;
                pr += 1;
                if let Some(a) = align.get_mut(pr as usize) {
                    *a = Some(ph.max(0) as usize);
                }
                let e = u8::from(op == Op::Sub);
                hyp_err.push(e);
                ref_err.push(e);
            }
            Op::Ins => {
                ph += 1;
                hyp_err.push(1);
            }
            Op::Del => {
                pr += 1;
                if let Some(a) = align.get_mut(pr as usize) {
                    // A deletion before any hypothesis word aligns to -1: stored as None
                    // and read back as -1 below.
                    *a = if ph < 0 { None } else { Some(ph as usize) };
                }
                ref_err.push(1);
            }
            Op::Undef => {}
        }
    }
    (align, ref_err, hyp_err)
}

fn perform_shift(words: &[String], start: usize, length: usize, target: usize) -> Vec<String> {
    let n = words.len();
    let s = |a: usize, b: usize| &words[a.min(n)..b.min(n).max(a.min(n))];
    let mut out = Vec::with_capacity(n);
    if target < start {
        out.extend_from_slice(s(0, target));
        out.extend_from_slice(s(start, start + length));
        out.extend_from_slice(s(target, start));
        out.extend_from_slice(s(start + length, n));
    } else if target > start + length {
        out.extend_from_slice(s(0, start));
        out.extend_from_slice(s(start + length, target));
        out.extend_from_slice(s(start, start + length));
        out.extend_from_slice(s(target, n));
    } else {
        out.extend_from_slice(s(0, start));
        out.extend_from_slice(s(start + length, length + target));
        out.extend_from_slice(s(start, start + length));
        out.extend_from_slice(s(length + target, n));
    }
    out
}

/// Candidate ranking: gain, then length, then earliest start, then earliest target, then
/// the shifted words themselves (as Tercom/sacrebleu order them).
type Candidate = (i64, usize, i64, i64, Vec<String>);

fn best_shift(hyp: &[String], reference: &[String], checked: &mut usize) -> (i64, Vec<String>) {
    let (pre, inv_trace) = edit_distance(hyp, reference);
    let (align, ref_err, hyp_err) = alignment(&inv_trace, reference.len());
    let align_at = |k: usize| -> Option<i64> {
        if k >= reference.len() {
            return None;
        }
        Some(align[k].map_or(-1, |v| v as i64))
    };
    let mut best: Option<Candidate> = None;
    let (h, r) = (hyp.len(), reference.len());
    'outer: for start_h in 0..h {
        for start_r in 0..r {
            if start_r.abs_diff(start_h) > MAX_SHIFT_DIST {
                continue;
            }
            let mut length = 0;
            while length < MAX_SHIFT_SIZE && hyp[start_h + length] == reference[start_r + length] {
                length += 1;
                // One (start_h, start_r, length) candidate.
                let hyp_wrong = hyp_err
                    .get(start_h..(start_h + length).min(hyp_err.len()))
                    .is_some_and(|s| s.iter().any(|&e| e > 0));
                let ref_wrong = ref_err
                    .get(start_r..(start_r + length).min(ref_err.len()))
                    .is_some_and(|s| s.iter().any(|&e| e > 0));
                let a = align_at(start_r).unwrap_or(-1);
                let inside = start_h as i64 <= a && a < (start_h + length) as i64;
                if hyp_wrong && ref_wrong && !inside {
                    let mut prev_idx: i64 = -1;
                    for offset in -1i64..length as i64 {
                        let pos = start_r as i64 + offset;
                        let idx = if pos == -1 {
                            0
                        } else {
                            match align_at(pos as usize) {
                                Some(a) => a + 1,
                                None => break,
                            }
                        };
                        if idx == prev_idx {
                            continue;
                        }
                        prev_idx = idx;
                        let shifted = perform_shift(hyp, start_h, length, idx.max(0) as usize);
                        let gain = pre as i64 - edit_distance(&shifted, reference).0 as i64;
                        let cand: Candidate = (gain, length, -(start_h as i64), -idx, shifted);
                        *checked += 1;
                        if best.as_ref().is_none_or(|b| cand > *b) {
                            best = Some(cand);
                        }
                    }
                    if *checked >= MAX_SHIFT_CANDIDATES {
                        break 'outer;
                    }
                }
                if h == start_h + length || r == start_r + length {
                    break;
                }
            }
        }
    }
    match best {
        Some((gain, _, _, _, words)) => (gain, words),
        None => (0, hyp.to_vec()),
    }
}

/// Number of edits (shifts included) and reference length.
pub fn edits(hyp: &[String], reference: &[String]) -> (usize, usize) {
    if reference.is_empty() {
        return (hyp.len(), 0);
    }
    let mut input = hyp.to_vec();
    let mut shifts = 0;
    let mut checked = 0;
    loop {
        let (gain, shifted) = best_shift(&input, reference, &mut checked);
        if checked >= MAX_SHIFT_CANDIDATES || gain <= 0 {
            break;
        }
        shifts += 1;
        input = shifted;
    }
    let (d, _) = edit_distance(&input, reference);
    (shifts + d as usize, reference.len())
}

/// TER of one sentence as sacrebleu reports it (a percentage).
pub fn sentence_ter(hyp: &str, reference: &str) -> f64 {
    let (e, n) = edits(&tokenize(hyp), &tokenize(reference));
    rate(e, n)
}

/// Edits over reference words, as a percentage; 100 when the reference is empty and there
/// are edits, 0 when there are none.
pub fn rate(edits: usize, ref_len: usize) -> f64 {
    if ref_len > 0 {
        100.0 * edits as f64 / ref_len as f64
    } else if edits > 0 {
        100.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values computed with sacrebleu 2.x `TER().sentence_score(hyp, [ref])`.
    #[test]
    fn matches_sacrebleu_on_known_values() {
        let cases = [
            ("the cat sat on the mat", "the cat sat on the mat", 0.0),
            (
                "cat the sat on mat the",
                "the cat sat on the mat",
                100.0 / 3.0,
            ),
            ("This is a test .", "This is the test", 50.0),
            ("a b c d e f", "f e d c b a", 500.0 / 6.0),
            ("", "a b", 100.0),
            ("a b", "", 100.0),
        ];
        for (h, r, want) in cases {
            let got = sentence_ter(h, r);
            assert!((got - want).abs() < 1e-9, "{h:?} / {r:?}: {got} != {want}");
        }
    }
}
