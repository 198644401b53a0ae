//! Line shapes of one paragraph's prose: where each line's text is, how many words it has,
//! how many of them are capitalised, whether it ends like a sentence and whether it stands
//! on its own (rather than continuing a hard-wrapped sentence). Web-page residue ("Share
//! This Article", "6 Min Read", a caption "Lavrov") is a short line that stands alone and is
//! not a sentence; this is the fact the `scrape-residue` rule reads.
//!
//! Pure functions over the paragraph's prose; ranges are relative to its start.

use std::ops::Range;
use std::sync::LazyLock;

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
    /// Words, counted until the line is plainly running text (just past [`RUNNING_TEXT`]);
    /// `letters`, `capitalised` and `lowercase` stop there too.
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

/// A line is plainly running text once it has more than this many words, of them at least
/// six lower-case and three capitalised (and three letters): the counts of [`Line`] stop
/// there, as nothing that reads them asks more (the longest furniture `scrape-residue`
/// looks for has 40 words).
pub const RUNNING_TEXT: usize = 40;

// Character classes of `shape`, as bits.
const SPACE: u8 = 1;
const ALPHA: u8 = 2;
const DIGIT: u8 = 4;
/// In a word's core: letters, digits and '&'.
const CORE: u8 = 8;

/// The class bits of a character (`char::is_whitespace`, `is_alphabetic`, ASCII digits,
/// `is_alphanumeric` or '&').
fn class_of(c: char) -> u8 {
    let mut bits = 0;
    if c.is_whitespace() {
        bits |= SPACE;
    }
    if c.is_alphabetic() {
        bits |= ALPHA;
    }
    if c.is_ascii_digit() {
        bits |= DIGIT;
    }
    if c.is_alphanumeric() || c == '&' {
        bits |= CORE;
    }
    bits
}

/// [`class_of`] for every ASCII character, looked up instead of asked.
static ASCII_CLASS: LazyLock<[u8; 128]> =
    LazyLock::new(|| std::array::from_fn(|b| class_of(char::from(b as u8))));

/// A line's counts as [`shape`] takes them.
#[derive(Default)]
struct Counts {
    words: usize,
    letters: usize,
    capitalised: usize,
    lowercase: usize,
    digits: bool,
}

impl Counts {
    /// A word ends; `core` is its core's first character and byte range, if it has one.
    fn word_end(&mut self, text: &str, core: Option<(char, usize, usize)>) {
        let Some((first, start, end)) = core else {
            return;
        };
        self.words += 1;
        if first.is_uppercase() {
            self.capitalised += 1;
        } else if first.is_lowercase() && !is_connector(&text[start..end]) {
            self.lowercase += 1;
        }
    }

    fn plainly_running_text(&self) -> bool {
        self.words > RUNNING_TEXT
            && self.lowercase >= 6
            && self.capitalised >= 3
            && self.letters >= 3
    }
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
    // One pass over the characters: a word is a run of non-whitespace, its core what is
    // left when everything but letters, digits and '&' is trimmed from both ends.
    let mut n = Counts::default();
    // The current word's core: its first character and start, and the end of its last.
    let mut core: Option<(char, usize, usize)> = None;
    let bytes = text.as_bytes();
    let ascii = &*ASCII_CLASS;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII by table; anything else decoded and asked as a char.
        let (c, len, class) = match bytes[i] {
            b if b.is_ascii() => (char::from(b), 1, ascii[usize::from(b)]),
            _ => {
                let c = text[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                (c, c.len_utf8(), class_of(c))
            }
        };
        let at = i;
        i += len;
        if class & SPACE != 0 {
            n.word_end(text, core.take());
            if n.plainly_running_text() {
                n.digits |= bytes[i..].iter().any(u8::is_ascii_digit);
                break;
            }
            continue;
        }
        n.letters += usize::from(class & ALPHA != 0);
        n.digits |= class & DIGIT != 0;
        if class & CORE != 0 {
            match &mut core {
                Some((_, _, e)) => *e = i,
                None => core = Some((c, at, i)),
            }
        }
    }
    n.word_end(text, core);
    let Counts {
        words,
        letters,
        capitalised,
        lowercase,
        digits,
    } = n;
    let end = text.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', '_']);
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
        return core.len() <= LONGEST
            && SHORT_CONNECTORS
                .binary_search(&packed_lowercase(core.as_bytes()))
                .is_ok();
    }
    CONNECTORS.contains(&core.to_lowercase().as_str())
}

/// The ASCII [`CONNECTORS`] of at most four bytes, each lower-cased and packed into a
/// number ([`packed_lowercase`]), sorted: a word is looked up by one binary search.
static SHORT_CONNECTORS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut v: Vec<u64> = CONNECTORS
        .iter()
        .filter(|c| c.is_ascii() && c.len() <= 4)
        .map(|c| packed_lowercase(c.as_bytes()))
        .collect();
    v.sort_unstable();
    v
});

/// The first four bytes, ASCII-lower-cased, with the length above them: equal for two
/// words of at most four bytes exactly when they are equal ignoring ASCII case.
fn packed_lowercase(b: &[u8]) -> u64 {
    let mut x = [0u8; 4];
    for (d, s) in x.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    u64::from(u32::from_le_bytes(x)) | (b.len() as u64) << 32
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

    /// The definition [`shape`] computes in one pass: words split at whitespace, each
    /// trimmed to its core of letters, digits and '&'.
    fn counted_word_by_word(text: &str) -> (usize, usize, usize, usize, bool) {
        let (mut words, mut caps, mut lower) = (0, 0, 0);
        for w in text.split_whitespace() {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
            let Some(first) = core.chars().next() else {
                continue;
            };
            words += 1;
            if first.is_uppercase() {
                caps += 1;
            } else if first.is_lowercase() && !CONNECTORS.contains(&core.to_lowercase().as_str()) {
                lower += 1;
            }
        }
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        (
            words,
            letters,
            caps,
            lower,
            text.bytes().any(|b| b.is_ascii_digit()),
        )
    }

    #[test]
    fn one_pass_shape_counts_as_word_by_word() {
        for text in [
            "Share This Article",
            "“Zelenskyy’s” visit — the talks, in Kyiv (Ukraine) & elsewhere…",
            "Володимир Зеленський and Ivan\u{a0}Petrov:  – 6 Min Read –",
            "« L’Élysée » de  Paris\x0bet\x0cLondres 🎉 🇺🇦 x",
            "AND The OF And vs. 2025-08-18 «»  ",
            "— – … ’ “”",
            "",
        ] {
            let l = shape(text, 0..text.len());
            let got = (l.words, l.letters, l.capitalised, l.lowercase, l.digits);
            assert_eq!(got, counted_word_by_word(text), "{text:?}");
        }
    }

    #[test]
    fn counts_stop_once_a_line_is_plainly_running_text() {
        let long = format!(
            "{} and then on {}, Kyiv said in 2025.",
            "Officials in Kyiv met the envoy from Washington while crowds gathered outside "
                .repeat(4),
            "Tuesday"
        );
        let l = shape(&long, 0..long.len());
        let full = counted_word_by_word(&long);
        assert!(full.0 > RUNNING_TEXT + 10);
        // The counts stop just past the threshold; what the rule asks of them still holds.
        assert_eq!(l.words, RUNNING_TEXT + 1);
        assert!(l.lowercase >= 6 && l.capitalised >= 3 && l.letters >= 3);
        assert!(l.digits, "the digit after the stop is still seen");
        assert!(l.sentence);
        // Up to the threshold every count is exact.
        let short: String = long
            .split(' ')
            .take(RUNNING_TEXT)
            .collect::<Vec<_>>()
            .join(" ");
        let s = shape(&short, 0..short.len());
        let exact = counted_word_by_word(&short);
        assert_eq!(
            (s.words, s.letters, s.capitalised, s.lowercase),
            (exact.0, exact.1, exact.2, exact.3)
        );
    }

    #[test]
    fn connectors_are_found_in_any_case_and_script() {
        for w in ["and", "And", "AND", "vs", "von", "with"] {
            assert!(is_connector(w), "{w}");
        }
        for w in [
            "andrew",
            "withdraw",
            "théâtre",
            "Київ",
            "a-b",
            "",
            "an\0",
            "ands",
            "th",
        ] {
            assert!(!is_connector(w), "{w}");
        }
        // The packed lookup agrees with the list, in every ASCII case of every connector.
        for c in CONNECTORS {
            for w in [c.to_string(), c.to_ascii_uppercase()] {
                assert!(is_connector(&w), "{w}");
            }
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
