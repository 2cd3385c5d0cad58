"""Gradio's own routes that read or act on a session, and its run history, on a live studio.

Found while fixing red team 30 (tests/security/test_adversary30_http.py), beside the routes it
attacked: ``GET /gradio_api/deep_link?session_hash=`` gives the values of a session's
components (a creator's prompt, her settings, the path of her uploaded photo);
``POST /gradio_api/component_server`` and ``POST /gradio_api/run/<api>`` act in the session hash
their body names; Gradio's run history (``/gradio_api/runs``) keeps every call's inputs and
outputs in the browser, or sends them to a Hugging Face bucket a user connects there. As in red
teams 27-30, dora is a signed-in creator holding one of carl's session hashes.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
from ui_support import DORA, DORA_PW, api_form, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("gradio_routes")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        yield s


def _fn_index(session: httpx.Client, api: str) -> int:
    config = session.get("/config").json()
    (index,) = [d.get("id", i) for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api]
    return index


@pytest.fixture(scope="module")
def carls_session(carl) -> str:
    """A session hash carl's page joined the queue with (his Check consent, answered at once)."""
    session_hash = uuid.uuid4().hex[:11]
    r = carl.post("/gradio_api/queue/join", json={
        "data": api_form(prompt="a poster of a quiet harbour, carl's secret idea"), "event_data": None,
        "fn_index": _fn_index(carl, "check_consent"), "trigger_id": None, "session_hash": session_hash})
    assert r.status_code == 200, r.text[:300]
    time.sleep(1.0)
    return session_hash


def test_the_run_history_is_off(carl):
    assert carl.get("/config").json().get("run_history") is False
    for path in ("/gradio_api/runs", "/gradio_api/run-history/records", "/gradio_api/run-history/buckets"):
        assert carl.get(path).status_code == 404, path


def test_another_creator_cannot_read_a_sessions_components(carls_session, carl, dora):
    r = dora.get("/gradio_api/deep_link", params={"session_hash": carls_session})
    assert r.status_code == 404 and "harbour" not in r.text, r.text[:300]
    assert carl.get("/gradio_api/deep_link", params={"session_hash": carls_session}).status_code != 404


@pytest.mark.parametrize("path", ["/gradio_api/component_server", "/gradio_api/run/check_consent"])
def test_another_creator_cannot_act_in_a_creators_session(carls_session, dora, path):
    body = {"session_hash": carls_session, "data": api_form(prompt="a lighthouse"), "component_id": 1,
            "fn_name": "x"}
    r = dora.post(path, json=body)
    assert r.status_code == 404 and r.json()["detail"] == "Session not found.", r.text[:300]


def test_a_creator_still_runs_an_api_call_and_reads_its_own_session(carl):
    r = carl.post("/gradio_api/run/check_consent", json={"data": api_form(prompt="a red kite over hills")})
    assert r.status_code == 200 and 'data-verdict=\\"allowed\\"' in r.text, r.text[:300]


@pytest.mark.parametrize("headers", [
    pytest.param({"sec-fetch-site": "cross-site"}, id="cross-site"),
    pytest.param({"sec-fetch-site": "same-site"}, id="another-host-of-the-domain"),
    pytest.param({"origin": "http://attacker.example"}, id="plain-http-origin"),
    pytest.param({"origin": "null"}, id="sandboxed-origin"),
])
def test_a_post_another_site_starts_is_refused_with_the_users_cookies(server, carl, headers):
    """Found beside red team 30's sign-in: an upload (and any other POST) another site's page sends
    with the user's cookies is refused, however the browser says where it came from."""
    r = carl.post("/gradio_api/upload", files={"files": ("x.png", b"\x89PNG\r\n\x1a\n", "image/png")}, headers=headers)
    assert r.status_code == 403 and "another site" in r.text, r.text[:200]
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        r = browser.post("/login", data={"username": DORA, "password": DORA_PW}, headers=headers)
        assert r.status_code == 403 and "access-token" not in r.headers.get("set-cookie", "")


def test_the_studios_own_page_still_signs_in_and_uploads(server):
    own = {"origin": server.url.rstrip("/"), "sec-fetch-site": "same-origin"}
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        assert browser.post("/login", data={"username": DORA, "password": DORA_PW}, headers=own).status_code == 200
        r = browser.post("/gradio_api/upload", files={"files": ("x.png", b"\x89PNG\r\n\x1a\n", "image/png")},
                         headers=own)
        assert r.status_code == 200, r.text[:200]
        r = browser.post("/gradio_api/upload", files={"files": ("x.png", b"\x89PNG\r\n\x1a\n", "image/png")},
                         headers={"origin": server.url.rstrip("/")})  # plain HTTP: Origin, no Sec-Fetch-Site
        assert r.status_code == 200, r.text[:200]
