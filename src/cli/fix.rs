//! `copydesk fix`: apply safe fixes in place, atomically (temp file + rename), or print a
//! unified diff with `--dry-run`. Files without applicable fixes are never touched.

use std::io::Write;
use std::path::Path;

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Run};
use crate::diagnostic::{apply_edits, safe_edits};

/// Write `text` to `path` through a temporary file in the same folder and a rename, keeping
/// the file's permissions. On any failure the original is untouched and no temp file remains.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

pub fn apply(run: &Run, dry_run: bool, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut failed = run.had_error;
    let mut changed = 0;
    let mut remaining = 0;
    for r in &run.reports {
        let edits = safe_edits(&r.diagnostics);
        remaining += r.diagnostics.len();
        if edits.is_empty() {
            continue;
        }
        let Some(fixed) = apply_edits(&r.doc.text, &edits) else {
            let _ = writeln!(
                stderr,
                "error: {}: fixes overlap; file left unchanged",
                r.path.display()
            );
            failed = true;
            continue;
        };
        if fixed == r.doc.text {
            continue;
        }
        remaining -= r
            .diagnostics
            .iter()
            .filter(|d| d.fixes.iter().any(|f| f.is_safe()))
            .count();
        changed += 1;
        if dry_run {
            let name = r.path.display().to_string();
            let diff = similar::TextDiff::from_lines(&r.doc.text, &fixed);
            let _ = write!(
                stdout,
                "{}",
                diff.unified_diff()
                    .context_radius(1)
                    .header(&format!("a/{name}"), &format!("b/{name}"))
            );
        } else if let Err(e) = write_atomic(&r.path, &fixed) {
            let _ = writeln!(
                stderr,
                "error: {}: cannot write ({e}); file left unchanged",
                r.path.display()
            );
            failed = true;
        } else {
            let _ = writeln!(stderr, "fixed {}", r.path.display());
        }
    }
    let verb = if dry_run { "would fix" } else { "fixed" };
    let _ = writeln!(
        stderr,
        "{verb} {changed} file{}; {remaining} finding{} need a human",
        if changed == 1 { "" } else { "s" },
        if remaining == 1 { "" } else { "s" }
    );
    if failed {
        EXIT_ERROR
    } else if remaining > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_the_original_untouched_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // The target is a non-empty folder: the rename fails.
        let target = dir.path().join("draft.md");
        std::fs::create_dir(&target).expect("mkdir");
        std::fs::write(target.join("keep.txt"), "original").expect("write");
        assert!(write_atomic(&target, "new text").is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("keep.txt")).expect("read"),
            "original"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("draft.md")]);
    }

    #[test]
    fn atomic_write_replaces_content() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").expect("write");
        write_atomic(&p, "new").expect("write_atomic");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "new");
    }
}
