//! `copydesk kb import --from-sparql`: a small live extract of Wikidata's "position held"
//! (P39) statements, fetched from the Wikidata Query Service over HTTPS, for the positions
//! of one country (`--country FR`) or for one position (`--office Q7330070`).
//!
//! The query selects exactly what [`super::import::from_sparql_json`] reads: `?person`,
//! `?personLabel`, `?position`, `?positionLabel`, `?start`, `?end` and `?countryCode` (plus
//! `?countryLabel` for one position, whose country may be an organisation without an ISO
//! code). As `copydesk kb build` does with a dump: deprecated statements are left out, and so
//! is a term whose start or end is not known to the day (precision 11) or whose end is an
//! "unknown value"; a term without an end is open. Labels come in the `--lang` languages in
//! order, then `mul`; a person or position without one is reported and skipped by the import.

use std::time::Duration;

use super::Kb;

/// The Wikidata Query Service.
pub const DEFAULT_ENDPOINT: &str = "https://query.wikidata.org/sparql";

/// Seconds to wait for the whole answer (the service itself stops a query after 60 s).
pub const DEFAULT_TIMEOUT_SECS: u64 = 120;

/// Wikidata's User-Agent policy asks for the client's name, version and a contact URL.
pub const USER_AGENT: &str = concat!(
    "copydesk/",
    env!("CARGO_PKG_VERSION"),
    " (https://github.com/copydesk/copydesk; fact-check language server) ureq/3"
);

/// The largest answer read (a big country's extract is tens of MB).
const MAX_BODY: u64 = 1 << 30;

/// What to extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The positions whose country (P17) or jurisdiction (P1001) is one of `qids`;
    /// their offices get `code`.
    Country { code: String, qids: Vec<String> },
    /// One position (`Q7330070`).
    Office { qid: String },
}

/// A `--country` argument (a code, name or adjective from `kb/countries.toml`) as a scope.
pub fn country_scope(kb: &Kb, arg: &str) -> Result<Scope, String> {
    let arg = arg.trim();
    let country = kb
        .countries
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(arg))
        .or_else(|| kb.country_for(arg))
        .ok_or_else(|| {
            format!("unknown country `{arg}`: give a code from kb/countries.toml (FR, US, ...)")
        })?;
    if country.wikidata.is_empty() {
        return Err(format!(
            "{} has no Wikidata item in kb/countries.toml; use --office QID for one of its positions",
            country.code
        ));
    }
    let qids = country
        .wikidata
        .iter()
        .map(|q| qid(q))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scope::Country {
        code: country.code.clone(),
        qids,
    })
}

/// A Wikidata item id from `Q7330070`, `wd:Q7330070` or its entity or wiki URL.
pub fn qid(arg: &str) -> Result<String, String> {
    let s = arg.trim();
    let s = s.split(['#', '?']).next().unwrap_or(s);
    let tail = s.rsplit(['/', ':']).next().unwrap_or(s);
    match tail.strip_prefix(['Q', 'q']) {
        Some(n)
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0') =>
        {
            Ok(format!("Q{n}"))
        }
        _ => Err(format!(
            "`{arg}` is not a Wikidata item id (Q followed by digits, e.g. Q7330070)"
        )),
    }
}

/// Check label languages (they go into the query): `en`, `fr`, `zh-hans`.
pub fn check_languages(languages: &[String]) -> Result<(), String> {
    for l in languages {
        let ok = !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && l.as_bytes()[0].is_ascii_alphabetic();
        if !ok {
            return Err(format!("`{l}` is not a language code (en, fr, zh-hans)"));
        }
    }
    Ok(())
}

/// `?var` bound to the label of `?item` in the first of `languages` (then `mul`) that has
/// one; unbound when none has.
fn label(item: &str, var: &str, languages: &[String]) -> String {
    let mut langs: Vec<&str> = languages.iter().map(String::as_str).collect();
    if !langs.contains(&"mul") {
        langs.push("mul");
    }
    let mut out = String::new();
    let mut vars = Vec::new();
    for (i, l) in langs.iter().enumerate() {
        let v = format!("?{var}{i}");
        out.push_str(&format!(
            "  OPTIONAL {{ ?{item} rdfs:label {v} . FILTER(LANG({v}) = \"{l}\") }}\n"
        ));
        vars.push(v);
    }
    out.push_str(&format!(
        "  BIND(COALESCE({}) AS ?{var})\n",
        vars.join(", ")
    ));
    out
}

/// The SPARQL query for `scope`, labels in `languages` (checked by [`check_languages`]).
pub fn query(scope: &Scope, languages: &[String]) -> String {
    let (comment, select_country, positions) = match scope {
        Scope::Country { code, qids } => {
            let values: Vec<String> = qids.iter().map(|q| format!("wd:{q}")).collect();
            (
                format!("the positions of {code} ({})", qids.join(", ")),
                "?countryCode",
                format!(
                    "  VALUES ?country {{ {} }}\n  {{ ?position wdt:P17 ?country . }} UNION {{ ?position wdt:P1001 ?country . }}\n  BIND(\"{code}\" AS ?countryCode)\n",
                    values.join(" ")
                ),
            )
        }
        Scope::Office { qid } => (
            format!("the position {qid}"),
            "?countryCode ?countryLabel",
            format!(
                "  VALUES ?position {{ wd:{qid} }}\n  OPTIONAL {{\n    {{ ?position wdt:P17 ?country . }}\n    UNION {{ ?position wdt:P1001 ?country . FILTER NOT EXISTS {{ ?position wdt:P17 [] }} }}\n  }}\n  OPTIONAL {{ ?country wdt:P297 ?countryCode . }}\n  OPTIONAL {{ ?country rdfs:label ?countryLabel . FILTER(LANG(?countryLabel) = \"en\") }}\n"
            ),
        ),
    };
    format!(
        "# copydesk {version} kb import --from-sparql: \"position held\" (P39) terms of {comment}\n\
         {PREFIXES}SELECT DISTINCT ?person ?personLabel ?position ?positionLabel ?start ?end {select_country} WHERE {{\n\
         {positions}{TERMS}{person_label}{position_label}}}\n",
        version = env!("CARGO_PKG_VERSION"),
        person_label = label("person", "personLabel", languages),
        position_label = label("position", "positionLabel", languages),
    )
}

/// Declared, for endpoints other than Wikidata's own (which knows them already).
const PREFIXES: &str = concat!(
    "PREFIX wd: <http://www.wikidata.org/entity/>\n",
    "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n",
    "PREFIX p: <http://www.wikidata.org/prop/>\n",
    "PREFIX ps: <http://www.wikidata.org/prop/statement/>\n",
    "PREFIX pq: <http://www.wikidata.org/prop/qualifier/>\n",
    "PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>\n",
    "PREFIX wikibase: <http://wikiba.se/ontology#>\n",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n",
);

/// The P39 statements of `?position` with their dates: not deprecated, the start to the
/// day, the end to the day or absent (an "unknown value" end leaves the term out).
const TERMS: &str = concat!(
    "  ?person p:P39 ?statement .\n",
    "  ?statement ps:P39 ?position ;\n",
    "             wikibase:rank ?rank ;\n",
    "             pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] .\n",
    "  FILTER(?rank != wikibase:DeprecatedRank && ?startPrecision >= 11)\n",
    "  OPTIONAL { ?statement pq:P582 ?endValue . }\n",
    "  OPTIONAL { ?statement pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] . }\n",
    "  FILTER(!BOUND(?endValue) || (BOUND(?endPrecision) && ?endPrecision >= 11))\n",
);

/// An answer of the query service.
#[derive(Debug)]
pub struct Answer {
    pub body: String,
    /// Its `Content-Type` ("" when none was given).
    pub content_type: String,
}

/// GET `endpoint?query=…` with `Accept: application/sparql-results+json` and copydesk's
/// User-Agent, waiting at most `timeout` for the whole answer. An HTTP error status, a
/// timeout or a failed connection is an `Err` that says which.
pub fn fetch(endpoint: &str, query: &str, timeout: Duration) -> Result<Answer, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into();
    let mut resp = agent
        .get(endpoint)
        .query("query", query)
        .header("Accept", "application/sparql-results+json")
        .call()
        .map_err(|e| http_error(&e, timeout))?;
    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = resp
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .lossy_utf8(true)
        .read_to_string()
        .map_err(|e| http_error(&e, timeout))?;
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        let what = if body.contains("TimeoutException") {
            " (the query service stopped the query at its time limit: try --office, or a smaller country)".to_string()
        } else {
            excerpt(&body)
        };
        return Err(format!("HTTP {} {reason}{what}", status.as_u16()));
    }
    Ok(Answer { body, content_type })
}

/// The first line of an error page, shortened: `: <first line>`, or "" when empty.
fn excerpt(body: &str) -> String {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty());
    match line {
        Some(l) if l.chars().count() > 200 => {
            format!(": {}…", l.chars().take(200).collect::<String>())
        }
        Some(l) => format!(": {l}"),
        None => String::new(),
    }
}

fn http_error(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (timeout; --timeout SECS waits longer)",
            timeout.as_secs()
        ),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Io(io) => format!("cannot connect or read: {io}"),
        ureq::Error::BadUri(u) => format!("not a valid URL: {u}"),
        ureq::Error::BodyExceedsLimit(n) => format!("the answer is larger than {n} bytes"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qids_are_read_from_ids_and_urls() {
        assert_eq!(qid("Q7330070"), Ok("Q7330070".into()));
        assert_eq!(qid("wd:Q142"), Ok("Q142".into()));
        assert_eq!(qid("http://www.wikidata.org/entity/Q30"), Ok("Q30".into()));
        assert_eq!(
            qid("https://www.wikidata.org/wiki/Q11696#P39"),
            Ok("Q11696".into())
        );
        assert_eq!(
            qid("P39"),
            Err("`P39` is not a Wikidata item id (Q followed by digits, e.g. Q7330070)".into())
        );
        assert!(qid("Q").is_err());
        assert!(qid("Q12x").is_err());
    }

    #[test]
    fn countries_come_from_the_kb_table() {
        let kb = Kb::builtin();
        assert_eq!(
            country_scope(&kb, "fr"),
            Ok(Scope::Country {
                code: "FR".into(),
                qids: vec!["Q142".into()]
            })
        );
        assert_eq!(
            country_scope(&kb, "Dutch"),
            Ok(Scope::Country {
                code: "NL".into(),
                qids: vec!["Q55".into(), "Q29999".into()]
            })
        );
        assert_eq!(
            country_scope(&kb, "US"),
            Ok(Scope::Country {
                code: "US".into(),
                qids: vec!["Q30".into()]
            })
        );
        assert_eq!(
            country_scope(&kb, "IMF"),
            Err("IMF has no Wikidata item in kb/countries.toml; use --office QID for one of its positions".into())
        );
        assert_eq!(
            country_scope(&kb, "Atlantis"),
            Err(
                "unknown country `Atlantis`: give a code from kb/countries.toml (FR, US, ...)"
                    .into()
            )
        );
    }

    #[test]
    fn every_country_qid_is_an_item_id() {
        for c in &Kb::builtin().countries {
            for q in &c.wikidata {
                assert_eq!(qid(q).as_ref(), Ok(q), "{}", c.code);
            }
        }
    }

    #[test]
    fn languages_are_checked_before_they_go_into_the_query() {
        assert!(check_languages(&["en".into(), "zh-hans".into()]).is_ok());
        assert_eq!(
            check_languages(&["en\") }".into()]),
            Err("`en\") }` is not a language code (en, fr, zh-hans)".into())
        );
    }

    #[test]
    fn a_country_query_selects_what_the_import_reads() {
        let q = query(
            &Scope::Country {
                code: "FR".into(),
                qids: vec!["Q142".into()],
            },
            &["en".into(), "fr".into()],
        );
        let expected = format!(
            "# copydesk {} kb import --from-sparql: \"position held\" (P39) terms of the positions of FR (Q142)
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?personLabel ?position ?positionLabel ?start ?end ?countryCode WHERE {{
  VALUES ?country {{ wd:Q142 }}
  {{ ?position wdt:P17 ?country . }} UNION {{ ?position wdt:P1001 ?country . }}
  BIND(\"FR\" AS ?countryCode)
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position ;
             wikibase:rank ?rank ;
             pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] .
  FILTER(?rank != wikibase:DeprecatedRank && ?startPrecision >= 11)
  OPTIONAL {{ ?statement pq:P582 ?endValue . }}
  OPTIONAL {{ ?statement pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] . }}
  FILTER(!BOUND(?endValue) || (BOUND(?endPrecision) && ?endPrecision >= 11))
  OPTIONAL {{ ?person rdfs:label ?personLabel0 . FILTER(LANG(?personLabel0) = \"en\") }}
  OPTIONAL {{ ?person rdfs:label ?personLabel1 . FILTER(LANG(?personLabel1) = \"fr\") }}
  OPTIONAL {{ ?person rdfs:label ?personLabel2 . FILTER(LANG(?personLabel2) = \"mul\") }}
  BIND(COALESCE(?personLabel0, ?personLabel1, ?personLabel2) AS ?personLabel)
  OPTIONAL {{ ?position rdfs:label ?positionLabel0 . FILTER(LANG(?positionLabel0) = \"en\") }}
  OPTIONAL {{ ?position rdfs:label ?positionLabel1 . FILTER(LANG(?positionLabel1) = \"fr\") }}
  OPTIONAL {{ ?position rdfs:label ?positionLabel2 . FILTER(LANG(?positionLabel2) = \"mul\") }}
  BIND(COALESCE(?positionLabel0, ?positionLabel1, ?positionLabel2) AS ?positionLabel)
}}
",
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(q, expected);
    }

    #[test]
    fn an_office_query_takes_the_country_from_the_position() {
        let q = query(
            &Scope::Office {
                qid: "Q7330070".into(),
            },
            &["en".into()],
        );
        assert!(q.contains("terms of the position Q7330070\n"), "{q}");
        assert!(
            q.contains("SELECT DISTINCT ?person ?personLabel ?position ?positionLabel ?start ?end ?countryCode ?countryLabel WHERE {\n  VALUES ?position { wd:Q7330070 }\n  OPTIONAL {\n    { ?position wdt:P17 ?country . }\n    UNION { ?position wdt:P1001 ?country . FILTER NOT EXISTS { ?position wdt:P17 [] } }\n  }\n  OPTIONAL { ?country wdt:P297 ?countryCode . }\n"),
            "{q}"
        );
        assert!(
            q.contains("BIND(COALESCE(?personLabel0, ?personLabel1) AS ?personLabel)"),
            "{q}"
        );
    }
}
