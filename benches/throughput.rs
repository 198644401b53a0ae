//! CLI throughput: `copydesk check` on 1,000 drafts with 20 sources, on 1 and 2 threads.
//! Drafts and sources are built deterministically from the seed articles in a temp folder;
//! the run goes through the real CLI entry point (`copydesk::cli::run`), so it includes
//! reading files, indexing the sources once, checking and formatting JSON.
//! Run: `cargo bench --bench throughput`.

use std::path::Path;
use std::time::Instant;

use clap::Parser;

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
}

fn paragraphs(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("seed text");
        out.extend(
            text.lines()
                .filter(|l| l.split_whitespace().count() >= 20)
                .map(str::to_string),
        );
    }
    out
}

fn build_corpus(dir: &Path, paras: &[String]) -> u64 {
    let mut rng = Lcg(42);
    let sources = dir.join("sources");
    let drafts = dir.join("drafts");
    std::fs::create_dir_all(&sources).expect("mkdir sources");
    std::fs::create_dir_all(&drafts).expect("mkdir drafts");
    for i in 0..20 {
        let text: Vec<&str> = (0..12)
            .map(|_| paras[rng.next() % paras.len()].as_str())
            .collect();
        std::fs::write(
            sources.join(format!("{i:03}_source.txt")),
            text.join("\n\n"),
        )
        .expect("write source");
    }
    let mut bytes = 0u64;
    for i in 0..1000 {
        let body: Vec<&str> = (0..8)
            .map(|_| paras[rng.next() % paras.len()].as_str())
            .collect();
        let text = format!(
            "---\ntitle: \"Draft {i}\"\ndate: 2025-08-20\n---\n# Draft {i}\n\n{}\n",
            body.join("\n\n")
        );
        bytes += text.len() as u64;
        std::fs::write(drafts.join(format!("draft{i:04}.md")), text).expect("write draft");
    }
    bytes
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paras = paragraphs(root);
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = build_corpus(dir.path(), &paras);
    let args = [
        "copydesk",
        "check",
        "--format",
        "json",
        "--sources",
        "sources",
        "drafts",
    ];
    println!(
        "copydesk check: 1,000 drafts ({:.2} MB), 20 sources",
        bytes as f64 / 1e6
    );
    println!(
        "{:>8} {:>10} {:>10} {:>10}",
        "threads", "seconds", "files/s", "MB/s"
    );
    let cwd = std::env::current_dir().expect("cwd");
    std::env::set_current_dir(dir.path()).expect("cd");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut best = f64::MAX;
        for _ in 0..3 {
            let cli = copydesk::cli::Cli::parse_from(args);
            let mut out = Vec::with_capacity(1 << 20);
            let mut err = Vec::new();
            let t = Instant::now();
            let code = pool.install(|| copydesk::cli::run(cli, &mut out, &mut err));
            best = best.min(t.elapsed().as_secs_f64());
            assert!(
                code == 0 || code == 1,
                "exit {code}: {}",
                String::from_utf8_lossy(&err)
            );
            std::hint::black_box(out);
        }
        println!(
            "{threads:>8} {best:>10.3} {:>10.0} {:>10.2}",
            1000.0 / best,
            bytes as f64 / 1e6 / best
        );
    }
    std::env::set_current_dir(cwd).expect("cd back");
}
