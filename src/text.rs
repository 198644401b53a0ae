//! Text utilities shared by the extractors and rules: word tokens with byte offsets,
//! case/diacritic folding, the transliteration key used to decide that two spellings
//! may name the same person, and the background English word rarity table.

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// A word token: a byte range into the text it was cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.range.clone()]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Word tokens of `text[range]`, with offsets relative to `text`: dotted abbreviations
/// (U.S., U.K.), and words with inner apostrophes and hyphens between letters
/// (Sheikh-Mohammed, O'Brien, Zelenskyy's).
pub fn tokens_in(text: &str, range: Range<usize>) -> Vec<Token> {
    let s = &text[range.clone()];
    let base = range.start;
    let mut out = Vec::with_capacity(s.len() / 5);
    let mut it = s.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if !is_word_char(c) {
            it.next();
            continue;
        }
        // Dotted abbreviation: two or more "X." pairs of an upper-case letter and a period.
        let rest = &s[i..];
        let mut j = 0;
        let mut pairs = 0;
        loop {
            let mut cs = rest[j..].chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some('.')) if a.is_uppercase() => {
                    j += a.len_utf8() + 1;
                    pairs += 1;
                }
                _ => break,
            }
        }
        if pairs >= 2 {
            out.push(Token {
                range: base + i..base + i + j,
            });
            while it.peek().is_some_and(|&(k, _)| k < i + j) {
                it.next();
            }
            continue;
        }
        // A word: runs of word characters joined by single ' ’ or -.
        let mut end = i;
        loop {
            while let Some(&(k, ch)) = it.peek() {
                if is_word_char(ch) {
                    end = k + ch.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            match it.peek() {
                Some(&(k, '\'' | '’' | '-')) => {
                    let after = s[k..].chars().nth(1);
                    if after.is_some_and(is_word_char) {
                        it.next();
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        out.push(Token {
            range: base + i..base + end,
        });
    }
    out
}

/// `f` of the word lower-cased (as [`str::to_lowercase`] gives it), without allocating
/// for a short ASCII word.
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 24];
    if w.is_ascii() && w.len() <= buf.len() {
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(b) {
            return f(lower);
        }
    }
    f(&w.to_lowercase())
}

/// Strip a trailing possessive (`'s`, `’s`, or a bare `'`/`’` after s) from a word.
/// Returns the stem and whether a possessive was removed.
pub fn strip_possessive(word: &str) -> (&str, bool) {
    for suf in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suf)
            && !stem.is_empty()
        {
            return (stem, true);
        }
    }
    (word, false)
}

/// Lower-case with diacritics removed ("Erdoğan" -> "erdogan", "François" -> "francois").
/// Letters whose mark is part of the letter, which Unicode does not decompose, lose it
/// too, one letter for one ("Rafał" -> "rafal", "Søren" -> "soren", "Đoković" ->
/// "dokovic"; the two-letter "dj" is not attempted).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // NFD, mark removal and lower-casing reduce to ASCII lower-casing here.
        return s.to_ascii_lowercase();
    }
    // ASCII with curly apostrophes ("didn’t", "Zelenskyy’s"): the same, '’' made '\''.
    if s.chars().all(|c| c.is_ascii() || c == '’') {
        return s
            .chars()
            .map(|c| {
                if c == '’' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' => '\'',
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            'ı' => 'i',
            'ħ' => 'h',
            'ŧ' => 't',
            c => c,
        })
        .collect()
}

/// A per-thread memo of a function of one word (drafts repeat their words and every
/// keystroke re-reads the whole draft), cleared when it holds more than `cap` words.
/// Use it from a `thread_local!`.
pub struct Memo<V> {
    map: std::cell::RefCell<rustc_hash::FxHashMap<String, V>>,
    cap: usize,
}

impl<V: Clone> Memo<V> {
    pub fn new(cap: usize) -> Memo<V> {
        Memo {
            map: Default::default(),
            cap,
        }
    }

    /// The value for `key`, computed by `f` the first time.
    pub fn get_or(&self, key: &str, f: impl FnOnce(&str) -> V) -> V {
        let hit = self.map.borrow().get(key).cloned();
        if let Some(v) = hit {
            return v;
        }
        let v = f(key);
        let mut map = self.map.borrow_mut();
        if map.len() > self.cap {
            map.clear();
        }
        map.insert(key.to_string(), v.clone());
        v
    }
}

/// Transliteration key: two spellings with equal keys are plausibly the same name written
/// in different romanisations (Zelensky / Zelenskyy / Zelenskiy, Sergei / Sergey,
/// Yuri / Yury, Erdoğan / Erdogan). Deliberately conservative: a vowel change that marks a
/// different word (Zelenska vs Zelensky) keeps the keys apart.
pub fn translit_key(s: &str) -> String {
    thread_local! {
        static MEMO: Memo<String> = Memo::new(100_000);
    }
    MEMO.with(|m| m.get_or(s, translit_key_uncached))
}

/// [`translit_key`] without the per-thread cache, for one-off keys (building the KB index,
/// where almost every key is new and caching would only add work).
pub fn translit_key_uncached(s: &str) -> String {
    if s.is_ascii() {
        translit_chars(s.chars().map(|c| c.to_ascii_lowercase()), s.len())
    } else {
        let f = fold(s);
        translit_chars(f.chars(), f.len())
    }
}

/// The transliteration rules over already folded (lower-case, unaccented) characters.
fn translit_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    // Doubled letters collapse as they are written (Zelenskyy -> zelensky, Gaddafi -> gadafy).
    let push = |out: &mut String, m: &str| {
        for c in m.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
    };
    let mut chars = chars.filter(|c| c.is_alphanumeric()).peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let mapped: &str = match (c, next) {
            ('k', Some('h')) => {
                chars.next();
                "h"
            }
            ('k', Some('s')) => {
                chars.next();
                "x"
            }
            ('t', Some('z')) => {
                chars.next();
                "ts"
            }
            ('i' | 'j', _) => "y",
            ('w', _) => "v",
            ('q', _) => "k",
            ('c', Some('k')) => "",
            _ => {
                let mut b = [0u8; 4];
                push(&mut out, c.encode_utf8(&mut b));
                continue;
            }
        };
        push(&mut out, mapped);
    }
    out
}

/// Key for a whole name: translit keys of its words joined by single spaces, periods dropped.
pub fn name_key(name: &str) -> String {
    join_word_keys(name, translit_key)
}

/// [`name_key`] without the per-thread cache, for one-off keys.
pub fn name_key_uncached(name: &str) -> String {
    join_word_keys(name, translit_key_uncached)
}

fn join_word_keys(name: &str, key: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        // Periods go with every other non-alphanumeric character.
        let k = key(w);
        if !k.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&k);
        }
    }
    out
}

/// Is the word an initial without its period (a single upper-case letter: the "S" of
/// "S. Jaishankar")?
pub fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
}

/// Is the word capitalised (first letter upper-case)?
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A headline in Title Case: most words of four letters or more are capitalised, and
/// every lower-case word is a minor word Title Case leaves small (articles, conjunctions,
/// prepositions, name particles). A sentence dense with names and titles ("Ukrainian
/// President Volodymyr Zelensky met Russian President Vladimir Putin on Tuesday.") has
/// lower-case verbs and other words and is prose, not a headline.
pub fn is_title_case(s: &str) -> bool {
    // Prose fails on its first lower-case verb or noun: test that before counting.
    if s.split_whitespace().any(lower_major_word) {
        return false;
    }
    let (mut long, mut capitalised) = (0, 0);
    for w in s.split_whitespace() {
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            long += 1;
            capitalised += usize::from(is_capitalised(w));
        }
    }
    long >= 3 && capitalised * 10 >= long * 8
}

/// A lower-case word that Title Case would capitalise (a verb, noun, adjective …).
fn lower_major_word(w: &str) -> bool {
    const MINOR: &[&str] = &[
        "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in",
        "of", "off", "on", "per", "to", "up", "via", "vs", "v", "from", "into", "with", "over",
        "amid", "after", "about", "than", "onto", "upon", "out", "de", "da", "del", "der", "van",
        "von", "bin", "bint", "ibn", "al", "el", "le", "la", "di", "du", "dos", "das",
    ];
    let core = w.trim_matches(|c: char| !c.is_alphanumeric());
    // Hyphen joins are judged by their first part ("al-Thani", "Trump-led").
    let last = core.split('-').next().unwrap_or(core);
    if !last.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let lower = last.to_lowercase();
    !MINOR.contains(&lower.as_str())
}

/// Month and weekday names (capitalised, but not topic-bearing proper nouns).
pub fn is_calendar_word(word_lower: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        (crate::wordlists::months().iter())
            .chain(crate::wordlists::weekdays())
            .copied()
            .collect()
    })
    .contains(word_lower)
}

/// Background English word frequency (Zipf scale, 0..8; 0 for words outside the table).
pub fn zipf(word_lower: &str) -> f32 {
    static TABLE: OnceLock<rustc_hash::FxHashMap<&'static str, f32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("../data/english_zipf.tsv")
            .lines()
            .filter_map(|l| {
                let (w, z) = l.split_once('\t')?;
                Some((w, z.parse().ok()?))
            })
            .collect()
    });
    table.get(word_lower).copied().unwrap_or(0.0)
}

/// Common English function words that never carry topic or name information.
pub fn is_stopword(word_lower: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        let words = crate::wordlists::stopwords().iter();
        words.chain(crate::wordlists::weekdays()).copied().collect()
    })
    .contains(word_lower)
}

/// A near spelling of one name word (a slip, not another name): same first letter, four
/// letters or more, at most two edits, no plural.
pub fn near_spelling(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    let n = fa.chars().count().min(fb.chars().count());
    let plural =
        fa.strip_suffix('s') == Some(fb.as_str()) || fb.strip_suffix('s') == Some(fa.as_str());
    fa != fb
        && !plural
        && n >= 4
        && fa.chars().next() == fb.chars().next()
        && strsim::levenshtein(&fa, &fb) <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_lowercase_matches_to_lowercase() {
        for w in [
            "Said",
            "SAID",
            "x",
            "",
            "Ünal",
            "İstanbul",
            "ǅemal",
            "averyveryverylongwordindeedyes",
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn title_case_headlines_and_name_dense_sentences() {
        assert!(is_title_case("Nicusor Dan Wins Romanian Presidency"));
        assert!(is_title_case(
            "Trump Urges Zelensky to Accept a Deal in the War"
        ));
        assert!(is_title_case(
            "Sheikh Tamim bin Hamad al-Thani Meets Trump-led Delegation"
        ));
        // Every long word is capitalised, but "met" is a lower-case verb: prose.
        assert!(!is_title_case(
            "Ukrainian President Volodymyr Zelensky met Russian President Vladimir Putin on Tuesday."
        ));
        assert!(!is_title_case(
            "Volodymyr Zelensky met Vladimir Putin on Tuesday."
        ));
    }

    #[test]
    fn fold_drops_marks_inside_letters_one_letter_for_one() {
        assert_eq!(fold("Rafał Trzaskowski"), "rafal trzaskowski");
        // The fast paths give what the full one gives.
        assert_eq!(fold("Didn’t ZELENSKYY’s"), "didn't zelenskyy's");
        assert_eq!(fold("Didn’t Gonçalves’"), "didn't goncalves'");
        assert_eq!(
            fold("Søren Łukasz Đoković Işıl"),
            "soren lukasz dokovic isil"
        );
        assert_eq!(fold("Erdoğan’s"), "erdogan's");
    }

    #[test]
    fn translit_merges_romanisations_but_not_other_words() {
        assert_eq!(translit_key("Zelensky"), translit_key("Zelenskyy"));
        assert_eq!(translit_key("Zelensky"), translit_key("Zelenskiy"));
        assert_eq!(translit_key("Zelenskyi"), translit_key("Zelenskyy"));
        assert_eq!(translit_key("Sergei"), translit_key("Sergey"));
        assert_eq!(translit_key("Yuri"), translit_key("Yury"));
        assert_eq!(translit_key("Erdoğan"), translit_key("Erdogan"));
        assert_eq!(translit_key("Rafał"), translit_key("Rafal"));
        assert_ne!(translit_key("Zelenska"), translit_key("Zelensky"));
        assert_ne!(translit_key("Olena"), translit_key("Volodymyr"));
    }

    #[test]
    fn tokens_keep_byte_offsets_across_multibyte_text() {
        let s = "“Zelenskyy’s” U.S. envoy — Erdoğan";
        let toks: Vec<&str> = tokens_in(s, 0..s.len()).iter().map(|t| t.text(s)).collect();
        assert_eq!(toks, vec!["Zelenskyy’s", "U.S.", "envoy", "Erdoğan"]);
    }

    #[test]
    fn possessives_strip() {
        assert_eq!(strip_possessive("Zelensky’s"), ("Zelensky", true));
        assert_eq!(strip_possessive("Rutte"), ("Rutte", false));
    }

    #[test]
    fn zipf_table_loads() {
        assert!(zipf("the") > 7.0);
        assert!(zipf("symposium") > 2.0 && zipf("symposium") < 5.0);
        assert_eq!(zipf("zzzzqx"), 0.0);
    }
}
