"""Fixtures of the red-team tests: a real studio in a temp data dir, as an attacker meets it.

Everything a user would meet is real — SQLite registry, Ed25519 grant keys, YuNet/SFace
face templates enrolled from real photos, c2pa signing with the local test CA, the
watermark, the audit chain. Only the *engine* is a stub that returns a chosen picture,
so each attack exercises the governed recipe around generation, fast, on one CPU thread.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import numpy as np  # noqa: E402
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

GRANTEE = "ACME Films"
PROJECT = "Blue (2026)"


# ----------------------------------------------------------------------------- pictures
def astronaut(side: int = 512) -> Image.Image:
    """scikit-image's astronaut portrait (Eileen Collins)."""
    from skimage import data

    img = Image.fromarray(data.astronaut())
    return img if side == 512 else img.resize((side, side), Image.Resampling.LANCZOS)


def grace_hopper() -> Image.Image:
    """matplotlib's sample photo of Grace Hopper (512×600)."""
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as f:
        return Image.open(f).convert("RGB")


def noise(side: int = 256, seed: int = 3) -> Image.Image:
    """A picture with no face and plenty of texture (the watermark has room)."""
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8))


def png_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, fmt)
    return buf.getvalue()


# ----------------------------------------------------------------------------- engine
@dataclass
class StubEngine:
    """Returns fixed pictures; ``calls`` shows whether a model ran at all."""

    images: list[Image.Image] = field(default_factory=lambda: [noise()])
    name: str = "stub"
    model_id: str = "stub-engine"
    model_version: str = "0.0.1"
    calls: int = 0

    def generate(self, call, progress=None) -> list[Image.Image]:
        self.calls += 1
        out = [self.images[i % len(self.images)].copy() for i in range(call.num_images)]
        if progress is not None:
            progress(len(out), call.num_images)
        return out


# ----------------------------------------------------------------------------- the world
@dataclass
class World:
    """One studio's state: registry, people, their keys and grants, and what a user sees."""

    settings: StudioSettings
    registry: Registry
    keys: dict[str, object] = field(default_factory=dict)
    #: The stub engine of the last :meth:`studio` built (``calls`` = models run).
    engine: StubEngine | None = None

    def add_person(self, sid: str, name: str, *, photo: Image.Image | None = None,
                   aliases: tuple[str, ...] = (), opt_out: bool = False) -> Subject:
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

    def grant_fields(self, sid: str, gid: str, **over) -> dict:
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
        return fields

    def issue_grant(self, sid: str, gid: str, **over) -> StoredGrant:
        grant = ConsentGrant(**self.grant_fields(sid, gid, **over))
        return self.registry.issue_grant(add_signature(grant, self.keys[sid], "self"))

    def register_adapter(self, path: Path, sid: str, kind: str = "lora") -> str:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        self.registry.register_adapter(digest, sid, Path(path).name, kind)
        return digest

    def request(self, **kw) -> GenerationRequest:
        fields = {"grantee": GRANTEE, "purpose": "film_reshoot", "territory": "US", "width": 256, "height": 256,
                  "seed": 7}
        fields.update(kw)
        return GenerationRequest.build(**fields)

    def studio(self, engine: StubEngine | None = None, settings: StudioSettings | None = None) -> Studio:
        engine = self.engine = engine or StubEngine()
        return Studio(settings or self.settings, registry=self.registry,
                      engines={"gan": lambda req: engine, "diffusion": lambda req: engine})

    def save(self, image: Image.Image, name: str) -> Path:
        path = self.settings.data_dir.parent / "inputs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        return path

    # --- what a user can observe ----------------------------------------------------------
    def output_files(self) -> list[Path]:
        """Every file under the outputs folder (hidden and staging leftovers included)."""
        out = self.settings.outputs_dir
        return sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []

    def audit_kinds(self) -> list[str]:
        return [e.kind for e in self.registry.audit_entries()]

    def last_audit(self):
        return self.registry.audit_entries()[-1]


@pytest.fixture
def pictures():
    """The picture helpers above, for test modules (which do not import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(astronaut=astronaut, grace_hopper=grace_hopper, noise=noise, png_bytes=png_bytes)


@pytest.fixture
def make_engine():
    """``make_engine(images)`` -> a :class:`StubEngine` returning those pictures."""
    return lambda images=None: StubEngine(images=list(images)) if images else StubEngine()


@pytest.fixture
def world(tmp_path) -> World:
    settings = StudioSettings(data_dir=tmp_path / "data")
    registry = Registry.from_settings(settings)
    yield World(settings=settings, registry=registry)
    registry.close()
