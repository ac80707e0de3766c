#!/usr/bin/env bash
# The embedded model beyond its training voices (issue 16), through the product: each held-out set
# of training/eval_sets.py (unseen espeak voices, held-out flite voices, 8 kHz G.711 µ-law,
# 10 dB SNR, 10–12-word phrases, digit strings; and segments without speech, whose transcript
# should be empty) streamed through `earshot serve` (server VAD, fast pacing). Writes
# docs/eval/robustness/<vad>/<set>/ and prints one WER line per set (for `noise`: the clips that
# got words).
# Usage: [EARSHOT_VAD=energy|silero] [EVAL_OUT=docs/eval/robustness] bash eval/scripts/robustness-report.sh [extra eval flags…]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VAD="${EARSHOT_VAD:-energy}"
export EARSHOT_VAD="$VAD"
OUT="${EVAL_OUT:-docs/eval/robustness}/$VAD"
PORT="${EVAL_PORT:-18733}"
SETS=training/.cache/eval-sets

source eval/scripts/lib/server.sh
ensure_debs espeak-ng flite sox python3-numpy
[ -f "$SETS/g711/manifest.jsonl" ] || /usr/bin/python3 training/eval_sets.py --out "$SETS"
[ -f "$SETS/noise/manifest.jsonl" ] || /usr/bin/python3 training/eval_sets.py --out "$SETS" --sets noise
start_server
for set in espeak flite g711 snr10 long digits noise; do
  format=(--rate 16000)
  [ "$set" = g711 ] && format=(--format audio/pcmu)
  npm run --silent eval -- --target "ws://127.0.0.1:$PORT/v1/realtime" --data "$SETS/$set/manifest.jsonl" \
    --fast "${format[@]}" --out "$OUT/$set" --quiet "$@"
done
stop_server
for set in espeak flite g711 snr10 long digits noise; do
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const s = r.summary;
    const name = process.argv[2].padEnd(7);
    if (process.argv[2] === "noise") {
      const q = s.withoutSpeech;
      console.log(`${name} words in ${q.withWords} of ${q.clips} clips without speech (${q.words} words)`);
    } else {
      console.log(`${name} WER ${(100 * s.wer.rate).toFixed(1)} % over ${s.clips ?? r.clips.length} clips; final latency p50 ${Math.round(s.finalLatencyMs.p50)} ms`);
    }
  ' "$OUT/$set/report.json" "$set"
done
