//! Content terms of a paragraph (stemmed, stopwords out, rarity-weighted; see
//! [`crate::topic`]).

use crate::topic::{Term, content_terms};

use super::{FactKind, Paragraph, shift_range};

pub struct Terms;

impl FactKind for Terms {
    type Item = Term;
    fn extract(p: &Paragraph<'_>) -> Vec<Term> {
        p.relative::<Self>(content_terms(p.prose, p.range.clone()).terms)
    }
    fn shift(t: &mut Term, by: isize) {
        shift_range(&mut t.range, by);
    }
}
