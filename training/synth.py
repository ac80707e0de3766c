"""espeak-ng + sox speech synthesis with random voice, prosody, gain, pads, noise and reverb."""

import random
import subprocess

import numpy as np

from features import SAMPLE_RATE
from vocab import SEED, spoken_text

ACCENTS = ["en", "en-us", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029", "en-us-nyc"]

TRAIN_VARIANTS = [
    "", "m1", "m2", "m3", "m5", "m6", "m8", "f1", "f2", "f5", "klatt", "klatt2", "klatt4",
    "adam", "Alex", "Alicia", "Andrea", "antonio", "belinda", "benjamin", "boris", "caleb",
    "david", "ed", "Gene", "gustave", "Hugo", "iven", "iven3", "john", "linda", "Marco",
    "Michael", "norbert", "paul", "quincy", "rob", "robert", "steph", "travis", "victor",
    "zac", "grandpa", "shelby", "Lee", "max",
]

# Held out from training entirely: used only for the held-out set and the fixtures.
TEST_VARIANTS = ["m4", "m7", "f3", "f4", "klatt3", "Andy", "aunty", "edward", "Mr", "sandro", "Annie", "iven2"]


def utterance_rng(idx: int, held_out: bool) -> random.Random:
    """The RNG that renders utterance `idx` of a split (build_data.py, heldout_audio.py)."""
    return random.Random(SEED * 1_000_003 + idx * 2 + int(held_out))


def random_voice(rng: random.Random, held_out: bool) -> str:
    """An espeak-ng voice name `accent[+variant]`."""
    variant = rng.choice(TEST_VARIANTS if held_out else TRAIN_VARIANTS)
    accent = rng.choice(ACCENTS)
    return accent + ("+" + variant if variant else "")


def synthesize(text: str, rng: random.Random, held_out: bool = False):
    """Render one transcript; returns (float32 16 kHz mono audio, description dict)."""
    voice = random_voice(rng, held_out)
    rate = rng.randint(120, 230)
    pitch = rng.randint(15, 85)
    gap = rng.randint(0, 6)
    gain = rng.uniform(-20.0, 0.0)
    pad_start, pad_end = rng.uniform(0, 0.3), rng.uniform(0, 0.3)
    reverb = rng.random() < 0.3
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-g", str(gap), "--stdout", spoken_text(text)],
        capture_output=True, check=True,
    ).stdout
    effects = ["gain", f"{gain:.2f}", "pad", f"{pad_start:.3f}", f"{pad_end:.3f}"]
    if reverb:
        effects += ["reverb", str(rng.randint(10, 60)), "50", str(rng.randint(20, 80))]
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-e", "signed", "-b", "16", "-r", str(SAMPLE_RATE), "-c", "1", "-"] + effects,
        input=wav, capture_output=True, check=True,
    ).stdout
    audio = np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0
    noise = None
    if rng.random() < 0.7:
        noise = rng.choice(["white", "brown"])
        snr = rng.uniform(5, 35)
        nrng = np.random.default_rng(rng.getrandbits(32))
        n = nrng.standard_normal(audio.shape[0]).astype(np.float32)
        if noise == "brown":
            n = np.cumsum(n)
            n -= np.convolve(n, np.ones(801) / 801, mode="same")  # remove the drift
        sig = float(np.mean(audio**2)) + 1e-12
        n *= np.sqrt(sig / (float(np.mean(n**2)) + 1e-12) / 10 ** (snr / 10))
        audio = audio + n
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak > 1.0:
        audio = audio / peak
    desc = {"voice": voice, "rate": rate, "pitch": pitch, "gap": gap, "gain": round(gain, 2),
            "reverb": reverb, "noise": noise}
    return audio.astype(np.float32), desc
