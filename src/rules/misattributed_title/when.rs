//! When a title claim is made: the date a sentence states for itself, and the day an
//! office changes hands.
//!
//! - A sentence or caption that carries its own full date ("… in Jeddah on March 11,
//!   2025") is judged at that date, not at the article's date.
//! - A term that ends on the date still covers the date (the KB's end is the day the
//!   next holder took over; the outgoing holder held the office that morning).
//! - A sentence that reports the change itself ("X is stepping down", "after a crash
//!   killed President X", "nominating Adviser X as ambassador") names the outgoing holder
//!   by the title they are leaving: within a few days of the change, that is not a claim
//!   that they still hold it.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::kb::{Kb, OfficeId, PersonId};

/// Days after a change of office during which a sentence reporting the change may still
/// name the outgoing holder by the title.
pub const CHANGE_WINDOW_DAYS: i64 = 7;
/// Days after a change of office during which the story's own sources, when they agree
/// with the draft, win over the KB (time zones, overnight results, late copy).
pub const SOURCES_WINDOW_DAYS: i64 = 3;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    // Full names and the usual abbreviations ("Sept.", "Jan.").
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && w.len() <= 4 && m.starts_with(&w)))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";
        Regex::new(&format!(
            r"(?-u:\b){month}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?-u:\b)|(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:,?\s+(\d{{4}}))?(?-u:\b)"
        ))
        .expect("static regex")
    })
}

/// The explicit calendar dates written in a sentence ("March 11, 2025", "19 May 2024",
/// "on May 19"); a date without a year takes the article's year.
pub fn dates_in(sentence: &str, article: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for c in date_re().captures_iter(sentence) {
        let (m, d, y) = if c.get(1).is_some() {
            (c.get(1), c.get(2), c.get(3))
        } else {
            (c.get(5), c.get(4), c.get(6))
        };
        let (Some(m), Some(d)) = (m, d) else {
            continue;
        };
        let Some(month) = month_number(m.as_str()) else {
            continue;
        };
        // "May 5" could be the modal verb and a number; only a capitalised full name counts.
        if m.as_str() == "May" && y.is_none() && !sentence[..m.start()].ends_with(' ') {
            continue;
        }
        let year = y
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .unwrap_or_else(|| article.year());
        let Ok(day) = d.as_str().parse::<u32>() else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            out.push(date);
        }
    }
    out
}

/// The date a sentence is about, when it states one before the article's date.
pub fn sentence_date(sentence: &str, article: NaiveDate) -> Option<NaiveDate> {
    dates_in(sentence, article)
        .into_iter()
        .find(|d| *d < article)
}

fn change_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?-u:\b)(died|dies|dead|death|deaths|killed|perished|bodies|funeral|conced(?:e|ed|es|ing)|concession|resign(?:s|ed|ing|ation)?|step(?:s|ped|ping)? down|exit(?:s|ed|ing)?|quit(?:s|ting)?|replac(?:e|ed|es|ing|ement)|succe(?:ed|eds|eded|eding|ssor)|(?:take|takes|taking|taken|took) over|outgoing|ousted|ouster|removed|removal|fired|sacked|dismiss(?:ed|al)|nominat(?:e|ed|es|ing|ion)|appoint(?:ed|s|ing|ment)|sworn in|hand(?:s|ed|ing)? over|handover|in turn|moved|defeat(?:ed)?|los(?:t|es|ing) (?:his|her|their) seat|acting|interim|caretaker)(?-u:\b)",
        )
        .expect("static regex")
    })
}

/// Does the sentence report a change of office (death, defeat, resignation, replacement,
/// nomination to another post)?
pub fn reports_change(sentence: &str) -> bool {
    change_re().is_match(sentence)
}

/// Does the text before a title end in words saying the title was just taken ("newly
/// elected", "newly appointed", "just-named")?
pub fn just_taken(before: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?-u:\b)(?:newly|just)[- ](?:elected|appointed|named|installed|chosen|confirmed|sworn[- ]in|minted)\s*$",
        )
        .expect("static regex")
    });
    let mut from = before.len().saturating_sub(40);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    re.is_match(&before[from..])
}

/// Did the person hold one of these offices until a day at most `days` before `date`
/// (a term ending on `date` included)?
pub fn held_until_recently(
    kb: &Kb,
    p: PersonId,
    offices: &[OfficeId],
    date: NaiveDate,
    days: i64,
) -> bool {
    kb.terms_of(p).iter().any(|&(o, t)| {
        let term = &kb.offices[o].terms[t];
        offices.contains(&o)
            && term.start <= date
            && term
                .end
                .is_some_and(|e| e <= date && (date - e).num_days() <= days)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn explicit_dates_are_read_in_both_orders() {
        let a = d("2025-05-01");
        assert_eq!(
            dates_in("They speak in Jeddah, Saudi Arabia, on March 11, 2025.", a),
            vec![d("2025-03-11")]
        );
        assert_eq!(
            dates_in("On Sunday, 19 May 2024, it took off.", a),
            vec![d("2024-05-19")]
        );
        assert_eq!(
            dates_in("Talks resumed on Sept. 3.", a),
            vec![d("2025-09-03")]
        );
        assert!(dates_in("He may 5 times say so; in May they met.", a).is_empty());
    }

    #[test]
    fn only_a_past_date_is_the_sentence_date() {
        let a = d("2025-05-01");
        assert_eq!(
            sentence_date("On March 11, 2025, they met.", a),
            Some(d("2025-03-11"))
        );
        assert_eq!(sentence_date("They will meet on June 5.", a), None);
        assert_eq!(sentence_date("They met on Monday.", a), None);
    }

    #[test]
    fn change_cues() {
        assert!(reports_change(
            "National Security Adviser Mike Waltz is stepping down"
        ));
        assert!(reports_change(
            "after a helicopter crash killed President Ebrahim Raisi"
        ));
        assert!(reports_change(
            "A shattered Prime Minister Rishi Sunak conceded defeat"
        ));
        assert!(!reports_change(
            "Prime Minister Rishi Sunak said the talks went well"
        ));
        assert!(!reports_change("The minister addressed the outcome"));
    }
}
