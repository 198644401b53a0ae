//! The rule ids, in registry order: a leaf list that configuration validates against
//! without depending on the rules themselves. `rules::all()` follows it (tested there).

pub const MISATTRIBUTED_TITLE: &str = "misattributed-title";
pub const INCONSISTENT_SPELLING: &str = "inconsistent-spelling";
pub const OFF_TOPIC_PARAGRAPH: &str = "off-topic-paragraph";
pub const QUOTE_MISMATCH: &str = "quote-mismatch";
pub const NUMBER_MISMATCH: &str = "number-mismatch";
pub const DATE_MISMATCH: &str = "date-mismatch";
pub const SCRAPE_RESIDUE: &str = "scrape-residue";

/// Every rule id, in the order of `rules::all()`.
pub const ALL: &[&str] = &[
    MISATTRIBUTED_TITLE,
    INCONSISTENT_SPELLING,
    OFF_TOPIC_PARAGRAPH,
    QUOTE_MISMATCH,
    NUMBER_MISMATCH,
    DATE_MISMATCH,
    SCRAPE_RESIDUE,
];
