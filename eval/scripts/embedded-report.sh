#!/usr/bin/env bash
# Regenerates docs/eval/embedded/: the embedded model on the same clips through the Earshot server
# (earshot serve, its own process) and in the page (headless Chromium), then the comparison.
# One target runs at a time so they do not share the CPU.
# Usage: [EVAL_OUT=docs/eval/embedded] bash eval/scripts/embedded-report.sh [dataset=espeak:40] [extra eval flags…]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/server.sh"
DATA="${1:-espeak:40}"
shift || true
OUT="${EVAL_OUT:-docs/eval/embedded}"
PORT="${EVAL_PORT:-18731}"

ensure_debs espeak-ng sox
start_server

npm run --silent eval -- --target "ws://127.0.0.1:$PORT/v1/realtime" --data "$DATA" --out "$OUT/server" "$@"
stop_server

npm run --silent eval -- --target local --data "$DATA" --out "$OUT/in-page" "$@"
npm run --silent eval -- compare "$OUT/server/report.json" "$OUT/in-page/report.json" \
  --labels server,in-page --out "$OUT"
