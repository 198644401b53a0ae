use crate::common::*;
use copydesk::diagnostic::apply_edits;

const RULE: &str = "off-topic-paragraph";

const SOURCE: &str = "Farmers in the Loire valley began the grape harvest early this year after a hot summer, \
winemakers said. The cooperative in Saumur expects lower yields but high sugar levels in the grapes. \
Growers blamed drought and hail storms in June for losses in several vineyards around Angers and Tours.\n";

fn para(s: &str) -> String {
    format!("{s}\n\n")
}

#[test]
fn pasted_paragraph_is_flagged_and_deleted_cleanly() {
    let mut draft = String::from("---\ntitle: Loire harvest starts early\ndate: 2025-09-01\n---\n");
    draft += &para(
        "Winemakers in the Loire valley started the grape harvest two weeks early after a hot, dry summer, the cooperative in Saumur said on Monday, warning of lower yields but unusually sweet grapes this year.",
    );
    draft += &para(
        "Growers around Angers and Tours lost parts of their vineyards to hail storms in June, and drought since July has shrunk the grapes, several winemakers said, though the sugar levels please the cooperative.",
    );
    draft += &para(
        "The Bundesliga club sacked its goalkeeper coach on Saturday after a derby defeat in Dortmund, the striker told a stadium podcast, adding that the referee and the penalty shootout had decided the championship.",
    );
    draft += &para(
        "The cooperative in Saumur said the early harvest would give winemakers more time in the cellars, and growers expect prices for Loire grapes to rise after the losses to drought and hail this summer.",
    );
    let (doc, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(covered(&doc, d[0]).starts_with("The Bundesliga club"));
    assert!(d[0].message.contains("Bundesliga"), "{}", d[0].message);
    let fixed = apply_edits(&doc.text, &d[0].fixes[0].edits).expect("applies");
    assert!(!fixed.contains("Bundesliga"));
    assert!(
        fixed.contains("decided.\n\n")
            || fixed.contains("cooperative.\n\nThe cooperative in Saumur"),
        "{fixed}"
    );
}

#[test]
fn on_topic_colour_and_short_residue_stay_quiet() {
    let mut draft = String::new();
    draft += &para(
        "Winemakers in the Loire valley started the grape harvest two weeks early after a hot, dry summer, the cooperative in Saumur said on Monday, warning of lower yields but unusually sweet grapes this year.",
    );
    draft += &para(
        "Growers around Angers and Tours lost parts of their vineyards to hail storms in June, and drought since July has shrunk the grapes, several winemakers said, though the sugar levels please the cooperative.",
    );
    draft += &para("Share This Article");
    draft += &para(
        "At dawn the pickers, many of them students, moved between the rows with buckets and secateurs while a tractor waited at the end of each row of vines to carry the grapes to the press in Saumur.",
    );
    let (_, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

const HARVEST: [&str; 2] = [
    "Winemakers in the Loire valley started the grape harvest two weeks early after a hot, dry summer, the cooperative in Saumur said on Monday, warning of lower yields but unusually sweet grapes this year.",
    "Growers around Angers and Tours lost parts of their vineyards to hail storms in June, and drought since July has shrunk the grapes, several winemakers said, though the sugar levels please the cooperative.",
];
const CLOSING: &str = "The cooperative in Saumur said the early harvest would give winemakers more time in the cellars, and growers expect prices for Loire grapes to rise after the losses to drought and hail this summer.";

fn harvest_with(middle: &str) -> String {
    let mut draft = String::from("---\ntitle: Loire harvest starts early\ndate: 2025-09-01\n---\n");
    for p in HARVEST {
        draft += &para(p);
    }
    draft += &para(middle);
    draft += &para(CLOSING);
    draft
}

/// Two unfamiliar names and no date of its own: not enough positive evidence of another
/// event (the same paragraph with "on Saturday" is flagged above).
#[test]
fn unfamiliar_words_without_an_event_of_their_own_stay_quiet() {
    let draft = harvest_with(
        "The Bundesliga club sacked its goalkeeper coach after a derby defeat in Dortmund, the striker told a stadium podcast, adding that the referee and the penalty shootout had decided the championship.",
    );
    let (_, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

/// Overwhelming evidence flags a paragraph even without a date of its own.
#[test]
fn overwhelming_foreign_names_flag_without_a_date() {
    let draft = harvest_with(
        "Bayern Munich sacked their goalkeeper coach after a derby defeat at Borussia Dortmund, and Bundesliga referees in Gelsenkirchen and Leverkusen reviewed the penalty shootout that decided the championship.",
    );
    let (doc, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(covered(&doc, d[0]).starts_with("Bayern Munich sacked"));
}

/// Background about the story's own people is on topic, however foreign its places.
#[test]
fn biography_of_the_storys_people_stays_quiet() {
    let mut draft = String::from("---\ntitle: Loire harvest starts early\ndate: 2025-09-01\n---\n");
    draft += &para(
        "Winemakers in the Loire valley started the grape harvest two weeks early after a hot, dry summer, cooperative president Jean-Marc Dubois said in Saumur, warning of lower yields but unusually sweet grapes this year.",
    );
    draft += &para(HARVEST[1]);
    draft += &para(
        "Dubois took over his family's estate near Chinon after studying oenology in Bordeaux and working harvests in Mendoza and Stellenbosch, and has led the cooperative since floods ruined half of its members' cellars.",
    );
    draft += &para(CLOSING);
    let (_, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

/// A reaction quote is the speaker's vocabulary, not another story.
#[test]
fn quoted_reactions_stay_quiet() {
    let draft = harvest_with(
        "“We have not seen hail like this since the great storm that flattened Bourgueil and Vouvray, and my grandfather still talks about it,” said Pierre Lemaire, a grower from Chinon, on Monday.",
    );
    let (_, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

/// Without sources a short draft is too little story: silent, even on a pasted paragraph.
#[test]
fn short_draft_without_sources_is_silent() {
    let draft = harvest_with(
        "The Bundesliga club sacked its goalkeeper coach on Saturday after a derby defeat in Dortmund, the striker told a stadium podcast, adding that the referee and the penalty shootout had decided the championship.",
    );
    let (_, d) = check(&draft, &[("001_src.txt", SOURCE)], "2025-09-01");
    assert_eq!(of_rule(&d, RULE).len(), 1, "with sources: {d:?}");
    let (_, d) = check(&draft, &[], "2025-09-01");
    assert!(of_rule(&d, RULE).is_empty(), "{d:?}");
}

/// A long draft without sources still gets checked, with a high bar.
#[test]
fn long_draft_without_sources_flags_a_pasted_paragraph() {
    let mut draft = String::from("---\ntitle: Loire harvest starts early\ndate: 2025-09-01\n---\n");
    for p in [
        HARVEST[0],
        HARVEST[1],
        "At dawn the pickers, many of them students, moved between the rows of vines with buckets and secateurs while a tractor waited at the end of each row to carry the grapes to the presses of the cooperative.",
        "The cooperative's cellar master said the sugar levels in the grapes were the highest he had measured in twenty years, which should give rich white wines, although the acidity that makes Loire wines fresh was lower than usual.",
        "In Tours, winemakers said the early harvest had forced them to hire pickers at short notice, and several growers complained that students were scarce because the university term had not yet ended when the grapes ripened.",
        "The Ligue 1 side Olympique de Marseille beat Paris Saint-Germain 2-1 at the Vélodrome on Sunday, with Mason Greenwood scoring twice before Ousmane Dembélé pulled one back for the champions in stoppage time.",
        "Growers in Angers blamed the hail storms of June for most of their losses, saying nets and insurance had not been enough, and the cooperative asked the regional council for emergency aid to replant the damaged vineyards.",
        "Prices for Loire grapes are expected to rise after the losses to drought and hail, the cooperative said, though winemakers warned that buyers in export markets were already resisting higher prices for the valley's wines this year.",
        "Tourists visiting the chateaux along the Loire were invited to join the pickers for a morning, a tradition the cooperative revived this year to sell more of its wines directly to visitors at the cellar door in Saumur.",
        "Several growers said they would plant vines that cope better with heat and drought, and the cooperative plans trials of late-ripening grape varieties on a few parcels near Angers to prepare the valley's vineyards for hotter summers.",
        "The harvest in the Loire valley usually runs into October, but winemakers expect to finish by mid-September this year, leaving the cellars busy early and giving the cooperative time to press, settle and ferment the grapes.",
        CLOSING,
    ] {
        draft += &para(p);
    }
    let (doc, d) = check(&draft, &[], "2025-09-01");
    let d = of_rule(&d, RULE);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(covered(&doc, d[0]).starts_with("The Ligue 1 side"));
    assert!(
        d[0].message.contains("foreign to the rest of the draft ("),
        "{}",
        d[0].message
    );
}
