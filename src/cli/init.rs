//! `copydesk init`: writes a commented `copydesk.toml` for a folder — its `sources/`
//! folder when there is one, the date setting, and a house style from the majority
//! spellings of names in the folder's drafts and sources (the same spelling counts the
//! inconsistent-spelling rule reports). Never overwrites an existing file.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::config::FILE_NAME;
use crate::engine::Engine;
use crate::kb::Kb;
use crate::sources::SourceIndex;

/// At most this many house-style spellings are proposed.
const MAX_PREFER: usize = 20;

/// One name spelled several ways: the majority spelling and every spelling's count.
#[derive(Debug, PartialEq, Eq)]
pub struct HouseStyle {
    pub prefer: String,
    pub counts: Vec<(String, usize)>,
}

/// Names spelled more than one way in the index, with a clear majority spelling (ties and
/// case-only differences are left out), most frequent names first.
pub fn house_style(index: &SourceIndex) -> Vec<HouseStyle> {
    let mut out = Vec::new();
    for per in index.spellings.values() {
        let mut counts: Vec<(String, usize)> = per
            .iter()
            .filter(|(sp, _)| sp.chars().any(char::is_lowercase))
            .map(|(sp, n)| (sp.clone(), n.iter().map(|(_, c)| c).sum()))
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // Case-only variants ("McCain"/"Mccain") are not a spelling choice.
        let mut seen = Vec::new();
        counts.retain(|(sp, _)| {
            let l = sp.to_lowercase();
            let new = !seen.contains(&l);
            seen.push(l);
            new
        });
        if counts.len() < 2 || counts[0].1 == counts[1].1 {
            continue;
        }
        out.push(HouseStyle {
            prefer: counts[0].0.clone(),
            counts,
        });
    }
    out.sort_by(|a, b| {
        let total = |h: &HouseStyle| h.counts.iter().map(|c| c.1).sum::<usize>();
        total(b).cmp(&total(a)).then(a.prefer.cmp(&b.prefer))
    });
    out.truncate(MAX_PREFER);
    out
}

/// The commented config text.
pub fn config_text(has_sources: bool, today: NaiveDate, style: &[HouseStyle]) -> String {
    let mut s = String::from(
        "# copydesk.toml, written by `copydesk init`. Paths are relative to this file.\n\
         # Every key is optional; see README.md (\"Configuration\") for the full list.\n\n",
    );
    if has_sources {
        s.push_str("# Folders of source articles the drafts are written from.\nsources = [\"sources\"]\n\n");
    } else {
        s.push_str("# Folders of source articles the drafts are written from (none found here).\n# sources = [\"sources\"]\n\n");
    }
    let _ = write!(
        s,
        "# The article date titles are checked against. Without it, a draft's front matter\n\
         # `date:` is used, else the day of the check. Set it for an edition, or per file:\n\
         # date = {today}\n\
         # [dates]\n\
         # \"{}-*.md\" = {today}\n\n",
        today.format("%Y-%m-%d")
    );
    s.push_str("# Paths not to check (globs).\n# ignore = [\"archive/**\"]\n\n");
    s.push_str(
        "# House style: the spelling to use when a name is spelled several ways.\n[spelling]\n",
    );
    if style.is_empty() {
        s.push_str("# No name is spelled several ways in this folder yet.\nprefer = []\n");
    } else {
        s.push_str("# Proposed from the majority spellings in this folder's drafts and sources.\nprefer = [\n");
        for h in style {
            let seen: Vec<String> = h
                .counts
                .iter()
                .map(|(sp, n)| format!("{sp} {n}×"))
                .collect();
            let _ = writeln!(s, "  {:?}, # {}", h.prefer, seen.join(", "));
        }
        s.push_str("]\n");
    }
    let _ = write!(
        s,
        "\n# Per-rule settings (rules: `copydesk rules`).\n\
         # [rules.{}]\n\
         # enabled = true\n\
         # severity = \"warning\"   # error | warning | info\n",
        crate::rules::ids::OFF_TOPIC_PARAGRAPH
    );
    s
}

/// `copydesk init [DIR]`.
pub fn run(dir: &Path, today: NaiveDate, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let target = dir.join(FILE_NAME);
    if target.exists() {
        let _ = writeln!(
            stderr,
            "error: {} already exists; not overwritten (remove it first to start again)",
            target.display()
        );
        return EXIT_ERROR;
    }
    if !dir.is_dir() {
        let _ = writeln!(stderr, "error: {}: not a folder", dir.display());
        return EXIT_ERROR;
    }
    let has_sources = dir.join("sources").is_dir();
    let engine = Engine::new(Kb::builtin());
    let (index, _) = engine.index_sources(&[PathBuf::from(dir)]);
    let style = house_style(&index);
    let text = config_text(has_sources, today, &style);
    if let Err(e) = write_new(&target, &text) {
        let _ = writeln!(stderr, "error: {}: {e}", target.display());
        return EXIT_ERROR;
    }
    let _ = writeln!(
        stdout,
        "wrote {} ({} files read; sources: {}; {} house-style spelling{})",
        target.display(),
        index.sources.len(),
        if has_sources {
            "sources/"
        } else {
            "none found"
        },
        style.len(),
        if style.len() == 1 { "" } else { "s" }
    );
    EXIT_CLEAN
}

/// Create the file, failing if it appeared meanwhile.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn index(texts: &[&str]) -> SourceIndex {
        let engine = Engine::new(Kb::builtin());
        let docs = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (PathBuf::from(format!("{i}.txt")), t.to_string()))
            .collect();
        SourceIndex::from_texts(docs, &engine.extractor)
    }

    #[test]
    fn the_majority_spelling_becomes_house_style() {
        let idx = index(&[
            "President Volodymyr Zelenskyy met aides. Zelenskyy said so.\n",
            "Volodymyr Zelensky spoke. Later Zelenskyy agreed.\n",
        ]);
        let style = house_style(&idx);
        let z = style
            .iter()
            .find(|h| h.prefer == "Zelenskyy")
            .expect("Zelenskyy");
        assert_eq!(
            z.counts,
            vec![("Zelenskyy".to_string(), 3), ("Zelensky".to_string(), 1)]
        );
    }

    #[test]
    fn the_written_config_parses_and_keeps_the_house_style() {
        let style = vec![HouseStyle {
            prefer: "Zelenskyy".into(),
            counts: vec![("Zelenskyy".into(), 3), ("Zelensky".into(), 1)],
        }];
        let day = NaiveDate::from_ymd_opt(2025, 8, 20).expect("date");
        let text = config_text(true, day, &style);
        assert!(text.contains("  \"Zelenskyy\", # Zelenskyy 3×, Zelensky 1×\n"));
        assert!(text.contains("# date = 2025-08-20\n"));
        let s = Settings::parse(Path::new("/news/copydesk.toml"), &text).expect("parses");
        assert_eq!(s.spelling_prefer, vec!["Zelenskyy".to_string()]);
        assert_eq!(s.sources, vec![PathBuf::from("/news/sources")]);
        let s = Settings::parse(Path::new("/n/copydesk.toml"), &config_text(false, day, &[]))
            .expect("parses");
        assert!(s.sources.is_empty() && s.spelling_prefer.is_empty());
    }
}
