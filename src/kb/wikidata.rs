//! Wikidata entities → KB records, for `copydesk kb build` (the streaming is in
//! [`super::dump`]).
//!
//! An entity is one line of a Wikidata JSON dump (see Wikidata's JSON data model). Kept:
//! items with "position held" (P39) statements, with the qualifiers start time (P580), end
//! time (P582), replaces (P1365) and replaced by (P1366); the positions they name, with
//! their country (P17) or, failing that, the jurisdiction the position applies to (P1001);
//! and every item with an ISO 3166-1 alpha-2 code (P297), the countries. Deprecated
//! statements are skipped. For single facts (a position's country, a country's code) the
//! preferred statements win over normal ones; among P39 statements, a normal one of the same
//! person and position that overlaps a preferred one is another version of that term and is
//! dropped. Dates must be given to the day (precision 11); a missing end is filled from the
//! successor's start (P1366 on this term, or P1365 on the next holder's term of the same
//! position) when the dump has it, otherwise the term is open.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct EntityDe {
    #[serde(default)]
    id: String,
    #[serde(default)]
    labels: HashMap<String, LangValue>,
    #[serde(default)]
    aliases: HashMap<String, Vec<LangValue>>,
    #[serde(default, alias = "statements")]
    claims: ClaimsDe,
}

#[derive(Deserialize)]
struct LangValue {
    value: String,
}

#[derive(Deserialize, Default)]
struct ClaimsDe {
    #[serde(default, rename = "P39")]
    p39: Vec<StatementDe>,
    #[serde(default, rename = "P17")]
    p17: Vec<StatementDe>,
    #[serde(default, rename = "P1001")]
    p1001: Vec<StatementDe>,
    #[serde(default, rename = "P297")]
    p297: Vec<StatementDe>,
}

#[derive(Deserialize)]
struct StatementDe {
    mainsnak: SnakDe,
    #[serde(default)]
    rank: Rank,
    #[serde(default)]
    qualifiers: QualifiersDe,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
enum Rank {
    Deprecated,
    #[default]
    Normal,
    Preferred,
}

#[derive(Deserialize, Default)]
struct QualifiersDe {
    #[serde(default, rename = "P580")]
    start: Vec<SnakDe>,
    #[serde(default, rename = "P582")]
    end: Vec<SnakDe>,
    #[serde(default, rename = "P1365")]
    replaces: Vec<SnakDe>,
    #[serde(default, rename = "P1366")]
    replaced_by: Vec<SnakDe>,
}

#[derive(Deserialize)]
struct SnakDe {
    #[serde(default)]
    snaktype: String,
    #[serde(default)]
    datavalue: Option<DataValueDe>,
}

#[derive(Deserialize)]
struct DataValueDe {
    value: Value,
}

impl SnakDe {
    fn value(&self) -> Option<&Value> {
        self.datavalue.as_ref().map(|d| &d.value)
    }

    /// The item a snak names: `Q123` → 123.
    fn item(&self) -> Option<u64> {
        let v = self.value()?;
        v.get("numeric-id").and_then(Value::as_u64).or_else(|| {
            v.get("id")
                .and_then(Value::as_str)
                .and_then(|s| s.strip_prefix('Q'))
                .and_then(|n| n.parse().ok())
        })
    }

    fn time(&self) -> When {
        if self.snaktype == "somevalue" {
            return When::Vague;
        }
        let Some(v) = self.value() else {
            return When::Absent;
        };
        let t = v.get("time").and_then(Value::as_str).unwrap_or("");
        let precision = v.get("precision").and_then(Value::as_u64).unwrap_or(0);
        let day = t.strip_prefix('+').and_then(|t| t.get(..10));
        match day.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) if precision >= 11 => When::Day(d),
            _ => When::Vague,
        }
    }
}

/// A qualifier date: absent, to the day, or known only vaguely (a year, a month, "unknown").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Absent,
    Day(NaiveDate),
    Vague,
}

/// One P39 statement, compact: what the resolution needs.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRec {
    pub position: u64,
    pub start: When,
    pub end: When,
    pub replaces: Option<u64>,
    pub replaced_by: Option<u64>,
    pub preferred: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonRec {
    pub qid: u64,
    pub name: String,
    pub variants: Vec<String>,
    pub terms: Vec<TermRec>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CountryRec {
    pub qid: u64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PositionRec {
    pub qid: u64,
    pub title: String,
    pub aliases: Vec<String>,
    /// Country (P17) items first, then jurisdictions (P1001), best rank only.
    pub countries: Vec<u64>,
}

/// What the first pass keeps of one entity.
#[derive(Debug, Default)]
pub struct FirstPass {
    pub person: Option<PersonRec>,
    pub country: Option<CountryRec>,
    pub deprecated: usize,
}

/// serde's message without its position, and the column (an entity is one line).
fn json_error(e: serde_json::Error) -> String {
    let msg = e.to_string();
    let pos = format!(" at line {} column {}", e.line(), e.column());
    format!(
        "{} (column {})",
        msg.strip_suffix(&pos).unwrap_or(&msg),
        e.column()
    )
}

fn qid(id: &str) -> Option<u64> {
    id.strip_prefix('Q')?.parse().ok()
}

/// The statements that count for a single fact: the preferred ones if any, else the
/// normal ones; never deprecated ones.
fn best(sts: &[StatementDe]) -> impl Iterator<Item = &StatementDe> {
    let top = if sts.iter().any(|s| s.rank == Rank::Preferred) {
        Rank::Preferred
    } else {
        Rank::Normal
    };
    sts.iter().filter(move |s| s.rank == top)
}

/// Name (label in the first language that has one) and variants (labels in the other
/// languages and aliases in all of them, in order, without repeats).
fn names(e: &EntityDe, langs: &[String]) -> Option<(String, Vec<String>)> {
    let name = langs
        .iter()
        .find_map(|l| e.labels.get(l))
        .map(|v| v.value.trim().to_string())
        .filter(|n| !n.is_empty())?;
    let mut variants: Vec<String> = Vec::new();
    let labels = langs.iter().filter_map(|l| e.labels.get(l));
    let aliases = langs.iter().filter_map(|l| e.aliases.get(l)).flatten();
    for v in labels.chain(aliases) {
        let v = v.value.trim();
        if !v.is_empty() && v != name && !variants.iter().any(|x| x == v) {
            variants.push(v.to_string());
        }
    }
    Some((name, variants))
}

fn first_item(snaks: &[SnakDe]) -> Option<u64> {
    snaks.iter().find_map(SnakDe::item)
}

fn first_time(snaks: &[SnakDe]) -> When {
    snaks.first().map_or(When::Absent, SnakDe::time)
}

/// Parse one entity line; keep a P39 holder and/or a country. `Err` for a line that is not
/// a JSON entity.
pub fn first_pass(line: &[u8], langs: &[String]) -> Result<FirstPass, String> {
    let e: EntityDe = serde_json::from_slice(line).map_err(json_error)?;
    let mut out = FirstPass::default();
    let Some(id) = qid(&e.id) else {
        return Ok(out);
    };
    if let Some(code) = best(&e.claims.p297)
        .find_map(|s| s.mainsnak.value().and_then(Value::as_str))
        .map(|c| c.trim().to_ascii_uppercase())
    {
        let name = names(&e, langs).map_or_else(|| code.clone(), |n| n.0);
        out.country = Some(CountryRec {
            qid: id,
            code,
            name,
        });
    }
    if e.claims.p39.is_empty() {
        return Ok(out);
    }
    let mut terms = Vec::new();
    for s in &e.claims.p39 {
        if s.rank == Rank::Deprecated {
            out.deprecated += 1;
            continue;
        }
        let Some(position) = s.mainsnak.item() else {
            continue;
        };
        let q = &s.qualifiers;
        terms.push(TermRec {
            position,
            start: first_time(&q.start),
            end: first_time(&q.end),
            replaces: first_item(&q.replaces),
            replaced_by: first_item(&q.replaced_by),
            preferred: s.rank == Rank::Preferred,
        });
    }
    if let Some((name, variants)) = names(&e, langs).filter(|_| !terms.is_empty()) {
        out.person = Some(PersonRec {
            qid: id,
            name,
            variants,
            terms,
        });
    }
    Ok(out)
}

/// Parse one entity line of the second pass: a position among `wanted`.
pub fn position(line: &[u8], langs: &[String]) -> Result<Option<PositionRec>, String> {
    let e: EntityDe = serde_json::from_slice(line).map_err(json_error)?;
    let Some(id) = qid(&e.id) else {
        return Ok(None);
    };
    let Some((title, aliases)) = names(&e, langs) else {
        return Ok(None);
    };
    let countries = best(&e.claims.p17)
        .chain(best(&e.claims.p1001))
        .filter_map(|s| s.mainsnak.item())
        .collect();
    Ok(Some(PositionRec {
        qid: id,
        title,
        aliases,
        countries,
    }))
}

/// The id of an entity line, read from its start without parsing it, when the line starts
/// the way the dumps write entities (`{"type":"item","id":"Q42",…` or `{"id":"Q42",…`).
pub fn sniff_id(line: &[u8]) -> Option<u64> {
    let rest = line
        .strip_prefix(br#"{"type":"item","id":"Q"#)
        .or_else(|| line.strip_prefix(br#"{"id":"Q"#))?;
    let end = rest.iter().position(|b| !b.is_ascii_digit())?;
    (rest.get(end) == Some(&b'"'))
        .then(|| std::str::from_utf8(&rest[..end]).ok()?.parse().ok())
        .flatten()
}

/// Why terms were left out (counted for the summary).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub deprecated: usize,
    pub no_start: usize,
    pub vague_date: usize,
    pub position_missing: usize,
    pub no_country: usize,
    pub end_not_after_start: usize,
    pub superseded: usize,
    pub duplicate: usize,
}

impl Skipped {
    /// "1 deprecated statement, 2 without a start date" (nonzero counts only).
    pub fn summary(&self) -> String {
        let items = [
            (self.deprecated, "deprecated statement"),
            (self.no_start, "term without a start date"),
            (self.vague_date, "term with a date not to the day"),
            (
                self.position_missing,
                "term whose position is not in the dump",
            ),
            (self.no_country, "term whose position has no country code"),
            (self.end_not_after_start, "term ending before it starts"),
            (
                self.superseded,
                "normal-rank term overlapping a preferred one",
            ),
            (self.duplicate, "duplicate term"),
        ];
        items
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}{}", if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A resolved holder record.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    pub person: u64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// How the end was found when it is not the statement's own P582.
    pub end_from: Option<&'static str>,
}

/// Everything the two passes found, resolved: offices by position QID.
#[derive(Debug, Default)]
pub struct Resolved {
    pub offices: BTreeMap<u64, (String, Vec<Holder>)>,
    pub skipped: Skipped,
}

/// A term kept for resolution: person QID and the statement.
struct Kept {
    person: u64,
    t: TermRec,
    start: NaiveDate,
}

fn overlaps(a: &Kept, b: &Kept) -> bool {
    let end = |k: &Kept| match k.t.end {
        When::Day(d) => d,
        _ => NaiveDate::MAX,
    };
    a.start < end(b) && b.start < end(a)
}

/// Resolve the P39 terms against the positions and countries: country codes, the
/// preferred-rank rule, ends from successors, duplicates.
pub fn resolve(
    people: &[PersonRec],
    countries: &HashMap<u64, CountryRec>,
    positions: &HashMap<u64, PositionRec>,
    deprecated: usize,
) -> Resolved {
    let mut out = Resolved::default();
    out.skipped.deprecated = deprecated;
    let mut by_position: BTreeMap<u64, Vec<Kept>> = BTreeMap::new();
    for p in people {
        for t in &p.terms {
            let Some(pos) = positions.get(&t.position) else {
                out.skipped.position_missing += 1;
                continue;
            };
            let Some(code) = pos.countries.iter().find_map(|c| countries.get(c)) else {
                out.skipped.no_country += 1;
                continue;
            };
            let start = match t.start {
                When::Day(d) => d,
                When::Absent => {
                    out.skipped.no_start += 1;
                    continue;
                }
                When::Vague => {
                    out.skipped.vague_date += 1;
                    continue;
                }
            };
            let kept = Kept {
                person: p.qid,
                t: t.clone(),
                start,
            };
            by_position.entry(t.position).or_default().push(kept);
            out.offices
                .entry(t.position)
                .or_insert_with(|| (code.code.clone(), Vec::new()));
        }
    }
    for (pos, terms) in by_position {
        let holders = resolve_position(terms, &mut out.skipped);
        if holders.is_empty() {
            out.offices.remove(&pos);
        } else if let Some(o) = out.offices.get_mut(&pos) {
            o.1 = holders;
        }
    }
    out
}

/// The terms of one position: drop normal terms overlapping a preferred one of the same
/// person, fill missing ends from successors, drop duplicates and impossible spans.
fn resolve_position(mut terms: Vec<Kept>, skipped: &mut Skipped) -> Vec<Holder> {
    terms.sort_by_key(|k| (k.start, k.person, !k.t.preferred));
    let superseded: Vec<bool> = terms
        .iter()
        .map(|k| {
            !k.t.preferred
                && terms
                    .iter()
                    .any(|o| o.t.preferred && o.person == k.person && overlaps(k, o))
        })
        .collect();
    let mut it = superseded.iter();
    terms.retain(|_| !it.next().copied().unwrap_or(false));
    skipped.superseded += superseded.iter().filter(|s| **s).count();
    let mut out: Vec<Holder> = Vec::new();
    let mut seen: HashSet<(u64, NaiveDate)> = HashSet::new();
    for k in &terms {
        if !seen.insert((k.person, k.start)) {
            skipped.duplicate += 1;
            continue;
        }
        let later = || terms.iter().filter(|o| o.start > k.start);
        let (end, end_from) = match k.t.end {
            When::Day(d) => (Some(d), None),
            _ => {
                let by_p1366 =
                    k.t.replaced_by
                        .and_then(|q| later().find(|o| o.person == q))
                        .map(|o| (o.start, "P1366"));
                let by_p1365 = || {
                    later()
                        .find(|o| o.t.replaces == Some(k.person))
                        .map(|o| (o.start, "P1365"))
                };
                match (by_p1366.or_else(by_p1365), k.t.end) {
                    (Some((d, how)), _) => (Some(d), Some(how)),
                    (None, When::Vague) => {
                        skipped.vague_date += 1;
                        continue;
                    }
                    (None, _) => (None, None),
                }
            }
        };
        if end.is_some_and(|e| e <= k.start) {
            skipped.end_not_after_start += 1;
            continue;
        }
        out.push(Holder {
            person: k.person,
            start: k.start,
            end,
            end_from,
        });
    }
    out
}

/// Escape a TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

/// What the KB file is made of, for [`render`].
pub struct Tables<'a> {
    pub people: &'a [PersonRec],
    pub positions: &'a HashMap<u64, PositionRec>,
    pub countries: &'a HashMap<u64, CountryRec>,
    pub resolved: &'a Resolved,
    /// Country codes the built-in KB already declares (others get a `[[country]]`).
    pub known_codes: &'a HashSet<String>,
    pub source_name: &'a str,
    pub dump_date: NaiveDate,
}

/// The KB file (format of `kb/README.md`): `as_of` = the dump date, people sorted by name,
/// then countries the built-in KB lacks, then offices by position QID with holders by start.
pub fn render(t: &Tables) -> String {
    let mut s = format!(
        "# Built by `copydesk kb build` from {}, the Wikidata dump of {}.\n\
         # Wikidata is CC0. Each record's note names its Wikidata items and the dump date.\n\
         # Its open terms are current as of the dump's date.\n\
         as_of = \"{}\"\n",
        t.source_name, t.dump_date, t.dump_date
    );
    let held: BTreeSet<u64> = t
        .resolved
        .offices
        .values()
        .flat_map(|o| o.1.iter().map(|h| h.person))
        .collect();
    let mut people: Vec<&PersonRec> = t.people.iter().filter(|p| held.contains(&p.qid)).collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.qid.cmp(&b.qid)));
    let by_qid: HashMap<u64, &PersonRec> = people.iter().map(|p| (p.qid, *p)).collect();
    for p in &people {
        s.push_str(&format!("\n[[person]]\nname = {}\n", quote(&p.name)));
        if !p.variants.is_empty() {
            s.push_str(&format!("variants = {}\n", list(&p.variants)));
        }
        s.push_str(&format!("note = \"wikidata Q{}\"\n", p.qid));
    }
    let mut new_countries: BTreeMap<&str, &str> = BTreeMap::new();
    for (code, _) in t.resolved.offices.values() {
        if !t.known_codes.contains(code)
            && let Some(c) = t.countries.values().find(|c| &c.code == code)
        {
            new_countries.insert(&c.code, &c.name);
        }
    }
    for (code, name) in new_countries {
        s.push_str(&format!(
            "\n[[country]]\ncode = {}\nnames = [{}]\n",
            quote(code),
            quote(name)
        ));
    }
    for (qid, (code, holders)) in &t.resolved.offices {
        let Some(pos) = t.positions.get(qid) else {
            continue;
        };
        s.push_str(&office(*qid, code, pos, holders, &by_qid, t.dump_date));
    }
    s
}

fn office(
    qid: u64,
    code: &str,
    pos: &PositionRec,
    holders: &[Holder],
    people: &HashMap<u64, &PersonRec>,
    dump_date: NaiveDate,
) -> String {
    let single = holders
        .windows(2)
        .all(|w| w[0].end.is_some_and(|e| e <= w[1].start));
    let mut s = format!(
        "\n[[office]]\nid = \"wd.q{qid}\"\ncountry = {}\ntitle = {}\n",
        quote(code),
        quote(&pos.title)
    );
    if !pos.aliases.is_empty() {
        s.push_str(&format!("aliases = {}\n", list(&pos.aliases)));
    }
    s.push_str(&format!(
        "single = {single}\nnote = \"wikidata Q{qid}\"\nholders = [\n"
    ));
    for h in holders {
        let Some(p) = people.get(&h.person) else {
            continue;
        };
        let end = h
            .end
            .map(|e| format!(", end = \"{e}\""))
            .unwrap_or_default();
        let how = h
            .end_from
            .map(|w| format!("; end = the successor's start ({w})"))
            .unwrap_or_default();
        s.push_str(&format!(
            "  {{ name = {}, start = \"{}\"{end}, source = \"https://www.wikidata.org/wiki/Q{}#P39\", note = \"wikidata Q{} P39 Q{qid}, dump {dump_date}{how}\" }},\n",
            quote(&p.name),
            h.start,
            h.person,
            h.person
        ));
    }
    s.push_str("]\n");
    s
}

/// The dump date in a file name: the first run of 8 digits that is a date
/// (`wikidata-20261130-all.json.gz`).
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let j = (i..b.len())
                .find(|&j| !b[j].is_ascii_digit())
                .unwrap_or(b.len());
            if j - i == 8
                && let Ok(d) = NaiveDate::parse_from_str(&name[i..j], "%Y%m%d")
            {
                return Some(d);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sniffed_from_the_dump_layout_only() {
        assert_eq!(
            sniff_id(br#"{"type":"item","id":"Q42","labels":{}}"#),
            Some(42)
        );
        assert_eq!(sniff_id(br#"{"id":"Q7","type":"item"}"#), Some(7));
        assert_eq!(sniff_id(br#"{"labels":{},"id":"Q42"}"#), None);
        assert_eq!(sniff_id(br#"{"type":"property","id":"P39"}"#), None);
    }

    #[test]
    fn dump_dates_come_from_the_file_name() {
        assert_eq!(
            date_in_name("wikidata-20261130-all.json.gz"),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(date_in_name("latest-all.json.bz2"), None);
        assert_eq!(
            date_in_name("dump-123456789-20250101.json"),
            NaiveDate::from_ymd_opt(2025, 1, 1)
        );
    }

    #[test]
    fn a_country_the_builtin_kb_lacks_is_declared() {
        let day = |d: &str| When::Day(NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date"));
        let people = vec![PersonRec {
            qid: 1,
            name: "Ana Example".into(),
            variants: vec![],
            terms: vec![TermRec {
                position: 2,
                start: day("2020-01-01"),
                end: When::Vague,
                replaces: None,
                replaced_by: None,
                preferred: false,
            }],
        }];
        let positions = HashMap::from([(
            2,
            PositionRec {
                qid: 2,
                title: "Mayor".into(),
                aliases: vec![],
                countries: vec![9, 3],
            },
        )]);
        let countries = HashMap::from([(
            3,
            CountryRec {
                qid: 3,
                code: "XK".into(),
                name: "Kosovo".into(),
            },
        )]);
        // A vague end without a successor drops the term.
        let r = resolve(&people, &countries, &positions, 0);
        assert!(r.offices.is_empty());
        assert_eq!(r.skipped.summary(), "1 term with a date not to the day");
        let mut people = people;
        people[0].terms[0].end = When::Absent;
        let r = resolve(&people, &countries, &positions, 0);
        let toml = render(&Tables {
            people: &people,
            positions: &positions,
            countries: &countries,
            resolved: &r,
            known_codes: &HashSet::new(),
            source_name: "d.json",
            dump_date: NaiveDate::from_ymd_opt(2026, 1, 2).expect("date"),
        });
        assert!(
            toml.contains("\n[[country]]\ncode = \"XK\"\nnames = [\"Kosovo\"]\n"),
            "{toml}"
        );
        assert!(
            toml.contains("id = \"wd.q2\"\ncountry = \"XK\"\n"),
            "{toml}"
        );
    }

    #[test]
    fn strings_are_escaped_for_toml() {
        assert_eq!(quote("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
    }
}
