//! `copydesk kb who|person|events|import|build|stats|conflicts|audit`.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::kb::{Kb, dump, everypolitician, import, query, sparql, wikidata};

#[derive(Subcommand, Debug)]
pub enum KbCommand {
    /// Who held a title on a date: `kb who "Secretary of Defense" --country US --date 2025-08-20`.
    Who {
        title: String,
        /// Country or organisation: a code (US, NATO) or a name or adjective (France, French).
        #[arg(long)]
        country: Option<String>,
        /// Default: today.
        #[arg(long, value_parser = super::parse_date)]
        date: Option<NaiveDate>,
        /// Extra KB files.
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
    /// Every office a person held: `kb person "John Bolton"`.
    Person {
        name: String,
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
    /// Dated events (wars, summits, elections): `kb events ukraine` lists those whose id,
    /// name or alias contains the query; `--date` adds how long ago each began.
    Events {
        query: Option<String>,
        #[arg(long, value_parser = super::parse_date)]
        date: Option<NaiveDate>,
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
    /// Convert Wikidata SPARQL JSON, a position,country,holder,start,end CSV or an
    /// EveryPolitician export (OpenSanctions, CC BY-NC 4.0: non-commercial use only) into a
    /// KB file; or, with --from-sparql, fetch a live Wikidata extract for one country
    /// (`--country FR`) or one position (`--office Q7330070`).
    #[command(after_help = "Examples:\n  \
copydesk kb import positions.json -o newsroom-kb.toml\n  \
copydesk kb import holders.csv -o newsroom-kb.toml\n  \
copydesk kb import --format everypolitician entities.ftm.json.gz -o everypolitician.toml\n  \
copydesk kb import --from-sparql --country FR -o fr-wikidata.toml\n  \
copydesk kb import --from-sparql --office Q7330070 -o office.toml")]
    Import {
        /// The file to convert (not with --from-sparql).
        #[arg(
            required_unless_present = "from_sparql",
            conflicts_with = "from_sparql"
        )]
        file: Option<PathBuf>,
        /// Input format (default: from the extension, .json = wikidata, .csv = csv).
        /// `everypolitician`: OpenSanctions FollowTheMoney entity JSON lines (.json,
        /// .ndjson, gzipped or not); the data is CC BY-NC 4.0, non-commercial use only.
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Output file (default: stdout).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The date the data was extracted, written as the file's `as_of` (default: the
        /// YYYYMMDD in the file name, else, for EveryPolitician, the latest `last_seen` in
        /// it, else the file's modification date; with --from-sparql, today).
        #[arg(long, value_parser = super::parse_date)]
        as_of: Option<NaiveDate>,
        /// Fetch "position held" (P39) terms from the Wikidata Query Service over HTTPS
        /// instead of reading a file: those of --country's positions or of --office.
        #[arg(long, conflicts_with = "format")]
        from_sparql: bool,
        /// With --from-sparql: the positions whose country (P17) or jurisdiction (P1001)
        /// is this country: a code or name from kb/countries.toml (FR, US, France).
        #[arg(long, requires = "from_sparql", conflicts_with = "office")]
        country: Option<String>,
        /// With --from-sparql: one position, by its Wikidata item (Q7330070).
        #[arg(long, value_name = "QID", requires = "from_sparql")]
        office: Option<String>,
        /// With --from-sparql: the SPARQL endpoint (default:
        /// https://query.wikidata.org/sparql).
        #[arg(long, value_name = "URL", requires = "from_sparql")]
        endpoint: Option<String>,
        /// With --from-sparql: label languages, in order of preference (repeatable;
        /// default: `kb_languages` in copydesk.toml, else en).
        #[arg(long = "lang", value_name = "LANG", requires = "from_sparql")]
        languages: Vec<String>,
        /// With --from-sparql: seconds to wait for the whole answer (default: 120).
        #[arg(long, value_name = "SECS", requires = "from_sparql")]
        timeout: Option<u64>,
    },
    /// Build a KB file from a Wikidata JSON dump (`.json`, `.json.gz`, `.json.bz2`, or
    /// newline-delimited JSON): people with "position held" (P39) statements, the positions
    /// and their countries. Two streaming passes over the file.
    Build {
        /// The dump, e.g. wikidata-20261130-all.json.gz.
        dump: PathBuf,
        /// The KB file to write.
        #[arg(long, short)]
        output: PathBuf,
        /// The dump's date (default: the YYYYMMDD in the file name).
        #[arg(long, value_parser = super::parse_date)]
        dump_date: Option<NaiveDate>,
        /// Label and alias languages, in order of preference (repeatable; default:
        /// `kb_languages` in copydesk.toml, else en).
        #[arg(long = "lang", value_name = "LANG")]
        languages: Vec<String>,
        /// Config file (default: the nearest copydesk.toml above the current folder).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Compile KB files (a `kb build` or `kb import` output of any size) into a world
    /// index: one memory-mapped file (`fst` maps of name, surname and title keys and a
    /// record table) that loads in microseconds; use it like a KB file (`kb` in
    /// copydesk.toml, `--kb world.kbi`). The built-in records are not included.
    Index {
        /// KB files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The index to write, e.g. world.kbi.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Counts, as-of dates and load time of the knowledge base; with files whose `as_of`
    /// differ, the dates per country.
    Stats {
        /// Extra KB files.
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
    /// Conflicts between KB files (built-in, copydesk.toml's `kb`, --kb): the same person
    /// in the same office with other dates, or two holders of a single-holder office at
    /// once. Lookups are unchanged; exit 1 when there is a conflict.
    Conflicts {
        /// Extra KB files.
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
        /// Config file (default: the nearest copydesk.toml above the current folder).
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ConflictFormat::Human)]
        format: ConflictFormat,
    },
    /// List records whose source is not a primary or wire source (trusted list:
    /// data/trusted-domains.txt, `trusted_domains` in copydesk.toml, --trusted).
    Audit {
        /// Extra trusted domains (repeatable), e.g. `ansa.it`.
        #[arg(long = "trusted", value_name = "DOMAIN")]
        trusted: Vec<String>,
        /// Config file (default: the nearest copydesk.toml above the current folder).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Extra KB files.
        #[arg(long = "kb", value_name = "FILE")]
        kb: Vec<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Wikidata,
    Csv,
    /// OpenSanctions' EveryPolitician: FollowTheMoney entity JSON lines (CC BY-NC 4.0).
    Everypolitician,
}

fn load(extra: &[PathBuf], stderr: &mut dyn Write) -> Option<Kb> {
    load_story(extra, &[], &[], &[], stderr)
}

/// The KB with the files' records; a world index among them contributes the records of
/// these names, titles and country codes (what a draft naming them would reach).
fn load_story(
    extra: &[PathBuf],
    names: &[&str],
    titles: &[&str],
    countries: &[&str],
    stderr: &mut dyn Write,
) -> Option<Kb> {
    let paths: Vec<&std::path::Path> = extra.iter().map(PathBuf::as_path).collect();
    let engine = match crate::engine::Engine::load(&paths) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(stderr, "error: knowledge base {e}");
            return None;
        }
    };
    let mut kb = engine.kb;
    for w in &engine.world {
        match w.story_kb(&kb, names, titles, countries) {
            Ok(k) => kb = k,
            Err(e) => {
                let _ = writeln!(stderr, "error: {}: {e}", w.path.display());
                return None;
            }
        }
    }
    Some(kb)
}

pub fn run(cmd: KbCommand, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match cmd {
        KbCommand::Who {
            title,
            country,
            date,
            kb,
        } => who(&title, country, date, &kb, stdout, stderr),
        KbCommand::Person { name, kb } => person(&name, &kb, stdout, stderr),
        KbCommand::Events { query, date, kb } => events(query, date, &kb, stdout, stderr),
        KbCommand::Import {
            file,
            format,
            output,
            as_of,
            from_sparql,
            country,
            office,
            endpoint,
            languages,
            timeout,
        } => match file {
            Some(file) if !from_sparql => {
                import_file(&file, format, output.as_deref(), as_of, stdout, stderr)
            }
            _ => {
                let live = LiveImport {
                    country,
                    office,
                    endpoint: endpoint.unwrap_or_else(|| sparql::DEFAULT_ENDPOINT.to_string()),
                    languages,
                    timeout: timeout.unwrap_or(sparql::DEFAULT_TIMEOUT_SECS),
                };
                import_sparql(&live, output.as_deref(), as_of, stdout, stderr)
            }
        },
        KbCommand::Audit {
            trusted,
            config,
            kb,
        } => audit(&trusted, config, &kb, stdout, stderr),
        KbCommand::Build {
            dump,
            output,
            dump_date,
            languages,
            config,
        } => {
            let languages = match languages_for(languages, config) {
                Ok(l) => l,
                Err(e) => {
                    let _ = writeln!(stderr, "error: {e}");
                    return EXIT_ERROR;
                }
            };
            build(&dump, &output, dump_date, languages, stderr)
        }
        KbCommand::Index { files, output } => index(&files, &output, stdout, stderr),
        KbCommand::Stats { kb } => stats(&kb, stdout, stderr),
        KbCommand::Conflicts { kb, config, format } => {
            conflicts(&kb, config, format, stdout, stderr)
        }
    }
}

/// `kb who TITLE`.
fn who(
    title: &str,
    country: Option<String>,
    date: Option<NaiveDate>,
    kb: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let Some(base) = load(kb, stderr) else {
        return EXIT_ERROR;
    };
    // A world index's offices of the title in that country (a crowded title brings only
    // the countries asked for).
    let code = country.as_deref().map(|c| {
        base.country_for(c)
            .map_or_else(|| c.to_uppercase(), |x| x.code.clone())
    });
    let codes: Vec<&str> = code.iter().map(String::as_str).collect();
    let Some(kb) = load_story(kb, &[], &[title], &codes, stderr) else {
        return EXIT_ERROR;
    };
    let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let answers = query::who(&kb, title, country.as_deref(), date);
    if answers.is_empty() {
        let _ = writeln!(
            stderr,
            "no office titled `{title}`{}",
            country.map(|c| format!(" in {c}")).unwrap_or_default()
        );
        return EXIT_FINDINGS;
    }
    let _ = write!(stdout, "{}", query::who_text(&kb, &answers, date));
    EXIT_CLEAN
}

/// `kb person NAME`.
fn person(name: &str, kb: &[PathBuf], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let Some(kb) = load_story(kb, &[name], &[], &[], stderr) else {
        return EXIT_ERROR;
    };
    let ps = query::find_person(&kb, name);
    if ps.is_empty() {
        let _ = writeln!(stderr, "no person `{name}` in the knowledge base");
        return EXIT_FINDINGS;
    }
    for p in ps {
        let _ = write!(stdout, "{}", query::person_text(&kb, p));
    }
    EXIT_CLEAN
}

/// `kb events [QUERY]`.
fn events(
    query: Option<String>,
    date: Option<NaiveDate>,
    kb: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let Some(kb) = load(kb, stderr) else {
        return EXIT_ERROR;
    };
    let found = kb.find_events(query.as_deref().unwrap_or(""));
    if found.is_empty() {
        let _ = writeln!(stderr, "no event matching `{}`", query.unwrap_or_default());
        return EXIT_FINDINGS;
    }
    for e in found {
        let _ = write!(stdout, "{}", event_text(e, date));
    }
    EXIT_CLEAN
}

/// `kb import FILE`: read, convert (format from `--format` or the extension), write.
fn import_file(
    file: &Path,
    format: Option<ImportFormat>,
    output: Option<&Path>,
    as_of: Option<NaiveDate>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let kb = Kb::builtin();
    if format == Some(ImportFormat::Everypolitician) {
        return import_everypolitician(&kb, file, output, as_of, stdout, stderr);
    }
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "error: {}: {}",
                file.display(),
                crate::files::io_reason(&e)
            );
            return EXIT_ERROR;
        }
    };
    let fmt = format.unwrap_or(
        if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            ImportFormat::Csv
        } else {
            ImportFormat::Wikidata
        },
    );
    let name = file.display().to_string();
    let parsed = match fmt {
        ImportFormat::Csv => import::from_csv(&kb, &text, &name),
        ImportFormat::Wikidata | ImportFormat::Everypolitician => {
            import::from_sparql_json(&kb, &text)
        }
    };
    let (rows, errors) = match parsed {
        Ok(x) => x,
        Err(e) => {
            let _ = writeln!(stderr, "error: {name}: {e}");
            return EXIT_ERROR;
        }
    };
    for e in &errors {
        let _ = writeln!(stderr, "warning: {name}: {e}; skipped");
    }
    let as_of = as_of.or_else(|| extraction_date(file));
    let toml = import::to_toml_as_of(&rows, as_of);
    write_import(
        &toml,
        rows.len(),
        errors.len(),
        as_of,
        output,
        stdout,
        stderr,
    )
}

/// `kb import --format everypolitician FILE`: the licence notice, then the records.
fn import_everypolitician(
    kb: &Kb,
    file: &Path,
    output: Option<&Path>,
    as_of: Option<NaiveDate>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let _ = writeln!(stderr, "notice: {}", everypolitician::LICENCE);
    let imported = match everypolitician::read_file(kb, file) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let name = file.display().to_string();
    for e in &imported.errors {
        let _ = writeln!(stderr, "warning: {name}: {e}; skipped");
    }
    let as_of = as_of
        .or_else(|| {
            file.file_name()
                .and_then(|n| wikidata::date_in_name(&n.to_string_lossy()))
        })
        .or(imported.last_seen)
        .or_else(|| extraction_date(file));
    let file_name = file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    let toml = everypolitician::to_toml(&imported, &file_name, as_of);
    write_import(
        &toml,
        imported.rows.len(),
        imported.errors.len(),
        as_of,
        output,
        stdout,
        stderr,
    )
}

/// What `kb import --from-sparql` fetches, and from where.
struct LiveImport {
    country: Option<String>,
    office: Option<String>,
    endpoint: String,
    languages: Vec<String>,
    timeout: u64,
}

/// `kb import --from-sparql`: build the query, fetch the answer, convert it as a saved
/// SPARQL JSON file would be. `as_of` defaults to today, the day of the extract.
fn import_sparql(
    live: &LiveImport,
    output: Option<&Path>,
    as_of: Option<NaiveDate>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let kb = Kb::builtin();
    let scope = match (&live.country, &live.office) {
        (Some(c), None) => sparql::country_scope(&kb, c),
        (None, Some(o)) => sparql::qid(o).map(|qid| sparql::Scope::Office { qid }),
        _ => Err("--from-sparql needs --country CODE or --office QID".to_string()),
    };
    let languages = languages_for(live.languages.clone(), None)
        .and_then(|l| sparql::check_languages(&l).map(|()| l));
    let (scope, languages) = match (scope, languages) {
        (Ok(s), Ok(l)) => (s, l),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let query = sparql::query(&scope, &languages);
    let endpoint = &live.endpoint;
    let timeout = std::time::Duration::from_secs(live.timeout);
    let answer = match sparql::fetch(endpoint, &query, timeout) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(stderr, "error: {endpoint}: {e}");
            return EXIT_ERROR;
        }
    };
    let (rows, errors) = match import::from_sparql_json(&kb, &answer.body) {
        Ok(x) => x,
        Err(e) => {
            let ctype = if answer.content_type.is_empty() {
                String::new()
            } else {
                format!(" (Content-Type: {})", answer.content_type)
            };
            let _ = writeln!(stderr, "error: {endpoint}: {e}{ctype}");
            return EXIT_ERROR;
        }
    };
    for e in &errors {
        let _ = writeln!(stderr, "warning: {endpoint}: {e}; skipped");
    }
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let toml = import::to_toml_as_of(&rows, Some(as_of));
    write_import(
        &toml,
        rows.len(),
        errors.len(),
        Some(as_of),
        output,
        stdout,
        stderr,
    )
}

/// When an import's data was extracted: the YYYYMMDD in the file name, else the file's
/// modification date.
fn extraction_date(file: &Path) -> Option<NaiveDate> {
    file.file_name()
        .and_then(|n| wikidata::date_in_name(&n.to_string_lossy()))
        .or_else(|| {
            let modified = std::fs::metadata(file).ok()?.modified().ok()?;
            Some(chrono::DateTime::<chrono::Local>::from(modified).date_naive())
        })
}

/// Write the imported KB file `toml` of `records` holder records (to `output` atomically,
/// else stdout) and say how many.
fn write_import(
    toml: &str,
    records: usize,
    skipped: usize,
    as_of: Option<NaiveDate>,
    output: Option<&Path>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let res = match output {
        Some(o) => super::fix::write_atomic(o, toml),
        None => stdout.write_all(toml.as_bytes()),
    };
    if let Err(e) = res {
        let _ = writeln!(stderr, "error: writing output: {e}");
        return EXIT_ERROR;
    }
    let _ = writeln!(
        stderr,
        "imported {records} record{} ({skipped} skipped){}",
        if records == 1 { "" } else { "s" },
        as_of.map(|d| format!("; as of {d}")).unwrap_or_default()
    );
    if skipped == 0 {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// `kb stats`: counts, as-of date(s) and load time of the knowledge base (built-in plus
/// `extra`). When the offices' `as_of` dates differ, each country's dates follow, one line
/// a country: `  US  2025-10-31 (12 offices), 2026-11-30 (3 offices)`.
/// `kb index FILE... -o OUT`.
fn index(files: &[PathBuf], output: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let t = std::time::Instant::now();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let kb = match Kb::load_files(&paths) {
        Ok(kb) => kb,
        Err(e) => {
            let _ = writeln!(stderr, "error: knowledge base {e}");
            return EXIT_ERROR;
        }
    };
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    match crate::kb::world::write(&kb, &names, output) {
        Ok(h) => {
            let size = std::fs::metadata(output).map_or(0, |m| m.len());
            let _ = writeln!(
                stdout,
                "{}: {} offices, {} holder records, {} persons; {:.1} MB; built in {:.2} s",
                output.display(),
                h.offices,
                h.terms,
                h.persons,
                size as f64 / 1e6,
                t.elapsed().as_secs_f64()
            );
            EXIT_CLEAN
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            EXIT_ERROR
        }
    }
}

fn stats(extra: &[PathBuf], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let t = std::time::Instant::now();
    let Some(kb) = load(extra, stderr) else {
        return EXIT_ERROR;
    };
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    for p in extra.iter().filter(|p| crate::kb::world::is_index(p)) {
        if let Ok(w) = crate::kb::world::WorldIndex::open(p) {
            let h = &w.header;
            let _ = writeln!(
                stdout,
                "world index {}: {} offices, {} holder records, {} persons; as of {}; built from {}",
                p.display(),
                h.offices,
                h.terms,
                h.persons,
                h.as_of.as_deref().unwrap_or("?"),
                h.built_from.join(", ")
            );
        }
    }
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "?".to_string(), |d| d.to_string());
    let dates: std::collections::BTreeSet<Option<NaiveDate>> =
        kb.offices.iter().map(|o| o.as_of).collect();
    let as_of = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a != b => format!("{} to {} (by country below)", day(*a), day(*b)),
        _ => day(kb.as_of),
    };
    let _ = writeln!(
        stdout,
        "{} offices, {} holder records, {} persons, {} countries, {} events; as of {as_of}; loaded in {ms:.2} ms",
        kb.offices.len(),
        kb.term_count(),
        kb.persons.len(),
        kb.countries.len(),
        kb.events.len(),
    );
    if dates.len() > 1 {
        let _ = writeln!(stdout, "as of by country:");
        for (code, by_date) in kb.as_of_by_country() {
            let list = if by_date.len() == 1 {
                by_date.keys().map(|d| day(*d)).collect::<Vec<_>>()
            } else {
                by_date
                    .iter()
                    .map(|(d, n)| {
                        format!("{} ({n} office{})", day(*d), if *n == 1 { "" } else { "s" })
                    })
                    .collect()
            };
            let _ = writeln!(stdout, "  {code:<4} {}", list.join(", "));
        }
    }
    EXIT_CLEAN
}

/// `--lang` if given, else `kb_languages` from the config, else `en`.
fn languages_for(given: Vec<String>, config: Option<PathBuf>) -> Result<Vec<String>, String> {
    if !given.is_empty() {
        return Ok(given);
    }
    let from_config = match config.or_else(|| crate::config::Settings::discover(Path::new("."))) {
        Some(c) => {
            crate::config::Settings::load(&c)
                .map_err(|e| e.to_string())?
                .kb_languages
        }
        None => Vec::new(),
    };
    Ok(if from_config.is_empty() {
        vec!["en".to_string()]
    } else {
        from_config
    })
}

fn build(
    dump: &Path,
    output: &Path,
    dump_date: Option<NaiveDate>,
    languages: Vec<String>,
    stderr: &mut dyn Write,
) -> i32 {
    let name = dump.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(dump_date) = dump_date.or_else(|| name.as_deref().and_then(wikidata::date_in_name))
    else {
        let _ = writeln!(
            stderr,
            "error: {}: no YYYYMMDD date in the file name; pass --dump-date YYYY-MM-DD",
            dump.display()
        );
        return EXIT_ERROR;
    };
    let opts = dump::BuildOptions {
        languages,
        dump_date,
        progress: true,
        known_codes: Kb::builtin()
            .countries
            .iter()
            .map(|c| c.code.clone())
            .collect(),
    };
    let out = match dump::build(dump, &opts) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    for w in &out.warnings {
        let _ = writeln!(stderr, "warning: {w}; skipped");
    }
    if let Err(e) = super::fix::write_atomic(output, &out.toml) {
        let _ = writeln!(stderr, "error: {}: cannot write: {e}", output.display());
        return EXIT_ERROR;
    }
    let skipped = out.resolved.skipped.summary();
    let _ = writeln!(
        stderr,
        "kb build: {} entities read; {} people, {} offices, {} terms written to {}{}{}",
        out.entities,
        out.people,
        out.offices,
        out.terms,
        output.display(),
        if skipped.is_empty() { "" } else { "; skipped " },
        skipped
    );
    if out.bad_lines > 0 {
        let _ = writeln!(
            stderr,
            "{} line{} not a Wikidata entity",
            out.bad_lines,
            if out.bad_lines == 1 { " was" } else { "s were" }
        );
        return EXIT_FINDINGS;
    }
    EXIT_CLEAN
}

/// `kb conflicts`: the built-in files, copydesk.toml's `kb` files and `--kb` files
/// compared ([`crate::kb::conflicts`]).
fn conflicts(
    extra_kb: &[PathBuf],
    config: Option<PathBuf>,
    format: ConflictFormat,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let mut files = match config.or_else(|| crate::config::Settings::discover(Path::new("."))) {
        Some(c) => match crate::config::Settings::load(&c) {
            Ok(s) => s.kb,
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return EXIT_ERROR;
            }
        },
        None => Vec::new(),
    };
    files.extend(extra_kb.iter().cloned());
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let found = match crate::kb::conflicts::between_files(&paths) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(stderr, "error: knowledge base {e}");
            return EXIT_ERROR;
        }
    };
    let text = match format {
        ConflictFormat::Json => {
            let v = serde_json::json!({
                "conflicts": found.iter().map(crate::kb::conflicts::Conflict::json).collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        ConflictFormat::Human => {
            let mut t: String = found.iter().map(|c| format!("{}\n", c.text())).collect();
            t.push_str(&match found.len() {
                0 => "no conflicts between knowledge-base files\n".to_string(),
                1 => "1 conflict between knowledge-base files\n".to_string(),
                n => format!("{n} conflicts between knowledge-base files\n"),
            });
            t
        }
    };
    if let Err(e) = stdout.write_all(text.as_bytes()) {
        let _ = writeln!(stderr, "error: writing output: {e}");
        return EXIT_ERROR;
    }
    if found.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

fn audit(
    trusted: &[String],
    config: Option<PathBuf>,
    extra_kb: &[PathBuf],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let settings = match config.or_else(|| crate::config::Settings::discover(Path::new("."))) {
        Some(c) => match crate::config::Settings::load(&c) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return EXIT_ERROR;
            }
        },
        None => crate::config::Settings::default(),
    };
    let mut files = settings.kb.clone();
    files.extend(extra_kb.iter().cloned());
    let Some(kb) = load(&files, stderr) else {
        return EXIT_ERROR;
    };
    let mut extra = settings.trusted_domains.clone();
    extra.extend(trusted.iter().cloned());
    let (flagged, total) = super::kb_audit::audit(&kb, &super::kb_audit::Trusted::new(&extra));
    if let Err(e) = super::kb_audit::report(&flagged, total, stdout) {
        let _ = writeln!(stderr, "error: writing output: {e}");
        return EXIT_ERROR;
    }
    if flagged.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// One event, as `kb events` prints it.
pub fn event_text(e: &crate::kb::Event, date: Option<NaiveDate>) -> String {
    let span = match e.end {
        Some(end) => format!("{} – {end}", e.start),
        None => format!("since {}", e.start),
    };
    let age = date
        .filter(|d| *d > e.start)
        .map(|d| {
            let m = crate::rules::date_mismatch::months_between(e.start, d);
            format!("; on {d}: {m} months, year {}", m / 12 + 1)
        })
        .unwrap_or_default();
    format!(
        "{} [{}] {} ({span}{age})\n  aliases: {}\n  source: {} ({})\n",
        e.name,
        e.id,
        e.kind,
        e.aliases.join(", "),
        e.source,
        e.origin
    )
}
