#![doc = include_str!("../../docs/rules/off-topic-paragraph.md")]

use std::collections::{BTreeMap, HashSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, FixKind, Severity};
use crate::document::BlockKind;
use crate::facts::{self, Facts};
use crate::topic::content_terms;

pub struct OffTopicParagraph;

pub const ID: &str = super::ids::OFF_TOPIC_PARAGRAPH;

/// Paragraphs shorter than this (in words) are never judged: captions, datelines,
/// "Share This Article" residue.
pub const MIN_WORDS: usize = 25;

/// A judged paragraph's content terms (offsets relative to its start) and word count.
struct Para {
    terms: Facts<facts::Terms>,
    words: usize,
}

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
        let paras = paragraphs(cx);
        if paras.iter().filter(|(_, t)| t.words >= MIN_WORDS).count() < 3 {
            return; // too little story to compare against
        }
        let story = Story::new(cx, &paras);
        for (i, t) in &paras {
            if t.words < MIN_WORDS {
                continue;
            }
            if let Some(j) = judge(cx, &story, *i, t) {
                out.push(diagnostic(cx, *i, &j, self.default_severity()));
            }
        }
    }
}

/// The judged paragraphs: every paragraph but headings (index into `doc.paragraphs`).
fn paragraphs(cx: &Context) -> Vec<(usize, Para)> {
    (0..cx.doc.paragraphs.len())
        .filter(|&i| cx.doc.paragraphs[i].kind != BlockKind::Heading)
        .map(|i| {
            let words = cx.facts::<facts::Shape>(i).first().map_or(0, |s| s.words);
            let terms = cx.facts::<facts::Terms>(i);
            (i, Para { terms, words })
        })
        .collect()
}

/// A term of paragraph `i` as written (term ranges are relative to the paragraph's start).
fn word_at<'a>(cx: &Context<'a>, i: usize, r: &std::ops::Range<usize>) -> &'a str {
    let at = cx.doc.paragraphs[i].range.start;
    &cx.doc.text[r.start + at..r.end + at]
}

/// What the rest of the story knows: how many draft paragraphs use each stem, the stems of
/// headings and the title, and which proper words are people's.
struct Story<'p> {
    draft_df: HashMap<&'p str, usize>,
    heading_terms: HashSet<String>,
    is_person: HashMap<&'p str, bool>,
}

impl<'p> Story<'p> {
    fn new(cx: &Context<'p>, paras: &'p [(usize, Para)]) -> Story<'p> {
        let doc = cx.doc;
        let mut draft_df: HashMap<&str, usize> = HashMap::default();
        for (_, t) in paras {
            let uniq: FxHashSet<&str> = t.terms.iter().map(|x| x.stem.as_str()).collect();
            for s in uniq {
                *draft_df.entry(s).or_default() += 1;
            }
        }
        // Headings and the title belong to the story too.
        let mut heading_terms: HashSet<String> = HashSet::new();
        for (i, _) in doc
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == BlockKind::Heading)
        {
            heading_terms.extend(cx.facts::<facts::Terms>(i).iter().map(|t| t.stem.clone()));
        }
        if let Some(title) = doc.front_matter.as_ref().and_then(|f| f.title.as_deref()) {
            heading_terms.extend(
                content_terms(title, 0..title.len())
                    .terms
                    .into_iter()
                    .map(|t| t.stem),
            );
        }
        // Is a proper word a person's? Decided once per distinct word.
        let person_words = person_words(cx);
        let mut is_person: HashMap<&str, bool> = HashMap::default();
        for (i, t) in paras {
            for term in t.terms.iter().filter(|t| t.proper) {
                let word = word_at(cx, *i, &term.range);
                is_person.entry(word).or_insert_with(|| {
                    cx.extractor.is_known_name_word(word)
                        || person_words
                            .contains(&crate::text::fold(crate::text::strip_possessive(word).0))
                });
            }
        }
        Story {
            draft_df,
            heading_terms,
            is_person,
        }
    }
}

/// Words of people's names: names with a title, and full names whose surname is a known
/// person's ("Melania Trump"), case-folded.
fn person_words(cx: &Context) -> HashSet<String> {
    let text = &cx.doc.text;
    let titles = cx.titles();
    let titled_surnames: HashSet<String> = titles
        .iter()
        .map(|m| crate::text::translit_key(m.name.surname(text)))
        .collect();
    let fold_words = |ws: &[std::ops::Range<usize>]| -> Vec<String> {
        ws.iter()
            .map(|w| crate::text::fold(&text[w.clone()]))
            .collect()
    };
    let mut out: HashSet<String> = titles
        .iter()
        .flat_map(|m| fold_words(&m.name.words))
        .collect();
    for n in cx.names() {
        let last = n.surname(text);
        if n.words.len() >= 2
            && (cx.extractor.is_known_name_word(last)
                || titled_surnames.contains(&crate::text::translit_key(last)))
        {
            out.extend(fold_words(&n.words));
        }
    }
    out
}

/// Why a paragraph is off-topic.
struct Judgement {
    ratio: f32,
    foreign_propers: usize,
    propers: usize,
    /// The heaviest foreign words, heaviest first.
    words: Vec<String>,
    has_sources: bool,
}

/// Weigh paragraph `i`'s terms against the story; `Some` when it is off-topic.
fn judge(cx: &Context, story: &Story, i: usize, t: &Para) -> Option<Judgement> {
    let own: FxHashSet<&str> = t.terms.iter().map(|x| x.stem.as_str()).collect();
    let known = |stem: &str| {
        story.draft_df.get(stem).copied().unwrap_or(0) > usize::from(own.contains(stem))
            || cx.sources.vocabulary.contains_key(stem)
            || story.heading_terms.contains(stem)
    };
    let mut total = 0.0f32;
    let mut foreign = 0.0f32;
    let mut foreign_terms: BTreeMap<String, (f32, usize)> = BTreeMap::new();
    let mut propers: HashSet<&str> = HashSet::new();
    let mut foreign_propers: HashSet<&str> = HashSet::new();
    for term in t.terms.iter() {
        // People move between stories; places, institutions and subjects don't.
        // Known people's names weigh little and are not counted as names here.
        let word = word_at(cx, i, &term.range);
        let person = term.proper && story.is_person.get(word).copied().unwrap_or(false);
        let w = term.weight
            * if person {
                0.3
            } else if term.proper {
                1.5
            } else {
                1.0
            };
        total += w;
        if person {
            if !known(&term.stem) {
                foreign += w;
            }
            continue;
        }
        if term.proper {
            propers.insert(&term.stem);
        }
        if !known(&term.stem) {
            foreign += w;
            if term.proper {
                foreign_propers.insert(&term.stem);
            }
            let e = foreign_terms
                .entry(word.to_string())
                .or_insert((0.0, term.range.start));
            e.0 += w;
        }
    }
    if total <= 0.0 {
        return None;
    }
    let ratio = foreign / total;
    let proper_ratio = if propers.is_empty() {
        0.0
    } else {
        foreign_propers.len() as f32 / propers.len() as f32
    };
    // Share of foreign content, plus a bonus for foreign names (places, institutions).
    // (one or two unfamiliar names are colour; three or more are another story).
    let score = ratio + 0.3 * proper_ratio * (foreign_propers.len() as f32 / 3.0).min(1.0);
    let has_sources = !cx.sources.is_empty();
    let (min_score, min_propers) = if has_sources { (0.77, 2) } else { (0.9, 3) };
    if score < min_score || foreign_propers.len() < min_propers {
        return None;
    }
    let mut top: Vec<(String, f32, usize)> = foreign_terms
        .into_iter()
        .map(|(w, (s, at))| (w, s, at))
        .collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    Some(Judgement {
        ratio,
        foreign_propers: foreign_propers.len(),
        propers: propers.len(),
        words: top.into_iter().take(8).map(|(w, _, _)| w).collect(),
        has_sources,
    })
}

/// The finding on paragraph `i`, with a fix that deletes it and the blank line that
/// separates it from the next (or, for the last paragraph, the one before it).
fn diagnostic(cx: &Context, i: usize, j: &Judgement, severity: Severity) -> Diagnostic {
    let doc = cx.doc;
    let p = &doc.paragraphs[i];
    let against = if j.has_sources {
        "the rest of the draft and the sources"
    } else {
        "the rest of the draft"
    };
    let msg = format!(
        "paragraph looks off-topic: {:.0}% of its content and {} of its {} names are foreign to {against} ({})",
        j.ratio * 100.0,
        j.foreign_propers,
        j.propers,
        j.words.join(", ")
    );
    let mut d = Diagnostic::new(ID, severity, p.range.clone(), msg);
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
    use crate::rules::fixture::{assert_count, check_with_sources};

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
    fn a_pasted_paragraph_from_another_story() {
        let draft = format!(
            "{HARVEST}«The Bundesliga club sacked its goalkeeper coach after a derby defeat in \
             Dortmund, the striker told a stadium podcast, adding that the referee and the \
             penalty shootout had decided the championship.»\n\n{CELLARS}"
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
    fn too_little_story_to_judge() {
        let draft = format!("{HARVEST}Share This Article\n");
        assert_count(super::ID, &draft, "2025-09-01", 0);
    }
}
