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
            json!({"title": f.title, "safe": f.is_safe(), "edits": edits})
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

fn uri(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(doc: &Document, r: &std::ops::Range<usize>) -> Value {
    let s = doc.position(r.start, Encoding::Chars);
    let e = doc.position(r.end, Encoding::Chars);
    json!({"startLine": s.line + 1, "startColumn": s.col + 1, "endLine": e.line + 1, "endColumn": e.col + 1})
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0: rule metadata, results with physical locations (1-based lines, columns in
/// Unicode code points, declared by `columnKind`) and fixes as artifact changes.
pub fn sarif(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let rules = crate::rules::all();
    let rule_meta: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.doc().lines().find(|l| l.starts_with("**What it flags.**")).unwrap_or(r.summary()).trim_start_matches("**What it flags.** ")},
                "help": {"text": r.doc(), "markdown": r.doc()},
                "helpUri": crate::rules::doc_url(r.id()),
                "defaultConfiguration": {"level": sarif_level(r.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for rep in reports {
        let u = uri(&rep.path);
        for d in &rep.diagnostics {
            let rule_index = rules.iter().position(|r| r.id() == d.rule).unwrap_or(0);
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|f| {
                    let replacements: Vec<Value> = f
                        .edits
                        .iter()
                        .map(|e| json!({"deletedRegion": region(&rep.doc, &e.range), "insertedContent": {"text": e.new_text}}))
                        .collect();
                    json!({"description": {"text": f.title}, "artifactChanges": [{"artifactLocation": {"uri": u}, "replacements": replacements}]})
                })
                .collect();
            let mut reg = region(&rep.doc, &d.range);
            reg["snippet"] = json!({"text": &rep.doc.text[d.range.clone()]});
            results.push(json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": u}, "region": reg}}],
                "fixes": fixes,
            }));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": crate::rules::DOCS_URL,
                "rules": rule_meta,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// Escape the message of a GitHub workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a GitHub workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
pub fn github(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let s = r.doc.position(d.range.start, Encoding::Chars);
            let e = r.doc.position(d.range.end, Encoding::Chars);
            writeln!(
                out,
                "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&r.path.to_string_lossy()),
                s.line + 1,
                s.col + 1,
                e.line + 1,
                e.col + 1,
                escape_property(&format!("copydesk {}", d.rule)),
                escape_data(&d.message)
            )?;
        }
    }
    Ok(())
}
