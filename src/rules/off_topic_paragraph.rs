#![doc = include_str!("../../docs/rules/off-topic-paragraph.md")]

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet, FxHashSet as HashSet};

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, FixKind, Severity};
use crate::document::BlockKind;
use crate::facts::{self, Facts};
use crate::text::{fold, strip_possessive, translit_key, zipf};
use crate::topic::{Term, content_terms, content_weight, is_glued};

pub struct OffTopicParagraph;

pub const ID: &str = super::ids::OFF_TOPIC_PARAGRAPH;

/// Paragraphs shorter than this (in words) are never judged: captions, datelines,
/// "Share This Article" residue.
pub const MIN_WORDS: usize = 25;

/// Without sources, a draft shorter than this (in words) is too little story to tell a
/// pasted paragraph from background: the rule stays silent.
pub const MIN_DRAFT_WORDS_ALONE: usize = 400;

/// A paragraph signed by an agency after a dash is a caption below this many words.
const CAPTION_WORDS: usize = 60;
/// Thresholds (score, foreign names) when the paragraph carries its own date or weekday.
const ANCHORED: (f32, usize) = (0.77, 2);
/// ... when it carries none: only overwhelming evidence counts.
const UNANCHORED: (f32, usize) = (1.15, 3);
/// ... without sources (the rest of the draft is the only reference).
const ALONE: (f32, usize) = (1.1, 4);
/// A paragraph with this share of its words inside quotation marks is a quote or a
/// reaction: its vocabulary is the speaker's, not evidence of another story.
const MAX_QUOTED: f32 = 0.3;

/// Title words and honorifics: they say what someone is, not which story they are in.
const TITLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chief",
    "chair",
    "chairman",
    "chairwoman",
    "speaker",
    "madam",
    "rep",
    "sen",
    "sec",
    "leader",
    "minority",
    "majority",
    "prime",
    "deputy",
    "vice",
    "general",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commissioner",
    "director",
    "head",
    "king",
    "queen",
    "prince",
    "emir",
    "sheikh",
    "sultan",
    "pope",
    "judge",
    "justice",
    "senator",
    "representative",
    "lieutenant",
    "colonel",
    "major",
    "captain",
    "sergeant",
    "admiral",
    "marshal",
    "commander",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "lady",
    "dame",
];

impl Rule for OffTopicParagraph {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "a paragraph whose subject belongs to another story"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/off-topic-paragraph.md")
    }
    fn whole_paragraphs(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let paras = prose_paragraphs(cx);
        let story = Story::new(cx, &paras);
        let has_sources = !cx.sources.is_empty();
        if story.judged < 3 {
            return; // too little story to compare against
        }
        if !has_sources && story.words < MIN_DRAFT_WORDS_ALONE {
            return;
        }
        for (i, t) in story.paras {
            if t.words < MIN_WORDS || !story.may_fire(cx, t, has_sources) {
                continue;
            }
            let Some(e) = story.evidence(cx, *i, t) else {
                continue;
            };
            if !e.fires(has_sources) {
                continue;
            }
            out.push(diagnostic(cx, *i, &e, has_sources, self.default_severity()));
        }
    }
}

/// A judged paragraph's content terms (offsets relative to its start) and word count.
struct Para {
    terms: Facts<facts::Terms>,
    words: usize,
}

/// Prose paragraphs (index into `doc.paragraphs`) and their terms.
fn prose_paragraphs(cx: &Context) -> Vec<(usize, Para)> {
    (0..cx.doc.paragraphs.len())
        .filter(|&i| cx.doc.paragraphs[i].kind != BlockKind::Heading)
        .map(|i| {
            let words = cx.facts::<facts::Shape>(i).first().map_or(0, |s| s.words);
            let terms = cx.facts::<facts::Terms>(i);
            (i, Para { terms, words })
        })
        .collect()
}

/// What the rest of the story (draft, headings, sources) knows.
struct Story<'a> {
    /// Prose paragraphs (index into `doc.paragraphs`) and their terms.
    paras: &'a [(usize, Para)],
    /// How many draft paragraphs use each stem.
    draft_df: HashMap<&'a str, usize>,
    /// How many draft paragraphs use each written word form (folded, no possessive).
    form_df: HashMap<&'a str, usize>,
    heading_terms: HashSet<String>,
    /// How many paragraphs (headings too) name a person with this surname key.
    people_df: HashMap<String, usize>,
    /// Surname keys of each paragraph (see `surname_keys`), by paragraph index.
    people: Vec<Vec<(String, bool)>>,
    /// Acronyms written in the draft ("NATO", "CDU").
    acronyms: HashSet<String>,
    /// Words of people's names (see `person_words`).
    person_words: HashSet<String>,
    judged: usize,
    words: usize,
}

/// The evidence a paragraph belongs to another story.
struct Evidence {
    ratio: f32,
    score: f32,
    foreign_propers: usize,
    propers: usize,
    /// Names a person the rest of the draft names too.
    about_story_people: bool,
    /// Carries its own date or weekday.
    anchored: bool,
    /// Foreign words, heaviest first.
    top: Vec<String>,
}

impl Evidence {
    fn fires(&self, has_sources: bool) -> bool {
        let (min_score, min_propers) = if !has_sources {
            if self.about_story_people || !self.anchored {
                return false;
            }
            ALONE
        } else if self.anchored {
            ANCHORED
        } else if self.about_story_people {
            return false;
        } else {
            UNANCHORED
        };
        self.score >= min_score && self.foreign_propers >= min_propers
    }
}

impl<'a> Story<'a> {
    fn new(cx: &Context, paras: &'a [(usize, Para)]) -> Story<'a> {
        let doc = cx.doc;
        let n: usize = paras.iter().map(|(_, t)| t.terms.len()).sum();
        let mut draft_df: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        let mut form_df: HashMap<&str, usize> =
            HashMap::with_capacity_and_hasher(n, Default::default());
        // Each paragraph counts a stem or form once.
        let mut stems: FxHashSet<&str> = FxHashSet::default();
        let mut forms: FxHashSet<&str> = FxHashSet::default();
        for (_, t) in paras {
            stems.clear();
            forms.clear();
            for x in t.terms.iter() {
                if stems.insert(x.stem()) {
                    *draft_df.entry(x.stem()).or_default() += 1;
                }
                if forms.insert(x.lower()) {
                    *form_df.entry(x.lower()).or_default() += 1;
                }
            }
        }
        let person_words = person_words(cx);
        let people: Vec<Vec<(String, bool)>> = (0..doc.paragraphs.len())
            .map(|i| surname_keys(cx, i, &person_words))
            .collect();
        let mut people_df: HashMap<String, usize> = HashMap::default();
        for keys in &people {
            let keys: FxHashSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
            for k in keys {
                *people_df.entry(k.to_string()).or_default() += 1;
            }
        }
        let acronyms = paras
            .iter()
            .flat_map(|(i, t)| {
                let at = doc.paragraphs[*i].range.start;
                t.terms
                    .iter()
                    .map(move |x| &doc.text[x.range.start + at..x.range.end + at])
            })
            .filter(|w| is_acronym(w))
            .map(str::to_string)
            .collect();
        Story {
            judged: paras.iter().filter(|(_, t)| t.words >= MIN_WORDS).count(),
            words: paras.iter().map(|(_, t)| t.words).sum(),
            heading_terms: heading_terms(cx),
            person_words,
            paras,
            draft_df,
            form_df,
            people_df,
            people,
            acronyms,
        }
    }

    /// Whether paragraph `t` has enough names unknown to the rest of the story to reach the
    /// lowest bar for foreign names ([`ANCHORED`] with sources, [`ALONE`] without): a bound
    /// taken before the full scoring, which it never changes.
    fn may_fire(&self, cx: &Context, t: &Para, has_sources: bool) -> bool {
        let need = if has_sources { ANCHORED.1 } else { ALONE.1 };
        let mut unknown: Vec<&str> = Vec::with_capacity(need);
        for term in t.terms.iter().filter(|x| x.proper) {
            if !self.proper_known(cx, term) && !unknown.contains(&term.stem()) {
                unknown.push(term.stem());
                if unknown.len() >= need {
                    return true;
                }
            }
        }
        false
    }

    /// Scores paragraph `i`; `None` for paragraphs that are not judged at all: quotes and
    /// reactions, photo captions, embedded posts.
    fn evidence(&self, cx: &Context, i: usize, t: &Para) -> Option<Evidence> {
        let doc = cx.doc;
        let p = &doc.paragraphs[i];
        let text = &doc.text[p.range.clone()];
        if is_caption_or_post(text) {
            return None;
        }
        let quotes = quote_spans(text);
        let quoted = t
            .terms
            .iter()
            .filter(|x| quotes.iter().any(|q| q.contains(&x.range.start)))
            .count();
        if quoted as f32 >= MAX_QUOTED * t.terms.len().max(1) as f32 {
            return None;
        }
        let own: FxHashSet<&str> = t.terms.iter().map(|x| x.stem()).collect();
        let spans = cx.facts::<facts::TitleSpans>(i);
        let mut scored = Scored::default();
        for (k, term) in t.terms.iter().enumerate() {
            let word = &text[term.range.clone()];
            if quotes.iter().any(|q| q.contains(&term.range.start))
                || self.is_non_evidence(text, &t.terms, &spans, k)
            {
                continue;
            }
            let known = if term.proper {
                self.proper_known(cx, term)
            } else {
                self.draft_df.get(term.stem()).copied().unwrap_or(0)
                    > usize::from(own.contains(term.stem()))
                    || self.known_elsewhere(cx, term.stem())
            };
            let person = term.proper
                && (cx.extractor.is_known_name_word(word)
                    || self.person_words.contains(term.lower()));
            scored.add(term, word, person, known);
        }
        // Another paragraph (or a heading) names the same person; or the paragraph opens
        // on a pronoun ("She attended …", "Education: She …") and so goes on about the
        // person the paragraph right before it names.
        let names_story_person = |j: usize| {
            self.people[j]
                .iter()
                .any(|(k, named)| *named && self.people_df.get(k).copied().unwrap_or(0) > 1)
        };
        let about_story_people =
            names_story_person(i) || (i > 0 && opens_on_pronoun(text) && names_story_person(i - 1));
        scored.finish(about_story_people, anchor_re().is_match(text))
    }

    /// A name is known when another paragraph writes the same form, or the sources or the
    /// headings use its stem.
    fn proper_known(&self, cx: &Context, term: &Term) -> bool {
        self.form_df.get(term.lower()).copied().unwrap_or(0) > 1
            || self.known_elsewhere(cx, term.stem())
    }

    fn known_elsewhere(&self, cx: &Context, stem: &str) -> bool {
        cx.sources.vocabulary.contains_key(stem) || self.heading_terms.contains(stem)
    }

    /// Terms that say nothing about which story a paragraph belongs to: title words,
    /// datelines and agency tags, the spelled-out words of an acronym the draft uses,
    /// words glued together by a lost space, and a word cut off at the end of the copy.
    fn is_non_evidence(
        &self,
        text: &str,
        terms: &[Term],
        title_spans: &[Range<usize>],
        k: usize,
    ) -> bool {
        let term = &terms[k];
        let word = &text[term.range.clone()];
        let (bare, _) = strip_possessive(word);
        if is_glued(bare) {
            return true;
        }
        if k + 1 == terms.len()
            && zipf(term.lower()) == 0.0
            && !text
                .trim_end()
                .ends_with(['.', '!', '?', '”', '"', '’', ')', ']'])
        {
            return true;
        }
        if !term.proper {
            return false;
        }
        let in_title = title_spans
            .iter()
            .any(|s| s.start <= term.range.start && term.range.end <= s.end);
        if in_title || TITLE_WORDS.contains(&term.lower()) {
            return true;
        }
        is_dateline(text, terms, k) || self.spells_out_acronym(text, terms, k)
    }

    /// Is term `k` one of the words whose initials spell an acronym the draft uses
    /// ("Christian Democratic Union" next to "CDU")?
    fn spells_out_acronym(&self, text: &str, terms: &[Term], k: usize) -> bool {
        let initial = |j: usize| text[terms[j].range.clone()].chars().next();
        self.acronyms.iter().any(|a| {
            let n = a.chars().count();
            (k.saturating_sub(n - 1)..=k).any(|s| {
                s + n <= terms.len()
                    && (s..s + n).all(|j| initial(j).is_some_and(char::is_uppercase))
                    && (s..s + n).filter_map(initial).eq(a.chars())
            })
        })
    }
}

/// Running weights of one paragraph.
#[derive(Default)]
struct Scored<'t> {
    total: f32,
    foreign: f32,
    propers: HashSet<&'t str>,
    foreign_propers: HashSet<&'t str>,
    foreign_terms: BTreeMap<String, (f32, usize)>,
}

impl<'t> Scored<'t> {
    fn add(&mut self, term: &'t Term, word: &str, person: bool, known: bool) {
        // People move between stories; places, institutions and subjects don't. Known
        // people's names weigh little and are not counted as names here. Common words
        // weigh by their rarity in general English: everyday words say nothing.
        let w = if person {
            term.weight * 0.3
        } else if term.proper {
            term.weight * 1.5
        } else {
            content_weight(term.lower())
        };
        self.total += w;
        if person {
            if !known {
                self.foreign += w;
            }
            return;
        }
        if term.proper {
            self.propers.insert(term.stem());
        }
        if !known {
            self.foreign += w;
            if term.proper {
                self.foreign_propers.insert(term.stem());
            }
            let e = self
                .foreign_terms
                .entry(word.to_string())
                .or_insert((0.0, term.range.start));
            e.0 += w;
        }
    }

    fn finish(self, about_story_people: bool, anchored: bool) -> Option<Evidence> {
        if self.total <= 0.0 {
            return None;
        }
        let ratio = self.foreign / self.total;
        let proper_ratio = if self.propers.is_empty() {
            0.0
        } else {
            self.foreign_propers.len() as f32 / self.propers.len() as f32
        };
        // Share of foreign content, plus a bonus for foreign names (places, institutions):
        // one or two unfamiliar names are colour; three or more are another story.
        let score = ratio + 0.3 * proper_ratio * (self.foreign_propers.len() as f32 / 3.0).min(1.0);
        let mut top: Vec<(String, f32, usize)> = self
            .foreign_terms
            .into_iter()
            .map(|(w, (s, at))| (w, s, at))
            .collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
        Some(Evidence {
            ratio,
            score,
            foreign_propers: self.foreign_propers.len(),
            propers: self.propers.len(),
            about_story_people,
            anchored,
            top: top.into_iter().take(8).map(|(w, _, _)| w).collect(),
        })
    }
}

/// Does the paragraph open on a personal pronoun ("She attended …"), after at most a
/// three-word label ("Education: She …")? It then refers back to someone named before.
fn opens_on_pronoun(text: &str) -> bool {
    let pronoun = |t: &str| {
        let first = t
            .split_whitespace()
            .next()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
        matches!(first, Some("He" | "She" | "His" | "Her" | "They" | "Their"))
    };
    pronoun(text)
        || text
            .split_once(':')
            .is_some_and(|(label, rest)| label.split_whitespace().count() <= 3 && pronoun(rest))
}

/// Folded word form without a possessive.
fn form(word: &str) -> String {
    fold(strip_possessive(word).0)
}

fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (3..=6).contains(&n) && w.chars().all(|c| c.is_ascii_uppercase())
}

/// Surname keys of the people named in paragraph `i`, each with whether the name is a
/// person's for sure: a name the KB knows, or one the draft gives with a title or in full
/// with a known surname (`person_words`).
fn surname_keys(cx: &Context, i: usize, person_words: &HashSet<String>) -> Vec<(String, bool)> {
    let at = cx.doc.paragraphs[i].range.start;
    let text = &cx.doc.text;
    let shifted = |r: &Range<usize>| &text[r.start + at..r.end + at];
    let titles = cx.facts::<facts::Titles>(i);
    let names = cx.facts::<facts::Names>(i);
    titles
        .iter()
        .map(|m| &m.name)
        .chain(names.iter())
        .filter_map(|n| {
            let last = shifted(n.words.last()?);
            let named = person_words.contains(&form(last))
                || n.words
                    .iter()
                    .any(|w| cx.extractor.is_known_name_word(shifted(w)))
                || after_title_word(&text[..n.range.start + at])
                || (n.words.len() >= 2
                    && TITLE_WORDS.contains(&shifted(&n.words[0]).to_lowercase().as_str()));
            Some((translit_key(last), named))
        })
        .collect()
}

/// Does the text end with a title word and a space ("Pope ", "King ", "Sheikh ")? The
/// name after it (like a name that starts with one, "Pope Francis") is a person's, even
/// one the knowledge base does not know.
fn after_title_word(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let word = rest
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        && TITLE_WORDS.contains(&word.to_lowercase().as_str())
}

/// Stems of the headings and the title: they belong to the story too.
fn heading_terms(cx: &Context) -> HashSet<String> {
    let doc = cx.doc;
    let mut out: HashSet<String> = HashSet::default();
    for (i, _) in doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == BlockKind::Heading)
    {
        out.extend(
            cx.facts::<facts::Terms>(i)
                .iter()
                .map(|t| t.stem().to_string()),
        );
    }
    if let Some(title) = doc.front_matter.as_ref().and_then(|f| f.title.as_deref()) {
        out.extend(
            content_terms(title, 0..title.len())
                .terms
                .into_iter()
                .map(|t| t.stem().to_string()),
        );
    }
    out
}

/// Words of people's names: names with a title, and full names whose surname is a known
/// person's ("Melania Trump"), case-folded.
fn person_words(cx: &Context) -> HashSet<String> {
    let text = &cx.doc.text;
    let titles = cx.titles();
    let titled_surnames: HashSet<String> = titles
        .iter()
        .map(|m| translit_key(m.name.surname(text)))
        .collect();
    let fold_words = |ws: &[Range<usize>]| -> Vec<String> {
        ws.iter().map(|w| fold(&text[w.clone()])).collect()
    };
    let mut out: HashSet<String> = titles
        .iter()
        .flat_map(|m| fold_words(&m.name.words))
        .collect();
    for n in cx.names() {
        let last = n.surname(text);
        if n.words.len() >= 2
            && (cx.extractor.is_known_name_word(last)
                || titled_surnames.contains(&translit_key(last))
                || introduced_as_person(text, n))
        {
            out.extend(fold_words(&n.words));
        }
    }
    out
}

/// A full name its sentence introduces as a person: a speaker or thinker ("said Lway Yal
/// Oo", "… Oo said", "… Zaw initially thought") or an age ("30-year-old Phyu Lay Khaing",
/// "aged 52, …", "…, 52,"). An apposition does not tell a person from a place ("Naung Lin,
/// a village in …").
fn introduced_as_person(text: &str, n: &crate::extract::NameMention) -> bool {
    const SAID_BEFORE: &[&str] = &["said", "says", "told", "asked", "added"];
    const SAID_AFTER: &[&str] = &[
        "said",
        "says",
        "told",
        "recalled",
        "recounted",
        "thought",
        "remembered",
        "explained",
        "wrote",
        "added",
    ];
    let (Some(first), Some(last)) = (n.words.first(), n.words.last()) else {
        return false;
    };
    // Before: "said X", "30-year-old X", "aged 30, X".
    let head = &text[..first.start];
    let trimmed = head.trim_end();
    if trimmed.len() < head.len() {
        let h = trimmed.strip_suffix([',', ':']).unwrap_or(trimmed);
        let mut words = h.rsplit(char::is_whitespace);
        let w = words.next().unwrap_or("");
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let last_word = w
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if SAID_BEFORE.contains(&last_word)
            || w.strip_suffix("-year-old")
                .is_some_and(|p| p.ends_with(|c: char| c.is_ascii_digit()))
            || (digits(w) && words.next() == Some("aged"))
        {
            return true;
        }
    }
    let tail = &text[last.end..];
    // After: "X said", "X initially thought".
    if tail.starts_with(char::is_whitespace) {
        let word = |w: &str| {
            w.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        };
        let mut words = tail.split_whitespace().map(word);
        let mut w = words.next().unwrap_or_default();
        if w.len() > 2 && w.ends_with("ly") && w.chars().all(char::is_lowercase) {
            w = words.next().unwrap_or_default();
        }
        return SAID_AFTER.contains(&w.as_str());
    }
    // After: an age in commas, "X, 52,". (Not an apposition: "Naung Lin, a village in …"
    // is a place.)
    let Some(rest) = tail.strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start();
    let age = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&age) && rest[age..].starts_with(',')
}

/// A dateline or agency tag: an all-capitals word opening the paragraph before a dash,
/// comma or full stop ("WASHINGTON —", "BERLIN, May 6."), or an all-capitals word in
/// slashes or parentheses near the start ("/TASS/", "(AP)").
fn is_dateline(text: &str, terms: &[Term], k: usize) -> bool {
    let r = &terms[k].range;
    let word = &text[r.clone()];
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || word.chars().any(char::is_lowercase) {
        return false;
    }
    let after = text[r.end..].trim_start_matches(' ');
    let before = text[..r.start].chars().next_back();
    (k <= 1 && letters >= 3 && after.starts_with(['—', '–', '-', ',', '.', '(']))
        || (k <= 4 && matches!(before, Some('/' | '(')) && after.starts_with(['/', ')']))
}

/// Photo captions and embedded social-media posts describe the story's pictures and
/// reactions; their names are not another story's. A caption names a photo near its start
/// or ends on a credit ("… June 24, 2025. Photo: Reuters").
fn is_caption_or_post(text: &str) -> bool {
    // A short paragraph signed with an agency's name after a dash ("… on December 25,
    // 2022. — AFP", "— Reuters/File"): a photo caption.
    static SIGNED: OnceLock<Regex> = OnceLock::new();
    let signed = SIGNED.get_or_init(|| {
        Regex::new(
            r"[—–-]\s*(?:AFP|Reuters|AP|EPA|EPA-EFE|Xinhua|Anadolu|Getty Images|APP|PPI|Online|INP)(?:/File)?\s*$",
        )
        .expect("static regex")
    });
    if text.split_whitespace().count() < CAPTION_WORDS && signed.is_match(text.trim_end()) {
        return true;
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)(?-u:\b)(photo|photograph|pictured|handout|file image)(?-u:\b)",
            r"|pic\.twitter\.com|https?://t\.co/|\(@\w+\)",
        ))
        .expect("static regex")
    });
    let chars = text.chars().count();
    let head_end = text.char_indices().nth(150).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .nth(chars.saturating_sub(40))
        .map_or(0, |(i, _)| i);
    re.find_iter(text).any(|m| {
        m.start() < head_end
            || m.start() >= tail_start
            || !m.as_str().starts_with(char::is_alphabetic)
    })
}

/// Byte ranges of quotations (“…”, "…"), relative to `text`; an unclosed quote runs to the
/// end of the paragraph.
fn quote_spans(text: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#"“[^”]*”?|"[^"]*"?"#).expect("static regex"));
    re.find_iter(text).map(|m| m.range()).collect()
}

/// A date or weekday: the paragraph reports an event of its own day.
fn anchor_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?-u:\b)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
            r"|(?-u:\b)(January|February|March|April|May|June|July|August|September|October|November|December",
            r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d{1,2}(?-u:\b)",
            r"|(?-u:\b)\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)",
        ))
        .expect("static regex")
    })
}

fn diagnostic(
    cx: &Context,
    i: usize,
    e: &Evidence,
    has_sources: bool,
    severity: Severity,
) -> Diagnostic {
    let doc = cx.doc;
    let p = &doc.paragraphs[i];
    let against = if has_sources {
        "the rest of the draft and the sources"
    } else {
        "the rest of the draft"
    };
    let msg = format!(
        "paragraph looks off-topic: {:.0}% of its content and {} of its {} names are foreign to {against} ({})",
        e.ratio * 100.0,
        e.foreign_propers,
        e.propers,
        e.top.join(", ")
    );
    let mut d = Diagnostic::new(ID, severity, p.range.clone(), msg);
    // Delete the paragraph with the blank line that separates it from the next (or, for
    // the last paragraph, the one before it).
    let mut end = p.range.end;
    let rest = &doc.text[end..];
    end += rest.len() - rest.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    if end == doc.text.len() {
        let before = &doc.text[..p.range.start];
        let start = before.trim_end_matches(['\n', '\r', ' ', '\t']).len();
        let keep_nl = if doc.text.ends_with('\n') { "\n" } else { "" };
        d.fixes.push(Fix::replace(
            FixKind::DeleteParagraph,
            "Delete the paragraph",
            start..doc.text.len(),
            keep_nl,
        ));
    } else {
        d.fixes.push(Fix::delete(
            FixKind::DeleteParagraph,
            "Delete the paragraph",
            p.range.start..end,
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{assert_count, check_with_sources, findings};

    const SOURCE: &str = "Farmers in the Loire valley began the grape harvest early this year \
        after a hot summer, winemakers said. The cooperative in Saumur expects lower yields but \
        high sugar levels in the grapes. Growers blamed drought and hail storms in June for \
        losses in several vineyards around Angers and Tours.\n";

    const HARVEST: &str = "Winemakers in the Loire valley started the grape harvest two weeks \
        early after a hot, dry summer, the cooperative in Saumur said on Monday, warning of \
        lower yields but unusually sweet grapes this year.\n\n\
        Growers around Angers and Tours lost parts of their vineyards to hail storms in June, \
        and drought since July has shrunk the grapes, several winemakers said, though the sugar \
        levels please the cooperative.\n\n";

    const CELLARS: &str = "The cooperative in Saumur said the early harvest would give \
        winemakers more time in the cellars, and growers expect prices for Loire grapes to rise \
        after the losses to drought and hail this summer.\n";

    #[test]
    fn a_paragraph_opening_on_a_pronoun_goes_on_about_the_person_before_it() {
        let src = "Mayor Anna Lindqvist opened the new tram line in Uppsala, the city council \
                   said. Lindqvist said the tram would cut commuting times across the city.\n";
        let draft = |bio: &str| {
            format!(
                "Mayor Anna Lindqvist opened the new tram line in Uppsala, the city council \
                 said, promising shorter commutes for thousands of residents who travel from \
                 the suburbs to the centre every day.\n\n\
                 Lindqvist said the tram would cut commuting times across the city and that \
                 the council would extend the line to the hospital and the university campus \
                 once the first section had proved itself.\n\n\
                 {bio}\n\n\
                 The council expects the tram line to carry commuters across the city within \
                 a year, Lindqvist said, and the hospital extension to follow once the budget \
                 for the next stage has been approved.\n"
            )
        };
        let bio = "attended Katedralskolan, the Sorbonne, Heidelberg, Bologna, Salamanca and \
                   Coimbra, rowing at Henley, fencing in Padua, sailing off Gdansk, skiing near \
                   Zermatt and Kitzbuhel, hiking in Snowdonia and Connemara, and climbing \
                   Kilimanjaro.";
        let f = |text: &str| findings(super::ID, &draft(text), "2025-09-01", &[("a.txt", src)]);
        // "Education: She …" right after a paragraph that names her: her biography.
        assert!(f(&format!("Education: She {bio}")).is_empty());
        assert!(f(&format!("She {bio}")).is_empty());
        // The same words about others: another story's places.
        let d = f(&format!("Education: Students {bio}"));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(opens_on_pronoun("Private life: Her husband …"));
        assert!(opens_on_pronoun("She said: the council agreed."));
        assert!(!opens_on_pronoun("The long and winding road: she …"));
    }

    #[test]
    fn a_pasted_paragraph_from_another_story() {
        let draft = format!(
            "{HARVEST}«The Bundesliga club sacked its goalkeeper coach on Saturday after a derby \
             defeat in Dortmund, the striker told a stadium podcast, adding that the referee and \
             the penalty shootout had decided the championship.»\n\n{CELLARS}"
        );
        check_with_sources(
            super::ID,
            &draft,
            "2025-09-01",
            &[("001_src.txt", SOURCE)],
            &[
                "paragraph looks off-topic: 100% of its content and 2 of its 2 names are foreign \
                 to the rest of the draft and the sources (Bundesliga, Dortmund, shootout, \
                 sacked, goalkeeper, referee, striker, derby)",
            ],
        );
    }

    #[test]
    fn people_introduced_as_witnesses_are_not_another_storys_names() {
        // Unknown names with nothing saying who they are: they count as foreign names.
        let named = format!(
            "{HARVEST}«On Saturday the rumbling hailstorm shredded the trellises and the \
             smallholding of Tamsin Okoro and Kemi Adeyemi, whose tractor shed collapsed onto \
             a cart while the orchard dogs barked at the lightning.»\n\n{CELLARS}"
        );
        check_with_sources(
            super::ID,
            &named,
            "2025-09-01",
            &[("001_src.txt", SOURCE)],
            &[
                "paragraph looks off-topic: 100% of its content and 3 of its 3 names are foreign \
               to the rest of the draft and the sources (Tamsin, Okoro, Adeyemi, rumbling, \
               hailstorm, trellises, smallholding, barked)",
            ],
        );
        // The same people introduced as a speaker and by their age: people of the story.
        let witnesses = format!(
            "{HARVEST}On Saturday the rumbling hailstorm shredded the trellises of her \
             smallholding, said Tamsin Okoro, a smallholder near the river, and her neighbour \
             Kemi Adeyemi, 52, watched the tractor shed collapse onto a cart while the orchard \
             dogs barked at the lightning.\n\n{CELLARS}"
        );
        check_with_sources(
            super::ID,
            &witnesses,
            "2025-09-01",
            &[("001_src.txt", SOURCE)],
            &[],
        );
    }

    /// The mention of the two-word name `name` in `text`.
    fn mention(text: &str, name: &str) -> crate::extract::NameMention {
        let at = text.find(name).unwrap_or(0);
        let first = name.find(' ').unwrap_or(name.len());
        crate::extract::NameMention {
            range: at..at + name.len(),
            words: vec![at..at + first, at + first + 1..at + name.len()],
            text: name.to_string(),
            possessive: false,
        }
    }

    #[test]
    fn a_sentence_introduces_a_person_by_speech_thought_age_or_apposition() {
        let yes = [
            "“It fell,” said Lway Oo.",
            "the quake—30-year-old Phyu Khaing was pulled out.",
            "Among them, aged 52, Kemi Adeyemi.",
            "Chit Zaw initially thought it was a truck.",
            "Chit Zaw said it shook.",
            "Lway Oo, 52, fled.",
        ];
        for t in yes {
            let name = ["Lway Oo", "Phyu Khaing", "Kemi Adeyemi", "Chit Zaw"]
                .into_iter()
                .find(|n| t.contains(n))
                .unwrap_or_default();
            assert!(introduced_as_person(t, &mention(t, name)), "{t}");
        }
        let no = [
            "Rescuers reached Sky Villa on Friday.",
            "Bombs fell on Naung Lin, a village in Shan State.",
            "The 12-story Sky Villa collapsed.",
            "Naung Lin hosted the camp.",
        ];
        for t in no {
            let name = ["Sky Villa", "Naung Lin"]
                .into_iter()
                .find(|n| t.contains(n))
                .unwrap_or_default();
            assert!(!introduced_as_person(t, &mention(t, name)), "{t}");
        }
    }

    #[test]
    fn too_little_story_to_judge() {
        let draft = format!("{HARVEST}Share This Article\n");
        assert_count(super::ID, &draft, "2025-09-01", 0);
    }

    fn terms(text: &str) -> crate::topic::Terms {
        content_terms(text, 0..text.len())
    }

    fn index_of(text: &str, t: &crate::topic::Terms, word: &str) -> usize {
        t.terms
            .iter()
            .position(|x| &text[x.range.clone()] == word)
            .expect("term")
    }

    #[test]
    fn datelines_and_agency_tags_are_not_evidence() {
        let text = "WASHINGTON — President Donald Trump will fly to The Hague.";
        let t = terms(text);
        assert!(is_dateline(
            text,
            &t.terms,
            index_of(text, &t, "WASHINGTON")
        ));
        let text = "BERLIN, May 6. /TASS/. German President Frank-Walter Steinmeier signed it.";
        let t = terms(text);
        assert!(is_dateline(text, &t.terms, index_of(text, &t, "BERLIN")));
        assert!(is_dateline(text, &t.terms, index_of(text, &t, "TASS")));
        // An acronym that is the subject is evidence.
        let text = "FBI agents on Friday searched the Maryland home of a former adviser.";
        let t = terms(text);
        assert!(!is_dateline(text, &t.terms, index_of(text, &t, "FBI")));
        let text = "Officials in WASHINGTON said so.";
        let t = terms(text);
        assert!(!is_dateline(
            text,
            &t.terms,
            index_of(text, &t, "WASHINGTON")
        ));
    }

    #[test]
    fn captions_and_embedded_posts_are_recognised() {
        assert!(is_caption_or_post(
            "In this photo provided by the news agency, the helicopter takes off from the border dam."
        ));
        assert!(is_caption_or_post(
            "Leaders attend a dinner at the palace ahead of the summit in The Hague, Netherlands, June 24, 2025. Photo: Reuters"
        ));
        assert!(is_caption_or_post(
            "Thank you America for your support (@ZelenskyyUa) February 28, 2025"
        ));
        // Signed by an agency after a dash, and short: a caption.
        assert!(is_caption_or_post(
            "The pope waves to the crowd from the balcony on December 25, 2022. — AFP"
        ));
        assert!(is_caption_or_post(
            "Rescuers search the rubble in the old city on Monday. - Reuters/File"
        ));
        // A long paragraph signed so is a wire story's own text.
        let long = format!(
            "{} — AFP",
            "The talks went on late into the night. ".repeat(9)
        );
        assert!(!is_caption_or_post(&long));
        assert!(!is_caption_or_post(
            "In Austin, the Texas House approved a redrawn congressional map on Wednesday after Democratic lawmakers ended a two-week walkout that had denied the chamber a quorum, while critics accused the governor of staging a photo opportunity, and he is expected to sign the map within days, aides said on Thursday evening."
        ));
    }

    #[test]
    fn quotes_are_spans_unclosed_ones_run_to_the_end() {
        let text = "“We won,” he said. \"Not yet";
        let q = quote_spans(text);
        assert_eq!(q.len(), 2);
        assert_eq!(&text[q[0].clone()], "“We won,”");
        assert_eq!(&text[q[1].clone()], "\"Not yet");
    }

    #[test]
    fn a_date_or_weekday_anchors_a_paragraph() {
        for yes in [
            "The map passed on Wednesday.",
            "in the May 3 election",
            "on 24 June the leaders met",
            "on Sept. 12 the court ruled",
        ] {
            assert!(anchor_re().is_match(yes), "{yes}");
        }
        for no in [
            "The map passed this week.",
            "in May the talks resumed",
            "a Mayday call",
        ] {
            assert!(!anchor_re().is_match(no), "{no}");
        }
    }

    #[test]
    fn acronyms_are_recognised_by_shape() {
        assert!(is_acronym("CDU") && is_acronym("NATO") && is_acronym("ISPR"));
        assert!(!is_acronym("US") && !is_acronym("Nato") && !is_acronym("ABCDEFG"));
    }
}
