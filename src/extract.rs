//! Extraction: person names, titles and how they attach to each other.
//!
//! Works on a [`Document`](crate::document::Document)'s prose, paragraph by paragraph:
//! 1. title phrases are found with an Aho–Corasick automaton over every title form the
//!    knowledge base knows plus a generic lexicon (aides, envoys, spokespeople);
//! 2. person names are runs of capitalised words (with particles such as "von der"),
//!    never crossing a title phrase, a country word or punctuation;
//! 3. a title attaches to a name as "TITLE NAME", "X's TITLE, NAME," or "NAME, TITLE,";
//!    the words before the title give its qualifier (a country, an organisation, or a
//!    person's possessive: "Trump's national security adviser") and its modifiers
//!    (former / then- / ex- / acting / deputy / -designate / "at the time" …).

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::kb::{Kb, alias_key};
use crate::text::{Token, fold, is_initial, strip_possessive};
use crate::wordlists::{
    acting, determiners, generic_titles, historical, honorifics, other_office, particles, verb_cues,
};

/// A person's name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name without a possessive suffix.
    pub range: Range<usize>,
    /// Byte ranges of the words of the name.
    pub words: Vec<Range<usize>>,
    pub text: String,
    pub possessive: bool,
}

impl NameMention {
    pub fn surname<'a>(&self, src: &'a str) -> &'a str {
        self.words.last().map_or("", |w| &src[w.clone()])
    }
}

/// A name run as a person's name: none when it names an organisation (its last word an
/// organisation's head noun: "Labour Party"); without a first word glued to the word before
/// it by a slash ("Photo/Illutration Sanae Takaichi", a caption's label).
pub fn person_name(text: &str, n: NameMention) -> Option<NameMention> {
    let last = n.words.last()?;
    let w = &text[last.clone()];
    if crate::wordlists::organisation_nouns()
        .iter()
        .any(|o| o.len() == w.len() && o.eq_ignore_ascii_case(w))
    {
        return None;
    }
    let glued = text[..n.words[0].start].ends_with('/');
    if !glued {
        return Some(n);
    }
    let words = n.words[1..].to_vec();
    if words.len() < 2 {
        return None;
    }
    let range = words[0].start..n.range.end;
    Some(NameMention {
        text: text[range.clone()].to_string(),
        range,
        words,
        possessive: n.possessive,
    })
}

/// What stands before a title: a country or organisation, or a person's possessive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Qualifier {
    /// A known country or organisation code ("FR" from "French").
    Country(String),
    /// "Trump's national security adviser": the possessor's name.
    Person(String),
    /// An institution we cannot resolve ("European Commission", "Foreign Ministry").
    Unknown(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// former, ex-, then-, late, onetime, "at the time", "who served as"…
    pub historical: bool,
    /// deputy, vice, assistant, shadow, -designate, -elect, incoming, future, nominee…
    pub other_office: bool,
    /// acting, interim, caretaker.
    pub acting: bool,
    /// Exactly "former" / "ex-": a claim that the person no longer holds the office.
    pub former: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// "Secretary of State Marco Rubio"
    TitleName,
    /// "Germany's chancellor, Friedrich Merz"
    TitleCommaName,
    /// "Mike Waltz, Trump's national security adviser"
    NameCommaTitle,
}

/// A title attached to a person.
#[derive(Debug, Clone)]
pub struct TitleMention {
    /// From the first qualifier/modifier word to the end of the name (or title).
    pub range: Range<usize>,
    /// Qualifier + title words as written ("French President"): what a title fix replaces.
    pub title_range: Range<usize>,
    /// The title words alone ("President").
    pub alias_range: Range<usize>,
    pub qualifier: Option<Qualifier>,
    pub modifiers: Modifiers,
    pub name: NameMention,
    pub pattern: Pattern,
}

impl TitleMention {
    pub fn alias<'a>(&self, src: &'a str) -> &'a str {
        &src[self.alias_range.clone()]
    }
}

/// Words that are capitalised in titles and headlines but are never part of a person's
/// name ("The", "In", "Minister" …).
fn non_name_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s: rustc_hash::FxHashSet<&'static str> = crate::wordlists::months()
            .iter()
            .chain(crate::wordlists::weekdays())
            .chain(crate::wordlists::calendar_abbreviations())
            .copied()
            .collect();
        s.extend(crate::wordlists::non_name_words());
        s
    })
}

/// The Arabic article, as English copy joins it to a name word with a hyphen ("al-Sadr",
/// "el-Sisi", and its assimilated forms "ash-Sharaa", "ad-Din").
const ARABIC_ARTICLES: [&str; 9] = ["al", "el", "as", "ash", "ad", "an", "ar", "at", "az"];

/// The extractor: a title lexicon and a country-qualifier table built from a KB.
pub struct Extractor {
    titles: AhoCorasick,
    qualifiers: Vec<(Vec<String>, Qualifier)>,
    qualifier_words: HashSet<String>,
    /// Short qualifier forms that count only when written in capitals ("US", "UK").
    exact_forms: HashSet<String>,
    name_words: HashSet<String>,
    /// Title forms that name a KB office (alias keys).
    kb_aliases: HashSet<String>,
    /// The title keys of world indices ([`crate::kb::world`]): multi-word titles they
    /// name are title spans too.
    world_titles: Vec<crate::kb::world::TitleKeys>,
}

impl Extractor {
    pub fn new(kb: &Kb) -> Extractor {
        let titles = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(title_forms(kb))
            .expect("title automaton");
        let (qualifiers, qualifier_words) = country_qualifiers(kb);
        let name_words = kb
            .persons
            .iter()
            .flat_map(|p| std::iter::once(&p.name).chain(&p.variants))
            .flat_map(|n| n.split_whitespace().map(fold))
            .collect();
        let kb_aliases = kb.all_aliases().map(alias_key).collect();
        Extractor {
            titles,
            qualifiers,
            qualifier_words,
            exact_forms: exact_forms(kb),
            name_words,
            kb_aliases,
            world_titles: Vec::new(),
        }
    }

    /// This extractor also reading the multi-word titles of world indices.
    pub fn with_world_titles(mut self, maps: Vec<crate::kb::world::TitleKeys>) -> Extractor {
        self.world_titles = maps;
        self
    }

    /// Title phrases in `range` of `prose`: (start, end) byte ranges, word-bounded.
    pub fn title_spans(&self, prose: &str, range: Range<usize>) -> Vec<Range<usize>> {
        // Hard-wrapped prose: a title may span a line break ("national\nsecurity adviser").
        let hay: Vec<u8> = prose[range.clone()]
            .bytes()
            .map(|b| {
                if b == b'\n' || b == b'\r' || b == b'\t' {
                    b' '
                } else {
                    b
                }
            })
            .collect();
        let mut out = Vec::new();
        for m in self.titles.find_iter(&hay[..]) {
            let (s, e) = (range.start + m.start(), range.start + m.end());
            let before = prose[..s].chars().next_back();
            let after = prose[e..].chars().next();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '\'' || c == '’') {
                continue;
            }
            if after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            out.push(s..e);
        }
        if !self.world_titles.is_empty() {
            let world = crate::kb::world::title_spans(&self.world_titles, prose, range);
            if !world.is_empty() {
                // Leftmost, then longest; no overlaps.
                out.extend(world);
                out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
                let mut end = 0;
                out.retain(|r| {
                    let keep = r.start >= end;
                    if keep {
                        end = r.end;
                    }
                    keep
                });
            }
        }
        out
    }

    /// The country or organisation code a single word names ("French", "U.S.", "NATO").
    pub fn country_code(&self, word: &str) -> Option<&str> {
        let key = lookup_key(word);
        if !self.qualifier_words.contains(&key) || !self.written_as_qualifier(word) {
            return None;
        }
        self.qualifiers
            .iter()
            .find(|(w, _)| w.len() == 1 && w[0] == key)
            .and_then(|(_, q)| match q {
                Qualifier::Country(c) => Some(c.as_str()),
                _ => None,
            })
    }

    /// A short form ("US", "UK") counts only in capitals: "Us", "us" are the pronoun.
    fn written_as_qualifier(&self, word: &str) -> bool {
        let key = lookup_key(word);
        !self.exact_forms.contains(&key)
            || word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    }

    /// Is this word part of a person's name the knowledge base knows?
    pub fn is_known_name_word(&self, w: &str) -> bool {
        self.name_words.contains(&fold(strip_possessive(w).0))
    }

    fn is_qualifier_word(&self, w: &str) -> bool {
        let (stem, _) = strip_possessive(w);
        self.qualifier_words.contains(&lookup_key(stem))
    }

    /// Is this token a plausible word of a person's name?
    fn namey(&self, word: &str) -> bool {
        let (w, _) = strip_possessive(word);
        let Some(first) = w.chars().next() else {
            return false;
        };
        if !first.is_uppercase() {
            return false;
        }
        let lower = fold(w);
        if non_name_words().contains(lower.as_str()) && !self.name_words.contains(&lower) {
            return false;
        }
        if self.is_qualifier_word(w) && !self.name_words.contains(&lower) {
            return false;
        }
        // All-caps acronyms of 3+ letters (NATO, FBI) are not names; "JD" is.
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) {
            return false;
        }
        // A word with a digit ("G7") is not a name.
        !w.chars().any(|c| c.is_numeric())
    }

    /// "Vice Premier He Lifeng": a capitalised word that is no name word only because it
    /// is an English function word ("He", "In"), right after a title and right before a
    /// rare name word, one space each side, opens the name: a title is never followed by a
    /// capitalised pronoun or preposition in running text, and the rare word is no common
    /// word of a Title Case headline ("Vice Premier He Says").
    fn word_after_title(
        &self,
        prose: &str,
        toks: &[Token],
        i: usize,
        in_title: &dyn Fn(&Token) -> bool,
    ) -> bool {
        let Some(t) = toks.get(i) else {
            return false;
        };
        let w = t.text(prose);
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let (Some(prev), Some(next)) =
            (i.checked_sub(1).and_then(|p| toks.get(p)), toks.get(i + 1))
        else {
            return false;
        };
        let one_space = |a: &Token, b: &Token| &prose[a.range.end..b.range.start] == " ";
        w.chars().all(char::is_alphabetic)
            && one_space(prev, t)
            && in_title(prev)
            && non_name_words().contains(fold(w).as_str())
            && !self.is_qualifier_word(w)
            && !in_title(t)
            && !in_title(next)
            && one_space(t, next)
            && self.namey(next.text(prose))
            && crate::text::zipf(&fold(strip_possessive(next.text(prose)).0)) < 3.0
    }

    /// Page residue glues the next sentence to a name ("Ebrahim RaisiThe country's…"):
    /// split a word where a capital follows a lower-case letter and the rest is a word that
    /// is never part of a name ("The", "In", "President"). "McDonald" and "DeSantis" stay.
    fn split_glued(&self, prose: &str, toks: Vec<Token>) -> Vec<Token> {
        let mut out = Vec::with_capacity(toks.len());
        for t in toks {
            let w = t.text(prose);
            let cut = if w.is_ascii() {
                // The same test on bytes: most words are ASCII.
                w.as_bytes()
                    .windows(2)
                    .position(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
                    .map(|i| i + 1)
            } else {
                w.char_indices()
                    .zip(w.chars().skip(1))
                    .find_map(|((i, a), b)| {
                        let at = i + a.len_utf8();
                        (a.is_lowercase() && b.is_uppercase()).then_some(at)
                    })
            };
            let cut = cut.filter(|&at| {
                let tail = fold(strip_possessive(&w[at..]).0);
                let head = fold(&w[..at]);
                // "McQueen", "MacKing", "DeLa…": name prefixes, not residue.
                const PREFIXES: &[&str] = &[
                    "mc", "mac", "de", "di", "da", "la", "le", "du", "van", "von", "fitz",
                ];
                head.chars().count() >= 2
                    && !PREFIXES.contains(&head.as_str())
                    && non_name_words().contains(tail.as_str())
            });
            match cut {
                Some(at) => {
                    out.push(Token {
                        range: t.range.start..t.range.start + at,
                    });
                    out.push(Token {
                        range: t.range.start + at..t.range.end,
                    });
                }
                None => out.push(t),
            }
        }
        out
    }

    /// Person names in the paragraph `range` of `prose` (its word tokens `toks`, offsets
    /// into `prose`), not crossing title phrases or punctuation.
    pub fn names(
        &self,
        prose: &str,
        range: Range<usize>,
        toks: Vec<Token>,
        titles: &[Range<usize>],
    ) -> Vec<NameMention> {
        let range_start = range.start;
        let toks = self.split_glued(prose, toks);
        let in_title = |t: &Token| {
            titles
                .iter()
                .any(|r| t.range.start < r.end && r.start < t.range.end)
        };
        let mut out = Vec::new();
        let mut run: Vec<&Token> = Vec::new();
        let flush = |run: &mut Vec<&Token>, out: &mut Vec<NameMention>| {
            // Trailing particles are not part of a name.
            while run
                .last()
                .is_some_and(|t| particles().contains(&t.text(prose)))
            {
                run.pop();
            }
            while run
                .first()
                .is_some_and(|t| particles().contains(&t.text(prose)))
            {
                run.remove(0);
            }
            if !run.is_empty() {
                out.push(make_name(prose, run));
            }
            run.clear();
        };
        for (i, t) in toks.iter().enumerate() {
            let w = t.text(prose);
            let gap_ok = run.last().is_none_or(|p| {
                let mut gap = &prose[p.range.end..t.range.start];
                // An initial's period stays inside the name: "S. Jaishankar", "Michael T. Flynn".
                if is_initial(p.text(prose)) {
                    gap = gap.strip_prefix('.').unwrap_or(gap);
                }
                !gap.is_empty()
                    && gap.chars().all(char::is_whitespace)
                    && gap.matches('\n').count() <= 1
                    && !strip_possessive(p.text(prose)).1
            });
            if !gap_ok {
                flush(&mut run, &mut out);
            }
            // "Muqtada al-Sadr", "Abdel Fattah el-Sisi": an Arabic article joined to a
            // name word goes on a name.
            let article = !run.is_empty()
                && w.split_once('-')
                    .is_some_and(|(a, rest)| ARABIC_ARTICLES.contains(&a) && self.namey(rest));
            let particle = particles().contains(&w)
                && !run.is_empty()
                && toks[i + 1..]
                    .iter()
                    .find(|n| !particles().contains(&n.text(prose)))
                    .is_some_and(|n| self.namey(n.text(prose)));
            // A common word opening a sentence ("Later Sergey Lavrov") is not a first name.
            let sentence_start = run.is_empty() && {
                let before = prose[..t.range.start]
                    .trim_end_matches([' ', '\n', '\r', '\t', '“', '"', '‘', '(']);
                before.len() <= range_start || before.ends_with(['.', '!', '?', ':', ';'])
            };
            let common_opener = sentence_start && {
                let f = fold(strip_possessive(w).0);
                crate::text::zipf(&f) >= 4.0 && !self.name_words.contains(&f)
            };
            let after_title =
                || run.is_empty() && self.word_after_title(prose, &toks, i, &in_title);
            if !in_title(t)
                && !common_opener
                && (self.namey(w) || particle || article || after_title())
            {
                run.push(t);
            } else {
                flush(&mut run, &mut out);
            }
        }
        flush(&mut run, &mut out);
        out.retain(|n| !doubled(prose, n));
        out
    }

    /// Titles attached to names in one paragraph (`range` of `prose`), given the
    /// paragraph's title spans ([`Extractor::title_spans`]), person names
    /// ([`Extractor::names`]) and sentences, all with offsets into `prose`. Each title
    /// attaches to at most one name, tried as TITLE NAME, then TITLE, NAME, then NAME, TITLE.
    pub fn title_mentions(
        &self,
        prose: &str,
        range: Range<usize>,
        toks: &[Token],
        spans: &[Range<usize>],
        names: &[NameMention],
        sents: &[Range<usize>],
    ) -> Vec<TitleMention> {
        let mut out = Vec::new();
        let mut prev: Option<(Range<usize>, Modifiers)> = None;
        for span in spans {
            let (left, qualifier, mut modifiers) =
                self.scan_left(prose, toks, span.start, range.start);
            inherit_list_modifiers(prose, prev.as_ref(), left, &mut modifiers);
            prev = Some((span.clone(), modifiers));
            self.own_modifiers(prose, span, &mut modifiers);
            if used_as_verb(prose, range.start, left, span) {
                continue;
            }
            let t = TitleAt {
                span: span.clone(),
                left,
                qualifier,
                modifiers,
            };
            let found = self
                .title_name(prose, range.end, &t, names)
                .or_else(|| title_comma_name(prose, range.end, &t, names))
                .or_else(|| self.name_comma_title(prose, &range, &t, names));
            if let Some(mut m) = found {
                self.sentence_context(prose, sents, &mut m);
                out.push(m);
            }
        }
        out
    }

    /// Modifiers the title phrase itself carries: a generic title opening with "Deputy",
    /// "Vice", "Assistant" or "Under" that names no KB office ("Deputy Foreign Minister")
    /// is another office than the one it contains; so is a title followed by
    /// "-designate", "-elect" or " designate".
    fn own_modifiers(&self, prose: &str, span: &Range<usize>, modifiers: &mut Modifiers) {
        let key = alias_key(&prose[span.clone()]);
        if !self.kb_aliases.contains(&key)
            && !self.world_titles.iter().any(|m| m.contains(&key))
            && key
                .split(' ')
                .next()
                .is_some_and(|w| ["deputy", "vice", "assistant", "under"].contains(&w))
        {
            modifiers.other_office = true;
        }
        let rest = &prose[span.end..];
        if rest.starts_with("-designate")
            || rest.starts_with("-elect")
            || rest.starts_with(" designate")
        {
            modifiers.other_office = true;
        }
    }

    /// TITLE NAME ("Secretary of State Marco Rubio"): a name that starts right after the
    /// title and its honorific, if any ([`name_start_after`]), at most one line break away.
    fn title_name(
        &self,
        prose: &str,
        end: usize,
        t: &TitleAt,
        names: &[NameMention],
    ) -> Option<TitleMention> {
        let after = name_start_after(prose, t.span.end, end);
        let n = names
            .iter()
            .find(|n| n.range.start == after && after > t.span.end)?;
        if prose[t.span.end..after].matches('\n').count() > 1 {
            return None;
        }
        let mut m = t.mention(t.left..n.range.end, n, Pattern::TitleName);
        self.right_context(prose, &mut m, end);
        Some(m)
    }

    /// NAME, TITLE ("Mike Waltz, Trump's national security adviser,"): a name of two words
    /// or more, not possessive, ending right before ", " where the claim starts (a
    /// determiner between them is not skipped: "Waltz, the adviser," does not attach),
    /// with the title closed by the paragraph's end, `,` `.` `;` `)`, " of …" or " at the
    /// time" (which makes it historical).
    fn name_comma_title(
        &self,
        prose: &str,
        range: &Range<usize>,
        t: &TitleAt,
        names: &[NameMention],
    ) -> Option<TitleMention> {
        let stripped = prose[range.start..t.left].strip_suffix(", ")?;
        let n = names
            .iter()
            .find(|n| n.range.end == range.start + stripped.len() && n.words.len() >= 2)?;
        let tail = &prose[t.span.end..range.end];
        let at_the_time = tail.starts_with(" at the time");
        let closes = tail.is_empty()
            || tail.starts_with([',', '.', ';', ')'])
            || at_the_time
            || tail.starts_with(" of ");
        if !closes || n.possessive {
            return None;
        }
        let mut m = t.mention(n.range.start..t.span.end, n, Pattern::NameCommaTitle);
        m.modifiers.historical |= at_the_time;
        self.right_context(prose, &mut m, range.end);
        Some(m)
    }

    /// Walk left from a title over determiners, modifiers and qualifiers: at most five
    /// words, only across whitespace with at most one line break, never before `floor`.
    /// Gives the start of the claim (leading determiners skipped), the qualifier and the
    /// modifiers.
    fn scan_left(
        &self,
        prose: &str,
        toks: &[Token],
        title_start: usize,
        floor: usize,
    ) -> (usize, Option<Qualifier>, Modifiers) {
        let mut mods = Modifiers::default();
        let mut qualifier = None;
        let mut left = hyphen_prefix(prose, title_start, floor, &mut mods);
        let mut idx = toks.iter().rposition(|t| t.range.end <= left);
        let mut steps = 0;
        while let Some(i) = idx {
            if steps >= 5 {
                break;
            }
            let t = &toks[i];
            let gap = &prose[t.range.end..left];
            if !gap.chars().all(char::is_whitespace) || gap.matches('\n').count() > 1 {
                break;
            }
            if qualifier.is_none()
                && let Some((first, q)) = self.country_qualifier_ending_at(prose, toks, i)
            {
                qualifier = Some(q);
                left = toks[first].range.start;
                idx = first.checked_sub(1);
                steps += 1;
                continue;
            }
            if !self.left_word(t.text(prose), &mut qualifier, &mut mods) {
                // "late ultraconservative president X": a past-time modifier governs the
                // title across one or two lower-case adjectives.
                if let Some(j) = historical_across_adjectives(prose, toks, i) {
                    classify_modifier(&toks[j].text(prose).to_lowercase(), &mut mods);
                    left = toks[j].range.start;
                    idx = j.checked_sub(1);
                    steps += i + 1 - j;
                    continue;
                }
                break;
            }
            left = t.range.start;
            idx = i.checked_sub(1);
            steps += 1;
        }
        // Don't let a leading determiner be part of the claim range.
        let left = skip_determiners(prose, left, title_start);
        (left.max(floor), qualifier, mods)
    }

    /// The longest country qualifier whose words end at token `i` ("United States",
    /// "U.S.", "Russia’s"): the index of its first token and the qualifier. Its words are
    /// separated by whitespace only and each is capitalised; a short form counts only in
    /// capitals ("us" is not "U.S.") and, standing alone, not inside all-caps text
    /// ("TRUMP TELLS US").
    fn country_qualifier_ending_at(
        &self,
        prose: &str,
        toks: &[Token],
        i: usize,
    ) -> Option<(usize, Qualifier)> {
        // The lookup keys of the tokens ending at `i`, last first, cut once.
        let longest = self
            .qualifiers
            .iter()
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0);
        let keys: Vec<String> = toks[..=i]
            .iter()
            .rev()
            .take(longest)
            .map(|t| lookup_key(strip_possessive(t.text(prose)).0))
            .collect();
        for (words, q) in &self.qualifiers {
            let n = words.len();
            if n == 0 || i + 1 < n {
                continue;
            }
            let cand = &toks[i + 1 - n..=i];
            let ok = words.iter().rev().zip(&keys).all(|(w, k)| k == w)
                && cand.windows(2).all(|p| {
                    prose[p[0].range.end..p[1].range.start]
                        .chars()
                        .all(char::is_whitespace)
                });
            if ok
                && cand
                    .iter()
                    .all(|t| t.text(prose).chars().next().is_some_and(char::is_uppercase))
                && cand
                    .iter()
                    .all(|t| self.written_as_qualifier(t.text(prose)))
                && !(n == 1 && self.exact_forms.contains(&words[0]) && shouting(prose, toks, i))
            {
                return Some((i + 1 - n, q.clone()));
            }
        }
        None
    }

    /// One word met walking left from a title (country qualifiers were tried first): a
    /// modifier or a "then-"/"ex-"/"former-" compound goes into `mods`; a determiner is
    /// passed over; while there is no qualifier yet, a capitalised possessive ("Trump's")
    /// becomes a person qualifier and capitalised common words ("European Commission",
    /// "Foreign Ministry", "Supreme Court") an unresolved institution. False: the word
    /// ends the walk.
    fn left_word(&self, w: &str, qualifier: &mut Option<Qualifier>, mods: &mut Modifiers) -> bool {
        let lw = w.to_lowercase();
        let (stem, poss) = strip_possessive(w);
        if historical().contains(&lw.as_str())
            || other_office().contains(&lw.as_str())
            || acting().contains(&lw.as_str())
        {
            classify_modifier(&lw, mods);
        } else if lw.starts_with("then-") || lw.starts_with("ex-") || lw.starts_with("former-") {
            mods.historical = true;
            mods.former |= !lw.starts_with("then-");
        } else if determiners().contains(&lw.as_str()) {
            // keep going: "the former U.S. envoy"
        } else if poss && qualifier.is_none() && stem.chars().next().is_some_and(char::is_uppercase)
        {
            *qualifier = Some(Qualifier::Person(stem.to_string()));
        } else if w.chars().next().is_some_and(char::is_uppercase) && !self.could_be_name(w) {
            // An institution of several words ("former Supreme Court Chief Justice X"):
            // the walk goes on to the modifier before it.
            match qualifier {
                None => *qualifier = Some(Qualifier::Unknown(w.to_string())),
                Some(Qualifier::Unknown(q)) => *q = format!("{w} {q}"),
                Some(_) => return false,
            }
        } else {
            return false;
        }
        true
    }

    /// Could this capitalised word before a title be (part of) a name rather than an
    /// institution word? Yes when the KB knows it as a name word or it is rare in English
    /// (Zipf < 3); a common word ("Commission", "Ministry", "Health") is an institution word.
    fn could_be_name(&self, w: &str) -> bool {
        let lower = fold(w);
        self.name_words.contains(&lower) || crate::text::zipf(&lower) < 3.0
    }

    /// "then-President François Hollande of France": qualifier after the name.
    fn right_context(&self, prose: &str, m: &mut TitleMention, floor_end: usize) {
        let tail = &prose[m.name.range.end..floor_end];
        if let Some(rest) = tail.strip_prefix(" of ") {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == ' ' || *c == '.')
                .collect();
            for (words, q) in &self.qualifiers {
                let cand = words.join(" ");
                if word.to_lowercase().starts_with(&cand)
                    && !cand.is_empty()
                    && m.qualifier.is_none()
                {
                    m.qualifier = Some(q.clone());
                    break;
                }
            }
        }
        if tail.starts_with(", who served as")
            || tail.starts_with(" at the time")
            || tail.starts_with(", then ")
            || died_after(tail)
        {
            m.modifiers.historical = true;
        }
    }

    /// Sentence-level markers: "who served as", "at the time", "until", a past year.
    fn sentence_context(&self, prose: &str, sents: &[Range<usize>], m: &mut TitleMention) {
        let Some(s) = sents
            .iter()
            .find(|s| s.start <= m.range.start && m.range.start < s.end)
        else {
            return;
        };
        let before = prose[s.start..m.range.start].to_lowercase();
        if before.ends_with("who served as ")
            || before.ends_with("who was ")
            || before.ends_with("served as ")
            || death_before(&before)
        {
            m.modifiers.historical = true;
        }
    }
}

/// Does the (lower-cased) text before a title mention end with the person's death ("the
/// death of", "the funeral of")? The title is the one held then, not on the story's date.
fn death_before(before: &str) -> bool {
    const EVENTS: [&str; 6] = [
        "death of ",
        "funeral of ",
        "killing of ",
        "assassination of ",
        "murder of ",
        "burial of ",
    ];
    EVENTS.iter().any(|e| before.ends_with(e))
}

/// Does the text right after a person's name say they died ("X, who died in May", "X was
/// killed")? Then the title is the one held then.
fn died_after(tail: &str) -> bool {
    let t = tail.trim_start_matches([',', ' ']);
    [
        "died",
        "who died",
        "was killed",
        "who was killed",
        "was assassinated",
        "who was assassinated",
    ]
    .iter()
    .any(|p| {
        t.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with([' ', ',', '.']))
    })
}

/// Every title form the automaton looks for: the KB's aliases and the generic lexicon,
/// each with its spelling twins ([`spelling_twins`]); sorted, without duplicates or blanks.
fn title_forms(kb: &Kb) -> Vec<String> {
    let mut forms: Vec<String> = kb
        .all_aliases()
        .chain(generic_titles().iter().copied())
        .flat_map(spelling_twins)
        .filter(|a| !a.trim().is_empty())
        .collect();
    forms.sort();
    forms.dedup();
    forms
}

/// A title form and its spellings in the variety newsrooms mix with it (adviser/advisor,
/// defence/defense), one word swapped at a time: "Defence Adviser" gives "Defence
/// Adviser", "Defence Advisor" and "Defense Adviser", not "Defense Advisor".
fn spelling_twins(form: &str) -> Vec<String> {
    let mut v = vec![form.to_string()];
    for (x, y) in [
        ("adviser", "advisor"),
        ("Adviser", "Advisor"),
        ("defence", "defense"),
        ("Defence", "Defense"),
    ] {
        if form.contains(x) {
            v.push(form.replace(x, y));
        }
        if form.contains(y) {
            v.push(form.replace(y, x));
        }
    }
    v
}

/// Qualifier forms that count only written in capitals: every one-word country name,
/// adjective or code of at most three letters (dots dropped, lower-cased), since such
/// short forms are often also English words ("US"/"us", a code "IN"/"in", "AT"/"at").
fn exact_forms(kb: &Kb) -> HashSet<String> {
    let mut out = HashSet::default();
    for c in &kb.countries {
        for q in c.names.iter().chain(&c.adjectives).chain([&c.code]) {
            let key = q.replace('.', "").to_lowercase();
            if !q.contains(' ') && key.chars().count() <= 3 {
                out.insert(key);
            }
        }
    }
    out
}

/// The country qualifier table: each country's names, adjectives and code as lower-case
/// words without dots ("U.S." is `["us"]`, "United States" `["united", "states"]`), most
/// words first (a stable sort: equal lengths keep the KB's order), and the set of every
/// word in it. A bare code that is an ordinary English word (Zipf ≥ 4: "IN", "AT") is
/// left out unless the country also goes by it as a name or adjective.
fn country_qualifiers(kb: &Kb) -> (Vec<(Vec<String>, Qualifier)>, HashSet<String>) {
    let mut qualifiers = Vec::new();
    let mut words_seen = HashSet::default();
    for c in &kb.countries {
        let code_is_word = crate::text::zipf(&c.code.to_lowercase()) >= 4.0
            && !c.names.iter().chain(&c.adjectives).any(|n| n == &c.code);
        for q in c
            .names
            .iter()
            .chain(&c.adjectives)
            .chain(std::iter::once(&c.code).filter(|_| !code_is_word))
        {
            let words: Vec<String> = q
                .split_whitespace()
                .map(|w| w.replace('.', "").to_lowercase())
                .collect();
            words_seen.extend(words.iter().cloned());
            qualifiers.push((words, Qualifier::Country(c.code.clone())));
        }
    }
    qualifiers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    (qualifiers, words_seen)
}

/// A name written twice in a row ("Lavrov Lavrov", "Sergey Lavrov Sergey Lavrov") is a
/// doubled photo caption, not a name; a name may repeat a word inside it ("Chit Thae Thae
/// Zaw", as Burmese names do).
fn doubled(prose: &str, n: &NameMention) -> bool {
    let ws: Vec<&str> = n.words.iter().map(|w| &prose[w.clone()]).collect();
    let half = ws.len() / 2;
    ws.len().is_multiple_of(2) && half > 0 && ws[..half] == ws[half..]
}

/// A word as the qualifier tables spell it: lower-case, without dots ("U.S." → "us").
fn lookup_key(word: &str) -> String {
    if word.contains('.') {
        word.replace('.', "").to_lowercase()
    } else {
        word.to_lowercase()
    }
}

/// Is the word at `i` inside all-caps text (its neighbours are all-caps words too)?
fn shouting(prose: &str, toks: &[Token], i: usize) -> bool {
    let caps = |t: &Token| {
        let w = t.text(prose);
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
    };
    let before = i.checked_sub(1).and_then(|j| toks.get(j)).is_some_and(caps);
    let after = toks.get(i + 1).is_some_and(caps);
    before && after
}

/// The text between two titles of one list: " and " or " & " (no comma: "Bolton, former
/// adviser, and Secretary of State Rubio" names two people).
fn coordinated(gap: &str) -> bool {
    matches!(
        gap.split_whitespace().collect::<Vec<_>>().as_slice(),
        ["and" | "&"]
    ) && !gap.contains('\n')
}

/// The token of a past-time modifier ("late", "former") standing before token `i` with
/// only one or two lower-case adjectives between it and the title (`i` is the adjective
/// next to the title): "late ultraconservative president", "former long-serving prime
/// minister". Words are separated by spaces only.
fn historical_across_adjectives(prose: &str, toks: &[Token], i: usize) -> Option<usize> {
    let adjective = |t: &Token| {
        let w = t.text(prose);
        w.chars().next().is_some_and(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !determiners().contains(&w)
            && !historical().contains(&w)
    };
    let spaced = |a: &Token, b: &Token| prose[a.range.end..b.range.start] == *" ";
    let mut k = i;
    for _ in 0..2 {
        if !adjective(&toks[k]) {
            return None;
        }
        let j = k.checked_sub(1)?;
        if !spaced(&toks[j], &toks[k]) {
            return None;
        }
        if historical().contains(&toks[j].text(prose).to_lowercase().as_str()) {
            return Some(j);
        }
        k = j;
    }
    None
}

/// Record a modifier word ("former", "ex-", "deputy", "acting") in `mods`; any other word
/// changes nothing.
fn classify_modifier(w: &str, mods: &mut Modifiers) {
    let w = w.trim_end_matches('-');
    if historical().contains(&w) {
        mods.historical = true;
        mods.former |= w == "former" || w == "ex";
    } else if other_office().contains(&w) {
        mods.other_office = true;
    } else if acting().contains(&w) {
        mods.acting = true;
    }
}

/// The first byte at or after `i` (up to `end`) that is not whitespace.
fn skip_ws(s: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Move `left` past leading determiners ("the", "a", "his" …) and the whitespace after
/// them, as long as some text remains before `limit`.
fn skip_determiners(prose: &str, mut left: usize, limit: usize) -> usize {
    loop {
        let rest = &prose[left..limit];
        let word: &str = rest.split(|c: char| c.is_whitespace()).next().unwrap_or("");
        if !word.is_empty()
            && word.len() < rest.len()
            && [
                "the", "a", "an", "The", "A", "An", "his", "her", "His", "Her",
            ]
            .contains(&word)
        {
            left = skip_ws(prose, left + word.len(), limit);
        } else {
            return left;
        }
    }
}

/// A title phrase with what stands before it, ready to attach to a name.
struct TitleAt {
    /// The title words ("President").
    span: Range<usize>,
    /// Where the claim starts: the first qualifier or modifier word (leading determiners
    /// skipped), else the title.
    left: usize,
    qualifier: Option<Qualifier>,
    modifiers: Modifiers,
}

impl TitleAt {
    /// Start of the replaceable title: `left` when the qualifier is a country (so the
    /// country word and any modifier before it are replaced with the title), else the title
    /// words alone.
    fn title_start(&self) -> usize {
        match self.qualifier {
            Some(Qualifier::Country(_)) => self.left,
            _ => self.span.start,
        }
    }

    /// The mention of this title attached to `name`, claiming `range`.
    fn mention(&self, range: Range<usize>, name: &NameMention, pattern: Pattern) -> TitleMention {
        TitleMention {
            range,
            title_range: self.title_start()..self.span.end,
            alias_range: self.span.clone(),
            qualifier: self.qualifier.clone(),
            modifiers: self.modifiers,
            name: name.clone(),
            pattern,
        }
    }
}

/// TITLE, NAME ("Germany's chancellor, Friedrich Merz,"): a name of two words or more,
/// not possessive, right after ", ", followed by the end of the text or `,` `.` `;` `)`.
/// The title needs a qualifier or a modifier before it; a bare "the chancellor, Friedrich
/// Merz," does not attach.
fn title_comma_name(
    prose: &str,
    end: usize,
    t: &TitleAt,
    names: &[NameMention],
) -> Option<TitleMention> {
    if !prose[t.span.end..].starts_with(", ") {
        return None;
    }
    let after = skip_ws(prose, t.span.end + 1, end);
    let n = names
        .iter()
        .find(|n| n.range.start == after && n.words.len() >= 2)?;
    let introduced = t.qualifier.is_some() || t.left < t.span.start;
    let closed = prose[n.range.end..]
        .chars()
        .next()
        .is_none_or(|c| ",.;)".contains(c));
    (introduced && closed && !n.possessive)
        .then(|| t.mention(t.left..n.range.end, n, Pattern::TitleCommaName))
}

/// Where a name after a title would start: past whitespace from `from`, and past one
/// honorific and the whitespace after it ("Emir Sheikh Tamim", "Prime Minister Dr
/// Mohamed"); never beyond `end`.
fn name_start_after(prose: &str, from: usize, end: usize) -> usize {
    let after = skip_ws(prose, from, end);
    for h in honorifics() {
        if prose[after..end].starts_with(h) && prose[after + h.len()..].starts_with([' ', '\n']) {
            return skip_ws(prose, after + h.len(), end);
        }
    }
    after
}

/// "former Defence Secretary and Foreign Secretary David Cameron": the historical modifier
/// of the previous title (`prev`: its span and modifiers) carries over, with its "former",
/// to a title whose claim starts at `left` when only " and " or " & " lies between them.
fn inherit_list_modifiers(
    prose: &str,
    prev: Option<&(Range<usize>, Modifiers)>,
    left: usize,
    modifiers: &mut Modifiers,
) {
    if let Some((p, pm)) = prev
        && pm.historical
        && prose.get(p.end..left).is_some_and(coordinated)
    {
        modifiers.historical = true;
        modifiers.former |= pm.former;
    }
}

/// "would judge Lecornu", "to chair Smith": a title written all in lower case right after
/// a verb cue (the last word between the paragraph's start and the claim's start) is a
/// verb here.
fn used_as_verb(prose: &str, para_start: usize, left: usize, span: &Range<usize>) -> bool {
    if prose[span.clone()].chars().any(char::is_uppercase) {
        return false;
    }
    let prev = prose[para_start..left]
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    verb_cues().contains(&prev.as_str())
}

/// "then-Chancellor", "ex-President": when the title starts right after a hyphen, the word
/// before the hyphen is a modifier (recorded in `mods`). Where the walk left goes on: that
/// word's start (not before `floor`), else the title's start.
fn hyphen_prefix(prose: &str, title_start: usize, floor: usize, mods: &mut Modifiers) -> usize {
    if !prose[..title_start].ends_with('-') {
        return title_start;
    }
    let word_start = prose[..title_start - 1]
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(floor, |i| {
            i + prose[i..].chars().next().map_or(1, char::len_utf8)
        })
        .max(floor);
    classify_modifier(&prose[word_start..title_start - 1].to_lowercase(), mods);
    word_start
}

/// The name a run of tokens spells: its range and text without a possessive suffix.
fn make_name(prose: &str, run: &[&Token]) -> NameMention {
    let start = run[0].range.start;
    let last = run[run.len() - 1];
    let last_text = last.text(prose);
    let (stem, possessive) = strip_possessive(last_text);
    let end = last.range.start + stem.len();
    let mut words: Vec<Range<usize>> = run.iter().map(|t| t.range.clone()).collect();
    if let Some(w) = words.last_mut() {
        w.end = end;
    }
    // Words joined by single spaces (a name may be wrapped across lines); an initial keeps
    // its period ("S. Jaishankar").
    let text = words
        .iter()
        .map(|w| {
            let word = &prose[w.clone()];
            if is_initial(word) && w.end < end && prose[w.end..].starts_with('.') {
                &prose[w.start..w.end + 1]
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    NameMention {
        range: start..end,
        words,
        text,
        possessive,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::text::tokens_in;

    fn mentions(text: &str) -> Vec<(String, String, Option<Qualifier>, Modifiers, Pattern)> {
        let kb = Kb::builtin();
        let ex = Extractor::new(&kb);
        let doc = Document::new(text, Format::PlainText);
        doc.paragraphs
            .iter()
            .flat_map(|p| {
                let r = p.range.clone();
                let spans = ex.title_spans(&doc.prose, r.clone());
                let toks = tokens_in(&doc.prose, r.clone());
                let names = ex.names(&doc.prose, r.clone(), toks.clone(), &spans);
                let sents = crate::facts::sentences::split(&doc.prose, r.clone());
                ex.title_mentions(&doc.prose, r, &toks, &spans, &names, &sents)
            })
            .map(|m| {
                (
                    m.alias(&doc.text).to_string(),
                    m.name.text.clone(),
                    m.qualifier.clone(),
                    m.modifiers,
                    m.pattern,
                )
            })
            .collect()
    }

    #[test]
    fn title_name_with_country_qualifier() {
        let m = mentions(
            "Talks included French President Emmanuel Macron and Russia’s Foreign Minister Sergei Lavrov.",
        );
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0].1, "Emmanuel Macron");
        assert_eq!(m[0].2, Some(Qualifier::Country("FR".into())));
        assert_eq!(m[1].1, "Sergei Lavrov");
        assert_eq!(m[1].2, Some(Qualifier::Country("RU".into())));
    }

    #[test]
    fn modifiers_and_patterns() {
        let m =
            mentions("Critics, among them former National Security Adviser John Bolton, agreed.");
        assert!(m[0].3.historical);
        let m = mentions(
            "It was brokered by then-Chancellor Angela Merkel and Deputy Foreign Minister Alexander Grushko.",
        );
        assert!(m[0].3.historical, "{m:?}");
        assert!(m[1].3.other_office, "{m:?}");
        let m = mentions("On television, Trump’s national security adviser, Mike Waltz, said so.");
        assert_eq!(m[0].1, "Mike Waltz");
        assert_eq!(m[0].2, Some(Qualifier::Person("Trump".into())));
        assert_eq!(m[0].4, Pattern::TitleCommaName);
        let m = mentions("Mike Waltz, Trump’s national security adviser at the time, argued.");
        assert_eq!(m[0].4, Pattern::NameCommaTitle);
        assert!(m[0].3.historical);
        // "former" before a country word or an institution of several words.
        for s in [
            "The president appointed former Supreme Court Chief Justice Sushila Karki on Friday.",
            "Former Nepali Chief Justice Sushila Karki has been appointed.",
        ] {
            let m = mentions(s);
            assert_eq!(
                (m[0].0.as_str(), m[0].3.former),
                ("Chief Justice", true),
                "{m:?}"
            );
        }
    }

    #[test]
    fn names_take_particles_and_drop_possessives() {
        let kb = Kb::builtin();
        let ex = Extractor::new(&kb);
        let s = "European Commission President Ursula von der Leyen met Zelenskyy’s team.";
        let spans = ex.title_spans(s, 0..s.len());
        let names: Vec<String> = ex
            .names(s, 0..s.len(), tokens_in(s, 0..s.len()), &spans)
            .into_iter()
            .map(|n| n.text)
            .collect();
        assert!(
            names.contains(&"Ursula von der Leyen".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"Zelenskyy".to_string()), "{names:?}");
        // The Arabic article joined with a hyphen goes on a name; alone it opens none.
        let s = "Shiite cleric Muqtada al-Sadr met Abdel Fattah el-Sisi; al-Sadr left.";
        let names: Vec<String> = ex
            .names(
                s,
                0..s.len(),
                tokens_in(s, 0..s.len()),
                &ex.title_spans(s, 0..s.len()),
            )
            .into_iter()
            .map(|n| n.text)
            .collect();
        assert!(names.contains(&"Muqtada al-Sadr".to_string()), "{names:?}");
        assert!(
            names.contains(&"Abdel Fattah el-Sisi".to_string()),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.starts_with("al-")), "{names:?}");
    }

    #[test]
    fn a_function_word_between_a_title_and_a_rare_name_word_opens_the_name() {
        let m = mentions("China’s Vice Premier He Lifeng met the delegation in Geneva.");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].1, "He Lifeng");
        // A pronoun after a period, before a common word, or with no title before it.
        for s in [
            "They met the Vice Premier. He Lifeng was not there.",
            "Vice Premier He Says Talks Went Well",
            "On Monday He Lifeng arrived in Geneva.",
        ] {
            let m = mentions(s);
            assert!(m.iter().all(|m| m.1 != "He Lifeng"), "{s}: {m:?}");
        }
    }

    #[test]
    fn a_doubled_caption_is_no_name_a_repeated_syllable_is() {
        let kb = Kb::builtin();
        let ex = Extractor::new(&kb);
        let names = |s: &str| -> Vec<String> {
            let spans = ex.title_spans(s, 0..s.len());
            ex.names(s, 0..s.len(), tokens_in(s, 0..s.len()), &spans)
                .into_iter()
                .map(|n| n.text)
                .collect()
        };
        assert_eq!(
            names("On the fifth floor, Chit Thae Thae Zaw thought it was a truck."),
            ["Chit Thae Thae Zaw"]
        );
        assert!(names("Photo: Lavrov Lavrov\n").is_empty());
        assert!(names("Photo: Sergey Lavrov Sergey Lavrov\n").is_empty());
    }

    fn at(s: &str, word: &str) -> usize {
        s.find(word)
            .unwrap_or_else(|| panic!("{word:?} not in {s:?}"))
    }

    fn tok_index(s: &str, toks: &[Token], word: &str) -> usize {
        toks.iter()
            .position(|t| t.text(s) == word)
            .unwrap_or_else(|| panic!("no token {word:?}"))
    }

    #[test]
    fn spelling_twins_swap_one_word_at_a_time() {
        assert_eq!(
            spelling_twins("Defence Adviser"),
            ["Defence Adviser", "Defence Advisor", "Defense Adviser"]
        );
        assert_eq!(
            spelling_twins("national security advisor"),
            ["national security advisor", "national security adviser"]
        );
        assert_eq!(spelling_twins("President"), ["President"]);
    }

    #[test]
    fn country_qualifier_table_and_short_forms() {
        let kb = Kb::builtin();
        let (table, words) = country_qualifiers(&kb);
        let words_of = |q: &[&str]| {
            table
                .iter()
                .find(|(w, _)| w.iter().map(String::as_str).eq(q.iter().copied()))
                .map(|(_, q)| q.clone())
        };
        assert_eq!(
            words_of(&["united", "states"]),
            Some(Qualifier::Country("US".into()))
        );
        assert_eq!(words_of(&["us"]), Some(Qualifier::Country("US".into())));
        // The code "IN" is the English word "in": left out; India's names stay.
        assert_eq!(words_of(&["in"]), None);
        assert_eq!(words_of(&["india"]), Some(Qualifier::Country("IN".into())));
        assert!(table.windows(2).all(|p| p[0].0.len() >= p[1].0.len()));
        assert!(words.contains("united") && words.contains("delhi"));
        assert!(!words.contains("in"));
        let exact = exact_forms(&kb);
        for short in ["us", "usa", "in", "at"] {
            assert!(exact.contains(short), "{short}");
        }
        assert!(!exact.contains("india") && !exact.contains("new delhi"));
    }

    #[test]
    fn a_hyphenated_modifier_before_the_title() {
        let s = "then-Chancellor Angela Merkel";
        let mut mods = Modifiers::default();
        assert_eq!(hyphen_prefix(s, at(s, "Chancellor"), 0, &mut mods), 0);
        assert_eq!(
            mods,
            Modifiers {
                historical: true,
                ..Modifiers::default()
            }
        );
        let s = "Critics included ex-President Hollande";
        let mut mods = Modifiers::default();
        assert_eq!(
            hyphen_prefix(s, at(s, "President"), 0, &mut mods),
            at(s, "ex-")
        );
        assert!(mods.historical && mods.former);
        // Not before the floor.
        let mut mods = Modifiers::default();
        assert_eq!(
            hyphen_prefix(s, at(s, "President"), at(s, "x-"), &mut mods),
            at(s, "x-")
        );
        // No hyphen: the walk starts at the title.
        let s = "the President Emmanuel Macron";
        let mut mods = Modifiers::default();
        assert_eq!(hyphen_prefix(s, 4, 0, &mut mods), 4);
        assert_eq!(mods, Modifiers::default());
    }

    #[test]
    fn an_honorific_between_title_and_name_is_skipped() {
        let s = "Emir Sheikh Tamim";
        assert_eq!(name_start_after(s, 4, s.len()), at(s, "Tamim"));
        let s = "Prime Minister Dr. Mohamed";
        assert_eq!(name_start_after(s, 14, s.len()), at(s, "Mohamed"));
        let s = "President  Macron";
        assert_eq!(name_start_after(s, 9, s.len()), at(s, "Macron"));
        // "Sirte" is no honorific "Sir".
        let s = "Governor Sirte";
        assert_eq!(name_start_after(s, 8, s.len()), at(s, "Sirte"));
    }

    #[test]
    fn a_historical_modifier_carries_over_a_coordinated_list_only() {
        let s = "former Defence Secretary and Foreign Secretary David Cameron";
        let first = at(s, "Defence")..at(s, " and");
        let prev = (
            first.clone(),
            Modifiers {
                historical: true,
                former: true,
                ..Modifiers::default()
            },
        );
        let mut mods = Modifiers::default();
        inherit_list_modifiers(s, Some(&prev), at(s, "Foreign"), &mut mods);
        assert!(
            mods.historical && mods.former && !mods.other_office,
            "{mods:?}"
        );
        // A comma between the titles: two people.
        let s = "former Defence Secretary, and Foreign Secretary David Cameron";
        let prev = (at(s, "Defence")..at(s, ","), prev.1);
        let mut mods = Modifiers::default();
        inherit_list_modifiers(s, Some(&prev), at(s, "Foreign"), &mut mods);
        assert_eq!(mods, Modifiers::default());
        // Nothing to inherit without a historical first title.
        let mut mods = Modifiers::default();
        inherit_list_modifiers(s, None, at(s, "Foreign"), &mut mods);
        assert_eq!(mods, Modifiers::default());
    }

    #[test]
    fn a_lower_case_title_after_a_verb_cue_is_a_verb() {
        let s = "He said he would judge Lecornu fairly.";
        let span = at(s, "judge")..at(s, " Lecornu");
        assert!(used_as_verb(s, 0, span.start, &span));
        let s = "He said the judge Lecornu ruled.";
        let span = at(s, "judge")..at(s, " Lecornu");
        assert!(!used_as_verb(s, 0, span.start, &span));
        let s = "He said he would Judge Lecornu fairly.";
        let span = at(s, "Judge")..at(s, " Lecornu");
        assert!(!used_as_verb(s, 0, span.start, &span));
    }

    #[test]
    fn modifiers_the_title_itself_carries() {
        let ex = Extractor::new(&Kb::builtin());
        let other = |s: &str, title: &str| {
            let span = at(s, title)..at(s, title) + title.len();
            let mut mods = Modifiers::default();
            ex.own_modifiers(s, &span, &mut mods);
            mods.other_office
        };
        assert!(other(
            "Deputy Foreign Minister Alexander Grushko",
            "Deputy Foreign Minister"
        ));
        // A KB office of its own.
        assert!(!other(
            "Deputy Prime Minister Ishaq Dar",
            "Deputy Prime Minister"
        ));
        assert!(other(
            "Secretary of State-designate Marco Rubio",
            "Secretary of State"
        ));
        assert!(other("Prime Minister designate Smith", "Prime Minister"));
        assert!(!other(
            "Secretary of State Marco Rubio",
            "Secretary of State"
        ));
    }

    #[test]
    fn country_qualifiers_end_at_a_token() {
        let ex = Extractor::new(&Kb::builtin());
        let s = "He met the United States envoy and a U.S. official.";
        let toks = tokens_in(s, 0..s.len());
        let us = Some(Qualifier::Country("US".into()));
        assert_eq!(
            ex.country_qualifier_ending_at(s, &toks, tok_index(s, &toks, "States")),
            Some((tok_index(s, &toks, "United"), us.clone().unwrap()))
        );
        let i = tok_index(s, &toks, "U.S.");
        assert_eq!(
            ex.country_qualifier_ending_at(s, &toks, i)
                .map(|(f, q)| (f, Some(q))),
            Some((i, us))
        );
        let s = "TRUMP TELLS US NOTHING; he told us envoy";
        let toks = tokens_in(s, 0..s.len());
        assert_eq!(ex.country_qualifier_ending_at(s, &toks, 2), None);
        assert_eq!(
            ex.country_qualifier_ending_at(s, &toks, tok_index(s, &toks, "us")),
            None
        );
    }

    #[test]
    fn words_left_of_a_title() {
        let ex = Extractor::new(&Kb::builtin());
        let step = |w: &str, q: Option<Qualifier>| {
            let (mut q, mut mods) = (q, Modifiers::default());
            let go_on = ex.left_word(w, &mut q, &mut mods);
            (go_on, q, mods)
        };
        let none = Modifiers::default();
        assert_eq!(
            step("Trump’s", None),
            (true, Some(Qualifier::Person("Trump".into())), none)
        );
        assert_eq!(
            step("Commission", None),
            (true, Some(Qualifier::Unknown("Commission".into())), none)
        );
        // An institution of several words is one qualifier; a country or person one ends it.
        assert_eq!(
            step("Supreme", Some(Qualifier::Unknown("Court".into()))),
            (true, Some(Qualifier::Unknown("Supreme Court".into())), none)
        );
        assert_eq!(
            step("Supreme", Some(Qualifier::Country("np".into()))),
            (false, Some(Qualifier::Country("np".into())), none)
        );
        let former = Modifiers {
            historical: true,
            former: true,
            ..none
        };
        assert_eq!(step("former", None), (true, None, former));
        assert_eq!(step("ex-foreign", None), (true, None, former));
        let then = Modifiers {
            historical: true,
            ..none
        };
        assert_eq!(step("then-foreign", None), (true, None, then));
        let deputy = Modifiers {
            other_office: true,
            ..none
        };
        assert_eq!(step("Deputy", None), (true, None, deputy));
        assert_eq!(step("the", None), (true, None, none));
        assert_eq!(step("said", None), (false, None, none));
        // A name is no institution; one qualifier only.
        assert_eq!(step("Lavrov", None), (false, None, none));
        let fr = Some(Qualifier::Country("FR".into()));
        assert_eq!(step("Trump’s", fr.clone()), (false, fr, none));
    }

    #[test]
    fn comma_patterns_need_more_than_a_determiner() {
        let m = mentions("Asked about it, Mike Waltz, the national security adviser, said no.");
        assert!(m.is_empty(), "{m:?}");
        let m = mentions("Asked about it, the chancellor, Friedrich Merz, said no.");
        assert!(m.is_empty(), "{m:?}");
        let m = mentions("Asked about it, the German chancellor, Friedrich Merz, said no.");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].1, "Friedrich Merz");
        assert_eq!(m[0].2, Some(Qualifier::Country("DE".into())));
        assert_eq!(m[0].4, Pattern::TitleCommaName);
    }

    #[test]
    fn a_country_qualifier_starts_the_replaceable_title() {
        let t = TitleAt {
            span: 10..19,
            left: 3,
            qualifier: Some(Qualifier::Country("FR".into())),
            modifiers: Modifiers::default(),
        };
        assert_eq!(t.title_start(), 3);
        let t = TitleAt {
            qualifier: Some(Qualifier::Person("Trump".into())),
            ..t
        };
        assert_eq!(t.title_start(), 10);
    }
}
