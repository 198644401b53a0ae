//! Issue 18, item 3: workspace problems reach the user, and client settings merge with
//! copydesk.toml. The real binary over stdio: a source folder that does not exist (from
//! the client's settings) and an empty one (from copydesk.toml) are each shown once with
//! `window/showMessage` — not again at the next reload — the copydesk.toml one also as a
//! diagnostic on the line of `sources`; the client's house style adds to the file's, and
//! the file's sources stay in use.

use std::time::Duration;

use crate::common::stdio::{Client, findings};
use serde_json::{Value, json};

const CONFIG: &str =
    "date = 2025-08-20\nsources = [\"sources\", \"empty\"]\n\n[spelling]\nprefer = [\"Sergei\"]\n";

fn shown(c: &Client, needle: &str) -> usize {
    c.seen
        .iter()
        .filter(|m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(needle))
        })
        .count()
}

fn messages(d: &Value) -> Vec<String> {
    findings(d)
        .iter()
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn missing_and_empty_source_folders_are_shown_once_and_settings_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("sources")).expect("mkdir");
    std::fs::create_dir_all(root.join("empty")).expect("mkdir");
    std::fs::write(
        root.join("sources/a.txt"),
        "Foreign Minister Sergei Lavrov spoke.\n",
    )
    .expect("write");
    std::fs::write(root.join("copydesk.toml"), CONFIG).expect("write");
    let settings = json!({"sources": ["missing"], "spelling": {"prefer": ["Zelenskyy"]}});
    let mut c = Client::start(root);
    c.initialize(root, json!({}), settings.clone());
    let root_uri = format!("file://{}", root.display());
    let draft = format!("{root_uri}/draft.md");
    c.open(
        &draft,
        "Sergey Lavrov met Volodymyr Zelenskyy. Later Zelensky left.\n",
    );
    let d = messages(&c.diagnostics(&draft, None, Duration::from_secs(10)));
    // Merge: the file's house style (Sergei) and the client's (Zelenskyy) both apply, and
    // the file's sources are still read although the client names another folder.
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(
        d.iter()
            .any(|m| m.starts_with("'Sergey'") && m.contains("'Sergei'") && m.contains("(a)")),
        "{d:#?}"
    );
    assert!(
        d.iter()
            .any(|m| m.starts_with("'Zelensky'") && m.contains("'Zelenskyy'")),
        "{d:#?}"
    );
    // The config file's diagnostic: on the line of `sources` (0-based line 1).
    let cfg = c.diagnostics(
        &format!("{root_uri}/copydesk.toml"),
        None,
        Duration::from_secs(10),
    );
    let cd = findings(&cfg);
    assert_eq!(cd.len(), 1, "{cfg}");
    assert_eq!(cd[0]["range"]["start"]["line"], 1);
    assert_eq!(cd[0]["severity"], 2);
    let empty = format!(
        "source folder {}/empty (from copydesk.toml) has no .txt, .md or .markdown files",
        root.display()
    );
    assert!(
        cd[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(&empty)),
        "{cfg}"
    );
    // A reload with the same problems (the client re-sends its settings): no new message.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": settings}}),
    );
    let _ = c.diagnostics(
        &format!("{root_uri}/copydesk.toml"),
        None,
        Duration::from_secs(10),
    );
    c.drain(Duration::from_millis(500));
    let missing = format!(
        "copydesk: source folder {}/missing (from the editor's settings) does not exist: drafts are checked without its sources",
        root.display()
    );
    assert_eq!(shown(&c, &missing), 1, "{:#?}", c.seen);
    assert_eq!(shown(&c, &empty), 1, "{:#?}", c.seen);
    // Fixed, then broken again: shown again.
    std::fs::write(root.join("empty/b.txt"), "Nothing here.\n").expect("write");
    std::fs::write(
        root.join("copydesk.toml"),
        CONFIG.replace("\"empty\"", "\"gone\""),
    )
    .expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/copydesk.toml"), "type": 2}]}),
    );
    let cfg = c.diagnostics(
        &format!("{root_uri}/copydesk.toml"),
        None,
        Duration::from_secs(10),
    );
    assert!(
        findings(&cfg)[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("/gone (from copydesk.toml) does not exist")),
        "{cfg}"
    );
    c.drain(Duration::from_millis(300));
    assert_eq!(shown(&c, &missing), 1, "{:#?}", c.seen);
    assert_eq!(shown(&c, "/gone (from copydesk.toml) does not exist"), 1);
}

#[test]
fn a_kb_file_that_does_not_load_is_shown_and_marked_in_the_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join("newsroom-kb.toml"), "[[office]]\nbogus = 1\n").expect("write");
    std::fs::write(root.join("copydesk.toml"), "kb = [\"newsroom-kb.toml\"]\n").expect("write");
    let mut c = Client::start(root);
    c.initialize(root, json!({}), Value::Null);
    let root_uri = format!("file://{}", root.display());
    let cfg = c.diagnostics(
        &format!("{root_uri}/copydesk.toml"),
        None,
        Duration::from_secs(10),
    );
    let cd = findings(&cfg);
    assert_eq!(cd.len(), 1, "{cfg}");
    assert_eq!(cd[0]["range"]["start"]["line"], 0);
    let m = cd[0]["message"].as_str().unwrap_or_default();
    assert!(
        m.starts_with(&format!(
            "knowledge base {}/newsroom-kb.toml:",
            root.display()
        )) && m.ends_with("(from copydesk.toml; the last good knowledge base is still in use)"),
        "{m}"
    );
    c.drain(Duration::from_millis(300));
    let shown_kb = c
        .seen
        .iter()
        .filter(|x| {
            x["method"] == "window/showMessage"
                && x["params"]["type"] == 1
                && x["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("newsroom-kb.toml"))
        })
        .count();
    assert_eq!(shown_kb, 1, "{:#?}", c.seen);
}

#[test]
fn a_bad_client_setting_is_shown_once_as_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let bad = json!({"bogus": 1});
    let mut c = Client::start(root);
    c.initialize(root, json!({}), bad.clone());
    let first = c.wait(|m| m["method"] == "window/showMessage");
    assert_eq!(first["params"]["type"], 1, "{first}");
    let text = first["params"]["message"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("copydesk: client settings: ")
            && text.contains("bogus")
            && text.ends_with("(keeping the last good configuration)"),
        "{text}"
    );
    // The same bad setting again: not shown again.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": bad}}),
    );
    c.drain(Duration::from_millis(500));
    assert_eq!(shown(&c, "client settings"), 0, "{:#?}", c.seen);
}

/// Issue 17: `kb.max_age_days` — a knowledge base older than that is shown once with
/// `window/showMessage`, not again at a reload with the same settings.
#[test]
fn an_old_knowledge_base_is_shown_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("copydesk.toml"),
        "date = 2025-08-20\n\n[kb]\nmax_age_days = 0\n",
    )
    .expect("write");
    let mut c = Client::start(root);
    c.initialize(root, json!({}), json!({}));
    let draft = format!("file://{}/draft.md", root.display());
    c.open(&draft, "Secretary of Defense John Bolton spoke.\n");
    let _ = c.diagnostics(&draft, None, Duration::from_secs(10));
    c.drain(Duration::from_millis(500));
    let needle = "copydesk: the knowledge base is ";
    assert_eq!(shown(&c, needle), 1, "{:#?}", c.seen);
    assert_eq!(
        shown(&c, " days old (as of 2025-10-31; kb.max_age_days = 0): "),
        1
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {}}}),
    );
    let _ = c.diagnostics(&draft, None, Duration::from_secs(10));
    c.drain(Duration::from_millis(500));
    assert_eq!(shown(&c, needle), 1, "{:#?}", c.seen);
    // Unset: no message.
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let mut c = Client::start(root);
    c.initialize(root, json!({}), json!({}));
    let draft = format!("file://{}/draft.md", root.display());
    c.open(&draft, "Secretary of Defense John Bolton spoke.\n");
    let _ = c.diagnostics(&draft, None, Duration::from_secs(10));
    c.drain(Duration::from_millis(500));
    assert_eq!(shown(&c, needle), 0, "{:#?}", c.seen);
}
