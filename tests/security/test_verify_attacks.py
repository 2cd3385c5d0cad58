"""Attacks on ``verify``: files it must never call OK, and files that must not crash it.

Every verdict here is a FAIL report with a reason a user can act on — never OK, never a
traceback. The outputs are made by the real studio (c2pa, watermark, registry) during the
test run, so certificates are valid at verification time.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from consent.registry import Registry
from creator.cli import main as cli_main
from creator.settings import StudioSettings
from creator.verify import verify

_PNG_SIG = b"\x89PNG\r\n\x1a\n"


def _made(stub_world, *, person: bool = False) -> Path:
    """One disclosed output of the studio in ``stub_world`` (under a real grant when ``person``)."""
    kw = {"prompt": "a lighthouse at dusk"}
    if person:
        stub_world.add_person("jane", "Jane Doe")
        stub_world.issue_grant("jane", "g-jane-1")
        kw["subjects"] = ("jane",)
    result = stub_world.studio().generate(stub_world.request(**kw))
    (out,) = result.outputs
    return out.path


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(_PNG_SIG)
    pos, out = len(_PNG_SIG), []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
        pos += 12 + n
    return out


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    return _PNG_SIG + b"".join(struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
                               for t, b in chunks)


def _check_fail(report, *needles: str) -> None:
    assert report.ok is False
    text = "; ".join(report.reasons)
    for n in needles:
        assert n in text, f"{n!r} not in {text!r}"


def test_genuine_output_verifies_ok(stub_world):
    # The control: without it every FAIL below could be a broken verifier.
    path = _made(stub_world, person=True)
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    assert [g.status for g in report.grants] == ["current"]


def test_file_signed_by_another_ca_is_not_trusted(stub_world, tmp_path):
    # Another studio (its own local test CA) signs a file; ours must not trust it.
    other = StudioSettings(data_dir=tmp_path / "other-studio")
    with Registry.from_settings(other) as reg:
        path = _made(type(stub_world)(settings=other, registry=reg))
        assert verify(path, settings=other, registry=reg).ok  # trusted where it was made
        report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    _check_fail(report, "is not trusted (no trust anchor for its root)")
    assert report.c2pa_state == "Valid"


def test_manifest_copied_onto_other_pixels_fails(stub_world, tmp_path):
    path = _made(stub_world)
    signed = _chunks(path.read_bytes())
    other = Image.effect_noise((256, 256), 90).convert("RGB")
    buf = io.BytesIO()
    other.save(buf, "PNG")
    other_idat = [c for c in _chunks(buf.getvalue()) if c[0] == b"IDAT"]
    spliced = []
    for t, b in signed:
        if t == b"IDAT":
            if other_idat:
                spliced.extend(other_idat)
                other_idat = []
            continue
        spliced.append((t, b))
    forged = tmp_path / "forged.png"
    forged.write_bytes(_png(spliced))
    report = verify(forged, settings=stub_world.settings, registry=stub_world.registry)
    _check_fail(report, "C2PA validation failed")
    assert report.c2pa_state == "Invalid"


def test_jpeg_with_our_xmp_but_no_manifest_fails(stub_world, tmp_path):
    jpeg_world = stub_world
    settings = jpeg_world.settings.model_copy(update={"output_format": "jpeg"})
    result = jpeg_world.studio(settings=settings).generate(jpeg_world.request(prompt="a lighthouse at dusk"))
    data = result.outputs[0].data
    # Drop every APP11 (JUMBF / C2PA) segment; keep the XMP APP1 and the pixels.
    out, pos = bytearray(data[:2]), 2
    while data[pos] == 0xFF and data[pos + 1] not in (0xDA, 0xD9):
        (n,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if data[pos + 1] != 0xEB:
            out += data[pos:pos + 2 + n]
        pos += 2 + n
    out += data[pos:]
    stripped = tmp_path / "stripped.jpg"
    stripped.write_bytes(bytes(out))
    report = verify(stripped, settings=settings, registry=jpeg_world.registry)
    _check_fail(report, "no C2PA manifest")
    assert report.c2pa_state == "NoManifest"
    assert report.digital_source_type_xmp is not None  # the XMP alone is no credential


def test_grant_missing_from_registry_fails(stub_world, tmp_path):
    path = _made(stub_world, person=True)
    with Registry.from_settings(StudioSettings(data_dir=tmp_path / "empty-registry")) as empty:
        report = verify(path, settings=stub_world.settings, registry=empty)
    _check_fail(report, "made under grant g-jane-1, which is not in the registry")
    assert [g.status for g in report.grants] == ["not_found"]


def test_revoked_grant_fails_verification(stub_world):
    path = _made(stub_world, person=True)
    stub_world.registry.revoke_grant("g-jane-1", "actor withdrew consent", "legal desk")
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    _check_fail(report, "made under grant g-jane-1, revoked on", "actor withdrew consent")


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_truncated_signed_file_fails(stub_world, tmp_path, keep):
    data = _made(stub_world).read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: int(len(data) * keep)])
    report = verify(cut, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok is False and report.reasons


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"XML:com.adobe.xmp\x00", id="itxt-cut-after-keyword"),
        pytest.param(b"XML:com.adobe.xmp\x00\x00\x00no-separators", id="itxt-no-separators"),
        pytest.param(b"XML:com.adobe.xmp\x00\x01\x00\x00\x00not-zlib", id="itxt-bad-zlib"),
        pytest.param(b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + zlib.compress(b"<" * (8 << 20), 9),
                     id="itxt-zlib-bomb"),
    ],
)
def test_crafted_xmp_chunk_is_a_fail_report_not_a_crash(stub_world, tmp_path, body):
    buf = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buf, "PNG")
    chunks = _chunks(buf.getvalue())
    crafted = tmp_path / "crafted.png"
    crafted.write_bytes(_png(chunks[:1] + [(b"iTXt", body)] + chunks[1:]))
    report = verify(crafted, settings=stub_world.settings, registry=stub_world.registry)
    _check_fail(report, "XMP packet is malformed")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"GIF89a" + b"\x00" * 64, id="gif"),
        pytest.param(_PNG_SIG + bytes(range(256)) * 4096, id="png-signature-then-garbage-1MB"),
        pytest.param(b"\xff\xd8\xff\xe1\x00", id="jpeg-cut-in-app1"),
        pytest.param(b"\xff\xd8\xff\xc0\x00\x11\x08\xff\xdc\xff\xdc\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9",
                     id="jpeg-65500x65500-header"),
    ],
)
def test_corrupt_files_are_fail_reports(stub_world, tmp_path, content):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(content)
    report = verify(bad, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok is False and report.reasons


def test_cli_verify_prints_one_fail_line_and_exits_1(stub_world, tmp_path, capsys):
    buf = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buf, "PNG")
    chunks = _chunks(buf.getvalue())
    crafted = tmp_path / "crafted.png"
    crafted.write_bytes(_png(chunks[:1] + [(b"iTXt", b"XML:com.adobe.xmp\x00")] + chunks[1:]))
    with pytest.raises(SystemExit) as exc:
        cli_main(["--data-dir", str(stub_world.settings.data_dir), "verify", str(crafted)])
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert out.startswith(f"FAIL: {crafted}") and "Traceback" not in out


def test_a_watermark_lifted_onto_another_picture_is_not_a_copy_of_the_original(stub_world, tmp_path, capsys):
    """The copy attack: an output's fine detail (its keyed mark among it) subtracted from a blurred
    version and added to another picture carries the output's payload without the key. Verify
    must not call that picture a copy of the original, nor lend it the original's consent."""
    import numpy as np
    from PIL import ImageFilter
    from skimage import data as skdata

    from creator.disclosure.watermark import Watermarker
    from studio_world import StubEngine

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    picture = Image.fromarray(skdata.chelsea()).resize((512, 512))  # a photo: the plain mark, which the residue carries
    (out,) = stub_world.studio(StubEngine(images=[picture])).generate(
        stub_world.request(prompt="a lighthouse at dusk", subjects=("jane",), width=512, height=512)).outputs
    original_path = out.path
    with Image.open(original_path) as im:
        original = im.convert("RGB")
    a = np.asarray(original, np.float32)
    # the fine detail, lifted at twice its strength: the mark then survives the other picture's
    # own texture under every key (at 1x it did not under about 1 key in 20)
    residue = a - np.asarray(original.filter(ImageFilter.GaussianBlur(2)), np.float32)
    other = np.asarray(Image.fromarray(skdata.astronaut()).resize(original.size), np.float32)
    forged = tmp_path / "forged.png"
    Image.fromarray(np.clip(other + 2 * residue, 0, 255).astype(np.uint8)).save(forged)
    stolen = Watermarker(stub_world.settings.watermark_key()).read(Image.open(forged)).payload
    assert stolen is not None  # the attack carries the mark over

    report = verify(forged, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.recovered is None and report.watermark_elsewhere
    assert any("does not show that output" in r and "copied onto another picture" in r for r in report.reasons)
    assert not any("this is a copy of output" in r for r in report.reasons)

    # an honest copy (stripped, half size, JPEG) still resolves to its original
    honest = tmp_path / "honest.jpg"
    original.resize((original.width // 2, original.height // 2)).save(honest, "JPEG", quality=85)
    copy = verify(honest, settings=stub_world.settings, registry=stub_world.registry)
    assert copy.recovered is not None and not copy.watermark_elsewhere
    assert any("this is a copy of output" in r for r in copy.reasons)
