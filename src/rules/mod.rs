//! Rules: one module each, all the same shape.
//!
//! A rule has a stable id, a default severity, its documentation (the module doc, which
//! is also what `copydesk explain` prints), and a `check` that reads the shared
//! [`Context`] and pushes [`Diagnostic`]s. To add a rule: write `docs/rules/<id>.md`, a
//! module here whose doc is that file, implement [`Rule`], and list it in [`all`].

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::extract::{Extractor, NameMention, TitleMention};
use crate::kb::{Kb, PersonId};
use crate::sources::SourceIndex;
use crate::text::{name_key, translit_key};

pub mod inconsistent_spelling;
pub mod misattributed_title;
pub mod off_topic_paragraph;
pub mod scrape_residue;

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
    /// Per paragraph (same index as `doc.paragraphs`): what the extractors found, with
    /// offsets relative to the paragraph's start (`doc.paragraphs[i].range.start`), shared
    /// with the [`FactCache`] so that an edit re-reads and copies nothing else.
    pub paragraphs: Vec<Arc<ParagraphFacts>>,
    /// Surname transliteration key -> the distinct full names of the draft with it.
    pub full_names: HashMap<String, Vec<String>>,
    persons: RefCell<HashMap<String, Option<PersonId>>>,
}

/// What the extractors find in one paragraph, with offsets relative to its start, so that
/// an unchanged paragraph is not re-read after an edit elsewhere.
#[derive(Debug, Clone)]
pub struct ParagraphFacts {
    pub titles: Vec<TitleMention>,
    pub names: Vec<NameMention>,
    pub terms: crate::topic::Terms,
    /// Capitalised word parts (hyphen parts, possessive removed, not all-caps) with their
    /// transliteration keys: the candidates for bare surnames.
    pub capitals: Vec<(std::ops::Range<usize>, String)>,
    /// Country or organisation codes named in the paragraph ("French", "Russia's", "NATO").
    pub countries: Vec<String>,
    /// Written in Title Case (a headline).
    pub title_case: bool,
}

impl ParagraphFacts {
    fn extract(
        doc: &Document,
        extractor: &Extractor,
        range: std::ops::Range<usize>,
    ) -> ParagraphFacts {
        let (titles, names) = extractor.paragraph(doc, range.clone());
        let mut capitals = Vec::new();
        let mut countries = Vec::new();
        for t in &crate::text::tokens_in(&doc.prose, range.clone()) {
            let w = t.text(&doc.prose);
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if let Some(c) = extractor.country_code(crate::text::strip_possessive(w).0) {
                countries.push(c.to_string());
            }
            let mut offset = t.range.start;
            for part in w.split('-') {
                let start = offset;
                offset += part.len() + 1;
                let (stem, _) = crate::text::strip_possessive(part);
                let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
                let all_caps = letters > 1
                    && stem
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase);
                if stem.chars().next().is_some_and(char::is_uppercase) && !all_caps {
                    capitals.push((start..start + stem.len(), crate::text::translit_key(stem)));
                }
            }
        }
        let mut f = ParagraphFacts {
            titles,
            names,
            terms: crate::topic::content_terms(&doc.prose, range.clone()),
            capitals,
            countries,
            title_case: crate::text::is_title_case(&doc.prose[range.clone()]),
        };
        f.shift(-(range.start as isize));
        f
    }

    /// Move every offset by `delta` bytes.
    fn shift(&mut self, delta: isize) {
        let mv = |r: &mut std::ops::Range<usize>| {
            r.start = (r.start as isize + delta) as usize;
            r.end = (r.end as isize + delta) as usize;
        };
        for m in &mut self.titles {
            mv(&mut m.range);
            mv(&mut m.title_range);
            mv(&mut m.alias_range);
            mv(&mut m.name.range);
            m.name.words.iter_mut().for_each(mv);
        }
        for n in &mut self.names {
            mv(&mut n.range);
            n.words.iter_mut().for_each(mv);
        }
        self.capitals.iter_mut().for_each(|(r, _)| mv(r));
        self.terms.terms.iter_mut().for_each(|t| mv(&mut t.range));
    }
}

fn shift_range(r: &mut std::ops::Range<usize>, by: usize) {
    r.start += by;
    r.end += by;
}

fn shift_name(n: &mut NameMention, by: usize) {
    shift_range(&mut n.range, by);
    n.words.iter_mut().for_each(|w| shift_range(w, by));
}

fn shift_title(m: &mut TitleMention, by: usize) {
    shift_range(&mut m.range, by);
    shift_range(&mut m.title_range, by);
    shift_range(&mut m.alias_range, by);
    shift_name(&mut m.name, by);
}

/// Paragraph facts by paragraph text, shared by the analyses of successive versions of a
/// draft (the language server re-reads only the paragraphs an edit touched). Facts are a
/// function of the paragraph's prose alone, their offsets relative to its start.
#[derive(Default)]
pub struct FactCache {
    map: std::sync::Mutex<rustc_hash::FxHashMap<Box<str>, Arc<ParagraphFacts>>>,
}

impl FactCache {
    fn get(
        &self,
        doc: &Document,
        extractor: &Extractor,
        range: std::ops::Range<usize>,
    ) -> Arc<ParagraphFacts> {
        let key = &doc.prose[range.clone()];
        let lock = || {
            self.map
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(f) = lock().get(key) {
            return f.clone();
        }
        let f = Arc::new(ParagraphFacts::extract(doc, extractor, range));
        let mut map = lock();
        if map.len() > 50_000 {
            map.clear();
        }
        map.insert(key.into(), f.clone());
        f
    }
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

    pub fn with_cache(
        doc: &'a Document,
        kb: &'a Kb,
        extractor: &'a Extractor,
        sources: &'a SourceIndex,
        date: NaiveDate,
        settings: &'a Settings,
        cache: Option<&FactCache>,
    ) -> Context<'a> {
        let mut titles = Vec::new();
        let mut names = Vec::new();
        let mut paragraphs = Vec::with_capacity(doc.paragraphs.len());
        for p in &doc.paragraphs {
            let facts = match cache {
                Some(c) => c.get(doc, extractor, p.range.clone()),
                None => Arc::new(ParagraphFacts::extract(doc, extractor, p.range.clone())),
            };
            let at = p.range.start;
            titles.extend(facts.titles.iter().cloned().map(|mut m| {
                shift_title(&mut m, at);
                m
            }));
            // In a Title Case headline every word is capitalised: runs of capitals there are
            // not names ("Trump Urges Zelensky"), but single known surnames still count.
            let headline = facts.title_case;
            names.extend(
                facts
                    .names
                    .iter()
                    .filter(|n| !headline || n.words.len() == 1)
                    .cloned()
                    .map(|mut n| {
                        shift_name(&mut n, at);
                        n
                    }),
            );
            paragraphs.push(facts);
        }
        let mut full_names: HashMap<String, Vec<String>> = HashMap::new();
        let mut seen = HashSet::new();
        for n in names.iter().filter(|n| n.words.len() >= 2) {
            if seen.insert(name_key(&n.text)) {
                let surname = n.text.split_whitespace().last().unwrap_or("");
                full_names
                    .entry(translit_key(surname))
                    .or_default()
                    .push(n.text.clone());
            }
        }
        Context {
            doc,
            kb,
            extractor,
            sources,
            date,
            settings,
            titles,
            names,
            paragraphs,
            full_names,
            persons: RefCell::default(),
        }
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
        Box::new(scrape_residue::ScrapeResidue),
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
