//! `copydesk kb import`: turn Wikidata "position held" query results (SPARQL JSON) or a
//! simple CSV (`position,country,holder,start,end`) into a KB file in the `kb/` format.
//!
//! Wikidata: run a query such as
//! ```sparql
//! SELECT ?person ?personLabel ?position ?positionLabel ?start ?end ?countryLabel WHERE {
//!   ?person p:P39 ?st . ?st ps:P39 ?position ; pq:P580 ?start .
//!   OPTIONAL { ?st pq:P582 ?end }  OPTIONAL { ?position wdt:P17 ?country }
//!   VALUES ?position { wd:Q11696 }
//!   SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } }
//! ```
//! and save the result as JSON. Recognised variables: `personLabel` (or `holderLabel`,
//! `itemLabel`), `positionLabel`, `start` (or `startTime`), `end` (or `endTime`), optional
//! `person`/`position` (entity URIs, kept as the record's source), `countryLabel` or
//! `country` (a code or a name from `kb/countries.toml`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::Kb;

/// One imported holder record.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub position: String,
    pub country: String,
    pub holder: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub source: String,
    /// Provenance beyond the source (the entity ids of an EveryPolitician record).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based record number (CSV line or SPARQL binding index + 1).
    pub record: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {}: {}", self.record, self.message)
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    let day = s.trim().trim_start_matches('+');
    NaiveDate::parse_from_str(day.get(..10).unwrap_or(day), "%Y-%m-%d").ok()
}

/// Resolve a country column: a code ("US"), a name or adjective ("France", "French").
pub(crate) fn country_code(kb: &Kb, s: &str) -> String {
    let s = s.trim();
    if let Some(c) = kb.countries.iter().find(|c| c.code.eq_ignore_ascii_case(s)) {
        return c.code.clone();
    }
    kb.country_for(s)
        .map_or_else(|| s.to_uppercase(), |c| c.code.clone())
}

/// Parse SPARQL JSON results. Rows with missing fields are reported and skipped.
pub fn from_sparql_json(kb: &Kb, text: &str) -> Result<(Vec<Row>, Vec<ImportError>), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not SPARQL JSON: {e}"))?;
    let bindings = v["results"]["bindings"]
        .as_array()
        .ok_or("not SPARQL JSON: no results.bindings array")?;
    let get = |b: &Value, names: &[&str]| {
        names
            .iter()
            .find_map(|n| b[*n]["value"].as_str().map(str::to_string))
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, b) in bindings.iter().enumerate() {
        let rec = i + 1;
        let holder = get(b, &["personLabel", "holderLabel", "itemLabel"]);
        let position = get(b, &["positionLabel", "officeLabel"]);
        let start = get(b, &["start", "startTime", "start_date"]);
        let (Some(holder), Some(position), Some(start)) = (holder, position, start) else {
            errors.push(ImportError {
                record: rec,
                message: "needs personLabel, positionLabel and start".into(),
            });
            continue;
        };
        let Some(start) = date(&start) else {
            errors.push(ImportError {
                record: rec,
                message: format!("start `{start}` is not a date"),
            });
            continue;
        };
        let end = match get(b, &["end", "endTime", "end_date"]) {
            Some(e) => match date(&e) {
                Some(d) => Some(d),
                None => {
                    errors.push(ImportError {
                        record: rec,
                        message: format!("end `{e}` is not a date"),
                    });
                    continue;
                }
            },
            None => None,
        };
        let country = get(b, &["countryCode", "countryLabel", "country"])
            .map(|c| country_code(kb, &c))
            .unwrap_or_default();
        let source = match (
            get(b, &["person", "holder", "item"]),
            get(b, &["position", "office"]),
        ) {
            (Some(p), Some(o)) => format!("wikidata: {p} P39 {o}"),
            (Some(p), None) => format!("wikidata: {p} P39"),
            _ => format!("wikidata query result, row {rec}"),
        };
        rows.push(Row {
            position,
            country,
            holder,
            start,
            end,
            source,
            note: None,
        });
    }
    Ok((rows, errors))
}

/// Parse `position,country,holder,start,end` CSV (a header row is required).
pub fn from_csv(kb: &Kb, text: &str, file: &str) -> Result<(Vec<Row>, Vec<ImportError>), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| format!("cannot read CSV header: {e}"))?
        .clone();
    let cols = CsvColumns::of(&headers)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let row = rec
            .map_err(|e| e.to_string())
            .and_then(|rec| csv_row(kb, &cols, &rec, file, line));
        match row {
            Ok(r) => rows.push(r),
            Err(message) => errors.push(ImportError {
                record: line,
                message,
            }),
        }
    }
    Ok((rows, errors))
}

/// Where the CSV's columns are.
struct CsvColumns {
    position: usize,
    country: usize,
    holder: usize,
    start: usize,
    end: Option<usize>,
    source: Option<usize>,
}

impl CsvColumns {
    fn of(headers: &csv::StringRecord) -> Result<CsvColumns, String> {
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(position), Some(country), Some(holder), Some(start)) =
            (col("position"), col("country"), col("holder"), col("start"))
        else {
            return Err("CSV header must name position,country,holder,start[,end][,source]".into());
        };
        Ok(CsvColumns {
            position,
            country,
            holder,
            start,
            end: col("end"),
            source: col("source"),
        })
    }
}

/// One CSV record (at 1-based `line`) as a row, or why it is skipped.
fn csv_row(
    kb: &Kb,
    cols: &CsvColumns,
    rec: &csv::StringRecord,
    file: &str,
    line: usize,
) -> Result<Row, String> {
    let field = |i: usize| rec.get(i).unwrap_or("").to_string();
    let (position, holder) = (field(cols.position), field(cols.holder));
    if position.is_empty() || holder.is_empty() {
        return Err("empty position or holder".into());
    }
    let Some(start) = date(&field(cols.start)) else {
        return Err(format!(
            "start `{}` is not a YYYY-MM-DD date",
            field(cols.start)
        ));
    };
    let end = match cols.end.map(field).filter(|e| !e.is_empty()) {
        Some(e) => Some(date(&e).ok_or_else(|| format!("end `{e}` is not a YYYY-MM-DD date"))?),
        None => None,
    };
    if end.is_some_and(|e| e <= start) {
        return Err("end is not after start".into());
    }
    let source = cols
        .source
        .map(field)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("{file}, line {line}"));
    Ok(Row {
        position,
        country: country_code(kb, &field(cols.country)),
        holder,
        start,
        end,
        source,
        note: None,
    })
}

#[derive(Serialize)]
struct FileSer {
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    person: Vec<PersonSer>,
    office: Vec<OfficeSer>,
}

#[derive(Serialize)]
struct PersonSer {
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variants: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize)]
struct OfficeSer {
    id: String,
    country: String,
    title: String,
    single: bool,
    holders: Vec<HolderSer>,
}

#[derive(Serialize)]
struct HolderSer {
    name: String,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in crate::text::fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Render rows as a KB file without a date of its own (see [`to_toml_as_of`]).
pub fn to_toml(rows: &[Row]) -> String {
    to_toml_as_of(rows, None)
}

/// Render rows as a KB file. Offices are grouped by (country, position); an office whose
/// terms overlap is marked `single = false`. `as_of`, the date the data was extracted,
/// becomes the file's `as_of`: its open terms are current as of that date.
pub fn to_toml_as_of(rows: &[Row], as_of: Option<NaiveDate>) -> String {
    to_toml_with(rows, as_of, &Extras::default())
}

/// What an import knows beyond its rows.
#[derive(Debug, Default)]
pub struct Extras {
    /// Comment lines for the top of the file, each starting `# ` (default: the
    /// "add aliases by hand" line).
    pub header: Option<String>,
    /// Name variants and a provenance note of a person, by the person's name.
    pub persons: BTreeMap<String, PersonExtra>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PersonExtra {
    pub variants: Vec<String>,
    pub note: Option<String>,
}

/// [`to_toml_as_of`] with a header and the persons' variants and notes.
pub fn to_toml_with(rows: &[Row], as_of: Option<NaiveDate>, extras: &Extras) -> String {
    let mut offices: BTreeMap<(String, String), Vec<&Row>> = BTreeMap::new();
    for r in rows {
        offices
            .entry((r.country.clone(), r.position.clone()))
            .or_default()
            .push(r);
    }
    let mut persons: Vec<String> = rows.iter().map(|r| r.holder.clone()).collect();
    persons.sort();
    persons.dedup();
    let office = offices
        .into_iter()
        .map(|((country, position), mut rs)| {
            rs.sort_by_key(|r| r.start);
            rs.dedup_by(|a, b| a.holder == b.holder && a.start == b.start);
            let overlap = rs
                .windows(2)
                .any(|w| w[0].end.is_none_or(|e| e > w[1].start));
            OfficeSer {
                id: format!("user.{}.{}", country.to_lowercase(), slug(&position)),
                country,
                title: position,
                single: !overlap,
                holders: rs
                    .iter()
                    .map(|r| HolderSer {
                        name: r.holder.clone(),
                        start: r.start.to_string(),
                        end: r.end.map(|e| e.to_string()),
                        source: r.source.clone(),
                        note: r.note.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let file = FileSer {
        as_of: as_of.map(|d| d.to_string()),
        person: persons
            .into_iter()
            .map(|name| {
                let extra = extras.persons.get(&name).cloned().unwrap_or_default();
                PersonSer {
                    name,
                    variants: extra.variants,
                    note: extra.note,
                }
            })
            .collect(),
        office,
    };
    let body = toml::to_string(&file).unwrap_or_default();
    let header = extras
        .header
        .as_deref()
        .unwrap_or("# Imported by `copydesk kb import`. Add aliases and name variants by hand.\n");
    format!("{header}\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::KbBuilder;

    #[test]
    fn sparql_json_rows_become_an_office_file_that_loads() {
        let kb = Kb::builtin();
        let json = r#"{"head":{"vars":["person","personLabel","position","positionLabel","start","end","countryLabel"]},
          "results":{"bindings":[
            {"person":{"type":"uri","value":"http://www.wikidata.org/entity/Q1"},"personLabel":{"type":"literal","value":"Ana Example"},
             "position":{"type":"uri","value":"http://www.wikidata.org/entity/Q99"},"positionLabel":{"type":"literal","value":"Minister of Fisheries"},
             "start":{"datatype":"http://www.w3.org/2001/XMLSchema#dateTime","type":"literal","value":"2019-05-01T00:00:00Z"},
             "end":{"datatype":"http://www.w3.org/2001/XMLSchema#dateTime","type":"literal","value":"2023-02-01T00:00:00Z"},
             "countryLabel":{"type":"literal","value":"Norway"}},
            {"personLabel":{"type":"literal","value":"Bo Example"},"positionLabel":{"type":"literal","value":"Minister of Fisheries"},
             "start":{"type":"literal","value":"2023-02-01T00:00:00Z"},"countryLabel":{"type":"literal","value":"Norway"}},
            {"personLabel":{"type":"literal","value":"No Start"},"positionLabel":{"type":"literal","value":"Minister of Fisheries"}}
          ]}}"#;
        let (rows, errors) = from_sparql_json(&kb, json).expect("parse");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            errors,
            vec![ImportError {
                record: 3,
                message: "needs personLabel, positionLabel and start".into()
            }]
        );
        assert_eq!(rows[0].country, "NO");
        assert_eq!(
            rows[0].source,
            "wikidata: http://www.wikidata.org/entity/Q1 P39 http://www.wikidata.org/entity/Q99"
        );
        let toml = to_toml(&rows);
        let mut b = KbBuilder::default();
        b.add_str("user.toml", &toml).expect("loads");
        let user = b.build().expect("builds");
        assert_eq!(user.offices[0].as_of, None);
        // With the extraction date, the file's offices are current as of it.
        let dated = to_toml_as_of(&rows, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert!(
            dated.contains("\n\nas_of = \"2026-11-30\"\n\n[[person]]\n"),
            "{dated}"
        );
        let mut b = KbBuilder::default();
        b.add_str("user.toml", &dated).expect("loads");
        let d = b.build().expect("builds");
        assert_eq!(d.offices[0].as_of, NaiveDate::from_ymd_opt(2026, 11, 30));
        let o = user.offices_titled("Minister of Fisheries");
        assert_eq!(o.len(), 1);
        let off = &user.offices[o[0]];
        assert_eq!(off.id, "user.no.minister_of_fisheries");
        assert!(off.single);
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
        let h: Vec<&str> = off
            .holders_at(d)
            .map(|t| user.persons[t.person].name.as_str())
            .collect();
        assert_eq!(h, vec!["Bo Example"]);
    }

    #[test]
    fn csv_rows_with_errors_are_reported_by_line() {
        let kb = Kb::builtin();
        let csv = "position,country,holder,start,end\nHarbour Master,FR,Jean Exemple,2020-01-01,2022-01-01\nHarbour Master,French,Marie Exemple,2022-01-01,\nHarbour Master,FR,Bad Date,2022-13-01,\n";
        let (rows, errors) = from_csv(&kb, csv, "h.csv").expect("parse");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].country, "FR");
        assert_eq!(rows[0].source, "h.csv, line 2");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].record, 4);
        assert!(from_csv(&kb, "a,b\n1,2\n", "x.csv").is_err());
    }
}
