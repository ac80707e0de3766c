# Sourced by the report scripts: ensure_debs installs the named Debian packages when missing;
# start_server starts `earshot serve` on $PORT in the background and waits for /healthz;
# stop_server stops it.

ensure_debs() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if ((${#missing[@]})); then
    local sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
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
