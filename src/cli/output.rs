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

/// The text a finding flags (part of its identity for `check --baseline`).
pub fn flagged_text<'a>(doc: &'a Document, d: &Diagnostic) -> &'a str {
    doc.text.get(d.range.clone()).unwrap_or("")
}

/// The SARIF `partialFingerprints` value `copydesk/v1`: FNV-1a (64 bits, hex) of rule,
/// message and flagged text, separated by NUL bytes; stable across versions and machines.
pub fn fingerprint(rule: &str, message: &str, text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = rule.bytes().chain([0]).chain(message.bytes()).chain([0]);
    for b in bytes.chain(text.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
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
    let mut v = json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "text": flagged_text(doc, d),
        "range": range(doc, &d.range),
        "fixes": fixes,
    });
    if !d.related.is_empty() {
        // The other places of the same finding (one diagnostic per place is kept, so each
        // place keeps its line and its own fix).
        v["related"] = d.related.iter().map(|r| range(doc, r)).collect();
    }
    v
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

/// Widest source line shown in full; longer lines are cut to a window around the span.
pub const MAX_LINE_CHARS: usize = 100;
/// Characters of context kept before the span when a line is cut.
const CONTEXT_CHARS: usize = 30;

/// A line cut to at most [`MAX_LINE_CHARS`] characters around a span (columns in chars):
/// the text shown (with `…` where cut), the caret column and the caret width in it.
#[derive(Debug, PartialEq, Eq)]
pub struct Window {
    pub text: String,
    pub caret_col: usize,
    pub caret_width: usize,
}

/// Cut `line` around the char columns `start..end` (end past the line = to its end), as
/// rustc and miette do: the span's start always shows, with some context before it.
pub fn window(line: &str, start: usize, end: usize) -> Window {
    let chars: Vec<char> = line.chars().collect();
    let len = chars.len();
    let start = start.min(len);
    let end = end.clamp(start, len);
    if len <= MAX_LINE_CHARS {
        return Window {
            text: line.to_string(),
            caret_col: start,
            caret_width: (end - start).max(1),
        };
    }
    let mut left = start.saturating_sub(CONTEXT_CHARS);
    let right = (left + MAX_LINE_CHARS).min(len);
    if right - left < MAX_LINE_CHARS {
        left = right.saturating_sub(MAX_LINE_CHARS).min(start);
    }
    let mut text = String::new();
    let mut caret_col = start - left;
    if left > 0 {
        text.push('…');
        caret_col += 1;
    }
    text.extend(&chars[left..right]);
    if right < len {
        text.push('…');
    }
    Window {
        text,
        caret_col,
        caret_width: (end.min(right) - start).max(1),
    }
}

/// The report's order: most severe first, then by position in the draft.
pub fn ordered(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut v: Vec<&Diagnostic> = diagnostics.iter().collect();
    v.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.range.start.cmp(&b.range.start))
            .then(a.range.end.cmp(&b.range.end))
    });
    v
}

/// [`ordered`], one entry per finding: a diagnostic that is another place of one already
/// listed (its `related`) is left out; the first place lists the others.
pub fn grouped(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut seen: Vec<(&'static str, &std::ops::Range<usize>)> = Vec::new();
    let mut out = Vec::new();
    for d in ordered(diagnostics) {
        if seen
            .iter()
            .any(|(rule, r)| *rule == d.rule && **r == d.range)
        {
            continue;
        }
        seen.extend(d.related.iter().map(|r| (d.rule, r)));
        out.push(d);
    }
    out
}

/// "= also on lines 5, 9, 12 (4 places in all; each has the fix)".
fn related_note(r: &FileReport, d: &Diagnostic) -> Option<String> {
    if d.related.is_empty() {
        return None;
    }
    let mut lines: Vec<usize> = d
        .related
        .iter()
        .map(|x| r.doc.position(x.start, Encoding::Chars).line + 1)
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut list: Vec<String> = lines.iter().take(12).map(usize::to_string).collect();
    if lines.len() > 12 {
        list.push("…".into());
    }
    Some(format!(
        "also on line{} {} ({} places in all; each has the fix)",
        if lines.len() == 1 { "" } else { "s" },
        list.join(", "),
        d.related.len() + 1
    ))
}

/// Findings per rule, in the order of [`crate::rules::all`]: `2 misattributed-title, 5 inconsistent-spelling`.
pub fn per_rule<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> String {
    let mut counts: Vec<(&'static str, usize)> =
        crate::rules::all().iter().map(|r| (r.id(), 0)).collect();
    for d in diags {
        match counts.iter_mut().find(|(id, _)| *id == d.rule) {
            Some(c) => c.1 += 1,
            None => counts.push((d.rule, 1)),
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(id, n)| format!("{n} {id}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn severity_style(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
    }
}

fn human_one(r: &FileReport, d: &Diagnostic, st: &Style, out: &mut dyn Write) -> io::Result<()> {
    let (label, code) = severity_style(d.severity);
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
    let bar = st.paint("1;34", "|");
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        st.paint("1;34", "-->"),
        r.path.display(),
        start.line + 1,
        start.col + 1
    )?;
    writeln!(out, "{pad} {bar}")?;
    let line = r.doc.line_text(start.line);
    let line = line.trim_end_matches(['\n', '\r']);
    let caret_end = if end.line == start.line {
        end.col
    } else {
        usize::MAX
    };
    let w = window(line, start.col, caret_end);
    writeln!(out, "{} {bar} {}", st.paint("1;34", &num), w.text)?;
    let more = if end.line > start.line {
        format!(" (to line {})", end.line + 1)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{pad} {bar} {}{}{more}",
        " ".repeat(w.caret_col),
        st.paint(code, &"^".repeat(w.caret_width))
    )?;
    if let Some(note) = related_note(r, d) {
        writeln!(out, "{pad} {} {note}", st.paint("1;34", "="))?;
    }
    for f in &d.fixes {
        let preview = match f.edits.as_slice() {
            [e] if !e.new_text.is_empty() => format!(": `{}`", e.new_text),
            _ => String::new(),
        };
        writeln!(
            out,
            "{pad} {} {}{preview}",
            st.paint("1;34", "="),
            st.paint("1;32", &format!("fix: {}", f.title))
        )?;
    }
    writeln!(out)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// rustc-style: `severity[rule]: message`, `--> file:line:col`, the line (cut to a window
/// around the span when long), carets, fixes. Per file most severe first, then by position;
/// a per-rule summary line after each file with findings, and one for the whole run.
pub fn human(reports: &[FileReport], out: &mut dyn Write, color: bool) -> io::Result<()> {
    let st = Style { on: color };
    let mut counts = [0usize; 3];
    for r in reports {
        let findings = grouped(&r.diagnostics);
        for d in &findings {
            counts[d.severity as usize] += 1;
            human_one(r, d, &st, out)?;
        }
        if !findings.is_empty() {
            writeln!(
                out,
                "{}: {}\n",
                r.path.display(),
                per_rule(findings.iter().copied())
            )?;
        }
    }
    let files_with = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let total: usize = counts.iter().sum();
    if total == 0 {
        return writeln!(
            out,
            "{} checked, no findings",
            plural(reports.len(), "file")
        );
    }
    writeln!(
        out,
        "{} ({}, {}, {} info) in {files_with} of {}: {}",
        plural(total, "finding"),
        plural(counts[Severity::Error as usize], "error"),
        plural(counts[Severity::Warning as usize], "warning"),
        counts[Severity::Info as usize],
        plural(reports.len(), "file"),
        per_rule(reports.iter().flat_map(|r| grouped(&r.diagnostics))),
    )
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
            let text = flagged_text(&rep.doc, d);
            reg["snippet"] = json!({ "text": text });
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index,
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": u}, "region": reg}}],
                "fixes": fixes,
                "partialFingerprints": {"copydesk/v1": fingerprint(d.rule, &d.message, text)},
                "properties": {"text": text},
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| json!({"id": i + 1, "physicalLocation": {"artifactLocation": {"uri": u}, "region": region(&rep.doc, r)}, "message": {"text": format!("also '{}' here", &rep.doc.text[r.clone()])}}))
                    .collect();
            }
            results.push(result);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let w = window("Trump and Zelensky", 10, 18);
        assert_eq!(
            w,
            Window {
                text: "Trump and Zelensky".into(),
                caret_col: 10,
                caret_width: 8
            }
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}Zelensky{}", "é".repeat(150), "x".repeat(150));
        let w = window(&line, 150, 158);
        assert_eq!(w.text.chars().count(), MAX_LINE_CHARS + 2);
        assert!(w.text.starts_with('…') && w.text.ends_with('…'));
        assert_eq!(w.caret_col, CONTEXT_CHARS + 1);
        assert_eq!(w.caret_width, 8);
        let shown: String = w.text.chars().skip(w.caret_col).take(8).collect();
        assert_eq!(shown, "Zelensky");
    }

    #[test]
    fn spans_near_the_end_keep_a_full_window_and_long_spans_are_capped() {
        let line = "a".repeat(300);
        let w = window(&line, 290, 300);
        assert_eq!(w.caret_col, 1 + 290 - 200);
        assert!(w.text.starts_with('…') && !w.text.ends_with('…'));
        let w = window(&line, 0, usize::MAX);
        assert_eq!((w.caret_col, w.caret_width), (0, MAX_LINE_CHARS));
        assert!(w.text.ends_with('…'));
    }
}
