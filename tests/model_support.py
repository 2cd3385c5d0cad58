"""Hostile generator files for tests: a TorchScript "GAN" that ignores its latent and returns a
fixed picture (a real photo laundered as generated, or one drawn turned or dithered)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch


class PhotoGenerator(torch.nn.Module):
    """A "GAN" that ignores its latent and returns a fixed picture."""

    def __init__(self, photo: torch.Tensor):
        super().__init__()
        self.register_buffer("photo", photo)
        self.nz = 100

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.photo.unsqueeze(0).expand(z.shape[0], -1, -1, -1)


def photo_gan_file(pixels: np.ndarray, path: Path) -> Path:
    """Save a TorchScript :class:`PhotoGenerator` returning ``pixels`` (H×W×3 uint8) at ``path``."""
    px = torch.from_numpy(np.ascontiguousarray(pixels)).permute(2, 0, 1).float() / 127.5 - 1
    torch.jit.save(torch.jit.script(PhotoGenerator(px)), str(path))
    return path
