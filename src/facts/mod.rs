//! Facts: what extractors find in a paragraph, computed on demand, once.
//!
//! A fact kind ([`FactKind`]) extracts one sort of item from one paragraph (sentences,
//! word tokens, title phrases, names, title mentions, content terms, capitalised words,
//! countries …),
//! with offsets **relative to the paragraph's start**. Facts are a function of the
//! paragraph's prose alone, so they are stored per paragraph in a [`ParagraphFacts`] and
//! shared by every version of a draft that still has that paragraph ([`FactCache`], keyed
//! by the paragraph's prose). Kinds are computed lazily: a rule that never asks for
//! quotes costs no quote extraction. A kind may ask for other kinds of the same paragraph
//! ([`Paragraph::get`]).
//!
//! The draft ([`crate::rules::Context`]) and every source ([`crate::sources::Source`])
//! hold their paragraphs' facts in a [`DocFacts`]; both answer `facts::<K>(i)`.
//!
//! Adding a kind: a new file here with a unit struct implementing [`FactKind`], and one
//! `pub mod` line below.

use std::any::{Any, TypeId};
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use crate::document::Document;
use crate::extract::Extractor;

pub mod capitals;
pub mod countries;
pub mod dates;
pub mod lines;
pub mod names;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod shape;
pub mod terms;
pub mod title_spans;
pub mod titles;
pub mod tokens;

pub use capitals::Capitals;
pub use countries::Countries;
pub use names::Names;
pub use quotes::Quotes;
pub use sentences::Sentences;
pub use shape::Shape;
pub use terms::Terms;
pub use title_spans::TitleSpans;
pub use titles::Titles;
pub use tokens::Tokens;

/// One sort of fact about a paragraph.
pub trait FactKind: 'static {
    type Item: Clone + Send + Sync + 'static;
    /// The items of one paragraph, in text order, with byte offsets relative to
    /// `p.range.start` (use [`Paragraph::relative`] to turn offsets into `p.prose` into
    /// those). Must depend on `p.text()` alone (and the extractor's KB).
    fn extract(p: &Paragraph<'_>) -> Vec<Self::Item>;
    /// Move every byte offset of `item` by `by`.
    fn shift(item: &mut Self::Item, by: isize);
}

/// A fact kind's items for one paragraph, offsets relative to its start (shared).
pub type Facts<K> = Arc<Vec<<K as FactKind>::Item>>;

/// Move a byte range by `by` (the one offset-shifting primitive).
pub fn shift_range(r: &mut Range<usize>, by: isize) {
    r.start = r.start.wrapping_add_signed(by);
    r.end = r.end.wrapping_add_signed(by);
}

/// `items` with every offset moved by `by`.
pub fn shifted<K: FactKind>(items: &[K::Item], by: isize) -> Vec<K::Item> {
    items
        .iter()
        .cloned()
        .map(|mut it| {
            K::shift(&mut it, by);
            it
        })
        .collect()
}

/// What a fact kind's `extract` sees: the paragraph at its place in its document.
pub struct Paragraph<'a> {
    /// The whole document's prose (see [`Document::prose`]).
    pub prose: &'a str,
    /// The paragraph's range in `prose`.
    pub range: Range<usize>,
    pub extractor: &'a Extractor,
    facts: &'a ParagraphFacts,
}

impl<'a> Paragraph<'a> {
    /// The paragraph's prose.
    pub fn text(&self) -> &'a str {
        &self.prose[self.range.clone()]
    }

    /// Another kind's facts of this paragraph (relative offsets).
    pub fn get<K: FactKind>(&self) -> Facts<K> {
        self.facts
            .get::<K>(self.prose, self.range.clone(), self.extractor)
    }

    /// Another kind's facts of this paragraph with offsets into `prose`.
    pub fn get_abs<K: FactKind>(&self) -> Vec<K::Item> {
        shifted::<K>(&self.get::<K>(), self.range.start as isize)
    }

    /// Items found with offsets into `prose`, made relative to the paragraph's start.
    pub fn relative<K: FactKind>(&self, mut items: Vec<K::Item>) -> Vec<K::Item> {
        let by = -(self.range.start as isize);
        items.iter_mut().for_each(|it| K::shift(it, by));
        items
    }
}

/// The facts of one paragraph, by kind, filled on demand.
#[derive(Default)]
pub struct ParagraphFacts {
    kinds: Mutex<FxHashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl ParagraphFacts {
    /// The facts of kind `K` of the paragraph `range` of `prose` (extracted on first use).
    pub fn get<K: FactKind>(
        &self,
        prose: &str,
        range: Range<usize>,
        extractor: &Extractor,
    ) -> Facts<K> {
        let lock = || self.kinds.lock().unwrap_or_else(PoisonError::into_inner);
        let id = TypeId::of::<K>();
        if let Some(v) = lock().get(&id).cloned() {
            return downcast::<K>(v);
        }
        // Not under the lock: a kind may ask for other kinds of the same paragraph.
        let p = Paragraph {
            prose,
            range,
            extractor,
            facts: self,
        };
        let fresh: Arc<dyn Any + Send + Sync> = Arc::new(K::extract(&p));
        let v = lock().entry(id).or_insert(fresh).clone();
        downcast::<K>(v)
    }
}

fn downcast<K: FactKind>(v: Arc<dyn Any + Send + Sync>) -> Facts<K> {
    match v.downcast::<Vec<K::Item>>() {
        Ok(v) => v,
        Err(_) => unreachable!("facts are stored under their kind's TypeId"),
    }
}

/// Paragraph facts by paragraph prose, shared by the analyses of successive versions of a
/// draft (the language server re-reads only the paragraphs an edit touched).
#[derive(Default)]
pub struct FactCache {
    map: Mutex<FxHashMap<Box<str>, Arc<ParagraphFacts>>>,
}

impl FactCache {
    /// The (possibly still empty) facts of a paragraph with this prose.
    pub fn paragraph(&self, prose: &str) -> Arc<ParagraphFacts> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(f) = map.get(prose) {
            return f.clone();
        }
        if map.len() > 50_000 {
            map.clear();
        }
        let f = Arc::new(ParagraphFacts::default());
        map.insert(prose.into(), f.clone());
        f
    }
}

/// The facts of every paragraph of one document (same index as `doc.paragraphs`).
#[derive(Default)]
pub struct DocFacts {
    paragraphs: Vec<Arc<ParagraphFacts>>,
}

impl DocFacts {
    /// Empty facts for `doc`'s paragraphs, shared through `cache` when given.
    pub fn new(doc: &Document, cache: Option<&FactCache>) -> DocFacts {
        let paragraphs = doc
            .paragraphs
            .iter()
            .map(|p| match cache {
                Some(c) => c.paragraph(&doc.prose[p.range.clone()]),
                None => Arc::default(),
            })
            .collect();
        DocFacts { paragraphs }
    }

    /// Kind `K`'s facts of paragraph `i` of `doc`, offsets relative to its start.
    pub fn get<K: FactKind>(&self, doc: &Document, extractor: &Extractor, i: usize) -> Facts<K> {
        self.paragraphs[i].get::<K>(&doc.prose, doc.paragraphs[i].range.clone(), extractor)
    }

    /// Kind `K`'s facts of paragraph `i` of `doc`, offsets into the document.
    pub fn get_abs<K: FactKind>(
        &self,
        doc: &Document,
        extractor: &Extractor,
        i: usize,
    ) -> Vec<K::Item> {
        let at = doc.paragraphs[i].range.start as isize;
        shifted::<K>(&self.get::<K>(doc, extractor, i), at)
    }

    /// Kind `K`'s facts of the whole document, in order, offsets into the document.
    pub fn all<K: FactKind>(&self, doc: &Document, extractor: &Extractor) -> Vec<K::Item> {
        (0..self.paragraphs.len())
            .flat_map(|i| self.get_abs::<K>(doc, extractor, i))
            .collect()
    }
}
