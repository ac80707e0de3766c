#!/usr/bin/env bash
# Rebuild the embedded model end to end: data -> training -> finish.sh (export, references,
# verification, manifest; MODEL_CARD.md in the model folder is hand-written and kept).
# Usage (from anywhere): bash training/build.sh [main-run minutes = 180] [continuation minutes = 45]
#   [robustness-continuation minutes = 80]
# The schedule is over wall time (about 5 h 5 min of training on one core of a 2-core machine).
# Every step is resumable: cached data is kept, a finished run's checkpoint is not redone, and a
# stopped run continues from its last partial checkpoint (train.py), so rerunning this script
# after an interruption carries on where it stopped.
# Needs Debian's python3-torch/numpy/onnx, espeak-ng, flite and sox (installed here when
# missing) and the repository's node_modules (onnxruntime-node, @huggingface/transformers).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MAIN="${1:-180}"
CONT="${2:-45}"
ROBUST="${3:-80}"
CACHE=training/.cache
PY=/usr/bin/python3

source scripts/lib/ensure-debs.sh
ensure_debs python3-torch python3-numpy python3-onnx espeak-ng flite sox libopenblas0-pthread

mkdir -p "$CACHE"
[ -f "$CACHE/train.json" ] || $PY training/build_data.py
# Main run: curriculum (1 -> 3 -> 6 -> 12 words), peak lr 8e-4 (1.5e-3 left this 6.4M-parameter
# model at chance), cosine over wall time; low-pass (30%) and
# margin (40%) augmentation in the log-mel domain on top of the synthesis-time augmentation.
[ -f "$CACHE/stage1.pt" ] || $PY training/train.py --minutes "$MAIN" --lr 8e-4 --warmup 500 --eval-every 20 \
  --lowpass 0.3 --shift 0.4 --out stage1.pt
# Continuation: fresh AdamW at a lower peak, the decoder loss weighted more.
[ -f "$CACHE/final.pt" ] || $PY training/train.py --init "$CACHE/stage1.pt" --minutes "$CONT" --lr 4e-4 \
  --warmup 50 --eval-every 15 --ce-weight 0.7 --lowpass 0.3 --shift 0.4 --out final.pt
# Robustness continuation: the training split plus train2 (20,000 new renderings of training
# sentences in synth.py's `robust` mix: more flite, flite voices moved up in register, more
# telephone audio) and quiet (3,000 segments of noise, hum or silence transcribed as nothing),
# fresh AdamW at peak 3e-4.
[ -f "$CACHE/train2.json" ] || $PY training/build_data.py --splits train2
[ -f "$CACHE/quiet.json" ] || $PY training/build_data.py --splits quiet
[ -f "$CACHE/robust.pt" ] || $PY training/train.py --init "$CACHE/final.pt" --data train,train2,quiet --minutes "$ROBUST" \
  --lr 3e-4 --warmup 50 --eval-every 15 --ce-weight 0.7 --lowpass 0.3 --shift 0.4 --out robust.pt
bash training/finish.sh "$CACHE/robust.pt"
