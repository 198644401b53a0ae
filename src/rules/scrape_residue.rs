#![doc = include_str!("../../docs/rules/scrape-residue.md")]

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, FixKind, Severity};
use crate::document::BlockKind;
use crate::facts::lines::{CONNECTORS, Line, Lines, normalise};
use crate::facts::{FactKind, Paragraph};

pub struct ScrapeResidue;

pub const ID: &str = super::ids::SCRAPE_RESIDUE;

/// The furniture vocabulary (data, not code): `data/scrape_furniture.txt`.
pub const FURNITURE: &str = include_str!("../../data/scrape_furniture.txt");

/// Repeated blocks of lines are at least this long.
const BLOCK_LINES: usize = 3;
/// Lines longer than this (in words) are never furniture, whatever they say (captions that
/// end in their credit aside).
const MAX_FURNITURE_WORDS: usize = 40;
/// Lower-case running words from which a line without a final stop is prose cut off, not
/// a loose blurb, in the run of residue that ends the page.
const CUT_PROSE_WORDS: usize = 12;
// Line shapes count words only up to `RUNNING_TEXT`: every word threshold here is below it.
const _: () = assert!(MAX_FURNITURE_WORDS <= crate::facts::lines::RUNNING_TEXT);
/// Captions, duplicated lines and bylines are at most this long (in words).
const MAX_CAPTION_WORDS: usize = 12;
/// A line of running text this long (ending a sentence) starts the article's body.
const BODY_WORDS: usize = 15;

impl Rule for ScrapeResidue {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "web-page furniture left in the copy: share buttons, teasers, ads, captions, bylines, markup"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/scrape-residue.md")
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let page = Page::new(cx);
        let found = page.findings();
        if found.is_empty() {
            return;
        }
        let flagged: Vec<usize> = found.keys().copied().collect();
        let mut fixes = line_fixes(&cx.doc.text, page.body_line, &flagged);
        for (no, (range, why)) in found {
            let text = &cx.doc.text[range.clone()];
            let mut msg = format!("web-page residue: {}", page.explain(&why, text));
            if !cx.sources.is_empty() && !page.in_sources(&normalise(text), 1) {
                msg.push_str("; no source has this line");
            }
            let mut d = Diagnostic::new(ID, self.default_severity(), range, msg);
            d.fixes = fixes.remove(&no).unwrap_or_default();
            out.push(d);
        }
    }
}

/// One furniture pattern of the vocabulary.
#[derive(Debug)]
pub struct Pattern {
    pub kind: String,
    pub regex: String,
    pub examples: Vec<String>,
}

/// Parse the vocabulary file: `[kind]` sections, one regex a line, `> example` lines.
pub fn parse_furniture(text: &str) -> Result<Vec<Pattern>, String> {
    let mut out: Vec<Pattern> = Vec::new();
    let mut kind: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(k) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            kind = Some(k.to_string());
        } else if let Some(ex) = line.strip_prefix("> ") {
            let p = out
                .last_mut()
                .ok_or(format!("line {}: example before any pattern", i + 1))?;
            p.examples.push(ex.to_string());
        } else {
            let k = kind
                .clone()
                .ok_or(format!("line {}: pattern before any [kind]", i + 1))?;
            Regex::new(&anchored(line)).map_err(|e| format!("line {}: {e}", i + 1))?;
            out.push(Pattern {
                kind: k,
                regex: line.to_string(),
                examples: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// Anchored, case-insensitive, with ASCII word boundaries (Unicode ones keep the fast
/// automata off).
fn anchored(re: &str) -> String {
    format!("^(?i:{})$", re.replace(r"\b", r"(?-u:\b)"))
}

struct Vocabulary {
    kinds: Vec<String>,
    /// All patterns in one automaton; an anchored search reports the first pattern (in
    /// the file's order) that matches the whole line.
    set: Option<regex_automata::meta::Regex>,
}

/// Bytes of lazy-DFA state for the furniture vocabulary.
const HYBRID_CACHE: usize = 16 << 20;

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let patterns = parse_furniture(FURNITURE).unwrap_or_default();
    let anchored: Vec<String> = patterns.iter().map(|p| anchored(&p.regex)).collect();
    // A lazy DFA over all the patterns, with room enough that it never falls back to the
    // (much slower) backtracker on a line.
    let set = regex_automata::meta::Builder::new()
        .configure(regex_automata::meta::Config::new().hybrid_cache_capacity(HYBRID_CACHE))
        .build_many(&anchored)
        .ok();
    Vocabulary {
        kinds: patterns.into_iter().map(|p| p.kind).collect(),
        set,
    }
});

/// The furniture kind a normalised line is, if any.
pub fn furniture_kind(norm: &str) -> Option<&'static str> {
    let v = &*VOCABULARY;
    let input = regex_automata::Input::new(norm).anchored(regex_automata::Anchored::Yes);
    let m = v.set.as_ref()?.search(&input)?;
    Some(v.kinds[m.pattern().as_usize()].as_str())
}

/// What a kind of furniture is called in messages.
pub fn kind_phrase(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "share" => "a share button",
        "follow" => "a follow prompt",
        "subscribe" => "a subscription or sign-in prompt",
        "teaser" => "a teaser for another article",
        "advertisement" => "an ad label",
        "read time" => "a reading-time or audio widget",
        "byline" => "a bare byline",
        "image credit" => "an image credit",
        "wire credit" => "a news-agency credit line",
        "comments" => "a comment-section prompt",
        "cookie banner" => "cookie-banner text",
        "navigation" => "page navigation",
        "page furniture" => "page furniture (tags, timestamps, copyright)",
        "counter" => "a share or view counter",
        "hidden e-mail" => "a line with an e-mail address the web page hid",
        _ => return None,
    })
}

/// Why a line is residue.
#[derive(Debug, Clone, PartialEq)]
enum Why {
    Furniture(&'static str),
    /// The same short line right next to it (a duplicated caption); its 0-based line.
    Duplicate(usize),
    /// The same short line elsewhere in the draft.
    Repeated(usize),
    /// A byline above the first paragraph.
    Byline,
    /// A caption, credit or byline line in one block with other residue (its line).
    Cluster(usize),
    /// HTML, CSS or JavaScript.
    Markup,
    /// A link listed under a teaser label (its line).
    TeaserItem(usize),
    /// A photo or video caption: a paragraph that ends with its credit ("(Photo: …)").
    Caption,
    /// The start of another line of the draft, cut off inside a word (that line).
    Truncated(usize),
    /// One of a block of lines that the draft has twice (the other copy's first line).
    RepeatedBlock(usize),
    /// Promotion or an author's blurb in the run of residue that ends the page (the run's
    /// first line).
    Tail(usize),
}

/// A non-empty prose line of the draft.
struct DraftLine {
    /// 0-based line number.
    no: usize,
    /// Absolute byte range of its text (trimmed).
    range: Range<usize>,
    shape: Line,
    /// Its prose normalised ([`normalise`]; empty past [`MAX_FURNITURE_WORDS`] words).
    norm: String,
    /// Is the whole line prose (no markup blanked out of it), so that `norm` is also the
    /// line's raw text normalised?
    plain: bool,
    /// Its furniture kind ([`LineVocabulary`]).
    furniture: Option<&'static str>,
    heading: bool,
}

/// Each line of a paragraph (in the order of its [`Lines`]) normalised, with its furniture
/// kind when it is short enough to be furniture: a fact like any other, so the vocabulary's
/// regex set runs once per line text, not on every keystroke.
struct LineVocabulary;

#[derive(Debug, Clone)]
struct LineWords {
    norm: String,
    furniture: Option<&'static str>,
}

impl FactKind for LineVocabulary {
    type Item = LineWords;
    fn extract(p: &Paragraph<'_>) -> Vec<LineWords> {
        let text = p.text();
        p.get::<Lines>()
            .iter()
            .map(|l| {
                // Only lines that can be furniture are compared as text.
                if l.words > MAX_FURNITURE_WORDS {
                    return LineWords {
                        norm: String::new(),
                        furniture: None,
                    };
                }
                let norm = normalise(&text[l.range.clone()]);
                let candidate = l.words <= MAX_CAPTION_WORDS
                    || (l.words <= MAX_FURNITURE_WORDS && long_furniture_hint(&norm));
                let furniture = if candidate {
                    furniture_kind(&norm)
                } else {
                    None
                };
                LineWords { norm, furniture }
            })
            .collect()
    }
    fn shift(_: &mut LineWords, _: isize) {}
}

/// The draft's prose lines, from the per-paragraph line facts (the one place that reads
/// paragraphs, so that the rule ports onto cached facts by changing this function only).
fn draft_lines(cx: &Context) -> Vec<DraftLine> {
    let doc = cx.doc;
    let mut out: Vec<DraftLine> = Vec::new();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let words = cx.facts::<LineVocabulary>(i);
        for (l, w) in cx.facts_abs::<Lines>(i).into_iter().zip(words.iter()) {
            let range = raw_line(&doc.text, l.range.start);
            out.push(DraftLine {
                no: doc.line_of(l.range.start) - 1,
                plain: doc.text[range.clone()] == doc.prose[l.range.clone()],
                range,
                norm: w.norm.clone(),
                furniture: w.furniture,
                heading: p.kind == BlockKind::Heading,
                shape: l,
            });
        }
    }
    out.sort_by_key(|l| l.no);
    out.dedup_by_key(|l| l.no);
    out
}

/// The whole line of `text` around `at`, without surrounding whitespace (Markdown markup
/// such as `**` or `#` included: the finding covers what its fix deletes).
fn raw_line(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let lead = line.len() - line.trim_start().len();
    start + lead..start + line.trim_end().len()
}

/// The draft seen as a web page: its lines, where the body starts and ends, its headline.
struct Page<'a> {
    cx: &'a Context<'a>,
    lines: Vec<DraftLine>,
    /// 0-based line where the body (after the front matter) starts.
    body_line: usize,
    /// First and last lines of running text (the article proper).
    first_body: usize,
    last_body: usize,
    headlines: HashSet<String>,
    name_words: OnceCell<HashSet<String>>,
    source_lines: OnceCell<Arc<SourceLines>>,
}

impl<'a> Page<'a> {
    fn new(cx: &'a Context<'a>) -> Page<'a> {
        let lines = draft_lines(cx);
        let body_start = cx.doc.front_matter.as_ref().map_or(0, |f| f.range.end);
        let body_line = cx
            .doc
            .position(body_start, crate::document::Encoding::Utf8)
            .line;
        let body = |l: &&DraftLine| {
            !l.heading && ((l.shape.sentence && l.shape.words >= BODY_WORDS) || l.shape.words >= 25)
        };
        let first_body = lines.iter().find(body).map_or(usize::MAX, |l| l.no);
        let last_body = lines.iter().rev().find(body).map_or(0, |l| l.no);
        let mut headlines = HashSet::new();
        if let Some(t) = cx
            .doc
            .front_matter
            .as_ref()
            .and_then(|f| f.title.as_deref())
        {
            headlines.insert(normalise(t));
        }
        if let Some(first) = lines.first().filter(|l| !l.norm.is_empty()) {
            headlines.insert(first.norm.clone());
        }
        Page {
            cx,
            lines,
            body_line,
            first_body,
            last_body,
            headlines,
            name_words: OnceCell::new(),
            source_lines: OnceCell::new(),
        }
    }

    /// Every residue line: 0-based line -> (range, why).
    fn findings(&self) -> BTreeMap<usize, (Range<usize>, Why)> {
        let mut found: BTreeMap<usize, (Range<usize>, Why)> = BTreeMap::new();
        let add = |i: usize, why: Why, found: &mut BTreeMap<usize, (Range<usize>, Why)>| {
            let l = &self.lines[i];
            found.entry(l.no).or_insert((l.range.clone(), why));
        };
        for (i, l) in self.lines.iter().enumerate() {
            if let Some(why) = self.furniture(l) {
                add(i, why, &mut found);
            }
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.shape.standalone
                && !l.heading
                && ends_with_credit(&self.cx.doc.text[l.range.clone()])
            {
                add(i, Why::Caption, &mut found);
            }
        }
        let repeats = self.duplicates().into_iter().chain(self.repeated());
        for (i, why) in repeats
            .chain(self.repeated_blocks())
            .chain(self.truncated())
        {
            add(i, why, &mut found);
        }
        for (i, l) in self.lines.iter().enumerate() {
            let by = by_name(&self.cx.doc.text[l.range.clone()], &l.shape);
            if l.no < self.first_body && !l.heading && (by || (self.weak(l) && self.byline(l))) {
                add(i, Why::Byline, &mut found);
            }
        }
        self.teaser_lists(&mut found);
        self.propagate(&mut found);
        for (no, range) in markup_lines(self.cx) {
            found.entry(no).or_insert((range, Why::Markup));
        }
        self.tail(&mut found);
        found
    }

    /// A line of the furniture vocabulary (bylines only above the body or in a cluster).
    fn furniture(&self, l: &DraftLine) -> Option<Why> {
        if !l.shape.standalone || l.shape.words > MAX_FURNITURE_WORDS || l.shape.letters == 0 {
            return None;
        }
        if self
            .cx
            .doc
            .front_matter
            .as_ref()
            .and_then(|f| f.title.as_deref())
            == Some(&self.cx.doc.text[l.range.clone()])
        {
            return None;
        }
        // A long line has a kind only with a long-furniture hint ([`LineVocabulary`]).
        let kind = l.furniture?;
        // Running text that happens to end in furniture words ("… by Getty Images.").
        let prose_kinds = [
            "cookie banner",
            "comments",
            "page furniture",
            "teaser",
            "subscribe",
        ];
        if l.shape.sentence && l.shape.lowercase >= 6 && !prose_kinds.contains(&kind) {
            return None;
        }
        if kind == "byline" && l.no >= self.first_body {
            return None; // a signature, or a byline found only in a cluster
        }
        Some(Why::Furniture(kind))
    }

    /// A short stand-alone line that is not a sentence, the headline or a dateline: the
    /// shape of captions, credits and bylines.
    fn weak(&self, l: &DraftLine) -> bool {
        l.shape.standalone
            && !l.heading
            && !l.shape.sentence
            && l.shape.words <= MAX_CAPTION_WORDS
            && l.shape.letters >= 2
            && !self.headlines.contains(&l.norm)
            && !is_dateline(&self.cx.doc.text[l.range.clone()])
    }

    /// Two neighbouring lines (at most one blank line apart) with the same short text.
    fn duplicates(&self) -> Vec<(usize, Why)> {
        let mut out = Vec::new();
        for (i, pair) in self.lines.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            // The headline repeated at the top of the page is no caption.
            let headline = a.shape.words >= 5 && i < 5;
            if b.no <= a.no + 2
                && !headline
                && a.norm == b.norm
                && self.weak(a)
                && self.weak(b)
                && !self.in_sources(&a.norm, 3)
            {
                out.push((i, Why::Duplicate(b.no)));
                out.push((i + 1, Why::Duplicate(a.no)));
            }
        }
        out
    }

    /// A very short line that appears alone on several lines of the draft.
    fn repeated(&self) -> Vec<(usize, Why)> {
        let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, l) in self.lines.iter().enumerate() {
            // A label that introduces what follows ("What we know:") is a template subhead.
            let label = self.cx.doc.text[l.range.clone()].ends_with(':');
            let short = l.shape.words <= 6 && l.shape.letters >= 3 && !label;
            if short && self.weak(l) {
                seen.entry(l.norm.as_str()).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        for (norm, idx) in seen {
            if idx.len() < 2 || self.in_sources(norm, 3) {
                continue;
            }
            for &i in &idx {
                let other = idx
                    .iter()
                    .find(|&&j| j != i)
                    .map_or(0, |&j| self.lines[j].no);
                out.push((i, Why::Repeated(other)));
            }
        }
        out
    }

    /// The links under a bare teaser label ("Read More:", "Related Articles"): bulleted or
    /// Title Case lines right below it, in the same block.
    fn teaser_lists(&self, found: &mut BTreeMap<usize, (Range<usize>, Why)>) {
        for (i, l) in self.lines.iter().enumerate() {
            let label = matches!(found.get(&l.no), Some((_, Why::Furniture("teaser"))))
                && (l.norm.split(' ').count() <= 4);
            if !label {
                continue;
            }
            let mut prev = l.no;
            let mut after_time = false;
            for item in &self.lines[i + 1..] {
                let text = &self.cx.doc.text[item.range.clone()];
                let bullet = text.starts_with(['-', '•', '*', '·', '►', '▶', '»', '+']);
                let title_case = item.shape.lowercase * 3 <= item.shape.words;
                // A headline: capitalised, no sentence ("Mexico just took a huge step …").
                let headline = text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
                let time = is_time(text);
                // A feed: a time, then the teaser it stamps (which may be a sentence).
                let stamped = after_time && item.shape.words <= MAX_FURNITURE_WORDS;
                let fits = item.no == prev + 1
                    && !item.heading
                    && (time
                        || stamped
                        || (!item.shape.sentence
                            && item.shape.words <= 25
                            && (bullet || title_case || headline)));
                if !fits {
                    break;
                }
                after_time = time;
                found
                    .entry(item.no)
                    .or_insert((item.range.clone(), Why::TeaserItem(l.no)));
                prev = item.no;
            }
        }
    }

    /// Blocks of at least [`BLOCK_LINES`] short lines that the draft has twice, line for
    /// line ("Physical Address" / "304 North Cardinal St." / "Dorchester Center, MA 02124"
    /// above the story, twice): a site's template, not the story. Lines a source has inside
    /// running text stay quiet.
    fn repeated_blocks(&self) -> Vec<(usize, Why)> {
        let short = |l: &DraftLine| {
            l.shape.standalone
                && !l.heading
                && !l.norm.is_empty()
                && l.shape.words <= MAX_CAPTION_WORDS
        };
        // Consecutive lines (no blank line between) of the same block.
        let next = |i: usize| {
            self.lines
                .get(i + 1)
                .filter(|n| n.no == self.lines[i].no + 1)
                .map(|_| i + 1)
        };
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for (j, l) in self.lines.iter().enumerate() {
            if !short(l) {
                continue;
            }
            let Some(&i) = first.get(l.norm.as_str()) else {
                first.insert(l.norm.as_str(), j);
                continue;
            };
            // A repeated run starts here unless the lines right above both copies are the same.
            let above = |k: usize| {
                (k > 0 && self.lines[k - 1].no + 1 == self.lines[k].no)
                    .then(|| self.lines[k - 1].norm.as_str())
            };
            if above(i).is_some() && above(i) == above(j) {
                continue;
            }
            let (mut a, mut b, mut len) = (i, j, 1);
            while let (Some(na), Some(nb)) = (next(a), next(b)) {
                let (x, y) = (&self.lines[na], &self.lines[nb]);
                if na >= j || !short(x) || !short(y) || x.norm != y.norm {
                    break;
                }
                (a, b, len) = (na, nb, len + 1);
            }
            if len < BLOCK_LINES || (0..len).any(|k| self.in_sources(&self.lines[j + k].norm, 3)) {
                continue;
            }
            for k in 0..len {
                out.push((i + k, Why::RepeatedBlock(self.lines[j].no)));
                out.push((j + k, Why::RepeatedBlock(self.lines[i].no)));
            }
        }
        out
    }

    /// A short line that is the start of a longer line of the draft, cut off inside a word
    /// ("Thailand's newly elec" under the caption that begins "Thailand's newly elected
    /// Prime Minister …"): a truncated copy of a caption or teaser.
    fn truncated(&self) -> Vec<(usize, Why)> {
        let text = &self.cx.doc.text;
        let candidates: Vec<usize> = (0..self.lines.len())
            .filter(|&i| {
                let l = &self.lines[i];
                let t = &text[l.range.clone()];
                let cut = t.chars().next_back().is_some_and(char::is_alphanumeric);
                l.shape.standalone && !l.heading && l.shape.words >= 2 && cut && l.norm.len() >= 12
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        // Every line's normalised text, sorted: the lines that begin with a candidate's text
        // are one run of this list (one normalisation per line, not one per pair).
        let mut index: Vec<(Cow<str>, usize)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(k, m)| {
                let norm = if m.plain && !m.norm.is_empty() {
                    Cow::Borrowed(m.norm.as_str())
                } else {
                    Cow::Owned(normalise(&text[m.range.clone()]))
                };
                (norm, k)
            })
            .collect();
        index.sort_unstable();
        let mut out = Vec::new();
        for i in candidates {
            let l = &self.lines[i];
            let t = &text[l.range.clone()];
            let head = t.as_bytes()[0].to_ascii_lowercase();
            let from = index.partition_point(|(s, _)| s.as_ref() < l.norm.as_str());
            // The first such line in the draft's order.
            let other = index[from..]
                .iter()
                .take_while(|(s, _)| s.starts_with(l.norm.as_str()))
                .filter(|(s, k)| {
                    let m = &self.lines[*k];
                    let u = &text[m.range.clone()];
                    m.no != l.no
                        && u.len() > t.len()
                        && u.as_bytes()[0].to_ascii_lowercase() == head
                        && s[l.norm.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                })
                .map(|&(_, k)| k)
                .min();
            if let Some(k) = other {
                out.push((i, Why::Truncated(self.lines[k].no)));
            }
        }
        out
    }

    /// The run of residue that ends many pages: from the last line up, lines that are
    /// residue or could be ("Subscribe to The Week" / "Escape your echo chamber. Get the
    /// facts behind the news …" / "Sign up for The Week's Free Newsletters" / "Peter has
    /// worked as a news and"). When such a run starts with a residue line and holds at least
    /// two, its other lines go too: lines that are no sentence, and sentences that address
    /// the reader ("your inbox") outside quotation marks. Signatures ("— Jane Doe, Kyiv",
    /// "By Jane Doe") and headings stay.
    fn tail(&self, found: &mut BTreeMap<usize, (Range<usize>, Why)>) {
        let text = &self.cx.doc.text;
        let mut run: Vec<(usize, bool)> = Vec::new();
        for (i, l) in self.lines.iter().enumerate().rev() {
            if found.contains_key(&l.no) {
                run.push((i, true));
                continue;
            }
            let t = &text[l.range.clone()];
            let signature = t.starts_with(['—', '–', '-']) || self.byline(l);
            // A line of running prose cut off before its stop (a stored excerpt's last
            // line) is the body, not a loose blurb.
            let running = l.shape.lowercase >= CUT_PROSE_WORDS;
            let loose = (!l.shape.sentence && !running) || addresses_reader(t);
            if l.heading
                || signature
                || !l.shape.standalone
                || l.shape.words > MAX_FURNITURE_WORDS
                || !loose
            {
                break;
            }
            run.push((i, false));
        }
        while run.last().is_some_and(|&(_, residue)| !residue) {
            run.pop();
        }
        let Some(&(top, _)) = run.last() else { return };
        if run.iter().filter(|&&(_, residue)| residue).count() < 2 {
            return;
        }
        let top = self.lines[top].no;
        for (i, residue) in run {
            if !residue {
                let l = &self.lines[i];
                found.insert(l.no, (l.range.clone(), Why::Tail(top)));
            }
        }
    }

    /// Spread residue to caption, credit and byline lines in the same block (no blank line
    /// between), above the end of the article's body.
    fn propagate(&self, found: &mut BTreeMap<usize, (Range<usize>, Why)>) {
        loop {
            let mut added = false;
            for l in &self.lines {
                if found.contains_key(&l.no) || l.no > self.last_body {
                    continue;
                }
                // A publication stamp (a date alone, "• July 06, 2024") beside a byline or
                // other residue goes with it; a dateline names a place and stays. (A line
                // with a date is never weak, so only the others are asked.)
                let weak = self.weak(l);
                let stamp = !weak
                    && l.shape.standalone
                    && !l.heading
                    && l.shape.digits
                    && is_bare_date(&self.cx.doc.text[l.range.clone()]);
                if !(weak || stamp) {
                    continue;
                }
                let next_to = [l.no.wrapping_sub(1), l.no + 1]
                    .into_iter()
                    .find(|n| found.contains_key(n));
                let Some(n) = next_to else { continue };
                let header_caption = l.no < self.first_body
                    && l.shape.lowercase == 0
                    && !l.shape.digits
                    && l.shape.words <= 4;
                // The title of a photo or video, right above its caption.
                let titled = matches!(found.get(&(l.no + 1)), Some((_, Why::Caption)));
                if self.caption(l)
                    || self.byline(l)
                    || is_counter(l)
                    || header_caption
                    || titled
                    || stamp
                {
                    found.insert(l.no, (l.range.clone(), Why::Cluster(n)));
                    added = true;
                }
            }
            if !added {
                break;
            }
        }
    }

    /// Names only ("Lavrov", "Trump and Zelensky"): most capitalised words are names.
    fn caption(&self, l: &DraftLine) -> bool {
        if l.shape.lowercase > 0 || l.shape.digits || l.shape.words > 6 {
            return false;
        }
        let text = &self.cx.doc.text[l.range.clone()];
        let caps: Vec<&str> = words(text)
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        let names = caps.iter().filter(|w| self.is_name_word(w)).count();
        names >= 1 && names * 2 >= caps.len()
    }

    /// "By NAME ...", a role alone ("Editor"), or "NAME – OUTLET".
    fn byline(&self, l: &DraftLine) -> bool {
        let text = &self.cx.doc.text[l.range.clone()];
        if l.shape.lowercase > 0 || l.shape.words > 10 {
            return false;
        }
        if l.furniture == Some("byline") {
            return true;
        }
        let by = text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "));
        let separated = text
            .split_whitespace()
            .any(|w| matches!(w, "–" | "—" | "-" | "|" | ":" | "/" | "·" | "•"));
        (by && l.shape.capitalised >= 2) || (separated && l.shape.capitalised >= 3)
    }

    fn is_name_word(&self, w: &str) -> bool {
        if self.cx.extractor.is_known_name_word(w) {
            return true;
        }
        let set = self.name_words.get_or_init(|| {
            let cx = self.cx;
            let titles = cx.titles();
            let all_names = cx.all::<crate::facts::Names>();
            let texts = cx
                .names()
                .iter()
                .map(|n| n.text.as_str())
                .chain(titles.iter().map(|m| m.name.text.as_str()))
                .chain(all_names.iter().map(|n| n.text.as_str()));
            texts
                .flat_map(|t| t.split_whitespace())
                .map(|w| crate::text::fold(crate::text::strip_possessive(w).0))
                .collect()
        });
        set.contains(&crate::text::fold(crate::text::strip_possessive(w).0))
    }

    /// Does a line of running text in some source contain this (normalised) line, with
    /// more around it? Only lines of at least `min_words` words are looked up.
    fn in_sources(&self, norm: &str, min_words: usize) -> bool {
        if norm.split(' ').count() < min_words {
            return false;
        }
        let lines = self
            .source_lines
            .get_or_init(|| self.cx.sources.derived(|| source_lines(self.cx)));
        lines
            .0
            .iter()
            .any(|s| s.len() > norm.len() && s.contains(norm))
    }

    fn explain(&self, why: &Why, text: &str) -> String {
        let quoted = short(text);
        let line_of = |n: &usize| n + 1;
        match why {
            Why::Furniture(kind) => {
                format!(
                    "{} (\"{quoted}\"), not part of the story",
                    kind_phrase(kind).unwrap_or("page furniture")
                )
            }
            Why::Duplicate(n) => format!(
                "a photo caption (\"{quoted}\") alone on a line, repeated on line {}",
                line_of(n)
            ),
            Why::Repeated(n) => format!(
                "\"{quoted}\" stands alone on several lines (also line {}), like page furniture",
                line_of(n)
            ),
            Why::Byline => {
                format!("a bare byline or credit (\"{quoted}\") above the first paragraph")
            }
            Why::Cluster(n) => format!(
                "a caption, credit, byline or date stamp (\"{quoted}\") in one block with other page residue (line {})",
                line_of(n)
            ),
            Why::TeaserItem(n) => format!(
                "a link to another article (\"{quoted}\") listed under a teaser label (line {})",
                line_of(n)
            ),
            Why::Markup => format!("HTML, CSS or JavaScript from the web page (\"{quoted}\")"),
            Why::Caption => format!(
                "a photo or video caption (\"{quoted}\"): it ends with its credit, \"{}\"",
                credit_of(text)
            ),
            Why::Truncated(n) => format!(
                "\"{quoted}\" is the start of line {}, cut off inside a word",
                line_of(n)
            ),
            Why::RepeatedBlock(n) => format!(
                "\"{quoted}\" is part of a block of lines the draft has twice (also from line {}), like a page template",
                line_of(n)
            ),
            Why::Tail(n) => format!(
                "promotion or page text (\"{quoted}\") in the run of residue that ends the page (from line {})",
                line_of(n)
            ),
        }
    }
}

/// The lines of running text of every source, normalised (looked up for short lines);
/// built once per source set ([`crate::sources::SourceIndex::derived`]).
struct SourceLines(Vec<String>);

fn source_lines(cx: &Context) -> SourceLines {
    let mut out = Vec::new();
    for (k, s) in cx.sources.sources.iter().enumerate() {
        for (i, p) in s.doc.paragraphs.iter().enumerate() {
            for l in cx.source_facts::<Lines>(k, i).iter() {
                if l.lowercase >= 2 {
                    let r = p.range.start + l.range.start..p.range.start + l.range.end;
                    out.push(normalise(&s.doc.prose[r]));
                }
            }
        }
    }
    SourceLines(out)
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !CONNECTORS.contains(&w.to_lowercase().as_str()))
}

/// Could this long line be furniture at all (teasers, cookie banners, comment forms,
/// captions with credits, copyright)? A cheap test before the vocabulary.
fn long_furniture_hint(norm: &str) -> bool {
    const STARTS: &[&str] = &[
        "also",
        "read",
        "related",
        "see ",
        "watch",
        "your email",
        "we use",
        "this site",
        "this website",
        "our site",
        "our website",
        "the post ",
        "please",
        "notify",
        "save my",
        "required",
        "join",
        "sign up",
        "subscribe",
        "get ",
        "click",
        "tap ",
        "©",
        "copyright",
        "photo",
        "image",
        "picture",
        "tags",
        "topics",
        "filed",
        "story continues",
        "advertisement",
        "listen",
        "have you ",
        "in case",
        "must",
        "don",
        "recommended",
        "latest",
        "trending",
        "more",
        "continue",
        "follow",
        "(",
        "published",
        "updated",
    ];
    const HAS: &[&str] = &[
        "/", "getty", "photo", "picture", "image", "credit", "©", "reserved", "cookie",
    ];
    STARTS.iter().any(|p| norm.starts_with(p)) || HAS.iter().any(|h| norm.contains(h))
}

/// "By NAME ...": a byline even with a date in it ("By Asmita - May 08, 2025").
fn by_name(text: &str, shape: &Line) -> bool {
    text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "))
        && shape.standalone
        && shape.lowercase == 0
        && shape.capitalised >= 2
        && shape.words <= 10
}

/// The credit a caption ends with: "(Photo: Name)", "(Photo by Name/Agency)", "(Credit: Name
/// via Storyful)", "(Xinhua/Name)", "[YONHAP]", "[EPA-EFE/NAME]". Agencies alone in brackets
/// ("(Reuters)") are not credits: wire stories end that way.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \(\s*(?i:photos?|pictures?|pics?|images?|photograph|video|credits?|file\ photo|illustration|graphic)
          (?i:\ credit)?(\s*[:/]\s*|\ (?i:by)\ )[^()\[\]]{2,80}\)\.?$
        | \(\s*(?i:xinhua|reuters|afp|ap|epa|efe|epa-efe|anadolu|tass|dpa|ani|pti|ians|yonhap|kyodo|bernama|antara|wam|sana|irna|getty\ images)
          \s*/\s*[^()/]{2,40}\)\.?$
        | \[\p{Lu}[\p{Lu}\d\ .&/-]{1,40}\]\.?$",
    )
    .expect("static regex")
});

/// A caption's credit written after its last sentence without brackets: an agency with
/// "pic" or "photo" after a dash ("… on November 6, 2024. — AFP pic"), a photographer and
/// an agency joined by a slash ("… beforehand. Anna Ross/dpa"), or an agency's name alone
/// after a full stop ("… in Tehran, Iran, on Saturday. Reuters"). A wire story's own sign-off
/// ("… on Monday. — Reuters") has none of these shapes.
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \s[—–-]\s*(?:AFP|Reuters|AP|EPA|EPA-EFE|Bernama|Xinhua|Anadolu|Getty\ Images|Yonhap|Kyodo)
          \s+(?i:pic|pics|photo|photos|file\ pic|file\ photo)\.?$
        | [.!?”"]\s+\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+){0,2}\s?/\s?
          (?:dpa|AFP|AP|Reuters|EPA|ANP|Keystone|Xinhua|Anadolu|Getty\ Images|picture\ alliance)$
        | [.!?]\s+(?:Reuters|AFP|AP|EPA|Getty\ Images|Xinhua|Anadolu)$"#,
    )
    .expect("static regex")
});

/// Does a line end with a photo or video credit ([`CREDIT`], [`TRAILING_CREDIT`])?
fn ends_with_credit(text: &str) -> bool {
    let t = text.trim_end();
    (t.ends_with([')', ']', '.']) && CREDIT.is_match(t)) || TRAILING_CREDIT.is_match(t)
}

/// The credit at the end of a caption, for the message.
fn credit_of(text: &str) -> &str {
    let t = text.trim_end();
    CREDIT
        .find(t)
        .or_else(|| TRAILING_CREDIT.find(t))
        .map_or("", |m| {
            m.as_str()
                .trim_start_matches(['.', '!', '?', '”', '"'])
                .trim()
        })
}

/// Does a sentence address the reader ("your inbox", "you may also like") outside any
/// quotation?
fn addresses_reader(text: &str) -> bool {
    !text.contains(['"', '“', '”', '«', '»'])
        && text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .any(|w| w.eq_ignore_ascii_case("your") || w.eq_ignore_ascii_case("you"))
}

/// A date alone on a line, perhaps with a weekday, a time, a bullet or "Updated:" ("•
/// July 06, 2024", "Monday, 21 April 2025, 09:56 EDT"): a page's publication stamp. No
/// place: "OTTAWA, April 29" is a dateline.
fn is_bare_date(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)^
            (?:(?:last\ )?(?:updated|published|posted)\s*:?\s*(?:on\s+)?)?
            (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?
            (?:
              (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}
            | \d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}
            )
            (?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?
            $",
        )
        .expect("static regex")
    });
    let t = text
        .trim()
        .trim_start_matches(['•', '·', '-', '–', '—', '|', '*', ' ']);
    RE.is_match(t.trim())
}

/// A time of day alone on a line ("14:51", "9:05 pm"): the stamp of a feed item.
fn is_time(text: &str) -> bool {
    let t = text.trim();
    let (clock, rest) = t.split_at(
        t.find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(t.len()),
    );
    let rest = rest.trim().to_ascii_lowercase();
    let parts: Vec<&str> = clock.split(':').collect();
    parts.len() == 2
        && (1..=2).contains(&parts[0].len())
        && parts[1].len() == 2
        && matches!(rest.as_str(), "" | "am" | "pm" | "a.m." | "p.m.")
}

/// A bare counter ("1.1k", "12").
fn is_counter(l: &DraftLine) -> bool {
    l.norm.len() <= 8 && l.furniture == Some("counter")
}

/// "OTTAWA, April 29", "KYIV, Ukraine —", "Washington, Aug. 20": a place in capitals, or a
/// line with a date in it.
fn is_dateline(text: &str) -> bool {
    static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)^\p{Lu}[\p{Lu}.'\ -]{2,}(,|\ [—–-]|$)
            | (?i)(?-u:\b)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\ \d{1,2}(?-u:\b)
            | (?i)(?-u:\b)\d{1,2}\ (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?-u:\b)
            | (?-u:\b)\d{4}-\d{2}-\d{2}(?-u:\b)",
        )
        .expect("static regex")
    });
    DATELINE.is_match(text)
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if t.len() < text.len() {
        format!("{}…", t.trim_end())
    } else {
        t
    }
}

/// Lines of HTML, CSS or JavaScript in the body, outside code blocks and comments:
/// (0-based line, trimmed range).
fn markup_lines(cx: &Context) -> Vec<(usize, Range<usize>)> {
    let doc = cx.doc;
    let markdown = doc.format == crate::document::Format::Markdown;
    let body_start = doc.front_matter.as_ref().map_or(0, |f| f.range.end);
    let mut out = Vec::new();
    let (mut fence, mut comment) = (false, false);
    let mut pos = body_start;
    for raw in doc.text[body_start..].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let t = raw.trim();
        if markdown && (t.starts_with("```") || t.starts_with("~~~")) {
            fence = !fence;
            continue;
        }
        if comment || t.starts_with("<!--") {
            comment = !t.contains("-->");
            continue;
        }
        if fence || t.is_empty() || (markdown && raw.starts_with("    ")) {
            continue;
        }
        let running = || {
            t.split_whitespace()
                .filter(|w| w.starts_with(char::is_lowercase))
                .count()
                >= 8
        };
        if codey(t) && (t.contains(['{', '}', ';']) || !running()) && is_markup(t, markdown) {
            let lead = raw.len() - raw.trim_start().len();
            out.push((doc.line_of(start) - 1, start + lead..start + lead + t.len()));
        }
    }
    out
}

/// Has the line a character or word that markup needs? A cheap test before the regexes.
fn codey(t: &str) -> bool {
    // Bytes, not chars: all of them are ASCII, which never occurs inside a UTF-8 sequence.
    t.bytes().any(|b| {
        matches!(
            b,
            b'<' | b'{' | b'}' | b';' | b'&' | b'(' | b'=' | b']' | b')'
        )
    }) || {
        // Searchers built once, not per line and word.
        static AD_WORDS: LazyLock<[memchr::memmem::Finder<'static>; 3]> = LazyLock::new(|| {
            ["googletag", "adsbygoogle", "dataLayer"].map(memchr::memmem::Finder::new)
        });
        AD_WORDS.iter().any(|f| f.find(t.as_bytes()).is_some())
    }
}

/// Is the line markup or code? Asked only of lines that pass [`codey`].
fn is_markup(t: &str, markdown: bool) -> bool {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^</?(div|span|script|style|iframe|img|noscript|ins|aside|nav|figure|figcaption|button|form|input|svg|path|link|meta|section|header|footer|ul|li|a|p|br|hr|table|tr|td|picture|source|video|amp-\w+)(?-u:\b)[^>]*>")
            .expect("static regex")
    });
    static LOUD_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)^<(script|style|noscript|iframe|ins|button|form|input|svg|meta|link|amp-\w+)(?-u:\b)|^</?\w+[^>]*(?-u:\b)(class|id|style|data-[\w-]+)\s*="#)
            .expect("static regex")
    });
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            ^[.\#@]?[\w-]+([\s.\#:>,\[][^{};]*)?\{\s*([\w-]+\s*:[^;{}]+;?\s*)*\}?$   # CSS rule
            | ^[\w-]+\s*:\s*[^;{}]+;$                                            # CSS declaration
            | (?-u:\b)function\s*\w*\s*\( | =>\s*\{ | (?-u:\b)(var|let|const)\s+\w+\s*=
            | (?-u:\b)(window|document)\.[a-z]\w*\s*[.(=\[] | googletag | adsbygoogle | (?-u:\b)dataLayer(?-u:\b)
            | ^[}\])]+\s*[);,]*$ | ^\{$
            | ^(&(\#\d+|\#x[0-9a-f]+|[a-z]+);\s*)+$",
        )
        .expect("static regex")
    });
    if markdown {
        LOUD_TAG.is_match(t) || CODE.is_match(t)
    } else {
        TAG.is_match(t) || CODE.is_match(t)
    }
}

/// Byte offsets where each line of `text` starts (plus one past the end).
fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if *v.last().unwrap_or(&0) != text.len() {
        v.push(text.len());
    }
    v
}

/// A run of lines without a blank line between: (first, last), 0-based.
fn block_of(no: usize, body_line: usize, blank: &dyn Fn(usize) -> bool) -> (usize, usize) {
    let (mut s, mut e) = (no, no);
    while s > body_line && !blank(s - 1) {
        s -= 1;
    }
    while !blank(e + 1) {
        e += 1;
    }
    (s, e)
}

/// The safe "delete the line" fixes of the flagged lines (0-based), keyed by line. A block
/// (lines without a blank line between) whose lines are all residue is deleted whole with
/// the blank lines after it, so that applying every fix leaves no doubled blank line; each
/// line's fix deletes that whole block, and fix-all applies it once. Residue blocks at the
/// end of the text go together, with the blank lines before them. Otherwise a line goes
/// with its own line break. A block with a `copydesk-ignore` comment is fixed line by line.
fn line_fixes(text: &str, body_line: usize, flagged: &[usize]) -> HashMap<usize, Vec<Fix>> {
    let starts = line_starts(text);
    let n = starts.len() - 1;
    let line = |i: usize| &text[starts[i]..starts[i + 1]];
    let blank = |i: usize| i >= n || line(i).trim().is_empty();
    let is_flagged: HashSet<usize> = flagged.iter().copied().collect();
    // Blocks that are residue through and through (and carry no suppression comment).
    let mut whole: HashMap<usize, (usize, usize)> = HashMap::new();
    for &no in flagged.iter().filter(|&&i| i < n) {
        let (s, e) = block_of(no, body_line, &blank);
        let guarded = (s.saturating_sub(1)..=e).any(|i| line(i).contains("copydesk-ignore"));
        if !guarded && (s..=e).all(|i| is_flagged.contains(&i)) {
            whole.insert(no, (s, e));
        }
    }
    // The last line of real text: residue blocks after it form the tail.
    let last_text = (body_line..n)
        .rev()
        .find(|&i| !blank(i) && !whole.contains_key(&i));
    let tail_start = last_text.map_or(starts[body_line.min(n)], |p| starts[p + 1]);
    let mut out: HashMap<usize, Vec<Fix>> = HashMap::new();
    for &no in flagged.iter().filter(|&&i| i < n) {
        let range = match whole.get(&no) {
            Some(&(s, _)) if last_text.is_none_or(|p| s > p) => tail_start..text.len(),
            Some(&(s, e)) => {
                let next = (e + 1..n).find(|&i| !blank(i)).unwrap_or(n);
                starts[s]..starts[next]
            }
            None => starts[no]..starts[no + 1],
        };
        let lines = flagged
            .iter()
            .filter(|&&i| i < n && range.start <= starts[i] && starts[i] < range.end)
            .count();
        let title = if lines <= 1 {
            "Delete the line".to_string()
        } else {
            format!("Delete these {lines} lines of page residue")
        };
        out.insert(no, vec![Fix::delete(FixKind::Safe, title, range)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::LazyLock;

    use super::*;
    use crate::config::Settings;
    use crate::diagnostic::apply_edits;
    use crate::document::{Document, Format};
    use crate::engine::Engine;
    use crate::kb::Kb;
    use crate::sources::SourceIndex;

    static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(Kb::builtin()));

    const P1: &str = "Ukrainian President Volodymyr Zelenskyy met Emmanuel Macron in Kyiv on Tuesday, saying the “coalition of the willing” would meet again before the end of the month.";
    const P2: &str = "Russia’s Foreign Minister Sergei Lavrov said on Wednesday that any settlement would have to take account of Moscow’s security interests — a demand Kyiv rejects.";

    fn run_fmt(draft: &str, sources: &[&str], format: Format) -> (Document, Vec<Diagnostic>) {
        let e = &*ENGINE;
        let idx = SourceIndex::from_texts(
            sources
                .iter()
                .enumerate()
                .map(|(i, t)| (PathBuf::from(format!("s{i}.txt")), t.to_string()))
                .collect(),
            &e.extractor,
        );
        let doc = Document::new(draft, format);
        let settings = Settings::default();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
        let cx = Context::new(&doc, &e.kb, &e.extractor, &idx, date, &settings);
        let mut out = Vec::new();
        ScrapeResidue.check(&cx, &mut out);
        (doc, out)
    }

    fn run(draft: &str) -> (Document, Vec<Diagnostic>) {
        run_fmt(draft, &[], Format::Markdown)
    }

    /// The texts the findings cover, in order.
    fn flagged(draft: &str) -> Vec<String> {
        let (doc, d) = run(draft);
        d.iter()
            .map(|x| doc.text[x.range.clone()].to_string())
            .collect()
    }

    fn fix_all(doc: &Document, d: &[Diagnostic]) -> String {
        apply_edits(&doc.text, &crate::diagnostic::safe_edits(d)).expect("fixes apply")
    }

    fn page(residue: &str) -> String {
        format!("{P1}\n\n{residue}\n\n{P2}\n")
    }

    #[test]
    fn vocabulary_file_parses_and_every_pattern_matches_its_examples() {
        let pats = parse_furniture(FURNITURE).expect("vocabulary parses");
        assert!(pats.len() >= 30, "{} patterns", pats.len());
        let mut seen = HashSet::new();
        for p in &pats {
            assert!(kind_phrase(&p.kind).is_some(), "unknown kind [{}]", p.kind);
            assert!(
                seen.insert(p.regex.clone()),
                "duplicate pattern {}",
                p.regex
            );
            assert!(
                !p.examples.is_empty(),
                "pattern without example: {}",
                p.regex
            );
            let re = Regex::new(&anchored(&p.regex)).expect("regex");
            for ex in &p.examples {
                assert!(
                    re.is_match(&normalise(ex)),
                    "{} does not match {ex:?}",
                    p.regex
                );
            }
        }
        // Legitimate short lines are no furniture.
        for ok in [
            "OTTAWA, April 29",
            "Poilievre defeated in his own riding",
            "A Tense History",
            "Western Leaders Stress Security Guarantees at Summit",
            "Read more about the talks in our explainer.",
            "Share prices fell 3% on Tuesday.",
            "Advertising revenue fell sharply last year.",
            "— Jane Doe, Kyiv",
            "“America wants our land,” Carney said.",
            "Lavrov",
        ] {
            assert_eq!(furniture_kind(&normalise(ok)), None, "{ok}");
        }
        assert!(parse_furniture("x\n").is_err());
        assert!(parse_furniture("[share]\n(\n").is_err());
    }

    #[test]
    fn share_follow_subscribe_buttons_fire() {
        let d = page(
            "Share on Facebook\nShare on X\nFollow us on Google News\nSubscribe to our newsletter",
        );
        assert_eq!(
            flagged(&d),
            [
                "Share on Facebook",
                "Share on X",
                "Follow us on Google News",
                "Subscribe to our newsletter"
            ]
        );
        let (_, diags) = run(&page("Share This Article"));
        assert_eq!(
            diags[0].message,
            "web-page residue: a share button (\"Share This Article\"), not part of the story"
        );
    }

    #[test]
    fn share_in_a_sentence_stays_quiet() {
        let d = page(
            "Share prices in Kyiv fell after the talks, and investors were told to share the cost.",
        );
        assert!(flagged(&d).is_empty());
    }

    #[test]
    fn teasers_fire_but_sentences_with_read_more_do_not() {
        let d = page(
            "Also read: Who is Mark Carney, the central banker who became prime minister?\n\nRead more\n\nRelated Articles",
        );
        assert_eq!(
            flagged(&d),
            [
                "Also read: Who is Mark Carney, the central banker who became prime minister?",
                "Read more",
                "Related Articles"
            ]
        );
        assert!(
            flagged(&page(
                "Read more about the talks in our explainer on Kyiv’s demands."
            ))
            .is_empty()
        );
    }

    #[test]
    fn links_under_a_teaser_label_fire_until_the_text_resumes() {
        let d = format!(
            "{P1}\nRead More:\n- Dangerous Batch Still Circulating Despite Recall\n- Congress Discloses Aid Funds\n{P2}\n"
        );
        assert_eq!(
            flagged(&d),
            [
                "Read More:",
                "- Dangerous Batch Still Circulating Despite Recall",
                "- Congress Discloses Aid Funds"
            ]
        );
        // A subheading under a teaser that is a whole headline is not a list item.
        let d = format!(
            "{P1}\n\nAlso read: Who is Mark Carney?\nPoilievre defeated in his own riding\n\n{P2}\n"
        );
        assert_eq!(flagged(&d), ["Also read: Who is Mark Carney?"]);
    }

    #[test]
    fn advertisement_and_read_time_fire() {
        assert_eq!(flagged(&page("Advertisement")), ["Advertisement"]);
        assert_eq!(flagged(&page("**6 Min Read**")), ["**6 Min Read**"]);
        assert!(
            flagged(&page(
                "Advertising revenue fell sharply last year, the company said on Tuesday."
            ))
            .is_empty()
        );
    }

    #[test]
    fn bylines_above_the_body_fire_but_a_signature_at_the_end_does_not() {
        let d = format!(
            "By Asmita - May 08, 2025\n\nEditor\n6 Min Read\n\nAhmed Kamel – Egypt Daily News\n\nBy Samir Kr. Singh : Editor-In-Chief\n\n{P1}\n\n{P2}\n\n— Jane Doe, Kyiv\n"
        );
        assert_eq!(
            flagged(&d),
            [
                "By Asmita - May 08, 2025",
                "Editor",
                "6 Min Read",
                "Ahmed Kamel – Egypt Daily News",
                "By Samir Kr. Singh : Editor-In-Chief"
            ]
        );
        let signed = format!("{P1}\n\n{P2}\n\nWritten by Jane Doe\n");
        assert!(flagged(&signed).is_empty());
    }

    #[test]
    fn image_credits_fire() {
        let d = page(
            "Smoke rises over Kyiv after a drone attack. REUTERS/Gleb Garanich\n\nPhoto: Getty Images",
        );
        assert_eq!(
            flagged(&d),
            [
                "Smoke rises over Kyiv after a drone attack. REUTERS/Gleb Garanich",
                "Photo: Getty Images"
            ]
        );
    }

    #[test]
    fn duplicated_caption_fires_on_both_lines() {
        let d = format!("{P1}\n\nLavrov\nLavrov\n\n{P2}\n");
        let (doc, diags) = run(&d);
        let lines: Vec<usize> = diags.iter().map(|x| doc.line_of(x.range.start)).collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(
            diags[0].message,
            "web-page residue: a photo caption (\"Lavrov\") alone on a line, repeated on line 4"
        );
        // Accented names, a blank line between.
        assert_eq!(
            flagged(&page(
                "Sviatlana Tsikhanoŭskaja\n\nSviatlana Tsikhanoŭskaja"
            ))
            .len(),
            2
        );
    }

    #[test]
    fn a_name_alone_once_is_a_subheading_and_stays_quiet() {
        assert!(flagged(&page("Emmanuel Macron")).is_empty());
        // ... but a name in one block with other residue is a caption.
        assert_eq!(
            flagged(&page("3 min read\nTrump and Zelensky")),
            ["3 min read", "Trump and Zelensky"]
        );
    }

    #[test]
    fn comment_prompts_cookie_banners_navigation_counters_fire() {
        let d = page(
            "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nWe use cookies to improve your experience. By continuing to browse, you agree to our use of cookies.\n\nBack to top\n\nHome › World › Europe\n\n1.1k",
        );
        assert_eq!(flagged(&d).len(), 6, "{:?}", flagged(&d));
    }

    #[test]
    fn css_js_html_and_entities_fire_but_code_blocks_and_comments_do_not() {
        let d = page(
            ".share-bar { display: none; }\n\ngoogletag.cmd.push(function() { googletag.display('ad-1'); });\n\n<div class=\"ad-slot\"></div>\n\n&nbsp;&nbsp;",
        );
        assert_eq!(
            flagged(&d),
            [
                ".share-bar { display: none; }",
                "googletag.cmd.push(function() { googletag.display('ad-1'); });",
                "<div class=\"ad-slot\"></div>",
                "&nbsp;&nbsp;"
            ]
        );
        let quiet = page(
            "```\n.share-bar { display: none; }\n```\n\n<!-- copydesk-ignore off-topic-paragraph -->",
        );
        assert!(flagged(&quiet).is_empty());
        // In plain text any tag line is markup.
        let (doc, diags) = run_fmt(&page("<p>"), &[], Format::PlainText);
        assert_eq!(&doc.text[diags[0].range.clone()], "<p>");
    }

    #[test]
    fn a_long_newsletter_prompt_or_audio_promotion_fires_but_a_sentence_about_one_does_not() {
        let d = page(
            "Subscribe free to our weekly newsletter for exclusive and original coverage from \
             the Courier. Direct to your inbox every Friday morning.\n\nHave you heard Deep \
             Water? Listen as our reporter exposes the river's dirty secret",
        );
        assert_eq!(
            flagged(&d),
            [
                "Subscribe free to our weekly newsletter for exclusive and original coverage \
                 from the Courier. Direct to your inbox every Friday morning.",
                "Have you heard Deep Water? Listen as our reporter exposes the river's dirty \
                 secret"
            ]
        );
        // Running text that only mentions a newsletter stays quiet.
        let d = page(
            "Readers who subscribe to our weekly newsletter told the paper they wanted more \
             coverage of the river.",
        );
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
    }

    #[test]
    fn running_text_with_furniture_or_code_words_stays_quiet() {
        let d = page(
            "The picture of the two leaders was later distributed by Getty Images.\n\nHe signed the document.The function (as he called it) of the new body was unclear to the delegates.",
        );
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
    }

    #[test]
    fn datelines_subheadings_and_quote_paragraphs_stay_quiet() {
        let d = format!(
            "# Carney’s Liberals win\n\nOTTAWA, April 29\n\n{P1}\n\nPoilievre defeated in his own riding\n\n“America wants our land, our resources, our water, our country,” Carney said.\n\nA Tense History\n\n{P2}\n"
        );
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
    }

    #[test]
    fn a_repeated_subhead_label_stays_quiet_a_repeated_caption_fires() {
        let d = format!(
            "Myanmar earthquake\n\nWhat we know:\n\n{P1}\n\nThailand earthquake\n\nWhat we know:\n\n{P2}\n"
        );
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
        let d = format!("{P1}\n\nAFP via Getty\n\n{P2}\n\nAFP via Getty\n\n{P1}\n");
        assert_eq!(flagged(&d), ["AFP via Getty", "AFP via Getty"]);
    }

    #[test]
    fn bare_links_tag_lines_agency_captions_and_dated_bylines_fire() {
        for line in [
            "https://twitter.com/gouvernementFR/status/1864371288610938910",
            "#Tags; lanka c news, jvp news, sri lanka news",
            "The National Assembly during a no-confidence vote in Paris, France, 04 December 2024. [EPA-EFE/YOAN VALAT]",
            "Laurent Geslin Euractiv FR Dec 4, 2024 20:30 3 min. read",
        ] {
            assert_eq!(flagged(&page(line)), [line], "{line}");
        }
        // A link or an agency inside running text is no residue.
        let d = page(
            "The government posted the result at https://example.org/result on Wednesday, and the \
             agency [EPA] said it would publish photos later in the day.",
        );
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
    }

    #[test]
    fn headline_repeated_as_first_body_line_stays_quiet() {
        let t = "Trump Pulls Back from Direct Role in Peace Talks";
        let d = format!("---\ntitle: \"{t}\"\n---\n{t}\n\n{t}\n\n{P1}\n");
        assert!(flagged(&d).is_empty(), "{:?}", flagged(&d));
        let txt = format!("{t}\n\nHeader Ads Widget\n\n{t}\n\n{P1}\n");
        let (doc, diags) = run_fmt(&txt, &[], Format::PlainText);
        let got: Vec<&str> = diags.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got, ["Header Ads Widget"]);
    }

    #[test]
    fn wrapped_prose_lines_stay_quiet() {
        // A hard-wrapped paragraph whose middle line is one word of the vocabulary.
        let d = "The ministers met for six hours in a Geneva hotel and said the allies would\nshare\nthe burden of any mission that follows a ceasefire in the east.\n";
        assert!(flagged(&format!("{P1}\n\n{d}")).is_empty());
        // The same word standing alone is a button.
        assert_eq!(flagged(&page("Share")), ["Share"]);
    }

    #[test]
    fn lines_the_sources_have_inside_a_sentence_stay_quiet() {
        let d = page("Security Guarantees for Ukraine\nSecurity Guarantees for Ukraine");
        let src = "The leaders discussed security guarantees for Ukraine at length on Monday.";
        let (_, diags) = run_fmt(&d, &[src], Format::Markdown);
        assert!(diags.is_empty());
        let (_, diags) = run_fmt(
            &d,
            &["Nothing about it here at all, they said."],
            Format::Markdown,
        );
        assert_eq!(diags.len(), 2);
        assert!(diags[0].message.ends_with("; no source has this line"));
    }

    #[test]
    fn fix_deletes_one_line_without_doubling_blank_lines() {
        let (doc, d) = run(&page("Share on Facebook"));
        assert_eq!(d[0].fixes[0].title, "Delete the line");
        assert_eq!(d[0].fixes[0].kind, FixKind::Safe);
        assert_eq!(fix_all(&doc, &d), format!("{P1}\n\n{P2}\n"));
        // At the end of the text, the blank line before it goes.
        let (doc, d) = run(&format!("{P1}\n\n{P2}\n\nShare This Article\n"));
        assert_eq!(fix_all(&doc, &d), format!("{P1}\n\n{P2}\n"));
        let (doc, d) = run(&format!("{P1}\n\nShare This Article"));
        assert_eq!(fix_all(&doc, &d), format!("{P1}\n"));
        // Two residue blocks at the end go together, with the blank lines before them.
        let (doc, d) = run(&format!(
            "{P1}\n\n{P2}\n\nAdvertisement\n\nShare This Article\n"
        ));
        assert_eq!(d[1].fixes[0].title, "Delete these 2 lines of page residue");
        assert_eq!(fix_all(&doc, &d), format!("{P1}\n\n{P2}\n"));
    }

    #[test]
    fn fix_of_a_residue_block_deletes_it_once_and_each_line_alone_is_clean() {
        let text = format!(
            "---\ntitle: T\n---\nEditor\n6 Min Read\nTrump and Zelensky\n\n{P1}\n\nLavrov\nLavrov\n\n{P2}\n"
        );
        let (doc, d) = run(&text);
        assert_eq!(d.len(), 5);
        assert_eq!(d[0].fixes[0].title, "Delete these 3 lines of page residue");
        assert_eq!(
            fix_all(&doc, &d),
            format!("---\ntitle: T\n---\n{P1}\n\n{P2}\n")
        );
        let again = run(&fix_all(&doc, &d)).1;
        assert!(again.is_empty());
    }

    #[test]
    fn fix_in_a_mixed_block_touches_only_its_line() {
        // "Key points" is not residue; "Advertisement" is, in the same block.
        let text = format!("{P1}\n\nKey points\nAdvertisement\nWhat comes next\n\n{P2}\n");
        let (doc, d) = run(&text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            fix_all(&doc, &d),
            format!("{P1}\n\nKey points\nWhat comes next\n\n{P2}\n")
        );
    }

    #[test]
    fn ranges_sit_on_char_boundaries_with_utf8_text() {
        let d =
            format!("{P1}\n\n“Зеленський” — Share on Facebook\n\nЗеленський\nЗеленський\n\n{P2}\n");
        let (doc, diags) = run(&d);
        let got: Vec<&str> = diags.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got, ["Зеленський", "Зеленський"]);
    }

    #[test]
    fn captions_that_end_in_their_credit_fire_at_any_length() {
        let long = "Thailand’s newly elected Prime Minister Paetongtarn Shinawatra (C) speaks at a \
                    press conference after winning the parliamentary vote at the party’s \
                    headquarters in Bangkok, Thailand, Aug. 16, 2024. Paetongtarn Shinawatra, a \
                    candidate backed by the coalition, was elected as the country’s new prime \
                    minister on Friday after winning a simple majority in a parliamentary vote. \
                    (Xinhua/Rachen Sageamsak)";
        let yonhap = "Acting President Choi Sang-mok leaves the county office after meeting the \
                      families on Dec. 29. [YONHAP]";
        let photo = "MPs attend a parliament meeting on Friday. (Photo: Nutthawat Wichieanbut)";
        for caption in [long, yonhap, photo] {
            let (_, d) = run(&page(caption));
            assert_eq!(d.len(), 1, "{caption}");
            assert_eq!(d[0].fixes[0].title, "Delete the line");
        }
        let (_, d) = run(&page(photo));
        assert_eq!(
            d[0].message,
            "web-page residue: a photo or video caption (\"MPs attend a parliament meeting on \
             Friday. (Photo: Nutthawat…\"): it ends with its credit, \"(Photo: Nutthawat \
             Wichieanbut)\""
        );
        // The title of the video right above its caption goes with it.
        let titled = page(&format!(
            "Thai high-rise collapses during earthquake\n{photo}"
        ));
        assert_eq!(
            flagged(&titled),
            ["Thai high-rise collapses during earthquake", photo]
        );
    }

    #[test]
    fn captions_with_a_credit_after_their_last_sentence_fire() {
        for caption in [
            "The minister addresses a press conference in Berlin on November 6, 2024. — AFP pic",
            "The minister wanted to leave the coalition, but was dismissed first. Anna Ross/dpa",
            "Electoral staff members count ballots at a polling station on Saturday. Reuters",
        ] {
            let (_, d) = run(&page(caption));
            assert_eq!(d.len(), 1, "{caption}");
            assert!(
                d[0].message.contains("it ends with its credit"),
                "{}",
                d[0].message
            );
        }
        let (_, d) = run(&page(
            "The minister addresses a press conference in Berlin on Monday. — AFP pic",
        ));
        assert!(d[0].message.ends_with("\"— AFP pic\""), "{}", d[0].message);
    }

    #[test]
    fn a_date_stamp_goes_with_the_byline_beside_it() {
        let top = "Kyiv talks resume after a week of strikes";
        let d = format!("{top}\n\n• by Web Desk\n• July 06, 2024\n\n{P1}\n\n{P2}\n");
        assert_eq!(flagged(&d), ["• by Web Desk", "• July 06, 2024"]);
        // Alone, or a dateline with its place, a date line stays.
        let alone = format!("{top}\n\nJuly 06, 2024\n\n{P1}\n\n{P2}\n");
        assert!(flagged(&alone).is_empty());
        let dateline = format!("{top}\n\n• by Web Desk\nKYIV, July 06, 2024\n\n{P1}\n\n{P2}\n");
        assert_eq!(flagged(&dateline), ["• by Web Desk"]);
        assert!(is_bare_date("Updated: April 21, 2025 at 09:56 EDT"));
        assert!(is_bare_date("Monday, 21 April 2025"));
        assert!(!is_bare_date("OTTAWA, April 29, 2025"));
    }

    #[test]
    fn a_news_agency_credit_line_fires_after_the_body_too() {
        let d = format!("{P1}\n\n{P2}\n\nAgencies\n");
        assert_eq!(flagged(&d), ["Agencies"]);
        let (_, diags) = run(&d);
        assert_eq!(
            diags[0].message,
            "web-page residue: a news-agency credit line (\"Agencies\"), not part of the story"
        );
    }

    #[test]
    fn wire_credits_brackets_and_pictured_in_a_story_stay_quiet() {
        for ok in [
            "The talks will resume in Geneva next week, officials said on Friday. (Reuters)",
            "The talks will resume in Geneva next week, officials said on Friday. — Reuters",
            "The talks will resume next week, officials told the news agency Reuters",
            "The minister (pictured) told reporters the talks would resume next week.",
            "“We will not give up our land [sic],” the president told reporters in Kyiv.",
        ] {
            assert!(flagged(&page(ok)).is_empty(), "{ok}");
        }
    }

    #[test]
    fn a_line_cut_off_inside_a_word_from_another_line_fires() {
        let caption = "Prime Minister Paetongtarn Shinawatra speaks at a press conference in \
                       Bangkok after winning the vote in parliament on Friday, her party said.";
        let d = format!("{P1}\n\n{caption}\n\n{P2}\n\nPrime Minister Paetongtarn Shinawatra spe\n");
        let (doc, diags) = run(&d);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            &doc.text[diags[0].range.clone()],
            "Prime Minister Paetongtarn Shinawatra spe"
        );
        assert_eq!(
            diags[0].message,
            "web-page residue: \"Prime Minister Paetongtarn Shinawatra spe\" is the start of \
             line 3, cut off inside a word"
        );
        // Of two longer lines it begins, the first in the draft is named.
        let d = format!(
            "{P1}\n\n{caption}\n\n{P2}\n\n{caption}\n\nPrime Minister Paetongtarn Shinawatra spe\n"
        );
        let (_, diags) = run(&d);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert!(
            diags[0]
                .message
                .ends_with("is the start of line 3, cut off inside a word"),
            "{}",
            diags[0].message
        );
        // A subhead that starts a paragraph at a word boundary is no truncation.
        let sub = format!("{P1}\n\nPrime Minister Paetongtarn Shinawatra\n\n{caption}\n\n{P2}\n");
        assert!(flagged(&sub).is_empty());
    }

    #[test]
    fn a_block_of_lines_the_draft_has_twice_fires() {
        let block = "Physical Address\n304 North Cardinal St.\nDorchester Center, MA 02124";
        let d = format!("{block}\n{block}\n{P1}\n\n{P2}\n");
        assert_eq!(flagged(&d).len(), 6);
        let (_, diags) = run(&d);
        assert_eq!(
            diags[1].message,
            "web-page residue: \"304 North Cardinal St.\" is part of a block of lines the draft \
             has twice (also from line 4), like a page template"
        );
        // Two repeated lines are not enough (a headline and deck may be repeated).
        let two = "Talks resume in Geneva\nEnvoys meet on Friday.";
        assert!(flagged(&format!("{two}\n\n{P1}\n\n{two}\n\n{P2}\n")).is_empty());
    }

    #[test]
    fn the_promotion_in_the_run_of_residue_that_ends_the_page_fires() {
        let tail = "Subscribe to The Week\nEscape your echo chamber. Get the facts behind the \
                    news, plus analysis from multiple perspectives.\n\nSign up for The Week's \
                    Free Newsletters\nFrom our morning news briefing to a weekly Good News \
                    Newsletter, get the best of The Week delivered directly to your inbox.\n\
                    Peter has worked as a news and ";
        let d = format!("{P1}\n\n{P2}\n\n{tail}\n");
        let (doc, diags) = run(&d);
        let got: Vec<&str> = diags.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got[1].starts_with("Escape your echo chamber."));
        assert_eq!(got[4], "Peter has worked as a news and");
        assert!(
            diags[1]
                .message
                .contains("in the run of residue that ends the page (from line 5)")
        );
        assert_eq!(fix_all(&doc, &diags), format!("{P1}\n\n{P2}\n"));
    }

    #[test]
    fn prose_cut_off_after_the_captions_is_the_body() {
        let captions = "A nun reacts as white smoke signals that the cardinals elected a new \
                        pope on Thursday. (Photo: Jeff Pachoud / AFP)\n\nThe crowded square on \
                        the second day of the conclave. (Photo: EPA-EFE / Riccardo Antimiani)";
        let cut = "A joyous crowd in the square cheered and applauded as the first puffs of \
                   smoke emerged from a small chimney on the roof of the chapel and the bells";
        let d = format!("{P1}\n\n{P2}\n\n{captions}\n\n{cut}\n");
        let got = flagged(&d);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter()
                .all(|l| l.ends_with("AFP)") || l.ends_with("Antimiani)"))
        );
        // A short cut-off blurb after them is still part of the run.
        let d = format!("{P1}\n\n{P2}\n\n{captions}\n\nPeter has worked as a news and\n");
        assert_eq!(flagged(&d).len(), 3);
    }

    #[test]
    fn signatures_quotes_and_one_residue_line_end_the_tail_quietly() {
        // One residue line is no run: the sentence before it stays.
        let one =
            format!("{P1}\n\n{P2}\n\nWhat you need to know about the talks\nShare This Article\n");
        assert_eq!(flagged(&one), ["Share This Article"]);
        // A signature and a quotation addressed to "you" stay.
        let sig = format!(
            "{P1}\n\n“You will see us again,” he told the crowd.\n\n— Jane Doe, Kyiv\nShare on \
             Facebook\nShare on X\n"
        );
        assert_eq!(flagged(&sig), ["Share on Facebook", "Share on X"]);
        // The hidden e-mail of a scraped byline is residue anywhere.
        let mail = format!("{P1}\n\n{P2}\n\nBY LIM JEONG-WON [[email protected]]\n");
        assert_eq!(flagged(&mail), ["BY LIM JEONG-WON [[email protected]]"]);
    }

    #[test]
    fn headlines_and_time_stamped_teasers_under_a_teaser_label_fire() {
        let list = "Previously:\nBritish ambassador fired after pointing gun at staffer\nMexico \
                    just took a huge step toward legalizing marijuana";
        assert_eq!(flagged(&page(list)).len(), 3);
        let feed = "Read next\n14:51\nKazakhstan is advancing efforts to cut imports of \
                    finished goods by bolstering domestic production.\n13:55\nAzerbaijan and \
                    Kazakhstan continue to expand their agricultural cooperation.";
        let (doc, d) = run(&page(feed));
        let got: Vec<&str> = d.iter().map(|x| &doc.text[x.range.clone()]).collect();
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[3], "13:55");
        // A sentence right under a label, with no time stamp, is the story.
        let story = "Read more\nThe talks will resume in Geneva next week, officials said.";
        assert_eq!(flagged(&page(story)), ["Read more"]);
        assert!(
            is_time("9:05 pm") && is_time("14:51") && !is_time("1:2") && !is_time("14:51 GMT+3")
        );
    }

    #[test]
    fn a_site_name_or_font_size_widget_alone_on_a_line_fires() {
        assert_eq!(
            furniture_kind(&normalise("News.Az")),
            Some("page furniture")
        );
        assert_eq!(
            furniture_kind(&normalise("+ ↺ − 16 px")),
            Some("navigation")
        );
        assert_eq!(
            furniture_kind(&normalise("Kazakhstan votes in favour")),
            None
        );
        assert_eq!(flagged(&page("News.Az")), ["News.Az"]);
    }
}
