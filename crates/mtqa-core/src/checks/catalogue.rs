//! The list of checks for people and machines (`mtqa checks`, `docs/checks.md`, the JSON
//! schema's list of ids): written from the registry ([`crate::model::check`]), so that it
//! cannot drift from the code.

use std::io::{self, Write};

use serde::Serialize;

use super::{all, CheckId, Scope, Setting};
use crate::model::Severity;

/// One check as `mtqa checks --format json` lists it.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Stable id.
    pub id: &'static str,
    /// Default MQM category.
    pub category: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// What it does for the language asked (`off`, or a severity); the default severity
    /// when no language was given.
    pub default: String,
    /// What it looks at.
    pub scope: Scope,
    /// True when it needs the source.
    pub needs_source: bool,
    /// What it looks for.
    pub description: &'static str,
    /// Target languages where its default differs, with that default.
    pub by_language: std::collections::BTreeMap<&'static str, String>,
}

fn setting_name(s: Setting) -> String {
    match s {
        Setting::Off => "off".to_string(),
        Setting::Severity(s) => s.to_string(),
    }
}

/// Every check, sorted by id, with its default for target language `lang`.
pub fn entries(lang: Option<&str>) -> Vec<Entry> {
    all()
        .into_iter()
        .map(|c: CheckId| {
            let i = c.info();
            Entry {
                id: i.id,
                category: i.category,
                severity: i.severity,
                default: setting_name(i.default_for(lang)),
                scope: i.scope,
                needs_source: i.needs_source,
                description: i.description,
                by_language: i
                    .by_language
                    .iter()
                    .map(|(l, s)| (*l, setting_name(*s)))
                    .collect(),
            }
        })
        .collect()
}

/// Writes the list as text: id, category, default (for `lang`), scope, description.
pub fn write_text(out: &mut impl Write, lang: Option<&str>) -> io::Result<()> {
    for e in entries(lang) {
        let window = if e.scope == Scope::Window {
            format!(
                " (JSON Lines and TSV, files or streams: within each window of {} lines)",
                crate::formats::WINDOW_LINES
            )
        } else {
            String::new()
        };
        let source = if e.needs_source { ", source" } else { "" };
        writeln!(
            out,
            "{:<26} {:<40} {:<8} {:<9} {}{window}",
            e.id,
            e.category,
            e.default,
            format!("{}{source}", e.scope.name()),
            e.description
        )?;
    }
    Ok(())
}

/// Writes the list as one JSON array.
pub fn write_json(out: &mut impl Write, lang: Option<&str>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &entries(lang))?;
    writeln!(out)
}

/// The Markdown page of the checks (`docs/checks.md`), kept current by a test.
pub fn markdown() -> String {
    let mut s = String::from(
        "# The checks\n\nWritten from the registry of checks by `mtqa checks --format markdown`; \
         a test fails when this page is stale. Per-language defaults differ from the default \
         severity where reviewers of that language were measured not to mark what the check \
         finds (`mtqa checks --lang L` shows the defaults for one language).\n\n\
         | id | category | severity | scope | per language | what it finds |\n|---|---|---|---|---|---|\n",
    );
    for e in entries(None) {
        let by: Vec<String> = e
            .by_language
            .iter()
            .map(|(l, v)| format!("{l}: {v}"))
            .collect();
        let scope = if e.needs_source {
            format!("{}, source", e.scope.name())
        } else {
            e.scope.name().to_string()
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            e.id,
            e.category,
            e.severity,
            scope,
            by.join(", "),
            e.description.replace('|', "\\|")
        ));
    }
    s
}
