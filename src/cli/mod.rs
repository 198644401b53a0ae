//! The command-line front end: `copydesk check`, `copydesk fix`, `copydesk explain`,
//! `copydesk rules`. A thin layer over [`Engine`]: it resolves settings per config file,
//! builds one engine per knowledge-base set and one source index per source set, checks
//! files in parallel (rayon) in a deterministic order, and formats the results.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Format};
use crate::engine::Engine;
use crate::session::{Indexed, RuleSelection, Session, SourceKey};
use crate::sources::SourceIndex;

pub mod baseline;
pub mod fix;
pub mod html;
pub mod init;
pub mod kb;
pub mod kb_audit;
pub mod output;
pub mod shard;

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
    /// Apply the safe fixes (spellings) in place; files without findings are not touched.
    Fix {
        #[command(flatten)]
        common: CommonArgs,
        /// Print a unified diff instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id (as listed by `copydesk rules`).
        rule: String,
    },
    /// List the rules.
    Rules,
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for compatibility with clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Query and extend the knowledge base.
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// Write a commented copydesk.toml for a folder (sources/, date, house style from the
    /// majority spellings there); never overwrites one.
    Init {
        /// The folder (default: the current one).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// Options shared by `check` and `fix`.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Folders of source articles the drafts were written from (repeatable).
    #[arg(long = "sources", value_name = "DIR")]
    pub sources: Vec<PathBuf>,
    /// Article date (YYYY-MM-DD); default: front matter `date:`, then config, then today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Config file (default: the nearest copydesk.toml above each draft).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Only these rules (repeatable).
    #[arg(long = "only", value_name = "RULE")]
    pub only: Vec<String>,
    /// Not these rules (repeatable).
    #[arg(long = "ignore", value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Check only shard K of N of the expanded, sorted inputs (K from 1), or `auto/N`: K
    /// from JOB_COMPLETION_INDEX (0-based, set by Kubernetes Indexed Jobs).
    #[arg(long, value_name = "K/N", value_parser = shard::parse)]
    pub shard: Option<shard::ShardSpec>,
    /// Files or folders to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit status 1 (default: any finding).
    #[arg(long, value_enum, default_value_t = FailOn::Info)]
    pub fail_on: FailOn,
    /// A JSON or SARIF report from an earlier `check`: report only findings it does not
    /// have (same file, rule, message and flagged text; line numbers do not matter).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// rustc-style text
    Human,
    /// one JSON object
    Json,
    /// SARIF 2.1.0
    Sarif,
    /// GitHub Actions workflow commands
    Github,
    /// one self-contained HTML page (summary, drafts with findings marked, side panel)
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

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

/// Everything `check` and `fix` produce: reports in input order, and whether some file
/// could not be read.
pub struct Run {
    pub reports: Vec<FileReport>,
    pub had_error: bool,
}

pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    match cli.command {
        Command::Explain { rule } => match crate::rules::by_id(&rule) {
            Some(r) => {
                let _ = writeln!(stdout, "{}", r.doc().trim_end());
                let _ = writeln!(stdout, "\n{}", crate::engine::suppression_help(r.id()));
                EXIT_CLEAN
            }
            None => {
                let _ = writeln!(
                    stderr,
                    "error: unknown rule `{rule}` (rules: {})",
                    crate::rules::ids::ALL.join(", ")
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
        Command::Check(args) => check(&args, stdout, stderr),
        Command::Kb(cmd) => kb::run(cmd, stdout, stderr),
        Command::Init { dir } => init::run(&dir, chrono::Local::now().date_naive(), stdout, stderr),
        // `main` starts the server itself, without holding the stdout lock.
        Command::Lsp { .. } => crate::lsp::serve(),
        Command::Fix { common, dry_run } => {
            let Some(run) = analyse(&common, stderr) else {
                return EXIT_ERROR;
            };
            fix::apply(&run, dry_run, stdout, stderr)
        }
    }
}

/// `copydesk check`: analyse, hide the baseline's findings, print, and pick the exit code.
fn check(args: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut baseline = match args.baseline.as_deref().map(baseline::Baseline::load) {
        Some(Err(e)) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
        Some(Ok(b)) => Some(b),
        None => None,
    };
    let Some(mut run) = analyse(&args.common, stderr) else {
        return EXIT_ERROR;
    };
    if let Some(b) = &mut baseline {
        let hidden = b.filter(&mut run.reports);
        let _ = writeln!(
            stderr,
            "baseline: {hidden} known finding{} hidden",
            if hidden == 1 { "" } else { "s" }
        );
    }
    let res = match args.format {
        OutputFormat::Json => output::json(&run.reports, stdout),
        OutputFormat::Human => output::human(&run.reports, stdout, output::use_color()),
        OutputFormat::Sarif => output::sarif(&run.reports, stdout),
        OutputFormat::Github => output::github(&run.reports, stdout),
        OutputFormat::Html => html::html(&run.reports, stdout),
    };
    if let Err(e) = res {
        let _ = writeln!(stderr, "error: writing output: {e}");
        return EXIT_ERROR;
    }
    let threshold = args.fail_on.severity();
    if run.had_error {
        EXIT_ERROR
    } else if run
        .reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

struct Job {
    file: PathBuf,
    settings: Arc<Settings>,
    engine: Arc<Engine>,
    index: SourceKey,
}

/// The files to check: the paths expanded, duplicates (same file) dropped, the shard
/// taken. `None` after printing the error.
fn inputs(args: &CommonArgs, stderr: &mut dyn Write) -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in &args.paths {
        match crate::files::expand(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return None;
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    if let Some(spec) = args.shard {
        let env = std::env::var(shard::INDEX_VAR).ok();
        match spec.resolve(env.as_deref()) {
            Ok(s) => files.retain(|f| s.contains(f)),
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return None;
            }
        }
    }
    Some(files)
}

/// Expand paths, resolve settings, index sources once per source set, and check every
/// file in parallel. Returns `None` after printing the error for usage, config and KB errors.
pub fn analyse(args: &CommonArgs, stderr: &mut dyn Write) -> Option<Run> {
    let (session, files) = open_session(args, stderr)?;
    let jobs = plan(&session, files, stderr)?;
    warn_kb_age(&jobs, stderr);
    let indices = index_sources(&session, &jobs, stderr);
    let progress =
        (jobs.len() >= 50 && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none())
            .then(|| indicatif::ProgressBar::new(jobs.len() as u64));
    let results: Vec<Result<FileReport, String>> = jobs
        .par_iter()
        .map(|job| {
            let r = check_one(&session, job, &indices[&job.index]);
            if let Some(p) = &progress {
                p.inc(1);
            }
            r
        })
        .collect();
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Some(collect(results, stderr))
}

/// The session for `check`/`fix` (rule selection, `--config`, `--sources`, `--date`) and
/// the files to check. `None` after printing the error.
fn open_session(args: &CommonArgs, stderr: &mut dyn Write) -> Option<(Session, Vec<PathBuf>)> {
    let selection = match RuleSelection::new(&args.only, &args.ignore) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return None;
        }
    };
    let files = inputs(args, stderr)?;
    let mut session = Session::new(selection)
        .with_sources(args.sources.clone())
        .with_date(args.date);
    if let Some(c) = &args.config {
        session = match session.with_config(c) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return None;
            }
        };
    }
    Some((session, files))
}

/// Settings, engine and source index per file (ignored files dropped). `None` after
/// printing a config or KB error.
fn plan(session: &Session, files: Vec<PathBuf>, stderr: &mut dyn Write) -> Option<Vec<Job>> {
    let mut jobs = Vec::new();
    for file in files {
        let settings = match session.settings_for(&file) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                return None;
            }
        };
        if settings.is_ignored(&file) {
            continue;
        }
        let engine = match session.engine(&settings.kb) {
            Ok(e) => e,
            Err(e) => {
                let _ = writeln!(stderr, "error: knowledge base {e}");
                return None;
            }
        };
        let index = session.source_key(&settings, Some(&file));
        jobs.push(Job {
            file,
            settings,
            engine,
            index,
        });
    }
    Some(jobs)
}

/// `kb.max_age_days`: one line on stderr, once a run (the first job whose KB is too old).
fn warn_kb_age(jobs: &[Job], stderr: &mut dyn Write) {
    let today = crate::kb::freshness::today();
    if let Some(w) = jobs.iter().find_map(|j| {
        crate::kb::freshness::age_warning(&j.engine.kb, j.settings.kb_max_age_days?, today)
    }) {
        let _ = writeln!(stderr, "warning: {w}");
    }
}

/// Build the jobs' source indices in parallel; warn once about each unreadable source.
fn index_sources(
    session: &Session,
    jobs: &[Job],
    stderr: &mut dyn Write,
) -> HashMap<SourceKey, Arc<SourceIndex>> {
    let mut keys: Vec<(&SourceKey, &Engine)> =
        jobs.iter().map(|j| (&j.index, j.engine.as_ref())).collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    keys.dedup_by(|a, b| a.0 == b.0);
    let built: Vec<(SourceKey, Arc<Indexed>)> = keys
        .into_par_iter()
        .map(|(k, engine)| (k.clone(), session.sources(engine, k)))
        .collect();
    let mut reported = std::collections::HashSet::new();
    let mut indices = HashMap::new();
    for (k, built) in built {
        for e in &built.errors {
            if reported.insert(e.path.clone()) {
                let _ = writeln!(
                    stderr,
                    "warning: source {}: {}",
                    e.path.display(),
                    e.message
                );
            }
        }
        indices.insert(k, built.index.clone());
    }
    indices
}

/// The reports in input order; unreadable files are errors, broken front matter a warning.
fn collect(results: Vec<Result<FileReport, String>>, stderr: &mut dyn Write) -> Run {
    let mut run = Run {
        reports: Vec::new(),
        had_error: false,
    };
    for r in results {
        match r {
            Ok(rep) => {
                if let Some(err) = rep.doc.front_matter.as_ref().and_then(|f| f.error.as_ref()) {
                    let _ = writeln!(stderr, "warning: {}: {err}", rep.path.display());
                }
                run.reports.push(rep);
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {e}");
                run.had_error = true;
            }
        }
    }
    run
}

fn check_one(session: &Session, job: &Job, sources: &SourceIndex) -> Result<FileReport, String> {
    let file = &job.file;
    let bytes = std::fs::read(file).map_err(|e| {
        format!(
            "{}: {}; skipped",
            file.display(),
            crate::files::io_reason(&e)
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: not valid UTF-8; skipped", file.display()))?;
    let doc = Document::new(text, Format::from_path(file));
    let (_, diagnostics) =
        session.check(&job.engine, &doc, Some(file), &job.settings, sources, None);
    Ok(FileReport {
        path: file.clone(),
        doc,
        diagnostics,
    })
}
