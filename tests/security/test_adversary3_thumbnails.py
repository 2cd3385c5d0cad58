"""The talent ledger's pictures: an image of a real person's likeness the studio serves.

The promise is that no image is written, returned or served without every disclosure layer.
The ledger picture (/talent/me/grants/<id>/picture/<sha>, for grants with the
``ledger_thumbnails`` term) was once a 320-pixel JPEG re-encoded from the signed output, without
XMP and without a C2PA manifest. It is now the published file itself (the page shows it small).
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
    r = client.get(f"/me/grants/{view.id}/picture/{out.sha256}")
    assert r.status_code == 200 and r.headers["content-type"] in ("image/png", "image/jpeg")
    return r.content


def test_the_picture_is_the_published_file_itself(thumb, stub_world):
    import hashlib

    assert stub_world.registry.find_output(sha256=hashlib.sha256(thumb).hexdigest()) is not None
    assert max(Image.open(io.BytesIO(thumb)).size) == 512


def test_the_thumbnail_keeps_every_disclosure_layer(thumb, stub_world):
    from pathlib import Path

    from creator.verify import verify_bytes

    xmp = read_xmp(thumb)
    assert xmp is not None and parse_xmp(xmp)["digital_source_type"], "no XMP/IPTC digital source type"
    report = verify_bytes(thumb, Path("picture.png"), settings=stub_world.settings, registry=stub_world.registry,
                          now=datetime.now(timezone.utc))
    assert report.c2pa_state == "Trusted", f"served picture's C2PA state is {report.c2pa_state}"
    assert report.ok


def test_a_small_copy_the_person_makes_still_resolves_to_its_signed_original(thumb, stub_world):
    """A 320 px JPEG someone makes of the picture loses the metadata; the invisible mark survives."""
    from pathlib import Path

    from creator.verify import verify_bytes

    im = Image.open(io.BytesIO(thumb)).convert("RGB")
    im.thumbnail((320, 320))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    report = verify_bytes(buf.getvalue(), Path("small.jpg"), settings=stub_world.settings, registry=stub_world.registry,
                          now=datetime.now(timezone.utc))
    assert not report.ok
    assert report.watermark_read is not None and report.recovered is not None and report.recovered.ok
