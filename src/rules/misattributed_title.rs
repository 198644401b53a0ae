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
            if m.modifiers.other_office || dated_elsewhere(cx, m) || quoted(cx, m) {
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
                Verdict::OtherCountry(o, p) => {
                    out.extend(country_diagnostic(
                        cx,
                        m,
                        o,
                        p,
                        date,
                        self.default_severity(),
                    ));
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

/// A title inside a direct quotation is the speaker's wording ("I look forward to working
/// with President Nawrocki", said the day after his election): the writer cannot change it,
/// so it is not judged.
fn quoted(cx: &Context, m: &TitleMention) -> bool {
    let Some(i) = cx.paragraph_at(m.range.start) else {
        return false;
    };
    cx.facts_abs::<crate::facts::Quotes>(i).iter().any(|q| {
        q.closed
            && q.parts
                .iter()
                .any(|p| p.start <= m.range.start && m.range.end <= p.end)
    })
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

/// A title the KB gives someone else: the office meant, its holders on the date, and the
/// person named if the KB knows them.
struct Wrong {
    office: OfficeId,
    holders: Vec<(PersonId, Term)>,
    person: Option<PersonId>,
}

/// What the KB says of a title attached to a name.
enum Verdict {
    Confirmed,
    Wrong(Wrong),
    /// The person holds the title on the date, as an office of another country than the
    /// qualifier says ("German Chancellor of the Exchequer Rachel Reeves").
    OtherCountry(OfficeId, PersonId),
    Unknown,
}

/// The country a title's qualifier names: none without a qualifier; for a person's
/// possessive ("Trump's adviser"), the country of the first office the possessor holds on
/// the date. Err when it cannot be resolved: an institution, an unknown possessor or one
/// holding no office then.
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

/// The KB's verdict on "TITLE NAME" at `date`: confirmed when the person holds such an
/// office (or is handing it over), wrong when the office the title means is someone
/// else's, unknown when the KB cannot say which office is meant or who held it.
fn kb_verdict(
    cx: &Context,
    m: &TitleMention,
    story: &HashMap<String, usize>,
    date: NaiveDate,
    sentence: &str,
) -> Verdict {
    let kb = cx.kb;
    let written = m.alias(&cx.doc.text);
    // "the Kremlin's spokesman": an institution's possessive and the title make a title
    // the KB knows ("Kremlin spokesman"), which carries its own country.
    let joined = match &m.qualifier {
        Some(Qualifier::Person(owner)) => {
            Some(format!("{owner} {written}")).filter(|j| !kb.offices_titled(j).is_empty())
        }
        _ => None,
    };
    let alias = joined.as_deref().unwrap_or(written);
    let country_of = || match joined {
        Some(_) => Ok(None),
        None => qualifier_country(cx, m, date),
    };
    let person = cx.person(&m.name.text);
    // A bare "Secretary" / "Minister" is right for anyone holding such a post.
    if let Some(p) = person
        && GENERIC_WORDS.contains(&alias_key(alias).as_str())
    {
        let country = country_of().ok().flatten();
        if holds_containing(cx, p, alias, date, country.as_deref()) {
            return Verdict::Confirmed;
        }
    }
    let all = kb.offices_titled(alias);
    if all.is_empty() {
        return Verdict::Unknown;
    }
    let country = match country_of() {
        Ok(c) => c,
        Err(()) => {
            // An institution we cannot resolve: only a confirmation is possible.
            return match person {
                Some(p) if holds_on(kb, p, all, date) => Verdict::Confirmed,
                _ => Verdict::Unknown,
            };
        }
    };
    let candidates = offices_in(kb, all, country.as_deref());
    if candidates.is_empty() {
        // No office of that title in the qualifier's country, and the person holds it in
        // another one: a country-specific office under the wrong country.
        if let (Some(c), Some(p)) = (country.as_deref(), person)
            && let Some(&o) = all
                .iter()
                .find(|&&o| kb.offices[o].country != c && holds_on(kb, p, &[o], date))
        {
            return Verdict::OtherCountry(o, p);
        }
        return Verdict::Unknown;
    }
    if let Some(p) = person
        && (holds_on(kb, p, &candidates, date)
            || (country.is_none() && holds_containing(cx, p, alias, date, None))
            || handover(cx, m, p, &candidates, date, sentence))
    {
        return Verdict::Confirmed;
    }
    match meant_office(kb, person, &candidates, country.is_some(), story) {
        Some(office) => holder_verdict(cx, m, person, office, date),
        None => Verdict::Unknown,
    }
}

/// Does the person hold one of `offices` on the date? A term that ends on the date still
/// covers it: the outgoing holder held the office until the next one took over that day.
fn holds_on(kb: &Kb, p: PersonId, offices: &[OfficeId], date: NaiveDate) -> bool {
    kb.terms_of(p).iter().any(|&(o, t)| {
        let term = &kb.offices[o].terms[t];
        offices.contains(&o) && (term.covers(date) || term.end == Some(date))
    })
}

/// The offices of `all` in the qualifier's country; all of them when there is none.
fn offices_in(kb: &Kb, all: &[OfficeId], country: Option<&str>) -> Vec<OfficeId> {
    all.iter()
        .copied()
        .filter(|&o| country.is_none_or(|c| kb.offices[o].country == c))
        .collect()
}

/// Which single-holder office of `candidates` (offices with the title, in the qualifier's
/// country if any) the title means. Qualified by a country: the first such office. Else,
/// only for a person the KB knows: the first of the offices they ever held, if they held
/// any of the candidates; failing that, the one in the country [`office_country`] picks.
fn meant_office(
    kb: &Kb,
    person: Option<PersonId>,
    candidates: &[OfficeId],
    qualified: bool,
    story: &HashMap<String, usize>,
) -> Option<OfficeId> {
    let single = |o: &OfficeId| kb.offices[*o].single;
    if qualified {
        return candidates.iter().copied().find(single);
    }
    let p = person?;
    let own: Vec<OfficeId> = candidates
        .iter()
        .copied()
        .filter(|&o| kb.terms_of(p).iter().any(|&(x, _)| x == o))
        .collect();
    if !own.is_empty() {
        return own.into_iter().find(single);
    }
    let c = office_country(kb, p, candidates, story)?;
    candidates
        .iter()
        .copied()
        .find(|o| single(o) && kb.offices[*o].country == c)
}

/// The country of the office an unqualified title means, for person `p` who held none of
/// the `candidates`: [`choose_country`] among the candidates' countries, with the
/// countries where `p` held any office as theirs.
fn office_country<'k>(
    kb: &'k Kb,
    p: PersonId,
    candidates: &[OfficeId],
    story: &HashMap<String, usize>,
) -> Option<&'k str> {
    let mut countries: Vec<&str> = candidates
        .iter()
        .map(|&o| kb.offices[o].country.as_str())
        .collect();
    countries.sort();
    countries.dedup();
    let theirs: Vec<&str> = countries
        .iter()
        .copied()
        .filter(|c| {
            kb.terms_of(p)
                .iter()
                .any(|&(o, _)| kb.offices[o].country == *c)
        })
        .collect();
    choose_country(&countries, &theirs, story)
}

/// A title specific to one country ("Secretary of Defense") identifies the office; one
/// shared by two or three countries is the person's own country's if exactly one of them
/// is theirs (`theirs`), else the story's country if the story clearly has one (mentioned,
/// and at least twice as often as the runner-up); a generic one ("President": four
/// countries or more) identifies nothing.
fn choose_country<'a>(
    countries: &[&'a str],
    theirs: &[&'a str],
    story: &HashMap<String, usize>,
) -> Option<&'a str> {
    match (countries, theirs) {
        ([one], _) => Some(*one),
        (few, [own]) if few.len() <= 3 => Some(*own),
        (few, _) if few.len() <= 3 => {
            let mut ranked: Vec<(usize, &str)> = few
                .iter()
                .map(|c| (story.get(*c).copied().unwrap_or(0), *c))
                .collect();
            ranked.sort_by(|a, b| b.cmp(a));
            match ranked.as_slice() {
                [(n, c), (m, _), ..] => (*n > 0 && *n >= 2 * m).then_some(*c),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The verdict once the office is known: unknown when the KB knows no holder on the date;
/// confirmed when a name the KB does not know is a holder's surname (up to transliteration)
/// or a short form of their name; unknown for any other one-word unknown name; else wrong.
fn holder_verdict(
    cx: &Context,
    m: &TitleMention,
    person: Option<PersonId>,
    office: OfficeId,
    date: NaiveDate,
) -> Verdict {
    let kb = cx.kb;
    let holders: Vec<(PersonId, Term)> = kb.offices[office]
        .holders_at(date)
        .map(|t| (t.person, t.clone()))
        .collect();
    if holders.is_empty() {
        return Verdict::Unknown;
    }
    if person.is_none() {
        let surname_key = translit_key(m.name.surname(&cx.doc.text));
        if holders.iter().any(|(h, _)| {
            translit_key(kb.persons[*h].surname()) == surname_key
                || short_form_of(kb, *h, &m.name.text)
        }) {
            return Verdict::Confirmed;
        }
        if m.name.words.len() < 2 {
            return Verdict::Unknown;
        }
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

/// A country's first adjective ("French"), else its first name.
/// "German Chancellor of the Exchequer Rachel Reeves": she holds the office, in another
/// country. The fix gives the title the office's country.
fn country_diagnostic(
    cx: &Context,
    m: &TitleMention,
    office: OfficeId,
    person: PersonId,
    date: NaiveDate,
    severity: Severity,
) -> Option<Diagnostic> {
    let kb = cx.kb;
    let Some(Qualifier::Country(said)) = &m.qualifier else {
        return None;
    };
    let theirs = &kb.offices[office].country;
    let adjective = |c: &str| country_adjective(kb, c).unwrap_or_else(|| c.to_string());
    let written = &cx.doc.text[m.title_range.clone()];
    let msg = format!(
        "{} on {date} was {}: a {} office, not a {} one [knowledge base]",
        kb.office_label(office),
        kb.persons[person].name,
        adjective(theirs),
        adjective(said),
    );
    let mut d = Diagnostic::new(ID, severity, m.range.clone(), msg);
    if let Some(adj) = country_adjective(kb, theirs) {
        let t = format!("{adj} {}", m.alias(&cx.doc.text));
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Replace '{written}' with '{t}'"),
            m.title_range.clone(),
            t,
        ));
    }
    Some(d)
}

fn country_adjective(kb: &Kb, code: &str) -> Option<String> {
    kb.country(code).and_then(|c| {
        c.adjectives
            .first()
            .cloned()
            .or_else(|| c.names.first().cloned())
    })
}

/// The finding for a title the KB gives someone else on the date: who held the office,
/// what the person was (their roles), what the sources call them and, for an article
/// dated after the KB, a freshness caveat; fixes: the holder's name, the person's own
/// title.
fn kb_diagnostic(
    cx: &Context,
    m: &TitleMention,
    w: &Wrong,
    date: NaiveDate,
    severity: Severity,
) -> Diagnostic {
    let kb = cx.kb;
    let written = &cx.doc.text[m.title_range.clone()];
    let mut msg = format!(
        "{} on {} was {}, not {}",
        kb.office_label(w.office),
        date,
        holders_text(kb, &w.holders),
        m.name.text
    );
    let mut title_fix: Option<String> = None;
    if let Some(p) = w.person {
        let r = roles::roles(kb, p, date);
        msg.push_str(&r.message);
        title_fix = r
            .office
            .map(|(o, current)| suggested_title(kb, o, current, m.qualifier.as_ref()));
    }
    // The office's own date: a record imported from a newer source is current to its date.
    let (caveat, severity) = freshness(kb.offices[w.office].as_of, date, &w.holders, severity);
    let attributions = cx.sources.attributions_of(&m.name.text);
    if let Some(s) = sources_say(cx, &attributions) {
        msg.push_str(&format!("; sources call {} {s}", m.name.text));
    }
    // The fact leads, the caveat ends the message (an editor's inline text shows the start).
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

/// The holders for the message: "Pete Hegseth (since 2025-01-25)", "acting" noted, joined
/// with " and ".
fn holders_text(kb: &Kb, holders: &[(PersonId, Term)]) -> String {
    holders
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
        .join(" and ")
}

/// The title the fix suggests from the person's own office ([`roles::roles`]): held, its
/// title, after the country's adjective when the draft qualified the title with a country
/// ("French President"); held only as acting, "acting …"; held before, "former …".
fn suggested_title(
    kb: &Kb,
    o: OfficeId,
    current: roles::Current,
    qualifier: Option<&Qualifier>,
) -> String {
    let title = &kb.offices[o].title;
    match current {
        roles::Current::Holds => match qualifier {
            Some(Qualifier::Country(_)) => match country_adjective(kb, &kb.offices[o].country) {
                Some(adj) => format!("{adj} {title}"),
                None => title.clone(),
            },
            _ => title.clone(),
        },
        roles::Current::Acting => format!("acting {title}"),
        roles::Current::Former => format!("former {title}"),
    }
}

/// Freshness: an open-ended record only says who held the office up to its file's date
/// (the office's `as_of`: its KB file's own, else the built-in KB's). For an article dated after it, when a holder's term is open: the caveat
/// that ends the message, and the severity lowered to a warning at most. Else no caveat
/// and the severity as it is.
fn freshness(
    as_of: Option<NaiveDate>,
    date: NaiveDate,
    holders: &[(PersonId, Term)],
    severity: Severity,
) -> (Option<String>, Severity) {
    match as_of {
        Some(as_of) if date > as_of && holders.iter().any(|(_, t)| t.end.is_none()) => (
            Some(format!(
                "; possibly outdated: the knowledge base is current as of {as_of} and the article is dated {date}, so the office may have changed hands since"
            )),
            severity.min(Severity::Warning),
        ),
        _ => (None, severity),
    }
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
        // An assembly's presiding officer is its Speaker or its Chairman, in other words;
        // the words before stay ("deputy speaker" is not the chair).
        "speaker" | "chairman" | "chairwoman" | "chairperson" | "chair" => {
            format!("{}chair", &role[..role.len() - last.len()])
        }
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

/// Is `short` the sources' title `full` without its leading qualifiers ("speaker" of
/// "house speaker", "president" of "parliament president")? The head of a title is its
/// last words; dropping what comes before them names the same post less precisely, unless
/// a dropped word changes the rank ("prime minister" of "deputy prime minister").
fn shortened_fits(short: &str, full: &str) -> bool {
    let short: Vec<&str> = short.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    let full: Vec<&str> = full.split([' ', '-']).filter(|w| !w.is_empty()).collect();
    if short.is_empty() || short.len() >= full.len() || !full.ends_with(&short) {
        return false;
    }
    let dropped = &full[..full.len() - short.len()];
    !dropped.iter().any(|w| OTHER_RANK.contains(w))
}

/// Are two role keys the same post in other words: equal, of one role class, a bare
/// kind-of-post word that fits the other, or titles of a common KB office?
fn compatible(kb: &Kb, a: &str, b: &str) -> bool {
    if a == b || role_class(a) == role_class(b) || generic_fits(a, b) {
        return true;
    }
    let oa = kb.offices_titled(a);
    let ob = kb.offices_titled(b);
    oa.iter().any(|o| ob.contains(o))
}

/// The finding for a title the KB cannot judge: the sources call the person only by
/// titles incompatible with it, the draft's sentence does not give the sources' role too,
/// and the KB records no term of the person in an office with this title. Fix: the sources' most frequent
/// title, for a TITLE NAME mention, when it is not a possessive phrase.
/// Does a source sentence that names this person give the draft's role as a description,
/// in lower case and not before a name ("… appointed Sushila Karki as interim prime
/// minister", "Karki took oath as Nepal's first woman prime minister")? Then the sources
/// agree with the draft, whatever capitalised titles they also use.
fn sources_describe(cx: &Context, m: &TitleMention, role: &str) -> bool {
    use crate::facts::{Names, Sentences};
    if role.is_empty() {
        return false;
    }
    let surname = translit_key(m.name.surname(&cx.doc.text));
    let phrase = format!(" {role} ");
    for (si, src) in cx.sources.sources.iter().enumerate() {
        for (pi, sp) in src.doc.paragraphs.iter().enumerate() {
            let text = &src.doc.text[sp.range.clone()];
            let names = cx.source_facts::<Names>(si, pi);
            for ss in cx.source_facts::<Sentences>(si, pi).iter() {
                let names_them = names.iter().any(|n| {
                    ss.start <= n.range.start
                        && n.range.end <= ss.end
                        && translit_key(n.surname(text)) == surname
                });
                if names_them && describes(&text[ss.clone()], &phrase) {
                    return true;
                }
            }
        }
    }
    false
}

/// `phrase` (" prime minister ") written in lower case in `sentence`, and the word after
/// it not capitalised (not "prime minister Li Qiang", another person's title).
fn describes(sentence: &str, phrase: &str) -> bool {
    let plain: String = sentence
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let padded = format!(" {plain} ");
    padded.match_indices(phrase).any(|(at, _)| {
        let next = padded[at + phrase.len()..].chars().next();
        !next.is_some_and(char::is_uppercase)
    })
}

/// A post in a party or a movement, not an office of state: "leader", "party leader",
/// "chairman" ("supreme leader" is an office).
fn party_post(role: &str) -> bool {
    let words: Vec<&str> = role.split(' ').collect();
    words.contains(&"party")
        || (matches!(
            words.last(),
            Some(&"leader" | &"chairman" | &"chairwoman" | &"chairperson" | &"chair")
        ) && !role.ends_with("supreme leader"))
}

fn source_diagnostic(cx: &Context, m: &TitleMention) -> Option<Diagnostic> {
    let attributions = cx.sources.attributions_of(&m.name.text);
    if attributions.is_empty() {
        return None;
    }
    let role = alias_key(m.alias(&cx.doc.text));
    if attributions
        .iter()
        .any(|a| compatible(cx.kb, &role, &a.role) || shortened_fits(&role, &a.role))
    {
        return None;
    }
    // A party post is held beside an office ("Japan Innovation Party leader" and "Osaka
    // Governor" are one man's two roles): a party post in the draft is not contradicted by
    // the sources' offices, and the sources' party posts alone contradict only a head of
    // state or government or a great office (rank 1 or 2) in the draft.
    if party_post(&role)
        || (attributions.iter().all(|a| party_post(&a.role))
            && crate::kb::rank::default_rank(&role).is_none_or(|r| r > 2))
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
    if sources_describe(cx, m, &role) {
        return None;
    }
    // "newly elected Prime Minister X": the draft reports the move itself, which sources
    // written before it or on the day may not have caught up with.
    if when::just_taken(&cx.doc.text[..m.range.start]) {
        return None;
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
    use super::*;
    use crate::rules::fixture::{assert_count, check, check_with_sources};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn person(kb: &Kb, name: &str) -> PersonId {
        kb.persons_named(name)[0]
    }

    fn office(kb: &Kb, id: &str) -> OfficeId {
        kb.offices
            .iter()
            .position(|o| o.id == id)
            .unwrap_or_else(|| panic!("no office {id}"))
    }

    fn term(kb: &Kb, end: Option<&str>) -> (PersonId, Term) {
        let p = person(kb, "Pete Hegseth");
        let t = Term {
            person: p,
            start: day("2025-01-25"),
            end: end.map(day),
            acting: false,
            source: String::new(),
            note: None,
        };
        (p, t)
    }

    #[test]
    fn one_country_a_persons_own_or_the_storys_clear_one() {
        let story: HashMap<String, usize> = [("GB".to_string(), 4), ("US".to_string(), 2)].into();
        assert_eq!(choose_country(&["US"], &[], &story), Some("US"));
        assert_eq!(choose_country(&["GB", "US"], &["US"], &story), Some("US"));
        // The story names GB at least twice as often as the US.
        assert_eq!(choose_country(&["GB", "US"], &[], &story), Some("GB"));
        let close: HashMap<String, usize> = [("GB".to_string(), 3), ("US".to_string(), 2)].into();
        assert_eq!(choose_country(&["GB", "US"], &[], &close), None);
        assert_eq!(choose_country(&["GB", "US"], &[], &HashMap::new()), None);
        // Both are theirs: the story decides.
        assert_eq!(
            choose_country(&["GB", "US"], &["GB", "US"], &story),
            Some("GB")
        );
        // A title of four countries identifies none, theirs or not.
        let four = ["CA", "GB", "IE", "US"];
        assert_eq!(choose_country(&four, &["US"], &story), None);
        assert_eq!(choose_country(&four, &[], &story), None);
        assert_eq!(choose_country(&[], &[], &story), None);
    }

    #[test]
    fn a_term_covers_its_last_day() {
        let kb = Kb::builtin();
        let austin = person(&kb, "Lloyd Austin");
        let secdef = kb.offices_titled("Secretary of Defense");
        assert!(holds_on(&kb, austin, secdef, day("2024-06-01")));
        assert!(holds_on(&kb, austin, secdef, day("2025-01-20")));
        assert!(!holds_on(&kb, austin, secdef, day("2025-01-21")));
        assert!(!holds_on(
            &kb,
            austin,
            kb.offices_titled("President"),
            day("2024-06-01")
        ));
    }

    #[test]
    fn the_office_a_title_means() {
        let kb = Kb::builtin();
        let none = HashMap::new();
        let presidents = kb.offices_titled("President");
        let fr = offices_in(&kb, presidents, Some("FR"));
        assert_eq!(fr, [office(&kb, "fr.president")]);
        assert_eq!(offices_in(&kb, presidents, None).len(), presidents.len());
        assert_eq!(
            meant_office(&kb, None, &fr, true, &none),
            Some(office(&kb, "fr.president"))
        );
        // Unqualified: the person's own office, else the one country's, else nothing.
        let macron = person(&kb, "Emmanuel Macron");
        assert_eq!(
            meant_office(&kb, Some(macron), presidents, false, &none),
            Some(office(&kb, "fr.president"))
        );
        let secdef = kb.offices_titled("Secretary of Defense");
        let bolton = person(&kb, "John Bolton");
        assert_eq!(
            meant_office(&kb, Some(bolton), secdef, false, &none),
            Some(office(&kb, "us.secdef"))
        );
        assert_eq!(meant_office(&kb, None, secdef, false, &none), None);
        assert_eq!(
            meant_office(&kb, Some(bolton), presidents, false, &none),
            None
        );
    }

    #[test]
    fn holders_and_the_suggested_title() {
        let kb = Kb::builtin();
        let hegseth = term(&kb, None);
        assert_eq!(
            holders_text(&kb, std::slice::from_ref(&hegseth)),
            "Pete Hegseth (since 2025-01-25)"
        );
        let mut acting = term(&kb, Some("2025-02-01"));
        acting.1.acting = true;
        assert_eq!(
            holders_text(&kb, &[hegseth, acting]),
            "Pete Hegseth (since 2025-01-25) and Pete Hegseth (acting, 2025-01-25 – 2025-02-01)"
        );
        let fr = office(&kb, "fr.president");
        let country = Qualifier::Country("FR".into());
        let possessor = Qualifier::Person("Trump".into());
        use roles::Current::{Acting, Former, Holds};
        assert_eq!(
            suggested_title(&kb, fr, Holds, Some(&country)),
            "French President"
        );
        assert_eq!(
            suggested_title(&kb, fr, Holds, Some(&possessor)),
            "President"
        );
        assert_eq!(suggested_title(&kb, fr, Holds, None), "President");
        assert_eq!(
            suggested_title(&kb, fr, Acting, Some(&country)),
            "acting President"
        );
        assert_eq!(suggested_title(&kb, fr, Former, None), "former President");
    }

    #[test]
    fn an_open_term_after_the_kbs_date_is_caveated() {
        let kb = Kb::builtin();
        let open = [term(&kb, None)];
        let closed = [term(&kb, Some("2025-12-31"))];
        let (as_of, date) = (Some(day("2025-06-01")), day("2025-08-20"));
        assert_eq!(
            freshness(as_of, date, &open, Severity::Error),
            (
                Some(
                    "; possibly outdated: the knowledge base is current as of 2025-06-01 and \
                     the article is dated 2025-08-20, so the office may have changed hands since"
                        .to_string()
                ),
                Severity::Warning
            )
        );
        assert_eq!(
            freshness(as_of, date, &open, Severity::Info).1,
            Severity::Info
        );
        assert_eq!(
            freshness(as_of, date, &closed, Severity::Error),
            (None, Severity::Error)
        );
        assert_eq!(
            freshness(None, date, &open, Severity::Error),
            (None, Severity::Error)
        );
        assert_eq!(
            freshness(as_of, day("2025-06-01"), &open, Severity::Error),
            (None, Severity::Error)
        );
    }

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
    fn a_title_the_draft_says_was_just_taken_is_not_held_against_the_sources() {
        let src = "Party leader Anna Kovacsne Berta won the vote in parliament on Friday.";
        // The sources' title differs from the draft's: a finding.
        check_with_sources(
            super::ID,
            "«Ruritania's Prime Minister Anna Kovacsne Berta» thanked lawmakers on Friday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[
                "the sources never call Anna Kovacsne Berta 'Prime Minister': they say 'Party \
                 leader' (a) [sources]",
            ],
        );
        // The draft reports the move itself: quiet.
        check_with_sources(
            super::ID,
            "Ruritania's newly elected Prime Minister Anna Kovacsne Berta thanked lawmakers on \
             Friday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[],
        );
        assert!(when::just_taken("the newly-appointed "));
        assert!(!when::just_taken("the newly built "));
    }

    #[test]
    fn a_party_post_and_an_office_are_held_together() {
        let src = "Northshire Governor Tomas Reinholt signed the coalition deal on Monday.";
        // A party post in the draft against an office in the sources: quiet.
        check_with_sources(
            super::ID,
            "Liberty Party leader Tomas Reinholt signed the coalition deal on Monday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[],
        );
        let src = "Liberty Party leader Tomas Reinholt signed the coalition deal on Monday.";
        // An office below the great ones against the sources' party post: quiet.
        check_with_sources(
            super::ID,
            "Northshire Governor Tomas Reinholt signed the coalition deal on Monday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[],
        );
        // A head of government against the sources' party post: a finding.
        check_with_sources(
            super::ID,
            "«Ruritania's Prime Minister Tomas Reinholt» signed the coalition deal on Monday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[
                "the sources never call Tomas Reinholt 'Prime Minister': they say 'Party \
               leader' (a) [sources]",
            ],
        );
        assert!(party_post("party leader"));
        assert!(party_post("chairman"));
        assert!(!party_post("supreme leader"));
        assert!(!party_post("governor"));
    }

    #[test]
    fn the_sources_title_of_a_person_whose_given_name_the_draft_misspells() {
        let src = "Deputy Interior Minister Jhonny Aguilera told reporters the border was calm.";
        check_with_sources(
            super::ID,
            "«Interior Minister Johnny Aguilera» said the border was calm on Friday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[
                "the sources never call Johnny Aguilera 'Interior Minister': they say 'Deputy \
                 Interior Minister' (a) [sources]",
            ],
        );
        // Another given name is another person: the sources say nothing of them.
        check_with_sources(
            super::ID,
            "Interior Minister Carlos Aguilera said the border was calm on Friday.\n",
            "2025-08-20",
            &[("a.txt", src)],
            &[],
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
        // "late"/"former" across lower-case adjectives, and the title someone held when
        // they died.
        for quiet in [
            "He praised the late long-serving national security adviser John Bolton.\n",
            "He met the former outspoken national security adviser John Bolton.\n",
            "Leaders condoled the death of National Security Adviser John Bolton.\n",
            "National Security Adviser John Bolton, who died in May, was praised.\n",
        ] {
            assert_count(super::ID, quiet, "2025-08-20", 0);
        }
        // An adjective alone, or a death mentioned for someone else, changes nothing.
        for stale in [
            "He met the outspoken national security adviser John Bolton.\n",
            "National Security Adviser John Bolton mourned the death of a friend.\n",
        ] {
            assert_count(super::ID, stale, "2025-08-20", 1);
        }
    }

    #[test]
    fn a_speaker_is_the_chairman_of_the_same_assembly() {
        let src = "The session was presided over by MPR Chairman Ahmad Muzani.\n";
        check_with_sources(
            super::ID,
            "MPR Speaker Ahmad Muzani opened the session.\n",
            "2024-10-20",
            &[("a.txt", src)],
            &[],
        );
        // Another post is still another post.
        check_with_sources(
            super::ID,
            "MPR «Speaker Ahmad Muzani» opened the session.\n",
            "2024-10-20",
            &[("a.txt", "Foreign Minister Ahmad Muzani arrived.\n")],
            &[
                "the sources never call Ahmad Muzani 'Speaker': they say 'Foreign Minister' (a) \
               [sources]",
            ],
        );
        assert_eq!(role_class("speaker"), role_class("chairman"));
        assert_ne!(role_class("deputy speaker"), role_class("chairwoman"));
    }

    #[test]
    fn a_role_the_sources_describe_in_lower_case_is_not_contradicted() {
        // The sources' only capitalised title is another one, but they say in lower case
        // that she became prime minister.
        let src = "The president appointed Chief Justice Maya Lindqvar as interim prime \
                   minister on Friday.\n";
        check_with_sources(
            super::ID,
            "Prime Minister Maya Lindqvar said elections would be held in March.\n",
            "2025-09-14",
            &[("a.txt", src)],
            &[],
        );
        // "prime minister" before another person's name is that person's title.
        let src = "Chief Justice Maya Lindqvar met prime minister Odd Berntsen on Friday.\n";
        check_with_sources(
            super::ID,
            "«Prime Minister Maya Lindqvar» said elections would be held in March.\n",
            "2025-09-14",
            &[("a.txt", src)],
            &[
                "the sources never call Maya Lindqvar 'Prime Minister': they say 'Chief \
               Justice' (a) [sources]",
            ],
        );
        assert!(describes(
            "Karki took oath as Nepal's first woman prime minister.",
            " prime minister "
        ));
        assert!(!describes(
            "She met prime minister Li Qiang.",
            " prime minister "
        ));
        assert!(!describes("She met Prime Minister Li.", " prime minister "));
    }

    #[test]
    fn an_institutions_possessive_and_the_title_make_its_title() {
        check(
            super::ID,
            "The «Kremlin's spokesman, Sergei Lavrov», said Moscow was ready.\n",
            "2025-08-20",
            &[
                "Press Secretary of the President (Russia) on 2025-08-20 was Dmitry Peskov \
               (since 2012-05-22), not Sergei Lavrov; Sergei Lavrov is Foreign Minister \
               (Russia) (since 2004-03-09) [knowledge base]",
            ],
        );
        assert_count(
            super::ID,
            "The Kremlin's spokesman, Dmitry Peskov, said Moscow was ready.\n",
            "2025-08-20",
            0,
        );
    }

    #[test]
    fn a_countrys_own_office_under_another_countrys_name() {
        check(
            super::ID,
            "«German Chancellor of the Exchequer Rachel Reeves» presented the budget.\n",
            "2025-08-20",
            &[
                "Chancellor of the Exchequer (United Kingdom) on 2025-08-20 was Rachel Reeves: \
               a British office, not a German one [knowledge base]",
            ],
        );
        let d = crate::rules::fixture::findings(
            super::ID,
            "German Chancellor of the Exchequer Rachel Reeves presented the budget.\n",
            "2025-08-20",
            &[],
        );
        assert_eq!(
            d[0].fixes[0].edits[0].new_text,
            "British Chancellor of the Exchequer"
        );
        // Her own country's name, or a person the KB does not know, is quiet.
        for s in [
            "British Chancellor of the Exchequer Rachel Reeves presented the budget.\n",
            "German Chancellor of the Exchequer Anna Weber presented the budget.\n",
        ] {
            assert_count(super::ID, s, "2025-08-20", 0);
        }
    }

    #[test]
    fn a_title_in_a_quotation_is_the_speakers_wording() {
        // The writer's own "Secretary of Defense John Bolton" is a finding; the same words
        // inside a quotation are the speaker's.
        check(
            super::ID,
            "«Secretary of Defense John Bolton» spoke on Tuesday.\n",
            "2025-08-20",
            &[
                "Secretary of Defense (United States) on 2025-08-20 was Pete Hegseth (since \
               2025-01-25), not John Bolton; John Bolton was National Security Advisor \
               (United States) 2018-04-09 – 2019-09-10 [knowledge base]",
            ],
        );
        assert_count(
            super::ID,
            "“We thank Secretary of Defense John Bolton for his work,” the senator said.\n",
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

    #[test]
    fn a_title_without_its_leading_qualifiers_fits_the_full_title() {
        assert!(shortened_fits("speaker", "house speaker"));
        assert!(shortened_fits("president", "parliament president"));
        assert!(shortened_fits("secretary", "home secretary"));
        // A dropped word that changes the rank, or the head itself changed.
        assert!(!shortened_fits("prime minister", "deputy prime minister"));
        assert!(!shortened_fits("president", "vice president"));
        assert!(!shortened_fits("speaker", "speaker"));
        assert!(!shortened_fits("chancellor", "chancellor of the exchequer"));
        assert!(!shortened_fits("", "house speaker"));
    }
}
