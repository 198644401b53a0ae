//! Country or organisation codes named in a paragraph, one per capitalised word that
//! names one ("French", "Russia's", "NATO"), in order.

use crate::text::strip_possessive;

use super::{FactKind, Paragraph, Tokens};

pub struct Countries;

impl FactKind for Countries {
    type Item = String;
    fn extract(p: &Paragraph<'_>) -> Vec<String> {
        let text = p.text();
        p.get::<Tokens>()
            .iter()
            .map(|t| t.text(text))
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|w| p.extractor.country_code(strip_possessive(w).0))
            .map(str::to_string)
            .collect()
    }
    fn shift(_: &mut String, _: isize) {}
}
