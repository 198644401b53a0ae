//! `copydesk kb import --format everypolitician`: OpenSanctions' EveryPolitician data (or any
//! OpenSanctions export) in FollowTheMoney entity JSON lines (`entities.ftm.json`: one
//! entity a line, `{"id", "schema", "properties": {name: [values]}, "datasets", "caption",
//! "first_seen", "last_seen", "last_change", ...}`), plain or gzipped, into KB records.
//!
//! Licence: OpenSanctions publishes the data under CC BY-NC 4.0: non-commercial use only,
//! with attribution; the import says so on stderr and at the top of the file it writes.
//!
//! Read: `Occupancy` (`holder` → a `Person`, `post` → a `Position`, `startDate`, `endDate`,
//! `status`), `Person` (`name`, `alias`; the entity's `caption` is the name when it is one
//! of the names) and `Position` (`name`, `country`). Other schemata are ignored. An
//! occupancy becomes a holder record when its start is known to the day; otherwise it is
//! reported by line and skipped, as is one whose end is known only to the year or month,
//! one that has ended (`status` "ended") without an end date, and one whose person or
//! position is missing from the file or whose position has no country.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use super::Kb;
use super::import::{Extras, ImportError, PersonExtra, Row, country_code};

/// The notice printed on stderr and written, as comment lines, at the top of the output.
pub const LICENCE: &str = "EveryPolitician data by OpenSanctions (https://www.opensanctions.org) is licensed CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): non-commercial use only, with attribution to OpenSanctions; commercial use needs a licence from OpenSanctions.";

#[derive(Deserialize)]
struct EntityDe {
    #[serde(default)]
    id: String,
    #[serde(default)]
    schema: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    properties: HashMap<String, Vec<Value>>,
    #[serde(default)]
    datasets: Vec<String>,
    #[serde(default)]
    last_seen: Option<String>,
}

impl EntityDe {
    /// A property's values as text; an entity reference given as a nested entity (as in
    /// `targets.nested.json`) counts by its `id`.
    fn values(&self, prop: &str) -> Vec<String> {
        self.properties
            .get(prop)
            .map(|vs| {
                vs.iter()
                    .filter_map(|v| match v {
                        Value::String(s) => Some(s.trim().to_string()),
                        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
                        _ => None,
                    })
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

struct Person {
    name: String,
    variants: Vec<String>,
}

struct Position {
    name: String,
    country: Option<String>,
}

struct Occupancy {
    line: usize,
    id: String,
    holder: Vec<String>,
    post: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
    status: Vec<String>,
    datasets: Vec<String>,
}

/// What an EveryPolitician file gives.
#[derive(Debug, Default)]
pub struct Imported {
    pub rows: Vec<Row>,
    /// Occupancies skipped, by line, and lines that are not JSON entities.
    pub errors: Vec<ImportError>,
    /// The persons' variants and notes, by name.
    pub persons: BTreeMap<String, PersonExtra>,
    /// The latest `last_seen` in the file: when the export was made.
    pub last_seen: Option<NaiveDate>,
    /// Entities read (every schema).
    pub entities: usize,
}

/// Open `path` (gzipped or not, by its first bytes) and read it.
pub fn read_file(kb: &Kb, path: &Path) -> Result<Imported, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("{}: {}", path.display(), crate::files::io_reason(&e)))?;
    let mut buf = BufReader::new(file);
    let gzipped = buf
        .fill_buf()
        .map(|b| b.starts_with(&[0x1f, 0x8b]))
        .map_err(|e| format!("{}: {}", path.display(), crate::files::io_reason(&e)))?;
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(buf)))
    } else {
        Box::new(buf)
    };
    read(kb, reader).map_err(|e| format!("{}: {e}", path.display()))
}

/// Read FtM entity JSON lines and resolve each occupancy to a holder record.
pub fn read(kb: &Kb, reader: impl Read) -> Result<Imported, String> {
    let mut out = Imported::default();
    let mut persons: HashMap<String, Person> = HashMap::new();
    let mut positions: HashMap<String, Position> = HashMap::new();
    let mut occupancies: Vec<Occupancy> = Vec::new();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .map_err(|e| format!("line {}: {e}", n + 1))?;
        if read == 0 {
            break;
        }
        n += 1;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let e: EntityDe = match serde_json::from_str(text) {
            Ok(e) => e,
            Err(err) => {
                out.errors.push(ImportError {
                    record: n,
                    message: format!("not a FollowTheMoney entity: {err}"),
                });
                continue;
            }
        };
        out.entities += 1;
        if let Some(d) = e.last_seen.as_deref().and_then(full_date) {
            out.last_seen = out.last_seen.max(Some(d));
        }
        match e.schema.as_str() {
            "Person" => {
                let names = e.values("name");
                let name = e
                    .caption
                    .as_ref()
                    .filter(|c| names.contains(c))
                    .or(names.first())
                    .cloned();
                if let Some(name) = name {
                    let mut variants: Vec<String> = Vec::new();
                    for v in names.iter().chain(e.values("alias").iter()) {
                        if *v != name && !variants.contains(v) {
                            variants.push(v.clone());
                        }
                    }
                    persons.insert(e.id.clone(), Person { name, variants });
                }
            }
            "Position" => {
                if let Some(name) = e.values("name").into_iter().next() {
                    let country = e.values("country").into_iter().next();
                    positions.insert(e.id.clone(), Position { name, country });
                }
            }
            "Occupancy" => occupancies.push(Occupancy {
                line: n,
                holder: e.values("holder"),
                post: e.values("post"),
                start: e.values("startDate"),
                end: e.values("endDate"),
                status: e.values("status"),
                datasets: e.datasets,
                id: e.id,
            }),
            _ => {}
        }
    }
    let mut notes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for o in &occupancies {
        match resolve(kb, o, &persons, &positions) {
            Ok((row, person_id)) => {
                if let Some(p) = persons.get(&person_id) {
                    let extra = out.persons.entry(p.name.clone()).or_default();
                    for v in &p.variants {
                        if !extra.variants.contains(v) {
                            extra.variants.push(v.clone());
                        }
                    }
                    notes.entry(p.name.clone()).or_default().insert(person_id);
                }
                out.rows.push(row);
            }
            Err(message) => out.errors.push(ImportError {
                record: o.line,
                message,
            }),
        }
    }
    for (name, ids) in notes {
        if let Some(extra) = out.persons.get_mut(&name) {
            let ids: Vec<String> = ids.into_iter().collect();
            extra.note = Some(format!("opensanctions {}", ids.join(", ")));
        }
    }
    out.errors.sort_by_key(|e| e.record);
    Ok(out)
}

/// A `YYYY-MM-DD` date, or the day of a `YYYY-MM-DDTHH:MM:SS` timestamp; `None` for a
/// date known only to the year or month (`2019`, `2019-05`).
fn full_date(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// One occupancy as a holder record (and its person's id), or why it is skipped.
fn resolve(
    kb: &Kb,
    o: &Occupancy,
    persons: &HashMap<String, Person>,
    positions: &HashMap<String, Position>,
) -> Result<(Row, String), String> {
    let what = format!("occupancy {}", o.id);
    let Some(person_id) = o.holder.first() else {
        return Err(format!("{what} has no holder"));
    };
    let Some(post_id) = o.post.first() else {
        return Err(format!("{what} has no post"));
    };
    let Some(person) = persons.get(person_id) else {
        return Err(format!(
            "{what}: holder {person_id} is not a Person in the file"
        ));
    };
    let Some(position) = positions.get(post_id) else {
        return Err(format!(
            "{what}: post {post_id} is not a Position in the file"
        ));
    };
    let Some(country) = &position.country else {
        return Err(format!("{what}: position {post_id} has no country"));
    };
    let start = match o.start.iter().filter_map(|s| full_date(s)).min() {
        Some(d) => d,
        None => {
            return Err(match o.start.first() {
                Some(s) => format!("{what}: start `{s}` is not a full date (YYYY-MM-DD)"),
                None => format!("{what} has no start date"),
            });
        }
    };
    let end = match (
        o.end.iter().filter_map(|s| full_date(s)).max(),
        o.end.first(),
    ) {
        (Some(d), _) => Some(d),
        (None, Some(s)) => {
            return Err(format!("{what}: end `{s}` is not a full date (YYYY-MM-DD)"));
        }
        (None, None) if o.status.iter().any(|s| s == "ended") => {
            return Err(format!(
                "{what} has ended (status \"ended\") but has no end date"
            ));
        }
        (None, None) => None,
    };
    if end.is_some_and(|e| e <= start) {
        return Err(format!("{what}: end is not after start"));
    }
    let datasets = if o.datasets.is_empty() {
        "opensanctions".to_string()
    } else {
        o.datasets.join(", ")
    };
    let row = Row {
        position: position.name.clone(),
        country: country_code(kb, country),
        holder: person.name.clone(),
        start,
        end,
        source: format!("https://www.opensanctions.org/entities/{person_id}/"),
        note: Some(format!(
            "opensanctions {datasets}: occupancy {}, person {person_id}, position {post_id}",
            o.id
        )),
    };
    Ok((row, person_id.clone()))
}

/// The comment lines at the top of the output: where it came from and its licence.
pub fn header(file_name: &str) -> String {
    format!(
        "# Imported by `copydesk kb import --format everypolitician` from {file_name}.\n\
# EveryPolitician data by OpenSanctions (https://www.opensanctions.org), licensed\n\
# CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): non-commercial use only,\n\
# with attribution to OpenSanctions; commercial use needs a licence from OpenSanctions.\n\
# Each holder's note names its OpenSanctions entities (occupancy, person, position).\n"
    )
}

/// The rows and persons as a KB file with the licence header.
pub fn to_toml(imported: &Imported, file_name: &str, as_of: Option<NaiveDate>) -> String {
    let extras = Extras {
        header: Some(header(file_name)),
        persons: imported.persons.clone(),
    };
    super::import::to_toml_with(&imported.rows, as_of, &extras)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_are_not_full_dates() {
        assert_eq!(full_date("2019"), None);
        assert_eq!(full_date("2019-05"), None);
        assert_eq!(full_date("2019-05-01"), NaiveDate::from_ymd_opt(2019, 5, 1));
        assert_eq!(
            full_date("2026-11-30T04:12:09"),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
    }

    #[test]
    fn an_occupancy_before_its_person_still_resolves() {
        let kb = Kb::builtin();
        let text = r#"{"id":"occ-1","schema":"Occupancy","properties":{"holder":["p-1"],"post":["pos-1"],"startDate":["2021-03-04"],"status":["current"]},"datasets":["everypolitician"]}
{"id":"p-1","schema":"Person","caption":"Ana Example","properties":{"name":["Ana Example"],"alias":["Ana B. Example"]}}
{"id":"pos-1","schema":"Position","properties":{"name":["Harbour Master"],"country":["pt"]}}
"#;
        let got = read(&kb, text.as_bytes()).expect("reads");
        assert_eq!(got.errors, vec![]);
        assert_eq!(
            got.rows,
            vec![Row {
                position: "Harbour Master".into(),
                country: "PT".into(),
                holder: "Ana Example".into(),
                start: NaiveDate::from_ymd_opt(2021, 3, 4).expect("date"),
                end: None,
                source: "https://www.opensanctions.org/entities/p-1/".into(),
                note: Some(
                    "opensanctions everypolitician: occupancy occ-1, person p-1, position pos-1"
                        .into()
                ),
            }]
        );
        assert_eq!(
            got.persons.get("Ana Example"),
            Some(&PersonExtra {
                variants: vec!["Ana B. Example".into()],
                note: Some("opensanctions p-1".into()),
            })
        );
    }
}
