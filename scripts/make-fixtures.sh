#!/usr/bin/env bash
# Regenerates the audio fixtures in packages/testkit/fixtures/audio/ (committed; run only to change them).
#
# Speech comes from espeak-ng (formant synthesis, deterministic for a given espeak-ng version) and is
# converted with sox without dither (-D), so reruns give the same bytes. Installs both when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/packages/testkit/fixtures/audio"

if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y espeak-ng sox
fi

mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# speak NAME VOICE WPM TEXT: writes NAME-16k.wav (16 kHz mono PCM16).
speak() {
  local name="$1" voice="$2" wpm="$3" text="$4"
  espeak-ng -v "$voice" -s "$wpm" -w "$TMP/$name.wav" "$text"
  sox -D "$TMP/$name.wav" -r 16000 -c 1 -b 16 -e signed-integer "$OUT/$name-16k.wav"
}

speak kitchen-lights en-us 175 "turn on the kitchen lights"
speak digits en 160 "seven four two nine"
speak weather en-us+f3 140 "what will the weather be like in Paris tomorrow"

# Client-rate copies of one clip for the resampler and pipeline tests.
sox -D "$OUT/kitchen-lights-16k.wav" -r 24000 "$OUT/kitchen-lights-24k.wav"
sox -D "$OUT/digits-16k.wav" -r 48000 "$OUT/digits-48k.wav" trim 0 1.5

# G.711 expansion of every code (0…255) by sox, as little-endian int16: an independent table.
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)))' >"$TMP/codes.raw"
sox -D -t raw -e u-law -r 8000 -b 8 -c 1 "$TMP/codes.raw" -t raw -e signed-integer -b 16 -L "$OUT/g711-mulaw-sox.s16le"
sox -D -t raw -e a-law -r 8000 -b 8 -c 1 "$TMP/codes.raw" -t raw -e signed-integer -b 16 -L "$OUT/g711-alaw-sox.s16le"

ls -l "$OUT"
