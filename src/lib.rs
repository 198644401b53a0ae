//! copydesk: a fact-check engine for news drafts.
//!
//! See ARCHITECTURE.md for the map. The flow: [`document::Document`] (text, front matter,
//! prose) → [`extract::Extractor`] (names, titles, attachments) → [`rules`] with the
//! [`kb::Kb`] and the [`sources::SourceIndex`] → [`diagnostic::Diagnostic`]s, driven by
//! [`engine::Engine`]. Front ends (the CLI in `main.rs` and [`cli`]) format the results.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod extract;
pub mod facts;
pub mod files;
pub mod hover;
pub mod kb;
pub mod lsp;
pub mod person;
pub mod rules;
pub mod session;
pub mod sources;
pub mod text;
pub mod topic;
pub mod wordlists;
