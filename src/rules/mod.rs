//! Rules: one module each, all the same shape.
//!
//! A rule has a stable id, a default severity, its documentation (the module doc, which
//! is also what `copydesk explain` prints), and a `check` that reads the shared
//! [`Context`] and pushes [`Diagnostic`]s. To add a rule: write `docs/rules/<id>.md`, a
//! module here whose doc is that file, implement [`Rule`], and list it in [`all`].

use std::any::{Any, TypeId};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::extract::{Extractor, NameMention, TitleMention};
use crate::facts::{DocFacts, FactCache, FactKind, Facts};
use crate::kb::{Kb, PersonId};
use crate::sources::SourceIndex;

pub mod date_mismatch;
pub mod ids;
pub mod inconsistent_spelling;
pub mod misattributed_title;
pub mod number_mismatch;
pub mod off_topic_paragraph;
pub mod quote_mismatch;
pub mod scrape_residue;

#[cfg(test)]
pub(crate) mod fixture;

/// What every rule sees: the draft, its facts (on demand), the KB, the sources and the date.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub kb: &'a Kb,
    pub extractor: &'a Extractor,
    pub sources: &'a SourceIndex,
    pub date: NaiveDate,
    pub settings: &'a Settings,
    facts: DocFacts,
    /// Whole-document facts by kind (offsets into the draft), built on first use.
    all: RefCell<rustc_hash::FxHashMap<TypeId, Rc<dyn Any>>>,
    names: OnceCell<Vec<NameMention>>,
    full_names: OnceCell<HashMap<String, Vec<String>>>,
    persons: RefCell<rustc_hash::FxHashMap<String, Option<PersonId>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        doc: &'a Document,
        kb: &'a Kb,
        extractor: &'a Extractor,
        sources: &'a SourceIndex,
        date: NaiveDate,
        settings: &'a Settings,
    ) -> Context<'a> {
        Context::with_cache(doc, kb, extractor, sources, date, settings, None)
    }

    /// A context whose paragraph facts are shared through `cache` (the language server
    /// keeps one per workspace, so an edit re-reads only the paragraphs it touched).
    pub fn with_cache(
        doc: &'a Document,
        kb: &'a Kb,
        extractor: &'a Extractor,
        sources: &'a SourceIndex,
        date: NaiveDate,
        settings: &'a Settings,
        cache: Option<&FactCache>,
    ) -> Context<'a> {
        Context {
            doc,
            kb,
            extractor,
            sources,
            date,
            settings,
            facts: DocFacts::new(doc, cache),
            all: RefCell::default(),
            names: OnceCell::new(),
            full_names: OnceCell::new(),
            persons: RefCell::default(),
        }
    }

    /// This context reading another KB (a story KB with records a world index added):
    /// the facts read so far are kept (they do not depend on the KB), the persons resolved
    /// so far are not.
    pub fn with_kb<'b>(self, kb: &'b Kb) -> Context<'b>
    where
        'a: 'b,
    {
        let mut cx: Context<'b> = self;
        cx.kb = kb;
        cx.persons = RefCell::default();
        cx
    }

    /// Kind `K`'s facts of draft paragraph `i` (index into `doc.paragraphs`), offsets
    /// relative to the paragraph's start.
    pub fn facts<K: FactKind>(&self, i: usize) -> Facts<K> {
        self.facts.get::<K>(self.doc, self.extractor, i)
    }

    /// Kind `K`'s facts of draft paragraph `i`, offsets into the draft.
    pub fn facts_abs<K: FactKind>(&self, i: usize) -> Vec<K::Item> {
        self.facts.get_abs::<K>(self.doc, self.extractor, i)
    }

    /// Kind `K`'s facts of the whole draft, in order, offsets into the draft (memoised).
    pub fn all<K: FactKind>(&self) -> Rc<Vec<K::Item>> {
        let id = TypeId::of::<K>();
        if let Some(v) = self.all.borrow().get(&id).cloned()
            && let Ok(v) = v.downcast::<Vec<K::Item>>()
        {
            return v;
        }
        let v = Rc::new(self.facts.all::<K>(self.doc, self.extractor));
        self.all.borrow_mut().insert(id, v.clone());
        v
    }

    /// Kind `K`'s facts of paragraph `i` of source `s`, offsets relative to the
    /// paragraph's start.
    pub fn source_facts<K: FactKind>(&self, s: usize, i: usize) -> Facts<K> {
        self.sources.facts::<K>(self.extractor, s, i)
    }

    /// Title mentions of the draft, in order.
    pub fn titles(&self) -> Rc<Vec<TitleMention>> {
        self.all::<crate::facts::Titles>()
    }

    /// Person names of the draft, in order. In a Title Case headline every word is
    /// capitalised: runs of capitals there are not names ("Trump Urges Zelensky"), but
    /// single known surnames still count. Organisations ("Labour Party") and caption labels
    /// glued by a slash are left out ([`crate::extract::person_name`]).
    pub fn names(&self) -> &[NameMention] {
        self.names.get_or_init(|| {
            let mut names = Vec::new();
            for i in 0..self.doc.paragraphs.len() {
                let headline = self
                    .facts::<crate::facts::Shape>(i)
                    .first()
                    .is_some_and(|s| s.title_case);
                names.extend(
                    self.facts_abs::<crate::facts::Names>(i)
                        .into_iter()
                        .filter(|n| !headline || n.words.len() == 1)
                        .filter_map(|n| crate::extract::person_name(&self.doc.text, n)),
                );
            }
            names
        })
    }

    /// Surname transliteration key -> the distinct full names of the draft with it.
    pub fn full_names(&self) -> &HashMap<String, Vec<String>> {
        self.full_names
            .get_or_init(|| crate::person::full_names(self.names()))
    }

    /// The index of the draft paragraph that holds a byte offset.
    pub fn paragraph_at(&self, at: usize) -> Option<usize> {
        let i = self
            .doc
            .paragraphs
            .partition_point(|p| p.range.start <= at)
            .checked_sub(1)?;
        (at < self.doc.paragraphs[i].range.end).then_some(i)
    }

    /// The range of the draft sentence that holds a byte offset.
    pub fn sentence_at(&self, at: usize) -> Option<Range<usize>> {
        let i = self.paragraph_at(at)?;
        self.facts_abs::<crate::facts::Sentences>(i)
            .into_iter()
            .find(|s| s.start <= at && at < s.end)
    }

    /// The KB person a name of this draft refers to (memoised).
    pub fn person(&self, name: &str) -> Option<PersonId> {
        if let Some(p) = self.persons.borrow().get(name) {
            return *p;
        }
        let p = crate::person::resolve(self.kb, name, self.full_names());
        self.persons.borrow_mut().insert(name.to_string(), p);
        p
    }
}

pub trait Rule: Send + Sync {
    /// Stable id, used in output, config and suppression comments.
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line: what the rule flags.
    fn summary(&self) -> &'static str;
    /// The full documentation (Markdown).
    fn doc(&self) -> &'static str;
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>);
    /// Its findings cover whole paragraphs (the hover leaves them out: they would show
    /// wherever the cursor is in the paragraph).
    fn whole_paragraphs(&self) -> bool {
        false
    }
    /// What the rule can tell about the text at byte `offset` of the draft, for the hover
    /// (e.g. the source passage of a quotation): the range it describes and Markdown.
    fn hover(&self, _cx: &Context, _offset: usize) -> Option<(Range<usize>, String)> {
        None
    }
}

/// The registry: every rule, in a fixed order. The engine runs these; config validation,
/// `explain`, `rules`, SARIF metadata and the language server read them.
static REGISTRY: &[&dyn Rule] = &[
    &misattributed_title::MisattributedTitle,
    &inconsistent_spelling::InconsistentSpelling,
    &off_topic_paragraph::OffTopicParagraph,
    &quote_mismatch::QuoteMismatch,
    &number_mismatch::NumberMismatch,
    &date_mismatch::DateMismatch,
    &scrape_residue::ScrapeResidue,
];

/// Every rule, in a fixed order.
pub fn all() -> &'static [&'static dyn Rule] {
    REGISTRY
}

/// Where the rule documentation lives (the same text as `copydesk explain RULE`).
pub const DOCS_URL: &str = "https://github.com/copydesk/copydesk/blob/main/docs/rules/";

/// The documentation page of a rule.
pub fn doc_url(id: &str) -> String {
    format!("{DOCS_URL}{id}.md")
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.id() == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_registry_follows_the_id_list() {
        let ids: Vec<&str> = super::all().iter().map(|r| r.id()).collect();
        assert_eq!(ids, super::ids::ALL);
    }
}
