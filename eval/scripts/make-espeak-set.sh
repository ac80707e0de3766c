#!/usr/bin/env bash
# Synthesises the held-out espeak evaluation set (eval/.cache/espeak-heldout-<N>-seed<S>/: WAVs +
# manifest.jsonl) from the embedded model's recipe (training/vocab.py, training/synth.py), spoken
# by the held-out voices. Installs espeak-ng and sox when missing.
# Usage: bash eval/scripts/make-espeak-set.sh [count=40] [seed=7001]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT="${1:-40}"
SEED="${2:-7001}"

if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends espeak-ng sox
fi

cd "$ROOT"
node --conditions=earshot-source --import tsx eval/src/cli/main.ts espeak --count "$COUNT" --seed "$SEED" \
  --out "eval/.cache/espeak-heldout-$COUNT-seed$SEED"
