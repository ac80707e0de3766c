#!/usr/bin/env bash
# Builds (once) and caches a Qwen3-ASR replica — the public layout-v2 file set with the real
# dimensions and seeded random weights (training/replica.py) — and prints its folder.
# Usage: bash scripts/replica.sh [0.6b|1.7b] [--reduced]
#   --reduced: 2 encoder and 2 decoder layers, everything else full size (the CI replica).
# Folder: ${EARSHOT_REPLICA_DIR:-${XDG_CACHE_HOME:-~/.cache}/earshot/replicas}/qwen3-asr-<size>[-reduced]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${1:-0.6b}"
FLAGS=()
NAME="qwen3-asr-$SIZE"
if [ "${2:-}" = "--reduced" ]; then
  FLAGS=(--enc-layers 2 --dec-layers 2)
  NAME="$NAME-reduced"
fi
BASE="${EARSHOT_REPLICA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/earshot/replicas}"
OUT="$BASE/$NAME"
STAMP="$(sha256sum "$ROOT/training/replica.py" "$ROOT/training/features.py" | sha256sum | cut -c1-16)"
if [ "$(cat "$OUT/.complete" 2>/dev/null || true)" != "$STAMP" ]; then
  source "$ROOT/scripts/lib/ensure-debs.sh"
  ensure_debs python3-onnx python3-numpy >&2
  rm -rf "$OUT"
  mkdir -p "$OUT"
  (cd "$ROOT/training" && /usr/bin/python3 replica.py --out "$OUT" --size "$SIZE" "${FLAGS[@]}" >&2)
  echo "$STAMP" > "$OUT/.complete"
fi
echo "$OUT"
