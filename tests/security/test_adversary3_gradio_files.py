"""Gradio's own file routes, as another signed-in creator and as nobody, reach a studio output.

The Guard serves a studio output only to its maker and to operators. Gradio has more than
one spelling of its file route, and resolves the path it is given with ``os.path.abspath``
(which drops a trailing ``/`` or ``/.`` and folds ``..``): every spelling that reaches the
same file must be refused to another creator.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from ui_support import CREATOR, CREATOR_PW, generate_fields, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv3files")) as s:
        UserStore.from_settings(s.settings).add("dora", Role.CREATOR, "dora-creator-pw1")
        yield s


@pytest.fixture(scope="module")
def carls_output(server) -> Path:
    from gradio_client import Client

    client = Client(server.url, auth=(CREATOR, CREATOR_PW), verbose=False, download_files=str(server.work / "carl"))
    _gallery, downloads, decision_md, _summary = client.predict(**generate_fields(count=1), api_name="/generate")
    assert 'data-verdict="allowed"' in decision_md, decision_md
    (d,) = downloads
    name = Path(d if isinstance(d, str) else d["path"]).name
    out = server.settings.outputs_dir / name
    assert out.is_file()
    return out


def _session(server, user: str, password: str) -> httpx.Client:
    c = httpx.Client(base_url=server.url, timeout=60)
    assert c.post("/login", data={"username": user, "password": password}).status_code == 200
    return c


def _spellings(out: Path) -> list[str]:
    d, name = str(out.parent), out.name
    return [
        f"/gradio_api/file={d}/{name}/",  # abspath drops the trailing slash
        f"/gradio_api/file={d}/{name}/.",  # ... and a trailing "."
        f"/gradio_api/file={d}/{name}//",
        f"/gradio_api/file={d}/{name}/./",
        f"/gradio_api/file={d}/{name}/x/..",  # .. folded
        f"/file={d}/{name}/.",
        f"/gradio_api/file/{d}/{name}",  # the deprecated /file/{path} route
        f"/gradio_api/file/{d}/{name}/.",
        f"/gradio_api/file//{d.lstrip('/')}/{name}",
    ]


def test_the_maker_reads_the_plain_spelling(server, carls_output):
    carl = _session(server, CREATOR, CREATOR_PW)
    r = carl.get(f"/gradio_api/file={carls_output}")
    assert r.status_code == 200 and r.content == carls_output.read_bytes()


def test_another_creator_cannot_read_an_output_by_any_spelling(server, carls_output):
    dora, data = _session(server, "dora", "dora-creator-pw1"), carls_output.read_bytes()
    for url in _spellings(carls_output):
        r = dora.get(url)
        assert not (r.status_code == 200 and r.content == data), f"{url} served carl's output to dora"
        assert carls_output.name not in r.text


def test_nobody_signed_in_reads_an_output_by_any_spelling(server, carls_output):
    data = carls_output.read_bytes()
    with httpx.Client(base_url=server.url, timeout=30) as anonymous:
        for url in _spellings(carls_output):
            r = anonymous.get(url)
            assert not (r.status_code == 200 and r.content == data), f"{url} served an output to nobody"


def test_an_operator_still_reads_every_spelling_that_gradio_serves(server, carls_output):
    admin = _session(server, "admin", server.admin_password)
    assert admin.get(f"/gradio_api/file={carls_output}/").content == carls_output.read_bytes()


def _call(session: httpx.Client, api: str, data: list) -> str:
    """The named endpoint called over Gradio's HTTP API (POST /call, then read its event stream)."""
    r = session.post(f"/gradio_api/call/{api}", json={"data": data})
    assert r.status_code == 200, r.text
    event = r.json()["event_id"]
    return session.get(f"/gradio_api/call/{api}/{event}").text


def test_another_creator_cannot_verify_an_output_by_its_server_path(server, carls_output):
    """The Verify tab's file input given another user's output *path* (it lies in Gradio's allowed
    paths): the answer must not carry a picture of that output, nor its record."""
    import base64
    import re

    dora = _session(server, "dora", "dora-creator-pw1")
    for spelling in (str(carls_output), f"{carls_output}/"):
        text = _call(dora, "verify", [{"path": spelling, "meta": {"_type": "gradio.FileData"}}])
        assert "data:image/" not in text, "a thumbnail of carl's output was returned to dora"
        assert "event: error" in text and "Credentials OK" not in text
        assert "not uploaded by a user" in text  # Gradio's refusal (it repeats only the path dora sent)
        for b64 in re.findall(r"data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)", text):
            assert base64.b64decode(b64)[:4] != carls_output.read_bytes()[:4]


def test_no_server_file_is_taken_as_an_input(server):
    """Any path on the server given as an input file (an image elsewhere on disk, the users file,
    the keys folder, a system file) is refused as not uploaded: no thumbnail, no verdict, no path echoed."""
    import matplotlib

    photo = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    dora = _session(server, "dora", "dora-creator-pw1")
    for path in (photo, server.settings.data_dir / "users.json", server.settings.data_dir / "keys",
                 server.settings.data_dir / "keys" / "audit.key.pem", Path("/etc/hostname")):
        text = _call(dora, "verify", [{"path": str(path), "meta": {"_type": "gradio.FileData"}}])
        assert "event: error" in text, (path, text[:300])
        assert "data:image/" not in text and "verdict" not in text, path


def test_an_uploaded_file_is_still_verified(server, carls_output):
    """The check above leaves the normal way in: a file uploaded through Gradio's /upload."""
    dora = _session(server, "dora", "dora-creator-pw1")
    up = dora.post("/gradio_api/upload", files={"files": ("mine.png", carls_output.read_bytes(), "image/png")})
    assert up.status_code == 200, up.text
    (path,) = up.json()
    text = _call(dora, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])
    assert "event: complete" in text and "cs-v-ok" in text


def test_a_new_account_under_a_removed_makers_name_cannot_read_her_output(server):
    """Red team s60: erin makes an output and leaves (``users remove erin``); a new colleague is
    given the account name ``erin``. The new account is another account: Gradio's file route
    does not serve it the old erin's output (the maker check compared the name alone)."""
    from gradio_client import Client

    users = UserStore.from_settings(server.settings)
    users.add("erin", Role.CREATOR, "erin-creator-pw1")
    client = Client(server.url, auth=("erin", "erin-creator-pw1"), verbose=False, download_files=str(server.work / "erin"))
    _gallery, downloads, decision_md, _summary = client.predict(**generate_fields(count=1, seed=5), api_name="/generate")
    assert 'data-verdict="allowed"' in decision_md, decision_md
    (d,) = downloads
    out = server.settings.outputs_dir / Path(d if isinstance(d, str) else d["path"]).name
    assert _session(server, "erin", "erin-creator-pw1").get(f"/gradio_api/file={out}").status_code == 200
    users.remove("erin")
    users.add("erin", Role.CREATOR, "another-erin-pw2")
    r = _session(server, "erin", "another-erin-pw2").get(f"/gradio_api/file={out}")
    assert r.status_code in (403, 404) and r.content != out.read_bytes()
