#!/usr/bin/env bash
# Installs what the end-to-end tests in a real VS Code need (idempotent):
#   - Debian packages: chromium (browser driven by playwright-core), ripgrep (VS Code search),
#     libkrb5-dev + build tools (native modules of code-server);
#   - code-server 4.100.3 (VS Code 1.100.3 workbench served over HTTP) into .e2e/ (its own prefix, outside
#     the project's dependency graph).
# Works offline apart from the Debian mirror and the npm registry: @vscode/ripgrep's download of `rg` from GitHub
# is satisfied from a local cache archive built from Debian's /usr/bin/rg.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
CODE_SERVER_VERSION="4.100.3"
# Versions bundled by code-server 4.100.3: @vscode/ripgrep 1.15.11, which fetches rg v13.0.0-10.
RIPGREP_PKG_VERSION="1.15.11"
RIPGREP_TAG="v13.0.0-10"
PREFIX="$ROOT/.e2e"

export DEBIAN_FRONTEND=noninteractive
need_apt=()
for pkg in chromium ripgrep libkrb5-dev python3 make g++ fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ -x "$PREFIX/node_modules/.bin/code-server" ] &&
  [ "$(node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed in $PREFIX"
  exit 0
fi

# Cache archive that @vscode/ripgrep's postinstall looks for before trying GitHub.
TMP="${TMPDIR:-/tmp}"
CACHE_DIR="$TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
ARCHIVE="$CACHE_DIR/ripgrep-$RIPGREP_TAG-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$ARCHIVE" ]; then
  mkdir -p "$CACHE_DIR"
  STAGE="$(mktemp -d)"
  cp "$(command -v rg)" "$STAGE/rg"
  tar -czf "$ARCHIVE" -C "$STAGE" rg
  rm -rf "$STAGE"
fi

mkdir -p "$PREFIX"
# Keep the prefix out of git and out of the packaged extension.
printf '*\n' >"$PREFIX/.gitignore"
[ -f "$PREFIX/package.json" ] || printf '{ "name": "synapse-e2e-tools", "private": true }\n' >"$PREFIX/package.json"
export npm_config_unsafe_perm=true npm_config_yes=true
start=$(date +%s)
npm install --prefix "$PREFIX" --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
echo "code-server $CODE_SERVER_VERSION installed in $PREFIX in $(($(date +%s) - start)) s"
