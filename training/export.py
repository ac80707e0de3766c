"""Export a checkpoint to the Qwen3-ASR "layout v2" ONNX model folder (opset 17).

Writes encoder.onnx, decoder_init.onnx, decoder_step.onnx (both decoders read ONE shared
external-data file, decoder_weights.data), embed_tokens.int8.bin + embed_scales.f32.bin,
mel_filters.json, tokenizer files, config.json and prompt_config.json. With --int4 also the
`q4` variant: decoder_init.int4.onnx + decoder_step.int4.onnx sharing decoder_weights.int4.data
(MatMulNBits, 4 bits, block 32; the tied output projection stays float32).

Each variant also gets Earshot's optional batched graphs (prompt_config `variants.<v>.batched`):
`encoder.batch.onnx` (mel [B, 128, T] + frames [B]), `decoder_init.batch*.onnx` and
`decoder_step.batch*.onnx` (an `attention_mask` [B, S] input, left padding), reading the same
shared weights file as the variant's decoders. The engine runs the decodes of concurrent sessions
through them in one call; without them (the public export) it decodes one at a time.

    /usr/bin/python3 training/export.py --checkpoint training/.cache/robust.pt --out models/earshot-tiny-en
"""

import argparse
import hashlib
import json
import math
import os
import tempfile

import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

from checkpoint import load_model
from features import HOP, N_FFT, N_MELS, SAMPLE_RATE, preprocessor_config, write_mel_filters_json
from int4 import quantize_graph
from model import CONV_WINDOW, NEG_INF, TOKENS_PER_WINDOW, AsrModel, audio_token_count, dequantize, quantize_rows
from tokenizer import Tokenizer
from vocab import WORDS

OPSET = 17
VARIANTS = {
    "fp32": {"encoder": "encoder.onnx", "decoder_init": "decoder_init.onnx", "decoder_step": "decoder_step.onnx",
             "weights": "decoder_weights.data", "required_features": [],
             "batched": {"encoder": "encoder.batch.onnx", "decoder_init": "decoder_init.batch.onnx",
                         "decoder_step": "decoder_step.batch.onnx"}},
    "q4": {"encoder": "encoder.onnx", "decoder_init": "decoder_init.int4.onnx", "decoder_step": "decoder_step.int4.onnx",
           "weights": "decoder_weights.int4.data", "required_features": [],
           "batched": {"encoder": "encoder.batch.onnx", "decoder_init": "decoder_init.batch.int4.onnx",
                       "decoder_step": "decoder_step.batch.int4.onnx"}},
}
INLINE_BYTES = 256  # initializers smaller than this (shape constants, scalars) stay inside the graphs
MAX_NEW_TOKENS = 64


class EncoderGraph(nn.Module):
    """mel [1, 128, T] -> audio_features [1, A, hidden]."""

    def __init__(self, model: AsrModel):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, mel):
        frames = torch.ones(1, dtype=torch.long) * mel.shape[2]
        audio, _, _ = self.encoder(mel, frames)
        return audio


class DecoderInitGraph(nn.Module):
    """(input_embeds [1, S, H], position_ids [1, S]) -> last-position logits + stacked KV."""

    def __init__(self, model: AsrModel, out_weight: torch.Tensor):
        super().__init__()
        self.decoder = model.decoder
        self.lm_head = nn.Parameter(out_weight, requires_grad=False)

    def forward(self, input_embeds, position_ids):
        logits, keys, values = self.decoder(input_embeds, position_ids, self.lm_head)
        return logits[:, -1:, :], keys, values


class DecoderStepGraph(nn.Module):
    """One KV-cached step: past [L, 1, kvH, P, hd] -> logits [1, 1, V], present [.., P+1, ..]."""

    def __init__(self, model: AsrModel, out_weight: torch.Tensor):
        super().__init__()
        self.decoder = model.decoder
        self.lm_head = nn.Parameter(out_weight, requires_grad=False)

    def forward(self, input_embeds, position_ids, past_keys, past_values):
        return self.decoder(input_embeds, position_ids, self.lm_head, past_keys, past_values)


class BatchEncoderGraph(nn.Module):
    """mel [B, 128, T] + frames [B] (each row's real frames; zeros after) -> audio_features
    [B, A_max, hidden]; row b's first A(frames[b]) rows equal the single-clip encoder's output."""

    def __init__(self, model: AsrModel):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, mel, frames):
        enc = self.encoder
        b, c, t = mel.shape
        # Every 100-frame window through the convolutions (eval-mode BatchNorm is per sample), as
        # the single-clip graph does; a row's windows past its frames are cut off by the mask.
        padded = torch.cat([mel, mel.new_zeros(b, c, CONV_WINDOW - 1)], dim=2)
        w = torch.div(t + CONV_WINDOW - 1, CONV_WINDOW, rounding_mode="floor")
        win = padded[:, :, : w * CONV_WINDOW].reshape(b, c, w, CONV_WINDOW).permute(0, 2, 1, 3)
        x = enc.conv(win.reshape(b * w, c, CONV_WINDOW))
        x = x.transpose(1, 2).reshape(b, w * TOKENS_PER_WINDOW, -1)
        n_tok = audio_token_count(frames)
        x = x[:, : n_tok.max()]
        s = x.shape[1]
        positions = torch.arange(s)[None, :].expand(b, s)
        pad = torch.arange(s)[None, :] >= n_tok[:, None]
        mask = torch.zeros(b, 1, 1, s).masked_fill(pad[:, None, None, :], NEG_INF)
        for blk in enc.blocks:
            x, _, _ = blk(x, positions, mask)
        return enc.adapter(enc.ln(x))


def padding_mask(attention_mask):
    """attention_mask [B, K] (1 real, 0 padding) -> additive [B, 1, 1, K]."""
    return ((1 - attention_mask.to(torch.float32)) * NEG_INF)[:, None, None, :]


class BatchDecoderInitGraph(DecoderInitGraph):
    """(input_embeds [B, S, H], position_ids [B, S], attention_mask [B, S]; prompts left-padded)
    -> last-position logits [B, 1, V] + stacked KV [L, B, kvH, S, hd]."""

    def forward(self, input_embeds, position_ids, attention_mask):
        s = input_embeds.shape[1]
        causal = torch.triu(torch.full((s, s), NEG_INF), diagonal=1)
        mask = padding_mask(attention_mask) + causal
        logits, keys, values = self.decoder(input_embeds, position_ids, self.lm_head, mask=mask)
        return logits[:, -1:, :], keys, values


class BatchDecoderStepGraph(DecoderStepGraph):
    """One KV-cached step for B rows: attention_mask [B, P + 1] covers the past and this token."""

    def forward(self, input_embeds, position_ids, attention_mask, past_keys, past_values):
        mask = padding_mask(attention_mask)
        return self.decoder(input_embeds, position_ids, self.lm_head, past_keys, past_values, mask)


def export_batched(model: AsrModel, out_weight: torch.Tensor, out: str, tmp: str) -> None:
    """encoder.batch.onnx to `out`; the batched decoders to `tmp` (for weight sharing)."""
    cfg = model.cfg
    b, s = 2, 12
    mel = torch.randn(b, N_MELS, 250)
    torch.onnx.export(BatchEncoderGraph(model).eval(), (mel, torch.tensor([250, 180])),
                      os.path.join(out, "encoder.batch.onnx"), opset_version=OPSET,
                      input_names=["mel", "frames"], output_names=["audio_features"],
                      dynamic_axes={"mel": {0: "B", 2: "T"}, "frames": {0: "B"}, "audio_features": {0: "B", 1: "A"}})
    emb = torch.randn(b, s, cfg.hidden)
    pos = torch.arange(s)[None].expand(b, s).contiguous()
    mask = torch.ones(b, s, dtype=torch.long)
    kv_axes = {"present_keys": {1: "B", 3: "S"}, "present_values": {1: "B", 3: "S"}}
    torch.onnx.export(BatchDecoderInitGraph(model, out_weight).eval(), (emb, pos, mask),
                      os.path.join(tmp, "decoder_init.batch.onnx"), opset_version=OPSET,
                      input_names=["input_embeds", "position_ids", "attention_mask"],
                      output_names=["logits", "present_keys", "present_values"],
                      dynamic_axes={"input_embeds": {0: "B", 1: "S"}, "position_ids": {0: "B", 1: "S"},
                                    "attention_mask": {0: "B", 1: "S"}, "logits": {0: "B"}, **kv_axes})
    past = torch.randn(cfg.dec_layers, b, cfg.dec_kv_heads, s, cfg.head_dim)
    torch.onnx.export(BatchDecoderStepGraph(model, out_weight).eval(),
                      (emb[:, :1], pos[:, :1] + s, torch.ones(b, s + 1, dtype=torch.long), past, past.clone()),
                      os.path.join(tmp, "decoder_step.batch.onnx"), opset_version=OPSET,
                      input_names=["input_embeds", "position_ids", "attention_mask", "past_keys", "past_values"],
                      output_names=["logits", "present_keys", "present_values"],
                      dynamic_axes={"input_embeds": {0: "B"}, "position_ids": {0: "B"},
                                    "attention_mask": {0: "B", 1: "P1"}, "logits": {0: "B"},
                                    "past_keys": {1: "B", 3: "P"}, "past_values": {1: "B", 3: "P"},
                                    "present_keys": {1: "B", 3: "P1"}, "present_values": {1: "B", 3: "P1"}})


def export_graphs(model: AsrModel, out: str, tmp: str):
    """Export the three graphs; the decoders go to `tmp` for weight sharing."""
    cfg = model.cfg
    q, scale = quantize_rows(model.decoder.embed.weight.detach())
    out_weight = model.output_weight(dequantize(q, scale))
    mel = torch.randn(1, N_MELS, 250)
    torch.onnx.export(EncoderGraph(model).eval(), (mel,), os.path.join(out, "encoder.onnx"), opset_version=OPSET,
                      input_names=["mel"], output_names=["audio_features"],
                      dynamic_axes={"mel": {2: "T"}, "audio_features": {1: "A"}})
    s, kv = 12, cfg.dec_kv_heads
    emb = torch.randn(1, s, cfg.hidden)
    pos = torch.arange(s)[None]
    torch.onnx.export(DecoderInitGraph(model, out_weight).eval(), (emb, pos), os.path.join(tmp, "decoder_init.onnx"),
                      opset_version=OPSET, input_names=["input_embeds", "position_ids"],
                      output_names=["logits", "present_keys", "present_values"],
                      dynamic_axes={"input_embeds": {1: "S"}, "position_ids": {1: "S"},
                                    "present_keys": {3: "S"}, "present_values": {3: "S"}})
    past = torch.randn(cfg.dec_layers, 1, kv, s, cfg.head_dim)
    torch.onnx.export(DecoderStepGraph(model, out_weight).eval(), (emb[:, :1], pos[:, :1] + s, past, past.clone()),
                      os.path.join(tmp, "decoder_step.onnx"), opset_version=OPSET,
                      input_names=["input_embeds", "position_ids", "past_keys", "past_values"],
                      output_names=["logits", "present_keys", "present_values"],
                      dynamic_axes={"past_keys": {3: "P"}, "past_values": {3: "P"},
                                    "present_keys": {3: "P1"}, "present_values": {3: "P1"}})
    export_batched(model, out_weight, out, tmp)
    return q, scale


def _content_key(init):
    """Identity of an initializer's value: dtype, shape and SHA-256 of its bytes."""
    raw = numpy_helper.to_array(init).tobytes()
    return init.data_type, tuple(init.dims), hashlib.sha256(raw).hexdigest()


def save_shared(graphs: dict, out: str, weights_file: str) -> None:
    """Save decoder graphs ({file name: ModelProto}) so that equal initializers have one name
    and every large one lives once in a single external-data file (same offset for the same
    tensor in every graph)."""
    names = {}  # content key -> shared name (a parameter name where torch kept one)
    for model in graphs.values():
        for init in model.graph.initializer:
            if not init.name.startswith("onnx::"):
                names.setdefault(_content_key(init), init.name)
    for model in graphs.values():
        for init in model.graph.initializer:
            names.setdefault(_content_key(init), f"shared_{len(names)}")
    offsets, blob = {}, bytearray()
    for model in graphs.values():
        renames, kept = {}, {}
        for init in model.graph.initializer:
            key = _content_key(init)
            renames[init.name] = names[key]
            if names[key] in kept:
                continue
            raw = numpy_helper.to_array(init).tobytes()
            tensor = numpy_helper.from_array(numpy_helper.to_array(init), names[key])
            if len(raw) >= INLINE_BYTES:
                if key not in offsets:
                    blob += b"\0" * (-len(blob) % 64)
                    offsets[key] = len(blob)
                    blob += raw
                tensor.ClearField("raw_data")
                tensor.data_location = onnx.TensorProto.EXTERNAL
                for k, v in (("location", weights_file), ("offset", str(offsets[key])), ("length", str(len(raw)))):
                    entry = tensor.external_data.add()
                    entry.key, entry.value = k, v
            kept[names[key]] = tensor
        del model.graph.initializer[:]
        model.graph.initializer.extend(kept.values())
        for node in model.graph.node:
            for i, name in enumerate(node.input):
                if name in renames:
                    node.input[i] = renames[name]
    with open(os.path.join(out, weights_file), "wb") as f:
        f.write(blob)
    for name, model in graphs.items():
        onnx.save(model, os.path.join(out, name))
        onnx.checker.check_model(os.path.join(out, name))


def write_embedding(out: str, q: torch.Tensor, scale: torch.Tensor) -> None:
    """embed_tokens.int8.bin (int8 [V, H] row-major) and embed_scales.f32.bin (fp32 [V])."""
    q.numpy().astype("int8").tofile(os.path.join(out, "embed_tokens.int8.bin"))
    scale.numpy().astype("<f4").tofile(os.path.join(out, "embed_scales.f32.bin"))


def write_configs(out: str, model: AsrModel, tok: Tokenizer, variants) -> None:
    """prompt_config.json (model-contract section 2), and config.json and preprocessor_config.json
    as the public exporter writes them."""
    cfg = model.cfg
    prefix, suffix, language = tok.prompt_ids()
    s = tok.special
    prompt_config = {
        "layout_version": 2,
        "mel": {"sample_rate": SAMPLE_RATE, "n_fft": N_FFT, "hop_length": HOP, "n_mels": N_MELS,
                "filters_file": "mel_filters.json", "drop_last_frame": True},
        "prompt": {"prefix_ids": prefix, "suffix_ids": suffix, "audio_pad_id": s["<|audio_pad|>"],
                   "asr_text_id": s["<asr_text>"], "eos_ids": [s["<|endoftext|>"], s["<|im_end|>"]],
                   "max_new_tokens": MAX_NEW_TOKENS},
        "language_prefix_ids": {"en": language},
        "audio_tokens": {"conv_window": CONV_WINDOW, "tokens_per_window": TOKENS_PER_WINDOW},
        "embedding": {"file": "embed_tokens.int8.bin", "dtype": "int8", "shape": [cfg.vocab_size, cfg.hidden],
                      "scales_file": "embed_scales.f32.bin"},
        "decoder": {"num_layers": cfg.dec_layers, "num_key_value_heads": cfg.dec_kv_heads, "head_dim": cfg.head_dim,
                    "hidden_size": cfg.hidden, "vocab_size": cfg.vocab_size},
        "variants": {name: VARIANTS[name] for name in variants},
    }
    config = {  # as the public exporter writes it (andrewleech/qwen3-asr-onnx `write_config`)
        "model_type": "earshot_tiny_asr",
        "encoder": {"num_layers": cfg.enc_layers, "hidden_size": cfg.enc_dim, "num_heads": cfg.enc_heads,
                    "ffn_dim": cfg.enc_ff, "conv_channels": cfg.enc_dim, "output_dim": cfg.hidden,
                    "downsample_factor": 8, "num_mel_bins": cfg.n_mels},
        "decoder": {"num_layers": cfg.dec_layers, "hidden_size": cfg.hidden, "num_attention_heads": cfg.dec_heads,
                    "num_key_value_heads": cfg.dec_kv_heads, "head_dim": cfg.head_dim,
                    "intermediate_size": cfg.dec_ff, "vocab_size": cfg.vocab_size, "rope_theta": cfg.rope_theta,
                    "tie_word_embeddings": True, "output_logit_scale": 1 / math.sqrt(cfg.hidden)},
        "mel": {"sample_rate": SAMPLE_RATE, "n_fft": N_FFT, "hop_length": HOP, "n_mels": N_MELS, "fmin": 0,
                "fmax": SAMPLE_RATE // 2},
        "special_tokens": {"eos_token_ids": [s["<|endoftext|>"], s["<|im_end|>"]], "pad_token_id": s["<|endoftext|>"],
                           "im_start_token_id": s["<|im_start|>"], "im_end_token_id": s["<|im_end|>"],
                           "audio_start_token_id": s["<|audio_start|>"], "audio_end_token_id": s["<|audio_end|>"],
                           "audio_pad_token_id": s["<|audio_pad|>"], "asr_text_token_id": s["<asr_text>"]},
    }
    for name, obj in (("prompt_config.json", prompt_config), ("config.json", config),
                      ("preprocessor_config.json", preprocessor_config())):
        with open(os.path.join(out, name), "w") as f:
            json.dump(obj, f, indent=1)


def export(checkpoint: str, out: str, int4: bool) -> None:
    """Write the model folder (manifest.py adds earshot-model.json); `int4` adds the q4 variant."""
    torch.set_num_threads(1)
    model, _ = load_model(checkpoint)
    tok = Tokenizer()
    assert model.cfg.vocab_size == tok.size
    os.makedirs(out, exist_ok=True)
    variants = ["fp32"] + (["q4"] if int4 else [])
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        q, scale = export_graphs(model, out, tmp)
        for name in variants:
            v = VARIANTS[name]
            # The variant's decoders first (their weights keep their offsets), then the batched ones.
            graphs = {v[g]: onnx.load(os.path.join(tmp, f"{g}.onnx")) for g in ("decoder_init", "decoder_step")}
            graphs.update({v["batched"][g]: onnx.load(os.path.join(tmp, f"{g}.batch.onnx"))
                           for g in ("decoder_init", "decoder_step")})
            if name == "q4":
                graphs = {f: quantize_graph(g, skip_n=model.cfg.vocab_size) for f, g in graphs.items()}
            save_shared(graphs, out, v["weights"])
    write_embedding(out, q, scale)
    write_mel_filters_json(os.path.join(out, "mel_filters.json"))
    tok.write(out)
    with open(os.path.join(out, "vocabulary.txt"), "w") as f:
        f.write("\n".join(WORDS) + "\n")
    write_configs(out, model, tok, variants)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", default="training/.cache/robust.pt")
    ap.add_argument("--out", default="models/earshot-tiny-en")
    ap.add_argument("--int4", action="store_true", help="also write the q4 variant (MatMulNBits int4 decoders)")
    args = ap.parse_args()
    export(args.checkpoint, args.out, args.int4)


if __name__ == "__main__":
    main()
