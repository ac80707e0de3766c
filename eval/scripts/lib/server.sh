# Sourced by the report scripts: sets ROOT to the repository root and moves there; ensure_debs
# (scripts/lib/ensure-debs.sh) installs Debian packages when missing; start_server starts `earshot serve` on $PORT in the background and waits for /healthz;
# stop_server stops it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
source scripts/lib/ensure-debs.sh

start_server() {
  node packages/server/bin/earshot.mjs serve --host 127.0.0.1 --port "$PORT" --log-level warn &
  SERVER=$!
  trap 'kill "$SERVER" 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "the server did not start" >&2
  return 1
}

stop_server() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  trap - EXIT
}
