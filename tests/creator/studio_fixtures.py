"""Fixtures for the end-to-end tests of ``Studio.generate`` (imported by the test modules).

Everything is real: a SQLite registry in a temp data dir, Ed25519 keys, YuNet/SFace face
templates enrolled from real photos, c2pa signing with the local test CA, the built-in
DCGAN and a tiny random-weight diffusers pipeline saved to disk like a user's local model.
Only the *engine* may be a stub (registered through ``Studio(engines=...)``), where a test
needs an engine that returns a given photo or fails.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import pytest  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from consent import likeness  # noqa: E402
from consent.records import ConsentGrant, StoredGrant, Subject  # noqa: E402
from consent.registry import Registry  # noqa: E402
from consent.signing import add_signature, generate_key, key_id  # noqa: E402
from creator.request import GenerationRequest  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from creator.studio import Studio  # noqa: E402

torch.set_num_threads(1)

__all__ = [
    "GRANTEE",
    "StubEngine",
    "World",
    "astronaut",
    "diffusion_engine",
    "grace_hopper",
    "gan_engine",
    "tiny_models",
    "world",
]

GRANTEE = "ACME Films"
PROJECT = "Blue (2026)"


# ----------------------------------------------------------------------------- photos
def astronaut(side: int = 512) -> Image.Image:
    """scikit-image's astronaut portrait (Eileen Collins), resized to ``side``²."""
    from skimage import data

    img = Image.fromarray(data.astronaut())
    return img if side == 512 else img.resize((side, side), Image.Resampling.LANCZOS)


def grace_hopper() -> Image.Image:
    """matplotlib's sample photo of Grace Hopper (512×600)."""
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as f:
        return Image.open(f).convert("RGB")


# ----------------------------------------------------------------------------- engines
@dataclass
class StubEngine:
    """An engine that returns fixed images (or raises), for the steps after generation.

    Implements the engine contract (name, model_id, model_version, generate); ``calls``
    counts how often the studio ran it, so a test can show that a denial ran no model.
    """

    images: list[Image.Image] = field(default_factory=list)
    error: Exception | None = None
    name: str = "stub"
    model_id: str = "stub-engine"
    model_version: str = "0.0.1"
    description: str = "returns fixed images"
    modes: frozenset = frozenset({"text2img", "img2img", "inpaint"})
    calls: int = 0

    def generate(self, call, progress=None) -> list[Image.Image]:
        self.calls += 1
        if self.error is not None:
            raise self.error
        out = [im.copy() for im in self.images][: call.num_images]
        if progress is not None:
            progress(len(out), call.num_images)
        return out


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
@dataclass
class World:
    """One studio's state in a temp data dir: registry, people, their keys and grants."""

    settings: StudioSettings
    registry: Registry
    keys: dict[str, object] = field(default_factory=dict)

    # --- people and consent ----------------------------------------------------------
    def add_person(self, sid: str, name: str, *, photo: Image.Image | None = None,
                   opt_out: bool = False, aliases: tuple[str, ...] = ()) -> Subject:
        """Register a person with their own signing key; enroll ``photo`` when given."""
        key = generate_key()
        self.keys[sid] = key
        subject = self.registry.add_subject(
            Subject(id=sid, display_name=name, aliases=aliases, key_ids=(key_id(key),)), keys=[key.public_key()])
        if photo is not None:
            for t in likeness.enroll(sid, [photo]):
                self.registry.add_face_template(sid, t.embedding, t.photo_sha256, t.face_size, t.quality, t.model)
        if opt_out:
            subject = self.registry.set_opt_out(sid, True)
        return subject

    def issue_grant(self, sid: str, gid: str, **over) -> StoredGrant:
        """A grant signed by the subject's own key; defaults cover film_reshoot in the US."""
        now = datetime.now(timezone.utc)
        fields = {
            "id": gid, "subject_id": sid, "grantee": GRANTEE, "project": PROJECT,
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation", "footage_edit"],
            "media": ["still_image"], "territories": ["US"],
            "valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=30),
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], "signer_role": "self",
        }
        fields.update(over)
        return self.registry.issue_grant(add_signature(ConsentGrant(**fields), self.keys[sid], "self"))

    def register_adapter(self, path: Path, sid: str, kind: str) -> str:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        self.registry.register_adapter(digest, sid, Path(path).name, kind)
        return digest

    # --- requests and the studio ----------------------------------------------------------
    def request(self, **kw) -> GenerationRequest:
        """A request by the grantee for a film reshoot in the US, overridable per field."""
        fields = {"grantee": GRANTEE, "purpose": "film_reshoot", "territory": "US", "width": 256, "height": 256,
                  "seed": 7}
        fields.update(kw)
        return GenerationRequest.build(**fields)

    def studio(self, **engines) -> Studio:
        return Studio(self.settings, registry=self.registry, engines=engines or None)

    def save(self, image: Image.Image, name: str) -> Path:
        path = self.settings.data_dir.parent / "inputs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        return path

    # --- what a user can observe ------------------------------------------------------------
    def output_files(self) -> list[Path]:
        """Every file (hidden ones and staging leftovers included) under the outputs folder."""
        out = self.settings.outputs_dir
        return sorted(p for p in out.rglob("*")) if out.exists() else []

    def audit(self, kind: str | None = None) -> list:
        return self.registry.audit_entries(kind=kind)

    def last_audit(self):
        return self.registry.audit_entries()[-1]


@pytest.fixture
def world(tmp_path) -> World:
    settings = StudioSettings(data_dir=tmp_path / "data")
    registry = Registry.from_settings(settings)
    yield World(settings=settings, registry=registry)
    registry.close()
