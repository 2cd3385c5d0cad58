"""The one root conftest: offline environment, one CPU thread, and the fixtures shared by
every test folder — the two studio worlds and the tiny models.

- ``stub_world``: a real studio (SQLite registry, keys, faces, c2pa, watermark, audit) whose
  engine is a :class:`studio_world.StubEngine` returning chosen pictures — the red-team suite
  and every test about the recipe around generation.
- ``engine_world``: the same, running the real engines (built-in DCGAN, diffusers).
- ``tiny_models``: one tiny random-weight diffusers pipeline (text2img/img2img), an inpainting
  pipeline, a LoRA and a textual-inversion embedding, saved to disk like a user's local models.
- ``tiny_checkpoint``: the tiny pipeline as one single-file checkpoint, and its configs folder.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import torch  # noqa: E402

from studio_world import World, open_world  # noqa: E402

torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _no_actor_left_behind():
    """UI handlers name their user with ``consent.audit.set_actor``, meant for Gradio's worker
    threads, where each call runs in a copied context; a test that calls a handler directly
    runs it in the test's own context, and the actor stayed for every later test in the
    process (tests/consent/test_audit_actor.py failed after tests/security/test_ux_attacks.py)."""
    from consent.audit import _ACTOR

    token = _ACTOR.set(None)
    yield
    _ACTOR.reset(token)


@dataclass(frozen=True)
class TinyModels:
    sd: Path  # a tiny text2img/img2img pipeline folder (a user's local model)
    inpaint: Path  # a tiny inpainting pipeline folder
    lora: Path  # a LoRA for ``sd``
    embedding: Path  # a textual-inversion embedding (token ``<sks>``)


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    from creator.engines.testing import make_tiny_embedding, make_tiny_inpaint_pipeline, make_tiny_lora, make_tiny_sd_pipeline

    root = tmp_path_factory.mktemp("models")
    sd = make_tiny_sd_pipeline(root / "tiny-sd")
    return TinyModels(
        sd=sd,
        inpaint=make_tiny_inpaint_pipeline(root / "tiny-inpaint"),
        lora=make_tiny_lora(sd, root / "adapters" / "jane-lora.safetensors"),
        embedding=make_tiny_embedding(root / "adapters" / "jane-embedding.safetensors", "<sks>"),
    )


@dataclass(frozen=True)
class TinyCheckpoint:
    file: Path  # ``tiny_models.sd`` as one single-file checkpoint (original SD key layout, safetensors)
    config: Path  # that pipeline's configs and tokenizer, no weights: what ``model register --config`` names


@pytest.fixture(scope="session")
def tiny_checkpoint(tiny_models: TinyModels, tmp_path_factory: pytest.TempPathFactory) -> TinyCheckpoint:
    import shutil

    from creator.engines.testing import make_tiny_single_file

    root = tmp_path_factory.mktemp("checkpoint")
    config = root / "tiny-sd-config"
    for f in tiny_models.sd.rglob("*"):
        if f.is_file() and f.suffix in (".json", ".txt"):
            (config / f.relative_to(tiny_models.sd)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, config / f.relative_to(tiny_models.sd))
    return TinyCheckpoint(file=make_tiny_single_file(tiny_models.sd, root / "tiny-sd.safetensors"), config=config)


@pytest.fixture(scope="session")
def gan_engine():
    """The built-in DCGAN, loaded once for the session (weights verified by sha256)."""
    from creator.engines.gan import GanEngine

    return GanEngine.builtin()


@pytest.fixture(scope="session")
def diffusion_engine(tiny_models: TinyModels):
    """The tiny pipeline loaded once, for tests that are not about loading a user's model."""
    from creator.engines.diffusion import DiffusionEngine

    return DiffusionEngine(tiny_models.sd)


@pytest.fixture
def stub_world(tmp_path: Path) -> World:
    """A world whose ``studio()`` runs a :class:`StubEngine`; ``output_files()`` lists files only."""
    yield from open_world(tmp_path, stub_by_default=True, files_only=True)


@pytest.fixture
def engine_world(tmp_path: Path) -> World:
    """A world whose ``studio()`` runs the real engines; ``output_files()`` lists folders too."""
    yield from open_world(tmp_path)
