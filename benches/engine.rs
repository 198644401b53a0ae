//! Engine latency: the library entry points without the CLI (no file I/O inside timings).
//!
//! 1. Each seed article in `seeds/*.txt`, checked against the other four as sources at
//!    2025-08-20: one-off source-indexing cost, then median and p99 of `Engine::check`.
//! 2. A synthetic 10,000-word Markdown draft with 20 synthetic sources, both built
//!    deterministically from the seed paragraphs with a fixed LCG.
//! 3. What the rules cost: a synthetic 2,000-word draft against the same 20 sources, with
//!    the three original rules only, plus quote/number, plus date/scrape, and all seven.
//! 4. Knowledge-base load time (`Kb::builtin`) and its size.
//!
//! Run: `cargo bench --bench engine`. With `COPYDESK_BENCH_RULES=core`, sections 1 and 2 run
//! the three original rules only, for a like-for-like comparison with builds that predate
//! the other four. `COPYDESK_BENCH_PROFILE=core,date-mismatch` (rule ids, `core` for the
//! three) checks only section 3's draft with those rules, for five seconds or for
//! `COPYDESK_BENCH_ITERS` checks, for a profiler; an instruction count that does not move
//! with the machine's load (the figures in `bench/RESULTS.md`):
//!
//! ```sh
//! COPYDESK_BENCH_ITERS=10 COPYDESK_BENCH_PROFILE=core,date-mismatch valgrind --tool=callgrind \
//!     --toggle-collect='engine::profiled_check*' target/release/deps/engine-HASH
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use copydesk::config::{RuleSetting, Settings};
use copydesk::document::{Document, Format};
use copydesk::engine::Engine;
use copydesk::kb::Kb;
use copydesk::rules::ids;
use copydesk::sources::SourceIndex;

const SEED_RUNS: usize = 200;
const SYNTH_RUNS: usize = 100;
/// Index builds per source set; the median is reported as the one-off cost.
const INDEX_RUNS: usize = 10;
const KB_RUNS: usize = 20;
/// Checks of the 2,000-word draft per rule selection.
const RULE_RUNS: usize = 200;
const SYNTH_WORDS: usize = 10_000;
const SYNTH_SOURCES: usize = 20;
const PARAS_PER_SOURCE: usize = 12;

/// A small deterministic generator (no rand dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() % n
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Sorted median and p99 (nearest rank) of a set of timings.
struct Stats {
    median: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    assert!(!samples.is_empty(), "no samples");
    samples.sort_unstable();
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    };
    let rank = (n * 99).div_ceil(100).max(1);
    Stats {
        median,
        p99: samples[rank - 1],
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn seed_files(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read seeds folder {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read seed {}: {e}", p.display()));
            (p, text)
        })
        .collect()
}

/// Body paragraphs of the seeds (lines of at least 20 words), in file order.
fn seed_paragraphs(seeds: &[(PathBuf, String)]) -> Vec<String> {
    seeds
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter(|l| words(l) >= 20)
        .map(str::to_string)
        .collect()
}

/// 20 plain-text sources: each a shuffled selection of seed paragraphs.
fn synthetic_sources(paras: &[String], rng: &mut Lcg) -> Vec<(PathBuf, String)> {
    (0..SYNTH_SOURCES)
        .map(|i| {
            let mut order: Vec<usize> = (0..paras.len()).collect();
            rng.shuffle(&mut order);
            let body: Vec<&str> = order
                .iter()
                .take(PARAS_PER_SOURCE)
                .map(|&k| paras[k].as_str())
                .collect();
            let text = format!("Synthetic source {i}\n\n{}\n", body.join("\n\n"));
            (PathBuf::from(format!("synthetic/{i:03}_source.txt")), text)
        })
        .collect()
}

/// A Markdown draft of at least `SYNTH_WORDS` words: front matter, a title, sections with
/// headings, and the odd block quote or list item, all made of seed paragraphs.
fn synthetic_draft(paras: &[String], rng: &mut Lcg) -> String {
    synthetic_draft_of(paras, rng, SYNTH_WORDS)
}

/// A synthetic Markdown draft of at least `target` words (see [`synthetic_draft`]).
fn synthetic_draft_of(paras: &[String], rng: &mut Lcg, target: usize) -> String {
    let mut out = String::from("---\ntitle: \"Synthetic draft\"\ndate: 2025-08-20\n---\n");
    out.push_str("# Synthetic draft\n\n");
    let mut count = 0;
    let mut section = 0;
    while count < target {
        if count / 800 >= section {
            section += 1;
            out.push_str(&format!("## Section {section}\n\n"));
        }
        let p = &paras[rng.below(paras.len())];
        match rng.below(10) {
            0 => out.push_str("> "),
            1 => out.push_str("- "),
            _ => {}
        }
        out.push_str(p);
        out.push_str("\n\n");
        count += words(p);
    }
    out
}

/// Warm up once, then time `runs` calls of `engine.check`; returns the stats and the
/// number of findings.
fn time_checks(
    engine: &Engine,
    doc: &Document,
    idx: &SourceIndex,
    date: NaiveDate,
    settings: &Settings,
    runs: usize,
) -> (Stats, usize) {
    let found = black_box(engine.check(doc, idx, date, settings)).len();
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let diags = engine.check(black_box(doc), black_box(idx), date, settings);
        samples.push(t.elapsed());
        black_box(diags);
    }
    (stats(samples), found)
}

/// Build the index `INDEX_RUNS` times; returns the last index and the median build time.
fn time_index(engine: &Engine, texts: &[(PathBuf, String)]) -> (SourceIndex, Duration) {
    let mut samples = Vec::with_capacity(INDEX_RUNS);
    let mut idx = None;
    for _ in 0..INDEX_RUNS {
        let input = texts.to_vec();
        let t = Instant::now();
        let built = SourceIndex::from_texts(black_box(input), &engine.extractor);
        samples.push(t.elapsed());
        idx = Some(black_box(built));
    }
    (
        idx.expect("at least one index build"),
        stats(samples).median,
    )
}

/// The three original rules.
const CORE: [&str; 3] = [
    ids::MISATTRIBUTED_TITLE,
    ids::INCONSISTENT_SPELLING,
    ids::OFF_TOPIC_PARAGRAPH,
];

/// Default settings with only the rules `on` enabled.
fn only_rules(on: &[&str]) -> Settings {
    let mut s = Settings::default();
    for id in ids::ALL {
        s.rules.insert(
            id.to_string(),
            RuleSetting {
                enabled: on.contains(id),
                severity: None,
            },
        );
    }
    s
}

fn time_parse(text: &str, format: Format) -> (Document, Duration) {
    let t = Instant::now();
    let doc = Document::new(black_box(text.to_string()), format);
    (black_box(doc), t.elapsed())
}

/// `COPYDESK_BENCH_PROFILE=rule,rule,…` (or `core`): only the 2,000-word draft of section 3
/// with those rules, checked over and over for about five seconds (or exactly
/// `COPYDESK_BENCH_ITERS` times), for a profiler. Unknown rule ids enable nothing.
fn profile(engine: &Engine, seeds: &[(PathBuf, String)], date: NaiveDate, only: &str) {
    let paras = seed_paragraphs(seeds);
    let mut rng = Lcg(0x00c0_ffee);
    let sources = synthetic_sources(&paras, &mut rng);
    let idx = SourceIndex::from_texts(sources, &engine.extractor);
    let mut rng = Lcg(0x0bad_cafe);
    let doc = Document::new(
        synthetic_draft_of(&paras, &mut rng, 2_000),
        Format::Markdown,
    );
    let on: Vec<&str> = only
        .split(',')
        .flat_map(|r| if r == "core" { CORE.to_vec() } else { vec![r] })
        .collect();
    let settings = only_rules(&on);
    let found = black_box(engine.check(&doc, &idx, date, &settings)).len();
    // COPYDESK_BENCH_ITERS=N: exactly N checks (for an instruction counter such as callgrind).
    let iters: Option<usize> = std::env::var("COPYDESK_BENCH_ITERS")
        .ok()
        .and_then(|n| n.parse().ok());
    let mut samples = Vec::new();
    let started = Instant::now();
    while iters.map_or(started.elapsed() < Duration::from_secs(5), |n| {
        samples.len() < n
    }) {
        let t = Instant::now();
        profiled_check(engine, &doc, &idx, date, &settings);
        samples.push(t.elapsed());
    }
    let runs = samples.len();
    let s = stats(samples);
    println!(
        "{only}: {runs} checks, p50 {:.0} µs, p99 {:.0} µs, {found} findings",
        us(s.median),
        us(s.p99)
    );
}

/// One timed check of the profile mode, a function of its own so that an instruction
/// counter can count these and not the first (which also reads the sources' facts).
#[inline(never)]
fn profiled_check(
    engine: &Engine,
    doc: &Document,
    idx: &SourceIndex,
    date: NaiveDate,
    settings: &Settings,
) {
    black_box(engine.check(black_box(doc), idx, date, settings));
}

fn main() {
    let started = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let date = NaiveDate::from_ymd_opt(2025, 8, 20).expect("valid date");
    let core_only = std::env::var("COPYDESK_BENCH_RULES").is_ok_and(|v| v == "core");
    let settings = if core_only {
        only_rules(&CORE)
    } else {
        Settings::default()
    };
    // COPYDESK_BENCH_WORLD=FILE.kbi: the engine with a world index loaded (benches/world.rs
    // writes target/world-1m.kbi), to measure what a million records cost a check.
    let engine = match std::env::var("COPYDESK_BENCH_WORLD") {
        Ok(p) => Engine::load(&[Path::new(&p)]).expect("world index loads"),
        Err(_) => Engine::new(Kb::builtin()),
    };

    let seeds = seed_files(root);
    assert_eq!(seeds.len(), 5, "expected five seed articles in seeds/");
    if let Ok(only) = std::env::var("COPYDESK_BENCH_PROFILE") {
        profile(&engine, &seeds, date, &only);
        return;
    }

    // The very first index build pays for lazily initialised state; measure it apart so
    // it does not inflate the first row.
    let t = Instant::now();
    let cold = SourceIndex::from_texts(seeds.clone(), &engine.extractor);
    let cold_index = t.elapsed();
    black_box(cold);

    let which = if core_only {
        "the three original rules"
    } else {
        "default settings"
    };
    println!("copydesk engine benchmark (date {date}, {which}; times in µs)");
    println!();
    println!(
        "{:<28} {:>6} {:>5} {:>10} {:>9} {:>5} {:>11} {:>11} {:>6}",
        "draft", "words", "srcs", "index", "parse", "runs", "check p50", "check p99", "diags"
    );
    let row = |name: &str,
               w: usize,
               srcs: usize,
               index: Duration,
               parse: Duration,
               runs: usize,
               s: &Stats,
               found: usize| {
        println!(
            "{:<28} {:>6} {:>5} {:>10.0} {:>9.0} {:>5} {:>11.0} {:>11.0} {:>6}",
            name,
            w,
            srcs,
            us(index),
            us(parse),
            runs,
            us(s.median),
            us(s.p99),
            found
        );
    };

    // 1. Seeds, each against the other four.
    for (i, (path, text)) in seeds.iter().enumerate() {
        let others: Vec<(PathBuf, String)> = seeds
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, s)| s.clone())
            .collect();
        let n = others.len();
        let (idx, index) = time_index(&engine, &others);
        let (doc, parse) = time_parse(text, Format::PlainText);
        let (s, found) = time_checks(&engine, &doc, &idx, date, &settings, SEED_RUNS);
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |f| f.to_string_lossy().into(),
        );
        row(&name, words(text), n, index, parse, SEED_RUNS, &s, found);
    }

    // 2. Synthetic 10,000-word Markdown draft with 20 synthetic sources.
    let paras = seed_paragraphs(&seeds);
    assert!(!paras.is_empty(), "no seed paragraphs of 20+ words");
    let mut rng = Lcg(0x00c0_ffee);
    let sources = synthetic_sources(&paras, &mut rng);
    let draft = synthetic_draft(&paras, &mut rng);
    let (idx, index) = time_index(&engine, &sources);
    let (doc, parse) = time_parse(&draft, Format::Markdown);
    let (s, found) = time_checks(&engine, &doc, &idx, date, &settings, SYNTH_RUNS);
    row(
        "synthetic.md",
        words(&draft),
        SYNTH_SOURCES,
        index,
        parse,
        SYNTH_RUNS,
        &s,
        found,
    );

    // 3. What the rules cost: a 2,000-word draft with 20 sources, the three original rules
    //    alone, with the figure/quote rules (issue 15: at most +30 %), with the date and
    //    residue rules (issue 16: at most +15 %), and all seven.
    let mut rng = Lcg(0x0bad_cafe);
    let draft2k = synthetic_draft_of(&paras, &mut rng, 2_000);
    let (doc2k, _) = time_parse(&draft2k, Format::Markdown);
    println!();
    println!(
        "{:<40} {:>5} {:>11} {:>11} {:>6} {:>9}",
        "2,000-word draft, 20 sources: rules", "runs", "check p50", "check p99", "diags", "vs core"
    );
    let core = CORE;
    let sets: [(&str, Vec<&str>); 4] = [
        ("core (title, spelling, off-topic)", core.to_vec()),
        (
            "core + quote + number",
            [&core[..], &[ids::QUOTE_MISMATCH, ids::NUMBER_MISMATCH]].concat(),
        ),
        (
            "core + date + scrape",
            [&core[..], &[ids::DATE_MISMATCH, ids::SCRAPE_RESIDUE]].concat(),
        ),
        ("all seven", ids::ALL.to_vec()),
    ];
    // Interleaved (one check of each selection per round) so that load on a shared
    // machine falls on every selection alike.
    let settings: Vec<Settings> = sets.iter().map(|(_, on)| only_rules(on)).collect();
    let found: Vec<usize> = settings
        .iter()
        .map(|st| black_box(engine.check(&doc2k, &idx, date, st)).len())
        .collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(RULE_RUNS); sets.len()];
    for _ in 0..RULE_RUNS {
        for (k, st) in settings.iter().enumerate() {
            let t = Instant::now();
            let diags = engine.check(black_box(&doc2k), black_box(&idx), date, st);
            samples[k].push(t.elapsed());
            black_box(diags);
        }
    }
    let stats_of: Vec<Stats> = samples.into_iter().map(stats).collect();
    let base = us(stats_of[0].median);
    for (k, (name, _)) in sets.iter().enumerate() {
        println!(
            "{:<40} {:>5} {:>11.0} {:>11.0} {:>6} {:>+8.1}%",
            name,
            RULE_RUNS,
            us(stats_of[k].median),
            us(stats_of[k].p99),
            found[k],
            (us(stats_of[k].median) / base - 1.0) * 100.0
        );
    }

    // 4. Knowledge-base load.
    let mut samples = Vec::with_capacity(KB_RUNS);
    let mut kb = None;
    for _ in 0..KB_RUNS {
        let t = Instant::now();
        let k = black_box(Kb::builtin());
        samples.push(t.elapsed());
        kb = Some(k);
    }
    let kb = kb.expect("at least one KB load");
    let s = stats(samples);
    println!();
    println!(
        "{:<28} {:>5} {:>11} {:>11} {:>8} {:>8}",
        "knowledge base", "runs", "load p50", "load p99", "offices", "holders"
    );
    println!(
        "{:<28} {:>5} {:>11.0} {:>11.0} {:>8} {:>8}",
        "Kb::builtin()",
        KB_RUNS,
        us(s.median),
        us(s.p99),
        kb.offices.len(),
        kb.term_count()
    );
    println!();
    println!(
        "index = one-off SourceIndex::from_texts (median of {INDEX_RUNS} builds); \
         parse = Document::new; check = Engine::check (one warm-up, then timed runs; \
         p99 is nearest-rank)"
    );
    println!(
        "cold first index build (all 5 seeds, includes lazy initialisation): {:.0} µs",
        us(cold_index)
    );
    println!("total wall time: {:.1} s", started.elapsed().as_secs_f64());
}
