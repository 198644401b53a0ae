//! What a person held, for the message and the title fix of a misattributed title.
//!
//! - The message names the offices the person holds on the date (or, failing that, the one
//!   they held last), and says "acting" where a term was acting.
//! - The title fix comes from the person's most relevant *substantive* office: one held on
//!   the date, else the most recently ended one. Acting terms and terms of a few days
//!   (under two weeks: a caretaker week, an interim weekend) never give a title: "former Finance Minister"
//!   offered because of a four-day acting term misleads. A person who holds only an acting
//!   office on the date gets "acting …", which is what they are.

use chrono::NaiveDate;

use crate::kb::{Kb, OfficeId, PersonId, Term};

/// A term shorter than this (ended) is an interim, not an office to name someone by.
pub const MIN_SUBSTANTIVE_DAYS: i64 = 14;

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

/// The roles of person `p` at `date`.
pub fn roles(kb: &Kb, p: PersonId, date: NaiveDate) -> Roles {
    let name = &kb.persons[p].name;
    let now = kb.offices_held(p, date);
    if !now.is_empty() {
        let list: Vec<String> = now.iter().map(|&(o, t)| role_text(kb, o, t)).collect();
        let office = now
            .iter()
            .find(|(_, t)| !t.acting)
            .map(|&(o, _)| (o, Current::Holds))
            .or_else(|| now.first().map(|&(o, _)| (o, Current::Acting)));
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
    // Most recent first (by end), then the longer term.
    let recency = |t: &Term| (t.end, t.end.map(|e| (e - t.start).num_days()));
    let best = terms
        .iter()
        .filter(|(_, t)| ended(t) && substantive(t))
        .max_by_key(|(_, t)| recency(t))
        .or_else(|| {
            terms
                .iter()
                .filter(|(_, t)| ended(t))
                .max_by_key(|(_, t)| recency(t))
        });
    if let Some(&(o, t)) = best {
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
}
