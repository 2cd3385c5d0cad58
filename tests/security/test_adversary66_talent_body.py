"""Red team 66: the talent page's form routes read a posted body whole before cutting it.

``/s/<token>/decline``, ``/me/approvals/<id>/<verdict>`` and ``/me/grants/<id>/revoke`` are open to
anyone (the token or the session is checked after the form is read) and read the whole request
body, then kept its first 64 KB: a 400 MB post to a made-up link was read in full (2.7 s, the
server's memory up by 650 MB) before its 410. They now stop at 64 KB, declared or as the bytes
come, and answer 413 without reading on.
"""

from __future__ import annotations

import pytest
from talent_me_support import talent_world

from creator.talent.app import MAX_BODY


@pytest.fixture
def client(tmp_path):
    with talent_world(tmp_path) as (_reg, _ops, _drafts, c):
        yield c


ROUTES = ["/s/not-a-token/decline", "/me/approvals/ap-1/approve", "/me/grants/g-1/revoke"]
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("route", ROUTES)
def test_a_body_declared_over_the_limit_is_refused_unread(client, route):
    r = client.post(route, content=b"reason=" + b"x" * (MAX_BODY + 1), headers=FORM)
    assert r.status_code == 413 and "cannot be read" in r.text


@pytest.mark.parametrize("route", ROUTES)
def test_a_body_streamed_without_a_length_is_cut_off_at_the_limit(client, route):
    def chunks():
        for _ in range(64):  # 4 MB on offer, 64 KB at a time, no content-length
            yield b"x" * 65536

    r = client.post(route, content=chunks(), headers=FORM)
    assert r.status_code == 413


def test_a_small_form_is_still_read(client):
    r = client.post("/s/not-a-token/decline", content=b"reason=not+me", headers=FORM)
    assert r.status_code == 410
