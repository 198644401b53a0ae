//! Office seniority (issue 18, item 6): a person's title fix and message name their most
//! relevant substantive office — held beats former, the most recent former one, and among
//! offices held at once or ended close together the most senior (`rank`, else the title
//! words). Fixture: `tests/fixtures/kb/ranked.toml` (a bad `rank`: `kb_validation.rs`).

use crate::common::{self, kb_fixture};

use copydesk::diagnostic::Diagnostic;
use copydesk::engine::Engine;
use copydesk::kb::Kb;

fn title_findings(draft: &str, day: &str) -> Vec<Diagnostic> {
    let kb = Kb::load(&[kb_fixture("ranked.toml").as_path()]).expect("fixture KB loads");
    common::findings_of(&Engine::new(kb), draft, day, "misattributed-title")
}

fn fix_titles(d: &Diagnostic) -> Vec<&str> {
    d.fixes.iter().map(|f| f.title.as_str()).collect()
}

#[test]
fn a_junior_post_that_outlasted_the_premiership_by_weeks_does_not_name_the_person() {
    let d = title_findings("Freedonian Sport Minister Ada Quill spoke.\n", "2024-05-01");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "Minister for Sport (Freedonia) on 2024-05-01 was Chico Ravelli (2024-04-15 – 2024-06-01), not Ada Quill; Ada Quill was Prime Minister (Freedonia) 2019-01-01 – 2024-03-01 [knowledge base]"
    );
    assert_eq!(
        fix_titles(&d[0]),
        vec![
            "Replace 'Ada Quill' with 'Chico Ravelli'",
            "Replace 'Freedonian Sport Minister' with 'former Prime Minister'",
        ]
    );
}

#[test]
fn of_two_offices_held_at_once_the_fix_names_the_senior_one() {
    let d = title_findings("Freedonian Harbour Master Ada Quill spoke.\n", "2023-06-01");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "Harbour Master (Freedonia) on 2023-06-01 was Chico Ravelli (2015-01-01 – 2024-04-15), not Ada Quill; Ada Quill is Minister for Sport (Freedonia) (2022-01-01 – 2024-04-15) and Prime Minister (Freedonia) (2019-01-01 – 2024-03-01) [knowledge base]"
    );
    assert_eq!(
        fix_titles(&d[0]),
        vec![
            "Replace 'Ada Quill' with 'Chico Ravelli'",
            "Replace 'Freedonian Harbour Master' with 'Freedonian Prime Minister'",
        ]
    );
}

#[test]
fn an_explicit_rank_outranks_the_title_words() {
    // Chico Ravelli's last post (sport, to June) ended seven weeks after the harbour one,
    // which the fixture ranks 2: "former Harbour Master", not "former Minister for Sport".
    let d = title_findings(
        "Freedonian Prime Minister Chico Ravelli spoke.\n",
        "2024-08-01",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message
            .ends_with("; Chico Ravelli was Harbour Master (Freedonia) 2015-01-01 – 2024-04-15 [knowledge base]"),
        "{}",
        d[0].message
    );
    assert_eq!(
        fix_titles(&d[0]).last().copied(),
        Some("Replace 'Freedonian Prime Minister' with 'former Harbour Master'")
    );
}

#[test]
fn kb_person_shows_each_offices_rank() {
    let dir = tempfile::tempdir().expect("tempdir");
    let kb = kb_fixture("ranked.toml");
    let out = common::cli::run(
        &[
            "kb",
            "person",
            "Chico Ravelli",
            "--kb",
            &kb.display().to_string(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains(
            "  Minister for Sport (Freedonia): 2024-04-15 – 2024-06-01; rank 3 (from the title)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  Harbour Master (Freedonia): 2015-01-01 – 2024-04-15; rank 2\n"),
        "{text}"
    );
}
