#!/usr/bin/env python3
"""Drive two language servers over stdio with the same client and the same edits.

Python 3.11 stdlib only. For each server and each case (the five seeds, a 2,000-word draft,
a 10,000-line draft) it starts a fresh server process and measures:

  - startup: process spawn -> the first publishDiagnostics of every opened document;
  - edit latency: 200 didChange edits (alternately insert a word in the middle of a
    paragraph line, then delete it again), each timed from writing the didChange to
    reading the publishDiagnostics that answers it (the one carrying the change's version
    when the server sends versions, else the first publish for that URI after the change);
  - peak RSS: VmHWM from /proc/PID/status after the last edit, before shutdown.

Edits are sent in the sync kind the server advertises: ranged (incremental) changes for
copydesk, the whole text for servers that ask for full sync (harper-ls).

Usage:
  lsp_compare.py --copydesk BIN --harper BIN --seeds DIR --workspace DIR [--edits 200]
                 [--harper-default-config] [--json OUT.json] [--logs DIR]
Prints a Markdown table (copydesk, harper, ratio copydesk/harper) on stdout.
"""
import argparse
import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time

TIMEOUT = 120.0  # seconds to wait for one publishDiagnostics


class Lcg:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) & ((1 << 64) - 1)
        return self.s >> 33


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class Server:
    """One server process, Content-Length framing, a reader thread that answers
    server->client requests at once and queues publishDiagnostics with their arrival time."""

    def __init__(self, name, argv, config_reply, log_path):
        self.name = name
        self.config_reply = config_reply  # item -> reply for workspace/configuration
        self.log = open(log_path, "wb") if log_path else subprocess.DEVNULL
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, bufsize=0
        )
        self.wlock = threading.Lock()
        self.next_id = 1
        self.responses = {}
        self.resp_cv = threading.Condition()
        self.publishes = queue.Queue()
        self.config_requests = 0
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()

    # -- framing
    def _send(self, msg):
        body = json.dumps(msg, separators=(",", ":")).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.wlock:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def _read_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.proc.stdout.read(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return bytes(buf)

    def _read_loop(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v)
                body = self._read_exact(length)
                t = time.perf_counter()
                self._dispatch(json.loads(body), t)
        except (EOFError, ValueError, OSError):
            pass
        finally:
            with self.resp_cv:
                self.responses["eof"] = True
                self.resp_cv.notify_all()

    def _dispatch(self, msg, t):
        method = msg.get("method")
        if method is None:  # a response to one of our requests
            with self.resp_cv:
                self.responses[msg.get("id")] = msg
                self.resp_cv.notify_all()
        elif "id" in msg:  # a request from the server: answer at once
            result = None
            if method == "workspace/configuration":
                self.config_requests += 1
                result = [self.config_reply(it) for it in msg["params"]["items"]]
            self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            p = msg["params"]
            self.publishes.put((t, p["uri"], p.get("version"), len(p["diagnostics"])))

    # -- requests
    def request(self, method, params, timeout=TIMEOUT):
        rid = self.next_id
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.resp_cv:
            while rid not in self.responses:
                if "eof" in self.responses:
                    raise RuntimeError(f"{self.name}: exited during {method}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self.name}: no answer to {method}")
                self.resp_cv.wait(left)
            return self.responses.pop(rid)

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_publish(self, uri, version, after):
        """The first publish for `uri` that answers `version` (or, without versions, the
        first one for `uri` that arrived after `after`)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no publishDiagnostics for {uri} v{version}")
            t, u, v, n = self.publishes.get(timeout=left)
            if u != uri or t < after:
                continue
            if v is not None and version is not None and v < version:
                continue
            return t, n

    def wait_all(self, uris, after):
        """The first publish for each of `uris` after `after`: {uri: (time, count)}."""
        deadline = time.monotonic() + TIMEOUT
        got = {}
        while len(got) < len(uris):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no publishDiagnostics for {set(uris) - set(got)}")
            t, u, v, n = self.publishes.get(timeout=left)
            if u in uris and u not in got and t >= after:
                got[u] = (t, n)
        return got

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        if self.log is not subprocess.DEVNULL:
            self.log.close()


def percentile(v, p):
    s = sorted(v)
    return s[round((len(s) - 1) * p)]


def edit_targets(text):
    """Lines that are paragraph text (not front matter, headings or blank) with >= 4 words."""
    lines = text.split("\n")
    fm_end = 0
    if lines and lines[0] == "---":
        fm_end = lines.index("---", 1) + 1
    return [
        i
        for i, l in enumerate(lines)
        if i >= fm_end and not l.startswith("#") and len(l.split()) >= 4
    ]


def run_case(name, argv, config_reply, root, files, edits, log_path):
    """One fresh server: open `files` (paths under `root`), time the first publishes, then
    `edits` edits spread over the files in turn, then read VmHWM."""
    srv = Server(name, argv, config_reply, log_path)
    root_uri = pathlib.Path(root).resolve().as_uri()
    init = srv.request(
        "initialize",
        {
            "processId": os.getpid(),
            "clientInfo": {"name": "copydesk-bench", "version": "1"},
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": pathlib.Path(root).name}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": False},
                    "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                },
                "workspace": {
                    "configuration": True,
                    "workspaceFolders": True,
                    "didChangeWatchedFiles": {"dynamicRegistration": True},
                },
                "window": {"workDoneProgress": True},
            },
        },
    )
    caps = init["result"]["capabilities"]
    sync = caps.get("textDocumentSync")
    sync_kind = sync.get("change") if isinstance(sync, dict) else sync
    incremental = sync_kind == 2
    server_info = init["result"].get("serverInfo", {})
    srv.notify("initialized", {})

    docs = []
    for f in files:
        p = pathlib.Path(f).resolve()
        text = p.read_text()
        lang = "markdown" if p.suffix in (".md", ".markdown") else "plaintext"
        docs.append({"uri": p.as_uri(), "lines": text.split("\n"), "version": 1,
                     "targets": edit_targets(text), "lang": lang, "text": text})
    t_open = time.perf_counter()
    for d in docs:
        srv.notify("textDocument/didOpen", {"textDocument": {
            "uri": d["uri"], "languageId": d["lang"], "version": 1, "text": d["text"]}})
    first = srv.wait_all([d["uri"] for d in docs], t_open)
    open_diags = sum(n for _, n in first.values())
    startup_ms = (max(t for t, _ in first.values()) - srv.t_spawn) * 1000.0

    rng = Lcg(7)
    lat = []
    inserted = None  # (doc, line, col, word) of the pending insertion
    last_diags = 0
    for i in range(edits):
        if inserted is None:
            d = docs[(i // 2) % len(docs)]
            line = d["targets"][rng.next() % len(d["targets"])]
            words = d["lines"][line].split(" ")
            prefix = " ".join(words[: len(words) // 2]) + " "
            col = len(prefix)
            word = "extraordinary "
            old = d["lines"][line]
            d["lines"][line] = old[:col] + word + old[col:]
            change = {"range": {"start": {"line": line, "character": utf16_len(old[:col])},
                                "end": {"line": line, "character": utf16_len(old[:col])}},
                      "text": word}
            inserted = (d, line, col, word)
        else:
            d, line, col, word = inserted
            old = d["lines"][line]
            assert old[col:col + len(word)] == word
            d["lines"][line] = old[:col] + old[col + len(word):]
            start = utf16_len(old[:col])
            change = {"range": {"start": {"line": line, "character": start},
                                "end": {"line": line, "character": start + utf16_len(word)}},
                      "text": ""}
            inserted = None
        d["version"] += 1
        if not incremental:
            change = {"text": "\n".join(d["lines"])}
        t0 = time.perf_counter()
        srv.notify("textDocument/didChange", {
            "textDocument": {"uri": d["uri"], "version": d["version"]},
            "contentChanges": [change]})
        t1, last_diags = srv.wait_publish(d["uri"], d["version"], t0)
        lat.append((t1 - t0) * 1000.0)
    rss = srv.peak_rss_mb()
    config_requests = srv.config_requests
    srv.close()
    return {
        "server": name,
        "version": server_info.get("version", "?"),
        "sync": "incremental" if incremental else "full",
        "startup_ms": startup_ms,
        "p50_ms": percentile(lat, 0.5) if lat else float("nan"),
        "p99_ms": percentile(lat, 0.99) if lat else float("nan"),
        "mean_ms": sum(lat) / len(lat) if lat else float("nan"),
        "peak_rss_mb": rss,
        "diagnostics_on_open": open_diags,
        "diagnostics_last": last_diags,
        "config_requests": config_requests,
        "latencies_ms": lat,
    }


def fmt(v, unit):
    return f"{v:.1f} {unit}" if v >= 10 else f"{v:.2f} {unit}"


def table(results):
    rows = []
    rows.append("| case | figure | copydesk | harper | copydesk/harper |")
    rows.append("|---|---|---:|---:|---:|")
    for case, r in results.items():
        c, h = r["copydesk"], r["harper"]
        for key, label, unit in [
            ("startup_ms", "startup → first diagnostics", "ms"),
            ("p50_ms", "didChange → diagnostics p50", "ms"),
            ("p99_ms", "didChange → diagnostics p99", "ms"),
            ("peak_rss_mb", "peak RSS (VmHWM)", "MB"),
        ]:
            ratio = c[key] / h[key] if h[key] else float("inf")
            rows.append(f"| {case} | {label} | {fmt(c[key], unit)} | {fmt(h[key], unit)} | {ratio:.2f}× |")
        rows.append(f"| {case} | diagnostics on open | {c['diagnostics_on_open']} | {h['diagnostics_on_open']} | – |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copydesk", required=True)
    ap.add_argument("--harper", required=True)
    ap.add_argument("--seeds", required=True, help="the repo's seeds/ folder (workspace root)")
    ap.add_argument("--workspace", required=True, help="folder made by gen.py lsp")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--harper-default-config", action="store_true",
                    help="reply null to harper's workspace/configuration (maxFileLength 120,000)")
    ap.add_argument("--only", choices=["seeds", "2000", "10k"], action="append")
    ap.add_argument("--json")
    ap.add_argument("--logs")
    a = ap.parse_args()

    seeds = sorted(str(p) for p in pathlib.Path(a.seeds).glob("*.txt"))
    ws = pathlib.Path(a.workspace)
    cases = {
        "seeds": ("5 seeds", a.seeds, seeds),
        "2000": ("2,000-word draft", ws, [str(ws / "draft2000.md")]),
        "10k": ("10,000-line draft", ws, [str(ws / "draft10k.md")]),
    }
    harper_cfg = (lambda item: None) if a.harper_default_config else (
        lambda item: {"harper-ls": {"maxFileLength": 100_000_000}})
    servers = [
        ("copydesk", [a.copydesk, "lsp"], lambda item: None),
        ("harper", [a.harper, "--stdio"], harper_cfg),
    ]
    # Warm-up: start and stop each server once so that neither pays for a cold page cache.
    for name, argv, cfg in servers:
        w = Server(name, argv, cfg, None)
        w.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
        w.notify("initialized", {})
        w.close()
    results = {}
    for key in a.only or ["seeds", "2000", "10k"]:
        label, root, files = cases[key]
        results[label] = {}
        for name, argv, cfg in servers:
            log = os.path.join(a.logs, f"{name}-{key}.log") if a.logs else None
            print(f"[{name}] {label} ...", file=sys.stderr, flush=True)
            r = run_case(name, argv, cfg, root, files, a.edits, log)
            print(f"[{name}] {label}: startup {r['startup_ms']:.1f} ms, p50 {r['p50_ms']:.2f} ms, "
                  f"p99 {r['p99_ms']:.2f} ms, peak RSS {r['peak_rss_mb']:.1f} MB, "
                  f"{r['diagnostics_on_open']} diagnostics on open, sync {r['sync']}, "
                  f"{r['config_requests']} configuration requests", file=sys.stderr, flush=True)
            results[label][name] = r
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    print(table(results))


if __name__ == "__main__":
    main()
