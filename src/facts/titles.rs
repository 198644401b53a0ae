//! Titles attached to names ("French President Emmanuel Macron"), with their qualifiers
//! and modifiers ([`crate::extract::Extractor::title_mentions`]).

use crate::extract::TitleMention;

use super::{FactKind, Names, Paragraph, Sentences, TitleSpans, Tokens, shift_range};

pub struct Titles;

impl FactKind for Titles {
    type Item = TitleMention;
    fn extract(p: &Paragraph<'_>) -> Vec<TitleMention> {
        let spans = p.get_abs::<TitleSpans>();
        let names = p.get_abs::<Names>();
        let sents = p.get_abs::<Sentences>();
        let toks = p.get_abs::<Tokens>();
        let found =
            p.extractor
                .title_mentions(p.prose, p.range.clone(), &toks, &spans, &names, &sents);
        p.relative::<Self>(found)
    }
    fn shift(m: &mut TitleMention, by: isize) {
        shift_range(&mut m.range, by);
        shift_range(&mut m.title_range, by);
        shift_range(&mut m.alias_range, by);
        Names::shift(&mut m.name, by);
    }
}
