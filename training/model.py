"""Tiny Qwen3-ASR-shaped model: windowed conv front end + transformer encoder + adapter,
and a decoder-only causal LM over `prefix + audio + suffix + "language English<asr_text>" + words`.

Audio tokens follow Qwen3-ASR: the mel is cut into windows of 100 frames (the last one
zero-padded), each window goes through 3 stride-2 convolutions (13 tokens per window), and
the first A = conv(conv(conv(T mod 100))) + 13 * floor(T / 100) tokens are kept.
"""

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

CONV_WINDOW = 100
TOKENS_PER_WINDOW = 13
NEG_INF = -1e9  # additive attention mask value (finite: no NaN in exported graphs)


@dataclass
class ModelConfig:
    """Dimensions of the model (stored in checkpoints)."""

    vocab_size: int
    n_ctc: int
    n_mels: int = 128
    enc_dim: int = 256
    enc_layers: int = 4
    enc_heads: int = 4
    enc_ff: int = 1024
    hidden: int = 256
    dec_layers: int = 3
    dec_heads: int = 4
    dec_kv_heads: int = 2
    dec_ff: int = 768
    dropout: float = 0.05
    rope_theta: float = 10000.0

    def to_dict(self):
        return asdict(self)

    @property
    def head_dim(self) -> int:
        return self.hidden // self.dec_heads


def audio_token_count(frames: torch.Tensor) -> torch.Tensor:
    """A = conv(conv(conv(T mod 100))) + 13 * floor(T / 100), conv(t) = floor((t + 1) / 2)."""
    r = frames % CONV_WINDOW
    for _ in range(3):
        r = torch.div(r + 1, 2, rounding_mode="floor")
    return r + TOKENS_PER_WINDOW * torch.div(frames, CONV_WINDOW, rounding_mode="floor")


def rope(x: torch.Tensor, positions: torch.Tensor, theta: float) -> torch.Tensor:
    """Rotary embedding (rotate-half form) of x [B, H, S, D] at positions [B, S]."""
    d = x.shape[-1]
    inv = 1.0 / theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d)
    ang = positions.to(torch.float32)[:, None, :, None] * inv  # [B, 1, S, D/2]
    cos, sin = torch.cos(ang), torch.sin(ang)
    x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


class Attention(nn.Module):
    """Multi-head attention with grouped KV heads and RoPE; returns the rotated K and V."""

    def __init__(self, dim, heads, kv_heads, theta):
        super().__init__()
        self.heads, self.kv_heads, self.hd, self.theta = heads, kv_heads, dim // heads, theta
        self.q = nn.Linear(dim, heads * self.hd)
        self.k = nn.Linear(dim, kv_heads * self.hd)
        self.v = nn.Linear(dim, kv_heads * self.hd)
        self.o = nn.Linear(heads * self.hd, dim)

    def _expand_kv(self, t):
        """[B, kvH, S, D] -> [B, H, S, D], each KV head shared by H / kvH query heads."""
        rep = self.heads // self.kv_heads
        if rep == 1:
            return t
        b, _, s, d = t.shape
        return t[:, :, None].expand(b, self.kv_heads, rep, s, d).reshape(b, self.heads, s, d)

    def forward(self, x, positions, mask=None, past=None):
        b, s, _ = x.shape
        q = self.q(x).view(b, s, self.heads, self.hd).transpose(1, 2)
        k = self.k(x).view(b, s, self.kv_heads, self.hd).transpose(1, 2)
        v = self.v(x).view(b, s, self.kv_heads, self.hd).transpose(1, 2)
        q, k = rope(q, positions, self.theta), rope(k, positions, self.theta)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        kk, vv = self._expand_kv(k), self._expand_kv(v)
        att = torch.matmul(q, kk.transpose(-1, -2)) / math.sqrt(self.hd)
        if mask is not None:
            att = att + mask
        out = torch.matmul(torch.softmax(att, dim=-1), vv)
        return self.o(out.transpose(1, 2).reshape(b, s, -1)), k, v


class Block(nn.Module):
    """Pre-LN transformer block; the decoder's uses a SwiGLU MLP, the encoder's a GELU MLP."""

    def __init__(self, dim, heads, kv_heads, ff, dropout, theta, swiglu):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, kv_heads, theta)
        self.swiglu = swiglu
        self.up = nn.Linear(dim, ff * (2 if swiglu else 1))
        self.down = nn.Linear(ff, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, positions, mask=None, past=None):
        a, k, v = self.attn(self.ln1(x), positions, mask, past)
        x = x + self.drop(a)
        h = self.up(self.ln2(x))
        if self.swiglu:
            g, u = h.chunk(2, dim=-1)
            h = F.silu(g) * u
        else:
            h = F.gelu(h)
        return x + self.drop(self.down(h)), k, v


class AudioEncoder(nn.Module):
    """mel [B, 128, T] -> audio features [B, A_max, hidden] (+ CTC logits for training)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        layers, ch = [], cfg.n_mels
        for _ in range(3):
            layers += [nn.Conv1d(ch, cfg.enc_dim, 3, stride=2, padding=1), nn.BatchNorm1d(cfg.enc_dim), nn.ReLU()]
            ch = cfg.enc_dim
        self.conv = nn.Sequential(*layers)
        self.blocks = nn.ModuleList(
            Block(cfg.enc_dim, cfg.enc_heads, cfg.enc_heads, cfg.enc_ff, cfg.dropout, cfg.rope_theta, False)
            for _ in range(cfg.enc_layers)
        )
        self.ln = nn.LayerNorm(cfg.enc_dim)
        self.ctc = nn.Linear(cfg.enc_dim, cfg.n_ctc)
        self.adapter = nn.Sequential(nn.Linear(cfg.enc_dim, cfg.hidden), nn.GELU(), nn.Linear(cfg.hidden, cfg.hidden), nn.LayerNorm(cfg.hidden))

    def conv_tokens(self, mel: torch.Tensor, frames: torch.Tensor) -> torch.Tensor:
        """Run the conv stack on 100-frame windows; only windows holding real frames are
        computed (BatchNorm statistics see no all-padding windows). Returns [B, W*13, C]."""
        b, c, t = mel.shape
        mel = torch.cat([mel, mel.new_zeros(b, c, CONV_WINDOW - 1)], dim=2)
        w = (t + CONV_WINDOW - 1) // CONV_WINDOW
        win = mel[:, :, : w * CONV_WINDOW].reshape(b, c, w, CONV_WINDOW).permute(0, 2, 1, 3).reshape(b * w, c, CONV_WINDOW)
        if b == 1:
            out = self.conv(win)
        else:
            n_win = torch.div(frames + CONV_WINDOW - 1, CONV_WINDOW, rounding_mode="floor")
            valid = (torch.arange(w)[None, :] < n_win[:, None]).reshape(-1)
            out = win.new_zeros(b * w, self.conv[0].out_channels, TOKENS_PER_WINDOW)
            out[valid] = self.conv(win[valid])
        return out.transpose(1, 2).reshape(b, w * TOKENS_PER_WINDOW, -1)

    def forward(self, mel: torch.Tensor, frames: torch.Tensor):
        """Returns (audio features [B, A_max, hidden], CTC logits [B, A_max, n_ctc], A [B])."""
        n_tok = audio_token_count(frames)
        x = self.conv_tokens(mel, frames)
        a_max = n_tok.max() if mel.shape[0] > 1 else n_tok[0]
        x = x[:, :a_max]
        b, s, _ = x.shape
        positions = torch.arange(s)[None, :].expand(b, s)
        mask = None
        if b > 1:
            pad = torch.arange(s)[None, :] >= n_tok[:, None]
            mask = torch.zeros(b, 1, 1, s).masked_fill(pad[:, None, None, :], NEG_INF)
        for blk in self.blocks:
            x, _, _ = blk(x, positions, mask)
        x = self.ln(x)
        return self.adapter(x), self.ctc(x), n_tok


class Decoder(nn.Module):
    """Causal LM over input embeddings with a stacked KV cache; the output projection is the
    tied embedding table scaled by 1/sqrt(hidden)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.hidden)
        nn.init.normal_(self.embed.weight, std=1.0)
        self.blocks = nn.ModuleList(
            Block(cfg.hidden, cfg.dec_heads, cfg.dec_kv_heads, cfg.dec_ff, cfg.dropout, cfg.rope_theta, True)
            for _ in range(cfg.dec_layers)
        )
        self.ln = nn.LayerNorm(cfg.hidden)

    def forward(self, embeds, positions, out_weight, past_keys=None, past_values=None, mask=None):
        """embeds [B, S, H], positions [B, S], out_weight [V, H] (the tied output projection,
        `AsrModel.output_weight()`); past_* [L, B, kvH, P, hd] or None; `mask` see `trunk`.
        Returns (logits [B, S, vocab], present_keys, present_values)."""
        x, keys, values = self.trunk(embeds, positions, past_keys, past_values, mask)
        return torch.matmul(x, out_weight.t()), keys, values

    def trunk(self, embeds, positions, past_keys=None, past_values=None, mask=None):
        """Final-norm hidden states [B, S, H] and the stacked present keys/values. `mask` is an
        additive attention mask (padding of batched rows); default causal over the prompt, none
        for a step."""
        s = embeds.shape[1]
        if mask is None and past_keys is None:
            mask = torch.triu(torch.full((s, s), NEG_INF), diagonal=1)
        keys, values = [], []
        x = embeds
        for i, blk in enumerate(self.blocks):
            past = None if past_keys is None else (past_keys[i], past_values[i])
            x, k, v = blk(x, positions, mask, past)
            keys.append(k)
            values.append(v)
        return self.ln(x), torch.stack(keys), torch.stack(values)


class AsrModel(nn.Module):
    """Encoder + decoder. `prompt` arguments are `heldout.prompt_tuple(tokenizer)`."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder = AudioEncoder(cfg)
        self.decoder = Decoder(cfg)

    def embedding_table(self) -> torch.Tensor:
        """The embedding table as the engine sees it: per-row symmetric int8, dequantised
        (straight-through gradient, so training always matches the shipped table)."""
        w = self.decoder.embed.weight
        deq = dequantize(*quantize_rows(w.detach()))
        return w + (deq - w).detach() if torch.is_grad_enabled() else deq

    def output_weight(self, table: torch.Tensor) -> torch.Tensor:
        """Tied output projection of an embedding table: table / sqrt(hidden)."""
        return table / math.sqrt(self.cfg.hidden)

    def train_losses(self, batch, prompt):
        """(CE over the answer tokens, CTC loss) of a collated batch; `prompt` is
        (prefix_ids, suffix_ids, language_ids, eos_ids, audio_pad_id); the target ends with eos_ids[0]."""
        prefix, suffix, language, eos, pad = prompt
        audio, ctc_logits, n_tok = self.encoder(batch["mel"], batch["frames"])
        seqs, starts = [], []
        for b, ids in enumerate(batch["ids"]):
            a = int(n_tok[b])
            seqs.append(prefix + [pad] * a + suffix + language + ids + [eos[0]])
            starts.append(len(prefix) + a + len(suffix) - 1)
        s_max = max(len(s) for s in seqs)
        tokens = torch.full((len(seqs), s_max), pad, dtype=torch.long)
        targets = torch.full((len(seqs), s_max), -100, dtype=torch.long)
        for b, s in enumerate(seqs):
            tokens[b, : len(s)] = torch.tensor(s)
            targets[b, starts[b] : len(s) - 1] = tokens[b, starts[b] + 1 : len(s)]
        table = self.embedding_table()
        emb = table[tokens]
        p = len(prefix)
        for b in range(len(seqs)):
            a = int(n_tok[b])
            emb[b, p : p + a] = audio[b, :a]
        positions = torch.arange(s_max)[None, :].expand(len(seqs), s_max)
        hidden, _, _ = self.decoder.trunk(emb, positions)
        scored = targets >= 0
        logits = torch.matmul(hidden[scored], self.output_weight(table).t())
        ce = F.cross_entropy(logits, targets[scored])
        log_probs = F.log_softmax(ctc_logits, dim=-1).transpose(0, 1)
        ctc = F.ctc_loss(log_probs, batch["ctc_targets"], n_tok, batch["ctc_lengths"], zero_infinity=True)
        return ce, ctc

    @torch.no_grad()
    def greedy(self, mel, prompt, max_new: int = 64):
        """Greedy decode of one utterance mel [1, 128, T] exactly as the engine does it
        (int8-dequantised embeddings, decoder_init then KV-cached steps).
        Returns (generated ids without EOS, logits of every decoder call [decoder_init first],
        CTC greedy word classes)."""
        prefix, suffix, _, eos, pad = prompt
        audio, ctc_logits, n_tok = self.encoder(mel, torch.tensor([mel.shape[2]]))
        a = int(n_tok[0])
        table = self.embedding_table()
        out_w = self.output_weight(table)
        ids = prefix + [pad] * a + suffix
        emb = table[torch.tensor(ids)][None].clone()
        emb[0, len(prefix) : len(prefix) + a] = audio[0, :a]
        logits, keys, values = self.decoder(emb, torch.arange(len(ids))[None], out_w)
        step_logits = [logits[0, -1]]
        out, nxt, pos = [], int(step_logits[0].argmax()), len(ids)
        while nxt not in eos and len(out) < max_new:
            out.append(nxt)
            logits, keys, values = self.decoder(table[nxt][None, None], torch.tensor([[pos]]), out_w, keys, values)
            step_logits.append(logits[0, -1])
            nxt, pos = int(logits[0, -1].argmax()), pos + 1
        ctc_ids = ctc_logits[0, :a].argmax(-1).tolist()
        ctc_words = [c for i, c in enumerate(ctc_ids) if c != 0 and (i == 0 or c != ctc_ids[i - 1])]
        return out, step_logits, ctc_words


def quantize_rows(w: torch.Tensor):
    """Symmetric per-row int8 quantisation: (int8 [V, H], fp32 scales [V])."""
    scale = (w.abs().amax(dim=1) / 127.0).clamp_min(1e-12).to(torch.float32)
    q = torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8)
    return q, scale


def dequantize(q: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """row = int8 * scale[row], in fp32 as the engine computes it."""
    return q.to(torch.float32) * scale[:, None]
