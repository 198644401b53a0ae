//! Output formats of `copydesk check`: rustc-style text and JSON.

use std::io::{self, IsTerminal, Write};

use serde_json::{Value, json};

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Encoding};

/// Colour when stdout is a terminal and NO_COLOR is unset.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal()
}

fn pos(doc: &Document, byte: usize) -> Value {
    let p = doc.position(byte, Encoding::Chars);
    json!({"line": p.line + 1, "column": p.col + 1})
}

fn range(doc: &Document, r: &std::ops::Range<usize>) -> Value {
    json!({"start": pos(doc, r.start), "end": pos(doc, r.end)})
}

/// One JSON object: `{"version":1,"files":[{"path","diagnostics":[…]}]}`; 1-based lines
/// and columns, columns in Unicode characters.
pub fn json(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let diags: Vec<Value> = r
                .diagnostics
                .iter()
                .map(|d| diagnostic_json(&r.doc, d))
                .collect();
            json!({"path": r.path.display().to_string(), "diagnostics": diags})
        })
        .collect();
    serde_json::to_writer(&mut *out, &json!({"version": 1, "files": files}))?;
    writeln!(out)
}

pub fn diagnostic_json(doc: &Document, d: &Diagnostic) -> Value {
    let fixes: Vec<Value> = d
        .fixes
        .iter()
        .map(|f| {
            let edits: Vec<Value> = f
                .edits
                .iter()
                .map(|e| json!({"range": range(doc, &e.range), "new_text": e.new_text}))
                .collect();
            json!({"title": f.title, "safe": f.safe, "edits": edits})
        })
        .collect();
    json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": range(doc, &d.range),
        "fixes": fixes,
    })
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// rustc-style: `severity[rule]: message`, `--> file:line:col`, the line, carets, fixes.
pub fn human(reports: &[FileReport], out: &mut dyn Write, color: bool) -> io::Result<()> {
    let st = Style { on: color };
    let mut counts = [0usize; 3];
    for r in reports {
        for d in &r.diagnostics {
            let (label, code) = match d.severity {
                Severity::Error => ("error", "1;31"),
                Severity::Warning => ("warning", "1;33"),
                Severity::Info => ("info", "1;36"),
            };
            counts[d.severity as usize] += 1;
            let start = r.doc.position(d.range.start, Encoding::Chars);
            let end = r.doc.position(d.range.end, Encoding::Chars);
            writeln!(
                out,
                "{}{}",
                st.paint(code, &format!("{label}[{}]", d.rule)),
                st.paint("1", &format!(": {}", d.message))
            )?;
            let num = (start.line + 1).to_string();
            let pad = " ".repeat(num.len());
            writeln!(
                out,
                "{pad}{} {}:{}:{}",
                st.paint("1;34", "-->"),
                r.path.display(),
                start.line + 1,
                start.col + 1
            )?;
            writeln!(out, "{pad} {}", st.paint("1;34", "|"))?;
            let line = r.doc.line_text(start.line);
            writeln!(
                out,
                "{} {} {line}",
                st.paint("1;34", &num),
                st.paint("1;34", "|")
            )?;
            let line_len = line.chars().count();
            let caret_end = if end.line == start.line {
                end.col
            } else {
                line_len
            };
            let width = caret_end.saturating_sub(start.col).max(1);
            let more = if end.line > start.line {
                format!(" (to line {})", end.line + 1)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{pad} {} {}{}{more}",
                st.paint("1;34", "|"),
                " ".repeat(start.col),
                st.paint(code, &"^".repeat(width))
            )?;
            for f in &d.fixes {
                let preview = match f.edits.as_slice() {
                    [e] if e.new_text.is_empty() => String::new(),
                    [e] => format!(": `{}`", e.new_text),
                    _ => String::new(),
                };
                writeln!(
                    out,
                    "{pad} {} {}{preview}",
                    st.paint("1;34", "="),
                    st.paint("1;32", &format!("fix: {}", f.title))
                )?;
            }
            writeln!(out)?;
        }
    }
    let files_with = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let total: usize = counts.iter().sum();
    if total == 0 {
        writeln!(
            out,
            "{} file{} checked, no findings",
            reports.len(),
            if reports.len() == 1 { "" } else { "s" }
        )?;
    } else {
        writeln!(
            out,
            "{total} finding{} ({} error{}, {} warning{}, {} info) in {files_with} of {} file{}",
            if total == 1 { "" } else { "s" },
            counts[Severity::Error as usize],
            if counts[Severity::Error as usize] == 1 {
                ""
            } else {
                "s"
            },
            counts[Severity::Warning as usize],
            if counts[Severity::Warning as usize] == 1 {
                ""
            } else {
                "s"
            },
            counts[Severity::Info as usize],
            reports.len(),
            if reports.len() == 1 { "" } else { "s" },
        )?;
    }
    Ok(())
}
