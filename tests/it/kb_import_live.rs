//! `copydesk kb import --from-sparql` against a SPARQL endpoint served from this test
//! (127.0.0.1, one connection, canned answers: no network), and `kb import --format
//! everypolitician` on `tests/fixtures/everypolitician/entities.ftm.json`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::common::cli::{bin, stderr};

/// A canned HTTP answer.
struct Canned {
    status: &'static str,
    content_type: &'static str,
    body: String,
    /// Wait this long before answering (a timeout test).
    delay: Duration,
}

/// Serve one request on 127.0.0.1 with `answer`; the handle gives the request's head.
fn serve_once(answer: Canned) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    let handle = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("accept");
        conn.set_read_timeout(Some(Duration::from_secs(20)))
            .expect("read timeout");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match conn.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        std::thread::sleep(answer.delay);
        let response = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            answer.status,
            answer.content_type,
            answer.body.len(),
            answer.body
        );
        let _ = conn.write_all(response.as_bytes());
        String::from_utf8_lossy(&head).into_owned()
    });
    (format!("http://{addr}/sparql"), handle)
}

/// `copydesk ARGS` in `cwd`, with no proxy settings (the endpoint is on 127.0.0.1).
fn run(args: &[&str], cwd: &Path) -> std::process::Output {
    let mut cmd = bin();
    for v in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(v);
    }
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run copydesk")
}

/// `%XX` and `+` decoded.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// The request line's path and its decoded `query` parameter, and the headers (names
/// lower-cased).
fn parse_request(head: &str) -> (String, String, Vec<(String, String)>) {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("request line");
    let target = request_line
        .strip_prefix("GET ")
        .and_then(|r| r.strip_suffix(" HTTP/1.1"))
        .unwrap_or_else(|| panic!("not a GET: {request_line}"));
    let (path, qs) = target.split_once('?').expect("a query string");
    let query = qs
        .split('&')
        .find_map(|kv| kv.strip_prefix("query="))
        .map(percent_decode)
        .expect("query=");
    let headers = lines
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (path.to_string(), query, headers)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Two terms of a French office and a row without a start, as the query service answers.
const FR_ANSWER: &str = r#"{
  "head": {"vars": ["person", "personLabel", "position", "positionLabel", "start", "end", "countryCode"]},
  "results": {"bindings": [
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000011"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Claire Exemple"},
     "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000099"},
     "positionLabel": {"xml:lang": "en", "type": "literal", "value": "Minister of the Sea"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2022-05-20T00:00:00Z"},
     "end": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2024-01-11T00:00:00Z"},
     "countryCode": {"type": "literal", "value": "FR"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000012"},
     "personLabel": {"xml:lang": "en", "type": "literal", "value": "Hervé Exemple"},
     "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000099"},
     "positionLabel": {"xml:lang": "en", "type": "literal", "value": "Minister of the Sea"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2024-01-11T00:00:00Z"},
     "countryCode": {"type": "literal", "value": "FR"}},
    {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000013"},
     "position": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000099"},
     "positionLabel": {"xml:lang": "en", "type": "literal", "value": "Minister of the Sea"},
     "start": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": "2020-07-06T00:00:00Z"},
     "countryCode": {"type": "literal", "value": "FR"}}
  ]}
}"#;

const FR_TOML: &str = r#"# Imported by `copydesk kb import`. Add aliases and name variants by hand.

as_of = "2026-12-04"

[[person]]
name = "Claire Exemple"

[[person]]
name = "Hervé Exemple"

[[office]]
id = "user.fr.minister_of_the_sea"
country = "FR"
title = "Minister of the Sea"
single = true

[[office.holders]]
name = "Claire Exemple"
start = "2022-05-20"
end = "2024-01-11"
source = "wikidata: http://www.wikidata.org/entity/Q90000011 P39 http://www.wikidata.org/entity/Q90000099"

[[office.holders]]
name = "Hervé Exemple"
start = "2024-01-11"
source = "wikidata: http://www.wikidata.org/entity/Q90000012 P39 http://www.wikidata.org/entity/Q90000099"
"#;

#[test]
fn a_country_extract_is_fetched_and_written_as_a_kb_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, server) = serve_once(Canned {
        status: "200 OK",
        content_type: "application/sparql-results+json;charset=utf-8",
        body: FR_ANSWER.to_string(),
        delay: Duration::ZERO,
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--country",
            "FR",
            "--endpoint",
            &endpoint,
            "--lang",
            "en",
            "--lang",
            "fr",
            "--as-of",
            "2026-12-04",
            "-o",
            "fr-wikidata.toml",
        ],
        dir.path(),
    );
    let head = server.join().expect("server");
    let (path, query, headers) = parse_request(&head);
    assert_eq!(path, "/sparql");
    assert!(
        query.contains(
            "SELECT DISTINCT ?person ?personLabel ?position ?positionLabel ?start ?end ?countryCode WHERE {\n  VALUES ?country { wd:Q142 }\n  { ?position wdt:P17 ?country . } UNION { ?position wdt:P1001 ?country . }\n  BIND(\"FR\" AS ?countryCode)\n"
        ),
        "{query}"
    );
    assert!(
        query.contains("FILTER(LANG(?personLabel1) = \"fr\")"),
        "{query}"
    );
    assert_eq!(
        header(&headers, "accept"),
        Some("application/sparql-results+json")
    );
    let ua = header(&headers, "user-agent").expect("a User-Agent");
    assert_eq!(
        ua,
        format!(
            "copydesk/{} (https://github.com/copydesk/copydesk; fact-check language server) ureq/3",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {endpoint}: record 3: needs personLabel, positionLabel and start; skipped\nimported 2 records (1 skipped); as of 2026-12-04\n"
        )
    );
    assert_eq!(out.status.code(), Some(1), "a skipped row is a finding");
    let written = std::fs::read_to_string(dir.path().join("fr-wikidata.toml")).expect("output");
    assert_eq!(written, FR_TOML);
    // The file loads as a KB file and answers `kb who`.
    let out = run(
        &[
            "kb",
            "who",
            "Minister of the Sea",
            "--country",
            "FR",
            "--date",
            "2025-03-01",
            "--kb",
            "fr-wikidata.toml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Hervé Exemple (since 2024-01-11)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn an_office_extract_names_the_position_and_reads_its_country() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = r#"{"head":{"vars":["person","personLabel","position","positionLabel","start","end","countryCode","countryLabel"]},
      "results":{"bindings":[
        {"person":{"type":"uri","value":"http://www.wikidata.org/entity/Q90000021"},
         "personLabel":{"type":"literal","value":"Ada Example"},
         "position":{"type":"uri","value":"http://www.wikidata.org/entity/Q7330070"},
         "positionLabel":{"type":"literal","value":"Harbour Commissioner"},
         "start":{"type":"literal","value":"2021-01-04T00:00:00Z"},
         "countryCode":{"type":"literal","value":"NO"},
         "countryLabel":{"type":"literal","value":"Norway"}}]}}"#;
    let (endpoint, server) = serve_once(Canned {
        status: "200 OK",
        content_type: "application/sparql-results+json",
        body: body.to_string(),
        delay: Duration::ZERO,
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--office",
            "Q7330070",
            "--endpoint",
            &endpoint,
            "--as-of",
            "2026-12-04",
        ],
        dir.path(),
    );
    let (_, query, _) = parse_request(&server.join().expect("server"));
    assert!(
        query.contains("terms of the position Q7330070\n")
            && query.contains("  VALUES ?position { wd:Q7330070 }\n"),
        "{query}"
    );
    assert!(
        query.contains("FILTER(LANG(?personLabel0) = \"en\")"),
        "default language: {query}"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "imported 1 record (0 skipped); as of 2026-12-04\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "# Imported by `copydesk kb import`. Add aliases and name variants by hand.\n\nas_of = \"2026-12-04\"\n\n[[person]]\nname = \"Ada Example\"\n\n[[office]]\nid = \"user.no.harbour_commissioner\"\ncountry = \"NO\"\ntitle = \"Harbour Commissioner\"\nsingle = true\n\n[[office.holders]]\nname = \"Ada Example\"\nstart = \"2021-01-04\"\nsource = \"wikidata: http://www.wikidata.org/entity/Q90000021 P39 http://www.wikidata.org/entity/Q7330070\"\n"
    );
}

#[test]
fn an_http_error_says_its_status_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, server) = serve_once(Canned {
        status: "500 Internal Server Error",
        content_type: "text/plain",
        body: "SPARQL-QUERY: queryStr=...\njava.util.concurrent.ExecutionException: boom\n"
            .to_string(),
        delay: Duration::ZERO,
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--country",
            "US",
            "--endpoint",
            &endpoint,
            "-o",
            "us.toml",
        ],
        dir.path(),
    );
    server.join().expect("server");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("error: {endpoint}: HTTP 500 Internal Server Error: SPARQL-QUERY: queryStr=...\n")
    );
    assert!(!dir.path().join("us.toml").exists());
}

#[test]
fn the_services_own_timeout_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, server) = serve_once(Canned {
        status: "500 Internal Server Error",
        content_type: "text/plain",
        body: "java.util.concurrent.TimeoutException\n\tat java.util.concurrent.FutureTask.get\n"
            .to_string(),
        delay: Duration::ZERO,
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--country",
            "US",
            "--endpoint",
            &endpoint,
        ],
        dir.path(),
    );
    server.join().expect("server");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {endpoint}: HTTP 500 Internal Server Error (the query service stopped the query at its time limit: try --office, or a smaller country)\n"
        )
    );
}

#[test]
fn a_body_that_is_not_sparql_json_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, server) = serve_once(Canned {
        status: "200 OK",
        content_type: "text/html; charset=UTF-8",
        body: "<!DOCTYPE html><html><body>Wikidata Query Service</body></html>".to_string(),
        delay: Duration::ZERO,
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--country",
            "FR",
            "--endpoint",
            &endpoint,
            "-o",
            "fr.toml",
        ],
        dir.path(),
    );
    server.join().expect("server");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {endpoint}: not SPARQL JSON: expected value at line 1 column 1 (Content-Type: text/html; charset=UTF-8)\n"
        )
    );
    assert!(!dir.path().join("fr.toml").exists());
}

#[test]
fn a_slow_endpoint_times_out_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (endpoint, server) = serve_once(Canned {
        status: "200 OK",
        content_type: "application/sparql-results+json",
        body: FR_ANSWER.to_string(),
        delay: Duration::from_secs(3),
    });
    let out = run(
        &[
            "kb",
            "import",
            "--from-sparql",
            "--country",
            "FR",
            "--endpoint",
            &endpoint,
            "--timeout",
            "1",
        ],
        dir.path(),
    );
    server.join().expect("server");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {endpoint}: no complete answer within 1 s (timeout; --timeout SECS waits longer)\n"
        )
    );
}

#[test]
fn bad_arguments_fail_before_any_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: &[(&[&str], &str)] = &[
        (
            &["kb", "import", "--from-sparql"],
            "error: --from-sparql needs --country CODE or --office QID\n",
        ),
        (
            &["kb", "import", "--from-sparql", "--country", "IMF"],
            "error: IMF has no Wikidata item in kb/countries.toml; use --office QID for one of its positions\n",
        ),
        (
            &["kb", "import", "--from-sparql", "--office", "President"],
            "error: `President` is not a Wikidata item id (Q followed by digits, e.g. Q7330070)\n",
        ),
    ];
    for (args, expected) in cases {
        let mut args = args.to_vec();
        // Nothing listens there: a request would fail differently.
        args.extend(["--endpoint", "http://127.0.0.1:9/sparql"]);
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), *expected, "{args:?}");
    }
    // A file and --from-sparql together is a usage error.
    let out = run(
        &["kb", "import", "x.json", "--from-sparql", "--country", "FR"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/everypolitician")
        .join(name)
}

/// What the EveryPolitician import reports for the fixture, `FILE` standing for its path.
const EP_STDERR: &str = "notice: EveryPolitician data by OpenSanctions (https://www.opensanctions.org) is licensed CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): non-commercial use only, with attribution to OpenSanctions; commercial use needs a licence from OpenSanctions.
warning: FILE: record 8: occupancy ep-occ-7b3e11 has no start date; skipped
warning: FILE: record 9: occupancy ep-occ-8c4d22: start `2014` is not a full date (YYYY-MM-DD); skipped
warning: FILE: record 11: occupancy ep-occ-a16044 has ended (status \"ended\") but has no end date; skipped
warning: FILE: record 12: occupancy ep-occ-b27155: holder Q99999999 is not a Person in the file; skipped
imported 3 records (4 skipped); as of 2026-11-30
";

#[test]
fn an_everypolitician_export_becomes_the_expected_kb_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = fixture("entities.ftm.json");
    let out = run(
        &[
            "kb",
            "import",
            "--format",
            "everypolitician",
            input.to_str().expect("utf-8 path"),
            "-o",
            "everypolitician.toml",
        ],
        dir.path(),
    );
    assert_eq!(
        stderr(&out),
        EP_STDERR.replace("FILE", &input.display().to_string())
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "skipped occupancies are findings"
    );
    let written = std::fs::read_to_string(dir.path().join("everypolitician.toml")).expect("output");
    let expected = std::fs::read_to_string(fixture("expected.toml")).expect("expected.toml");
    assert_eq!(written, expected);
    // The file loads: Kari Nordmann holds the office on a 2025 date.
    let out = run(
        &[
            "kb",
            "who",
            "Minister of Fisheries",
            "--country",
            "NO",
            "--date",
            "2025-06-01",
            "--kb",
            "everypolitician.toml",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Kari Nordmann (since 2023-02-01)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_gzipped_everypolitician_export_reads_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = std::fs::read(fixture("entities.ftm.json")).expect("fixture");
    let gz_path = dir.path().join("entities.ftm.json.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&plain).expect("gzip");
    std::fs::write(&gz_path, enc.finish().expect("gzip")).expect("write");
    let out = run(
        &[
            "kb",
            "import",
            "--format",
            "everypolitician",
            "entities.ftm.json.gz",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let expected = std::fs::read_to_string(fixture("expected.toml")).expect("expected.toml");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        expected.replace("from entities.ftm.json.", "from entities.ftm.json.gz.")
    );
    assert_eq!(
        stderr(&out),
        EP_STDERR.replace("FILE", "entities.ftm.json.gz")
    );
}
