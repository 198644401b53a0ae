//! The rule ids, in registry order: a leaf list that configuration validates against
//! without depending on the rules themselves. `rules::all()` follows it (tested there).

pub const MISATTRIBUTED_TITLE: &str = "misattributed-title";
pub const INCONSISTENT_SPELLING: &str = "inconsistent-spelling";
pub const OFF_TOPIC_PARAGRAPH: &str = "off-topic-paragraph";

/// Every rule id, in the order of `rules::all()`.
pub const ALL: &[&str] = &[
    MISATTRIBUTED_TITLE,
    INCONSISTENT_SPELLING,
    OFF_TOPIC_PARAGRAPH,
];
