"""Red team, round 6: the approve-each-use view (what the person sees before approving) against
a database editor.

1. The approval row's ``subject_id`` (whose page lists it, who may decide it) was not checked
   against the signed log: an editor could move a pending approval of Jane's grant onto Nora's
   page, and Nora's approval then let Jane's likeness be used. It is now checked against the
   subject of the grant in the signed state.
2. Approvals filed before the view was kept have no signed digest of their summary (a signed
   snapshot written by the older code lacks it), so an editor could add a ``request`` to one
   and show the person a harmless prompt the studio never filed. Such a row now fails closed.
3. Holds: markup in every field of the view is shown as text.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from talent_me_support import csrf_of, decision, person

from consent.approvals import Approvals
from consent.drafts import Drafts
from consent.integrity import IntegrityFailure
from consent.operations import Operations
from creator.talent.app import TalentService, talent_app

@pytest.fixture
def world(tmp_path):
    import fastapi

    from consent.audit import AuditKeys
    from consent.registry import Registry

    keys = AuditKeys.load_or_create(tmp_path / "keys")
    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=keys)
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    ops.add_subject("nora", "Nora North")
    drafts = Drafts(ops)
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    yield reg, drafts, root, tmp_path, keys
    reg.close()


def test_a_pending_approval_moved_to_another_persons_page_fails_closed(world):
    reg, drafts, root, _tmp, _keys = world
    _gid, _jane = person(root, drafts, "jane", approve_each_use=True)
    _, nora = person(root, drafts, "nora")
    reg.record_decision(decision(reg, "jane", "aa" * 32), request_view={"mode": "text2img", "prompt": "jane, nude"})
    (ap,) = Approvals(reg).list(status="pending")
    with reg._engine.begin() as conn:  # the editor hands Jane's request to Nora
        conn.execute(text("UPDATE use_approvals SET subject_id='nora' WHERE id=:i"), {"i": ap.id})
    try:  # the page fails closed (an integrity failure) or at least does not list it
        page = nora.get("/me").text
    except IntegrityFailure:
        page = ""
    assert "jane, nude" not in page
    if "Waiting for your approval" in page:
        nora.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(page)}, follow_redirects=False)
    with pytest.raises(IntegrityFailure):
        Approvals(reg).decide(ap.id, approve=True, by="talent:nora:self", subject_id="nora")
    with reg._engine.begin() as conn:
        status = conn.execute(text("SELECT status FROM use_approvals WHERE id=:i"), {"i": ap.id}).scalar()
    assert status == "pending"  # Nora's click did not approve a use of Jane's likeness
    with pytest.raises(IntegrityFailure, match="subject"):
        Approvals(reg).list(subject_id="nora")
    assert any("subject" in p for p in reg.check_integrity())


def _as_if_signed_by_older_code(reg, keys, tmp):
    """The signed snapshot an upgraded database holds: the state as the code before the view
    kept it (approvals without a digest of their summary), signed with the audit key."""
    from sqlalchemy import delete

    from consent.integrity import IntegrityState
    from consent.registry import Registry, _snapshots

    with reg._writer.begin() as conn:
        st = IntegrityState.from_bytes(reg._integrity(conn).to_bytes())
        for a in st.approvals.values():
            a.pop("summary_sha256", None)
        data = st.to_bytes()
        conn.execute(delete(_snapshots))
        conn.execute(_snapshots.insert().values(seq=st.seq, hash=st.hash, state=data, sig=reg._keys.sign_bytes(data)))
    return Registry(f"sqlite:///{tmp / 'c.db'}", audit_keys=keys)


def test_an_old_approval_given_a_made_up_prompt_in_the_database_fails_closed(world):
    reg, drafts, root, tmp, keys = world
    person(root, drafts, "jane", approve_each_use=True)
    reg.record_decision(decision(reg, "jane", "ab" * 32))  # filed without a view (as before the view was kept)
    (ap,) = Approvals(reg).list(status="pending")
    old = _as_if_signed_by_older_code(reg, keys, tmp)
    try:
        assert [a.id for a in Approvals(old).list(status="pending")] == [ap.id]  # the control: reads fine
        summary = {**ap.summary, "request": {"mode": "text2img", "prompt": "jane at a charity gala"}}
        with old._engine.begin() as conn:
            conn.execute(text("UPDATE use_approvals SET summary_json=:s WHERE id=:i"),
                         {"s": json.dumps(summary, sort_keys=True), "i": ap.id})
        with pytest.raises(IntegrityFailure):
            Approvals(old).list(subject_id="jane")
    finally:
        old.close()


def test_markup_in_any_field_of_the_view_is_text(world):
    reg, drafts, root, _tmp, _keys = world
    _gid, jane = person(root, drafts, "jane", approve_each_use=True)
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    reg.record_decision(decision(reg, "jane", "cd" * 32), request_view={
        "mode": evil, "engine": evil, "model": evil, "prompt": evil, "negative_prompt": evil,
        "adapters": [evil], "source": evil, "mask": evil, "references": [evil], "width": evil,
        "height": evil, "num_images": evil, "strength": evil})
    page = jane.get("/me").text
    assert "Waiting for your approval (1)" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    from creator.talent.operator import approvals_html

    assert "<script>alert(1)" not in approvals_html(reg)
