use crate::common::*;
use copydesk::config::Settings;
use copydesk::diagnostic::apply_edits;

const RULE: &str = "inconsistent-spelling";

#[test]
fn minority_spelling_is_flagged_possessives_count_and_relatives_are_apart() {
    let draft = "President Volodymyr Zelenskyy met envoys. Zelenskyy said no.\n\n\
Zelensky’s wife, Olena Zelenska, wrote a letter. Zelenskyy’s aides agreed.\n";
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Zelensky");
    assert_eq!(doc.line_of(d[0].range.start), 3);
    assert_eq!(
        d[0].message,
        "'Zelensky' (surname of Volodymyr Zelenskyy): this draft spells it 'Zelenskyy' 3× elsewhere (lines 1, 3)"
    );
    let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).expect("applies");
    assert!(fixed.contains("Zelenskyy’s wife, Olena Zelenska"));
    assert!(d[0].fixes[0].is_safe());
}

#[test]
fn first_name_transliterations_of_one_person() {
    let draft = "Sergei Lavrov spoke. Later Sergey Lavrov repeated it. Sergei Lavrov left.\n";
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Sergey");
    assert_eq!(d[0].fixes[0].edits[0].new_text, "Sergei");
}

#[test]
fn diacritics_and_house_style() {
    let draft = "Recep Tayyip Erdoğan spoke. Erdogan then left.\n";
    let (doc, d) = check(draft, &[], "2025-08-20");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    // A tie: the KB's spelling ("Erdogan") decides, so the other one is flagged.
    assert_eq!(covered(&doc, d[0]), "Erdoğan");

    let settings = Settings {
        spelling_prefer: vec!["Zelensky".into()],
        ..Settings::default()
    };
    let (doc, d) = check_with(
        &engine(),
        "Volodymyr Zelenskyy spoke. Zelenskyy left.\n",
        &[],
        "2025-08-20",
        &settings,
    );
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d.iter().all(|x| covered(&doc, x) == "Zelenskyy"));
    assert_eq!(
        d[0].message,
        "'Zelenskyy' (surname of Volodymyr Zelensky): house style (copydesk.toml) is 'Zelensky'"
    );
}

#[test]
fn consistent_drafts_and_different_people_stay_quiet() {
    let draft = "Donald Trump and Melania Trump arrived. Trump spoke. Olena Zelenska and Volodymyr Zelenskiy followed; Zelenskiy’s aides too.\n";
    let (_, d) = check(draft, &[], "2025-08-20");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

#[test]
fn first_names_differing_in_vowels_are_one_person_within_a_surname() {
    let draft = "Shehbaz Sharif spoke. Later Shehbaz Sharif left. Shahbaz Sharif returned. Nawaz Sharif stayed.\n";
    let (doc, d) = check(draft, &[], "2025-05-11");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Shahbaz");
}

#[test]
fn a_kb_spelling_of_the_surname_joins_its_slot_even_after_an_initial() {
    // "Jaishanker" has another transliteration key than "Jaishankar", but the KB lists it
    // as a spelling of S. Jaishankar; the initial neither starts a first-name slot nor
    // splits the name.
    let draft = "External Affairs Minister S. Jaishankar spoke in Goa. Jaishankar said more.\n\n\
Jaishankar left. Later Jaishanker said no.\n";
    let (doc, d) = check(draft, &[], "2023-05-07");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(covered(&doc, d[0]), "Jaishanker");
    assert_eq!(doc.line_of(d[0].range.start), 3);
    assert_eq!(
        d[0].message,
        "'Jaishanker' (surname of S. Jaishankar): this draft spells it 'Jaishankar' 3× elsewhere (lines 1, 3)"
    );
    assert_eq!(d[0].fixes[0].edits[0].new_text, "Jaishankar");
}

#[test]
fn other_names_the_kb_gives_a_person_are_no_misspelling() {
    // The KB knows "Khalid bin Salman Al Saud" as "Khalid bin Salman" too, and the
    // interior minister's name contains "Saud": neither is a spelling of "Salman".
    let draft = "Defence Minister Khalid bin Salman met Interior Minister Prince Abdulaziz bin Saud bin Nayef. \
Khalid bin Salman said Saud had agreed.\n";
    let (_, d) = check(draft, &[], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
    // Unrelated people with close surnames stay apart (no KB link between them).
    let draft = "Olena Zelenska spoke. Volodymyr Zelensky listened. Zelenska left.\n";
    let (_, d) = check(draft, &[], "2025-08-20");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}
