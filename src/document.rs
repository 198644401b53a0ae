//! Document model: the draft's text in a rope, its YAML front matter, and its prose.
//!
//! Everything downstream works on byte offsets into [`Document::text`]. Non-prose parts
//! (front matter, code blocks and spans, HTML and HTML comments, link targets) are blanked
//! out in [`Document::prose`], a copy of the text of the same length in which those bytes
//! are spaces, so offsets in `prose` are offsets in `text`. Paragraphs are the prose blocks.

use std::ops::Range;

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ropey::Rope;

/// How a draft is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    /// `.txt` files are plain text; everything else is Markdown.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("txt") => Format::PlainText,
            _ => Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub range: Range<usize>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// A problem reading the front matter (bad YAML, a date that is not a date).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
}

/// A block of prose: a Markdown paragraph, heading or list item, or a line of an
/// unwrapped web-style block (one paragraph per long line).
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub range: Range<usize>,
    pub kind: BlockKind,
}

/// A position as a 0-based line and a 0-based column in some unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Units of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (what the CLI's JSON output counts).
    Chars,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub prose: String,
    pub rope: Rope,
    pub format: Format,
    pub front_matter: Option<FrontMatter>,
    pub paragraphs: Vec<Paragraph>,
}

/// Lines longer than this (in characters) mark a block as "one paragraph per line"
/// (web copy pasted without blank lines), rather than hard-wrapped prose.
const UNWRAPPED_LINE: usize = 110;

impl Document {
    pub fn new(text: impl Into<String>, format: Format) -> Document {
        let text: String = text.into();
        let rope = Rope::from_str(&text);
        let mut prose = text.clone();
        let front_matter = parse_front_matter(&text);
        if let Some(fm) = &front_matter {
            blank(&mut prose, fm.range.clone());
        }
        let body_start = front_matter.as_ref().map_or(0, |f| f.range.end);
        let mut paragraphs = match format {
            Format::Markdown => markdown_blocks(&text, body_start, &mut prose),
            Format::PlainText => plain_blocks(&text, body_start),
        };
        paragraphs = split_unwrapped(&text, paragraphs);
        Document {
            text,
            prose,
            rope,
            format,
            front_matter,
            paragraphs,
        }
    }

    /// Byte offset to (line, column) in the given unit. Offsets past the end clamp to it;
    /// offsets inside a multi-byte character move to its start.
    pub fn position(&self, byte: usize, enc: Encoding) -> LineCol {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let ch = self.rope.byte_to_char(byte);
        let line = self.rope.char_to_line(ch);
        let line_char = self.rope.line_to_char(line);
        let col = match enc {
            Encoding::Chars => ch - line_char,
            Encoding::Utf8 => byte - self.rope.line_to_byte(line),
            Encoding::Utf16 => {
                self.rope.char_to_utf16_cu(ch) - self.rope.char_to_utf16_cu(line_char)
            }
        };
        LineCol { line, col }
    }

    /// (line, column) to a byte offset; a column past the line's end clamps to the end of
    /// the line (before its line break), a line past the end clamps to the end of the text.
    pub fn offset(&self, pos: LineCol, enc: Encoding) -> usize {
        self.rope.char_to_byte(char_index(&self.rope, pos, enc))
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, byte: usize) -> usize {
        self.rope.byte_to_line(byte.min(self.text.len())) + 1
    }

    /// The text of the whole line that holds `byte`, without its line break.
    pub fn line_text(&self, line0: usize) -> String {
        if line0 >= self.rope.len_lines() {
            return String::new();
        }
        self.rope
            .line(line0)
            .to_string()
            .trim_end_matches(['\n', '\r'])
            .to_string()
    }

    /// The article's date from the front matter, if any.
    pub fn date(&self) -> Option<NaiveDate> {
        self.front_matter.as_ref().and_then(|f| f.date)
    }
}

/// (line, column) to a char index of a rope, clamping like [`Document::offset`].
pub fn char_index(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
    if pos.line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line = rope.line(pos.line);
    let line_start_char = rope.line_to_char(pos.line);
    let mut content_chars = line.len_chars();
    // Exclude the line break from the addressable columns.
    while content_chars > 0 {
        let c = line.char(content_chars - 1);
        if c == '\n' || c == '\r' {
            content_chars -= 1;
        } else {
            break;
        }
    }
    let col_chars = match enc {
        Encoding::Chars => pos.col.min(content_chars),
        Encoding::Utf8 => {
            let content_bytes = line.char_to_byte(content_chars);
            // A column inside a multi-byte character moves to its start.
            line.byte_to_char(pos.col.min(content_bytes))
        }
        Encoding::Utf16 => {
            let content_cu = line.char_to_utf16_cu(content_chars);
            let cu = pos.col.min(content_cu);
            line.utf16_cu_to_char(cu)
        }
    };
    line_start_char + col_chars
}

/// Replace `s[range]` by spaces, keeping line breaks and the byte length.
fn blank(s: &mut String, range: Range<usize>) {
    // SAFETY-free approach: rebuild the slice; every replaced byte becomes an ASCII byte,
    // so the string stays valid UTF-8 as long as the range sits on char boundaries.
    let replacement: String = s[range.clone()]
        .bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect();
    s.replace_range(range, &replacement);
}

fn parse_front_matter(text: &str) -> Option<FrontMatter> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let open_len = text.len() - rest.len();
    // Find the closing fence on a line of its own.
    let mut pos = 0;
    let close = loop {
        let line_end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i + 1);
        let line = rest[pos..line_end].trim_end_matches(['\n', '\r']);
        if line == "---" || line == "..." {
            break Some((pos, line_end));
        }
        if line_end >= rest.len() {
            break None;
        }
        pos = line_end;
    };
    let (yaml_end, end) = close?;
    let yaml = &rest[..yaml_end];
    let mut fm = FrontMatter {
        range: 0..open_len + end,
        ..Default::default()
    };
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) {
        Ok(v) => {
            if let Some(d) = v.get("date") {
                let s = match d {
                    serde_yaml_ng::Value::String(s) => s.clone(),
                    other => serde_yaml_ng::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let day = s.get(..10).unwrap_or(&s);
                match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                    Ok(d) => fm.date = Some(d),
                    Err(_) => {
                        fm.error =
                            Some(format!("front matter `date: {s}` is not a YYYY-MM-DD date"))
                    }
                }
            }
            if let Some(serde_yaml_ng::Value::String(t)) = v.get("title") {
                fm.title = Some(t.clone());
            }
        }
        Err(e) => fm.error = Some(format!("front matter is not valid YAML: {e}")),
    }
    Some(fm)
}

fn markdown_blocks(text: &str, body_start: usize, prose: &mut String) -> Vec<Paragraph> {
    let body = &text[body_start..];
    let mut keep = vec![false; body.len()];
    let mut blocks = Vec::new();
    let mut open: Vec<(BlockKind, usize, bool)> = Vec::new(); // kind, start, has inner paragraph
    let mut code_depth = 0usize;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    for (ev, r) in Parser::new_ext(body, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) => {
                if let Some(last) = open.last_mut() {
                    last.2 = true;
                }
                open.push((BlockKind::Paragraph, r.start, false));
            }
            Event::Start(Tag::Heading { .. }) => open.push((BlockKind::Heading, r.start, false)),
            Event::Start(Tag::Item) => open.push((BlockKind::ListItem, r.start, false)),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some((kind, start, inner)) = open.pop()
                    && !(kind == BlockKind::ListItem && inner)
                {
                    blocks.push(Paragraph {
                        range: body_start + start..body_start + r.end,
                        kind,
                    });
                }
            }
            Event::Text(_) if code_depth == 0 => {
                for k in &mut keep[r] {
                    *k = true;
                }
            }
            _ => {}
        }
    }
    // Blank every byte that is not prose text (markup, code, HTML, link targets).
    let mut i = 0;
    while i < body.len() {
        if keep[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < body.len() && !keep[i] {
            i += 1;
        }
        // Extend to char boundaries (text events always start and end on them).
        let (mut s, mut e) = (start, i);
        while !body.is_char_boundary(s) {
            s -= 1;
        }
        while !body.is_char_boundary(e) {
            e += 1;
        }
        blank(prose, body_start + s..body_start + e);
    }
    blocks.sort_by_key(|b| b.range.start);
    // Trim trailing line breaks from block ranges.
    for b in &mut blocks {
        let t = text[b.range.clone()].trim_end();
        b.range.end = b.range.start + t.len();
    }
    blocks.retain(|b| !b.range.is_empty());
    blocks
}

fn plain_blocks(text: &str, body_start: usize) -> Vec<Paragraph> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = body_start;
    let mut pos = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Paragraph {
                    range: s..last_end,
                    kind: BlockKind::Paragraph,
                });
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        blocks.push(Paragraph {
            range: s..last_end,
            kind: BlockKind::Paragraph,
        });
    }
    blocks
}

/// Web copy often has one paragraph per line with no blank lines between: a block with a
/// line longer than [`UNWRAPPED_LINE`] characters is split into one paragraph per line.
fn split_unwrapped(text: &str, blocks: Vec<Paragraph>) -> Vec<Paragraph> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let body = &text[b.range.clone()];
        let long = body.lines().any(|l| l.chars().count() > UNWRAPPED_LINE);
        if !long || !body.contains('\n') {
            out.push(b);
            continue;
        }
        let mut pos = b.range.start;
        for line in body.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let lead = content.len() - content.trim_start().len();
            let trimmed = content.trim();
            if !trimmed.is_empty() {
                let s = pos + lead;
                out.push(Paragraph {
                    range: s..s + trimmed.len(),
                    kind: b.kind,
                });
            }
            pos += line.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_parsed_and_not_prose() {
        let d = Document::new(
            "---\ntitle: \"Hi\"\ndate: 2025-08-20\n---\n# Head\n\nBody text.\n",
            Format::Markdown,
        );
        let fm = d.front_matter.as_ref().expect("front matter");
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2025, 8, 20));
        assert_eq!(fm.title.as_deref(), Some("Hi"));
        assert!(!d.prose.contains("title"));
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(&d.text[d.paragraphs[0].range.clone()], "# Head");
        assert_eq!(&d.text[d.paragraphs[1].range.clone()], "Body text.");
    }

    #[test]
    fn code_comments_and_link_targets_are_not_prose() {
        let src = "See [the story](https://example.com/Bolton) now.\n\n```\nSecretary Bolton\n```\n\n<!-- Bolton -->\n\nUse `Bolton` here.\n";
        let d = Document::new(src, Format::Markdown);
        assert_eq!(d.prose.len(), d.text.len());
        assert!(!d.prose.contains("Bolton"), "{}", d.prose);
        assert!(d.prose.contains("the story"));
        assert!(d.prose.contains("Use"));
    }

    #[test]
    fn positions_in_utf8_utf16_and_chars() {
        // "é" is 2 bytes/1 unit; "😀" is 4 bytes/2 UTF-16 units/1 char; "—" 3 bytes/1 unit.
        let d = Document::new("a\né😀 — Zelenskyy\n", Format::PlainText);
        let z = d.text.find('Z').expect("Z");
        assert_eq!(d.position(z, Encoding::Utf8), LineCol { line: 1, col: 11 });
        assert_eq!(d.position(z, Encoding::Utf16), LineCol { line: 1, col: 6 });
        assert_eq!(d.position(z, Encoding::Chars), LineCol { line: 1, col: 5 });
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            assert_eq!(d.offset(d.position(z, enc), enc), z);
        }
        // Past the end of a line clamps before the line break.
        assert_eq!(d.offset(LineCol { line: 0, col: 99 }, Encoding::Utf16), 1);
        assert_eq!(
            d.offset(LineCol { line: 9, col: 0 }, Encoding::Utf16),
            d.text.len()
        );
    }

    #[test]
    fn unwrapped_web_copy_splits_per_line_but_wrapped_prose_does_not() {
        let long = "x ".repeat(70);
        let d = Document::new(
            format!("{long}\n{long}\n\nshort wrapped\nline two\n"),
            Format::PlainText,
        );
        assert_eq!(d.paragraphs.len(), 3);
    }
}
