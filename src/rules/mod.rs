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
    /// Per paragraph (same index as `doc.paragraphs`): word tokens and content terms.
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
    pub tokens: Vec<crate::text::Token>,
    pub terms: crate::topic::Terms,
    /// Capitalised word parts (hyphen parts, possessive removed, not all-caps) with their
    /// transliteration keys: the candidates for bare surnames.
    pub capitals: Vec<(std::ops::Range<usize>, String)>,
    /// Country or organisation codes named in the paragraph ("French", "Russia's", "NATO").
    pub countries: Vec<String>,
}

impl ParagraphFacts {
    fn extract(
        doc: &Document,
        extractor: &Extractor,
        range: std::ops::Range<usize>,
    ) -> ParagraphFacts {
        let (titles, names) = extractor.paragraph(doc, range.clone());
        let tokens = crate::text::tokens_in(&doc.prose, range.clone());
        let mut capitals = Vec::new();
        let mut countries = Vec::new();
        for t in &tokens {
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
            tokens,
            terms: crate::topic::content_terms(&doc.prose, range.clone()),
            capitals,
            countries,
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
        self.tokens.iter_mut().for_each(|t| mv(&mut t.range));
        self.capitals.iter_mut().for_each(|(r, _)| mv(r));
        self.terms.terms.iter_mut().for_each(|t| mv(&mut t.range));
    }

    fn at(&self, start: usize) -> ParagraphFacts {
        let mut f = self.clone();
        f.shift(start as isize);
        f
    }
}

/// Paragraph facts by paragraph text, shared by the analyses of successive versions of a
/// draft (the language server re-reads only the paragraphs an edit touched).
#[derive(Default)]
pub struct FactCache {
    map: std::sync::Mutex<HashMap<u64, Arc<ParagraphFacts>>>,
}

impl FactCache {
    fn get(
        &self,
        doc: &Document,
        extractor: &Extractor,
        range: std::ops::Range<usize>,
    ) -> Arc<ParagraphFacts> {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        doc.prose[range.clone()].hash(&mut h);
        let key = h.finish();
        let mut map = self
            .map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let rel = match map.get(&key) {
            Some(f) => f.clone(),
            None => {
                drop(map);
                let f = Arc::new(ParagraphFacts::extract(doc, extractor, range.clone()));
                map = self
                    .map
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if map.len() > 50_000 {
                    map.clear();
                }
                map.insert(key, f.clone());
                f
            }
        };
        Arc::new(rel.at(range.start))
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
                None => {
                    let f = ParagraphFacts::extract(doc, extractor, p.range.clone());
                    Arc::new(f.at(p.range.start))
                }
            };
            titles.extend(facts.titles.iter().cloned());
            let found = facts.names.clone();
            paragraphs.push(facts);
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
