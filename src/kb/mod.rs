//! Knowledge base: dated office-holder records and dated events.
//!
//! The built-in records are the `kb/*.toml` files of the repository, embedded at build time
//! (see `build.rs` and `kb/README.md` for the format). Users add files through config;
//! a user office with an existing `id` replaces the built-in one. Lookups are indexed:
//! by title alias, by person name key and by surname key.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Deserialize;

pub mod conflicts;
pub mod dump;
pub mod everypolitician;
pub mod freshness;
pub mod import;
pub mod query;
pub mod rank;
pub mod sparql;
pub mod synthetic;
pub mod table;
pub mod wikidata;
pub mod world;

pub use table::{Keyed, Table};

use crate::text::{fold, name_key, name_key_uncached, translit_key, translit_key_uncached};

pub type PersonId = usize;
pub type OfficeId = usize;

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub variants: Vec<String>,
    pub surnames: Vec<String>,
}

impl Person {
    /// Every way the KB writes the surname: the canonical one, each full-name variant's
    /// last word, and the extra bare-surname spellings.
    pub fn surname_spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.surname())
            .chain(
                self.variants
                    .iter()
                    .filter_map(|v| v.split_whitespace().last()),
            )
            .chain(self.surnames.iter().map(String::as_str))
    }

    /// The canonical surname: last word of the canonical name.
    pub fn surname(&self) -> &str {
        let roman = |w: &str| !w.is_empty() && w.chars().all(|c| "IVXL".contains(c));
        self.name
            .split_whitespace()
            .rev()
            .find(|w| !roman(w))
            .unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone)]
pub struct Term {
    pub person: PersonId,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub acting: bool,
    pub source: String,
    pub note: Option<String>,
}

impl Term {
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d < e)
    }

    /// "2018-04-09 – 2019-09-10", "since 2025-01-25".
    pub fn span_text(&self) -> String {
        match self.end {
            Some(e) => format!("{} – {}", self.start, e),
            None => format!("since {}", self.start),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Office {
    pub id: String,
    pub country: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub single: bool,
    /// The office's own `rank` (1 most senior … 4), if its record gives one; see
    /// [`Kb::office_rank`] for the rank with the default from the title.
    pub rank: Option<u8>,
    pub terms: Vec<Term>,
    /// Which file the office came from (for messages and validation).
    pub origin: String,
    /// The date up to which that file's records were checked: the file's own `as_of`, else
    /// the built-in KB's (`kb/meta.toml`). An open term is "current as of" this date.
    pub as_of: Option<NaiveDate>,
}

impl Office {
    pub fn holders_at(&self, d: NaiveDate) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(move |t| t.covers(d))
    }
}

/// What kinds of event the KB may record.
pub const EVENT_KINDS: &[&str] = &[
    "war",
    "invasion",
    "conflict",
    "annexation",
    "ceasefire",
    "election",
    "summit",
    "referendum",
    "disaster",
    "pandemic",
    "attack",
    "coup",
    "treaty",
    "protest",
    "other",
];

/// A dated event (war, invasion, ceasefire, election, summit...): what durations,
/// anniversaries and "Nth year" phrases are checked against.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// Names the event goes by ("full-scale invasion", "war in Ukraine"); case-insensitive.
    pub aliases: Vec<String>,
    /// Words that make it a story's topic ("Ukraine", "Kyiv").
    pub topic: Vec<String>,
    /// Generic nouns that refer to it when it is the story's topic ("war", "conflict").
    pub nouns: Vec<String>,
    pub source: String,
    /// Which file the event came from.
    pub origin: String,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub names: Vec<String>,
    pub adjectives: Vec<String>,
    /// Its Wikidata items (`Q142`), for `kb import --from-sparql --country`.
    pub wikidata: Vec<String>,
}

impl Country {
    /// The name used in messages ("France", "NATO").
    pub fn display(&self) -> &str {
        self.names.first().map_or(&self.code, String::as_str)
    }
}

/// The loaded knowledge base with its indices.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    /// The built-in KB's date (`kb/meta.toml`): the `as_of` of every office whose file
    /// declares none. Each office carries its own ([`Office::as_of`]).
    pub as_of: Option<NaiveDate>,
    pub persons: Table<Person>,
    pub offices: Table<Office>,
    pub countries: Table<Country>,
    pub events: Table<Event>,
    by_name: Keyed<String, PersonId>,
    by_surname: Keyed<String, PersonId>,
    by_alias: Keyed<String, OfficeId>,
    by_person: Keyed<PersonId, (OfficeId, usize)>,
    by_qualifier: std::sync::Arc<FxHashMap<String, usize>>,
    /// Office id → office, of the loaded KB.
    by_office_id: std::sync::Arc<FxHashMap<String, OfficeId>>,
    /// Automata over the events' aliases and topic words, built on first use and shared
    /// with the story KBs derived from this one (they add no events).
    event_matcher: std::sync::Arc<std::sync::OnceLock<std::sync::Arc<EventMatcher>>>,
}

/// The events' aliases in an Aho–Corasick automaton (ASCII case-insensitive) and their
/// topic words (exact, whole words), with the event each pattern belongs to.
#[derive(Debug)]
pub struct EventMatcher {
    pub aliases: Option<aho_corasick::AhoCorasick>,
    /// Alias pattern → event index.
    pub alias_owner: Vec<usize>,
    pub topics: TopicWords,
}

/// The events' topic words, counted as whole words (no letter or digit on either side).
/// An Aho–Corasick search (with its fast prefilter) finds where some topic word occurs;
/// every position inside each match is then compared with the words starting with its
/// byte, so words inside or overlapping others ("Ukraine" in "Ukraine's") are all seen.
#[derive(Debug, Default)]
pub struct TopicWords {
    /// The distinct words (`None` when there are none).
    finder: Option<aho_corasick::AhoCorasick>,
    /// (word, event index) by the word's first byte.
    by_first_byte: Vec<Vec<(String, usize)>>,
}

impl TopicWords {
    fn new<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> TopicWords {
        let mut by_first_byte = vec![Vec::new(); 256];
        let mut distinct: Vec<&str> = Vec::new();
        for (w, event) in words {
            if let Some(&b) = w.as_bytes().first() {
                by_first_byte[usize::from(b)].push((w.to_string(), event));
                if !distinct.contains(&w) {
                    distinct.push(w);
                }
            }
        }
        let finder = (!distinct.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(&distinct)
                    .ok()
            })
            .flatten();
        TopicWords {
            finder,
            by_first_byte,
        }
    }

    /// Adds how often each event's topic words occur in `text` as whole words to
    /// `counts` (indexed by event). A word inside another ("Ukraine" in "Ukraine's") is
    /// counted when it is whole, like the longer one.
    pub fn count(&self, text: &str, counts: &mut [usize]) {
        let Some(finder) = &self.finder else { return };
        // Every occurrence of a word starts inside some match of the (non-overlapping,
        // leftmost) search: it resumes at a match's end and finds the leftmost one after
        // it, which starts at or before the next occurrence.
        for m in finder.find_iter(text) {
            for i in m.range().filter(|&i| text.is_char_boundary(i)) {
                self.count_at(text, i, counts);
            }
        }
    }

    /// Counts the whole words that start at byte `i` of `text`.
    fn count_at(&self, text: &str, i: usize, counts: &mut [usize]) {
        let b = text.as_bytes();
        let words = &self.by_first_byte[usize::from(b[i])];
        if words.is_empty()
            || text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return;
        }
        for (w, event) in words {
            let end = i + w.len();
            if b[i..].starts_with(w.as_bytes())
                && !text[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                counts[*event] += 1;
            }
        }
    }
}

impl Kb {
    /// The event automata (built once per KB).
    pub fn event_matcher(&self) -> std::sync::Arc<EventMatcher> {
        self.event_matcher
            .get_or_init(|| {
                use aho_corasick::{AhoCorasickBuilder, MatchKind};
                let (mut aliases, mut alias_owner) = (Vec::new(), Vec::new());
                for (i, e) in self.events.iter().enumerate() {
                    for a in &e.aliases {
                        aliases.push(a.as_str());
                        alias_owner.push(i);
                    }
                }
                let topics = self
                    .events
                    .iter()
                    .enumerate()
                    .flat_map(|(i, e)| e.topic.iter().map(move |t| (t.as_str(), i)));
                std::sync::Arc::new(EventMatcher {
                    aliases: AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(&aliases)
                        .ok(),
                    alias_owner,
                    topics: TopicWords::new(topics),
                })
            })
            .clone()
    }
}

// ---------------------------------------------------------------------------------------
// File format

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDe {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    person: Vec<PersonDe>,
    #[serde(default)]
    office: Vec<OfficeDe>,
    #[serde(default)]
    country: Vec<CountryDe>,
    #[serde(default)]
    event: Vec<EventDe>,
}

/// A dated event: `[[event]]` (see kb/README.md, "Events").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventDe {
    id: String,
    name: String,
    kind: String,
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    topic: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonDe {
    name: String,
    #[serde(default)]
    variants: Vec<String>,
    #[serde(default)]
    surnames: Vec<String>,
    #[serde(default)]
    shared_variant: bool,
    /// Free-text provenance note (kept in the file for readers; not used by the checks).
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeDe {
    id: String,
    country: String,
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default = "yes")]
    single: bool,
    /// Seniority, 1 (head of state or government) to 4 (junior minister, other); optional:
    /// without it the title words decide ([`rank::default_rank`]).
    #[serde(default)]
    rank: Option<rank::Rank>,
    #[serde(default)]
    holders: Vec<HolderDe>,
    /// Free-text provenance note (kept in the file for readers; not used by the checks).
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolderDe {
    name: String,
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    acting: bool,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryDe {
    code: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    wikidata: Vec<String>,
}

/// A problem found while loading or validating KB files.
#[derive(Debug, Clone, PartialEq)]
pub struct KbError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for KbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// The built-in KB files, embedded by `build.rs`: (file name, contents).
pub const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/kb_files.rs"));

/// The same files converted to JSON at build time (`null` for a file that does not parse).
const BUILTIN_JSON: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/kb_json.rs"));

fn parse_date(s: &str, file: &str, what: impl FnOnce() -> String) -> Result<NaiveDate, KbError> {
    if let Some(d) = parse_iso_date(s) {
        return Ok(d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| KbError {
        file: file.to_string(),
        message: format!("{}: `{s}` is not a YYYY-MM-DD date", what()),
    })
}

/// Fast path for the canonical `YYYY-MM-DD` form (every built-in date); anything else goes
/// through chrono, which also produces the error.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let y = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(y, num(5..7)?, num(8..10)?)
}

/// The built-in file whose `as_of` is the KB's global date (the fallback for files that
/// declare none).
const META_FILE: &str = "meta.toml";

/// A KB file's text parsed, errors with their line.
fn parse_file(file: &str, text: &str) -> Result<FileDe, KbError> {
    toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: ")
            })
            .unwrap_or_default();
        KbError {
            file: file.to_string(),
            message: format!("{at}{}", e.message()),
        }
    })
}

/// Builder that accumulates files before indexing.
#[derive(Default)]
pub struct KbBuilder {
    /// The global date: `kb/meta.toml`'s `as_of`.
    as_of: Option<NaiveDate>,
    persons: Vec<PersonDe>,
    /// Each office with its file and that file's own `as_of`.
    offices: Vec<(OfficeDe, String, Option<NaiveDate>)>,
    /// Office id -> position in `offices`.
    office_ix: FxHashMap<String, usize>,
    countries: Vec<CountryDe>,
    events: Vec<(EventDe, String)>,
}

impl KbBuilder {
    /// Add a KB file's text (a user file: its `as_of`, if any, dates its own offices).
    pub fn add_str(&mut self, file: &str, text: &str) -> Result<(), KbError> {
        let de = parse_file(file, text)?;
        self.add_de(file, de, false)
    }

    /// Add a parsed file. Its `as_of` (if any) dates its own offices; `global` makes it
    /// the KB's global date too (the built-in `kb/meta.toml`).
    fn add_de(&mut self, file: &str, de: FileDe, global: bool) -> Result<(), KbError> {
        let as_of = de
            .as_of
            .as_deref()
            .map(|a| parse_date(a, file, || "as_of".to_string()))
            .transpose()?;
        if global && as_of.is_some() {
            self.as_of = as_of;
        }
        self.persons.extend(de.person);
        for o in de.office {
            // A later file (user KB) replaces an office with the same id.
            match self.office_ix.get(&o.id) {
                Some(&i) => self.offices[i] = (o, file.to_string(), as_of),
                None => {
                    self.office_ix.insert(o.id.clone(), self.offices.len());
                    self.offices.push((o, file.to_string(), as_of));
                }
            }
        }
        self.countries.extend(de.country);
        for e in de.event {
            // A later file (user KB) replaces an event with the same id.
            match self.events.iter().position(|(x, _)| x.id == e.id) {
                Some(i) => self.events[i] = (e, file.to_string()),
                None => self.events.push((e, file.to_string())),
            }
        }
        Ok(())
    }

    /// Add a built-in file from its build-time JSON form (falls back to the TOML text).
    fn add_builtin(&mut self, name: &str, toml_text: &str, json: &str) -> Result<(), KbError> {
        let file = format!("kb/{name}");
        let de = match serde_json::from_str::<FileDe>(json) {
            Ok(de) => de,
            Err(_) => parse_file(&file, toml_text)?,
        };
        self.add_de(&file, de, name == META_FILE)
    }

    pub fn add_file(&mut self, path: &Path) -> Result<(), KbError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| KbError {
            file: name.clone(),
            message: format!("cannot read: {e}"),
        })?;
        self.add_str(&name, &text)
    }

    pub fn build(self) -> Result<Kb, KbError> {
        let mut persons = Vec::new();
        let mut person_ids: FxHashMap<String, PersonId> = FxHashMap::default();
        for p in self.persons {
            add_person(&mut persons, &mut person_ids, p);
        }
        let mut offices = Vec::with_capacity(self.offices.len());
        for (o, file, as_of) in self.offices {
            let mut office = build_office(o, file, &mut persons, &mut person_ids)?;
            office.as_of = as_of.or(self.as_of);
            offices.push(office);
        }
        let countries: Vec<Country> = self
            .countries
            .into_iter()
            .map(|c| Country {
                code: c.code,
                names: c.names,
                adjectives: c.adjectives,
                wikidata: c.wikidata,
            })
            .collect();
        let mut events = Vec::new();
        for (e, file) in self.events {
            events.push(build_event(e, file)?);
        }
        let mut kb = Kb {
            as_of: self.as_of,
            persons: persons.into(),
            offices: offices.into(),
            countries: countries.into(),
            events: events.into(),
            ..Default::default()
        };
        kb.index();
        Ok(kb)
    }
}

/// Add a declared person; a second declaration of the same name adds its variants and
/// surnames to the first.
fn add_person(
    persons: &mut Vec<Person>,
    person_ids: &mut FxHashMap<String, PersonId>,
    p: PersonDe,
) {
    match person_ids.get(&p.name) {
        Some(&id) => {
            let existing = &mut persons[id];
            for v in p.variants {
                if !existing.variants.contains(&v) {
                    existing.variants.push(v);
                }
            }
            for s in p.surnames {
                if !existing.surnames.contains(&s) {
                    existing.surnames.push(s);
                }
            }
        }
        None => {
            person_ids.insert(p.name.clone(), persons.len());
            persons.push(Person {
                name: p.name,
                variants: p.variants,
                surnames: p.surnames,
            });
        }
    }
}

/// An office with its terms sorted by start; an undeclared holder is declared implicitly
/// (validation flags it).
fn build_office(
    o: OfficeDe,
    file: String,
    persons: &mut Vec<Person>,
    person_ids: &mut FxHashMap<String, PersonId>,
) -> Result<Office, KbError> {
    let mut terms = Vec::with_capacity(o.holders.len());
    for h in o.holders {
        let what = || format!("office {} holder {}", o.id, h.name);
        let person = match person_ids.get(&h.name) {
            Some(&id) => id,
            None => {
                let id = persons.len();
                person_ids.insert(h.name.clone(), id);
                persons.push(Person {
                    name: h.name.clone(),
                    variants: vec![],
                    surnames: vec![],
                });
                id
            }
        };
        let start = parse_date(&h.start, &file, what)?;
        let end = h
            .end
            .as_deref()
            .map(|e| parse_date(e, &file, what))
            .transpose()?;
        terms.push(Term {
            person,
            start,
            end,
            acting: h.acting,
            source: h.source.unwrap_or_default(),
            note: h.note,
        });
    }
    terms.sort_by_key(|t| t.start);
    Ok(Office {
        id: o.id,
        country: o.country,
        title: o.title,
        aliases: o.aliases,
        single: o.single,
        rank: o.rank.map(|r| r.0),
        terms,
        origin: file,
        as_of: None,
    })
}

fn build_event(e: EventDe, file: String) -> Result<Event, KbError> {
    let what = || format!("event {}", e.id);
    let start = parse_date(&e.start, &file, what)?;
    let end = e
        .end
        .as_deref()
        .map(|d| parse_date(d, &file, what))
        .transpose()?;
    Ok(Event {
        id: e.id,
        name: e.name,
        kind: e.kind,
        start,
        end,
        aliases: e.aliases,
        topic: e.topic,
        nouns: e.nouns,
        source: e.source.unwrap_or_default(),
        origin: file,
    })
}

/// Validation problems of one event record.
fn event_problems(e: &EventDe, file: &str, ids: &mut HashMap<String, String>) -> Vec<KbError> {
    let mut out = Vec::new();
    let mut bad = |message: String| {
        out.push(KbError {
            file: file.to_string(),
            message,
        })
    };
    if let Some(prev) = ids.insert(format!("event:{}", e.id), file.to_string()) {
        bad(format!("event id `{}` also defined in {prev}", e.id));
    }
    if e.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
        bad(format!("event {}: no source", e.id));
    }
    if !EVENT_KINDS.contains(&e.kind.as_str()) {
        bad(format!(
            "event {}: kind `{}` is not one of {}",
            e.id,
            e.kind,
            EVENT_KINDS.join(", ")
        ));
    }
    if e.aliases.is_empty() {
        bad(format!("event {}: no aliases", e.id));
    }
    let what = || format!("event {}", e.id);
    match parse_date(&e.start, file, what) {
        Err(err) => out.push(err),
        Ok(start) => match e.end.as_deref().map(|d| parse_date(d, file, what)) {
            Some(Err(err)) => out.push(err),
            Some(Ok(end)) if end <= start => out.push(KbError {
                file: file.to_string(),
                message: format!("event {}: end {end} is not after start {start}", e.id),
            }),
            _ => {}
        },
    }
    out
}

impl Kb {
    /// Events whose name, id or an alias contains `query` (case-insensitive); all if empty.
    pub fn find_events(&self, query: &str) -> Vec<&Event> {
        let q = fold(query);
        self.events
            .iter()
            .filter(|e| {
                q.is_empty()
                    || fold(&e.id).contains(&q)
                    || fold(&e.name).contains(&q)
                    || e.aliases.iter().any(|a| fold(a).contains(&q))
            })
            .collect()
    }

    /// The built-in KB.
    pub fn builtin() -> Kb {
        Kb::load(&[]).unwrap_or_else(|e| panic!("built-in knowledge base is invalid: {e}"))
    }

    /// The built-in KB extended with user files.
    pub fn load(extra: &[&Path]) -> Result<Kb, KbError> {
        let mut b = KbBuilder::default();
        for ((name, text), (_, json)) in BUILTIN.iter().zip(BUILTIN_JSON) {
            b.add_builtin(name, text, json)?;
        }
        for p in extra {
            b.add_file(p)?;
        }
        b.build()
    }

    /// A KB of these files alone, without the built-in records (what `kb index` compiles).
    pub fn load_files(files: &[&Path]) -> Result<Kb, KbError> {
        let mut b = KbBuilder::default();
        for p in files {
            b.add_file(p)?;
        }
        b.build()
    }

    fn index(&mut self) {
        for id in 0..self.persons.len() {
            self.index_person(id);
        }
        for oid in 0..self.offices.len() {
            self.index_office(oid);
        }
        let mut by_qualifier = FxHashMap::default();
        for (cid, c) in self.countries.iter().enumerate() {
            for q in c
                .names
                .iter()
                .chain(&c.adjectives)
                .chain(std::iter::once(&c.code))
            {
                by_qualifier.insert(fold(q).replace('.', ""), cid);
            }
        }
        self.by_qualifier = std::sync::Arc::new(by_qualifier);
        self.by_office_id = std::sync::Arc::new(
            self.offices
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id.clone(), i))
                .collect(),
        );
        self.by_name.freeze();
        self.by_surname.freeze();
        self.by_alias.freeze();
        self.by_person.freeze();
    }

    /// The lookup keys of a person's names: every full name's [`name_key`] and every
    /// surname spelling's [`translit_key`], each once.
    pub fn person_keys(p: &Person) -> (Vec<String>, Vec<String>) {
        // Almost every key is new: a per-thread cache would only add work.
        let mut keys: Vec<String> = std::iter::once(&p.name)
            .chain(&p.variants)
            .map(|n| name_key_uncached(n))
            .collect();
        keys.sort();
        keys.dedup();
        let mut sk: Vec<String> = p.surname_spellings().map(translit_key_uncached).collect();
        sk.sort();
        sk.dedup();
        (keys, sk)
    }

    /// The lookup keys of an office's title and aliases ([`alias_key`]), each once.
    pub fn office_keys(o: &Office) -> Vec<String> {
        let mut al: Vec<String> = std::iter::once(&o.title)
            .chain(&o.aliases)
            .map(|a| alias_key(a))
            .collect();
        al.sort();
        al.dedup();
        al
    }

    fn index_person(&mut self, id: PersonId) {
        let (keys, sk) = Kb::person_keys(&self.persons[id]);
        for k in keys {
            self.by_name.push(k, id);
        }
        for k in sk {
            self.by_surname.push(k, id);
        }
    }

    fn index_office(&mut self, oid: OfficeId) {
        for a in Kb::office_keys(&self.offices[oid]) {
            self.by_alias.push(a, oid);
        }
        for ti in 0..self.offices[oid].terms.len() {
            let p = self.offices[oid].terms[ti].person;
            self.by_person.push(p, (oid, ti));
        }
    }

    /// This KB with records added: `persons` and `offices` whose terms' `person` index
    /// `persons`. A person whose name has the key of a person of this KB (the same name,
    /// transliteration aside: "Volodymyr Zelenskyy" for "Volodymyr Zelensky") is taken to be
    /// that person, whose record wins (its name and variants stay as they are; the added
    /// terms become theirs): the curated records are the people news copy means, and a
    /// namesake in a world index must not make them ambiguous. An office whose id this KB
    /// already has is left out (the explicit record wins). Only the first `named` persons
    /// are indexed by name (the others are holders known by their office, see
    /// [`world`]). The records of this KB are shared, not copied, so a story KB costs what
    /// it adds.
    pub fn with_records(&self, persons: Vec<Person>, named: usize, offices: Vec<Office>) -> Kb {
        let mut kb = self.clone();
        let mut ids = Vec::with_capacity(persons.len());
        for (i, p) in persons.into_iter().enumerate() {
            let same = self.persons_named(&p.name);
            let existing = same
                .iter()
                .copied()
                .find(|&q| self.persons[q].name == p.name)
                .or_else(|| same.first().copied());
            ids.push(match existing {
                Some(q) => q,
                None if i < named => {
                    let (keys, sk) = Kb::person_keys(&p);
                    let id = kb.persons.push(p);
                    for k in keys {
                        kb.by_name.add(k, id);
                    }
                    for k in sk {
                        kb.by_surname.add(k, id);
                    }
                    id
                }
                None => kb.persons.push(p),
            });
        }
        for mut o in offices {
            if self.office_by_id(&o.id).is_some() {
                continue;
            }
            for t in &mut o.terms {
                t.person = ids[t.person];
            }
            let keys = Kb::office_keys(&o);
            let terms: Vec<PersonId> = o.terms.iter().map(|t| t.person).collect();
            let oid = kb.offices.push(o);
            for a in keys {
                kb.by_alias.add(a, oid);
            }
            for (ti, p) in terms.into_iter().enumerate() {
                kb.by_person.add(p, (oid, ti));
            }
        }
        kb
    }

    /// Persons whose name or a full-name variant has this key (see [`name_key`]).
    pub fn persons_named(&self, name: &str) -> &[PersonId] {
        self.by_name.get(&name_key(name))
    }

    /// Persons with this surname (transliteration-insensitive).
    pub fn persons_with_surname(&self, surname: &str) -> &[PersonId] {
        self.by_surname.get(&translit_key(surname))
    }

    /// Offices with this title or alias (case-insensitive).
    pub fn offices_titled(&self, alias: &str) -> &[OfficeId] {
        self.by_alias.get(&alias_key(alias))
    }

    /// The office with this id, if this KB has it.
    pub fn office_by_id(&self, id: &str) -> Option<OfficeId> {
        self.by_office_id.get(id).copied()
    }

    /// Every term a person held: (office, term index).
    pub fn terms_of(&self, person: PersonId) -> &[(OfficeId, usize)] {
        self.by_person.get(&person)
    }

    /// A country or organisation from a qualifier word ("French", "U.S.", "Russia", "NATO").
    pub fn country_for(&self, qualifier: &str) -> Option<&Country> {
        self.by_qualifier
            .get(&fold(qualifier).replace('.', ""))
            .map(|&i| &self.countries[i])
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// All title forms (canonical titles and aliases), for the extractor's lexicon.
    pub fn all_aliases(&self) -> impl Iterator<Item = &str> {
        self.offices.iter().flat_map(|o| {
            std::iter::once(o.title.as_str()).chain(o.aliases.iter().map(String::as_str))
        })
    }

    /// All country qualifiers (names, adjectives, codes).
    pub fn all_qualifiers(&self) -> impl Iterator<Item = &str> {
        self.countries
            .iter()
            .flat_map(|c| c.names.iter().chain(&c.adjectives).map(String::as_str))
    }

    /// The offices a person holds on a date.
    pub fn offices_held(&self, person: PersonId, d: NaiveDate) -> Vec<(OfficeId, &Term)> {
        self.terms_of(person)
            .iter()
            .map(|&(o, t)| (o, &self.offices[o].terms[t]))
            .filter(|(_, t)| t.covers(d))
            .collect()
    }

    /// The office's rank, 1 the most senior: its own `rank`, else the default from its title
    /// words ([`rank::default_rank`]); `None` when neither gives one.
    pub fn office_rank(&self, o: OfficeId) -> Option<u8> {
        let off = &self.offices[o];
        off.rank.or_else(|| rank::default_rank(&off.title))
    }

    /// The rank to compare offices by: [`Kb::office_rank`], an unranked office counting as
    /// the least senior ([`rank::LEAST_SENIOR`]). Smaller is more senior.
    pub fn seniority(&self, o: OfficeId) -> u8 {
        self.office_rank(o).unwrap_or(rank::LEAST_SENIOR)
    }

    /// "Secretary of Defense (United States)".
    pub fn office_label(&self, o: OfficeId) -> String {
        let off = &self.offices[o];
        let c = self
            .country(&off.country)
            .map_or(off.country.as_str(), Country::display);
        format!("{} ({c})", off.title)
    }

    /// Count of holder records (for reports).
    pub fn term_count(&self) -> usize {
        self.offices.iter().map(|o| o.terms.len()).sum()
    }

    /// The newest `as_of` of the KB (its offices' and the global one): how current the
    /// freshest records are (`kb.max_age_days` measures from it).
    pub fn newest_as_of(&self) -> Option<NaiveDate> {
        self.offices
            .iter()
            .filter_map(|o| o.as_of)
            .chain(self.as_of)
            .max()
    }

    /// Per country code, each `as_of` of its offices with the number of offices that have
    /// it (an office without a date counts under `None`).
    pub fn as_of_by_country(
        &self,
    ) -> std::collections::BTreeMap<&str, std::collections::BTreeMap<Option<NaiveDate>, usize>>
    {
        let mut out: std::collections::BTreeMap<&str, std::collections::BTreeMap<_, usize>> =
            Default::default();
        for o in &self.offices {
            *out.entry(o.country.as_str())
                .or_default()
                .entry(o.as_of)
                .or_default() += 1;
        }
        out
    }

    /// Validation problems: end before start, missing source, overlapping terms of a
    /// single-holder office, duplicate office ids, undeclared holders, a full-name variant
    /// shared by two persons.
    pub fn validate_builtin() -> Vec<KbError> {
        let mut problems = Vec::new();
        let mut declared: HashMap<String, String> = HashMap::new();
        let mut variant_owner: HashMap<String, (String, bool)> = HashMap::new();
        let mut ids: HashMap<String, String> = HashMap::new();
        for (name, text) in BUILTIN {
            let file = format!("kb/{name}");
            let de: FileDe = match toml::from_str(text) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(KbError {
                        file,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            for p in &de.person {
                declared.insert(p.name.clone(), file.clone());
                problems.extend(variant_problems(p, &file, &mut variant_owner));
            }
            for e in &de.event {
                problems.extend(event_problems(e, &file, &mut ids));
            }
            for o in &de.office {
                problems.extend(office_problems(o, &file, &mut ids));
            }
        }
        problems.extend(undeclared_holders(&declared));
        problems
    }
}

/// A name of `p` (its own or a variant) that another person already has, unless one of
/// them marks it shared.
fn variant_problems(
    p: &PersonDe,
    file: &str,
    variant_owner: &mut HashMap<String, (String, bool)>,
) -> Vec<KbError> {
    let mut problems = Vec::new();
    for v in std::iter::once(&p.name).chain(&p.variants) {
        let k = name_key(v);
        match variant_owner.get(&k) {
            Some((owner, shared)) if owner != &p.name && !(*shared || p.shared_variant) => {
                problems.push(KbError {
                    file: file.to_string(),
                    message: format!("name `{v}` belongs to both `{owner}` and `{}` (mark shared_variant = true if intended)", p.name),
                });
            }
            Some(_) => {}
            None => {
                variant_owner.insert(k, (p.name.clone(), p.shared_variant));
            }
        }
    }
    problems
}

/// An office's problems: an id defined before, holders without a source or with bad
/// dates, overlapping terms of a single-holder office.
fn office_problems(o: &OfficeDe, file: &str, ids: &mut HashMap<String, String>) -> Vec<KbError> {
    let mut problems = Vec::new();
    if let Some(prev) = ids.insert(o.id.clone(), file.to_string()) {
        problems.push(KbError {
            file: file.to_string(),
            message: format!("office id `{}` also defined in {prev}", o.id),
        });
    }
    let mut spans = Vec::new();
    for h in &o.holders {
        match holder_span(o, h, file, &mut problems) {
            Some(span) if !h.acting => spans.push(span),
            _ => {}
        }
    }
    if o.single {
        spans.sort_by_key(|s| s.0);
        for w in spans.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if a.1.is_none_or(|e| e > b.0) {
                problems.push(KbError {
                    file: file.to_string(),
                    message: format!("office {}: terms of {} and {} overlap", o.id, a.2, b.2),
                });
            }
        }
    }
    problems
}

/// A holder's term (start, end, name), with its problems noted: no source, a bad date
/// (then no term), an end not after the start.
fn holder_span(
    o: &OfficeDe,
    h: &HolderDe,
    file: &str,
    problems: &mut Vec<KbError>,
) -> Option<(NaiveDate, Option<NaiveDate>, String)> {
    let what = format!("office {} holder {}", o.id, h.name);
    if h.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
        problems.push(KbError {
            file: file.to_string(),
            message: format!("{what}: no source"),
        });
    }
    let dates = parse_date(&h.start, file, || what.clone()).and_then(|start| {
        let end = h
            .end
            .as_deref()
            .map(|e| parse_date(e, file, || what.clone()))
            .transpose()?;
        Ok((start, end))
    });
    let (start, end) = match dates {
        Ok(d) => d,
        Err(e) => {
            problems.push(e);
            return None;
        }
    };
    if let Some(e) = end
        && e <= start
    {
        problems.push(KbError {
            file: file.to_string(),
            message: format!("{what}: end {e} is not after start {start}"),
        });
    }
    Some((start, end, h.name.clone()))
}

/// Office holders of the built-in files that are not declared as a `[[person]]`.
fn undeclared_holders(declared: &HashMap<String, String>) -> Vec<KbError> {
    let mut problems = Vec::new();
    for (name, text) in BUILTIN {
        let file = format!("kb/{name}");
        if let Ok(de) = toml::from_str::<FileDe>(text) {
            for o in &de.office {
                for h in &o.holders {
                    if !declared.contains_key(&h.name) {
                        problems.push(KbError {
                            file: file.clone(),
                            message: format!(
                                "office {} holder `{}` is not declared as a [[person]]",
                                o.id, h.name
                            ),
                        });
                    }
                }
            }
        }
    }
    problems
}

/// Normal form of a title alias for lookup: folded, periods and hyphens to spaces,
/// single spaces, "advisor" = "adviser", "defence" = "defense", "spokes*" = "spokesperson".
pub fn alias_key(alias: &str) -> String {
    let f = fold(alias).replace(['.', '-', '’', '\''], " ");
    f.split_whitespace()
        .map(|w| {
            RESPELLINGS
                .iter()
                .find(|(written, _)| *written == w)
                .map_or(w, |(_, key)| key)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words [`alias_key`] respells, with their keys.
pub const RESPELLINGS: &[(&str, &str)] = &[
    ("advisor", "adviser"),
    ("defence", "defense"),
    ("spokesman", "spokesperson"),
    ("spokeswoman", "spokesperson"),
    ("programme", "program"),
];

#[cfg(test)]
mod tests {
    use super::TopicWords;

    #[test]
    fn topic_words_are_counted_as_whole_words_even_inside_longer_ones() {
        let words = TopicWords::new([
            ("Ukraine", 0),
            ("Ukraine's", 0),
            ("Ukrainian", 0),
            ("Ukrainians", 0),
            ("Gaza", 1),
            ("Kyiv", 0),
            ("Kyiv", 2),
        ]);
        let mut counts = [0; 3];
        let text = "Ukraine's Ukrainians, (Ukraine) KyivUkraine éGaza Gaza. Kyiv—Gazan";
        words.count(text, &mut counts);
        // "Ukraine's": both words whole; "Ukrainians": only the longer one; "(Ukraine)";
        // "KyivUkraine" and "éGaza" have a letter at one side; "Gaza."; "Kyiv—" for both
        // events that name it; "Gazan" is another word.
        assert_eq!(counts, [5, 1, 1]);
        // A word found inside a longer one that starts earlier and ends later: the
        // search reports the longer, and "Hamas" inside it is still counted once whole.
        let nested = TopicWords::new([("Hamas", 0), ("Hamas-run", 1), ("as-r", 2)]);
        let mut n = [0; 3];
        nested.count("Hamas-run Hamas", &mut n);
        assert_eq!(n, [2, 1, 0]);
        let mut none = [0; 3];
        TopicWords::default().count(text, &mut none);
        assert_eq!(none, [0, 0, 0]);
    }
}
