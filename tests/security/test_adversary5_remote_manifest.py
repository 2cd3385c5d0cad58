"""An upload to the public verify page (no sign-in) names a "remote manifest" in its XMP
(``dcterms:provenance``, a PNG iTXt chunk or a JPEG APP1). c2pa's reader fetches such a URL by
default: the studio's server would send a request to any address the uploader picks — its
own admin ports, the cloud metadata service, the internal network (server-side request
forgery), and wait for the answer. verify never fetches anything: a file's credentials are
in the file (a remote manifest reads as unreadable, "tampered" on the page)."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from starlette.testclient import TestClient

from creator.verify import verify
from public_support import public_app


@pytest.fixture
def listener():
    """A loopback HTTP server standing for an internal service; the paths it was asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def _pointing_to(url: str, fmt: str) -> bytes:
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           f'<rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="{url}"/>'
           '</rdf:RDF></x:xmpmeta>')
    im = Image.fromarray(np.random.default_rng(5).integers(0, 255, (64, 64, 3), dtype=np.uint8))
    buf = io.BytesIO()
    if fmt == "png":
        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp)
        im.save(buf, "PNG", pnginfo=info)
    else:
        im.save(buf, "JPEG", xmp=xmp.encode())
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_the_public_page_never_fetches_a_url_named_by_an_upload(stub_world, listener, fmt):
    base, asked = listener
    data = _pointing_to(f"{base}/internal/admin?fmt={fmt}", fmt)
    client = TestClient(public_app(stub_world))
    r = client.post("/public/api/verify", files={"file": (f"x.{fmt}", data, f"image/{fmt}")})
    assert r.status_code == 200, r.text
    assert r.json()["verdict"] != "copy_of_original"
    assert asked == [], f"the server fetched {asked} for an anonymous upload"


def test_verify_never_fetches_a_remote_manifest(stub_world, listener, tmp_path):
    base, asked = listener
    path = tmp_path / "remote.png"
    path.write_bytes(_pointing_to(f"{base}/manifest.c2pa", "png"))
    report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.c2pa_state == "Unreadable"
    assert asked == []


def test_a_source_image_naming_a_remote_manifest_is_signed_in_without_a_fetch(stub_world, listener):
    """img2img: the source image becomes the output's C2PA ingredient; c2pa's builder reads its
    XMP and would fetch the remote manifest it names, from the studio's server."""
    base, asked = listener
    big = io.BytesIO()
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
                  '1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dcterms="http://purl.org/dc/terms/" '
                  f'dcterms:provenance="{base}/ingredient.c2pa"/></rdf:RDF></x:xmpmeta>')
    Image.fromarray(np.random.default_rng(6).integers(0, 255, (256, 256, 3), dtype=np.uint8)).save(big, "PNG", pnginfo=info)
    result = stub_world.studio().generate(stub_world.request(mode="img2img", engine="diffusion", source=big.getvalue()))
    assert result.outputs
    assert asked == [], f"the studio fetched {asked} while signing"
    report = verify(result.outputs[0].path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
