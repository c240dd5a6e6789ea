//! The shape of the code, as ARCHITECTURE.md states it: no circle in the module graph at
//! any level (siblings under one parent never import each other both ways, directly or
//! through others), the core never reaches the GUI or the command line, and no file grows
//! past the size where it stops being one room.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

mod common;

/// Every module of `src/` (as `a::b`), with its source up to its unit tests, comments out.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(root).expect("under src");
            let mut parts: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|c| c.to_string_lossy().to_string())
                .collect();
            if parts.last().is_some_and(|l| l == "mod") {
                parts.pop();
            }
            if parts.is_empty() || parts == ["lib"] || parts == ["main"] || parts[0] == "bin" {
                continue;
            }
            let mut src = fs::read_to_string(&p).expect("read");
            if let Some(i) = src.find("#[cfg(test)]\nmod tests") {
                src.truncate(i);
            }
            let code: String = src
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(parts.join("::"), code);
        }
    }
    let root = common::root().join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// The module paths a source refers to with `crate::…` or `super::…` (braced groups too),
/// resolved to the longest known module.
fn references(module: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let here: Vec<&str> = module.split("::").collect();
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i..].starts_with(b"crate::") || bytes[i..].starts_with(b"super::"))
            && (i == 0 || !ident(bytes[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        // The path: idents joined by `::`, maybe ending in a `{…}` group.
        let mut j = i;
        let mut path: Vec<&str> = Vec::new();
        let mut group: Option<&str> = None;
        loop {
            let s = j;
            while j < bytes.len() && ident(bytes[j]) {
                j += 1;
            }
            path.push(&code[s..j]);
            if bytes[j..].starts_with(b"::{") {
                let end = code[j..].find('}').map_or(bytes.len(), |k| j + k);
                group = Some(&code[j + 3..end]);
                j = end;
                break;
            }
            if bytes[j..].starts_with(b"::") && j + 2 < bytes.len() && ident(bytes[j + 2]) {
                j += 2;
                continue;
            }
            break;
        }
        i = j.max(i + 1);
        let supers = path.iter().take_while(|p| **p == "super").count();
        let base: Vec<&str> = if path[0] == "crate" {
            Vec::new()
        } else {
            here[..here.len().saturating_sub(supers)].to_vec()
        };
        let rest: Vec<&str> = path[if path[0] == "crate" { 1 } else { supers }..].to_vec();
        let mut candidates = vec![rest.clone()];
        for item in group.into_iter().flat_map(|g| g.split(',')) {
            let first = item.trim().split("::").next().unwrap_or("").trim();
            if !first.is_empty() && first != "self" {
                let mut r = rest.clone();
                r.push(first);
                candidates.push(r);
            }
        }
        for c in candidates {
            let full: Vec<&str> = base.iter().chain(c.iter()).copied().collect();
            for k in (1..=full.len()).rev() {
                let m = full[..k].join("::");
                if known.contains(&m) {
                    out.insert(m);
                    break;
                }
            }
        }
    }
    out
}

/// Edges between siblings: `a → b` where `a` and `b` share a parent and something in `a`
/// (or under it) refers to something in `b` (or under it). Parent ↔ child references are a
/// module and its parts, not a circle between rooms.
fn sibling_edges() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, code) in &mods {
        for t in references(m, code, &known) {
            let (a, b): (Vec<&str>, Vec<&str>) = (m.split("::").collect(), t.split("::").collect());
            let k = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            if k < a.len() && k < b.len() {
                edges
                    .entry(a[..=k].join("::"))
                    .or_default()
                    .insert(b[..=k].join("::"));
            }
        }
    }
    edges
}

/// The circles of a graph (strongly connected parts of more than one node).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = edges.keys().collect();
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(n) = todo.pop() {
            for t in edges.get(&n).into_iter().flatten() {
                if seen.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
        seen
    };
    let mut out: Vec<Vec<String>> = Vec::new();
    for n in nodes {
        let from_n = reach(n);
        if !from_n.contains(n) {
            continue;
        }
        let mut part: Vec<String> = from_n
            .iter()
            .filter(|m| reach(m).contains(n.as_str()))
            .cloned()
            .collect();
        part.sort();
        if !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

#[test]
fn the_module_graph_has_no_circle() {
    let edges = sibling_edges();
    // The checker sees the references it must: the export dispatch reaches the writers.
    assert!(
        edges["formats::export"].contains("formats::tmx"),
        "{edges:?}"
    );
    assert!(edges["gui::apply"].contains("gui::open_doc"), "{edges:?}");
    assert_eq!(circles(&edges), Vec::<Vec<String>>::new());
    // And it finds a circle where there is one.
    let mut with_circle = edges.clone();
    with_circle
        .entry("formats::tmx".into())
        .or_default()
        .insert("formats::export".into());
    assert_eq!(
        circles(&with_circle),
        vec![vec![
            "formats::export".to_string(),
            "formats::tmx".to_string()
        ]]
    );
}

#[test]
fn the_core_never_reaches_the_app_or_the_command_line() {
    let edges = sibling_edges();
    for (from, to) in &edges {
        if from == "cli" || from == "gui" {
            continue;
        }
        assert!(
            !to.contains("gui") && !to.contains("cli"),
            "{from} imports {to:?}"
        );
    }
    // The app goes through the same opening of a report as the command line.
    assert!(edges["gui"].contains("workspace") && edges["cli"].contains("workspace"));
}

#[test]
fn no_file_is_too_big_to_be_one_room() {
    let root = common::root().join("src");
    let mut big = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).expect("src").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let lines = fs::read_to_string(&p).expect("read").lines().count();
                let limit = if p.ends_with("gui/app.rs") { 400 } else { 800 };
                if lines > limit {
                    big.push(format!("{} ({lines} lines)", p.display()));
                }
            }
        }
    }
    assert!(big.is_empty(), "{big:?}");
}

#[test]
fn only_the_workspace_assembles_an_opened_report() {
    // Reading an annotation file for a report (and re-anchoring it), applying the saved
    // segmentation, merging findings: open_report does it, for the app and every command.
    for (module, code) in modules() {
        if module == "workspace" || module.starts_with("project") || module.starts_with("annotate")
        {
            continue;
        }
        for call in [
            "project::open(",
            "apply_segmentation(",
            "merge_findings(",
            "findings_to_annotations(",
        ] {
            assert!(
                !code.contains(call),
                "{module} calls {call}: open the report with workspace::open_report"
            );
        }
    }
}
