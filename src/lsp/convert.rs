//! Conversions between engine values (byte ranges) and LSP values (positions in the
//! negotiated encoding).

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::{Diagnostic as Finding, Edit, Evidence, Severity};
use crate::document::{Document, Encoding, LineCol, char_index};

pub fn linecol(p: Position) -> LineCol {
    LineCol {
        line: p.line as usize,
        col: p.character as usize,
    }
}

fn position(doc: &Document, byte: usize, enc: Encoding) -> Position {
    let p = doc.position(byte, enc);
    Position {
        line: p.line as u32,
        character: p.col as u32,
    }
}

pub fn lsp_range(doc: &Document, r: &std::ops::Range<usize>, enc: Encoding) -> Range {
    Range {
        start: position(doc, r.start, enc),
        end: position(doc, r.end, enc),
    }
}

/// Char index in a rope of an LSP position (clamped).
pub fn rope_char(rope: &Rope, p: Position, enc: Encoding) -> usize {
    char_index(rope, linecol(p), enc)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// An engine finding as an LSP diagnostic: `source: "copydesk"`, `code` = rule id,
/// `codeDescription` = the rule's doc, `relatedInformation` = the source lines that
/// contradict the draft; knowledge-base records go in `data`.
pub fn to_lsp_diagnostic(doc: &Document, f: &Finding, enc: Encoding) -> Diagnostic {
    let mut related = Vec::new();
    let mut kb = Vec::new();
    for e in &f.evidence {
        match e {
            Evidence::Source { file, line, text } => {
                if let Some(uri) = Uri::from_file_path(file) {
                    let l = line.saturating_sub(1) as u32;
                    related.push(DiagnosticRelatedInformation {
                        location: Location {
                            uri,
                            range: Range {
                                start: Position {
                                    line: l,
                                    character: 0,
                                },
                                end: Position {
                                    line: l + 1,
                                    character: 0,
                                },
                            },
                        },
                        message: format!("source says: {text}"),
                    });
                }
            }
            Evidence::Kb {
                office,
                note,
                source,
            } => {
                kb.push(serde_json::json!({"office": office, "record": note, "source": source}));
            }
        }
    }
    Diagnostic {
        range: lsp_range(doc, &f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: crate::rules::doc_url(f.rule)
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("copydesk".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: (!kb.is_empty()).then(|| serde_json::json!({"kb": kb})),
    }
}

/// [`to_lsp_diagnostic`] with the finding's other places in the same document (`uri`) as
/// related information.
pub fn to_lsp_diagnostic_in(uri: &Uri, doc: &Document, f: &Finding, enc: Encoding) -> Diagnostic {
    let mut d = to_lsp_diagnostic(doc, f, enc);
    if f.related.is_empty() {
        return d;
    }
    let others = f.related.iter().map(|r| DiagnosticRelatedInformation {
        location: Location {
            uri: uri.clone(),
            range: lsp_range(doc, r, enc),
        },
        message: format!("same finding: '{}' here", &doc.text[r.clone()]),
    });
    d.related_information
        .get_or_insert_with(Vec::new)
        .extend(others);
    d
}

pub fn text_edits(doc: &Document, edits: &[Edit], enc: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit {
            range: lsp_range(doc, &e.range, enc),
            new_text: e.new_text.clone(),
        })
        .collect()
}

pub fn workspace_edit(uri: &Uri, doc: &Document, edits: &[Edit], enc: Encoding) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), text_edits(doc, edits, enc));
    WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}
