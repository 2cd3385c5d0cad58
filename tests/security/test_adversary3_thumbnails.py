"""The talent ledger's thumbnails: an image of a real person's likeness the studio serves.

The promise is that no image is written, returned or served without every disclosure layer.
The ledger thumbnail (/talent/me/grants/<id>/thumb/<sha>.jpg, for grants with the
``ledger_thumbnails`` term) is a 320-pixel JPEG re-encoded from a signed output: the visible
label and the invisible watermark survive the downscale (a saved thumbnail resolves to its signed
original), but the re-encode carries no XMP and no C2PA manifest (strict xfail below).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from studio_world import GRANTEE, PROJECT, StubEngine, noise
from webauthn_support import SoftAuthenticator, passkey_sign

from consent.drafts import Drafts
from creator.disclosure.xmp import parse_xmp, read_xmp
from creator.talent.app import TalentService, talent_app

ORIGIN = "http://localhost"


@pytest.fixture
def thumb(stub_world):
    """jane's grant (ledger thumbnails on), an output made under it, and jane's signed-in page client."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    drafts = Drafts(w.ops)
    now = datetime.now(timezone.utc)
    view, links = drafts.create({
        "subject_id": "jane", "grantee": GRANTEE, "project": PROJECT,
        "description": "Reshoot of scene 12: the character at the harbour, daylight",
        "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
        "territories": ["US"], "valid_until": now + timedelta(days=30),
        "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], "ledger_thumbnails": True,
    }, created_by="cli:olive")
    auth = SoftAuthenticator()
    passkey_sign(drafts, links[0].token, auth)
    (out,) = w.studio(StubEngine(images=[noise(512, seed=4)])).generate(
        w.request(prompt="studio portrait, soft light", subjects=("jane",), width=512, height=512)).outputs
    import fastapi

    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(w.registry, w.ops, service=TalentService(drafts)))
    client = TestClient(root, base_url=ORIGIN + "/talent")
    o = client.post("/api/signin/options", json={}).json()
    assert client.post("/api/signin", json=auth.get(o["challenge"], ORIGIN)).status_code == 200
    r = client.get(f"/me/grants/{view.id}/thumb/{out.sha256}.jpg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    return r.content


def test_the_thumbnail_shows_the_visible_label(thumb):
    im = Image.open(io.BytesIO(thumb))
    assert max(im.size) == 320  # a picture of the person's likeness, served by the studio


@pytest.mark.xfail(strict=True, reason="leak: the ledger thumbnail is a 320 px JPEG re-encode of a likeness output "
                   "served without XMP/IPTC and without a C2PA manifest (creator/talent/app.py _thumbnail)")
def test_the_thumbnail_keeps_every_disclosure_layer(thumb, stub_world):
    from pathlib import Path

    from creator.verify import verify_bytes

    xmp = read_xmp(thumb)
    assert xmp is not None and parse_xmp(xmp)["digital_source_type"], "no XMP/IPTC digital source type"
    report = verify_bytes(thumb, Path("thumb.jpg"), settings=stub_world.settings, registry=stub_world.registry,
                          now=datetime.now(timezone.utc))
    assert report.c2pa_state == "Trusted", f"served thumbnail's C2PA state is {report.c2pa_state}"


def test_a_saved_thumbnail_still_resolves_to_its_signed_original_by_its_watermark(thumb, stub_world):
    """What keeps a saved thumbnail traceable today: the invisible mark survives the 320 px JPEG."""
    from pathlib import Path

    from creator.verify import verify_bytes

    report = verify_bytes(thumb, Path("thumb.jpg"), settings=stub_world.settings, registry=stub_world.registry,
                          now=datetime.now(timezone.utc))
    assert not report.ok
    assert report.watermark_read is not None and report.recovered is not None and report.recovered.ok
