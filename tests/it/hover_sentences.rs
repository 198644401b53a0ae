//! Issue 18, item 8: hover's "closest source sentences" are the sentences about the same
//! person or title (person resolution and title facts), not the ones sharing most words.

use crate::common;

use std::path::PathBuf;

use copydesk::config::Settings;
use copydesk::document::{Document, Format};
use copydesk::sources::SourceIndex;

fn hover_at(draft: &str, needle: &str, sources: &[(&str, &str)]) -> String {
    let engine = common::engine();
    let idx = SourceIndex::from_texts(
        sources
            .iter()
            .map(|(n, t)| (PathBuf::from(n), t.to_string()))
            .collect(),
        &engine.extractor,
    );
    let doc = Document::new(draft, Format::PlainText);
    let date = common::date("2025-08-20");
    let settings = Settings::default();
    let diags = engine.check(&doc, &idx, date, &settings);
    let at = draft.find(needle).expect("needle") + 1;
    engine
        .hover(&doc, &idx, date, &settings, &diags, at)
        .expect("hover")
        .1
}

const SOURCES: &[(&str, &str)] = &[
    (
        "001_a.txt",
        "Ukrainian officials said the peace talks in Moscow would go on for days.\n",
    ),
    (
        "002_b.txt",
        "Sergei Lavrov, Russia’s top diplomat, declined to comment.\n",
    ),
    (
        "003_c.txt",
        "Foreign Minister Sergei Lavrov spoke briefly. The weather was cold.\n",
    ),
];

#[test]
fn the_sentences_about_the_person_and_title_come_first_and_word_overlap_alone_never() {
    let draft = "Foreign Minister Sergei Lavrov said the peace talks in Moscow would go on.\n";
    let h = hover_at(draft, "Lavrov", SOURCES);
    assert!(
        h.ends_with(
            "**Closest source sentences**\n> Foreign Minister Sergei Lavrov spoke briefly. (003)\n> Sergei Lavrov, Russia’s top diplomat, declined to comment. (002)"
        ),
        "{h}"
    );
}

#[test]
fn a_title_alone_finds_the_sentences_about_that_title() {
    // A person the sources never name: the sentences about the title.
    let draft = "Foreign Minister Jane Nobody said the peace talks in Moscow would go on.\n";
    let h = hover_at(draft, "Foreign Minister", SOURCES);
    assert!(
        h.ends_with(
            "**Closest source sentences**\n> Foreign Minister Sergei Lavrov spoke briefly. (003)"
        ),
        "{h}"
    );
    assert!(!h.contains("Ukrainian officials"), "{h}");
}
