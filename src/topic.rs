//! Topic terms: the content words of a text span, stemmed, for comparing a paragraph with
//! the rest of the story (the `off-topic-paragraph` rule and the source vocabulary).

use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::{fold, is_calendar_word, is_stopword, strip_possessive, tokens_in, zipf};

#[derive(Debug, Clone)]
pub struct Term {
    pub stem: String,
    pub range: Range<usize>,
    /// Capitalised and not the first word of a sentence: likely a proper noun.
    pub proper: bool,
    /// Background rarity weight: rare words weigh more than common ones.
    pub weight: f32,
}

#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub terms: Vec<Term>,
    /// All word tokens, content or not.
    pub words: usize,
}

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Stem of a single word (folded, possessive removed).
pub fn stem(word: &str) -> String {
    let (w, _) = strip_possessive(word);
    stemmer().stem(&fold(w)).into_owned()
}

/// (folded form, stem, rarity) of a word.
type WordInfo = (String, String, f32);

/// [`WordInfo`] of a word, memoised per thread: drafts repeat their words and every
/// keystroke re-reads the whole draft.
fn word_info(word: &str) -> std::rc::Rc<WordInfo> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Rc<WordInfo>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(v) = c.borrow().get(word) {
            return v.clone();
        }
        let lower = fold(word);
        let info = Rc::new((
            lower.clone(),
            stemmer().stem(&lower).into_owned(),
            rarity(&lower),
        ));
        let mut c = c.borrow_mut();
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(word.to_string(), info.clone());
        info
    })
}

/// Rarity weight of a word from its background frequency: a word seen once per million
/// words (Zipf 3) weighs 4, a very common one (Zipf 6) weighs 1, an unknown one 6.
pub fn rarity(word_lower: &str) -> f32 {
    let z = zipf(word_lower);
    if z == 0.0 {
        6.0
    } else {
        (7.0 - z).clamp(0.5, 6.0)
    }
}

pub fn content_terms(prose: &str, range: Range<usize>) -> Terms {
    let toks = tokens_in(prose, range.clone());
    let mut out = Terms {
        terms: Vec::with_capacity(toks.len()),
        words: toks.len(),
    };
    let mut prev_end = range.start;
    for t in &toks {
        let w = t.text(prose);
        let gap = &prose[prev_end..t.range.start];
        let sentence_start =
            prev_end == range.start || gap.contains(['.', '!', '?', ':', '“', '"', '—']);
        prev_end = t.range.end;
        // Hyphenated compounds count as their parts ("Putin-Zelenskyy", "Gaza-like").
        let mut offset = t.range.start;
        for part in w.split('-') {
            let r = offset..offset + part.len();
            offset += part.len() + 1;
            let (stem_src, _) = strip_possessive(part);
            let info = word_info(stem_src);
            let (lower, stem, weight) = (&info.0, &info.1, info.2);
            if lower.len() < 2 || lower.chars().all(|c| c.is_numeric()) || is_stopword(lower) {
                continue;
            }
            let capital = stem_src.chars().next().is_some_and(char::is_uppercase);
            let acronym = stem_src.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && stem_src.chars().all(|c| !c.is_lowercase());
            // At a sentence start only acronyms and rare words are taken for proper nouns.
            let proper = capital
                && !is_calendar_word(lower)
                && (!sentence_start || acronym || zipf(lower) < 3.5);
            out.terms.push(Term {
                stem: stem.clone(),
                range: r,
                proper,
                weight,
            });
        }
    }
    out
}
