use copydesk::kb::Kb;

#[test]
fn builtin_kb_is_valid() {
    let problems = Kb::validate_builtin();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn builtin_kb_loads_with_indices() {
    let kb = Kb::builtin();
    assert!(
        kb.term_count() > 500,
        "only {} holder records",
        kb.term_count()
    );
    let bolton = kb.persons_named("John Bolton");
    assert_eq!(bolton.len(), 1);
    assert!(!kb.offices_titled("Defence Secretary").is_empty());
    assert_eq!(
        kb.country_for("French").map(|c| c.code.as_str()),
        Some("FR")
    );
    assert_eq!(kb.country_for("U.S.").map(|c| c.code.as_str()), Some("US"));
}

#[test]
fn builtin_events_load_with_sources_and_aliases() {
    let kb = Kb::builtin();
    assert!(kb.events.len() >= 40, "only {} events", kb.events.len());
    let inv = kb.find_events("full-scale invasion");
    assert_eq!(inv.len(), 1);
    assert_eq!(inv[0].start.to_string(), "2022-02-24");
    assert_eq!(inv[0].origin, "kb/events.toml");
    assert!(kb.events.iter().all(|e| e.source.starts_with("https://")));
}

#[test]
fn user_events_extend_and_replace_builtin_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("my.toml");
    std::fs::write(
        &path,
        "[[event]]\nid = \"ua.full-scale-invasion\"\nname = \"Invasion (local)\"\nkind = \"war\"\nstart = \"2022-02-24\"\naliases = [\"the invasion\"]\nsource = \"https://example.org\"\n\n[[event]]\nid = \"xx.local-flood\"\nname = \"River flood\"\nkind = \"disaster\"\nstart = \"2024-05-01\"\naliases = [\"the big flood\"]\nsource = \"https://example.org/flood\"\n",
    )
    .expect("write");
    let kb = Kb::load(&[path.as_path()]).expect("loads");
    assert_eq!(kb.events.len(), Kb::builtin().events.len() + 1);
    assert_eq!(kb.find_events("big flood")[0].name, "River flood");
    assert_eq!(kb.find_events("ua.full-scale")[0].name, "Invasion (local)");
    std::fs::write(
        &path,
        "[[event]]\nid = \"x\"\nname = \"x\"\nkind = \"war\"\nstart = \"2024-13-01\"\naliases = [\"x\"]\n",
    )
    .expect("write");
    let err = Kb::load(&[path.as_path()]).expect_err("bad date");
    assert!(err.message.contains("not a YYYY-MM-DD date"), "{err}");
}

#[test]
fn a_rank_outside_one_to_four_is_an_error_naming_file_line_and_key() {
    let bad = crate::common::kb_fixture("bad-rank.toml");
    let err = Kb::load(&[bad.as_path()]).expect_err("rank 7 is refused");
    assert_eq!(err.file, bad.display().to_string());
    assert!(
        err.message.starts_with("line 9: `rank` 7 is not 1 to 4"),
        "{err}"
    );
}
