//! Date facts of one paragraph: weekdays (with the date they are given with), written and
//! numeric dates in US and UK orders, relative dates ("last month"), durations
//! ("30-month-long", "three and a half years after", "seven years ago"), "Nth year" and
//! "Nth anniversary" phrases, and "since 2014". Ranges are byte ranges relative to the
//! start of the paragraph's prose.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;

use super::sentences::Sentences;
use super::{FactKind, Paragraph, shift_range};
use crate::topic::{Term, content_terms};

/// The date facts of a paragraph ([`extract`]), in text order.
pub struct Dates;

impl FactKind for Dates {
    type Item = Item;
    fn extract(p: &Paragraph<'_>) -> Vec<Item> {
        extract(p.text())
    }
    fn shift(item: &mut Item, by: isize) {
        shift(item, by);
    }
}

/// A sentence that names a weekday or a written date, with its content stems (calendar
/// words left out), so that a draft sentence about the same event can find it.
#[derive(Debug, Clone)]
pub struct DatedSentence {
    pub range: Range<usize>,
    /// The weekdays and dates of the sentence.
    pub items: Vec<Item>,
    pub stems: HashSet<String>,
}

/// The dated sentences of a paragraph (used on the sources: computed once per source set).
pub struct DatedSentences;

impl FactKind for DatedSentences {
    type Item = DatedSentence;
    fn extract(p: &Paragraph<'_>) -> Vec<DatedSentence> {
        let dated: Vec<Item> = p
            .get::<Dates>()
            .iter()
            .filter(|i| matches!(i.kind, Kind::Weekday { .. } | Kind::Date(_)))
            .cloned()
            .collect();
        if dated.is_empty() {
            return Vec::new();
        }
        let at = p.range.start;
        p.get::<Sentences>()
            .iter()
            .filter_map(|r| {
                let items: Vec<Item> = dated
                    .iter()
                    .filter(|i| r.start <= i.range.start && i.range.start < r.end)
                    .cloned()
                    .collect();
                (!items.is_empty()).then(|| DatedSentence {
                    stems: stems(p.prose, r.start + at..r.end + at),
                    range: r.clone(),
                    items,
                })
            })
            .collect()
    }
    fn shift(s: &mut DatedSentence, by: isize) {
        shift_range(&mut s.range, by);
        s.items.iter_mut().for_each(|i| shift(i, by));
    }
}

/// Content stems of a span, without calendar words.
pub fn stems(prose: &str, r: Range<usize>) -> HashSet<String> {
    stem_set(&content_terms(prose, r).terms)
}

/// The stems of these content terms, calendar words left out (what [`stems`] gives).
pub fn stem_set<'a>(terms: impl IntoIterator<Item = &'a Term>) -> HashSet<String> {
    terms
        .into_iter()
        .map(Term::stem)
        .filter(|s| !is_calendar_word(s))
        .map(str::to_string)
        .collect()
}

pub fn is_calendar_word(stem: &str) -> bool {
    const CALENDAR: &[&str] = &[
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "month",
        "week",
        "year",
        "day",
        "last",
        "earlier",
        "yesterday",
        "today",
    ];
    // Every entry, weekday and number starts with one of these: most words are out at once.
    let Some(b) = stem.bytes().next() else {
        return true; // all of no characters are digits
    };
    if !(b"jfmasondwylet".contains(&b) || b.is_ascii_digit()) {
        return false;
    }
    weekday_of(stem).is_some() && stem.len() >= 3
        || CALENDAR.iter().any(|m| stem.starts_with(m))
        || stem.chars().all(|c| c.is_ascii_digit())
}

/// A calendar date as written: the year may be missing ("Aug. 19").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRef {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// The other reading of an ambiguous numeric date ("05/06"), day and month swapped.
    pub swapped: bool,
}

impl DateRef {
    /// The date, its year taken as written or else the one nearest to `near`.
    pub fn resolve(&self, near: NaiveDate) -> Option<NaiveDate> {
        match self.year {
            Some(y) => NaiveDate::from_ymd_opt(y, self.month, self.day),
            None => (near.year() - 1..=near.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, self.month, self.day))
                .min_by_key(|d| (*d - near).num_days().abs()),
        }
    }
}

/// Which calendar span a relative date names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    Yesterday,
    Today,
    Tomorrow,
    LastWeek,
    ThisWeek,
    NextWeek,
    LastMonth,
    ThisMonth,
    EarlierThisMonth,
    NextMonth,
    LastYear,
    ThisYear,
    EarlierThisYear,
    NextYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub fn days(self) -> f64 {
        match self {
            Unit::Day => 1.0,
            Unit::Week => 7.0,
            Unit::Month => 30.436875,
            Unit::Year => 365.2425,
        }
    }
    pub fn word(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// How a duration is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approx {
    Exact,
    Nearly,
    About,
    MoreThan,
    LessThan,
}

/// How a duration attaches to what it measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// "the 30-month-long conflict": the noun follows.
    Attributive,
    /// "three years after the invasion", "a decade since": the event follows.
    After,
    /// "seven years ago".
    Ago,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// "Tuesday", with the date written next to it ("Tuesday, Aug. 19") if any.
    Weekday {
        day: Weekday,
        date: Option<DateRef>,
        /// The weekday as written is an abbreviation ("Thu", "Tues.").
        short: bool,
    },
    /// A date without a weekday: "Aug. 19", "19 August 2025", "18/08/2025".
    Date(DateRef),
    Relative(Rel),
    Duration {
        amount: f64,
        unit: Unit,
        approx: Approx,
        link: Link,
        /// The number was written in digits (a fix may rewrite it).
        digits: bool,
    },
    /// "its third year" (`anniversary` false), "the fourth anniversary" (true).
    Nth {
        n: u32,
        anniversary: bool,
        /// "entering its third year": the year is about to begin.
        entering: bool,
        /// Range of the ordinal word inside `range`.
        ordinal: Range<usize>,
    },
    /// "since 2014", "began in 2014".
    SinceYear(i32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The expression as flagged: the weekday word, the date, "30-month-long", "third year".
    pub range: Range<usize>,
    pub kind: Kind,
    /// For a weekday given with a date: the date's range.
    pub date_range: Option<Range<usize>>,
}

/// Move every range of the item by `by` bytes.
pub fn shift(item: &mut Item, by: isize) {
    shift_range(&mut item.range, by);
    if let Some(r) = &mut item.date_range {
        shift_range(r, by);
    }
    if let Kind::Nth { ordinal, .. } = &mut item.kind {
        shift_range(ordinal, by);
    }
}

const MONTH: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
const WEEKDAY: &str = r"(?:Mon(?:day)?|Tue(?:s|sday)?|Wed(?:nesday)?|Thu(?:rs?|rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)(?-u:\b)\.?";
const NUMBER: &str = r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half an?)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?(?: and an? half)?";
const APPROX: &str = r"(?:(?:nearly|almost|close to|about|around|roughly|some|approximately|more than|over|upward of|at least|less than|under|fewer than|just over|just under)\s+)?";
const ORDINAL: &str = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|\d{1,2}(?:st|nd|rd|th))";

fn date_body() -> String {
    let day = r"\d{1,2}(?:st|nd|rd|th)?";
    format!(
        r"(?:(?P<us_m>{MONTH})\s+(?P<us_d>{day})(?-u:\b)(?:,?\s+(?P<us_y>\d{{4}}))?|(?P<uk_d>{day})\s+(?:of\s+)?(?P<uk_m>{MONTH})(?:,?\s+(?P<uk_y>\d{{4}}))?|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<n1>\d{{1,2}})/(?P<n2>\d{{1,2}})(?:/(?P<n3>\d{{2,4}}))?)(?-u:\b)"
    )
}

/// A weekday, with the date written right after it if any.
fn weekday_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?-u:\b)(?P<wd>{WEEKDAY})(?:,?\s*\(?\s*{}\)?)?",
            date_body()
        ))
        .expect("weekday regex")
    })
}

/// A date alone.
fn date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!(r"(?-u:\b){}", date_body())).expect("date regex"))
}

fn rel_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i-u)\b(?:yesterday|today|tomorrow|(?:earlier |later )?this (?:week|month|year)|(?:last|next) (?:week|month|year))(?-u:\b)")
            .expect("relative regex")
    })
}

fn duration_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?i-u)\b(?P<approx>{APPROX})(?:(?P<num>{NUMBER})[- ](?P<unit>day|week|month|year|decade|centur(?:y|ie))s?(?P<attr>-(?:long|old))?|(?P<dec>(?:a|one|two|three) (?:decade|centur(?:y|ie))s?|half a century))(?-u:\b)(?P<after>\s+(?:after|since|into|ago|later|on from)(?-u:\b))?"
        ))
        .expect("duration regex")
    })
}

fn nth_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?i-u)\b(?P<enter>(?:entering|enters|enter|entered|began|begins|starting|starts|into)\s+)?(?:its|the|their|the\s+(?u:\S)+(?:'s|(?u:’)s))\s+(?P<ord>{ORDINAL})\s+(?P<what>year|anniversary)(?-u:\b)"
        ))
        .expect("nth regex")
    })
}

fn since_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:since|(?:began|started|broke out|erupted) in)\s+(?P<y>(?:19|20)\d{2})(?-u:\b)")
            .expect("since regex")
    })
}

/// Every date fact of one paragraph's prose, in text order.
pub fn extract(prose: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let t = Triggers::of(prose);
    if !t.any() {
        return out;
    }
    dates(prose, &t, &mut out);
    if t.unit {
        relatives(prose, &mut out);
        durations(prose, &mut out);
    }
    if t.nth {
        nths(prose, &mut out);
    }
    let since = if t.digit { Some(since_re()) } else { None };
    for c in since.iter().flat_map(|r| r.captures_iter(prose)) {
        if let (Some(m), Some(y)) = (c.get(0), c.name("y").and_then(|y| y.as_str().parse().ok())) {
            out.push(Item {
                range: m.range(),
                kind: Kind::SinceYear(y),
                date_range: None,
            });
        }
    }
    out.sort_by_key(|i| (i.range.start, i.range.end));
    out
}

/// Words that start the unit of a relative date or a duration ("today", "last week",
/// "30-month-long", "three decades"), compared ASCII-case-insensitively at a word start.
const UNIT_WORDS: [&str; 9] = [
    "day",
    "week",
    "month",
    "year",
    "decade",
    "centur",
    "today",
    "tomorrow",
    "yesterday",
];

/// Words that start the noun of "Nth year" / "Nth anniversary" (ASCII case-insensitive).
const NTH_WORDS: [&str; 2] = ["year", "anniversar"];

/// The weekday abbreviations every weekday name starts with, as [`WEEKDAY`] writes them
/// (case-sensitive, as it is).
const WEEKDAY_STARTS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The words each pattern above needs, looked up once per paragraph, so a pattern whose
/// word is absent is not run at all: written dates, abbreviated weekdays with a date and
/// "since 2014" need a digit; weekdays a weekday name; relative dates and durations a
/// unit; "Nth year" a year or an anniversary. Every pattern starts its word at an ASCII
/// word boundary (`\b`, or after a space or hyphen), so only words starting there count:
/// "showed" holds no "Wed", "common" no "mon".
#[derive(Default)]
struct Triggers {
    digit: bool,
    weekday: bool,
    unit: bool,
    nth: bool,
}

impl Triggers {
    fn of(prose: &str) -> Triggers {
        let found = TRIGGER_SET.matches(prose);
        Triggers {
            digit: found.matched(0),
            weekday: found.matched(1),
            unit: found.matched(2),
            nth: found.matched(3),
        }
    }

    /// Can any pattern match?
    fn any(&self) -> bool {
        self.digit || self.weekday || self.unit || self.nth
    }
}

/// The trigger words, in one automaton run once over the paragraph: a digit, a weekday
/// abbreviation (case-sensitive, as [`WEEKDAY`] is), a unit word, an "Nth" noun (ASCII
/// case-insensitive), each starting at an ASCII word boundary.
static TRIGGER_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    let words = |w: &[&str]| w.join("|");
    regex::RegexSet::new([
        "[0-9]".to_string(),
        format!(r"(?-u:\b)(?:{})", words(&WEEKDAY_STARTS)),
        format!(r"(?i-u:\b)(?i-u:{})", words(&UNIT_WORDS)),
        format!(r"(?i-u:\b)(?i-u:{})", words(&NTH_WORDS)),
    ])
    .expect("trigger patterns")
});

/// Does `text` end with `suffix` (ASCII, compared case-insensitively)?
fn ends_with_ci(text: &str, suffix: &str) -> bool {
    let (t, x) = (text.as_bytes(), suffix.as_bytes());
    t.len() >= x.len() && t[t.len() - x.len()..].eq_ignore_ascii_case(x)
}

fn month_number(m: &str) -> Option<u32> {
    let k = m.get(..3)?.to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names.iter().position(|n| *n == k).map(|i| i as u32 + 1)
}

pub fn weekday_of(w: &str) -> Option<Weekday> {
    let k = w.get(..3)?.to_ascii_lowercase();
    Some(match k.as_str() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn day_number(s: &str) -> Option<u32> {
    s.trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))
}

/// The date of a match of [`date_re`] (without its weekday), if it is one.
fn date_of(c: &regex::Captures) -> Option<(DateRef, Range<usize>)> {
    let year = |n: &str| c.name(n).and_then(|y| y.as_str().parse::<i32>().ok());
    let mk = |year, month, day| DateRef {
        year,
        month,
        day,
        swapped: false,
    };
    if let (Some(m), Some(d)) = (c.name("us_m"), c.name("us_d")) {
        let end = c.name("us_y").unwrap_or(d).end();
        let r = mk(
            year("us_y"),
            month_number(m.as_str())?,
            day_number(d.as_str())?,
        );
        return Some((r, m.start()..end));
    }
    if let (Some(d), Some(m)) = (c.name("uk_d"), c.name("uk_m")) {
        let end = c.name("uk_y").unwrap_or(m).end();
        let r = mk(
            year("uk_y"),
            month_number(m.as_str())?,
            day_number(d.as_str())?,
        );
        return Some((r, d.start()..end));
    }
    if let Some(iso) = c.name("iso") {
        let d = NaiveDate::parse_from_str(iso.as_str(), "%Y-%m-%d").ok()?;
        return Some((mk(Some(d.year()), d.month(), d.day()), iso.range()));
    }
    let (a, b) = (c.name("n1")?, c.name("n2")?);
    let (x, y): (u32, u32) = (a.as_str().parse().ok()?, b.as_str().parse().ok()?);
    let yr = c
        .name("n3")
        .and_then(|y| y.as_str().parse::<i32>().ok())
        .map(|y| if y < 100 { 2000 + y } else { y });
    let end = c.name("n3").unwrap_or(b).end();
    // Day first (UK) when it can only be a day; month first (US) when the second can only be.
    let r = match (x, y) {
        (d, m) if d > 12 && (1..=12).contains(&m) => mk(yr, m, d),
        (m, d) if d > 12 && (1..=12).contains(&m) => mk(yr, m, d),
        (d, m) if (1..=12).contains(&d) && (1..=12).contains(&m) => DateRef {
            swapped: true,
            ..mk(yr, m, d)
        },
        _ => return None,
    };
    Some((r, a.start()..end))
}

fn dates(prose: &str, t: &Triggers, out: &mut Vec<Item>) {
    let mut taken: Vec<Range<usize>> = Vec::new();
    let weekdays = if t.weekday { Some(weekday_re()) } else { None };
    for c in weekdays.iter().flat_map(|r| r.captures_iter(prose)) {
        let Some(w) = c.name("wd") else { continue };
        let date = date_of(&c);
        let s = w.as_str().trim_end_matches('.');
        // Abbreviations only right before a date ("Mon 18/08"); full names always.
        if !(s.ends_with("day") || date.is_some()) {
            continue;
        }
        if let Some(day) = weekday_of(s) {
            if let Some(m) = c.get(0) {
                taken.push(m.range());
            }
            out.push(Item {
                range: w.start()..w.start() + s.len(),
                kind: Kind::Weekday {
                    day,
                    date: date.as_ref().map(|x| x.0),
                    short: !s.ends_with("day"),
                },
                date_range: date.map(|x| x.1),
            });
        }
    }
    let written = if t.digit { Some(date_re()) } else { None };
    for c in written.iter().flat_map(|r| r.captures_iter(prose)) {
        let Some(m) = c.get(0) else { continue };
        if taken
            .iter()
            .any(|t| t.start <= m.start() && m.start() < t.end)
        {
            continue;
        }
        if let Some((d, r)) = date_of(&c) {
            out.push(Item {
                range: r,
                kind: Kind::Date(d),
                date_range: None,
            });
        }
    }
}

fn relatives(prose: &str, out: &mut Vec<Item>) {
    for m in rel_re().find_iter(prose) {
        let before = &prose[..m.start()];
        let t = m.as_str().to_ascii_lowercase();
        // "the last month", "over the next year": a span of time, not a calendar date.
        if ["the ", "of ", "this "]
            .iter()
            .any(|x| ends_with_ci(before, x))
        {
            continue;
        }
        let rel = match t.as_str() {
            "yesterday" => Rel::Yesterday,
            "today" => Rel::Today,
            "tomorrow" => Rel::Tomorrow,
            "last week" => Rel::LastWeek,
            "this week" | "earlier this week" | "later this week" => Rel::ThisWeek,
            "next week" => Rel::NextWeek,
            "last month" => Rel::LastMonth,
            "this month" | "later this month" => Rel::ThisMonth,
            "earlier this month" => Rel::EarlierThisMonth,
            "next month" => Rel::NextMonth,
            "last year" => Rel::LastYear,
            "this year" | "later this year" => Rel::ThisYear,
            "earlier this year" => Rel::EarlierThisYear,
            "next year" => Rel::NextYear,
            _ => continue,
        };
        out.push(Item {
            range: m.range(),
            kind: Kind::Relative(rel),
            date_range: None,
        });
    }
}

/// The value of a number written in digits or words ("30", "three and a half", "a").
pub fn number_value(s: &str) -> Option<f64> {
    let s = s.to_ascii_lowercase();
    let (s, half) = match s
        .strip_suffix(" and a half")
        .or(s.strip_suffix(" and an half"))
    {
        Some(x) => (x.to_string(), 0.5),
        None => (s.clone(), 0.0),
    };
    if s.starts_with("half a") {
        return Some(0.5);
    }
    if let Ok(v) = s.parse::<f64>() {
        return Some(v + half);
    }
    const SMALL: [&str; 20] = [
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
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let mut total = 0.0;
    for w in s.split(['-', ' ']) {
        total += match w {
            "a" | "an" => 1.0,
            w => match SMALL.iter().position(|x| *x == w) {
                Some(i) => i as f64,
                None => TENS
                    .iter()
                    .position(|x| *x == w)
                    .map(|i| (i as f64 + 2.0) * 10.0)?,
            },
        };
    }
    Some(total + half)
}

fn durations(prose: &str, out: &mut Vec<Item>) {
    for c in duration_re().captures_iter(prose) {
        let Some(all) = c.get(0) else { continue };
        let approx = match c
            .name("approx")
            .map(|a| a.as_str().trim().to_ascii_lowercase())
        {
            None => Approx::Exact,
            Some(a) if a.is_empty() => Approx::Exact,
            Some(a) => match a.as_str() {
                "nearly" | "almost" | "close to" => Approx::Nearly,
                "more than" | "over" | "upward of" | "at least" | "just over" => Approx::MoreThan,
                "less than" | "under" | "fewer than" | "just under" => Approx::LessThan,
                _ => Approx::About,
            },
        };
        let (amount, unit, digits, end) = if let Some(d) = c.name("dec") {
            let t = d.as_str().to_ascii_lowercase();
            let n = number_value(t.split(' ').next().unwrap_or("a")).unwrap_or(1.0);
            let per = if t.contains("centur") { 100.0 } else { 10.0 };
            let n = if t.starts_with("half") { 0.5 } else { n };
            (n * per, Unit::Year, false, d.end())
        } else {
            let (Some(num), Some(u)) = (c.name("num"), c.name("unit")) else {
                continue;
            };
            let Some(v) = number_value(num.as_str()) else {
                continue;
            };
            let ul = u.as_str().to_ascii_lowercase();
            let (v, unit) = match ul.as_str() {
                "day" => (v, Unit::Day),
                "week" => (v, Unit::Week),
                "month" => (v, Unit::Month),
                "decade" => (v * 10.0, Unit::Year),
                "year" => (v, Unit::Year),
                _ => (v * 100.0, Unit::Year),
            };
            let digits = num.as_str().chars().all(|ch| ch.is_ascii_digit());
            let end = c.name("attr").map_or(all.end(), |a| a.end());
            (
                v,
                unit,
                digits,
                c.name("attr")
                    .map_or(u.end() + plural(prose, u.end()), |_| end),
            )
        };
        let link = match c
            .name("after")
            .map(|a| a.as_str().trim().to_ascii_lowercase())
        {
            Some(a) if a == "ago" => Link::Ago,
            Some(_) => Link::After,
            None if c.name("attr").is_some() || hyphen_attr(prose, all.start(), end) => {
                Link::Attributive
            }
            None => continue,
        };
        let start = c.name("approx").map_or(all.start(), |a| a.end());
        let start = if approx == Approx::Exact {
            start
        } else {
            all.start()
        };
        out.push(Item {
            range: start..end,
            kind: Kind::Duration {
                amount,
                unit,
                approx,
                link,
                digits,
            },
            date_range: None,
        });
    }
}

fn plural(prose: &str, at: usize) -> usize {
    usize::from(prose[at..].starts_with('s'))
}

/// "a three-year war": a hyphenated number-unit used before a noun.
fn hyphen_attr(prose: &str, start: usize, end: usize) -> bool {
    let t = &prose[start..end];
    t.contains('-') && !t.ends_with('s') && prose[end..].starts_with(' ')
}

fn ordinal_value(s: &str) -> Option<u32> {
    const ORD: [&str; 20] = [
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
    let l = s.to_ascii_lowercase();
    if let Some(i) = ORD.iter().position(|o| *o == l) {
        return Some(i as u32 + 1);
    }
    l.trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

/// The ordinal word for `n` ("fourth"), or `n` with its suffix ("21st") past twenty.
pub fn ordinal_word(n: u32, digits: bool) -> String {
    let words = [
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
    if !digits && (1..=20).contains(&n) {
        return words[n as usize - 1].to_string();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn nths(prose: &str, out: &mut Vec<Item>) {
    for c in nth_re().captures_iter(prose) {
        let (Some(o), Some(w)) = (c.name("ord"), c.name("what")) else {
            continue;
        };
        let Some(n) = ordinal_value(o.as_str()) else {
            continue;
        };
        out.push(Item {
            range: o.start()..w.end(),
            kind: Kind::Nth {
                n,
                anniversary: w.as_str().eq_ignore_ascii_case("anniversary"),
                entering: c.name("enter").is_some(),
                ordinal: o.range(),
            },
            date_range: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(String, Kind)> {
        extract(s)
            .into_iter()
            .map(|i| (s[i.range.clone()].to_string(), i.kind))
            .collect()
    }

    /// Can the prose hold a date fact at all? (See [`Triggers`].)
    fn may_have_dates(prose: &str) -> bool {
        Triggers::of(prose).any()
    }

    #[test]
    fn the_prefilter_passes_every_kind_of_date_and_only_those() {
        // Each of these holds a date fact, and the prefilter must let it through.
        for s in [
            "on Tuesday the talks",
            "Mon 18/08",
            "since 2014",
            "YESTERDAY he said",
            "a DECADE-long war",
            "three Decades ago",
            "its fourth Anniversary",
            "Tomorrow",
            "last WEEK",
        ] {
            assert!(may_have_dates(s), "{s}");
            assert!(!extract(s).is_empty(), "{s}");
        }
        // No digit and none of the words: nothing to find, and nothing is found.
        // Trigger words inside other words ("showed", "common", "Africa", "birthday") and
        // weekday names in lower case are not the words the patterns need.
        for s in [
            "The minister said the talks would go on, according to officials in Kyiv.",
            "He showed common sense in Africa on his birthday, saturated with sunlight.",
        ] {
            assert!(!may_have_dates(s), "{s}");
            assert!(extract(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn the_prefilter_finds_its_words_only_where_they_start_a_word() {
        // A trigger word at many offsets, after a space, a hyphen, a curly quote or an
        // accented letter; and the same word glued to an ASCII letter or underscore before
        // it (no word start there, as `(?-u:\b)` sees it).
        for at in 0..140 {
            for (lead, starts) in [
                (" ", true),
                ("-", true),
                ("“", true),
                ("é", true),
                ("x", false),
                ("_", false),
            ] {
                let pad = "z".repeat(at);
                let s = format!("{pad}{lead}Yesterday");
                assert_eq!(Triggers::of(&s).unit, starts, "{at} {lead:?}");
                let w = format!("{pad}{lead}Tue");
                assert_eq!(Triggers::of(&w).weekday, starts, "{at} {lead:?}");
            }
        }
        assert!(Triggers::of("Year").nth && Triggers::of("year").unit);
        assert!(
            !Triggers::of("tue wed").weekday,
            "weekdays are case-sensitive"
        );
        let digit = format!("{}7", "a".repeat(100));
        assert!(Triggers::of(&digit).digit && !Triggers::of("no digits").digit);
    }

    #[test]
    fn weekday_with_us_uk_and_numeric_dates() {
        let s = "on Tuesday, Aug. 19 and Wednesday (20 August) — Mon 18/08, “Friday” 2025-08-15.";
        let k = kinds(s);
        assert_eq!(k[0].0, "Tuesday");
        let date = |m, d| DateRef {
            year: None,
            month: m,
            day: d,
            swapped: false,
        };
        assert_eq!(
            k[0].1,
            Kind::Weekday {
                day: Weekday::Tue,
                date: Some(date(8, 19)),
                short: false
            }
        );
        assert_eq!(k[1].0, "Wednesday");
        assert!(matches!(k[1].1, Kind::Weekday { date: Some(d), .. } if d == date(8, 20)));
        assert_eq!(k[2].0, "Mon");
        assert!(
            matches!(k[2].1, Kind::Weekday { date: Some(d), short: true, .. } if d == date(8, 18))
        );
        assert_eq!(k[3].0, "Friday");
        assert!(matches!(k[3].1, Kind::Weekday { date: None, .. }));
        assert_eq!(k[4].0, "2025-08-15");
        let it = &extract(s)[0];
        assert_eq!(&s[it.date_range.clone().unwrap_or_default()], "Aug. 19");
    }

    #[test]
    fn durations_nth_years_and_relatives() {
        let s = "ending the 30-month-long conflict, now entering its third year, nearly three and a half years after the invasion; seven years ago; since 2014; last month, over the last month.";
        let k = kinds(s);
        let texts: Vec<&str> = k.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "30-month-long",
                "third year",
                "nearly three and a half years",
                "seven years",
                "since 2014",
                "last month"
            ]
        );
        assert!(matches!(
            k[0].1,
            Kind::Duration {
                amount: 30.0,
                unit: Unit::Month,
                link: Link::Attributive,
                digits: true,
                ..
            }
        ));
        assert!(matches!(
            k[1].1,
            Kind::Nth {
                n: 3,
                entering: true,
                anniversary: false,
                ..
            }
        ));
        assert!(matches!(
            k[2].1,
            Kind::Duration {
                amount: 3.5,
                unit: Unit::Year,
                approx: Approx::Nearly,
                link: Link::After,
                ..
            }
        ));
        assert!(matches!(
            k[3].1,
            Kind::Duration {
                link: Link::Ago,
                ..
            }
        ));
        assert_eq!(k[4].1, Kind::SinceYear(2014));
        assert_eq!(k[5].1, Kind::Relative(Rel::LastMonth));
    }

    #[test]
    fn utf8_offsets_and_shift() {
        let s = "Зеленський — “on Friday, May 16”";
        let mut it = extract(s).remove(0);
        assert_eq!(&s[it.range.clone()], "Friday");
        let before = it.range.start;
        shift(&mut it, 3);
        assert_eq!(it.range.start, before + 3);
        assert!(extract("The May meeting may be held").is_empty());
        assert!(extract("He sat on the Sun deck").is_empty());
    }
}
