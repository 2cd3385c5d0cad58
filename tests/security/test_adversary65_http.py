"""Red team 65, over HTTP: the Generate form's image editor and Gradio's cached copies.

- Gradio's ImageEditor opens every file of its value (background, composite, each layer) with any
  Pillow decoder and re-encodes it as PNG before a handler runs, in every request, even a GAN's
  that uses no source. A creator's 80 KB PNG declaring 9000 x 9000 pixels, named as the background,
  the composite and as many layers as the request held, kept the server busy for seconds per copy
  (another creator's check waited 59 s instead of 2), and a TIFF, ICO or PCX went through as a PNG.
- Gradio kept its copies of uploads (photos of people, denied ones too), of outputs shown in the
  gallery and of Verify reports in ``/tmp/gradio`` (folders 0755, files 0644, never deleted):
  readable by any local account.

One real server (``consent-studio serve`` in a subprocess); carl is a signed-in creator.
"""

from __future__ import annotations

import io
import stat
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image
from ui_support import api_call, api_complete, api_form, start_live_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv65")) as s:
        yield s


def _png(width: int, height: int) -> bytes:
    """A grey PNG of zeros: tiny on the wire, ``width * height`` pixels decoded."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * ((width + 1) * height), 9)) + chunk(b"IEND", b""))


def _upload(session, name: str, data: bytes) -> dict:
    up = session.post("/gradio_api/upload", files={"files": (name, data, "application/octet-stream")})
    assert up.status_code == 200, up.text
    (path,) = up.json()
    return {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": name}


def _check(session, **form) -> str:
    return api_call(session, "check_consent", api_form(**form))


def test_a_source_declaring_too_many_pixels_is_refused_before_gradio_decodes_it(server, carl):
    bomb = _upload(carl, "bomb.png", _png(9000, 9000))   # 81 MP, 79 KB
    before = "".join(server.log).count("Traceback (most recent call last)")
    # a GAN text2img request, which never uses its source: refused from the file's header, before
    # Gradio's preprocess would decode it (five times) and the handler would ignore it
    text = _check(carl, source={"background": bomb, "layers": [bomb] * 4, "composite": bomb, "id": None})
    assert "event: error" in text and "9000x9000 = 81000000 pixels; the limit is 40000000" in text, text[-400:]
    assert "Check your image" in text
    time.sleep(0.5)  # the server's console is read by a thread
    assert "".join(server.log).count("Traceback (most recent call last)") == before


def test_a_value_naming_many_layers_is_refused(carl):
    small = _upload(carl, "small.png", _png(64, 64))
    text = _check(carl, source={"background": small, "layers": [small] * 50, "composite": small, "id": None})
    assert "event: error" in text and "50 painted layers" in text, text[-400:]


@pytest.mark.parametrize("fmt", ["TIFF", "ICO", "PCX"])
def test_a_source_in_a_format_the_studio_does_not_take_is_refused_in_the_editor(carl, fmt):
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 120, 40)).save(buf, fmt)
    f = _upload(carl, f"frame.{fmt.lower()}", buf.getvalue())
    text = _check(carl, engine="diffusion", mode="img2img", source={"background": f, "layers": [], "composite": f})
    assert "event: error" in text and "Check your image" in text, text[-400:]
    assert "PNG, JPEG" in text


def test_a_plain_source_still_reaches_the_check(carl):
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (90, 140, 200)).save(buf, "PNG")
    f = _upload(carl, "sky.png", buf.getvalue())
    text = _check(carl, source={"background": f, "layers": [], "composite": f, "id": None})
    api_complete(text)  # the check ran and answered


def test_gradios_copies_of_uploads_stay_in_the_private_data_directory(server, carl):
    f = _upload(carl, "someone.png", _png(32, 32))
    copy = Path(f["path"]).resolve()
    cache = server.settings.data_dir.resolve()
    assert cache in copy.parents, f"Gradio kept the upload at {copy}, outside the data directory"
    assert stat.S_IMODE(server.settings.data_dir.stat().st_mode) & 0o077 == 0
    assert "/tmp/gradio" not in str(copy)


def test_what_a_crashed_server_left_in_the_ui_cache_is_removed_at_the_next_start(tmp_path):
    """Gradio deletes only the files its own server made, when it stops; a crashed server's copies
    (photos people uploaded) are removed by the next start once a day old, newer ones kept."""
    import os

    from creator.ui.handlers import remove_older
    from creator.ui.layout import UI_CACHE_DELETE

    stale, fresh = tmp_path / "3f2a", tmp_path / "9c1b"
    for d in (stale, fresh):
        d.mkdir()
        (d / "someone.png").write_bytes(b"\x89PNG")
    day_old = time.time() - UI_CACHE_DELETE[1] - 60
    os.utime(stale, (day_old, day_old))
    remove_older(tmp_path, UI_CACHE_DELETE[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["9c1b"]
