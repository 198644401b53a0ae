#![doc = include_str!("../../docs/rules/inconsistent-spelling.md")]

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, FixKind, Severity};
use crate::kb::PersonId;
use crate::text::{fold, is_initial, translit_key};

pub struct InconsistentSpelling;

pub const ID: &str = super::ids::INCONSISTENT_SPELLING;

impl Rule for InconsistentSpelling {
    fn id(&self) -> &'static str {
        ID
    }
    fn default_severity(&self) -> Severity {
        Severity::Warning
    }
    fn summary(&self) -> &'static str {
        "one person's name is spelled several ways in the draft"
    }
    fn doc(&self) -> &'static str {
        include_str!("../../docs/rules/inconsistent-spelling.md")
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for slot in slots(cx) {
            check_slot(cx, &slot, self.default_severity(), out);
        }
    }
}

/// One name part of one person (or family): all the places it is written.
struct Slot {
    /// "surname" or "first name".
    part: &'static str,
    /// Whose name: a full name as first written in the draft.
    whose: String,
    /// (range, spelling)
    occurrences: Vec<(Range<usize>, String)>,
    /// The KB's canonical spelling of this part, if the person is known.
    canonical: Option<String>,
}

fn is_all_caps(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
}

fn kb_person(cx: &Context, full: &str) -> Option<PersonId> {
    let ids = cx.kb.persons_named(full);
    (ids.len() == 1).then(|| ids[0])
}

/// Two spellings close enough to be one word misspelt or romanised differently
/// ("Jaishankar" / "Jaishanker"): same first letter, and at most one edit per five letters.
/// Used only between spellings the KB already gives for one person, so that a nickname or
/// another name the KB lists ("MBS" for Mohammed bin Salman) never counts as a misspelling.
fn close_spellings(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let n = a.chars().count().min(b.chars().count());
    a.chars().next() == b.chars().next() && strsim::levenshtein(&a, &b) <= (n / 5).max(1)
}

fn slots(cx: &Context) -> Vec<Slot> {
    let text = &cx.doc.text;
    // Surname slots keyed by transliteration key; first-name slots by (first, surname) keys.
    let mut surnames: BTreeMap<String, Slot> = BTreeMap::new();
    let mut firsts: BTreeMap<(String, String), Slot> = BTreeMap::new();
    let mut covered: HashSet<usize> = HashSet::new();
    // Transliteration key of a KB spelling of a known person's surname -> that surname's slot.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        let first_r = n.words[0].clone();
        let last_r = n.words[n.words.len() - 1].clone();
        let (first, last) = (&text[first_r.clone()], &text[last_r.clone()]);
        if is_all_caps(first) || is_all_caps(last) {
            continue;
        }
        // "S. Jaishankar": the surname counts; an initial is no first-name spelling.
        let initial = first.contains('.') || is_initial(first);
        let person = kb_person(cx, &n.text);
        let canonical = person.map(|p| cx.kb.persons[p].name.clone());
        // A spelling the KB records for this person's surname joins the canonical
        // surname's slot even when its transliteration key differs (Jaishanker).
        let canon_last = person.map(|p| cx.kb.persons[p].surname());
        let sk = match canon_last {
            Some(c) if c != last && close_spellings(c, last) => translit_key(c),
            _ => translit_key(last),
        };
        if let Some(p) = person {
            // Only spellings close to the one this slot is written in: the KB may give a
            // person several names ("Khalid bin Salman" / "… Al Saud").
            for v in cx.kb.persons[p].surname_spellings() {
                if close_spellings(last, v) {
                    aliases.entry(translit_key(v)).or_insert_with(|| sk.clone());
                }
            }
        }
        // First names of one person differ in vowels across romanisations (Shehbaz /
        // Shahbaz, Mohammed / Muhammad): within one surname, compare consonants only.
        let fk: String = translit_key(first)
            .chars()
            .filter(|c| !"aeiouy".contains(*c))
            .collect();
        let s = surnames.entry(sk.clone()).or_insert_with(|| Slot {
            part: "surname",
            whose: n.text.clone(),
            occurrences: vec![],
            canonical: None,
        });
        if s.canonical.is_none() {
            s.canonical = canonical
                .as_ref()
                .and_then(|c| c.split_whitespace().last().map(str::to_string));
        }
        s.occurrences.push((last_r.clone(), last.to_string()));
        covered.insert(last_r.start);
        if initial {
            continue;
        }
        let f = firsts.entry((fk, sk)).or_insert_with(|| Slot {
            part: "first name",
            whose: n.text.clone(),
            occurrences: vec![],
            canonical: None,
        });
        if f.canonical.is_none() {
            f.canonical = canonical
                .as_ref()
                .and_then(|c| c.split_whitespace().next().map(str::to_string));
        }
        f.occurrences.push((first_r, first.to_string()));
        covered.insert(n.words[0].start);
    }
    // Bare surnames (sentence subjects, possessives, "Putin-Zelenskyy").
    for (i, p) in cx.doc.paragraphs.iter().enumerate() {
        let at = p.range.start;
        for (r, key) in cx.facts::<crate::facts::Capitals>(i).iter() {
            let r = r.start + at..r.end + at;
            if covered.contains(&r.start) {
                continue;
            }
            // A key with a slot of its own is another name, never an alias.
            let slot = if surnames.contains_key(key) {
                Some(key)
            } else {
                aliases.get(key)
            };
            if let Some(s) = slot.and_then(|k| surnames.get_mut(k)) {
                s.occurrences.push((r.clone(), text[r].to_string()));
            }
        }
    }
    surnames.into_values().chain(firsts.into_values()).collect()
}

fn check_slot(cx: &Context, slot: &Slot, severity: Severity, out: &mut Vec<Diagnostic>) {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new(); // spelling -> (count, first offset)
    for (r, s) in &slot.occurrences {
        let e = counts.entry(s.as_str()).or_insert((0, r.start));
        e.0 += 1;
        e.1 = e.1.min(r.start);
    }
    let key = translit_key(&slot.occurrences[0].1);
    let house = cx
        .settings
        .spelling_prefer
        .iter()
        .find(|p| translit_key(p) == key);
    if counts.len() < 2 && house.is_none_or(|h| counts.contains_key(h.as_str())) {
        return;
    }
    let preferred: String = match house {
        Some(h) => h.clone(),
        None => {
            let max = counts.values().map(|c| c.0).max().unwrap_or(0);
            let top: Vec<&str> = counts
                .iter()
                .filter(|(_, c)| c.0 == max)
                .map(|(s, _)| *s)
                .collect();
            if top.len() == 1 {
                top[0].to_string()
            } else if let Some(c) = slot.canonical.as_deref().filter(|c| top.contains(c)) {
                c.to_string()
            } else {
                top.iter()
                    .min_by_key(|s| counts[*s].1)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            }
        }
    };
    let src = cx.sources.spellings_of(&preferred);
    let src_text = if src.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = src
            .iter()
            .take(4)
            .map(|(s, n, files)| format!("{s} {n}× ({})", files.join(", ")))
            .collect();
        format!("; sources: {}", parts.join(", "))
    };
    let pref_lines: Vec<usize> = slot
        .occurrences
        .iter()
        .filter(|(_, s)| *s == preferred)
        .map(|(r, _)| cx.doc.line_of(r.start))
        .collect::<Vec<_>>();
    let mut lines = pref_lines;
    lines.sort_unstable();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    let where_ = if lines.is_empty() {
        String::new()
    } else if lines.len() > 4 {
        format!(" (lines {}, …)", lines[..4].join(", "))
    } else {
        format!(
            " (line{} {})",
            if lines.len() > 1 { "s" } else { "" },
            lines.join(", ")
        )
    };
    for (r, s) in &slot.occurrences {
        if *s == preferred {
            continue;
        }
        let why = match house {
            Some(_) => format!("house style (copydesk.toml) is '{preferred}'"),
            None => {
                let n = counts.get(preferred.as_str()).map_or(0, |c| c.0);
                format!("this draft spells it '{preferred}' {n}× elsewhere{where_}")
            }
        };
        let msg = format!("'{s}' ({} of {}): {why}{src_text}", slot.part, slot.whose);
        let mut d = Diagnostic::new(ID, severity, r.clone(), msg);
        d.fixes.push(Fix::replace(
            FixKind::HouseStyle,
            format!("Spell it '{preferred}'"),
            r.clone(),
            preferred.clone(),
        ));
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{assert_count, check};

    #[test]
    fn the_minority_spelling_of_a_surname() {
        check(
            super::ID,
            "President Volodymyr Zelenskyy met envoys. Zelenskyy said no.\n\n\
             «Zelensky»’s wife, Olena Zelenska, wrote a letter. Zelenskyy’s aides agreed.\n",
            "2025-08-20",
            &[
                "'Zelensky' (surname of Volodymyr Zelenskyy): this draft spells it 'Zelenskyy' \
                 3× elsewhere (lines 1, 3)",
            ],
        );
    }

    #[test]
    fn one_spelling_throughout_is_quiet() {
        assert_count(
            super::ID,
            "Sergei Lavrov spoke. Later Lavrov repeated it.\n",
            "2025-08-20",
            0,
        );
    }
}
