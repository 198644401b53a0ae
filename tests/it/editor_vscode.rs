//! The VS Code extension (`editors/vscode`): `npm ci`, type-check, esbuild bundle,
//! `vsce package`, and a Node test that drives `copydesk lsp` through `vscode-jsonrpc`
//! (`editors/vscode/test/run.sh`); with `COPYDESK_VSCODE_E2E=1`, also the packaged
//! extension in a real VS Code (code-server in headless Chromium, `test/e2e`).
//! `#[ignore]`d: it needs `npm` (`.ci/run` runs it with `--include-ignored`).

use std::process::Command;

use crate::common::editor::{require, run_ok};

#[test]
#[ignore = "needs npm (and code-server for the e2e part)"]
fn vscode_extension_builds_packages_and_talks_to_the_server() {
    require("npm");
    let root = env!("CARGO_MANIFEST_DIR");
    let stdout = run_ok(
        Command::new("bash")
            .arg("editors/vscode/test/run.sh")
            .current_dir(root)
            .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk")),
        "run editors/vscode/test/run.sh",
    );
    assert!(
        stdout.lines().any(|l| l == "vscode: all checks passed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("# pass 1") && stdout.contains("# fail 0"),
        "{stdout}"
    );
    if std::env::var("COPYDESK_VSCODE_E2E").is_ok_and(|v| v == "1") {
        assert!(stdout.contains("e2e: passed"), "{stdout}");
    }
}
