//! The editor's fixes of an alignment — merge, split, link, unlink — as pure functions from
//! a bead list to a bead list. Each result still covers every sentence once, in order; the
//! change is applied (and undone) as an `Op::SetAlignment`.

use super::Bead;

/// Why an alignment edit is not possible.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignEditError {
    /// No bead at this index.
    #[error("no bead {0}")]
    NoBead(usize),
    /// The edit does not apply to this bead.
    #[error("{0}")]
    Invalid(String),
}

fn check(beads: &[Bead], k: usize) -> Result<(), AlignEditError> {
    if k < beads.len() {
        Ok(())
    } else {
        Err(AlignEditError::NoBead(k))
    }
}

/// Merges bead `k` with bead `k + 1`.
pub fn merge(beads: &[Bead], k: usize) -> Result<Vec<Bead>, AlignEditError> {
    check(beads, k + 1)?;
    let mut out = beads.to_vec();
    let next = out.remove(k + 1);
    out[k].source.extend(next.source);
    out[k].target.extend(next.target);
    Ok(out)
}

/// Splits bead `k` after its first `source_at` source and `target_at` target sentences.
pub fn split(
    beads: &[Bead],
    k: usize,
    source_at: usize,
    target_at: usize,
) -> Result<Vec<Bead>, AlignEditError> {
    check(beads, k)?;
    let b = &beads[k];
    if source_at > b.source.len() || target_at > b.target.len() {
        return Err(AlignEditError::Invalid(format!(
            "bead {k} has {} source and {} target sentences",
            b.source.len(),
            b.target.len()
        )));
    }
    let first = Bead {
        source: b.source[..source_at].to_vec(),
        target: b.target[..target_at].to_vec(),
    };
    let second = Bead {
        source: b.source[source_at..].to_vec(),
        target: b.target[target_at..].to_vec(),
    };
    if (first.source.is_empty() && first.target.is_empty())
        || (second.source.is_empty() && second.target.is_empty())
    {
        return Err(AlignEditError::Invalid(
            "a split must leave sentences on both sides".into(),
        ));
    }
    let mut out = beads.to_vec();
    out.splice(k..=k, [first, second]);
    Ok(out)
}

/// Unlinks bead `k`: its source sentences become an omission, its target sentences an
/// addition.
pub fn unlink(beads: &[Bead], k: usize) -> Result<Vec<Bead>, AlignEditError> {
    check(beads, k)?;
    let b = &beads[k];
    if b.source.is_empty() || b.target.is_empty() {
        return Err(AlignEditError::Invalid(format!("bead {k} links nothing")));
    }
    split(beads, k, b.source.len(), 0)
}

/// Links bead `k` (source only or target only) with the next bead (the other side only).
pub fn link(beads: &[Bead], k: usize) -> Result<Vec<Bead>, AlignEditError> {
    check(beads, k + 1)?;
    let (a, b) = (&beads[k], &beads[k + 1]);
    let one_sided = |x: &Bead| x.source.is_empty() != x.target.is_empty();
    if !one_sided(a) || !one_sided(b) || a.source.is_empty() == b.source.is_empty() {
        return Err(AlignEditError::Invalid(format!(
            "beads {k} and {} are not an omission and an addition side by side",
            k + 1
        )));
    }
    merge(beads, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &[usize], t: &[usize]) -> Bead {
        Bead {
            source: s.to_vec(),
            target: t.to_vec(),
        }
    }

    #[test]
    fn edits_keep_every_sentence_once() {
        let beads = vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[3], &[])];
        let split_ = split(&beads, 1, 1, 1).expect("split");
        assert_eq!(
            split_,
            vec![b(&[0], &[0]), b(&[1], &[1]), b(&[2], &[]), b(&[3], &[])]
        );
        assert_eq!(merge(&split_, 1).expect("merge"), beads);
        let unlinked = unlink(&beads, 0).expect("unlink");
        assert_eq!(
            unlinked,
            vec![b(&[0], &[]), b(&[], &[0]), b(&[1, 2], &[1]), b(&[3], &[])]
        );
        assert_eq!(link(&unlinked, 0).expect("link"), beads);
        assert!(link(&beads, 0).is_err());
        assert!(split(&beads, 2, 0, 0).is_err());
        assert!(merge(&beads, 2).is_err());
    }
}
