//! Word lists kept as data: `data/words/*.txt`, one entry a line (sorted, unique; a
//! first-line `#` comment says what the list is), embedded at build time.

use std::sync::OnceLock;

/// The entries of a list file: every non-blank line that is not a `#` comment.
pub fn parse(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
}

macro_rules! word_lists {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> &'static [&'static str] {
                static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
                LIST.get_or_init(|| {
                    parse(include_str!(concat!("../data/words/", stringify!($name), ".txt")))
                })
            }
        )*
        /// Every list: (file stem, text), for the data test.
        #[cfg(test)]
        const ALL: &[(&str, &str)] = &[
            $((stringify!($name), include_str!(concat!("../data/words/", stringify!($name), ".txt"))),)*
        ];
    };
}

word_lists! {
    /// Titles that are not offices in the KB but still mark a role.
    generic_titles;
    /// Name particles ("von der Leyen", "bin Salman").
    particles;
    /// Modifiers that make a title historical ("former", "then-").
    historical;
    /// Modifiers that make a title another office ("deputy", "-designate").
    other_office;
    /// Honorifics that may stand between a title and a name ("Sheikh", "Dr.").
    honorifics;
    /// Words after which a lower-case title word is a verb ("would judge", "to head").
    verb_cues;
    /// Modifiers of an acting office.
    acting;
    /// Words that may stand before a title ("the", "then-", "sitting").
    determiners;
    /// Words capitalised in titles and headlines that are never part of a person's name
    /// (besides month and weekday names).
    non_name_words;
    /// Head nouns of organisations' names ("Labour Party"), lower-case.
    organisation_nouns;
    /// Month names, lower-case.
    months;
    /// Weekday names, lower-case.
    weekdays;
    /// Abbreviated month and weekday names, lower-case.
    calendar_abbreviations;
    /// English function words that carry no topic or name information (besides weekdays).
    stopwords;
    /// Languages a quotation may be spoken in ("said in Italian").
    languages;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_unique_and_without_blanks() {
        for (name, text) in ALL {
            assert!(
                text.starts_with("# "),
                "{name}: first line says what the list is"
            );
            let body: Vec<&str> = text.lines().skip(1).collect();
            assert!(!body.is_empty(), "{name}: empty");
            for w in &body {
                assert!(!w.trim().is_empty(), "{name}: blank line");
                assert_eq!(w.trim(), *w, "{name}: stray whitespace in {w:?}");
                assert!(!w.starts_with('#'), "{name}: comment inside the list");
            }
            for pair in body.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{name}: {:?} before {:?}",
                    pair[0],
                    pair[1]
                );
            }
            assert_eq!(parse(text), body, "{name}");
        }
    }

    #[test]
    fn no_word_is_in_two_calendar_lists() {
        let mut all: Vec<&str> = months()
            .iter()
            .chain(weekdays())
            .chain(calendar_abbreviations())
            .copied()
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert_eq!(months().len(), 12);
        assert_eq!(weekdays().len(), 7);
    }
}
