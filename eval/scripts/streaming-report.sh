#!/usr/bin/env bash
# Streaming as a user sees it, on held-out speech (training/eval_sets.py: voices never used in
# training): ~7 s utterances (3 held-out clips joined with 0.25 s gaps) streamed in real time
# through `earshot serve` with server VAD defaults, once per `transcription.delay` and once with
# the default, plus the default through the in-page engine; then a ~3 min item (70 clips) without
# VAD (one item, client commit) against the same audio with server VAD. Writes
# docs/eval/streaming/<run>/ and prints the tables (docs/reference/streaming.md quotes them).
# Usage: [EVAL_OUT=docs/eval/streaming] bash eval/scripts/streaming-report.sh
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/server.sh"
OUT="${EVAL_OUT:-docs/eval/streaming}"
PORT="${EVAL_PORT:-18733}"
SETS=training/.cache/eval-sets

ensure_debs espeak-ng flite sox python3-numpy
[ -f "$SETS/espeak/manifest.jsonl" ] || (cd training && /usr/bin/python3 eval_sets.py --sets espeak,flite)
[ -f "$SETS/seven/manifest.jsonl" ] ||
  npm run --silent eval -- concat "$SETS/espeak/manifest.jsonl" --per 3 --gap-ms 250 --limit 24 --out "$SETS/seven"
[ -f "$SETS/longform/manifest.jsonl" ] ||
  npm run --silent eval -- concat "$SETS/espeak/manifest.jsonl" --per 70 --gap-ms 700 --limit 1 --out "$SETS/longform"

run() { npm run --silent eval -- --data "$SETS/$1/manifest.jsonl" --rate 16000 --quiet "${@:2}"; }
start_server
URL="ws://127.0.0.1:$PORT/v1/realtime"
run seven --target "$URL" --realtime --out "$OUT/default"
for delay in minimal low medium high xhigh; do
  run seven --target "$URL" --realtime --delay "$delay" --out "$OUT/$delay"
done
run longform --target "$URL" --fast --vad manual --timeout-ms 300000 --out "$OUT/longform-manual"
run longform --target "$URL" --fast --vad server --timeout-ms 300000 --out "$OUT/longform-vad"
stop_server
run seven --target local --realtime --out "$OUT/in-page"

npm run --silent eval -- table "$OUT"/{default,minimal,low,medium,high,xhigh,in-page}/report.json \
  --labels "server (default),server minimal,server low,server medium,server high,server xhigh,in-page (default)"
npm run --silent eval -- table "$OUT"/longform-{manual,vad}/report.json --labels "no VAD (one item),server VAD"
