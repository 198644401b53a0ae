// Opens copydesk's HTML report in real headless Chromium (Debian's package, driven by
// playwright-core), clicks a finding, checks the side panel's text, exercises the filters
// and saves a screenshot. Usage: node report.test.js REPORT.html SCREENSHOT.png
// Run by tests/it/html_report.rs on the seeds' report; exits non-zero on any failed check.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

async function main() {
  const [report, shot] = process.argv.slice(2);
  assert.ok(report && shot, 'usage: node report.test.js REPORT.html SCREENSHOT.png');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-chromium-'));
  // A fresh profile folder (Playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const requests = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('file://' + path.resolve(report));

    // Summary table: one row per draft plus the totals.
    const rows = await page.locator('#summary tbody tr').count();
    assert.ok(rows >= 1, 'summary rows');
    assert.match(await page.locator('#summary tfoot').innerText(), /misattributed-title/);

    // Click the highlighted "John Bolton" (an error) and read the side panel.
    const mark = page.locator('mark.error', { hasText: 'John Bolton' }).first();
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    const panel = page.locator('#panel-body');
    const text = await panel.innerText();
    assert.match(text, /Secretary of Defense \(United States\) on 2025-08-20 was Pete Hegseth/);
    assert.match(text, /Knowledge base/);
    assert.match(text, /record us\.\S+ · source: https?:\/\//);
    assert.match(text, /Before: ….*John Bolton/);
    assert.match(text, /After: ….*Pete Hegseth/);
    assert.equal(await page.locator('mark.selected').count() >= 1, true, 'selected mark');

    // Clicking an item in a finding list shows that finding instead.
    const spelling = page.locator('li[data-rule="inconsistent-spelling"]').first();
    await spelling.click();
    assert.match(await panel.innerText(), /house style \(copydesk\.toml\) is 'Zelenskyy'/);

    // Filters: hide warnings; the warning items and their marks switch off, errors stay.
    await page.locator('input[value="severity:warning"]').uncheck();
    assert.equal(await page.locator('li[data-severity="warning"]:visible').count(), 0);
    assert.ok(await page.locator('li[data-severity="error"]:visible').count() >= 1);
    assert.equal(await page.locator('mark.warning:not(.off)').count(), 0);
    await page.locator('input[value="severity:warning"]').check();
    await page.locator('input[value="rule:inconsistent-spelling"]').uncheck();
    assert.equal(await page.locator('li[data-rule="inconsistent-spelling"]:visible').count(), 0);
    await page.locator('input[value="rule:inconsistent-spelling"]').check();

    await mark.click();
    fs.mkdirSync(path.dirname(path.resolve(shot)), { recursive: true });
    await page.screenshot({ path: shot });
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(requests, [], 'no external requests');
    console.log(`ok: side panel checked, screenshot ${shot}`);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
