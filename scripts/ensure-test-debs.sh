#!/usr/bin/env bash
# Makes sure the Debian packages the unit tests use are installed (apt-get when missing):
# python3-onnx and python3-numpy write the public-export variants of the embedded model and the
# reduced Qwen3-ASR replica (training/variants.py, training/replica.py); haproxy runs the balancer
# test (packages/server/test/haproxy.test.ts) and, with nginx, the config checks of deploy/
# (haproxy -c, nginx -t); python3-yaml parses the Kubernetes manifests (deploy.test.ts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-debs.sh"
ensure_debs python3-onnx python3-numpy haproxy nginx python3-yaml
