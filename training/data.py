"""Cached feature sets, length-bucketed batches, curriculum filters and SpecAugment."""

import json
import os
import random

import numpy as np
import torch

from vocab import WORDS

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")
WORD_INDEX = {w: i + 1 for i, w in enumerate(WORDS)}  # CTC classes; 0 is blank


class FeatureSet:
    """One cached split: fp16 features [sum T, 128] plus per-utterance metadata."""

    def __init__(self, name: str):
        self.feats = np.load(os.path.join(CACHE, f"{name}.feats.npy"), mmap_mode="r")
        with open(os.path.join(CACHE, f"{name}.json")) as f:
            self.meta = json.load(f)
        self.n_words = np.array([len(m["text"].split()) for m in self.meta])
        self.frames = np.array([m["frames"] for m in self.meta])

    def __len__(self):
        return len(self.meta)

    def mel(self, i: int) -> np.ndarray:
        """float32 [128, T] features of utterance i."""
        m = self.meta[i]
        return np.asarray(self.feats[m["offset"] : m["offset"] + m["frames"]], dtype=np.float32).T

    def batch(self, idx, tokenizer, spec_augment: bool = False, rng: random.Random = None):
        """Collate utterances: mel [B, 128, Tmax] (zero-padded), frames [B], text id lists,
        CTC targets (concatenated word classes) and their lengths."""
        mels = [self.mel(i) for i in idx]
        if spec_augment:
            mels = [augment(m, rng) for m in mels]
        t_max = max(m.shape[1] for m in mels)
        mel = torch.zeros(len(idx), mels[0].shape[0], t_max)
        for j, m in enumerate(mels):
            mel[j, :, : m.shape[1]] = torch.from_numpy(m)
        texts = [self.meta[i]["text"] for i in idx]
        ids = [tokenizer.encode_words(t) for t in texts]
        ctc = [[WORD_INDEX[w] for w in t.split()] for t in texts]
        return {
            "mel": mel,
            "frames": torch.tensor([m.shape[1] for m in mels]),
            "ids": ids,
            "texts": texts,
            "ctc_targets": torch.tensor([c for seq in ctc for c in seq]),
            "ctc_lengths": torch.tensor([len(seq) for seq in ctc]),
        }


def augment(mel: np.ndarray, rng: random.Random) -> np.ndarray:
    """SpecAugment-style masks: 2 frequency bands (<= 15 bins), 2 time spans (<= 8% of T)."""
    mel = mel.copy()
    n_mels, t = mel.shape
    fill = float(mel.mean())
    for _ in range(2):
        w = rng.randint(0, 15)
        f0 = rng.randint(0, n_mels - w)
        mel[f0 : f0 + w] = fill
    for _ in range(2):
        w = rng.randint(0, max(1, int(0.08 * t)))
        t0 = rng.randint(0, max(0, t - w))
        mel[:, t0 : t0 + w] = fill
    return mel


def bucketed_batches(ds: FeatureSet, max_words: int, batch_size: int, rng: random.Random):
    """Shuffled batches of similar length from utterances with at most `max_words` words."""
    idx = [i for i in range(len(ds)) if ds.n_words[i] <= max_words]
    rng.shuffle(idx)
    chunk = batch_size * 50
    batches = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s : s + chunk], key=lambda i: ds.frames[i])
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches
