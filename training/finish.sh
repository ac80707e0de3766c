#!/usr/bin/env bash
# From a trained checkpoint to the shipped model: held-out WER (fp32 and int4), ONNX export
# (fp32 + q4), torch reference fixtures, tokenizer/feature/export checks against the JS
# libraries, and the manifest. MODEL_CARD.md in the model folder is hand-written and kept.
# Usage (from anywhere): bash training/finish.sh [checkpoint=training/.cache/robust.pt]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CACHE=training/.cache
CKPT="${1:-$CACHE/robust.pt}"
MODEL=models/earshot-tiny-en
FIXTURES=packages/testkit/fixtures/reference
PY=/usr/bin/python3

$PY training/heldout.py --checkpoint "$CKPT" --json-out "$CACHE/eval.json" --errors "$CACHE/errors.json"
rm -rf "$CACHE/verify" "$CACHE/verify-q4"
$PY training/export.py --checkpoint "$CKPT" --out "$MODEL" --int4
mkdir -p "$FIXTURES"
$PY training/reference.py --checkpoint "$CKPT" --out "$FIXTURES"
$PY training/reference.py --checkpoint "$CKPT" --heldout 20 --out "$CACHE/verify"
$PY training/reference.py --checkpoint "$CKPT" --heldout 20 --int4 --out "$CACHE/verify-q4"
$PY training/heldout.py --checkpoint "$CKPT" --int4 --json-out "$CACHE/eval-q4.json"
node training/js/check_tokenizer.mjs "$MODEL"
node training/js/check_features.mjs "$MODEL" "$FIXTURES"
node training/js/verify_export.mjs "$MODEL" "$FIXTURES" "$CACHE/verify"
node training/js/verify_export.mjs --variant=q4 "$MODEL" "$CACHE/verify-q4"
$PY training/manifest.py --model "$MODEL" --checkpoint "$CKPT" --eval "$CACHE/eval.json" \
  --eval-q4 "$CACHE/eval-q4.json"
du -sh "$MODEL"
