"""Reference outputs of the torch model for the engine's tests and for export verification.

For each clip writes `<name>.wav` (16 kHz PCM16), `<name>.mel.f32` (float32 [128, T],
row-major, features.py of the WAV's samples), `<name>.audio_features.f32` (float32
[A, hidden]) and `<name>.json` (shapes, statistics, decoder_init logits and the logits of
every decoder_step, the greedy token ids and text; float vectors are base64 little-endian
float32). The torch model decodes with the int8-dequantised embedding table, like the engine.

    /usr/bin/python3 training/reference.py --checkpoint training/.cache/robust.pt \\
        --out packages/testkit/fixtures/reference            # fixture clips
    /usr/bin/python3 training/reference.py --heldout 20 --out training/.cache/verify
"""

import argparse
import base64
import json
import os
import random
import wave

import numpy as np
import torch

from checkpoint import load_model
from data import FeatureSet
from int4 import fake_quantize_decoder
from features import SAMPLE_RATE, log_mel
from heldout import parse_output, prompt_tuple
from synth import synthesize
from tokenizer import Tokenizer
from vocab import SEED

FIXTURES = {
    "kitchen_lights": "turn on the kitchen lights",
    "timer_five_minutes": "set a timer for five minutes",
    "nato_spelling": "alfa bravo charlie",
    "weather_tomorrow": "what is the weather tomorrow",
}


def b64(x: np.ndarray) -> str:
    """Base64 of little-endian float32 values."""
    return base64.b64encode(np.asarray(x, dtype="<f4").tobytes()).decode("ascii")


def write_wav(path: str, pcm16: np.ndarray) -> None:
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm16.astype("<i2").tobytes())


def reference_entry(model, tok, mel: np.ndarray, out: str, name: str, text: str, meta: dict) -> dict:
    """Run the torch model on one mel, write its binary files and JSON, return a summary."""
    mel_t = torch.from_numpy(mel)[None]
    with torch.no_grad():
        audio, _, n_tok = model.encoder(mel_t, torch.tensor([mel.shape[1]]))
    feats = audio[0, : int(n_tok[0])].numpy()
    ids, step_logits, _ = model.greedy(mel_t, prompt_tuple(tok))
    mel.astype("<f4").tofile(os.path.join(out, f"{name}.mel.f32"))
    feats.astype("<f4").tofile(os.path.join(out, f"{name}.audio_features.f32"))
    entry = {
        "text_reference": text,
        **meta,
        "mel": {"file": f"{name}.mel.f32", "shape": [1, mel.shape[0], mel.shape[1]], "dtype": "float32",
                "sum": float(mel.astype(np.float64).sum())},
        "audio_features": {"file": f"{name}.audio_features.f32", "shape": [1, *feats.shape], "dtype": "float32",
                           "first_row": feats[0].tolist(), "last_row": feats[-1].tolist(),
                           "sum": float(feats.astype(np.float64).sum()),
                           "abs_sum": float(np.abs(feats.astype(np.float64)).sum())},
        "decoder_init_logits": b64(step_logits[0].numpy()),
        "decoder_step_logits": [b64(l.numpy()) for l in step_logits[1:]],
        "token_ids": ids,
        "text": parse_output(tok, ids),
    }
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(entry, f, indent=1)
    return {"name": name, "reference": text, "hypothesis": entry["text"], "tokens": ids}


def fixture_clips(model, tok, out: str):
    """Synthesise the fixture clips with held-out voices and write their references."""
    results = []
    for k, (name, text) in enumerate(FIXTURES.items()):
        rng = random.Random(SEED + 7919 * (k + 1))
        audio, desc = synthesize(text, rng, held_out=True)
        pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16)
        write_wav(os.path.join(out, f"{name}.wav"), pcm)
        mel = log_mel(pcm.astype(np.float32) / 32768.0)
        meta = {"wav": f"{name}.wav", "samples": int(pcm.shape[0]), "synthesis": desc}
        results.append(reference_entry(model, tok, mel, out, name, text, meta))
    return results


def heldout_clips(model, tok, out: str, n: int):
    """References for the first n cached held-out utterances (no WAV)."""
    ds = FeatureSet("test")
    return [reference_entry(model, tok, ds.mel(i), out, f"heldout_{i:03d}", ds.meta[i]["text"], {"voice": ds.meta[i]["voice"]})
            for i in range(n)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default="training/.cache/robust.pt")
    ap.add_argument("--int4", action="store_true", help="use the q4 variant's int4 decoder weights")
    ap.add_argument("--out", default="packages/testkit/fixtures/reference")
    ap.add_argument("--heldout", type=int, default=0, help="use n cached held-out utterances instead of fixture clips")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, _ = load_model(args.checkpoint)
    if args.int4:
        fake_quantize_decoder(model)
    tok = Tokenizer()
    os.makedirs(args.out, exist_ok=True)
    results = heldout_clips(model, tok, args.out, args.heldout) if args.heldout else fixture_clips(model, tok, args.out)
    for r in results:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
