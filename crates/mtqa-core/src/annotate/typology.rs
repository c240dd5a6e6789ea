//! The error typology: MQM categories with their ITS 2.0 issue types and the severity
//! weights of the score. Data, in `schemas/typology.json`; a team may use its own file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Severity;

const BUILTIN: &str = include_str!("../../../../schemas/typology.json");

/// One category.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Category {
    /// MQM path (`Fluency/Punctuation`).
    pub path: String,
    /// ITS 2.0 `locQualityIssueType`.
    pub its: String,
    /// Other names for it in files (`Non-translation!`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Weights that differ from the severity's default.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// What it covers.
    #[serde(default)]
    pub description: String,
}

/// A typology.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Typology {
    /// Its name.
    pub name: String,
    /// Default weight per severity.
    pub severities: BTreeMap<String, f64>,
    /// Categories.
    pub categories: Vec<Category>,
}

/// A category name as rating tools vary it, reduced: each `/` part lower-cased, without
/// a trailing `(…)`, underscores as spaces, spaces collapsed.
fn loose(path: &str) -> String {
    path.split('/')
        .map(|part| {
            let part = match part.rfind('(') {
                Some(i) if part.trim_end().ends_with(')') => &part[..i],
                _ => part,
            };
            part.replace('_', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Typology {
    /// The built-in MQM core typology.
    pub fn builtin() -> Typology {
        // The built-in file is tested to parse; this fallback only keeps a broken build usable.
        serde_json::from_str(BUILTIN).unwrap_or_else(|_| Typology {
            name: "empty".into(),
            severities: BTreeMap::new(),
            categories: Vec::new(),
        })
    }

    /// Parses a typology file.
    pub fn parse(text: &str) -> Result<Typology, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The category with this path or alias: case-insensitive, and as rating tools spell
    /// them (`Accuracy/Omission (Translation 2)`, `accuracy/omission`,
    /// `Locale_convention/Date_format`): a trailing parenthesis of a part, underscores and
    /// spacing do not matter.
    pub fn category(&self, path: &str) -> Option<&Category> {
        let exact = |name: &str| name.eq_ignore_ascii_case(path);
        if let Some(c) = self
            .categories
            .iter()
            .find(|c| exact(&c.path) || c.aliases.iter().any(|a| exact(a)))
        {
            return Some(c);
        }
        let want = loose(path);
        self.categories
            .iter()
            .find(|c| loose(&c.path) == want || c.aliases.iter().any(|a| loose(a) == want))
    }

    /// The canonical path of a category name; unknown names are returned as they are.
    pub fn canonical<'a>(&'a self, path: &'a str) -> &'a str {
        self.category(path).map_or(path, |c| c.path.as_str())
    }

    /// The weight of an error of this category and severity in the MQM score. Unknown
    /// categories weigh as their top-level category, else as the severity's default.
    pub fn weight(&self, path: &str, severity: Severity) -> f64 {
        let sev = severity.as_str();
        let default = self.severities.get(sev).copied().unwrap_or(0.0);
        let cat = self
            .category(path)
            .or_else(|| path.split('/').next().and_then(|top| self.category(top)));
        cat.and_then(|c| c.weights.get(sev).copied())
            .unwrap_or(default)
    }

    /// The ITS 2.0 issue type of a category (`other` for unknown ones).
    pub fn its_type(&self, path: &str) -> &str {
        self.category(path)
            .or_else(|| path.split('/').next().and_then(|top| self.category(top)))
            .map_or("other", |c| c.its.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_typology_has_wmt_weights() {
        let t: Typology = serde_json::from_str(BUILTIN).expect("parses");
        assert_eq!(t.weight("Fluency/Punctuation", Severity::Minor), 0.1);
        assert_eq!(t.weight("Fluency/Punctuation", Severity::Major), 5.0);
        assert_eq!(t.weight("Accuracy/Mistranslation", Severity::Minor), 1.0);
        assert_eq!(t.weight("Non-translation!", Severity::Major), 25.0);
        assert_eq!(t.weight("Style/Awkward", Severity::Neutral), 0.0);
        assert_eq!(
            t.weight("Accuracy/Made-up team category", Severity::Major),
            5.0
        );
        assert_eq!(
            t.canonical("Accuracy/Untranslated text"),
            "Accuracy/Untranslated"
        );
        assert_eq!(t.its_type("Fluency/Character encoding"), "characters");
        // Spellings of the WMT releases and of Anthea.
        assert_eq!(
            t.canonical("Accuracy/Omission (Translation 2)"),
            "Accuracy/Omission"
        );
        assert_eq!(t.canonical("accuracy/omission"), "Accuracy/Omission");
        assert_eq!(
            t.canonical("Locale_convention/Date_format"),
            "Locale convention/Date format"
        );
        assert_eq!(t.canonical("Style/Unnatural or awkward"), "Style/Awkward");
        assert_eq!(
            t.canonical("Accuracy/Source language fragment"),
            "Accuracy/Untranslated"
        );
        assert_eq!(
            t.canonical("Fluency/Text-Breaking"),
            "Fluency/Text-Breaking"
        );
        assert_eq!(t.its_type("Team/Own"), "other");
        // Every category the checks use is in the typology.
        for c in crate::checks::all() {
            assert!(
                t.category(c.info().category).is_some(),
                "{}",
                c.info().category
            );
        }
    }
}
