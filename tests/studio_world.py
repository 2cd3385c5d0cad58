"""A studio's state in a temp data dir, shared by the end-to-end tests (tests/creator) and
the red-team tests (tests/security); importable as ``studio_world`` (pytest ``pythonpath``).

Everything a user would meet is real: a SQLite registry, Ed25519 grant keys, YuNet/SFace
face templates enrolled from real photos, c2pa signing with the local test CA, the
watermark, the audit chain. Only the *engine* may be a stub (:class:`StubEngine`), where a
test needs an engine that returns a chosen picture or fails.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from consent.operations import Operations  # noqa: E402
from consent.records import StoredGrant, Subject  # noqa: E402
from consent.registry import Registry  # noqa: E402
from consent.signing import generate_key  # noqa: E402
from creator.request import GenerationRequest  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from creator.studio import Studio  # noqa: E402

torch.set_num_threads(1)

GRANTEE = "ACME Films"
PROJECT = "Blue (2026)"


# ----------------------------------------------------------------------------- pictures
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


def stylised_face(name: str, k: float, how: str) -> Image.Image:
    """A real face made small and stylised, the whole picture changed alike (so no band over the
    eyes differs from the rest of the face): ``name`` (astronaut, grace_hopper) at ``k`` on a
    grey canvas of at least 320², then ``how``: "pencil" (OpenCV's pencil sketch), "kmeansN" (N
    colours) or "jpegQ" (JPEG quality Q). Red teams of session 55 and 56."""
    import cv2

    photo = {"astronaut": astronaut, "grace_hopper": grace_hopper}[name]()
    photo = photo.resize((int(photo.width * k), int(photo.height * k)), Image.LANCZOS)
    canvas = Image.new("RGB", (max(320, photo.width), max(320, photo.height)), (120, 120, 120))
    canvas.paste(photo, (0, 0))
    a = np.asarray(canvas)
    if how == "pencil":
        return Image.fromarray(cv2.pencilSketch(a, sigma_s=60, sigma_r=0.07, shade_factor=0.05)[1])
    if how.startswith("kmeans"):
        cv2.setRNGSeed(0)
        z = a.reshape(-1, 3).astype(np.float32)
        _, lab, cen = cv2.kmeans(z, int(how[6:]), None, (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0), 2,
                                 cv2.KMEANS_PP_CENTERS)
        return Image.fromarray(cen.astype(np.uint8)[lab.ravel()].reshape(a.shape))
    buf = io.BytesIO()
    canvas.save(buf, "JPEG", quality=int(how[4:]))
    return Image.open(buf).convert("RGB")


def noise(side: int = 256, seed: int = 3) -> Image.Image:
    """A picture with no face and plenty of texture, like a photo's grain (noise blurred at
    σ 1.5). Independent per-pixel white noise is not an image any model makes; at 256² under
    a label it can refuse the invisible watermark, and the studio then fails closed."""
    from PIL import ImageFilter

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8)).filter(ImageFilter.GaussianBlur(1.5))


def png_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt)
    return buf.getvalue()


def source_faces(image: Image.Image) -> list:
    """The faces the studio's scan finds in ``image`` as a source (``DetectedFace`` list)."""
    from consent import imaging, likeness

    return likeness.find_faces(imaging.from_pil(image, field="source"), label="source").faces


def similarities(image: Image.Image, person: Image.Image) -> list[float]:
    """Each embedded face of ``image`` against the one face of ``person`` (cosine)."""
    import numpy as np

    (ref,) = [f.embedding for f in source_faces(person)]
    return [float(np.dot(f.embedding, ref)) for f in source_faces(image) if f.embedding is not None]


# ----------------------------------------------------------------------------- engine
@dataclass
class StubEngine:
    """An engine that returns fixed pictures (or raises), for the steps after generation.

    Implements the engine contract (name, model_id, model_version, generate). It returns
    ``call.num_images`` pictures, cycling over ``images`` (none when ``images`` is empty);
    ``error``, when set, is raised instead. ``calls`` counts how often the studio ran it,
    so a test can show that a denial ran no model. ``during``, when set, is called while the
    model "runs" (after the decision, before the outputs are recorded): a consent change then.
    """

    images: list[Image.Image] = field(default_factory=lambda: [noise()])
    error: Exception | None = None
    name: str = "stub"
    model_id: str = "stub-engine"
    model_version: str = "0.0.1"
    description: str = "returns fixed images"
    modes: frozenset = frozenset({"text2img", "img2img", "inpaint"})
    calls: int = 0
    during: Any = None

    def generate(self, call, progress=None) -> list[Image.Image]:
        self.calls += 1
        if self.during is not None:
            self.during()
        if self.error is not None:
            raise self.error
        n = len(self.images)
        out = [self.images[i % n].copy() for i in range(call.num_images)] if n else []
        if progress is not None:
            progress(len(out), call.num_images)
        return out


class SourceRecorder:
    """An img2img stand-in that returns its source at the output size (Stable Diffusion at low
    strength), remembering the source pictures it was handed (``sources``: an empty list shows
    that no model ran) and the inpaint masks (``masks``)."""

    name, model_id, model_version, description = "stub", "recorder", "0.0.1", "returns its source"
    modes = frozenset({"text2img", "img2img", "inpaint"})

    def __init__(self):
        self.sources: list[Image.Image] = []
        self.masks: list[Image.Image | None] = []

    def generate(self, call, progress=None) -> list[Image.Image]:
        self.sources.append(call.source.convert("RGB"))
        self.masks.append(call.mask)
        size = (call.width, call.height)
        return [call.source.convert("RGB").resize(size, Image.Resampling.LANCZOS) for _ in range(call.num_images)]


# ----------------------------------------------------------------------------- the world
@dataclass
class World:
    """One studio's state: registry, people, their keys and grants, and what a user sees."""

    settings: StudioSettings
    registry: Registry
    keys: dict[str, object] = field(default_factory=dict)
    #: The stub engine of the last :meth:`studio` built with one (``calls`` = models run).
    engine: StubEngine | None = None
    #: What :meth:`studio` runs when given no engine: a :class:`StubEngine` (True) or the
    #: studio's real engines (False).
    stub_by_default: bool = False
    #: :meth:`output_files` lists plain files only (True), or folders too (False), so that
    #: an empty staging folder left behind shows.
    files_only: bool = False

    # --- people and consent (through the operations service, as the CLI and the UI do) ------
    @property
    def ops(self) -> Operations:
        from creator.personas import operations_for

        return operations_for(self.settings, self.registry)

    def add_person(self, sid: str, name: str, *, photo: Image.Image | None = None,
                   opt_out: bool = False, aliases: tuple[str, ...] = ()) -> Subject:
        """Register a person with their own signing key; enroll ``photo`` when given."""
        key = generate_key()
        self.keys[sid] = key
        subject = self.ops.add_subject(sid, name, aliases=aliases, keys=[key.public_key()])
        if photo is not None:
            self.ops.enroll(sid, [photo])
        if opt_out:
            subject = self.ops.set_opt_out(sid, True)
        return subject

    def grant_fields(self, sid: str, gid: str, **over) -> dict:
        """The fields of a grant; defaults cover film_reshoot in the US."""
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
        """A grant signed by the subject's own key (fields: :meth:`grant_fields`)."""
        return self.ops.issue_grant(self.grant_fields(sid, gid, **over), [self.keys[sid]])

    def register_model(self, name: str, path: Path, kind: str = "diffusers", **kw) -> str:
        """Register a model as an operator would (once per name); requests then name it."""
        if self.registry.get_model(name) is None:
            self.ops.register_model(name, path, kind=kind, licence=kw.pop("licence", "test weights"), **kw)
        return name

    def register_adapter(self, path: Path, sid: str, kind: str = "lora") -> str:
        return self.ops.bind_adapter(sid, path, kind).sha256

    def pin_watermark(self, monkeypatch, key_byte: int, payload: str = "c0115e7a57b0") -> None:
        """Make this world's watermark deterministic: installation key ``bytes([key_byte]) * 32``
        and every output's payload ``payload`` (call before the first studio or enrollment).

        Some keys and payloads turn the astronaut's dark collar into a "roughened bar" (the
        mark's noise on a flat patch), and the bare face scan reports a second, unverifiable
        region there; the studio scans its own outputs with its mark taken off
        (tests/consent/test_own_mark_regions.py: keys 2 and 7 with this payload do it)."""
        path = self.settings.watermark_key_file
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(bytes([key_byte]) * 32)
        monkeypatch.setattr(Studio, "_fresh_payload", lambda studio: payload)

    # --- requests and the studio ----------------------------------------------------------
    def request(self, **kw) -> GenerationRequest:
        """A request by the grantee for a film reshoot in the US, for the grants' project, overridable
        per field."""
        fields = {"grantee": GRANTEE, "purpose": "film_reshoot", "territory": "US", "width": 256, "height": 256,
                  "seed": 7, "project": PROJECT}
        fields.update(kw)
        return GenerationRequest.build(**fields)

    def studio(self, engine=None, settings: StudioSettings | None = None, **engines) -> Studio:
        """A studio on this world's registry.

        ``studio(gan=factory, ...)`` registers those engine factories; ``studio(engine)`` runs
        ``engine`` for every engine name (kept as :attr:`engine`); ``studio()`` runs a fresh
        :class:`StubEngine` when :attr:`stub_by_default`, else the real engines.
        """
        if engine is not None or (self.stub_by_default and not engines):
            stub = self.engine = engine or StubEngine()
            engines = {"gan": lambda req: stub, "diffusion": lambda req: stub}
        return Studio(settings or self.settings, registry=self.registry, engines=engines or None)

    def save(self, image: Image.Image, name: str) -> Path:
        path = self.settings.data_dir.parent / "inputs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        return path

    # --- what a user can observe ------------------------------------------------------------
    def generate_denied_while_running(self, during, denial: str, *, subjects=("jane",), grant: str = "g-jane-1") -> None:
        """Generate for ``subjects`` while ``during`` changes consent mid-run: denied with ``denial``,
        after the model ran once, with nothing published and ``grant`` not used."""
        import pytest

        from consent.errors import ConsentDenied

        engine = StubEngine(during=during)
        with pytest.raises(ConsentDenied, match=denial):
            self.studio(engine).generate(self.request(subjects=subjects))
        assert engine.calls == 1
        assert self.output_files() == []
        assert self.registry.get_grant(grant).usage == 0

    def output_files(self) -> list[Path]:
        """Everything (hidden ones and staging leftovers included) under the outputs folder."""
        out = self.settings.outputs_dir
        if not out.exists():
            return []
        return sorted(p for p in out.rglob("*") if not self.files_only or p.is_file())

    def audit(self, kind: str | None = None) -> list:
        return self.registry.audit_entries(kind=kind)

    def audit_kinds(self) -> list[str]:
        return [e.kind for e in self.registry.audit_entries()]

    def last_audit(self):
        return self.registry.audit_entries()[-1]


def open_world(tmp_path: Path, **options) -> Iterator[World]:
    """Body of a ``world`` fixture: a World in ``tmp_path/data``; ``options``: World's flags."""
    settings = StudioSettings(data_dir=tmp_path / "data")
    registry = Registry.from_settings(settings)
    yield World(settings=settings, registry=registry, **options)
    registry.close()
