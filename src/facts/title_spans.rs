//! Title phrases of a paragraph ("Foreign Minister", "national security adviser"), before
//! they are attached to names: names never cross them.

use std::ops::Range;

use super::{FactKind, Paragraph, shift_range};

pub struct TitleSpans;

impl FactKind for TitleSpans {
    type Item = Range<usize>;
    fn extract(p: &Paragraph<'_>) -> Vec<Range<usize>> {
        p.relative::<Self>(p.extractor.title_spans(p.prose, p.range.clone()))
    }
    fn shift(r: &mut Range<usize>, by: isize) {
        shift_range(r, by);
    }
}
