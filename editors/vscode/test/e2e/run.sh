#!/usr/bin/env bash
# Real VS Code test: installs code-server + playwright-core once into the cache, then runs
# e2e.mjs with the packaged copydesk.vsix. Screenshots go to $COPYDESK_ARTIFACTS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ext="$(cd "$here/../.." && pwd)"
repo="$(cd "$ext/../.." && pwd)"
cache="${COPYDESK_CACHE:-$HOME/.cache/copydesk-ci}"
export CODE_SERVER_DIR="$cache/code-server"
for tool in chromium rg; do
  command -v "$tool" >/dev/null || { echo "e2e needs $tool (apt-get install chromium ripgrep libkrb5-dev pkg-config)"; exit 1; }
done
bash "$here/install.sh" "$CODE_SERVER_DIR"
export VSIX="$ext/copydesk.vsix"
export ARTIFACTS="${COPYDESK_ARTIFACTS:-$repo/target/ci-artifacts}"
node "$here/e2e.mjs"
