#!/usr/bin/env bash
# Regenerates docs/eval/embedded/: the embedded model on the same clips through the Earshot server
# (earshot serve, its own process) and in the page (headless Chromium), then the comparison.
# One target runs at a time so they do not share the CPU.
# Usage: [EVAL_OUT=docs/eval/embedded] bash eval/scripts/embedded-report.sh [dataset=espeak:40] [extra eval flags…]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DATA="${1:-espeak:40}"
shift || true
OUT="${EVAL_OUT:-docs/eval/embedded}"
PORT="${EVAL_PORT:-18731}"

if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends espeak-ng sox
fi

node packages/server/bin/earshot.mjs serve --host 127.0.0.1 --port "$PORT" --log-level warn &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then break; fi
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "the server did not start" >&2; exit 1; }

npm run --silent eval -- --target "ws://127.0.0.1:$PORT/v1/realtime" --data "$DATA" --out "$OUT/server" "$@"
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
trap - EXIT

npm run --silent eval -- --target local --data "$DATA" --out "$OUT/in-page" "$@"
npm run --silent eval -- compare "$OUT/server/report.json" "$OUT/in-page/report.json" \
  --labels server,in-page --out "$OUT"
