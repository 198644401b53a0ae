//! Property test: random incremental edits (inserts, deletes, replacements spanning
//! multi-byte characters and UTF-16 surrogate pairs), in both position encodings, leave the
//! server's rope byte-identical to a reference model of the client's text; the engine's
//! findings always lie inside the document.

use copydesk::document::{Document, Encoding, Format};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

const PIECES: &[&str] = &[
    "a",
    "Zelenskyy",
    " ",
    "\n",
    "é",
    "😀",
    "—",
    "“",
    "Ж",
    "\r\n",
    "Secretary of Defense John Bolton ",
    "ß",
    "👩‍👩‍👧",
    "Erdoğan",
];

/// The client's view: a position in `enc` units for a char index of `chars`.
fn position_of(chars: &[char], idx: usize, enc: Encoding) -> Position {
    let mut line = 0u32;
    let mut col = 0u32;
    let mut i = 0;
    while i < idx {
        let c = chars[i];
        if c == '\n' || (c == '\r' && chars.get(i + 1) != Some(&'\n')) {
            line += 1;
            col = 0;
        } else if c != '\r' {
            col += match enc {
                Encoding::Utf16 => c.len_utf16() as u32,
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Chars => 1,
            };
        }
        i += 1;
    }
    Position {
        line,
        character: col,
    }
}

fn run(enc: Encoding, seed: u64, edits: usize) {
    let mut rng = Lcg(seed);
    let mut model: Vec<char> = "Start — “quoted” 😀 text\nline two Ж\n".chars().collect();
    let mut rope = Rope::from_str(&model.iter().collect::<String>());
    for step in 0..edits {
        // Choose a char range on char boundaries, never splitting a "\r\n" pair.
        let len = model.len();
        let mut a = if len == 0 { 0 } else { rng.next() % (len + 1) };
        let mut b = (a + rng.next() % 6).min(len);
        let fix = |x: &mut usize| {
            if *x > 0 && *x < len && model[*x - 1] == '\r' && model[*x] == '\n' {
                *x += 1;
            }
        };
        fix(&mut a);
        fix(&mut b);
        let b = b.max(a);
        let text: String = (0..rng.next() % 3)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: position_of(&model, a, enc),
                end: position_of(&model, b, enc),
            }),
            range_length: None,
            text: text.clone(),
        };
        copydesk::lsp::apply_change(&mut rope, &change, enc);
        model.splice(a..b, text.chars());
        let expected: String = model.iter().collect();
        if rope.len_bytes() != expected.len() || step % 97 == 0 {
            assert_eq!(rope.to_string(), expected, "step {step} seed {seed}");
        }
    }
    let text: String = model.iter().collect();
    assert_eq!(rope.to_string(), text);
}

#[test]
fn random_edits_keep_the_rope_identical_to_the_client_text() {
    for (i, enc) in [Encoding::Utf16, Encoding::Utf8].into_iter().enumerate() {
        for seed in 0..5 {
            run(enc, 1000 * i as u64 + seed, 10_000);
        }
    }
}

#[test]
fn findings_lie_inside_the_document_after_random_edits() {
    let engine = copydesk::engine::Engine::new(copydesk::kb::Kb::builtin());
    let idx = copydesk::sources::SourceIndex::default();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
    let settings = copydesk::config::Settings::default();
    let mut rng = Lcg(9);
    let mut text = String::from(
        "Secretary of Defense John Bolton met Volodymyr Zelenskyy. Zelensky left.\n\n",
    );
    for _ in 0..300 {
        let piece = PIECES[rng.next() % PIECES.len()];
        let chars: Vec<char> = text.chars().collect();
        let at = rng.next() % (chars.len() + 1);
        text = chars[..at]
            .iter()
            .chain(piece.chars().collect::<Vec<_>>().iter())
            .chain(&chars[at..])
            .collect();
        let doc = Document::new(text.clone(), Format::Markdown);
        for d in engine.check(&doc, &idx, date, &settings) {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "{d:?}"
            );
            assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            for f in &d.fixes {
                assert!(copydesk::diagnostic::apply_edits(&text, &f.edits).is_some());
            }
        }
    }
}
