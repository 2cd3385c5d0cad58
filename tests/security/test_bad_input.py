"""Bad input: hostile image files, hand-built requests with wrong types or lying fields,
and a registry database that is locked, corrupt or from the future. Each is refused with
a typed error that names the problem; nothing is written to the outputs folder."""

from __future__ import annotations

import dataclasses
import io
import sqlite3
import struct
import zlib

import pytest
from PIL import Image

from consent.errors import RegistryError
from consent.registry import Registry
from creator.cli import main as cli_main
from creator.errors import InputError
from creator.request import GenerationRequest, InputImage
from creator.studio import Studio

BASE = {"grantee": "ACME Films", "purpose": "film_reshoot", "territory": "US", "width": 256, "height": 256}


def _png_header_only(w: int, h: int) -> bytes:
    """A tiny PNG that claims w×h pixels (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)

    def chunk(t: bytes, b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _fmt(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


_RGB = Image.new("RGB", (64, 64), (10, 120, 200))


def _jpeg_claiming(w: int, h: int) -> bytes:
    """A real 64×64 baseline JPEG whose SOF0 header claims w×h."""
    data = bytearray(_fmt(_RGB, "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(data)


# ----------------------------------------------------------------------------- image files
@pytest.mark.parametrize(
    "data, match",
    [
        pytest.param(b"", r"`source` is empty \(0 bytes\)", id="empty"),
        pytest.param(_png_header_only(65500, 65500), "decompression bomb|the limit is 40000000 pixels", id="png-bomb"),
        pytest.param(_png_header_only(9000, 9000), "the limit is 40000000 pixels", id="png-81-megapixels"),
        pytest.param(_fmt(_RGB, "PNG")[:-30], "is truncated or corrupt", id="truncated-png"),
        pytest.param(_jpeg_claiming(65500, 65500), "the limit is 40000000 pixels|decompression bomb",
                     id="jpeg-65500x65500-header"),
        pytest.param(_fmt(_RGB, "GIF"), "is a GIF image; accepted formats are PNG, JPEG, WEBP", id="gif"),
        pytest.param(_fmt(_RGB, "TIFF"), "is a TIFF image; accepted formats", id="tiff"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "is a SVG image; accepted formats are PNG, JPEG, WEBP", id="svg"),
        pytest.param(_png_header_only(0, 0), "cannot be read", id="zero-by-zero"),
    ],
)
def test_hostile_image_files_are_refused_with_input_error(data, match):
    with pytest.raises(InputError, match=match):
        GenerationRequest.build(source=data, mode="img2img", engine="diffusion", **BASE)


def test_mask_of_another_size_is_refused():
    with pytest.raises(InputError, match="`mask` is 32x32 but `source` is 64x64; they must match"):
        GenerationRequest.build(source=_fmt(_RGB, "PNG"), mask=_fmt(Image.new("L", (32, 32)), "PNG"),
                                mode="inpaint", engine="diffusion", **BASE)


# ----------------------------------------------------------------------------- requests by hand
@pytest.mark.parametrize(
    "field, value, match",
    [
        ("width", 64, r"`width` must be an integer in \[256, 2048\], got 64"),
        ("width", 512.0, r"`width` must be an integer in \[256, 2048\], got 512.0"),
        ("height", "512", r"`height` must be an integer in \[256, 2048\], got '512'"),
        ("num_images", 0, r"`num_images` must be in \[1, 8\], got 0"),
        ("num_images", 9, r"`num_images` must be in \[1, 8\], got 9"),
        ("steps", 10_000, r"`steps` must be in \[1, 200\], got 10000"),
        ("guidance", float("nan"), r"`guidance` must be in \[0, 50\], got nan"),
        ("strength", float("inf"), r"`strength` must be in \(0, 1\], got inf"),
        ("seed", -1, "`seed` must be a non-negative integer"),
        ("territory", "USA", "`territory` must be one ISO 3166 alpha-2 code"),
        ("grantee", "   ", "`grantee` is required"),
        ("engine", "dalle", r"`engine` must be one of \['gan', 'diffusion'\], got 'dalle'"),
        ("prompt", "x" * 4001, "`prompt` is 4001 characters; the limit is 4000"),
    ],
)
def test_out_of_range_or_mistyped_fields_are_refused(field, value, match):
    with pytest.raises(InputError, match=match):
        GenerationRequest(**{**BASE, field: value})


@pytest.mark.parametrize(
    "field, value",
    [
        ("guidance", "7.5"),
        ("strength", None),
        ("prompt", None),
        ("num_images", True),
        ("subjects", "jane"),
    ],
)
def test_wrong_types_are_input_errors_naming_the_field(field, value):
    with pytest.raises(InputError, match=f"`{field}`"):
        GenerationRequest(**{**BASE, field: value})


def test_request_cannot_be_mutated_after_validation():
    req = GenerationRequest(**BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.prompt = "Taylor Swift"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        req.subjects.append("jane")  # type: ignore[attr-defined]
    assert isinstance(req.content_flags, frozenset)


def test_hand_built_input_image_cannot_smuggle_a_decompression_bomb(stub_world):
    with pytest.raises(InputError, match="`source`"):
        bomb = InputImage(field="source", data=_png_header_only(30000, 30000), format="PNG", width=256, height=256)
        req = GenerationRequest(**{**BASE, "engine": "diffusion", "mode": "img2img", "source": bomb})
        stub_world.studio().generate(req)
    assert stub_world.output_files() == []


# ----------------------------------------------------------------------------- the database
def _cli_generate(stub_world, *extra: str) -> list[str]:
    return ["--data-dir", str(stub_world.settings.data_dir), "generate", "--grantee", "ACME Films",
            "--purpose", "art", "--territory", "US", "--width", "256", "--height", "256",
            "--prompt", "a lighthouse at dusk", *extra]


def test_locked_database_blocks_generate_with_a_clear_error(stub_world, make_engine):
    reg = Registry(stub_world.settings.resolved_database_url, audit_keys=stub_world.settings.audit_keys(), busy_timeout_s=0.3)
    engine = make_engine()
    studio = Studio(stub_world.settings, registry=reg, engines={"gan": lambda req: engine})
    holder = sqlite3.connect(stub_world.settings.data_dir / "consent.db", timeout=0.1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(RegistryError, match=r"database is locked \(another writer held it for more than 0.3 s\)"):
            studio.generate(stub_world.request(prompt="a lighthouse at dusk"))
        assert stub_world.output_files() == []
    finally:
        holder.rollback()
        holder.close()
        reg.close()


def test_locked_database_cli_prints_one_fail_line(stub_world, capsys):
    holder = sqlite3.connect(stub_world.settings.data_dir / "consent.db", timeout=0.1, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        import os

        os.environ["CONSENT_STUDIO_DB_BUSY_TIMEOUT_S"] = "0.3"
        try:
            with pytest.raises(SystemExit) as exc:
                cli_main(_cli_generate(stub_world))
        finally:
            del os.environ["CONSENT_STUDIO_DB_BUSY_TIMEOUT_S"]
    finally:
        holder.rollback()
        holder.close()
    assert exc.value.code == 3  # busy: try again (session 66; it was 1, like a denial)
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("FAIL: database is locked"), err
    assert "Traceback" not in "\n".join(err)
    assert stub_world.output_files() == []


def test_corrupt_database_file_is_a_clear_error(tmp_path):
    from creator.settings import StudioSettings

    settings = StudioSettings(data_dir=tmp_path / "data")
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "consent.db").write_bytes(b"this is not a database" * 512)
    with pytest.raises(RegistryError, match="file is not a database"):
        Studio(settings)


def test_schema_from_the_future_is_refused(stub_world):
    db = stub_world.settings.data_dir / "consent.db"
    stub_world.registry.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_2031'")
    con.commit()
    con.close()
    with pytest.raises(RegistryError, match="database schema revision 'ffff_from_2031' is newer than this code"):
        Studio(stub_world.settings)
