"""Helpers for tests that read a verification report."""

from __future__ import annotations


def problems(report) -> list[str]:
    """The report's reasons other than "the registry was not consulted" (the unsafe mode's
    own reason): what the signature and metadata layers found wrong."""
    return [r for r in report.reasons if not r.startswith("UNSAFE mode:")]


def raw_db(world):
    """A plain sqlite3 connection to the world's database file (an attacker with the file)."""
    import sqlite3

    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def lifted_mark(out, tmp_path):
    """An output's fine detail (its mark among it) lifted onto another picture: (path, pixels)."""
    import numpy as np
    from PIL import Image, ImageFilter
    from skimage import data as skdata

    with Image.open(out.path) as im:
        original = im.convert("RGB")
    a = np.asarray(original, np.float32)
    residue = a - np.asarray(original.filter(ImageFilter.GaussianBlur(2)), np.float32)
    other = np.asarray(Image.fromarray(skdata.astronaut()).resize(original.size), np.float32)
    pixels = np.clip(other + 2 * residue, 0, 255).astype(np.uint8)
    path = tmp_path / "forged.png"
    Image.fromarray(pixels).save(path)
    return path, pixels
