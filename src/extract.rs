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

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::kb::{Kb, alias_key};
use crate::text::{Token, fold, is_initial, strip_possessive, tokens_in};
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
fn non_name_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut s: HashSet<&'static str> = crate::wordlists::months()
            .iter()
            .chain(crate::wordlists::weekdays())
            .chain(crate::wordlists::calendar_abbreviations())
            .copied()
            .collect();
        s.extend(crate::wordlists::non_name_words());
        s
    })
}

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
}

impl Extractor {
    pub fn new(kb: &Kb) -> Extractor {
        let mut forms: Vec<String> = kb
            .all_aliases()
            .chain(generic_titles().iter().copied())
            .flat_map(|a| {
                // Spelling variants newsrooms mix: adviser/advisor, defence/defense.
                let a = a.to_string();
                let mut v = vec![a.clone()];
                for (x, y) in [
                    ("adviser", "advisor"),
                    ("Adviser", "Advisor"),
                    ("defence", "defense"),
                    ("Defence", "Defense"),
                ] {
                    if a.contains(x) {
                        v.push(a.replace(x, y));
                    }
                    if a.contains(y) {
                        v.push(a.replace(y, x));
                    }
                }
                v
            })
            .filter(|a| !a.trim().is_empty())
            .collect();
        forms.sort();
        forms.dedup();
        let titles = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&forms)
            .expect("title automaton");
        let mut qualifiers = Vec::new();
        let mut qualifier_words = HashSet::new();
        let mut exact_forms = HashSet::new();
        for c in &kb.countries {
            for q in c.names.iter().chain(&c.adjectives).chain([&c.code]) {
                // Short forms that are also English words ("US"/"us", a code "IN"/"in",
                // "AT"/"at") count only written in capitals; a bare code that is an
                // ordinary word never counts.
                let key = q.replace('.', "").to_lowercase();
                if !q.contains(' ') && key.chars().count() <= 3 {
                    exact_forms.insert(key);
                }
            }
        }
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
                for w in &words {
                    qualifier_words.insert(w.clone());
                }
                qualifiers.push((words, Qualifier::Country(c.code.clone())));
            }
        }
        qualifiers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
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
            exact_forms,
            name_words,
            kb_aliases,
        }
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
        out
    }

    /// The country or organisation code a single word names ("French", "U.S.", "NATO").
    pub fn country_code(&self, word: &str) -> Option<&str> {
        let key = word.replace('.', "").to_lowercase();
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
        let key = word.replace('.', "").to_lowercase();
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
        self.qualifier_words
            .contains(&stem.replace('.', "").to_lowercase())
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
        // Dotted abbreviations like U.S. are not names; initials like "J.D." are allowed
        // only inside a longer name (handled by the caller).
        !w.chars().any(|c| c.is_numeric())
    }

    /// Page residue glues the next sentence to a name ("Ebrahim RaisiThe country's…"):
    /// split a word where a capital follows a lower-case letter and the rest is a word that
    /// is never part of a name ("The", "In", "President"). "McDonald" and "DeSantis" stay.
    fn split_glued(&self, prose: &str, toks: Vec<Token>) -> Vec<Token> {
        let mut out = Vec::with_capacity(toks.len());
        for t in toks {
            let w = t.text(prose);
            let cut = w
                .char_indices()
                .zip(w.chars().skip(1))
                .find_map(|((i, a), b)| {
                    let at = i + a.len_utf8();
                    (a.is_lowercase() && b.is_uppercase()).then_some(at)
                })
                .filter(|&at| {
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

    /// Person names in a paragraph, not crossing title phrases or punctuation.
    pub fn names(
        &self,
        prose: &str,
        range: Range<usize>,
        titles: &[Range<usize>],
    ) -> Vec<NameMention> {
        let range_start = range.start;
        let toks = self.split_glued(prose, tokens_in(prose, range));
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
            if !in_title(t) && !common_opener && (self.namey(w) || particle) {
                run.push(t);
            } else {
                flush(&mut run, &mut out);
            }
        }
        flush(&mut run, &mut out);
        // A name never repeats a word ("Lavrov Lavrov" is caption residue).
        out.retain(|n| {
            let ws: Vec<&str> = n.words.iter().map(|w| &prose[w.clone()]).collect();
            ws.iter().collect::<HashSet<_>>().len() == ws.len()
        });
        out
    }

    /// Titles attached to names in one paragraph (`range` of `prose`), given the
    /// paragraph's title spans ([`Extractor::title_spans`]), person names
    /// ([`Extractor::names`]) and sentences, all with offsets into `prose`.
    pub fn title_mentions(
        &self,
        prose: &str,
        range: Range<usize>,
        spans: &[Range<usize>],
        names: &[NameMention],
        sents: &[Range<usize>],
    ) -> Vec<TitleMention> {
        let toks = tokens_in(prose, range.clone());
        let mut out = Vec::new();
        let mut prev: Option<(Range<usize>, Modifiers)> = None;
        for span in spans {
            let (left_start, qualifier, mut modifiers) =
                self.scan_left(prose, &toks, span.start, range.start);
            // "former Defence Secretary and Foreign Secretary David Cameron": the modifier
            // of the first title governs every title of the list.
            if let Some((p, pm)) = &prev
                && pm.historical
                && prose.get(p.end..left_start).is_some_and(coordinated)
            {
                modifiers.historical = true;
                modifiers.former |= pm.former;
            }
            prev = Some((span.clone(), modifiers));
            // "Deputy Foreign Minister" is a generic title of its own, but not the office
            // of the minister.
            let key = alias_key(&prose[span.clone()]);
            if !self.kb_aliases.contains(&key)
                && key
                    .split(' ')
                    .next()
                    .is_some_and(|w| ["deputy", "vice", "assistant", "under"].contains(&w))
            {
                modifiers.other_office = true;
            }
            // -designate / -elect
            let rest = &prose[span.end..];
            if rest.starts_with("-designate")
                || rest.starts_with("-elect")
                || rest.starts_with(" designate")
            {
                modifiers.other_office = true;
            }
            // "Emir Sheikh Tamim", "Prime Minister Dr Mohamed": skip an honorific.
            let mut after = skip_ws(prose, span.end, range.end);
            for h in honorifics() {
                if prose[after..range.end].starts_with(h)
                    && prose[after + h.len()..].starts_with([' ', '\n'])
                {
                    after = skip_ws(prose, after + h.len(), range.end);
                    break;
                }
            }
            // "would judge Lecornu", "to chair Smith": a lower-case word that is a verb here.
            let written = &prose[span.clone()];
            if written.chars().all(|c| !c.is_uppercase()) {
                let prev = prose[range.start..left_start]
                    .split_whitespace()
                    .next_back()
                    .unwrap_or("")
                    .to_lowercase();
                if verb_cues().contains(&prev.as_str()) {
                    continue;
                }
            }
            // TITLE NAME
            if let Some(n) = names
                .iter()
                .find(|n| n.range.start == after && after > span.end)
            {
                let gap = &prose[span.end..after];
                if gap.matches('\n').count() <= 1 {
                    let mut m = TitleMention {
                        range: left_start..n.range.end,
                        title_range: title_start(prose, left_start, span.start, &qualifier)
                            ..span.end,
                        alias_range: span.clone(),
                        qualifier: qualifier.clone(),
                        modifiers,
                        name: n.clone(),
                        pattern: Pattern::TitleName,
                    };
                    self.right_context(prose, &mut m, range.end);
                    self.sentence_context(prose, sents, &mut m);
                    out.push(m);
                    continue;
                }
            }
            // TITLE, NAME,  — needs a possessive or country qualifier or a determiner.
            if prose[span.end..].starts_with(", ") {
                let after = skip_ws(prose, span.end + 1, range.end);
                if let Some(n) = names
                    .iter()
                    .find(|n| n.range.start == after && n.words.len() >= 2)
                {
                    let next = prose[n.range.end..].chars().next();
                    let has_det = qualifier.is_some() || left_start < span.start;
                    if has_det
                        && (next.is_none() || next.is_some_and(|c| ",.;)".contains(c)))
                        && !n.possessive
                    {
                        let mut m = TitleMention {
                            range: left_start..n.range.end,
                            title_range: title_start(prose, left_start, span.start, &qualifier)
                                ..span.end,
                            alias_range: span.clone(),
                            qualifier: qualifier.clone(),
                            modifiers,
                            name: n.clone(),
                            pattern: Pattern::TitleCommaName,
                        };
                        self.sentence_context(prose, sents, &mut m);
                        out.push(m);
                        continue;
                    }
                }
            }
            // NAME, [the] TITLE[,.;] — the name must end right before ", ".
            let before = &prose[range.start..left_start];
            if let Some(stripped) = before.strip_suffix(", ")
                && let Some(n) = names
                    .iter()
                    .find(|n| n.range.end == range.start + stripped.len() && n.words.len() >= 2)
            {
                let tail = &prose[span.end..range.end];
                let closes = tail.is_empty()
                    || tail.starts_with([',', '.', ';', ')'])
                    || tail.starts_with(" at the time")
                    || tail.starts_with(" of ");
                if closes && !n.possessive {
                    let mut m = TitleMention {
                        range: n.range.start..span.end,
                        title_range: title_start(prose, left_start, span.start, &qualifier)
                            ..span.end,
                        alias_range: span.clone(),
                        qualifier: qualifier.clone(),
                        modifiers,
                        name: n.clone(),
                        pattern: Pattern::NameCommaTitle,
                    };
                    if tail.starts_with(" at the time") {
                        m.modifiers.historical = true;
                    }
                    self.right_context(prose, &mut m, range.end);
                    self.sentence_context(prose, sents, &mut m);
                    out.push(m);
                }
            }
        }
        out
    }

    /// Walk left from a title over determiners, modifiers and qualifiers.
    fn scan_left(
        &self,
        prose: &str,
        toks: &[Token],
        title_start: usize,
        floor: usize,
    ) -> (usize, Option<Qualifier>, Modifiers) {
        let mut mods = Modifiers::default();
        let mut qualifier = None;
        let mut left = title_start;
        // "then-Chancellor", "ex-President": the title starts right after a hyphen.
        if prose[..title_start].ends_with('-') {
            let word_start = prose[..title_start - 1]
                .rfind(|c: char| !c.is_alphanumeric())
                .map_or(floor, |i| {
                    i + prose[i..].chars().next().map_or(1, char::len_utf8)
                })
                .max(floor);
            let w = prose[word_start..title_start - 1].to_lowercase();
            classify_modifier(&w, &mut mods);
            left = word_start;
        }
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
            let w = t.text(prose);
            let lw = w.to_lowercase();
            // multi-word country qualifiers: try the longest that ends at this token
            if qualifier.is_none() {
                let mut found = None;
                for (words, q) in &self.qualifiers {
                    let n = words.len();
                    if n == 0 || i + 1 < n {
                        continue;
                    }
                    let cand = &toks[i + 1 - n..=i];
                    let ok = cand.iter().zip(words).all(|(t, w)| {
                        let (stem, _) = strip_possessive(t.text(prose));
                        stem.replace('.', "").to_lowercase() == *w
                    }) && cand.windows(2).all(|p| {
                        prose[p[0].range.end..p[1].range.start]
                            .chars()
                            .all(char::is_whitespace)
                    });
                    // Capitalised forms only: "us" is not "U.S."; short forms in capitals
                    // only, and not inside an all-caps headline ("TRUMP TELLS US").
                    if ok
                        && cand
                            .iter()
                            .all(|t| t.text(prose).chars().next().is_some_and(char::is_uppercase))
                        && cand
                            .iter()
                            .all(|t| self.written_as_qualifier(t.text(prose)))
                        && !(n == 1
                            && self.exact_forms.contains(&words[0])
                            && shouting(prose, toks, i))
                    {
                        found = Some((i + 1 - n, q.clone()));
                        break;
                    }
                }
                if let Some((first, q)) = found {
                    qualifier = Some(q);
                    left = toks[first].range.start;
                    idx = first.checked_sub(1);
                    steps += 1;
                    continue;
                }
            }
            let (stem, poss) = strip_possessive(w);
            if historical().contains(&lw.as_str())
                || other_office().contains(&lw.as_str())
                || acting().contains(&lw.as_str())
            {
                classify_modifier(&lw, &mut mods);
            } else if lw.starts_with("then-") || lw.starts_with("ex-") || lw.starts_with("former-")
            {
                mods.historical = true;
                mods.former |= !lw.starts_with("then-");
            } else if determiners().contains(&lw.as_str()) {
                // keep going: "the former U.S. envoy"
            } else if poss
                && qualifier.is_none()
                && stem.chars().next().is_some_and(char::is_uppercase)
            {
                // "Trump's", "Putin’s": a person's possessive (countries were tried above)
                qualifier = Some(Qualifier::Person(stem.to_string()));
            } else if qualifier.is_none()
                && w.chars().next().is_some_and(char::is_uppercase)
                && !self.namey_strict(w)
            {
                // "European Commission President", "Foreign Ministry spokeswoman"
                qualifier = Some(Qualifier::Unknown(w.to_string()));
            } else {
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

    /// Capitalised words that look like institution words rather than names: everything
    /// capitalised that is a common English word ("Commission", "Ministry", "Health").
    fn namey_strict(&self, w: &str) -> bool {
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
        {
            m.modifiers.historical = true;
        }
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

/// Start of the replaceable title: the qualifier, if any, else the title itself.
fn title_start(
    _prose: &str,
    left_start: usize,
    alias_start: usize,
    qualifier: &Option<Qualifier>,
) -> usize {
    match qualifier {
        Some(Qualifier::Country(_)) => left_start,
        _ => alias_start,
    }
}

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

    fn mentions(text: &str) -> Vec<(String, String, Option<Qualifier>, Modifiers, Pattern)> {
        let kb = Kb::builtin();
        let ex = Extractor::new(&kb);
        let doc = Document::new(text, Format::PlainText);
        doc.paragraphs
            .iter()
            .flat_map(|p| {
                let r = p.range.clone();
                let spans = ex.title_spans(&doc.prose, r.clone());
                let names = ex.names(&doc.prose, r.clone(), &spans);
                let sents = crate::facts::sentences::split(&doc.prose, r.clone());
                ex.title_mentions(&doc.prose, r, &spans, &names, &sents)
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
    }

    #[test]
    fn names_take_particles_and_drop_possessives() {
        let kb = Kb::builtin();
        let ex = Extractor::new(&kb);
        let s = "European Commission President Ursula von der Leyen met Zelenskyy’s team.";
        let spans = ex.title_spans(s, 0..s.len());
        let names: Vec<String> = ex
            .names(s, 0..s.len(), &spans)
            .into_iter()
            .map(|n| n.text)
            .collect();
        assert!(
            names.contains(&"Ursula von der Leyen".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"Zelenskyy".to_string()), "{names:?}");
    }
}
