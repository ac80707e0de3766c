"""Int4 weights like the release's `q4` decoders: com.microsoft MatMulNBits, 4 bits, block 32.

Symmetric blocks along K: scale = max|w| / 7, q = round(w / scale) in [-7, 7], stored as
q + 8 (the operator's default zero point for 4 bits), two values per byte, low nibble first.
`fake_quantize_decoder` applies the same rounding to the torch model, so torch references
and held-out WER of the q4 variant are computed with exactly the weights the graphs hold.
"""

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

BLOCK = 32
BITS = 4


def quantize_blocks(w_nk: np.ndarray):
    """w [N, K] (one row per output) -> (packed uint8 [N, K/32, 16], scales float32 [N*K/32])."""
    n, k = w_nk.shape
    blocks = w_nk.astype(np.float32).reshape(n, k // BLOCK, BLOCK)
    scales = (np.abs(blocks).max(axis=2) / 7.0).astype(np.float32)
    safe = np.where(scales == 0, 1.0, scales).astype(np.float32)
    q = (np.clip(np.round(blocks / safe[:, :, None]), -7, 7) + 8).astype(np.uint8)
    packed = (q[:, :, 0::2] | (q[:, :, 1::2] << 4)).astype(np.uint8)
    return packed, scales.reshape(-1)


def dequantize_blocks(packed: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Inverse of quantize_blocks: float32 [N, K] as MatMulNBits computes it."""
    n, kb, _ = packed.shape
    q = np.empty((n, kb, BLOCK), dtype=np.int32)
    q[:, :, 0::2] = packed & 0x0F
    q[:, :, 1::2] = packed >> 4
    return ((q - 8).astype(np.float32) * scales.reshape(n, kb)[:, :, None]).reshape(n, kb * BLOCK)


def fake_quantize_decoder(model) -> None:
    """Replace every Linear weight of the decoder blocks by its int4 round trip (in place)."""
    with torch.no_grad():
        for module in model.decoder.blocks.modules():
            if isinstance(module, torch.nn.Linear) and module.in_features % BLOCK == 0:
                w = module.weight.numpy()
                module.weight.copy_(torch.from_numpy(dequantize_blocks(*quantize_blocks(w))))


def quantize_graph(model: onnx.ModelProto, skip_n: int) -> onnx.ModelProto:
    """Turn MatMul(X, W[K, N] initializer) into MatMulNBits when K % 32 == 0 and N != skip_n
    (the tied output projection stays float32)."""
    inits = {i.name: i for i in model.graph.initializer}
    nodes = []
    for node in model.graph.node:
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w is None or len(w.dims) != 2 or w.dims[0] % BLOCK or w.dims[1] == skip_n:
            nodes.append(node)
            continue
        k, n = w.dims
        packed, scales = quantize_blocks(numpy_helper.to_array(w).T)
        base = node.input[1]
        model.graph.initializer.extend([numpy_helper.from_array(packed, f"{base}_q4"), numpy_helper.from_array(scales, f"{base}_scales")])
        nodes.append(helper.make_node("MatMulNBits", [node.input[0], f"{base}_q4", f"{base}_scales"], list(node.output),
                                      name=f"{node.name}_q4", domain="com.microsoft", K=k, N=n, bits=BITS, block_size=BLOCK))
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    still_used = {i for nd in nodes for i in nd.input}
    kept = [i for i in model.graph.initializer if i.name in still_used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model
