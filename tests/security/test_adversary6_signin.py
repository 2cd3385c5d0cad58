"""Red team, round 6: the sign-in throttle against forms Gradio reads and the throttle did not.

The throttle counts each wrong password against the account the form names, read with
Starlette's form parser as Gradio reads it. It read with tighter limits (no file part, at most
16 fields) than FastAPI's, and a form it could not read counted against the account ''. So a
guesser adding one file part (or 17 fields) to each guess had every guess checked by Gradio
against the victim's password while the victim's count never moved: the per-account
back-off, the one that stops guessing from many addresses, did nothing. A form the throttle
cannot read is now refused before Gradio sees it.

In process (Gradio mounted by the real ``create_server``, Starlette's TestClient): no browser,
no subprocess.
"""

from __future__ import annotations

import pytest

from consent.registry import Registry
from creator.auth import Role, UserStore
from creator.settings import StudioSettings


@pytest.fixture
def site(tmp_path):
    import gradio as gr
    from starlette.testclient import TestClient

    from creator.ui.server import LoginThrottle, create_server

    settings = StudioSettings(data_dir=tmp_path / "data")
    settings.ensure_dirs()
    registry = Registry.from_settings(settings)
    store = UserStore.from_settings(settings)
    store.add("mira", Role.CREATOR, "mira-creator-pw1")
    store.add("dora", Role.CREATOR, "dora-creator-pw1")
    with gr.Blocks() as demo:
        gr.Markdown("studio")
    throttle = LoginThrottle()
    app = create_server(demo, settings, store, registry, auth_message="sign in", css="", throttle=throttle)
    with TestClient(app) as client:
        yield client, throttle, registry
    registry.close()


def _extra_file(user, password):
    return {"username": (None, user), "password": (None, password), "x": ("x.txt", b"x", "text/plain")}


def _many_fields(user, password):
    return {"username": (None, user), "password": (None, password), **{f"f{i}": (None, "1") for i in range(20)}}


@pytest.mark.parametrize("shape", [_extra_file, _many_fields], ids=["file-part", "many-fields"])
def test_a_guess_padded_past_the_throttles_parser_still_counts_against_the_account(site, shape):
    from creator.ui.server import FREE_ATTEMPTS

    client, _throttle, _registry = site
    codes = [client.post("/login", files=shape("mira", f"guess-{i}")).status_code for i in range(FREE_ATTEMPTS + 3)]
    # Gradio checks (400) at most FREE_ATTEMPTS of them; the rest wait (429) or are refused unread (422)
    assert codes.count(400) <= FREE_ATTEMPTS, codes
    assert codes.count(200) == 0, codes


def test_a_padded_form_is_refused_and_gradio_never_checks_it(site):
    client, _throttle, _registry = site
    r = client.post("/login", files=_extra_file("dora", "dora-creator-pw1"))  # the right password
    assert r.status_code == 422, r.text
    assert "access-token" not in r.headers.get("set-cookie", "")


def test_duplicated_usernames_count_against_the_one_gradio_checks(site):
    """Both read the last ``username`` (Starlette's form parser for either encoding)."""
    from creator.ui.server import FREE_ATTEMPTS

    client, throttle, _registry = site
    form = "application/x-www-form-urlencoded"
    for i in range(FREE_ATTEMPTS):
        r = client.post("/login", content=f"username=dora&username=mira&password=g{i}".encode(),
                        headers={"content-type": form})
        assert r.status_code == 400, r.text
    assert throttle.wait("mira", "elsewhere") > 0 and throttle.wait("dora", "elsewhere") == 0
    # the last one is the one Gradio signs in
    r = client.post("/login", content=b"username=mira&username=dora&password=dora-creator-pw1",
                    headers={"content-type": form})
    assert r.status_code == 200, r.text


def test_the_sign_in_notice_is_only_on_the_sign_in_page(site):
    from creator.ui.server import SIGN_IN_NOTICE

    client, _throttle, _registry = site
    page = client.get("/")
    assert page.status_code == 200 and SIGN_IN_NOTICE in page.text
    assert client.post("/login", data={"username": "dora", "password": "dora-creator-pw1"}).status_code == 200
    signed_in = client.get("/")
    assert signed_in.status_code == 200 and SIGN_IN_NOTICE not in signed_in.text
    assert SIGN_IN_NOTICE not in client.get("/public/verify").text


def test_guesses_sent_side_by_side_meet_the_count_of_those_still_being_checked(site):
    """The throttle read the wait, let the guess through and counted it once Gradio said 400: forty
    guesses sent at once all read 'no wait' and all were checked (per account and per address).
    An attempt now counts while it is checked."""
    import asyncio

    import httpx

    from creator.ui.server import FREE_ATTEMPTS

    client, throttle, _registry = site
    # the clock stands still: the first wait is 1 s, and on a loaded machine (a clean-clone run)
    # the forty requests took longer than that, so the wait ran out before the checks below
    now = throttle.clock()
    throttle.clock = lambda: now

    async def side_by_side():
        transport = httpx.ASGITransport(app=client.app, client=("10.0.0.9", 4242))
        async with httpx.AsyncClient(transport=transport, base_url="http://studio") as c:
            return await asyncio.gather(*[c.post("/login", data={"username": "mira", "password": f"g{i}"})
                                          for i in range(40)])

    codes = [r.status_code for r in asyncio.run(side_by_side())]
    assert codes.count(400) <= FREE_ATTEMPTS and codes.count(429) == 40 - codes.count(400), codes
    # the right password from elsewhere is still refused while mira's count holds
    assert client.post("/login", data={"username": "mira", "password": "mira-creator-pw1"}).status_code == 429
    # and a sign-in that succeeds leaves the address's count as it was
    for _ in range(3):
        assert client.post("/login", data={"username": "dora", "password": "dora-creator-pw1"}).status_code == 200
    assert throttle.wait("nobody", "testclient") == 0
