"""Speech synthesis for training and held-out sets: espeak-ng and flite voices, then sox and
numpy effects (speed/pitch perturbation, gain, pads, reverb, noise, telephone band).

Voices are split once, here: the training mix never renders a held-out voice. espeak-ng has 8
English accents x voice variants (12 variants held out); flite has five general-purpose voices,
of which `rms` and `slt` are held out entirely. flite's sixth voice, `awb_time`, is a
limited-domain unit-selection voice that can only say clock times (any other text comes out as
the wrong units), so it is used neither for training nor for evaluation.
"""

import random
import subprocess
import tempfile
from dataclasses import dataclass

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

# Held out from training entirely: used only for the held-out sets and the fixtures.
TEST_VARIANTS = ["m4", "m7", "f3", "f4", "klatt3", "Andy", "aunty", "edward", "Mr", "sandro", "Annie", "iven2"]

FLITE_TRAIN_VOICES = ["kal", "kal16", "awb"]
FLITE_TEST_VOICES = ["rms", "slt"]
# Mean F0 (Hz) each flite voice is rendered around (its natural register).
FLITE_F0 = {"kal": 105, "kal16": 105, "awb": 110, "rms": 100, "slt": 170}


@dataclass(frozen=True)
class Profile:
    """The mix one split is rendered with. `flite_share`: share of flite renderings;
    `register_up`: share of the flite renderings moved up 250-700 cents with sox `pitch` (pitch and
    formants together, a shorter vocal tract: every flite training voice is male, and the held-out
    female `slt` read at 43% WER, 27% when shifted down 400 cents); `telephone`: share given an
    8 kHz G.711 round trip."""

    flite_share: float = 0.45
    register_up: float = 0.0
    telephone: float = 0.2


# `base`: the main training split and the held-out split; `robust`: the second training split
# (`train2`, new renderings of the same sentences) the last continuation adds.
PROFILES = {"base": Profile(), "robust": Profile(flite_share=0.6, register_up=0.5, telephone=0.3)}


def utterance_rng(idx: int, held_out: bool) -> random.Random:
    """The RNG that renders utterance `idx` of a split (build_data.py, heldout_audio.py)."""
    return random.Random(SEED * 1_000_003 + idx * 2 + int(held_out))


def random_voice(rng: random.Random, held_out: bool) -> str:
    """An espeak-ng voice name `accent[+variant]`."""
    variant = rng.choice(TEST_VARIANTS if held_out else TRAIN_VARIANTS)
    accent = rng.choice(ACCENTS)
    return accent + ("+" + variant if variant else "")


def _to_float(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768.0


def _sox(wav: bytes, effects, in_type="wav", rate=SAMPLE_RATE) -> np.ndarray:
    """Runs sox on a WAV (or raw) input; returns float32 mono audio at `rate`."""
    src = ["-t", "wav", "-"] if in_type == "wav" else in_type
    raw = subprocess.run(
        ["sox", "-V1", *src, "-t", "raw", "-e", "signed", "-b", "16", "-r", str(rate), "-c", "1", "-"] + effects,
        input=wav, capture_output=True, check=True,
    ).stdout
    return _to_float(raw)


def espeak(text: str, rng: random.Random, held_out: bool, rate_range=(120, 230)):
    """espeak-ng WAV bytes and a description, with a random voice and prosody."""
    voice = random_voice(rng, held_out)
    rate = rng.randint(*rate_range)
    pitch = rng.randint(15, 85)
    gap = rng.randint(0, 6)
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-g", str(gap), "--stdout", spoken_text(text)],
        capture_output=True, check=True,
    ).stdout
    return wav, {"engine": "espeak-ng", "voice": voice, "rate": rate, "pitch": pitch, "gap": gap}


def flite(text: str, rng: random.Random, voice: str):
    """flite WAV bytes and a description: random duration stretch and mean F0 around the voice's own."""
    stretch = rng.uniform(0.8, 1.3)
    f0 = FLITE_F0[voice] * rng.uniform(0.8, 1.25)
    with tempfile.NamedTemporaryFile(suffix=".wav") as out:
        subprocess.run(
            ["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:.3f}",
             "--setf", f"int_f0_target_mean={f0:.1f}", "-t", spoken_text(text), "-o", out.name],
            capture_output=True, check=True,
        )
        with open(out.name, "rb") as fh:
            wav = fh.read()
    return wav, {"engine": "flite", "voice": voice, "stretch": round(stretch, 3), "f0": round(f0, 1)}


def colored_noise(samples: int, rng: random.Random, kind: str) -> np.ndarray:
    """`samples` of white, pink or brown noise (unnormalised)."""
    nrng = np.random.default_rng(rng.getrandbits(32))
    n = nrng.standard_normal(samples).astype(np.float32)
    if kind == "brown":
        n = np.cumsum(n)
        n -= np.convolve(n, np.ones(801) / 801, mode="same")  # remove the drift
    elif kind == "pink":
        spec = np.fft.rfft(n)
        spec[1:] /= np.sqrt(np.arange(1, spec.shape[0]))
        n = np.fft.irfft(spec, n=n.shape[0]).astype(np.float32)
    return n


def add_noise(audio: np.ndarray, rng: random.Random, kind: str, snr_db: float) -> np.ndarray:
    """Adds white, pink or brown noise at `snr_db` relative to the audio's mean power."""
    n = colored_noise(audio.shape[0], rng, kind)
    sig = float(np.mean(audio**2)) + 1e-12
    n *= np.sqrt(sig / (float(np.mean(n**2)) + 1e-12) / 10 ** (snr_db / 10))
    return audio + n


def non_speech(rng: random.Random):
    """0.3-3 s without speech, to be transcribed as nothing: white/pink/brown noise or mains hum
    (50/60 Hz and harmonics over a little noise) at -65..-25 dBFS RMS, or near-digital silence;
    20% through the telephone band. A VAD hands the model such segments when noise crosses its
    threshold; a model that never saw one reads a phrase into it."""
    samples = int(rng.uniform(0.3, 3.0) * SAMPLE_RATE)
    kind = rng.choice(["white", "pink", "brown", "hum", "silence"])
    if kind == "silence":
        audio, level = colored_noise(samples, rng, "white"), rng.uniform(-95.0, -70.0)
    elif kind == "hum":
        t = np.arange(samples) / SAMPLE_RATE
        mains = rng.choice([50.0, 60.0])
        audio = sum(rng.uniform(0.1, 1.0) * np.sin(2 * np.pi * mains * h * t + rng.uniform(0, 6.3)) for h in range(1, 6))
        audio = audio.astype(np.float32) + 0.05 * colored_noise(samples, rng, "white")
        level = rng.uniform(-65.0, -25.0)
    else:
        audio, level = colored_noise(samples, rng, kind), rng.uniform(-65.0, -25.0)
    audio *= 10 ** (level / 20) / (float(np.sqrt(np.mean(audio**2))) + 1e-12)
    desc = {"engine": "none", "noise": kind, "level": round(level, 1)}
    return _normalise(maybe_telephone(audio, rng, 0.2, desc)), desc


def telephone(audio: np.ndarray, codec: str) -> np.ndarray:
    """8 kHz G.711 round trip (`u-law` or `a-law`), back at 16 kHz: what a phone line does."""
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2").tobytes()
    raw16 = ["-t", "raw", "-e", "signed", "-b", "16", "-r", str(SAMPLE_RATE), "-c", "1", "-"]
    coded = subprocess.run(
        ["sox", "-V1", *raw16, "-t", "raw", "-e", codec, "-b", "8", "-r", "8000", "-c", "1", "-"],
        input=pcm, capture_output=True, check=True,
    ).stdout
    return _sox(coded, [], in_type=["-t", "raw", "-e", codec, "-b", "8", "-r", "8000", "-c", "1", "-"])


def maybe_telephone(audio: np.ndarray, rng: random.Random, share: float, desc: dict) -> np.ndarray:
    """With probability `share`, a G.711 round trip (µ-law or A-law, said in `desc`)."""
    if rng.random() >= share:
        return audio
    codec = rng.choice(["u-law", "a-law"])
    desc["telephone"] = codec
    return telephone(_normalise(audio), codec)


def trim_tail(audio: np.ndarray, rng: random.Random) -> np.ndarray:
    """Cuts the audio 0-40 ms after the last sample within 40 dB of the peak: speech that ends
    right at the end of the buffer (a VAD cut, a client that stops sending at the last word)."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak == 0.0:
        return audio
    loud = np.nonzero(np.abs(audio) > peak * 0.01)[0]
    end = int(loud[-1]) + 1 + int(rng.uniform(0, 0.04) * SAMPLE_RATE)
    return audio[: max(end, SAMPLE_RATE // 10)]


def _normalise(audio: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    return (audio / peak if peak > 1.0 else audio).astype(np.float32)


def synthesize(text: str, rng: random.Random, held_out: bool = False, profile: Profile = PROFILES["base"]):
    """One training (or held-out split) rendering with random augmentation; returns
    (float32 16 kHz mono audio, description dict)."""
    if rng.random() < profile.flite_share:
        wav, desc = flite(text, rng, rng.choice(FLITE_TEST_VOICES if held_out else FLITE_TRAIN_VOICES))
    else:
        wav, desc = espeak(text, rng, held_out)
    register_up = desc["engine"] == "flite" and profile.register_up > 0 and rng.random() < profile.register_up
    gain = rng.uniform(-20.0, 0.0)
    pad_start, pad_end = rng.uniform(0, 0.3), rng.uniform(0, 0.3)
    effects = []
    if rng.random() < 0.5:  # vocal-tract length, pitch and tempo together: new speakers
        speed = rng.uniform(0.88, 1.12)
        effects += ["speed", f"{speed:.3f}"]
        desc["speed"] = round(speed, 3)
    if register_up:
        cents = rng.randint(250, 700)
        effects += ["pitch", str(cents)]
        desc["cents"] = cents
    elif rng.random() < 0.3:
        cents = rng.randint(-300, 300)
        effects += ["pitch", str(cents)]
        desc["cents"] = cents
    effects += ["gain", f"{gain:.2f}"]
    reverb = rng.random() < 0.3
    if reverb:
        effects += ["reverb", str(rng.randint(10, 60)), "50", str(rng.randint(20, 80))]
    audio = _sox(wav, effects)
    if rng.random() < 0.3:
        audio = trim_tail(audio, rng)
        desc["tail"] = "trimmed"
        pad_end = 0.0
    audio = np.concatenate([np.zeros(int(pad_start * SAMPLE_RATE), np.float32), audio,
                            np.zeros(int(pad_end * SAMPLE_RATE), np.float32)])
    noise = None
    if rng.random() < 0.7:
        noise = rng.choice(["white", "brown", "pink"])
        snr = rng.uniform(3, 35)
        audio = add_noise(audio, rng, noise, snr)
        desc["snr"] = round(snr, 1)
    audio = maybe_telephone(audio, rng, profile.telephone, desc)
    desc.update(gain=round(gain, 2), reverb=reverb, noise=noise)
    return _normalise(audio), desc


def render_clean(text: str, rng: random.Random, engine: str):
    """A held-out-voice rendering without augmentation (for the evaluation sets): `engine` is
    `espeak-ng` or `flite`; gain -12..0 dB, 0.1-0.3 s of digital silence around the speech."""
    if engine == "flite":
        wav, desc = flite(text, rng, rng.choice(FLITE_TEST_VOICES))
    else:
        wav, desc = espeak(text, rng, True, rate_range=(130, 210))
    gain = rng.uniform(-12.0, 0.0)
    pad_start, pad_end = rng.uniform(0.1, 0.3), rng.uniform(0.1, 0.3)
    audio = _sox(wav, ["gain", f"{gain:.2f}", "pad", f"{pad_start:.3f}", f"{pad_end:.3f}"])
    desc.update(gain=round(gain, 2))
    return _normalise(audio), desc

