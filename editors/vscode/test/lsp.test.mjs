// Drives `copydesk lsp` through vscode-jsonrpc (the protocol library the extension's
// client uses): diagnostics, code actions, fix-all, hover, shutdown. COPYDESK_BIN = binary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as rpc from "vscode-jsonrpc/node";

const root = resolve(import.meta.dirname, "../../..");
const seeds = join(root, "seeds");
const bin = process.env.COPYDESK_BIN ?? join(root, "target/release/copydesk");
const draftName = readdirSync(seeds).find((f) => f.startsWith("000_") && f.endsWith(".txt"));
const draftPath = join(seeds, draftName);
const text = readFileSync(draftPath, "utf8");
const uri = pathToFileURL(draftPath).href;
const lines = text.split("\n");
const lineOf = (needle) => lines.findIndex((l) => l.includes(needle));

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

/** Apply LSP TextEdits (UTF-16 positions, as negotiated by default) to a string. */
function applyEdits(src, edits) {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") starts.push(i + 1);
  const off = (p) => starts[p.line] + p.character; // JS strings are UTF-16
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = src;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

test("copydesk lsp over vscode-jsonrpc: diagnostics, quick fix, fix-all, hover, exit", async () => {
  const child = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((res) => child.on("exit", (code) => res(code)));
  const conn = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  conn.onRequest("workspace/configuration", (p) => p.items.map(() => null));
  conn.onRequest("window/workDoneProgress/create", () => null);
  conn.onRequest("client/registerCapability", () => null);
  const published = [];
  let notify = () => {};
  conn.onNotification("textDocument/publishDiagnostics", (p) => {
    published.push(p);
    notify();
  });
  conn.listen();
  try {
    const init = await withTimeout(
      conn.sendRequest("initialize", {
        processId: process.pid,
        rootUri: pathToFileURL(seeds).href,
        workspaceFolders: [{ uri: pathToFileURL(seeds).href, name: "seeds" }],
        capabilities: { workspace: { configuration: true } },
      }),
      10000,
      "initialize",
    );
    assert.equal(init.capabilities.positionEncoding, "utf-16");
    assert.equal(init.capabilities.hoverProvider, true);
    conn.sendNotification("initialized", {});
    conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "plaintext", version: 1, text },
    });
    const diags = await withTimeout(
      new Promise((res) => {
        notify = () => {
          const p = published.find((x) => x.uri === uri && x.version === 1);
          if (p) res(p.diagnostics);
        };
        notify();
      }),
      10000,
      "publishDiagnostics",
    );
    const codes = new Set(diags.map((d) => d.code));
    assert.deepEqual([...codes].sort(), ["date-mismatch", "inconsistent-spelling", "misattributed-title", "off-topic-paragraph", "scrape-residue"]);
    for (const d of diags) {
      assert.equal(d.source, "copydesk");
      assert.match(d.codeDescription.href, /docs\/rules\/.+\.md$/);
    }
    // The Bolton title, on the line that says so, covering exactly the phrase.
    const boltonLine = lineOf("Secretary of Defense John Bolton");
    assert.ok(boltonLine >= 0);
    const bolton = diags.find((d) => d.code === "misattributed-title" && d.message.includes("John Bolton"));
    assert.ok(bolton, JSON.stringify(diags.map((d) => d.message)));
    assert.equal(bolton.range.start.line, boltonLine);
    assert.equal(
      lines[boltonLine].slice(bolton.range.start.character, bolton.range.end.character),
      "Secretary of Defense John Bolton",
    );
    // The pasted Gaza paragraph.
    const gaza = diags.find((d) => d.code === "off-topic-paragraph");
    assert.equal(gaza.range.start.line, lineOf("Gaza"));
    // Spelling findings sit on words spelled "Zelensky" (house style Zelenskyy).
    for (const d of diags.filter((d) => d.code === "inconsistent-spelling")) {
      const word = lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
      assert.notEqual(word, "Zelenskyy");
    }

    // Quick fixes for the Bolton finding.
    const actions = await withTimeout(
      conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: bolton.range,
        context: { diagnostics: [bolton], only: ["quickfix"] },
      }),
      5000,
      "codeAction",
    );
    const quick = actions.filter((a) => a.kind === "quickfix");
    assert.ok(quick.length >= 1, JSON.stringify(actions));
    const fixed = quick.find((a) => a.edit && a.title.includes("Hegseth"));
    assert.ok(fixed, JSON.stringify(quick.map((a) => a.title)));
    const edits = fixed.edit.changes[uri];
    const after = applyEdits(text, edits).split("\n")[boltonLine];
    assert.ok(after.includes("Pete Hegseth"), after);
    assert.ok(!after.includes("Secretary of Defense John Bolton"), after);

    // Fix all: house-style spellings and page residue; the titles are left for the writer.
    const all = await withTimeout(
      conn.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
        context: { diagnostics: [], only: ["source.fixAll.copydesk"] },
      }),
      5000,
      "fixAll",
    );
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, "source.fixAll.copydesk");
    const fixedText = applyEdits(text, all[0].edit.changes[uri]);
    assert.ok(/\bZelensky\b/.test(text));
    assert.ok(!/\bZelensky\b/.test(fixedText), "every Zelensky became Zelenskyy");
    assert.ok(fixedText.includes("Secretary of Defense John Bolton"), "fix-all leaves titles alone");
    // Fix-all also deletes the web-page residue lines (safe fixes); nothing else changes.
    const residue = diags.filter((d) => d.code === "scrape-residue").map((d) => lines[d.range.start.line].trim());
    for (const r of ["6 Min Read", "Share This Article", "Lavrov"]) assert.ok(residue.includes(r), r);
    assert.ok(!fixedText.includes("Share This Article") && !fixedText.includes("6 Min Read"));
    const kept = (s) =>
      s.replaceAll("Zelenskyy", "Zelensky").split("\n").filter((l) => l.trim() && !residue.includes(l.trim()));
    assert.deepEqual(kept(fixedText), kept(text), "fix-all changes spellings and deletes residue lines only");

    // Hover on the flagged title.
    const hover = await withTimeout(
      conn.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line: boltonLine, character: bolton.range.start.character + 3 },
      }),
      5000,
      "hover",
    );
    assert.equal(hover.contents.kind, "markdown");
    assert.ok(hover.contents.value.includes("Pete Hegseth"), hover.contents.value);

    await withTimeout(conn.sendRequest("shutdown"), 5000, "shutdown");
    conn.sendNotification("exit");
    const code = await withTimeout(exited, 2000, "exit");
    assert.equal(code, 0);
  } finally {
    conn.dispose();
    child.kill();
  }
});
