# Sourced by the report scripts: ensure_espeak installs espeak-ng + sox when missing;
# start_server starts `earshot serve` on $PORT in the background and waits for /healthz;
# stop_server stops it.

ensure_espeak() {
  if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends espeak-ng sox
  fi
}

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
