"""Train the embedded model on the cached features within a wall-clock budget.

Loss 0.6 * CE (decoder) + 0.4 * CTC (encoder aux head) by default; AdamW, linear warmup then cosine
decay over WALL TIME; gradient clip 1.0; length-bucketed batches; curriculum advanced on a
loss threshold (single words -> <= 3 words -> all); SpecAugment after the first stage;
non-finite steps skipped; held-out WER logged periodically. Every few minutes the whole run
state (weights, optimizer, step, elapsed wall time, curriculum stage, RNG) goes to
`.cache/<out>.partial.pt`; started again with the same `--out`, a stopped run continues from it.
`--init` starts from a checkpoint's weights (fresh optimizer and schedule, all sentence lengths).

    /usr/bin/python3 training/train.py --minutes 180 --lr 8e-4 --out stage1.pt
    /usr/bin/python3 training/train.py --init training/.cache/stage1.pt --minutes 45 --lr 4e-4 --out final.pt
    /usr/bin/python3 training/train.py --init training/.cache/final.pt --data train,train2,quiet --minutes 80 --lr 3e-4 --out robust.pt
"""

import argparse
import json
import math
import os
import random
import time

import torch

from checkpoint import load_model, save_checkpoint
from data import CACHE, FeatureSet, bucketed_batches
from heldout import evaluate, prompt_tuple
from model import AsrModel, ModelConfig
from tokenizer import Tokenizer
from vocab import MAX_WORDS, SEED, WORDS

# (max words, EMA of the combined loss to leave the stage, latest minute to leave it)
CURRICULUM = [(1, 0.45, 8.0), (3, 0.45, 16.0), (6, 0.5, 30.0), (MAX_WORDS, None, None)]


def param_groups(model, weight_decay):
    """AdamW groups: no decay for biases, norms and the (tied) embedding."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim < 2 or "embed" in name else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def lr_at(step, elapsed, budget, peak, warmup):
    """Linear warmup over steps, then cosine decay to 5% of peak over wall time."""
    if step < warmup:
        return peak * (step + 1) / warmup
    frac = min(1.0, elapsed / budget)
    return peak * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=70.0, help="wall-clock training budget")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--eval-every", type=float, default=7.0, help="minutes between held-out evaluations")
    ap.add_argument("--eval-limit", type=int, default=150)
    ap.add_argument("--ckpt-every", type=float, default=3.0, help="minutes between checkpoints")
    ap.add_argument("--init", default=None,
                    help="continue from this checkpoint's weights (fresh optimizer, last curriculum stage)")
    ap.add_argument("--data", default="train", help="training split(s) in training/.cache, comma-separated")
    ap.add_argument("--out", default="final.pt", help="final checkpoint file name in training/.cache")
    ap.add_argument("--ce-weight", type=float, default=0.6,
                    help="weight of the decoder loss (the CTC auxiliary loss gets the rest)")
    ap.add_argument("--lowpass", type=float, default=0.0,
                    help="share of training utterances given a random low-pass filter (data.low_pass)")
    ap.add_argument("--shift", type=float, default=0.0,
                    help="share of training utterances given new leading/trailing quiet (data.time_shift)")
    ap.add_argument("--model-config", default="{}",
                    help='JSON overrides of model.ModelConfig for a new model, e.g. \'{"enc_layers": 2}\'')
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads; 1 is faster than 2 when other work shares the 2 cores")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    log = open(os.path.join(CACHE, "train.log"), "a")

    def say(msg):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    tok = Tokenizer()
    prompt = prompt_tuple(tok)
    train, test = FeatureSet(args.data), FeatureSet("test")
    if args.init:
        model, init = load_model(args.init)
        model.train()
        step0, stage, minutes0 = init["step"], len(CURRICULUM) - 1, init["minutes"]
    else:
        model = AsrModel(ModelConfig(vocab_size=tok.size, n_ctc=len(WORDS) + 1, **json.loads(args.model_config)))
        step0, stage, minutes0 = 0, 0, 0.0
    opt = torch.optim.AdamW(param_groups(model, 0.01), lr=args.lr, betas=(0.9, 0.98))
    budget = args.minutes * 60
    step, ema, skipped, done = 0, None, 0, 0.0
    partial = os.path.join(CACHE, args.out.replace(".pt", "") + ".partial.pt")
    if os.path.exists(partial):
        state = torch.load(partial, map_location="cpu")
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, ema, skipped, done, stage = state["run_step"], state["ema"], state["skipped"], state["elapsed"], state["stage"]
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
        say(f"resumed {partial} at step {step}, {done / 60:.1f} of {args.minutes} min")
    say(f"params {sum(p.numel() for p in model.parameters())}, train {len(train)}, test {len(test)}, args {vars(args)}")

    def save_partial(elapsed):
        save_checkpoint(partial, model, step=step0 + step, minutes=minutes0 + elapsed / 60, stage=stage,
                        optimizer=opt.state_dict(), run_step=step, ema=ema, skipped=skipped, elapsed=elapsed,
                        rng=rng.getstate(), torch_rng=torch.get_rng_state())

    start = time.time() - done
    last_eval = last_ckpt = time.time()
    batches = []
    while time.time() - start < budget:
        if not batches:
            batches = bucketed_batches(train, CURRICULUM[stage][0], args.batch, rng)
        batch = train.batch(batches.pop(), tok, spec_augment=stage > 0, rng=rng, lowpass=args.lowpass, shift=args.shift)
        elapsed = time.time() - start
        for g in opt.param_groups:
            g["lr"] = lr_at(step, elapsed, budget, args.lr, args.warmup)
        ce, ctc = model.train_losses(batch, prompt)
        loss = args.ce_weight * ce + (1 - args.ce_weight) * ctc
        if not torch.isfinite(loss):
            skipped += 1
            opt.zero_grad(set_to_none=True)
            continue
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        if not torch.isfinite(gnorm):
            skipped += 1
            continue
        opt.step()
        step += 1
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 50 == 0:
            say(f"step {step} {elapsed / 60:.1f}min stage {stage} loss {loss.item():.3f} ce {ce.item():.3f} "
                f"ctc {ctc.item():.3f} ema {ema:.3f} lr {opt.param_groups[0]['lr']:.2e} skipped {skipped}")
        _, threshold, deadline = CURRICULUM[stage]
        if threshold is not None and step > 100 and (ema < threshold or elapsed / 60 > deadline):
            stage += 1
            batches = []
            say(f"curriculum -> stage {stage} (max {CURRICULUM[stage][0]} words) at step {step}, ema {ema:.3f}")
        now = time.time()
        if now - last_eval > args.eval_every * 60:
            dec, ctc_wer = evaluate(model, test, tok, args.eval_limit)
            say(f"eval step {step} {elapsed / 60:.1f}min held-out WER decoder {dec:.3f} ctc {ctc_wer:.3f}")
            last_eval = time.time()
        if now - last_ckpt > args.ckpt_every * 60:
            save_partial(time.time() - start)
            last_ckpt = time.time()
    minutes = minutes0 + (time.time() - start) / 60
    save_checkpoint(os.path.join(CACHE, args.out), model, step=step0 + step, minutes=minutes, stage=stage)
    if os.path.exists(partial):
        os.remove(partial)
    dec, ctc_wer = evaluate(model, test, tok)
    say(f"final step {step0 + step} {minutes:.1f}min held-out WER (all {len(test)}) decoder {dec:.4f} ctc {ctc_wer:.4f}")


if __name__ == "__main__":
    main()
