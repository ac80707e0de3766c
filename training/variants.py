"""Rewrite a layout-v2 model folder into the other forms the public Qwen3-ASR exporters write, so
the loader can be tested on each with a model whose transcripts are known (the embedded one):

| variant | what changes |
|---|---|
| `filters-array` | `mel_filters.json` as a bare 2-D array (instead of `{n_mels, n_freqs, data}`) |
| `embed-fp16` | `embed_tokens.fp16.bin` (the dequantised table in float16), no scales file |
| `embed-fp32` | `embed_tokens.bin` (float32), no scales file, `embed_tokens_dtype` in `config.json` |
| `encoder-fp16` | `encoder.fp16.onnx`: float16 weights, float16 `mel` in and `audio_features` out |
| `split-weights` | each decoder with its own `<graph>.data` external-data file (no shared file) |
| `exporter-only` | no `prompt_config.json`: dims, special tokens, files from `config.json` and the folder |

Every variant drops `earshot-model.json` (the public folders have none).

    /usr/bin/python3 training/variants.py --model models/earshot-tiny-en --out <dir> [--only a,b]

Needs only Debian's python3-onnx and python3-numpy.
"""

import argparse
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

VARIANTS = ["filters-array", "embed-fp16", "embed-fp32", "encoder-fp16", "split-weights", "exporter-only"]
MANIFEST = "earshot-model.json"


def load_json(folder, name):
    with open(os.path.join(folder, name)) as f:
        return json.load(f)


def save_json(folder, name, value):
    with open(os.path.join(folder, name), "w") as f:
        json.dump(value, f, indent=1)


def dequantized_table(folder, prompt):
    emb = prompt["embedding"]
    vocab, hidden = emb["shape"]
    q = np.fromfile(os.path.join(folder, emb["file"]), dtype=np.int8).reshape(vocab, hidden)
    scales = np.fromfile(os.path.join(folder, emb["scales_file"]), dtype="<f4")
    return q.astype(np.float32) * scales[:, None]


def drop_embedding(folder, prompt):
    os.remove(os.path.join(folder, prompt["embedding"]["file"]))
    os.remove(os.path.join(folder, prompt["embedding"]["scales_file"]))


def embed(folder, dtype):
    prompt = load_json(folder, "prompt_config.json")
    table = dequantized_table(folder, prompt)
    drop_embedding(folder, prompt)
    name = "embed_tokens.fp16.bin" if dtype == "float16" else "embed_tokens.bin"
    table.astype("<f2" if dtype == "float16" else "<f4").tofile(os.path.join(folder, name))
    prompt["embedding"] = {"file": name, "dtype": dtype, "shape": prompt["embedding"]["shape"]}
    save_json(folder, "prompt_config.json", prompt)
    if dtype == "float32":
        config = load_json(folder, "config.json")
        config["embed_tokens_dtype"] = "float32"
        save_json(folder, "config.json", config)


def encoder_fp16(folder):
    """float16 initializers (each cast up where it is used) and float16 graph input/output."""
    prompt = load_json(folder, "prompt_config.json")
    src = prompt["variants"]["q4"]["encoder"]
    model = onnx.load(os.path.join(folder, src))
    g = model.graph
    casts, inits = [], []
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT and len(init.dims) > 0:
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            inits.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=init.name + "_up"))
        else:
            inits.append(init)
    del g.initializer[:]
    g.initializer.extend(inits)
    (inp,), (out,) = g.input, g.output
    for node in g.node:
        node.input[:] = [("mel_f32" if i == inp.name else i) for i in node.input]
        node.output[:] = [("audio_features_f32" if o == out.name else o) for o in node.output]
    nodes = casts + [helper.make_node("Cast", [inp.name], ["mel_f32"], to=TensorProto.FLOAT, name="mel_up")]
    nodes += list(g.node)
    nodes.append(helper.make_node("Cast", ["audio_features_f32"], [out.name], to=TensorProto.FLOAT16, name="out_down"))
    del g.node[:]
    g.node.extend(nodes)
    inp.type.tensor_type.elem_type = TensorProto.FLOAT16
    out.type.tensor_type.elem_type = TensorProto.FLOAT16
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(folder, "encoder.fp16.onnx"))
    for v in prompt["variants"].values():
        v["encoder"] = "encoder.fp16.onnx"
    save_json(folder, "prompt_config.json", prompt)
    os.remove(os.path.join(folder, src))


def split_weights(folder):
    """Each decoder graph of each variant gets its own external-data file `<graph>.data`."""
    prompt = load_json(folder, "prompt_config.json")
    for v in prompt["variants"].values():
        shared = v.pop("weights")
        files = []
        for key in ("decoder_init", "decoder_step"):
            path = os.path.join(folder, v[key])
            model = onnx.load(path, load_external_data=True)
            data = v[key] + ".data"
            onnx.save(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=data,
                      size_threshold=1024)
            files.append(data)
        v["weights"] = files
        os.remove(os.path.join(folder, shared))
    save_json(folder, "prompt_config.json", prompt)


def exporter_only(folder):
    """No prompt_config.json: the loader reads config.json (dims, special tokens) and the files."""
    os.remove(os.path.join(folder, "prompt_config.json"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/earshot-tiny-en")
    ap.add_argument("--out", required=True, help="one sub-folder per variant is written here")
    ap.add_argument("--only", default=",".join(VARIANTS))
    args = ap.parse_args()
    for name in args.only.split(","):
        folder = os.path.join(args.out, name)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(args.model, folder)
        os.remove(os.path.join(folder, MANIFEST))
        if name == "filters-array":
            filters = load_json(folder, "mel_filters.json")
            save_json(folder, "mel_filters.json", filters["data"] if isinstance(filters, dict) else filters)
        elif name == "embed-fp16":
            embed(folder, "float16")
        elif name == "embed-fp32":
            embed(folder, "float32")
        elif name == "encoder-fp16":
            encoder_fp16(folder)
        elif name == "split-weights":
            split_weights(folder)
        elif name == "exporter-only":
            exporter_only(folder)
        else:
            raise SystemExit(f"unknown variant {name}; known: {', '.join(VARIANTS)}")
        print(f"{name}: {folder}")


if __name__ == "__main__":
    main()
