//! The descriptors of the automatic checks: data every layer shares. Each check is declared
//! once, next to its function in `checks/`, as a `static` [`Check`] put into [`CHECKS`] with
//! the [`crate::declare_check!`] macro; a hit names its check by that static, so a check
//! without a descriptor cannot compile. Findings carry a [`CheckId`]: a copyable handle on
//! the descriptor that prints, compares and serializes as the check's id.
//!
//! Checks made at run time (a profile's custom checks) are registered with
//! [`register_dynamic`]: their descriptors live as long as the program, like the statics.

use std::fmt;
use std::sync::RwLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Severity;

/// What a check looks at to find what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One segment at a time.
    Segment,
    /// A paragraph's segments together (quotes and brackets that span sentences).
    Paragraph,
    /// The whole document (in segment files and streams: one window of records at a time,
    /// [`crate::formats::WINDOW_LINES`]): segments compared with each other, or weighed
    /// against the document's language, lengths or habits.
    Window,
    /// The layout between segments of a plain report (blank lines, a glued header).
    Layout,
}

impl Scope {
    /// The name `mtqa checks` prints.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Segment => "segment",
            Scope::Paragraph => "paragraph",
            Scope::Window => "window",
            Scope::Layout => "layout",
        }
    }
}

/// What a check does by default for one target language, where it differs from its
/// default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Not run for that language.
    Off,
    /// Run, its findings given this severity.
    Severity(Severity),
}

/// A check: its id, its MQM category, its default severity, what it looks at, and what it
/// does per target language.
#[derive(Debug)]
pub struct Check {
    /// Stable id, used in output, in `--skip` and in profiles (`doubled-punctuation`).
    pub id: &'static str,
    /// Default MQM category.
    pub category: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// What it looks at.
    pub scope: Scope,
    /// True when it compares the target with its source (and says nothing without one).
    pub needs_source: bool,
    /// What it looks for, for a person (`mtqa checks`).
    pub description: &'static str,
    /// Target languages where its default differs from `severity` (ISO 639-1 codes), with
    /// the reason measured or chosen: `(language, setting)`.
    pub by_language: &'static [(&'static str, Setting)],
}

/// Two descriptors are the same check when they have the same id.
impl PartialEq for Check {
    fn eq(&self, other: &Check) -> bool {
        self.id == other.id
    }
}

impl Check {
    /// The fields every declaration starts from: a segment check of category `Other`,
    /// minor, with no source.
    pub const BASE: Check = Check {
        id: "",
        category: "Other",
        severity: Severity::Minor,
        scope: Scope::Segment,
        needs_source: false,
        description: "",
        by_language: &[],
    };

    /// What the check does by default for target language `lang` (`None`: unknown).
    pub fn default_for(&self, lang: Option<&str>) -> Setting {
        lang.and_then(|l| self.by_language.iter().find(|(code, _)| *code == l))
            .map_or(Setting::Severity(self.severity), |(_, s)| *s)
    }
}

/// Every check declared in the program's code, in link order (unsorted: see
/// [`all`]). The statics are gathered by the linker (`linkme`), so that a check is declared
/// in one place, next to its code; placing a static in a link section is what the
/// `unsafe_code` lint names, and it is allowed there and nowhere else.
#[allow(unsafe_code)]
#[linkme::distributed_slice]
pub static CHECKS: [Check];

/// Declares a check next to its function: a `static` [`Check`] registered in [`CHECKS`].
///
/// ```ignore
/// declare_check! {
///     /// `..`, `. .` and the like.
///     pub(crate) DOUBLED_PUNCTUATION = Check {
///         id: "doubled-punctuation",
///         category: "Fluency/Punctuation",
///         description: "…",
///         ..Check::BASE
///     };
/// }
/// ```
#[macro_export]
macro_rules! declare_check {
    ($($(#[$m:meta])* $vis:vis $name:ident = $body:expr;)+) => {
        $(
            $(#[$m])*
            #[allow(unsafe_code)]
            #[linkme::distributed_slice($crate::model::check::CHECKS)]
            $vis static $name: $crate::model::check::Check = $body;
        )+
    };
}

/// Descriptors registered at run time (custom checks of a profile).
static DYNAMIC: RwLock<Vec<&'static Check>> = RwLock::new(Vec::new());

/// Registers a check made at run time, or returns the one already registered under its id
/// (a static check's id cannot be taken).
pub fn register_dynamic(check: Check) -> CheckId {
    if let Some(found) = find(check.id) {
        return found;
    }
    let mut dynamic = DYNAMIC.write().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = dynamic.iter().find(|c| c.id == check.id) {
        return CheckId(found);
    }
    // Leaked on purpose: a descriptor lives as long as the findings that point at it, and
    // a profile declares a handful.
    let leaked: &'static Check = Box::leak(Box::new(check));
    dynamic.push(leaked);
    CheckId(leaked)
}

/// Every check, static and dynamic, sorted by id.
pub fn all() -> Vec<CheckId> {
    let mut out: Vec<CheckId> = CHECKS.iter().map(CheckId).collect();
    if let Ok(dynamic) = DYNAMIC.read() {
        out.extend(dynamic.iter().map(|c| CheckId(c)));
    }
    out.sort_by_key(|c| c.0.id);
    out
}

/// The check with this id.
pub fn find(id: &str) -> Option<CheckId> {
    if let Some(c) = CHECKS.iter().find(|c| c.id == id) {
        return Some(CheckId(c));
    }
    let dynamic = DYNAMIC.read().ok()?;
    dynamic.iter().find(|c| c.id == id).map(|c| CheckId(c))
}

/// A handle on a check's descriptor: copied freely, compared, hashed, ordered, printed
/// and serialized as the check's id.
#[derive(Clone, Copy)]
pub struct CheckId(&'static Check);

impl CheckId {
    /// The handle of a declared check.
    pub const fn of(check: &'static Check) -> CheckId {
        CheckId(check)
    }

    /// The id (`doubled-punctuation`).
    pub fn as_str(&self) -> &'static str {
        self.0.id
    }

    /// The descriptor.
    pub fn info(&self) -> &'static Check {
        self.0
    }
}

impl From<&'static Check> for CheckId {
    fn from(c: &'static Check) -> CheckId {
        CheckId(c)
    }
}

impl PartialEq for CheckId {
    fn eq(&self, other: &CheckId) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for CheckId {}

impl PartialOrd for CheckId {
    fn partial_cmp(&self, other: &CheckId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CheckId {
    fn cmp(&self, other: &CheckId) -> std::cmp::Ordering {
        self.0.id.cmp(other.0.id)
    }
}

impl std::hash::Hash for CheckId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

impl PartialEq<str> for CheckId {
    fn eq(&self, other: &str) -> bool {
        self.0.id == other
    }
}

impl PartialEq<&str> for CheckId {
    fn eq(&self, other: &&str) -> bool {
        self.0.id == *other
    }
}

impl PartialEq<String> for CheckId {
    fn eq(&self, other: &String) -> bool {
        self.0.id == other
    }
}

impl PartialEq<CheckId> for &str {
    fn eq(&self, other: &CheckId) -> bool {
        *self == other.0.id
    }
}

impl AsRef<str> for CheckId {
    fn as_ref(&self) -> &str {
        self.0.id
    }
}

impl fmt::Debug for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.id, f)
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id)
    }
}

impl Serialize for CheckId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.id)
    }
}

impl<'de> Deserialize<'de> for CheckId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CheckId, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(d)?;
        find(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown check `{id}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_check_has_a_unique_id_a_category_and_a_description() {
        let all = all();
        assert!(all.len() >= 40, "{}", all.len());
        for w in all.windows(2) {
            assert_ne!(w[0].as_str(), w[1].as_str(), "declared twice");
        }
        for c in &all {
            let info = c.info();
            assert!(!info.id.is_empty() && !info.description.is_empty(), "{c}");
            assert!(
                info.category.contains('/') || info.category == "Other",
                "{c}"
            );
            assert_eq!(find(info.id), Some(*c));
        }
    }

    #[test]
    fn a_check_id_prints_compares_and_serializes_as_its_id() {
        let c = find("doubled-punctuation").expect("declared");
        assert_eq!(c, "doubled-punctuation");
        assert_eq!(c.to_string(), "doubled-punctuation");
        assert_eq!(
            serde_json::to_string(&c).expect("json"),
            "\"doubled-punctuation\""
        );
        let back: CheckId = serde_json::from_str("\"doubled-punctuation\"").expect("back");
        assert_eq!(back, c);
        assert!(serde_json::from_str::<CheckId>("\"no-such-check\"").is_err());
    }

    #[test]
    fn a_dynamic_check_is_found_once_and_cannot_take_a_static_id() {
        let made = register_dynamic(Check {
            id: "custom:test-dynamic",
            category: "Style/Awkward",
            description: "a test",
            ..Check::BASE
        });
        let again = register_dynamic(Check {
            id: "custom:test-dynamic",
            description: "another",
            ..Check::BASE
        });
        assert_eq!(made, again);
        assert_eq!(again.info().description, "a test");
        assert_eq!(find("custom:test-dynamic"), Some(made));
        let taken = register_dynamic(Check {
            id: "doubled-punctuation",
            ..Check::BASE
        });
        assert_eq!(taken.info().category, "Fluency/Punctuation");
    }

    #[test]
    fn the_default_per_language_is_the_listed_one_else_the_severity() {
        static C: Check = Check {
            id: "t",
            severity: Severity::Minor,
            by_language: &[
                ("en", Setting::Severity(Severity::Neutral)),
                ("ja", Setting::Off),
            ],
            ..Check::BASE
        };
        assert_eq!(
            C.default_for(Some("en")),
            Setting::Severity(Severity::Neutral)
        );
        assert_eq!(C.default_for(Some("ja")), Setting::Off);
        assert_eq!(
            C.default_for(Some("de")),
            Setting::Severity(Severity::Minor)
        );
        assert_eq!(C.default_for(None), Setting::Severity(Severity::Minor));
    }
}
