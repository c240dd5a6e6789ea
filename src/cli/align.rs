//! `mtqa align`: the sentence alignment of a source document and its translation.

use std::io::{self, Write};
use std::path::PathBuf;

use super::{AlignArgs, AlignFormat};
use mtqa_core::formats::{self, LoadOptions};

/// `mtqa align`.
pub fn run(args: &AlignArgs) -> anyhow::Result<i32> {
    use anyhow::Context;
    let read_lines = |p: &PathBuf| -> anyhow::Result<Vec<(String, String)>> {
        let bytes = std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?;
        let (text, _) = formats::decode(p, &bytes)?;
        Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| ((i + 1).to_string(), l.to_string()))
            .collect())
    };
    let segments = |p: &PathBuf| -> anyhow::Result<Vec<(String, String)>> {
        if args.lines {
            return read_lines(p);
        }
        let doc = formats::load(p, &LoadOptions::default())?;
        Ok(doc
            .segments
            .into_iter()
            .map(|s| (s.id.to_string(), s.text.into()))
            .collect())
    };
    let (src, tgt) = (segments(&args.source)?, segments(&args.target)?);
    let s: Vec<&str> = src.iter().map(|x| x.1.as_str()).collect();
    let t: Vec<&str> = tgt.iter().map(|x| x.1.as_str()).collect();
    let beads = mtqa_core::align::align(
        &s,
        &t,
        &mtqa_core::align::Options {
            anchors: !args.length_only,
            ..Default::default()
        },
    );
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for b in &beads {
        let ids = |side: &[usize], from: &[(String, String)]| -> Vec<serde_json::Value> {
            side.iter()
                .map(|&i| {
                    let id = &from[i].0;
                    if args.lines {
                        serde_json::Value::from(id.parse::<u64>().unwrap_or(0))
                    } else {
                        serde_json::Value::from(id.clone())
                    }
                })
                .collect()
        };
        match args.format {
            AlignFormat::Jsonl => {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({ "source": ids(&b.source, &src), "target": ids(&b.target, &tgt) }),
                )?;
                writeln!(out)?;
            }
            AlignFormat::Tsv => {
                let join = |side: &[usize], from: &[(String, String)], k: usize| {
                    side.iter()
                        .map(|&i| {
                            if k == 0 {
                                from[i].0.clone()
                            } else {
                                from[i].1.replace(['\t', '\n'], " ")
                            }
                        })
                        .collect::<Vec<_>>()
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    join(&b.source, &src, 0).join(","),
                    join(&b.target, &tgt, 0).join(","),
                    join(&b.source, &src, 1).join(" "),
                    join(&b.target, &tgt, 1).join(" ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}
