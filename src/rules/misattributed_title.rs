#![doc = include_str!("../../docs/rules/misattributed-title.md")]

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Evidence, Fix, FixKind, Severity};
use crate::extract::{Qualifier, TitleMention};
use crate::facts::Countries;
use crate::kb::{Kb, OfficeId, PersonId, Term, alias_key};
use crate::sources::{Attribution, short_name};
use crate::text::translit_key;

mod roles;
mod when;

pub struct MisattributedTitle;

pub const ID: &str = super::ids::MISATTRIBUTED_TITLE;

impl Rule for MisattributedTitle {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Error
    }
    fn summary(&self) -> &'static str {
        "a title attached to a person contradicts the knowledge base or the sources"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/misattributed-title.md")
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let story = story_countries(cx);
        for m in cx.titles().iter() {
            if m.modifiers.other_office || dated_elsewhere(cx, m) {
                continue;
            }
            // A sentence with its own (earlier) date is judged at that date.
            let sentence = sentence_of(cx, m.range.start).unwrap_or_default();
            let date = when::sentence_date(&sentence, cx.date).unwrap_or(cx.date);
            if m.modifiers.historical {
                if m.modifiers.former
                    && date == cx.date
                    && let Some(d) = stale_former(cx, m, &sentence)
                {
                    out.push(d);
                }
                continue;
            }
            match kb_verdict(cx, m, &story, date, &sentence) {
                Verdict::Confirmed => {}
                // The KB may not know a new holder yet: when it has no record of the person
                // at all and the sources give them this title, the sources win.
                Verdict::Wrong(w) if !known_person(cx, w.person) && sources_confirm(cx, m) => {}
                Verdict::Wrong(w) => {
                    out.push(kb_diagnostic(cx, m, &w, date, self.default_severity()));
                }
                Verdict::Unknown => {
                    if let Some(d) = source_diagnostic(cx, m) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// Does the KB hold any office record for this person?
fn known_person(cx: &Context, p: Option<PersonId>) -> bool {
    p.is_some_and(|p| !cx.kb.terms_of(p).is_empty())
}

/// Do the sources call this person by a compatible title (same country, if both say one)?
fn sources_confirm(cx: &Context, m: &TitleMention) -> bool {
    let role = alias_key(m.alias(&cx.doc.text));
    cx.sources.attributions_of(&m.name.text).iter().any(|a| {
        let same_country = match (&m.qualifier, &a.qualifier) {
            (Some(Qualifier::Country(x)), Some(Qualifier::Country(y))) => x == y,
            _ => true,
        };
        same_country && compatible(cx.kb, &role, &a.role)
    })
}

/// The sentence of the draft that holds a byte offset.
fn sentence_of(cx: &Context, at: usize) -> Option<String> {
    let s = cx.sentence_at(at)?;
    Some(cx.doc.prose[s].to_string())
}

/// A sentence that dates itself to another year ("In 2019, Defense Secretary Mark Esper")
/// is a historical claim the article date cannot check.
fn dated_elsewhere(cx: &Context, m: &TitleMention) -> bool {
    let Some(s) = cx.sentence_at(m.range.start) else {
        return false;
    };
    let re = year_re();
    let year = cx.date.year();
    re.find_iter(&cx.doc.prose[s])
        .filter_map(|y| y.as_str().parse::<i32>().ok())
        .any(|y| y < year)
}

fn year_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?-u:\b)(19[5-9]\d|20\d\d)(?-u:\b)").expect("static regex"))
}

struct Wrong {
    office: OfficeId,
    holders: Vec<(PersonId, Term)>,
    person: Option<PersonId>,
}

enum Verdict {
    Confirmed,
    Wrong(Wrong),
    Unknown,
}

fn qualifier_country(
    cx: &Context,
    m: &TitleMention,
    date: NaiveDate,
) -> Result<Option<String>, ()> {
    match &m.qualifier {
        None => Ok(None),
        Some(Qualifier::Country(c)) => Ok(Some(c.clone())),
        Some(Qualifier::Unknown(_)) => Err(()),
        Some(Qualifier::Person(p)) => {
            let pid = cx.person(p).ok_or(())?;
            let held = cx.kb.offices_held(pid, date);
            held.first()
                .map(|(o, _)| Some(cx.kb.offices[*o].country.clone()))
                .ok_or(())
        }
    }
}

/// How often each country or organisation figures in the draft: its names and adjectives,
/// and the offices held on the article date by the people the draft names with a title.
fn story_countries(cx: &Context) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in cx.all::<Countries>().iter() {
        *counts.entry(c.clone()).or_default() += 1;
    }
    for m in cx.titles().iter() {
        if let Some(p) = cx.person(&m.name.text) {
            for (o, _) in cx.kb.offices_held(p, cx.date) {
                *counts.entry(cx.kb.offices[o].country.clone()).or_default() += 1;
            }
        }
    }
    counts
}

/// Does the person hold, on the date, an office whose title or an alias contains these
/// title words ("President" in "President of the European Commission")?
fn holds_containing(
    cx: &Context,
    p: PersonId,
    alias: &str,
    date: NaiveDate,
    country: Option<&str>,
) -> bool {
    let key = format!(" {} ", alias_key(alias));
    cx.kb.offices_held(p, date).iter().any(|(o, _)| {
        let o = &cx.kb.offices[*o];
        if country.is_some_and(|c| c != o.country) {
            return false;
        }
        std::iter::once(&o.title)
            .chain(&o.aliases)
            .any(|a| format!(" {} ", alias_key(a)).contains(&key))
    })
}

fn kb_verdict(
    cx: &Context,
    m: &TitleMention,
    story: &HashMap<String, usize>,
    date: NaiveDate,
    sentence: &str,
) -> Verdict {
    let kb = cx.kb;
    let alias = m.alias(&cx.doc.text);
    let person = cx.person(&m.name.text);
    // A bare "Secretary" / "Minister" is right for anyone holding such a post.
    if let Some(p) = person
        && GENERIC_WORDS.contains(&alias_key(alias).as_str())
    {
        let country = qualifier_country(cx, m, date).ok().flatten();
        if holds_containing(cx, p, alias, date, country.as_deref()) {
            return Verdict::Confirmed;
        }
    }
    let all: Vec<OfficeId> = kb.offices_titled(alias).to_vec();
    if all.is_empty() {
        return Verdict::Unknown;
    }
    // A term that ends on the date still covers it: the outgoing holder held the office
    // until the next one took over that day.
    let holds = |p: PersonId, offices: &[OfficeId]| {
        kb.terms_of(p).iter().any(|&(o, t)| {
            let term = &kb.offices[o].terms[t];
            offices.contains(&o) && (term.covers(date) || term.end == Some(date))
        })
    };
    let country = match qualifier_country(cx, m, date) {
        Ok(c) => c,
        Err(()) => {
            // An institution we cannot resolve: only a confirmation is possible.
            return match person {
                Some(p) if holds(p, &all) => Verdict::Confirmed,
                _ => Verdict::Unknown,
            };
        }
    };
    let candidates: Vec<OfficeId> = match &country {
        Some(c) => all
            .iter()
            .copied()
            .filter(|&o| &kb.offices[o].country == c)
            .collect(),
        None => all.clone(),
    };
    if candidates.is_empty() {
        return Verdict::Unknown;
    }
    if let Some(p) = person
        && (holds(p, &candidates)
            || (country.is_none() && holds_containing(cx, p, alias, date, None))
            || handover(cx, m, p, &candidates, date, sentence))
    {
        return Verdict::Confirmed;
    }
    // Which office is meant.
    let office = if country.is_some() {
        candidates.iter().copied().find(|&o| kb.offices[o].single)
    } else {
        let own: Vec<OfficeId> = person
            .map(|p| {
                candidates
                    .iter()
                    .copied()
                    .filter(|&o| kb.terms_of(p).iter().any(|&(x, _)| x == o))
                    .collect()
            })
            .unwrap_or_default();
        if !own.is_empty() {
            own.into_iter().find(|&o| kb.offices[o].single)
        } else {
            let mut countries: Vec<&str> = candidates
                .iter()
                .map(|&o| kb.offices[o].country.as_str())
                .collect();
            countries.sort();
            countries.dedup();
            // A title specific to one country ("Secretary of Defense") identifies the
            // office; one shared by a few countries is the story's country's if the story
            // clearly has one; a generic one ("President") without a qualifier does not.
            // The person's own country (from any office they held) decides first.
            let theirs: Vec<&str> = person
                .map(|p| {
                    countries
                        .iter()
                        .copied()
                        .filter(|c| {
                            kb.terms_of(p)
                                .iter()
                                .any(|&(o, _)| kb.offices[o].country == *c)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let chosen = match (countries.as_slice(), theirs.as_slice()) {
                ([one], _) => Some(*one),
                (few, [own]) if few.len() <= 3 => Some(*own),
                (few, _) if few.len() <= 3 => {
                    let mut ranked: Vec<(usize, &str)> = few
                        .iter()
                        .map(|c| (story.get(*c).copied().unwrap_or(0), *c))
                        .collect();
                    ranked.sort_by(|a, b| b.cmp(a));
                    (ranked[0].0 > 0 && ranked[0].0 >= 2 * ranked[1].0).then_some(ranked[0].1)
                }
                _ => None,
            };
            match chosen {
                Some(c) if person.is_some() => candidates
                    .iter()
                    .copied()
                    .find(|&o| kb.offices[o].single && kb.offices[o].country == c),
                _ => None,
            }
        }
    };
    let Some(office) = office else {
        return Verdict::Unknown;
    };
    let holders: Vec<(PersonId, Term)> = kb.offices[office]
        .holders_at(date)
        .map(|t| (t.person, t.clone()))
        .collect();
    if holders.is_empty() {
        return Verdict::Unknown;
    }
    // An unknown name spelled like the holder's surname is the holder.
    let surname_key = translit_key(m.name.surname(&cx.doc.text));
    if person.is_none()
        && holders.iter().any(|(h, _)| {
            translit_key(kb.persons[*h].surname()) == surname_key
                || short_form_of(kb, *h, &m.name.text)
        })
    {
        return Verdict::Confirmed;
    }
    if person.is_none() && m.name.words.len() < 2 {
        return Verdict::Unknown;
    }
    Verdict::Wrong(Wrong {
        office,
        holders,
        person,
    })
}

/// Words that put a "former" title in the person's earlier term ("in his first term").
const EARLIER_TERM: &[&str] = &[
    "first term",
    "previous",
    "earlier",
    "before",
    "once",
    "twice",
    "again",
    "return",
    "returned",
    "returning",
    "comeback",
    "re-elect",
    "re-elected",
    "reelected",
    "second term",
    "third term",
    "then",
];

/// "former President X" on a day X holds the office (well past the handover): the
/// "former" is wrong.
fn stale_former(cx: &Context, m: &TitleMention, sentence: &str) -> Option<Diagnostic> {
    let kb = cx.kb;
    let p = cx.person(&m.name.text)?;
    let plain: String = sentence
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words = format!(
        " {} ",
        plain
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    if EARLIER_TERM
        .iter()
        .any(|w| words.contains(&format!(" {w} ")) || words.contains(&format!(" {w}ed ")))
    {
        return None;
    }
    let country = qualifier_country(cx, m, cx.date).ok()?;
    let offices = kb.offices_titled(m.alias(&cx.doc.text));
    let (o, term) = kb.offices_held(p, cx.date).into_iter().find(|(o, t)| {
        offices.contains(o)
            && country
                .as_ref()
                .is_none_or(|c| &kb.offices[*o].country == c)
            && !t.acting
            && (cx.date - t.start).num_days() > when::CHANGE_WINDOW_DAYS
    })?;
    let msg = format!(
        "'former' is wrong on {}: {} is {} ({}) [knowledge base]",
        cx.date,
        kb.persons[p].name,
        kb.office_label(o),
        term.span_text()
    );
    let mut d = Diagnostic::new(ID, Severity::Warning, m.range.clone(), msg);
    d.evidence.push(Evidence::Kb {
        office: kb.offices[o].id.clone(),
        note: format!(
            "{}: {} {}",
            kb.office_label(o),
            kb.persons[p].name,
            term.span_text()
        ),
        source: term.source.clone(),
    });
    let written = &cx.doc.text[m.range.clone()];
    if let Some(cut) = ["former ", "Former ", "ex-", "Ex-"]
        .iter()
        .find(|f| written.starts_with(**f))
        .map(|f| f.len())
    {
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            "Remove 'former'",
            m.range.start..m.range.start + cut,
            "",
        ));
    }
    Some(d)
}

/// Is `name` a run of two or more consecutive words of the person's name or a variant
/// ("Bin Zayed" in "Abdullah bin Zayed Al Nahyan": the usual short form of Arabic names)?
fn short_form_of(kb: &Kb, p: PersonId, name: &str) -> bool {
    let want: Vec<String> = name.split_whitespace().map(translit_key).collect();
    if want.len() < 2 {
        return false;
    }
    let person = &kb.persons[p];
    std::iter::once(&person.name)
        .chain(&person.variants)
        .any(|full| {
            let words: Vec<String> = full.split_whitespace().map(translit_key).collect();
            words.windows(want.len()).any(|w| w == want.as_slice())
        })
}

/// The day an office changes hands: the person held the office until a few days ago and
/// either the sentence reports the change itself or the story's sources call them by the
/// title too.
fn handover(
    cx: &Context,
    m: &TitleMention,
    p: PersonId,
    offices: &[OfficeId],
    date: NaiveDate,
    sentence: &str,
) -> bool {
    (when::reports_change(sentence)
        && when::held_until_recently(cx.kb, p, offices, date, when::CHANGE_WINDOW_DAYS))
        || (when::held_until_recently(cx.kb, p, offices, date, when::SOURCES_WINDOW_DAYS)
            && sources_confirm(cx, m))
}

fn country_adjective(kb: &Kb, code: &str) -> Option<String> {
    kb.country(code).and_then(|c| {
        c.adjectives
            .first()
            .cloned()
            .or_else(|| c.names.first().cloned())
    })
}

fn kb_diagnostic(
    cx: &Context,
    m: &TitleMention,
    w: &Wrong,
    date: NaiveDate,
    severity: Severity,
) -> Diagnostic {
    let kb = cx.kb;
    let doc = &cx.doc.text;
    let written = &doc[m.title_range.clone()];
    let holders = w
        .holders
        .iter()
        .map(|(p, t)| {
            format!(
                "{} ({}{})",
                kb.persons[*p].name,
                if t.acting { "acting, " } else { "" },
                t.span_text()
            )
        })
        .collect::<Vec<_>>()
        .join(" and ");
    let mut msg = format!(
        "{} on {} was {holders}, not {}",
        kb.office_label(w.office),
        date,
        m.name.text
    );
    let mut title_fix: Option<String> = None;
    if let Some(p) = w.person {
        let r = roles::roles(kb, p, date);
        msg.push_str(&r.message);
        title_fix = r.office.map(|(o, current)| {
            let title = &kb.offices[o].title;
            match current {
                roles::Current::Holds => match &m.qualifier {
                    Some(Qualifier::Country(_)) => {
                        match country_adjective(kb, &kb.offices[o].country) {
                            Some(adj) => format!("{adj} {title}"),
                            None => title.clone(),
                        }
                    }
                    _ => title.clone(),
                },
                roles::Current::Acting => format!("acting {title}"),
                roles::Current::Former => format!("former {title}"),
            }
        });
    }
    // Freshness: an open-ended record only says who held the office up to the KB's date.
    // The fact leads, the caveat ends the message (an editor's inline text shows the start).
    let mut severity = severity;
    let mut caveat = None;
    if let Some(as_of) = kb.as_of
        && date > as_of
        && w.holders.iter().any(|(_, t)| t.end.is_none())
    {
        caveat = Some(format!(
            "; possibly outdated: the knowledge base is current as of {as_of} and the article is dated {date}, so the office may have changed hands since"
        ));
        severity = severity.min(Severity::Warning);
    }
    let attributions = cx.sources.attributions_of(&m.name.text);
    if let Some(s) = sources_say(cx, &attributions) {
        msg.push_str(&format!("; sources call {} {s}", m.name.text));
    }
    msg.push_str(caveat.as_deref().unwrap_or_default());
    msg.push_str(" [knowledge base]");
    let mut d = Diagnostic::new(ID, severity, m.range.clone(), msg);
    for (h, t) in &w.holders {
        d.evidence.push(Evidence::Kb {
            office: kb.offices[w.office].id.clone(),
            note: format!(
                "{}: {} {}",
                kb.office_label(w.office),
                kb.persons[*h].name,
                t.span_text()
            ),
            source: t.source.clone(),
        });
    }
    if let Some((h, _)) = w.holders.first() {
        let holder = &kb.persons[*h].name;
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Replace '{}' with '{holder}'", m.name.text),
            m.name.range.clone(),
            holder.clone(),
        ));
    }
    if let Some(t) = title_fix
        && t != written
    {
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Replace '{written}' with '{t}'"),
            m.title_range.clone(),
            t,
        ));
    }
    add_source_evidence(cx, &attributions, &mut d);
    d
}

/// "'Kremlin aide Yuri Ushakov' (001), 'Putin’s adviser' (004)".
fn sources_say(cx: &Context, attributions: &[&Attribution]) -> Option<String> {
    if attributions.is_empty() {
        return None;
    }
    let mut by_title: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in attributions {
        let files = by_title.entry(a.title.clone()).or_default();
        let n = short_name(&cx.sources.sources[a.source].name);
        if !files.contains(&n) {
            files.push(n);
        }
    }
    Some(
        by_title
            .iter()
            .map(|(t, f)| format!("'{t}' ({})", f.join(", ")))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn add_source_evidence(cx: &Context, attributions: &[&Attribution], d: &mut Diagnostic) {
    for a in attributions.iter().take(3) {
        d.evidence.push(Evidence::Source {
            file: cx.sources.source_path(a.source).display().to_string(),
            line: a.line,
            text: a.phrase.clone(),
        });
    }
}

/// Role class for comparing titles across wordings.
fn role_class(role: &str) -> String {
    let last = role.rsplit(' ').next().unwrap_or(role);
    match last {
        "aide" | "adviser" | "assistant" | "counsellor" | "counselor" => "aide".into(),
        "spokesperson" => "spokesperson".into(),
        "secretary" if role.contains("press") => "spokesperson".into(),
        "envoy" | "ambassador" | "negotiator" | "representative" => "envoy".into(),
        _ => role.to_string(),
    }
}

/// One-word titles that say only the kind of post: "Minister", "Secretary", "official".
const GENERIC_WORDS: &[&str] = &[
    "minister",
    "secretary",
    "official",
    "chief",
    "head",
    "leader",
    "adviser",
    "advisor",
    "aide",
    "envoy",
    "diplomat",
    "representative",
    "commissioner",
    "director",
];

/// Words that make a title another office than the bare word ("Vice President" is not a
/// "President", "Deputy Minister" is not a "Minister" of the same rank).
const OTHER_RANK: &[&str] = &[
    "vice",
    "deputy",
    "assistant",
    "under",
    "junior",
    "shadow",
    "former",
    "ex",
    "acting",
    "interim",
    "associate",
    "co",
];

/// Is `generic` a bare kind-of-post word compatible with the specific title `specific`
/// ("secretary" with "treasury secretary", "minister" with "foreign minister")?
fn generic_fits(generic: &str, specific: &str) -> bool {
    if !GENERIC_WORDS.contains(&generic) {
        return false;
    }
    let words: Vec<&str> = specific.split([' ', '-']).collect();
    let kind = |w: &str| {
        w == generic
            || (["adviser", "advisor"].contains(&w) && ["adviser", "advisor"].contains(&generic))
            || generic == "official"
    };
    words.iter().any(|w| kind(w)) && !words.iter().any(|w| OTHER_RANK.contains(w))
}

fn compatible(kb: &Kb, a: &str, b: &str) -> bool {
    if a == b || role_class(a) == role_class(b) || generic_fits(a, b) {
        return true;
    }
    let oa = kb.offices_titled(a);
    let ob = kb.offices_titled(b);
    oa.iter().any(|o| ob.contains(o))
}

fn source_diagnostic(cx: &Context, m: &TitleMention) -> Option<Diagnostic> {
    if m.name.words.len() < 2 && cx.sources.attributions_of(&m.name.text).is_empty() {
        return None;
    }
    let attributions = cx.sources.attributions_of(&m.name.text);
    if attributions.is_empty() {
        return None;
    }
    let role = alias_key(m.alias(&cx.doc.text));
    if attributions
        .iter()
        .any(|a| compatible(cx.kb, &role, &a.role))
    {
        return None;
    }
    // "Deputy Prime Minister Ishaq Dar, who is also foreign minister": the draft itself
    // gives the sources' role too; the person holds both.
    if let Some(sentence) = sentence_of(cx, m.range.start) {
        let plain: String = sentence
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let words = format!(" {} ", alias_key(&plain));
        if attributions
            .iter()
            .any(|a| words.contains(&format!(" {} ", a.role)))
        {
            return None;
        }
    }
    // The KB may know the person holds this role even though the sources don't say so.
    if let Some(p) = cx.person(&m.name.text) {
        let offices = cx.kb.offices_titled(m.alias(&cx.doc.text));
        if cx.kb.terms_of(p).iter().any(|(o, _)| offices.contains(o)) {
            return None;
        }
    }
    let written = &cx.doc.text[m.title_range.clone()];
    let say = sources_say(cx, &attributions)?;
    let msg = format!(
        "the sources never call {} '{}': they say {say} [sources]",
        m.name.text, written
    );
    let mut d = Diagnostic::new(ID, Severity::Warning, m.range.clone(), msg);
    // Most frequent source title, if it is a plain "TITLE NAME" form.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &attributions {
        *counts.entry(a.title.as_str()).or_default() += 1;
    }
    if let Some((t, _)) = counts.iter().max_by_key(|(_, c)| **c)
        && m.pattern == crate::extract::Pattern::TitleName
        && !t.contains('’')
        && !t.contains('\'')
    {
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Replace '{written}' with '{t}'"),
            m.title_range.clone(),
            t.to_string(),
        ));
    }
    add_source_evidence(cx, &attributions, &mut d);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::generic_fits;
    use crate::rules::fixture::{assert_count, check};

    #[test]
    fn a_title_the_kb_gives_someone_else_on_the_date() {
        check(
            super::ID,
            "«Secretary of Defense John Bolton» met the press on Tuesday in Washington. \
             Secretary of State Marco Rubio spoke too.\n",
            "2025-08-20",
            &[
                "Secretary of Defense (United States) on 2025-08-20 was Pete Hegseth (since \
                 2025-01-25), not John Bolton; John Bolton was National Security Advisor \
                 (United States) 2018-04-09 – 2019-09-10 [knowledge base]",
            ],
        );
    }

    #[test]
    fn historical_titles_are_not_judged_against_the_date() {
        assert_count(
            super::ID,
            "Former National Security Adviser John Bolton criticised the plan.\n",
            "2025-08-20",
            0,
        );
    }

    #[test]
    fn generic_words_fit_specific_titles_of_the_same_rank_only() {
        assert!(generic_fits("secretary", "treasury secretary"));
        assert!(generic_fits("minister", "foreign minister"));
        assert!(generic_fits("adviser", "national security advisor"));
        assert!(!generic_fits("minister", "deputy foreign minister"));
        assert!(!generic_fits("secretary", "assistant secretary of state"));
        assert!(!generic_fits("minister", "senator"));
        // Only bare kind-of-post words are generic.
        assert!(!generic_fits("president", "vice president"));
        assert!(!generic_fits("foreign minister", "prime minister"));
    }
}
