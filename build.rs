//! Embeds every `kb/*.toml` file in the binary (see `src/kb/mod.rs`): the TOML text (for
//! validation and error messages) and the same data pre-converted to JSON, which loads
//! several times faster than TOML at start-up.
use std::fs;
use std::path::Path;

/// `cfg(copydesk_chromium)` when the HTML report can be tested in a real browser
/// (tests/it/html_report.rs): Debian's Chromium is installed, `$CHROMIUM` names one, or CI
/// requires the test. Otherwise that test is `#[ignore]`d, so the summary shows it skipped.
fn chromium_cfg() {
    println!("cargo:rustc-check-cfg=cfg(copydesk_chromium)");
    println!("cargo:rerun-if-env-changed=COPYDESK_REQUIRE_HTML");
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    println!("cargo:rerun-if-changed=/usr/bin");
    let present = std::env::var_os("CHROMIUM")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into())
        .exists();
    if present || std::env::var_os("COPYDESK_REQUIRE_HTML").is_some() {
        println!("cargo:rustc-cfg=copydesk_chromium");
    }
}

fn main() {
    chromium_cfg();
    let dir = Path::new("kb");
    println!("cargo:rerun-if-changed=kb");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("kb/ folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let mut toml_list = String::from("&[\n");
    let mut json_list = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name");
        let abs = fs::canonicalize(f).expect("kb file path");
        toml_list.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
        // A file that does not parse is embedded as JSON null; loading reports it from the TOML.
        let text = fs::read_to_string(f).expect("read kb file");
        let json = toml::from_str::<toml::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .unwrap_or_else(|| "null".into());
        let json_path = Path::new(&out_dir).join(format!("{name}.json"));
        fs::write(&json_path, json).expect("write json");
        json_list.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            json_path.display().to_string()
        ));
    }
    toml_list.push_str("]\n");
    json_list.push_str("]\n");
    fs::write(Path::new(&out_dir).join("kb_files.rs"), toml_list).expect("write kb_files.rs");
    fs::write(Path::new(&out_dir).join("kb_json.rs"), json_list).expect("write kb_json.rs");
}
