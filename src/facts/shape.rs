//! The shape of a paragraph as a whole: its word count and whether it is written in
//! Title Case (a headline). One item per paragraph.

use crate::text::is_title_case;

use super::{FactKind, Paragraph, Tokens};

pub struct Shape;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParagraphShape {
    /// Word tokens, content or not.
    pub words: usize,
    /// Written in Title Case (a headline).
    pub title_case: bool,
}

impl FactKind for Shape {
    type Item = ParagraphShape;
    fn extract(p: &Paragraph<'_>) -> Vec<ParagraphShape> {
        vec![ParagraphShape {
            words: p.get::<Tokens>().len(),
            title_case: is_title_case(p.text()),
        }]
    }
    fn shift(_: &mut ParagraphShape, _: isize) {}
}
