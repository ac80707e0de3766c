#!/usr/bin/env bash
# The embedded model's acceptance figure through the product: the 500 held-out utterances of its
# model card (held-out voices, sentences never used in training; rendered by
# training/heldout_audio.py) streamed through `earshot serve` (a RealtimeSession behind a real
# WebSocket, server VAD, deltas and completed), with the client sending 16 kHz and 24 kHz PCM16.
# Writes docs/eval/heldout/{16k,24k}/ and their comparison.
# Usage: [EVAL_OUT=docs/eval/heldout] bash eval/scripts/heldout-report.sh [extra eval flags…]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/server.sh"
OUT="${EVAL_OUT:-docs/eval/heldout}"
PORT="${EVAL_PORT:-18732}"
DATA=training/.cache/heldout-wav

ensure_debs espeak-ng sox python3-numpy
if [ ! -f "$DATA/manifest.jsonl" ]; then
  /usr/bin/python3 training/heldout_audio.py --out "$DATA"
fi
# The 24 kHz copy is made by sox (flat to ~7.9 kHz, like audio recorded at 24 kHz); resampled
# by the harness itself, the top of the band would be filtered twice (harness and server).
if [ ! -f "$DATA-24k/manifest.jsonl" ]; then
  mkdir -p "$DATA-24k"
  for wav in "$DATA"/*.wav; do sox -V1 "$wav" -r 24000 "$DATA-24k/$(basename "$wav")"; done
  cp "$DATA/manifest.jsonl" "$DATA-24k/"
fi
start_server
npm run --silent eval -- --target "ws://127.0.0.1:$PORT/v1/realtime" --data "$DATA/manifest.jsonl" \
  --fast --rate 16000 --out "$OUT/16k" --quiet "$@"
npm run --silent eval -- --target "ws://127.0.0.1:$PORT/v1/realtime" --data "$DATA-24k/manifest.jsonl" \
  --fast --rate 24000 --out "$OUT/24k" --quiet "$@"
stop_server
npm run --silent eval -- compare "$OUT/16k/report.json" "$OUT/24k/report.json" --labels 16k,24k --out "$OUT"
