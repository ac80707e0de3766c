#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the Playwright e2e tests (installs it
# with apt when missing). Playwright drives it through `executablePath`; never `npx playwright install`.
set -euo pipefail

CHROMIUM="${EARSHOT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
echo "ensure-chromium: $CHROMIUM is missing; installing chromium with apt" >&2
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
test -x "$CHROMIUM"
