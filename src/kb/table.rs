//! Record tables and lookup maps that a KB shares with the story KBs derived from it.
//!
//! A story KB ([`super::Kb::with_records`]) is the loaded KB plus the few records a world
//! index contributes for one draft. Cloning the loaded KB must not copy its 1,447 (or
//! more) records for every check, so each table keeps the loaded rows behind an `Arc` and
//! only the story's rows in its own `Vec`; each map keeps the loaded entries behind an
//! `Arc` and copies an entry only when the story adds to it.

use std::hash::Hash;
use std::ops::Index;
use std::sync::Arc;

use rustc_hash::FxHashMap;

/// Rows `0..base.len()` are shared; rows after them belong to this copy.
#[derive(Debug, Clone)]
pub struct Table<T> {
    base: Arc<Vec<T>>,
    extra: Vec<T>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            base: Arc::new(Vec::new()),
            extra: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Table<T> {
    fn from(v: Vec<T>) -> Self {
        Table {
            base: Arc::new(v),
            extra: Vec::new(),
        }
    }
}

impl<T> Table<T> {
    pub fn len(&self) -> usize {
        self.base.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        match i.checked_sub(self.base.len()) {
            None => self.base.get(i),
            Some(j) => self.extra.get(j),
        }
    }

    pub fn iter(&self) -> std::iter::Chain<std::slice::Iter<'_, T>, std::slice::Iter<'_, T>> {
        self.base.iter().chain(self.extra.iter())
    }

    /// Adds a row to this copy; its index.
    pub(super) fn push(&mut self, row: T) -> usize {
        self.extra.push(row);
        self.len() - 1
    }

    /// How many rows this copy added to the shared ones.
    pub fn added(&self) -> usize {
        self.extra.len()
    }
}

impl<T> Index<usize> for Table<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        match i.checked_sub(self.base.len()) {
            None => &self.base[i],
            Some(j) => &self.extra[j],
        }
    }
}

impl<'a, T> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Chain<std::slice::Iter<'a, T>, std::slice::Iter<'a, T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A key → ids map: the shared entries, and the entries this copy changed (each a full
/// copy of the shared entry plus the additions, so a lookup reads one list).
#[derive(Debug, Clone)]
pub struct Keyed<K, V> {
    base: Arc<FxHashMap<K, Vec<V>>>,
    extra: FxHashMap<K, Vec<V>>,
}

impl<K, V> Default for Keyed<K, V> {
    fn default() -> Self {
        Keyed {
            base: Arc::new(FxHashMap::default()),
            extra: FxHashMap::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone + PartialEq> Keyed<K, V> {
    pub fn get<Q>(&self, k: &Q) -> &[V]
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.extra
            .get(k)
            .or_else(|| self.base.get(k))
            .map_or(&[], Vec::as_slice)
    }

    /// Adds `v` under `k` (once).
    pub fn add(&mut self, k: K, v: V) {
        let base = &self.base;
        let list = self
            .extra
            .entry(k)
            .or_insert_with_key(|k| base.get(k).cloned().unwrap_or_default());
        if !list.contains(&v) {
            list.push(v);
        }
    }

    /// Adds `v` under `k` without checking for a repeat (the KB's own indexing, which
    /// visits each pair once).
    pub fn push(&mut self, k: K, v: V) {
        let base = &self.base;
        self.extra
            .entry(k)
            .or_insert_with_key(|k| base.get(k).cloned().unwrap_or_default())
            .push(v);
    }

    /// Moves this copy's entries into the shared part (after the loaded KB is indexed).
    pub fn freeze(&mut self) {
        if self.extra.is_empty() {
            return;
        }
        let mut base = std::mem::take(&mut self.extra);
        if !self.base.is_empty() {
            for (k, v) in self.base.iter() {
                base.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        self.base = Arc::new(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_adds_rows_and_entries_without_touching_the_shared_ones() {
        let mut t: Table<&str> = vec!["a", "b"].into();
        let mut m: Keyed<String, usize> = Keyed::default();
        m.push("x".into(), 0);
        m.push("y".into(), 1);
        m.freeze();
        let shared = (t.clone(), m.clone());
        assert_eq!(t.push("c"), 2);
        m.add("x".into(), 2);
        m.add("x".into(), 2);
        m.add("z".into(), 2);
        assert_eq!((t.len(), t[2], t.added()), (3, "c", 1));
        assert_eq!(t.iter().copied().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m.get("x"), &[0, 2]);
        assert_eq!(m.get("y"), &[1]);
        assert_eq!(m.get("z"), &[2]);
        let (t0, m0) = shared;
        assert_eq!((t0.len(), t0.get(2)), (2, None));
        assert_eq!((m0.get("x"), m0.get("z")), (&[0][..], &[][..]));
    }
}
