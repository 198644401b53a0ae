//! Sentences: the sentence splitter (dotted abbreviations, initials and honorifics do not
//! end a sentence) and the fact kind of a paragraph's sentence ranges.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::{FactKind, Paragraph, shift_range};

/// Sentence ranges of a paragraph.
pub struct Sentences;

impl FactKind for Sentences {
    type Item = Range<usize>;
    fn extract(p: &Paragraph<'_>) -> Vec<Range<usize>> {
        p.relative::<Self>(split(p.prose, p.range.clone()))
    }
    fn shift(r: &mut Range<usize>, by: isize) {
        shift_range(r, by);
    }
}

fn sentence_end_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"[.!?…]["”’)]*\s+"#).expect("static regex"))
}

/// Sentence ranges inside `range` (a simple splitter that knows dotted abbreviations,
/// initials and honorifics).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    const ABBR: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "jr", "sr",
        "no", "vs", "jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "corp", "co",
    ];
    let slice = &text[range.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    for m in sentence_end_re().find_iter(slice) {
        let before = &slice[..m.start()];
        let last_word: String = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '.'))
            .next()
            .unwrap_or("")
            .to_string();
        let lw = last_word.trim_end_matches('.').to_lowercase();
        let is_abbr = ABBR.contains(&lw.as_str())
            || (last_word.contains('.') && last_word.len() <= 6)
            || (lw.chars().count() == 1 && lw.chars().all(char::is_alphabetic));
        let next_upper = slice[m.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || "“\"‘'(".contains(c));
        if !is_abbr && next_upper {
            // The stop itself ends the sentence: one byte, or three for "…".
            let stop = m.as_str().chars().next().map_or(1, char::len_utf8);
            out.push(range.start + start..range.start + m.start() + stop);
            start = m.end();
        }
    }
    if start < slice.len() {
        out.push(range.start + start..range.end);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_ellipsis_ends_a_sentence_on_a_char_boundary() {
        let t = "He paused… Then he spoke.";
        let s = super::split(t, 0..t.len());
        assert_eq!(&t[s[0].clone()], "He paused…");
        assert_eq!(&t[s[1].clone()], "Then he spoke.");
    }

    use super::*;

    #[test]
    fn sentence_split_respects_abbreviations() {
        let s = "U.S. President Donald Trump spoke. Then he left.";
        let v = split(s, 0..s.len());
        assert_eq!(v.len(), 2);
        assert_eq!(&s[v[1].clone()], "Then he left.");
    }
}
