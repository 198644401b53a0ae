//! Line shapes of one paragraph's prose: where each line's text is, how many words it has,
//! how many of them are capitalised, whether it ends like a sentence and whether it stands
//! on its own (rather than continuing a hard-wrapped sentence). Web-page residue ("Share
//! This Article", "6 Min Read", a caption "Lavrov") is a short line that stands alone and is
//! not a sentence; this is the fact the `scrape-residue` rule reads.
//!
//! Pure functions over the paragraph's prose; ranges are relative to its start.

use std::ops::Range;

use super::{FactKind, Paragraph, shift_range};

/// The lines of a paragraph ([`extract`]).
pub struct Lines;

impl FactKind for Lines {
    type Item = Line;
    fn extract(p: &Paragraph<'_>) -> Vec<Line> {
        extract(p.text())
    }
    fn shift(l: &mut Line, by: isize) {
        shift(l, by);
    }
}

/// One non-empty line of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line's text without surrounding whitespace, relative to the prose's start.
    pub range: Range<usize>,
    pub words: usize,
    /// Characters that are letters.
    pub letters: usize,
    /// Words that start with an upper-case letter.
    pub capitalised: usize,
    /// Words that start with a lower-case letter and are not short connectors
    /// ("and", "of", "the", ...): the mark of running text.
    pub lowercase: usize,
    pub digits: bool,
    /// Ends like a sentence: `.`, `!`, `?` or `…`, possibly followed by closing quotes or
    /// brackets.
    pub sentence: bool,
    /// Not the continuation of a hard-wrapped sentence: the first line, or the line before
    /// ends a sentence (or a clause with `:`), or the line before is itself short.
    pub standalone: bool,
}

/// A line before this one that is at most this long (in characters) is not wrapped prose.
const SHORT_LINE: usize = 45;

/// Words that join names or title words without making a line running text.
pub const CONNECTORS: &[&str] = &[
    "and", "&", "of", "the", "with", "in", "on", "at", "for", "a", "an", "to", "de", "da", "del",
    "van", "von", "der", "al", "bin", "la", "le", "y", "und", "et", "by", "vs", "vs.",
];

/// The lines of one paragraph's prose (blank lines skipped), in order.
pub fn extract(prose: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut pos = 0;
    let mut prev: Option<(bool, usize)> = None; // (ends a sentence or clause, chars)
    for raw in prose.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let text = content.trim();
        let start = pos + lead;
        pos += raw.len();
        if text.is_empty() {
            continue;
        }
        let mut line = shape(text, start..start + text.len());
        line.standalone = match prev {
            None => true,
            Some((ends, chars)) => ends || chars <= SHORT_LINE,
        };
        let clause = line.sentence || text.ends_with(':');
        // Only whether the line is at most SHORT_LINE characters matters.
        let chars = if text.len() <= SHORT_LINE || text.len() > 4 * SHORT_LINE {
            text.len()
        } else {
            text.chars().count()
        };
        prev = Some((clause, chars));
        out.push(line);
    }
    out
}

/// Move a line's range by `by` bytes.
pub fn shift(line: &mut Line, by: isize) {
    shift_range(&mut line.range, by);
}

fn shape(text: &str, range: Range<usize>) -> Line {
    let mut words = 0;
    let mut capitalised = 0;
    let mut lowercase = 0;
    for w in text.split_whitespace() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
        let Some(first) = core.chars().next() else {
            continue;
        };
        words += 1;
        if first.is_uppercase() {
            capitalised += 1;
        } else if first.is_lowercase() && !is_connector(core) {
            lowercase += 1;
        }
    }
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '_']);
    let (letters, digits) = if text.is_ascii() {
        let b = text.as_bytes();
        (
            b.iter().filter(|c| c.is_ascii_alphabetic()).count(),
            b.iter().any(u8::is_ascii_digit),
        )
    } else {
        (
            text.chars().filter(|c| c.is_alphabetic()).count(),
            text.bytes().any(|c| c.is_ascii_digit()),
        )
    };
    Line {
        range,
        words,
        letters,
        capitalised,
        lowercase,
        digits,
        sentence: end.ends_with(['.', '!', '?', '…']),
        standalone: true,
    }
}

/// Is this word (a word's core, lower-case first letter) one of the [`CONNECTORS`]? The
/// connectors are short ASCII words, so longer or non-ASCII words are compared without
/// lower-casing them.
fn is_connector(core: &str) -> bool {
    const LONGEST: usize = 4;
    if core.len() > LONGEST * 4 {
        return false;
    }
    if core.is_ascii() {
        return core.len() <= LONGEST && CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(core));
    }
    CONNECTORS.contains(&core.to_lowercase().as_str())
}

/// A line's comparable form: lower case, typographic apostrophes and dashes made plain,
/// whitespace collapsed, and bullets, pipes, arrows and colons around it removed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '’' | '‘' | '`' => out.push('\''),
                '“' | '”' => out.push('"'),
                _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    let decor: &[char] = &[
        '•', '·', '|', '»', '›', '>', '<', '→', '▶', '►', '*', '#', '-', '–', '—', ':', '_', ' ',
        '\u{a0}',
    ];
    out.trim_matches(decor).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_relative_ranges_and_shapes() {
        let prose = "  Editor\n6 Min Read\nTrump and Zelensky\n";
        let lines = extract(prose);
        let texts: Vec<&str> = lines.iter().map(|l| &prose[l.range.clone()]).collect();
        assert_eq!(texts, ["Editor", "6 Min Read", "Trump and Zelensky"]);
        assert!(lines.iter().all(|l| l.standalone && !l.sentence));
        assert_eq!((lines[1].words, lines[1].digits), (3, true));
        assert_eq!((lines[2].capitalised, lines[2].lowercase), (2, 0));
    }

    #[test]
    fn wrapped_prose_continuations_do_not_stand_alone() {
        let prose = "The talks between the two leaders were held in a hotel near\nthe airport.\n“We agreed,” he said.\nShare";
        let lines = extract(prose);
        assert!(lines[0].standalone && !lines[0].sentence);
        assert!(!lines[1].standalone && lines[1].sentence);
        assert!(lines[2].standalone && lines[2].sentence);
        assert!(lines[3].standalone);
        assert_eq!(lines[1].lowercase, 1); // "airport"; "the" is a connector
    }

    #[test]
    fn shift_moves_ranges_and_utf8_is_kept() {
        let prose = "Zelenskyy’s “peace” — Київ\n";
        let mut l = extract(prose).remove(0);
        assert_eq!(&prose[l.range.clone()], "Zelenskyy’s “peace” — Київ");
        shift(&mut l, 10);
        assert_eq!(l.range, 10..10 + prose.trim_end().len());
    }

    #[test]
    fn connectors_are_found_in_any_case_and_script() {
        for w in ["and", "And", "AND", "vs", "von", "with"] {
            assert!(is_connector(w), "{w}");
        }
        for w in ["andrew", "withdraw", "théâtre", "Київ", "a-b", ""] {
            assert!(!is_connector(w), "{w}");
        }
        let l = shape("the Prime Minister of Québec and the élite", 0..0);
        assert_eq!((l.words, l.capitalised, l.lowercase), (8, 3, 1)); // "élite"
        assert_eq!(l.letters, 35);
    }

    #[test]
    fn normalise_strips_decoration_and_folds_case() {
        assert_eq!(normalise("  • Share This  Article »"), "share this article");
        assert_eq!(
            normalise("Also Read: Who’s next?"),
            "also read: who's next?"
        );
        assert_eq!(normalise("— Ahmed Kamel –"), "ahmed kamel");
    }
}
