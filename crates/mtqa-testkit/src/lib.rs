//! What the tests and benchmarks of mtqa share (never installed): a deterministic generator of
//! machine-translated news reports with known artifacts, segment files and annotation files,
//! for benchmarks and load tests. Same seed, same text.

pub mod fixtures;

pub use mtqa_core::rng::Rng;

const SUBJECTS: &[&str] = &[
    "The minister",
    "The regional council",
    "The company",
    "The mayor of the city",
    "A spokesperson for the police",
    "The central bank",
    "The opposition",
    "The union",
    "The prefecture",
    "Local residents",
    "The European Commission",
    "The fire brigade",
    "Analysts",
    "The court",
    "The hospital director",
];
const VERBS: &[&str] = &[
    "announced",
    "confirmed",
    "denied",
    "criticised",
    "welcomed",
    "postponed",
    "approved",
    "rejected",
    "presented",
    "defended",
    "questioned",
    "published",
];
const OBJECTS: &[&str] = &[
    "a new plan for public transport",
    "the budget for next year",
    "the results of the inquiry",
    "an agreement with the unions",
    "the closure of the factory",
    "a reform of the pension system",
    "the figures for the first quarter",
    "the construction of a new bridge",
    "a programme to renovate schools",
    "the decision of the court",
];
const TAILS: &[&str] = &[
    "on Tuesday",
    "after a long meeting",
    "in a statement",
    "according to the local press",
    "despite strong criticism",
    "before the elections",
    "in front of journalists",
    "during a visit to the region",
    "at the end of the week",
];
const ARTIFACTS: &[&str] = &[
    "This Thursday, the council met again..",
    "The decision was taken. with the support of the mayor.",
    "The the committee will meet again on Friday.",
    "Prices rose by 3,5 percent in the region .",
    "Which surprised many observers in the capital.",
    "The report was published in the frame of the review. .",
];

/// Generates a plain report of about `segments` sentences (a metadata header, paragraphs of
/// one to six sentences, now and then a run of blank lines), with an artifact in roughly
/// one sentence in twenty. Deterministic for a given seed.
pub fn report(segments: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(segments * 90);
    out.push_str("date 2025-01-01 ");
    let mut written = 0;
    while written < segments {
        let n = 1 + rng.below(6);
        for k in 0..n.min(segments - written) {
            if k > 0 {
                out.push(' ');
            }
            if rng.below(20) == 0 {
                out.push_str(rng.pick(ARTIFACTS));
            } else {
                out.push_str(rng.pick(SUBJECTS));
                out.push(' ');
                out.push_str(rng.pick(VERBS));
                out.push(' ');
                out.push_str(rng.pick(OBJECTS));
                out.push(' ');
                out.push_str(rng.pick(TAILS));
                out.push('.');
            }
            written += 1;
        }
        out.push_str(if rng.below(30) == 0 {
            "\n\n\n\n"
        } else {
            "\n\n"
        });
    }
    out
}

const SUBJECTS_FR: &[&str] = &[
    "Le ministre",
    "Le conseil régional",
    "L'entreprise",
    "Le maire de la ville",
    "Un porte-parole de la police",
    "La banque centrale",
    "L'opposition",
    "Le syndicat",
    "La préfecture",
    "Les habitants",
    "La Commission européenne",
    "Les pompiers",
    "Les analystes",
    "Le tribunal",
    "Le directeur de l'hôpital",
];
const VERBS_FR: &[&str] = &[
    "a annoncé",
    "a confirmé",
    "a démenti",
    "a critiqué",
    "a salué",
    "a reporté",
    "a approuvé",
    "a rejeté",
    "a présenté",
    "a défendu",
    "a mis en doute",
    "a publié",
];
const OBJECTS_FR: &[&str] = &[
    "un nouveau plan pour les transports publics",
    "le budget de l'année prochaine",
    "les résultats de l'enquête",
    "un accord avec les syndicats",
    "la fermeture de l'usine",
    "une réforme du système de retraites",
    "les chiffres du premier trimestre",
    "la construction d'un nouveau pont",
    "un programme de rénovation des écoles",
    "la décision du tribunal",
];
const TAILS_FR: &[&str] = &[
    "mardi",
    "après une longue réunion",
    "dans un communiqué",
    "selon la presse locale",
    "malgré de vives critiques",
    "avant les élections",
    "devant les journalistes",
    "lors d'une visite dans la région",
    "en fin de semaine",
];

/// Generates `segments` JSON Lines records `{"id","source","target"}` of French news
/// sentences and their English machine translation: an artifact in roughly one target in
/// twenty, and now and then a source translated another way than before (for the
/// consistency checks). Deterministic for a given seed; one line at a time, so that a
/// stream of any length can be generated in constant memory.
pub fn segments(segments: usize, seed: u64) -> impl Iterator<Item = String> {
    let mut rng = Rng::new(seed);
    (0..segments).map(move |i| {
        let (s, v, o, t) = (
            rng.below(SUBJECTS.len()),
            rng.below(VERBS.len()),
            rng.below(OBJECTS.len()),
            rng.below(TAILS.len()),
        );
        let source = format!(
            "{} {} {} {}.",
            SUBJECTS_FR[s], VERBS_FR[v], OBJECTS_FR[o], TAILS_FR[t]
        );
        let roll = rng.below(40);
        let target = if roll < 2 {
            rng.pick(ARTIFACTS).to_string()
        } else {
            // Another rendering of the verb now and then: an inconsistent translation.
            let verb = if roll == 2 { rng.pick(VERBS) } else { VERBS[v] };
            format!("{} {} {} {}.", SUBJECTS[s], verb, OBJECTS[o], TAILS[t])
        };
        let record = serde_json::json!({
            "id": format!("s{}", i + 1),
            "source": source,
            "target": target,
        });
        record.to_string()
    })
}

/// A generated annotation file of `n` annotations over a report of `n / 2` segments, as
/// the editors' and checks' work would look; `version` marks it (in `report.file`) so that
/// tests can tell states apart. Deterministic.
pub fn sidecar(n: usize, version: u64) -> mtqa_core::project::Sidecar {
    use mtqa_core::annotate::{Anchor, Annotation, Status};
    use mtqa_core::model::Severity;
    let mut rng = Rng::new(42);
    let mut sc = mtqa_core::project::Sidecar::new(mtqa_core::project::ReportRef {
        file: format!("soak-{version}.txt"),
        sha256: format!("{:064x}", version),
        segments: n / 2 + 1,
    });
    const CATS: &[&str] = &[
        "Fluency/Punctuation",
        "Style/Awkward",
        "Accuracy/Mistranslation",
        "Fluency/Grammar",
        "Accuracy/Untranslated",
    ];
    for i in 0..n {
        let text = format!(
            "{} {} {} {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(TAILS)
        );
        let start = rng.below(20);
        let end = start + 1 + rng.below(12);
        let automatic = i % 3 == 0;
        sc.set.annotations.push(Annotation {
            id: format!("a{i:07}"),
            segment: Some(format!("p{}.s{}", i / 6 + 1, i % 6 + 1)),
            anchor: Anchor::new(&text, start, end),
            category: rng.pick(CATS).to_string(),
            severity: [Severity::Minor, Severity::Major, Severity::Neutral][rng.below(3)],
            comment: if rng.below(4) == 0 {
                format!("see the style guide, rule {}", rng.below(90))
            } else {
                String::new()
            },
            message: String::new(),
            correction: (rng.below(2) == 0).then(|| rng.pick(VERBS).to_string()),
            origin: if automatic {
                "check:calque".into()
            } else {
                "editor:ana".into()
            },
            annotator: if automatic {
                "mtqa".into()
            } else {
                "ana".into()
            },
            status: [Status::Open, Status::Accepted, Status::Rejected]
                [((i as u64 + version) % 3) as usize],
            created: "2026-11-25T09:00:00Z".into(),
            modified: "2026-11-25T10:00:00Z".into(),
            orphaned: false,
            conflict: false,
            on_source: false,
            metadata: Default::default(),
        });
    }
    for s in 0..n / 10 {
        sc.set.corrections.insert(
            format!("p{}.s1", s + 1),
            format!("Corrected sentence {s} of version {version}."),
        );
    }
    sc
}

/// A WMT MQM ratings TSV of about `rows` rows: 10 systems, 3 raters a segment, errors
/// drawn from the usual categories and severities. Deterministic.
pub fn mqm_ratings(rows: usize, seed: u64) -> String {
    const CATS: &[&str] = &[
        "Accuracy/Mistranslation",
        "Fluency/Grammar",
        "Fluency/Punctuation",
        "Style/Awkward",
        "Accuracy/Omission",
        "Terminology/Inappropriate for context",
        "Non-translation!",
    ];
    const SEVS: &[&str] = &["Major", "Minor", "Minor", "Neutral"];
    let mut rng = Rng::new(seed);
    let mut out =
        String::from("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n");
    let mut n = 0;
    let mut seg = 0;
    while n < rows {
        seg += 1;
        for sys in 0..10 {
            for rater in 1..=3 {
                let errors = rng.below(3);
                let target = format!(
                    "{} {} {} {}.",
                    rng.pick(SUBJECTS),
                    rng.pick(VERBS),
                    rng.pick(OBJECTS),
                    rng.pick(TAILS)
                );
                if errors == 0 {
                    out.push_str(&format!("sys{sys}\tdoc{}\t{}\t{seg}\trater{rater}\tsource {seg}\t{target}\tNo-error\tNo-error\n", seg / 20, seg / 20));
                    n += 1;
                }
                for _ in 0..errors {
                    let cut = target.find(' ').unwrap_or(0);
                    let marked = format!("<v>{}</v>{}", &target[..cut], &target[cut..]);
                    out.push_str(&format!(
                        "sys{sys}\tdoc{}\t{}\t{seg}\trater{rater}\tsource {seg}\t{marked}\t{}\t{}\n",
                        seg / 20,
                        seg / 20,
                        rng.pick(CATS),
                        rng.pick(SEVS)
                    ));
                    n += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(report(50, 7), report(50, 7));
        assert_ne!(report(50, 7), report(50, 8));
        assert!(report(50, 7).starts_with("date 2025-01-01 "));
    }
}
