#!/usr/bin/env bash
# Install code-server 4.100.3 (the last release for node 20) from npm, offline-friendly:
# no postinstall downloads. Native modules are built from source against node's headers, and
# @vscode/ripgrep gets Debian's rg instead of its downloaded binary.
# Usage: setup_code_server.sh DEST   (idempotent; needs build-essential, pkg-config, libx11-dev,
# libxkbfile-dev, libsecret-1-dev, libkrb5-dev, ripgrep, chromium from Debian)
set -euo pipefail
DEST="${1:?destination folder}"
VERSION=4.100.3
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
if [ -x "$DEST/node_modules/.bin/code-server" ] && [ -f "$DEST/.complete" ]; then
  exit 0
fi
mkdir -p "$DEST"
cd "$DEST"
npm install --ignore-scripts --loglevel=error "code-server@$VERSION"
npm rebuild --loglevel=error argon2 --build-from-source
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog
# What code-server's own postinstall.sh does after installing, minus the downloads.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error)
touch "$DEST/.complete"
