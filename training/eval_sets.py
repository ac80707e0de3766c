"""Held-out evaluation sets of the embedded model, as WAV files + `manifest.jsonl` (the format
`npm run eval -- --data <folder>/manifest.jsonl` reads), one folder per condition:

| set | voices | sentences | audio |
|---|---|---|---|
| `espeak` | the 12 held-out espeak-ng variants | recipe mix (1-12 words, digit strings) | 16 kHz, clean |
| `flite` | flite `rms`, `slt` (never in training) | recipe mix | 16 kHz, clean |
| `g711` | both held-out voice sets, half each | recipe mix | 8 kHz (sent as G.711) |
| `snr10` | both | recipe mix | 16 kHz, white/pink/brown noise at 10 dB SNR |
| `long` | both | 10-12 words | 16 kHz, clean |
| `digits` | both | 3-8 digits | 16 kHz, clean |
| `noise` | none | none (the transcript should be empty) | 16 kHz, 0.3-3 s of noise, hum or near-silence (synth.non_speech) |

Multi-word sentences never occur in training (single words necessarily do). Every clip has its
own seeded RNG. Festival is not used here (reserved for independent evaluation).

    /usr/bin/python3 training/eval_sets.py [--out training/.cache/eval-sets] [--count 200]
"""

import argparse
import json
import os
import random
import subprocess
import wave
from multiprocessing import Pool

import numpy as np

from synth import add_noise, non_speech, render_clean
from vocab import SEED, digit_string, long_sentence, make_sentences, random_sentence

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")
SETS = ["espeak", "flite", "g711", "snr10", "long", "digits", "noise"]


def sentence(name: str, rng: random.Random) -> str:
    if name == "long":
        return long_sentence(rng, 10, 12)
    if name == "digits":
        return digit_string(rng, 3, 8)
    if name == "noise":
        return ""
    return random_sentence(rng)


def _render(job):
    """Worker: (set, index, text) -> (index, int16 PCM bytes, rate, description)."""
    name, idx, text = job
    rng = random.Random(SEED * 7_000_001 + SETS.index(name) * 100_003 + idx)
    engine = {"espeak": "espeak-ng", "flite": "flite"}.get(name, "flite" if idx % 2 else "espeak-ng")
    if name == "noise":
        audio, desc = non_speech(rng)
        desc["voice"] = desc["noise"]
    else:
        audio, desc = render_clean(text, rng, engine)
    if name == "snr10":
        kind = rng.choice(["white", "pink", "brown"])
        audio = add_noise(audio, rng, kind, 10.0)
        audio = audio / max(1.0, float(np.max(np.abs(audio))))
        desc.update(noise=kind, snr=10)
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2").tobytes()
    rate = 16000
    if name == "g711":
        rate = 8000
        pcm = subprocess.run(
            ["sox", "-V1", "-t", "raw", "-e", "signed", "-b", "16", "-r", "16000", "-c", "1", "-",
             "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", "-"],
            input=pcm, capture_output=True, check=True,
        ).stdout
    return idx, pcm, rate, desc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(CACHE, "eval-sets"))
    ap.add_argument("--count", type=int, default=200, help="clips per set")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--train", type=int, default=40000, help="as build_data.py --train")
    args = ap.parse_args()
    train, _ = make_sentences(args.train, 0)
    seen = {s for s in train if len(s.split()) > 1}
    for name in args.sets.split(","):
        rng = random.Random(SEED + 17 + SETS.index(name))
        texts = []
        while len(texts) < args.count:
            s = sentence(name, rng)
            if s not in seen:
                texts.append(s)
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        with Pool(args.workers) as pool:
            rendered = sorted(pool.imap_unordered(_render, [(name, i, t) for i, t in enumerate(texts)], chunksize=8))
        with open(os.path.join(folder, "manifest.jsonl"), "w") as manifest:
            for (i, pcm, rate, desc), text in zip(rendered, texts):
                file = f"{i:04d}.wav"
                with wave.open(os.path.join(folder, file), "wb") as w:
                    w.setnchannels(1)
                    w.setsampwidth(2)
                    w.setframerate(rate)
                    w.writeframes(pcm)
                entry = {"id": f"{name}-{i:04d}", "audio": file, "text": text, "voice": desc["voice"],
                         "engine": desc["engine"]}
                manifest.write(json.dumps(entry) + "\n")
        print(f"{name}: {len(texts)} clips in {folder}", flush=True)


if __name__ == "__main__":
    main()
