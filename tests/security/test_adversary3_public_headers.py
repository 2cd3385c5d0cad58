"""Public verify's rate limit and sign-in throttle against forged client-address headers.

The studio is started the way ``consent-studio serve`` starts it (:func:`creator.ui.layout.launch`,
uvicorn with its default proxy settings) on 127.0.0.1. A client connecting from another address
(127.0.0.2: not a trusted proxy) sends a new ``X-Forwarded-For`` / ``X-Real-IP`` / ``Forwarded``
with every request, hoping each counts as another client. It must not: its own bucket runs out.
"""

from __future__ import annotations

from contextlib import contextmanager

import httpx
import pytest

from creator.auth import Role, UserStore
from creator.settings import StudioSettings
from server_support import launched

pytestmark = pytest.mark.slow


@contextmanager
def _serving(settings: StudioSettings):
    """The studio as ``consent-studio serve`` starts it, on 127.0.0.1, with an operator; yields its base URL."""
    UserStore.from_settings(settings).add("olive", Role.OPERATOR, "olive-operator-pw1")
    with launched(settings) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _serving(StudioSettings(data_dir=tmp_path_factory.mktemp("adv3hdr") / "data", public_rate_burst=3,
                                 public_rate_per_minute=1.0)) as url:
        yield url


def _from(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def _forged(i: int) -> dict[str, str]:
    ip = f"203.0.113.{i + 1}"
    return {"X-Forwarded-For": ip, "X-Real-IP": ip, "Forwarded": f"for={ip}", "True-Client-IP": ip,
            "CF-Connecting-IP": ip}


def test_a_new_forwarded_address_per_request_does_not_reset_the_public_allowance(server):
    with _from("127.0.0.2") as c:
        codes = [c.post(f"{server}/public/api/verify", content=b"not an image", headers={
            **_forged(i), "content-type": "application/octet-stream"}).status_code for i in range(6)]
    assert 429 in codes, codes
    assert codes.index(429) <= 3, codes  # the burst of 3 was this client's, whatever the headers said


def test_a_new_forwarded_address_per_attempt_does_not_reset_the_sign_in_throttle(server):
    with _from("127.0.0.2") as c:
        codes = [c.post(f"{server}/login", data={"username": "olive", "password": f"guess-{i}"},
                        headers=_forged(i)).status_code for i in range(8)]
    assert 429 in codes, codes


def test_forged_forwarded_addresses_from_loopback_are_not_believed_either(server):
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default: a local forwarder that does
    not set the header (ssh -L, stunnel) would let each client pick its own allowance. The studio
    believes it only from ``CONSENT_STUDIO_TRUSTED_PROXIES``, which is blank here."""
    with _from("127.0.0.1") as c:
        codes = [c.post(f"{server}/public/api/verify", content=b"not an image", headers={
            **_forged(50 + i), "content-type": "application/octet-stream"}).status_code for i in range(6)]
    assert codes.index(429) <= 3, codes


def test_a_configured_proxy_is_believed(tmp_path):
    """With the proxy's address configured, each forwarded client gets its own allowance."""
    settings = StudioSettings(data_dir=tmp_path / "data", public_rate_burst=2, public_rate_per_minute=1.0,
                              trusted_proxies="127.0.0.1")
    with _serving(settings) as url, _from("127.0.0.1") as c:
        codes = [c.post(f"{url}/public/api/verify", content=b"not an image",
                        headers={"X-Forwarded-For": f"198.51.100.{i + 1}", "content-type": "application/octet-stream"}
                        ).status_code for i in range(5)]
    assert 429 not in codes, codes  # five clients behind the proxy, one request each
