//! The command-line front end: `copydesk check`, `copydesk explain`, `copydesk rules`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::engine::Engine;
use crate::kb::Kb;
use crate::sources::SourceIndex;

pub mod output;

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Fact-check news drafts: misattributed titles, inconsistent name spellings, off-topic paragraphs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check drafts (files or folders of .md/.markdown/.txt files).
    Check(CheckArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule id, e.g. misattributed-title.
        rule: String,
    },
    /// List the rules.
    Rules,
}

#[derive(Parser, Debug)]
pub struct CheckArgs {
    /// Folders of source articles the drafts were written from (repeatable).
    #[arg(long = "sources", value_name = "DIR")]
    pub sources: Vec<PathBuf>,
    /// Article date (YYYY-MM-DD); default: front matter `date:`, then config, then today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Config file (default: the nearest copydesk.toml above each draft).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Files or folders to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
}

fn same_or_inside(file: &Path, dir: &Path) -> bool {
    match (std::fs::canonicalize(file), std::fs::canonicalize(dir)) {
        (Ok(f), Ok(d)) => f.starts_with(&d),
        _ => false,
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

/// Source indices are cached by (KB files, source folders, draft left out).
type IndexKey = (Vec<PathBuf>, Vec<PathBuf>, Option<PathBuf>);

/// Exit codes.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// The findings for one file.
pub struct FileReport {
    pub path: PathBuf,
    pub doc: Document,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match cli.command {
        Command::Explain { rule } => match crate::rules::by_id(&rule) {
            Some(r) => {
                let _ = writeln!(stdout, "{}", r.doc().trim_end());
                EXIT_CLEAN
            }
            None => {
                let ids: Vec<&str> = crate::rules::all().iter().map(|r| r.id()).collect();
                let _ = writeln!(
                    stderr,
                    "error: unknown rule `{rule}` (rules: {})",
                    ids.join(", ")
                );
                EXIT_ERROR
            }
        },
        Command::Rules => {
            for r in crate::rules::all() {
                let _ = writeln!(
                    stdout,
                    "{:<22} {:<8} {}",
                    r.id(),
                    r.default_severity().as_str(),
                    r.summary()
                );
            }
            EXIT_CLEAN
        }
        Command::Check(args) => check(args, stdout, stderr),
    }
}

fn check(args: CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut had_error = false;
    // Expand paths; a missing path is a usage error that stops the run.
    let mut files = Vec::new();
    for p in &args.paths {
        match crate::files::expand(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return EXIT_ERROR;
            }
        }
    }
    let explicit = match &args.config {
        Some(c) => match Settings::load(c) {
            Ok(s) => Some(s),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    // Settings per config file, engines per KB set, source indices per folder set.
    let mut settings_cache: HashMap<Option<PathBuf>, Settings> = HashMap::new();
    let mut engines: HashMap<Vec<PathBuf>, Engine> = HashMap::new();
    let mut indices: HashMap<IndexKey, SourceIndex> = HashMap::new();
    let mut reported_source_errors = std::collections::HashSet::new();
    let mut reports = Vec::new();
    for file in files {
        let settings = match &explicit {
            Some(s) => s.clone(),
            None => {
                let cfg = Settings::discover(&file);
                if !settings_cache.contains_key(&cfg) {
                    let s = match &cfg {
                        Some(c) => match Settings::load(c) {
                            Ok(s) => s,
                            Err(e) => {
                                let _ = writeln!(stderr, "error: {e}");
                                return EXIT_ERROR;
                            }
                        },
                        None => Settings::default(),
                    };
                    settings_cache.insert(cfg.clone(), s);
                }
                settings_cache[&cfg].clone()
            }
        };
        if settings.is_ignored(&file) {
            continue;
        }
        if !engines.contains_key(&settings.kb) {
            let extra: Vec<&Path> = settings.kb.iter().map(PathBuf::as_path).collect();
            match Kb::load(&extra) {
                Ok(kb) => {
                    engines.insert(settings.kb.clone(), Engine::new(kb));
                }
                Err(e) => {
                    let _ = writeln!(stderr, "error: knowledge base {e}");
                    return EXIT_ERROR;
                }
            }
        }
        let engine = &engines[&settings.kb];
        let source_dirs = if args.sources.is_empty() {
            settings.sources.clone()
        } else {
            args.sources.clone()
        };
        // A draft inside its own source folders is not its own source.
        let in_sources = source_dirs.iter().any(|d| same_or_inside(&file, d));
        let key = (
            settings.kb.clone(),
            source_dirs.clone(),
            in_sources.then(|| file.clone()),
        );
        if !indices.contains_key(&key) {
            let (idx, errs) = engine.index_sources_except(&source_dirs, key.2.as_deref());
            for e in errs {
                if reported_source_errors.insert(e.path.clone()) {
                    let _ = writeln!(
                        stderr,
                        "warning: source {}: {}",
                        e.path.display(),
                        e.message
                    );
                }
            }
            indices.insert(key.clone(), idx);
        }
        let sources = &indices[&key];
        let text = match std::fs::read(&file) {
            Ok(b) => match String::from_utf8(b) {
                Ok(t) => t,
                Err(_) => {
                    let _ = writeln!(
                        stderr,
                        "error: {}: not valid UTF-8; skipped",
                        file.display()
                    );
                    had_error = true;
                    continue;
                }
            },
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "error: {}: {}; skipped",
                    file.display(),
                    crate::files::io_reason(&e)
                );
                had_error = true;
                continue;
            }
        };
        let doc = Document::new(text, Format::from_path(&file));
        if let Some(err) = doc.front_matter.as_ref().and_then(|f| f.error.as_ref()) {
            let _ = writeln!(stderr, "warning: {}: {err}", file.display());
        }
        let date = Engine::article_date(&doc, Some(&file), args.date, &settings);
        let diagnostics = engine.check(&doc, sources, date, &settings);
        reports.push(FileReport {
            path: file,
            doc,
            diagnostics,
        });
    }
    let res = match args.format {
        OutputFormat::Json => output::json(&reports, stdout),
        OutputFormat::Human => output::human(&reports, stdout, output::use_color()),
    };
    if let Err(e) = res {
        let _ = writeln!(stderr, "error: writing output: {e}");
        return EXIT_ERROR;
    }
    if had_error {
        EXIT_ERROR
    } else if reports.iter().any(|r| !r.diagnostics.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
