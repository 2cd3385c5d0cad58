"""Red team 68: an approve-each-use approval given without seeing the picture the output is made from.

The keyword content screen cannot see what a source picture shows; the studio's answer is the
approve-each-use grant, by which the person sees each request. But the approval page showed an
img2img source only as a fingerprint and reference images only as a count: the person approved
"Jane Doe smiling at a summer picnic" and the creator's picture, which they never saw, decided what
the output showed. The request now keeps small previews of its inputs (the source with the mask's
area tinted red, the references), and the person's page shows them, to that person only.
"""

from __future__ import annotations

import io
import json

import fastapi
from fastapi.testclient import TestClient
from PIL import Image
from studio_world import SourceRecorder, png_bytes
from talent_me_support import ORIGIN, person

from consent.approvals import Approvals
from consent.drafts import Drafts
from consent.errors import ConsentDenied
from creator.talent.app import TalentService, talent_app


def _source_and_mask():
    src = Image.new("RGB", (256, 256), (40, 90, 220))  # all blue
    mask = Image.new("L", (256, 256), 0)
    mask.paste(255, (0, 0, 128, 256))  # the left half is repainted
    return png_bytes(src), png_bytes(mask)


def test_the_person_sees_the_source_the_request_starts_from_and_no_one_else_does(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.add_person("nora", "Nora North")
    w.issue_grant("jane", "g-each", approve_each_use=True, content_restrictions=["no_nudity"])
    src, mask = _source_and_mask()
    req = w.request(mode="inpaint", engine="diffusion", prompt="Jane Doe smiling at a summer picnic",
                    subjects=("jane",), source=src, mask=mask, strength=0.6)
    try:
        w.studio(SourceRecorder()).generate(req)
    except ConsentDenied:
        pass
    (ap,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    # the pictures stay with the pending approval; the append-only log keeps only their digests
    # (red team 71: 38 KB of a creator's pictures an entry, for good)
    (entry,) = [e for e in w.registry.audit_entries() if e.kind == "use_approval_requested"]
    payload = json.loads(entry.payload_json)
    assert payload["summary"]["request"]["previews"]["source"].startswith("sha256:") and len(entry.payload_json) < 8000
    assert w.registry.check_integrity() == []

    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(w.registry, w.ops, service=TalentService(Drafts(w.ops))))
    _, jane = person(root, Drafts(w.ops), "jane")
    page = jane.get("/me").text
    assert f"/talent/me/approvals/{ap.id}/preview/source" in page and "the area it repaints tinted red" in page
    r = jane.get(f"/me/approvals/{ap.id}/preview/source")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    shown = Image.open(io.BytesIO(r.content)).convert("RGB")
    left, right = shown.getpixel((20, shown.height // 2)), shown.getpixel((shown.width - 20, shown.height // 2))
    assert right[2] > 180 and right[0] < 90  # the kept part: the creator's blue
    assert left[0] > 120 and left[0] > left[2]  # the repainted part: tinted red

    _, nora = person(root, Drafts(w.ops), "nora")
    assert nora.get(f"/me/approvals/{ap.id}/preview/source").status_code == 404  # not her request
    anyone = TestClient(root, base_url=ORIGIN + "/talent")
    assert anyone.get(f"/me/approvals/{ap.id}/preview/source").status_code == 401
    assert jane.get(f"/me/approvals/{ap.id}/preview/reference-0").status_code == 404  # it has none


def test_references_are_shown_too(stub_world):
    from creator.talent.pages import approvals_html

    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-each", approve_each_use=True)
    ref = png_bytes(Image.new("RGB", (200, 300), (10, 200, 30)))
    req = w.request(prompt="Jane Doe at the harbour", subjects=("jane",), references=[ref, ref])
    try:
        w.studio(SourceRecorder()).generate(req)
    except ConsentDenied:
        pass
    (ap,) = Approvals(w.registry).list(subject_id="jane", status="pending")
    page = approvals_html([ap], "tok")
    assert page.count(f"/talent/me/approvals/{ap.id}/preview/reference-") == 2
    assert len(ap.summary["request"]["previews"]["references"]) == 2
