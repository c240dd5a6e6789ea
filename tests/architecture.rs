//! The shape of the code that crates cannot express, as ARCHITECTURE.md states it: no
//! circle in a crate's module graph at any level (siblings under one parent never import
//! each other both ways, directly or through others), the crates' dependencies point down,
//! no file grows past the size where it stops being one room, and no function of the core
//! past 120 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

mod common;

/// Every module of a crate whose sources are in `src` (as `a::b`), with its source up to
/// its unit tests, comments out.
fn modules_of(src: &Path) -> BTreeMap<String, String> {
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
            out.insert(parts.join("::"), code_of(&p));
        }
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out);
    out
}

/// A source file up to its unit tests, comments out.
fn code_of(p: &Path) -> String {
    let mut src = fs::read_to_string(p).expect("read");
    if let Some(i) = src.find("#[cfg(test)]\nmod tests") {
        src.truncate(i);
    }
    src.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source folders of the workspace's crates: the core, the app, the binary.
const CRATES: [&str; 3] = ["crates/mtqa-core/src", "crates/mtqa-gui/src", "src"];

/// Every module of every crate, as `crate-folder: a::b`.
fn modules() -> BTreeMap<String, String> {
    CRATES
        .iter()
        .flat_map(|c| {
            modules_of(&common::root().join(c))
                .into_iter()
                .map(move |(m, code)| (format!("{c}: {m}"), code))
        })
        .collect()
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
fn sibling_edges(src: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules_of(&common::root().join(src));
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
    let core = sibling_edges(CRATES[0]);
    let gui = sibling_edges(CRATES[1]);
    // The checker sees the references it must: the export dispatch reaches the writers.
    assert!(core["formats::export"].contains("formats::tmx"), "{core:?}");
    assert!(gui["apply"].contains("open_doc"), "{gui:?}");
    for c in CRATES {
        assert_eq!(circles(&sibling_edges(c)), Vec::<Vec<String>>::new(), "{c}");
    }
    // And it finds a circle where there is one.
    let mut with_circle = core.clone();
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

/// The normal dependencies a crate's manifest names (`[dependencies]` only).
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(common::root().join(manifest)).expect("manifest");
    let mut out = BTreeSet::new();
    let mut in_deps = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
        } else if in_deps {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_end_matches(".workspace");
                if !name.is_empty() && !name.starts_with('#') {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

/// The layers are crates, and the compiler keeps them: the core depends on no terminal,
/// window or test crate, the app on the core and not the command line, and what the tests
/// share is never a dependency of what is installed.
#[test]
fn the_crates_depend_downward() {
    let core = dependencies("crates/mtqa-core/Cargo.toml");
    for ui in [
        "clap",
        "egui",
        "eframe",
        "rfd",
        "mtqa-gui",
        "mtqa-testkit",
        "anyhow",
    ] {
        assert!(!core.contains(ui), "mtqa-core depends on {ui}");
    }
    let gui = dependencies("crates/mtqa-gui/Cargo.toml");
    assert!(gui.contains("mtqa-core") && !gui.contains("clap") && !gui.contains("mtqa-testkit"));
    let bin = dependencies("Cargo.toml");
    assert!(bin.contains("mtqa-core") && bin.contains("mtqa-gui") && !bin.contains("mtqa-testkit"));
    assert!(
        !bin.contains("egui") && !bin.contains("eframe"),
        "the binary draws through mtqa-gui"
    );
    // The app and the command line open reports the same way.
    let uses_workspace = |c: &str| {
        modules_of(&common::root().join(c))
            .values()
            .any(|code| code.contains("workspace::"))
    };
    assert!(uses_workspace(CRATES[1]) && uses_workspace(CRATES[2]));
}

#[test]
fn no_file_is_too_big_to_be_one_room() {
    let mut big = Vec::new();
    for c in CRATES {
        let mut stack = vec![common::root().join(c)];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).expect("src").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let lines = fs::read_to_string(&p).expect("read").lines().count();
                    let limit = if p.ends_with("mtqa-gui/src/app.rs") {
                        400
                    } else {
                        800
                    };
                    if lines > limit {
                        big.push(format!("{} ({lines} lines)", p.display()));
                    }
                }
            }
        }
    }
    assert!(big.is_empty(), "{big:?}");
}

/// The functions of a source (comments and unit tests out) longer than `limit` lines, as
/// `name (lines)`. rustfmt closes a function at the indentation of its `fn`.
fn long_functions(code: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let Some(at) = t.find("fn ") else { continue };
        let head = &t[..at];
        let is_item = head.split_whitespace().all(|w| {
            [
                "pub",
                "pub(crate)",
                "pub(super)",
                "const",
                "async",
                "unsafe",
            ]
            .contains(&w)
        });
        if !is_item || t.ends_with(';') {
            continue;
        }
        let indent = l.len() - t.len();
        let close = format!("{}}}", " ".repeat(indent));
        let Some(len) = lines[i..].iter().position(|m| m.trim_end() == close) else {
            continue;
        };
        if len + 1 > limit {
            let name: String = t[at + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(format!("{name} ({} lines)", len + 1));
        }
    }
    out
}

#[test]
fn no_function_of_the_core_is_over_120_lines() {
    let mut long = Vec::new();
    for (module, code) in modules_of(&common::root().join(CRATES[0])) {
        for f in long_functions(&code, 120) {
            long.push(format!("{module}::{f}"));
        }
    }
    // Still to be cut (the list may only shrink; each entry goes once its function is cut).
    const TO_CUT: &[&str] = &[
        "checks::punctuation::doubled",
        "checks::quotes::check_paragraph",
        "checks::source::unit_checks",
        "checks::typography::dashes",
        "checks::typography::numbers",
        "eval::evaluate",
        "formats::anthea::read",
        "formats::mqm::for_each_rating",
        "formats::plain::parse",
        "formats::xliff::read",
        "score::score",
        "score::html::render_reviewed",
        "stream::read",
        "workspace::open_report",
    ];
    let names: Vec<&str> = long.iter().filter_map(|l| l.split(' ').next()).collect();
    let new: Vec<&String> = long
        .iter()
        .filter(|l| !TO_CUT.iter().any(|c| l.starts_with(&format!("{c} "))))
        .collect();
    assert!(new.is_empty(), "functions over 120 lines: {new:?}");
    let cut: Vec<&&str> = TO_CUT.iter().filter(|c| !names.contains(c)).collect();
    assert!(cut.is_empty(), "now short: take {cut:?} off the list");
    // The measure sees a long function where there is one.
    let body = "    let x = 1;\n".repeat(130);
    assert_eq!(
        long_functions(&format!("pub fn f() {{\n{body}}}\n"), 120),
        vec!["f (132 lines)".to_string()]
    );
}

#[test]
fn only_the_workspace_assembles_an_opened_report() {
    // Reading an annotation file for a report (and re-anchoring it), applying the saved
    // segmentation, merging findings: open_report does it, for the app and every command.
    for (module, code) in modules() {
        let m = module.split(": ").nth(1).unwrap_or("");
        if module.starts_with(CRATES[0])
            && (m == "workspace" || m.starts_with("project") || m.starts_with("annotate"))
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
