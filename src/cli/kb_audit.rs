//! `copydesk kb audit`: the knowledge-base records whose `source` is not on the trusted
//! list — primary sources (governments, parliaments, international organisations) and wire
//! services, from `data/trusted-domains.txt`, plus `trusted_domains` in copydesk.toml and
//! `--trusted DOMAIN`. A journalist trusts a record that cites the government or a wire
//! more than one citing an aggregator.

use std::io::Write;

use crate::kb::Kb;

/// The built-in trusted list (see the file for the pattern syntax).
pub const DEFAULT_TRUSTED: &str = include_str!("../../data/trusted-domains.txt");

/// Trusted domain patterns: `gov` (any host ending in `.gov`), `gov.uk`, `gov.*` (any one
/// last label after `gov`).
#[derive(Debug, Clone, Default)]
pub struct Trusted {
    entries: Vec<String>,
}

impl Trusted {
    /// The built-in list plus `extra` entries.
    pub fn new(extra: &[String]) -> Trusted {
        let mut t = Trusted::parse(DEFAULT_TRUSTED);
        t.entries.extend(
            extra
                .iter()
                .map(|e| normalise_entry(e))
                .filter(|e| !e.is_empty()),
        );
        t
    }

    /// Entries one a line; `#` starts a comment.
    pub fn parse(text: &str) -> Trusted {
        let entries = text
            .lines()
            .map(|l| normalise_entry(l.split('#').next().unwrap_or("")))
            .filter(|e| !e.is_empty())
            .collect();
        Trusted { entries }
    }

    pub fn contains(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let host = host.trim_end_matches('.');
        self.entries.iter().any(|e| matches_entry(host, e))
    }
}

fn normalise_entry(e: &str) -> String {
    e.trim()
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .to_ascii_lowercase()
}

fn matches_entry(host: &str, entry: &str) -> bool {
    let suffix = |h: &str, e: &str| h == e || h.ends_with(&format!(".{e}"));
    match entry.strip_suffix(".*") {
        Some(stem) => host
            .rsplit_once('.')
            .is_some_and(|(rest, _tld)| suffix(rest, stem)),
        None => suffix(host, entry),
    }
}

/// The host of an http(s) URL, lower-case, without `www.`, port or user info.
pub fn host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let h = authority.split(':').next()?.to_ascii_lowercase();
    let h = h.strip_prefix("www.").unwrap_or(&h).to_string();
    (!h.is_empty()).then_some(h)
}

/// One record citing an untrusted source.
#[derive(Debug, PartialEq, Eq)]
pub struct Flagged {
    pub file: String,
    pub office: String,
    pub holder: String,
    pub start: String,
    /// The source's host, or `None` when the source is not a web address.
    pub domain: Option<String>,
    pub source: String,
}

/// Every holder record whose source is not trusted, in KB order; and the number of records.
pub fn audit(kb: &Kb, trusted: &Trusted) -> (Vec<Flagged>, usize) {
    let mut flagged = Vec::new();
    let mut total = 0;
    for o in &kb.offices {
        for t in &o.terms {
            total += 1;
            let domain = host(&t.source);
            if domain.as_deref().is_some_and(|d| trusted.contains(d)) {
                continue;
            }
            flagged.push(Flagged {
                file: o.origin.clone(),
                office: o.id.clone(),
                holder: kb.persons[t.person].name.clone(),
                start: t.start.to_string(),
                domain,
                source: t.source.clone(),
            });
        }
    }
    (flagged, total)
}

/// Print the audit: one line per flagged record, then per-domain counts and a summary.
/// Exit 1 when some record is flagged.
pub fn report(flagged: &[Flagged], total: usize, out: &mut dyn Write) -> std::io::Result<()> {
    for f in flagged {
        writeln!(
            out,
            "{}: {} {} (from {}): {} <{}>",
            f.file,
            f.office,
            f.holder,
            f.start,
            f.domain.as_deref().unwrap_or("not a web address"),
            f.source
        )?;
    }
    let mut by_domain: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in flagged {
        *by_domain
            .entry(f.domain.as_deref().unwrap_or("(not a web address)"))
            .or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = by_domain.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !counts.is_empty() {
        let top: Vec<String> = counts
            .iter()
            .take(10)
            .map(|(d, n)| format!("{d} {n}"))
            .collect();
        writeln!(out, "most cited untrusted domains: {}", top.join(", "))?;
    }
    writeln!(
        out,
        "{} of {total} records cite a source outside the trusted list",
        flagged.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_extracted_without_www_port_or_user() {
        assert_eq!(
            host("https://www.State.gov/biographies/x?y").as_deref(),
            Some("state.gov")
        );
        assert_eq!(
            host("http://u@news.example.com:8080").as_deref(),
            Some("news.example.com")
        );
        assert_eq!(host("wikidata:Q42"), None);
    }

    #[test]
    fn patterns_match_on_label_boundaries() {
        let t = Trusted::parse("gov\ngov.*\nreuters.com # wire\n*.europa.eu\n");
        assert!(t.contains("state.gov"));
        assert!(t.contains("president.gov.ua"));
        assert!(t.contains("gov.pl"));
        assert!(t.contains("www.gov.uk"));
        assert!(t.contains("reuters.com"));
        assert!(t.contains("uk.reuters.com"));
        assert!(t.contains("commission.europa.eu"));
        assert!(!t.contains("notreuters.com"));
        assert!(!t.contains("gov.example.com"));
        assert!(!t.contains("wikipedia.org"));
    }

    #[test]
    fn builtin_list_covers_governments_agencies_and_wires_and_extra_domains_add() {
        let t = Trusted::new(&["Ansa.it".into()]);
        for h in [
            "whitehouse.gov",
            "gov.uk",
            "elysee.fr",
            "diplomatie.gouv.fr",
            "europa.eu",
            "un.org",
            "nato.int",
            "apnews.com",
            "afp.com",
            "bbc.co.uk",
            "bbc.com",
            "kremlin.ru",
            "ansa.it",
        ] {
            assert!(t.contains(h), "{h}");
        }
        assert!(!t.contains("en.wikipedia.org"));
        assert!(!t.contains("mnccertified.com"));
    }

    #[test]
    fn audit_flags_only_untrusted_sources() {
        let mut b = crate::kb::KbBuilder::default();
        b.add_str(
            "t.toml",
            r#"
[[person]]
name = "Ann Example"
[[person]]
name = "Bo Example"
[[office]]
id = "xx.pm"
country = "US"
title = "Prime Minister"
aliases = []
holders = [
  { name = "Ann Example", start = "2020-01-01", end = "2021-01-01", source = "https://www.state.gov/a" },
  { name = "Bo Example", start = "2021-01-01", source = "https://blog.example.com/b" },
]
"#,
        )
        .expect("kb");
        let kb = b.build().expect("build");
        let office = kb.offices.iter().find(|o| o.id == "xx.pm").expect("office");
        assert_eq!(office.terms.len(), 2);
        let (flagged, _) = audit(&kb, &Trusted::new(&[]));
        let mine: Vec<&Flagged> = flagged.iter().filter(|f| f.office == "xx.pm").collect();
        assert_eq!(
            mine,
            vec![&Flagged {
                file: "t.toml".into(),
                office: "xx.pm".into(),
                holder: "Bo Example".into(),
                start: "2021-01-01".into(),
                domain: Some("blog.example.com".into()),
                source: "https://blog.example.com/b".into(),
            }]
        );
    }
}
