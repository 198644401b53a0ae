//! `copydesk kb conflicts`: where KB files disagree, listed instead of silently resolved.
//! Lookups are unchanged (a later file's office with the same `id` replaces the earlier
//! one; the curated files win where they are explicit); this only reports.
//!
//! Two offices of different files are the same office when they have the same `id`, or
//! the same country and a title or alias in common (what a lookup of that title would
//! find both by). Between their records:
//! - **dates**: the same person (by name key, through the declared name variants) with
//!   overlapping terms whose starts, or ends, differ by more than [`TOLERANCE_DAYS`] (an
//!   open term counts as "still in office at the file's `as_of`"; a later end is news, not
//!   a conflict);
//! - **holders**: two different people holding a single-holder office (neither acting) on
//!   the same date, for more than [`TOLERANCE_DAYS`] (an open term ends at its file's
//!   `as_of`).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{Days, NaiveDate};

use super::{BUILTIN, FileDe, KbError, META_FILE, alias_key, parse_date, parse_file};
use crate::text::name_key;

/// Days by which two sources may disagree (time zones, inclusive vs exclusive ends).
pub const TOLERANCE_DAYS: i64 = 3;

/// One holder record as a file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub file: String,
    pub office: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub acting: bool,
    pub source: String,
    /// The file's date (its own `as_of`, else the built-in KB's).
    pub as_of: Option<NaiveDate>,
}

impl Record {
    fn span(&self) -> String {
        match self.end {
            Some(e) => format!("{} – {e}", self.start),
            None => format!(
                "since {}{}",
                self.start,
                self.as_of
                    .map(|d| format!(" (as of {d})"))
                    .unwrap_or_default()
            ),
        }
    }

    /// The end for comparisons: the end, else the day after the file's date (unbounded
    /// without one).
    fn known_end(&self) -> Option<NaiveDate> {
        self.end
            .or_else(|| self.as_of.and_then(|d| d.checked_add_days(Days::new(1))))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The same person's term with other dates.
    Dates,
    /// Two holders of a single-holder office at once.
    Holders,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub kind: Kind,
    /// "President (US)".
    pub office: String,
    pub country: String,
    /// For `holders`: the first day both hold the office.
    pub date: Option<NaiveDate>,
    pub records: [Record; 2],
}

impl Record {
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "office": self.office,
            "name": self.name,
            "start": self.start.to_string(),
            "end": self.end.map(|d| d.to_string()),
            "acting": self.acting,
            "source": self.source,
            "as_of": self.as_of.map(|d| d.to_string()),
        })
    }
}

impl Conflict {
    /// The JSON form (`copydesk kb conflicts --format json`).
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": match self.kind { Kind::Dates => "dates", Kind::Holders => "holders" },
            "office": self.office,
            "country": self.country,
            "date": self.date.map(|d| d.to_string()),
            "records": [self.records[0].json(), self.records[1].json()],
        })
    }

    /// The human form: a headline and each record with its file, office id and source.
    pub fn text(&self) -> String {
        let head = match self.kind {
            Kind::Dates => format!(
                "{}: {}: the sources give other dates",
                self.office, self.records[0].name
            ),
            Kind::Holders => format!(
                "{}: two holders of a single-holder office on {}",
                self.office,
                self.date.map_or_else(String::new, |d| d.to_string())
            ),
        };
        let mut s = format!("{head}\n");
        for r in &self.records {
            s.push_str(&format!(
                "  {} [{}]: {}{} {} — {}\n",
                r.file,
                r.office,
                r.name,
                if r.acting { " (acting)" } else { "" },
                r.span(),
                r.source
            ));
        }
        s
    }
}

struct OfficeRec {
    file: String,
    id: String,
    country: String,
    title: String,
    single: bool,
    forms: BTreeSet<String>,
    records: Vec<Record>,
}

/// The conflicts between the built-in files and `extra` (in that order).
pub fn between_files(extra: &[&Path]) -> Result<Vec<Conflict>, KbError> {
    let mut files: Vec<(String, FileDe, bool)> = Vec::new();
    for (name, text) in BUILTIN {
        let file = format!("kb/{name}");
        let de = parse_file(&file, text)?;
        files.push((file, de, *name == META_FILE));
    }
    for p in extra {
        let file = p.display().to_string();
        let text = std::fs::read_to_string(p).map_err(|e| KbError {
            file: file.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let de = parse_file(&file, &text)?;
        files.push((file, de, false));
    }
    find(files)
}

/// The conflicts between parsed files: (name, contents, is the global date's file).
fn find(files: Vec<(String, FileDe, bool)>) -> Result<Vec<Conflict>, KbError> {
    let dates = file_dates(&files)?;
    let person_key = person_keys(&files);
    let who = |name: &str| {
        let k = name_key(name);
        person_key.get(&k).cloned().unwrap_or(k)
    };
    let offices = office_records(files, dates)?;
    let mut out = Vec::new();
    for (i, j) in pairs(&offices) {
        out.extend(pair_conflicts(&offices[i], &offices[j], &who));
    }
    Ok(out)
}

/// Each file's `as_of` date, else the global date (the global file's own).
fn file_dates(files: &[(String, FileDe, bool)]) -> Result<Vec<Option<NaiveDate>>, KbError> {
    let mut global = None;
    let mut dates = Vec::new();
    for (file, de, is_global) in files {
        let d = de
            .as_of
            .as_deref()
            .map(|a| parse_date(a, file, || "as_of".to_string()))
            .transpose()?;
        if *is_global && d.is_some() {
            global = d;
        }
        dates.push(d);
    }
    Ok(dates.into_iter().map(|d| d.or(global)).collect())
}

/// A person's every spelling → the key of the name first declared with it.
fn person_keys(files: &[(String, FileDe, bool)]) -> HashMap<String, String> {
    let mut person_key: HashMap<String, String> = HashMap::new();
    for (_, de, _) in files {
        for p in &de.person {
            let keys: Vec<String> = std::iter::once(&p.name)
                .chain(&p.variants)
                .map(|v| name_key(v))
                .collect();
            let key = keys
                .iter()
                .find_map(|k| person_key.get(k).cloned())
                .unwrap_or_else(|| keys[0].clone());
            for k in keys {
                person_key.entry(k).or_insert_with(|| key.clone());
            }
        }
    }
    person_key
}

/// Every office of every file with its holders' records.
fn office_records(
    files: Vec<(String, FileDe, bool)>,
    dates: Vec<Option<NaiveDate>>,
) -> Result<Vec<OfficeRec>, KbError> {
    let mut offices = Vec::new();
    for ((file, de, _), as_of) in files.into_iter().zip(dates) {
        for o in de.office {
            let mut records = Vec::new();
            for h in o.holders {
                let what = || format!("office {} holder {}", o.id, h.name);
                let start = parse_date(&h.start, &file, what)?;
                let end = h
                    .end
                    .as_deref()
                    .map(|e| parse_date(e, &file, what))
                    .transpose()?;
                records.push(Record {
                    file: file.clone(),
                    office: o.id.clone(),
                    name: h.name,
                    start,
                    end,
                    acting: h.acting,
                    source: h.source.unwrap_or_default(),
                    as_of,
                });
            }
            let forms = std::iter::once(&o.title)
                .chain(&o.aliases)
                .map(|a| alias_key(a))
                .collect();
            offices.push(OfficeRec {
                file: file.clone(),
                id: o.id,
                country: o.country,
                title: o.title,
                single: o.single,
                forms,
                records,
            });
        }
    }
    Ok(offices)
}

/// Pairs of offices from different files with the same id or the same (country, title or
/// alias key), found through two maps instead of comparing all.
fn pairs(offices: &[OfficeRec]) -> BTreeSet<(usize, usize)> {
    let mut by_title: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in offices.iter().enumerate() {
        for f in &o.forms {
            by_title
                .entry((o.country.as_str(), f.as_str()))
                .or_default()
                .push(i);
        }
        by_id.entry(o.id.as_str()).or_default().push(i);
    }
    let mut pairs = BTreeSet::new();
    for (i, o) in offices.iter().enumerate() {
        let same_title = o
            .forms
            .iter()
            .filter_map(|f| by_title.get(&(o.country.as_str(), f.as_str())))
            .flatten();
        for &j in same_title.chain(&by_id[o.id.as_str()]) {
            if offices[j].file != o.file {
                pairs.insert((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

/// The conflicts between the records of two offices that are one: the same person with
/// other dates, or two holders of a single-holder office at once.
fn pair_conflicts(a: &OfficeRec, b: &OfficeRec, who: &dyn Fn(&str) -> String) -> Vec<Conflict> {
    let label = format!("{} ({})", a.title, a.country);
    let mut out = Vec::new();
    for ra in &a.records {
        for rb in &b.records {
            let overlap = overlap_days(ra, rb);
            let kind = if who(&ra.name) == who(&rb.name) {
                (overlap > 0 && dates_differ(ra, rb)).then_some(Kind::Dates)
            } else {
                (a.single && b.single && !ra.acting && !rb.acting && overlap > TOLERANCE_DAYS)
                    .then_some(Kind::Holders)
            };
            if let Some(kind) = kind {
                out.push(Conflict {
                    date: (kind == Kind::Holders).then(|| ra.start.max(rb.start)),
                    kind,
                    office: label.clone(),
                    country: a.country.clone(),
                    records: [ra.clone(), rb.clone()],
                });
            }
        }
    }
    out
}

/// Days both records cover (open terms end at their file's date); `i64::MAX` when both
/// are open without a date.
fn overlap_days(a: &Record, b: &Record) -> i64 {
    let start = a.start.max(b.start);
    match (a.known_end(), b.known_end()) {
        (None, None) => i64::MAX,
        (Some(e), None) | (None, Some(e)) => (e - start).num_days(),
        (Some(x), Some(y)) => (x.min(y) - start).num_days(),
    }
}

/// The same person's overlapping terms disagree: starts more than the tolerance apart,
/// both ends too, or one ended well before the other's file still had the term open.
fn dates_differ(a: &Record, b: &Record) -> bool {
    let far = |x: NaiveDate, y: NaiveDate| (x - y).num_days().abs() > TOLERANCE_DAYS;
    if far(a.start, b.start) {
        return true;
    }
    match (a.end, b.end) {
        (Some(x), Some(y)) => far(x, y),
        (Some(e), None) => b.as_of.is_some_and(|d| (d - e).num_days() > TOLERANCE_DAYS),
        (None, Some(e)) => a.as_of.is_some_and(|d| (d - e).num_days() > TOLERANCE_DAYS),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(start: &str, end: Option<&str>, as_of: &str) -> Record {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        Record {
            file: "f.toml".into(),
            office: "o".into(),
            name: "A".into(),
            start: d(start),
            end: end.map(d),
            acting: false,
            source: String::new(),
            as_of: Some(d(as_of)),
        }
    }

    #[test]
    fn a_few_days_apart_is_agreement_and_open_terms_end_at_their_files_date() {
        let a = rec("2021-01-20", Some("2025-01-20"), "2025-10-31");
        assert!(!dates_differ(
            &a,
            &rec("2021-01-23", Some("2025-01-21"), "2026-11-30")
        ));
        assert!(dates_differ(
            &a,
            &rec("2021-01-24", Some("2025-01-20"), "2026-11-30")
        ));
        assert!(dates_differ(
            &a,
            &rec("2021-01-20", Some("2025-01-24"), "2026-11-30")
        ));
        // Open in a file dated before the other's end: news, not a conflict.
        let open = rec("2021-01-20", None, "2024-12-31");
        assert!(!dates_differ(&open, &a));
        // Open in a file dated well after the other's end: a conflict.
        let open = rec("2021-01-20", None, "2025-10-31");
        assert!(dates_differ(&open, &a));
        // Overlap counts an open term up to the day after its file's date.
        let later = rec("2025-10-01", None, "2026-11-30");
        assert_eq!(overlap_days(&open, &later), 31);
        assert_eq!(overlap_days(&a, &later), -254);
    }
}
