"""Each output's fingerprint (its coarse picture) is recorded with it, so verifying a copy does
not decode the original; records without one still verify (the original is decoded, as before).

The fingerprint is what ``verify`` compares a copy with to tell a copy from a mark lifted onto
another picture; its bytes are trusted only when they hash to the digest the output's signed
``generation`` audit entry lists (tests/security/test_verify_fingerprint_tampering.py).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.disclosure import _pipeline
from creator.disclosure import fingerprint
from creator.verify import verify


@pytest.fixture
def made(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",)))
    verify_mod._forget()
    return stub_world, result.outputs[0]


def _copy(src, dst, fmt="PNG"):
    with Image.open(src) as im:
        im.convert("RGB").save(dst, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return dst


def _decodes(monkeypatch):
    calls = []
    real = verify_mod._decode_rgb

    def counted(data):
        calls.append(hashlib.sha256(data).hexdigest())
        return real(data)

    monkeypatch.setattr(verify_mod, "_decode_rgb", counted)
    return calls


def test_an_output_is_recorded_with_the_fingerprint_of_its_file(made):
    world, out = made
    rec = world.registry.find_output(sha256=out.sha256)
    stored = world.registry.output_fingerprint(rec)
    assert rec.fingerprint_sha256 == hashlib.sha256(stored).hexdigest()
    o, f = fingerprint.decode(stored)
    want, want_f = fingerprint.coarse(verify_mod._decode_rgb(out.path.read_bytes()))  # what verify would decode
    assert f == want_f and np.array_equal(o, want)


def test_a_jpeg_output_is_fingerprinted_from_the_pixels_it_encoded_and_its_copies_verify_alike(stub_world, tmp_path,
                                                                                                monkeypatch):
    """A JPEG output's fingerprint is its pixels before compression (not a decode of the file):
    within a level of the decoded file's, and a copy verifies with it exactly as by decoding."""
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    settings = stub_world.settings.model_copy(update={"output_format": "jpeg"})
    (out,) = stub_world.studio(settings=settings).generate(
        stub_world.request(prompt="a harbour at dawn", subjects=("jane",), width=512, height=512)).outputs
    assert out.format == "jpeg"
    rec = stub_world.registry.find_output(sha256=out.sha256)
    o, f = fingerprint.decode(stub_world.registry.output_fingerprint(rec))
    decoded, decoded_f = fingerprint.coarse(verify_mod._decode_rgb(out.path.read_bytes()))
    assert f == decoded_f and o.shape == decoded.shape
    assert 0 < float(np.abs(o - decoded).mean()) < 1.0  # not the decode, but within a level of it
    copies = [_copy(out.path, tmp_path / "a.png"), _copy(out.path, tmp_path / "b.jpg", "JPEG")]
    with_fp = []
    for c in copies:
        verify_mod._forget()
        decodes = _decodes(monkeypatch)
        report = verify(c, settings=settings, registry=stub_world.registry)
        assert report.recovered is not None and report.recovered.ok, report.reasons
        assert decodes == [hashlib.sha256(c.read_bytes()).hexdigest()]  # the copy only
        with_fp.append(report.to_dict())
    monkeypatch.setattr(verify_mod, "_stored_coarse", lambda registry, rec: None)  # decode the original instead
    for c, want in zip(copies, with_fp):
        verify_mod._forget()
        assert verify(c, settings=settings, registry=stub_world.registry).to_dict() == want


def test_a_first_verify_of_a_copy_does_not_decode_the_original(made, tmp_path, monkeypatch):
    world, out = made
    for fmt, name in (("PNG", "copy.png"), ("JPEG", "copy.jpg")):
        copy = _copy(out.path, tmp_path / name, fmt)
        verify_mod._forget()  # a process's first look at the copy and at its original
        decodes = _decodes(monkeypatch)
        report = verify(copy, settings=world.settings, registry=world.registry)
        assert report.recovered is not None and report.recovered.ok, report.reasons
        assert any("this is a copy of output" in r for r in report.reasons)
        assert decodes == [hashlib.sha256(copy.read_bytes()).hexdigest()]  # the copy only


def test_the_fingerprint_gives_the_report_decoding_the_original_gives(made, tmp_path, monkeypatch):
    world, out = made
    copies = [_copy(out.path, tmp_path / "a.png"), _copy(out.path, tmp_path / "b.jpg", "JPEG")]
    with Image.open(out.path) as im:  # a smaller, cropped copy (compared at another geometry)
        im.convert("RGB").resize((200, 200)).crop((10, 10, 190, 190)).save(tmp_path / "c.png")
    copies.append(tmp_path / "c.png")
    with_fp = []
    for c in copies:
        verify_mod._forget()
        with_fp.append(verify(c, settings=world.settings, registry=world.registry).to_dict())
    monkeypatch.setattr(verify_mod, "_stored_coarse", lambda registry, rec: None)  # the path of old records
    for c, want in zip(copies, with_fp):
        verify_mod._forget()
        assert verify(c, settings=world.settings, registry=world.registry).to_dict() == want


def test_an_output_recorded_without_a_fingerprint_still_verifies_by_decoding_its_original(stub_world, tmp_path,
                                                                                          monkeypatch):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    monkeypatch.setattr(_pipeline, "_step_fingerprint", lambda marked, pixels=None: None)  # as before fingerprints
    monkeypatch.setattr(_pipeline, "_step_pixels_digest", lambda pixels: None)  # (and pixel digests, which came later)
    (out,) = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs
    monkeypatch.undo()
    rec = stub_world.registry.find_output(sha256=out.sha256)
    assert rec.fingerprint_sha256 is None and stub_world.registry.output_fingerprint(rec) is None
    assert verify(out.path, settings=stub_world.settings, registry=stub_world.registry).ok
    copy = _copy(out.path, tmp_path / "copy.png")
    verify_mod._forget()
    decodes = _decodes(monkeypatch)
    report = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert report.recovered is not None and report.recovered.ok, report.reasons
    assert sorted(decodes) == sorted([hashlib.sha256(copy.read_bytes()).hexdigest(), out.sha256])


def test_a_replaced_original_vouches_for_nothing_on_a_first_verify(made, tmp_path):
    world, out = made
    copy = _copy(out.path, tmp_path / "copy.png")
    with Image.open(out.path) as im:  # the same picture, other bytes, in the original's place
        im.save(out.path, "PNG", compress_level=1)
    verify_mod._forget()
    report = verify(copy, settings=world.settings, registry=world.registry)
    assert report.recovered is None and not report.ok
    assert "does not have that output's content" in "; ".join(report.reasons)


@pytest.mark.parametrize("data", [b"", b"csfp1\0", b"not a fingerprint at all",
                                  b"csfp1\0" + b"\0\0\1\0\0\0\1\0\1\0\1\0" + b"x\x01" + b"\0" * 10])
def test_fingerprint_bytes_that_are_not_one_are_refused(data):
    with pytest.raises(ValueError):
        fingerprint.decode(data)


def test_a_fingerprint_round_trips_every_shape():
    rng = np.random.default_rng(3)
    for h, w in ((512, 512), (2048, 1024), (100, 300), (17, 16)):
        rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        o, f = fingerprint.decode(fingerprint.of_pixels(rgb))
        want, want_f = fingerprint.coarse(rgb)
        assert f == want_f and np.array_equal(o, want) and max(o.shape) == min(256, max(h, w))
