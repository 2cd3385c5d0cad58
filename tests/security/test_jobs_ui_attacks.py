"""Jobs and "My outputs" as an attacker meets them: a signed-in creator calls the Gradio API
endpoints and the download route directly, with another creator's job ids.

A server of its own (``consent-studio serve`` in a subprocess, loopback only, the built-in
GAN). Carl makes a job; Mallory (another creator) knows its id (job ids appear in URLs,
screenshots, support tickets) and tries every endpoint with it.
"""

from __future__ import annotations

import re
import time
import urllib.parse

import httpx
import pytest
from ui_support import CREATOR, CREATOR_PW, generate_fields, start_live_server

from consent.registry import Registry
from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

MALLORY, MALLORY_PW = "mallory", "mallory-creator-pw1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("jobs-web")) as s:
        UserStore.from_settings(s.settings).add(MALLORY, Role.CREATOR, MALLORY_PW)
        yield s
        while _CLIENTS:
            _CLIENTS.pop().close()


_CLIENTS: list = []


def _client(server, user: str, password: str):
    from gradio_client import Client

    c = Client(server.url, auth=(user, password), verbose=False, download_files=str(server.work / f"dl-{user}"))
    _CLIENTS.append(c)  # closed before the server stops (an open client keeps it waiting)
    return c


def _session(server, user: str, password: str) -> httpx.Client:
    c = httpx.Client(base_url=server.url, timeout=60)
    _CLIENTS.append(c)
    r = c.post("/login", data={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return c


@pytest.fixture(scope="module")
def carls_job(server) -> str:
    """A finished job of Carl's with one signed output."""
    carl = _client(server, CREATOR, CREATOR_PW)
    job_id, *_rest = carl.predict(**generate_fields(count=1, seed=5), api_name="/submit_job")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = carl.predict(job_id, api_name="/job_status")[0]
        if ": done," in status:
            return job_id
        assert "running" in status or "queued" in status, status
        time.sleep(0.5)
    pytest.fail(f"carl's job did not finish: {status}")


@pytest.fixture(scope="module")
def mallory(server):
    return _client(server, MALLORY, MALLORY_PW)


@pytest.mark.parametrize("endpoint,args", [
    ("/job_status", ()), ("/cancel_job", ()), ("/reuse_settings", ()), ("/verify_output", (0,)), ("/output_link", (0,)),
    ("/cancel_history_job", ()),
])
def test_another_creators_job_is_not_found_through_every_endpoint(mallory, carls_job, endpoint, args) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=rf"job '{carls_job}' is not recorded") as e:
        mallory.predict(carls_job, *args, api_name=endpoint)
    assert "carl" not in str(e.value) and "seed" not in str(e.value)


def test_my_outputs_lists_only_my_own_jobs(server, mallory, carls_job) -> None:
    gallery, table, *_ = mallory.predict(api_name="/my_outputs")
    assert carls_job not in str(table) and not gallery
    _g, carls_table, *_ = _client(server, CREATOR, CREATOR_PW).predict(api_name="/my_outputs")
    assert carls_job in str(carls_table)
    _g, admins_table, *_ = _client(server, "admin", server.admin_password).predict(api_name="/my_outputs")
    assert carls_job in str(admins_table)  # operators see everyone's


def test_the_download_route_serves_the_maker_and_operators_only(server, carls_job) -> None:
    url = f"/download/{carls_job}/0"
    r = _session(server, CREATOR, CREATOR_PW).get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    name = re.search(r'filename="([^"]+)"', r.headers["content-disposition"]).group(1)
    assert re.fullmatch(r"consent-studio_\d{4}-\d\d-\d\d_\d{4}_seed-5_[0-9a-f]{8}\.png", name)
    # the stored file keeps its content-addressed name; the download is its exact bytes
    stored = [p for p in server.settings.outputs_dir.iterdir() if p.name.startswith(name[-12:-4])]
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{64}\.png", stored[0].name) and stored[0].read_bytes() == r.content
    assert _session(server, "admin", server.admin_password).get(url).status_code == 200
    refused = _session(server, MALLORY, MALLORY_PW).get(url)
    assert refused.status_code == 404 and name not in refused.text and stored[0].name not in refused.text
    assert httpx.get(server.url + url, headers={"connection": "close"}).status_code == 404  # signed out
    with Registry.from_settings(server.settings) as reg:
        assert any(e.kind == "file_refused" and e.payload.get("job") == carls_job for e in reg.audit_entries())


@pytest.mark.parametrize("path", [
    "/download/{job}/1", "/download/{job}/-1", "/download/{job}/0x0", "/download/..%2F..%2Fconsent.db/0",
    "/download/%2Fetc%2Fpasswd/0", "/download/{job}%27%20OR%201=1--/0",
])
def test_the_download_route_refuses_probes(server, carls_job, path) -> None:
    r = _session(server, CREATOR, CREATOR_PW).get(path.format(job=urllib.parse.quote(carls_job)))
    assert r.status_code == 404 and "root:" not in r.text and "SQLite" not in r.text


def test_a_creator_cannot_queue_a_job_under_another_name_or_cancel_one_queued(server, mallory, carls_job) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=r"grantee is 'carl', but this account generates only as 'mallory'"):
        mallory.predict(**generate_fields(grantee=CREATOR), api_name="/submit_job")
    with pytest.raises(AppError, match=r"“Job” is empty; expected the id of the job to cancel"):
        mallory.predict("", api_name="/cancel_job")
    with Registry.from_settings(server.settings) as reg:
        job = reg.get_job(carls_job)
        assert job.state == "done" and job.cancel_requested_by is None
