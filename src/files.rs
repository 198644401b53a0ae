//! Expanding command-line paths into the files to check.

use std::path::{Path, PathBuf};

/// File extensions copydesk reads as drafts or sources.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

pub fn is_draft_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A file is itself; a folder expands (recursively, skipping hidden entries) to its
/// `.md`/`.markdown`/`.txt` files in sorted order. A missing path is an error naming it.
pub fn expand(path: &Path) -> Result<Vec<PathBuf>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("{}: {}", dir.display(), io_reason(&e)))?;
        for e in entries.flatten() {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if is_draft_file(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
