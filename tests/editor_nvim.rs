//! The Neovim plugin (`editors/nvim`) in a real headless Neovim: opens seed 000, waits for
//! the three rules, hovers the Bolton finding, runs fix-all and checks the buffer
//! (`editors/nvim/test/run.lua`). Skipped when `nvim` is not installed, unless
//! `COPYDESK_REQUIRE_NVIM=1` (CI installs Debian's neovim and sets it).

use std::process::{Command, Stdio};

#[test]
fn neovim_plugin_end_to_end() {
    let nvim = std::env::var("COPYDESK_NVIM").unwrap_or_else(|_| "nvim".into());
    let present = Command::new(&nvim)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !present {
        assert!(
            std::env::var_os("COPYDESK_REQUIRE_NVIM").is_none(),
            "{nvim} not found"
        );
        eprintln!("{nvim} not found; skipped");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("timeout")
        .args([
            "120",
            &nvim,
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
    assert!(text.lines().any(|l| l == "7 passed, 0 failed"), "{text}");
}
