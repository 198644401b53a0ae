//! Knowledge-base questions a reporter asks: who held a title on a date, and what a
//! person held when. Used by `copydesk kb who|person` (and meant for the hover).

use chrono::NaiveDate;

use super::{Kb, OfficeId, PersonId};

/// The holders of one office on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub office: OfficeId,
    /// (person, term index) of every holder on the date.
    pub holders: Vec<(PersonId, usize)>,
}

/// Offices with this title (any alias), optionally in one country, and their holders on `date`.
pub fn who(kb: &Kb, title: &str, country: Option<&str>, date: NaiveDate) -> Vec<Who> {
    let code = country.map(|c| {
        kb.country_for(c)
            .map_or_else(|| c.to_uppercase(), |x| x.code.clone())
    });
    kb.offices_titled(title)
        .iter()
        .copied()
        .filter(|&o| code.as_ref().is_none_or(|c| &kb.offices[o].country == c))
        .map(|o| Who {
            office: o,
            holders: kb.offices[o]
                .terms
                .iter()
                .enumerate()
                .filter(|(_, t)| t.covers(date))
                .map(|(i, t)| (t.person, i))
                .collect(),
        })
        .collect()
}

/// Text answer for `who`.
pub fn who_text(kb: &Kb, answers: &[Who], date: NaiveDate) -> String {
    let mut out = String::new();
    for a in answers {
        let o = &kb.offices[a.office];
        out.push_str(&format!("{} on {date}:\n", kb.office_label(a.office)));
        if a.holders.is_empty() {
            out.push_str("  no holder on record\n");
        }
        for (p, i) in &a.holders {
            let t = &o.terms[*i];
            out.push_str(&format!(
                "  {}{} ({})\n    source: {}\n",
                kb.persons[*p].name,
                if t.acting { ", acting" } else { "" },
                t.span_text(),
                t.source
            ));
            if let Some(n) = &t.note {
                out.push_str(&format!("    note: {n}\n"));
            }
        }
        if let Some(as_of) = o.as_of
            && date > as_of
            && a.holders.iter().any(|(_, i)| o.terms[*i].end.is_none())
        {
            out.push_str(&format!(
                "  (knowledge base current as of {as_of}: a later change would not be known)\n"
            ));
        }
    }
    out
}

/// Persons with this name (or a variant, or, for one word, this surname).
pub fn find_person(kb: &Kb, name: &str) -> Vec<PersonId> {
    let direct = kb.persons_named(name);
    if !direct.is_empty() {
        return direct.to_vec();
    }
    if !name.trim().contains(' ') {
        return kb.persons_with_surname(name.trim()).to_vec();
    }
    Vec::new()
}

/// "rank 1" (the office's own), "rank 3 (from the title)", "unranked".
fn rank_text(kb: &Kb, o: OfficeId) -> String {
    match (kb.offices[o].rank, kb.office_rank(o)) {
        (Some(r), _) => format!("rank {r}"),
        (None, Some(r)) => format!("rank {r} (from the title)"),
        (None, None) => "unranked".to_string(),
    }
}

/// Text answer for `person`: every term, newest first, with its office's rank and source.
pub fn person_text(kb: &Kb, p: PersonId) -> String {
    let person = &kb.persons[p];
    let mut out = format!("{}\n", person.name);
    if !person.variants.is_empty() {
        out.push_str(&format!("  also written: {}\n", person.variants.join(", ")));
    }
    let mut terms: Vec<(OfficeId, usize)> = kb.terms_of(p).to_vec();
    terms.sort_by_key(|&(o, t)| std::cmp::Reverse(kb.offices[o].terms[t].start));
    if terms.is_empty() {
        out.push_str("  no office on record\n");
    }
    for (o, t) in terms {
        let term = &kb.offices[o].terms[t];
        out.push_str(&format!(
            "  {}{}: {}; {}\n    source: {}\n",
            kb.office_label(o),
            if term.acting { ", acting" } else { "" },
            term.span_text(),
            rank_text(kb, o),
            term.source
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_held_the_us_defense_secretary_post() {
        let kb = Kb::builtin();
        let d = NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
        let a = who(&kb, "Secretary of Defense", Some("US"), d);
        assert_eq!(a.len(), 1);
        let text = who_text(&kb, &a, d);
        assert!(text.starts_with("Secretary of Defense (United States) on 2025-08-20:\n  Pete Hegseth (since 2025-01-25)"), "{text}");
        assert!(text.contains("source: http"), "{text}");
        let a = who(
            &kb,
            "Defence Secretary",
            Some("U.S."),
            NaiveDate::from_ymd_opt(2019, 3, 1).expect("date"),
        );
        let text = who_text(&kb, &a, NaiveDate::from_ymd_opt(2019, 3, 1).expect("date"));
        assert!(text.contains("Patrick Shanahan, acting"), "{text}");
    }

    #[test]
    fn person_lists_terms_newest_first() {
        let kb = Kb::builtin();
        let p = find_person(&kb, "John Bolton");
        assert_eq!(p.len(), 1);
        let text = person_text(&kb, p[0]);
        assert!(text.starts_with("John Bolton\n"), "{text}");
        assert!(
            text.contains("National Security Advisor (United States): 2018-04-09 – 2019-09-10; rank 3 (from the title)"),
            "{text}"
        );
        assert_eq!(find_person(&kb, "Zelenskiy").len(), 1);
    }
}
