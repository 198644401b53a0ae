//! Person resolution: which KB person a name of the draft refers to. Shared by every
//! rule and the hover (through [`crate::rules::Context::person`]).

use std::collections::{HashMap, HashSet};

use crate::extract::NameMention;
use crate::kb::{Kb, PersonId};
use crate::text::{name_key, translit_key};

/// Surname transliteration key -> the distinct full names (two words or more) among
/// `names`, in order of first appearance.
pub fn full_names(names: &[NameMention]) -> HashMap<String, Vec<String>> {
    let mut full_names: HashMap<String, Vec<String>> = HashMap::new();
    let mut seen = HashSet::new();
    for n in names.iter().filter(|n| n.words.len() >= 2) {
        if seen.insert(name_key(&n.text)) {
            let surname = n.text.split_whitespace().last().unwrap_or("");
            full_names
                .entry(translit_key(surname))
                .or_default()
                .push(n.text.clone());
        }
    }
    full_names
}

/// The KB person a name in the draft refers to. `full_names` maps a surname's
/// transliteration key to the distinct full names of the draft with that surname.
pub fn resolve(kb: &Kb, name: &str, full_names: &HashMap<String, Vec<String>>) -> Option<PersonId> {
    let direct = kb.persons_named(name);
    if direct.len() == 1 {
        return Some(direct[0]);
    }
    if !name.contains(' ') {
        // A bare surname: the full name it abbreviates in this draft, else a unique KB surname.
        if let Some([full]) = full_names.get(&translit_key(name)).map(Vec::as_slice) {
            let ids = kb.persons_named(full);
            if ids.len() == 1 {
                return Some(ids[0]);
            }
        }
        let ids = kb.persons_with_surname(name);
        return (ids.len() == 1).then(|| ids[0]);
    }
    // "Mike Flynn" when the KB says "Michael Flynn": same surname, same first initial.
    let surname = name.split_whitespace().last().unwrap_or("");
    let first = name.chars().next().map(|c| c.to_lowercase().to_string());
    let ids: Vec<PersonId> = kb
        .persons_with_surname(surname)
        .iter()
        .copied()
        .filter(|&p| {
            kb.persons[p]
                .name
                .chars()
                .next()
                .map(|c| c.to_lowercase().to_string())
                == first
        })
        .collect();
    (ids.len() == 1).then(|| ids[0])
}
