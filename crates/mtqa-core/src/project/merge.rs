//! Merging the sidecars of several annotators of one report: nothing duplicated, nothing
//! dropped, every disagreement kept visible.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{Conflict, Sidecar, SidecarError};
use crate::annotate::Annotation;

/// Merges `b` into `a`. Annotations with the same id and content appear once; the same id
/// with different content (one annotator accepted a finding, the other rejected it) keeps
/// the most recently modified version, marked `conflict`, and records every version in
/// `conflicts`; so do corrections of the same segment that differ.
pub fn merge(
    a: &Sidecar,
    a_path: &Path,
    b: &Sidecar,
    b_path: &Path,
) -> Result<Sidecar, SidecarError> {
    if a.report.sha256 != b.report.sha256 {
        return Err(SidecarError::OtherReport {
            path: b_path.to_path_buf(),
            expected: format!("{} ({})", a.report.file, a_path.display()),
            actual: b.report.file.clone(),
        });
    }
    let mut out = a.clone();
    let mut conflicts: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for c in a.conflicts.iter().chain(&b.conflicts) {
        let versions = conflicts.entry(c.id.clone()).or_default();
        for v in &c.versions {
            if !versions.contains(v) {
                versions.push(v.clone());
            }
        }
    }
    let mut index: BTreeMap<String, usize> = out
        .set
        .annotations
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect();
    for theirs in &b.set.annotations {
        match index.get(&theirs.id) {
            None => {
                index.insert(theirs.id.clone(), out.set.annotations.len());
                out.set.annotations.push(theirs.clone());
            }
            Some(&i) => {
                let ours = &out.set.annotations[i];
                if same(ours, theirs) {
                    continue;
                }
                let versions = conflicts.entry(theirs.id.clone()).or_default();
                for v in [ours, theirs] {
                    let mut clean = v.clone();
                    clean.conflict = false;
                    let value = serde_json::to_value(&clean).unwrap_or(Value::Null);
                    if !versions.contains(&value) {
                        versions.push(value);
                    }
                }
                let newer = if theirs.modified > ours.modified {
                    theirs.clone()
                } else {
                    ours.clone()
                };
                out.set.annotations[i] = Annotation {
                    conflict: true,
                    ..newer
                };
            }
        }
    }
    for (seg, text) in &b.set.corrections {
        match out.set.corrections.get(seg) {
            None => {
                out.set.corrections.insert(seg.clone(), text.clone());
            }
            Some(ours) if ours == text => {}
            Some(ours) => {
                let versions = conflicts.entry(format!("correction:{seg}")).or_default();
                for v in [ours, text] {
                    let value = Value::String(v.clone());
                    if !versions.contains(&value) {
                        versions.push(value);
                    }
                }
            }
        }
    }
    for (p, starts) in &b.set.segmentation {
        match out.set.segmentation.get(p) {
            None => {
                out.set.segmentation.insert(*p, starts.clone());
            }
            Some(ours) if ours == starts => {}
            Some(ours) => {
                let versions = conflicts.entry(format!("segmentation:{p}")).or_default();
                for v in [ours, starts] {
                    let value = serde_json::to_value(v).unwrap_or(Value::Null);
                    if !versions.contains(&value) {
                        versions.push(value);
                    }
                }
            }
        }
    }
    out.conflicts = conflicts
        .into_iter()
        .map(|(id, versions)| Conflict { id, versions })
        .collect();
    out.set.sort();
    Ok(out)
}

/// Equal but for the conflict mark.
fn same(a: &Annotation, b: &Annotation) -> bool {
    Annotation {
        conflict: false,
        on_source: false,
        metadata: Default::default(),
        ..a.clone()
    } == Annotation {
        conflict: false,
        on_source: false,
        metadata: Default::default(),
        ..b.clone()
    }
}
