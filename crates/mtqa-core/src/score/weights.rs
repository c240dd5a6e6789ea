//! MQM weights as Marot applies them: an ordered list of rules, each a regular expression
//! matched case-insensitively against `severity:category` (lowercased and trimmed); the
//! first rule that matches gives the weight, and an error no rule matches weighs 0.
//! `No-error` rows, attention checks (`HOTW-test`), `Unrateable` and `Neutral` weigh 0
//! before any rule is tried (marot.js `addErrorStats`).

use std::path::Path;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::annotate::typology::Typology;
use crate::error::LoadError;
use crate::model::Severity;

/// One weighting rule.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Short name (Marot shows it as a column).
    pub name: String,
    /// The weight of an error the rule matches.
    pub weight: f64,
    /// The pattern as written.
    pub pattern: String,
    #[serde(skip)]
    regex: Regex,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.name == other.name && self.weight == other.weight && self.pattern == other.pattern
    }
}

impl Rule {
    /// A rule; the pattern must be a valid regular expression.
    pub fn new(name: &str, weight: f64, pattern: &str) -> Result<Rule, regex::Error> {
        Ok(Rule {
            name: name.to_string(),
            weight,
            pattern: pattern.to_string(),
            regex: RegexBuilder::new(pattern).case_insensitive(true).build()?,
        })
    }
}

/// How errors are weighted.
#[derive(Debug, Clone, PartialEq)]
pub enum Weights {
    /// First matching rule wins (Marot's way).
    Rules {
        /// What to call them in reports (`marot`, `wmt21`, a file name).
        name: String,
        /// The rules, in order.
        rules: Vec<Rule>,
    },
    /// The weights of a typology file (per category and severity).
    Typology(Box<Typology>),
}

/// Marot's default weights (marot.js `mqmDefaultWeights`).
pub static MAROT: LazyLock<Weights> = LazyLock::new(|| {
    rules(
        "marot",
        &[
            ("Trivial", 0.1, "minor:.*punctuation|trivial:"),
            ("Creative", 0.0, ":.*reinterpretation"),
            ("Source", 0.0, ":source"),
            ("Non-trans", 25.0, "non.translation"),
            ("Minor", 1.0, "minor:"),
            ("Major", 5.0, "major:"),
            ("Critical", 5.0, "critical:"),
        ],
    )
});

/// The weighting of the WMT21 release's own score files (google/wmt-mqm-human-evaluation
/// README): Major 5, Minor 1, Minor Fluency/Punctuation 0.1, Non-translation 25, Neutral
/// 0 — for every category, Source errors included.
pub static WMT21: LazyLock<Weights> = LazyLock::new(|| {
    rules(
        "wmt21",
        &[
            ("Non-trans", 25.0, "non.translation"),
            ("Trivial", 0.1, "minor:fluency/punctuation|trivial:"),
            ("Minor", 1.0, "minor:"),
            ("Major", 5.0, "major:"),
            ("Critical", 5.0, "critical:"),
        ],
    )
});

fn rules(name: &str, table: &[(&str, f64, &str)]) -> Weights {
    Weights::Rules {
        name: name.to_string(),
        rules: table
            .iter()
            .filter_map(|(n, w, p)| Rule::new(n, *w, p).ok())
            .collect(),
    }
}

impl Default for Weights {
    fn default() -> Weights {
        MAROT.clone()
    }
}

/// A rule as written in a weights file (Marot's own object form).
#[derive(Deserialize)]
struct RuleFields {
    #[serde(default)]
    name: String,
    weight: f64,
    pattern: String,
}

impl Weights {
    /// `marot` (the default), `wmt21`, or a file of rules.
    pub fn named_or_file(spec: &str) -> Result<Weights, LoadError> {
        match spec {
            "marot" => Ok(MAROT.clone()),
            "wmt21" => Ok(WMT21.clone()),
            path => Weights::load(Path::new(path)),
        }
    }

    /// Reads rules from a file: a JSON array of Marot's `{"name", "weight", "pattern"}`
    /// objects, or one rule per line, `NAME<TAB>WEIGHT<TAB>PATTERN` (`#` starts a comment).
    pub fn load(path: &Path) -> Result<Weights, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let err = |line: usize, message: String| LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            column: 1,
            message,
        };
        let mut fields: Vec<(usize, RuleFields)> = Vec::new();
        if text.trim_start().starts_with('[') {
            let parsed: Vec<RuleFields> = serde_json::from_str(&text)
                .map_err(|e| err(e.line(), format!("not a list of weight rules: {e}")))?;
            fields.extend(parsed.into_iter().map(|f| (1, f)));
        } else {
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_end_matches('\r');
                if line.trim().is_empty() || line.trim_start().starts_with('#') {
                    continue;
                }
                let parts: Vec<&str> = line.splitn(3, '\t').collect();
                let [name, weight, pattern] = parts[..] else {
                    return Err(err(
                        n + 1,
                        "expected NAME<TAB>WEIGHT<TAB>PATTERN (a regular expression matched on `severity:category`)".into(),
                    ));
                };
                let weight: f64 = weight
                    .trim()
                    .parse()
                    .map_err(|_| err(n + 1, format!("weight {weight:?} is not a number")))?;
                fields.push((
                    n + 1,
                    RuleFields {
                        name: name.trim().to_string(),
                        weight,
                        pattern: pattern.trim().to_string(),
                    },
                ));
            }
        }
        if fields.is_empty() {
            return Err(err(1, "no weight rules".into()));
        }
        let mut rules = Vec::with_capacity(fields.len());
        for (line, f) in fields {
            if !f.weight.is_finite() {
                return Err(err(line, format!("weight {} is not finite", f.weight)));
            }
            let rule = Rule::new(&f.name, f.weight, &f.pattern)
                .map_err(|e| err(line, format!("pattern {:?}: {e}", f.pattern)))?;
            rules.push(rule);
        }
        Ok(Weights::Rules {
            name: path.display().to_string(),
            rules,
        })
    }

    /// What the weights are called in reports.
    pub fn name(&self) -> &str {
        match self {
            Weights::Rules { name, .. } => name,
            Weights::Typology(_) => "typology",
        }
    }

    /// The weight of an error: its category and its severity as written (`Minor`,
    /// `Trivial`, `HOTW-test` …); `severity` is the parsed one, used by a typology.
    pub fn weight(&self, category: &str, written: &str, severity: Severity) -> f64 {
        let cat = category.trim().to_lowercase();
        let sev = written.trim().to_lowercase();
        if cat == "no-error"
            || cat == "no_error"
            || sev == "no-error"
            || sev == "hotw-test"
            || sev == "hotw_test"
            || sev == "unrateable"
            || sev == "neutral"
        {
            return 0.0;
        }
        match self {
            Weights::Rules { rules, .. } => {
                let key = format!("{sev}:{cat}");
                rules
                    .iter()
                    .find(|r| r.regex.is_match(&key))
                    .map_or(0.0, |r| r.weight)
            }
            Weights::Typology(t) => t.weight(category, severity),
        }
    }

    /// The rules, for reports (empty for a typology).
    pub fn rules(&self) -> &[Rule] {
        match self {
            Weights::Rules { rules, .. } => rules,
            Weights::Typology(_) => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(c: &str, s: &str) -> f64 {
        MAROT.weight(c, s, Severity::parse(s).unwrap_or(Severity::Minor))
    }

    #[test]
    fn marot_defaults_first_match_wins() {
        assert_eq!(w("Fluency/Punctuation", "Minor"), 0.1);
        assert_eq!(w("Fluency/Punctuation", "Major"), 5.0);
        assert_eq!(w("Style/Awkward", "Trivial"), 0.1);
        assert_eq!(w("Accuracy/Creative Reinterpretation", "Major"), 0.0);
        assert_eq!(w("Source issue", "Major"), 0.0);
        assert_eq!(w("Source error", "Minor"), 0.0);
        assert_eq!(w("Non-translation!", "Major"), 25.0);
        assert_eq!(w("Non-translation", "Minor"), 25.0);
        assert_eq!(w("Accuracy/Mistranslation", "Minor"), 1.0);
        assert_eq!(w("Accuracy/Mistranslation", "MAJOR "), 5.0);
        assert_eq!(w("Accuracy/Mistranslation", "Critical"), 5.0);
        assert_eq!(w("Accuracy/Mistranslation", "Neutral"), 0.0);
        assert_eq!(w("Found", "HOTW-test"), 0.0);
        assert_eq!(w("No-error", "No-error"), 0.0);
        assert_eq!(w("Accuracy/Mistranslation", "Weird"), 0.0);
        // WMT21: Source errors weigh by severity.
        assert_eq!(WMT21.weight("Source issue", "Major", Severity::Major), 5.0);
        assert_eq!(
            WMT21.weight("Fluency/Punctuation", "Minor", Severity::Minor),
            0.1
        );
    }

    #[test]
    fn rules_files_are_read_and_bad_ones_named() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("w.tsv");
        std::fs::write(&p, "# mine\nTerm\t3\tterminology\nMinor\t1\tminor:\n").expect("w");
        let ws = Weights::load(&p).expect("reads");
        assert_eq!(
            ws.weight("Terminology/Wrong term", "Minor", Severity::Minor),
            3.0
        );
        assert_eq!(ws.weight("Fluency/Grammar", "Minor", Severity::Minor), 1.0);
        assert_eq!(ws.weight("Fluency/Grammar", "Major", Severity::Major), 0.0);
        let j = dir.path().join("w.json");
        std::fs::write(&j, r#"[{"name":"Major","weight":10,"pattern":"major:"}]"#).expect("w");
        let wj = Weights::load(&j).expect("reads");
        assert_eq!(wj.weight("x", "Major", Severity::Major), 10.0);
        std::fs::write(&p, "Minor\tone\tminor:\n").expect("w");
        let e = Weights::load(&p).expect_err("bad weight").to_string();
        assert!(e.contains("w.tsv:1") && e.contains("not a number"), "{e}");
        std::fs::write(&p, "Minor\t1\tminor:(\n").expect("w");
        let e = Weights::load(&p).expect_err("bad pattern").to_string();
        assert!(e.contains("w.tsv:1") && e.contains("pattern"), "{e}");
    }
}
