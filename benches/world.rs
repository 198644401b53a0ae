//! World index at scale: generated KBs of 1k, 10k, 100k and 1M holder records
//! ([`copydesk::kb::synthetic`]) compiled with `kb index`'s code, then
//!
//! - build: TOML parse + index write, and the file's size;
//! - cold load: `WorldIndex::open` (map + header + `fst` checks), median of 20;
//! - lookups: a full-name, a surname and a title lookup of names and titles in the index
//!   (ids only), median per lookup over 10,000;
//! - story: `story_kb` for one name and one title over the curated KB (what a check adds
//!   per draft name), median;
//! - memory: the growth of RssAnon (the process's own) and RssFile (the index's pages
//!   touched, page cache: shared between processes and reclaimable) over all of it.
//!
//! The 1M index is left at `target/world-1m.kbi` for the engine benchmark's instruction
//! count with a world index (`COPYDESK_BENCH_WORLD=target/world-1m.kbi`, see
//! benches/engine.rs). `COPYDESK_BENCH_WORLD_MAX=100000` stops before the larger sizes.
//!
//! Run: `cargo bench --bench world`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use copydesk::kb::world::{self, WorldIndex};
use copydesk::kb::{Kb, synthetic};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// (RssAnon, RssFile) in MB: the process's own memory, and the mapped file's pages it has
/// touched (page cache, shared and reclaimable).
fn rss_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("RssAnon:"), field("RssFile:"))
}

fn main() {
    let max: usize = std::env::var("COPYDESK_BENCH_WORLD_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let curated = Kb::builtin();
    println!("copydesk world-index benchmark (times in µs unless marked)");
    println!();
    println!(
        "{:>9} {:>9} {:>8} {:>9} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "terms",
        "persons",
        "offices",
        "build s",
        "MB",
        "load",
        "name",
        "surname",
        "title",
        "story",
        "anon MB",
        "file MB"
    );
    for n in [1_000usize, 10_000, 100_000, 1_000_000] {
        if n > max {
            break;
        }
        let t = Instant::now();
        let text = synthetic::kb_toml(n, "2026-11-30");
        let file = target.join(format!("world-syn-{n}.toml"));
        std::fs::write(&file, &text).expect("write synthetic KB");
        drop(text);
        let kb = Kb::load_files(&[file.as_path()]).expect("synthetic KB loads");
        let out = if n == 1_000_000 {
            target.join("world-1m.kbi")
        } else {
            target.join(format!("world-{n}.kbi"))
        };
        let header = world::write(&kb, &[file.display().to_string()], &out).expect("index written");
        let build = t.elapsed();
        let names: Vec<String> = kb.persons.iter().map(|p| p.name.clone()).collect();
        let titles: Vec<String> = kb.offices.iter().map(|o| o.aliases[0].clone()).collect();
        drop(kb);
        let _ = std::fs::remove_file(&file);
        let size = std::fs::metadata(&out).map_or(0, |m| m.len()) as f64 / 1e6;

        let rss_before = rss_mb();
        let mut loads = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            black_box(WorldIndex::open(&out).expect("index opens"));
            loads.push(t.elapsed());
        }
        let ix = WorldIndex::open(&out).expect("index opens");
        let (mut by_name, mut by_surname, mut by_title) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..10_000 {
            let name = &names[(i * 7_919) % names.len()];
            let surname = name.rsplit(' ').next().unwrap_or(name);
            let title = &titles[(i * 104_729) % titles.len()];
            let t = Instant::now();
            black_box(ix.persons_named(name));
            by_name.push(t.elapsed());
            let t = Instant::now();
            black_box(ix.persons_with_surname(surname));
            by_surname.push(t.elapsed());
            let t = Instant::now();
            black_box(ix.offices_titled(title));
            by_title.push(t.elapsed());
        }
        let mut story = Vec::new();
        for i in 0..200 {
            let name = names[(i * 7_919) % names.len()].as_str();
            let t = Instant::now();
            black_box(
                ix.story_kb(&curated, &[name], &["Fisheries Minister"], &["QA"])
                    .expect("records decode"),
            );
            story.push(t.elapsed());
        }
        let after = rss_mb();
        let rss = (after.0 - rss_before.0, after.1 - rss_before.1);
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "{:>9} {:>9} {:>8} {:>9.2} {:>8.1} {:>8.1} {:>9.2} {:>9.2} {:>9.2} {:>9.0} {:>8.1} {:>8.1}",
            header.terms,
            header.persons,
            header.offices,
            build.as_secs_f64(),
            size,
            us(median(loads)),
            us(median(by_name)),
            us(median(by_surname)),
            us(median(by_title)),
            us(median(story)),
            rss.0,
            rss.1,
        );
    }
    println!();
    println!(
        "load: WorldIndex::open; name/surname/title: one lookup (ids); story: story_kb for one \
         name and one crowded title over the curated KB; anon MB / file MB: growth of the process's \
         own memory and of the index pages it touched (page cache) over the loads and lookups."
    );
}
