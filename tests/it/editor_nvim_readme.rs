//! The README's Neovim 0.7 `init.lua` (editors/nvim/README.md), as a user would paste it,
//! in Debian's headless Neovim 0.7: a missing source folder named in copydesk.toml reaches
//! the screen, the init.lua's settings merge with copydesk.toml, the documented keys are
//! mapped (`editors/nvim/test/readme.lua`). `#[ignore]`d (needs nvim); `.ci/run` runs it.

use std::process::Command;

use crate::common::editor::{nvim, nvim_summary, run_ok};

/// The first ```lua block after the "## Neovim 0.7" heading.
fn readme_init_lua() -> String {
    let readme = include_str!("../../editors/nvim/README.md");
    let at = readme.find("## Neovim 0.7").expect("0.7 section");
    let rest = &readme[at..];
    let start = rest.find("```lua\n").expect("lua block") + "```lua\n".len();
    let end = rest[start..].find("```").expect("block end");
    rest[start..start + end].to_string()
}

#[test]
#[ignore = "needs nvim"]
fn the_readme_init_lua_for_neovim_0_7_works_and_shows_problems() {
    let nvim = nvim();
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).expect("mkdir");
    std::fs::write(
        ws.join("copydesk.toml"),
        "sources = [\"missing\"]\n\n[spelling]\nprefer = [\"Sergei\"]\n",
    )
    .expect("write");
    let draft = ws.join("draft.txt");
    std::fs::write(
        &draft,
        "Sergey Lavrov met Volodymyr Zelenskyy. Zelensky left.\n",
    )
    .expect("write");
    let init = readme_init_lua()
        .replace("/path/to/copydesk", root)
        .replace(
            "{ \"copydesk\", \"lsp\" }",
            &format!("{{ \"{}\", \"lsp\" }}", env!("CARGO_BIN_EXE_copydesk")),
        );
    assert!(init.contains(env!("CARGO_BIN_EXE_copydesk")), "{init}");
    let init_path = dir.path().join("init.lua");
    std::fs::write(&init_path, init).expect("write init.lua");
    let text = run_ok(
        Command::new("timeout")
            .arg("120")
            .arg(&nvim)
            .args(["--headless", "-i", "NONE", "-n", "-u"])
            .arg(&init_path)
            .arg("-c")
            .arg(format!("luafile {root}/editors/nvim/test/readme.lua"))
            .current_dir(&ws)
            .env("COPYDESK_DRAFT", &draft)
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_STATE_HOME", dir.path().join("state")),
        "run nvim",
    );
    let summary = nvim_summary(&text);
    assert!(summary.ends_with(": 4 passed, 0 failed"), "{summary}");
}
