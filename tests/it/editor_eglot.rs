//! Emacs eglot with the setup from `editors/README.md` (`editors/emacs/test.el`), batch
//! mode on a copy of the seeds: the three rules as flymake diagnostics, initializationOptions
//! reaching the server (a severity override), hover, `source.fixAll.copydesk`. `#[ignore]`d:
//! it needs `emacs` (`.ci/run` installs emacs-nox elpa-eglot and runs it with `--include-ignored`).

use std::process::Command;

use crate::common::editor::{require, run_ok};

#[test]
#[ignore = "needs emacs with eglot"]
fn eglot_setup_from_the_readme_works() {
    require("emacs");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).expect("ws");
    for e in std::fs::read_dir(root.join("seeds"))
        .expect("seeds")
        .flatten()
    {
        // Written afresh (not copied) so that the copies are writable.
        let text = std::fs::read(e.path()).expect("read seed");
        std::fs::write(ws.join(e.file_name()), text).expect("write seed copy");
    }
    let text = run_ok(
        Command::new("timeout")
            .args(["120", "emacs", "--batch", "-l"])
            .arg(root.join("editors/emacs/test.el"))
            .current_dir(dir.path())
            .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk"))
            .env("HOME", dir.path()),
        "run emacs",
    );
    assert!(!text.contains("FAIL"), "{text}");
    assert!(text.contains(": all passed"), "{text}");
    assert!(
        text.lines().filter(|l| l.starts_with("ok ")).count() >= 9,
        "{text}"
    );
}
