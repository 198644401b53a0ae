//! Language-server latency: keystroke → fresh diagnostics, measured as the engine work the
//! server does per change (apply the edit to the rope, rebuild the document, run the
//! rules), for a 2,000-word draft with 20 sources and a 10,000-line draft; p50/p99 over
//! 200 edits. Also resident memory after indexing 200 sources.
//! Run: `cargo bench --bench lsp`.

use std::path::PathBuf;
use std::time::Instant;

use copydesk::config::Settings;
use copydesk::document::{Document, Encoding, Format};
use copydesk::engine::Engine;
use copydesk::kb::Kb;
use copydesk::sources::SourceIndex;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn seed_paragraphs() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .expect("seed")
                .lines()
                .filter(|l| l.split_whitespace().count() >= 20)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn draft(paras: &[String], rng: &mut Lcg, words: usize) -> String {
    let mut out = String::from("---\ndate: 2025-08-20\n---\n# Draft\n\n");
    let mut n = 0;
    while n < words {
        let p = &paras[rng.next() % paras.len()];
        n += p.split_whitespace().count();
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn sources(paras: &[String], rng: &mut Lcg, n: usize) -> Vec<(PathBuf, String)> {
    (0..n)
        .map(|i| {
            (
                PathBuf::from(format!("{i:03}_s.txt")),
                (0..12)
                    .map(|_| paras[rng.next() % paras.len()].clone())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            )
        })
        .collect()
}

fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn keystrokes(engine: &Engine, idx: &SourceIndex, text: &str, label: &str) {
    let settings = Settings::default();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
    let mut rope = Rope::from_str(text);
    let mut rng = Lcg(7);
    let mut times = Vec::with_capacity(200);
    let cache = copydesk::facts::FactCache::default();
    // The server analysed the document when it was opened.
    std::hint::black_box(engine.check_cached(
        &Document::new(text, Format::Markdown),
        idx,
        date,
        &settings,
        Some(&cache),
    ));
    for i in 0..200 {
        let line = 5 + rng.next() % (rope.len_lines() - 6);
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position {
                    line: line as u32,
                    character: 0,
                },
                end: Position {
                    line: line as u32,
                    character: 0,
                },
            }),
            range_length: None,
            text: if i % 2 == 0 { "x".into() } else { "".into() },
        };
        let t = Instant::now();
        copydesk::lsp::apply_change(&mut rope, &change, Encoding::Utf16);
        let doc = Document::new(rope.to_string(), Format::Markdown);
        let d = engine.check_cached(&doc, idx, date, &settings, Some(&cache));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(d);
    }
    let p50 = percentile(&mut times, 0.5);
    let p99 = percentile(&mut times, 0.99);
    println!("{label:<40} p50 {p50:>8.3} ms   p99 {p99:>8.3} ms");
}

fn main() {
    let paras = seed_paragraphs();
    let mut rng = Lcg(1);
    let engine = Engine::new(Kb::builtin());
    let idx20 = SourceIndex::from_texts(sources(&paras, &mut rng, 20), &engine.extractor);
    let d2000 = draft(&paras, &mut rng, 2000);
    keystrokes(&engine, &idx20, &d2000, "2,000-word draft, 20 sources");
    // 10,000 lines: hard-wrapped short lines.
    let mut long = String::from("---\ndate: 2025-08-20\n---\n");
    while long.lines().count() < 10_000 {
        let p = &paras[rng.next() % paras.len()];
        let words: Vec<&str> = p.split_whitespace().collect();
        for chunk in words.chunks(10) {
            long.push_str(&chunk.join(" "));
            long.push('\n');
        }
        long.push('\n');
    }
    keystrokes(&engine, &idx20, &long, "10,000-line draft, 20 sources");
    let idx200 = SourceIndex::from_texts(sources(&paras, &mut rng, 200), &engine.extractor);
    let rss = status_kb("VmRSS:").unwrap_or(0);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "RSS with the KB, the 20-source index and a 200-source index ({} source paragraphs): {:.1} MB now, {:.1} MB peak",
        idx200
            .sources
            .iter()
            .map(|s| s.doc.paragraphs.len())
            .sum::<usize>(),
        rss as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    std::hint::black_box(idx200);
}
