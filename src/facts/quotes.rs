//! Direct quotations in one paragraph of prose: where they are, their words, and who is
//! said to speak them.
//!
//! A pure function of the paragraph's text (plus the person names found in it), with every
//! range relative to the start of the paragraph, so that the facts of an unchanged
//! paragraph can be cached and shifted.
//!
//! - Marks: curly (“ ”), straight (") and guillemet (« » „) double quotes; single quotes
//!   inside are part of the quotation. An unclosed quotation runs to the paragraph's end
//!   (a quote that goes on in the next paragraph).
//! - A quotation split by an attribution (`“God loves us,” Leo said, “God loves everyone”`)
//!   is one [`Quote`] with two parts.
//! - The speaker: after the closing mark (`,” he said`, `, said X`, `X told reporters`,
//!   `according to X`), else in the words before the opening mark in the same sentence
//!   (`X said:`, `X told a news conference that “…”`), else the previous quotation's
//!   speaker in the paragraph.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::{FactKind, Names, Paragraph, Titles, shift_range};
use crate::text::{Token, fold, with_lowercase};

/// The quotations of a paragraph (see [`extract`]), speakers named from its
/// [`SpeakerNames`]. A Markdown block quote without marks is the rule's to see.
pub struct Quotes;

impl FactKind for Quotes {
    type Item = Quote;
    fn extract(p: &Paragraph<'_>) -> Vec<Quote> {
        let prose = p.text();
        if !has_quote_mark(prose) {
            return Vec::new();
        }
        extract(
            prose,
            &p.get::<super::Tokens>(),
            &p.get::<SpeakerNames>(),
            false,
        )
    }
    fn shift(q: &mut Quote, by: isize) {
        shift(q, by);
    }
}

/// The names that can speak a quotation: person names and the names of title mentions,
/// in order, without bare function words and without names inside the quotation marks.
pub struct SpeakerNames;

impl FactKind for SpeakerNames {
    type Item = Range<usize>;
    fn extract(p: &Paragraph<'_>) -> Vec<Range<usize>> {
        let prose = p.text();
        let mut names: Vec<Range<usize>> = p
            .get::<Names>()
            .iter()
            .map(|n| n.range.clone())
            .chain(p.get::<Titles>().iter().map(|t| t.name.range.clone()))
            .filter(|n| {
                let w = &prose[n.clone()];
                (w.contains(' ') || !with_lowercase(w, crate::text::is_stopword))
                    && !opens_participle_clause(prose, n.clone())
            })
            .collect();
        names.sort_by_key(|r| r.start);
        if !has_quote_mark(prose) {
            return names;
        }
        // The quoted parts of every quotation are the inner ranges of its segments.
        let quoted: Vec<Range<usize>> = segments(prose).into_iter().map(|s| s.inner).collect();
        names.retain(|n| !quoted.iter().any(|q| q.start <= n.start && n.end <= q.end));
        names
    }
    fn shift(r: &mut Range<usize>, by: isize) {
        shift_range(r, by);
    }
}

/// "Unveiling his plan, the PM said": a capitalised "-ing" word opening a sentence and
/// followed by a lower-case word that is not a verb of saying is a participle, not a name
/// ("Manning said" keeps its name).
fn opens_participle_clause(prose: &str, r: Range<usize>) -> bool {
    let w = &prose[r.clone()];
    if w.contains(' ') || !w.ends_with("ing") || w.chars().count() < 6 {
        return false;
    }
    let before = prose[..r.start].trim_end();
    let at_start = before.is_empty() || before.ends_with(['.', '!', '?', ':', '”', '"', '\n']);
    let next = prose[r.end..].split_whitespace().next().unwrap_or("");
    let next = next.trim_end_matches(|c: char| !c.is_alphabetic());
    at_start && next.starts_with(|c: char| c.is_lowercase()) && !is_speech_verb(next)
}

/// A paragraph's words as comparison keys, as one string `" key key … "` (to find a
/// wording anywhere in a source, quoted or not).
pub struct WordKeys;

impl FactKind for WordKeys {
    type Item = String;
    fn extract(p: &Paragraph<'_>) -> Vec<String> {
        let text = p.text();
        let keys: Vec<String> = p
            .get::<super::Tokens>()
            .iter()
            .flat_map(|t| key_pieces(t.text(text)))
            .collect();
        vec![format!(" {} ", keys.join(" "))]
    }
    fn shift(_: &mut String, _: isize) {}
}

/// A word's comparison keys: its hyphen-separated pieces, folded.
pub fn key_pieces(w: &str) -> Vec<String> {
    w.split('-')
        .filter(|p| !p.is_empty())
        .map(word_key)
        .collect()
}

/// A word piece's comparison key: lower case, diacritics folded, curly apostrophes
/// straightened ([`fold`] does all three).
fn word_key(piece: &str) -> String {
    fold(piece)
}

/// Does the text hold a double quotation mark?
pub fn has_quote_mark(s: &str) -> bool {
    s.contains(['“', '”', '"', '«', '„'])
}

/// A whole paragraph as one quotation (a Markdown block quote without marks).
pub fn whole(prose: &str) -> Option<Quote> {
    let r = prose.len() - prose.trim_start().len()..prose.trim_end().len();
    (r.start < r.end).then(|| Quote {
        range: r.clone(),
        parts: vec![r],
        speaker: Speaker::Unknown,
        direct: false,
        closed: true,
    })
}

/// Who a quotation is attributed to, as written in the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// A person's name (one of the name ranges given to [`extract`]).
    Name(Range<usize>),
    /// A pronoun ("he", "she"); the caller resolves it from earlier text.
    Pronoun(Range<usize>),
    /// A description that is no name ("one pilgrim from Illinois", "the new pope").
    Other(Range<usize>),
    /// No attribution found.
    Unknown,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the first opening mark to the last closing mark (or the paragraph's end).
    pub range: Range<usize>,
    /// The quoted text of each part (inside the marks).
    pub parts: Vec<Range<usize>>,
    pub speaker: Speaker,
    /// The speaker is named right next to the quotation (`,” X said`, `X said: “`), not
    /// guessed from the sentence.
    pub direct: bool,
    /// The last part has a closing mark.
    pub closed: bool,
}

/// A word of a quotation, compared by `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// Lower case, diacritics folded, curly apostrophes straightened.
    pub key: String,
    /// An ellipsis, a `[bracketed]` insertion or the end of a part stands before this word:
    /// words may have been cut here.
    pub cut_before: bool,
    /// Index of the quotation part the word is in.
    pub part: usize,
}

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "telling",
    "added",
    "adds",
    "adding",
    "wrote",
    "writes",
    "writing",
    "posted",
    "posts",
    "tweeted",
    "declared",
    "declares",
    "stated",
    "states",
    "stating",
    "asked",
    "asks",
    "replied",
    "replies",
    "explained",
    "explains",
    "noted",
    "notes",
    "noting",
    "insisted",
    "insists",
    "warned",
    "warns",
    "warning",
    "urged",
    "urges",
    "urging",
    "announced",
    "announces",
    "continued",
    "began",
    "recalled",
    "acknowledged",
    "argued",
    "argues",
    "arguing",
    "stressed",
    "stresses",
    "described",
    "describing",
    "called",
    "calling",
    "answered",
    "remarked",
    "commented",
    "observed",
    "admitted",
    "conceded",
    "vowed",
    "promised",
    "pledged",
    "claimed",
    "claims",
    "suggested",
    "predicted",
    "concluded",
    "emphasised",
    "emphasized",
    "cautioned",
    "quipped",
    "joked",
    "shouted",
    "exclaimed",
    "responded",
    "according",
    "praised",
    "hailed",
    "reiterated",
    "thanked",
    "greeted",
    "dismissed",
    "welcomed",
    "complained",
    "confirmed",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];

/// Is this word (any case) a verb of saying?
pub fn is_speech_verb(w: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| SPEECH_VERBS.iter().copied().collect());
    with_lowercase(w, |w| SET.contains(w))
}

fn is_pronoun(w: &str) -> bool {
    with_lowercase(w, |w| PRONOUNS.contains(&w))
}

/// A raw quoted segment: opening mark start, inner range, end (after the closing mark).
#[derive(Debug, Clone)]
struct Seg {
    open: usize,
    inner: Range<usize>,
    end: usize,
    closed: bool,
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '"')
}

fn is_close_mark(c: char) -> bool {
    matches!(c, '”' | '»' | '"' | '“')
}

/// The quotation marks of a paragraph (the characters [`is_open_mark`] or
/// [`is_close_mark`]), with their byte offsets, in order. Found by their first byte: `"`,
/// or the lead byte of `“ ” „` (0xE2) or of `« »` (0xC2).
fn marks(prose: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, prose.as_bytes()).filter_map(|i| {
        let c = prose.get(i..)?.chars().next()?;
        (is_open_mark(c) || is_close_mark(c)).then_some((i, c))
    })
}

/// The quoted segments of a paragraph, in order.
fn segments(prose: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (mark start, inner start)
    // Only quotation marks change the state.
    for (i, c) in marks(prose) {
        match open {
            None if is_open_mark(c) && c != '”' => open = Some((i, i + c.len_utf8())),
            Some((o, s)) if c == '“' && prose[s..i].trim().is_empty() => {
                // “ right after an opening mark: two opening marks, keep the first.
                open = Some((o, s));
            }
            Some((o, s)) if c == '“' || c == '„' || c == '«' => {
                // A new opening mark while one is open: the first was never closed.
                out.push(Seg {
                    open: o,
                    inner: s..i,
                    end: i,
                    closed: false,
                });
                open = Some((i, i + c.len_utf8()));
            }
            Some((o, s)) if is_close_mark(c) => {
                out.push(Seg {
                    open: o,
                    inner: s..i,
                    end: i + c.len_utf8(),
                    closed: true,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, s)) = open {
        let end = prose.trim_end().len().max(s);
        out.push(Seg {
            open: o,
            inner: s..end,
            end,
            closed: false,
        });
    }
    out.retain(|s| !prose[s.inner.clone()].trim().is_empty());
    out
}

/// Words of `prose[range]` with their ranges (word tokens, never empty), cut from the
/// paragraph's `tokens` ([`super::Tokens`]).
fn word_tokens<'a>(
    prose: &'a str,
    tokens: &[Token],
    range: Range<usize>,
) -> Vec<(Range<usize>, &'a str)> {
    // The paragraph's tokens inside the range: the range's ends are never inside a word
    // (quotation marks, attributions and sentences end between words).
    let first = tokens.partition_point(|t| t.range.start < range.start);
    tokens[first..]
        .iter()
        .take_while(|t| t.range.end <= range.end)
        .map(|t| (t.range.clone(), &prose[t.range.clone()]))
        .collect()
}

/// The first name range that starts inside `span` before byte `before`.
fn first_name_in(
    names: &[Range<usize>],
    span: Range<usize>,
    before: usize,
) -> Option<Range<usize>> {
    names
        .iter()
        .find(|n| n.start >= span.start && n.start < before && n.end <= span.end)
        .cloned()
}

/// The attribution right after a closing mark: `, he said`, `Leo said`, `said X`,
/// `according to X`, `the new pope began`. `span` is the text up to the next quotation or
/// the sentence's end.
fn speaker_after(
    prose: &str,
    tokens: &[Token],
    names: &[Range<usize>],
    span: Range<usize>,
) -> Option<Speaker> {
    let toks = word_tokens(prose, tokens, span.clone());
    let (first_r, first) = toks.first()?.clone();
    // Nothing but spaces and commas between the closing mark and the attribution.
    if !prose[span.start..first_r.start]
        .chars()
        .all(|c| c.is_whitespace() || ",—–-".contains(c))
    {
        return None;
    }
    let clause_end = clause_end(prose, first_r.start, span.end);
    if is_pronoun(first) && toks.get(1).is_some_and(|t| is_speech_verb(t.1)) {
        return Some(Speaker::Pronoun(first_r));
    }
    if let Some(n) = names.iter().find(|n| n.start == first_r.start) {
        let next = toks.iter().find(|t| t.0.start >= n.end);
        return next
            .filter(|t| is_speech_verb(t.1))
            .map(|_| Speaker::Name(n.clone()));
    }
    let verb_at = toks
        .iter()
        .take(6)
        .position(|t| is_speech_verb(t.1) && t.0.start < clause_end)?;
    if verb_at == 0 {
        // "said X", "according to X": the subject follows.
        let rest = toks[0].0.end..clause_end;
        if let Some(n) = first_name_in(names, rest.clone(), clause_end)
            && word_tokens(prose, tokens, rest.start..n.start)
                .iter()
                .all(|t| !with_lowercase(t.1, crate::text::is_stopword))
        {
            return Some(Speaker::Name(n));
        }
        let words = word_tokens(prose, tokens, rest);
        let words: Vec<_> = words
            .iter()
            .filter(|t| !t.1.eq_ignore_ascii_case("to"))
            .collect();
        return match (words.first(), words.last()) {
            (Some(a), Some(b)) if is_pronoun(a.1) => Some(Speaker::Pronoun(a.0.start..b.0.end)),
            (Some(a), Some(b)) => Some(Speaker::Other(a.0.start..b.0.end)),
            _ => None,
        };
    }
    // "the new pope began", "Kremlin aide Yuri Ushakov said".
    let verb = toks[verb_at].0.start;
    if let Some(n) = first_name_in(names, first_r.start..verb, verb) {
        return Some(Speaker::Name(n));
    }
    Some(Speaker::Other(first_r.start..toks[verb_at - 1].0.end))
}

/// Where the clause starting at `from` ends: the first `,;.!?:` or quotation mark.
fn clause_end(prose: &str, from: usize, limit: usize) -> usize {
    prose[from..limit]
        .find([',', ';', '.', '!', '?', ':', '“', '”', '"', '('])
        .map_or(limit, |i| from + i)
}

/// The speaker named in the words before an opening mark, in the same sentence:
/// `X said:`, `X told reporters that`, `He urged the faithful to`. Returns the speaker and
/// whether it is direct (the words end in a colon, a comma or a verb of saying).
pub fn speaker_before(
    prose: &str,
    tokens: &[Token],
    names: &[Range<usize>],
    span: Range<usize>,
) -> Option<(Speaker, bool)> {
    let toks = word_tokens(prose, tokens, span.clone());
    // The last verb of saying is the one the quotation hangs on ("Trump said Putin told
    // him: “…”" quotes Putin); its subject follows the verb before it, if any.
    let vi = toks.iter().rposition(|t| is_speech_verb(t.1))?;
    let verb = &toks[vi];
    let from = toks[..vi]
        .iter()
        .rposition(|t| is_speech_verb(t.1))
        .map_or(0, |i| i + 1);
    let tail = prose[verb.0.end..span.end].trim_end();
    let last_is_verb = vi + 1 == toks.len();
    let direct = tail.ends_with(':') || (last_is_verb && (tail.is_empty() || tail.ends_with(',')));
    let seg_start = toks.get(from).map_or(span.start, |t| t.0.start);
    if let Some(n) = first_name_in(names, seg_start..verb.0.start, verb.0.start) {
        return Some((Speaker::Name(n), direct));
    }
    let (r, w) = toks.get(from)?;
    if is_pronoun(w) {
        return Some((Speaker::Pronoun(r.clone()), direct));
    }
    let determiner = [
        "the", "a", "an", "one", "another", "some", "many", "several",
    ]
    .contains(&w.to_lowercase().as_str());
    if determiner && r.start < verb.0.start {
        let end = toks
            .iter()
            .take_while(|t| t.0.start < verb.0.start)
            .last()
            .map_or(r.end, |t| t.0.end);
        return Some((Speaker::Other(r.start..end), direct));
    }
    None
}

/// Start of the sentence that contains byte `at` (not before `floor`).
fn sentence_start(prose: &str, floor: usize, at: usize) -> usize {
    let before = &prose[floor..at];
    let mut start = floor;
    for (i, c) in before.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && before[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
        {
            start = floor + i + 1;
        }
    }
    start
}

/// Are the words between two segments an attribution that splits one quotation
/// (`,” Leo said, “`)?
fn splits_quote(prose: &str, tokens: &[Token], a: &Seg, b: &Seg) -> bool {
    if !a.closed {
        return false;
    }
    let between = &prose[a.end..b.open];
    let inner = prose[a.inner.clone()].trim_end();
    let comma_before = inner.ends_with(',') || between.trim_start().starts_with(',');
    let toks = word_tokens(prose, tokens, a.end..b.open);
    comma_before
        && between.trim_end().ends_with(',')
        && (1..=8).contains(&toks.len())
        && toks.iter().any(|t| is_speech_verb(t.1))
}

/// The quotations of one paragraph. `names` are the person-name ranges found in it
/// (relative to `prose`); `block` marks a Markdown block quote (the whole paragraph is
/// quoted when it has no marks of its own).
pub fn extract(prose: &str, tokens: &[Token], names: &[Range<usize>], block: bool) -> Vec<Quote> {
    let segs = segments(prose);
    if segs.is_empty() {
        return if block {
            whole(prose).into_iter().collect()
        } else {
            Vec::new()
        };
    }
    // Group segments split by an attribution.
    let mut groups: Vec<Vec<Seg>> = Vec::new();
    for s in segs {
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|a| splits_quote(prose, tokens, a, &s)) => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    let mut out: Vec<Quote> = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        let first = &g[0];
        let last = &g[g.len() - 1];
        let next_open = groups.get(gi + 1).map_or(prose.len(), |n| n[0].open);
        let prev_end = if gi == 0 {
            0
        } else {
            groups[gi - 1].last().map_or(0, |s| s.end)
        };
        // Inside a split: the words between the parts.
        let split = g
            .windows(2)
            .find_map(|w| speaker_after(prose, tokens, names, w[0].end..w[1].open));
        let after = if last.closed {
            let stop = sentence_end(prose, last.end, next_open);
            speaker_after(prose, tokens, names, last.end..stop)
        } else {
            None
        };
        let intro = sentence_start(prose, prev_end, first.open)..first.open;
        let (speaker, direct) = match split.or(after) {
            Some(s) => (s, true),
            None => match speaker_before(prose, tokens, names, intro.clone()) {
                Some(x) => x,
                None if prose[intro].trim().is_empty() => out
                    .last()
                    .map_or((Speaker::Unknown, false), |q| (q.speaker.clone(), q.direct)),
                None => (Speaker::Unknown, false),
            },
        };
        out.push(Quote {
            range: first.open..last.end,
            parts: g.iter().map(|s| s.inner.clone()).collect(),
            speaker,
            direct,
            closed: last.closed,
        });
    }
    out
}

/// End of the sentence that starts at `from` (before `limit`): after `.`, `!` or `?`.
fn sentence_end(prose: &str, from: usize, limit: usize) -> usize {
    let s = &prose[from..limit];
    s.char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?')
                && s[i + 1..].chars().next().is_none_or(char::is_whitespace)
        })
        .map_or(limit, |(i, _)| from + i)
}

/// The words of a quotation, with the places where words may have been cut. `tokens` are
/// the word tokens of its paragraph ([`super::Tokens`], offsets into `prose`): no token
/// crosses a quotation mark, so a part's tokens are the paragraph's tokens inside it.
pub fn words(prose: &str, q: &Quote, tokens: &[Token]) -> Vec<Word> {
    let mut out = Vec::new();
    for (pi, part) in q.parts.iter().enumerate() {
        let mut cut = pi > 0;
        let mut bracket_depth = 0usize;
        let mut last = part.start;
        let first = tokens.partition_point(|t| t.range.start < part.start);
        let inside = tokens[first..]
            .iter()
            .take_while(|t| t.range.end <= part.end)
            .map(|t| (t.range.clone(), &prose[t.range.clone()]));
        for (r, w) in inside {
            let gap = &prose[last..r.start];
            for c in gap.chars() {
                match c {
                    '[' => bracket_depth += 1,
                    ']' => {
                        bracket_depth = bracket_depth.saturating_sub(1);
                        cut = true;
                    }
                    _ => {}
                }
            }
            if gap.contains('…') || gap.contains("...") {
                cut = true;
            }
            last = r.end;
            if bracket_depth > 0 {
                cut = true;
                continue;
            }
            // Hyphenated words compare part by part ("all-for-all" = "all for all").
            let mut at = r.start;
            for piece in w.split('-') {
                if !piece.is_empty() {
                    out.push(Word {
                        range: at..at + piece.len(),
                        key: word_key(piece),
                        cut_before: cut,
                        part: pi,
                    });
                    cut = false;
                }
                at += piece.len() + 1;
            }
        }
    }
    out
}

/// Move every range of a quotation by `by` bytes.
pub fn shift(q: &mut Quote, by: isize) {
    let mv = |r: &mut Range<usize>| shift_range(r, by);
    mv(&mut q.range);
    q.parts.iter_mut().for_each(mv);
    match &mut q.speaker {
        Speaker::Name(r) | Speaker::Pronoun(r) | Speaker::Other(r) => mv(r),
        Speaker::Unknown => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens_in;

    fn range_of(s: &str, sub: &str) -> Range<usize> {
        let i = s.find(sub).expect("substring");
        i..i + sub.len()
    }

    #[test]
    fn split_quote_with_name_after() {
        let p = "“God loves us,” Leo said, “God loves everyone, and evil will not prevail.”";
        let qs = extract(p, &tokens_in(p, 0..p.len()), &[range_of(p, "Leo")], false);
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].parts.len(), 2);
        assert_eq!(&p[qs[0].parts[0].clone()], "God loves us,");
        assert_eq!(qs[0].speaker, Speaker::Name(range_of(p, "Leo")));
        assert!(qs[0].direct);
        assert_eq!(qs[0].range, 0..p.len());
        let ws = words(p, &qs[0], &tokens_in(p, 0..p.len()));
        assert_eq!(ws.len(), 11);
        assert!(ws[3].cut_before && ws[3].part == 1);
    }

    #[test]
    fn last_verb_of_saying_decides() {
        let p = "Trump said Putin told him: “We will talk again.”";
        let names = [range_of(p, "Trump"), range_of(p, "Putin")];
        let qs = extract(p, &tokens_in(p, 0..p.len()), &names, false);
        assert_eq!(qs[0].speaker, Speaker::Name(range_of(p, "Putin")));
    }

    #[test]
    fn colon_intro_with_appositive() {
        let p = "Cardinal Blase Cupich, the archbishop of Chicago, told a news conference: \"This is a historic day.\"";
        let names = [range_of(p, "Blase Cupich"), range_of(p, "Chicago")];
        let qs = extract(p, &tokens_in(p, 0..p.len()), &names, false);
        assert_eq!(qs[0].speaker, Speaker::Name(range_of(p, "Blase Cupich")));
        assert!(qs[0].direct);
        assert!(qs[0].closed);
    }

    #[test]
    fn pronoun_other_and_inherited_speakers() {
        let p = "“Peace be with you,” the new pope began. “This is the first greeting.” \
                 “I never thought so,” said one pilgrim from Illinois.";
        let qs = extract(p, &tokens_in(p, 0..p.len()), &[], false);
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[0].speaker, Speaker::Other(range_of(p, "the new pope")));
        assert_eq!(qs[1].speaker, qs[0].speaker);
        assert_eq!(
            qs[2].speaker,
            Speaker::Other(range_of(p, "one pilgrim from Illinois"))
        );
        let p = "He urged the faithful to “build bridges through dialogue”.";
        let qs = extract(p, &tokens_in(p, 0..p.len()), &[], false);
        assert_eq!(qs[0].speaker, Speaker::Pronoun(0..2));
        assert!(!qs[0].direct);
    }

    #[test]
    fn ellipsis_brackets_and_unclosed() {
        let p = "“Without fear, united … let us pray for [Leo’s] work";
        let qs = extract(p, &tokens_in(p, 0..p.len()), &[], false);
        assert!(!qs[0].closed);
        let ws = words(p, &qs[0], &tokens_in(p, 0..p.len()));
        let keys: Vec<&str> = ws.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "without", "fear", "united", "let", "us", "pray", "for", "work"
            ]
        );
        assert!(ws[3].cut_before && ws[7].cut_before && !ws[4].cut_before);
    }

    #[test]
    fn a_parts_tokens_are_the_paragraphs_tokens_inside_it() {
        for p in [
            "“Made in the U.S.” he said. “U.S. troops,” Leo said, “stay [in] place … now",
            "Tom’s “rock-’n’-roll” and «x-y» „O'Brien“ \"a-\"b \"U.S\" end.",
            "“Peace be with you,” the new pope began. “This is the first greeting.”",
        ] {
            let whole = tokens_in(p, 0..p.len());
            for q in extract(p, &tokens_in(p, 0..p.len()), &[], false) {
                for part in &q.parts {
                    let mine: Vec<Range<usize>> = tokens_in(p, part.clone())
                        .into_iter()
                        .map(|t| t.range)
                        .collect();
                    let first = whole.partition_point(|t| t.range.start < part.start);
                    let theirs: Vec<Range<usize>> = whole[first..]
                        .iter()
                        .take_while(|t| t.range.end <= part.end)
                        .map(|t| t.range.clone())
                        .collect();
                    assert_eq!(mine, theirs, "{p:?} {part:?}");
                }
            }
        }
    }

    #[test]
    fn marks_are_every_quotation_mark() {
        let p = "«Oui» — “Yes,” he said, \"no\" „ja“ café ’s ‘single’ »x« ©²";
        let want: Vec<(usize, char)> = p
            .char_indices()
            .filter(|&(_, c)| is_open_mark(c) || is_close_mark(c))
            .collect();
        assert_eq!(marks(p).collect::<Vec<_>>(), want);
        assert_eq!(want.len(), 10);
        assert_eq!(word_key("Leo’s"), "leo's");
    }

    #[test]
    fn block_quote_and_shift() {
        let p = "We will not give up our land.";
        let mut qs = extract(p, &tokens_in(p, 0..p.len()), &[], true);
        assert_eq!(qs[0].parts, vec![0..p.len()]);
        shift(&mut qs[0], 10);
        assert_eq!(qs[0].range, 10..10 + p.len());
        assert!(extract(p, &tokens_in(p, 0..p.len()), &[], false).is_empty());
    }
}
