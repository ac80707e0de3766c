#!/usr/bin/env bash
# Makes sure the Debian packages the unit tests use are installed (apt-get when missing):
# python3-onnx and python3-numpy write the public-export variants of the embedded model and the
# reduced Qwen3-ASR replica (training/variants.py, training/replica.py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-debs.sh"
ensure_debs python3-onnx python3-numpy
