//! Person names of a paragraph, outside title phrases ([`crate::extract::Extractor::names`]).

use crate::extract::NameMention;

use super::{FactKind, Paragraph, TitleSpans, Tokens, shift_range};

pub struct Names;

impl FactKind for Names {
    type Item = NameMention;
    fn extract(p: &Paragraph<'_>) -> Vec<NameMention> {
        let spans = p.get_abs::<TitleSpans>();
        let toks = p.get_abs::<Tokens>();
        p.relative::<Self>(p.extractor.names(p.prose, p.range.clone(), toks, &spans))
    }
    fn shift(n: &mut NameMention, by: isize) {
        shift_range(&mut n.range, by);
        n.words.iter_mut().for_each(|w| shift_range(w, by));
    }
}
