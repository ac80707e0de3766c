#!/usr/bin/env bash
# Issue 15's outside-the-repo check: build and pack every published package, install the tarballs in
# a fresh folder (dependencies from the npm cache when there), and use them as a consumer would:
# plain `node` imports @earshot/server and @earshot/core, `npx earshot serve` serves the embedded
# model (GET /v1/models, POST /v1/audio/transcriptions), a strict `nodenext` TypeScript consumer
# type-checks against the published .d.ts (the element typed through querySelector), a Vite app
# (vite-app/) and a static page without a bundler (static-page/, the package's dist/static) each
# transcribe Chromium's fake microphone, and the static page transcribes again after an offline
# reload (browser.mjs). Prints the bundle sizes (entry, Worker, wasm) of both.
# Prints one `ok: …` line per step; exits non-zero at the first failure.
# Usage: bash scripts/pack-install/run.sh [workdir]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-$(mktemp -d)}"
PORT="${PACK_PORT:-18790}"
VITE_PORT=$((PORT + 1))
STATIC_PORT=$((PORT + 2))
cd "$ROOT"
node scripts/build.mjs >/dev/null
mkdir -p "$WORK/tarballs" "$WORK/app"
npm pack --silent --pack-destination "$WORK/tarballs" \
  -w @earshot/model-tiny-en -w @earshot/core -w @earshot/web -w @earshot/server >/dev/null
echo "ok: packed $(ls "$WORK/tarballs" | tr '\n' ' ')"
# `npm publish --dry-run` of each tarball: any warning fails the step, but the one about not being
# logged in to the registry (nobody is, here).
for tarball in "$WORK"/tarballs/*.tgz; do
  WARNINGS="$(npm publish --dry-run "$tarball" 2>&1 | grep -E '^npm (warn|error)' | grep -v 'requires you to be logged in' || true)"
  if [ -n "$WARNINGS" ]; then echo "$tarball: $WARNINGS" >&2; exit 1; fi
done
echo "ok: npm publish --dry-run is clean for each tarball"

cd "$WORK/app"
cat > package.json <<'JSON'
{ "name": "earshot-consumer", "private": true, "type": "module" }
JSON
version() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }
ONNXRUNTIME_NODE_INSTALL=skip npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "$WORK"/tarballs/*.tgz "typescript@$(version typescript)" "vite@$(version vite)" >/dev/null
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

cp "$HERE/consumer.tsconfig.json" tsconfig.json
cp "$HERE/consumer.ts" consumer.ts
# skipLibCheck is off, so our published .d.ts are checked too; @huggingface/tokenizers' own
# declarations (a dependency of a dependency) break nodenext's extension rule, so its lines alone are let through.
ERRORS="$(npx --no-install tsc -p tsconfig.json 2>&1 | grep -v '^node_modules/@huggingface/' || true)"
if [ -n "$ERRORS" ]; then echo "$ERRORS" >&2; exit 1; fi
echo "ok: a strict nodenext consumer type-checks (the element through querySelector)"

# The browser: a Vite app and a static page, each built or copied from the installed packages, the
# model served beside them from @earshot/model-tiny-en.
MODEL_FILES="node_modules/@earshot/model-tiny-en/earshot-tiny-en"
mkdir -p vite-app/public/models
cp "$HERE"/vite-app/* vite-app/
cp -r "$MODEL_FILES" vite-app/public/models/earshot-tiny-en
(cd vite-app && npx --no-install vite build --logLevel warn)
echo "ok: a Vite app builds against @earshot/web"
node "$HERE/sizes.mjs" vite-app vite-app/dist

mkdir -p static-page/models
cp -r node_modules/@earshot/web/dist/static/. static-page/
cp "$HERE/static-page/index.html" static-page/
cp -r "$MODEL_FILES" static-page/models/earshot-tiny-en
echo "ok: a static page from @earshot/web/dist/static (no bundler)"
node "$HERE/sizes.mjs" static-page static-page

bash "$ROOT/scripts/ensure-chromium.sh" >/dev/null
sox -D "$ROOT/e2e/fixtures/timer-16k.wav" mic.wav pad 0.5 5
# Any static file server does; vite's preview server is one already installed (it bundles nothing).
npx --no-install vite preview --outDir "$WORK/app/vite-app/dist" --port "$VITE_PORT" --strictPort >/dev/null &
VITE=$!
npx --no-install vite preview --outDir "$WORK/app/static-page" --port "$STATIC_PORT" --strictPort >/dev/null &
STATIC=$!
stop_pages() { kill "$VITE" "$STATIC" 2>/dev/null || true; pkill -f "$WORK/app/node_modules/.bin/vite preview" || true; }
trap stop_pages EXIT
for port in "$VITE_PORT" "$STATIC_PORT"; do
  for _ in $(seq 1 60); do curl -sf "http://localhost:$port/" >/dev/null && break; sleep 0.5; done
done
node "$HERE/browser.mjs" "http://localhost:$VITE_PORT/" "http://localhost:$STATIC_PORT/" "$WORK/app/mic.wav"
