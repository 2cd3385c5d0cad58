"""The web studio as an attacker with a browser and an HTTP client meets it.

A server of its own (``consent-studio serve`` in a subprocess, loopback only), so that the
sign-in throttling here cannot slow the other browser tests down.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from ui_support import CREATOR, CREATOR_PW, api_session, generate_fields, start_live_server

from consent.registry import Registry
from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("web")) as s:
        store = UserStore.from_settings(s.settings)
        store.add("dora", Role.CREATOR, "dora-creator-pw1")
        store.add("bruno", Role.CREATOR, "bruno-creator-pw1")
        yield s


def _audit_kinds(server) -> list[str]:
    with Registry.from_settings(server.settings) as reg:
        return [e.kind for e in reg.audit_entries()]


def test_sign_in_brute_force_is_throttled_and_audited(server):
    c = httpx.Client(base_url=server.url, timeout=30)
    codes = [c.post("/login", data={"username": "bruno", "password": f"guess-{i:04d}"}).status_code for i in range(12)]
    assert codes[:5] == [400] * 5 and 429 in codes[5:]
    r = c.post("/login", data={"username": "bruno", "password": "bruno-creator-pw1"})  # the right one, too late
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert "Too many failed sign-ins" in r.json()["detail"]
    kinds = _audit_kinds(server)
    assert kinds.count("login_failed") >= 5 and "login_throttled" in kinds


def test_guesses_typed_into_the_browser_form_count_against_that_account_only(server):
    """Gradio's sign-in page posts ``multipart/form-data`` (API clients post URL-encoded forms).
    The throttle once read only the latter: every browser guess counted against one account
    named '', so five wrong passwords typed by anyone refused every browser sign-in of everyone."""
    from creator.ui.server import FREE_ATTEMPTS

    UserStore.from_settings(server.settings).add("mira", Role.CREATOR, "mira-creator-pw1")
    c = httpx.Client(base_url=server.url, timeout=30)

    def as_the_page_sends(user: str, password: str) -> dict:
        return {"username": (None, user), "password": (None, password)}  # multipart fields, no file name

    codes = [c.post("/login", files=as_the_page_sends("mira", f"guess-{i}")).status_code for i in range(FREE_ATTEMPTS)]
    assert codes == [400] * FREE_ATTEMPTS
    r = c.post("/login", files=as_the_page_sends("dora", "dora-creator-pw1"))  # another person, same address
    assert r.status_code == 200, r.text
    with Registry.from_settings(server.settings) as reg:
        failed = [e.payload.get("user") for e in reg.audit_entries(kind="login_failed")]
    assert failed[-FREE_ATTEMPTS:] == ["mira"] * FREE_ATTEMPTS, failed


def _generate(client_user: str, password: str, server) -> Path:
    from gradio_client import Client

    client = Client(server.url, auth=(client_user, password), verbose=False, download_files=str(server.work / client_user))
    _gallery, downloads, decision_md, _summary = client.predict(**generate_fields(count=1), api_name="/generate")
    assert 'data-verdict="allowed"' in decision_md, decision_md
    (d,) = downloads
    return Path(d) if isinstance(d, str) else Path(d["path"])


def test_another_users_output_is_not_served_by_url(server):
    mine = _generate(CREATOR, CREATOR_PW, server)
    url = f"/gradio_api/file={server.settings.outputs_dir / mine.name}"
    assert api_session(server, CREATOR, CREATOR_PW).get(url).status_code == 200
    assert api_session(server, "admin", server.admin_password).get(url).status_code == 200
    other = api_session(server, "dora", "dora-creator-pw1").get(url)
    assert other.status_code == 404 and mine.name not in other.text
    assert "file_refused" in _audit_kinds(server)


def test_signed_out_nothing_is_served_and_logout_ends_the_session(server):
    mine = _generate(CREATOR, CREATOR_PW, server)
    url = f"/gradio_api/file={server.settings.outputs_dir / mine.name}"
    anonymous = httpx.Client(base_url=server.url, timeout=30)
    assert anonymous.get(url).status_code in (401, 403, 404)
    c = api_session(server, CREATOR, CREATOR_PW)
    assert c.get(url).status_code == 200
    c.get("/logout")
    assert c.get(url).status_code in (401, 403, 404)


def test_another_site_cannot_sign_a_user_out(server):
    """Gradio signs out on GET /logout: a link or image on another site would end a studio
    session (a job's page with it) for anyone who opens that site. A browser marks such a
    request ``Sec-Fetch-Site: cross-site``; the studio's own Sign out button is same-origin."""
    c = api_session(server, CREATOR, CREATOR_PW)
    try:
        r = c.get("/logout", headers={"sec-fetch-site": "cross-site"})
        assert r.status_code == 403
        assert c.post("/gradio_api/call/my_outputs", json={"data": []}).status_code == 200  # still signed in
        c.get("/logout", headers={"sec-fetch-site": "same-origin"})  # the Sign out button
        assert c.post("/gradio_api/call/my_outputs", json={"data": []}).status_code in (401, 403)
    finally:
        c.close()


def _raw_call(session: httpx.Client, fn_index: int, data: list) -> tuple[bool, object]:
    """Call an event by index the way the page does (queue/join, then the event stream)."""
    import uuid

    sh = uuid.uuid4().hex[:10]
    r = session.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": sh,
                                                      "event_data": None, "trigger_id": None})
    if r.status_code != 200:
        return False, r.text
    with session.stream("GET", f"/gradio_api/queue/data?session_hash={sh}") as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            msg = json.loads(line[5:])
            if msg.get("msg") == "process_completed":
                return bool(msg.get("success")), msg.get("output")
    return False, None


def test_every_endpoint_checks_the_role_of_a_creator(server):
    """Operator endpoints — named ones and the page's private ones — refuse a creator; the subject
    picker lists only subjects granted to that creator."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with Registry.from_settings(server.settings) as reg:
        from consent.operations import Operations

        Operations(reg).add_subject("secret-sam", "Sam Secret")
    client = Client(server.url, auth=("dora", "dora-creator-pw1"), verbose=False)
    for api, args in [("/list_subjects", ()), ("/audit_entries", ("", "", 5)), ("/audit_check", ()),
                      ("/revoke_grant", ("g-000000000000", "x")), ("/grant_status", ("",)),
                      ("/set_opt_out", ("secret-sam", "set", "")), ("/enroll", ("secret-sam", [])),
                      ("/edit_subject", ("secret-sam", "New", "", "unchanged", None, False, "", None, None))]:
        with pytest.raises(AppError, match="requires the operator role"):
            client.predict(*args, api_name=api)
    info = httpx.get(f"{server.url}/config", cookies=api_session(server, "dora", "dora-creator-pw1").cookies).json()
    private = [i for i, d in enumerate(info["dependencies"]) if d.get("api_visibility") == "private" or not d.get("api_name")]
    assert private  # the page's internal endpoints (session start, pickers, …) are probed too
    dora = api_session(server, "dora", "dora-creator-pw1")
    answered = 0
    for fn_index in private:
        n_inputs = len(info["dependencies"][fn_index].get("inputs") or ())
        ok, out = _raw_call(dora, fn_index, [None] * n_inputs)
        answered += ok
        assert "secret-sam" not in json.dumps(out), f"fn_index {fn_index} leaked the subject list to a creator: {out!r}"
    assert answered  # the creator's own page endpoints do answer (so the check above was real)


def test_a_client_leaving_mid_upload_leaves_no_traceback_and_the_server_serves_on(server):
    """A tab closed while a picture uploads: the request ends without an answer. That is no
    server fault, so the log gets one line, not a stack trace, and the next request is served."""
    import socket
    import time
    from urllib.parse import urlsplit

    c = api_session(server, CREATOR, CREATOR_PW)
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    before = "".join(server.log).count("Traceback")
    boundary = "cs-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode()
    u = urlsplit(server.url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall((f"POST /gradio_api/upload HTTP/1.1\r\nHost: {u.netloc}\r\nCookie: {cookie}\r\n"
                   f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                   "Content-Length: 5000000\r\n\r\n").encode() + head + b"\x89PNG" + b"\0" * 65536)
        time.sleep(1.0)  # the server is now reading the body; then the client goes away
    deadline = time.monotonic() + 10
    while "went away during POST /gradio_api/upload" not in "".join(server.log) and time.monotonic() < deadline:
        time.sleep(0.2)
    log = "".join(server.log)
    assert "went away during POST /gradio_api/upload" in log, log[-3000:]
    assert log.count("Traceback") == before, log[-6000:]
    assert c.get("/").status_code == 200


def test_a_sign_in_is_recorded_with_the_account_and_address_by_the_web_server(server):
    """A self-hosting admin's walkthrough (session 66): failed sign-ins were audited, successful
    ones not, and the server's entries were all the OS user's ("cli:root")."""
    UserStore.from_settings(server.settings).add("sina", Role.CREATOR, "sina-creator-pw1")
    c = httpx.Client(base_url=server.url, timeout=30)
    assert c.post("/login", data={"username": "sina", "password": "sina-creator-pw1"}).status_code == 200
    with Registry.from_settings(server.settings) as reg:
        (entry,) = [e for e in reg.audit_entries(kind="signed_in") if e.payload.get("user") == "sina"]
    assert entry.payload["client"] == "127.0.0.1" and entry.payload["actor"] == "web"
