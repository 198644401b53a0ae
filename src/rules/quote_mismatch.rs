#![doc = include_str!("../../docs/rules/quote-mismatch.md")]

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Evidence, Fix, FixKind, Severity};
use crate::document::Document;
use crate::facts::quotes::{self, Quote, Quotes, Speaker, SpeakerNames, Word, WordKeys};
use crate::facts::sentences::split as sentences;
use crate::facts::{FactKind, Facts, Tokens, shifted};
use crate::text::translit_key;

pub struct QuoteMismatch;

pub const ID: &str = super::ids::QUOTE_MISMATCH;

/// Quotations shorter than this (in words) are not compared: scare quotes, one-word quotes.
const MIN_WORDS: usize = 4;
/// Share of the draft quotation's words a source passage must give, in order, to be the
/// same quotation.
const MIN_SHARE: f32 = 0.6;
/// Share needed before a different speaker in the sources counts as a misattribution.
const MIN_SHARE_SPEAKER: f32 = 0.8;

impl Rule for QuoteMismatch {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "a quotation the sources give with other words or attribute to someone else"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/quote-mismatch.md")
    }
    fn hover(&self, cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
        hover_info(cx, offset)
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        if cx.sources.is_empty() {
            return;
        }
        let src = source_quotes(cx);
        if src.passages.is_empty() {
            return;
        }
        // Whether the draft's story is set abroad: decided once, on the first quotation
        // that needs it.
        let abroad_story = OnceCell::new();
        for q in draft_facts(cx) {
            if let Some(d) = check_quote(cx, &src, &q, &abroad_story, self.default_severity()) {
                out.push(d);
            }
        }
    }
}

/// A quotation with absolute ranges, its words and its speaker's name when known.
#[derive(Debug, Clone)]
pub struct Located {
    pub quote: Quote,
    pub words: Vec<Word>,
    /// The speaker's name as written (a pronoun resolved to the name it stands for).
    pub speaker: Option<String>,
    /// How the attribution is written when it is no name ("one pilgrim", "he").
    pub described: Option<String>,
}

/// All quoted words of one source paragraph, in order.
#[derive(Debug)]
pub struct Passage {
    pub source: usize,
    pub quotes: Vec<Located>,
    /// Word keys, and for each the (quote, word) it comes from.
    pub keys: Vec<String>,
    /// The keys' numbers in the source set's vocabulary ([`SourceQuotes::key_id`]).
    pub ids: Vec<u32>,
    pub owner: Vec<(usize, usize)>,
    /// A quotation part or a sentence starts at this word.
    pub boundary: Vec<bool>,
}

/// The quotations of a source set, computed once per [`crate::sources::SourceIndex`].
#[derive(Debug, Default)]
pub struct SourceQuotes {
    pub passages: Vec<Passage>,
    /// Every passage word key, numbered: alignments compare numbers, not strings.
    vocabulary: HashMap<String, u32>,
    /// Word bigram (two key numbers) -> passages containing it.
    bigrams: HashMap<(u32, u32), Vec<u32>>,
    /// For each passage, the first passage with the same words, boundaries and quotations
    /// (a wire story in several sources): they align alike.
    same_as: Vec<u32>,
    /// Every source paragraph as " key key … " (quoted or not), to find a wording anywhere.
    texts: Vec<Facts<WordKeys>>,
}

/// The number of a key no passage has: it equals no passage word.
const UNKNOWN_KEY: u32 = u32::MAX;

impl SourceQuotes {
    /// A key's number in the vocabulary ([`UNKNOWN_KEY`] for a key no passage has).
    fn key_id(&self, key: &str) -> u32 {
        self.vocabulary.get(key).copied().unwrap_or(UNKNOWN_KEY)
    }

    /// The number of a passage key, numbering it if new.
    fn number(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(key) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.insert(key.to_string(), id);
        id
    }
}

/// The draft's quotations (the one place that reads the draft's paragraphs).
pub fn draft_facts(cx: &Context) -> Vec<Located> {
    let paras =
        (0..cx.doc.paragraphs.len()).map(|i| (cx.facts::<SpeakerNames>(i), cx.facts::<Quotes>(i)));
    locate(cx.doc, paras, |i| cx.facts::<Tokens>(i))
}

/// The sources' quotations, indexed once per source set.
pub fn source_quotes(cx: &Context) -> Arc<SourceQuotes> {
    cx.sources.derived(|| source_facts(cx))
}

/// The sources' quotations (the one place that reads the source paragraphs), from their
/// `Quotes` facts, with the passages indexed by word bigram.
pub fn source_facts(cx: &Context) -> SourceQuotes {
    let mut sq = SourceQuotes::default();
    for (si, s) in cx.sources.sources.iter().enumerate() {
        let paras = (0..s.doc.paragraphs.len()).map(|i| {
            (
                cx.source_facts::<SpeakerNames>(si, i),
                cx.source_facts::<Quotes>(si, i),
            )
        });
        let located = locate(&s.doc, paras, |i| cx.source_facts::<Tokens>(si, i));
        add_passages(&mut sq, si, &s.doc, located);
        sq.texts
            .extend((0..s.doc.paragraphs.len()).map(|i| cx.source_facts::<WordKeys>(si, i)));
    }
    sq.same_as = first_alike(&sq.passages);
    sq
}

/// What an alignment with a passage depends on: its word numbers, boundaries and owners.
type PassageShape<'a> = (&'a [u32], &'a [bool], &'a [(usize, usize)]);

/// For each passage, the index of the first passage of the same shape (itself if none
/// comes before it).
fn first_alike(passages: &[Passage]) -> Vec<u32> {
    let mut first: HashMap<PassageShape, u32> = HashMap::default();
    (passages.iter().enumerate())
        .map(|(i, p)| {
            *first
                .entry((p.ids.as_slice(), p.boundary.as_slice(), p.owner.as_slice()))
                .or_insert(i as u32)
        })
        .collect()
}

/// Is the paragraph a Markdown block quote (`> …`)?
fn is_block_quote(doc: &Document, p: &Range<usize>) -> bool {
    let line_start = doc.text[..p.start].rfind('\n').map_or(0, |i| i + 1);
    doc.text[line_start..p.start].trim_start().starts_with('>')
}

/// Quotations of a document's paragraphs (absolute ranges), from each paragraph's speaker
/// names and quotations (relative ranges, in paragraph order), speakers resolved across
/// paragraphs: a pronoun to the subject of an earlier sentence, an unattributed
/// quotation to the quotation it continues.
fn locate(
    doc: &Document,
    paras: impl Iterator<Item = (Facts<SpeakerNames>, Facts<Quotes>)>,
    tokens: impl Fn(usize) -> Facts<Tokens>,
) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::new();
    let mut prev_para: Option<Range<usize>> = None;
    let mut seen_names: Vec<Range<usize>> = Vec::new();
    for (pi, (p, (names, found))) in doc.paragraphs.iter().zip(paras).enumerate() {
        let range = p.range.clone();
        let names = shifted::<SpeakerNames>(&names, range.start as isize);
        let mut found = shifted::<Quotes>(&found, range.start as isize);
        if found.is_empty() && is_block_quote(doc, &range) {
            found.extend(quotes::whole(&doc.prose[range.clone()]));
            found
                .iter_mut()
                .for_each(|q| Quotes::shift(q, range.start as isize));
        }
        let first_here = out.len();
        // The paragraph's word tokens, only for a paragraph with quotations.
        let toks = if found.is_empty() {
            Vec::new()
        } else {
            shifted::<Tokens>(&tokens(pi), range.start as isize)
        };
        for q in found {
            let words = quotes::words(&doc.prose, &q, &toks);
            let mut l = Located {
                quote: q,
                words,
                speaker: None,
                described: None,
            };
            resolve(doc, &mut l, &seen_names, &names, &out, prev_para.as_ref());
            // A quotation at the start of a paragraph that continues an unclosed one.
            if l.speaker.is_none()
                && l.described.is_none()
                && out.len() == first_here
                && let Some(prev) = out.last().filter(|p| !p.quote.closed)
            {
                l.speaker = prev.speaker.clone();
                l.described = prev.described.clone();
            }
            out.push(l);
        }
        seen_names.extend(names);
        prev_para = Some(range);
    }
    out
}

/// Fill in a quotation's speaker name from its attribution.
fn resolve(
    doc: &Document,
    l: &mut Located,
    earlier: &[Range<usize>],
    here: &[Range<usize>],
    done: &[Located],
    prev_para: Option<&Range<usize>>,
) {
    let text = |r: &Range<usize>| {
        doc.text[r.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match &l.quote.speaker {
        Speaker::Name(r) => l.speaker = Some(text(r)),
        Speaker::Other(r) => l.described = Some(text(r)),
        Speaker::Pronoun(r) => {
            l.described = Some(text(r));
            l.speaker = subject_before(doc, r.start, earlier, here)
                .map(|n| text(&n))
                .or_else(|| done.last().and_then(|p| p.speaker.clone()));
        }
        Speaker::Unknown => {
            // A block quote introduced by "X said:" in the paragraph before.
            if let Some(p) = prev_para.filter(|p| doc.prose[(*p).clone()].trim_end().ends_with(':'))
            {
                let rel: Vec<Range<usize>> = earlier
                    .iter()
                    .filter(|r| r.start >= p.start && r.end <= p.end)
                    .map(|r| r.start - p.start..r.end - p.start)
                    .collect();
                let prose = &doc.prose[p.clone()];
                if let Some((Speaker::Name(r), _)) = quotes::speaker_before(
                    prose,
                    &crate::text::tokens_in(prose, 0..prose.len()),
                    &rel,
                    0..prose.trim_end().len(),
                ) {
                    l.speaker = Some(text(&(r.start + p.start..r.end + p.start)));
                }
            }
        }
    }
}

/// The subject a pronoun at `at` stands for: the first name of the nearest sentence before
/// it (the pronoun's own sentence first) that has one.
fn subject_before(
    doc: &Document,
    at: usize,
    earlier: &[Range<usize>],
    here: &[Range<usize>],
) -> Option<Range<usize>> {
    let prior: Vec<&Range<usize>> = earlier
        .iter()
        .chain(here.iter())
        .filter(|r| r.end <= at)
        .collect();
    let last = prior.iter().max_by_key(|r| r.start)?;
    // The sentence of the last name before the pronoun: its first name is the subject.
    let para = doc
        .paragraphs
        .iter()
        .find(|p| p.range.start <= last.start && last.end <= p.range.end)?;
    let sent = sentences(&doc.prose, para.range.clone())
        .into_iter()
        .find(|s| s.start <= last.start && last.start < s.end)?;
    let in_sent: Vec<&&Range<usize>> = prior
        .iter()
        .filter(|r| r.start >= sent.start && r.start < sent.end)
        .collect();
    in_sent
        .iter()
        .find(|r| doc.prose[(***r).clone()].contains(' '))
        .or(in_sent.first())
        .map(|r| (***r).clone())
}

fn add_passages(sq: &mut SourceQuotes, source: usize, doc: &Document, quotes: Vec<Located>) {
    // Group the quotations by paragraph.
    let mut groups: Vec<Vec<Located>> = Vec::new();
    for q in quotes {
        let para = doc.paragraphs.iter().position(|p| {
            p.range.start <= q.quote.range.start && q.quote.range.start < p.range.end
        });
        match groups.last_mut() {
            Some(g)
                if g.last().and_then(|l| {
                    doc.paragraphs.iter().position(|p| {
                        p.range.start <= l.quote.range.start && l.quote.range.start < p.range.end
                    })
                }) == para =>
            {
                g.push(q)
            }
            _ => groups.push(vec![q]),
        }
    }
    for g in groups {
        let mut p = Passage {
            source,
            quotes: Vec::new(),
            keys: Vec::new(),
            ids: Vec::new(),
            owner: Vec::new(),
            boundary: Vec::new(),
        };
        for (qi, l) in g.into_iter().enumerate() {
            let mut prev_end: Option<usize> = None;
            for (wi, w) in l.words.iter().enumerate() {
                let sentence =
                    prev_end.is_some_and(|e| doc.text[e..w.range.start].contains(['.', '!', '?']));
                p.boundary.push(wi == 0 || w.cut_before || sentence);
                p.keys.push(w.key.clone());
                p.owner.push((qi, wi));
                prev_end = Some(w.range.end);
            }
            p.quotes.push(l);
        }
        if p.keys.is_empty() {
            continue;
        }
        p.ids = p.keys.iter().map(|k| sq.number(k)).collect();
        let id = sq.passages.len() as u32;
        for b in p.ids.windows(2) {
            let v = sq.bigrams.entry((b[0], b[1])).or_default();
            if v.last() != Some(&id) {
                v.push(id);
            }
        }
        sq.passages.push(p);
    }
}

/// A run of differing words: draft word indices and passage word indices.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    draft: Range<usize>,
    src: Range<usize>,
}

impl Hunk {
    fn is_empty(&self) -> bool {
        self.draft.is_empty() && self.src.is_empty()
    }
}

/// A draft quotation aligned with one source passage.
#[derive(Debug, Clone)]
struct Alignment {
    passage: usize,
    matched: usize,
    /// Passage words from the first to the last matched one.
    window: Range<usize>,
    /// Differences that are findings (not cuts, clarifications or wordings found elsewhere).
    hunks: Vec<Hunk>,
    /// The passage's quotations the matched words come from.
    quotes: Vec<usize>,
}

/// Equal runs (passage start, draft start, length) of a word diff (of key numbers), with
/// stray matches at the edges (a lone "the" far from the rest) dropped.
fn equal_runs(src: &[u32], draft: &[u32]) -> Vec<(usize, usize, usize)> {
    let ops = capture_diff_slices(Algorithm::Myers, src, draft);
    let mut runs: Vec<(usize, usize, usize)> = ops
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => Some((old_index, new_index, len)),
            _ => None,
        })
        .collect();
    let far = |a: &(usize, usize, usize), b: &(usize, usize, usize)| {
        b.0 - (a.0 + a.2) >= 3 || b.1 - (a.1 + a.2) >= 3
    };
    while runs.len() > 1 && runs[0].2 < 3 && far(&runs[0], &runs[1]) {
        runs.remove(0);
    }
    while runs.len() > 1
        && runs[runs.len() - 1].2 < 3
        && far(&runs[runs.len() - 2], &runs[runs.len() - 1])
    {
        runs.pop();
    }
    runs
}

fn align(
    sq: &SourceQuotes,
    pi: usize,
    draft: &[Word],
    keys: &[&str],
    ids: &[u32],
) -> Option<Alignment> {
    let p = &sq.passages[pi];
    let runs = equal_runs(&p.ids, ids);
    let matched: usize = runs.iter().map(|r| r.2).sum();
    let longest = runs.iter().map(|r| r.2).max().unwrap_or(0);
    if (matched as f32) < MIN_SHARE * keys.len() as f32 || longest < 3.min(keys.len()) {
        return None;
    }
    let first = runs.first()?;
    let last = runs.last()?;
    // Draft words before the first or after the last matched one are not compared: the
    // quotation may go on beyond what the source quotes (a fuller transcript).
    let mut raw = Vec::new();
    for w in runs.windows(2) {
        let (a, b) = (w[0], w[1]);
        raw.push(Hunk {
            draft: a.1 + a.2..b.1,
            src: a.0 + a.2..b.0,
        });
    }
    let le = last.0 + last.2;
    let hunks = raw
        .into_iter()
        .filter(|h| !h.is_empty() && !tolerated(sq, p, draft, keys, h))
        .collect();
    let mut qs: Vec<usize> = runs
        .iter()
        .flat_map(|r| r.0..r.0 + r.2)
        .map(|i| p.owner[i].0)
        .collect();
    qs.dedup();
    Some(Alignment {
        passage: pi,
        matched,
        window: first.0..le,
        hunks,
        quotes: qs,
    })
}

/// Differences that are no misquotation: a cut marked by an ellipsis, a bracket or a
/// split; a dropped whole sentence; a spelling variant (honour / honor); a compound
/// joined or hyphenated (comeback / come-back); a wording that some source gives (another
/// translation).
fn tolerated(sq: &SourceQuotes, p: &Passage, draft: &[Word], keys: &[&str], h: &Hunk) -> bool {
    if h.draft.is_empty() {
        let at_cut = draft.get(h.draft.start).is_some_and(|w| w.cut_before);
        let whole = p.boundary[h.src.start] && p.boundary.get(h.src.end).is_none_or(|b| *b);
        let parts = p.owner[h.src.start].0 != p.owner[h.src.end - 1].0;
        return at_cut || whole || parts;
    }
    // The same letters joined or split differently ("comeback" / "come-back").
    if keys[h.draft.clone()].concat() == p.keys[h.src.clone()].concat() {
        return true;
    }
    // The same spoken words transcribed two ways ("did not" / "didn't", "a historic" / "an
    // historic", "in this campaign" / "during this campaign").
    let src_keys: Vec<&str> = p.keys[h.src.clone()].iter().map(String::as_str).collect();
    if same_spoken(&keys[h.draft.clone()], &src_keys) {
        return true;
    }
    if h.draft.len() == 1 && h.src.len() == 1 {
        let (a, b) = (keys[h.draft.start], p.keys[h.src.start].as_str());
        if a.chars().count() >= 5
            && a.chars().next() == b.chars().next()
            && strsim::normalized_levenshtein(a, b) >= 0.75
        {
            return true;
        }
    }
    // The draft's words with a neighbour on each side, somewhere in the sources.
    let from = h.draft.start.saturating_sub(1);
    let to = (h.draft.end + 1).min(keys.len());
    if to - from < 2 {
        return false;
    }
    let needle = format!(" {} ", keys[from..to].join(" "));
    sq.texts
        .iter()
        .any(|t| t.first().is_some_and(|t| t.contains(&needle)))
}

/// Two transcriptions of the same spoken words: equal once contractions are written out
/// ("didn't" = "did not", "it's" = "it is", "we'll" = "we will"), with "a" and "an" one
/// word (an article's form before a vowel is house style) and the prepositions of a span of
/// time that say the same ("in", "during", "throughout", "within" the campaign).
fn same_spoken(a: &[&str], b: &[&str]) -> bool {
    fn class(w: &str) -> &str {
        match w {
            "an" => "a",
            "during" | "throughout" | "within" => "in",
            w => w,
        }
    }
    let spoken = |ws: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        for w in ws {
            out.extend(expand(w).into_iter().map(|x| class(&x).to_string()));
        }
        out
    };
    let (x, y) = (spoken(a), spoken(b));
    !x.is_empty() && x == y
}

/// A contraction written out ("didn't" → did not, "won't" → will not, "we're" → we are);
/// "'s" is "is" only after a pronoun ("it's"), else a possessive, left as it is. "'d" and
/// "'s" are ambiguous (would/had, is/has): only the first reading counts, so "it has" is
/// not taken for "it's" (a missed tolerance, never a hidden change of words).
fn expand(w: &str) -> Vec<String> {
    match w {
        "won't" => return vec!["will".into(), "not".into()],
        "can't" => return vec!["can".into(), "not".into()],
        "shan't" => return vec!["shall".into(), "not".into()],
        "cannot" => return vec!["can".into(), "not".into()],
        "let's" => return vec!["let".into(), "us".into()],
        "i'm" => return vec!["i".into(), "am".into()],
        _ => {}
    }
    if let Some(base) = w.strip_suffix("n't") {
        return vec![base.to_string(), "not".into()];
    }
    const PRONOUNS: &[&str] = &[
        "i", "you", "he", "she", "it", "we", "they", "that", "there", "here", "what", "who",
        "where", "how",
    ];
    for (suffix, full) in [
        ("'re", "are"),
        ("'ve", "have"),
        ("'ll", "will"),
        ("'d", "would"),
        ("'s", "is"),
    ] {
        if let Some(base) = w.strip_suffix(suffix)
            && PRONOUNS.contains(&base)
        {
            return vec![base.to_string(), full.to_string()];
        }
    }
    vec![w.to_string()]
}

/// The best source passage for a draft quotation: the alignment with no finding if there
/// is one (another source's wording), else the one that matches the most words.
fn best_match(sq: &SourceQuotes, q: &Located) -> Vec<Alignment> {
    let keys: Vec<&str> = q.words.iter().map(|w| w.key.as_str()).collect();
    if keys.len() < MIN_WORDS {
        return Vec::new();
    }
    let ids: Vec<u32> = keys.iter().map(|k| sq.key_id(k)).collect();
    let mut hits: HashMap<u32, usize> = HashMap::default();
    for b in ids.windows(2) {
        if let Some(ps) = sq.bigrams.get(&(b[0], b[1])) {
            for p in ps {
                *hits.entry(*p).or_default() += 1;
            }
        }
    }
    let mut cands: Vec<u32> = hits
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(p, _)| p)
        .collect();
    cands.sort_unstable();
    // Only the best alignment counts, and the close ones when a misattribution may be
    // found: a passage that cannot match enough words, or no more than an alignment with
    // no finding before it, is not aligned (it could be neither); a passage that repeats
    // an earlier one is aligned once.
    let misattributable = may_misattribute(q);
    let counts = key_counts(&ids);
    let mut aligned: HashMap<u32, Option<Alignment>> = HashMap::default();
    let mut clean_best: Option<usize> = None;
    let mut out: Vec<Alignment> = Vec::new();
    for p in cands {
        let bound = shared_words(&counts, &sq.passages[p as usize].ids);
        if (bound as f32) < MIN_SHARE * keys.len() as f32 {
            continue;
        }
        let close = misattributable && bound as f32 >= MIN_SHARE_SPEAKER * keys.len() as f32;
        if !close && clean_best.is_some_and(|m| m >= bound) {
            continue;
        }
        let first = sq.same_as[p as usize];
        let a = match aligned.get(&first) {
            Some(a) => a.clone().map(|a| Alignment {
                passage: p as usize,
                ..a
            }),
            None => {
                let a = align(sq, p as usize, &q.words, &keys, &ids);
                aligned.insert(first, a.clone());
                a
            }
        };
        if let Some(a) = a {
            if a.hunks.is_empty() {
                clean_best = clean_best.max(Some(a.matched));
            }
            out.push(a);
        }
    }
    out.sort_by(|a, b| {
        a.hunks
            .is_empty()
            .cmp(&b.hunks.is_empty())
            .reverse()
            .then(b.matched.cmp(&a.matched))
            .then(a.hunks.len().cmp(&b.hunks.len()))
            .then(a.passage.cmp(&b.passage))
    });
    out
}

/// The known key numbers of a quotation with how often each occurs, sorted.
fn key_counts(ids: &[u32]) -> Vec<(u32, usize)> {
    let mut known: Vec<u32> = ids.iter().copied().filter(|&i| i != UNKNOWN_KEY).collect();
    known.sort_unstable();
    let mut out: Vec<(u32, usize)> = Vec::new();
    for id in known {
        match out.last_mut() {
            Some(last) if last.0 == id => last.1 += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

/// The most words of a quotation (its [`key_counts`]) an alignment with a passage can
/// match: the words they share, each as often as the side with fewer of it has it.
fn shared_words(counts: &[(u32, usize)], passage: &[u32]) -> usize {
    let mut left: Vec<usize> = counts.iter().map(|c| c.1).collect();
    let mut n = 0;
    for id in passage {
        if let Ok(k) = counts.binary_search_by_key(id, |c| c.0)
            && left[k] > 0
        {
            left[k] -= 1;
            n += 1;
        }
    }
    n
}

/// Whether [`misattribution`] reads the alignments at all: a quotation attributed by name
/// right next to it, long enough to tell.
fn may_misattribute(q: &Located) -> bool {
    q.speaker.is_some()
        && q.quote.direct
        && matches!(q.quote.speaker, Speaker::Name(_))
        && q.words.len() > MIN_WORDS
}

/// Two speaker names for one person: same surname key, a shared name word, or the same
/// KB person.
fn same_person(cx: &Context, a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| translit_key(crate::text::strip_possessive(w).0))
            .filter(|k| k.chars().count() >= 3)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.iter().any(|w| wb.contains(w)) {
        return true;
    }
    matches!((cx.person(a), cx.person(b)), (Some(x), Some(y)) if x == y)
}

fn source_line(cx: &Context, sq: &SourceQuotes, a: &Alignment) -> (String, usize, String) {
    let p = &sq.passages[a.passage];
    let s = &cx.sources.sources[p.source];
    let (qi, wi) = p.owner[a.window.start];
    let q = &p.quotes[qi];
    let line = s.doc.line_of(q.words[wi].range.start);
    let text: String = s.doc.text[q.quote.range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (s.name.clone(), line, text)
}

/// The source words of passage words `r` as written (one quotation part), or joined.
fn source_words(cx: &Context, p: &Passage, r: Range<usize>) -> String {
    let doc = &cx.sources.sources[p.source].doc;
    let (q0, w0) = p.owner[r.start];
    let (q1, w1) = p.owner[r.end - 1];
    let (a, b) = (&p.quotes[q0].words[w0], &p.quotes[q1].words[w1]);
    let raw = if q0 == q1 && a.part == b.part {
        doc.text[a.range.start..b.range.end].to_string()
    } else {
        r.map(|i| {
            let (q, w) = p.owner[i];
            doc.text[p.quotes[q].words[w].range.clone()].to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
    };
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_quote(
    cx: &Context,
    sq: &SourceQuotes,
    q: &Located,
    abroad_story: &OnceCell<bool>,
    sev: Severity,
) -> Option<Diagnostic> {
    let cands = best_match(sq, q);
    let best = cands.first()?;
    let mut parts: Vec<String> = Vec::new();
    let mut fix = None;
    let (file, line, text) = source_line(cx, sq, best);
    // Two translators differ in many small places; a misquote changes one thing. A
    // quotation the draft says was spoken in another language is a translation too.
    let translation = || {
        spoken_in_another_language(cx, q)
            || best.hunks.len() > 1
                && match q.speaker.as_deref().and_then(|s| abroad(cx, s)) {
                    Some(a) => a,
                    None => *abroad_story.get_or_init(|| story_abroad(cx)),
                }
    };
    if !best.hunks.is_empty() && !translation() {
        let p = &sq.passages[best.passage];
        let said: Vec<String> = best.hunks.iter().map(|h| describe(cx, p, q, h)).collect();
        parts.push(format!(
            "quotation differs from {file} (line {line}): {}",
            said.join("; ")
        ));
        fix = Some(Fix {
            title: format!("Use the wording of {file}"),
            edits: best.hunks.iter().map(|h| hunk_edit(cx, p, q, h)).collect(),
            kind: FixKind::Unsafe,
        });
    }
    if let Some(m) = misattribution(cx, sq, q, &cands) {
        parts.push(m);
    }
    if parts.is_empty() {
        return None;
    }
    let mut d = Diagnostic::new(ID, sev, q.quote.range.clone(), parts.join("; "));
    d.fixes.extend(fix);
    d.evidence.push(Evidence::Source { file, line, text });
    Some(d)
}

/// Does the draft say, in the quotation's sentence before it or right after it, that it
/// was spoken in another language ("gave the announcement in Italian: “…”", "“…,” he
/// said in Arabic")? Then the English words are a translation, and translators differ.
fn spoken_in_another_language(cx: &Context, q: &Located) -> bool {
    let prose = &cx.doc.prose;
    let (start, end) = (q.quote.range.start, q.quote.range.end.min(prose.len()));
    let sentence_start = cx.sentence_at(start).map_or(start, |s| s.start);
    // After it: the sentence that goes on after the closing mark (the attribution).
    let next = end + (prose[end..].len() - prose[end..].trim_start().len());
    let after_end = cx.sentence_at(next).map_or(end, |s| s.end.max(end));
    let said_in = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| {
                w[0].eq_ignore_ascii_case("in")
                    && crate::wordlists::languages()
                        .contains(&w[1].trim_end_matches(|c: char| !c.is_alphabetic()))
            })
    };
    said_in(&prose[sentence_start..start]) || said_in(&prose[end..after_end])
}

/// "'armed' where the source has 'unarmed'", "'Catholic' added", "'hand in hand' left out".
fn describe(cx: &Context, p: &Passage, q: &Located, h: &Hunk) -> String {
    let text = &cx.doc.text;
    let mine = || {
        let a = &q.words[h.draft.start];
        let b = &q.words[h.draft.end - 1];
        text[a.range.start..b.range.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match (h.draft.is_empty(), h.src.is_empty()) {
        (false, false) => format!(
            "'{}' where the source has '{}'",
            mine(),
            source_words(cx, p, h.src.clone())
        ),
        (false, true) => format!("'{}' is not in the source", mine()),
        _ => format!(
            "the source has '{}' here",
            source_words(cx, p, h.src.clone())
        ),
    }
}

/// The edit that gives one hunk the source's words.
fn hunk_edit(cx: &Context, p: &Passage, q: &Located, h: &Hunk) -> Edit {
    let w = &q.words;
    if h.src.is_empty() {
        // Words the source does not have: remove them with the space before (or after) them.
        let (first, last) = (&w[h.draft.start], &w[h.draft.end - 1]);
        let prev = h.draft.start.checked_sub(1).map(|i| &w[i]);
        let range = match (prev, w.get(h.draft.end)) {
            (Some(p), _) if p.part == first.part => p.range.end..last.range.end,
            (_, Some(n)) if n.part == last.part => first.range.start..n.range.start,
            _ => first.range.start..last.range.end,
        };
        return Edit {
            range,
            new_text: String::new(),
        };
    }
    let new_text = source_words(cx, p, h.src.clone());
    if h.draft.is_empty() {
        let at = w[h.draft.start - 1].range.end;
        return Edit {
            range: at..at,
            new_text: format!(" {new_text}"),
        };
    }
    Edit {
        range: w[h.draft.start].range.start..w[h.draft.end - 1].range.end,
        new_text,
    }
}

/// Countries whose officials speak English in public: their words reach the sources as
/// they were said, not in translation.
const ENGLISH_SPEAKING: &[&str] = &["US", "GB", "IE", "AU", "NZ", "CA"];

/// Whether the person's offices in the knowledge base all belong to countries outside
/// [`ENGLISH_SPEAKING`]; `None` for a name the knowledge base does not know.
fn abroad(cx: &Context, name: &str) -> Option<bool> {
    let p = cx.person(name)?;
    let terms = cx.kb.terms_of(p);
    (!terms.is_empty()).then(|| {
        terms
            .iter()
            .all(|&(o, _)| !ENGLISH_SPEAKING.contains(&cx.kb.offices[o].country.as_str()))
    })
}

/// Whether the story is set abroad, for a speaker the knowledge base does not know ("a
/// deputy from La France Insoumise"): at least two thirds of the known people the draft
/// names work outside [`ENGLISH_SPEAKING`] countries, so quotations are translations.
fn story_abroad(cx: &Context) -> bool {
    let mut seen = std::collections::HashSet::new();
    let (mut known, mut foreign) = (0, 0);
    for n in cx.names() {
        if !seen.insert(n.text.as_str()) {
            continue;
        }
        if let Some(a) = abroad(cx, &n.text) {
            known += 1;
            foreign += usize::from(a);
        }
    }
    known > 0 && foreign * 3 >= known * 2
}

/// "the sources attribute these words to X (file, line N), not to Y".
fn misattribution(
    cx: &Context,
    sq: &SourceQuotes,
    q: &Located,
    cands: &[Alignment],
) -> Option<String> {
    if !may_misattribute(q) {
        return None;
    }
    let mine = q.speaker.as_deref()?;
    let close: Vec<&Alignment> = cands
        .iter()
        .filter(|a| a.matched as f32 >= MIN_SHARE_SPEAKER * q.words.len() as f32)
        .collect();
    let mut other: Option<(String, usize, usize)> = None;
    for a in &close {
        let p = &sq.passages[a.passage];
        for &qi in &a.quotes {
            let sq_quote = &p.quotes[qi];
            match &sq_quote.speaker {
                Some(s) if same_person(cx, s, mine) => return None,
                Some(s)
                    if sq_quote.quote.direct
                        && matches!(sq_quote.quote.speaker, Speaker::Name(_)) =>
                {
                    let line = cx.sources.sources[p.source]
                        .doc
                        .line_of(sq_quote.quote.range.start);
                    other.get_or_insert((s.clone(), p.source, line));
                }
                _ => {}
            }
        }
    }
    let (who, src, line) = other?;
    Some(format!(
        "the sources attribute these words to {who} ({}, line {line}), not to {mine}",
        cx.sources.sources[src].name
    ))
}

/// For hover: the source passage that gives the draft quotation at `offset`, its speaker
/// and file, or `None` as the first element when no source has it.
pub fn hover_info(cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
    let q = draft_facts(cx)
        .into_iter()
        .find(|q| q.quote.range.start <= offset && offset <= q.quote.range.end)?;
    let sq = source_quotes(cx);
    let sq = &*sq;
    let cands = if q.words.len() >= MIN_WORDS {
        best_match(sq, &q)
    } else {
        Vec::new()
    };
    let text = match cands.first() {
        None => "**Quotation:** not found in the sources".to_string(),
        Some(a) => {
            let (file, line, text) = source_line(cx, sq, a);
            let p = &sq.passages[a.passage];
            let who = a
                .quotes
                .first()
                .and_then(|&i| {
                    let l = &p.quotes[i];
                    l.speaker.clone().or_else(|| l.described.clone())
                })
                .unwrap_or_else(|| "speaker not named".into());
            format!("**Quotation in the sources** ({who}; {file}, line {line})\n> {text}")
        }
    };
    Some((q.quote.range, text))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Settings;
    use crate::diagnostic::apply_edits;
    use crate::document::Format;
    use crate::engine::Engine;
    use crate::kb::Kb;
    use crate::sources::SourceIndex;

    const A: &str = "Mayor Ana Müller spoke on Monday.\n\n\
        \"We will rebuild every bridge in this city before the winter comes,\" Müller said. \
        \"Nobody will be left behind.\"\n\n\
        \"The budget is not a promise, it is a plan,\" said Finance Minister José Pérez.\n";

    fn date() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2025, 5, 9).expect("date")
    }

    fn index(engine: &Engine, sources: &[(&str, &str)]) -> SourceIndex {
        let texts = sources
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.to_string()))
            .collect();
        SourceIndex::from_texts(texts, &engine.extractor)
    }

    fn run(draft: &str, sources: &[(&str, &str)]) -> (Document, Vec<Diagnostic>) {
        let engine = Engine::new(Kb::builtin());
        let idx = index(&engine, sources);
        let doc = Document::new(draft, Format::Markdown);
        let d = engine.check(&doc, &idx, date(), &Settings::default());
        (doc, d.into_iter().filter(|d| d.rule == ID).collect())
    }

    /// The one finding, its covered text, and the draft with its fix applied.
    fn one(draft: &str, sources: &[(&str, &str)]) -> (String, String, String) {
        let (doc, d) = run(draft, sources);
        assert_eq!(d.len(), 1, "{d:#?}");
        let fixed = d[0]
            .fixes
            .first()
            .map(|f| {
                assert_eq!(f.kind, FixKind::Unsafe);
                apply_edits(&doc.text, &f.edits).expect("fix applies")
            })
            .unwrap_or_default();
        (
            doc.text[d[0].range.clone()].to_string(),
            d[0].message.clone(),
            fixed,
        )
    }

    fn quiet(draft: &str, sources: &[(&str, &str)]) {
        let (_, d) = run(draft, sources);
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn repeated_passages_point_to_the_first() {
        let passage = |ids: &[u32]| Passage {
            source: 0,
            quotes: Vec::new(),
            keys: ids.iter().map(|i| i.to_string()).collect(),
            ids: ids.to_vec(),
            owner: ids.iter().enumerate().map(|(k, _)| (0, k)).collect(),
            boundary: ids.iter().map(|_| false).collect(),
        };
        let ps = [
            passage(&[1, 2]),
            passage(&[3]),
            passage(&[1, 2]),
            passage(&[2, 1]),
        ];
        assert_eq!(first_alike(&ps), vec![0, 1, 0, 3]);
    }

    #[test]
    fn shared_words_bound_the_matched_words() {
        let counts = key_counts(&[1, 2, 2, UNKNOWN_KEY, 3, UNKNOWN_KEY]);
        assert_eq!(counts, vec![(1, 1), (2, 2), (3, 1)]);
        assert_eq!(shared_words(&counts, &[2, 2, 2, 3, 4]), 3);
        assert_eq!(shared_words(&counts, &[4, 5]), 0);
        assert_eq!(shared_words(&counts, &[3, 2, 1, 2]), 4);
    }

    #[test]
    fn changed_word() {
        let draft = "Mayor Ana Müller — again.\n\n“We will rebuild every road in this city before the winter comes,” Müller said.\n";
        let (covered, msg, fixed) = one(draft, &[("a.txt", A)]);
        assert_eq!(
            covered,
            "“We will rebuild every road in this city before the winter comes,”"
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 3): 'road' where the source has 'bridge'"
        );
        assert!(fixed.contains(
            "“We will rebuild every bridge in this city before the winter comes,” Müller"
        ));
        // The same words as the source: quiet.
        quiet(&fixed, &[("a.txt", A)]);
    }

    #[test]
    fn added_word() {
        let draft = "“We will rebuild every single bridge in this city before the winter comes,” Müller said.";
        let (covered, msg, fixed) = one(draft, &[("a.txt", A)]);
        assert!(covered.starts_with("“We will rebuild every single"));
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 3): 'single' is not in the source"
        );
        assert_eq!(
            fixed,
            "“We will rebuild every bridge in this city before the winter comes,” Müller said."
        );
    }

    #[test]
    fn dropped_word() {
        let draft = "“We will rebuild every bridge in this city before winter comes,” Müller said.";
        let (_, msg, fixed) = one(draft, &[("a.txt", A)]);
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 3): the source has 'the' here"
        );
        assert_eq!(
            fixed,
            "“We will rebuild every bridge in this city before the winter comes,” Müller said."
        );
    }

    #[test]
    fn misattributed_quote() {
        let draft = "Finance Minister Carla Rossi told reporters: “The budget is not a promise, it is a plan.”";
        let (covered, msg, fixed) = one(draft, &[("a.txt", A)]);
        assert_eq!(covered, "“The budget is not a promise, it is a plan.”");
        assert_eq!(
            msg,
            "the sources attribute these words to José Pérez (a.txt, line 5), not to Carla Rossi"
        );
        assert_eq!(fixed, "", "no wording fix for a right wording");
        // The same speaker under a shorter name: quiet.
        quiet(
            "“The budget is not a promise, it is a plan,” Pérez said.",
            &[("a.txt", A)],
        );
    }

    #[test]
    fn marks_and_end_punctuation_are_not_words() {
        quiet("He added: \"Nobody will be left behind!\"", &[("a.txt", A)]);
        quiet(
            "‘We will rebuild every bridge in this city before the winter comes.’ “We will rebuild every bridge in this city before the winter comes!”",
            &[("a.txt", A)],
        );
    }

    #[test]
    fn ellipsis_bracket_split_and_partial_quotes() {
        quiet(
            "“We will rebuild every bridge … before the winter comes,” Müller said.",
            &[("a.txt", A)],
        );
        quiet(
            "“We will rebuild every bridge in [Springfield] before the winter comes,” she said.",
            &[("a.txt", A)],
        );
        quiet(
            "“We will rebuild every bridge in this city,” Müller said, “before the winter comes.”",
            &[("a.txt", A)],
        );
        quiet(
            "She promised to “rebuild every bridge in this city” soon.",
            &[("a.txt", A)],
        );
        // Without the ellipsis the same cut is a finding.
        let (_, msg, _) = one(
            "“We will rebuild every bridge before the winter comes,” Müller said.",
            &[("a.txt", A)],
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 3): the source has 'in this city' here"
        );
    }

    #[test]
    fn one_speech_transcribed_two_ways_is_the_same_quote() {
        let src = "\"We didn't do well enough during this campaign, and it's an historic \
                   night for them,\" Halvorsen said.\n";
        quiet(
            "\"We did not do well enough in this campaign, and it is a historic night for \
             them,\" Halvorsen said.",
            &[("a.txt", src)],
        );
        // A word that changes the meaning is still a finding.
        let (_, msg, _) = one(
            "\"We did well enough during this campaign, and it's an historic night for \
             them,\" Halvorsen said.",
            &[("a.txt", src)],
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 1): 'did' where the source has 'didn't do'"
        );
        assert!(same_spoken(&["won't"], &["will", "not"]));
        assert!(same_spoken(&["we're"], &["we", "are"]));
        assert!(
            !same_spoken(&["he", "has"], &["he's"]),
            "only the first reading of 's"
        );
        assert!(!same_spoken(&["before"], &["after"]));
        assert!(!same_spoken(&["the"], &["a"]));
    }

    #[test]
    fn a_compound_joined_or_hyphenated_is_the_same_word() {
        let src = "Now the party can claim \"the biggest come-back of political history in \
                   this country\", he said.\n";
        quiet(
            "Now the party can claim “the biggest comeback of political history in this \
             country”, he said.",
            &[("a.txt", src)],
        );
        // Another word in its place is still a finding.
        let (_, msg, _) = one(
            "Now the party can claim “the biggest setback of political history in this \
             country”, he said.",
            &[("a.txt", src)],
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 1): 'setback' where the source has 'come-back'"
        );
    }

    #[test]
    fn translation_variants_and_unsourced_quotes() {
        let b = "\"Peace be with you all, dear brothers and sisters,\" the pope said.\n";
        let c = "\"Peace be with all of you, dear brothers and sisters,\" he said.\n";
        quiet(
            "“Peace be with all of you, dear brothers and sisters,” the pope said.",
            &[("b.txt", b), ("c.txt", c)],
        );
        quiet(
            "“Peace be with you all, dear brothers and sisters,” the pope said.",
            &[("b.txt", b), ("c.txt", c)],
        );
        let (_, msg, fixed) = one(
            "“Peace be with you all, dear sisters and brothers,” he said.",
            &[("b.txt", b)],
        );
        assert!(
            msg.starts_with("quotation differs from b.txt (line 1): "),
            "{msg}"
        );
        // The fix leaves what the source says, in its order.
        assert_eq!(fixed, "“Peace be with you all, dear brothers,” he said.");
        quiet(
            "“I have never seen the river this high,” said one resident of the city.",
            &[("a.txt", A)],
        );
    }

    #[test]
    fn a_participle_opening_the_sentence_is_not_a_speaker() {
        let src = "Unveiling his plan for the country, the prime minister told a press \
                   conference: “This is not a moment for more talk, it is a moment for action.”\n";
        quiet(
            "Keir Starmer told a press conference: “This is not a moment for more talk, it is a \
             moment for action.”",
            &[("a.txt", src)],
        );
    }

    #[test]
    fn translations_differ_in_many_places_misquotes_in_one() {
        let src = "“Madam Speaker, thank you for the trust, and I accept the election,” Friedrich \
                   Merz said.\n";
        // Several small differences in a German speaker's words: two translations.
        quiet(
            "“Madam President, I thank you for your trust, and I accept the election,” \
             Friedrich Merz said.",
            &[("a.txt", src)],
        );
        // One change in his words is still a finding.
        let (covered, msg, _) = one(
            "“Madam Speaker, thank you for the trust, and I reject the election,” Friedrich \
             Merz said.",
            &[("a.txt", src)],
        );
        assert_eq!(
            covered,
            "“Madam Speaker, thank you for the trust, and I reject the election,”"
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 1): 'reject' where the source has 'accept'"
        );
        // The same differences in an English speaker's words are findings.
        let src = "“Madam Speaker, thank you for the trust, and I accept the election,” Keir \
                   Starmer said.\n";
        let (_, msg, _) = one(
            "“Madam President, I thank you for your trust, and I accept the election,” Keir \
             Starmer said.",
            &[("a.txt", src)],
        );
        assert!(
            msg.starts_with("quotation differs from a.txt (line 1): 'President, I' where the source has 'Speaker'"),
            "{msg}"
        );
    }

    #[test]
    fn a_quotation_the_draft_says_was_spoken_in_another_language_is_a_translation() {
        let src = "“With deep sorrow I must announce the death of our Holy Father,” Keir \
                   Starmer said.\n";
        // One word left out, but the draft says the words were Italian: quiet.
        quiet(
            "Keir Starmer gave the announcement in Italian: “With deep sorrow I announce the \
             death of our Holy Father.”",
            &[("a.txt", src)],
        );
        quiet(
            "“With deep sorrow I announce the death of our Holy Father,” Keir Starmer said in \
             Italian.",
            &[("a.txt", src)],
        );
        // Without the language, the same change is a finding; a language named in another
        // sentence says nothing about this quotation.
        let (_, msg, _) = one(
            "He spoke in Italian. Keir Starmer then said: “With deep sorrow I announce the \
             death of our Holy Father.”",
            &[("a.txt", src)],
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 1): the source has 'must' here"
        );
    }

    #[test]
    fn an_unknown_speaker_in_a_story_abroad_is_quoted_in_translation() {
        let src = "“Your failure was inevitable, and it was devastating for the country,” one \
                   deputy said.\n";
        let draft = |a: &str, b: &str| {
            format!(
                "{a} and {b} met in Paris on Monday.\n\n“Your failure was inevitable, and it \
                 was crushing for our country,” one deputy said.\n"
            )
        };
        // The people the draft names work in France and Germany: a translation.
        quiet(
            &draft("Emmanuel Macron", "Friedrich Merz"),
            &[("a.txt", src)],
        );
        // In a story about English-speaking officials the same differences are findings.
        let (covered, msg, _) = one(&draft("Keir Starmer", "Donald Trump"), &[("a.txt", src)]);
        assert_eq!(
            covered,
            "“Your failure was inevitable, and it was crushing for our country,”"
        );
        assert_eq!(
            msg,
            "quotation differs from a.txt (line 1): 'crushing' where the source has \
             'devastating'; 'our' where the source has 'the'"
        );
    }

    #[test]
    fn block_quote() {
        let draft =
            "Müller said:\n\n> We will rebuild every road in this city before the winter comes.\n";
        let (covered, msg, _) = one(draft, &[("a.txt", A)]);
        assert_eq!(
            covered,
            "We will rebuild every road in this city before the winter comes."
        );
        assert!(msg.ends_with("'road' where the source has 'bridge'"));
    }

    #[test]
    fn hover_names_the_source_and_speaker() {
        let engine = Engine::new(Kb::builtin());
        let idx = index(&engine, &[("a.txt", A)]);
        let draft = "“The budget is not a promise,” Pérez said. “I have never seen the river this high,” she said.";
        let doc = Document::new(draft, Format::Markdown);
        let settings = Settings::default();
        let cx = Context::new(&doc, &engine.kb, &engine.extractor, &idx, date(), &settings);
        let (r, text) = hover_info(&cx, 5).expect("hover on the first quote");
        assert_eq!(&draft[r], "“The budget is not a promise,”");
        assert_eq!(
            text,
            "**Quotation in the sources** (José Pérez; a.txt, line 5)\n> \"The budget is not a promise, it is a plan,\""
        );
        let at = draft.find("river").expect("offset");
        let (_, text) = hover_info(&cx, at).expect("hover on the second quote");
        assert_eq!(text, "**Quotation:** not found in the sources");
    }
}
