"""Saving and loading model checkpoints (weights + config + training state)."""

import os

import torch

from model import AsrModel, ModelConfig


def save_checkpoint(path: str, model: AsrModel, **state) -> None:
    """Write weights, config and any extra training state atomically."""
    tmp = path + ".tmp"
    torch.save({"config": model.cfg.to_dict(), "model": model.state_dict(), **state}, tmp)
    os.replace(tmp, path)


def load_model(path: str):
    """(model in eval mode, checkpoint dict) from a checkpoint file."""
    ckpt = torch.load(path, map_location="cpu")
    model = AsrModel(ModelConfig(**ckpt["config"]))
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model, ckpt
