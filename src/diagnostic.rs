//! Findings as the engine reports them: byte ranges into the draft, no front-end types.

use std::ops::Range;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One text replacement: `range` (bytes of the draft) becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// What sort of change a fix makes; front ends decide from it what to offer (fix-all
/// applies the safe kinds; the server adds "record as house style" to house-style fixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// Safe to apply without a human choosing.
    Safe,
    /// Safe, and a spelling choice that can be recorded as house style.
    HouseStyle,
    /// A replacement that changes a claim: a human must choose.
    Unsafe,
    /// Deletes a paragraph: a human must choose.
    DeleteParagraph,
}

impl FixKind {
    /// Safe to apply without a human choosing (used by fix-all).
    pub fn is_safe(self) -> bool {
        matches!(self, FixKind::Safe | FixKind::HouseStyle)
    }
}

/// A quick fix: a titled set of non-overlapping edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub kind: FixKind,
}

impl Fix {
    /// One edit: `range` becomes `new_text`.
    pub fn replace(
        kind: FixKind,
        title: impl Into<String>,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                new_text: new_text.into(),
            }],
            kind,
        }
    }

    /// One edit: `range` is deleted.
    pub fn delete(kind: FixKind, title: impl Into<String>, range: Range<usize>) -> Fix {
        Fix::replace(kind, title, range, String::new())
    }

    /// Safe to apply without a human choosing (used by fix-all).
    pub fn is_safe(&self) -> bool {
        self.kind.is_safe()
    }
}

/// The edits of every safe fix, skipping any that would overlap an earlier one (fix-all,
/// for `copydesk fix` and the server's source.fixAll action).
pub fn safe_edits(diagnostics: &[Diagnostic]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for d in diagnostics {
        for f in d.fixes.iter().filter(|f| f.is_safe()) {
            let clash = f.edits.iter().any(|e| {
                edits
                    .iter()
                    .any(|x| e.range.start < x.range.end && x.range.start < e.range.end)
            });
            if !clash {
                edits.extend(f.edits.iter().cloned());
            }
        }
    }
    edits
}

/// Where the contradicting fact comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A knowledge-base record: office id, holder, term, source URL.
    Kb {
        office: String,
        note: String,
        source: String,
    },
    /// A line of a source article (1-based line).
    Source {
        file: String,
        line: usize,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub evidence: Vec<Evidence>,
    /// The other places of the same finding in the draft (one person's misspellings): each
    /// place is still a diagnostic of its own, with its own fix, and names the others here.
    pub related: Vec<Range<usize>>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            range,
            message: message.into(),
            fixes: Vec::new(),
            evidence: Vec::new(),
            related: Vec::new(),
        }
    }
}

/// Apply edits to a text. Edits must not overlap; they are applied from the end.
/// Returns `None` if any edit is out of bounds, off a char boundary, or overlaps another.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    for w in sorted.windows(2) {
        if w[0].range.end > w[1].range.start {
            return None;
        }
    }
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        if e.range.end > out.len()
            || !out.is_char_boundary(e.range.start)
            || !out.is_char_boundary(e.range.end)
        {
            return None;
        }
        out.replace_range(e.range.clone(), &e.new_text);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_from_the_end_and_reject_overlaps() {
        let e = vec![
            Edit {
                range: 0..1,
                new_text: "X".into(),
            },
            Edit {
                range: 4..5,
                new_text: "YY".into(),
            },
        ];
        assert_eq!(apply_edits("abcde", &e).as_deref(), Some("XbcdYY"));
        let bad = vec![
            Edit {
                range: 0..3,
                new_text: "".into(),
            },
            Edit {
                range: 2..4,
                new_text: "".into(),
            },
        ];
        assert_eq!(apply_edits("abcde", &bad), None);
        assert_eq!(
            apply_edits(
                "é",
                &[Edit {
                    range: 1..2,
                    new_text: "".into()
                }]
            ),
            None
        );
    }
}
