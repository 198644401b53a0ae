#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) and playwright-core offline from the npm
# registry into $1 (skipped when already there), following
# ../shared/recipes/real-editor-clients.md: code-server's own postinstall downloads
# ripgrep, so it is replaced by these steps. Needs Debian's chromium, ripgrep,
# libkrb5-dev and pkg-config.
set -euo pipefail
dest="$1"
if [ -x "$dest/node_modules/.bin/code-server" ] && [ -f "$dest/.complete" ]; then
  exit 0
fi
rm -rf "$dest" && mkdir -p "$dest" && cd "$dest"
export npm_config_yes=true npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
echo '{"name":"copydesk-e2e","private":true}' > package.json
npm install --ignore-scripts --loglevel=error code-server@4.100.3 playwright-core@1 >/dev/null
CS=node_modules/code-server
npm rebuild argon2 --foreground-scripts >/dev/null
cd "$CS/lib/vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm rebuild --foreground-scripts >/dev/null 2>&1
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund --foreground-scripts --loglevel=error >/dev/null 2>&1)
touch "$dest/.complete"
