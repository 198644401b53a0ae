//! A generated knowledge base of any size, for the world-index benchmark and the tests that
//! load a large KB beside the curated one.
//!
//! Deterministic (a fixed LCG). Names are made of invented syllables, so they never collide
//! with the people of real drafts by accident; they collide with each other as real names
//! do: persons share surnames by the thousand and full names by the dozen. Offices are forty
//! portfolios ("Minister of Fisheries", alias "Fisheries Minister") in invented countries
//! (codes `Q` + two letters, never a real country code), each held by a chain of terms, so
//! a title alias is shared by thousands of offices (the crowded case of
//! [`super::world`]).

use std::fmt::Write;

const SYLLABLES: &[&str] = &[
    "ta", "mo", "vel", "rin", "ko", "sa", "dur", "ene", "pa", "lio", "zan", "qui", "bre", "tor",
    "ush", "ama", "fel", "gor", "hin", "jas", "lum", "nev", "ost", "ryk", "sil", "tev", "ulm",
    "vos", "wen", "yra",
];

const PORTFOLIOS: &[&str] = &[
    "Fisheries",
    "Forestry",
    "Mines",
    "Tourism",
    "Culture",
    "Sport",
    "Youth",
    "Water",
    "Railways",
    "Ports",
    "Aviation",
    "Housing",
    "Planning",
    "Labour",
    "Pensions",
    "Veterans",
    "Customs",
    "Statistics",
    "Archives",
    "Lotteries",
    "Heritage",
    "Fisheries Research",
    "Inland Waterways",
    "Posts",
    "Telegraphs",
    "Weather",
    "Seeds",
    "Dairy",
    "Silk",
    "Salt",
    "Textiles",
    "Tea",
    "Coffee",
    "Rubber",
    "Cocoa",
    "Sugar",
    "Tobacco",
    "Cotton",
    "Wool",
    "Timber",
];

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn word(rng: &mut Lcg, parts: usize) -> String {
    let mut w = String::new();
    for _ in 0..parts {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A KB file (TOML) with about `terms` holder records, `terms / 2` persons and
/// `terms / 20` offices, dated up to `as_of`.
pub fn kb_toml(terms: usize, as_of: &str) -> String {
    let mut rng = Lcg(0x5eed_0fc0_ffee);
    let persons = (terms / 2).max(1);
    // About 3,000 given names and persons/40 surnames: each surname is shared by ~40
    // persons, each full name by a few.
    let given: Vec<String> = (0..3_000).map(|_| word(&mut rng, 2)).collect();
    let surnames: Vec<String> = (0..(persons / 40).max(1))
        .map(|_| word(&mut rng, 3))
        .collect();
    let mut out = format!("as_of = \"{as_of}\"\n\n");
    let names: Vec<String> = (0..persons)
        .map(|i| {
            format!(
                "{} {}",
                given[rng.below(given.len())],
                surnames[(i * 7919 + rng.below(3)) % surnames.len()]
            )
        })
        .collect();
    let mut declared = std::collections::HashSet::new();
    for n in &names {
        if declared.insert(n.clone()) {
            let _ = writeln!(out, "[[person]]\nname = \"{n}\"\n");
        }
    }
    let offices = (terms / 20).max(1);
    let mut term = 0usize;
    for o in 0..offices {
        let portfolio = PORTFOLIOS[o % PORTFOLIOS.len()];
        let c = o / PORTFOLIOS.len();
        let code = format!(
            "Q{}{}",
            char::from(b'A' + (c % 26) as u8),
            char::from(b'A' + (c / 26 % 26) as u8)
        );
        let _ = writeln!(
            out,
            "[[office]]\nid = \"syn.{o}\"\ncountry = \"{code}\"\ntitle = \"Minister of {portfolio}\"\naliases = [\"{portfolio} Minister\"]\nholders = ["
        );
        let (mut y, mut m) = (1990 + rng.below(10), 1 + rng.below(12));
        for _ in 0..20 {
            let start = format!("{y:04}-{m:02}-01");
            y += 1 + rng.below(2);
            m = 1 + rng.below(12);
            let end = if y > 2025 {
                String::new()
            } else {
                format!(", end = \"{y:04}-{m:02}-01\"")
            };
            let _ = writeln!(
                out,
                "  {{ name = \"{}\", start = \"{start}\"{end}, source = \"https://gov.example/{o}/{term}\" }},",
                names[(term * 2654435761) % names.len()]
            );
            term += 1;
            if y > 2025 {
                break;
            }
        }
        out.push_str("]\n\n");
    }
    out
}
