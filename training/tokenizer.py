"""Byte-level BPE tokenizer (Hugging Face `tokenizers` JSON) in the style of Qwen's.

Vocabulary: the 256 byte tokens (GPT-2 byte-to-unicode alphabet, `Ġ` = space, `Ċ` = newline),
then the tokens created by merges chosen so that every vocabulary word, with and without a
leading space, and the prompt words ("system", "user", "assistant", "language", "English")
encode to ONE token, then the special tokens with the roles of Qwen3-ASR's.
"""

import json
import os

from vocab import WORDS

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|audio_start|>", "<|audio_end|>", "<|audio_pad|>", "<asr_text>"]
PROMPT_WORDS = ["system", "user", "assistant", "language", "English"]


def bytes_to_unicode() -> dict:
    """GPT-2's reversible byte -> printable unicode character map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = bytes_to_unicode()


def bpe(symbols: list, ranks: dict) -> list:
    """Apply merges by rank (lowest first) as the `tokenizers` BPE model does."""
    symbols = list(symbols)
    while len(symbols) > 1:
        pairs = [(ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
        rank, _ = min(pairs)
        if rank == 1 << 30:
            break
        out, i = [], 0
        while i < len(symbols):
            if i + 1 < len(symbols) and ranks.get((symbols[i], symbols[i + 1])) == rank:
                out.append(symbols[i] + symbols[i + 1])
                i += 2
            else:
                out.append(symbols[i])
                i += 1
        symbols = out
    return symbols


class Tokenizer:
    """The word-level view of the byte-level BPE used for training targets and prompts."""

    def __init__(self):
        self.vocab = {BYTE_CHARS[b]: b for b in range(256)}
        self.merges = []
        ranks = {}
        pieces = []
        for w in WORDS + PROMPT_WORDS:
            pieces += [w, " " + w]
        for piece in pieces:
            word = "".join(BYTE_CHARS[b] for b in piece.encode("utf-8"))
            symbols = bpe(list(word), ranks)
            # Merges appended with the highest rank never change words already single tokens.
            while len(symbols) > 1:
                a, b = symbols[0], symbols[1]
                ranks[(a, b)] = len(self.merges)
                self.merges.append((a, b))
                self.vocab.setdefault(a + b, len(self.vocab))
                symbols = bpe(list(word), ranks)
        self.ranks = ranks
        self.special = {t: len(self.vocab) + i for i, t in enumerate(SPECIAL_TOKENS)}
        self.size = len(self.vocab) + len(self.special)
        self.id_to_token = {i: t for t, i in {**self.vocab, **self.special}.items()}

    def word_id(self, word: str, leading_space: bool) -> int:
        """Id of a vocabulary word (`Ġword` when it follows a space)."""
        return self.vocab[("Ġ" if leading_space else "") + word]

    def encode_words(self, text: str) -> list:
        """Ids of a space-separated transcript of vocabulary words."""
        return [self.word_id(w, i > 0) for i, w in enumerate(text.split())]

    def decode(self, ids) -> str:
        """Text of ids, special tokens dropped."""
        byte_of = {c: b for b, c in BYTE_CHARS.items()}
        chars = "".join(self.id_to_token[i] for i in ids if i not in self.special.values())
        return bytes(byte_of[c] for c in chars).decode("utf-8", errors="replace")

    def prompt_ids(self):
        """(prefix_ids, suffix_ids, language_prefix_ids) of the Qwen3-ASR chat prompt:
        `<|im_start|>system\\n<|im_end|>\\n<|im_start|>user\\n<|audio_start|>` + audio +
        `<|audio_end|><|im_end|>\\n<|im_start|>assistant\\n`, then `language English<asr_text>`."""
        s, nl = self.special, self.vocab["Ċ"]
        prefix = [s["<|im_start|>"], self.vocab["system"], nl, s["<|im_end|>"], nl, s["<|im_start|>"], self.vocab["user"], nl, s["<|audio_start|>"]]
        suffix = [s["<|audio_end|>"], s["<|im_end|>"], nl, s["<|im_start|>"], self.vocab["assistant"], nl]
        language = [self.vocab["language"], self.vocab["ĠEnglish"], s["<asr_text>"]]
        return prefix, suffix, language

    def write(self, folder: str) -> None:
        """Write tokenizer.json, tokenizer_config.json, vocab.json, added_tokens.json."""
        added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                  "normalized": False, "special": True} for t, i in self.special.items()]
        tok = {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                      "ignore_merges": False, "vocab": self.vocab, "merges": [f"{a} {b}" for a, b in self.merges]},
        }
        config = {
            "add_bos_token": False,
            "add_prefix_space": False,
            "added_tokens_decoder": {str(i): {k: v for k, v in a.items() if k != "id"} for a, i in zip(added, self.special.values())},
            "bos_token": None,
            "eos_token": "<|im_end|>",
            "pad_token": "<|endoftext|>",
            "unk_token": None,
            "errors": "replace",
            "clean_up_tokenization_spaces": False,
            "split_special_tokens": False,
            "model_max_length": 4096,
            "tokenizer_class": "Qwen2Tokenizer",
        }
        files = {
            "tokenizer.json": tok,
            "tokenizer_config.json": config,
            "vocab.json": self.vocab,
            "added_tokens.json": self.special,
        }
        for name, obj in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                json.dump(obj, f, ensure_ascii=False, indent=1 if name != "tokenizer.json" else None)
