mod common;
use common::*;
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
        "The Bundesliga club sacked its goalkeeper coach after a derby defeat in Dortmund, the striker told a stadium podcast, adding that the referee and the penalty shootout had decided the championship.",
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
