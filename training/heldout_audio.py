"""Re-render the held-out split as 16 kHz PCM16 WAV files plus `manifest.jsonl` (the format
`npm run eval -- --data <folder>/manifest.jsonl` reads), so that the utterances of the model
card's held-out WER can be sent through the product (a RealtimeSession over a socket).

Each utterance is rendered with its own seeded RNG exactly as build_data.py does (numpy, espeak-ng
and sox only: no training cache needed); when the cache exists, the script checks that the features of every rendering match the cached held-out features (up to sox's
dither, which is not seeded: a mean absolute difference of about 0.003, up to 0.05 for quiet
utterances; a different rendering differs by about 0.3).

    /usr/bin/python3 training/heldout_audio.py [--out training/.cache/heldout-wav]
"""

import argparse
import json
import os
import wave
from multiprocessing import Pool

import numpy as np

from features import log_mel
from synth import synthesize, utterance_rng
from vocab import make_sentences

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")


def _audio(job):
    """Worker: (index, text) -> (index, float32 audio), rendered as build_data._render does."""
    idx, text = job
    audio, _ = synthesize(text, utterance_rng(idx, True), True)
    return idx, audio


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(CACHE, "heldout-wav"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--train", type=int, default=40000, help="as build_data.py --train")
    ap.add_argument("--test", type=int, default=500, help="as build_data.py --test")
    args = ap.parse_args()
    _, texts = make_sentences(args.train, args.test)
    test = None
    if os.path.exists(os.path.join(CACHE, "test.json")):
        from data import FeatureSet  # torch only for the check

        test = FeatureSet("test")
        assert texts == [m["text"] for m in test.meta], "the held-out sentences differ from the cache"
    os.makedirs(args.out, exist_ok=True)
    with Pool(args.workers) as pool:
        rendered = dict(pool.imap_unordered(_audio, list(enumerate(texts)), chunksize=16))
    diffs = []
    with open(os.path.join(args.out, "manifest.jsonl"), "w") as manifest:
        for i, text in enumerate(texts):
            audio = rendered[i]
            if test is not None:
                feats = log_mel(audio).T.astype(np.float16).astype(np.float32).T
                diffs.append(float(np.mean(np.abs(feats - test.mel(i)))))
            name = f"{i:04d}.wav"
            pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2")
            with wave.open(os.path.join(args.out, name), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(16000)
                w.writeframes(pcm.tobytes())
            entry = {"id": f"heldout-{i:04d}", "audio": name, "text": text}
            manifest.write(json.dumps(entry) + "\n")
    print(f"wrote {len(texts)} clips to {args.out}")
    if diffs:
        median, worst = float(np.median(diffs)), max(diffs)
        assert worst < 0.1, f"renderings differ from the cached features (mean abs diff up to {worst:.3f})"
        print(f"features vs the cache: mean abs diff median {median:.4f}, max {worst:.4f}")


if __name__ == "__main__":
    main()
