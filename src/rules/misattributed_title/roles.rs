//! What a person held, for the message and the title fix of a misattributed title.
//!
//! - The message names the offices the person holds on the date (or, failing that, the one
//!   they held last), and says "acting" where a term was acting.
//! - The title fix comes from the person's most relevant *substantive* office (most recent,
//!   most senior, not acting):
//!   1. an office held on the date beats a former one; of several held, the most senior
//!      (by [`Kb::seniority`]: the office's `rank`, else its title words), the first listed
//!      among equals;
//!   2. else the most recently ended term (latest end, then the longer term) — unless other
//!      former terms overlap it or ended within [`SENIORITY_WINDOW_DAYS`] of its end: then
//!      the most senior of that group, the most recent among equals. "Prime Minister" until
//!      March and a minor post until April: "former Prime Minister". Ranks never reach past
//!      the window: a post ended years before the latest one does not come back.
//!
//!   Acting terms and terms of a few days (under two weeks: a caretaker week, an interim
//!   weekend) never give a title: "former Finance Minister" offered because of a four-day
//!   acting term misleads. A person who holds only an acting office on the date gets
//!   "acting …" (the most senior such office), which is what they are. The message names
//!   the same office.

use chrono::NaiveDate;

use crate::kb::{Kb, OfficeId, PersonId, Term};

/// A term shorter than this (ended) is an interim, not an office to name someone by.
pub const MIN_SUBSTANTIVE_DAYS: i64 = 14;

/// Former terms that overlap the most recent one, or ended at most this many days before
/// it did, compete with it on seniority: a short window, for concurrent posts and a
/// handover to a lesser post.
pub const SENIORITY_WINDOW_DAYS: i64 = 90;

/// The message part ("; X is A (since …)") and the title to suggest (without the
/// country adjective; see [`Roles::office`]).
#[derive(Debug, Default, PartialEq)]
pub struct Roles {
    pub message: String,
    /// The office the title fix names, and whether it is held on the date.
    pub office: Option<(OfficeId, Current)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// Held on the date, substantively: the office's title.
    Holds,
    /// Held on the date, only as acting: "acting …".
    Acting,
    /// Held before the date: "former …".
    Former,
}

/// A term that can name a person: not acting, and not an ended term of a few days.
pub fn substantive(t: &Term) -> bool {
    !t.acting
        && t.end
            .is_none_or(|e| (e - t.start).num_days() >= MIN_SUBSTANTIVE_DAYS)
}

fn role_text(kb: &Kb, o: OfficeId, t: &Term) -> String {
    let acting = if t.acting { "acting " } else { "" };
    format!("{acting}{} ({})", kb.office_label(o), t.span_text())
}

/// Most recent first: by end, then the longer term.
fn recency(t: &Term) -> (Option<NaiveDate>, Option<i64>) {
    (t.end, t.end.map(|e| (e - t.start).num_days()))
}

/// Of a person's former terms, the one to name them by: the most recent, unless terms that
/// overlap it or ended within [`SENIORITY_WINDOW_DAYS`] of it are more senior; then the most
/// senior of those, the most recent among equals.
fn most_relevant<'k>(kb: &Kb, terms: &[(OfficeId, &'k Term)]) -> Option<(OfficeId, &'k Term)> {
    let &(_, latest) = terms.iter().max_by_key(|(_, t)| recency(t))?;
    let near = |t: &Term| {
        let overlaps =
            latest.end.is_none_or(|e| t.start < e) && t.end.is_none_or(|e| e > latest.start);
        let close = match (t.end, latest.end) {
            (Some(a), Some(b)) => (b - a).num_days().abs() <= SENIORITY_WINDOW_DAYS,
            _ => false,
        };
        overlaps || close
    };
    terms
        .iter()
        .copied()
        .filter(|(_, t)| near(t))
        // max_by_key keeps the last of equals, as the recency-only choice did.
        .max_by_key(|&(o, t)| (std::cmp::Reverse(kb.seniority(o)), recency(t)))
}

/// The roles of person `p` at `date`.
pub fn roles(kb: &Kb, p: PersonId, date: NaiveDate) -> Roles {
    let name = &kb.persons[p].name;
    let now = kb.offices_held(p, date);
    if !now.is_empty() {
        let list: Vec<String> = now.iter().map(|&(o, t)| role_text(kb, o, t)).collect();
        // The first of the most senior (min_by_key keeps the first of equals).
        let senior = |acting: bool| {
            now.iter()
                .filter(|(_, t)| t.acting == acting)
                .min_by_key(|&&(o, _)| kb.seniority(o))
                .map(|&(o, _)| o)
        };
        let office = senior(false)
            .map(|o| (o, Current::Holds))
            .or_else(|| senior(true).map(|o| (o, Current::Acting)));
        return Roles {
            message: format!("; {name} is {}", list.join(" and ")),
            office,
        };
    }
    let terms: Vec<(OfficeId, &Term)> = kb
        .terms_of(p)
        .iter()
        .map(|&(o, t)| (o, &kb.offices[o].terms[t]))
        .collect();
    let ended = |t: &&Term| t.start <= date;
    let substantive_terms: Vec<(OfficeId, &Term)> = terms
        .iter()
        .copied()
        .filter(|(_, t)| ended(t) && substantive(t))
        .collect();
    let best = most_relevant(kb, &substantive_terms).or_else(|| {
        terms
            .iter()
            .copied()
            .filter(|(_, t)| ended(t))
            .max_by_key(|(_, t)| recency(t))
    });
    if let Some((o, t)) = best {
        return Roles {
            message: format!(
                "; {name} was {}{} {}",
                if t.acting { "acting " } else { "" },
                kb.office_label(o),
                t.span_text()
            ),
            office: substantive(t).then_some((o, Current::Former)),
        };
    }
    // Only offices taken up after the article's date: no title to suggest.
    let message = terms
        .iter()
        .min_by_key(|(_, t)| t.start)
        .map(|&(o, t)| {
            format!(
                "; {name} became {}{} only later (from {})",
                if t.acting { "acting " } else { "" },
                kb.office_label(o),
                t.start
            )
        })
        .unwrap_or_default();
    Roles {
        message,
        office: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KB: &str = r#"
[[person]]
name = "Jan Example"

[[office]]
id = "xx.finance"
country = "nl"
title = "Minister of Finance"
aliases = ["Finance Minister"]
single = true
holders = [
  { name = "Jan Example", start = "2018-01-01", end = "2022-01-10", source = "https://example.gov/a" },
]

[[office]]
id = "xx.pm"
country = "nl"
title = "Prime Minister"
aliases = ["Prime Minister"]
single = true
holders = [
  { name = "Jan Example", start = "2023-05-01", end = "2023-05-05", acting = true, source = "https://example.gov/b" },
]
"#;

    fn kb() -> Kb {
        let mut b = crate::kb::KbBuilder::default();
        b.add_str("test.toml", KB).expect("parse");
        b.build().expect("build")
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_days_long_acting_term_is_named_as_acting_but_never_gives_the_title() {
        let kb = kb();
        let p = kb.persons_named("Jan Example")[0];
        let r = roles(&kb, p, d("2025-08-20"));
        let fin = kb.offices.iter().position(|o| o.id == "xx.finance");
        assert_eq!(r.office, Some((fin.expect("office"), Current::Former)));
        assert!(
            r.message.contains("was Minister of Finance"),
            "{}",
            r.message
        );
        // During the acting term: "acting", and that is the title.
        let r = roles(&kb, p, d("2023-05-03"));
        assert!(
            r.message
                .starts_with("; Jan Example is acting Prime Minister"),
            "{}",
            r.message
        );
        assert_eq!(r.office.map(|(_, c)| c), Some(Current::Acting));
    }

    const RANKED: &str = r#"
[[person]]
name = "Ana Sample"

[[office]]
id = "xx.pm"
country = "nl"
title = "Prime Minister"
holders = [
  { name = "Ana Sample", start = "2019-01-01", end = "2024-03-01", source = "https://example.gov/pm" },
]

[[office]]
id = "xx.sport"
country = "nl"
title = "Sport Minister"
holders = [
  { name = "Ana Sample", start = "2022-01-01", end = "2024-04-15", source = "https://example.gov/sport" },
]

[[office]]
id = "xx.envoy"
country = "nl"
title = "Grand Vizier"
rank = 4
holders = [
  { name = "Ana Sample", start = "2025-01-01", end = "2025-06-01", source = "https://example.gov/vizier" },
]
"#;

    #[test]
    fn the_most_senior_of_former_offices_ended_close_together_names_the_person() {
        let mut b = crate::kb::KbBuilder::default();
        b.add_str("ranked.toml", RANKED).expect("parse");
        let kb = b.build().expect("build");
        let p = kb.persons_named("Ana Sample")[0];
        let id = |i: &str| kb.offices.iter().position(|o| o.id == i);
        // Both held: the Prime Minister's office, though the sport post is listed too.
        let r = roles(&kb, p, d("2023-01-01"));
        assert_eq!(r.office, id("xx.pm").map(|o| (o, Current::Holds)));
        // The sport post ended six weeks after the premiership: still "former Prime Minister".
        let r = roles(&kb, p, d("2024-08-01"));
        assert_eq!(r.office, id("xx.pm").map(|o| (o, Current::Former)));
        assert!(
            r.message
                .starts_with("; Ana Sample was Prime Minister (nl) 2019-01-01"),
            "{}",
            r.message
        );
        // A later post well after the window is the most recent one: recency wins.
        let r = roles(&kb, p, d("2025-08-01"));
        assert_eq!(r.office, id("xx.envoy").map(|o| (o, Current::Former)));
        assert_eq!(kb.office_rank(id("xx.envoy").expect("office")), Some(4));
        assert_eq!(kb.office_rank(id("xx.sport").expect("office")), Some(3));
    }
}
