"""The person's own page (/talent/me) for the new grant terms: approving each use, the ledger's
verify links and labelled thumbnails. Over HTTP (FastAPI test client), real registry, software passkey.
"""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from talent_me_support import ORIGIN, csrf_of, decision, person

from consent.approvals import Approvals
from consent.drafts import Drafts
from consent.operations import Operations
from consent.registry import OutputRecord
from creator.talent.app import TalentService, talent_app

@pytest.fixture
def world(tmp_path):
    from consent.audit import AuditKeys
    from consent.registry import Registry

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    ops.add_subject("nora", "Nora North")
    drafts = Drafts(ops)
    import fastapi

    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    yield reg, ops, drafts, root, tmp_path
    reg.close()


def test_the_person_approves_a_waiting_request_on_their_page_and_it_is_allowed(world):
    reg, ops, drafts, root, _ = world
    gid, me = person(root, drafts, "jane", approve_each_use=True)
    terms = drafts.get(gid).grant
    assert terms.approve_each_use
    reg.record_decision(decision(reg, "jane", "aa" * 32))  # the creator's request waits
    page = me.get("/me").text
    assert "Waiting for your approval (1)" in page and "ACME Films" in page
    (ap,) = Approvals(reg).list(status="pending")
    r = me.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert r.status_code == 303
    assert Approvals(reg).get(ap.id).status == "approved"
    assert decision(reg, "jane", "aa" * 32).allowed
    assert "Waiting for your approval" not in me.get("/me").text


def test_a_request_filed_without_its_prompt_says_so_instead_of_showing_nothing(world):
    """Approvals filed before the studio kept the request's prompt (or by a caller that gives
    none) warn the person that what it would show is unknown."""
    reg, ops, drafts, root, _ = world
    gid, me = person(root, drafts, "jane", approve_each_use=True)
    reg.record_decision(decision(reg, "jane", "ab" * 32))
    page = me.get("/me").text
    assert "Waiting for your approval (1)" in page and "what it would show is not known" in page
    reg.record_decision(decision(reg, "jane", "cd" * 32), request_view={"mode": "img2img", "prompt": "jane waving",
                                                                       "source": "ef" * 32, "strength": 0.4})
    page = me.get("/me").text
    assert "Waiting for your approval (2)" in page and "“jane waving”" not in page  # <q> draws the quotes
    assert "<q data-prompt>jane waving</q>" in page and "a picture made from a source image" in page
    assert "changed at strength 0.4" in page


def test_approving_needs_the_form_token_and_only_the_owner_can_decide(world):
    reg, ops, drafts, root, _ = world
    gid, jane = person(root, drafts, "jane", approve_each_use=True)
    _, nora = person(root, drafts, "nora")
    reg.record_decision(decision(reg, "jane", "bb" * 32))
    (ap,) = Approvals(reg).list(status="pending")
    assert jane.post(f"/me/approvals/{ap.id}/approve", data={"csrf": "forged"}).status_code == 401
    r = nora.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(nora.get("/me").text)})
    assert r.status_code == 400 and Approvals(reg).get(ap.id).status == "pending"
    assert "Waiting for your approval" not in nora.get("/me").text


def _output(reg, tmp, sid: str, name: str, colour) -> str:
    import hashlib

    img = tmp / name
    Image.new("RGB", (640, 480), colour).save(img)
    sha = hashlib.sha256(img.read_bytes()).hexdigest()
    d = decision(reg, sid, "cc" * 32)
    assert d.allowed, d.reasons()
    reg.record_generation(d, [OutputRecord(sha, str(img), "png", manifest_id=MID)])
    return sha


MID = "urn:c2pa:0d6a1f0e-4b4c-4e5a-9a57-6f1c1c2d3e4f"


def test_the_ledger_links_each_output_to_public_verify_and_shows_thumbnails_only_when_the_grant_allows(world):
    reg, ops, drafts, root, tmp = world
    gid, jane = person(root, drafts, "jane", ledger_thumbnails=True)
    nid, nora = person(root, drafts, "nora")
    sha = _output(reg, tmp, "jane", "jane.png", (200, 30, 30))
    nsha = _output(reg, tmp, "nora", "nora.png", (30, 30, 200))
    page = jane.get("/me").text
    assert f"/public/c2pa/manifests/{MID}" in page and f"/picture/{sha}" in page
    rows = list(csv.DictReader(io.StringIO(jane.get(f"/me/grants/{gid}/ledger.csv").text)))
    assert rows[0]["verify"] == ORIGIN + f"/public/c2pa/manifests/{MID}"
    assert jane.get(f"/me/grants/{gid}/ledger.json").json()[0]["verify"].endswith(MID)
    t = jane.get(f"/me/grants/{gid}/picture/{sha}")
    assert t.status_code == 200 and t.headers["content-type"] == "image/png"
    assert hashlib.sha256(t.content).hexdigest() == sha  # the published file itself, every layer included
    # no thumbnails term: the ledger lists the output, with its verify link, and serves no picture
    npage = nora.get("/me").text
    assert f"/public/c2pa/manifests/{MID}" in npage and "/picture/" not in npage
    assert nora.get(f"/me/grants/{nid}/picture/{nsha}").status_code == 404
    # another person's output, an unknown output, someone else's grant, no session: nothing
    assert jane.get(f"/me/grants/{gid}/picture/{nsha}").status_code == 404
    assert jane.get(f"/me/grants/{gid}/picture/{'ee' * 32}").status_code == 404
    assert nora.get(f"/me/grants/{gid}/picture/{sha}").status_code == 404
    assert TestClient(root, base_url=ORIGIN + "/talent").get(f"/me/grants/{gid}/picture/{sha}").status_code == 401
    (tmp / "jane.png").write_bytes(b"changed")  # a file swapped on disk is not served
    assert jane.get(f"/me/grants/{gid}/picture/{sha}").status_code == 404


def test_a_ledger_longer_than_one_page_says_on_the_page_and_in_the_download_that_it_is_cut(world, monkeypatch):
    """The ledger reads one page of uses (1,000 generation entries; 2 here). A grant used more
    often is listed cut — and the person is told how many outputs were made, never shown a
    shorter list as if it were all."""
    import consent.drafts as drafts_mod

    monkeypatch.setattr(drafts_mod, "_LEDGER_PAGE", 2)
    reg, ops, drafts, root, tmp = world
    gid, jane = person(root, drafts, "jane")
    shas = [_output(reg, tmp, "jane", f"jane{i}.png", (200, 30 + i, 30)) for i in range(3)]
    led = drafts.ledger(gid)
    assert [r.sha256 for r in led] == shas[:0:-1] and not led.complete and led.counted == 3
    page = jane.get("/me").text
    assert "Only the newest 2 of the 3 outputs made under this grant are listed here" in page
    r = jane.get(f"/me/grants/{gid}/ledger.json")
    assert len(r.json()) == 2 and (r.headers["x-ledger-listed"], r.headers["x-ledger-counted"]) == ("2", "3")
    monkeypatch.setattr(drafts_mod, "_LEDGER_PAGE", 3)  # one page holds them all: no note
    assert drafts.ledger(gid).complete and "Only the newest" not in jane.get("/me").text
    assert "x-ledger-counted" not in jane.get(f"/me/grants/{gid}/ledger.json").headers
