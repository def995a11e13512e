#!/usr/bin/env bash
# Make sure configurable-http-proxy (JupyterHub's proxy, from npm) is present for the
# JupyterHub test (tests/test_jupyterhub.py).  It is installed with npm into a folder
# of the project's own environment, .venv/node, once; later runs find it and do nothing.
# Without node/npm, or when npm cannot install it, the test is skipped with a message,
# except under CI=true, where it fails: CI must run every test.
set -u
cd "$(dirname "$0")/.."
PREFIX=".venv/node"
VERSION="5"  # configurable-http-proxy 5.x (JupyterHub 5 and 6)
BIN="$PREFIX/node_modules/.bin/configurable-http-proxy"
if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "note: node and npm are not installed, so JupyterHub's proxy cannot be installed;" >&2
  echo "      the JupyterHub test will be skipped. Install Node.js (e.g. sudo apt-get install -y npm)" >&2
  echo "      and run: bash scripts/ensure-hub-proxy.sh" >&2
  exit 0
fi
echo "Installing configurable-http-proxy for the JupyterHub test (npm, into $PREFIX, once)..."
mkdir -p "$PREFIX"
if npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "configurable-http-proxy@$VERSION" >/dev/null &&
   "$BIN" --version >/dev/null 2>&1; then
  echo "configurable-http-proxy $("$BIN" --version) installed in $PREFIX"
else
  echo "warning: npm could not install configurable-http-proxy; the JupyterHub test will be skipped." >&2
fi
exit 0
