#!/usr/bin/env bash
# The VS Code extension's checks: install (npm ci), type-check, bundle, package the .vsix,
# then drive `copydesk lsp` through vscode-jsonrpc (test/lsp.test.mjs). With
# COPYDESK_VSCODE_E2E=1 also a real VS Code: code-server in headless Chromium (test/e2e).
# Environment: COPYDESK_BIN (the server binary; default target/release/copydesk).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
export COPYDESK_BIN="${COPYDESK_BIN:-$repo/target/release/copydesk}"
cd "$here"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
echo "== npm ci"
npm ci --prefer-offline --loglevel=error
echo "== type-check"
npx tsc --noEmit
echo "== bundle"
npm run -s bundle
echo "== package"
rm -f copydesk.vsix
npx vsce package --no-dependencies --skip-license -o copydesk.vsix >/dev/null
listing="$(unzip -l copydesk.vsix)"
for f in extension/package.json extension/dist/extension.js extension/readme.md; do
  grep -q " $f\$" <<<"$listing" || { echo "copydesk.vsix lacks $f"; echo "$listing"; exit 1; }
done
if grep -q "node_modules\|src/extension.ts" <<<"$listing"; then
  echo "copydesk.vsix contains sources or node_modules"; echo "$listing"; exit 1
fi
echo "== protocol test (vscode-jsonrpc)"
timeout 120 node --test test/lsp.test.mjs
if [ "${COPYDESK_VSCODE_E2E:-0}" = "1" ]; then
  echo "== real VS Code (code-server + headless Chromium)"
  timeout 900 bash test/e2e/run.sh
fi
echo "vscode: all checks passed"
