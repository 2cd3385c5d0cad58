"""Red team 32: the Guard's refusal of requests another site starts (``creator.ui.server._foreign``),
attacked on a live studio as a page on another site that a signed-in creator (carl) visits.

A studio reached at a name that is not localhost (``studio.example``: every deployment beyond one
machine) gets Gradio's CORS answer for *any* Origin: ``Access-Control-Allow-Origin`` set to that
origin, ``Access-Control-Allow-Credentials: true``, and, in a preflight, every header the page asks
for (``route_utils.CustomCORSMiddleware``: only a localhost host restricts origins). So another
site's ``fetch(..., {credentials: "include"})`` is sent with the creator's cookies *and its answer
is read by that site*; Gradio's ``access-token-*`` cookie is ``SameSite=None; Secure``, so over HTTPS
every browser sends it cross-site.

1. The Guard looks only at POSTs (and a sign-out). ``GET /gradio_api/token`` answers the session
   cookie's value (``{"token": ..., "user": "carl"}``): another site's script reads carl's session
   token and is then carl from anywhere (an API client sends no Origin and is never refused).
2. ``_foreign`` takes ``X-Forwarded-Host`` as one of this studio's own names. A page cannot set
   ``Host`` but can set ``X-Forwarded-Host`` (Gradio's preflight allows it, with credentials), so
   on plain HTTP (no ``Sec-Fetch-Site``: the case the Origin check is for) a page names its own
   host there and its POSTs (a sign-in as the attacker, an upload, a generation) are let through.

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import httpx
import pytest
from ui_support import DORA, DORA_PW, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

STUDIO = "studio.example"
EVIL = "https://attacker.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv32")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        yield s


def _secure_token(session: httpx.Client) -> tuple[str, str]:
    """(name, value) of the signed-in session's ``SameSite=None; Secure`` cookie."""
    for c in session.cookies.jar:
        if c.name.startswith("access-token-") and not c.name.startswith("access-token-unsecure-"):
            return c.name, c.value
    raise AssertionError("no access-token cookie")  # pragma: no cover


def test_another_sites_preflight_is_refused_and_no_answer_carries_cors_headers(server, carl):
    """Was the premise (Gradio granted another site's credentialed preflight, X-Forwarded-Host
    included): the Guard now refuses the preflight, and strips Access-Control-* from answers to
    a request naming another origin (tests/security/test_adversary32_cross_site.py's fix)."""
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        r = browser.options("/login", headers={
            "host": STUDIO, "origin": EVIL, "access-control-request-method": "POST",
            "access-control-request-headers": "x-forwarded-host"})
    assert r.status_code == 403 and not any(k.lower().startswith("access-control-") for k in r.headers)
    r = carl.get("/config", headers={"origin": EVIL})
    assert r.status_code == 200 and not any(k.lower().startswith("access-control-") for k in r.headers)


@pytest.mark.parametrize("path", ["/gradio_api/token", "/gradio_api/token/"])
def test_another_site_cannot_read_a_creators_session_token(server, carl, path):
    name, token = _secure_token(carl)
    # what a browser sends for fetch(`https://studio.example${path}`, {credentials: "include"})
    # from https://attacker.example: the SameSite=None cookie, the Origin, Sec-Fetch-Site
    headers = {"host": STUDIO, "origin": EVIL, "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors",
               "sec-fetch-dest": "empty", "cookie": f"{name}={token}"}
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        r = browser.get(path, headers=headers)
    readable = r.headers.get("access-control-allow-origin") in (EVIL, "*")
    assert not (readable and token in r.text), f"{path}: {r.status_code}, ACAO {r.headers.get('access-control-allow-origin')}, {r.text[:120]}"


def test_a_sign_in_started_by_another_site_naming_itself_in_x_forwarded_host_is_refused(server):
    # plain HTTP to studio.example: no Sec-Fetch-Site; the page's fetch adds X-Forwarded-Host
    headers = {"host": STUDIO, "origin": "http://attacker.example", "x-forwarded-host": "attacker.example"}
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        r = browser.post("/login", data={"username": DORA, "password": DORA_PW}, headers=headers)
    assert r.status_code == 403 and "access-token" not in r.headers.get("set-cookie", ""), (r.status_code, r.text[:200])

