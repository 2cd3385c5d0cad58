"""Red team 30: the web studio's accounts, sessions and Gradio-internal routes after red teams 27-29,
attacked over HTTP as a signed-in creator (dora), a thief holding a reset or removed account's
cookie, and a client that is not signed in.

One real server (``consent-studio serve`` in a subprocess, :func:`start_live_server`); carl and
dora are two signed-in creators (tests/security/conftest.py). As in red teams 27-29, dora holds
one of carl's event ids (one he pasted, a log line). Surfaces:

- the Guard's reading of ``GET /gradio_api/call[/v2]/<api>/<event id>`` (``_CALL_ROUTE``) against
  Gradio's own routing of the same path;
- Gradio's ``POST /gradio_api/stream/<event id>`` (new input data for a queued event), which the
  Guard only requires a sign-in for;
- ``Sessions.check`` and the Guard's ``token_of``, which read the session cookie otherwise than
  Starlette does for Gradio (a quoted value, a space before ``=``);
- a browser's event ids, which the Guard does not own (only its session hash): a cancel of a waiting
  one, and a join that takes one as its session hash, then reads it as an API answer;
- malformed API calls from a signed-in user (unknown API names and function indexes);
- a sign-in posted by another site (the Guard refuses only a cross-site sign-out).

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from ui_support import CREATOR, DORA, DORA_PW, api_form, api_session, queue_answers, start_live_server, stream_text

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

SECRET = "carls-unreleased-poster-idea-30"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv30")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        yield s


def _post(session: httpx.Client, api: str = "check_consent", **form) -> str:
    form.setdefault("prompt", f"a poster, {SECRET}")
    r = session.post(f"/gradio_api/call/{api}", json={"data": api_form(**form)})
    assert r.status_code == 200, r.text
    return r.json()["event_id"]


# --------------------------------------------------------------------------- GET /gradio_api/call/v2/<event id>
def test_another_creator_cannot_read_an_answer_through_v2_read_as_an_api_name(carl, dora):
    event = _post(carl)  # carl's check_consent: answered at once, not read yet
    time.sleep(1.5)
    status, text = stream_text(dora, "GET", f"/gradio_api/call/v2/{event}", limit=15)
    assert status == 404 and "cs-decision" not in text, (status, text[:300])
    status, text = stream_text(carl, "GET", f"/gradio_api/call/check_consent/{event}", limit=30)
    assert "event: complete" in text and "cs-decision" in text, text[:300]  # carl still reads his own


def test_other_spellings_of_an_answers_path_are_not_served_to_another_creator(carl, dora):
    """Pinned: slashes doubled, a trailing slash, another API name, a nested v2: none serves carl's answer."""
    event = _post(carl)
    time.sleep(1.5)
    for path in (f"//gradio_api/call/check_consent/{event}", f"/gradio_api//call/check_consent/{event}",
                 f"/gradio_api/call/check_consent//{event}", f"/gradio_api/call/check_consent/{event}/",
                 f"/gradio_api/call/verify/{event}", f"/gradio_api/call/v2/v2/{event}",
                 f"/gradio_api/queue/data/?session_hash={event}"):
        status, text = stream_text(dora, "GET", path, limit=8)
        assert status in (404, 405) and "cs-decision" not in text, (path, status, text[:200])
    status, text = stream_text(carl, "GET", f"/gradio_api/call/check_consent/{event}", limit=30)
    assert "cs-decision" in text, text[:300]


# --------------------------------------------------------------------------- POST /gradio_api/stream/<event id>
def test_another_creator_cannot_replace_the_inputs_of_a_creators_queued_generation(carl, dora):
    # carl's generations: two run (the queue's limit), the rest wait; dora rewrites the last one
    events = [_post(carl, "generate", prompt="a lighthouse at dusk", count=2, width=1024, height=1024)
              for _ in range(4)]
    injected = api_form(prompt="a portrait of Xavier Quillfeather, injected by dora")
    r = dora.post(f"/gradio_api/stream/{events[-1]}", json={"data": injected, "simple_format": True})
    texts = [stream_text(carl, "GET", f"/gradio_api/call/generate/{e}", limit=240)[1] for e in events]
    last = texts[-1]
    # his lighthouse, not her prompt (the answer is JSON in the stream: its quotes escaped)
    assert "event: complete" in last and 'data-verdict=\\"allowed\\"' in last and "Quillfeather" not in last, last[:600]
    assert r.status_code in (401, 403, 404), (r.status_code, r.text[:200])


def test_the_stream_input_route_refuses_a_client_that_is_not_signed_in(server, carl):
    """Pinned: without a session the route answers 401 (the Guard's _SESSION_ROUTE)."""
    event = _post(carl)
    with httpx.Client(base_url=server.url, timeout=20) as anon:
        r = anon.post(f"/gradio_api/stream/{event}", json={"data": api_form(prompt="x")})
        assert r.status_code == 401, r.text[:200]
        r = anon.post(f"/gradio_api/stream/{event}/close", json={})
        assert r.status_code == 401, r.text[:200]


_FN: dict[str, int] = {}


def _fn_index(session: httpx.Client, api: str) -> int:
    if api not in _FN:
        config = session.get("/config").json()
        (_FN[api],) = [d.get("id", i) for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api]
    return _FN[api]


def test_another_creator_cannot_drop_a_creators_waiting_browser_event_from_the_queue(carl, dora):
    session_hash = uuid.uuid4().hex[:11]
    events = []
    for i in range(4):  # carl's page: two generations run (the queue's limit), two wait
        r = carl.post("/gradio_api/queue/join", json={
            "data": api_form(prompt=f"a red kite, take {i}", count=2, width=1024, height=1024), "event_data": None,
            "fn_index": _fn_index(carl, "generate"), "trigger_id": None, "session_hash": session_hash})
        assert r.status_code == 200, r.text[:300]
        events.append(r.json()["event_id"])
    c = dora.post("/gradio_api/cancel", json={"session_hash": "dora-" + uuid.uuid4().hex[:6],
                                               "fn_index": _fn_index(dora, "generate"), "event_id": events[-1]})
    text = queue_answers(carl, session_hash, 4)
    # all four of his answers (the cancel refused, or not reaching his event)
    assert text.count("process_completed") >= 4, (c.status_code, text.count("process_completed"), text[-300:])


def test_another_creator_cannot_read_or_end_a_creators_page_session_through_his_event_id(carl, dora):
    session_hash = uuid.uuid4().hex[:11]
    events = []
    for i in range(3):  # carl's page: two generations run, one waits
        r = carl.post("/gradio_api/queue/join", json={
            "data": api_form(prompt=f"a red kite, take {i}", count=2, width=1024, height=1024), "event_data": None,
            "fn_index": _fn_index(carl, "generate"), "trigger_id": None, "session_hash": session_hash})
        assert r.status_code == 200, r.text[:300]
        events.append(r.json()["event_id"])
    j = dora.post("/gradio_api/queue/join", json={
        "data": api_form(prompt="a lighthouse at dusk"), "event_data": None,
        "fn_index": _fn_index(dora, "check_consent"), "trigger_id": None, "session_hash": events[-1]})
    if j.status_code == 200:
        _status, theirs = stream_text(dora, "GET", f"/gradio_api/call/check_consent/{events[-1]}", limit=60)
        # what she reads is her own check_consent's answer (a decision, no pictures), never carl's gallery
        assert '"image"' not in theirs and "gradio.FileData" not in theirs, theirs[:400]
    text, deadline = "", time.monotonic() + 60
    try:
        with carl.stream("GET", f"/gradio_api/queue/data?session_hash={session_hash}", timeout=30) as s:
            for chunk in s.iter_text():
                text += chunk
                if text.count("process_completed") >= 3 or time.monotonic() > deadline:
                    break
    except httpx.ReadTimeout:
        pass
    assert text.count("process_completed") >= 3, (j.status_code, text.count("process_completed"), text[-300:])


# --------------------------------------------------------------------------- a cookie read two ways
def _cookie_spellings(name: str, token: str) -> dict[str, str]:
    return {"quoted": f'{name}="{token}"', "space-before-equals": f"{name} ={token}"}


@pytest.mark.parametrize("spelling", ["quoted", "space-before-equals"])
@pytest.mark.parametrize("change", ["password reset", "removed"])
def test_a_session_ended_by_a_reset_or_removal_stays_ended_in_every_cookie_spelling(server, change, spelling):
    name, pw = f"op{uuid.uuid4().hex[:6]}", "an-operator-password-30"
    store = UserStore.from_settings(server.settings)
    store.add(name, Role.OPERATOR, pw)
    thief = api_session(server, name, pw)  # the stolen cookie, signed in before the change
    assert thief.get("/config").status_code == 200
    cookie_name, token = next((k, v) for k, v in thief.cookies.items() if k.startswith("access-token-unsecure-"))
    thief.close()
    if change == "password reset":
        store.set_password(name, "a-new-operator-password-30")
    else:
        store.remove(name)
    time.sleep(0.1)
    header = _cookie_spellings(cookie_name, token)[spelling]
    with httpx.Client(base_url=server.url, timeout=60) as c:
        config = c.get("/config", headers={"cookie": header}).status_code
        listed = c.post("/gradio_api/run/list_subjects", headers={"cookie": header}, json={"data": []})
    assert config == 401, f"the {spelling} cookie still reads /config after: {change}"
    assert listed.status_code != 200, listed.text[:300]  # the registry, as an operator


def test_a_plainly_sent_cookie_is_ended_by_a_password_reset(server):
    """Pinned: the cookie as a browser sends it is signed out at its next request (red team 27's fix)."""
    name, pw = f"op{uuid.uuid4().hex[:6]}", "an-operator-password-30"
    store = UserStore.from_settings(server.settings)
    store.add(name, Role.OPERATOR, pw)
    c = api_session(server, name, pw)
    store.set_password(name, "a-new-operator-password-30")
    time.sleep(0.1)
    assert c.get("/config").status_code == 401
    c.close()


# --------------------------------------------------------------------------- malformed API calls
@pytest.mark.parametrize("path,body", [
    pytest.param("/gradio_api/call/v2/no_such_api", {}, id="call-v2-unknown-api"),
    pytest.param("/gradio_api/run/no_such_api", {"data": []}, id="run-unknown-api"),
    pytest.param("/gradio_api/queue/join", {"data": [], "fn_index": 9999, "event_data": None, "trigger_id": None},
                 id="join-unknown-fn-index"),
])
def test_a_call_of_an_unknown_api_is_a_client_error_not_a_server_error(server, dora, path, body):
    if "session_hash" not in body and path.endswith("join"):
        body = {**body, "session_hash": f"dora-{uuid.uuid4().hex[:10]}"}
    with httpx.Client(base_url=server.url, timeout=30, cookies=dora.cookies) as c:  # a 500 resets the connection
        try:
            status = c.post(path, json=body).status_code
        except httpx.HTTPError as e:
            status = type(e).__name__
    assert isinstance(status, int) and 400 <= status < 500, status


# --------------------------------------------------------------------------- sign-in started by another site
def test_a_sign_in_started_by_another_site_is_refused(server):
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        r = browser.post("/login", data={"username": DORA, "password": DORA_PW},
                         headers={"sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate",
                                  "origin": "https://attacker.example"})
        assert r.status_code == 403 and "access-token" not in r.headers.get("set-cookie", ""), r.status_code
