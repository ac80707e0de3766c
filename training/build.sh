#!/usr/bin/env bash
# Rebuild the embedded model end to end: data -> training -> finish.sh (export, references,
# verification, manifest; MODEL_CARD.md in the model folder is hand-written and kept).
# Usage (from anywhere): bash training/build.sh [main-run minutes = 66]
# The schedule is over wall time (about 3 h 15 min of training on a 2-core machine in all).
# Needs Debian's python3-torch/numpy/onnx, espeak-ng and sox (installed here when missing)
# and /work/main/node_modules (onnxruntime-node, @huggingface/transformers) for the checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MINUTES="${1:-66}"
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
# Main run (curriculum), then continuations (fresh AdamW, all sentence lengths, lower peak lr);
# the last two add low-pass augmentation (robustness to client-side resampling), weigh the
# decoder loss more and use both cores; the last one also moves the speech inside new margins
# of recorded quiet or digital silence (robustness to VAD-cut segments and zero padding).
$PY training/train.py --minutes "$MINUTES" --out stage1.pt
$PY training/train.py --init "$CACHE/stage1.pt" --minutes 19 --lr 6e-4 --warmup 100 --eval-every 10 --out stage2.pt
$PY training/train.py --init "$CACHE/stage2.pt" --minutes 10 --lr 3e-4 --warmup 50 --eval-every 100 --out stage3.pt
$PY training/train.py --init "$CACHE/stage3.pt" --minutes 17 --lr 2e-4 --warmup 50 --eval-every 100 --out stage4.pt
$PY training/train.py --init "$CACHE/stage4.pt" --minutes 50 --lr 3e-4 --warmup 50 --eval-every 12 \
  --ce-weight 0.7 --lowpass 0.3 --threads 2 --out stage5.pt
$PY training/train.py --init "$CACHE/stage5.pt" --minutes 30 --lr 2e-4 --warmup 50 --eval-every 100 \
  --ce-weight 0.7 --lowpass 0.3 --shift 0.5 --threads 2 --out final.pt
bash training/finish.sh "$CACHE/final.pt"
