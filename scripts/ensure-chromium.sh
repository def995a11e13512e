#!/usr/bin/env bash
# Make sure Debian's Chromium is present for the browser test (tests/browser).
# Installs it with apt-get when missing and we may (root, or passwordless sudo).
# Without it the browser test is skipped with a message, except under CI=true,
# where it fails: CI must run every test.
set -u
if [ -n "${QTRANSPORT_CHROMIUM:-}" ]; then
  if [ -x "$QTRANSPORT_CHROMIUM" ]; then exit 0; fi
  echo "warning: QTRANSPORT_CHROMIUM=$QTRANSPORT_CHROMIUM is not an executable file;" >&2
  echo "         the browser test will fail until it points at Chromium or is unset." >&2
  exit 0
fi
if command -v chromium >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: Chromium not found and no apt-get here; the browser test will be skipped." >&2
  echo "      Install Chromium and set QTRANSPORT_CHROMIUM=/path/to/chromium to run it." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "note: Chromium is missing and installing it needs root: run" >&2
    echo "      sudo apt-get install -y chromium" >&2
    echo "      The browser test is skipped until then." >&2
    exit 0
  fi
fi
echo "Installing Chromium for the browser test (apt-get, about a minute, once)..."
export DEBIAN_FRONTEND=noninteractive
# Wait for a dpkg lock held by another apt run instead of failing at once.
APT_OPTS="-o DPkg::Lock::Timeout=300"
$SUDO apt-get $APT_OPTS update -qq >/dev/null &&
  $SUDO apt-get $APT_OPTS install -y -qq --no-install-recommends chromium >/dev/null
if command -v chromium >/dev/null 2>&1; then
  echo "Chromium installed: $(chromium --version 2>/dev/null | head -n1)"
else
  echo "warning: apt-get could not install Chromium; the browser test will be skipped." >&2
fi
exit 0
