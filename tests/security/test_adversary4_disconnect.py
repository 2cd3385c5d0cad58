"""Red team: a public visitor who leaves mid-upload, again and again.

Every upload holds one of ``uploads_in_flight`` places (two per address) from its first
byte to its answer. A body that stops with ``http.disconnect`` (a tab closed, or a client
that does it on purpose) must give its place back, store nothing, and, behind the studio's
Guard, cost one log line rather than a stack trace.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from creator.ui.server import Guard, LoginThrottle
from public_support import png_bytes, public_app
from studio_world import noise, open_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    it = open_world(tmp_path_factory.mktemp("adv4disc"), stub_by_default=True, files_only=True)
    w = next(it)
    w.settings.ensure_dirs()
    w.settings.watermark_key()
    yield w
    it.close()


def _call(app, path: str, chunks: list[bytes], *, leave: bool, client: str = "198.51.100.9") -> int:
    """POST ``chunks`` as a multipart body; ``leave``: the client goes away after them. The status answered (0: none)."""
    boundary = "adv4"
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())],
             "client": (client, 40000), "server": ("127.0.0.1", 80)}
    todo = list(chunks)
    status = []

    async def receive():
        if todo:
            body = todo.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(todo) or leave}
        if leave:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(msg):
        if msg["type"] == "http.response.start":
            status.append(msg["status"])

    asyncio.run(app(scope, receive, send))
    return status[0] if status else 0


def _body(data: bytes, boundary: str = "adv4") -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()


def _files(root) -> set[str]:
    return {str(p) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("path", ["/public/api/verify", "/public/verify"])
def test_uploads_abandoned_midway_give_their_places_back(world, path, caplog):
    app = Guard(public_app(world), throttle=LoginThrottle(), user_of=lambda scope: None,
                may_read=lambda user, path: False, audit=lambda kind, data: None)
    before = _files(world.settings.data_dir)
    head = _body(png_bytes(noise(64, seed=1)))[:200]
    with caplog.at_level(logging.WARNING):
        for i in range(12):  # more than uploads_in_flight (8) and per address (2)
            _call(app, path, [head], leave=True)
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records), caplog.text
    assert any("went away" in r.getMessage() for r in caplog.records)
    # The places were given back: a whole upload from the same address is answered, not 503.
    status = _call(app, path, [_body(png_bytes(noise(64, seed=1)))], leave=False)
    assert status == 200
    assert _files(world.settings.data_dir) == before  # nothing of the abandoned uploads was stored
