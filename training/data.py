"""Cached feature sets, length-bucketed batches, curriculum filters, SpecAugment and low-pass
augmentation (in the log-mel domain, so the cached features serve both)."""

import json
import os
import random

import numpy as np
import torch

from features import HOP, N_FFT, SAMPLE_RATE, mel_filters
from vocab import WORDS

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")
WORD_INDEX = {w: i + 1 for i, w in enumerate(WORDS)}  # CTC classes; 0 is blank


class FeatureSet:
    """Cached splits: fp16 features [sum T, 128] plus per-utterance metadata. `names` is one
    split or several joined by commas (`train,train2`), read as one set."""

    def __init__(self, names: str):
        self.parts, self.meta, self.part_of = [], [], []
        for part, name in enumerate(names.split(",")):
            self.parts.append(np.load(os.path.join(CACHE, f"{name}.feats.npy"), mmap_mode="r"))
            with open(os.path.join(CACHE, f"{name}.json")) as f:
                meta = json.load(f)
            self.meta += meta
            self.part_of += [part] * len(meta)
        self.n_words = np.array([len(m["text"].split()) for m in self.meta])
        self.frames = np.array([m["frames"] for m in self.meta])

    def __len__(self):
        return len(self.meta)

    def mel(self, i: int) -> np.ndarray:
        """float32 [128, T] features of utterance i."""
        m, feats = self.meta[i], self.parts[self.part_of[i]]
        return np.asarray(feats[m["offset"] : m["offset"] + m["frames"]], dtype=np.float32).T

    def batch(self, idx, tokenizer, spec_augment: bool = False, rng: random.Random = None,
              lowpass: float = 0.0, shift: float = 0.0):
        """Collate utterances: mel [B, 128, Tmax] (zero-padded), frames [B], text id lists,
        CTC targets (concatenated word classes) and their lengths. `lowpass` is the share of
        utterances passed through a random low-pass filter (see `low_pass`), `shift` the share
        given new leading and trailing quiet (see `time_shift`)."""
        mels = [self.mel(i) for i in idx]
        if shift > 0:
            mels = [time_shift(m, rng) if rng.random() < shift else m for m in mels]
        if lowpass > 0:
            mels = [low_pass(m, rng) if rng.random() < lowpass else m for m in mels]
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


_FILTERS = mel_filters().astype(np.float64)
_FFT_HZ = np.arange(N_FFT // 2 + 1) * SAMPLE_RATE / N_FFT
assert HOP == 160


def low_pass(mel: np.ndarray, rng: random.Random) -> np.ndarray:
    """What a client-side resampler or codec does to the top of the band: a random low-pass
    (passband edge 5-7.6 kHz, raised-cosine transition of 0.3-1 kHz, 50-80 dB stopband) applied
    to the power in each mel band, then the features' own floor (utterance max - 8 in log10,
    i.e. max - 2 after the (x + 4) / 4 scaling). Trains the model to accept audio whose top
    band was filtered away (e.g. 24 or 48 kHz input downsampled by the core's resampler)."""
    edge = rng.uniform(5000.0, 7600.0)
    width = rng.uniform(300.0, 1000.0)
    floor_db = rng.uniform(50.0, 80.0)
    ramp = np.clip((_FFT_HZ - edge) / width, 0.0, 1.0)
    gain_db = -floor_db * 0.5 * (1 - np.cos(np.pi * ramp))
    power_gain = _FILTERS @ (10.0 ** (gain_db / 10)) / np.maximum(_FILTERS.sum(axis=1), 1e-12)
    shift = (np.log10(np.maximum(power_gain, 1e-12)) / 4.0).astype(np.float32)
    return np.maximum(mel + shift[:, None], mel.max() - 2.0)


def time_shift(mel: np.ndarray, rng: random.Random) -> np.ndarray:
    """New quiet before and after the speech: 30-350 ms before, 50-1200 ms after, made of the
    utterance's own quiet frames in random order or (30% of the time on each side) of digital
    silence, which the features clamp to their floor (max - 8 in log10). A streaming host hands
    the model segments cut by a VAD or at pauses, and clients pad speech with zeros; their
    margins differ from the synthesiser's."""
    energy = mel.mean(axis=0)
    quiet_level = np.percentile(energy, 10) + 0.375  # 15 dB over the quietest frames
    loud = np.nonzero(energy > quiet_level)[0]
    quiet = np.nonzero(energy <= quiet_level)[0]
    if loud.size == 0 or quiet.size < 3:
        return mel
    first, last = int(loud[0]), int(loud[-1])
    lead, tail = rng.randint(3, 35), rng.randint(5, 120)
    floor = mel.max() - 2.0

    def fill(n, zeros):
        if zeros:
            return np.full((mel.shape[0], n), floor, dtype=mel.dtype)
        return mel[:, [int(quiet[rng.randrange(quiet.size)]) for _ in range(n)]]

    if rng.random() < 0.3:
        before = fill(lead, True)
    else:
        before = mel[:, max(0, first - lead) : first]
        before = np.concatenate([fill(lead - before.shape[1], False), before], axis=1)
    if rng.random() < 0.3:
        keep = min(tail, rng.randint(0, 40))  # some recorded quiet, then zeros
        after = np.concatenate([mel[:, last + 1 : last + 1 + keep], fill(tail, True)], axis=1)
    else:
        after = mel[:, last + 1 : last + 1 + tail]
        after = np.concatenate([after, fill(tail - after.shape[1], False)], axis=1)
    parts = [before, mel[:, first : last + 1], after]
    return np.concatenate([p for p in parts if p.shape[1] > 0], axis=1)


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
