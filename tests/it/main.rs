//! The integration tests, in one binary so the suite links once (issue 13): one module per
//! former `tests/X.rs`, run one alone with `cargo test --release --test it X` (a name filter).
//! Shared helpers live in `common` (`tests/it/common/`). Data stays in `tests/fixtures`,
//! `tests/golden`, `tests/data` and `tests/html`, found through `CARGO_MANIFEST_DIR`.

mod common;

mod acting_terms;
mod baseline_shard;
mod caveat_last;
mod ci_formats;
mod cli;
mod dev_set;
mod edit_model;
mod editor_eglot;
mod editor_nvim;
mod editor_nvim_readme;
mod editor_vscode;
mod fact_cache;
mod fix_idempotence;
mod hover_sentences;
mod html_report;
mod inconsistent_spelling;
mod init_and_audit;
mod kb_build;
mod kb_cli;
mod kb_conflicts;
mod kb_freshness;
mod kb_import_live;
mod kb_validation;
mod lsp;
mod lsp_e2e;
mod lsp_problems;
mod misattributed_title;
mod off_topic_paragraph;
mod office_rank;
mod plain_text_ignore;
mod protocol_abuse;
mod spelling_groups;
mod title_precision;
mod world_index;
