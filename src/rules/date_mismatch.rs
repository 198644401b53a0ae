#![doc = include_str!("../../docs/rules/date-mismatch.md")]

use std::collections::HashSet;
use std::ops::Range;

use std::sync::{Arc, LazyLock};

use chrono::{Datelike, Months, NaiveDate, Weekday};
use regex::Regex;
use rustc_hash::FxHashMap;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Evidence, Fix, FixKind, Severity};
use crate::facts::dates::{
    self, Approx, DateRef, DatedSentences, Dates, Item, Kind, Link, Rel, Unit, stems,
};
use crate::facts::sentences::Sentences;
use crate::facts::{FactKind, Terms};
use crate::kb::{Event, EventMatcher};

pub struct DateMismatch;

pub const ID: &str = super::ids::DATE_MISMATCH;

impl Rule for DateMismatch {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "a weekday, relative date, duration or \"Nth year\" that the calendar, the sources or a dated event contradict"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/date-mismatch.md")
    }
    fn hover(&self, cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
        describe(cx, offset)
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let facts = draft_facts(cx);
        if facts.is_empty() {
            return;
        }
        let mut events: Option<EventIndex> = None;
        let mut src: Option<Arc<SourceSentences>> = None;
        let mut overlap = Overlap::default();
        for f in &facts {
            if let Kind::Relative(rel) = f.item.kind
                && let Some(d) = relative_vs_date(cx, f, rel, &facts)
            {
                out.push(d);
                continue;
            }
            let d = match &f.item.kind {
                Kind::Weekday { date: Some(_), .. } => calendar(cx, f),
                Kind::Weekday { date: None, .. } | Kind::Relative(_) => {
                    let s = src.get_or_insert_with(|| source_sentences(cx));
                    overlap.of(cx, f, s);
                    against_sources(cx, f, s, &overlap)
                }
                Kind::Duration { .. } | Kind::Nth { .. } => {
                    against_event(cx, f, events.get_or_insert_with(|| EventIndex::new(cx)))
                }
                _ => None,
            };
            out.extend(d);
        }
    }
}

/// A date fact of the draft with its sentence (absolute byte ranges).
pub struct Fact {
    pub item: Item,
    pub sentence: Range<usize>,
    /// The draft paragraph it is in.
    pub paragraph: usize,
}

/// The date facts of every draft paragraph, at absolute offsets.
pub fn draft_facts(cx: &Context) -> Vec<Fact> {
    let mut out = Vec::new();
    for (i, p) in cx.doc.paragraphs.iter().enumerate() {
        if cx.facts::<Dates>(i).is_empty() {
            continue;
        }
        let sents = cx.facts_abs::<Sentences>(i);
        for item in cx.facts_abs::<Dates>(i) {
            let sentence = sents
                .iter()
                .find(|s| s.start <= item.range.start && item.range.start < s.end)
                .cloned()
                .unwrap_or_else(|| p.range.clone());
            out.push(Fact {
                item,
                sentence,
                paragraph: i,
            });
        }
    }
    out
}

/// A source sentence with a weekday or a date in it (built once per source set).
struct SrcSentence {
    source: usize,
    /// Offsets into the source's prose.
    range: Range<usize>,
    items: Vec<Item>,
    stems: HashSet<String>,
    /// The source's own date from its front matter, if it has one.
    date: Option<NaiveDate>,
    /// Else its dateline: the dates of its first dated paragraph (the first that resolves
    /// against the article date is the source's date).
    dateline: Arc<Vec<DateRef>>,
}

impl SrcSentence {
    /// The source's own date (front matter or dateline), else the article's.
    fn date(&self, article: NaiveDate) -> NaiveDate {
        self.date
            .or_else(|| self.dateline.iter().find_map(|d| d.resolve(article)))
            .unwrap_or(article)
    }
}

/// The dated sentences of every source, at absolute offsets in the source's text.
struct SourceSentences {
    sentences: Vec<SrcSentence>,
    /// Stem -> the sentences (indices) that have it, to count shared stems without
    /// comparing a draft sentence with every source sentence.
    by_stem: FxHashMap<String, Vec<u32>>,
}

impl SourceSentences {
    fn new(sentences: Vec<SrcSentence>) -> SourceSentences {
        let mut by_stem: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, s) in sentences.iter().enumerate() {
            for stem in &s.stems {
                by_stem.entry(stem.clone()).or_default().push(i as u32);
            }
        }
        SourceSentences { sentences, by_stem }
    }
}

/// A draft sentence's stems and how many of them each source sentence shares (by index);
/// kept for the next date fact of the same sentence.
#[derive(Default)]
struct Overlap {
    sentence: Option<Range<usize>>,
    mine: HashSet<String>,
    shared: Vec<u32>,
}

impl Overlap {
    fn of(&mut self, cx: &Context, f: &Fact, src: &SourceSentences) {
        let sentence = &f.sentence;
        if self.sentence.as_ref() == Some(sentence) {
            return;
        }
        self.mine = sentence_stems(cx, f);
        self.shared.clear();
        self.shared.resize(src.sentences.len(), 0);
        for stem in &self.mine {
            for &i in src.by_stem.get(stem).map_or(&[][..], Vec::as_slice) {
                self.shared[i as usize] += 1;
            }
        }
        self.sentence = Some(sentence.clone());
    }
}

/// The stems of a draft fact's sentence ([`stems`]), read off its paragraph's content
/// terms, which the draft has already (the off-topic rule reads them too).
fn sentence_stems(cx: &Context, f: &Fact) -> HashSet<String> {
    let Some(p) = cx.doc.paragraphs.get(f.paragraph) else {
        return stems(&cx.doc.prose, f.sentence.clone());
    };
    let (start, end) = (f.sentence.start, f.sentence.end);
    let terms = cx.facts::<Terms>(f.paragraph);
    dates::stem_set(
        terms.iter().filter(|t| {
            p.range.start + t.range.start >= start && p.range.start + t.range.end <= end
        }),
    )
}

/// The sources' dated sentences, indexed once per source set.
fn source_sentences(cx: &Context) -> Arc<SourceSentences> {
    cx.sources.derived(|| build_source_sentences(cx))
}

fn build_source_sentences(cx: &Context) -> SourceSentences {
    let mut out = Vec::new();
    for (k, s) in cx.sources.sources.iter().enumerate() {
        let doc = &s.doc;
        let date = doc.date();
        let mut dateline: Option<Arc<Vec<DateRef>>> = None;
        for (i, p) in doc.paragraphs.iter().enumerate() {
            let sents = cx.source_facts::<DatedSentences>(k, i);
            if sents.is_empty() {
                continue;
            }
            let line = dateline.get_or_insert_with(|| {
                let refs = sents
                    .iter()
                    .flat_map(|s| &s.items)
                    .filter_map(|i| match &i.kind {
                        Kind::Date(d) | Kind::Weekday { date: Some(d), .. } => Some(*d),
                        _ => None,
                    });
                Arc::new(refs.collect())
            });
            for s in sents.iter() {
                let mut s = s.clone();
                DatedSentences::shift(&mut s, p.range.start as isize);
                out.push(SrcSentence {
                    source: k,
                    range: s.range,
                    items: s.items,
                    stems: s.stems,
                    date,
                    dateline: line.clone(),
                });
            }
        }
    }
    SourceSentences::new(out)
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The weekday written in the style of `like` ("Thu" → "Fri", "THURSDAY" → "FRIDAY").
fn weekday_like(w: Weekday, like: &str) -> String {
    let full = weekday_name(w);
    let s = if like.len() <= 5 && !like.to_ascii_lowercase().ends_with("day") {
        &full[..3]
    } else {
        full
    };
    if like.len() > 1 && like.chars().all(|c| !c.is_lowercase()) {
        s.to_uppercase()
    } else {
        s.to_string()
    }
}

fn source_evidence(cx: &Context, s: &SrcSentence) -> Evidence {
    let src = &cx.sources.sources[s.source];
    let text: String = src.doc.prose[s.range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Evidence::Source {
        file: src.name.clone(),
        line: src.doc.line_of(s.range.start),
        text,
    }
}

/// "Thursday, Aug. 15" when Aug. 15 is a Friday.
fn calendar(cx: &Context, f: &Fact) -> Option<Diagnostic> {
    let Kind::Weekday {
        day, date: Some(d), ..
    } = &f.item.kind
    else {
        return None;
    };
    let date = d.resolve(cx.date)?;
    if date.weekday() == *day {
        return None;
    }
    if d.swapped {
        // An ambiguous numeric date: quiet if the other order fits.
        let other = dates::DateRef {
            month: d.day,
            day: d.month,
            swapped: false,
            ..*d
        };
        if other.resolve(cx.date).is_some_and(|o| o.weekday() == *day) {
            return None;
        }
    }
    let written = &cx.doc.text[f.item.range.clone()];
    let right = weekday_like(date.weekday(), written);
    let year_note = if d.year.is_none() {
        format!(" (the year taken from the article date {})", cx.date)
    } else {
        String::new()
    };
    let mut diag = Diagnostic::new(
        ID,
        Severity::Warning,
        f.item.range.clone(),
        format!(
            "{date} is a {}, not a {}{year_note}",
            weekday_name(date.weekday()),
            weekday_name(*day)
        ),
    );
    diag.fixes.push(Fix::replace(
        FixKind::Unsafe,
        format!("Replace with '{right}'"),
        f.item.range.clone(),
        right,
    ));
    Some(diag)
}

/// The source sentence that reports the same thing as the draft sentence, if one clearly does.
fn best_source<'s>(
    o: &Overlap,
    src: &'s SourceSentences,
    want: impl Fn(&Item) -> bool,
) -> Option<&'s SrcSentence> {
    if o.mine.len() < 3 {
        return None;
    }
    let mut best: Option<(usize, &SrcSentence)> = None;
    let mut tie = false;
    for (i, s) in src.sentences.iter().enumerate() {
        if !s.items.iter().any(&want) {
            continue;
        }
        let shared = o.shared[i] as usize;
        match best {
            Some((b, _)) if shared < b => {}
            Some((b, _)) if shared == b => tie = true,
            _ => {
                best = Some((shared, s));
                tie = false;
            }
        }
    }
    let (shared, s) = best?;
    let enough = shared >= 4 && shared * 5 >= o.mine.len() * 2;
    (enough && !tie).then_some(s)
}

/// A sentence that relates two days to each other ("on Wednesday, a day after parliament
/// elected her", "the day before the vote"): its weekday may belong to either event, so a
/// source that dates one of them to another day is no contradiction.
static TWO_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:a|one|two|three|four|five|six|seven|\d+)\s+(?:days?|nights?|weeks?)\s+(?:after|before|earlier|later)|the\s+(?:day|night|week)\s+(?:after|before)|(?:previous|following)\s+(?:day|night))(?-u:\b)",
    )
    .expect("valid regex")
});

/// Some source sentence that reports the same thing (three or more shared stems) gives the
/// draft's own reading: the sources support the draft, so a disagreeing one is no finding.
fn some_source_agrees(
    o: &Overlap,
    src: &SourceSentences,
    agrees: impl Fn(&SrcSentence) -> bool,
) -> bool {
    src.sentences
        .iter()
        .enumerate()
        .any(|(i, s)| o.shared[i] >= 3 && agrees(s))
}

/// The last content word before a position in its sentence, adverbs in -ly skipped ("held"
/// in "largely held on Sunday"): the action a weekday dates.
fn head_before(prose: &str, sentence: &Range<usize>, at: usize) -> Option<String> {
    crate::topic::content_terms(prose, sentence.start..at)
        .terms
        .into_iter()
        .rev()
        .find(|t| !dates::is_calendar_word(t.stem()) && !prose[t.range.clone()].ends_with("ly"))
        .map(|t| t.stem().to_string())
}

/// Stems of the few words before a position (the clause a date belongs to).
fn context_before(prose: &str, sentence: &Range<usize>, at: usize) -> HashSet<String> {
    let start = prose[sentence.start..at]
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(6)
        .map_or(sentence.start, |(i, _)| sentence.start + i);
    stems(prose, start..at)
}

/// The words that say what a relative date dates: a possessive one ("last week's toppling
/// of Barnier", "yesterday's vote") dates the noun phrase after it, up to four words before
/// the clause ends; any other, the words before it ([`context_before`]).
fn relative_context(prose: &str, sentence: &Range<usize>, item: &Range<usize>) -> HashSet<String> {
    let rest = &prose[item.end..sentence.end];
    let Some(after) = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix("\u{2019}s"))
    else {
        return context_before(prose, sentence, item.start);
    };
    let from = sentence.end - after.len();
    let clause = after.find([',', ';', ':']).unwrap_or(after.len());
    let end = after[..clause]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .nth(4)
        .map_or(from + clause, |(i, _)| from + i);
    stems(prose, from..end)
}

fn against_sources(
    cx: &Context,
    f: &Fact,
    src: &SourceSentences,
    o: &Overlap,
) -> Option<Diagnostic> {
    match f.item.kind {
        Kind::Weekday { day, .. } => weekday_vs_sources(cx, f, day, src, o),
        Kind::Relative(rel) => relative_vs_sources(cx, f, rel, src, o),
        _ => None,
    }
}

/// "travel to Washington on Tuesday" where the source says "on Monday, Aug. 18".
fn weekday_vs_sources(
    cx: &Context,
    f: &Fact,
    day: Weekday,
    src: &SourceSentences,
    o: &Overlap,
) -> Option<Diagnostic> {
    if TWO_DAYS.is_match(&cx.doc.prose[f.sentence.clone()]) {
        return None;
    }
    let is_wd = |i: &Item| matches!(i.kind, Kind::Weekday { .. });
    let s = best_source(o, src, is_wd)?;
    let same_day = |s: &SrcSentence| {
        s.items
            .iter()
            .any(|i| matches!(i.kind, Kind::Weekday { day: d, .. } if d == day))
    };
    if some_source_agrees(o, src, same_day) {
        return None;
    }
    let prose = &cx.sources.sources[s.source].doc.prose;
    let wds: Vec<(&Item, Weekday)> = s
        .items
        .iter()
        .filter_map(|i| match i.kind {
            Kind::Weekday { day, .. } => Some((i, day)),
            _ => None,
        })
        .collect();
    if wds.iter().any(|(_, d)| *d == day) {
        return None;
    }
    // The draft sentence names another weekday too: leave it to a reader.
    let draft_days = dates::extract(&cx.doc.prose[f.sentence.clone()])
        .iter()
        .filter(|i| matches!(i.kind, Kind::Weekday { .. }))
        .count();
    if draft_days > 1 {
        return None;
    }
    let mine = context_before(&cx.doc.prose, &f.sentence, f.item.range.start);
    let (item, theirs, ctx) = wds
        .iter()
        .map(|(i, d)| {
            let c = context_before(prose, &s.range, i.range.start);
            (mine.intersection(&c).count(), *i, *d, c)
        })
        .filter(|(n, ..)| *n >= 1)
        .max_by_key(|(n, ..)| *n)
        .map(|(_, i, d, c)| (i, d, c))?;
    // The two weekdays must date the same action: the word each closes ("held on Sunday",
    // "agreed on Saturday") appears in the other's clause.
    let heads = (
        head_before(&cx.doc.prose, &f.sentence, f.item.range.start),
        head_before(prose, &s.range, item.range.start),
    );
    if let (Some(h), Some(g)) = heads
        && h != g
        && !ctx.contains(&h)
        && !mine.contains(&g)
    {
        return None;
    }
    Some(weekday_diagnostic(cx, f, day, s, item, theirs))
}

/// "Tuesday: 02.txt dates this to Monday (2025-08-18)", with the source's weekday as fix.
fn weekday_diagnostic(
    cx: &Context,
    f: &Fact,
    day: Weekday,
    s: &SrcSentence,
    item: &Item,
    theirs: Weekday,
) -> Diagnostic {
    let src_name = &cx.sources.sources[s.source].name;
    let dated = match &item.kind {
        Kind::Weekday { date: Some(d), .. } => d
            .resolve(s.date(cx.date))
            .map(|x| format!(" ({x})"))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let mut diag = Diagnostic::new(
        ID,
        Severity::Warning,
        f.item.range.clone(),
        format!(
            "{}: {src_name} dates this to {}{dated}",
            weekday_name(day),
            weekday_name(theirs)
        ),
    );
    diag.evidence.push(source_evidence(cx, s));
    let right = weekday_like(theirs, &cx.doc.text[f.item.range.clone()]);
    diag.fixes.push(Fix::replace(
        FixKind::Unsafe,
        format!("Replace with '{right}' (as in {src_name})"),
        f.item.range.clone(),
        right,
    ));
    diag
}

/// Does a relative date fit an event date, seen from the article date?
pub fn relative_fits(rel: Rel, a: NaiveDate, e: NaiveDate) -> bool {
    let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let days = (a - e).num_days();
    match rel {
        Rel::Yesterday => days == 1,
        Rel::Today => days == 0,
        Rel::Tomorrow => days == -1,
        Rel::LastWeek => (1..=14).contains(&days),
        Rel::ThisWeek => days.abs() <= 7,
        Rel::NextWeek => (-14..=-1).contains(&days),
        Rel::LastMonth => months(a) - months(e) == 1,
        Rel::ThisMonth => months(a) == months(e),
        Rel::EarlierThisMonth => months(a) == months(e) && days >= 0,
        Rel::NextMonth => months(e) - months(a) == 1,
        Rel::LastYear => a.year() - e.year() == 1,
        Rel::ThisYear => a.year() == e.year(),
        Rel::EarlierThisYear => a.year() == e.year() && days >= 0,
        Rel::NextYear => e.year() - a.year() == 1,
    }
}

/// The month/year phrase that fits, where one clearly does.
fn relative_for(a: NaiveDate, e: NaiveDate) -> Option<&'static str> {
    [
        (Rel::EarlierThisMonth, "earlier this month"),
        (Rel::LastMonth, "last month"),
        (Rel::NextMonth, "next month"),
        (Rel::LastYear, "last year"),
        (Rel::NextYear, "next year"),
    ]
    .into_iter()
    .find(|(r, _)| relative_fits(*r, a, e))
    .map(|(_, t)| t)
}

/// "Next week, on August 12" in a story of August 20: a relative date and the date written
/// right after it (", on …", at most a few words on, same sentence) that cannot be the
/// same day. The date's year, when not written, is the one nearest the article date.
fn relative_vs_date(cx: &Context, f: &Fact, rel: Rel, facts: &[Fact]) -> Option<Diagnostic> {
    let date_fact = facts.iter().find(|g| {
        g.sentence == f.sentence
            && g.item.range.start >= f.item.range.end
            && cx.doc.text[f.item.range.end..g.item.range.start]
                .split_whitespace()
                .count()
                <= 2
            && matches!(
                g.item.kind,
                Kind::Date(_) | Kind::Weekday { date: Some(_), .. }
            )
    })?;
    let (Kind::Date(d) | Kind::Weekday { date: Some(d), .. }) = &date_fact.item.kind else {
        return None;
    };
    if d.swapped {
        return None;
    }
    let date = d.resolve(cx.date)?;
    if relative_fits(rel, cx.date, date) {
        return None;
    }
    let text = &cx.doc.text;
    let span = date_fact
        .item
        .date_range
        .clone()
        .unwrap_or(date_fact.item.range.clone());
    let days = (date - cx.date).num_days();
    let when = match days {
        0 => "the article date".to_string(),
        n if n < 0 => format!("{} days before the article date ({})", -n, cx.date),
        n => format!("{n} days after the article date ({})", cx.date),
    };
    Some(Diagnostic::new(
        ID,
        Severity::Warning,
        f.item.range.start..date_fact.item.range.end,
        format!(
            "'{}' does not fit '{}': {date} is {when}",
            &text[f.item.range.clone()],
            &text[span],
        ),
    ))
}

/// "a visit to the Kremlin last month" where the source dates it to this month.
fn relative_vs_sources(
    cx: &Context,
    f: &Fact,
    rel: Rel,
    src: &SourceSentences,
    o: &Overlap,
) -> Option<Diagnostic> {
    let has_date = |i: &Item| matches!(i.kind, Kind::Date(_) | Kind::Weekday { date: Some(_), .. });
    let s = best_source(o, src, has_date)?;
    // Only the source's dates of the same clause ("save 44 billion euros next year" is not
    // dated by "named Lecornu on Tuesday" in the same sentence).
    let mine = relative_context(&cx.doc.prose, &f.sentence, &f.item.range);
    let prose = &cx.sources.sources[s.source].doc.prose;
    let resolved: Vec<NaiveDate> = s
        .items
        .iter()
        .filter(|i| {
            let c = context_before(prose, &s.range, i.range.start);
            mine.intersection(&c).next().is_some()
        })
        .filter_map(|i| match &i.kind {
            Kind::Date(d) | Kind::Weekday { date: Some(d), .. } => d.resolve(s.date(cx.date)),
            _ => None,
        })
        .collect();
    let e = *resolved.first()?;
    // Every date of that sentence must contradict the draft (it may be about any of them).
    if resolved.iter().any(|&d| relative_fits(rel, cx.date, d)) {
        return None;
    }
    // A source sentence about the same thing uses the same relative date ("… 44 billion
    // euros next year" in both): the draft follows its sources.
    let same_relative = |s: &SrcSentence| {
        let prose = &cx.sources.sources[s.source].doc.prose;
        dates::extract(&prose[s.range.clone()])
            .iter()
            .any(|i| matches!(i.kind, Kind::Relative(r) if r == rel))
    };
    if some_source_agrees(o, src, same_relative) {
        return None;
    }
    let written = &cx.doc.text[f.item.range.clone()];
    let src_name = &cx.sources.sources[s.source].name;
    let right = relative_for(cx.date, e);
    let mut diag = Diagnostic::new(
        ID,
        Severity::Warning,
        f.item.range.clone(),
        format!(
            "'{written}' (article date {}): {src_name} dates this to {e}{}",
            cx.date,
            right.map(|r| format!(", {r}")).unwrap_or_default()
        ),
    );
    diag.evidence.push(source_evidence(cx, s));
    if let Some(r) = right {
        let r = if written.starts_with(|c: char| c.is_uppercase()) {
            let mut c = r.chars();
            c.next()
                .map(|x| x.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        } else {
            r.to_string()
        };
        diag.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Replace with '{r}'"),
            f.item.range.clone(),
            r,
        ));
    }
    Some(diag)
}

// ---------------------------------------------------------------------------------------
// Durations and "Nth year" against dated events

/// The KB events a draft can refer to: alias matcher and the story's topic event.
pub struct EventIndex<'k> {
    events: Vec<&'k Event>,
    matcher: Arc<EventMatcher>,
    /// The event that is the story's clear topic (by its topic words), if any: counted
    /// over the whole draft on first need only.
    topic: std::cell::OnceCell<Option<usize>>,
}

impl<'k> EventIndex<'k> {
    pub fn new(cx: &Context<'k>) -> EventIndex<'k> {
        EventIndex {
            events: cx.kb.events.iter().collect(),
            matcher: cx.kb.event_matcher(),
            topic: std::cell::OnceCell::new(),
        }
    }

    /// The story's topic event, counted on the first call.
    fn topic(&self, cx: &Context) -> Option<usize> {
        *self.topic.get_or_init(|| self.count_topic(cx))
    }

    fn count_topic(&self, cx: &Context) -> Option<usize> {
        let title = cx
            .doc
            .front_matter
            .as_ref()
            .and_then(|f| f.title.clone())
            .unwrap_or_default();
        let mut counts = vec![0usize; self.events.len()];
        for text in [cx.doc.prose.as_str(), title.as_str()] {
            self.matcher.topics.count(text, &mut counts);
        }
        let mut order: Vec<usize> = (0..counts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
        let first = *order.first()?;
        let second = order.get(1).map_or(0, |&i| counts[i]);
        (counts[first] >= 3 && counts[first] >= 2 * second.max(1)).then_some(first)
    }

    /// Alias mentions in a span: (absolute range, event index).
    fn aliases_in(&self, prose: &str, r: Range<usize>) -> Vec<(Range<usize>, usize)> {
        let Some(m) = &self.matcher.aliases else {
            return Vec::new();
        };
        m.find_iter(&prose[r.clone()])
            .filter(|x| whole_word(prose, r.start + x.start(), r.start + x.end()))
            .map(|x| {
                (
                    r.start + x.start()..r.start + x.end(),
                    self.matcher.alias_owner[x.pattern().as_usize()],
                )
            })
            .collect()
    }
}

fn whole_word(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().next_back();
    let after = text[e..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// What a duration or "Nth year" refers to: the event and the words naming it.
fn referent<'k>(cx: &Context, f: &Fact, ix: &EventIndex<'k>) -> Option<(&'k Event, String)> {
    let prose = &cx.doc.prose;
    let r = &f.item.range;
    let aliases = ix.aliases_in(prose, f.sentence.clone());
    let link = match f.item.kind {
        Kind::Duration { link, .. } => Some(link),
        _ => None,
    };
    let after: Vec<&(Range<usize>, usize)> =
        aliases.iter().filter(|(a, _)| a.start >= r.end).collect();
    let before: Vec<&(Range<usize>, usize)> =
        aliases.iter().filter(|(a, _)| a.end <= r.start).collect();
    let gap = |a: &Range<usize>| prose[r.end..a.start].split_whitespace().count();
    let of_form = prose[r.end..].trim_start().starts_with("of ");
    let pick = match link {
        Some(Link::After) => after.first().copied(),
        Some(Link::Ago) => before.last().copied(),
        Some(Link::Attributive) => after.first().copied().filter(|(a, _)| gap(a) <= 1),
        None if of_form => after.first().copied().filter(|(a, _)| gap(a) <= 2),
        None => before.last().copied(),
    };
    if let Some((a, e)) = pick {
        return Some((ix.events[*e], prose[a.clone()].to_string()));
    }
    // A generic noun ("the war") of the story's topic event, next to the expression.
    if matches!(link, Some(Link::After | Link::Ago)) {
        return None;
    }
    let t = ix.topic(cx)?;
    let ev = ix.events[t];
    let sentence = &prose[f.sentence.clone()];
    let mut counts = vec![0usize; ix.events.len()];
    ix.matcher.topics.count(sentence, &mut counts);
    if counts.iter().enumerate().any(|(e, n)| e != t && *n > 0) {
        return None;
    }
    let noun = match link {
        Some(_) => next_words(prose, r.end, 1),
        None if of_form => next_words(prose, r.end, 3),
        None => possessor(prose, f)?,
    };
    let hit = noun.iter().find(|w| {
        ev.nouns.iter().any(|n| {
            w.trim_end_matches(['’', '\'', 's']).eq_ignore_ascii_case(n)
                || w.eq_ignore_ascii_case(n)
        })
    })?;
    Some((ev, hit.trim_end_matches(['’', '\'']).to_string()))
}

/// The next `n` words after a position.
fn next_words(prose: &str, at: usize, n: usize) -> Vec<String> {
    prose[at..]
        .split_whitespace()
        .take(n)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect()
}

/// For "its third year": the noun before, within its clause ("the war, now entering").
fn possessor(prose: &str, f: &Fact) -> Option<Vec<String>> {
    let r = &f.item.range;
    let lead = &prose[f.sentence.start..r.start];
    let lead_l = lead.to_ascii_lowercase();
    if !(lead_l.trim_end().ends_with("its")
        || lead.trim_end().ends_with("'s")
        || lead.trim_end().ends_with("’s")
        || lead_l.trim_end().ends_with("the"))
    {
        return None;
    }
    // "the war's fourth year": the possessor itself.
    let words: Vec<&str> = lead.split_whitespace().collect();
    let last = words.last()?;
    if last.ends_with("'s") || last.ends_with("’s") {
        let w = last.trim_end_matches("'s").trim_end_matches("’s");
        return Some(vec![w.to_string()]);
    }
    // "its": the nearest noun in the 8 words before.
    Some(
        words
            .iter()
            .rev()
            .skip(1)
            .take(8)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .collect(),
    )
}

/// Whole months between two dates (a ≤ b).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let mut m = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    if b.day() < a.day() {
        m -= 1;
    }
    m.max(0) as u32
}

fn span_text(months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    let unit = |n: u32, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (y, m) {
        (0, m) => unit(m, "month"),
        (y, 0) => unit(y, "year"),
        (y, m) => format!("{}, {}", unit(y, "year"), unit(m, "month")),
    }
}

/// Does a stated duration fit the actual number of days?
pub fn duration_fits(days: f64, amount: f64, unit: Unit, approx: Approx) -> bool {
    let s = amount * unit.days();
    let u = unit.days();
    match approx {
        Approx::Exact if unit == Unit::Year => days >= s - 0.5 * u && days < s + u,
        Approx::Exact => (days - s).abs() <= (1.5 * u).max(0.1 * s),
        Approx::About => (days - s).abs() <= u.max(0.15 * s),
        Approx::Nearly => days >= s - u.max(0.15 * s) && days <= s + 0.25 * u,
        Approx::MoreThan => days >= s - 0.1 * u,
        Approx::LessThan => days <= s + 0.1 * u,
    }
}

fn event_evidence(e: &Event) -> Evidence {
    Evidence::Kb {
        office: e.id.clone(),
        note: format!("{} began {} ({})", e.name, e.start, e.origin),
        source: e.source.clone(),
    }
}

fn against_event(cx: &Context, f: &Fact, ix: &EventIndex) -> Option<Diagnostic> {
    let (ev, noun) = referent(cx, f, ix)?;
    let a = cx.date;
    if ev.start >= a {
        return None;
    }
    let ongoing = ev.end.is_none_or(|e| e > a);
    match f.item.kind.clone() {
        Kind::Nth {
            n,
            anniversary,
            entering,
            ordinal,
        } => nth_year(
            cx,
            f,
            ev,
            &noun,
            (n, anniversary, entering, ordinal),
            ongoing,
        ),
        Kind::Duration {
            amount,
            unit,
            approx,
            link,
            digits,
        } => {
            if link == Link::After && past_context(&cx.doc.prose[f.sentence.clone()], ev) {
                return None;
            }
            let end = match link {
                Link::Attributive if !ongoing => ev.end?,
                _ => a,
            };
            let days = (end - ev.start).num_days() as f64;
            if duration_fits(days, amount, unit, approx) {
                return None;
            }
            let months = months_between(ev.start, end);
            let written = &cx.doc.text[f.item.range.clone()];
            let mut diag = Diagnostic::new(
                ID,
                Severity::Warning,
                f.item.range.clone(),
                format!(
                    "{} to {end} is {months} months ({}), not '{written}': {} began on {} ({})",
                    ev.start,
                    span_text(months),
                    ev.name,
                    ev.start,
                    ev.origin
                ),
            );
            diag.evidence.push(event_evidence(ev));
            if digits && approx == Approx::Exact {
                let right = (days / unit.days()).floor() as u64;
                let cut = written.find(['-', ' ']).unwrap_or(written.len());
                let r = f.item.range.start..f.item.range.start + cut;
                diag.fixes.push(Fix::replace(
                    FixKind::Unsafe,
                    format!("Replace with '{right}{}'", &written[cut..]),
                    r,
                    right.to_string(),
                ));
            }
            Some(diag)
        }
        _ => None,
    }
}

/// "a year after the invasion, Kyiv held..." tells of the past: not checked against today.
fn past_context(sentence: &str, ev: &Event) -> bool {
    let l = sentence.to_ascii_lowercase();
    let past = [" was ", " were ", " had ", " did "]
        .iter()
        .any(|w| l.contains(w));
    let other_year = l.split(|c: char| !c.is_ascii_digit()).any(|w| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w != ev.start.year().to_string()
    });
    past || other_year
}

fn nth_year(
    cx: &Context,
    f: &Fact,
    ev: &Event,
    noun: &str,
    (n, anniversary, entering, ordinal): (u32, bool, bool, Range<usize>),
    ongoing: bool,
) -> Option<Diagnostic> {
    let a = cx.date;
    let months = months_between(ev.start, a);
    let done = months / 12;
    let last = ev.start.checked_add_months(Months::new(done * 12))?;
    let next = ev.start.checked_add_months(Months::new((done + 1) * 12))?;
    let (ok, right) = if anniversary {
        let near = if (a - last).num_days() <= (next - a).num_days() {
            done
        } else {
            done + 1
        };
        (n == near, near)
    } else {
        if !ongoing {
            return None;
        }
        let idx = done + 1;
        let ok = n == idx
            || (entering && n == idx + 1 && (next - a).num_days() <= 92)
            || (n + 1 == idx && (a - last).num_days() <= 7);
        (ok, idx)
    };
    if ok || right == 0 {
        return None;
    }
    let word = &cx.doc.text[ordinal.clone()];
    let digits = word.starts_with(|c: char| c.is_ascii_digit());
    let mut fixed = dates::ordinal_word(right, digits);
    if word.starts_with(|c: char| c.is_uppercase()) {
        fixed = fixed[..1].to_uppercase() + &fixed[1..];
    }
    let what = if anniversary {
        format!(
            "the {} anniversary is {}",
            fixed,
            if right == done { last } else { next }
        )
    } else {
        format!("the {noun}'s {fixed} year (it began on {last})")
    };
    let mut diag = Diagnostic::new(
        ID,
        Severity::Warning,
        f.item.range.clone(),
        format!(
            "{} to {a} is {months} months ({}): {what}, not the {word}; {} began on {} ({})",
            ev.start,
            span_text(months),
            ev.name,
            ev.start,
            ev.origin
        ),
    );
    diag.evidence.push(event_evidence(ev));
    diag.fixes.push(Fix::replace(
        FixKind::Unsafe,
        format!("Replace with '{fixed}'"),
        ordinal,
        fixed,
    ));
    Some(diag)
}

/// What a date expression at `offset` resolves to (for hover), if there is one.
pub fn describe(cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
    let facts = draft_facts(cx);
    let f = facts
        .iter()
        .find(|f| f.item.range.start <= offset && offset <= f.item.range.end)?;
    let a = cx.date;
    let text = &cx.doc.text[f.item.range.clone()];
    let s = match &f.item.kind {
        Kind::Weekday { date: Some(d), .. } | Kind::Date(d) => {
            let x = d.resolve(a)?;
            format!("**{text}** → {x}, a {}", weekday_name(x.weekday()))
        }
        Kind::Weekday { day, .. } => {
            let back = (1..=7)
                .map(|i| a - chrono::Days::new(i))
                .find(|d| d.weekday() == *day)?;
            let fwd = (0..7)
                .map(|i| a + chrono::Days::new(i))
                .find(|d| d.weekday() == *day)?;
            format!(
                "**{text}** → {back} (past tense) or {fwd} (future), article date {a} ({})",
                weekday_name(a.weekday())
            )
        }
        Kind::Relative(rel) => format!("**{text}** → {}", relative_span(*rel, a)),
        Kind::Duration { .. } | Kind::Nth { .. } => {
            let ix = EventIndex::new(cx);
            let (ev, _) = referent(cx, f, &ix)?;
            let m = months_between(ev.start, a);
            format!(
                "**{text}**: {} began {}; to {a} is {m} months ({}) — year {} ({})",
                ev.name,
                ev.start,
                span_text(m),
                m / 12 + 1,
                ev.origin
            )
        }
        Kind::SinceYear(y) => format!("**{text}** → {} years to {a}", a.year() - y),
    };
    Some((f.item.range.clone(), s))
}

fn relative_span(rel: Rel, a: NaiveDate) -> String {
    let month = |d: NaiveDate| d.format("%B %Y").to_string();
    let first = a.with_day(1).unwrap_or(a);
    match rel {
        Rel::Yesterday => (a - chrono::Days::new(1)).to_string(),
        Rel::Today => a.to_string(),
        Rel::Tomorrow => (a + chrono::Days::new(1)).to_string(),
        Rel::LastWeek => format!("the week before {a}"),
        Rel::ThisWeek => format!("the week of {a}"),
        Rel::NextWeek => format!("the week after {a}"),
        Rel::LastMonth => month(first - chrono::Days::new(1)),
        Rel::ThisMonth | Rel::EarlierThisMonth => month(a),
        Rel::NextMonth => month(first + Months::new(1)),
        Rel::LastYear => (a.year() - 1).to_string(),
        Rel::ThisYear | Rel::EarlierThisYear => a.year().to_string(),
        Rel::NextYear => (a.year() + 1).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use super::*;
    use crate::config::Settings;
    use crate::diagnostic::apply_edits;
    use crate::document::{Document, Format};
    use crate::extract::Extractor;
    use crate::kb::Kb;
    use crate::sources::SourceIndex;

    fn kb_ex() -> &'static (Kb, Extractor) {
        static K: OnceLock<(Kb, Extractor)> = OnceLock::new();
        K.get_or_init(|| {
            let kb = Kb::builtin();
            let ex = Extractor::new(&kb);
            (kb, ex)
        })
    }

    /// The findings of this rule on a draft (dated `day`) with in-memory sources.
    fn run(draft: &str, sources: &[&str], day: &str) -> (Document, Vec<Diagnostic>) {
        let (kb, ex) = kb_ex();
        let idx = SourceIndex::from_texts(
            sources
                .iter()
                .enumerate()
                .map(|(i, t)| (PathBuf::from(format!("0{}.txt", i + 1)), t.to_string()))
                .collect(),
            ex,
        );
        let doc = Document::new(draft, Format::Markdown);
        let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("date");
        let settings = Settings::default();
        let cx = Context::new(&doc, kb, ex, &idx, date, &settings);
        let mut out = Vec::new();
        DateMismatch.check(&cx, &mut out);
        (doc, out)
    }

    fn flagged<'a>(doc: &'a Document, d: &[Diagnostic]) -> Vec<&'a str> {
        d.iter().map(|x| &doc.text[x.range.clone()]).collect()
    }

    fn fixed(doc: &Document, d: &Diagnostic) -> String {
        apply_edits(&doc.text, &d.fixes[0].edits).expect("fix applies")
    }

    #[test]
    fn weekday_contradicting_its_date_is_flagged_with_the_right_weekday() {
        let draft = "The leaders met in Anchorage on Thursday, Aug. 15, for “nearly three hours” — a first.";
        let (doc, d) = run(draft, &[], "2025-08-16");
        assert_eq!(flagged(&doc, &d), ["Thursday"]);
        assert_eq!(
            d[0].message,
            "2025-08-15 is a Friday, not a Thursday (the year taken from the article date 2025-08-16)"
        );
        assert!(fixed(&doc, &d[0]).contains("on Friday, Aug. 15,"));
        // UK order and an abbreviated weekday with a numeric date.
        let (doc, d) = run(
            "Talks resume on Thu 20/08/2025 and on Sunday 17 August.",
            &[],
            "2025-08-16",
        );
        assert_eq!(flagged(&doc, &d), ["Thu"]);
        assert_eq!(d[0].message, "2025-08-20 is a Wednesday, not a Thursday");
        assert!(fixed(&doc, &d[0]).contains("on Wed 20/08/2025 and"));
    }

    #[test]
    fn correct_weekdays_stay_quiet() {
        let draft = "Trump announced it earlier this month, on Friday, Aug. 8. They met on Friday, May 16, and Wednesday (20 August). Mon 18/08 too.";
        let (_, d) = run(draft, &[], "2025-08-20");
        assert!(d.is_empty(), "{d:?}");
    }

    const SRC: &str = "Zelenskyy to visit White House\n\nKYIV, Aug. 16 — Ukrainian President Volodymyr Zelenskyy said on Saturday that he would travel to Washington on Monday, Aug. 18, to meet President Donald Trump.\n\nWitkoff then flew to Moscow and met Putin at the Kremlin on Wednesday, Aug. 6, a meeting Trump described as \"highly productive.\"\n\nOn July 14, Trump gave Russia 50 days to agree to a ceasefire; on July 28 he cut the deadline to 10 or 12 days.\n";

    #[test]
    fn weekday_against_the_sources() {
        let draft = "Ukrainian President Volodymyr Zelenskyy, who was not invited, said he would travel to Washington on Tuesday to meet Trump.";
        let (doc, d) = run(draft, &[SRC], "2025-08-16");
        assert_eq!(flagged(&doc, &d), ["Tuesday"]);
        assert_eq!(
            d[0].message,
            "Tuesday: 01.txt dates this to Monday (2025-08-18)"
        );
        assert!(
            matches!(&d[0].evidence[0], Evidence::Source { file, line: 3, .. } if file == "01.txt")
        );
        assert!(fixed(&doc, &d[0]).contains("Washington on Monday to meet"));
        let right = draft.replace("Tuesday", "Monday");
        assert!(run(&right, &[SRC], "2025-08-16").1.is_empty());
    }

    #[test]
    fn relative_date_against_the_sources() {
        let draft = "Witkoff prepared the ground with a visit to the Kremlin last month, a meeting with Putin that Trump called “highly productive.”";
        let (doc, d) = run(draft, &[SRC], "2025-08-16");
        assert_eq!(flagged(&doc, &d), ["last month"]);
        assert_eq!(
            d[0].message,
            "'last month' (article date 2025-08-16): 01.txt dates this to 2025-08-06, earlier this month"
        );
        assert!(fixed(&doc, &d[0]).contains("Kremlin earlier this month,"));
        // The 50-day deadline was indeed set last month; "earlier this month" for Aug. 6 fits.
        let quiet = "Last month Trump had given Moscow 50 days to agree to a ceasefire, then cut the deadline to 10 or 12 days. Witkoff met Putin at the Kremlin earlier this month, a meeting Trump called “highly productive.”";
        assert!(run(quiet, &[SRC], "2025-08-16").1.is_empty());
    }

    #[test]
    fn a_possessive_relative_date_dates_the_noun_after_it() {
        let src = "Governor Ilse Brandt has today been named chancellor by President Arno \
                   Falk (December 13).\n\nBrandt replaces Tomas Weil, who was ousted in a \
                   confidence vote on December 4.\n";
        // "last week's ouster of Weil" dates the ouster (December 4), not the appointment.
        let draft = "Brandt is Falk's sixth chancellor after last week's ouster of Weil, who \
                     lasted only three months.";
        assert!(run(draft, &[src], "2024-12-13").1.is_empty());
        // Without the possessive, the words before it say what it dates.
        let draft = "Falk named Brandt chancellor last week, his sixth.";
        let (doc, d) = run(draft, &[src], "2024-12-13");
        assert_eq!(flagged(&doc, &d), ["last week"]);
    }

    #[test]
    fn a_sentence_relating_two_days_is_left_alone() {
        // The source dates the Kremlin meeting to Wednesday; the draft's Thursday is the
        // day after it, which the sentence itself says.
        let draft = "Witkoff briefed Trump on Thursday, a day after he met Putin at the Kremlin in a meeting Trump described as highly productive.";
        assert!(run(draft, &[SRC], "2025-08-16").1.is_empty());
        // Without the relation, the same weekday contradicts the source.
        let plain = "Witkoff met Putin at the Kremlin on Thursday, a meeting Trump described as highly productive.";
        let (doc, d) = run(plain, &[SRC], "2025-08-16");
        assert_eq!(flagged(&doc, &d), ["Thursday"]);
        assert_eq!(
            d[0].message,
            "Thursday: 01.txt dates this to Wednesday (2025-08-06)"
        );
    }

    #[test]
    fn a_source_that_agrees_outweighs_one_that_differs() {
        let saturday = "ISLAMABAD, May 10 — India and Pakistan agreed on Saturday to stop all firing after four days of the worst fighting between the nuclear-armed neighbours.";
        let draft = "India and Pakistan agreed on Sunday to stop all firing after the worst fighting between the nuclear-armed neighbours in decades.";
        let (doc, d) = run(draft, &[saturday], "2025-05-11");
        assert_eq!(flagged(&doc, &d), ["Sunday"]);
        assert_eq!(d[0].message, "Sunday: 01.txt dates this to Saturday");
        // A second source gives the draft's day: the sources disagree, the draft is not wrong.
        let sunday = "KARACHI, May 11 — Pakistan and India agreed on Sunday to stop all firing, the foreign ministry said.";
        assert!(run(draft, &[saturday, sunday], "2025-05-11").1.is_empty());
    }

    #[test]
    fn the_weekday_of_another_action_is_no_contradiction() {
        // "held on Sunday" dates the holding, the source's "agreed on Saturday" the agreement.
        let saturday = "ISLAMABAD, May 10 — India and Pakistan agreed on Saturday to stop all firing after four days of the worst fighting between the nuclear-armed neighbours.";
        let draft = "A ceasefire between India and Pakistan largely held on Sunday after the worst fighting between the nuclear-armed neighbours in decades.";
        assert!(run(draft, &[saturday], "2025-05-11").1.is_empty());
    }

    #[test]
    fn a_relative_date_and_the_date_written_after_it() {
        let (doc, d) = run(
            "Next week, on August 12, the envoy will visit Kyiv.\n",
            &[],
            "2025-08-20",
        );
        assert_eq!(flagged(&doc, &d), ["Next week, on August 12"]);
        assert_eq!(
            d[0].message,
            "'Next week' does not fit 'August 12': 2025-08-12 is 8 days before the article \
             date (2025-08-20)"
        );
        // Dates that fit, and a date too far from the relative one to be its own.
        let (_, d) = run(
            "Yesterday, on August 19, the envoy met the minister. Last month, on July 3, he \
             visited Kyiv. Next week, on Monday, August 25, he travels to Geneva. Tomorrow \
             (August 21) he flies home. Last week he said the talks of August 30 mattered.\n",
            &[],
            "2025-08-20",
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_relative_date_the_source_also_uses_stays_quiet() {
        let src = "PARIS, Sept. 9 — Bayrou lost Monday's vote by 364 votes to 194 after he called it to win support for his plan to save 44 billion euros next year.";
        let draft = "Bayrou lost a confidence vote by 364 votes to 194 over his plan to save 44 billion euros next year.";
        assert!(run(draft, &[src], "2025-09-09").1.is_empty());
    }

    const UKRAINE: &str = "# War in Ukraine\n\nUkraine and Kyiv want guarantees; Ukrainian officials met in Kyiv.\n\n";

    #[test]
    fn duration_against_the_topic_event() {
        let draft =
            format!("{UKRAINE}Leaders discussed ways of ending the 30-month-long conflict.");
        let (doc, d) = run(&draft, &[], "2025-08-20");
        assert_eq!(flagged(&doc, &d), ["30-month-long"]);
        assert_eq!(
            d[0].message,
            "2022-02-24 to 2025-08-20 is 41 months (3 years, 5 months), not '30-month-long': Russian full-scale invasion of Ukraine began on 2022-02-24 (kb/events.toml)"
        );
        assert!(fixed(&doc, &d[0]).contains("ending the 41-month-long conflict"));
        assert!(
            matches!(&d[0].evidence[0], Evidence::Kb { office, .. } if office == "ua.full-scale-invasion")
        );
        let ok = format!(
            "{UKRAINE}Ending the 41-month-long conflict. Nearly three and a half years after the full-scale invasion of Feb. 24, 2022, Russia holds a fifth of the country."
        );
        assert!(run(&ok, &[], "2025-08-20").1.is_empty());
    }

    #[test]
    fn nth_year_against_the_topic_event() {
        let draft = format!("{UKRAINE}Pressure grows to end the war, now entering its third year.");
        let (doc, d) = run(&draft, &[], "2025-08-20");
        assert_eq!(flagged(&doc, &d), ["third year"]);
        assert_eq!(
            d[0].message,
            "2022-02-24 to 2025-08-20 is 41 months (3 years, 5 months): the war's fourth year (it began on 2025-02-24), not the third; Russian full-scale invasion of Ukraine began on 2022-02-24 (kb/events.toml)"
        );
        assert!(fixed(&doc, &d[0]).contains("now entering its fourth year."));
        let ok = format!("{UKRAINE}Pressure grows to end the war, now in its fourth year.");
        assert!(run(&ok, &[], "2025-08-20").1.is_empty());
        // Entering the next year shortly before the anniversary is fine.
        let soon = format!("{UKRAINE}The war, now entering its fourth year, goes on.");
        assert!(run(&soon, &[], "2025-01-10").1.is_empty());
    }

    #[test]
    fn generic_nouns_need_a_clear_topic() {
        // No topic: "the war" could be any war.
        let (_, d) = run(
            "Pressure grows to end the war, now in its ninth year.",
            &[],
            "2025-08-20",
        );
        assert!(d.is_empty());
        // A sentence about another event's topic is not about the story's war.
        let draft = format!("{UKRAINE}In Gaza, the war, now in its ninth year, goes on.");
        assert!(run(&draft, &[], "2025-08-20").1.is_empty());
        // "for the third year in a row" is no event's year.
        let draft = format!("{UKRAINE}Exports fell for the third year in a row.");
        assert!(run(&draft, &[], "2025-08-20").1.is_empty());
    }

    #[test]
    fn named_events_ago_and_after() {
        let bad = "Their Helsinki summit, four years ago, is remembered for little else.";
        let (doc, d) = run(bad, &[], "2025-08-16");
        assert_eq!(flagged(&doc, &d), ["four years"]);
        assert!(
            d[0].message
                .starts_with("2018-07-16 to 2025-08-16 is 85 months (7 years, 1 month)")
        );
        let ok = "Their Helsinki summit, seven years ago, is remembered — more than a decade after the annexation of Crimea, which still matters.";
        assert!(run(ok, &[], "2025-08-16").1.is_empty());
        // About the past: not checked against today.
        let past = "A year after the annexation of Crimea, sanctions were tightened.";
        assert!(run(past, &[], "2025-08-16").1.is_empty());
    }

    #[test]
    fn describe_resolves_dates_for_hover() {
        let (kb, ex) = kb_ex();
        let idx = SourceIndex::default();
        let doc = Document::new(
            "He spoke on Tuesday, and on Friday, Aug. 15, last month.",
            Format::Markdown,
        );
        let settings = Settings::default();
        let date = NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
        let cx = Context::new(&doc, kb, ex, &idx, date, &settings);
        let at = |w: &str| doc.text.find(w).expect("word");
        let (r, t) = describe(&cx, at("Tuesday")).expect("hover");
        assert_eq!(&doc.text[r], "Tuesday");
        assert_eq!(
            t,
            "**Tuesday** → 2025-08-19 (past tense) or 2025-08-26 (future), article date 2025-08-20 (Wednesday)"
        );
        assert_eq!(
            describe(&cx, at("Friday")).expect("hover").1,
            "**Friday** → 2025-08-15, a Friday"
        );
        assert_eq!(
            describe(&cx, at("last month")).expect("hover").1,
            "**last month** → July 2025"
        );
        assert!(describe(&cx, at("spoke")).is_none());
    }
}
