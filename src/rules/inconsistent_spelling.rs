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
        close_names(cx, self.default_severity(), out);
        possessive_typos(cx, self.default_severity(), out);
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
    /// Other spellings of this part the KB records for the person.
    kb_spellings: Vec<String>,
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
            kb_spellings: vec![],
        });
        if s.canonical.is_none() {
            s.canonical = canonical
                .as_ref()
                .and_then(|c| c.split_whitespace().last().map(str::to_string));
        }
        if let Some(p) = person {
            for v in cx.kb.persons[p].surname_spellings() {
                if !s.kb_spellings.iter().any(|k| k == v) {
                    s.kb_spellings.push(v.to_string());
                }
            }
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
            kb_spellings: vec![],
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

/// Does the KB or the sources write this spelling (exactly, up to case)?
fn backed(cx: &Context, slot: &Slot, spelling: &str) -> bool {
    slot.canonical.as_deref() == Some(spelling)
        || slot.kb_spellings.iter().any(|k| k == spelling)
        || cx
            .sources
            .spellings_of(spelling)
            .iter()
            .any(|(s, _, _)| s == spelling)
}

/// The preferred spelling of a slot and whether house style, the sources or the KB back
/// it. House style wins; else the draft's majority; on a tie, the spelling the sources use
/// most, else the KB's, else the first used (then unbacked).
fn choose(
    cx: &Context,
    slot: &Slot,
    counts: &BTreeMap<&str, (usize, usize)>,
    house: Option<&String>,
) -> (String, bool) {
    if let Some(h) = house {
        return (h.clone(), true);
    }
    let max = counts.values().map(|c| c.0).max().unwrap_or(0);
    let top: Vec<&str> = counts
        .iter()
        .filter(|(_, c)| c.0 == max)
        .map(|(s, _)| *s)
        .collect();
    if top.len() == 1 {
        return (top[0].to_string(), backed(cx, slot, top[0]));
    }
    let in_sources = |s: &str| -> usize {
        cx.sources
            .spellings_of(s)
            .iter()
            .filter(|(x, _, _)| x == s)
            .map(|(_, n, _)| *n)
            .sum()
    };
    let best = top.iter().max_by_key(|s| in_sources(s)).copied();
    if let Some(b) = best.filter(|b| in_sources(b) > 0) {
        return (b.to_string(), true);
    }
    if let Some(c) = top.iter().find(|s| backed(cx, slot, s)) {
        return (c.to_string(), true);
    }
    let first = top
        .iter()
        .min_by_key(|s| counts[*s].1)
        .copied()
        .unwrap_or("");
    (first.to_string(), false)
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
    let (preferred, supported) = choose(cx, slot, &counts, house);
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
    // The person is named with the preferred spelling, never the flagged one.
    let whose = canonical_whose(&slot.whose, &preferred);
    let first = out.len();
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
        let msg = format!("'{s}' ({} of {whose}): {why}{src_text}", slot.part);
        let mut d = Diagnostic::new(ID, severity, r.clone(), msg);
        // A fix is applied without a human only when house style, the sources or the KB
        // back the target spelling.
        let kind = if supported {
            FixKind::HouseStyle
        } else {
            FixKind::Unsafe
        };
        d.fixes.push(Fix::replace(
            kind,
            format!("Spell it '{preferred}'"),
            r.clone(),
            preferred.clone(),
        ));
        out.push(d);
    }
    link_group(&mut out[first..]);
}

/// One person's misspellings are one finding in several places: each names the others.
pub fn link_group(group: &mut [Diagnostic]) {
    let ranges: Vec<Range<usize>> = group.iter().map(|d| d.range.clone()).collect();
    if ranges.len() < 2 {
        return;
    }
    for d in group.iter_mut() {
        d.related = ranges.iter().filter(|r| **r != d.range).cloned().collect();
    }
}

/// "Volodymyr Zelenskiy" with the preferred "Zelenskyy": "Volodymyr Zelenskyy" (the word
/// that is a spelling of the preferred one is replaced).
fn canonical_whose(whose: &str, preferred: &str) -> String {
    let key = translit_key(preferred);
    let words: Vec<&str> = whose.split(' ').collect();
    let Some(i) = words.iter().rposition(|w| translit_key(w) == key) else {
        return whose.to_string();
    };
    let mut out: Vec<&str> = words.clone();
    out[i] = preferred;
    out.join(" ")
}

/// Consonants of a folded word without vowels and `h`, doubled letters once: "Frangieh"
/// and "Farangi" share "frng".
fn skeleton(folded: &str) -> String {
    let mut out = String::new();
    for c in folded
        .chars()
        .filter(|c| c.is_alphabetic() && !"aeiouyh".contains(*c))
    {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A possible typo of one name word for another: same first letter, and one edit for six
/// letters or more, two for seven or more, or three when only vowels and `h` differ.
/// Shorter words ("Maria" / "Mario", "Li" / "Lu") are often other names and never count.
fn typo_close(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb || fa.chars().next() != fb.chars().next() {
        return false;
    }
    let n = fa.chars().count().min(fb.chars().count());
    let d = strsim::levenshtein(&fa, &fb);
    (n >= 6 && d <= 1) || (n >= 7 && d <= 2) || (n >= 5 && d <= 3 && skeleton(&fa) == skeleton(&fb))
}

/// Consonant frame and the vowel groups around it: "Mahamoud" -> ("mhmd", ["", "a", "a",
/// "ou", ""]).
fn vowel_slots(s: &str) -> (String, Vec<String>) {
    let mut cons = String::new();
    let mut groups = vec![String::new()];
    for c in fold(s).chars().filter(|c| c.is_alphabetic()) {
        if "aeiouy".contains(c) {
            if let Some(g) = groups.last_mut() {
                g.push(c);
            }
        } else if !(cons.ends_with(c) && groups.last().is_some_and(String::is_empty)) {
            cons.push(c);
            groups.push(String::new());
        }
    }
    (cons, groups)
}

/// Two romanisations of one name that differ in a single vowel group of a kind
/// transliteration varies (Mahamoud / Mahmoud, Mohammad / Mohammed, Shehbaz / Shahbaz):
/// an outlet's spelling, not a typo. Two groups changed (Nicosur / Nicusor) or a vowel of
/// another kind (Volodomyr / Volodymyr) is a typo.
fn vowel_variant(a: &str, b: &str) -> bool {
    let ((ca, ga), (cb, gb)) = (vowel_slots(a), vowel_slots(b));
    if ca != cb || ga.len() != gb.len() {
        return false;
    }
    let diff: Vec<(&String, &String)> = ga.iter().zip(&gb).filter(|(x, y)| x != y).collect();
    let within = |x: &str, y: &str, set: &str| x.chars().chain(y.chars()).all(|c| set.contains(c));
    match diff.as_slice() {
        [(x, y)] => {
            x.is_empty()
                || y.is_empty()
                || x.chars().any(|c| y.contains(c))
                || within(x, y, "ae")
                || within(x, y, "eiy")
                || within(x, y, "ou")
        }
        _ => false,
    }
}

/// Exact spellings of a word in the sources: (total count, source names).
fn in_sources(cx: &Context, word: &str) -> (usize, Vec<String>) {
    cx.sources
        .spellings_of(word)
        .into_iter()
        .find(|(s, _, _)| s == word)
        .map_or((0, vec![]), |(_, n, f)| (n, f))
}

/// Do the sources write this word, or each of its hyphen parts as words of their own
/// ("Won-shik" / "Won Shik"), up to case?
fn written_in_sources(cx: &Context, word: &str) -> bool {
    let has = |w: &str| {
        cx.sources
            .spellings_of(w)
            .iter()
            .any(|(s, _, _)| s.to_lowercase() == w.to_lowercase())
    };
    has(word) || (word.contains('-') && word.split('-').all(has))
}

/// Full names a draft name may be a misspelling of, with why each is trusted: the
/// sources' full names, the KB's persons with the same surname, and the draft's own.
fn candidates(cx: &Context, name: &str, last: &str) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = cx
        .sources
        .full_names
        .values()
        .map(|n| (n.clone(), "sources"))
        .collect();
    for &p in cx.kb.persons_with_surname(last) {
        let person = &cx.kb.persons[p];
        out.push((person.name.clone(), "kb"));
        out.extend(person.variants.iter().map(|v| (v.clone(), "kb")));
    }
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        if n.text != name {
            out.push((n.text.clone(), "draft"));
        }
    }
    out
}

/// How often each name word is written in the draft's full names.
fn draft_word_counts(cx: &Context) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        for w in &n.words {
            *m.entry(cx.doc.text[w.clone()].to_string()).or_insert(0) += 1;
        }
    }
    m
}

/// A name that differs from a name the sources, the KB or (more often) the draft write in
/// full in exactly one word, by a typo ("He Lipeng" / "He Lifeng", "Nicosur Dan" /
/// "Nicusor Dan", "Christopher" / "Christoph Heusgen"), while neither the sources nor the
/// KB write the draft's spelling. Transliteration variants (same key, or one vowel group of
/// a kind romanisations vary) stay quiet: they are an outlet's consistent choice.
fn close_names(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    let text = &cx.doc.text;
    let counts = draft_word_counts(cx);
    let mut done: HashSet<String> = HashSet::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        let words: Vec<&str> = n.words.iter().map(|w| &text[w.clone()]).collect();
        if kb_person(cx, &n.text).is_some() || !done.insert(n.text.clone()) {
            continue;
        }
        let last = words[words.len() - 1];
        for (cand, why) in candidates(cx, &n.text, last) {
            let cw: Vec<&str> = cand.split_whitespace().collect();
            if cw.len() != words.len() {
                continue;
            }
            let diff: Vec<usize> = (0..cw.len())
                .filter(|&i| translit_key(words[i]) != translit_key(cw[i]))
                .collect();
            let [i] = diff.as_slice() else { continue };
            let (a, b) = (words[*i], cw[*i]);
            if !typo_close(a, b) || vowel_variant(a, b) || written_in_sources(cx, a) {
                continue;
            }
            let evidence = match why {
                "sources" => {
                    let (k, files) = in_sources(cx, b);
                    (k > 0).then(|| format!("the sources write '{cand}' ({})", files.join(", ")))
                }
                "kb" => Some(format!("the knowledge base has '{cand}'")),
                _ => {
                    let (ka, kb) = (counts.get(a).copied(), counts.get(b).copied());
                    (kb > ka).then(|| format!("this draft writes '{cand}' elsewhere"))
                }
            };
            let Some(evidence) = evidence else { continue };
            let r = n.words[*i].clone();
            if out.iter().any(|d| d.rule == ID && d.range == r) {
                break;
            }
            emit_typo(severity, r, a, b, &n.text, &evidence, out);
            break;
        }
    }
}

fn emit_typo(
    severity: Severity,
    r: Range<usize>,
    written: &str,
    target: &str,
    name: &str,
    evidence: &str,
    out: &mut Vec<Diagnostic>,
) {
    let msg = format!("'{written}' in '{name}': possible misspelling; {evidence}");
    let mut d = Diagnostic::new(ID, severity, r.clone(), msg);
    d.fixes.push(Fix::replace(
        FixKind::Unsafe,
        format!("Spell it '{target}'"),
        r,
        target.to_string(),
    ));
    out.push(d);
}

/// "Raisis'" for the possessive of Raisi: a capitalised word ending in `s` plus an
/// apostrophe whose stem without that `s` is the surname of a full name in the draft,
/// while the word itself is no name of the draft.
fn possessive_typos(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    let text = &cx.doc.text;
    let mut surnames: BTreeMap<String, (String, String)> = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        let last = &text[n.words[n.words.len() - 1].clone()];
        surnames
            .entry(translit_key(last))
            .or_insert_with(|| (last.to_string(), n.text.clone()));
    }
    for i in 0..cx.doc.paragraphs.len() {
        for (r, key) in cx.facts_abs::<crate::facts::Capitals>(i) {
            let word = text[r.clone()].trim_end_matches(['\'', '’']);
            let apostrophe = text[r.start + word.len()..]
                .chars()
                .next()
                .filter(|c| *c == '\'' || *c == '’');
            let (Some(ap), Some(stem)) = (apostrophe, word.strip_suffix('s')) else {
                continue;
            };
            if surnames.contains_key(&key) || stem.ends_with('s') {
                continue;
            }
            let Some((surname, whose)) = surnames.get(&translit_key(stem)) else {
                continue;
            };
            if surname != stem {
                continue;
            }
            let r = r.start..r.start + word.len() + ap.len_utf8();
            let msg = format!(
                "'{}' (surname of {whose}): the possessive of '{surname}' is '{surname}{ap}s'",
                &text[r.clone()]
            );
            let mut d = Diagnostic::new(ID, severity, r.clone(), msg);
            d.fixes.push(Fix::replace(
                FixKind::Safe,
                format!("Write '{surname}{ap}s'"),
                r,
                format!("{surname}{ap}s"),
            ));
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::{assert_count, check, check_with_sources, findings};

    #[test]
    fn a_one_word_typo_of_a_name_the_sources_write() {
        check_with_sources(
            super::ID,
            "Marten «Halvorsek» arrived in Oslo on Monday for the talks.\n",
            "2025-08-20",
            &[("a01.txt", "Marten Halvorsen arrived in Oslo on Monday.\n")],
            &[
                "'Halvorsek' in 'Marten Halvorsek': possible misspelling; the sources write \
               'Marten Halvorsen' (a01)",
            ],
        );
    }

    #[test]
    fn a_one_vowel_romanisation_of_the_sources_is_quiet() {
        let f = findings(
            super::ID,
            "Abdelrahim Farouk arrived in Cairo on Monday for the talks.\n",
            "2025-08-20",
            &[(
                "a01.txt",
                "Abdelraheem Farouk arrived in Cairo on Monday.\n",
            )],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_misplaced_possessive_of_a_surname() {
        check(
            super::ID,
            "Tomas Varkoni spoke on Monday. During «Varkonis'» tenure, prices rose.\n",
            "2025-08-20",
            &["'Varkonis'' (surname of Tomas Varkoni): the possessive of 'Varkoni' is 'Varkoni's'"],
        );
    }

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
