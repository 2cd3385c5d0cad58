"""The public verify endpoints as an anonymous attacker meets them.

Promises: an upload is capped by its declared size and again while it streams; a
decompression bomb, an animation or a non-image is refused before verification; each address
is rate-limited (429 with Retry-After); nothing from a request lands on disk; an error never
shows its internal text; a manifest id cannot name a file; the public routes are exactly the
listed ones and every Gradio route still needs a login.

Most requests go straight to the ASGI app (no server), so a test can send a lying
Content-Length or count how much of a body was read.
"""

from __future__ import annotations

import asyncio
import struct
import tempfile
import zlib

import pytest
from starlette.testclient import TestClient

from creator.ui.public import PublicLimits, TokenBucket, is_public
from public_support import png_bytes as _png, public_app as _app
from studio_world import noise, open_world

_INTERNAL = ("Traceback", "Error", "Exception", "PIL", "sqlite", "cannot identify", "/tmp", "File \"")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A studio's registry and keys in a temp data dir (tests/creator/test_public_verify.py
    covers real outputs; the attacks here need none)."""
    it = open_world(tmp_path_factory.mktemp("pubattack"), stub_by_default=True, files_only=True)
    w = next(it)
    w.settings.ensure_dirs()
    w.settings.watermark_key()  # the installation secret exists before any request
    yield w
    it.close()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png_bomb(width: int, height: int, *, real: bool) -> bytes:
    """A greyscale PNG of width×height: ``real`` = every row present (zeros compress ~1000:1),
    else a header that declares the size over a few bytes of data."""
    rows = (b"\x00" + b"\x00" * width) * height if real else b"\x00" * 64
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(rows, 9)) + _chunk(b"IEND", b""))


class _Sent:
    """An ASGI call with a chosen body stream: status, headers, body, and how many chunks were read."""

    def __init__(self, app, method: str, path: str, headers: dict[str, str], chunks: list[bytes],
                 client: str = "203.0.113.7", query: str = ""):
        self.read = 0
        self.status, self.headers, self.body = 0, {}, b""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
                 "root_path": "", "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
                 "client": (client, 40000), "server": ("127.0.0.1", 80)}
        todo = list(chunks)

        async def receive():
            if not todo:
                return {"type": "http.request", "body": b"", "more_body": False}
            self.read += 1
            body = todo.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(todo)}

        async def send(msg):
            if msg["type"] == "http.response.start":
                self.status = msg["status"]
                self.headers = {k.decode(): v.decode() for k, v in msg["headers"]}
            elif msg["type"] == "http.response.body":
                self.body += msg.get("body", b"")

        asyncio.run(app(scope, receive, send))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _form(data: bytes, boundary: str = "xyzBOUNDARY") -> tuple[dict[str, str], bytes]:
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return {"content-type": f"multipart/form-data; boundary={boundary}"}, body


def _clean(text: str) -> None:
    assert not any(w in text for w in _INTERNAL), text


# ----------------------------------------------------------------------------- size caps
def test_an_oversize_upload_is_refused_by_its_header_before_any_byte_is_read(world):
    app = _app(world, max_upload_bytes=100_000)
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": str(10**9)}
    sent = _Sent(app, "POST", "/public/api/verify", headers, [b"x" * 65536] * 4)
    assert sent.status == 413 and sent.read == 0
    assert "1000000000 bytes; the limit is" in sent.text
    _clean(sent.text)


def test_a_lying_content_length_is_cut_off_while_streaming(world):
    app = _app(world, max_upload_bytes=100_000)
    headers, body = _form(b"\x89PNG" + b"\x00" * 3_000_000)
    headers["content-length"] = "500"  # the header lies
    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    sent = _Sent(app, "POST", "/public/api/verify", headers, chunks)
    assert sent.status == 413 and "larger than the limit" in sent.text
    assert sent.read <= (100_000 + 64 * 1024) // 65536 + 2 < len(chunks)


def test_no_content_length_is_capped_too(world):
    app = _app(world, max_upload_bytes=100_000)
    sent = _Sent(app, "POST", "/public/c2pa/matches/byContent", {"content-type": "image/png"},
                 [b"\x00" * 65536] * 40)
    assert sent.status == 413 and sent.read < 40


# ----------------------------------------------------------------------------- hostile content
@pytest.mark.parametrize("bomb", [
    pytest.param(lambda: _png_bomb(6000, 5000, real=True), id="zeros-30MP-in-30kB"),
    pytest.param(lambda: _png_bomb(40000, 40000, real=False), id="header-1600MP"),
])
def test_decompression_bombs_are_refused_before_decoding(world, bomb):
    data = bomb()
    assert len(data) < 100_000
    r = TestClient(_app(world)).post("/public/api/verify", files={"file": ("b.png", data, "image/png")})
    assert r.status_code == 413 and r.json()["error"] == "too_many_pixels", r.text
    _clean(r.text)


@pytest.mark.parametrize("data,status,error", [
    (b"#!/bin/sh\necho hello\n" * 10, 415, "unsupported_media_type"),
    (b"GIF89a" + b"\x00" * 100, 415, "unsupported_media_type"),
    (b"%PDF-1.4\n" + b"0" * 100, 415, "unsupported_media_type"),
    (None, 400, "unreadable_image"),  # a truncated PNG
    (b"", 400, "empty_upload"),
], ids=["script", "gif", "pdf", "truncated-png", "empty"])
def test_non_images_are_refused_with_a_sentence_not_an_exception(world, data, status, error):
    if data is None:
        data = _png(noise(256))[:5000]
    r = TestClient(_app(world)).post("/public/api/verify", files={"file": ("x.png", data, "image/png")})
    assert r.status_code == status and r.json()["error"] == error, r.text
    _clean(r.text)


def test_malformed_forms_are_refused(world):
    c = TestClient(_app(world))
    assert c.post("/public/api/verify", content=b"plain", headers={"content-type": "text/plain"}).status_code == 415
    r = c.post("/public/api/verify", files={"other": ("a.png", b"abc", "image/png")})
    assert r.status_code == 400 and r.json()["error"] == "missing_file"
    r = c.post("/public/api/verify", content=b"--x\r\ngarbage", headers={"content-type": "multipart/form-data; boundary=x"})
    assert r.status_code == 400
    _clean(r.text)


def test_an_internal_failure_shows_one_fixed_sentence(world, monkeypatch):
    import creator.verify

    def explode(*a, **k):
        raise RuntimeError("sqlite3.OperationalError at /srv/studio/secret-path/consent.db user=olive")

    monkeypatch.setattr(creator.verify, "verify_bytes", explode)
    c = TestClient(_app(world))
    r = c.post("/public/api/verify", files={"file": ("a.png", _png(noise(256)), "image/png")})
    assert r.status_code == 500 and r.json() == {"error": "internal", "message": r.json()["message"]}
    assert "secret-path" not in r.text and "olive" not in r.text and "OperationalError" not in r.text
    page = c.post("/public/verify", files={"file": ("a.png", _png(noise(256)), "image/png")})
    assert page.status_code == 500 and "secret-path" not in page.text and "nothing was stored" in page.text


# ----------------------------------------------------------------------------- rate limit
def test_each_address_is_rate_limited_with_retry_after(world):
    app = _app(world, burst=2, per_minute=1)
    q = "alg=x&value=AAAAAAAA"
    first = [_Sent(app, "GET", "/public/c2pa/matches/byBinding", {}, [], client="198.51.100.1", query=q).status
             for _ in range(2)]
    third = _Sent(app, "GET", "/public/c2pa/matches/byBinding", {}, [], client="198.51.100.1", query=q)
    assert 429 not in first and third.status == 429
    assert int(third.headers["retry-after"]) >= 1 and "Too many requests" in third.text
    spoofed = _Sent(app, "GET", "/public/c2pa/matches/byBinding", {"x-forwarded-for": "192.0.2.99",
                    "x-real-ip": "192.0.2.98"}, [], client="198.51.100.1", query=q)
    assert spoofed.status == 429  # forwarding headers are not believed
    other = _Sent(app, "GET", "/public/c2pa/matches/byBinding", {}, [], client="198.51.100.2", query=q)
    assert other.status != 429
    upload = _Sent(app, "POST", "/public/api/verify", {"content-type": "multipart/form-data; boundary=x",
                                                        "content-length": "10"}, [b"0123456789"], client="198.51.100.1")
    assert upload.status == 429 and upload.read == 0  # refused before the body is read


def test_a_large_picture_costs_more_of_the_allowance(world):
    from types import SimpleNamespace

    from creator.ui.public import _Service

    bucket = TokenBucket(burst=4, per_minute=1, clock=lambda: 0.0)
    service = _Service(world.settings, world.registry, PublicLimits(), bucket)
    service.charge("a", SimpleNamespace(width=4000, height=3000))  # 12 MP: two tokens more than a small one
    assert bucket.take("a", 2.0) == 0.0
    with pytest.raises(Exception) as refused:
        service.charge("a", SimpleNamespace(width=2100, height=2000))
    assert getattr(refused.value, "status", None) == 429


def test_the_token_bucket_refills_and_forgets_old_addresses():
    now = [0.0]
    b = TokenBucket(burst=2, per_minute=6, clock=lambda: now[0], max_clients=3)
    assert [b.take("a"), b.take("a")] == [0.0, 0.0] and b.take("a") == pytest.approx(10.0)
    now[0] += 10.0
    assert b.take("a") == 0.0
    for addr in ("b", "c", "d", "e"):
        b.take(addr)
    assert len(b._buckets) == 3


# ----------------------------------------------------------------------------- nothing stored
def test_nothing_from_an_upload_is_written_to_disk(world, tmp_path, monkeypatch):
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    monkeypatch.setenv("TMPDIR", str(spool))

    def no_temp(*a, **k):
        raise AssertionError("a temp file was opened for an upload")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, no_temp)
    before = sorted(p for p in world.settings.data_dir.rglob("*") if p.suffix not in (".db", ".db-wal", ".db-shm", ".db-journal"))
    big = _png(noise(1024, seed=4))  # over Starlette's 1 MB spooling threshold
    assert len(big) > 1024 * 1024
    c = TestClient(_app(world))
    for route in ("/public/api/verify", "/public/verify"):
        assert c.post(route, files={"file": ("big.png", big, "image/png")}).status_code == 200
    assert c.post("/public/c2pa/matches/byContent", content=big, headers={"content-type": "image/png"}).status_code == 200
    after = sorted(p for p in world.settings.data_dir.rglob("*") if p.suffix not in (".db", ".db-wal", ".db-shm", ".db-journal"))
    assert after == before and list(spool.iterdir()) == []


# ----------------------------------------------------------------------------- manifest ids
@pytest.mark.parametrize("manifest_id", [
    "../../consent.db", "..%2F..%2Fconsent.db", "urn:c2pa:../../../etc/passwd", "%2Fetc%2Fpasswd",
    "urn:c2pa:00000000-0000-4000-8000-000000000000' OR '1'='1", "urn:c2pa:" + "a" * 300,
])
def test_a_manifest_id_cannot_name_a_file(world, manifest_id):
    r = TestClient(_app(world)).get(f"/public/c2pa/manifests/{manifest_id}")
    assert r.status_code in (400, 404), r.text
    assert "root:" not in r.text and "SQLite" not in r.text
    _clean(r.text)


def test_soft_binding_queries_are_validated(world):
    c = TestClient(_app(world))
    from creator.disclosure.watermark import Watermarker

    bad = [{"alg": "other.alg", "value": "AAAAAAAA"}, {"alg": Watermarker.name, "value": "not base64!"},
           {"alg": Watermarker.name, "value": "A" * 200}, {"alg": Watermarker.name, "value": "AAAA"}, {}]
    for q in bad:
        r = c.get("/public/c2pa/matches/byBinding", params=q)
        assert r.status_code == 400 and r.json()["error"] in ("bad_query", "unsupported_alg"), (q, r.text)
    assert c.get("/public/c2pa/matches/byBinding", params={"alg": Watermarker.name, "value": "AAAAAAAA",
                                                           "maxResults": "0"}).status_code == 400
    assert c.post("/public/c2pa/matches/byBinding", content=b"[1,2]").status_code == 400
    assert c.post("/public/c2pa/matches/byBinding", content=b"{" * 10_000).status_code == 413


# ----------------------------------------------------------------------------- the guard
@pytest.fixture(scope="module")
def server(world):
    """The studio's real server (Guard + Gradio with sign-in) around a one-endpoint page."""
    import gradio as gr

    from creator.auth import Role, UserStore
    from creator.ui.server import create_server

    store = UserStore.from_settings(world.settings)
    store.add("olive", Role.OPERATOR, "olive-operator-pw")
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button("go").click(lambda s: s, box, box, api_name="verify")
    app = create_server(demo, world.settings, store, world.registry, auth_message="sign in", css="")
    return TestClient(app)


def test_only_the_listed_public_routes_skip_the_login(server, world):
    assert server.get("/public/verify").status_code == 200
    assert server.get("/public/c2pa/services/supportedAlgorithms").status_code == 200
    key = server.get("/public/audit-key")  # what a proof of consent is checked against (session 65)
    assert key.status_code == 200 and key.json()["key_id"].startswith("ed25519:")
    assert "PUBLIC KEY" in key.json()["public_key_pem"] and "PRIVATE" not in key.text
    r = server.post("/public/api/verify", files={"file": ("a.png", _png(noise(256)), "image/png")})
    assert r.status_code == 200 and r.json()["verdict"] == "no_credentials"
    # a service manager's health check (session 66), saying nothing else
    assert server.get("/public/health").json() == {"status": "ok"}
    for method, path in [("GET", "/public"), ("GET", "/public/"), ("GET", "/public/api/verify"),
                         ("DELETE", "/public/verify"), ("PUT", "/public/api/verify"), ("GET", "/public/docs"),
                         ("GET", "/public/c2pa/manifests/a/b"), ("GET", "/public/openapi.json"),
                         ("POST", "/public/audit-key"), ("GET", "/public/audit-key/x"), ("POST", "/public/health")]:
        assert server.request(method, path).status_code == 404, (method, path)
    assert is_public("GET", "/public/verify") and not is_public("GET", "/public/verify/")


@pytest.mark.parametrize("method,path", [
    ("GET", "/config"), ("GET", "/gradio_api/info"), ("POST", "/gradio_api/call/verify"),
    ("POST", "/gradio_api/run/verify"), ("POST", "/gradio_api/api/verify"), ("POST", "/gradio_api/queue/join"),
    ("GET", "/gradio_api/queue/data"), ("POST", "/gradio_api/upload"), ("GET", "/public/../config"),
    ("GET", "/public/..%2Fgradio_api%2Finfo"),
])
def test_gradio_routes_still_need_a_login(server, method, path):
    r = server.request(method, path, json={"data": ["x"]} if method == "POST" else None)
    assert r.status_code in (401, 403, 404), (method, path, r.status_code, r.text[:200])


def test_facts_are_escaped_on_the_page():
    from creator.ui.public import _page

    hostile = {"verdict": "credentials_ok\"><script>", "tone": "good", "title": "<img src=x onerror=alert(1)>",
               "summary": "</section><script>alert(1)</script>", "ai_generated": True,
               "provider": "<script>alert(2)</script>", "ai_system": "a&b", "created": None, "time_stamp": None,
               "likeness": None, "watermark": {"found": False}, "label": {}}
    page = _page(facts=hostile)
    assert "<script" not in page and "<img" not in page and "&lt;script&gt;alert(2)" in page


def test_the_health_check_answers_503_without_a_word_when_the_records_do_not_hold(server, world, monkeypatch):
    from consent.integrity import IntegrityFailure

    def failing():
        raise IntegrityFailure("audit log truncated: the installation's anchor records entry 9, but the log ends at entry 3")

    import creator.ui.public as public

    monkeypatch.setattr(public, "HEALTH_KEPT_S", 0.0)  # (its answer is kept a few seconds otherwise)
    monkeypatch.setattr(world.registry, "require_intact", failing)
    r = server.get("/public/health")
    assert r.status_code == 503 and r.json() == {"status": "unavailable"}  # nothing of why, to anyone
