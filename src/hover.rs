//! Source comparison: what the knowledge base and the sources say about the title or
//! person under the cursor. Engine-level (Markdown text, byte ranges); the language server
//! only converts positions.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::extract::{NameMention, TitleMention};
use crate::facts::Sentences;
use crate::facts::{Names, Titles};
use crate::kb::{PersonId, alias_key, query};
use crate::rules::Context;
use crate::sources::short_name;
use crate::text::translit_key;
use crate::topic::content_terms;

/// Hover text for the byte `offset` of the draft: the findings there, who held the title
/// on the article's date, what the sources call the person and how they spell the name,
/// and the closest source sentences. `None` when there is nothing to say.
pub fn hover(
    cx: &Context,
    diagnostics: &[Diagnostic],
    offset: usize,
) -> Option<(Range<usize>, String)> {
    let doc = cx.doc;
    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<Range<usize>> = None;
    finding_parts(diagnostics, offset, &mut parts, &mut range);
    let titles = cx.titles();
    let title = titles
        .iter()
        .find(|m| m.range.start <= offset && offset <= m.range.end);
    let name = title.map(|m| m.name.clone()).or_else(|| {
        cx.names()
            .iter()
            .find(|n| n.range.start <= offset && offset <= n.range.end)
            .cloned()
    });
    if let Some(m) = title {
        range.get_or_insert(m.range.clone());
        parts.extend(title_holders(cx, m));
    }
    if let Some(n) = &name {
        range.get_or_insert(n.range.clone());
        parts.extend(person_offices(cx, n));
        parts.extend(source_titles(cx, n));
        parts.extend(source_spellings(cx, n));
    }
    rule_hovers(cx, offset, &mut parts, &mut range);
    if parts.is_empty() {
        return None;
    }
    let about = About {
        person: name.as_ref().and_then(|n| cx.person(&n.text)),
        surname: name
            .as_ref()
            .map(|n| translit_key(n.surname(&doc.text)))
            .filter(|k| !k.is_empty()),
        title: title.map(|m| alias_key(m.alias(&doc.text))),
    };
    if let Some(close) = sentences_about(cx, &about, offset, 2)
        && !close.is_empty()
    {
        parts.push(format!(
            "**Closest source sentences**\n{}",
            close.join("\n")
        ));
    }
    Some((range.unwrap_or(offset..offset), parts.join("\n\n")))
}

/// The findings at `offset` (not those that flag whole paragraphs).
fn finding_parts(
    diagnostics: &[Diagnostic],
    offset: usize,
    parts: &mut Vec<String>,
    range: &mut Option<Range<usize>>,
) {
    for d in diagnostics.iter().filter(|d| {
        d.range.start <= offset
            && offset <= d.range.end
            && !crate::rules::by_id(d.rule).is_some_and(|r| r.whole_paragraphs())
    }) {
        parts.push(format!("**{}** — {}", d.rule, d.message));
        range.get_or_insert(d.range.clone());
    }
}

/// Who held the title on the article's date (knowledge base), at most three offices.
fn title_holders(cx: &Context, m: &TitleMention) -> Option<String> {
    let kb = cx.kb;
    let alias = m.alias(&cx.doc.text);
    let lines: Vec<String> = title_answers(cx, m)
        .iter()
        .filter(|a| !a.holders.is_empty())
        .take(3)
        .map(|a| {
            let o = &kb.offices[a.office];
            let hs: Vec<String> = a
                .holders
                .iter()
                .map(|(p, i)| {
                    let t = &o.terms[*i];
                    format!(
                        "{}{} ({})",
                        kb.persons[*p].name,
                        if t.acting { ", acting" } else { "" },
                        t.span_text()
                    )
                })
                .collect();
            format!("- {}: {}", kb.office_label(a.office), hs.join(", "))
        })
        .collect();
    (!lines.is_empty()).then(|| {
        format!(
            "**'{alias}' on {}** (knowledge base)\n{}",
            cx.date,
            lines.join("\n")
        )
    })
}

/// The offices the title names on the article's date; when several countries use it,
/// the ones of countries the person has served (if any).
fn title_answers(cx: &Context, m: &TitleMention) -> Vec<query::Who> {
    let kb = cx.kb;
    let country = match &m.qualifier {
        Some(crate::extract::Qualifier::Country(c)) => Some(c.as_str()),
        _ => None,
    };
    let answers = query::who(kb, m.alias(&cx.doc.text), country, cx.date);
    if answers.len() > 1
        && let Some(p) = cx.person(&m.name.text)
    {
        let theirs: Vec<&str> = kb
            .terms_of(p)
            .iter()
            .map(|&(o, _)| kb.offices[o].country.as_str())
            .collect();
        let kept: Vec<query::Who> = answers
            .iter()
            .filter(|a| theirs.contains(&kb.offices[a.office].country.as_str()))
            .cloned()
            .collect();
        if !kept.is_empty() {
            return kept;
        }
    }
    answers
}

/// The person's latest three offices (knowledge base).
fn person_offices(cx: &Context, n: &NameMention) -> Option<String> {
    let kb = cx.kb;
    let p = cx.person(&n.text)?;
    let mut terms: Vec<(usize, usize)> = kb.terms_of(p).to_vec();
    terms.sort_by_key(|&(o, t)| std::cmp::Reverse(kb.offices[o].terms[t].start));
    let lines: Vec<String> = terms
        .iter()
        .take(3)
        .map(|&(o, t)| {
            format!(
                "- {} ({})",
                kb.office_label(o),
                kb.offices[o].terms[t].span_text()
            )
        })
        .collect();
    (!lines.is_empty()).then(|| {
        format!(
            "**{}** (knowledge base)\n{}",
            kb.persons[p].name,
            lines.join("\n")
        )
    })
}

/// What the sources call the person: each title with the sources that use it.
fn source_titles(cx: &Context, n: &NameMention) -> Option<String> {
    let attributions = cx.sources.attributions_of(&n.text);
    if attributions.is_empty() {
        return None;
    }
    let mut by_title: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in &attributions {
        let f = short_name(&cx.sources.sources[a.source].name);
        let v = by_title.entry(a.title.as_str()).or_default();
        if !v.contains(&f) {
            v.push(f);
        }
    }
    let said: Vec<String> = by_title
        .iter()
        .map(|(t, f)| format!("'{t} {}' ({})", n.text, f.join(", ")))
        .collect();
    Some(format!("**Sources call them** {}", said.join(", ")))
}

/// How the sources spell the surname, when they differ from the draft or among themselves.
fn source_spellings(cx: &Context, n: &NameMention) -> Option<String> {
    let surname = n.surname(&cx.doc.text);
    let spell = cx.sources.spellings_of(surname);
    if spell.len() > 1 || spell.first().is_some_and(|(s, _, _)| s != surname) {
        let s: Vec<String> = spell
            .iter()
            .take(4)
            .map(|(s, c, f)| format!("{s} {c}× ({})", f.join(", ")))
            .collect();
        return Some(format!("**Spellings in the sources:** {}", s.join(", ")));
    }
    None
}

/// What each rule has to say about the text under the cursor ([`crate::rules::Rule::hover`]:
/// a quotation's source passage, what a date resolves to, …).
fn rule_hovers(
    cx: &Context,
    offset: usize,
    parts: &mut Vec<String>,
    range: &mut Option<Range<usize>>,
) {
    for rule in crate::rules::all() {
        if !cx.settings.rule(rule.id()).enabled {
            continue;
        }
        if let Some((r, text)) = rule.hover(cx, offset) {
            range.get_or_insert(r);
            parts.push(text);
        }
    }
}

/// Who or what the hover is about: the person under the cursor (resolved in the KB, else
/// by surname) and the title.
pub struct About {
    pub person: Option<PersonId>,
    pub surname: Option<String>,
    pub title: Option<String>,
}

impl About {
    /// 2 for a sentence naming the same person, +1 for the same title, 0 for neither.
    fn score(
        &self,
        cx: &Context,
        names: &[&NameMention],
        titles: &[&TitleMention],
        src: &str,
    ) -> u8 {
        let same_person = |n: &NameMention| match self.person {
            Some(p) => cx.person(&n.text) == Some(p),
            None => self
                .surname
                .as_ref()
                .is_some_and(|k| *k == translit_key(n.surname(src))),
        };
        let person =
            names.iter().any(|n| same_person(n)) || titles.iter().any(|t| same_person(&t.name));
        let title = self
            .title
            .as_ref()
            .is_some_and(|k| titles.iter().any(|t| alias_key(t.alias(src)) == *k));
        2 * u8::from(person) + u8::from(title)
    }
}

/// The source sentences about the same person or title as the hover (person resolution,
/// not shared words): the same person and title first, then the same person, then the same
/// title; among equals, the one sharing the most content terms with the draft sentence.
pub fn sentences_about(
    cx: &Context,
    about: &About,
    offset: usize,
    n: usize,
) -> Option<Vec<String>> {
    if about.person.is_none() && about.surname.is_none() && about.title.is_none() {
        return None;
    }
    let doc = cx.doc;
    let i = doc
        .paragraphs
        .iter()
        .position(|p| p.range.start <= offset && offset <= p.range.end)?;
    let mine: HashSet<String> = cx
        .facts_abs::<Sentences>(i)
        .into_iter()
        .find(|s| s.start <= offset && offset <= s.end)
        .map(|s| {
            content_terms(&doc.prose, s)
                .terms
                .into_iter()
                .map(|t| t.stem().to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut scored: Vec<((u8, f32), String)> = Vec::new();
    for (si, src) in cx.sources.sources.iter().enumerate() {
        for (pi, sp) in src.doc.paragraphs.iter().enumerate() {
            let names = cx.source_facts::<Names>(si, pi);
            let titles = cx.source_facts::<Titles>(si, pi);
            let text = &src.doc.text[sp.range.clone()];
            for ss in cx.source_facts::<Sentences>(si, pi).iter() {
                let inside = |r: &Range<usize>| ss.start <= r.start && r.end <= ss.end;
                let ns: Vec<&NameMention> = names.iter().filter(|m| inside(&m.range)).collect();
                let ts: Vec<&TitleMention> = titles.iter().filter(|m| inside(&m.range)).collect();
                let rank = about.score(cx, &ns, &ts, text);
                if rank == 0 {
                    continue;
                }
                let abs = ss.start + sp.range.start..ss.end + sp.range.start;
                let terms = content_terms(&src.doc.prose, abs.clone()).terms;
                let theirs: HashSet<&str> = terms.iter().map(|t| t.stem()).collect();
                let shared = mine.iter().filter(|t| theirs.contains(t.as_str())).count();
                let overlap = shared as f32 / ((mine.len() + theirs.len()).max(1) as f32).sqrt();
                scored.push(((rank, overlap), quote(&src.doc.text[abs], &src.name)));
            }
        }
    }
    scored.sort_by(|a, b| b.0.0.cmp(&a.0.0).then(b.0.1.total_cmp(&a.0.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    Some(scored.into_iter().take(n).map(|(_, t)| t).collect())
}

/// "> sentence (file)", whitespace collapsed, cut at 200 characters.
fn quote(sentence: &str, file: &str) -> String {
    let text: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text
    };
    format!("> {text} ({})", short_name(file))
}
