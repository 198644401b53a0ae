//! Topic terms: the content words of a text span, stemmed, for comparing a paragraph with
//! the rest of the story (the `off-topic-paragraph` rule and the source vocabulary).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::{
    Memo, Token, fold, is_calendar_word, is_stopword, strip_possessive, tokens_in, zipf,
};

#[derive(Debug, Clone)]
pub struct Term {
    /// The word's folded form and stem, shared by every occurrence of the word.
    word: Arc<WordInfo>,
    pub range: Range<usize>,
    /// Capitalised and not the first word of a sentence: likely a proper noun.
    pub proper: bool,
    /// Background rarity weight: rare words weigh more than common ones.
    pub weight: f32,
}

impl Term {
    /// The stem ("negoti" of "negotiations").
    pub fn stem(&self) -> &str {
        &self.word.1
    }

    /// The word as written, possessive removed, case-folded ("zelenskyy" of "Zelenskyy’s").
    pub fn lower(&self) -> &str {
        &self.word.0
    }
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
fn word_info(word: &str) -> Arc<WordInfo> {
    thread_local! {
        static MEMO: Memo<Arc<WordInfo>> = Memo::new(200_000);
    }
    MEMO.with(|m| {
        m.get_or(word, |word| {
            let lower = fold(word);
            Arc::new((
                lower.clone(),
                stemmer().stem(&lower).into_owned(),
                rarity(&lower),
            ))
        })
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
    content_terms_of(prose, range.clone(), &tokens_in(prose, range))
}

/// [`content_terms`] of the paragraph `range` of `prose` already cut into `toks` (offsets
/// into `prose`).
pub fn content_terms_of(prose: &str, range: Range<usize>, toks: &[Token]) -> Terms {
    let mut out = Terms {
        terms: Vec::with_capacity(toks.len()),
        words: toks.len(),
    };
    let mut prev_end = range.start;
    for t in toks {
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
            let (lower, weight) = (&info.0, info.2);
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
                word: info.clone(),
                range: r,
                proper,
                weight,
            });
        }
    }
    out
}

/// Evidence weight of a common (not capitalised) content word: what its use says about the
/// topic. Everyday words ("said", "thank", "visit", Zipf ≥ 5.8) say next to nothing, rare
/// ones ("quorum", Zipf ≈ 3) a lot; a word outside the table weighs most.
pub fn content_weight(word_lower: &str) -> f32 {
    let z = zipf(word_lower);
    if z == 0.0 {
        5.0
    } else {
        (6.0 - z).clamp(0.2, 5.0)
    }
}

/// A word that is really two words glued by a lost space in scraped copy ("warduring",
/// "RaisiThe", "Damascusthe"): not in the word table, and either a capital after four or
/// more lower-case letters or a known word glued to a function word. Such words are no
/// evidence of anything.
pub fn is_glued(word: &str) -> bool {
    thread_local! {
        static MEMO: Memo<bool> = Memo::new(200_000);
    }
    MEMO.with(|m| m.get_or(word, is_glued_uncached))
}

fn is_glued_uncached(word: &str) -> bool {
    const GLUE: &[&str] = &[
        "the", "and", "during", "without", "with", "from", "that", "this", "which", "after",
        "before", "while", "where", "when", "for", "into", "but", "was", "were", "has", "have",
        "had", "his", "her", "their", "its", "neither", "said",
    ];
    let lower = fold(word);
    if zipf(&lower) > 0.0 || !lower.is_ascii() {
        return false;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut run = 0;
    for w in chars.windows(2) {
        run = if w[0].is_lowercase() { run + 1 } else { 0 };
        if run >= 3 && w[1].is_uppercase() {
            return true;
        }
    }
    GLUE.iter().any(|g| {
        // Short function words glue only to longer words ("and"+"rey" is a name).
        let min = if g.len() >= 5 { 3 } else { 4 };
        let rest_before = lower.strip_suffix(g).filter(|r| r.len() >= min);
        let rest_after = lower.strip_prefix(g).filter(|r| r.len() >= min);
        rest_before.or(rest_after).is_some_and(|r| zipf(r) >= 3.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_weigh_little_rare_ones_a_lot() {
        assert!(content_weight("said") < 0.5, "{}", content_weight("said"));
        assert!(content_weight("thank") < 1.0, "{}", content_weight("thank"));
        assert!(
            content_weight("quorum") > 2.5,
            "{}",
            content_weight("quorum")
        );
        assert_eq!(content_weight("zzzqqq"), 5.0);
    }

    #[test]
    fn glued_words_from_lost_spaces_are_recognised() {
        for w in [
            "warduring",
            "RaisiThe",
            "Damascusthe",
            "BerlinThe",
            "Thecitizen",
        ] {
            assert!(is_glued(w), "{w}");
        }
        // Real names and words stay.
        for w in [
            "Andrey",
            "McCain",
            "MacArthur",
            "Zeitoun",
            "quorum",
            "Houthis",
            "Hasina",
            "Rashad",
            "Erdoğan",
        ] {
            assert!(!is_glued(w), "{w}");
        }
    }
}
