"""Fixtures for the end-to-end tests of ``Studio.generate`` (imported by the test modules).

The world itself (registry, people, grants, :class:`StubEngine`) is :mod:`studio_world`,
shared with the red-team tests; here are the real engines: the built-in DCGAN and a tiny
random-weight diffusers pipeline saved to disk like a user's local model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from studio_world import GRANTEE, PROJECT, StubEngine, World, astronaut, grace_hopper, open_world

__all__ = [
    "GRANTEE",
    "PROJECT",
    "StubEngine",
    "World",
    "astronaut",
    "diffusion_engine",
    "grace_hopper",
    "gan_engine",
    "tiny_models",
    "world",
]


# ----------------------------------------------------------------------------- engines
@pytest.fixture(scope="session")
def gan_engine():
    """The built-in DCGAN, loaded once for the session (weights verified by sha256)."""
    from creator.engines.gan import GanEngine

    return GanEngine.builtin()


@dataclass(frozen=True)
class TinyModels:
    sd: Path  # a tiny text2img/img2img/inpaint pipeline folder (a user's local model)
    lora: Path  # a LoRA for it
    embedding: Path  # a textual-inversion embedding for it


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> TinyModels:
    from creator.engines.testing import make_tiny_embedding, make_tiny_lora, make_tiny_sd_pipeline

    root = tmp_path_factory.mktemp("models")
    sd = make_tiny_sd_pipeline(root / "tiny-sd")
    return TinyModels(
        sd=sd,
        lora=make_tiny_lora(sd, root / "adapters" / "jane-lora.safetensors"),
        embedding=make_tiny_embedding(root / "adapters" / "jane-embedding.safetensors", "<sks>"),
    )


@pytest.fixture(scope="session")
def diffusion_engine(tiny_models):
    """The tiny pipeline loaded once, for tests that are not about loading a user's model."""
    from creator.engines.diffusion import DiffusionEngine

    return DiffusionEngine(tiny_models.sd)


# ----------------------------------------------------------------------------- the world
@pytest.fixture
def world(tmp_path) -> World:
    """A world whose ``studio()`` runs the real engines; ``output_files()`` lists folders too."""
    yield from open_world(tmp_path)
