//! Content terms of a paragraph (stemmed, stopwords out, rarity-weighted; see
//! [`crate::topic`]).

use crate::topic::{Term, content_terms_of};

use super::{FactKind, Paragraph, Tokens, shift_range};

pub struct Terms;

impl FactKind for Terms {
    type Item = Term;
    fn extract(p: &Paragraph<'_>) -> Vec<Term> {
        let text = p.text();
        // Relative to the paragraph: the paragraph's own tokens, offsets as they are.
        content_terms_of(text, 0..text.len(), &p.get::<Tokens>()).terms
    }
    fn shift(t: &mut Term, by: isize) {
        shift_range(&mut t.range, by);
    }
}
