//! Word tokens of a paragraph ([`crate::text::tokens_in`]): cut once, shared by every kind
//! that reads words (names, title mentions, content terms, capitals, countries, shape).

use crate::text::{Token, tokens_in};

use super::{FactKind, Paragraph, shift_range};

pub struct Tokens;

impl FactKind for Tokens {
    type Item = Token;
    fn extract(p: &Paragraph<'_>) -> Vec<Token> {
        let t = p.text();
        tokens_in(t, 0..t.len())
    }
    fn shift(t: &mut Token, by: isize) {
        shift_range(&mut t.range, by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::extract::Extractor;
    use crate::facts::DocFacts;
    use crate::kb::Kb;
    use std::ops::Range;

    #[test]
    fn tokens_are_relative_to_their_paragraph_and_match_a_fresh_cut() {
        let doc = Document::new(
            "First one.\n\nZelenskyy’s U.S. visit — “non-stop”.\n",
            Format::PlainText,
        );
        let ex = Extractor::new(&Kb::builtin());
        let facts = DocFacts::new(&doc, None);
        let p = &doc.paragraphs[1];
        let rel = facts.get::<Tokens>(&doc, &ex, 1);
        let words: Vec<&str> = rel
            .iter()
            .map(|t| t.text(&doc.prose[p.range.clone()]))
            .collect();
        assert_eq!(words, ["Zelenskyy’s", "U.S.", "visit", "non-stop"]);
        let abs: Vec<Range<usize>> = tokens_in(&doc.prose, p.range.clone())
            .into_iter()
            .map(|t| t.range)
            .collect();
        let shifted: Vec<Range<usize>> = rel
            .iter()
            .map(|t| t.range.start + p.range.start..t.range.end + p.range.start)
            .collect();
        assert_eq!(shifted, abs);
    }
}
