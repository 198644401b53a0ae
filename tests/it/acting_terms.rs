//! Title fixes come from the person's substantive offices: a days-long acting term is named
//! as acting in the message and never gives the suggested title (issue 18, item 6).

use crate::common;

use copydesk::engine::Engine;
use copydesk::kb::Kb;

const KB: &str = r#"
[[country]]
code = "zz"
names = ["Freedonia"]
adjectives = ["Freedonian"]

[[person]]
name = "Jan Examplar"

[[person]]
name = "Rufus Firefly"

[[office]]
id = "zz.finance-minister"
country = "zz"
title = "Finance Minister"
aliases = ["Finance Minister"]
holders = [
  { name = "Jan Examplar", start = "2018-01-01", end = "2022-01-10", source = "https://example.gov/finance" },
  { name = "Rufus Firefly", start = "2022-01-10", source = "https://example.gov/finance2" },
]

[[office]]
id = "zz.prime-minister"
country = "zz"
title = "Prime Minister"
aliases = ["Prime Minister"]
holders = [
  { name = "Jan Examplar", start = "2023-05-01", end = "2023-05-05", acting = true, source = "https://example.gov/pm" },
  { name = "Rufus Firefly", start = "2023-05-05", source = "https://example.gov/pm2" },
]
"#;

fn engine() -> Engine {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fixture-kb.toml");
    std::fs::write(&path, KB).expect("write kb");
    Engine::new(Kb::load(&[path.as_path()]).expect("fixture KB loads"))
}

fn title_findings(draft: &str, day: &str) -> Vec<copydesk::diagnostic::Diagnostic> {
    common::findings_of(&engine(), draft, day, "misattributed-title")
}

#[test]
fn a_four_day_acting_term_never_gives_the_title_fix() {
    let d = title_findings(
        "Freedonian Prime Minister Jan Examplar spoke.\n",
        "2025-08-20",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    let titles: Vec<&str> = d[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "Replace 'Jan Examplar' with 'Rufus Firefly'",
            "Replace 'Freedonian Prime Minister' with 'former Finance Minister'",
        ]
    );
    assert!(
        d[0].message
            .contains("; Jan Examplar was Finance Minister (Freedonia) 2018-01-01 – 2022-01-10"),
        "{}",
        d[0].message
    );
}

#[test]
fn a_current_acting_term_is_called_acting() {
    let d = title_findings(
        "Freedonian Finance Minister Jan Examplar spoke.\n",
        "2023-05-03",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "Finance Minister (Freedonia) on 2023-05-03 was Rufus Firefly (since 2022-01-10), not Jan Examplar; Jan Examplar is acting Prime Minister (Freedonia) (2023-05-01 – 2023-05-05) [knowledge base]"
    );
    let fix = d[0]
        .fixes
        .iter()
        .find(|f| f.title.contains("Finance Minister'"));
    assert_eq!(
        fix.map(|f| f.title.as_str()),
        Some("Replace 'Freedonian Finance Minister' with 'acting Prime Minister'")
    );
}
