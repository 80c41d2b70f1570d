#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine with Node 20 (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need_apt=()
for pkg in zip unzip; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
scripts/setup-e2e.sh # the real-VS-Code end-to-end rig (code-server, Chromium)
