"""Held-out evaluation: word error rate of greedy decoder decoding and of greedy CTC.

Run as a script to evaluate a checkpoint on the whole held-out set:
    /usr/bin/python3 training/heldout.py [--checkpoint training/.cache/robust.pt]
"""

import argparse
import json

import torch

from checkpoint import load_model
from data import FeatureSet
from int4 import fake_quantize_decoder
from tokenizer import Tokenizer
from vocab import WORDS


def edit_distance(a, b) -> int:
    """Levenshtein distance between two word lists."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
            prev, row[j] = row[j], cur
    return row[-1]


def parse_output(tok: Tokenizer, ids) -> str:
    """Model-contract section 6.4: text after the first <asr_text> (all text if none)."""
    asr = tok.special["<asr_text>"]
    if asr in ids:
        ids = ids[ids.index(asr) + 1 :]
    return tok.decode(ids).strip()


def evaluate(model, ds: FeatureSet, tok: Tokenizer, limit: int = None, errors_out: list = None):
    """(decoder WER, CTC WER) over the first `limit` utterances of a split."""
    model.eval()
    prompt = prompt_tuple(tok)
    n_ref = dec_err = ctc_err = 0
    for i in range(len(ds) if limit is None else min(limit, len(ds))):
        ref = ds.meta[i]["text"].split()
        ids, _, ctc_words = model.greedy(torch.from_numpy(ds.mel(i))[None], prompt)
        hyp = parse_output(tok, ids).split()
        ctc_hyp = [WORDS[c - 1] for c in ctc_words]
        n_ref += len(ref)
        dec_err += edit_distance(ref, hyp)
        ctc_err += edit_distance(ref, ctc_hyp)
        if errors_out is not None and hyp != ref:
            errors_out.append({"ref": " ".join(ref), "hyp": " ".join(hyp), "voice": ds.meta[i]["voice"]})
    model.train()
    return dec_err / n_ref, ctc_err / n_ref


def prompt_tuple(tok: Tokenizer):
    """(prefix, suffix, language, eos ids, audio_pad id) for training and decoding."""
    prefix, suffix, language = tok.prompt_ids()
    eos = [tok.special["<|im_end|>"], tok.special["<|endoftext|>"]]
    return prefix, suffix, language, eos, tok.special["<|audio_pad|>"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", default="training/.cache/robust.pt")
    ap.add_argument("--int4", action="store_true", help="use the q4 variant's int4 decoder weights")
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", default=None, help="write mis-recognised utterances to this JSON file")
    ap.add_argument("--json-out", default=None, help="write the result (read by manifest.py) to this file")
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, _ = load_model(args.checkpoint)
    if args.int4:
        fake_quantize_decoder(model)
    errors = []
    dec, ctc = evaluate(model, FeatureSet(args.split), Tokenizer(), args.limit, errors)
    result = {"split": args.split, "utterances": len(FeatureSet(args.split)) if args.limit is None else args.limit,
              "decoder_wer": round(dec, 4), "ctc_wer": round(ctc, 4), "errors": len(errors)}
    print(json.dumps(result))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1)
    if args.errors:
        with open(args.errors, "w") as f:
            json.dump(errors, f, indent=1)


if __name__ == "__main__":
    main()
