"""Red team 29: a queue/join with an empty session hash, from any signed-in user, against the
whole studio's Gradio queue. Its own server: the attack can stop the queue for every later
request of the module.
"""

from __future__ import annotations

import time

import httpx
import pytest
from ui_support import DORA, DORA_PW, api_form, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv29q")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        yield s


def _fn_index(session: httpx.Client, api: str) -> int:
    config = session.get("/config").json()
    (index,) = [d.get("id", i) for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api]
    return index


def _carl_is_answered(carl: httpx.Client) -> tuple[bool, str]:
    r = carl.post("/gradio_api/call/check_consent", json={"data": api_form(prompt="a quiet harbour")})
    if r.status_code != 200:
        return False, f"{r.status_code} {r.text[:200]}"
    text = ""
    with carl.stream("GET", f"/gradio_api/call/check_consent/{r.json()['event_id']}", timeout=30) as s:
        for chunk in s.iter_text():
            text += chunk
            if "event: complete" in text or "event: error" in text:
                break
    return "event: complete" in text, text[:200]


def test_a_join_with_an_empty_session_hash_neither_errors_nor_stops_the_studios_queue(carl, dora):
    ok, said = _carl_is_answered(carl)
    assert ok, said  # the queue works before
    for _ in range(2):  # carl's generations: one runs, one waits (a studio in use); dora's waits behind
        carl.post("/gradio_api/call/generate", json={"data": api_form(prompt="a red kite", count=2, width=1024,
                                                                      height=1024)})
    statuses = []
    for _ in range(3):
        try:
            statuses.append(dora.post("/gradio_api/queue/join", json={
                "data": api_form(prompt="a lighthouse"), "event_data": None, "trigger_id": None,
                "fn_index": _fn_index(dora, "generate"), "session_hash": ""}).status_code)
        except httpx.HTTPError as e:  # the 500 resets the connection
            statuses.append(type(e).__name__)
        time.sleep(0.5)
    time.sleep(8)  # the generations end; the queue moves on (or has stopped)
    ok, said = _carl_is_answered(carl)
    assert ok and all(isinstance(s, int) and 400 <= s < 500 for s in statuses), (statuses, said)
