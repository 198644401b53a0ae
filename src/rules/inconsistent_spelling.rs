#![doc = include_str!("../../docs/rules/inconsistent-spelling.md")]

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, FixKind, Severity};
use crate::extract::NameMention;
use crate::facts::Names;
use crate::kb::alias_key;
use crate::kb::{Person, PersonId};
use crate::sources::short_name;
use crate::text::{fold, is_initial, name_key, near_spelling, translit_key};
use rustc_hash::FxHashMap;

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
        titled_first_names(cx, self.default_severity(), out);
        hyphenated_names(cx, self.default_severity(), out);
        spaced_names(cx, self.default_severity(), out);
        bare_typos(cx, self.default_severity(), out);
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

impl Slot {
    /// An empty slot for `part` of the name `whose`.
    fn new(part: &'static str, whose: &str) -> Slot {
        Slot {
            part,
            whose: whose.to_string(),
            occurrences: vec![],
            canonical: None,
            kb_spellings: vec![],
        }
    }
}

/// Is the word written in capitals (two letters or more, all upper-case)?
fn is_all_caps(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
}

/// The KB person a full name names, if exactly one.
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

/// The slots of a draft: one per surname (by transliteration key) and one per first name
/// of a surname, filled from the draft's full names, then its bare surnames; surname
/// slots first, each kind in key order.
fn slots(cx: &Context) -> Vec<Slot> {
    let mut table = SlotTable::default();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        table.add_full_name(cx, n);
    }
    table.merge_variants();
    table.add_bare_surnames(cx);
    table
        .surnames
        .into_values()
        .chain(table.firsts.into_values())
        .collect()
}

/// The slots being filled, and what joins a bare word to one.
#[derive(Default)]
struct SlotTable {
    /// Surname slots by transliteration key ([`surname_key`]).
    surnames: BTreeMap<String, Slot>,
    /// First-name slots by (first-name key ([`first_name_key`]), surname key).
    firsts: BTreeMap<(String, String), Slot>,
    /// Start offsets of the words the full names put in a slot.
    covered: HashSet<usize>,
    /// Transliteration key of a KB spelling of a known person's surname -> that surname's
    /// slot key.
    aliases: BTreeMap<String, String>,
}

impl SlotTable {
    /// A full name (not in capitals): its surname joins the surname's slot, with what the
    /// KB knows of the person (canonical spelling, other spellings); its first name, unless
    /// an initial ("S. Jaishankar"), joins the slot of that first name of that surname.
    fn add_full_name(&mut self, cx: &Context, n: &NameMention) {
        let text = &cx.doc.text;
        let (first_r, last_r) = (n.words[0].clone(), n.words[n.words.len() - 1].clone());
        let (first, last) = (&text[first_r.clone()], &text[last_r.clone()]);
        if is_all_caps(first) || is_all_caps(last) {
            return;
        }
        let person = kb_person(cx, &n.text).map(|p| &cx.kb.persons[p]);
        let sk = surname_key(person.map(Person::surname), last);
        let s = self
            .surnames
            .entry(sk.clone())
            .or_insert_with(|| Slot::new("surname", &n.text));
        if let Some(p) = person {
            // Only spellings close to the one this slot is written in: the KB may give a
            // person several names ("Khalid bin Salman" / "… Al Saud").
            for v in p.surname_spellings() {
                if close_spellings(last, v) {
                    self.aliases
                        .entry(translit_key(v))
                        .or_insert_with(|| sk.clone());
                }
            }
            if s.canonical.is_none() {
                s.canonical = p.name.split_whitespace().last().map(str::to_string);
            }
            for v in p.surname_spellings() {
                if !s.kb_spellings.iter().any(|k| k == v) {
                    s.kb_spellings.push(v.to_string());
                }
            }
        }
        s.occurrences.push((last_r.clone(), last.to_string()));
        self.covered.insert(last_r.start);
        // "S. Jaishankar": the surname counts; an initial is no first-name spelling.
        if first.contains('.') || is_initial(first) {
            return;
        }
        let f = self
            .firsts
            .entry((first_name_key(first), sk))
            .or_insert_with(|| Slot::new("first name", &n.text));
        if f.canonical.is_none() {
            f.canonical = person.and_then(|p| p.name.split_whitespace().next().map(str::to_string));
        }
        f.occurrences.push((first_r.clone(), first.to_string()));
        self.covered.insert(first_r.start);
    }

    /// One person's surname written two ways in the draft: two surname slots whose
    /// spellings are variants of each other ([`surname_variant`]) and that share a first
    /// name ("Khalifa Haftar" / "Khalifa Hafter") become one slot, with their first names;
    /// the later key joins the earlier slot's aliases, so its bare surnames follow. Two
    /// people the KB knows apart stay apart.
    fn merge_variants(&mut self) {
        let first_at = |s: &Slot| s.occurrences.iter().map(|(r, _)| r.start).min();
        let mut keys: Vec<String> = self.surnames.keys().cloned().collect();
        keys.sort_by_key(|k| first_at(&self.surnames[k]));
        // Each surname key's first-name keys, kept up to date as slots merge.
        let mut firsts_of: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        for (f, k) in self.firsts.keys() {
            firsts_of.entry(k.clone()).or_default().insert(f.clone());
        }
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                let (Some(sa), Some(sb)) = (self.surnames.get(a), self.surnames.get(b)) else {
                    continue;
                };
                let known_apart =
                    matches!((&sa.canonical, &sb.canonical), (Some(x), Some(y)) if x != y);
                let shared_first = match (firsts_of.get(a), firsts_of.get(b)) {
                    (Some(x), Some(y)) => !x.is_disjoint(y),
                    _ => false,
                };
                if known_apart
                    || !shared_first
                    || !surname_variant(&sa.occurrences[0].1, &sb.occurrences[0].1)
                {
                    continue;
                }
                let Some(gone) = self.surnames.remove(b) else {
                    continue;
                };
                if let Some(kept) = self.surnames.get_mut(a) {
                    kept.occurrences.extend(gone.occurrences);
                    kept.occurrences.sort_by_key(|(r, _)| r.start);
                }
                let moved: Vec<(String, String)> = self
                    .firsts
                    .keys()
                    .filter(|(_, k)| k == b)
                    .cloned()
                    .collect();
                for (f, k) in moved {
                    let Some(slot) = self.firsts.remove(&(f.clone(), k)) else {
                        continue;
                    };
                    match self.firsts.get_mut(&(f.clone(), a.clone())) {
                        Some(kept) => {
                            kept.occurrences.extend(slot.occurrences);
                            kept.occurrences.sort_by_key(|(r, _)| r.start);
                        }
                        None => {
                            self.firsts.insert((f, a.clone()), slot);
                        }
                    }
                }
                if let Some(moved) = firsts_of.remove(b) {
                    firsts_of.entry(a.clone()).or_default().extend(moved);
                }
                for v in self.aliases.values_mut().filter(|v| *v == b) {
                    *v = a.clone();
                }
                self.aliases.insert(b.clone(), a.clone());
            }
        }
    }

    /// Bare surnames (sentence subjects, possessives, "Putin-Zelenskyy"): a capitalised
    /// word outside the full names joins the surname slot of its key, or, when no slot has
    /// that key, the slot whose KB spelling it is.
    fn add_bare_surnames(&mut self, cx: &Context) {
        for (i, p) in cx.doc.paragraphs.iter().enumerate() {
            let at = p.range.start;
            for (r, key) in cx.facts::<crate::facts::Capitals>(i).iter() {
                let r = r.start + at..r.end + at;
                if self.covered.contains(&r.start) {
                    continue;
                }
                // A key with a slot of its own is another name, never an alias.
                let slot = if self.surnames.contains_key(key) {
                    Some(key)
                } else {
                    self.aliases.get(key)
                };
                if let Some(s) = slot.and_then(|k| self.surnames.get_mut(k)) {
                    s.occurrences.push((r.clone(), cx.doc.text[r].to_string()));
                }
            }
        }
    }
}

/// The key of a surname's slot: its transliteration key, or the key of the KB's spelling
/// of the person's surname (`canon`) when the draft writes a different spelling close to
/// it ("Jaishanker" joins "Jaishankar").
fn surname_key(canon: Option<&str>, written: &str) -> String {
    match canon {
        Some(c) if c != written && close_spellings(c, written) => translit_key(c),
        _ => translit_key(written),
    }
}

/// The key of a first name within one surname: its transliteration key without vowels,
/// since one person's first name differs in vowels across romanisations (Shehbaz /
/// Shahbaz, Mohammed / Muhammad).
fn first_name_key(first: &str) -> String {
    consonant_key(first)
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
    let count = |s: &str| in_sources(cx, s).0;
    let best = top.iter().max_by_key(|s| count(s)).copied();
    if let Some(b) = best.filter(|b| count(b) > 0) {
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

/// Flag every spelling of a slot other than the preferred one ([`choose`]), when the draft
/// writes two spellings or house style prefers one it does not write; the findings of one
/// slot name each other.
fn check_slot(cx: &Context, slot: &Slot, severity: Severity, out: &mut Vec<Diagnostic>) {
    let counts = spelling_counts(slot);
    let house = house_spelling(cx, slot);
    if counts.len() < 2 && house.is_none_or(|h| counts.contains_key(h.as_str())) {
        return;
    }
    let (preferred, supported) = choose(cx, slot, &counts, house);
    let src_text = sources_note(&cx.sources.spellings_of(&preferred));
    let lines = lines_note(
        slot.occurrences
            .iter()
            .filter(|(_, s)| *s == preferred)
            .map(|(r, _)| cx.doc.line_of(r.start))
            .collect(),
    );
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
                format!("this draft spells it '{preferred}' {n}× elsewhere{lines}")
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
    link_group(out[first..].iter_mut());
}

/// Each spelling of a slot: how often the draft writes it, and its first offset.
fn spelling_counts(slot: &Slot) -> BTreeMap<&str, (usize, usize)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (r, s) in &slot.occurrences {
        let e = counts.entry(s.as_str()).or_insert((0, r.start));
        e.0 += 1;
        e.1 = e.1.min(r.start);
    }
    counts
}

/// The house-style spelling (`spelling_prefer` in copydesk.toml) of the slot's word: the
/// one with the transliteration key of the slot's first occurrence.
fn house_spelling<'a>(cx: &'a Context, slot: &Slot) -> Option<&'a String> {
    let key = translit_key(&slot.occurrences[0].1);
    cx.settings
        .spelling_prefer
        .iter()
        .find(|p| translit_key(p) == key)
}

/// "; sources: Zelenskyy 12× (a01, a02), Zelensky 1× (a03)": the sources' spellings of
/// the word (the first four), or nothing when they don't write it.
fn sources_note(spellings: &[(String, usize, Vec<String>)]) -> String {
    if spellings.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = spellings
        .iter()
        .take(4)
        .map(|(s, n, files)| format!("{s} {n}× ({})", files.join(", ")))
        .collect();
    format!("; sources: {}", parts.join(", "))
}

/// " (line 3)", " (lines 1, 3)", " (lines 1, 2, 3, 4, …)": the draft's lines that write
/// the preferred spelling, each once, in order, at most four; nothing when none.
fn lines_note(mut lines: Vec<usize>) -> String {
    lines.sort_unstable();
    lines.dedup();
    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    if lines.is_empty() {
        String::new()
    } else if lines.len() > 4 {
        format!(" (lines {}, …)", lines[..4].join(", "))
    } else {
        format!(
            " (line{} {})",
            if lines.len() > 1 { "s" } else { "" },
            lines.join(", ")
        )
    }
}

/// One person's misspellings are one finding in several places: each names the others.
fn link_group<'d>(group: impl Iterator<Item = &'d mut Diagnostic>) {
    let mut group: Vec<&mut Diagnostic> = group.collect();
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
    // A plural ("Sri Lankans" beside "Sri Lankan") is the same word.
    if fa.strip_suffix('s') == Some(fb.as_str()) || fb.strip_suffix('s') == Some(fa.as_str()) {
        return false;
    }
    let n = fa.chars().count().min(fb.chars().count());
    let d = strsim::levenshtein(&fa, &fb);
    (n >= 6 && d <= 1) || (n >= 7 && d <= 2) || (n >= 5 && d <= 3 && skeleton(&fa) == skeleton(&fb))
}

/// Two spellings of one surname of five letters or more, as one draft may mix them: a
/// one-vowel romanisation (Haftar / Hafter, Mustafa / Moustafa, Söder / Soeder), the same
/// word once "gh", "k" and "q" are one sound (Araghchi / Araqchi), or one edit or two
/// letters swapped (Hasan / Hassan, Macron / Marcon). Not one word with an ending added
/// (a plural, a demonym "Lanka" / "Lankan", a patronymic "Hassan" / "Hassani"), and not
/// two vowel groups changed (Hassan / Hussein: two names).
fn surname_variant(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb
        || fa.chars().count().min(fb.chars().count()) < 5
        || fa.starts_with(fb.as_str())
        || fb.starts_with(fa.as_str())
    {
        return false;
    }
    let guttural = |s: &str| s.replace("gh", "q").replace('k', "q");
    let (ga, gb) = (guttural(&fa), guttural(&fb));
    ga == gb || vowel_variant(&ga, &gb) || strsim::damerau_levenshtein(&fa, &fb) <= 1
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

/// The same word but for its final vowel, one vowel for another ("Dissanayaka" /
/// "Dissanayake"): romanisations vary a name's inner vowels and add or drop them
/// ("Mahamoud" / "Mahmoud", "Kloeckner" / "Klöckner"), but a vowel that ends the word is
/// written in the original script, so a changed one is a typo (or another person's form).
fn final_vowel_swap(a: &str, b: &str) -> bool {
    let ((ca, ga), (cb, gb)) = (vowel_slots(a), vowel_slots(b));
    let (Some(x), Some(y)) = (ga.last(), gb.last()) else {
        return false;
    };
    let inner_same = ga.len() == gb.len() && ga[..ga.len() - 1] == gb[..gb.len() - 1];
    ca == cb && inner_same && !x.is_empty() && !y.is_empty() && !x.chars().any(|c| y.contains(c))
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

/// A full name a draft name may be a misspelling of, why it is trusted, the
/// transliteration keys of its words, and (for the sources' names) the sources that write
/// it in full.
struct Candidate {
    name: String,
    why: &'static str,
    keys: Vec<String>,
    files: Vec<String>,
}

impl Candidate {
    fn new(name: &str, why: &'static str) -> Candidate {
        Candidate {
            name: name.to_string(),
            why,
            keys: name.split_whitespace().map(translit_key).collect(),
            files: vec![],
        }
    }
}

/// What the spelling rule keeps of a source set, built once per set: the sources' full
/// names as candidates (each with the sources that write it), their hyphenated name words
/// by consonant key ([`consonant_key`]: spelling, sources), and their titled names by
/// surname key (title key, index into `SourceIndex::attributions`).
struct SourceNames {
    candidates: Vec<Candidate>,
    hyphenated: FxHashMap<String, Vec<(String, Vec<usize>)>>,
    titled: FxHashMap<String, Vec<(String, usize)>>,
}

impl SourceNames {
    fn build(cx: &Context) -> SourceNames {
        let src = cx.sources;
        let mut written: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for s in 0..src.sources.len() {
            for i in 0..src.sources[s].doc.paragraphs.len() {
                for n in cx.source_facts::<Names>(s, i).iter() {
                    if n.words.len() >= 2 {
                        let v = written.entry(name_key(&n.text)).or_default();
                        if !v.contains(&s) {
                            v.push(s);
                        }
                    }
                }
            }
        }
        let candidates = src
            .full_names
            .iter()
            .map(|(k, n)| {
                let mut c = Candidate::new(n, "sources");
                c.files = written.get(k).map_or(vec![], |v| file_names(cx, v));
                c
            })
            .collect();
        let mut hyphenated: FxHashMap<String, Vec<(String, Vec<usize>)>> = FxHashMap::default();
        for m in src.spellings.values() {
            for (sp, per) in m.iter().filter(|(sp, _)| sp.contains('-')) {
                let files = per.iter().map(|(s, _)| *s).collect();
                hyphenated
                    .entry(consonant_key(sp))
                    .or_default()
                    .push((sp.clone(), files));
            }
        }
        let mut titled: FxHashMap<String, Vec<(String, usize)>> = FxHashMap::default();
        for (ai, a) in src.attributions.iter().enumerate() {
            if let Some(last) = a.name.split_whitespace().last() {
                titled
                    .entry(translit_key(last))
                    .or_default()
                    .push((a.role.clone(), ai));
            }
        }
        SourceNames {
            candidates,
            hyphenated,
            titled,
        }
    }
}

/// The short names of sources `which`, in source order, each once.
fn file_names(cx: &Context, which: &[usize]) -> Vec<String> {
    let mut v: Vec<usize> = which.to_vec();
    v.sort_unstable();
    v.dedup();
    v.iter()
        .map(|&s| short_name(&cx.sources.sources[s].name))
        .collect()
}

/// A word's transliteration key without vowels: "Waqar-uz-Zaman" and "Waker-Uz-Zaman"
/// share "vkrzmn", "Shehbaz" and "Shahbaz" "shhbz".
fn consonant_key(word: &str) -> String {
    translit_key(word)
        .chars()
        .filter(|c| !"aeiouy".contains(*c))
        .collect()
}

/// The candidates every draft name is compared with: the sources' full names (kept with the
/// source set) and the draft's own (built once per check).
struct CandidatePool {
    sources: std::sync::Arc<SourceNames>,
    draft: Vec<Candidate>,
}

impl CandidatePool {
    fn new(cx: &Context) -> CandidatePool {
        CandidatePool {
            sources: cx.sources.derived(|| SourceNames::build(cx)),
            draft: cx
                .names()
                .iter()
                .filter(|n| n.words.len() >= 2)
                .map(|n| Candidate::new(&n.text, "draft"))
                .collect(),
        }
    }

    /// Full names the draft name `name` may be a misspelling of, in order of trust: the
    /// sources' full names, `kb` (the KB's persons with the same surname, [`kb_candidates`])
    /// and the draft's other names.
    fn candidates<'p>(
        &'p self,
        kb: &'p [Candidate],
        name: &'p str,
    ) -> impl Iterator<Item = &'p Candidate> + 'p {
        self.sources
            .candidates
            .iter()
            .chain(kb)
            .chain(self.draft.iter().filter(move |c| c.name != name))
    }
}

/// The KB's persons with the surname `last`, every name and variant a candidate.
fn kb_candidates(cx: &Context, last: &str) -> Vec<Candidate> {
    let mut kb = Vec::new();
    for &p in cx.kb.persons_with_surname(last) {
        let person = &cx.kb.persons[p];
        kb.push(Candidate::new(&person.name, "kb"));
        kb.extend(person.variants.iter().map(|v| Candidate::new(v, "kb")));
    }
    kb
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
/// "Nicusor Dan", "Christopher" / "Christoph Heusgen") or swapped initials ("DJ" / "JD
/// Vance"), while neither the sources nor the KB write the draft's spelling.
/// Transliteration variants (same key, or one vowel group of a kind romanisations vary)
/// stay quiet: they are an outlet's consistent choice, unless two sources or more agree on
/// the full name against it ([`one_word_typo`]). A name of three words or more may differ
/// in several words when the sources agree on it ([`whole_name_typo`]).
fn close_names(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    let text = &cx.doc.text;
    let counts = draft_word_counts(cx);
    let pool = CandidatePool::new(cx);
    let mut done: HashSet<String> = HashSet::new();
    // Surnames flagged in a full name: the surname as written -> (the meant one, the
    // evidence, the full name meant, the full name as written).
    let mut surnames: BTreeMap<String, SurnameTypo> = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        let words: Vec<&str> = n.words.iter().map(|w| &text[w.clone()]).collect();
        if kb_person(cx, &n.text).is_some() || !done.insert(n.text.clone()) {
            continue;
        }
        let keys: Vec<String> = words.iter().map(|w| translit_key(w)).collect();
        let kb = kb_candidates(cx, words[words.len() - 1]);
        for c in pool.candidates(&kb, &n.text) {
            if c.keys.len() != words.len() {
                continue;
            }
            let differs = |i: &usize| keys[*i] != c.keys[*i];
            let mut diff = (0..keys.len()).filter(differs);
            let found = match (diff.next(), diff.next()) {
                (None, _) => None,
                (Some(i), None) => one_word_typo(cx, &counts, n, &words, c, i),
                (Some(_), Some(_)) if words.len() >= 3 && c.files.len() >= 2 => {
                    let diff: Vec<usize> = (0..keys.len()).filter(differs).collect();
                    whole_name_typo(cx, n, &words, c, &diff)
                }
                _ => None,
            };
            let Some(d) = found else { continue };
            if d.0 == n.words[words.len() - 1] {
                let typo = (d.2.clone(), d.4.clone(), c.name.clone(), n.text.clone());
                surnames.insert(d.1.clone(), typo);
            }
            if !out.iter().any(|o| o.rule == ID && o.range == d.0) {
                emit_typo(severity, d, out);
            }
            break;
        }
    }
    bare_surname_typos(cx, &surnames, severity, out);
}

/// A surname flagged in a full name: the surname meant, the evidence, the full name meant
/// and the full name as written.
type SurnameTypo = (String, String, String, String);

/// The other places of a surname flagged in a full name ("Claudia Scheinbaum"): the same
/// full name again, and the surname alone ("Scheinbaum had a 27-point lead"). They are
/// the same finding, unless the draft gives that surname to someone else (another full
/// name ending in it). One person's misspellings name each other.
fn bare_surname_typos(
    cx: &Context,
    surnames: &BTreeMap<String, SurnameTypo>,
    severity: Severity,
    out: &mut Vec<Diagnostic>,
) {
    let text = &cx.doc.text;
    for (written, (target, evidence, meant, name)) in surnames {
        let full = |n: &&NameMention| n.words.len() >= 2 && n.surname(text) == written;
        if cx.names().iter().filter(full).any(|n| n.text != *name) {
            continue; // another person of that surname
        }
        let places: Vec<Range<usize>> = (cx.names().iter())
            .filter(|n| n.text == *name || (n.words.len() == 1 && n.text == *written))
            .filter_map(|n| n.words.last().cloned())
            .collect();
        for r in &places {
            if out.iter().any(|o| o.rule == ID && o.range == *r) {
                continue;
            }
            let msg = format!(
                "'{written}': possible misspelling of '{target}' (surname of {meant}); {evidence}"
            );
            out.push(typo_diagnostic(severity, r.clone(), msg, target));
        }
        link_group(
            out.iter_mut()
                .filter(|d| d.rule == ID && places.contains(&d.range)),
        );
    }
}

/// A possible misspelling: the range, the words as written, the words meant, the name as
/// written, and the evidence.
type Typo = (Range<usize>, String, String, String, String);

/// Word `i` of the draft name `n` (`words`) against the candidate `c`, the one word where
/// their keys differ: a typo ([`typo_close`]) or swapped initials, and not written by the
/// sources. A one-vowel romanisation ([`vowel_variant`]) is quiet, except a changed final
/// vowel ([`final_vowel_swap`]) against a full name two sources or more write, unless
/// house style prefers the draft's spelling.
fn one_word_typo(
    cx: &Context,
    counts: &BTreeMap<String, usize>,
    n: &NameMention,
    words: &[&str],
    c: &Candidate,
    i: usize,
) -> Option<Typo> {
    let cw: Vec<&str> = c.name.split_whitespace().collect();
    let (a, b) = (words[i], cw[i]);
    let agreed = c.files.len() >= 2 && final_vowel_swap(a, b) && !house_prefers(cx, a);
    let close = (typo_close(a, b) && (agreed || !vowel_variant(a, b))) || swapped_initials(a, b);
    if !close || written_in_sources(cx, a) {
        return None;
    }
    let cand = c.name.as_str();
    let evidence = match c.why {
        "sources" => {
            let (k, files) = in_sources(cx, b);
            (k > 0).then(|| format!("the sources write '{cand}' ({})", files.join(", ")))
        }
        "kb" => Some(format!("the knowledge base has '{cand}'")),
        _ => {
            let (ka, kb) = (counts.get(a).copied(), counts.get(b).copied());
            (kb > ka).then(|| format!("this draft writes '{cand}' elsewhere"))
        }
    }?;
    let r = n.words[i].clone();
    Some((r, a.to_string(), b.to_string(), n.text.clone(), evidence))
}

/// A draft name of three words or more against a full name of as many words that two
/// sources or more write ("Anudha Kumara Dishanayake" / "Anura Kumara Dissanayake"): the
/// words that differ are each a near spelling ([`near_spelling`]) no source writes, and a
/// word inside the name is the same. The whole name is the finding.
fn whole_name_typo(
    cx: &Context,
    n: &NameMention,
    words: &[&str],
    c: &Candidate,
    diff: &[usize],
) -> Option<Typo> {
    let len = words.len();
    let inner_same = (1..len.saturating_sub(1)).any(|i| !diff.contains(&i));
    if len < 3 || c.files.len() < 2 || !inner_same {
        return None;
    }
    let cw: Vec<&str> = c.name.split_whitespace().collect();
    for &i in diff {
        let (a, b) = (words[i], cw[i]);
        if !near_spelling(a, b) || written_in_sources(cx, a) || house_prefers(cx, a) {
            return None;
        }
    }
    let evidence = format!("the sources write '{}' ({})", c.name, c.files.join(", "));
    Some((
        n.range.clone(),
        n.text.clone(),
        c.name.clone(),
        n.text.clone(),
        evidence,
    ))
}

/// Does house style (`[spelling] prefer`) write this word so?
fn house_prefers(cx: &Context, word: &str) -> bool {
    cx.settings.spelling_prefer.iter().any(|p| p == word)
}

/// Two initials swapped: "DJ" for "JD" (capitals only, two or three letters, the same
/// letters in another order).
fn swapped_initials(a: &str, b: &str) -> bool {
    let caps = |w: &str| (2..=3).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase());
    let sorted = |w: &str| {
        let mut v: Vec<char> = w.chars().collect();
        v.sort_unstable();
        v
    };
    a != b && caps(a) && caps(b) && sorted(a) == sorted(b)
}

/// The finding for a possible typo ([`Typo`]), with an unsafe fix to the words meant.
fn emit_typo(severity: Severity, typo: Typo, out: &mut Vec<Diagnostic>) {
    let (r, written, target, name, evidence) = typo;
    let msg = if written == name {
        format!("'{written}': possible misspelling of '{target}'; {evidence}")
    } else {
        format!("'{written}' in '{name}': possible misspelling; {evidence}")
    };
    out.push(typo_diagnostic(severity, r, msg, &target));
}

/// A possible misspelling at `r` with its message and an unsafe fix to `target`.
fn typo_diagnostic(severity: Severity, r: Range<usize>, msg: String, target: &str) -> Diagnostic {
    let mut d = Diagnostic::new(ID, severity, r.clone(), msg);
    d.fixes.push(Fix::replace(
        FixKind::Unsafe,
        format!("Spell it '{target}'"),
        r,
        target.to_string(),
    ));
    d
}

/// A wrong first name: the draft gives a title and a full name ("Commerce Secretary Scott
/// Lutnick"), and every source that gives the same title (and the same qualifier, when both
/// have one) to a person of that surname gives another first name, while no source writes
/// the draft's full name and the KB knows no one by it. Relatives with the same surname and
/// no shared title stay apart.
fn titled_first_names(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    if cx.sources.is_empty() {
        return;
    }
    let text = &cx.doc.text;
    let idx = cx.sources.derived(|| SourceNames::build(cx));
    for m in cx.titles().iter() {
        let Some(n) = crate::extract::person_name(text, m.name.clone()) else {
            continue;
        };
        let n = &n;
        if m.modifiers.historical || m.modifiers.other_office || n.words.len() < 2 {
            continue;
        }
        let (first, last) = (&text[n.words[0].clone()], n.surname(text));
        if first.contains('.') || is_initial(first) || is_all_caps(first) {
            continue;
        }
        let Some(titled) = idx.titled.get(&translit_key(last)) else {
            continue;
        };
        let role = alias_key(m.alias(text));
        let attrs: Vec<&crate::sources::Attribution> = titled
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|&(_, a)| &cx.sources.attributions[a])
            .filter(|a| {
                a.qualifier.is_none() || m.qualifier.is_none() || a.qualifier == m.qualifier
            })
            .collect();
        let firsts: HashSet<String> = attrs
            .iter()
            .filter_map(|a| a.name.split_whitespace().next())
            .map(first_name_key)
            .collect();
        let [theirs] = firsts.iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        // "Sayyed Hassan Nasrallah" where the sources write "Hassan Nasrallah": a word
        // before the first name (an honorific or another given name), not a wrong one.
        let given = &n.words[..n.words.len() - 1];
        if given
            .iter()
            .any(|w| first_name_key(&text[w.clone()]) == **theirs)
            || shortened(cx, &n.text)
            || cx.sources.full_names.contains_key(&name_key(&n.text))
            || !cx.kb.persons_named(&n.text).is_empty()
            || out.iter().any(|d| d.rule == ID && d.range == n.words[0])
        {
            continue;
        }
        let a = attrs[0];
        let files: Vec<usize> = attrs.iter().map(|a| a.source).collect();
        let target = a.name.split_whitespace().next().unwrap_or(first);
        let evidence = format!(
            "the sources write '{}' ({})",
            a.phrase,
            file_names(cx, &files).join(", ")
        );
        let msg = format!(
            "'{first}' in '{}': possible wrong first name; {evidence}",
            n.text
        );
        let mut d = Diagnostic::new(ID, severity, n.words[0].clone(), msg);
        d.fixes.push(Fix::replace(
            FixKind::Unsafe,
            format!("Write '{target}'"),
            n.words[0].clone(),
            target.to_string(),
        ));
        out.push(d);
    }
}

/// A hyphenated name word ("Waqar-uz-Zaman") that no source writes, against one that two
/// sources or more write with as many parts ("Waker-Uz-Zaman"), each part the same up to
/// case and transliteration or a one-vowel romanisation of it ([`vowel_variant`] of the
/// keys), at least one part the same and one different. The spelling most sources write
/// wins; house style still wins over the sources.
fn hyphenated_names(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    if cx.sources.is_empty() {
        return;
    }
    let text = &cx.doc.text;
    let idx = cx.sources.derived(|| SourceNames::build(cx));
    let mut done: HashSet<&str> = HashSet::new();
    for n in cx.names() {
        for r in &n.words {
            let word = &text[r.clone()];
            if !word.contains('-') || !done.insert(word) {
                continue;
            }
            let Some(spellings) = idx.hyphenated.get(&consonant_key(word)) else {
                continue;
            };
            if written_in_sources(cx, word) || house_prefers(cx, word) {
                continue;
            }
            let best = spellings
                .iter()
                .filter(|(sp, files)| files.len() >= 2 && hyphen_variant(word, sp))
                .max_by_key(|(_, files)| files.len());
            let Some((sp, files)) = best else { continue };
            if out.iter().any(|d| d.rule == ID && d.range == *r) {
                continue;
            }
            let evidence = format!(
                "the sources write '{sp}' ({})",
                file_names(cx, files).join(", ")
            );
            let typo = (
                r.clone(),
                word.to_string(),
                sp.clone(),
                word.to_string(),
                evidence,
            );
            emit_typo(severity, typo, out);
        }
    }
}

/// A bare name word one edit (or one swap) from the surname of exactly one full name of the
/// draft ("Mertz said …" after "Friedrich Merz"), same first letter, surname of four
/// letters or more, when the sources write that surname and never the word: a possible
/// misspelling of the surname. Without sources it stays quiet (the word may name another
/// person), and so does a common English word, a word the KB knows as a person's, or an
/// ending added ("Merz" / "Merzs").
fn bare_typos(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    if cx.sources.is_empty() {
        return;
    }
    let text = &cx.doc.text;
    let mut surnames: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        surnames
            .entry(fold(n.surname(text)))
            .or_insert((n.surname(text), n.text.as_str()));
    }
    // A word's verdict (the message and the surname meant), once per distinct word.
    let mut seen: FxHashMap<&str, Option<(String, &str)>> = FxHashMap::default();
    for n in cx.names().iter().filter(|n| n.words.len() == 1) {
        let w = n.text.as_str();
        if after_country_word(cx, n.range.start) {
            continue;
        }
        let verdict = seen.entry(w).or_insert_with(|| bare_typo(cx, &surnames, w));
        let Some((msg, surname)) = verdict.clone() else {
            continue;
        };
        if out.iter().any(|d| d.rule == ID && d.range == n.range) {
            continue;
        }
        out.push(typo_diagnostic(severity, n.range.clone(), msg, surname));
    }
}

/// Does a country's name or adjective stand right before `at` (one space between)? Then
/// the word at `at` ends the name of a thing ("Indonesia Raya", the anthem; "German
/// Bundesbank"), not a person's surname standing alone.
fn after_country_word(cx: &Context, at: usize) -> bool {
    let Some(before) = cx.doc.text[..at].strip_suffix(' ') else {
        return false;
    };
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase) && cx.extractor.country_code(word).is_some()
}

/// [`bare_typos`] for one word: the message and the surname it may misspell.
fn bare_typo<'s>(
    cx: &Context,
    surnames: &BTreeMap<String, (&'s str, &'s str)>,
    w: &str,
) -> Option<(String, &'s str)> {
    let fw = fold(w);
    if surnames.contains_key(&fw)
        || crate::text::zipf(&fw) >= 3.0
        || written_in_sources(cx, w)
        || !cx.kb.persons_named(w).is_empty()
    {
        return None;
    }
    let near: Vec<(&str, &str)> = surnames
        .iter()
        .filter(|(k, _)| {
            k.chars().count() >= 4
                && k.chars().next() == fw.chars().next()
                && !k.starts_with(fw.as_str())
                && !fw.starts_with(k.as_str())
                && strsim::damerau_levenshtein(k, &fw) == 1
        })
        .map(|(_, v)| *v)
        .collect();
    let [(surname, full)] = near[..] else {
        return None;
    };
    let (count, files) = in_sources(cx, surname);
    if count == 0 {
        return None;
    }
    let msg = format!(
        "'{w}': possible misspelling of '{surname}' (surname of {full}); the sources write \
         '{surname}' ({})",
        files.join(", ")
    );
    Some((msg, surname))
}

/// Zipf frequency from which a word is a common English word, not a name's part.
const COMMON_WORD: f32 = 4.0;

/// Is `name` the end of a longer full name the draft or the sources write ("Ghazi
/// al-Jalali" of "Mohammad Ghazi al-Jalali")? Its first word is then a middle name, not a
/// wrong first name.
fn shortened(cx: &Context, name: &str) -> bool {
    let tail = format!(" {name}");
    cx.names().iter().any(|n| n.text.ends_with(&tail))
        || cx.sources.full_names.values().any(|n| n.ends_with(&tail))
}

/// One full name written with its parts spaced, hyphenated or joined differently ("Yoon
/// Suk Yeol" / "Yoon Suk-yeol"): the same letters, another number of words, so no surname
/// slot holds both. The draft's majority form wins, on a
/// tie the first written; each other form is flagged as a whole, with the majority form as
/// the fix. (Forms with as many words are the slots' business.)
fn spaced_names(cx: &Context, severity: Severity, out: &mut Vec<Diagnostic>) {
    let joined = |t: &str| -> String { fold(t).chars().filter(|c| c.is_alphanumeric()).collect() };
    let mut groups: BTreeMap<String, Vec<&NameMention>> = BTreeMap::new();
    for n in cx.names().iter().filter(|n| n.words.len() >= 2) {
        groups.entry(joined(&n.text)).or_default().push(n);
    }
    for names in groups.values() {
        let mut forms: Vec<(&str, usize, usize)> = Vec::new(); // (text, count, words)
        for n in names {
            match forms.iter_mut().find(|f| f.0 == n.text) {
                Some(f) => f.1 += 1,
                None => forms.push((&n.text, 1, n.words.len())),
            }
        }
        // Only names whose differing words are no common English words: "Villamor Air
        // Base" / "Villamor Airbase" is a place written two ways, not a person's name.
        let words = |t: &str| -> HashSet<String> { t.split_whitespace().map(fold).collect() };
        let all: Vec<HashSet<String>> = forms.iter().map(|f| words(f.0)).collect();
        let common = all.iter().any(|w| {
            w.iter()
                .any(|x| !all.iter().all(|o| o.contains(x)) && crate::text::zipf(x) >= COMMON_WORD)
        });
        if common || forms.iter().all(|f| f.2 == forms[0].2) {
            continue;
        }
        // The majority form; `max_by_key` keeps the last of equals, so walk backwards.
        let Some(&(preferred, n_pref, _)) = forms.iter().rev().max_by_key(|f| f.1) else {
            continue;
        };
        let lines = lines_note(
            names
                .iter()
                .filter(|n| n.text == preferred)
                .map(|n| cx.doc.line_of(n.range.start))
                .collect(),
        );
        let first = out.len();
        for n in names.iter().filter(|n| n.text != preferred) {
            if out.iter().any(|o| o.rule == ID && o.range == n.range) {
                continue;
            }
            let msg = format!(
                "'{}': this draft writes the name '{preferred}' {n_pref}× elsewhere{lines}",
                n.text
            );
            let mut d = Diagnostic::new(ID, severity, n.range.clone(), msg);
            d.fixes.push(Fix::replace(
                FixKind::Unsafe,
                format!("Write it '{preferred}'"),
                n.range.clone(),
                preferred.to_string(),
            ));
            out.push(d);
        }
        link_group(out[first..].iter_mut());
    }
}

/// Two hyphenated spellings of one name: as many parts, each the same key or a one-vowel
/// romanisation of it, at least one the same and one different.
fn hyphen_variant(a: &str, b: &str) -> bool {
    let pa: Vec<String> = a.split('-').map(translit_key).collect();
    let pb: Vec<String> = b.split('-').map(translit_key).collect();
    if pa.len() != pb.len() || pa.len() < 2 || pa.iter().any(String::is_empty) {
        return false;
    }
    let same = pa.iter().zip(&pb).filter(|(x, y)| x == y).count();
    let variants = pa
        .iter()
        .zip(&pb)
        .filter(|(x, y)| x != y && vowel_variant(x, y))
        .count();
    same >= 1 && variants >= 1 && same + variants == pa.len()
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
    use super::*;
    use crate::rules::fixture::{assert_count, check, check_with_sources, findings};

    #[test]
    fn slot_keys_join_close_kb_spellings_and_first_name_vowels() {
        // The KB's "Jaishankar" gives the key to the draft's close "Jaishanker".
        assert_eq!(surname_key(Some("Jaishankar"), "Jaishanker"), "yayshankar");
        assert_eq!(surname_key(Some("Jaishankar"), "Jaishankar"), "yayshankar");
        assert_eq!(surname_key(None, "Jaishanker"), translit_key("Jaishanker"));
        assert_ne!(translit_key("Jaishanker"), "yayshankar");
        // Not close: each spelling keeps its own key.
        assert_eq!(surname_key(Some("Saud"), "Salman"), translit_key("Salman"));
        assert_eq!(surname_key(None, "Zelensky"), translit_key("Zelensky"));
        assert_eq!(first_name_key("Shehbaz"), "shhbz");
        assert_eq!(first_name_key("Shahbaz"), "shhbz");
        assert_eq!(first_name_key("Mohammed"), first_name_key("Muhammad"));
        assert_ne!(first_name_key("Maria"), first_name_key("Marko"));
    }

    #[test]
    fn spellings_counted_with_their_first_offset() {
        let mut slot = Slot::new("surname", "Volodymyr Zelenskyy");
        slot.occurrences = vec![
            (30..38, "Zelensky".to_string()),
            (10..19, "Zelenskyy".to_string()),
            (50..59, "Zelenskyy".to_string()),
        ];
        let counts = spelling_counts(&slot);
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [("Zelensky", (1, 30)), ("Zelenskyy", (2, 10))]
        );
    }

    #[test]
    fn notes_on_the_sources_and_the_lines() {
        assert_eq!(sources_note(&[]), "");
        let src = |s: &str, n: usize, f: &[&str]| {
            (s.to_string(), n, f.iter().map(|f| f.to_string()).collect())
        };
        assert_eq!(
            sources_note(&[
                src("Zelenskyy", 12, &["a01", "a02"]),
                src("Zelensky", 1, &["a03"])
            ]),
            "; sources: Zelenskyy 12× (a01, a02), Zelensky 1× (a03)"
        );
        let five: Vec<_> = (1..=5).map(|i| src(&format!("Z{i}"), i, &["a"])).collect();
        assert_eq!(
            sources_note(&five),
            "; sources: Z1 1× (a), Z2 2× (a), Z3 3× (a), Z4 4× (a)"
        );
        assert_eq!(lines_note(vec![]), "");
        assert_eq!(lines_note(vec![3, 3]), " (line 3)");
        assert_eq!(lines_note(vec![3, 1, 3]), " (lines 1, 3)");
        assert_eq!(lines_note(vec![5, 4, 3, 2, 1]), " (lines 1, 2, 3, 4, …)");
    }

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
    fn the_misspelled_surname_again_and_alone_is_the_same_finding() {
        let sources = [
            ("a01.txt", "Marten Halvorsen arrived in Oslo on Monday.\n"),
            ("a02.txt", "Halvorsen met the envoy on Tuesday.\n"),
        ];
        let why = "the sources write 'Marten Halvorsen' (a01, a02)";
        check_with_sources(
            super::ID,
            "Marten «Halvorsek» arrived in Oslo on Monday for the talks.\n\n\
             Later «Halvorsek» met the envoy.\n\n\
             \"We agree,\" said Marten «Halvorsek» after the talks.\n",
            "2025-08-20",
            &sources,
            &[
                &format!("'Halvorsek' in 'Marten Halvorsek': possible misspelling; {why}"),
                &format!(
                    "'Halvorsek': possible misspelling of 'Halvorsen' (surname of Marten \
                     Halvorsen); {why}"
                ),
                &format!(
                    "'Halvorsek': possible misspelling of 'Halvorsen' (surname of Marten \
                     Halvorsen); {why}"
                ),
            ],
        );
        // One finding in three places: each names the other two.
        let text = "Marten Halvorsek arrived in Oslo on Monday for the talks.\n\n\
                    Later Halvorsek met the envoy.\n\nMarten Halvorsek said so.\n";
        let f = findings(super::ID, text, "2025-08-20", &sources);
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|d| d.related.len() == 2), "{f:#?}");
        assert_eq!(f[1].related, vec![f[0].range.clone(), f[2].range.clone()]);
        // Another person of that surname in the draft: the bare surname stays quiet.
        let f = findings(
            super::ID,
            "Marten Halvorsek arrived in Oslo on Monday for the talks.\n\n\
             Erik Halvorsek, his cousin, stayed home. Halvorsek said little.\n",
            "2025-08-20",
            &sources,
        );
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].range, "Marten ".len().."Marten Halvorsek".len());
    }

    #[test]
    fn a_plural_is_not_a_typo() {
        assert!(!typo_close("Lankans", "Lankan"));
        assert!(!typo_close("Halvorsen", "Halvorsens"));
        assert!(typo_close("Halvorsek", "Halvorsen"));
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
    fn a_surname_romanised_or_mistyped_two_ways_under_one_first_name() {
        // A vowel group, "gh" for "q", a swap of two letters: one person, two spellings.
        for (a, b) in [
            ("Haftar", "Hafter"),
            ("Araghchi", "Araqchi"),
            ("Mustafa", "Moustafa"),
            ("Söder", "Soeder"),
            ("Macron", "Marcon"),
        ] {
            let draft = format!(
                "The commander Khaled {a} met the envoy on Monday. {a} said little.\n\n\
                 Later, Khaled «{b}» said the talks would go on.\n"
            );
            check(
                super::ID,
                &draft,
                "2025-08-20",
                &[&format!(
                    "'{b}' (surname of Khaled {a}): this draft spells it '{a}' 2× elsewhere \
                     (line 1)"
                )],
            );
        }
        // Two names (two vowel groups changed), an ending added, another first name.
        for (a, b) in [
            ("Khaled Hassan", "Khaled Hussein"),
            ("Khaled Hassan", "Khaled Hassani"),
            ("Khaled Haftar", "Saddam Hafter"),
        ] {
            let draft =
                format!("{a} met the envoy on Monday.\n\n{b} said the talks would go on.\n");
            assert_count(super::ID, &draft, "2025-08-20", 0);
        }
        assert!(!surname_variant("Lanka", "Lankan"));
        assert!(!surname_variant("Merz", "Mertz"));
    }

    #[test]
    fn a_bare_surname_one_edit_from_a_full_names() {
        let src = "Chancellor Friedrich Merz spoke in Berlin. Merz said the budget was ready.\n";
        let draft = "German Chancellor Friedrich Merz spoke in Berlin on Monday.\n\n\
                     «Mertz» said the government would present a budget next week.\n";
        check_with_sources(
            super::ID,
            draft,
            TWO,
            &[("a01.txt", src)],
            &[
                "'Mertz': possible misspelling of 'Merz' (surname of Friedrich Merz); the \
               sources write 'Merz' (a01)",
            ],
        );
        let plain = draft.replace(['«', '»'], "");
        // Without sources, or when a source writes the word too, it may be someone else.
        assert!(findings(super::ID, &plain, TWO, &[]).is_empty());
        let both = format!("{src}Carla Mertz, an economist, disagreed.\n");
        assert!(findings(super::ID, &plain, TWO, &[("a01.txt", &both)]).is_empty());
        // After a country's name, the word ends the name of a thing ("German Mertz", a
        // brand), not a surname.
        let thing = draft.replace("«Mertz» said", "German Mertz said");
        assert!(findings(super::ID, &thing, TWO, &[("a01.txt", src)]).is_empty());
    }

    #[test]
    fn a_name_spaced_or_hyphenated_two_ways() {
        check(
            super::ID,
            "President Yoon Suk Yeol declared martial law. Yoon Suk Yeol spoke at night.\n\n\
             Lawmakers voted to lift it hours after «Yoon Suk-yeol» announced it.\n",
            "2024-12-04",
            &["'Yoon Suk-yeol': this draft writes the name 'Yoon Suk Yeol' 2× elsewhere (line 1)"],
        );
        // A place written two ways (common words differ) is not a person's name.
        assert_count(
            super::ID,
            "He landed at Villamor Air Base at night.\n\nVillamor Airbase was closed.\n",
            "2024-12-04",
            0,
        );
        // One form throughout, or two forms of as many words (the slots' business), add
        // nothing here.
        assert_count(
            super::ID,
            "Yoon Suk-yeol declared martial law.\n\nYoon Suk-yeol spoke at night.\n",
            "2024-12-04",
            0,
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
    fn organisations_and_caption_labels_are_not_peoples_names() {
        // "Labour Party" / "Labor Party": an organisation's name, not a person's.
        assert_count(
            super::ID,
            "Albin Tiller's Labour Party won. The Labor Party celebrated, and Labor Party \
             officials cheered.\n",
            "2025-08-20",
            0,
        );
        // A caption label glued by a slash is not a first name; the name after it is.
        check_with_sources(
            super::ID,
            "Photo/Illutration Sanae Tavaki, president of the ruling party, speaks in \
             parliament.\n\nSanae Tavaki was elected.\n",
            "2025-08-20",
            &[("a.txt", "Party President Sanae Tavaki spoke on Tuesday.")],
            &[],
        );
        // A person's misspelt first name is still found.
        check(
            super::ID,
            "Sanae Tavaki spoke. «Sanea» Tavaki was elected.\n",
            "2025-08-20",
            &[
                "'Sanea' (first name of Sanae Tavaki): this draft spells it 'Sanae' 1× \
               elsewhere (line 1)",
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

    const TWO: &str = "2025-08-20";

    #[test]
    fn a_changed_final_vowel_against_two_sources() {
        let src = "Ravindu Kumara Senanayake won the vote on Monday.\n";
        check_with_sources(
            super::ID,
            "Ravindu Kumara «Senanayaka» won the vote on Monday, officials said.\n",
            TWO,
            &[("a01.txt", src), ("a02.txt", src)],
            &[
                "'Senanayaka' in 'Ravindu Kumara Senanayaka': possible misspelling; the sources \
               write 'Ravindu Kumara Senanayake' (a01, a02)",
            ],
        );
        assert!(final_vowel_swap("Senanayaka", "Senanayake"));
        assert!(!final_vowel_swap("Mahamoud", "Mahmoud"));
        assert!(!final_vowel_swap("Kloeckner", "Klöckner"));
        assert!(!final_vowel_swap("Mohammad", "Mohammed"));
    }

    #[test]
    fn romanised_vowels_stay_quiet_against_two_sources_and_one_source_is_not_enough() {
        let quiet = |draft: &str, src: &str, n: usize| {
            let sources: Vec<(String, &str)> =
                (1..=n).map(|i| (format!("a0{i}.txt"), src)).collect();
            let sources: Vec<(&str, &str)> =
                sources.iter().map(|(f, t)| (f.as_str(), *t)).collect();
            let f = findings(super::ID, draft, TWO, &sources);
            assert!(f.is_empty(), "{draft}: {f:?}");
        };
        quiet(
            "Abdelrahim Farouk arrived in Cairo on Monday.\n",
            "Abdelraheem Farouk arrived in Cairo on Monday.\n",
            2,
        );
        quiet(
            "Julia Kloeckner opened the session on Monday.\n",
            "Julia Klöckner opened the session on Monday.\n",
            2,
        );
        quiet(
            "Ravindu Kumara Senanayaka won the vote on Monday.\n",
            "Ravindu Kumara Senanayake won the vote on Monday.\n",
            1,
        );
    }

    #[test]
    fn a_long_name_off_in_two_words_when_the_sources_agree() {
        let src = "Ravindu Kumara Senanayake won the vote on Monday.\n";
        check_with_sources(
            super::ID,
            "«Ravida Kumara Sesanayake» won the vote. Ravida Kumara Sesanayake spoke.\n",
            TWO,
            &[("a01.txt", src), ("a02.txt", src)],
            &[
                "'Ravida Kumara Sesanayake': possible misspelling of 'Ravindu Kumara Senanayake'; \
               the sources write 'Ravindu Kumara Senanayake' (a01, a02)",
            ],
        );
        // One source, a different inner word, or a two-word name: quiet.
        let quiet = |draft: &str, sources: &[(&str, &str)]| {
            let f = findings(super::ID, draft, TWO, sources);
            assert!(f.is_empty(), "{draft}: {f:?}");
        };
        quiet(
            "Ravida Kumara Sesanayake won the vote.\n",
            &[("a01.txt", src)],
        );
        quiet(
            "Ravida Kamal Sesanayake won the vote.\n",
            &[("a01.txt", src), ("a02.txt", src)],
        );
        let two = "Ravindu Senanayake won the vote on Monday.\n";
        quiet(
            "Ravida Sesanayake won the vote.\n",
            &[("a01.txt", two), ("a02.txt", two)],
        );
    }

    #[test]
    fn initials_in_another_order() {
        check_with_sources(
            super::ID,
            "Minister «HD» Talwar arrived in Delhi on Monday.\n",
            TWO,
            &[("a01.txt", "Minister DH Talwar arrived in Delhi.\n")],
            &["'HD' in 'HD Talwar': possible misspelling; the sources write 'DH Talwar' (a01)"],
        );
        assert!(swapped_initials("DJ", "JD"));
        assert!(!swapped_initials("KS", "RK"));
        assert!(!swapped_initials("JD", "JD"));
        assert!(!swapped_initials("Dan", "And"));
        let f = findings(
            super::ID,
            "Minister HS Talwar arrived in Delhi on Monday.\n",
            TWO,
            &[("a01.txt", "Minister DH Talwar arrived in Delhi.\n")],
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn a_wrong_first_name_under_the_title_the_sources_give() {
        let src = "Finance Minister Adrian Kovacs met bankers on Monday.\n";
        check_with_sources(
            super::ID,
            "Finance Minister «Peter» Kovacs met bankers in Budapest on Monday.\n",
            TWO,
            &[("a01.txt", src)],
            &[
                "'Peter' in 'Peter Kovacs': possible wrong first name; the sources write \
               'Finance Minister Adrian Kovacs' (a01)",
            ],
        );
        // A relative without the title, or a name the sources also write: quiet.
        let quiet = |draft: &str, sources: &[(&str, &str)]| {
            let f = findings(super::ID, draft, TWO, sources);
            assert!(f.is_empty(), "{draft}: {f:?}");
        };
        quiet(
            "His brother Peter Kovacs met bankers in Budapest on Monday.\n",
            &[("a01.txt", src)],
        );
        quiet(
            "Finance Minister Peter Kovacs met bankers in Budapest on Monday.\n",
            &[
                ("a01.txt", src),
                ("a02.txt", "Peter Kovacs, his brother, was there.\n"),
            ],
        );
        quiet(
            "Former Finance Minister Peter Kovacs met bankers on Monday.\n",
            &[("a01.txt", src)],
        );
        // A middle name: the draft (or a source) writes the longer name too.
        quiet(
            "Finance Minister Peter Kovacs met bankers on Monday.\n\nFinance Minister Adrian \
             Peter Kovacs spoke later.\n",
            &[("a01.txt", src)],
        );
        // A word before the sources' first name (an honorific, another given name).
        quiet(
            "Finance Minister Sayyed Adrian Kovacs met bankers in Budapest on Monday.\n",
            &[("a01.txt", src)],
        );
    }

    #[test]
    fn a_hyphenated_name_against_the_sources_spelling() {
        let src = "General Tariq-Ul-Mannan spoke on Monday.\n";
        check_with_sources(
            super::ID,
            "General «Tareq-ul-Mannan» spoke on television on Monday.\n",
            TWO,
            &[("a01.txt", src), ("a02.txt", src)],
            &[
                "'Tareq-ul-Mannan': possible misspelling of 'Tariq-Ul-Mannan'; the sources write \
               'Tariq-Ul-Mannan' (a01, a02)",
            ],
        );
        assert!(hyphen_variant("Waqar-uz-Zaman", "Waker-Uz-Zaman"));
        assert!(!hyphen_variant("Tarek-ul-Hannan", "Tariq-Ul-Mannan"));
        assert!(!hyphen_variant("Tariq-Ul-Mannan", "Tariq-ul-Mannan"));
        // One source, or the draft's spelling in a source: quiet.
        let quiet = |sources: &[(&str, &str)]| {
            let f = findings(
                super::ID,
                "General Tareq-ul-Mannan spoke on television on Monday.\n",
                TWO,
                sources,
            );
            assert!(f.is_empty(), "{f:?}");
        };
        quiet(&[("a01.txt", src)]);
        quiet(&[
            ("a01.txt", src),
            ("a02.txt", src),
            ("a03.txt", "General Tareq-ul-Mannan spoke.\n"),
        ]);
    }

    #[test]
    fn a_typo_in_a_name_that_opens_with_a_function_word() {
        let src = "Vice Premier He Wenshan led the delegation on Monday.\n";
        check_with_sources(
            super::ID,
            "Vice Premier He «Wenchan» led the delegation in Geneva on Monday.\n",
            TWO,
            &[("a01.txt", src)],
            &[
                "'Wenchan' in 'He Wenchan': possible misspelling; the sources write 'He Wenshan' \
               (a01)",
            ],
        );
    }
}
