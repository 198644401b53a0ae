//! Running real editors (and their tool chains) for the `editor_*` tests: each needs a
//! program that `.ci/run` installs, and fails, rather than passes, when it is missing.

use std::process::{Command, Stdio};

/// Assert that `program --version` runs.
pub fn require(program: &str) {
    let present = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        present,
        "{program} not found (this test needs it; see .ci/run)"
    );
}

/// Run `cmd` with stdin closed (`what` names it if it cannot start), print its stdout and
/// assert that it exited 0 (showing stdout and stderr if not); its stdout.
pub fn run_ok(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}");
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Debian's Neovim, or the one `COPYDESK_NVIM` names.
pub fn nvim() -> String {
    std::env::var("COPYDESK_NVIM").unwrap_or_else(|_| "nvim".into())
}

/// The summary line of a Neovim test script: "nvim 0.11.4: 8 passed, 0 failed".
pub fn nvim_summary(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("nvim "))
        .unwrap_or_else(|| panic!("no summary line in\n{text}"))
}
