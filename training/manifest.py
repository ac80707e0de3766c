"""Write earshot-model.json: the model folder's manifest (every file with size and SHA-256,
graph dimensions, tokenizer, license and training information).

    /usr/bin/python3 training/manifest.py --model models/earshot-tiny-en \\
        --checkpoint training/.cache/robust.pt --eval training/.cache/eval.json
    /usr/bin/python3 training/manifest.py --model models/earshot-tiny-en --refresh   # files only
"""

import argparse
import hashlib
import json
import os
import platform

from vocab import SEED, WORDS

MANIFEST = "earshot-model.json"
FORMAT_VERSION = 1


def file_entry(folder: str, name: str) -> dict:
    with open(os.path.join(folder, name), "rb") as f:
        data = f.read()
    return {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def build_manifest(folder: str, checkpoint: dict, evaluation: dict) -> dict:
    """Manifest of a model folder written by export.py; `evaluation` maps variant -> held-out result."""
    import torch  # only for its version; --refresh runs without torch

    with open(os.path.join(folder, "prompt_config.json")) as f:
        prompt = json.load(f)
    with open(os.path.join(folder, "added_tokens.json")) as f:
        special = json.load(f)
    cfg = checkpoint["config"]
    n_params = sum(v.numel() for k, v in checkpoint["model"].items() if "running_" not in k and "num_batches" not in k)
    return {
        "format": "earshot-model",
        "format_version": FORMAT_VERSION,
        "name": os.path.basename(os.path.normpath(folder)),
        "layout": "qwen3-asr-onnx-v2",
        "license": "Apache-2.0",
        "languages": ["en"],
        "description": "Tiny closed-vocabulary English recognizer with the Qwen3-ASR layout-v2 ONNX interface.",
        "files": list_files(folder),
        "variants": prompt["variants"],
        "dims": {
            "n_mels": cfg["n_mels"],
            "encoder": {"dim": cfg["enc_dim"], "layers": cfg["enc_layers"], "heads": cfg["enc_heads"], "ff": cfg["enc_ff"],
                        "conv_window": prompt["audio_tokens"]["conv_window"],
                        "tokens_per_window": prompt["audio_tokens"]["tokens_per_window"]},
            "decoder": {**prompt["decoder"], "num_attention_heads": cfg["dec_heads"], "intermediate_size": cfg["dec_ff"],
                        "rope_theta": cfg["rope_theta"]},
            "parameters": n_params,
        },
        "tokenizer": {"file": "tokenizer.json", "type": "byte-level BPE", "vocab_size": cfg["vocab_size"],
                      "special_tokens": special, "vocabulary_words": len(WORDS), "vocabulary_file": "vocabulary.txt"},
        "training": {
            "seed": SEED,
            "steps": checkpoint.get("step"),
            "minutes": round(checkpoint.get("minutes", 0.0), 1),
            "machine": f"{os.cpu_count()} CPU cores, {platform.machine()}, torch {torch.__version__} (CPU)",
            "data": "espeak-ng and flite synthetic speech, noise and silence (training/build_data.py)",
            "heldout": evaluation,
        },
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/earshot-tiny-en")
    ap.add_argument("--checkpoint", default="training/.cache/robust.pt")
    ap.add_argument("--eval", default="training/.cache/eval.json", help="heldout.py result of the fp32 variant")
    ap.add_argument("--eval-q4", default=None, help="heldout.py --int4 result of the q4 variant")
    ap.add_argument("--refresh", action="store_true",
                    help="keep the manifest, list the folder's files again (after editing MODEL_CARD.md, ...)")
    args = ap.parse_args()
    if args.refresh:
        with open(os.path.join(args.model, MANIFEST)) as f:
            manifest = json.load(f)
        manifest["files"] = list_files(args.model)
        write(args.model, manifest)
        return
    import torch

    checkpoint = torch.load(args.checkpoint, map_location="cpu")
    evaluation = {}
    for variant, path in (("fp32", args.eval), ("q4", args.eval_q4)):
        if path:
            with open(path) as f:
                evaluation[variant] = json.load(f)
    write(args.model, build_manifest(args.model, checkpoint, evaluation))


def list_files(folder: str) -> list:
    """Entries of every file of the folder but the manifest, by name."""
    names = sorted(n for n in os.listdir(folder) if n != MANIFEST and os.path.isfile(os.path.join(folder, n)))
    return [file_entry(folder, n) for n in names]


def write(folder: str, manifest: dict) -> None:
    with open(os.path.join(folder, MANIFEST), "w") as f:
        json.dump(manifest, f, indent=1)
    total = sum(e["bytes"] for e in manifest["files"])
    print(f"{MANIFEST}: {len(manifest['files'])} files, {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
