#!/usr/bin/env bash
# Rebuild the embedded model end to end: data -> training -> export -> references ->
# verification -> manifest (MODEL_CARD.md in the model folder is hand-written and kept).
# Usage (from anywhere): bash training/build.sh [training minutes]
# Needs Debian's python3-torch/numpy/onnx, espeak-ng and sox (installed here when missing)
# and /work/main/node_modules (onnxruntime-node, @huggingface/transformers) for the checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MINUTES="${1:-70}"
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
$PY training/train.py --minutes "$MINUTES"
$PY training/heldout.py --checkpoint "$CACHE/final.pt" --json-out "$CACHE/eval.json" --errors "$CACHE/errors.json"
rm -rf "$CACHE/verify"
$PY training/export.py --checkpoint "$CACHE/final.pt" --out "$MODEL"
mkdir -p "$FIXTURES"
$PY training/reference.py --checkpoint "$CACHE/final.pt" --out "$FIXTURES"
$PY training/reference.py --checkpoint "$CACHE/final.pt" --heldout 20 --out "$CACHE/verify"
node training/js/check_tokenizer.mjs "$MODEL"
node training/js/verify_export.mjs "$MODEL" "$FIXTURES" "$CACHE/verify"
$PY training/manifest.py --model "$MODEL" --checkpoint "$CACHE/final.pt" --eval "$CACHE/eval.json"
du -sh "$MODEL"
