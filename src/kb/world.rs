//! The world index: a knowledge base of any size (a Wikidata build of a million terms)
//! compiled into one file that is memory-mapped at start, not parsed.
//!
//! `copydesk kb index FILE.toml... -o world.kbi` writes it; a `.kbi` file in `kb` (config)
//! or `--kb` loads it. Loading reads a header and maps the file: nothing is decoded until a
//! draft names someone. For each check, [`WorldIndex::story_kb`] looks up the draft's
//! names and titles in the index's `fst` maps and decodes only the records they reach,
//! which [`Kb::with_records`] adds to the loaded (curated) KB. The rules see one KB,
//! exactly as if those records had been loaded from TOML.
//!
//! What a draft reaches: every person whose full name or a variant has the key of a name
//! in the draft, with every office that person held; every person whose surname has the key
//! of a name's last word: with their offices when the name may be theirs (a bare surname
//! that only they have, or the same first initial), else as a namesake, without offices;
//! and every office whose title or an alias has the key of a title in the draft (or of a
//! title the sources give the draft's people), with its holders. A key shared by more than
//! [`CROWD`] records (a million people share names) is not loaded whole: a surname brings
//! its first `CROWD` persons, enough to keep a bare surname ambiguous, as it is; a title
//! brings the offices of the countries the story names (the draft's qualifiers and the
//! countries of the persons it reached). A holder reached only through an office is known
//! by that office: not the rest of their career, and not by name lookups (had the draft
//! named them, the name would have reached them).
//!
//! The index adds facts, not vocabulary: what the extractor reads as a title or a name
//! still comes from the loaded KB and the generic lexicon, so a million records cannot
//! change what the rules look at, only what they know about it.
//!
//! File layout (little-endian): the magic `CDKBIDX\0`, a `u32` format version, a `u32`
//! header length and the header (JSON: counts, `as_of`, the files it was built from, and
//! each section's offset and length), then the sections: four `fst` maps from key to an
//! offset into `postings` (name keys, surname keys, title keys, title key + `\u{1}` +
//! country code), an `fst` set of the first words of multi-word titles, `postings` (`u32`s:
//! a count, then that many record ids), and the person and office tables (`u64` offsets,
//! then JSON records).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Kb, KbError, Office, Person, RESPELLINGS, Term, alias_key};
use crate::text::{name_key, translit_key};

const MAGIC: &[u8; 8] = b"CDKBIDX\0";
/// Bumped whenever the layout or the key functions change: an index of another version
/// is refused with a message to rebuild it.
pub const VERSION: u32 = 1;
/// A key shared by more records than this is "crowded": see the module doc.
pub const CROWD: usize = 24;

/// What the header says about the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub persons: u64,
    pub offices: u64,
    pub terms: u64,
    /// The newest `as_of` of the files it was built from.
    pub as_of: Option<String>,
    /// The files it was built from.
    pub built_from: Vec<String>,
    sections: BTreeMap<String, (u64, u64)>,
}

#[derive(Serialize, Deserialize)]
struct PersonRec {
    n: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    v: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    s: Vec<String>,
    /// The offices with a term of this person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    o: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
struct OfficeRec {
    id: String,
    c: String,
    t: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    a: Vec<String>,
    s: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    as_of: Option<NaiveDate>,
    origin: String,
    h: Vec<HolderRec>,
}

#[derive(Serialize, Deserialize)]
struct HolderRec {
    p: u32,
    b: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    a: bool,
    src: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<String>,
}

/// Key → record ids, while building.
type Postings = BTreeMap<String, BTreeSet<u32>>;

/// Writes the index of `kb` (loaded from `files` alone, without the built-in records) to
/// `out`, through a temporary file renamed into place (a running server never maps a
/// half-written index).
pub fn write(kb: &Kb, files: &[String], out: &Path) -> Result<Header, String> {
    let bytes = encode(kb, files)?;
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty());
    let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
        .map_err(|e| format!("{}: cannot create: {e}", out.display()))?;
    tmp.write_all(&bytes.0)
        .and_then(|()| tmp.flush())
        .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    tmp.persist(out)
        .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    Ok(bytes.1)
}

/// The index file's bytes and header.
pub fn encode(kb: &Kb, files: &[String]) -> Result<(Vec<u8>, Header), String> {
    let id = |i: usize| u32::try_from(i).map_err(|_| "more than 4 billion records".to_string());
    let (mut names, mut surnames, mut aliases, mut alias_country) = (
        Postings::new(),
        Postings::new(),
        Postings::new(),
        Postings::new(),
    );
    let mut held: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); kb.persons.len()];
    for (p, person) in kb.persons.iter().enumerate() {
        let (keys, sk) = Kb::person_keys(person);
        for k in keys {
            names.entry(k).or_default().insert(id(p)?);
        }
        for k in sk {
            surnames.entry(k).or_default().insert(id(p)?);
        }
    }
    for (o, office) in kb.offices.iter().enumerate() {
        for k in Kb::office_keys(office) {
            alias_country
                .entry(format!("{k}\u{1}{}", office.country))
                .or_default()
                .insert(id(o)?);
            aliases.entry(k).or_default().insert(id(o)?);
        }
        for t in &office.terms {
            held[t.person].insert(id(o)?);
        }
    }
    let mut postings: Vec<u32> = Vec::new();
    let mut maps = Vec::new();
    for keys in [&names, &surnames, &aliases, &alias_country] {
        let mut b = fst::MapBuilder::memory();
        for (k, ids) in keys {
            let at = postings.len() as u64;
            postings.push(id(ids.len())?);
            postings.extend(ids);
            b.insert(k, at)
                .map_err(|e| format!("index key `{k}`: {e}"))?;
        }
        maps.push(b.into_inner().map_err(|e| e.to_string())?);
    }
    let mut person_tab = Table::default();
    for (p, person) in kb.persons.iter().enumerate() {
        person_tab.add(&PersonRec {
            n: person.name.clone(),
            v: person.variants.clone(),
            s: person.surnames.clone(),
            o: held[p].iter().copied().collect(),
        })?;
    }
    let mut office_tab = Table::default();
    let mut terms = 0u64;
    for o in kb.offices.iter() {
        terms += o.terms.len() as u64;
        office_tab.add(&OfficeRec {
            id: o.id.clone(),
            c: o.country.clone(),
            t: o.title.clone(),
            a: o.aliases.clone(),
            s: o.single,
            r: o.rank,
            as_of: o.as_of,
            origin: o.origin.clone(),
            h: o.terms
                .iter()
                .map(|t| {
                    Ok(HolderRec {
                        p: id(t.person)?,
                        b: t.start,
                        e: t.end,
                        a: t.acting,
                        src: t.source.clone(),
                        n: t.note.clone(),
                    })
                })
                .collect::<Result<_, String>>()?,
        })?;
    }
    // The first words of multi-word titles: the only words where `title_spans` starts a walk.
    let heads: BTreeSet<&str> = aliases
        .keys()
        .filter_map(|k| k.split_once(' ').map(|(head, _)| head))
        .collect();
    let mut b = fst::SetBuilder::memory();
    b.extend_iter(heads).map_err(|e| e.to_string())?;
    let heads = b.into_inner().map_err(|e| e.to_string())?;
    let postings: Vec<u8> = postings.iter().flat_map(|x| x.to_le_bytes()).collect();
    let sections: Vec<(&str, Vec<u8>)> = vec![
        ("names", maps.remove(0)),
        ("surnames", maps.remove(0)),
        ("aliases", maps.remove(0)),
        ("alias_country", maps.remove(0)),
        ("title_heads", heads),
        ("postings", postings),
        ("person_offsets", person_tab.offsets()),
        ("persons", person_tab.blob),
        ("office_offsets", office_tab.offsets()),
        ("offices", office_tab.blob),
    ];
    let mut header = Header {
        persons: kb.persons.len() as u64,
        offices: kb.offices.len() as u64,
        terms,
        as_of: kb.newest_as_of().map(|d| d.to_string()),
        built_from: files.to_vec(),
        sections: BTreeMap::new(),
    };
    // The header holds the sections' offsets, which depend on the header's length: lay
    // out with a fixed-width header, padded.
    let probe = |h: &Header| serde_json::to_vec(h).map_err(|e| e.to_string());
    let mut len = probe(&header)?.len() + sections.len() * 48 + 64;
    loop {
        let mut at = (MAGIC.len() + 8 + len) as u64;
        header.sections.clear();
        for (name, bytes) in &sections {
            header
                .sections
                .insert((*name).to_string(), (at, bytes.len() as u64));
            at += bytes.len() as u64;
        }
        let h = probe(&header)?;
        if h.len() <= len {
            let mut out = Vec::with_capacity(at as usize);
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&VERSION.to_le_bytes());
            out.extend_from_slice(&u32::try_from(len).map_err(|e| e.to_string())?.to_le_bytes());
            out.extend_from_slice(&h);
            out.resize(MAGIC.len() + 8 + len, b' ');
            for (_, bytes) in &sections {
                out.extend_from_slice(bytes);
            }
            return Ok((out, header));
        }
        len = h.len() + 64;
    }
}

/// Records as JSON, one after another, with their offsets.
#[derive(Default)]
struct Table {
    blob: Vec<u8>,
    ends: Vec<u64>,
}

impl Table {
    fn add<T: Serialize>(&mut self, rec: &T) -> Result<(), String> {
        serde_json::to_writer(&mut self.blob, rec).map_err(|e| e.to_string())?;
        self.ends.push(self.blob.len() as u64);
        Ok(())
    }

    /// `0`, then each record's end.
    fn offsets(&self) -> Vec<u8> {
        std::iter::once(0u64)
            .chain(self.ends.iter().copied())
            .flat_map(u64::to_le_bytes)
            .collect()
    }
}

/// The mapped file, shared by the maps and tables that read it.
#[derive(Clone)]
pub struct Bytes {
    map: Arc<memmap2::Mmap>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.map[self.range.clone()]
    }
}

/// A map of keys in the index file.
pub type KeyMap = fst::Map<Bytes>;

/// An index's title keys, with the first words of the multi-word ones.
#[derive(Clone)]
pub struct TitleKeys {
    keys: KeyMap,
    heads: Arc<Heads>,
}

impl TitleKeys {
    /// Is this a title or alias key of the index?
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// Could a multi-word title start with this word?
    fn may_start(&self, word: &str) -> bool {
        let b = word.as_bytes();
        if word.is_ascii() && b.len() <= 32 {
            // One bit test rejects most words before any copy or hash.
            let first = [
                b[0].to_ascii_lowercase(),
                b.get(1).map_or(0, u8::to_ascii_lowercase),
            ];
            if !self.heads.has_pair(&first) {
                return false;
            }
            let mut buf = [0u8; 32];
            for (d, c) in buf.iter_mut().zip(b) {
                *d = c.to_ascii_lowercase();
            }
            return self.heads.contains(&buf[..b.len()]);
        }
        self.heads.contains(alias_key(word).as_bytes())
    }
}

/// The first words of an index's multi-word titles, with a bit per pair of first bytes
/// (most words are rejected by one bit test, without hashing).
#[derive(Default)]
pub struct Heads {
    words: rustc_hash::FxHashSet<Box<[u8]>>,
    pairs: Vec<u64>,
}

impl Heads {
    fn pair(w: &[u8]) -> usize {
        usize::from(w.first().copied().unwrap_or(0)) << 8
            | usize::from(w.get(1).copied().unwrap_or(0))
    }

    fn insert(&mut self, w: &[u8]) {
        if self.pairs.is_empty() {
            self.pairs = vec![0; 1024];
        }
        let p = Heads::pair(w);
        self.pairs[p / 64] |= 1 << (p % 64);
        self.words.insert(w.into());
    }

    /// Might a head start with these two bytes (the second 0 for a one-byte word)?
    fn has_pair(&self, w: &[u8]) -> bool {
        let p = Heads::pair(w);
        self.pairs
            .get(p / 64)
            .is_some_and(|bits| bits & (1 << (p % 64)) != 0)
    }

    fn contains(&self, w: &[u8]) -> bool {
        self.has_pair(w) && self.words.contains(w)
    }
}

/// Title spans of `prose[range]` that a world index names: runs of two to eight words
/// whose [`alias_key`] is a title or alias of an index office ("Fisheries Minister"). Single
/// words are left to the loaded KB and the generic lexicon: at world scale too many offices
/// have a one-word alias that is also a common noun. Words are runs of letters and digits,
/// joined only by spaces, periods, hyphens or apostrophes (what [`alias_key`] turns into
/// spaces). The longest match at each word wins; matches do not overlap.
pub fn title_spans(maps: &[TitleKeys], prose: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let text = &prose[range.clone()];
    let b = text.as_bytes();
    // (start, end, joined to the previous word) of each word, offsets into `text`.
    let mut words: Vec<(usize, usize, bool)> = Vec::with_capacity(b.len() / 5);
    let mut gap_ok = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || (c >= 0x80 && char_at(text, i).is_alphanumeric()) {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || (b[i] >= 0x80 && char_at(text, i).is_alphanumeric()))
            {
                i += if b[i] < 0x80 {
                    1
                } else {
                    char_at(text, i).len_utf8()
                };
            }
            words.push((s, i, gap_ok && !words.is_empty()));
            gap_ok = true;
            continue;
        }
        let ch = char_at(text, i);
        if !(ch.is_whitespace() || matches!(ch, '.' | '-' | '\'' | '’')) {
            gap_ok = false;
        }
        i += ch.len_utf8();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut best = None;
        let (s0, e0, _) = words[i];
        for map in maps.iter().filter(|m| m.may_start(&text[s0..e0])) {
            let fst = map.keys.as_fst();
            let mut node = fst.root();
            for (j, &(s, e, joined)) in words.iter().enumerate().skip(i).take(8) {
                if j > i {
                    if !joined {
                        break;
                    }
                    match step(fst, node, b' ') {
                        Some(n) => node = n,
                        None => break,
                    }
                }
                match walk_word(fst, node, &text[s..e]) {
                    Some(n) => node = n,
                    None => break,
                }
                if j > i && node.is_final() && best.is_none_or(|b| j > b) {
                    best = Some(j);
                }
            }
        }
        match best {
            Some(j) => {
                out.push(range.start + words[i].0..range.start + words[j].1);
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// One transition of the `fst`, if there is one for this byte.
fn step<'f>(
    fst: &'f fst::raw::Fst<Bytes>,
    node: fst::raw::Node<'f>,
    b: u8,
) -> Option<fst::raw::Node<'f>> {
    node.find_input(b)
        .map(|t| fst.node(node.transition(t).addr))
}

/// The node after a word's [`alias_key`]: for an ASCII word other than the few that
/// `alias_key` respells, its lower-cased bytes (no allocation); else the key itself.
fn walk_word<'f>(
    fst: &'f fst::raw::Fst<Bytes>,
    mut node: fst::raw::Node<'f>,
    word: &str,
) -> Option<fst::raw::Node<'f>> {
    if word.is_ascii()
        && !RESPELLINGS
            .iter()
            .any(|(r, _)| word.eq_ignore_ascii_case(r))
    {
        for c in word.bytes() {
            node = step(fst, node, c.to_ascii_lowercase())?;
        }
        return Some(node);
    }
    for c in alias_key(word).bytes() {
        node = step(fst, node, c)?;
    }
    Some(node)
}

/// A loaded (mapped) world index.
pub struct WorldIndex {
    pub path: PathBuf,
    pub header: Header,
    names: fst::Map<Bytes>,
    surnames: fst::Map<Bytes>,
    aliases: fst::Map<Bytes>,
    alias_country: fst::Map<Bytes>,
    /// The first words of its multi-word titles (read into memory at open: a few thousand).
    title_heads: Arc<Heads>,
    postings: Bytes,
    person_offsets: Bytes,
    persons: Bytes,
    office_offsets: Bytes,
    offices: Bytes,
}

impl std::fmt::Debug for WorldIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorldIndex")
            .field("path", &self.path)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

/// Is this file a world index (by its first bytes)?
pub fn is_index(path: &Path) -> bool {
    let mut magic = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok_and(|()| &magic == MAGIC)
}

impl WorldIndex {
    /// Maps the file and checks its header. The file must not be changed in place while
    /// it is mapped (`kb index` replaces it by renaming, which is safe).
    pub fn open(path: &Path) -> Result<WorldIndex, KbError> {
        let err = |message: String| KbError {
            file: path.display().to_string(),
            message,
        };
        let file = std::fs::File::open(path).map_err(|e| err(format!("cannot read: {e}")))?;
        // SAFETY: the map is read-only; `kb index` never writes an index in place (it
        // renames a finished file over it), and a truncated or corrupt file is caught by
        // the bounds checks below, not trusted.
        let map =
            unsafe { memmap2::Mmap::map(&file) }.map_err(|e| err(format!("cannot map: {e}")))?;
        let map = Arc::new(map);
        if map.len() < 16 || &map[..8] != MAGIC {
            return Err(err(
                "not a copydesk world index (run `copydesk kb index`)".into()
            ));
        }
        let word = |at: usize| u32::from_le_bytes([map[at], map[at + 1], map[at + 2], map[at + 3]]);
        let version = word(8);
        if version != VERSION {
            return Err(err(format!(
                "index format {version}, this copydesk reads format {VERSION}: rebuild it with `copydesk kb index`"
            )));
        }
        let len = word(12) as usize;
        let header: Header = map
            .get(16..16 + len)
            .ok_or_else(|| err("truncated header".into()))
            .and_then(|h| {
                serde_json::from_slice(h.trim_ascii_end())
                    .map_err(|e| err(format!("bad header: {e}")))
            })?;
        let section = |name: &str| -> Result<Bytes, KbError> {
            let &(at, n) = header
                .sections
                .get(name)
                .ok_or_else(|| err(format!("no `{name}` section")))?;
            let (at, n) = (at as usize, n as usize);
            if at.checked_add(n).is_none_or(|end| end > map.len()) {
                return Err(err(format!(
                    "section `{name}` runs past the end of the file"
                )));
            }
            Ok(Bytes {
                map: map.clone(),
                range: at..at + n,
            })
        };
        let fst_map = |name: &str| -> Result<fst::Map<Bytes>, KbError> {
            fst::Map::new(section(name)?).map_err(|e| err(format!("section `{name}`: {e}")))
        };
        let heads = fst::Set::new(section("title_heads")?)
            .map_err(|e| err(format!("section `title_heads`: {e}")))?;
        let mut title_heads = Heads::default();
        let mut stream = heads.stream();
        while let Some(k) = fst::Streamer::next(&mut stream) {
            // The spellings `alias_key` respells to this head ("defence" for "defense").
            for (written, key) in RESPELLINGS {
                if k == key.as_bytes() {
                    title_heads.insert(written.as_bytes());
                }
            }
            title_heads.insert(k);
        }
        let ix = WorldIndex {
            title_heads: Arc::new(title_heads),
            path: path.to_path_buf(),
            names: fst_map("names")?,
            surnames: fst_map("surnames")?,
            aliases: fst_map("aliases")?,
            alias_country: fst_map("alias_country")?,
            postings: section("postings")?,
            person_offsets: section("person_offsets")?,
            persons: section("persons")?,
            office_offsets: section("office_offsets")?,
            offices: section("offices")?,
            header,
        };
        if ix.person_offsets.as_ref().len() != (ix.header.persons as usize + 1) * 8
            || ix.office_offsets.as_ref().len() != (ix.header.offices as usize + 1) * 8
        {
            return Err(err("record tables do not match the header's counts".into()));
        }
        Ok(ix)
    }

    /// The title keys and their first words (for the extractor's [`title_spans`]).
    pub fn title_keys(&self) -> TitleKeys {
        TitleKeys {
            keys: self.aliases.clone(),
            heads: self.title_heads.clone(),
        }
    }

    /// The ids stored under `key` in `map`.
    fn ids(&self, map: &fst::Map<Bytes>, key: &str) -> &[u8] {
        let Some(at) = map.get(key) else {
            return &[];
        };
        let p = self.postings.as_ref();
        let at = at as usize * 4;
        let n = p
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        p.get(at + 4..at + 4 + n * 4).unwrap_or(&[])
    }

    /// Persons whose full name or a variant has this name's key (see [`name_key`]).
    pub fn persons_named(&self, name: &str) -> Vec<u32> {
        u32s(self.ids(&self.names, &name_key(name)))
    }

    /// Persons with this surname (transliteration-insensitive).
    pub fn persons_with_surname(&self, surname: &str) -> Vec<u32> {
        u32s(self.ids(&self.surnames, &translit_key(surname)))
    }

    /// Offices with this title or alias.
    pub fn offices_titled(&self, alias: &str) -> Vec<u32> {
        u32s(self.ids(&self.aliases, &alias_key(alias)))
    }

    /// Offices with this title or alias in one country.
    pub fn offices_titled_in(&self, alias: &str, country: &str) -> Vec<u32> {
        let key = format!("{}\u{1}{country}", alias_key(alias));
        u32s(self.ids(&self.alias_country, &key))
    }

    fn record<'a, T: Deserialize<'a>>(
        &'a self,
        offsets: &Bytes,
        blob: &'a Bytes,
        i: u32,
    ) -> Result<T, String> {
        let o = offsets.as_ref();
        let at = i as usize * 8;
        let word = |at: usize| {
            o.get(at..at + 8).map(|b| {
                let mut w = [0u8; 8];
                w.copy_from_slice(b);
                u64::from_le_bytes(w) as usize
            })
        };
        let (Some(start), Some(end)) = (word(at), word(at + 8)) else {
            return Err(format!("record {i} out of range"));
        };
        let bytes = blob
            .as_ref()
            .get(start..end)
            .ok_or_else(|| format!("record {i} runs past its table"))?;
        serde_json::from_slice(bytes).map_err(|e| format!("record {i}: {e}"))
    }

    /// Person `i` and the offices it held.
    pub fn person(&self, i: u32) -> Result<(Person, Vec<u32>), String> {
        let r: PersonRec = self.record(&self.person_offsets, &self.persons, i)?;
        Ok((
            Person {
                name: r.n,
                variants: r.v,
                surnames: r.s,
            },
            r.o,
        ))
    }

    /// Office `i`, its terms' `person` being index ids.
    pub fn office(&self, i: u32) -> Result<Office, String> {
        let r: OfficeRec = self.record(&self.office_offsets, &self.offices, i)?;
        Ok(Office {
            id: r.id,
            country: r.c,
            title: r.t,
            aliases: r.a,
            single: r.s,
            rank: r.r,
            terms: r
                .h
                .into_iter()
                .map(|h| Term {
                    person: h.p as usize,
                    start: h.b,
                    end: h.e,
                    acting: h.a,
                    source: h.src,
                    note: h.n,
                })
                .collect(),
            origin: r.origin,
            as_of: r.as_of,
        })
    }

    /// The records a draft reaches (see the module doc): its names (as written, full or
    /// one word), its title words, and the country codes its qualifiers name. Returns the
    /// persons a name reaches with their offices, the persons a name reaches without them
    /// (namesakes by surname that the name cannot be: they make a bare surname ambiguous
    /// and are spelling candidates, nothing more), and the offices.
    pub fn reach(
        &self,
        names: &[&str],
        titles: &[&str],
        countries: &[&str],
    ) -> Result<Reach, String> {
        let mut r = Reach::default();
        for n in names {
            r.persons
                .extend(self.persons_named(n).into_iter().take(CROWD));
            let words: Vec<&str> = n.split_whitespace().collect();
            let Some(last) = words.last() else { continue };
            let namesakes = self.persons_with_surname(last);
            let initial = (words.len() > 1)
                .then(|| words[0].chars().next())
                .flatten()
                .map(|c| c.to_lowercase().to_string());
            for p in namesakes.iter().copied().take(CROWD) {
                // The bare surname of the only such person, or the same surname and
                // initial ("Mike Flynn" for "Michael Flynn"): the name may be theirs.
                let may_be = match &initial {
                    None => namesakes.len() == 1,
                    Some(i) => self
                        .person(p)?
                        .0
                        .name
                        .chars()
                        .next()
                        .is_some_and(|c| &c.to_lowercase().to_string() == i),
                };
                if may_be {
                    r.persons.insert(p);
                } else {
                    r.namesakes.insert(p);
                }
            }
        }
        for &p in &r.persons {
            r.offices.extend(self.person(p)?.1);
        }
        // The story's countries (its qualifiers and the countries of the offices its people
        // held) matter only for a crowded title: decoded on the first one.
        let held = r.offices.clone();
        let mut story_countries: Option<BTreeSet<String>> = None;
        for t in titles {
            let all = self.offices_titled(t);
            if all.len() <= CROWD {
                r.offices.extend(all);
                continue;
            }
            if story_countries.is_none() {
                let mut set: BTreeSet<String> =
                    countries.iter().map(|c| (*c).to_string()).collect();
                for &o in &held {
                    set.insert(self.office(o)?.country);
                }
                story_countries = Some(set);
            }
            for c in story_countries.iter().flatten() {
                r.offices.extend(self.offices_titled_in(t, c));
            }
        }
        r.namesakes.retain(|p| !r.persons.contains(p));
        Ok(r)
    }

    /// `kb` with the records a draft reaches added ([`Kb::with_records`]).
    pub fn story_kb(
        &self,
        kb: &Kb,
        names: &[&str],
        titles: &[&str],
        countries: &[&str],
    ) -> Result<Kb, String> {
        self.story_from(kb, &self.reach(names, titles, countries)?)
    }

    /// `kb` with these records added ([`Kb::with_records`]).
    pub fn story_from(&self, kb: &Kb, r: &Reach) -> Result<Kb, String> {
        if r.persons.is_empty() && r.namesakes.is_empty() && r.offices.is_empty() {
            return Ok(kb.clone());
        }
        let mut local: BTreeMap<u32, usize> = BTreeMap::new();
        let mut person_recs = Vec::new();
        let mut office_recs = Vec::with_capacity(r.offices.len());
        let mut add_person = |p: u32, recs: &mut Vec<Person>| -> Result<usize, String> {
            if let Some(&l) = local.get(&p) {
                return Ok(l);
            }
            let l = recs.len();
            recs.push(self.person(p)?.0);
            local.insert(p, l);
            Ok(l)
        };
        for &p in r.persons.iter().chain(&r.namesakes) {
            add_person(p, &mut person_recs)?;
        }
        let named = person_recs.len();
        for &o in &r.offices {
            let mut office = self.office(o)?;
            for t in &mut office.terms {
                let p = u32::try_from(t.person).map_err(|e| e.to_string())?;
                t.person = add_person(p, &mut person_recs)?;
            }
            office_recs.push(office);
        }
        Ok(kb.with_records(person_recs, named, office_recs))
    }
}

/// What a draft reaches in a world index (record ids).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reach {
    pub persons: BTreeSet<u32>,
    pub namesakes: BTreeSet<u32>,
    pub offices: BTreeSet<u32>,
}

fn u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(toml: &str) -> (tempfile::TempDir, WorldIndex) {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = dir.path().join("w.toml");
        std::fs::write(&src, toml).expect("write");
        let kb = Kb::load_files(&[src.as_path()]).expect("loads");
        let out = dir.path().join("w.kbi");
        write(&kb, &["w.toml".to_string()], &out).expect("index");
        let ix = WorldIndex::open(&out).expect("opens");
        (dir, ix)
    }

    const W: &str = r#"
[[person]]
name = "Ana Sample"
[[person]]
name = "Bo Sample"
[[office]]
id = "xx.fish"
country = "NO"
title = "Minister of Fisheries and Coastal Affairs"
aliases = ["Fisheries Minister", "Minister"]
holders = [{ name = "Ana Sample", start = "2024-02-01", source = "https://regjeringen.no/b" }]
"#;

    #[test]
    fn multi_word_titles_are_read_longest_first_and_only_across_word_gaps() {
        let (_d, ix) = index(W);
        let maps = [ix.title_keys()];
        let text = "The Fisheries Minister, Minister of Fisheries and Coastal Affairs Ana Sample; \
                    Fisheries, Minister; the Minister.";
        let spans: Vec<&str> = title_spans(&maps, text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        // "Fisheries, Minister" is not joined across a comma; "Minister" alone is a
        // one-word title, left to the loaded KB and the lexicon.
        assert_eq!(
            spans,
            [
                "Fisheries Minister",
                "Minister of Fisheries and Coastal Affairs"
            ]
        );
    }

    #[test]
    fn a_name_reaches_its_person_with_offices_and_namesakes_without() {
        let (_d, ix) = index(W);
        let r = ix.reach(&["Ana Sample"], &[], &[]).expect("reach");
        assert_eq!(
            (r.persons.len(), r.namesakes.len(), r.offices.len()),
            (1, 1, 1)
        );
        let kb = ix
            .story_kb(&Kb::default(), &["Sample"], &[], &[])
            .expect("story");
        // A bare surname of two persons: both known, neither with an office.
        assert_eq!(kb.persons_with_surname("Sample").len(), 2);
        assert_eq!(kb.offices.len(), 0);
        let kb = ix
            .story_kb(&Kb::default(), &[], &["Fisheries Minister"], &[])
            .expect("story");
        assert_eq!(kb.offices_titled("fisheries minister").len(), 1);
        // The holder is known by the office, not by name lookups.
        assert!(kb.persons_named("Ana Sample").is_empty());
        assert_eq!(kb.persons[kb.offices[0].terms[0].person].name, "Ana Sample");
    }
}
