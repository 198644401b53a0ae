// The packaged extension in a real VS Code: code-server (VS Code 1.100.3) in headless
// Debian Chromium, driven by playwright-core. Opens seed 000 from a copy of seeds/, reads
// the three rules in the Problems panel, hovers the Bolton finding, runs "copydesk: Fix All
// in File" (house-style spellings and residue lines), saves, checks the file on disk, and
// saves a screenshot.
// Environment: CODE_SERVER_DIR (from install.sh), COPYDESK_BIN, VSIX, ARTIFACTS.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";

const csDir = process.env.CODE_SERVER_DIR;
const require = createRequire(join(csDir, "package.json"));
const { chromium } = require("playwright-core");
const codeServer = join(csDir, "node_modules/.bin/code-server");
const repo = resolve(import.meta.dirname, "../../../..");
const bin = process.env.COPYDESK_BIN;
const vsix = process.env.VSIX;
const artifacts = process.env.ARTIFACTS;
mkdirSync(artifacts, { recursive: true });

const log = (m) => process.stdout.write(`e2e: ${m}\n`);
const fail = (m) => {
  throw new Error(m);
};

async function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const work = mkdtempSync(join(tmpdir(), "copydesk-e2e-"));
const userData = join(work, "user");
const extDir = join(work, "extensions");
const ws = join(work, "story");
cpSync(join(repo, "seeds"), ws, { recursive: true });
const draftName = readdirSync(ws).find((f) => f.startsWith("000_"));
const draftPath = join(ws, draftName);
const original = readFileSync(draftPath, "utf8");
mkdirSync(join(userData, "User"), { recursive: true });
writeFileSync(
  join(userData, "User/settings.json"),
  JSON.stringify({
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "editor.hover.delay": 100,
    "files.autoSave": "off",
    "copydesk.path": bin,
  }),
);

execFileSync(codeServer, ["--user-data-dir", userData, "--extensions-dir", extDir, "--install-extension", vsix], {
  stdio: "inherit",
});
const port = await freePort();
const server = spawn(
  codeServer,
  [
    "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--user-data-dir", userData,
    "--extensions-dir", extDir, "--disable-telemetry", "--disable-update-check",
    "--disable-workspace-trust", "--disable-getting-started-override", ws,
  ],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

let browser;
let page;
let ok = false;
try {
  for (let i = 0; i < 100; i++) {
    if (serverLog.includes("HTTP server listening")) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  log("workbench loaded");

  const palette = async (text) => {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: 10000 });
    await input.fill(text);
    if (!text.startsWith(":")) {
      // Wait for the entry itself, then pick it.
      const label = text.replace(/^>/, "");
      const rows = page.locator(".quick-input-list .monaco-list-row");
      await rows.filter({ hasText: label }).first().waitFor({ state: "visible", timeout: 15000 });
      // Click the entry whose label is exactly the text (not a longer command).
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        const aria = (await rows.nth(i).getAttribute("aria-label")) || "";
        if (aria === label || aria.startsWith(`${label},`)) {
          await rows.nth(i).click();
          return;
        }
      }
    }
    await page.waitForTimeout(200);
    await page.keyboard.press("Enter");
  };
  // Open the draft (Quick Open: the palette without its ">" prefix).
  await palette(draftName);
  await page.waitForSelector(`.tab[aria-label*="${draftName}"]`, { timeout: 20000 });
  log(`opened ${draftName}`);

  // Problems panel: the three rules. The panel is a virtual list that renders only the rows
  // in view, so page through it (PageDown, then Home to start over) and gather every row seen.
  await palette(">View: Focus Problems");
  const rules = ["misattributed-title", "inconsistent-spelling", "off-topic-paragraph"];
  const seen = new Set();
  const panelText = () => [...seen].join("\n");
  const complete = () => rules.every((r) => panelText().includes(r)) && panelText().includes("John Bolton");
  for (let i = 0; i < 160 && !complete(); i++) {
    const text = (await page.locator(".markers-panel").innerText().catch(() => "")) || "";
    for (const l of text.split("\n")) seen.add(l);
    if (complete()) break;
    await page.locator(".markers-panel .monaco-list").first().focus().catch(() => {});
    await page.keyboard.press(i % 16 === 15 ? "Home" : "PageDown");
    await page.waitForTimeout(250);
  }
  for (const r of rules) if (!panelText().includes(r)) fail(`Problems panel lacks ${r}:\n${panelText()}`);
  if (!panelText().includes("John Bolton")) fail(`Problems panel lacks the Bolton finding:\n${panelText()}`);
  log("Problems panel shows the three rules");

  // Hover on "Secretary of Defense John Bolton": go to its line and column, show hover.
  const lines = original.split("\n");
  const line = lines.findIndex((l) => l.includes("Secretary of Defense John Bolton"));
  const col = lines[line].indexOf("Secretary of Defense John Bolton") + 5;
  await palette(`:${line + 1}:${col + 1}`);
  await page.waitForTimeout(300);
  await palette(">Show or Focus Hover");
  const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover-content");
  let hoverText = "";
  for (let i = 0; i < 40; i++) {
    hoverText = (await hover.allInnerTexts().catch(() => [])).join("\n");
    if (hoverText.includes("Pete Hegseth")) break;
    await page.waitForTimeout(250);
  }
  if (!hoverText.includes("Pete Hegseth")) fail(`hover lacks the holder:\n${hoverText}`);
  log("hover compares with the KB and sources");
  await page.screenshot({ path: join(artifacts, "vscode-e2e.png") });

  // The lines the CLI reports as web-page residue in the untouched draft: fix-all deletes
  // them too (safe fixes); apart from those lines and the spellings, nothing may change.
  const report = spawnSync(bin, ["check", "--format", "json", draftName], { cwd: ws, encoding: "utf8" });
  if (report.status !== 1) fail(`copydesk check exited ${report.status}: ${report.stderr}`);
  const residue = JSON.parse(report.stdout)
    .files.flatMap((f) => f.diagnostics)
    .filter((d) => d.rule === "scrape-residue")
    .map((d) => lines[d.range.start.line - 1].trim());
  if (residue.length === 0) fail("the CLI reports no residue lines in the seed");

  // Fix all, save, read the file.
  await page.keyboard.press("Escape");
  await palette(">copydesk: Fix All in File");
  await page.waitForTimeout(1000);
  await palette(">File: Save");
  let saved = original;
  for (let i = 0; i < 40 && saved === original; i++) {
    await page.waitForTimeout(250);
    saved = readFileSync(draftPath, "utf8");
  }
  if (saved === original) fail("fix-all + save did not change the file");
  if (/\bZelensky\b/.test(saved)) fail("fix-all left a 'Zelensky' (house style is Zelenskyy)");
  if (!saved.includes("Secretary of Defense John Bolton")) fail("fix-all touched a title");
  const kept = (s) =>
    s.replaceAll("Zelenskyy", "Zelensky").split("\n").filter((l) => l.trim() && !residue.includes(l.trim()));
  if (JSON.stringify(kept(saved)) !== JSON.stringify(kept(original)))
    fail("fix-all changed more than the spellings and the residue lines");
  const nonEmpty = (s) => s.split("\n").filter((l) => l.trim()).length;
  if (nonEmpty(original) - nonEmpty(saved) !== residue.length)
    fail(`fix-all deleted ${nonEmpty(original) - nonEmpty(saved)} lines, not the ${residue.length} residue lines`);
  log("fix-all applied the house style, deleted the residue lines and nothing else");
  await page.screenshot({ path: join(artifacts, "vscode-e2e-fixed.png") });
  ok = true;
} catch (e) {
  if (page) await page.screenshot({ path: join(artifacts, "vscode-e2e-failure.png") }).catch(() => {});
  process.stdout.write(`e2e: FAILED: ${e.stack || e}\n--- code-server log ---\n${serverLog.slice(-4000)}\n`);
} finally {
  if (browser) await browser.close().catch(() => {});
  server.kill();
  rmSync(work, { recursive: true, force: true });
}
if (!ok) process.exit(1);
log("passed");
