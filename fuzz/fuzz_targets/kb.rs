//! Knowledge-base input on arbitrary text. The first byte picks the parser:
//! 0: Wikidata SPARQL JSON import, 1: CSV import — and the rows they accept must render
//! (`import::to_toml`) as a KB file that loads; 2: a KB TOML file (`KbBuilder::add_str` +
//! `build`) — and a KB that builds must give an engine that checks a draft naming its
//! people and offices without a panic, findings inside the draft.

#![no_main]

use std::sync::OnceLock;

use copydesk::document::{Document, Format};
use copydesk::kb::{Kb, KbBuilder, import};
use libfuzzer_sys::fuzz_target;

fn builtin() -> &'static Kb {
    static K: OnceLock<Kb> = OnceLock::new();
    K.get_or_init(Kb::builtin)
}

fn loads(rows: &[import::Row]) {
    let toml = import::to_toml(rows);
    let mut b = KbBuilder::default();
    if let Err(e) = b.add_str("imported.toml", &toml) {
        panic!("imported rows do not load: {e}\n{toml}");
    }
    if let Err(e) = b.build() {
        panic!("imported rows do not build: {e}\n{toml}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 3 {
        0 => {
            if let Ok((rows, _errors)) = import::from_sparql_json(builtin(), &text) {
                loads(&rows);
            }
        }
        1 => {
            if let Ok((rows, _errors)) = import::from_csv(builtin(), &text, "fuzz.csv") {
                loads(&rows);
            }
        }
        _ => {
            let mut b = KbBuilder::default();
            if b.add_str("fuzz.toml", &text).is_err() {
                return;
            }
            let Ok(kb) = b.build() else { return };
            if kb.offices.len() + kb.persons.len() > 200 {
                return; // keep each run short
            }
            let mut draft = String::new();
            for o in &kb.offices {
                let who = o
                    .terms
                    .first()
                    .map_or("Jane Doe", |t| kb.persons[t.person].name.as_str());
                draft.push_str(&format!("{} {} said. ", o.title, who));
                for a in &o.aliases {
                    draft.push_str(&format!("{who}, the {a}, spoke. "));
                }
                draft.push_str("\n\n");
            }
            let date = o_date(&kb);
            let engine = copydesk::engine::Engine::new(kb);
            let doc = Document::new(draft.clone(), Format::Markdown);
            let idx = copydesk::sources::SourceIndex::default();
            let settings = copydesk::config::Settings::default();
            for f in engine.check(&doc, &idx, date, &settings) {
                assert!(f.range.end <= draft.len() && f.range.start <= f.range.end);
                assert!(
                    draft.is_char_boundary(f.range.start) && draft.is_char_boundary(f.range.end)
                );
            }
        }
    }
});

/// A date inside the first term of the KB, if any.
fn o_date(kb: &Kb) -> chrono::NaiveDate {
    kb.offices
        .iter()
        .flat_map(|o| o.terms.first())
        .map(|t| t.start)
        .next()
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2025, 8, 20).expect("date"))
}
