//! Evaluation of the aligner: from sentence-aligned parallel text, build a document pair
//! with a known gold alignment by merging, splitting and dropping sentences at random, then
//! compare the aligner's links with the gold ones (precision, recall, F1).

use std::collections::BTreeSet;

use super::Bead;
use crate::rng::Rng;

/// A document pair with its gold alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Gold {
    /// Source sentences.
    pub source: Vec<String>,
    /// Target sentences.
    pub target: Vec<String>,
    /// Gold beads.
    pub beads: Vec<Bead>,
}

/// Probabilities of the edits the generator applies at each sentence pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    /// Two target sentences merged into one (2-1 bead).
    pub merge_target: f64,
    /// Two source sentences merged into one (1-2 bead).
    pub merge_source: f64,
    /// A target sentence dropped (1-0 bead: an omission).
    pub drop_target: f64,
    /// A source sentence dropped (0-1 bead: an addition).
    pub drop_source: f64,
}

impl Default for Mix {
    /// News-like: most beads 1-1.
    fn default() -> Mix {
        Mix {
            merge_target: 0.04,
            merge_source: 0.04,
            drop_target: 0.015,
            drop_source: 0.015,
        }
    }
}

fn join(a: &str, b: &str) -> String {
    format!("{} {}", a.trim_end(), b.trim_start())
}

/// Builds a document pair from aligned sentence pairs.
pub fn make(pairs: &[(String, String)], mix: &Mix, seed: u64) -> Gold {
    let mut rng = Rng::new(seed);
    let mut g = Gold {
        source: Vec::new(),
        target: Vec::new(),
        beads: Vec::new(),
    };
    let roll = |rng: &mut Rng| rng.below(1_000_000) as f64 / 1_000_000.0;
    let mut i = 0;
    while i < pairs.len() {
        let r = roll(&mut rng);
        let (s, t) = (g.source.len(), g.target.len());
        let two = i + 1 < pairs.len();
        if two && r < mix.merge_target {
            g.source.push(pairs[i].0.clone());
            g.source.push(pairs[i + 1].0.clone());
            g.target.push(join(&pairs[i].1, &pairs[i + 1].1));
            g.beads.push(Bead {
                source: vec![s, s + 1],
                target: vec![t],
            });
            i += 2;
        } else if two && r < mix.merge_target + mix.merge_source {
            g.source.push(join(&pairs[i].0, &pairs[i + 1].0));
            g.target.push(pairs[i].1.clone());
            g.target.push(pairs[i + 1].1.clone());
            g.beads.push(Bead {
                source: vec![s],
                target: vec![t, t + 1],
            });
            i += 2;
        } else if r < mix.merge_target + mix.merge_source + mix.drop_target {
            g.source.push(pairs[i].0.clone());
            g.beads.push(Bead {
                source: vec![s],
                target: vec![],
            });
            i += 1;
        } else if r < mix.merge_target + mix.merge_source + mix.drop_target + mix.drop_source {
            g.target.push(pairs[i].1.clone());
            g.beads.push(Bead {
                source: vec![],
                target: vec![t],
            });
            i += 1;
        } else {
            g.source.push(pairs[i].0.clone());
            g.target.push(pairs[i].1.clone());
            g.beads.push(Bead {
                source: vec![s],
                target: vec![t],
            });
            i += 1;
        }
    }
    g
}

/// The (source, target) sentence links of beads.
pub fn links(beads: &[Bead]) -> BTreeSet<(usize, usize)> {
    beads
        .iter()
        .flat_map(|b| {
            b.source
                .iter()
                .flat_map(move |&s| b.target.iter().map(move |&t| (s, t)))
        })
        .collect()
}

/// Precision, recall and F1 of predicted beads against gold beads, on links.
pub fn score(predicted: &[Bead], gold: &[Bead]) -> (f64, f64, f64) {
    let (p, g) = (links(predicted), links(gold));
    let hit = p.intersection(&g).count() as f64;
    let precision = if p.is_empty() {
        0.0
    } else {
        hit / p.len() as f64
    };
    let recall = if g.is_empty() {
        0.0
    } else {
        hit / g.len() as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// French–English news-like sentence pairs, generated from templates with names, places,
/// numbers and dates, of varied lengths. Deterministic. (A stand-in for real parallel news
/// when none is at hand; the evaluation takes any aligned pairs.)
pub fn synthetic_pairs(n: usize, seed: u64) -> Vec<(String, String)> {
    const NAMES: &[&str] = &[
        "Pierre Ventura",
        "Claire Moreau",
        "Ahmed Benali",
        "Sofia Marín",
        "Jean Dupuis",
        "Laura Kessler",
        "Marc Olivier",
    ];
    const CITIES: &[(&str, &str)] = &[
        ("Lyon", "Lyon"),
        ("Marseille", "Marseille"),
        ("Bruxelles", "Brussels"),
        ("Genève", "Geneva"),
        ("Nîmes", "Nîmes"),
        ("Toulouse", "Toulouse"),
        ("Londres", "London"),
    ];
    const ORGS: &[&str] = &["l'UNESCO", "la SNCF", "l'OMS", "Airbus", "Renault", "l'AFP"];
    const DAYS: &[(&str, &str)] = &[
        ("lundi", "Monday"),
        ("mardi", "Tuesday"),
        ("mercredi", "Wednesday"),
        ("jeudi", "Thursday"),
        ("vendredi", "Friday"),
    ];
    const T: &[(&str, &str)] = &[
        ("Le maire de {C}, {P}, a annoncé {D} un plan de {N} millions d'euros.", "The mayor of {C2}, {P}, announced a plan worth {N} million euros on {D2}."),
        ("Selon {O}, {N} personnes ont été évacuées.", "According to {O}, {N} people were evacuated."),
        ("La réunion s'est tenue à {C} en présence de {P}.", "The meeting was held in {C2} in the presence of {P}."),
        ("Les syndicats ont appelé à la grève.", "The unions called a strike."),
        ("Le gouvernement a confirmé les chiffres {D} soir.", "The government confirmed the figures on {D2} evening."),
        ("Pourquoi un tel retard ?", "Why such a delay?"),
        ("Les prix ont augmenté de {N} % en un an, une hausse jamais vue depuis la crise financière de 2008.", "Prices rose by {N}% in a year, an increase not seen since the 2008 financial crisis."),
        ("{P} a quitté ses fonctions après {N} ans à la tête de l'entreprise.", "{P} stepped down after {N} years at the head of the company."),
        ("C'est une catastrophe !", "It is a disaster!"),
        ("Les travaux doivent durer jusqu'en {Y}.", "The works are due to last until {Y}."),
        ("Dans un communiqué, {O} a dénoncé une décision « injuste » et annoncé qu'elle ferait appel devant le tribunal administratif de {C}.", "In a statement, {O} denounced an \"unfair\" decision and said it would appeal to the administrative court in {C2}."),
        ("Le bilan s'élève à {N} morts.", "The toll stands at {N} dead."),
        ("Les habitants de {C} attendent des réponses.", "The residents of {C2} are waiting for answers."),
        ("Le ministre a promis {N} nouveaux postes d'enseignants d'ici à {Y}, dont la moitié dans les zones rurales.", "The minister promised {N} new teaching posts by {Y}, half of them in rural areas."),
        ("Rien n'a été décidé.", "Nothing has been decided."),
        ("La police a ouvert une enquête.", "The police opened an investigation."),
        ("{P} sera candidat aux élections de {Y}, a confirmé son entourage {D}.", "{P} will run in the {Y} elections, his entourage confirmed on {D2}."),
        ("Le trafic reprendra progressivement à partir de {N} heures.", "Traffic will gradually resume from {N} o'clock."),
    ];
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let (fr, en) = T[rng.below(T.len())];
            let p = NAMES[rng.below(NAMES.len())];
            let (c, c2) = CITIES[rng.below(CITIES.len())];
            let o = ORGS[rng.below(ORGS.len())];
            let (d, d2) = DAYS[rng.below(DAYS.len())];
            let num = (2 + rng.below(900)).to_string();
            let y = (2025 + rng.below(8)).to_string();
            let fill = |s: &str| {
                s.replace("{P}", p)
                    .replace("{C2}", c2)
                    .replace("{C}", c)
                    .replace("{O}", o)
                    .replace("{D2}", d2)
                    .replace("{D}", d)
                    .replace("{N}", &num)
                    .replace("{Y}", &y)
            };
            (
                fill(fr),
                fill(en)
                    .replace("According to l'", "According to ")
                    .replace("In a statement, l'", "In a statement, ")
                    .replace("According to la ", "According to ")
                    .replace("In a statement, la ", "In a statement, "),
            )
        })
        .collect()
}
