"""Helpers of red team 31's tests (tests/security/test_adversary31_*.py): pictures of Grace Hopper
that a person sees at once and the studio's face scan does not, and a world where she is enrolled
without a grant."""

from __future__ import annotations

import numpy as np
from PIL import Image
from studio_world import SourceRecorder, grace_hopper, png_bytes, source_faces

SIDE = 256


def hopper_face() -> Image.Image:
    """Grace Hopper's head and shoulders, 200x240 px (her face about 90 px wide)."""
    return grace_hopper().crop((60, 40, 460, 520)).resize((200, 240), Image.Resampling.LANCZOS)


def on_grey(img: Image.Image, side: int = SIDE) -> Image.Image:
    """``img`` centred on a mid-grey ``side``² canvas (the output's size: no resize by the studio)."""
    c = Image.new("RGB", (side, side), (128, 128, 128))
    c.paste(img, ((side - img.width) // 2, (side - img.height) // 2))
    return c


def blue_duotone(img: Image.Image) -> Image.Image:
    """A blue/yellow duotone: red and green flat at 128, the photo's grey levels in blue alone."""
    grey = img.convert("L")
    flat = Image.new("L", img.size, 128)
    return Image.merge("RGB", [flat, flat, grey])


def isoluminant(img: Image.Image) -> Image.Image:
    """The photo's grey levels as a colour difference only: red up where blue goes down, green
    balancing them, so that the luma (0.299 R + 0.587 G + 0.114 B) stays flat at 128."""
    d = np.asarray(img.convert("L")).astype(np.float32) - 128.0
    r = 128.0 + d
    b = 128.0 - d * 0.299 / 0.114
    g = 128.0 - (0.299 * d - 0.114 * d * 0.299 / 0.114) / 0.587
    return Image.fromarray(np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8))


def behind_mesh(img: Image.Image, step: int = 6) -> Image.Image:
    """The photo behind a wire mesh: a black 1 px line every ``step`` px, both ways (a screen door,
    a fence, a window grille)."""
    a = np.asarray(img.convert("RGB")).copy()
    a[::step, :, :] = 0
    a[:, ::step, :] = 0
    return Image.fromarray(a)


def behind_lines(img: Image.Image, step: int = 5) -> Image.Image:
    """The photo behind horizontal lines: a black 1 px line every ``step`` px (blinds, a CRT's scan lines)."""
    a = np.asarray(img.convert("RGB")).copy()
    a[::step, :, :] = 0
    return Image.fromarray(a)


def dot_screen(img: Image.Image, step: int = 4) -> Image.Image:
    """The photo under a screen of black 2x2 px dots every ``step`` px (a perforated sheet, an LED wall)."""
    a = np.asarray(img.convert("RGB")).copy()
    yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    a[((yy % step) < 2) & ((xx % step) < 2)] = 0
    return Image.fromarray(a)


def moire(img: Image.Image, amplitude: float = 60.0) -> Image.Image:
    """The photo under a diagonal moire of +-``amplitude`` levels (a photo of a screen, a scanned print)."""
    a = np.asarray(img.convert("RGB")).astype(np.float32)
    yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    a += amplitude * np.sin(xx * 1.3 + yy * 0.7)[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def embedding(image: Image.Image) -> np.ndarray:
    (ref,) = [f.embedding for f in source_faces(image) if f.embedding is not None]
    return ref


def best_similarity(image: Image.Image, ref: np.ndarray) -> float:
    return max((float(np.dot(f.embedding, ref)) for f in source_faces(image) if f.embedding is not None),
               default=0.0)


def enrol_hopper_without_grant(world) -> None:
    """eve (Grace Hopper's photo) is enrolled, with no grant: her likeness must never be published."""
    world.add_person("eve", "Eve Roe", photo=grace_hopper())


def edit(world, source: Image.Image, **kw):
    """An img2img edit of ``source`` at 256² by :class:`SourceRecorder` (a model at low strength keeps
    its source); returns (engine, result)."""
    engine = SourceRecorder()
    result = world.studio(engine).generate(world.request(
        mode="img2img", engine="diffusion", source=png_bytes(source), strength=0.3, **kw))
    return engine, result
