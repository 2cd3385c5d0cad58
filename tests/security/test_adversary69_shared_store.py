"""Red team 69: the web studio with a shared output store (the Ray set-up) showed no output.

With ``CONSENT_STUDIO_OUTPUT_STORE`` (required with Ray workers), outputs are published under
``<store>/outputs``, but the server let Gradio serve only ``<data dir>/outputs``: every finished
output was refused when the page was sent, the creator saw an error naming server paths (the
store, the server's working directory) and no picture, while the job was done and the grant use
counted. The store's outputs are now served as the data directory's are (to their owner), and its
work folder never.

Emulated without a Ray cluster: the server's studio publishes into ``FileOutputStore.shared``, the
store the Ray backend gets; a stub engine (the recipe, disclosure and record are the real ones).
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from studio_world import StubEngine
from ui_support import api_call, api_form

pytestmark = pytest.mark.slow


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    from creator.auth import Role, UserStore
    from creator.jobs.store import FileOutputStore
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from creator.ui.layout import launch

    settings = StudioSettings(data_dir=tmp_path / "data")
    settings.ensure_dirs()
    store_root = tmp_path / "shared-store"
    studio = Studio(settings, engines={"gan": lambda r: StubEngine()}, store=FileOutputStore.shared(store_root))
    users = UserStore.from_settings(settings)
    users.add("olive", Role.OPERATOR, "operator-password-123")
    users.add("carl", Role.CREATOR, "creator-password-123")
    users.add("mallory", Role.CREATOR, "creator-password-123")
    port = _port()
    srv = launch(settings, port=port, store=users, prevent_thread_lock=True, studio=studio)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        yield url, store_root
    finally:
        srv.should_exit = True
        studio.registry.close()


def _signed_in(url: str, user: str, pw: str) -> httpx.Client:
    c = httpx.Client(base_url=url, timeout=120)
    assert c.post("/login", data={"username": user, "password": pw}).status_code == 200
    return c


def test_an_output_in_the_shared_store_reaches_its_creator_and_no_one_else(server):
    url, store_root = server
    carl = _signed_in(url, "carl", "creator-password-123")
    text = api_call(carl, "generate", api_form(grantee="", prompt="a harbour at dawn", width=256, height=256,
                                              project=""))
    (out,) = list((store_root / "outputs").glob("*.png"))
    assert "event: complete" in text and f"OK: {out.name}" in text, text[-600:]
    assert str(store_root) not in text  # no server path in what the creator reads
    assert carl.get(f"/gradio_api/file={out}").content == out.read_bytes()
    for other in (httpx.Client(base_url=url, timeout=60), _signed_in(url, "mallory", "creator-password-123")):
        assert other.get(f"/gradio_api/file={out}").status_code in (401, 403, 404)  # not theirs
    (store_root / "staging" / "work.png").parent.mkdir(parents=True, exist_ok=True)
    (store_root / "staging" / "work.png").write_bytes(b"undisclosed")
    assert carl.get(f"/gradio_api/file={store_root / 'staging' / 'work.png'}").status_code == 403
