"""Fixtures for the disclosure tests: settings in a temp data dir, consent decisions,
disclosure contexts, and freshly signed PNG/JPEG outputs (real c2pa, real keys)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from consent.records import new_subject_ref
from creator.disclosure import ConsentAssertion, DisclosureContext, LikenessEntry
from creator.disclosure._pipeline import disclose
from creator.settings import StudioSettings

GRANT_ID = "grant-0001"
GRANT_SHA256 = "5" * 64
JANE_REF = "subj_0123456789abcdef"


def require_tool(name: str) -> str:
    """Path of an external tool; missing: fail under CI, skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        msg = f"{name} is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{msg} (CI must install it)")
        pytest.skip(msg)
    return path


@pytest.fixture
def make_settings(tmp_path):
    def make(name: str = "data", **overrides) -> StudioSettings:
        return StudioSettings(data_dir=tmp_path / name, **overrides)

    return make


@pytest.fixture
def settings(make_settings) -> StudioSettings:
    return make_settings()


@pytest.fixture
def photo() -> Image.Image:
    """A real photograph (scikit-image's astronaut), 256 x 256."""
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((256, 256))


@pytest.fixture
def noise_image() -> Image.Image:
    rng = np.random.default_rng(7)
    return Image.fromarray(rng.integers(0, 256, (256, 256, 3), dtype=np.uint8))


@pytest.fixture
def make_consent():
    def make(*, real: bool = True, purpose: str = "film_reshoot", grant_id: str = GRANT_ID,
             grant_sha256: str = GRANT_SHA256) -> ConsentAssertion:
        likenesses = ()
        personas = ()
        if real:
            likenesses = (LikenessEntry(JANE_REF, "person", "declared",
                                        grant_id, grant_sha256),)
        else:
            personas = (new_subject_ref(),)
        return ConsentAssertion(
            decision_id="dec-0001",
            decided_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
            purpose=purpose,
            operation="likeness_generation",
            territories=("US", "EU"),
            likenesses=likenesses,
            fictional_personas=personas,
        )

    return make


@pytest.fixture
def make_context(make_consent):
    def make(*, real: bool = True, **overrides) -> DisclosureContext:
        fields = dict(
            digital_source_type="trainedAlgorithmicMedia",
            model_id="tiny-dcgan",
            model_version="1.1.1",
            engine="gan",
            real_person_depicted=real,
            consent=make_consent(real=real),
        )
        fields.update(overrides)
        return DisclosureContext(**fields)

    return make


@pytest.fixture
def signed(photo, make_context, make_settings):
    """disclose() a photo as ``fmt`` ("png" or "jpeg"); returns (SignedImage, settings)."""

    def make(fmt: str = "png", *, image: Image.Image | None = None, **ctx_overrides):
        s = make_settings(output_format=fmt)
        out = disclose(image or photo, make_context(**ctx_overrides), settings=s, out_dir=s.outputs_dir)
        return out, s

    return make


class _Tamper:
    """Byte-level edits of a signed file, as an attacker (or a careless tool) would make."""

    @staticmethod
    def flip_byte(path: Path, offset: int) -> None:
        data = bytearray(path.read_bytes())
        data[offset] ^= 0x01
        path.write_bytes(bytes(data))

    @staticmethod
    def pixel_offset(path: Path) -> int:
        """An offset inside the compressed pixel data (PNG IDAT payload / JPEG scan)."""
        data = path.read_bytes()
        if data.startswith(b"\x89PNG"):
            return data.index(b"IDAT") + 4 + 200
        # Walk the JPEG segments: the bytes ``FF DA`` can also occur by chance inside
        # the signed manifest (APP11) or EXIF, which come before the scan.
        pos = 2
        while pos + 4 <= len(data):
            assert data[pos] == 0xFF, f"not a JPEG marker at {pos}"
            marker = data[pos + 1]
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker == 0xDA:
                return pos + 2 + length + 400
            pos += 2 + length
        raise AssertionError("no start-of-scan segment")

    @staticmethod
    def replace_once(path: Path, old: bytes, new: bytes) -> None:
        assert len(old) == len(new)
        data = path.read_bytes()
        assert data.count(old) == 1, f"{old!r} occurs {data.count(old)} times"
        path.write_bytes(data.replace(old, new))


@pytest.fixture
def tamper() -> _Tamper:
    return _Tamper()


@pytest.fixture
def exiftool() -> str:
    return require_tool("exiftool")


@pytest.fixture
def production_chain(make_settings, tmp_path):
    """A separate CA's chain and key, as an operator would configure them."""
    from creator.disclosure.keys import init_local_ca

    issuer = make_settings("issuer")
    init_local_ca(issuer)
    chain = tmp_path / "prod-chain.pem"
    key = tmp_path / "prod-key.pem"
    anchors = tmp_path / "prod-root.pem"
    chain.write_bytes((issuer.c2pa_dir / "signer.chain.pem").read_bytes())
    key.write_bytes((issuer.c2pa_dir / "signer.key.pem").read_bytes())
    anchors.write_bytes((issuer.c2pa_dir / "local-test-ca.cert.pem").read_bytes())
    return chain, key, anchors
