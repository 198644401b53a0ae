//! Embeds every `kb/*.toml` file in the binary (see `src/kb.rs`).
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new("kb");
    println!("cargo:rerun-if-changed=kb");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("kb/ folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 file name");
        let abs = fs::canonicalize(f).expect("kb file path");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("kb_files.rs");
    fs::write(dest, out).expect("write kb_files.rs");
}
