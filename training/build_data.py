"""Synthesise the training and held-out sets and cache their log-mel features (fp16).

Splits: `test` (held-out voices and sentences) and `train` (the `base` mix of synth.py), and
`train2`: new renderings of the first `--train2` training sentences in the `robust` mix (more
flite, flite voices moved up in register, more telephone audio), and `quiet`: segments without
speech (noise, hum, silence; synth.non_speech) with an empty transcript, which the last
continuation of build.sh adds to `train`. Output under training/.cache/: `<split>.feats.npy` (fp16 [sum T, 128],
utterances concatenated along time), `<split>.json` (per utterance: text, offset, frames,
voice...). Every utterance has its own seeded RNG, so the result does not depend on worker
scheduling.

    /usr/bin/python3 training/build_data.py                  # test + train
    /usr/bin/python3 training/build_data.py --splits train2,quiet
"""

import argparse
import json
import os
import time
from multiprocessing import Pool

import numpy as np

from data import CACHE
from features import log_mel
from synth import PROFILES, non_speech, synthesize, utterance_rng
from vocab import make_sentences


# train2's utterance RNGs are those of indices from here on, so its renderings are new ones.
TRAIN2_OFFSET = 1_000_000
QUIET_OFFSET = 2_000_000


def _render(job):
    """Worker: (index, text, held_out, profile name, rng offset) -> (index, fp16 [T, 128] features,
    description)."""
    idx, text, held_out, profile, offset = job
    rng = utterance_rng(idx + offset, held_out)
    audio, desc = non_speech(rng) if profile == "quiet" else synthesize(text, rng, held_out, PROFILES[profile])
    feats = log_mel(audio).T.astype(np.float16)
    desc.update(text=text, seconds=round(audio.shape[0] / 16000, 3))
    return idx, feats, desc


def build_split(name: str, texts, held_out: bool, workers: int, profile: str = "base", offset: int = 0) -> None:
    """Render one split and write its cache files."""
    t0 = time.time()
    jobs = [(i, t, held_out, profile, offset) for i, t in enumerate(texts)]
    feats, meta = [None] * len(jobs), [None] * len(jobs)
    with Pool(workers) as pool:
        for n, (i, f, d) in enumerate(pool.imap_unordered(_render, jobs, chunksize=16)):
            feats[i], meta[i] = f, d
            if (n + 1) % 1000 == 0:
                print(f"{name}: {n + 1}/{len(jobs)} in {time.time() - t0:.0f}s", flush=True)
    offset = 0
    for f, d in zip(feats, meta):
        d.update(offset=offset, frames=int(f.shape[0]))
        offset += f.shape[0]
    np.save(os.path.join(CACHE, f"{name}.feats.npy"), np.concatenate(feats))
    with open(os.path.join(CACHE, f"{name}.json"), "w") as fh:
        json.dump(meta, fh)
    hours = sum(d["seconds"] for d in meta) / 3600
    print(f"{name}: {len(meta)} utterances, {hours:.2f} h, {time.time() - t0:.0f}s", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train", type=int, default=40000)
    ap.add_argument("--test", type=int, default=500)
    ap.add_argument("--train2", type=int, default=20000, help="utterances of the train2 split")
    ap.add_argument("--quiet", type=int, default=3000, help="utterances of the quiet split")
    ap.add_argument("--splits", default="test,train", help="comma-separated: test, train, train2, quiet")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(CACHE, exist_ok=True)
    train, test = make_sentences(args.train, args.test)
    overlap = {s for s in test if len(s.split()) > 1} & set(train)
    assert not overlap, overlap
    splits = args.splits.split(",")
    if "test" in splits:
        build_split("test", test, True, args.workers)
    if "train" in splits:
        build_split("train", train, False, args.workers)
    if "train2" in splits:
        build_split("train2", train[: args.train2], False, args.workers, "robust", TRAIN2_OFFSET)
    if "quiet" in splits:
        build_split("quiet", [""] * args.quiet, False, args.workers, "quiet", QUIET_OFFSET)


if __name__ == "__main__":
    main()
