//! Office seniority: how senior an office is, for choosing which of a person's offices to
//! name them by (the misattributed-title fix). Ranks are small tiers, 1 the most senior:
//! 1 head of state or government, or head of an international organisation; 2 deputy head,
//! a "great office" (foreign affairs, finance, defence, interior) or a presiding officer of
//! a parliament; 3 cabinet minister, EU commissioner, head of an agency, central bank or
//! armed forces; 4 junior minister and everything else.
//!
//! An office's own `rank` (kb/README.md, "Rank") wins; without one, the rank comes from its
//! title words through the table in `data/office_ranks.toml` ([`default_rank`]). A title the
//! table does not rank is unranked ([`None`]) and sorts as [`LEAST_SENIOR`].

use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use super::alias_key;

/// The most senior rank: head of state or government.
pub const MOST_SENIOR: u8 = 1;
/// The least senior rank: junior minister, other; an unranked office sorts here too.
pub const LEAST_SENIOR: u8 = 4;

/// The title-word table (data, not code).
pub const TABLE: &str = include_str!("../../data/office_ranks.toml");

/// An office's explicit `rank`, checked when its KB file is read: an integer from
/// [`MOST_SENIOR`] to [`LEAST_SENIOR`] (anything else is a load error naming the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank(pub u8);

impl Rank {
    fn new<E: serde::de::Error>(n: i128) -> Result<Rank, E> {
        u8::try_from(n)
            .ok()
            .filter(|n| (MOST_SENIOR..=LEAST_SENIOR).contains(n))
            .map(Rank)
            .ok_or_else(|| {
                E::custom(format!(
                    "`rank` {n} is not 1 to 4 (1 head of state or government, 2 deputy head or great office, 3 cabinet minister, 4 junior minister or other)"
                ))
            })
    }
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Rank;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`rank`: an integer from 1 (head of state or government) to 4 (junior minister or other)")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Rank, E> {
                Rank::new(i128::from(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Rank, E> {
                Rank::new(i128::from(n))
            }
        }
        d.deserialize_i64(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDe {
    modifiers: Vec<String>,
    great_office_heads: Vec<String>,
    great_portfolios: Vec<String>,
    rank: Vec<TierDe>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TierDe {
    rank: Rank,
    phrases: Vec<String>,
}

/// The parsed table: modifier words, great-office heads and portfolios (as word lists), and
/// each phrase (its words) with its rank.
#[derive(Debug, Default)]
struct Table {
    modifiers: Vec<String>,
    great_office_heads: Vec<Vec<String>>,
    great_portfolios: Vec<Vec<String>>,
    phrases: Vec<(Vec<String>, u8)>,
}

/// The words of a phrase.
fn words_of(p: &str) -> Vec<String> {
    p.split_whitespace().map(str::to_string).collect()
}

/// Is `phrase` a run of consecutive words of `words`?
fn contains(words: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

fn parse_table(text: &str) -> Result<Table, String> {
    let de: TableDe = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut phrases = Vec::new();
    for tier in de.rank {
        for p in tier.phrases {
            let words = words_of(&p);
            if words.is_empty() {
                return Err(format!("rank {}: an empty phrase", tier.rank.0));
            }
            phrases.push((words, tier.rank.0));
        }
    }
    Ok(Table {
        modifiers: de.modifiers,
        great_office_heads: de.great_office_heads.iter().map(|p| words_of(p)).collect(),
        great_portfolios: de.great_portfolios.iter().map(|p| words_of(p)).collect(),
        phrases,
    })
}

/// The built-in table, parsed once. (It cannot fail to parse: a test checks it; if it ever
/// did, every office would be unranked rather than the program stopping.)
fn table() -> &'static Table {
    static TABLE_PARSED: OnceLock<Table> = OnceLock::new();
    TABLE_PARSED.get_or_init(|| parse_table(TABLE).unwrap_or_default())
}

/// The default rank of an office titled `title`: among the table's phrases found in the
/// title's words, the longest decides (among equally long ones, the most senior); a minister
/// or secretary of a great portfolio (foreign affairs, finance, defence, interior) is 2; a
/// modifier word ("deputy", "vice") then makes a rank-1 office a deputy head (2) and any
/// other a junior one (4). `None` when no phrase is in the title.
pub fn default_rank(title: &str) -> Option<u8> {
    rank_with(table(), title)
}

fn rank_with(t: &Table, title: &str) -> Option<u8> {
    let key = alias_key(title);
    let words: Vec<&str> = key.split(' ').collect();
    let (phrase, rank) = t
        .phrases
        .iter()
        .filter(|(p, _)| contains(&words, p))
        .max_by_key(|(p, r)| (p.len(), std::cmp::Reverse(*r)))?;
    let great = t.great_office_heads.contains(phrase)
        && t.great_portfolios.iter().any(|p| contains(&words, p));
    let rank = if great { MOST_SENIOR + 1 } else { *rank };
    let modified = words.iter().any(|w| t.modifiers.iter().any(|m| m == w));
    Some(match (modified, rank) {
        (false, r) => r,
        (true, MOST_SENIOR) => MOST_SENIOR + 1,
        (true, _) => LEAST_SENIOR,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_is_tidy() {
        let t = parse_table(TABLE).expect("data/office_ranks.toml parses");
        assert!(!t.phrases.is_empty() && !t.modifiers.is_empty());
        for head in &t.great_office_heads {
            assert!(
                t.phrases.iter().any(|(p, _)| p == head),
                "great-office head {head:?} is a ranked phrase"
            );
        }
        let de: TableDe = toml::from_str(TABLE).expect("parses");
        for list in [&de.modifiers, &de.great_office_heads, &de.great_portfolios] {
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(&sorted, list, "lists sorted and unique");
        }
        let mut seen = std::collections::HashMap::new();
        for (words, r) in &t.phrases {
            let p = words.join(" ");
            assert_eq!(alias_key(&p), p, "phrase {p:?} is not in lookup form");
            if let Some(other) = seen.insert(p.clone(), *r) {
                panic!("phrase {p:?} is in ranks {other} and {r}");
            }
        }
        for tier in &de.rank {
            let mut sorted = tier.phrases.clone();
            sorted.sort();
            assert_eq!(sorted, tier.phrases, "rank {}: phrases sorted", tier.rank.0);
        }
    }

    #[test]
    fn titles_rank_by_their_words() {
        let cases = [
            ("Prime Minister", Some(1)),
            ("President", Some(1)),
            ("Secretary-General", Some(1)),
            ("Director-General", Some(1)),
            ("Chancellor", Some(1)),
            ("Vice President", Some(2)),
            ("Deputy Prime Minister", Some(2)),
            ("First Vice-President of the European Commission", Some(2)),
            ("Foreign Minister", Some(2)),
            ("Minister of Finance", Some(2)),
            ("Secretary of Defense", Some(2)),
            ("Defence Secretary", Some(2)),
            ("Chancellor of the Exchequer", Some(2)),
            ("Secretary of State", Some(2)),
            ("Minister of Justice", Some(3)),
            ("Trade Commissioner", Some(3)),
            ("Defence Commissioner", Some(3)),
            ("Secretary of Homeland Security", Some(3)),
            ("President of the European Central Bank", Some(3)),
            ("Head of the Office of the President", Some(3)),
            ("National Security Advisor", Some(3)),
            (
                "Secretary General of the National Security Secretariat",
                Some(3),
            ),
            ("Deputy Foreign Minister", Some(4)),
            ("Minister of State", Some(4)),
            ("Press Secretary of the President", Some(4)),
            ("Foreign Ministry spokesperson", Some(4)),
            ("Presidential aide for foreign policy", Some(4)),
            ("Minister of State for Foreign Affairs", Some(4)),
            (
                "Secretary of the National Security and Defense Council",
                Some(3),
            ),
            ("Minister of the Armed Forces", Some(2)),
            ("Commander-in-Chief of the Armed Forces", Some(3)),
            ("Special Envoy for Syria", Some(4)),
            ("Grand Vizier", None),
        ];
        for (title, want) in cases {
            assert_eq!(default_rank(title), want, "{title}");
        }
    }

    #[test]
    fn an_explicit_rank_is_one_to_four() {
        #[derive(Deserialize)]
        struct R {
            rank: Rank,
        }
        let r = |s: &str| toml::from_str::<R>(s).map(|r| r.rank.0);
        assert_eq!(r("rank = 1").ok(), Some(1));
        assert_eq!(r("rank = 4").ok(), Some(4));
        for bad in [
            "rank = 0",
            "rank = 5",
            "rank = -1",
            "rank = \"senior\"",
            "rank = 1.5",
        ] {
            let e = r(bad).expect_err(bad);
            assert!(e.message().contains("`rank`"), "{bad}: {e}");
        }
        assert_eq!(
            serde_json::from_str::<R>(r#"{"rank": 2}"#)
                .map(|r| r.rank.0)
                .ok(),
            Some(2)
        );
        assert!(serde_json::from_str::<R>(r#"{"rank": 9}"#).is_err());
    }
}
