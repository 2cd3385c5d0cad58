"""Red team 28: the fixes of red team 27 over HTTP, attacked for bypasses and false refusals.

One real server (``consent-studio serve`` in a subprocess, :func:`start_live_server`), plain HTTP
requests (httpx) as an outsider, a creator (carl) and a second creator (dora) meet it.

Covered: the Guard's "only the poster reads an event's answer" rule (``_EventOwners``) against
Gradio's other routes to the same answer (``/gradio_api/call/v2/…``, ``/gradio_api/queue/data``
with the event id as session hash, other spellings of the path, HEAD) and against the owner's own
flows (the API's call + read, the browser's queue/join + queue/data); the sign-in-only session
routes (``_SESSION_ROUTE``) in their other spellings; and the sessions of ``Sessions`` for a
legitimate user.

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import json
import re
import time
import uuid

import httpx
import pytest
from ui_support import (CREATOR, CREATOR_PW, DORA, DORA_PW, api_call, api_complete, api_form, api_session,
                        grant_fields, start_live_server, stream_text)

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

SECRET = "carls-unreleased-poster-idea"
GRANTED, GRANTED_NAME, GRANTED_PROJECT = "gwen-granted", "Gwen Grantedperson", "secret-campaign-2027"
APPROVER, APPROVER_NAME = "hana-approves", "Hana Approvesfirst"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("adv28")
    with start_live_server(work) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        from consent.operations import Operations
        from consent.registry import Registry
        from consent.signing import generate_key_files, load_private_key

        evidence = work / "release.pdf"
        evidence.write_bytes(b"%PDF-1.4 signed model release, 2026\n")
        with Registry.from_settings(s.settings) as reg:
            ops = Operations(reg)
            # Gwen signed a grant for carl's secret campaign; Hana approves each of carl's uses herself
            for sid, name, extra in ((GRANTED, GRANTED_NAME, {"project": GRANTED_PROJECT}),
                                     (APPROVER, APPROVER_NAME, {"approve_each_use": True})):
                keys = generate_key_files(work / "keys", sid)
                ops.add_subject(sid, name, keys=[str(keys.public_path)])
                grant = ops.issue_grant(grant_fields(sid, evidence, **extra), [load_private_key(keys.private_path)])
                s.keys[sid] = grant.id
        yield s


def _post(session: httpx.Client, api: str = "check_consent", path: str = "/gradio_api/call/{api}", **form) -> str:
    r = session.post(path.format(api=api), json={"data": api_form(prompt=f"a poster, {SECRET}", **form)})
    assert r.status_code == 200, r.text
    return r.json()["event_id"]


# --------------------------------------------------------------------------- an event's answer: other routes to it
@pytest.mark.parametrize("spelling", [
    "/gradio_api/call/check_consent/{e}",
    "/gradio_api/call/check_consent/{e}/",
    "/gradio_api/call/check_consent%2F{e}",
    "/gradio_api/call/v2/check_consent/{e}",
    "/gradio_api/call/v2/list_subjects/{e}",
    "/gradio_api/queue/data?session_hash={e}",
    "//gradio_api/call/check_consent/{e}",
    "/gradio_api//call/check_consent/{e}",
    "/GRADIO_API/call/check_consent/{e}",
], ids=["plain", "trailing-slash", "encoded-slash", "v2", "v2-other-api", "queue-data", "double-slash-lead",
        "double-slash-mid", "upper-case"])
def test_another_creator_reads_no_spelling_of_a_creators_event(carl, dora, spelling):
    event = _post(carl)
    status, stolen = stream_text(dora, "GET", spelling.format(e=event))
    assert SECRET not in stolen and "process_completed" not in stolen and "event: complete" not in stolen, \
        (spelling, status, stolen[:300])


_FIELDS = ["engine", "model", "mode", "source", "prompt", "negative_prompt", "subjects", "purpose", "media", "territory",
           "project", "grantee", "seed", "steps", "guidance", "width", "height", "count", "label_position", "output_format"]


def test_another_creator_cannot_read_an_event_posted_by_the_v2_route(carl, dora):
    r = carl.post("/gradio_api/call/v2/check_consent", json=dict(zip(_FIELDS, api_form(prompt=f"a poster, {SECRET}"))))
    assert r.status_code == 200, r.text[:300]
    status, stolen = stream_text(dora, "GET", f"/gradio_api/call/check_consent/{r.json()['event_id']}")
    assert SECRET not in stolen and "event: complete" not in stolen, (status, stolen[:300])


def _fn_index(session: httpx.Client, api: str) -> int:
    config = session.get("/config").json()
    (index,) = [d.get("id", i) for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api]
    return index


def test_another_creator_cannot_cancel_a_creators_event_by_its_id(carl, dora):
    """dora holds carl's event id (as in red team 27's finding): she must not end his generation
    early, so that he reads an empty answer where his pictures were."""
    event = _post(carl, "generate", count=2, width=1024, height=1024)  # seconds: dora acts while it runs
    r = dora.post("/gradio_api/cancel", json={"session_hash": event, "fn_index": _fn_index(dora, "generate"),
                                               "event_id": event})
    status, text = stream_text(carl, "GET", f"/gradio_api/call/generate/{event}", limit=120)
    assert "event: complete" in text and "data-verdict" in text, (r.status_code, r.text[:200], status, text[:400])


def test_another_creator_cannot_close_a_creators_event_through_the_heartbeat_route(carl, dora):
    """Gradio closes a session's pending events when its heartbeat drops: dora opening and dropping
    one under carl's event id (his API session hash) must not end his generation (held)."""
    event = _post(carl, "generate")
    try:
        with dora.stream("GET", f"/gradio_api/heartbeat/{event}", timeout=5) as r:
            next(r.iter_text(), None)
    except httpx.HTTPError:
        pass
    status, text = stream_text(carl, "GET", f"/gradio_api/call/generate/{event}", limit=120)
    assert "event: complete" in text and "data-verdict" in text, (status, text[:400])


def test_another_creator_cannot_put_her_answer_into_a_creators_event(carl, dora):
    event = _post(carl, "generate", count=2, width=1024, height=1024)  # carl's generation: seconds
    j = dora.post("/gradio_api/queue/join", json={"data": api_form(prompt="a lighthouse at dusk"), "event_data": None,
                                                  "fn_index": _fn_index(dora, "check_consent"), "trigger_id": None,
                                                  "session_hash": event})
    status, text = stream_text(carl, "GET", f"/gradio_api/call/generate/{event}", limit=120)
    data = api_complete(text)
    assert len(data) >= 3, (j.status_code, status, text[:400])  # his generate's answer (gallery, files, decision)


# --------------------------------------------------------------------------- the owner's own flows: no false refusal
def test_the_owner_reads_his_answer_posted_by_the_v2_route(carl):
    r = carl.post("/gradio_api/call/v2/check_consent", json=dict(zip(_FIELDS, api_form(prompt="a quiet harbour at dawn"))))
    assert r.status_code == 200, r.text[:300]
    status, text = stream_text(carl, "GET", f"/gradio_api/call/v2/check_consent/{r.json()['event_id']}", limit=60)
    assert status == 200 and "event: complete" in text, (status, text[:300])


def test_the_browsers_queue_flow_reads_its_own_answer(carl):
    """The page itself: POST queue/join with its session hash, then GET queue/data."""
    session_hash = uuid.uuid4().hex[:11]
    r = carl.post("/gradio_api/queue/join", json={"data": api_form(prompt="a quiet harbour at dawn"), "event_data": None,
                                                  "fn_index": _fn_index(carl, "check_consent"), "trigger_id": None,
                                                  "session_hash": session_hash})
    assert r.status_code == 200, r.text[:300]
    status, text = stream_text(carl, "GET", f"/gradio_api/queue/data?session_hash={session_hash}", limit=60)
    assert status == 200 and "process_completed" in text and "data-verdict" in text, (status, text[:300])


def test_the_owner_reads_his_answer_by_the_api_with_a_second_session(server, carl):
    """carl posts from one signed-in client and reads from another (two tabs, two machines)."""
    event = _post(carl)
    other = api_session(server, CREATOR, CREATOR_PW)
    try:
        status, text = stream_text(other, "GET", f"/gradio_api/call/check_consent/{event}", limit=60)
    finally:
        other.close()
    assert status == 200 and "event: complete" in text, (status, text[:300])


# --------------------------------------------------------------------------- session routes: other spellings
@pytest.mark.parametrize("method,path", [
    ("POST", "/gradio_api/cancel/"), ("POST", "/gradio_api/reset/"), ("POST", "/gradio_api/stream/e1/close"),
    ("GET", "/gradio_api/heartbeat/x1y2z3/"), ("POST", "/gradio_api/stream/e1"),
    ("GET", "/gradio_api/queue/data?session_hash=x1y2z3"),
])
def test_session_routes_in_other_spellings_refuse_a_client_that_is_not_signed_in(server, method, path):
    with httpx.Client(base_url=server.url, timeout=20) as anon:
        with anon.stream(method, path, json={"session_hash": "x1y2z3", "fn_index": 0, "event_id": "e1", "data": []}) as r:
            status = r.status_code
    assert status in (401, 403, 404, 405, 307), (path, status)


# --------------------------------------------------------------------------- another creator's grant: every answer
def _strip(text: str) -> str:
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[T ][\d:.]+Z?", "<t>", text)
    text = re.sub(r"\b[0-9a-f]{32}\b", "<hex>", text)
    return re.sub(r"\b(req|dec|job|g)[-_][0-9a-zA-Z]+", r"\1_<id>", text)


def _job_text(session: httpx.Client, form: list) -> str:
    job = api_complete(api_call(session, "submit_job", form))[0]
    for _ in range(120):
        text = api_call(session, "job_status", [job])
        if "denied" in text.lower():
            return text.replace(job, "<job>")
        time.sleep(0.5)
    raise AssertionError(text[:600])


@pytest.mark.parametrize("who", [GRANTED, APPROVER])
@pytest.mark.parametrize("how", ["generate", "job", "my_outputs", "file_request"])
def test_a_typed_id_with_another_creators_grant_reads_like_nobody_in_every_answer(server, dora, who, how):
    """dora types the id of a person whose grant is carl's (one for his secret project, one she
    approves each use of): the generate API, a job's status, her outputs list and a request to the
    operators read exactly as for an id of nobody — no grant id, no project, no person's name."""
    nobody = "nobody-" + uuid.uuid4().hex[:7]
    answers = []
    for sid in (who, nobody):
        form = api_form(subjects=[sid], prompt="a portrait", seed=5)
        if how == "job":
            text = _job_text(dora, form)
        elif how == "my_outputs":
            _job_text(dora, form)
            rows = api_complete(api_call(dora, "my_outputs", []))[1]["data"]
            text = json.dumps(rows[0])
        elif how == "file_request":
            text = api_call(dora, "file_request", ["grant", sid, "may I?", ""])
        else:
            text = api_call(dora, how, form)
        for secret in (server.keys[who], GRANTED_PROJECT, APPROVER_NAME, "Hana", "approv"):
            assert secret not in text.replace(sid, "<S>"), (secret, text[:900])
        answers.append(_strip(text).replace(sid, "<S>"))
    assert answers[0] == answers[1], (answers[0][:900], answers[1][:900])
