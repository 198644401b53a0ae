//! Rules: one module each, all the same shape.
//!
//! A rule has a stable id, a default severity, its documentation (the module doc, which
//! is also what `copydesk explain` prints), and a `check` that reads the shared
//! [`Context`] and pushes [`Diagnostic`]s. To add a rule: write `docs/rules/<id>.md`, a
//! module here whose doc is that file, implement [`Rule`], and list it in [`all`].

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::extract::{Extractor, NameMention, TitleMention};
use crate::kb::{Kb, PersonId};
use crate::text::{name_key, translit_key};
use crate::sources::SourceIndex;

pub mod inconsistent_spelling;
pub mod misattributed_title;
pub mod off_topic_paragraph;

/// What every rule sees: the draft, its extractions, the KB, the sources and the date.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub kb: &'a Kb,
    pub extractor: &'a Extractor,
    pub sources: &'a SourceIndex,
    pub date: NaiveDate,
    pub settings: &'a Settings,
    /// Title mentions of the draft, in document order.
    pub titles: Vec<TitleMention>,
    /// Person names of the draft (per paragraph, outside title phrases), in order.
    pub names: Vec<NameMention>,
    /// Surname transliteration key -> the distinct full names of the draft with it.
    pub full_names: HashMap<String, Vec<String>>,
    persons: RefCell<HashMap<String, Option<PersonId>>>,
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
        let mut titles = Vec::new();
        let mut names = Vec::new();
        for p in &doc.paragraphs {
            let (t, found) = extractor.paragraph(doc, p.range.clone());
            titles.extend(t);
            // In a Title Case headline every word is capitalised: runs of capitals there are
            // not names ("Trump Urges Zelensky"), but single known surnames still count.
            if crate::text::is_title_case(&doc.prose[p.range.clone()]) {
                names.extend(found.into_iter().filter(|n| n.words.len() == 1));
            } else {
                names.extend(found);
            }
        }
        let mut full_names: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen = HashSet::new();
        for n in names.iter().filter(|n| n.words.len() >= 2) {
            if seen.insert(name_key(&n.text)) {
                let surname = n.text.split_whitespace().last().unwrap_or("");
                full_names.entry(translit_key(surname)).or_default().push(n.text.clone());
            }
        }
        Context { doc, kb, extractor, sources, date, settings, titles, names, full_names, persons: RefCell::default() }
    }

    /// The KB person a name of this draft refers to (memoised).
    pub fn person(&self, name: &str) -> Option<PersonId> {
        if let Some(p) = self.persons.borrow().get(name) {
            return *p;
        }
        let p = misattributed_title::resolve_person(self.kb, name, &self.full_names);
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
}

/// Every rule, in a fixed order.
pub fn all() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(misattributed_title::MisattributedTitle),
        Box::new(inconsistent_spelling::InconsistentSpelling),
        Box::new(off_topic_paragraph::OffTopicParagraph),
    ]
}

/// Where the rule documentation lives (the same text as `copydesk explain RULE`).
pub const DOCS_URL: &str = "https://github.com/copydesk/copydesk/blob/main/docs/rules/";

/// The documentation page of a rule.
pub fn doc_url(id: &str) -> String {
    format!("{DOCS_URL}{id}.md")
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<Box<dyn Rule>> {
    all().into_iter().find(|r| r.id() == id)
}
