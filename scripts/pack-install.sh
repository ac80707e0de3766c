#!/usr/bin/env bash
# Issue 15's outside-the-repo check: build and pack every published package, install the tarballs in
# a fresh folder (dependencies from the npm cache when there), and use them as a consumer would:
# plain `node` imports @earshot/server and @earshot/core, `npx earshot serve` serves the embedded
# model (GET /v1/models, POST /v1/audio/transcriptions), and a strict `nodenext` TypeScript consumer
# type-checks against the published .d.ts (the element typed through querySelector).
# Prints one `ok: …` line per step; exits non-zero at the first failure.
# Usage: bash scripts/pack-install.sh [workdir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$(mktemp -d)}"
PORT="${PACK_PORT:-18790}"
cd "$ROOT"
node scripts/build.mjs >/dev/null
mkdir -p "$WORK/tarballs" "$WORK/app"
npm pack --silent --pack-destination "$WORK/tarballs" \
  -w @earshot/model-tiny-en -w @earshot/core -w @earshot/web -w @earshot/server >/dev/null
echo "ok: packed $(ls "$WORK/tarballs" | tr '\n' ' ')"

cd "$WORK/app"
cat > package.json <<'JSON'
{ "name": "earshot-consumer", "private": true, "type": "module" }
JSON
TS_VERSION="$(node -p "require('$ROOT/node_modules/typescript/package.json').version")"
ONNXRUNTIME_NODE_INSTALL=skip npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$WORK"/tarballs/*.tgz "typescript@$TS_VERSION" >/dev/null
echo "ok: installed the tarballs"

node --input-type=module -e "
  const server = await import('@earshot/server');
  const core = await import('@earshot/core');
  const protocol = await import('@earshot/core/protocol');
  if (typeof server.EarshotServer !== 'function') throw new Error('no EarshotServer');
  if (typeof core.parseWav !== 'function') throw new Error('no parseWav');
  if (!protocol.CLIENT_EVENT_TYPES.includes('input_audio_buffer.append')) throw new Error('no client events');
"
echo "ok: plain node imports @earshot/server and @earshot/core"

npx --no-install earshot serve --host 127.0.0.1 --port "$PORT" --log-level warn &
SERVER=$!
# npx runs the bin in a child process: stop both.
stop() { kill "$SERVER" 2>/dev/null || true; pkill -f "$WORK/app/node_modules/.bin/earshot serve" || true; }
trap stop EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
MODEL="$(curl -sf "http://127.0.0.1:$PORT/v1/models" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).data[0].id')"
TEXT="$(curl -sf "http://127.0.0.1:$PORT/v1/audio/transcriptions" -F "file=@$ROOT/packages/testkit/fixtures/audio/kitchen-lights-16k.wav" -F model="$MODEL" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).text')"
stop; wait "$SERVER" 2>/dev/null || true; trap - EXIT
echo "ok: npx earshot serve serves $MODEL; kitchen-lights-16k.wav -> \"$TEXT\""

cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true, "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022",
    "lib": ["es2022", "dom", "dom.iterable"], "types": [], "noEmit": true, "skipLibCheck": false
  },
  "files": ["consumer.ts"]
}
JSON
cat > consumer.ts <<'TS'
import { parseWav } from '@earshot/core';
import type { ClientEvent } from '@earshot/core/protocol';
import '@earshot/web/element';
import { LocalRealtimeSocket } from '@earshot/web/socket';

const element = document.querySelector('earshot-transcriber');
if (element !== null) {
  void element.start();
  element.addEventListener('final', (event) => console.log(event.detail.transcript));
}
const append: ClientEvent = { type: 'input_audio_buffer.append', audio: '' };
export const used = [parseWav, append, LocalRealtimeSocket];
TS
# skipLibCheck is off, so our published .d.ts are checked too; @huggingface/tokenizers' own
# declarations (a dependency of a dependency) break nodenext's extension rule, so its lines alone are let through.
ERRORS="$(npx --no-install tsc -p tsconfig.json 2>&1 | grep -v '^node_modules/@huggingface/' || true)"
if [ -n "$ERRORS" ]; then echo "$ERRORS" >&2; exit 1; fi
echo "ok: a strict nodenext consumer type-checks (the element through querySelector)"
