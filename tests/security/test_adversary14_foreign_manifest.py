"""Adversary 14: an output re-signed by another signer hides where it came from.

verify recovers an original from the invisible watermark only when the file carries **no**
manifest (``creator.verify._verify_bytes``: ``if not has_manifest and wm_read``). Anyone can
sign a file: another Consent Studio installation with its own local CA (as here), or any C2PA
tool with a certificate of its own. So a launderer takes an output made under a grant that was
since revoked, signs its pixels again, and asks the public verify page:

- verdict ``not_from_this_studio``, "Signed elsewhere … this page checks only images made by
  this studio" (tone *info*), where the honest answer is this studio's output whose consent
  is **revoked**;
- "Invisible watermark: Found, but no image of this studio carries it" — false: the mark is
  this studio's and resolves to the output (``/public/c2pa/matches/byContent`` on the very
  same bytes answers with that output's manifest id).

The watermark exists for exactly this case (credentials stripped or replaced). A file whose
manifest is not this installation's proves nothing by its manifest; its mark still does.
"""

from __future__ import annotations

import re

import pytest
from PIL import Image
from starlette.testclient import TestClient

from public_support import public_app
from studio_world import StubEngine, noise, open_world


@pytest.fixture(scope="module")
def resigned(tmp_path_factory):
    """(ours, output, re-signed bytes): an output of Jane, her grant revoked, signed again elsewhere."""
    base = tmp_path_factory.mktemp("adv14foreign")
    it = open_world(base / "ours", stub_by_default=True, files_only=True)
    ours = next(it)
    ours.add_person("jane", "Jane Doe")
    ours.issue_grant("jane", "g-jane-1")
    out = ours.studio(StubEngine(images=[noise(512, seed=3)])).generate(
        ours.request(prompt="jane at the harbour", subjects=("jane",), width=512, height=512)).outputs[0]
    ours.ops.revoke_grant("g-jane-1", "withdrawn", "legal")
    with Image.open(out.path) as im:
        pixels = im.convert("RGB")
    other_it = open_world(base / "theirs", stub_by_default=True, files_only=True)
    theirs = next(other_it)  # another installation: its own CA, its own watermark key
    again = theirs.studio(StubEngine(images=[pixels])).generate(
        theirs.request(prompt="a texture", width=512, height=512)).outputs[0]
    yield ours, out, again.path.read_bytes()
    other_it.close()
    it.close()


def test_the_soft_binding_api_finds_the_output_in_the_resigned_file(resigned):
    """Held: the C2PA resolution API reads the mark whatever manifest the file carries."""
    ours, out, data = resigned
    c = TestClient(public_app(ours))
    r = c.post("/public/c2pa/matches/byContent", content=data, headers={"content-type": "image/png"})
    assert r.status_code == 200 and [m["manifestId"] for m in r.json()["matches"]] == [out.manifest_label], r.json()


def test_a_resigned_output_is_still_shown_as_ours_with_its_consent_revoked(resigned):
    ours, out, data = resigned
    c = TestClient(public_app(ours))
    f = c.post("/public/api/verify", files={"file": ("x.png", data, "image/png")}).json()
    page = c.post("/public/verify", files={"file": ("x.png", data, "image/png")}).text
    row = re.search(r"<dt>Invisible watermark</dt><dd>([^<]*)</dd>", page).group(1)
    assert f["watermark"]["found"] is True  # our mark is read from the re-signed file
    assert f["verdict"] != "not_from_this_studio", (f["verdict"], row)
    assert "revoked" in (f["summary"] + str(f.get("likeness"))).lower(), f
    assert f["watermark"]["resolves_to"] == out.sha256[:12] and "no image of this studio" not in row, row
