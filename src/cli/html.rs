//! `copydesk check --format html`: one self-contained HTML page for a run — a summary
//! table, filters by rule and severity, each draft with its findings highlighted in place,
//! and a side panel per finding (message, source sentences with file and line, knowledge-base
//! records with dates and provenance, fixes as before/after). No external assets: styles and
//! the small script are inline, so the page works offline and as a CI artifact.
//!
//! Every piece of draft, source and KB text goes through [`escape`]; the script reads no
//! data from the page other than element ids and `data-` attributes it set itself.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::FileReport;
use super::output::{ordered, per_rule};
use crate::diagnostic::{Diagnostic, Evidence, Fix, Severity};
use crate::document::{Document, Encoding};

/// Characters of draft shown either side of an edit in a fix's before/after.
const FIX_CONTEXT: usize = 40;

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0;color:#1b1b1b;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#fff}
header h1{margin:0;font-size:20px}
main{display:grid;grid-template-columns:minmax(0,1fr) 420px;gap:16px;padding:16px 20px}
table{border-collapse:collapse;background:#fff;margin-bottom:12px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:14px}
.filters{margin:8px 0 16px;font-size:14px}
.filters label{margin-right:12px}
section.draft{background:#fff;border:1px solid #ddd;border-radius:6px;margin-bottom:16px;padding:8px 16px}
section.draft h2{font-size:16px;font-family:ui-monospace,monospace}
pre.text{white-space:pre-wrap;word-wrap:break-word;font:15px/1.55 Georgia,serif}
mark{background:#fff3c4;border-bottom:2px solid var(--warn);cursor:pointer;color:inherit}
mark.error{background:#ffd9d6;border-bottom-color:var(--err)}
mark.info{background:#dcebff;border-bottom-color:var(--info)}
mark.selected{outline:2px solid #000}
mark.off{background:none;border-bottom:none;cursor:auto}
ol.findings{font-size:14px;padding-left:20px}
ol.findings li{cursor:pointer;margin:3px 0}
.hidden{display:none}
.sev{font-weight:bold;text-transform:uppercase;font-size:12px}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
aside{position:sticky;top:8px;align-self:start;background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;max-height:95vh;overflow:auto;font-size:14px}
aside h3{margin:12px 0 4px;font-size:14px}
blockquote{margin:4px 0;padding:4px 8px;border-left:3px solid #90a4ae;background:#f5f7f8}
del{background:#ffd9d6}ins{background:#d4f7d4;text-decoration:none}
.loc{font-family:ui-monospace,monospace;font-size:12px;color:#555;overflow-wrap:anywhere}
"#;

const SCRIPT: &str = r#"
(function(){
  var panel=document.getElementById('panel-body');
  function select(id){
    document.querySelectorAll('mark.selected').forEach(function(m){m.classList.remove('selected');});
    document.querySelectorAll('mark[data-ids~="'+id+'"]').forEach(function(m){m.classList.add('selected');});
    var d=document.getElementById('detail-'+id);
    if(!d){return;}
    panel.innerHTML=d.innerHTML;
    panel.setAttribute('data-finding',id);
  }
  document.querySelectorAll('mark[data-ids]').forEach(function(m){
    m.addEventListener('click',function(){
      var ids=m.getAttribute('data-ids').split(' ').filter(function(i){
        var li=document.getElementById('item-'+i);return li&&!li.classList.contains('hidden');});
      if(ids.length){select(ids[0]);}
    });
  });
  document.querySelectorAll('li[data-id]').forEach(function(li){
    li.addEventListener('click',function(){select(li.getAttribute('data-id'));});
  });
  function applyFilters(){
    var on={};
    document.querySelectorAll('.filters input').forEach(function(c){on[c.value]=c.checked;});
    document.querySelectorAll('li[data-id]').forEach(function(li){
      var show=on['rule:'+li.getAttribute('data-rule')]&&on['severity:'+li.getAttribute('data-severity')];
      li.classList.toggle('hidden',!show);
    });
    document.querySelectorAll('mark[data-ids]').forEach(function(m){
      var any=m.getAttribute('data-ids').split(' ').some(function(i){
        var li=document.getElementById('item-'+i);return li&&!li.classList.contains('hidden');});
      m.classList.toggle('off',!any);
    });
  }
  document.querySelectorAll('.filters input').forEach(function(c){c.addEventListener('change',applyFilters);});
})();
"#;

/// The whole page for a run.
pub fn html(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<title>copydesk report</title>\n<style>");
    s.push_str(STYLE);
    s.push_str(
        "</style>\n</head>\n<body>\n<header><h1>copydesk report</h1></header>\n<main>\n<div>\n",
    );
    summary(reports, &mut s);
    filters(reports, &mut s);
    for (fi, r) in reports.iter().enumerate() {
        draft(fi, r, &mut s);
    }
    s.push_str("</div>\n<aside id=\"panel\"><h2>Finding</h2><div id=\"panel-body\">");
    s.push_str("<p>Click a highlighted passage or a finding to see why it was flagged and according to which source.</p>");
    s.push_str("</div></aside>\n</main>\n<div class=\"hidden\">\n");
    for (fi, r) in reports.iter().enumerate() {
        for (di, d) in r.diagnostics.iter().enumerate() {
            detail(&format!("{fi}-{di}"), r, d, &mut s);
        }
    }
    s.push_str("</div>\n<script>");
    s.push_str(SCRIPT);
    s.push_str("</script>\n</body>\n</html>\n");
    out.write_all(s.as_bytes())
}

fn count(r: &FileReport, sev: Severity) -> usize {
    r.diagnostics.iter().filter(|d| d.severity == sev).count()
}

fn summary(reports: &[FileReport], s: &mut String) {
    s.push_str("<table id=\"summary\"><thead><tr><th>File</th><th>Errors</th><th>Warnings</th><th>Info</th><th>By rule</th></tr></thead><tbody>\n");
    for (fi, r) in reports.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr><td><a href=\"#file-{fi}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.path.display().to_string()),
            count(r, Severity::Error),
            count(r, Severity::Warning),
            count(r, Severity::Info),
            escape(&per_rule(r.diagnostics.iter()))
        );
    }
    let total = |sev| reports.iter().map(|r| count(r, sev)).sum::<usize>();
    let _ = writeln!(
        s,
        "</tbody><tfoot><tr><th>{} files</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></tfoot></table>",
        reports.len(),
        total(Severity::Error),
        total(Severity::Warning),
        total(Severity::Info),
        escape(&per_rule(reports.iter().flat_map(|r| &r.diagnostics)))
    );
}

fn filters(reports: &[FileReport], s: &mut String) {
    s.push_str("<div class=\"filters\"><strong>Rules:</strong> ");
    let mut rules: Vec<&str> = crate::rules::all().iter().map(|r| r.id()).collect();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        if !rules.contains(&d.rule) {
            rules.push(d.rule);
        }
    }
    for id in rules {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" value=\"rule:{0}\" checked> {0}</label>",
            escape(id)
        );
    }
    s.push_str(" <strong>Severity:</strong> ");
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            s,
            "<label><input type=\"checkbox\" value=\"severity:{0}\" checked> {0}</label>",
            sev.as_str()
        );
    }
    s.push_str("</div>\n");
}

/// The draft text with every finding marked. Findings may overlap, so the text is cut at
/// every range boundary and each piece lists the findings covering it (innermost first).
fn draft(fi: usize, r: &FileReport, s: &mut String) {
    let text = &r.doc.text;
    let _ = write!(
        s,
        "<section class=\"draft\" id=\"file-{fi}\"><h2>{}</h2>\n<pre class=\"text\">",
        escape(&r.path.display().to_string())
    );
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for d in &r.diagnostics {
        cuts.push(d.range.start.min(text.len()));
        cuts.push(d.range.end.min(text.len()));
    }
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut covering: Vec<(usize, &Diagnostic)> = r
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.range.start <= a && b <= d.range.end)
            .collect();
        let piece = escape(&text[a..b]);
        if covering.is_empty() {
            s.push_str(&piece);
            continue;
        }
        covering.sort_by_key(|(_, d)| (std::cmp::Reverse(d.severity), d.range.len()));
        let ids: Vec<String> = covering
            .iter()
            .map(|(di, _)| format!("{fi}-{di}"))
            .collect();
        let _ = write!(
            s,
            "<mark class=\"{}\" data-ids=\"{}\">{piece}</mark>",
            covering[0].1.severity.as_str(),
            ids.join(" ")
        );
    }
    s.push_str("</pre>\n<ol class=\"findings\">\n");
    for d in ordered(&r.diagnostics) {
        let di = index_of(&r.diagnostics, d);
        let p = r.doc.position(d.range.start, Encoding::Chars);
        let _ = writeln!(
            s,
            "<li id=\"item-{fi}-{di}\" data-id=\"{fi}-{di}\" data-rule=\"{}\" data-severity=\"{}\"><span class=\"sev {1}\">{1}</span> <span class=\"loc\">{}:{}</span> [{0}] {}</li>",
            escape(d.rule),
            d.severity.as_str(),
            p.line + 1,
            p.col + 1,
            escape(&d.message)
        );
    }
    s.push_str("</ol>\n</section>\n");
}

fn index_of(all: &[Diagnostic], d: &Diagnostic) -> usize {
    all.iter().position(|x| std::ptr::eq(x, d)).unwrap_or(0)
}

/// A finding's side-panel content, kept hidden until selected.
fn detail(id: &str, r: &FileReport, d: &Diagnostic, s: &mut String) {
    let p = r.doc.position(d.range.start, Encoding::Chars);
    let _ = write!(
        s,
        "<div id=\"detail-{id}\"><p><span class=\"sev {}\">{0}</span> <code>{}</code> <span class=\"loc\">{}:{}:{}</span></p><p class=\"message\">{}</p>",
        d.severity.as_str(),
        escape(d.rule),
        escape(&r.path.display().to_string()),
        p.line + 1,
        p.col + 1,
        escape(&d.message)
    );
    let _ = write!(
        s,
        "<h3>In the draft</h3><blockquote class=\"flagged\">{}</blockquote>",
        escape(r.doc.text.get(d.range.clone()).unwrap_or_default())
    );
    evidence(d, s);
    if !d.fixes.is_empty() {
        s.push_str("<h3>Fixes</h3>");
        for f in &d.fixes {
            fix(&r.doc, f, s);
        }
    }
    let _ = writeln!(
        s,
        "<p><a href=\"{}\">About {}</a></p></div>",
        escape(&crate::rules::doc_url(d.rule)),
        escape(d.rule)
    );
}

fn evidence(d: &Diagnostic, s: &mut String) {
    let sources: Vec<&Evidence> = d
        .evidence
        .iter()
        .filter(|e| matches!(e, Evidence::Source { .. }))
        .collect();
    if !sources.is_empty() {
        s.push_str("<h3>What the sources say</h3>");
        for e in sources {
            if let Evidence::Source { file, line, text } = e {
                let _ = write!(
                    s,
                    "<div class=\"source\"><span class=\"loc\">{}:{line}</span><blockquote>{}</blockquote></div>",
                    escape(file),
                    escape(text)
                );
            }
        }
    }
    let records: Vec<&Evidence> = d
        .evidence
        .iter()
        .filter(|e| matches!(e, Evidence::Kb { .. }))
        .collect();
    if !records.is_empty() {
        s.push_str("<h3>Knowledge base</h3>");
        for e in records {
            if let Evidence::Kb {
                office,
                note,
                source,
            } = e
            {
                let _ = write!(
                    s,
                    "<div class=\"kb\"><p>{}</p><p class=\"loc\">record {} · source: {}</p></div>",
                    escape(note),
                    escape(office),
                    link(source)
                );
            }
        }
    }
}

/// A link for http(s) URLs, plain escaped text for anything else (no `javascript:`).
fn link(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{0}\">{0}</a>", escape(url))
    } else {
        escape(url)
    }
}

fn fix(doc: &Document, f: &Fix, s: &mut String) {
    let _ = write!(
        s,
        "<div class=\"fix\"><p><strong>{}</strong>{}</p>",
        escape(&f.title),
        if f.is_safe() {
            " (safe: `copydesk fix` applies it)"
        } else {
            " (needs an editor's decision)"
        }
    );
    for e in &f.edits {
        let text = &doc.text;
        if e.range.end > text.len()
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            continue;
        }
        let before = context_before(text, e.range.start);
        let after = context_after(text, e.range.end);
        let _ = write!(
            s,
            "<p class=\"before\">Before: …{}<del>{}</del>{}…</p><p class=\"after\">After: …{0}<ins>{}</ins>{2}…</p>",
            escape(before),
            escape(&text[e.range.clone()]),
            escape(after),
            escape(&e.new_text)
        );
    }
    s.push_str("</div>");
}

fn context_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .nth(FIX_CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let start = head[start..].find('\n').map_or(start, |n| start + n + 1);
    &head[start..]
}

fn context_after(text: &str, at: usize) -> &str {
    let tail = &text[at..];
    let end = tail
        .char_indices()
        .nth(FIX_CONTEXT)
        .map_or(tail.len(), |(i, _)| i);
    let end = tail[..end].find('\n').unwrap_or(end);
    &tail[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::document::Format;

    fn report(text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: "drafts/<x>.txt".into(),
            doc: Document::new(text.to_string(), Format::PlainText),
            diagnostics,
        }
    }

    fn page(reports: &[FileReport]) -> String {
        let mut out = Vec::new();
        html(reports, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn draft_and_finding_text_cannot_inject_markup() {
        let text = "Intro <script>alert(1)</script> & “Zelensky” 😀\n";
        let start = text.find("Zelensky").expect("name");
        let mut d = Diagnostic::new(
            crate::rules::ids::INCONSISTENT_SPELLING,
            Severity::Warning,
            start..start + "Zelensky".len(),
            "'Zelensky' <img src=x onerror=alert(2)>",
        );
        d.fixes.push(Fix {
            title: "Spell it \"</script>\"".into(),
            edits: vec![Edit {
                range: d.range.clone(),
                new_text: "<b>Zelenskyy</b>".into(),
            }],
            kind: crate::diagnostic::FixKind::Safe,
        });
        d.evidence.push(Evidence::Kb {
            office: "x.y".into(),
            note: "<i>note</i>".into(),
            source: "javascript:alert(3)".into(),
        });
        let p = page(&[report(text, vec![d])]);
        assert_eq!(
            p.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(!p.contains("<img"));
        assert!(!p.contains("<b>Zelenskyy"));
        assert!(!p.contains("<i>note"));
        assert!(!p.contains("href=\"javascript"));
        assert!(p.contains("Intro &lt;script&gt;alert(1)&lt;/script&gt; &amp; “"));
        assert!(p.contains("drafts/&lt;x&gt;.txt"));
        assert!(p.contains("<ins>&lt;b&gt;Zelenskyy&lt;/b&gt;</ins>"));
        assert!(p.contains("<mark class=\"warning\" data-ids=\"0-0\">Zelensky</mark>”"));
    }

    #[test]
    fn overlapping_findings_cut_the_text_and_list_the_innermost_first() {
        let text = "Secretary of Defense John Bolton spoke.";
        let outer = Diagnostic::new(
            crate::rules::ids::OFF_TOPIC_PARAGRAPH,
            Severity::Warning,
            0..39,
            "off",
        );
        let inner = Diagnostic::new(
            crate::rules::ids::MISATTRIBUTED_TITLE,
            Severity::Error,
            21..32,
            "title",
        );
        let p = page(&[report(text, vec![outer, inner])]);
        assert!(p.contains(
            "<mark class=\"warning\" data-ids=\"0-0\">Secretary of Defense </mark><mark class=\"error\" data-ids=\"0-1 0-0\">John Bolton</mark><mark class=\"warning\" data-ids=\"0-0\"> spoke.</mark>"
        ), "{p}");
        // The list is ordered by severity: the error comes first.
        let e = p.find("id=\"item-0-1\"").expect("error item");
        let w = p.find("id=\"item-0-0\"").expect("warning item");
        assert!(e < w);
    }

    #[test]
    fn fixes_show_before_and_after_in_context_and_evidence_names_file_and_line() {
        let text = "Line one.\nHawks such as Secretary of Defense John Bolton want more.\n";
        let start = text.find("John").expect("name");
        let mut d = Diagnostic::new(
            crate::rules::ids::MISATTRIBUTED_TITLE,
            Severity::Error,
            start..start + 11,
            "m",
        );
        d.fixes.push(Fix {
            title: "Replace 'John Bolton' with 'Pete Hegseth'".into(),
            edits: vec![Edit {
                range: d.range.clone(),
                new_text: "Pete Hegseth".into(),
            }],
            kind: crate::diagnostic::FixKind::Unsafe,
        });
        d.evidence.push(Evidence::Source {
            file: "sources/003.txt".into(),
            line: 12,
            text: "Defense Secretary Pete Hegseth".into(),
        });
        let p = page(&[report(text, vec![d])]);
        assert!(p.contains(
            "Before: …Hawks such as Secretary of Defense <del>John Bolton</del> want more.…"
        ));
        assert!(p.contains(
            "After: …Hawks such as Secretary of Defense <ins>Pete Hegseth</ins> want more.…"
        ));
        assert!(p.contains("<span class=\"loc\">sources/003.txt:12</span><blockquote>Defense Secretary Pete Hegseth</blockquote>"));
    }
}
