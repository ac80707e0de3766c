#!/usr/bin/env bash
# Rebuild the embedded model end to end: data -> training -> export -> references ->
# verification -> manifest (MODEL_CARD.md in the model folder is hand-written and kept).
# Usage (from anywhere): bash training/build.sh [main minutes] [continuation minutes] [final minutes]
# Needs Debian's python3-torch/numpy/onnx, espeak-ng and sox (installed here when missing)
# and /work/main/node_modules (onnxruntime-node, @huggingface/transformers) for the checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MINUTES="${1:-66}"
CONTINUE_MINUTES="${2:-19}"
FINAL_MINUTES="${3:-10}"
MODEL=models/earshot-tiny-en
FIXTURES=packages/core/test/fixtures/reference
CACHE=training/.cache
PY=/usr/bin/python3

missing=()
for pkg in python3-torch python3-numpy python3-onnx espeak-ng sox libopenblas0-pthread; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"
fi

mkdir -p "$CACHE"
$PY training/build_data.py
# Main run, then two continuations (fresh AdamW, all sentence lengths, lower peak lr).
$PY training/train.py --minutes "$MINUTES" --out stage1.pt
$PY training/train.py --init "$CACHE/stage1.pt" --minutes "$CONTINUE_MINUTES" --lr 6e-4 --warmup 100 \
  --eval-every 10 --out stage2.pt
$PY training/train.py --init "$CACHE/stage2.pt" --minutes "$FINAL_MINUTES" --lr 3e-4 --warmup 50 \
  --eval-every 100 --out final.pt
$PY training/heldout.py --checkpoint "$CACHE/final.pt" --json-out "$CACHE/eval.json" --errors "$CACHE/errors.json"
rm -rf "$CACHE/verify" "$CACHE/verify-q4"
$PY training/export.py --checkpoint "$CACHE/final.pt" --out "$MODEL" --int4
mkdir -p "$FIXTURES"
$PY training/reference.py --checkpoint "$CACHE/final.pt" --out "$FIXTURES"
$PY training/reference.py --checkpoint "$CACHE/final.pt" --heldout 20 --out "$CACHE/verify"
$PY training/reference.py --checkpoint "$CACHE/final.pt" --heldout 20 --int4 --out "$CACHE/verify-q4"
$PY training/heldout.py --checkpoint "$CACHE/final.pt" --int4 --json-out "$CACHE/eval-q4.json"
node training/js/check_tokenizer.mjs "$MODEL"
node training/js/check_features.mjs "$MODEL" "$FIXTURES"
node training/js/verify_export.mjs "$MODEL" "$FIXTURES" "$CACHE/verify"
node training/js/verify_export.mjs --variant=q4 "$MODEL" "$CACHE/verify-q4"
$PY training/manifest.py --model "$MODEL" --checkpoint "$CACHE/final.pt" --eval "$CACHE/eval.json" \
  --eval-q4 "$CACHE/eval-q4.json"
du -sh "$MODEL"
