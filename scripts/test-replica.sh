#!/usr/bin/env bash
# The full-scale checks CI leaves out (minutes, 1.3 GB): the Qwen3-ASR-0.6B replica through
# `earshot serve`'s session path, and in Chromium (download, Cache API, reload with zero requests,
# decode on WASM). CI runs the same tests on the reduced replica (2 + 2 layers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FOLDER="$(bash scripts/replica.sh 0.6b)"
EARSHOT_REPLICA="$FOLDER" npx vitest run packages/server/test/engine/replica-serve.test.ts
bash scripts/ensure-chromium.sh
EARSHOT_E2E_REPLICA=qwen3-asr-0.6b npx playwright test -c e2e/playwright.config.ts replica.spec.ts
