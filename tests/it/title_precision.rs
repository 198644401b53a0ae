//! Misattributed-title precision on real copy (issue 14): the day an office changes hands,
//! sentences with their own date, generic titles, glued page residue, short Arabic names,
//! coordinated titles and country words.
use crate::common::*;

const RULE: &str = "misattributed-title";

fn titles(draft: &str, sources: &[(&str, &str)], day: &str) -> Vec<String> {
    let (doc, d) = check(draft, sources, day);
    of_rule(&d, RULE)
        .iter()
        .map(|d| covered(&doc, d).to_string())
        .collect()
}

#[test]
fn a_term_that_ends_on_the_date_covers_it() {
    // KB: Waltz National Security Advisor 2025-01-20 – 2025-05-01 (exclusive end).
    let draft = "National Security Adviser Mike Waltz told reporters the talks went well.\n";
    assert!(titles(draft, &[], "2025-05-01").is_empty());
    assert_eq!(
        titles(draft, &[], "2025-05-05"),
        ["National Security Adviser Mike Waltz"]
    );
}

#[test]
fn a_sentence_reporting_the_change_names_the_outgoing_holder() {
    let quiet = "National Security Adviser Mike Waltz is stepping down from his role.\n";
    assert!(titles(quiet, &[], "2025-05-03").is_empty());
    let quiet =
        "Trump is nominating National Security Adviser Mike Waltz as the next ambassador.\n";
    assert!(titles(quiet, &[], "2025-05-03").is_empty());
    // No change reported: a stale title.
    let stale = "National Security Adviser Mike Waltz told reporters the talks went well.\n";
    assert_eq!(
        titles(stale, &[], "2025-05-03"),
        ["National Security Adviser Mike Waltz"]
    );
    // Weeks later the change is no excuse.
    assert_eq!(
        titles(quiet, &[], "2025-06-20"),
        ["National Security Adviser Mike Waltz"]
    );
}

#[test]
fn agreeing_sources_win_over_a_kb_change_of_a_few_days() {
    let draft = "National Security Adviser Mike Waltz told reporters the talks went well.\n";
    let agree = [(
        "wire.txt",
        "National Security Adviser Mike Waltz met the delegation on Thursday.\n",
    )];
    assert!(titles(draft, &agree, "2025-05-03").is_empty());
    // Outside the window the KB wins even when the sources agree.
    assert_eq!(
        titles(draft, &agree, "2025-05-20"),
        ["National Security Adviser Mike Waltz"]
    );
}

#[test]
fn a_sentence_with_its_own_date_is_judged_at_that_date() {
    let draft = "Secretary of State Marco Rubio and National Security Advisor Mike Waltz speak \
with the media in Jeddah, Saudi Arabia, on March 11, 2025.\n";
    assert!(titles(draft, &[], "2025-06-01").is_empty());
    let undated = "Secretary of State Marco Rubio and National Security Advisor Mike Waltz speak \
with the media in Jeddah, Saudi Arabia.\n";
    assert_eq!(
        titles(undated, &[], "2025-06-01"),
        ["National Security Advisor Mike Waltz"]
    );
    // The sentence's date also makes a title wrong that is right on the article date.
    let early = "On January 10, 2025, National Security Advisor Mike Waltz spoke in Jeddah.\n";
    assert_eq!(
        titles(early, &[], "2025-03-12"),
        ["National Security Advisor Mike Waltz"]
    );
}

#[test]
fn a_bare_generic_title_fits_any_specific_title_of_the_same_kind() {
    let source = [(
        "wire.txt",
        "Health Minister John Doeman said the clinics would reopen.\n",
    )];
    let draft = "Minister John Doeman said the clinics would reopen on Monday.\n";
    assert!(titles(draft, &source, "2025-08-15").is_empty());
    // Another kind of post is a contradiction, not a wording.
    let source = [(
        "wire.txt",
        "Senator John Doeman said the clinics would reopen.\n",
    )];
    assert_eq!(
        titles(draft, &source, "2025-08-15"),
        ["Minister John Doeman"]
    );
    // KB: "U.S. Secretary" fits the Treasury Secretary.
    let draft = "U.S. Secretary Scott Bessent said the talks were constructive.\n";
    assert!(titles(draft, &[], "2025-08-15").is_empty());
}

#[test]
fn page_residue_glued_to_a_name_is_not_part_of_it() {
    let draft = "Iranian President Ebrahim RaisiThe country's foreign minister was also aboard.\n";
    assert!(titles(draft, &[], "2024-05-01").is_empty());
    let stale = "Iranian President Hassan RouhaniThe country's foreign minister was also aboard.\n";
    assert_eq!(
        titles(stale, &[], "2024-05-01"),
        ["Iranian President Hassan Rouhani"]
    );
}

#[test]
fn a_short_form_of_a_long_name_is_the_kb_person() {
    let draft = "United Arab Emirates Foreign Minister Bin Zayed welcomed the deal.\n";
    assert!(titles(draft, &[], "2025-01-15").is_empty());
    let wrong = "United Arab Emirates Foreign Minister Bin Rashid welcomed the deal.\n";
    assert_eq!(
        titles(wrong, &[], "2025-01-15"),
        ["United Arab Emirates Foreign Minister Bin Rashid"]
    );
}

#[test]
fn the_modifier_governs_every_title_of_a_list() {
    let draft =
        "The panel included former Defense Secretary and National Security Adviser John Bolton.\n";
    assert!(titles(draft, &[], "2025-08-20").is_empty());
    let draft = "The panel included Defense Secretary and National Security Adviser John Bolton.\n";
    assert_eq!(
        titles(draft, &[], "2025-08-20"),
        ["National Security Adviser John Bolton"]
    );
}

#[test]
fn ordinary_words_are_not_country_codes() {
    let draft = "In Prime Minister Keir Starmer’s view, the deal holds.\n\
At Secretary of State Marco Rubio’s request, the talks resumed.\n";
    assert!(titles(draft, &[], "2025-03-01").is_empty());
    let draft = "Indian Prime Minister Keir Starmer spoke.\n";
    assert_eq!(
        titles(draft, &[], "2025-03-01"),
        ["Indian Prime Minister Keir Starmer"]
    );
}

#[test]
fn former_for_a_sitting_holder_is_flagged() {
    let draft = "In the Oval Office, former President Donald Trump and Ukrainian President \
Volodymyr Zelenskyy clashed.\n";
    let (doc, d) = check(draft, &[], "2025-02-28");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "former President Donald Trump");
    assert_eq!(
        d[0].message,
        "'former' is wrong on 2025-02-28: Donald Trump is President (United States) (since 2025-01-20) [knowledge base]"
    );
    let fixed =
        copydesk::diagnostic::apply_edits(&doc.text, &d[0].fixes[0].edits).expect("fix applies");
    assert!(
        fixed.starts_with("In the Oval Office, President Donald Trump and"),
        "{fixed}"
    );
    // Right in 2023, and about the first term even now.
    assert!(titles(draft, &[], "2023-06-01").is_empty());
    let first = "During his first term, former President Donald Trump met Kim Jong Un.\n";
    assert!(titles(first, &[], "2025-02-28").is_empty());
    // The handover days: "former" may already be used for the incoming holder's rival.
    assert!(titles(draft, &[], "2025-01-22").is_empty());
}
