//! Figures in prose: a number as written ("2,056", "1.5 billion", "$2bn", "seven", "two
//! dozen", "27%", "third-largest"), its value, the unit noun it counts, whether it is
//! approximate or a bound ("about", "more than", "could exceed"), the word it hangs on
//! (a verb or predicate noun: "risen to 2,056", "a toll of 27"), the content words around
//! it, and the day the sentence gives it for ("on Sunday", "March 29").
//!
//! A pure function of one paragraph's prose: every range is relative to its start.
//! Years, clock times, days of the month, fractions and ranges are not figures here.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use rustc_hash::FxHashSet;

use super::{FactKind, Names, Paragraph, Sentences, shift_range};
use crate::extract::NameMention;
use crate::text::{is_calendar_word, is_stopword, translit_key};
use crate::topic::stem;
use crate::wordlists::{months, weekdays};

/// How a figure relates to the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approx {
    Exact,
    /// "about", "some", "nearly", "an estimated".
    About,
    /// "more than", "at least", "passes", "could exceed".
    AtLeast,
    /// "fewer than", "up to", "under".
    AtMost,
}

/// A day the sentence gives a figure for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRef {
    Today,
    Yesterday,
    /// 0 = Monday … 6 = Sunday.
    Weekday(u8),
    /// (month 1-12, day of month).
    Date(u32, u32),
    /// A month without a day ("in April").
    Month(u32),
    /// A year ("in 2024").
    Year(i32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The figure as written, currency sign and scale word included ("$2bn", "1.5
    /// billion", "third" of "third-largest").
    pub range: Range<usize>,
    pub value: f64,
    /// "third", "10th": a rank, not a count.
    pub ordinal: bool,
    /// Normalised unit: a noun stem ("peopl", "largest citi"), "%", or a currency.
    pub unit: Option<String>,
    /// The multiplier of a scale word (1e6 for "million"), 1 without one.
    pub scale: f64,
    pub approx: Approx,
    /// The quantified noun phrase ("people" of "76 people"), if any.
    pub noun: Option<Range<usize>>,
    /// The head verb or predicate word the figure hangs on, stemmed ("rise", "exceed",
    /// "toll", "search").
    pub verb: Option<String>,
    /// Content-word stems around the figure in its sentence (numbers and calendar words
    /// left out), sorted and deduplicated.
    pub context: Vec<String>,
    /// The day given in its clause or, failing that, its sentence.
    pub day: Option<DayRef>,
    /// Its sentence.
    pub sentence: Range<usize>,
    /// The round, ballot, stage, phase or leg its sentence gives it for, nearest first
    /// ([`stage_of`]).
    pub stage: Option<Stage>,
    /// A span of time used as a distance between two events ("five years after the
    /// election", "two days ago"), not the length of something ("14 years of rule").
    pub distance: bool,
    /// The figure's place in a part-of-whole frame ([`share_of`]).
    pub share: Share,
    /// Its sentence reports an interim or earlier count ("the latest statistics
    /// available", "an earlier statement", "preliminary results"): a count of another
    /// moment than the final one ([`is_interim`]).
    pub interim: bool,
    /// Its sentence counts from a starting point ("since June 13", "since 2014", "since
    /// the start of the war"): a running total, another thing than one event's count
    /// ([`is_cumulative`]).
    pub cumulative: bool,
    /// The transliteration key of the surname of the person the figure belongs to: the last
    /// name before it in its sentence, at most four words before it and with no other
    /// figure between ("Mahama won 56 %, defeating Bawumia, who secured 41 %": Mahama's 56,
    /// Bawumia's 41) ([`holder`]). Any capitalised run may be a name here; number-mismatch
    /// keeps only people the draft or the sources name in full.
    pub holder: Option<String>,
}

impl Figure {
    /// The rank of a post ("seventh President"): an ordinal whose unit is a post
    /// ([`is_post_unit`]).
    pub fn is_post_rank(&self) -> bool {
        self.ordinal && self.unit.as_deref().is_some_and(is_post_unit)
    }
}

/// The place of a figure in a part-of-whole frame: "215 of the 414 votes" gives a part
/// (215) and a whole (414), "all but two of the passengers" a complement (two). A whole or a
/// complement counts another thing than a bare figure of the same noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// A bare count, or the part of "N of M".
    Count,
    /// The whole of "N of (the) M", "N out of M".
    Whole,
    /// What is left out: "all but N", "all except N".
    Complement,
}

/// A stage of a contest a figure is given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The n-th round, ballot, stage, phase or leg ("first round", "round 3").
    Nth(u32),
    /// The final one ("run-off", "final round", "last ballot").
    Final,
    /// A stage after the n-th ("after failing … in a first round").
    After(u32),
}

/// The figures of a paragraph ([`extract`]).
pub struct Numbers;

impl FactKind for Numbers {
    type Item = Figure;
    fn extract(p: &Paragraph<'_>) -> Vec<Figure> {
        let prose = p.text();
        if !may_hold_figures(prose) {
            return Vec::new();
        }
        // The paragraph's sentences are cut once for every kind that needs them.
        figures(prose, &p.get::<Sentences>(), &p.get::<Names>())
    }
    fn shift(f: &mut Figure, by: isize) {
        shift(f, by);
    }
}

/// Move every range of a figure by `by` bytes.
pub fn shift(f: &mut Figure, by: isize) {
    shift_range(&mut f.range, by);
    shift_range(&mut f.sentence, by);
    if let Some(n) = &mut f.noun {
        shift_range(n, by);
    }
}

/// A word token of the paragraph.
#[derive(Debug, Clone)]
struct Tok<'a> {
    range: Range<usize>,
    /// The token in lower case (borrowed from the prose when it already is).
    lower: Cow<'a, str>,
}

impl Tok<'_> {
    fn lower(&self) -> &str {
        &self.lower
    }
}

/// A word in lower case, borrowed when it already is.
fn lowered(w: &str) -> Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// Is `c` a letter or a number (`[\p{L}\p{N}]`)?
fn is_letter_or_number(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Dashes, curly quotes, the ellipsis: the common non-ASCII characters of prose.
    if ('\u{2010}'..='\u{2027}').contains(&c) {
        return false;
    }
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}]$").expect("static regex"));
    RE.is_match(c.encode_utf8(&mut [0; 4]))
}

/// The word tokens of a paragraph, as `[\p{L}\p{N}]+(?:[.,'’\-][\p{L}\p{N}]+)*%?` finds
/// them: runs of letters and numbers joined by single `.`, `,`, `'`, `’` or `-` ("2,056",
/// "1.5", "third-largest", "Myanmar’s"), with a `%` right after.
fn tokens(prose: &str, span: Range<usize>) -> Vec<Tok<'_>> {
    let bytes = prose.as_bytes();
    // Whether a letter or number starts at byte `k` (a char boundary), and its length.
    let letter_at = |k: usize| -> Option<usize> {
        let b = *bytes.get(k)?;
        if b.is_ascii() {
            return b.is_ascii_alphanumeric().then_some(1);
        }
        let c = prose.get(k..)?.chars().next()?;
        is_letter_or_number(c).then(|| c.len_utf8())
    };
    let run_end = |mut k: usize| {
        while let Some(n) = letter_at(k) {
            k += n;
        }
        k
    };
    let mut out = Vec::with_capacity(span.len() / 6);
    let mut at = span.start;
    while at < span.end {
        if letter_at(at).is_none() {
            // The next char (ASCII bytes one at a time).
            at += prose[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let start = at;
        let mut end = run_end(start);
        loop {
            let mut rest = prose[end..].chars();
            match (rest.next(), rest.next()) {
                (Some(sep @ ('.' | ',' | '\'' | '’' | '-')), Some(c)) if is_letter_or_number(c) =>
                {
                    end = run_end(end + sep.len_utf8());
                }
                _ => break,
            }
        }
        if prose[end..].starts_with('%') {
            end += 1;
        }
        out.push(Tok {
            range: start..end,
            lower: lowered(&prose[start..end]),
        });
        at = end;
    }
    out
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(bn|mn|m|k|st|nd|rd|th|%)?$")
            .expect("static regex")
    })
}

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Value of a number word ("seven", "twenty-five"); "one" and "zero" are left out (too
/// often not a count: "one of the", "zero-sum").
fn word_value(w: &str) -> Option<f64> {
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return (i >= 2).then_some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|u| !u.is_empty() && *u == w) {
        return Some((i * 10) as f64);
    }
    let (t, u) = w.split_once('-')?;
    let ti = TENS.iter().position(|x| !x.is_empty() && *x == t)?;
    let ui = UNITS
        .iter()
        .position(|x| *x == u)
        .filter(|&i| (1..10).contains(&i))?;
    Some((ti * 10 + ui) as f64)
}

fn ordinal_value(w: &str) -> Option<f64> {
    ORDINALS.iter().position(|o| *o == w).map(|i| i as f64)
}

fn scale_of(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "lakh" | "lakhs" | "lac" => 1e5,
        "crore" | "crores" => 1e7,
        "million" | "mn" | "m" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "dollar" | "dollars" => "usd",
        "euro" | "euros" => "eur",
        "pound" | "pounds" => "gbp",
        "yuan" | "renminbi" => "cny",
        "yen" => "jpy",
        "rupee" | "rupees" => "inr",
        "rouble" | "roubles" | "ruble" | "rubles" => "rub",
        _ => return None,
    })
}

fn currency_sign(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "usd",
        '€' => "eur",
        '£' => "gbp",
        '¥' => "cny",
        '₹' => "inr",
        _ => return None,
    })
}

/// Words between a figure and its noun that say nothing about what is counted.
const SKIP_AFTER: &[&str] = &[
    "still",
    "more",
    "other",
    "additional",
    "further",
    "or",
    "so",
];

/// Words before a figure that make it approximate or a bound, with how many words they
/// span (checked from the figure backwards).
fn approx_before(words: &[&str]) -> Approx {
    let n = words.len();
    let last = |k: usize| -> &str { if n >= k { words[n - k] } else { "" } };
    match (last(2), last(1)) {
        ("more" | "greater" | "higher", "than") | ("at", "least") | ("in", "excess") => {
            return Approx::AtLeast;
        }
        ("less" | "fewer" | "lower", "than") | ("up", "to") | ("at", "most") => {
            return Approx::AtMost;
        }
        ("close", "to") | ("an", "estimated") => return Approx::About,
        _ => {}
    }
    match last(1) {
        "over" | "above" | "exceed" | "exceeds" | "exceeded" | "exceeding" | "passes"
        | "passed" | "surpassed" | "surpasses" | "topped" | "tops" | "topping" | "beyond" => {
            Approx::AtLeast
        }
        "under" | "below" | "nearly" | "almost" => Approx::AtMost,
        "about" | "around" | "some" | "roughly" | "approximately" | "estimated" | "approx"
        | "circa" | "perhaps" | "possibly" => Approx::About,
        _ => Approx::Exact,
    }
}

/// Irregular verb forms to their stem's base, memoised per thread.
fn lemma(w: &str) -> String {
    thread_local! {
        static MEMO: crate::text::Memo<String> = crate::text::Memo::new(100_000);
    }
    MEMO.with(|m| m.get_or(w, lemma_uncached))
}

fn lemma_uncached(w: &str) -> String {
    let base = match w {
        "rose" | "risen" => "rise",
        "stood" => "stand",
        "fell" | "fallen" => "fall",
        "grew" | "grown" => "grow",
        "left" => "leave",
        "took" | "taken" => "take",
        "gave" | "given" => "give",
        "said" => "say",
        "told" => "tell",
        "hit" => "hit",
        "put" => "put",
        "saw" | "seen" => "see",
        "went" | "gone" => "go",
        "held" => "hold",
        "sent" => "send",
        "spent" => "spend",
        "lost" => "lose",
        "won" => "win",
        "sought" => "seek",
        "brought" => "bring",
        "found" => "find",
        "made" => "make",
        "broke" | "broken" => "break",
        "drove" | "driven" => "drive",
        "began" | "begun" => "begin",
        "struck" => "strike",
        "fought" => "fight",
        "fled" => "flee",
        "led" => "lead",
        "met" => "meet",
        "paid" => "pay",
        "kept" => "keep",
        "built" => "build",
        "caught" => "catch",
        "bought" => "buy",
        "chose" | "chosen" => "choose",
        "wrote" | "written" => "write",
        "spoke" | "spoken" => "speak",
        _ => w,
    };
    stem(base)
}

fn is_content(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_alphabetic)
        && !is_stopword(w)
        && !is_calendar_word(w)
        && !matches!(
            w,
            "to" | "of" | "in" | "on" | "at" | "by" | "for" | "from" | "with" | "its" | "their"
        )
}

/// Normalised unit stem of a noun ("kilometres" and "kilometers" alike), memoised per
/// thread: a draft names the same few units again and again.
fn unit_stem(w: &str) -> String {
    thread_local! {
        static MEMO: crate::text::Memo<String> = crate::text::Memo::new(100_000);
    }
    MEMO.with(|m| m.get_or(w, unit_stem_uncached))
}

fn unit_stem_uncached(w: &str) -> String {
    let w = w
        .replace("metre", "meter")
        .replace("litre", "liter")
        .replace("storey", "story");
    let w = w
        .strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(&w);
    match w {
        "km" | "kms" => "kilomet".into(),
        "mi" => "mile".into(),
        "people" | "persons" | "person" => "peopl".into(),
        _ => stem(w),
    }
}

/// Is a figure's unit a post ("seventh President", "eighth prime minister", "266th
/// pope")? Its first word is the stem of the last word of a generic title ("president",
/// "minister", "king"), of "prime", or of a head of a church or a throne. Words that also
/// qualify other things ("general election", "chief executive") are left out.
fn is_post_unit(unit: &str) -> bool {
    static POSTS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
        let titles = crate::wordlists::generic_titles()
            .iter()
            .filter_map(|t| t.rsplit([' ', '-']).next());
        titles
            .chain(["prime", "pope", "pontiff", "emperor", "monarch", "sultan"])
            .filter(|w| !matches!(*w, "general" | "justice" | "chief" | "deputy" | "lady"))
            .map(|w| unit_stem(w.trim_end_matches('.')))
            .collect()
    });
    unit.split(' ').next().is_some_and(|w| POSTS.contains(w))
}

/// Every figure of one paragraph, ranges relative to its start.
pub fn extract(prose: &str) -> Vec<Figure> {
    if !may_hold_figures(prose) {
        return Vec::new();
    }
    figures(prose, &super::sentences::split(prose, 0..prose.len()), &[])
}

/// Most paragraphs have no figure: whether this one has a digit or a number word, to skip
/// the others before tokenising.
fn may_hold_figures(prose: &str) -> bool {
    prose.bytes().any(|b| b.is_ascii_digit()) || has_number_word(prose)
}

/// Every figure of one paragraph, given its sentences and its person names, ranges relative
/// to its start.
///
/// Everything a figure is read with lies in its sentence, so only the sentences that may
/// hold a figure are cut into tokens (from one sentence's start to the next one's, so
/// that no text between sentences is skipped).
fn figures(prose: &str, sentences: &[Range<usize>], names: &[NameMention]) -> Vec<Figure> {
    let mut starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.push(prose.len());
    let mut stages: Option<Vec<(Range<usize>, Stage)>> = None;
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let span = w[0]..w[1];
        if span.is_empty() || !may_hold_figures(&prose[span.clone()]) {
            continue;
        }
        let toks = tokens(prose, span);
        let stages = stages.get_or_insert_with(|| stage_mentions(prose));
        let mut i = 0;
        while i < toks.len() {
            if !may_be_number(toks[i].lower()) {
                i += 1;
                continue;
            }
            match figure_at(prose, &toks, i, sentences, stages) {
                Some((mut f, next)) => {
                    f.holder = if f.is_post_rank() {
                        post_holder(prose, names, &f)
                    } else {
                        holder(prose, names, &f, out.last())
                    };
                    out.push(f);
                    i = next;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// A cheap test before [`number_head`]: a digit first, or a number or ordinal word.
fn may_be_number(lower: &str) -> bool {
    lower.starts_with(|c: char| c.is_ascii_digit()) || number_word_first(lower)
}

/// Whether the part of a lower-case word before its first hyphen is a number or ordinal
/// word (of [`UNITS`], [`TENS`], [`ORDINALS`]).
fn number_word_first(lower: &str) -> bool {
    static WORDS: LazyLock<FxHashSet<&str>> =
        LazyLock::new(|| UNITS.iter().chain(TENS).chain(ORDINALS).copied().collect());
    let head = match lower.bytes().position(|b| b == b'-') {
        Some(k) => &lower[..k],
        None => lower,
    };
    WORDS.contains(head)
}

/// Whether the text contains a number or ordinal word at all (case-insensitive).
fn has_number_word(prose: &str) -> bool {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let words = UNITS.iter().skip(2).chain(&TENS[2..]).chain(&ORDINALS[1..]);
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("static patterns")
    });
    ac.is_match(prose)
}

/// The number a token starts with: (value, ordinal, the token part it spans, its suffix
/// after a hyphen).
fn number_head(lower: &str) -> Option<(f64, bool, usize, Option<&str>)> {
    // Every way below needs a numeral (a digit or non-ASCII first) or a number word before
    // the first hyphen: most words are ruled out here.
    if lower.starts_with(|c: char| c.is_ascii() && !c.is_ascii_digit()) && !number_word_first(lower)
    {
        return None;
    }
    let (head, tail) = match lower.split_once('-') {
        Some((h, t)) if word_value(lower).is_none() => (h, Some(t)),
        _ => (lower, None),
    };
    if tail.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit())) {
        return None; // a range or a score: "3-1", "2019-2021"
    }
    // A numeral starts with a digit: a word that starts with an ASCII letter is none.
    let numeral = !head.starts_with(|c: char| c.is_ascii() && !c.is_ascii_digit());
    if numeral && let Some(c) = number_re().captures(head) {
        let int: String = c[1].chars().filter(|c| *c != ',').collect();
        let frac = c.get(2).map_or("", |m| m.as_str());
        let mut v: f64 = format!("{int}{frac}").parse().ok()?;
        let suffix = c.get(3).map(|m| m.as_str());
        let ordinal = matches!(suffix, Some("st" | "nd" | "rd" | "th"));
        if let Some(s) = suffix.and_then(scale_of) {
            v *= s;
        }
        return Some((v, ordinal, head.len(), tail));
    }
    if let Some(v) = word_value(head).or_else(|| word_value(lower)) {
        let len = if word_value(lower).is_some() {
            lower.len()
        } else {
            head.len()
        };
        return Some((v, false, len, tail.filter(|_| len == head.len())));
    }
    ordinal_value(head).map(|v| (v, true, head.len(), tail))
}

fn figure_at(
    prose: &str,
    toks: &[Tok],
    i: usize,
    sentences: &[Range<usize>],
    stages: &[(Range<usize>, Stage)],
) -> Option<(Figure, usize)> {
    let t = &toks[i];
    let (mut value, ordinal, head_len, tail) = number_head(t.lower())?;
    let before = &prose[..t.range.start];
    let prev = i.checked_sub(1).map(|k| toks[k].lower());
    let next = toks.get(i + 1).map(|k| k.lower());
    let digits = t.lower().starts_with(|c: char| c.is_ascii_digit());
    if skip_number(prose, t, prev, next, digits, ordinal) {
        return None;
    }
    let mut start = t.range.start;
    let mut unit: Option<String> = None;
    if let Some(cur) = before.chars().next_back().and_then(currency_sign) {
        start -= before.chars().next_back().map_or(0, char::len_utf8);
        unit = Some(cur.to_string());
    }
    let mut end = t.range.start + head_len;
    let mut j = i + 1;
    let mut scale = number_re()
        .captures(t.lower())
        .and_then(|c| c.get(3))
        .and_then(|m| scale_of(m.as_str()))
        .unwrap_or(1.0);
    if tail.is_none()
        && let Some(sc) = scaled(prose, toks, i, value, scale, digits)
    {
        (value, scale, end, j) = (sc.value, sc.scale, sc.end, sc.next);
    }
    if t.lower().ends_with('%') && tail.is_none() {
        unit = Some("%".into());
        end = t.range.end;
    }
    let (noun, unit_next, j) = unit_after(prose, toks, i, j, tail, ordinal);
    if unit.is_none() {
        unit = unit_next;
    } else if let Some(u) = unit_next.filter(|u| u == "%") {
        unit = Some(u);
    }
    let sentence = sentences
        .iter()
        .find(|s| s.start <= t.range.start && t.range.start < s.end)
        .cloned()
        .unwrap_or(0..prose.len());
    let lo = toks.partition_point(|t| t.range.start < sentence.start);
    let hi = toks.partition_point(|t| t.range.end <= sentence.end);
    let sent_toks: Vec<usize> = (lo..hi.max(lo)).collect();
    let words_before: Vec<&str> = sent_toks
        .iter()
        .filter(|&&k| k < i)
        .map(|&k| toks[k].lower())
        .collect();
    let approx = approx_before(&words_before);
    let distance = is_distance(toks, unit.as_deref(), j);
    let share = share_of(toks, i);
    let interim = is_interim(toks, &sent_toks);
    let cumulative = is_cumulative(toks, &sent_toks);
    let f = Figure {
        range: start..end,
        value,
        ordinal,
        unit,
        scale,
        approx,
        verb: head_word(toks, &sent_toks, i, j),
        context: context(toks, &sent_toks, i, j),
        day: day_of(prose, toks, &sent_toks, i),
        stage: stage_of(prose, stages, sentence.clone(), t.range.start),
        distance,
        share,
        interim,
        cumulative,
        holder: None,
        noun,
        sentence,
    };
    Some((f, j.max(i + 1)))
}

/// Words that make the next number a label.
const LABELS: &[&str] = &[
    "article",
    "section",
    "chapter",
    "page",
    "no",
    "number",
    "flight",
    "route",
    "room",
    "resolution",
    "paragraph",
    "phase",
    "level",
    "category",
    "clause",
    "volume",
    "gate",
    "platform",
    "channel",
    "apartment",
    "highway",
    "interstate",
    "pier",
    "ward",
    "district",
    "grade",
    "stage",
    "figure",
    "table",
    "version",
    "model",
    "unit",
];

/// Numbers that are not counts: years, clock times, days of the month, codes ("G7").
fn skip_number(
    prose: &str,
    t: &Tok,
    prev: Option<&str>,
    next: Option<&str>,
    digits: bool,
    ordinal: bool,
) -> bool {
    let before = prose[..t.range.start].chars().next_back();
    let after = prose[t.range.end..].chars().next();
    if before.is_some_and(|c| c.is_alphanumeric() || c == ':' || c == '/' || c == '-')
        || after.is_some_and(|c| c == ':' || c == '/')
        || (after == Some('.')
            && prose[t.range.end + 1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return true;
    }
    let plain: String = t.lower().chars().take_while(char::is_ascii_digit).collect();
    let year = digits
        && plain.len() == 4
        && plain == t.lower().split('-').next().unwrap_or("")
        && (1800..=2100).contains(&plain.parse::<u32>().unwrap_or(0));
    let month = |w: &str| {
        let w = w.trim_end_matches('.');
        MONTHS.contains(&w) || (w.len() >= 3 && MONTHS.iter().any(|m| m.starts_with(w)))
    };
    let month_near = prev.is_some_and(month) || next.is_some_and(month);
    // "Article 5", "Flight 17", "No. 10": a label, not a count.
    let label = prev.is_some_and(|p| LABELS.contains(&p.trim_end_matches('.')));
    let time = next.is_some_and(|n| matches!(n, "a.m" | "p.m" | "am" | "pm" | "gmt" | "utc"));
    let fraction = ordinal
        && !digits
        && matches!(prev, Some("a" | "one" | "two" | "three"))
        && next == Some("of");
    year || label || (digits && month_near) || time || fraction || (ordinal && month_near)
}

/// The noun a figure counts and its normalised unit; returns the token index after it.
fn unit_after(
    prose: &str,
    toks: &[Tok],
    i: usize,
    j: usize,
    tail: Option<&str>,
    ordinal: bool,
) -> (Option<Range<usize>>, Option<String>, usize) {
    if let Some(tail) = tail {
        return unit_of_tail(prose, toks, i, j, tail, ordinal);
    }
    if let Some(whole) = whole_after(toks, j) {
        // "99 out of 128 votes", "172 of 190 members": the part counts the whole's noun; the
        // whole is a figure of its own.
        let (noun, unit, _) = unit_after(prose, toks, whole, whole + 1, None, false);
        if unit.is_some() {
            return (noun, unit, j);
        }
    }
    let mut k = j;
    while toks.get(k).is_some_and(|n| SKIP_AFTER.contains(&n.lower())) {
        k += 1;
    }
    let Some(n) = toks.get(k) else {
        return (None, None, j);
    };
    let from = toks[k - 1].range.end;
    if !gap_is_space(prose, from, n.range.start) {
        return (None, None, j);
    }
    let w = n.lower();
    if matches!(w, "percent" | "pc") {
        return (Some(n.range.clone()), Some("%".into()), k + 1);
    }
    if w == "per" && toks.get(k + 1).is_some_and(|c| c.lower() == "cent") {
        return (
            Some(n.range.start..toks[k + 1].range.end),
            Some("%".into()),
            k + 2,
        );
    }
    if let Some(c) = currency_word(w) {
        return (Some(n.range.clone()), Some(c.into()), k + 1);
    }
    const TIME_UNITS: &[&str] = &[
        "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    ];
    let noun_like = w.chars().next().is_some_and(char::is_alphabetic)
        && (!is_stopword(w) || TIME_UNITS.contains(&w))
        && !LINKS.contains(&w);
    if !noun_like || number_head(w).is_some() {
        return (None, None, j);
    }
    if matches!(w, "degrees" | "degree")
        && let Some((unit, end)) = temperature_scale(toks, k + 1)
    {
        return (Some(n.range.start..end), Some(unit), k + 1);
    }
    (Some(n.range.clone()), Some(unit_stem(w)), k + 1)
}

/// The unit of a hyphenated figure ("30-storey", "two-week", "third-largest city",
/// "7.7-magnitude"): its tail, with the next word for an ordinal or a superlative.
fn unit_of_tail(
    prose: &str,
    toks: &[Tok],
    i: usize,
    j: usize,
    tail: &str,
    ordinal: bool,
) -> (Option<Range<usize>>, Option<String>, usize) {
    let t = &toks[i];
    let tail_start = t.range.end - tail.len();
    let unit = unit_stem(tail.split('-').next_back().unwrap_or(tail));
    let superlative = tail.ends_with("est") || tail.starts_with("most");
    if (ordinal || superlative)
        && let Some(n) = toks.get(i + 1).filter(|n| is_content(n.lower()))
        && gap_is_space(prose, t.range.end, n.range.start)
    {
        let unit = format!("{unit} {}", unit_stem(n.lower()));
        return (Some(tail_start..n.range.end), Some(unit), i + 2);
    }
    (Some(tail_start..t.range.end), Some(unit), j)
}

/// "degrees Celsius" / "degrees F" after "degrees": the unit and the end of the scale word.
fn temperature_scale(toks: &[Tok], k: usize) -> Option<(String, usize)> {
    let s = toks.get(k)?;
    let scale = match s.lower() {
        "celsius" | "c" | "centigrade" => "celsius",
        "fahrenheit" | "f" => "fahrenheit",
        _ => return None,
    };
    Some((format!("degre {scale}"), s.range.end))
}

/// A number with its scale word: value, scale, end byte and the token after it.
struct Scaled {
    value: f64,
    scale: f64,
    end: usize,
    next: usize,
}

/// The scale word after the number at token `i` ("1.5 million", "two dozen", "43 lakh 63
/// thousand 35"), if any. `scale` is the scale already written into the token ("$2bn").
fn scaled(
    prose: &str,
    toks: &[Tok],
    i: usize,
    value: f64,
    scale: f64,
    digits: bool,
) -> Option<Scaled> {
    let next = toks.get(i + 1)?;
    if let Some(s) = scale_of(next.lower()).filter(|_| scale == 1.0) {
        let (value, next_tok) = (value * s, i + 2);
        if let Some((v, k)) = scale_chain(prose, toks, next_tok, value, s) {
            // "43 lakh 63 thousand 35": one exact figure.
            return Some(Scaled {
                value: v,
                scale: 1.0,
                end: toks[k - 1].range.end,
                next: k,
            });
        }
        return Some(Scaled {
            value,
            scale: s,
            end: next.range.end,
            next: next_tok,
        });
    }
    (next.lower() == "dozen" && !digits).then(|| Scaled {
        value: value * 12.0,
        scale: 12.0,
        end: next.range.end,
        next: i + 2,
    })
}

/// The groups that continue a scaled number from token `j` with smaller scales, as in
/// Indian numbering ("43 lakh 63 thousand 35") or "1 million 200 thousand": the whole
/// value and the token after the chain, or `None` when no group follows.
fn scale_chain(
    prose: &str,
    toks: &[Tok],
    mut j: usize,
    mut value: f64,
    mut last: f64,
) -> Option<(f64, usize)> {
    let start = j;
    let plain = |k: usize| -> Option<f64> {
        let t = toks.get(k)?;
        let (v, ordinal, len, tail) = number_head(t.lower())?;
        (!ordinal
            && tail.is_none()
            && len == t.lower().len()
            && v.fract() == 0.0
            && !t.lower().contains('.'))
        .then_some(v)
    };
    while let Some(v) = plain(j) {
        if !gap_is_space(prose, toks[j - 1].range.end, toks[j].range.start) {
            break;
        }
        let next_scale = toks
            .get(j + 1)
            .filter(|n| gap_is_space(prose, toks[j].range.end, n.range.start))
            .and_then(|n| scale_of(n.lower()));
        match next_scale {
            Some(sc) if sc < last && v * sc < last => {
                value += v * sc;
                last = sc;
                j += 2;
            }
            None if j > start && v < last => {
                value += v;
                j += 1;
                break;
            }
            _ => break,
        }
    }
    (j > start).then_some((value, j))
}

/// The token of the whole in "N out of M …" / "N of M …" after a figure ending before `j`.
fn whole_after(toks: &[Tok], j: usize) -> Option<usize> {
    let word = |k: usize| toks.get(k).map(|t| t.lower());
    let k = match (word(j), word(j + 1)) {
        (Some("out"), Some("of")) => j + 2,
        (Some("of"), _) => j + 1,
        _ => return None,
    };
    let (_, ordinal, len, tail) = number_head(word(k)?)?;
    (!ordinal && tail.is_none() && len == toks[k].lower().len()).then_some(k)
}

/// The share a figure at token `i` gives: a whole after "N of (the)" / "N out of (the)", a
/// complement after "all but" / "all except", else a count.
fn share_of(toks: &[Tok], i: usize) -> Share {
    let word = |k: usize| i.checked_sub(k).map(|k| toks[k].lower());
    let number = |k: usize| {
        i.checked_sub(k)
            .is_some_and(|k| number_head(toks[k].lower()).is_some_and(|(_, ord, _, _)| !ord))
    };
    if matches!(
        (word(2), word(1)),
        (Some("all"), Some("but" | "except" | "save"))
    ) {
        return Share::Complement;
    }
    // "of", "of the", "out of", "out of the" right after a number.
    let mut k = 1;
    if matches!(word(k), Some("the" | "its" | "their")) {
        k += 1;
    }
    if word(k) != Some("of") {
        return Share::Count;
    }
    k += 1;
    if word(k) == Some("out") {
        k += 1;
    }
    if number(k) {
        Share::Whole
    } else {
        Share::Count
    }
}

/// Words that mark a count as taken before the final one, when a word of
/// [`COUNT_REPORTS`] follows within three words: "latest statistics", "an earlier
/// statement", "preliminary results", "early returns".
const INTERIM_WORDS: &[&str] = &[
    "earlier",
    "early",
    "incomplete",
    "initial",
    "interim",
    "latest",
    "partial",
    "preliminary",
    "provisional",
];

/// What an interim count is reported in.
const COUNT_REPORTS: &[&str] = &[
    "count",
    "counts",
    "data",
    "estimate",
    "estimates",
    "figure",
    "figures",
    "report",
    "reports",
    "result",
    "results",
    "returns",
    "statement",
    "statistics",
    "tally",
    "toll",
    "update",
];

/// Whether the sentence (token indexes `sent`) reports its figures as an interim or
/// earlier count: a word of [`INTERIM_WORDS`] followed within three words by one of
/// [`COUNT_REPORTS`], or a projection ("projected", "forecast", "exit polls", "on track").
fn is_interim(toks: &[Tok], sent: &[usize]) -> bool {
    // A projection is a count of another moment too: "projected", "forecast", "exit
    // polls", "on track to win 39.3 %".
    let projected = sent.iter().any(|&k| {
        let w = toks[k].lower();
        matches!(
            w,
            "projected" | "projection" | "projections" | "forecast" | "forecasts"
        ) || (matches!(w, "exit" | "on")
            && toks.get(k + 1).is_some_and(|n| {
                matches!((w, n.lower()), ("exit", "poll" | "polls") | ("on", "track"))
            }))
    });
    projected
        || sent.iter().enumerate().any(|(n, &k)| {
            INTERIM_WORDS.contains(&toks[k].lower())
                && sent[n + 1..]
                    .iter()
                    .take(3)
                    .any(|&r| COUNT_REPORTS.contains(&toks[r].lower()))
        })
}

/// The person a figure belongs to: a name at most four words before it in its sentence
/// ("Mahama won 56 %", "Bawumia, who secured 41 %", "Mahama securing 50 per cent"), unless
/// the previous figure stands between them (the name is that figure's).
fn holder(prose: &str, names: &[NameMention], f: &Figure, prev: Option<&Figure>) -> Option<String> {
    let n = name_before(prose, names, f)?;
    if prev.is_some_and(|p| n.range.end <= p.range.start && p.range.end <= f.range.start) {
        return None;
    }
    Some(translit_key(n.surname(prose)))
}

/// The last name before a figure in its sentence, when at most four words lie between.
fn name_before<'n>(prose: &str, names: &'n [NameMention], f: &Figure) -> Option<&'n NameMention> {
    names
        .iter()
        .rfind(|n| f.sentence.start <= n.range.start && n.range.end <= f.range.start)
        .filter(|n| prose[n.range.end..f.range.start].split_whitespace().count() <= 4)
}

/// Who holds the post a rank is given to ("the seventh President of Indonesia, Joko
/// Widodo", "Mahama, Ghana's 14th president", "Prabowo was sworn in as the eighth
/// president"): the name right after the post (past "of" a country and a comma), else the
/// name at most four words before it, else the sentence's first name (its subject).
fn post_holder(prose: &str, names: &[NameMention], f: &Figure) -> Option<String> {
    let end = f
        .noun
        .as_ref()
        .map_or(f.range.end, |n| n.end.max(f.range.end));
    let after = names
        .iter()
        .find(|n| end <= n.range.start && n.range.end <= f.sentence.end)
        .filter(|n| {
            let gap: Vec<&str> = prose[end..n.range.start].split_whitespace().collect();
            gap.len() <= 3 && gap.first().is_none_or(|w| *w == "of" || *w == ",")
        });
    let named = after.or_else(|| name_before(prose, names, f));
    let subject = || {
        names
            .iter()
            .find(|n| f.sentence.start <= n.range.start && n.range.end <= f.range.start)
    };
    named
        .or_else(subject)
        .map(|n| translit_key(n.surname(prose)))
}

/// "since June 13", "since Monday", "since 2014", "since the start of the war": the
/// sentence counts a running total from a starting point.
fn is_cumulative(toks: &[Tok], sent: &[usize]) -> bool {
    let last = sent.last().copied().unwrap_or(0);
    sent.iter().any(|&k| {
        toks[k].lower() == "since"
            && k < last
            && toks.get(k + 1).is_some_and(|n| {
                let w = n.lower();
                months().contains(&w)
                    || weekdays().contains(&w)
                    || (w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y)))
                    || (w == "the"
                        && toks.get(k + 2).is_some_and(|m| {
                            matches!(m.lower(), "start" | "beginning" | "outbreak")
                        }))
            })
    })
}

/// Time units whose figure can be a distance between two events.
const DISTANCE_UNITS: &[&str] = &["day", "week", "month", "year", "hour", "decad", "minut"];

/// "five years after", "two days ago", "a decade later": a time figure (its unit noun
/// ending before token `j`) followed by a word placing one event relative to another.
fn is_distance(toks: &[Tok], unit: Option<&str>, j: usize) -> bool {
    unit.is_some_and(|u| DISTANCE_UNITS.contains(&u))
        && toks.get(j).is_some_and(|t| {
            matches!(
                t.lower(),
                "after" | "before" | "ago" | "later" | "earlier" | "since" | "on" | "into"
            )
        })
}

fn stage_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final|last|\d{1,2}(?:st|nd|rd|th))[- ](?:round|ballot|stage|phase|leg)s?|(?:round|ballot|stage|phase|leg) (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)|(run-?offs?|second-round|first-round))\b",
        )
        .expect("static regex")
    })
}

/// The stage mentions of a paragraph: where each is (byte range) and the stage it names.
/// A mention after "after" or "following" in its clause names a stage before the
/// figure's ([`Stage::After`]).
pub fn stage_mentions(prose: &str) -> Vec<(Range<usize>, Stage)> {
    // Most paragraphs name no stage: a literal search rules them out before the regex.
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:round|ballot|stage|phase|leg|run-?off)s?(?-u:\b)")
            .expect("static regex")
    });
    let mut out = Vec::new();
    if !WORDS.is_match(prose) {
        return out;
    }
    for c in stage_re().captures_iter(prose) {
        let (Some(m), Some(word)) = (c.get(0), c.get(1).or(c.get(2)).or(c.get(3))) else {
            continue;
        };
        let word = word.as_str().to_lowercase();
        let n = match word.as_str() {
            "final" | "last" => None,
            w if w.starts_with("run") => None,
            "second-round" => Some(2),
            "first-round" | "one" => Some(1),
            w => ordinal_value(w)
                .or_else(|| word_value(w))
                .or_else(|| w.trim_end_matches(char::is_alphabetic).parse().ok())
                .map(|v| v as u32),
        };
        let clause_start = prose[..m.start()]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, ',' | ';' | '—' | '.' | '!' | '?'))
            .map_or(0, |(k, c)| k + c.len_utf8());
        let after = prose[clause_start..m.start()]
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("after") || w.eq_ignore_ascii_case("following"));
        let stage = match (n, after) {
            (Some(n), true) => Stage::After(n),
            (Some(n), false) => Stage::Nth(n),
            (None, _) => Stage::Final,
        };
        out.push((m.range(), stage));
    }
    out
}

/// The stage the sentence `sentence` of `prose` gives the figure at `at` for: of the
/// paragraph's stage `mentions`, the one in that sentence nearest to the figure, in its
/// clause if there is one.
pub fn stage_of(
    prose: &str,
    mentions: &[(Range<usize>, Stage)],
    sentence: Range<usize>,
    at: usize,
) -> Option<Stage> {
    let mut best: Option<((bool, usize), Stage)> = None;
    for (m, stage) in mentions {
        if m.start < sentence.start || m.end > sentence.end {
            continue;
        }
        // Nearest in the figure's clause first: "in the first round Aoun got 71, and in
        // round 2 he got 99".
        let gap = if m.end <= at {
            m.end..at
        } else {
            at..m.start.max(at)
        };
        let gap = prose.get(gap).unwrap_or("");
        let split = gap.contains(", ") || gap.contains(';') || gap.contains('—');
        let key = (split, m.start.abs_diff(at));
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, *stage));
        }
    }
    best.map(|(_, s)| s)
}

/// Only spaces (no punctuation) between two offsets.
fn gap_is_space(prose: &str, a: usize, b: usize) -> bool {
    a <= b && prose[a..b].chars().all(char::is_whitespace)
}

/// Words that link a figure to its head without naming it.
const LINKS: &[&str] = &[
    "to",
    "at",
    "of",
    "by",
    "for",
    "from",
    "the",
    "a",
    "an",
    "its",
    "their",
    "than",
    "more",
    "less",
    "fewer",
    "least",
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "over",
    "under",
    "up",
    "just",
    "still",
    "only",
    "estimated",
    "than",
    "could",
    "would",
    "may",
    "might",
    "will",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "and",
    "or",
    "in",
    "on",
    "with",
    "as",
];

/// The head word: the nearest content word before the figure in its sentence, else the
/// first one after its noun.
fn head_word(toks: &[Tok], sent: &[usize], i: usize, after: usize) -> Option<String> {
    let before = sent.iter().rev().filter(|&&k| k < i).take(5);
    for &k in before {
        let w = toks[k].lower();
        if LINKS.contains(&w) || number_head(w).is_some() {
            continue;
        }
        if is_content(w) {
            return Some(lemma(w));
        }
        break;
    }
    sent.iter()
        .filter(|&&k| k >= after)
        .take(4)
        .map(|&k| toks[k].lower())
        .find(|w| !LINKS.contains(w) && is_content(w))
        .map(lemma)
}

/// Content stems in a window of the sentence around the figure's tokens `i..end` (which
/// are left out: the unit is compared on its own).
fn context(toks: &[Tok], sent: &[usize], i: usize, end: usize) -> Vec<String> {
    let pos = sent.iter().position(|&k| k == i).unwrap_or(0);
    let lo = pos.saturating_sub(10);
    let hi = (pos + 9).min(sent.len());
    let mut v: Vec<String> = sent[lo..hi]
        .iter()
        .filter(|&&k| k < i || k >= end)
        .map(|&k| toks[k].lower())
        .filter(|w| is_content(w) && number_head(w).is_none() && scale_of(w).is_none())
        .map(|w| lemma(trim_possessives(w)))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// `w.trim_end_matches("’s").trim_end_matches("'s")`, without a pattern searcher.
fn trim_possessives(mut w: &str) -> &str {
    while let Some(s) = w.strip_suffix("’s") {
        w = s;
    }
    while let Some(s) = w.strip_suffix("'s") {
        w = s;
    }
    w
}

/// A day named by token `k` (not a possessive "Friday's", which names an event).
fn day_at(toks: &[Tok], k: usize) -> Option<DayRef> {
    let w = toks[k].lower();
    if let Some(d) = WEEKDAYS.iter().position(|d| *d == w) {
        return Some(DayRef::Weekday(d as u8));
    }
    match w {
        "today" | "tonight" => return Some(DayRef::Today),
        "yesterday" => return Some(DayRef::Yesterday),
        _ => {}
    }
    let prev = k.checked_sub(1).and_then(|p| toks.get(p));
    if w.len() == 4
        && prev.is_some_and(|p| matches!(p.lower(), "in" | "during" | "for" | "of"))
        && let Ok(y) = w.parse::<i32>()
        && (1900..=2100).contains(&y)
    {
        return Some(DayRef::Year(y));
    }
    let m = MONTHS.iter().position(|m| *m == w)? as u32 + 1;
    let num = |t: Option<&Tok>| -> Option<u32> {
        let t = t?;
        let d: String = t.lower().chars().take_while(char::is_ascii_digit).collect();
        d.parse().ok().filter(|d| (1..=31).contains(d))
    };
    let day = num(toks.get(k + 1)).or_else(|| num(prev));
    match day {
        Some(d) => Some(DayRef::Date(m, d)),
        // "May" alone is too often the verb.
        None if w != "may" || toks[k].range.start > 0 => Some(DayRef::Month(m)),
        None => None,
    }
}

/// The day of the figure at token `i`: the nearest day in its clause, else in its sentence.
fn day_of(prose: &str, toks: &[Tok], sent: &[usize], i: usize) -> Option<DayRef> {
    let clause_break = |a: usize, b: usize| {
        let (a, b) = (a.min(b), a.max(b));
        let gap = &prose[a..b];
        gap.contains(", ") || gap.contains(';') || gap.contains('—') || gap.contains(" – ")
    };
    let at = toks[i].range.start;
    let mut best: Option<(bool, usize, DayRef)> = None;
    for &k in sent {
        let Some(d) = day_at(toks, k) else { continue };
        let dist = toks[k].range.start.abs_diff(at);
        let split = clause_break(toks[k].range.end, at);
        if best.is_none_or(|(s, bd, _)| (split, dist) < (s, bd)) {
            best = Some((split, dist, d));
        }
    }
    best.map(|(_, _, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(prose: &str, written: &str) -> Figure {
        extract(prose)
            .into_iter()
            .find(|f| &prose[f.range.clone()] == written)
            .unwrap_or_else(|| panic!("no figure {written:?} in {:?}", extract(prose)))
    }

    #[test]
    fn values_units_and_scales() {
        let p = "The toll rose to 2,056 on Monday, with more than 3,900 people injured and \
                 $2bn pledged; about 1.5 million live there and 27% left.";
        let f = one(p, "2,056");
        assert_eq!(f.value, 2056.0);
        assert_eq!(f.verb.as_deref(), Some("rise"));
        assert_eq!(f.day, Some(DayRef::Weekday(0)));
        let f = one(p, "3,900");
        assert_eq!(
            (f.approx, f.unit.as_deref()),
            (Approx::AtLeast, Some("peopl"))
        );
        let f = one(p, "$2bn");
        assert_eq!((f.value, f.unit.as_deref()), (2e9, Some("usd")));
        let f = one(p, "1.5 million");
        assert_eq!((f.value, f.approx), (1.5e6, Approx::About));
        assert_eq!(one(p, "27%").unit.as_deref(), Some("%"));
    }

    #[test]
    fn words_ordinals_and_hyphens() {
        let p = "Mandalay, Myanmar’s third-largest city, held two dozen talks over seven \
                 days in a 30-storey tower.";
        let f = one(p, "third");
        assert!(f.ordinal);
        assert_eq!(f.unit.as_deref(), Some("largest citi"));
        assert_eq!(&p[f.noun.clone().unwrap_or_default()], "largest city");
        assert_eq!(one(p, "two dozen").value, 24.0);
        assert_eq!(one(p, "seven").unit.as_deref(), Some("day"));
        assert_eq!(one(p, "30").unit.as_deref(), Some("stori"));
    }

    #[test]
    fn years_times_and_dates_are_not_figures() {
        let p = "YANGON, March 31 — Since the 2021 coup, at 12:50 p.m. on 4 April, a third of \
                 the G7 and COVID-19 cases, 3-1.";
        assert!(extract(p).is_empty(), "{:?}", extract(p));
    }

    #[test]
    fn the_day_is_taken_from_the_clause() {
        let p = "On Saturday the junta put the toll at 1,644, and on Sunday at 1,700.";
        assert_eq!(one(p, "1,644").day, Some(DayRef::Weekday(5)));
        assert_eq!(one(p, "1,700").day, Some(DayRef::Weekday(6)));
    }

    #[test]
    fn stages_are_read_from_ordinals_numbers_and_runoffs() {
        let p = "In the first round Aoun got 71 votes, and in round 2 he got 99.";
        assert_eq!(one(p, "71").stage, Some(Stage::Nth(1)));
        assert_eq!(one(p, "99").stage, Some(Stage::Nth(2)));
        let p = "Aoun received 99 votes after failing to win in a first round.";
        assert_eq!(one(p, "99").stage, Some(Stage::After(1)));
        let p = "Simion took 46 percent in the run-off, after 41 percent before.";
        assert_eq!(one(p, "46").stage, Some(Stage::Final));
        let p = "Odinga had 20 votes in round one, Youssouf 18 — a close result.";
        assert_eq!(one(p, "20").stage, Some(Stage::Nth(1)));
        assert_eq!(
            one("The toll rose to 2,056 on Monday.", "2,056").stage,
            None
        );
    }

    #[test]
    fn interim_counts_are_told_from_their_report() {
        let p = "According to the latest statistics available, the turnout amounted to 61.56%.";
        assert!(one(p, "61.56%").interim);
        let p = "An earlier statement indicated that 10,000 citizens voted, a turnout of 81%.";
        assert!(one(p, "10,000").interim);
        assert!(one(p, "81%").interim);
        assert!(one("Preliminary results gave the party 41 seats.", "41").interim);
        // The words must qualify a count: a later attack, or the word alone, is not one.
        assert!(!one("The latest attack killed 27 people.", "27").interim);
        assert!(
            !one(
                "Turnout was 63.66%, the commission said in a final count.",
                "63.66%"
            )
            .interim
        );
        assert!(!one("Results came in early: 41 seats for the party.", "41").interim);
    }

    #[test]
    fn distances_in_time_are_told_from_spans() {
        let p = "Five years after the election, 14 years of rule ended two days ago.";
        assert!(one(p, "Five").distance);
        assert!(!one(p, "14").distance);
        assert!(one(p, "two").distance);
    }

    #[test]
    fn wholes_and_complements_are_told_from_counts() {
        let p = "Ishiba won 215 of the 414 votes cast, 99 out of 128, and all but two of the \
                 181 passengers died; 154 votes of lawmakers.";
        assert_eq!(one(p, "215").share, Share::Count);
        assert_eq!(one(p, "414").share, Share::Whole);
        assert_eq!(one(p, "99").share, Share::Count);
        assert_eq!(one(p, "128").share, Share::Whole);
        assert_eq!(one(p, "two").share, Share::Complement);
        assert_eq!(one(p, "181").share, Share::Whole);
        assert_eq!(one(p, "154").share, Share::Count);
    }

    #[test]
    fn a_part_counts_the_nouns_of_its_whole() {
        let p = "Aoun received 99 out of 128 votes; 172 of 190 members backed it.";
        assert_eq!(one(p, "99").unit.as_deref(), Some("vote"));
        assert_eq!(one(p, "128").unit.as_deref(), Some("vote"));
        assert_eq!(one(p, "172").unit.as_deref(), Some("member"));
        assert_eq!(one(p, "190").unit.as_deref(), Some("member"));
    }

    #[test]
    fn indian_numbering_and_chained_scales_are_one_figure() {
        let p = "Premadasa received 43 lakh 63 thousand 35 votes, and 2 crore people voted.";
        let f = one(p, "43 lakh 63 thousand 35");
        assert_eq!((f.value, f.scale), (4_363_035.0, 1.0));
        assert_eq!(f.unit.as_deref(), Some("vote"));
        assert_eq!(one(p, "2 crore").value, 2e7);
        let p = "Some 1 million 200 thousand people fled; 5 million 8 people is not a chain.";
        assert_eq!(one(p, "1 million 200 thousand").value, 1_200_000.0);
        assert_eq!(one(p, "5 million").value, 5e6);
    }

    #[test]
    fn tokens_are_the_ones_the_token_pattern_finds() {
        let re = Regex::new(r"[\p{L}\p{N}]+(?:[.,'’\-][\p{L}\p{N}]+)*%?").expect("regex");
        for p in [
            "The toll rose to 2,056 on Monday; 27% left, $2bn pledged, 1.5 million live there.",
            "Myanmar’s third-largest city — U.S. troops, a 3-1 win, 50%% and 7.7-magnitude.",
            "a- -b x..y a,b,c x’’y 'quoted' end. 12, 13 and 14… ²³ ٣٤ ǅemal ª é (e\u{301})",
            "Zürich, São Paulo, İstanbul, 東京 2025年, naïve co-operation, 10%-20% x-%",
            "",
        ] {
            let want: Vec<Range<usize>> = re.find_iter(p).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> =
                tokens(p, 0..p.len()).into_iter().map(|t| t.range).collect();
            assert_eq!(got, want, "{p}");
        }
    }

    #[test]
    fn the_fact_is_the_paragraph_extract() {
        use crate::document::{Document, Format};
        use crate::extract::Extractor;
        use crate::facts::DocFacts;
        use crate::kb::Kb;
        let doc = Document::new(
            "Intro without figures.\n\nThe toll rose to 2,056 on Monday. Mr. Aoun got 99 \
             votes in the second round, and seven people left.\n",
            Format::PlainText,
        );
        let ex = Extractor::new(&Kb::builtin());
        let facts = DocFacts::new(&doc, None);
        for (i, p) in doc.paragraphs.iter().enumerate() {
            // The same figures; the fact also knows who holds them (the paragraph's names).
            let mut fact = facts.get::<Numbers>(&doc, &ex, i).to_vec();
            fact.iter_mut().for_each(|f| f.holder = None);
            assert_eq!(fact, extract(&doc.prose[p.range.clone()]));
        }
        let fact = facts.get::<Numbers>(&doc, &ex, 1);
        let holder = |v: f64| {
            fact.iter()
                .find(|f| f.value == v)
                .and_then(|f| f.holder.clone())
        };
        assert_eq!(holder(99.0), Some(translit_key("Aoun")));
        // "seven people": the previous figure stands between it and "Aoun". (Any capitalised
        // word may be a holder here; the rule keeps only people named in full.)
        assert_eq!(holder(7.0), None);
    }

    #[test]
    fn number_heads_need_a_numeral_or_a_number_word() {
        for w in [
            "twenty-five",
            "third-largest",
            "7.7-magnitude",
            "2,056",
            "seven",
            "٣",
        ] {
            assert_eq!(
                number_head(w).is_some(),
                w != "٣",
                "{w}: {:?}",
                number_head(w)
            );
        }
        for w in ["people", "one-sided", "zero-sum", "ten-fold", "x-7", ""] {
            assert_eq!(number_head(w).is_some(), ["ten-fold"].contains(&w), "{w}");
        }
        for w in ["city’s", "city's’s", "cities", "’s"] {
            assert_eq!(
                trim_possessives(w),
                w.trim_end_matches("’s").trim_end_matches("'s")
            );
        }
    }

    #[test]
    fn shift_moves_every_range() {
        let mut f = one("Some 76 people.", "76");
        shift(&mut f, 10);
        assert_eq!(f.range, 15..17);
        assert_eq!(f.noun, Some(18..24));
    }
}
