//! Capitalised word parts of a paragraph (hyphen parts, possessive removed, not all-caps)
//! with their transliteration keys: the candidates for bare surnames.

use std::ops::Range;

use crate::text::{strip_possessive, translit_key};

use super::{FactKind, Paragraph, Tokens, shift_range};

pub struct Capitals;

impl FactKind for Capitals {
    /// (range of the word part, its transliteration key)
    type Item = (Range<usize>, String);
    fn extract(p: &Paragraph<'_>) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let text = p.text();
        for t in p.get::<Tokens>().iter() {
            let w = t.text(text);
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let mut offset = t.range.start;
            for part in w.split('-') {
                let start = offset;
                offset += part.len() + 1;
                let (stem, _) = strip_possessive(part);
                let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
                let all_caps = letters > 1
                    && stem
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase);
                if stem.chars().next().is_some_and(char::is_uppercase) && !all_caps {
                    out.push((start..start + stem.len(), translit_key(stem)));
                }
            }
        }
        out
    }
    fn shift(c: &mut (Range<usize>, String), by: isize) {
        shift_range(&mut c.0, by);
    }
}
