"""A full-scale Qwen3-ASR replica: the public layout-v2 ONNX file set of Qwen3-ASR-0.6B (or 1.7B)
with the real dimensions and seeded random weights, for load, memory and speed measurements of
the real size without downloading the real weights. Random weights never emit EOS and their
transcripts mean nothing: measure per-token cost with a fixed step count, never accuracy.

Files (as the public `q4` export): `encoder.onnx` (fp32, weights inlined), `decoder_init.int4.onnx`
+ `decoder_step.int4.onnx` (com.microsoft MatMulNBits, 4 bits, block 32) reading one shared
`decoder_weights.int4.data`, `embed_tokens.int8.bin` + `embed_scales.f32.bin`,
`prompt_config.json`, `config.json` (the exporter's), `preprocessor_config.json`,
Earshot's batched decoders `decoder_init.batch.int4.onnx` + `decoder_step.batch.int4.onnx` (a
batch dimension and an `attention_mask` input; same weights, same shared file),
`mel_filters.json` (`{n_mels, n_freqs, data}`), `tokenizer.json` (byte-level BPE with the real
vocabulary size and the real special-token ids), `tokenizer_config.json`, `vocab.json`,
`added_tokens.json`.

Graphs (names, dtypes and shapes of model-contract section 3): the encoder is the AuT shape —
100-frame windows through 3 stride-2 Conv2d + GELU (480 channels), a linear to d_model,
sinusoidal positions, pre-LN transformer layers (full attention over the window's tokens; the
release's block mask changes numerics, not cost at these lengths), LayerNorm and a 2-layer
projector; the decoder is Qwen3 — RMSNorm, q/k norms, RoPE (theta 1e6), GQA, SwiGLU, tied
output projection as MatMulNBits.

    /usr/bin/python3 training/replica.py --out <folder> [--size 0.6b|1.7b] [--enc-layers N] [--dec-layers N]

Needs only Debian's python3-onnx and python3-numpy.
"""

import argparse
import json
import math
import os
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from features import preprocessor_config, write_mel_filters_json

SIZES = {
    "0.6b": dict(enc_d=896, enc_layers=18, enc_heads=14, enc_ff=3584, conv=480, out=1024,
                 hidden=1024, dec_layers=28, heads=16, kv_heads=8, head_dim=128, ff=3072),
    "1.7b": dict(enc_d=1024, enc_layers=24, enc_heads=16, enc_ff=4096, conv=480, out=2048,
                 hidden=2048, dec_layers=28, heads=16, kv_heads=8, head_dim=128, ff=6144),
}
VOCAB = 151_936
REGULAR_TOKENS = 151_643
SPECIAL = {
    151643: "<|endoftext|>", 151644: "<|im_start|>", 151645: "<|im_end|>",
    151669: "<|audio_start|>", 151670: "<|audio_end|>", 151676: "<|audio_pad|>", 151704: "<asr_text>",
}
PREFIX = [151644, 9125, 198, 151645, 198, 151644, 882, 198, 151669]
SUFFIX = [151670, 151645, 198, 151644, 77091, 198]
EOS = [151643, 151645]
BLOCK = 32
OPSET = 17
INLINE_BYTES = 1024
LANGUAGES = {"zh": "Chinese", "en": "English", "ja": "Japanese", "ko": "Korean", "yue": "Cantonese", "ar": "Arabic",
             "de": "German", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese", "ru": "Russian",
             "th": "Thai", "vi": "Vietnamese", "hi": "Hindi", "id": "Indonesian"}


class Graph:
    """A small ONNX graph builder: nodes, initializers and unique names."""

    def __init__(self, rng):
        self.rng = rng
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, base):
        self.n += 1
        return f"{base}_{self.n}"

    def op(self, op_type, inputs, outputs=1, domain=None, **attrs):
        outs = [self.name(op_type.lower()) for _ in range(outputs)]
        kw = {"domain": domain} if domain else {}
        self.nodes.append(helper.make_node(op_type, list(inputs), outs, name=self.name(op_type), **kw, **attrs))
        return outs[0] if outputs == 1 else outs

    def const(self, value, dtype=np.float32, name=None):
        arr = np.asarray(value, dtype=dtype)
        t = numpy_helper.from_array(arr, name or self.name("c"))
        self.inits.append(t)
        return t.name

    def ints(self, *values):
        return self.const(list(values), np.int64)

    def weight(self, shape, std, name):
        return self.const(self.rng.standard_normal(shape, dtype=np.float32) * np.float32(std), name=name)

    def linear(self, x, k, n, name, bias=True):
        y = self.op("MatMul", [x, self.weight((k, n), 1 / math.sqrt(k), f"{name}.weight")])
        return self.op("Add", [y, self.const(np.zeros(n), name=f"{name}.bias")]) if bias else y

    def q4linear(self, x, k, n, name):
        """MatMulNBits with random int4 blocks (every byte is two valid nibbles) and scales that
        give the weights a standard deviation of about 1/sqrt(k)."""
        blocks = k // BLOCK
        packed = self.rng.integers(0, 256, size=(n, blocks, BLOCK // 2), dtype=np.uint8)
        scales = (np.float32(1 / (4.6 * math.sqrt(k))) * self.rng.uniform(0.8, 1.2, n * blocks)).astype(np.float32)
        b = self.const(packed, np.uint8, name=f"{name}.qweight")
        s = self.const(scales, np.float32, name=f"{name}.scales")
        return self.op("MatMulNBits", [x, b, s], domain="com.microsoft", K=k, N=n, bits=4, block_size=BLOCK,
                       accuracy_level=4)

    def gelu(self, x):
        e = self.op("Erf", [self.op("Mul", [x, self.const(1 / math.sqrt(2))])])
        return self.op("Mul", [self.op("Mul", [x, self.const(0.5)]), self.op("Add", [e, self.const(1.0)])])

    def layer_norm(self, x, d, name):
        return self.op("LayerNormalization", [x, self.const(np.ones(d), name=f"{name}.weight"),
                                              self.const(np.zeros(d), name=f"{name}.bias")], axis=-1, epsilon=1e-5)

    def rms_norm(self, x, d, name):
        ms = self.op("ReduceMean", [self.op("Mul", [x, x])], axes=[-1], keepdims=1)
        inv = self.op("Reciprocal", [self.op("Sqrt", [self.op("Add", [ms, self.const(1e-6)])])])
        return self.op("Mul", [self.op("Mul", [x, inv]), self.const(np.ones(d), name=f"{name}.weight")])

    def model(self, inputs, outputs):
        graph = helper.make_graph(self.nodes, "main", inputs, outputs, self.inits)
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)])
        m.ir_version = 8
        return m


def attention(g, q, k, v, heads, kv_heads, head_dim, mask=None, batch=1):
    """softmax(q k^T / sqrt(d) + mask) v over [B, H, S, D] q and [B, kvH, P, D] k/v (GQA by expand);
    `batch` is the batch dimension of reshapes: 1, or 0 (ONNX: copied from the input) when batched."""
    if kv_heads != heads:
        rep = heads // kv_heads
        def expand(t):
            u = g.op("Unsqueeze", [t, g.ints(2)])
            shape = g.op("Shape", [u])
            target = g.op("Mul", [shape, g.ints(1, 1, rep, 1, 1)])
            e = g.op("Expand", [u, target])
            return g.op("Reshape", [e, g.ints(batch, heads, -1, head_dim)])
        k, v = expand(k), expand(v)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
    scores = g.op("Mul", [scores, g.const(1 / math.sqrt(head_dim))])
    if mask is not None:
        scores = g.op("Add", [scores, mask])
    return g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])


def split_heads(g, x, heads, head_dim):
    """[1, S, H*D] -> [1, H, S, D]."""
    return g.op("Transpose", [g.op("Reshape", [x, g.ints(1, -1, heads, head_dim)])], perm=[0, 2, 1, 3])


def merge_heads(g, x, width, batch=1):
    """[B, H, S, D] -> [B, S, H*D] (`batch`: as in `attention`)."""
    return g.op("Reshape", [g.op("Transpose", [x], perm=[0, 2, 1, 3]), g.ints(batch, -1, width)])


def build_encoder(dims, rng):
    """mel [1, 128, T] -> audio_features [1, A, out]."""
    g = Graph(rng)
    d, conv = dims["enc_d"], dims["conv"]
    t = g.op("Gather", [g.op("Shape", [("mel")]), g.ints(2)], axis=0)  # [1]
    hundred = g.ints(100)
    windows = g.op("Div", [g.op("Add", [t, g.ints(99)]), hundred])
    pad = g.op("Sub", [g.op("Mul", [windows, hundred]), t])
    pads = g.op("Concat", [g.ints(0, 0, 0, 0, 0), pad], axis=0)
    x = g.op("Pad", ["mel", pads])
    x = g.op("Reshape", [x, g.op("Concat", [g.ints(1, 128), windows, g.ints(100)], axis=0)])
    x = g.op("Transpose", [x], perm=[2, 0, 1, 3])  # [W, 1, 128, 100]
    ch = 1
    for i in range(3):
        w = g.weight((conv, ch, 3, 3), 1 / math.sqrt(ch * 9), f"conv{i + 1}.weight")
        x = g.gelu(g.op("Conv", [x, w, g.const(np.zeros(conv), name=f"conv{i + 1}.bias")], strides=[2, 2],
                        pads=[1, 1, 1, 1], kernel_shape=[3, 3]))
        ch = conv
    x = g.op("Transpose", [x], perm=[0, 3, 1, 2])  # [W, 13, C, 16]
    x = g.op("Reshape", [x, g.ints(0, 13, conv * 16)])
    x = g.linear(x, conv * 16, d, "conv_out", bias=False)
    pos = np.arange(13)[:, None] / 10000 ** (np.arange(0, d, 2)[None, :] / d)
    x = g.op("Add", [x, g.const(np.concatenate([np.sin(pos), np.cos(pos)], axis=1))])
    x = g.op("Reshape", [x, g.ints(1, -1, d)])
    # A = conv(conv(conv(T mod 100))) + 13 * floor(T / 100), conv(t) = floor((t + 1) / 2)
    r = g.op("Mod", [t, hundred])
    for _ in range(3):
        r = g.op("Div", [g.op("Add", [r, g.ints(1)]), g.ints(2)])
    a = g.op("Add", [r, g.op("Mul", [g.op("Div", [t, hundred]), g.ints(13)])])
    x = g.op("Slice", [x, g.ints(0), a, g.ints(1)])
    heads, hd = dims["enc_heads"], d // dims["enc_heads"]
    for i in range(dims["enc_layers"]):
        p = f"layers.{i}"
        h = g.layer_norm(x, d, f"{p}.self_attn_layer_norm")
        q = split_heads(g, g.linear(h, d, d, f"{p}.self_attn.q_proj"), heads, hd)
        k = split_heads(g, g.linear(h, d, d, f"{p}.self_attn.k_proj"), heads, hd)
        v = split_heads(g, g.linear(h, d, d, f"{p}.self_attn.v_proj"), heads, hd)
        o = g.linear(merge_heads(g, attention(g, q, k, v, heads, heads, hd), d), d, d, f"{p}.self_attn.out_proj")
        x = g.op("Add", [x, o])
        h = g.layer_norm(x, d, f"{p}.final_layer_norm")
        h = g.linear(g.gelu(g.linear(h, d, dims["enc_ff"], f"{p}.fc1")), dims["enc_ff"], d, f"{p}.fc2")
        x = g.op("Add", [x, h])
    x = g.layer_norm(x, d, "ln_post")
    x = g.linear(g.gelu(g.linear(x, d, d, "proj1")), d, dims["out"], "proj2")
    g.nodes.append(helper.make_node("Identity", [x], ["audio_features"]))
    return g.model([helper.make_tensor_value_info("mel", TensorProto.FLOAT, [1, 128, "T"])],
                   [helper.make_tensor_value_info("audio_features", TensorProto.FLOAT, [1, "A", dims["out"]])])


def rope(g, x, cos, sin, head_dim):
    """x * cos + rotate_half(x) * sin over [1, H, S, D]."""
    half = head_dim // 2
    x1 = g.op("Slice", [x, g.ints(0), g.ints(half), g.ints(3)])
    x2 = g.op("Slice", [x, g.ints(half), g.ints(head_dim), g.ints(3)])
    rotated = g.op("Concat", [g.op("Neg", [x2]), x1], axis=3)
    return g.op("Add", [g.op("Mul", [x, cos]), g.op("Mul", [rotated, sin])])


def build_decoder(dims, rng, step: bool, batched: bool = False):
    """decoder_init (input_embeds [1,S,H], position_ids [1,S]) or decoder_step (+ past_keys/values)
    -> logits [1,1,V] (last position), present_keys/values [L,1,kvH,S,D]. Weight names are the
    same in both graphs, so they can share one external-data file. `batched`: Earshot's batched
    form (a batch dimension B and an `attention_mask` [B, S or P+1] input, 1 real, 0 padding)."""
    g = Graph(rng)
    b = 0 if batched else 1  # reshapes' batch dimension (0 copies it from the input)
    hidden, heads, kvh, hd = dims["hidden"], dims["heads"], dims["kv_heads"], dims["head_dim"]
    inv = 1.0 / (1_000_000 ** (np.arange(0, hd, 2) / hd))
    pos = g.op("Cast", ["position_ids"], to=TensorProto.FLOAT)
    ang = g.op("Mul", [g.op("Unsqueeze", [pos, g.ints(2)]), g.const(inv, name="rope.inv_freq")])  # [1,S,D/2]
    emb = g.op("Unsqueeze", [g.op("Concat", [ang, ang], axis=2), g.ints(1)])  # [1,1,S,D]
    cos, sin = g.op("Cos", [emb]), g.op("Sin", [emb])
    mask = None
    if not step:
        s = g.op("Gather", [g.op("Shape", ["input_embeds"]), g.ints(1)], axis=0)
        ones = g.op("ConstantOfShape", [g.op("Concat", [s, s], axis=0)],
                    value=numpy_helper.from_array(np.array([1.0], np.float32)))
        upper = g.op("Trilu", [ones, g.ints(1)], upper=1)
        mask = g.op("Mul", [upper, g.const(-1e9)])
    if batched:
        real = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
        padding = g.op("Mul", [g.op("Sub", [g.const(1.0), real]), g.const(-1e9)])
        padding = g.op("Unsqueeze", [padding, g.ints(1, 2)])  # [B, 1, 1, K]
        mask = padding if mask is None else g.op("Add", [mask, padding])
    x = "input_embeds"
    keys, values = [], []
    for i in range(dims["dec_layers"]):
        p = f"model.layers.{i}"
        h = g.rms_norm(x, hidden, f"{p}.input_layernorm")
        q = g.op("Reshape", [g.q4linear(h, hidden, heads * hd, f"{p}.self_attn.q_proj"), g.ints(b, -1, heads, hd)])
        k = g.op("Reshape", [g.q4linear(h, hidden, kvh * hd, f"{p}.self_attn.k_proj"), g.ints(b, -1, kvh, hd)])
        v = g.op("Reshape", [g.q4linear(h, hidden, kvh * hd, f"{p}.self_attn.v_proj"), g.ints(b, -1, kvh, hd)])
        q = g.op("Transpose", [g.rms_norm(q, hd, f"{p}.self_attn.q_norm")], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.rms_norm(k, hd, f"{p}.self_attn.k_norm")], perm=[0, 2, 1, 3])
        v = g.op("Transpose", [v], perm=[0, 2, 1, 3])
        q, k = rope(g, q, cos, sin, hd), rope(g, k, cos, sin, hd)
        if step:
            layer = g.ints(i)
            past_k = g.op("Squeeze", [g.op("Gather", ["past_keys", layer], axis=0), g.ints(0)])
            past_v = g.op("Squeeze", [g.op("Gather", ["past_values", layer], axis=0), g.ints(0)])
            k = g.op("Concat", [past_k, k], axis=2)
            v = g.op("Concat", [past_v, v], axis=2)
        keys.append(g.op("Unsqueeze", [k, g.ints(0)]))
        values.append(g.op("Unsqueeze", [v, g.ints(0)]))
        a = merge_heads(g, attention(g, q, k, v, heads, kvh, hd, mask, b), heads * hd, b)
        x = g.op("Add", [x, g.q4linear(a, heads * hd, hidden, f"{p}.self_attn.o_proj")])
        h = g.rms_norm(x, hidden, f"{p}.post_attention_layernorm")
        gate = g.q4linear(h, hidden, dims["ff"], f"{p}.mlp.gate_proj")
        up = g.q4linear(h, hidden, dims["ff"], f"{p}.mlp.up_proj")
        act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up])
        x = g.op("Add", [x, g.q4linear(act, dims["ff"], hidden, f"{p}.mlp.down_proj")])
    last = g.op("Gather", [x, g.const(-1, np.int64)], axis=1)  # [1, H]
    last = g.op("Unsqueeze", [g.rms_norm(last, hidden, "model.norm"), g.ints(1)])  # [1, 1, H]
    logits = g.q4linear(last, hidden, VOCAB, "lm_head")
    g.nodes += [helper.make_node("Identity", [logits], ["logits"]),
                helper.make_node("Concat", keys, ["present_keys"], axis=0),
                helper.make_node("Concat", values, ["present_values"], axis=0)]
    layers = dims["dec_layers"]
    rows = "B" if batched else 1
    length = "P1" if step else "S"
    inputs = [helper.make_tensor_value_info("input_embeds", TensorProto.FLOAT, [rows, 1 if step else "S", hidden]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, [rows, 1 if step else "S"])]
    if batched:
        inputs.append(helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [rows, length]))
    if step:
        inputs += [helper.make_tensor_value_info(n, TensorProto.FLOAT, [layers, rows, kvh, "P", hd])
                   for n in ("past_keys", "past_values")]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [rows, 1, VOCAB])] + [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, [layers, rows, kvh, length, hd])
        for n in ("present_keys", "present_values")]
    return g.model(inputs, outputs)


def save_shared(models: dict, out: str, weights_file: str):
    """Writes the decoders so that each initializer of the same name lives once in `weights_file`
    (both graphs were built from the same seed, so same-name tensors are equal)."""
    offsets = {}
    with open(os.path.join(out, weights_file), "wb") as blob:
        for model in models.values():
            for t in model.graph.initializer:
                raw = t.raw_data
                if len(raw) < INLINE_BYTES:
                    continue
                if t.name not in offsets:
                    pad = -blob.tell() % 64
                    blob.write(b"\0" * pad)
                    offsets[t.name] = (blob.tell(), len(raw))
                    blob.write(raw)
                offset, length = offsets[t.name]
                t.ClearField("raw_data")
                t.data_location = TensorProto.EXTERNAL
                for key, value in (("location", weights_file), ("offset", str(offset)), ("length", str(length))):
                    entry = t.external_data.add()
                    entry.key, entry.value = key, value
    for name, model in models.items():
        onnx.save(model, os.path.join(out, name))


def byte_alphabet():
    """GPT-2's byte -> printable character map (byte-level BPE)."""
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    chars, extra = dict(), 0
    for b in range(256):
        if b in keep:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return [chars[b] for b in range(256)]


def write_tokenizer(out: str):
    """A byte-level BPE with 151,643 regular tokens (the 256 bytes, every pair of bytes, then
    byte triples) and the Qwen3-ASR special tokens at their real ids; ids up to 151,935 pad the
    embedding table as in the release."""
    alphabet = byte_alphabet()
    vocab, merges = {}, []
    for c in alphabet:
        vocab[c] = len(vocab)
    pairs = [(a, b) for a in alphabet for b in alphabet]
    for a, b in pairs:
        vocab[a + b] = len(vocab)
        merges.append(f"{a} {b}")
    for a, b in pairs:
        for c in alphabet:
            if len(vocab) >= REGULAR_TOKENS:
                break
            vocab[a + b + c] = len(vocab)
            merges.append(f"{a + b} {c}")
        if len(vocab) >= REGULAR_TOKENS:
            break
    added = [{"id": i, "content": SPECIAL.get(i, f"<|extra_{i - REGULAR_TOKENS}|>"), "single_word": False,
              "lstrip": False, "rstrip": False, "normalized": False, "special": True}
             for i in range(REGULAR_TOKENS, 151705)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out, "added_tokens.json"), "w") as f:
        json.dump({a["content"]: a["id"] for a in added}, f)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "Qwen2Tokenizer", "model_max_length": 131072, "eos_token": "<|im_end|>",
                   "pad_token": "<|endoftext|>", "errors": "replace", "split_special_tokens": False}, f)
    return vocab, alphabet


def encode_text(text: str, vocab: dict, alphabet) -> list:
    """Byte-level BPE encoding with this vocabulary's merge ranks (pairs of bytes first, then
    pair + byte), words split before spaces as the ByteLevel pre-tokenizer does."""
    ids = []
    for n, word in enumerate(text.split(" ")):
        parts = ["".join(alphabet[b] for b in ((" " if n else "") + word).encode("utf-8"))]
        parts = list(parts[0])
        while len(parts) > 1:
            best = None
            for i in range(len(parts) - 1):
                merged = parts[i] + parts[i + 1]
                if merged in vocab and (best is None or vocab[merged] < vocab[best[1]]):
                    best = (i, merged)
            if best is None:
                break
            i, merged = best
            parts[i:i + 2] = [merged]
        ids += [vocab[p] for p in parts]
    return ids


def write_configs(out: str, dims: dict, size: str, vocab, alphabet, layers):
    enc_layers, dec_layers = layers
    name = f"Qwen/Qwen3-ASR-{size.upper()}"
    json.dump({
        "model_type": "qwen3_asr",
        "encoder": {"num_layers": enc_layers, "hidden_size": dims["enc_d"], "num_heads": dims["enc_heads"],
                    "ffn_dim": dims["enc_ff"], "conv_channels": dims["conv"], "output_dim": dims["out"],
                    "downsample_factor": 8, "num_mel_bins": 128},
        "decoder": {"num_layers": dec_layers, "hidden_size": dims["hidden"], "num_attention_heads": dims["heads"],
                    "num_key_value_heads": dims["kv_heads"], "head_dim": dims["head_dim"],
                    "intermediate_size": dims["ff"], "vocab_size": VOCAB, "rope_theta": 1000000.0,
                    "rms_norm_eps": 1e-06, "tie_word_embeddings": True,
                    "rope_scaling": {"mrope_section": [24, 20, 20], "interleaved": True}},
        "mel": {"sample_rate": 16000, "n_fft": 400, "hop_length": 160, "n_mels": 128, "fmin": 0, "fmax": 8000},
        "special_tokens": {"eos_token_ids": EOS, "pad_token_id": 151643, "im_start_token_id": 151644,
                           "im_end_token_id": 151645, "audio_start_token_id": 151669, "audio_end_token_id": 151670,
                           "audio_pad_token_id": 151676, "asr_text_token_id": 151704},
        "replica": {"random_weights": True, "of": name,
                    "note": "seeded random weights with the real dimensions; not a speech recognizer"},
    }, open(os.path.join(out, "config.json"), "w"), indent=2)
    json.dump(preprocessor_config(), open(os.path.join(out, "preprocessor_config.json"), "w"), indent=2)
    write_mel_filters_json(os.path.join(out, "mel_filters.json"))
    lang = {k: encode_text(f"language {v}", vocab, alphabet) + [151704] for k, v in LANGUAGES.items()}
    json.dump({
        "layout_version": 2, "model": name,
        "mel": {"sample_rate": 16000, "n_fft": 400, "hop_length": 160, "n_mels": 128, "fmin": 0, "fmax": 8000,
                "filters_file": "mel_filters.json", "drop_last_frame": True},
        "audio_tokens": {"conv_window": 100, "tokens_per_window": 13},
        "prompt": {"prefix_ids": PREFIX, "suffix_ids": SUFFIX, "audio_pad_id": 151676, "asr_text_id": 151704,
                   "eos_ids": EOS, "max_new_tokens": 256},
        "language_prefix_ids": lang, "language_names": LANGUAGES,
        "embedding": {"file": "embed_tokens.int8.bin", "dtype": "int8", "shape": [VOCAB, dims["hidden"]],
                      "scales_file": "embed_scales.f32.bin"},
        "decoder": {"num_layers": dec_layers, "num_key_value_heads": dims["kv_heads"], "head_dim": dims["head_dim"],
                    "hidden_size": dims["hidden"], "vocab_size": VOCAB},
        "variants": {"q4": {"encoder": "encoder.onnx", "decoder_init": "decoder_init.int4.onnx",
                            "decoder_step": "decoder_step.int4.onnx", "weights": "decoder_weights.int4.data",
                            "required_features": [],
                            # Earshot's batched decoders (no batched encoder: windows encode one by one).
                            "batched": {"decoder_init": "decoder_init.batch.int4.onnx",
                                        "decoder_step": "decoder_step.batch.int4.onnx"}}},
    }, open(os.path.join(out, "prompt_config.json"), "w"), indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", choices=sorted(SIZES), default="0.6b")
    ap.add_argument("--enc-layers", type=int, default=None, help="fewer encoder layers (reduced replica)")
    ap.add_argument("--dec-layers", type=int, default=None, help="fewer decoder layers (reduced replica)")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    dims = dict(SIZES[args.size])
    if args.enc_layers:
        dims["enc_layers"] = args.enc_layers
    if args.dec_layers:
        dims["dec_layers"] = args.dec_layers
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    vocab, alphabet = write_tokenizer(args.out)
    write_configs(args.out, dims, args.size, vocab, alphabet, (dims["enc_layers"], dims["dec_layers"]))
    rng = np.random.default_rng(args.seed)
    table = rng.integers(-127, 128, size=(VOCAB, dims["hidden"]), dtype=np.int8)
    table.tofile(os.path.join(args.out, "embed_tokens.int8.bin"))
    np.full(VOCAB, 1 / 127 * 0.05, np.float32).tofile(os.path.join(args.out, "embed_scales.f32.bin"))
    del table
    encoder = build_encoder(dims, np.random.default_rng(args.seed + 1))
    onnx.save(encoder, os.path.join(args.out, "encoder.onnx"))
    del encoder
    # The layout-v2 decoders and Earshot's batched ones, all from one seed: one shared weights file.
    decoders = {name: build_decoder(dims, np.random.default_rng(args.seed + 2), step, batched)
                for name, step, batched in (("decoder_init.int4.onnx", False, False),
                                            ("decoder_step.int4.onnx", True, False),
                                            ("decoder_init.batch.int4.onnx", False, True),
                                            ("decoder_step.batch.int4.onnx", True, True))}
    save_shared(decoders, args.out, "decoder_weights.int4.data")
    total = sum(os.path.getsize(os.path.join(args.out, f)) for f in os.listdir(args.out))
    print(f"replica {args.size} (encoder {dims['enc_layers']} layers, decoder {dims['dec_layers']}) in {args.out}: "
          f"{total / 1e9:.2f} GB, {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
