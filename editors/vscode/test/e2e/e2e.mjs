// The packaged extension in a real VS Code: code-server (VS Code 1.100.3) in headless
// Debian Chromium, driven by playwright-core. Opens seed 000 from a copy of seeds/, reads
// the three rules in the Problems panel, hovers the Bolton finding, runs "copydesk: Fix All
// in File", saves, checks the file on disk, and saves a screenshot.
// Environment: CODE_SERVER_DIR (from install.sh), COPYDESK_BIN, VSIX, ARTIFACTS.
import { spawn, execFileSync } from "node:child_process";
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

  // Problems panel: the three rules.
  await palette(">View: Focus Problems");
  const rules = ["misattributed-title", "inconsistent-spelling", "off-topic-paragraph"];
  let panel = "";
  for (let i = 0; i < 120; i++) {
    panel = (await page.locator(".markers-panel").innerText().catch(() => "")) || "";
    if (rules.every((r) => panel.includes(r))) break;
    await page.waitForTimeout(250);
  }
  for (const r of rules) if (!panel.includes(r)) fail(`Problems panel lacks ${r}:\n${panel}`);
  if (!panel.includes("John Bolton")) fail(`Problems panel lacks the Bolton finding:\n${panel}`);
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
  if (saved.replaceAll("Zelenskyy", "Zelensky") !== original.replaceAll("Zelenskyy", "Zelensky"))
    fail("fix-all changed more than the spellings");
  log("fix-all applied the house style and nothing else");
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
