#![doc = include_str!("../../docs/rules/number-mismatch.md")]

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Evidence, Fix, FixKind, Severity};
use crate::document::Document;
use crate::extract::NameMention;
use crate::facts::numbers::{Approx, DayRef, Figure, Numbers, shift};
use crate::facts::{Facts, Names, shifted};
use crate::text::translit_key;

pub struct NumberMismatch;

pub const ID: &str = super::ids::NUMBER_MISMATCH;

/// Shared content words (the head word and a specific unit count too) a source figure needs
/// to be about the same thing as a draft figure.
const MIN_SCORE: usize = 3;

impl Rule for NumberMismatch {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "a figure differs from the one the sources give for the same thing"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/number-mismatch.md")
    }
    fn hover(&self, cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
        if cx.sources.is_empty() {
            return None;
        }
        hover(cx, offset)
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        if cx.sources.is_empty() {
            return;
        }
        let sources = source_facts(cx);
        let dates: Vec<Option<NaiveDate>> = sources
            .dates
            .iter()
            .map(|d| d.map(|d| d.at(cx.date)))
            .collect();
        let draft = draft_facts(cx);
        for (pi, para) in draft.iter().enumerate() {
            for f in para.iter() {
                let at = Place {
                    paragraph: pi,
                    start: cx.doc.paragraphs[pi].range.start,
                };
                // A holder counts only when the draft or a source names them in full.
                let unknown = f.holder.as_ref().is_some_and(|h| {
                    !sources.persons.contains(h) && !cx.full_names().contains_key(h)
                });
                let owned;
                let f = if unknown {
                    owned = Figure {
                        holder: None,
                        ..f.clone()
                    };
                    &owned
                } else {
                    f
                };
                if let Some(d) = judge(cx, f, at, &draft, &sources, &dates)
                    && !in_date_expression(cx, pi, &f.range)
                {
                    out.push(d);
                }
            }
        }
    }
}

/// Surname keys of the names of two words or more among `names` (ranges relative to `text`),
/// keyed as [`Context::full_names`] keys the draft's.
fn full_names<'a>(names: &'a [NameMention], text: &'a str) -> impl Iterator<Item = String> + 'a {
    names
        .iter()
        .filter(|n| n.words.len() >= 2)
        .map(move |n| translit_key(n.surname(text)))
}

/// Is this figure (offsets relative to paragraph `pi`) part of a duration or an "Nth year"
/// ("the 30-month-long war", "now in its third year")? Those are date-mismatch's: checked
/// against the calendar and the events, they are not figures to compare. Read only for a
/// figure that would be flagged.
fn in_date_expression(cx: &Context, pi: usize, r: &Range<usize>) -> bool {
    use crate::facts::dates::Kind;
    cx.facts::<crate::facts::dates::Dates>(pi).iter().any(|d| {
        matches!(d.kind, Kind::Duration { .. } | Kind::Nth { .. })
            && d.range.start < r.end
            && r.start < d.range.end
    })
}

/// The draft's figures per paragraph, offsets relative to their paragraph (the shared
/// facts, not copies: most figures need no absolute offset).
fn draft_facts(cx: &Context) -> Vec<Facts<Numbers>> {
    (0..cx.doc.paragraphs.len())
        .map(|i| cx.facts::<Numbers>(i))
        .collect()
}

/// The paragraph of a draft figure: its index and its start in the draft.
#[derive(Debug, Clone, Copy)]
struct Place {
    paragraph: usize,
    start: usize,
}

/// Every source's figures, absolute offsets, indexed by kind and unit, and every source's
/// date; built once per source set (cached in the [`crate::sources::SourceIndex`]).
#[derive(Debug, Default)]
pub struct SourceFigures {
    figs: Vec<Vec<Figure>>,
    /// Each source's date as it gives it ([`SourceDate::of`]).
    dates: Vec<Option<SourceDate>>,
    /// (ordinal, unit or "") -> (source, figure index).
    by_unit: HashMap<(bool, String), Vec<(usize, usize)>>,
    /// (ordinal, value's bits) -> (source, figure index): the figures that give a value.
    by_value: HashMap<(bool, u64), Vec<(usize, usize)>>,
    /// Transliteration keys of the surnames of the people the sources name in full (two
    /// words or more): a figure's holder counts only when it is one of them (or of the
    /// draft's), not a place or a word that opens a sentence ("Bangkok", "Emergency").
    persons: HashSet<String>,
}

impl SourceFigures {
    fn build(cx: &Context) -> SourceFigures {
        let mut persons = HashSet::new();
        for (k, s) in cx.sources.sources.iter().enumerate() {
            for i in 0..s.doc.paragraphs.len() {
                let text = &s.doc.text[s.doc.paragraphs[i].range.clone()];
                persons.extend(full_names(&cx.source_facts::<Names>(k, i), text));
            }
        }
        let mut figs: Vec<Vec<Figure>> = cx
            .sources
            .sources
            .iter()
            .enumerate()
            .map(|(k, s)| {
                (0..s.doc.paragraphs.len())
                    .flat_map(|i| {
                        let at = s.doc.paragraphs[i].range.start as isize;
                        shifted::<Numbers>(&cx.source_facts::<Numbers>(k, i), at)
                    })
                    .collect()
            })
            .collect();
        for f in figs.iter_mut().flatten() {
            f.holder = f.holder.take().filter(|h| persons.contains(h));
        }
        let mut by_unit: HashMap<(bool, String), Vec<(usize, usize)>> = HashMap::new();
        let mut by_value: HashMap<(bool, u64), Vec<(usize, usize)>> = HashMap::new();
        for (si, v) in figs.iter().enumerate() {
            for (k, f) in v.iter().enumerate() {
                let key = (f.ordinal, f.unit.clone().unwrap_or_default());
                by_unit.entry(key).or_default().push((si, k));
                by_value
                    .entry((f.ordinal, f.value.to_bits()))
                    .or_default()
                    .push((si, k));
            }
        }
        let dates = cx
            .sources
            .sources
            .iter()
            .map(|s| SourceDate::of(&s.doc))
            .collect();
        SourceFigures {
            figs,
            dates,
            by_unit,
            by_value,
            persons,
        }
    }

    /// Does some source give the draft figure's very value for the same thing, whatever
    /// the word order or unit it uses ("a magnitude 7.3 earthquake" / "a 7.3 magnitude
    /// earthquake")? Then a source that differs is not the last word: the sources disagree
    /// and the draft sides with one of them.
    fn supports(&self, f: &Figure) -> bool {
        self.by_value
            .get(&(f.ordinal, f.value.to_bits()))
            .is_some_and(|v| {
                v.iter().any(|&(si, k)| {
                    let s = &self.figs[si][k];
                    same_kind(f, s) && loose_score(f, s) >= MIN_SCORE
                })
            })
    }

    /// The source figures of the same kind as `f` with a compatible unit, with their source.
    fn compatible<'s>(&'s self, f: &Figure) -> impl Iterator<Item = (usize, &'s Figure)> + 's {
        let unit = f.unit.as_deref().unwrap_or("");
        let keys: Vec<&str> = match unit {
            "" => vec!["", "peopl"],
            "peopl" => [""]
                .iter()
                .chain(PERSONS)
                .chain(&["peopl"])
                .copied()
                .collect(),
            u if PERSONS.contains(&u) => vec![u, "peopl"],
            u => vec![u],
        };
        let ordinal = f.ordinal;
        let lists: Vec<&'s Vec<(usize, usize)>> = keys
            .into_iter()
            .filter_map(|k| self.by_unit.get(&(ordinal, k.to_string())))
            .collect();
        lists
            .into_iter()
            .flatten()
            .map(|&(si, k)| (si, &self.figs[si][k]))
    }
}

fn source_facts(cx: &Context) -> Arc<SourceFigures> {
    cx.sources.derived(|| SourceFigures::build(cx))
}

/// Could the two figures count the same thing? Another round's tally, a distance in time
/// against a length of time, a whole ("of the 414 votes") or what is left out ("all but
/// two") against a count, a running total ("since June 13") against one event's count, or
/// another person's figure ("Bawumia, who secured 41 %" against Mahama's share) is another
/// thing; so is the rank of a post given to no one or to another person.
fn same_kind(f: &Figure, s: &Figure) -> bool {
    // The rank of a post ("the seventh President of Indonesia, Joko Widodo") names who
    // held it: two ranks are the same thing only said of the same person.
    let post = f.is_post_rank();
    s.stage == f.stage
        && s.distance == f.distance
        && s.share == f.share
        && s.cumulative == f.cumulative
        && !matches!((&f.holder, &s.holder), (Some(a), Some(b)) if a != b)
        && (!post || matches!((&f.holder, &s.holder), (Some(a), Some(b)) if a == b))
}

/// A source figure about the same thing as a draft figure.
struct Match<'a> {
    source: usize,
    fig: &'a Figure,
    score: usize,
}

/// Nouns for people: "76 people" and "67 workers" count the same kind of thing.
const PERSONS: &[&str] = &[
    "worker", "resid", "civilian", "child", "adult", "men", "women", "soldier", "troop", "victim",
    "passeng", "migrant", "refuge", "student", "patient", "individu", "staff", "employe",
];

fn units_compatible(a: &Option<String>, b: &Option<String>) -> bool {
    let person = |u: &str| PERSONS.contains(&u);
    match (a.as_deref(), b.as_deref()) {
        (None, None) => true,
        (Some(x), Some(y)) => x == y || (x == "peopl" && person(y)) || (y == "peopl" && person(x)),
        (Some(u), None) | (None, Some(u)) => u == "peopl",
    }
}

fn score(d: &Figure, s: &Figure) -> usize {
    let shared = d
        .context
        .iter()
        .filter(|w| s.context.binary_search(w).is_ok())
        .count();
    let verb = usize::from(d.verb.is_some() && d.verb == s.verb);
    // A specific unit ("firefighters", "hectares") said alike is evidence too.
    let unit =
        usize::from(d.unit.is_some() && d.unit == s.unit && d.unit.as_deref() != Some("peopl"));
    shared + verb + unit
}

/// [`score`] with each figure's unit counted as one of its context words: "a magnitude 7.3
/// earthquake" (unit "earthquake", "magnitude" in context) and "a 7.3 magnitude earthquake"
/// (the other way round) share both.
fn loose_score(d: &Figure, s: &Figure) -> usize {
    let words = |f: &'_ Figure| -> Vec<String> {
        let mut v = f.context.clone();
        v.extend(f.unit.iter().filter(|u| u.as_str() != "peopl").cloned());
        v.sort_unstable();
        v.dedup();
        v
    };
    let (a, b) = (words(d), words(s));
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    shared + usize::from(d.verb.is_some() && d.verb == s.verb)
}

/// Half a unit of the last written digit of a round number, at most 5 % of it (2,000 →
/// 100; 150 → 5), 0 for a number that is not round.
fn precision(f: &Figure) -> f64 {
    let mantissa = f.value / f.scale;
    if mantissa.fract() != 0.0 || mantissa == 0.0 {
        return 0.0;
    }
    let mut m = mantissa as u64;
    let mut unit = 1.0;
    while m.is_multiple_of(10) {
        m /= 10;
        unit *= 10.0;
    }
    if unit == 1.0 {
        0.0
    } else {
        (unit * f.scale / 2.0).min(0.05 * f.value)
    }
}

fn interval(f: &Figure) -> (f64, f64) {
    let p = precision(f);
    let v = f.value;
    match f.approx {
        Approx::Exact => (v - p, v + p),
        Approx::About => (v - p.max(0.15 * v), v + p.max(0.15 * v)),
        Approx::AtLeast => (v - p, f64::INFINITY),
        Approx::AtMost => (0.0, v + p),
    }
}

/// Decimal places written in a figure's number ("12.28 million": 2), up to 6.
fn decimals(f: &Figure) -> u32 {
    let micro = ((f.value / f.scale).abs() * 1e6).round() as u64;
    (0..=6u32)
        .find(|&k| micro.is_multiple_of(10u64.pow(6 - k)))
        .unwrap_or(6)
}

/// The two figures can both be right (rounding, bounds).
fn agrees(d: &Figure, s: &Figure) -> bool {
    if d.value == s.value {
        return true;
    }
    if d.ordinal || s.ordinal {
        return false;
    }
    // Fewer decimals than the other figure: the other rounded or, when decimals are left,
    // cut to them ("12.2 million" for 12.28 million; "5 million" for 5.4 million but not
    // for 5.9 million). The same number of decimals must be the same number.
    let (dk, sk) = (decimals(d), decimals(s));
    if dk != sk && d.approx == Approx::Exact && s.approx == Approx::Exact && d.scale == s.scale {
        let (coarse, fine, k) = if dk < sk { (d, s, dk) } else { (s, d, sk) };
        let unit = 10f64.powi(-(k as i32)) * coarse.scale;
        let tiny = unit * 1e-9;
        let top = if k > 0 { unit } else { unit / 2.0 };
        return fine.value >= coarse.value - unit / 2.0 - tiny
            && fine.value < coarse.value + top - tiny;
    }
    // Both rounded ("about 650,000" / "about 560,000"): two writers rounding one number
    // land within a few per cent of each other, not the 15 % either allows an exact one.
    if d.approx == Approx::About && s.approx == Approx::About {
        let tol = precision(d)
            .max(precision(s))
            .max(0.05 * d.value.max(s.value));
        return (d.value - s.value).abs() <= tol;
    }
    // A round bound on the safe side of the other bound ("more than 100" for "at least
    // 114", a headline's rounding down): both can be right.
    let round = |f: &Figure| precision(f) > 0.0;
    if d.approx == s.approx
        && ((d.approx == Approx::AtLeast && round(d) && d.value <= s.value)
            || (d.approx == Approx::AtMost && round(d) && d.value >= s.value))
    {
        return true;
    }
    if d.approx == s.approx && matches!(d.approx, Approx::AtLeast | Approx::AtMost) {
        let tol = precision(d)
            .max(precision(s))
            .max(0.1 * d.value.max(s.value));
        return (d.value - s.value).abs() <= tol;
    }
    let (a, b) = (interval(d), interval(s));
    a.0 <= b.1 && b.0 <= a.1
}

/// When a figure is given for: a day, or a whole month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    date: NaiveDate,
    /// 0 day, 1 month, 2 year.
    grain: u8,
}

impl Period {
    fn day(date: NaiveDate) -> Period {
        Period { date, grain: 0 }
    }

    /// The same period at the coarser of the two grains.
    fn same(self, o: Period) -> bool {
        match self.grain.max(o.grain) {
            0 => self.date == o.date,
            1 => (self.date.year(), self.date.month()) == (o.date.year(), o.date.month()),
            _ => self.date.year() == o.date.year(),
        }
    }
}

/// The period a figure is given for: the one its sentence names (counted back from its
/// document's date, else the article's), else its document's date; and whether named.
fn day(f: &Figure, anchor: Option<NaiveDate>, article: NaiveDate) -> (Option<Period>, bool) {
    match f.day {
        Some(r) => (Some(resolve(r, anchor.unwrap_or(article))), true),
        None => (anchor.map(Period::day), false),
    }
}

fn same_period(a: Option<Period>, b: Option<Period>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.same(b))
}

fn resolve(r: DayRef, anchor: NaiveDate) -> Period {
    let near = |y: i32, m: u32, d: u32| match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) if x > anchor + Duration::days(31) => {
            NaiveDate::from_ymd_opt(y - 1, m, d).unwrap_or(x)
        }
        Some(x) => x,
        None => anchor,
    };
    match r {
        DayRef::Today => Period::day(anchor),
        DayRef::Yesterday => Period::day(anchor - Duration::days(1)),
        DayRef::Weekday(w) => {
            let back = (anchor.weekday().num_days_from_monday() + 7 - u32::from(w)) % 7;
            Period::day(anchor - Duration::days(i64::from(back)))
        }
        DayRef::Date(m, d) => Period::day(near(anchor.year(), m, d)),
        DayRef::Month(m) => Period {
            date: near(anchor.year(), m, 1),
            grain: 1,
        },
        DayRef::Year(y) => Period {
            date: NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(anchor),
            grain: 2,
        },
    }
}

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*[\p{Lu}][\p{L} .'’-]{1,40},\s+(?:\p{L}+,\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b",
        )
        .expect("static regex")
    })
}

/// A source's date as the source gives it: the date of its front matter, or the month and
/// day of a dateline, whose year depends on the article date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceDate {
    Fixed(NaiveDate),
    /// (month 1-12, day of month).
    Dateline(u32, u32),
}

impl SourceDate {
    /// Its front matter's date, else a dateline ("YANGON, March 29 —") in its first
    /// paragraphs (none when the first dateline's day cannot be read).
    fn of(doc: &Document) -> Option<SourceDate> {
        if let Some(d) = doc.date() {
            return Some(SourceDate::Fixed(d));
        }
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for p in doc.paragraphs.iter().take(3) {
            if let Some(c) = dateline_re().captures(&doc.prose[p.range.clone()]) {
                let m = MONTHS.iter().position(|x| *x == &c[1])? as u32 + 1;
                let d: u32 = c[2].parse().ok()?;
                return Some(SourceDate::Dateline(m, d));
            }
        }
        None
    }

    /// The source's date for an article of date `article`: a dateline in the year that
    /// puts it nearest before the article date.
    fn at(self, article: NaiveDate) -> NaiveDate {
        match self {
            SourceDate::Fixed(d) => d,
            SourceDate::Dateline(m, d) => resolve(DayRef::Date(m, d), article).date,
        }
    }
}

/// The verdict on one draft figure.
fn judge(
    cx: &Context,
    f: &Figure,
    at: Place,
    draft: &[Facts<Numbers>],
    sources: &SourceFigures,
    dates: &[Option<NaiveDate>],
) -> Option<Diagnostic> {
    let mut cands: Vec<Match> = Vec::new();
    for (si, s) in sources.compatible(f) {
        // A figure a source gives for something like it is not contradicted.
        if s.value == f.value {
            return None;
        }
        if !same_kind(f, s) {
            continue;
        }
        let sc = score(f, s);
        // A source figure that another figure of the paragraph gives is about that one.
        if sc >= MIN_SCORE
            && !draft[at.paragraph].iter().any(|o| {
                o.range != f.range
                    && o.value == s.value
                    && o.ordinal == s.ordinal
                    && units_compatible(&o.unit, &s.unit)
            })
        {
            cands.push(Match {
                source: si,
                fig: s,
                score: sc,
            });
        }
    }
    // An interim or earlier count ("the latest statistics available", "an earlier
    // statement", "preliminary results") on either side means the count changed over
    // time: which figure is current is not for the rule to say.
    if f.interim || cands.iter().any(|m| m.fig.interim || agrees(f, m.fig)) {
        return None;
    }
    let (mine, explicit) = day(f, Some(cx.date), cx.date);
    cands.retain(|m| {
        let (theirs, e) = day(m.fig, dates[m.source], cx.date);
        !(explicit && e && !same_period(theirs, mine))
    });
    // A figure the sources give differently on different days changes over time: only
    // the same day counts.
    if distinct(&cands) > 1 {
        cands.retain(|m| same_period(day(m.fig, dates[m.source], cx.date).0, mine));
    }
    // A source figure the draft gives too is about that figure: a part against its
    // total ("172 of the 190 members"), an earlier toll the draft reports as well.
    cands.retain(|m| !given(f, at.paragraph, m.fig, draft));
    if cands.is_empty() || sources.supports(f) {
        return None;
    }
    let best = cands.iter().map(|m| m.score).max()?;
    cands.retain(|m| m.score + 1 >= best);
    cands.sort_by_key(|m| (m.source, m.fig.range.start));
    let mut placed = f.clone();
    shift(&mut placed, at.start as isize);
    Some(diagnostic(cx, &placed, &cands))
}

/// Whether the draft gives the source figure `s` itself, other than as `f` (of paragraph
/// `pi`): in the same sentence as `f` with any unit, elsewhere with a unit compatible with
/// the source's. Ranges are relative to each figure's paragraph.
fn given(f: &Figure, pi: usize, s: &Figure, draft: &[Facts<Numbers>]) -> bool {
    draft.iter().enumerate().any(|(oi, para)| {
        para.iter().any(|o| {
            let same_paragraph = oi == pi;
            !(same_paragraph && o.range == f.range)
                && o.value == s.value
                && o.ordinal == s.ordinal
                && ((same_paragraph && o.sentence == f.sentence)
                    || units_compatible(&o.unit, &s.unit))
        })
    })
}

fn distinct(cands: &[Match]) -> usize {
    let mut seen: Vec<f64> = Vec::new();
    for m in cands {
        if !seen.contains(&m.fig.value) {
            seen.push(m.fig.value);
        }
    }
    seen.len()
}

fn diagnostic(cx: &Context, f: &Figure, cands: &[Match]) -> Diagnostic {
    let written = &cx.doc.text[f.range.clone()];
    // Distinct source figures, each with the files that give it.
    let mut groups: Vec<(f64, &str, Vec<String>)> = Vec::new();
    let mut evidence = Vec::new();
    for m in cands {
        let src = &cx.sources.sources[m.source];
        let line = src.doc.line_of(m.fig.range.start);
        let at = format!("{} (line {line})", src.name);
        let text = &src.doc.text[m.fig.range.clone()];
        match groups.iter_mut().find(|g| g.0 == m.fig.value) {
            Some(g) => {
                if !g.2.contains(&at) {
                    g.2.push(at)
                }
            }
            None => groups.push((m.fig.value, text, vec![at])),
        }
        let ev = Evidence::Source {
            file: src.name.clone(),
            line,
            text: one_line(&src.doc.text[m.fig.sentence.clone()]),
        };
        if !evidence.contains(&ev) {
            evidence.push(ev);
        }
    }
    let said: Vec<String> = groups
        .iter()
        .map(|(_, t, at)| format!("\"{t}\" in {}", at.join(" and ")))
        .collect();
    let message = if groups.len() == 1 {
        format!("\"{written}\" here, but the source gives {}", said[0])
    } else {
        format!(
            "the sources disagree on this figure: {}; \"{written}\" here matches none of them",
            said.join(", ")
        )
    };
    let mut d = Diagnostic::new(ID, Severity::Warning, f.range.clone(), message);
    d.fixes = groups
        .iter()
        .map(|(_, t, at)| {
            Fix::replace(
                FixKind::Unsafe,
                format!("Use the source figure \"{t}\" ({})", at[0]),
                f.range.clone(),
                match_case(written, t),
            )
        })
        .collect();
    d.evidence = evidence;
    d
}

/// `new` with the first letter's case of `old` ("Seven" → "Eight").
fn match_case(old: &str, new: &str) -> String {
    let mut cs = new.chars();
    match (old.chars().next(), cs.next()) {
        (Some(o), Some(n)) if o.is_uppercase() && n.is_lowercase() => {
            n.to_uppercase().chain(cs).collect()
        }
        _ => new.to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Hover on a draft figure: the source sentences that give a figure for the same thing.
pub fn hover(cx: &Context, offset: usize) -> Option<(Range<usize>, String)> {
    let figs: Vec<Figure> = (0..cx.doc.paragraphs.len())
        .flat_map(|i| cx.facts_abs::<Numbers>(i))
        .collect();
    let f = figs
        .iter()
        .find(|f| f.range.start <= offset && offset <= f.range.end)?;
    let sources = source_facts(cx);
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut seen = HashSet::new();
    for (si, s) in sources.compatible(f) {
        let sc = score(f, s) + if s.value == f.value { MIN_SCORE } else { 0 };
        if sc < MIN_SCORE || !seen.insert((si, s.sentence.start)) {
            continue;
        }
        let src = &cx.sources.sources[si];
        let line = format!(
            "> {} ({}, line {})",
            one_line(&src.doc.text[s.sentence.clone()]),
            src.name,
            src.doc.line_of(s.range.start)
        );
        lines.push((sc, line));
    }
    let text = if lines.is_empty() {
        "**Figure** not found in the sources".to_string()
    } else {
        lines.sort_by_key(|l| std::cmp::Reverse(l.0));
        let v: Vec<String> = lines.into_iter().take(4).map(|(_, l)| l).collect();
        format!("**Sources giving this figure**\n{}", v.join("\n"))
    };
    Some((f.range.clone(), text))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::OnceLock;

    use super::*;
    use crate::config::Settings;
    use crate::diagnostic::apply_edits;
    use crate::document::Format;
    use crate::extract::Extractor;
    use crate::kb::Kb;
    use crate::sources::SourceIndex;

    fn kb() -> &'static (Kb, Extractor) {
        static KB: OnceLock<(Kb, Extractor)> = OnceLock::new();
        KB.get_or_init(|| {
            let kb = Kb::builtin();
            let ex = Extractor::new(&kb);
            (kb, ex)
        })
    }

    /// Run the rule on a Markdown draft dated `day` against named source texts.
    fn run(draft: &str, sources: &[(&str, &str)], day: &str) -> (Document, Vec<Diagnostic>) {
        let (kb, ex) = kb();
        let idx = SourceIndex::from_texts(
            sources
                .iter()
                .map(|(n, t)| (PathBuf::from(n), t.to_string()))
                .collect(),
            ex,
        );
        let doc = Document::new(draft, Format::Markdown);
        let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("test date");
        let settings = Settings::default();
        let cx = Context::new(&doc, kb, ex, &idx, date, &settings);
        let mut out = Vec::new();
        NumberMismatch.check(&cx, &mut out);
        (doc, out)
    }

    fn quiet(draft: &str, sources: &[(&str, &str)]) {
        let (_, d) = run(draft, sources, "2025-06-09");
        assert!(d.is_empty(), "{d:#?}");
    }

    /// The one finding of `draft` against `sources`, asserted to cover `written`.
    fn flagged(draft: &str, sources: &[(&str, &str)], written: &str) -> Diagnostic {
        let (doc, mut d) = run(draft, sources, "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], written);
        d.remove(0)
    }

    const FLOOD: &str = "LISBON, June 9 — Emergency crews resumed their search on Monday for \
        76 people believed to be trapped in the flooded metro station, officials said.\n\n\
        Porto, the country’s second-largest city, reported 1,012 homes without power. \
        Forecasters said the river could rise by 4 metres before Wednesday.\n\n\
        The toll stood at 31 on Saturday. On Sunday the civil protection agency put the \
        toll at 44.\n";

    #[test]
    fn flags_a_count_with_the_source_figure_and_fix() {
        let draft = "Crews in the flooded metro station resumed the search on Monday for \
                     67 workers believed to be trapped, officials said.\n";
        let (doc, d) = run(draft, &[("a.txt", FLOOD)], "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "67");
        assert_eq!(
            d[0].message,
            "\"67\" here, but the source gives \"76\" in a.txt (line 1)"
        );
        assert_eq!(d[0].fixes[0].kind, FixKind::Unsafe);
        let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits);
        assert_eq!(fixed, Some(draft.replace("67", "76")));
        assert!(
            matches!(&d[0].evidence[0], Evidence::Source { file, line: 1, .. } if file == "a.txt")
        );
    }

    #[test]
    fn flags_an_ordinal_after_curly_quotes_and_accents() {
        let draft = "“It is chaos,” said João Gonçalves — Porto, the country’s third-largest \
                     city, reported homes without power.\n";
        let (doc, d) = run(draft, &[("a.txt", FLOOD)], "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "third");
        assert_eq!(
            d[0].message,
            "\"third\" here, but the source gives \"second\" in a.txt (line 3)"
        );
        let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).unwrap_or_default();
        assert!(fixed.contains("country’s second-largest city"), "{fixed}");
    }

    #[test]
    fn two_rounded_figures_and_a_round_bound() {
        let src = "Typhoon Kalmaegi killed at least 114 people in the central Philippines, \
                   officials said on Wednesday.\n\nMore than 1.4 million people were affected \
                   and about 560,000 were displaced, the civil defence office said.";
        // Both rounded, yet 16 % apart: a finding; a round lower bound under the source's
        // bound is a headline's rounding down.
        let draft = "Typhoon Kalmaegi killed more than 100 people in the central Philippines, \
                     officials said on Wednesday.\n\nMore than 1.4 million people were \
                     affected and about 650,000 were displaced, the civil defence office said.\n";
        let (doc, d) = run(draft, &[("a.txt", src)], "2025-12-03");
        let got: Vec<&str> = d.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got, ["650,000"], "{d:#?}");
        // Two writers rounding one number: quiet.
        let draft = "More than 1.4 million people were affected and about 550,000 were \
                     displaced, the civil defence office said.\n";
        let (_, d) = run(draft, &[("a.txt", src)], "2025-12-03");
        assert!(d.is_empty(), "{d:#?}");
    }

    #[test]
    fn a_duration_or_nth_year_is_left_to_date_mismatch() {
        let src = format!(
            "{FLOOD}\n\nThe government said the country, now in its fourth year of drought, \
             would ration water."
        );
        // The drought's year is a date expression; the count of workers is a figure.
        let draft = "Crews in the flooded metro station resumed the search on Monday for \
                     67 workers believed to be trapped, officials said.\n\nThe government \
                     said the country, now in its third year of drought, would ration water.\n";
        let (doc, d) = run(draft, &[("a.txt", &src)], "2025-06-09");
        let got: Vec<&str> = d.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got, ["67"], "{d:#?}");
    }

    #[test]
    fn flags_a_bound_that_differs_by_a_scale() {
        let src = "Forecasters said their models suggested the damage could exceed $2 billion.";
        let draft = "Forecasters say the models suggest the damage could exceed $20 billion.\n";
        let (doc, d) = run(draft, &[("m.txt", src)], "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "$20 billion");
        let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).unwrap_or_default();
        assert!(fixed.contains("could exceed $2 billion."), "{fixed}");
    }

    #[test]
    fn says_when_the_sources_disagree() {
        let a = "Police said 12 people were arrested at the protest in the capital on Monday.";
        let b = "Police said 15 people were arrested at the protest in the capital on Monday.";
        let draft =
            "Police said 30 people were arrested at the protest in the capital on Monday.\n";
        let (doc, d) = run(draft, &[("a.txt", a), ("b.txt", b)], "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "30");
        assert_eq!(
            d[0].message,
            "the sources disagree on this figure: \"12\" in a.txt (line 1), \"15\" in b.txt \
             (line 1); \"30\" here matches none of them"
        );
        assert_eq!(d[0].fixes.len(), 2);
        // Matching one of the disagreeing sources is not a finding.
        quiet(
            "Police said 15 people were arrested at the protest in the capital on Monday.\n",
            &[("a.txt", a), ("b.txt", b)],
        );
    }

    #[test]
    fn rounding_the_sources_allow_is_quiet() {
        quiet(
            "Porto, the country’s second-largest city, reported about 1,000 homes without \
             power.\n",
            &[("a.txt", FLOOD)],
        );
        quiet(
            "Porto, the second-largest city, reported more than 1,000 homes without power.\n",
            &[("a.txt", FLOOD)],
        );
    }

    #[test]
    fn a_figure_with_fewer_decimals_is_the_other_rounded_or_cut() {
        let src =
            "The commission said 12.28 million citizens were eligible to vote in the referendum.";
        let draft =
            "The commission said 12.2 million citizens were eligible to vote in the referendum.\n";
        quiet(draft, &[("a.txt", src)]);
        // The other way round: the draft is more precise than its source.
        quiet(src, &[("a.txt", draft.trim_end())]);
        // The same number of decimals must be the same number.
        let (doc, d) = run(
            "The commission said 12.5 million citizens were eligible to vote in the referendum.\n",
            &[("a.txt", draft.trim_end())],
            "2025-06-09",
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "12.5 million");
        // A whole number is the source rounded, not cut: 12 for 12.28 but not for 12.7.
        let whole =
            "The commission said 12 million citizens were eligible to vote in the referendum.\n";
        quiet(whole, &[("a.txt", src)]);
        let src7 = src.replace("12.28", "12.7");
        let (_, d) = run(whole, &[("a.txt", src7.as_str())], "2025-06-09");
        assert_eq!(d.len(), 1, "{d:#?}");
    }

    #[test]
    fn a_figure_another_source_gives_in_other_words_is_quiet() {
        let a = "People were trapped after a magnitude 7.4 earthquake struck Vanuatu's coast on Tuesday.";
        let b = "Vanuatu is taking stock of damage after a powerful 7.3 magnitude earthquake struck on Tuesday.";
        let draft = "A magnitude 7.3 earthquake struck off Vanuatu's coast on Tuesday.\n";
        // Against the one source that says 7.4: a finding.
        let (doc, d) = run(draft, &[("a.txt", a)], "2024-12-17");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "7.3");
        // Another source gives 7.3 for the same quake ("7.3 magnitude" / "magnitude 7.3"):
        // the sources disagree and the draft sides with one.
        quiet(draft, &[("a.txt", a), ("b.txt", b)]);
    }

    #[test]
    fn unit_conversions_are_quiet() {
        quiet(
            "Forecasters said the river could rise by 13 feet before Wednesday.\n",
            &[("a.txt", FLOOD)],
        );
        let src = "Temperatures rose above 40 degrees Celsius during the day in the city.";
        quiet(
            "Temperatures rose above 104 degrees Fahrenheit during the day in the city.\n",
            &[("t.txt", src)],
        );
    }

    #[test]
    fn another_days_toll_is_quiet() {
        quiet(
            "The civil protection agency put the toll at 51 on Monday.\n",
            &[("a.txt", FLOOD)],
        );
        quiet(
            "The toll stood at 31 on Saturday, and on Sunday the civil protection agency put \
             the toll at 44.\n",
            &[("a.txt", FLOOD)],
        );
        // Same day, different figure: flagged.
        flagged(
            "On Sunday the civil protection agency put the toll at 47.\n",
            &[("a.txt", FLOOD)],
            "47",
        );
    }

    #[test]
    fn interim_counts_are_quiet() {
        const TURNOUT: &str = "Turnout was 63.66%, the electoral commission said on Monday.\n";
        quiet(
            "According to the latest statistics available from the electoral commission, \
             turnout was 61.56%.\n",
            &[("a.txt", TURNOUT)],
        );
        quiet(
            "Turnout was 63.66%. An earlier statement from the electoral commission put \
             turnout at 59.79%.\n",
            &[("a.txt", TURNOUT)],
        );
        // The source's figure is the interim one: the draft may give the final count.
        quiet(
            "Turnout was 63.66%, the electoral commission said.\n",
            &[(
                "a.txt",
                "Preliminary results from the electoral commission put turnout at 61.56%.\n",
            )],
        );
        // Without such a word the same figures are a contradiction.
        flagged(
            "Turnout was 61.56%, the electoral commission said on Monday.\n",
            &[("a.txt", TURNOUT)],
            "61.56%",
        );
        // An interim count among the sources keeps a figure quiet even when another
        // source's final count differs: the sources tell of a count that changed.
        quiet(
            "Turnout was 61.56%, the electoral commission said.\n",
            &[
                ("a.txt", TURNOUT),
                (
                    "b.txt",
                    "Preliminary results from the electoral commission put turnout at 62.1%.\n",
                ),
            ],
        );
    }

    #[test]
    fn different_things_and_unsourced_figures_are_quiet() {
        quiet(
            "Portugal, a country of some 10 million people, has seen 3 floods this year.\n",
            &[("a.txt", FLOOD)],
        );
        quiet(
            "Emergency crews said 12 ambulances were waiting outside the metro station.\n",
            &[("a.txt", FLOOD)],
        );
    }

    #[test]
    fn figures_of_another_round_are_quiet() {
        let src = "In a first round of voting, Aoun received 71 out of 128 votes. \
                   In the second round, Aoun received 99 votes.";
        // The second round's tally against the first round's: quiet.
        quiet(
            "Aoun received 99 out of 128 votes after failing to get a required majority in \
             a first round.\n",
            &[("a.txt", src)],
        );
        // A stage the source does not give against a stage it gives: quiet.
        quiet(
            "Simion won 40.96 percent of the votes in the first round.\n",
            &[(
                "b.txt",
                "Simion won more than 45.7 percent of the votes, the count showed.",
            )],
        );
        // The same round with a different tally is still flagged.
        let d = flagged(
            "In a first round of voting, Aoun received 65 out of 128 votes.\n",
            &[("a.txt", src)],
            "65",
        );
        assert_eq!(
            d.message,
            "\"65\" here, but the source gives \"71\" in a.txt (line 1)"
        );
    }

    #[test]
    fn parts_of_a_total_the_draft_gives_are_quiet() {
        let src = "The motion passed with 176 members of the national assembly voting for \
                   impeachment.";
        quiet(
            "Of the 176 members of the national assembly voting for impeachment, 158 were \
             opposition lawmakers, while 18 were members of the ruling party.\n",
            &[("a.txt", src)],
        );
        // Without the total in the draft, the part against the total is flagged.
        flagged(
            "In the national assembly, 158 members voted for impeachment.\n",
            &[("a.txt", src)],
            "158",
        );
    }

    #[test]
    fn wholes_and_complements_are_not_counts() {
        let src = "Ishiba got 154 votes from lawmakers. Four of the six crew members were \
                   among the passengers killed in the crash.";
        // The whole of a vote against a count of the same noun: quiet.
        quiet(
            "Ishiba got 215 of the 414 votes from lawmakers.\n",
            &[("a.txt", src)],
        );
        // What was left out ("all but two") against a part ("four of the six"): quiet.
        quiet(
            "All but two of the crew members and passengers were killed in the crash.\n",
            &[("a.txt", src)],
        );
        // A whole against a whole is compared.
        let (doc, d) = run(
            "Three of the seven crew members were among the passengers killed in the crash.\n",
            &[("a.txt", src)],
            "2025-06-09",
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(&doc.text[d[0].range.clone()], "Three");
        assert_eq!(&doc.text[d[1].range.clone()], "seven");
        assert_eq!(
            d[1].message,
            "\"seven\" here, but the source gives \"six\" in a.txt (line 1)"
        );
    }

    #[test]
    fn a_distance_in_time_is_not_a_span() {
        let src = "Labour ended 14 years of Conservative rule with a landslide victory.";
        quiet(
            "The Conservative rule ended just five years after the party won an 80-seat \
             majority, with a Labour landslide victory.\n",
            &[("a.txt", src)],
        );
        // A span against a span is compared.
        flagged(
            "Labour ended 12 years of Conservative rule with a landslide victory.\n",
            &[("a.txt", src)],
            "12",
        );
    }

    #[test]
    fn source_dates_come_from_front_matter_or_a_dateline() {
        let doc = Document::new(FLOOD, Format::PlainText);
        let d = SourceDate::of(&doc);
        assert_eq!(d, Some(SourceDate::Dateline(6, 9)));
        let article = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap_or_default();
        assert_eq!(
            d.map(|d| d.at(article)),
            NaiveDate::from_ymd_opt(2025, 6, 9)
        );
        let doc = Document::new("Nothing dated here.\n", Format::PlainText);
        assert_eq!(SourceDate::of(&doc), None);
    }

    #[test]
    fn hover_lists_the_source_sentences() {
        let (kb, ex) = kb();
        let idx = SourceIndex::from_texts(vec![(PathBuf::from("a.txt"), FLOOD.to_string())], ex);
        let draft = "Porto, the country’s third-largest city, reported homes without power.\n";
        let doc = Document::new(draft, Format::Markdown);
        let settings = Settings::default();
        let date = NaiveDate::from_ymd_opt(2025, 6, 9).unwrap_or_default();
        let cx = Context::new(&doc, kb, ex, &idx, date, &settings);
        let at = draft.find("third").unwrap_or(0);
        let (r, text) = hover(&cx, at + 1).unwrap_or_default();
        assert_eq!(&draft[r], "third");
        assert!(
            text.contains("> Porto, the country’s second-largest city, reported 1,012 homes"),
            "{text}"
        );
        assert!(text.contains("(a.txt, line 3)"), "{text}");
    }

    #[test]
    fn another_persons_figure_is_another_thing() {
        let src = "Arvid Kolstad won the runoff with 50 per cent of the vote, the election \
                   commission said.\n";
        // Kolstad's share against the rival's 41 %: quiet; his own 56 % is flagged.
        quiet(
            "Arvid Kolstad won the runoff, defeating Mirela Dunca, who secured 41% of the \
             vote, the election commission said.\n",
            &[("a.txt", src)],
        );
        let d = flagged(
            "Arvid Kolstad won 56% of the vote in the runoff, the election commission said.\n",
            &[("a.txt", src)],
            "56%",
        );
        assert_eq!(
            d.message,
            "\"56%\" here, but the source gives \"50\" in a.txt (line 1)"
        );
        // A place or a sentence's first word is no holder: "Bergen" does not make the
        // figure another person's.
        flagged(
            "In Bergen, Arvid Kolstad won 56% of the vote in the runoff, the election \
             commission said.\n",
            &[("a.txt", src)],
            "56%",
        );
    }

    #[test]
    fn the_rank_of_a_post_belongs_to_its_holder() {
        let src = "Arvid Kolstad was sworn in on Sunday as the country's eighth president.\n";
        // Another president's rank, named after the post or before it: quiet.
        quiet(
            "The ceremony was attended by the seventh President of Norland, Mirela Dunca.\n",
            &[("a.txt", src)],
        );
        quiet(
            "Mirela Dunca, the seventh president, attended the ceremony.\n",
            &[("a.txt", src)],
        );
        // The same man's rank, said otherwise: flagged.
        let d = flagged(
            "Arvid Kolstad took the oath on Sunday and became the seventh president.\n",
            &[("a.txt", src)],
            "seventh",
        );
        assert_eq!(
            d.message,
            "\"seventh\" here, but the source gives \"eighth\" in a.txt (line 1)"
        );
        // A rank given to no one named is not compared.
        quiet(
            "The seventh president attended the ceremony on Sunday.\n",
            &[("a.txt", src)],
        );
    }

    #[test]
    fn a_running_total_is_not_one_events_count() {
        let src = "Shortly after the strikes, missiles hit the port city, injuring at least 11 \
                   people, emergency services said.\n";
        quiet(
            "Since June 1, missiles have hit the port city, injuring over 1,200 people, \
             emergency services said.\n",
            &[("a.txt", src)],
        );
        // Without "since", the two counts are compared.
        flagged(
            "Shortly after the strikes, missiles hit the port city, injuring over 1,200 \
             people, emergency services said.\n",
            &[("a.txt", src)],
            "1,200",
        );
    }

    #[test]
    fn a_projection_is_a_count_of_another_moment() {
        let src = "With all ballots counted, Mirela Dunca had won 41.15 per cent of the votes \
                   cast, the election commission said.\n";
        quiet(
            "Exit polls show Mirela Dunca is on track to win 39.3 per cent of the votes \
             cast, the election commission said.\n",
            &[("a.txt", src)],
        );
        flagged(
            "With all ballots counted, Mirela Dunca had won 39.3 per cent of the votes \
             cast, the election commission said.\n",
            &[("a.txt", src)],
            "39.3",
        );
    }
}
