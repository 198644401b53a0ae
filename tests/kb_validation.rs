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
