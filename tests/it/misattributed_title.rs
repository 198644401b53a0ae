use crate::common::*;
use copydesk::diagnostic::apply_edits;

const RULE: &str = "misattributed-title";

#[test]
fn wrong_holder_at_the_date_is_flagged_with_holder_dates_and_fixes() {
    let draft = "# Talks\n\nHawks such as Secretary of Defense John Bolton want more pressure.\n";
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Secretary of Defense John Bolton");
    assert_eq!(
        d[0].message,
        "Secretary of Defense (United States) on 2025-08-20 was Pete Hegseth (since 2025-01-25), not John Bolton; John Bolton was National Security Advisor (United States) 2018-04-09 – 2019-09-10 [knowledge base]"
    );
    let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).expect("fix applies");
    assert_eq!(
        fixed,
        "# Talks\n\nHawks such as Secretary of Defense Pete Hegseth want more pressure.\n"
    );
    let fixed = apply_edits(&doc.text, &d[0].fixes[1].edits).expect("fix applies");
    assert_eq!(
        fixed,
        "# Talks\n\nHawks such as former National Security Advisor John Bolton want more pressure.\n"
    );
}

#[test]
fn correct_and_historical_titles_stay_quiet() {
    let draft = "Critics, among them former National Security Adviser John Bolton, doubt it. \
Secretary of State Marco Rubio agreed, as did French President Emmanuel Macron. \
The accords were brokered by then-Chancellor Angela Merkel. \
Mike Waltz, Trump’s national security adviser at the time, left. \
In 2019, Secretary of Defense Mark Esper visited Kyiv.\n";
    let (_, d) = check(draft, &[], "2025-08-20");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

#[test]
fn the_same_phrase_is_right_or_wrong_by_date() {
    let draft = "On television, Trump’s national security adviser, Mike Waltz, cautioned that obstacles remained.\n";
    let (_, d) = check(draft, &[], "2025-03-17");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        covered(&doc, d[0]),
        "Trump’s national security adviser, Mike Waltz"
    );
    assert_eq!(
        d[0].message,
        "National Security Advisor (United States) on 2025-08-20 was Marco Rubio (acting, since 2025-05-01), not Mike Waltz; Mike Waltz was National Security Advisor (United States) 2025-01-20 – 2025-05-01 [knowledge base]"
    );
}

#[test]
fn country_swap_gives_two_findings_on_one_line() {
    let draft = "British Prime Minister Emmanuel Macron and French President Keir Starmer spoke.\n";
    let (doc, d) = check(draft, &[], "2025-08-21");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(
        covered(&doc, d[0]),
        "British Prime Minister Emmanuel Macron"
    );
    assert_eq!(covered(&doc, d[1]), "French President Keir Starmer");
    // The title fix names the person's real office with the country adjective.
    let t = d[0]
        .fixes
        .iter()
        .find(|f| f.title.contains("French"))
        .expect("title fix");
    assert_eq!(
        apply_edits(&doc.text, &t.edits).as_deref(),
        Some("French President Emmanuel Macron and French President Keir Starmer spoke.\n")
    );
}

#[test]
fn sources_decide_when_the_kb_is_silent() {
    // A role the KB does not record for this person; the sources call her something else.
    let src = "Foreign Ministry spokesperson Maria Zakharova dismissed the idea outright.\n";
    let draft = "Energy Minister Maria Zakharova dismissed the plan.\n";
    let (doc, d) = check(draft, &[("001_a.txt", src)], "2025-08-22");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Energy Minister Maria Zakharova");
    assert!(
        d[0].message
            .contains("'Foreign Ministry spokesperson' (001)"),
        "{}",
        d[0].message
    );
    // Same role in other words: quiet.
    let (_, d) = check(
        "Foreign Ministry spokeswoman Maria Zakharova warned again.\n",
        &[("001_a.txt", src)],
        "2025-08-22",
    );
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

#[test]
fn deputy_and_elect_name_other_offices() {
    let draft = "Deputy Foreign Minister Alexander Grushko and Vice President JD Vance spoke; President-elect Donald Trump listened.\n";
    let (_, d) = check(draft, &[], "2025-08-20");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

#[test]
fn hard_wrapped_titles_are_found_across_line_breaks() {
    let draft = "Washington weighs pressure.\n\nThe talks were led by Treasury\nSecretary Howard Lutnick on Friday.\n";
    let (doc, d) = check(draft, &[], "2025-08-22");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Treasury\nSecretary Howard Lutnick");
    assert_eq!(
        d[0].message,
        "Secretary of the Treasury (United States) on 2025-08-22 was Scott Bessent (since 2025-01-28), not Howard Lutnick; Howard Lutnick is Secretary of Commerce (United States) (since 2025-02-21) [knowledge base]"
    );
}

#[test]
fn after_the_kb_date_a_finding_says_it_may_be_outdated() {
    let draft = "Secretary of Defense John Bolton spoke.\n";
    let (_, d) = check(draft, &[], "2027-01-10");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1);
    // The fact leads; the caveat ends the message.
    assert!(
        d[0].message
            .starts_with("Secretary of Defense (United States) on 2027-01-10 was "),
        "{}",
        d[0].message
    );
    assert!(d[0].message.ends_with("; possibly outdated: the knowledge base is current as of 2025-10-31 and the article is dated 2027-01-10, so the office may have changed hands since [knowledge base]"), "{}", d[0].message);
    assert_eq!(d[0].severity, copydesk::diagnostic::Severity::Warning);
}

#[test]
fn a_holder_the_kb_does_not_know_is_confirmed_by_the_sources() {
    // A person with no KB record, called by this title in the sources: the KB may simply
    // not know the new holder yet, so the sources win.
    let src = "Secretary of Defense Jane Example-Newcomer was sworn in on Monday.\n";
    let draft = "U.S. Secretary of Defense Jane Example-Newcomer visited the troops.\n";
    let (_, d) = check(draft, &[("001_a.txt", src)], "2025-08-20");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
    // Without that source, the KB's holder on the date decides.
    let (_, d) = check(draft, &[], "2025-08-20");
    assert_eq!(of_rule(&d, RULE).len(), 1, "{d:?}");
    // A person the KB knows is not rescued by a source that repeats the error.
    let (_, d) = check(
        "Secretary of Defense John Bolton spoke.\n",
        &[("000_a.txt", "Secretary of Defense John Bolton said so.\n")],
        "2025-08-20",
    );
    assert_eq!(of_rule(&d, RULE).len(), 1, "{d:?}");
}

#[test]
fn honorifics_verbs_outgoing_and_stated_second_roles() {
    // An honorific between title and name is skipped; the KB then decides.
    let (doc, d) = check(
        "Qatari Emir Sheikh Mohammed bin Abdulrahman Al Thani arrived.\n",
        &[],
        "2025-10-10",
    );
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(covered(&doc, d[0]).ends_with("Al Thani"));
    // "would judge Lecornu": a verb, not a title.
    let src = "Armed Forces Minister Sébastien Lecornu spoke.\n";
    let (_, d) = check(
        "She said voters would judge Lecornu on his actions.\n",
        &[("01_a.txt", src)],
        "2025-09-10",
    );
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
    // "outgoing" is the holder who is leaving.
    let (_, d) = check(
        "Outgoing Prime Minister François Bayrou wished his successor well.\n",
        &[],
        "2025-09-10",
    );
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
    // The draft names the sources' role too: the person holds both.
    let src = "Foreign Minister Ishaq Dar confirmed the ceasefire.\n";
    let (_, d) = check(
        "Deputy Prime Minister Ishaq Dar, who is also foreign minister, confirmed it.\n",
        &[("01_a.txt", src)],
        "2025-05-11",
    );
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

#[test]
fn an_office_taken_up_only_after_the_date_is_not_offered_as_former() {
    // In June 2023 the Secretary of Defense was Lloyd Austin; Hegseth took office in 2025.
    let draft = "# Budget\n\nSecretary of Defense Pete Hegseth presented the budget.\n";
    let (doc, d) = check(draft, &[], "2023-06-01");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Secretary of Defense Pete Hegseth");
    assert_eq!(
        d[0].message,
        "Secretary of Defense (United States) on 2023-06-01 was Lloyd Austin (2021-01-22 – 2025-01-20), not Pete Hegseth; Pete Hegseth became Secretary of Defense (United States) only later (from 2025-01-25) [knowledge base]"
    );
    let titles: Vec<&str> = d[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert!(titles.iter().all(|t| !t.contains("former")), "{titles:?}");
    let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).expect("fix applies");
    assert_eq!(
        fixed,
        "# Budget\n\nSecretary of Defense Lloyd Austin presented the budget.\n"
    );
}

#[test]
fn a_middle_initial_stays_inside_the_name() {
    let draft = "National Security Adviser Michael T. Flynn met reporters.\n";
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, "misattributed-title");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        covered(&doc, d[0]),
        "National Security Adviser Michael T. Flynn"
    );
}
