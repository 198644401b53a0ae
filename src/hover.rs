//! Source comparison: what the knowledge base and the sources say about the title or
//! person under the cursor. Engine-level (Markdown text, byte ranges); the language server
//! only converts positions.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::extract::sentences;
use crate::kb::query;
use crate::rules::Context;
use crate::sources::short_name;
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
    let kb = cx.kb;
    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<Range<usize>> = None;
    for d in diagnostics.iter().filter(|d| {
        d.range.start <= offset && offset <= d.range.end && d.rule != "off-topic-paragraph"
    }) {
        parts.push(format!("**{}** — {}", d.rule, d.message));
        range.get_or_insert(d.range.clone());
    }
    let title = cx
        .titles
        .iter()
        .find(|m| m.range.start <= offset && offset <= m.range.end);
    let name = title.map(|m| m.name.clone()).or_else(|| {
        cx.names
            .iter()
            .find(|n| n.range.start <= offset && offset <= n.range.end)
            .cloned()
    });
    if let Some(m) = title {
        range.get_or_insert(m.range.clone());
        let alias = m.alias(&doc.text);
        let country = match &m.qualifier {
            Some(crate::extract::Qualifier::Country(c)) => Some(c.as_str()),
            _ => None,
        };
        let mut answers = query::who(kb, alias, country, cx.date);
        // Several countries use this title: keep the ones the person has served.
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
                answers = kept;
            }
        }
        let mut lines = Vec::new();
        for a in answers.iter().filter(|a| !a.holders.is_empty()).take(3) {
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
            lines.push(format!(
                "- {}: {}",
                kb.office_label(a.office),
                hs.join(", ")
            ));
        }
        if !lines.is_empty() {
            parts.push(format!(
                "**'{alias}' on {}** (knowledge base)\n{}",
                cx.date,
                lines.join("\n")
            ));
        }
    }
    if let Some(n) = &name {
        range.get_or_insert(n.range.clone());
        if let Some(p) = cx.person(&n.text) {
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
            if !lines.is_empty() {
                parts.push(format!(
                    "**{}** (knowledge base)\n{}",
                    kb.persons[p].name,
                    lines.join("\n")
                ));
            }
        }
        let attributions = cx.sources.attributions_of(&n.text);
        if !attributions.is_empty() {
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
            parts.push(format!("**Sources call them** {}", said.join(", ")));
        }
        let surname = n.surname(&doc.text);
        let spell = cx.sources.spellings_of(surname);
        if spell.len() > 1 || spell.first().is_some_and(|(s, _, _)| s != surname) {
            let s: Vec<String> = spell
                .iter()
                .take(4)
                .map(|(s, c, f)| format!("{s} {c}× ({})", f.join(", ")))
                .collect();
            parts.push(format!("**Spellings in the sources:** {}", s.join(", ")));
        }
    }
    number_hover(cx, offset, &mut parts, &mut range);
    if parts.is_empty() {
        return None;
    }
    if let Some(close) = closest_source_sentences(cx, offset, 2)
        && !close.is_empty()
    {
        parts.push(format!(
            "**Closest source sentences**\n{}",
            close.join("\n")
        ));
    }
    Some((range.unwrap_or(offset..offset), parts.join("\n\n")))
}

/// The `number-mismatch` part: the source sentences that give the figure under the cursor.
fn number_hover(
    cx: &Context,
    offset: usize,
    parts: &mut Vec<String>,
    range: &mut Option<Range<usize>>,
) {
    use crate::rules::number_mismatch as nm;
    if !cx.settings.rule(nm::ID).enabled || cx.sources.is_empty() {
        return;
    }
    if let Some((r, text)) = nm::hover(cx, offset) {
        range.get_or_insert(r);
        parts.push(text);
    }
}

/// The source sentences sharing the most content terms with the draft sentence at `offset`.
pub fn closest_source_sentences(cx: &Context, offset: usize, n: usize) -> Option<Vec<String>> {
    let doc = cx.doc;
    let p = doc
        .paragraphs
        .iter()
        .find(|p| p.range.start <= offset && offset <= p.range.end)?;
    let s = sentences(&doc.prose, p.range.clone())
        .into_iter()
        .find(|s| s.start <= offset && offset <= s.end)?;
    let mine: HashSet<String> = content_terms(&doc.prose, s)
        .terms
        .into_iter()
        .map(|t| t.stem)
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut scored: Vec<(f32, String)> = Vec::new();
    for src in &cx.sources.sources {
        for sp in &src.doc.paragraphs {
            for ss in sentences(&src.doc.prose, sp.range.clone()) {
                let terms = content_terms(&src.doc.prose, ss.clone()).terms;
                let theirs: HashSet<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
                let shared = mine.iter().filter(|t| theirs.contains(t.as_str())).count();
                if shared >= 2 {
                    let score = shared as f32 / ((mine.len() + theirs.len()) as f32).sqrt();
                    let text: String = src.doc.text[ss]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let text = if text.chars().count() > 200 {
                        format!("{}…", text.chars().take(200).collect::<String>())
                    } else {
                        text
                    };
                    scored.push((score, format!("> {text} ({})", short_name(&src.name))));
                }
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.dedup_by(|a, b| a.1 == b.1);
    Some(scored.into_iter().take(n).map(|(_, t)| t).collect())
}
