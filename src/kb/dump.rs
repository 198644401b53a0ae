//! Streaming a Wikidata JSON dump for `copydesk kb build`.
//!
//! The dump is Wikidata's `all.json` format — a JSON array written one entity per line:
//! `[` on the first line, then `{…},` lines, the last entity without the comma, `]` — or
//! newline-delimited JSON (one entity per line, no brackets or commas). `.gz` (multi-member,
//! as the dumps are) and `.bz2` are decompressed on the fly; anything else is read as is.
//!
//! Two passes over the file, each with memory bounded by one chunk of lines (parsed in
//! parallel) plus what it keeps: the first keeps the people with P39 statements (compact
//! tuples) and the countries (items with P297), the second the positions those people
//! named. Lines that cannot matter are skipped without being parsed: in the first pass,
//! lines without `"P39"` or `"P297"`; in the second, lines whose id (read from the line's
//! start) is not a wanted position.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::wikidata::{self, CountryRec, PersonRec, PositionRec, Resolved};

/// Lines parsed together (in parallel); a chunk also ends after [`CHUNK_BYTES`].
const CHUNK_LINES: usize = 4096;
const CHUNK_BYTES: usize = 64 << 20;
/// Bad lines reported one by one; the rest are counted.
const MAX_WARNINGS: usize = 10;

/// `kb build` options.
pub struct BuildOptions {
    /// Label and alias languages, in order of preference for the name.
    pub languages: Vec<String>,
    pub dump_date: NaiveDate,
    /// A progress line on stderr.
    pub progress: bool,
    /// Country codes the built-in KB declares.
    pub known_codes: HashSet<String>,
}

/// What `kb build` produced.
pub struct BuildOutput {
    pub toml: String,
    pub entities: u64,
    pub people: usize,
    pub offices: usize,
    pub terms: usize,
    pub resolved: Resolved,
    /// "FILE:LINE: message" for the first bad lines.
    pub warnings: Vec<String>,
    pub bad_lines: usize,
}

/// A reader that counts the (compressed) bytes read from the file.
struct Counting<R> {
    inner: R,
    n: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let k = self.inner.read(buf)?;
        self.n.fetch_add(k as u64, Ordering::Relaxed);
        Ok(k)
    }
}

fn open(path: &Path) -> Result<(Box<dyn BufRead>, Arc<AtomicU64>), String> {
    let file = File::open(path)
        .map_err(|e| format!("{}: {}", path.display(), crate::files::io_reason(&e)))?;
    let n = Arc::new(AtomicU64::new(0));
    let raw = Counting {
        inner: file,
        n: n.clone(),
    };
    let name = path.to_string_lossy().to_ascii_lowercase();
    let r: Box<dyn BufRead> = if name.ends_with(".gz") {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(BufReader::new(raw)),
        ))
    } else if name.ends_with(".bz2") {
        Box::new(BufReader::with_capacity(
            1 << 20,
            bzip2::read::MultiBzDecoder::new(BufReader::new(raw)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, raw))
    };
    Ok((r, n))
}

/// An entity line without the array's punctuation; `None` for `[`, `]` and blank lines.
fn entity(line: &[u8]) -> Option<&[u8]> {
    let t = line.trim_ascii();
    let t = t.strip_suffix(b",").unwrap_or(t).trim_ascii_end();
    (!t.is_empty() && t != b"[" && t != b"]").then_some(t)
}

/// The progress line: bytes read (of the file's size) and entities per second.
struct Progress {
    on: bool,
    label: &'static str,
    total: u64,
    started: Instant,
    last: Instant,
}

impl Progress {
    fn show(&mut self, bytes: u64, entities: u64, done: bool) {
        if !self.on || (!done && self.last.elapsed().as_millis() < 500) {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        eprint!(
            "\r{}: {:.0} of {:.0} MB, {entities} entities, {:.0} entities/s, {:.1} MB/s   {}",
            self.label,
            bytes as f64 / 1e6,
            self.total as f64 / 1e6,
            entities as f64 / secs,
            bytes as f64 / 1e6 / secs,
            if done { "\n" } else { "" }
        );
    }
}

/// Counts of one pass.
#[derive(Default)]
struct PassStats {
    entities: u64,
    bad_lines: usize,
    warnings: Vec<String>,
}

/// A line's outcome: not an entity (`None`), parsed (maybe kept), or not JSON.
type Parsed<T> = Option<Result<Option<T>, String>>;

/// One pass: every entity line through `parse` (in parallel, chunk by chunk), the results
/// in file order into `sink`.
fn scan<T: Send>(
    path: &Path,
    progress: &mut Progress,
    parse: impl Fn(&[u8]) -> Result<Option<T>, String> + Sync,
    mut sink: impl FnMut(T),
) -> Result<PassStats, String> {
    let (mut r, bytes) = open(path)?;
    let mut stats = PassStats::default();
    let mut line_no = 0u64;
    loop {
        let mut chunk: Vec<(u64, Vec<u8>)> = Vec::new();
        let mut size = 0;
        while chunk.len() < CHUNK_LINES && size < CHUNK_BYTES {
            let mut buf = Vec::new();
            let n = r
                .read_until(b'\n', &mut buf)
                .map_err(|e| format!("{}: line {}: {e}", path.display(), line_no + 1))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            size += n;
            chunk.push((line_no, buf));
        }
        if chunk.is_empty() {
            break;
        }
        let parsed: Vec<(u64, Parsed<T>)> = chunk
            .par_iter()
            .map(|(n, l)| (*n, entity(l).map(&parse)))
            .collect();
        for (n, res) in parsed {
            match res {
                None => {}
                Some(Ok(t)) => {
                    stats.entities += 1;
                    if let Some(t) = t {
                        sink(t);
                    }
                }
                Some(Err(e)) => {
                    stats.entities += 1;
                    stats.bad_lines += 1;
                    if stats.warnings.len() < MAX_WARNINGS {
                        stats.warnings.push(format!(
                            "{}:{n}: not a Wikidata entity: {e}",
                            path.display()
                        ));
                    }
                }
            }
        }
        progress.show(bytes.load(Ordering::Relaxed), stats.entities, false);
    }
    progress.show(bytes.load(Ordering::Relaxed), stats.entities, true);
    Ok(stats)
}

fn progress(on: bool, label: &'static str, path: &Path) -> Progress {
    Progress {
        on: on && std::io::stderr().is_terminal(),
        label,
        total: std::fs::metadata(path).map_or(0, |m| m.len()),
        started: Instant::now(),
        last: Instant::now(),
    }
}

/// Build a KB file from a dump: two passes, then resolution and rendering.
pub fn build(path: &Path, opts: &BuildOptions) -> Result<BuildOutput, String> {
    let langs = &opts.languages;
    let mut people: Vec<PersonRec> = Vec::new();
    let mut countries: HashMap<u64, CountryRec> = HashMap::new();
    let mut deprecated = 0;
    let mut p1 = progress(opts.progress, "pass 1/2 (people, countries)", path);
    let first = scan(
        path,
        &mut p1,
        |l| {
            let wanted = memchr::memmem::find(l, br#""P39""#).is_some()
                || memchr::memmem::find(l, br#""P297""#).is_some();
            wanted.then(|| wikidata::first_pass(l, langs)).transpose()
        },
        |f| {
            deprecated += f.deprecated;
            people.extend(f.person);
            if let Some(c) = f.country {
                countries.insert(c.qid, c);
            }
        },
    )?;
    let wanted: HashSet<u64> = people
        .iter()
        .flat_map(|p| p.terms.iter().map(|t| t.position))
        .collect();
    let mut positions: HashMap<u64, PositionRec> = HashMap::new();
    let mut p2 = progress(opts.progress, "pass 2/2 (positions)", path);
    scan(
        path,
        &mut p2,
        |l| match wikidata::sniff_id(l) {
            Some(id) if !wanted.contains(&id) => Ok(None),
            _ => wikidata::position(l, langs).map(|p| p.filter(|p| wanted.contains(&p.qid))),
        },
        |p| {
            positions.insert(p.qid, p);
        },
    )?;
    let resolved = wikidata::resolve(&people, &countries, &positions, deprecated);
    let source_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let toml = wikidata::render(&wikidata::Tables {
        people: &people,
        positions: &positions,
        countries: &countries,
        resolved: &resolved,
        known_codes: &opts.known_codes,
        source_name: &source_name,
        dump_date: opts.dump_date,
    });
    let holders = resolved.offices.values().flat_map(|o| &o.1);
    let persons: HashSet<u64> = holders.clone().map(|h| h.person).collect();
    Ok(BuildOutput {
        toml,
        entities: first.entities,
        people: persons.len(),
        offices: resolved.offices.len(),
        terms: holders.count(),
        resolved,
        warnings: first.warnings,
        bad_lines: first.bad_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_punctuation_is_not_an_entity() {
        assert_eq!(entity(b"[\n"), None);
        assert_eq!(entity(b"]"), None);
        assert_eq!(entity(b"  \r\n"), None);
        assert_eq!(entity(b"{\"id\":\"Q1\"},\n"), Some(&b"{\"id\":\"Q1\"}"[..]));
        assert_eq!(
            entity(b"{\"id\":\"Q1\"}\r\n"),
            Some(&b"{\"id\":\"Q1\"}"[..])
        );
    }
}
