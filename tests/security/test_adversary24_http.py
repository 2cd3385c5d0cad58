"""Red team 24: the studio over HTTP, as an outsider, a creator and a second creator meet it.

One real server (``consent-studio serve`` in a subprocess, loopback only, :func:`start_live_server`);
every attack is a plain HTTP request (httpx) against the routes the server really has: Gradio's own
(``/config``, ``/gradio_api/...``, the queue, the file routes), the studio's ``/download`` route and
the public verify page. What red teams 3 and 11 (file routes), 9 and 16 (jobs) and ``test_web``
(named operator endpoints, private fn_index with no arguments) tried is not repeated; this file
covers what they left: response headers of private outputs, whether a refusal says an output
exists, operator handlers called with real arguments by name and by ``fn_index``, Gradio's
unauthenticated internals, model names that are paths, fields the page never sends, the
signed-in Verify tab given files that are not a signed PNG/JPEG or are very large, what Check
consent tells a creator about people they have no grant for, and a session that outlives its user.

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from urllib.parse import quote

import httpx
import pytest
from ui_support import CREATOR, DORA, DORA_PW, api_call, api_complete, api_form, api_session, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

SECRET_SUBJECT, SECRET_NAME = "secret-sam", "Samantha Secretname"
OPTED_OUT, MINOR = "olga-opted", "max-minor"


# --------------------------------------------------------------------------- the world
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv24")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        from consent.operations import Operations
        from consent.registry import Registry

        with Registry.from_settings(s.settings) as reg:
            ops = Operations(reg)
            ops.add_subject(SECRET_SUBJECT, SECRET_NAME)
            ops.add_subject(OPTED_OUT, "Olga Optedout", opt_out=True)
            ops.add_subject(MINOR, "Max Minorson", minor=True, representative_name="Mia Minorson",
                            representative_role="guardian")
        yield s


def _raw_call(session: httpx.Client, fn_index: int, data: list, event_data=None) -> tuple[bool, object]:
    """An event by index, the way the page calls it (queue/join, then the session's event stream)."""
    sh = uuid.uuid4().hex[:10]
    r = session.post("/gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": sh,
                                                      "event_data": event_data, "trigger_id": None})
    if r.status_code != 200:
        return False, r.text
    with session.stream("GET", f"/gradio_api/queue/data?session_hash={sh}") as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                msg = json.loads(line[5:])
                if msg.get("msg") == "process_completed":
                    return bool(msg.get("success")), msg.get("output")
    return False, None


@pytest.fixture(scope="module")
def config(carl) -> dict:
    return carl.get("/config").json()


def _fn(config: dict, api_name: str) -> int:
    (i,) = [i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api_name]
    return i


@pytest.fixture(scope="module")
def carls_output(server, carl) -> dict:
    """One output carl generated over the API: its stored file and its job."""
    data = api_complete(api_call(carl, "generate", api_form(count=1)))
    assert 'data-verdict="allowed"' in data[2], data[2]
    rows = api_complete(api_call(carl, "my_outputs", []))[1]["data"]
    (job_id,) = [r[0] for r in rows]
    (out,) = list(server.settings.outputs_dir.glob("*.png"))
    return {"path": out, "sha": out.stem, "job": job_id}


# --------------------------------------------------------------------------- private outputs: headers
def _not_for_shared_caches(r: httpx.Response) -> bool:
    cc = r.headers.get("cache-control", "").lower()
    return "no-store" in cc or "private" in cc


def test_a_private_output_from_the_file_route_is_not_for_shared_caches(carl, carls_output):
    r = carl.get(f"/gradio_api/file={carls_output['path']}")
    assert r.status_code == 200 and r.content == carls_output["path"].read_bytes()
    assert _not_for_shared_caches(r), dict(r.headers)
    assert r.headers.get("x-content-type-options") == "nosniff", dict(r.headers)


def test_a_private_output_from_the_download_route_is_not_for_shared_caches(carl, carls_output):
    r = carl.get(f"/download/{carls_output['job']}/0")
    assert r.status_code == 200 and r.content == carls_output["path"].read_bytes()
    assert _not_for_shared_caches(r), dict(r.headers)


def test_the_public_verify_answers_and_refusals_are_not_cached(server):
    """The page anyone may load, and the Guard's refusals, say no-store (they differ per request)."""
    with httpx.Client(base_url=server.url, timeout=30) as anon:
        r = anon.get(f"/gradio_api/file=/x/{'a' * 64}.png")
        assert r.status_code in (401, 403, 404)
        if r.status_code == 404:  # the Guard's own refusal
            assert "no-store" in r.headers.get("cache-control", "")
        page = anon.get("/public/verify")
        assert page.status_code == 200
        assert "no-store" in page.headers.get("cache-control", "").lower() or "private" in page.headers.get("cache-control", "").lower()


# --------------------------------------------------------------------------- private outputs: existence
def test_a_refused_output_reads_like_a_digest_that_is_no_output(dora, carls_output):
    other = hashlib.sha256(b"no output has this digest").hexdigest()
    mine = dora.get(f"/gradio_api/file=/nowhere/{carls_output['sha']}.png")
    none = dora.get(f"/gradio_api/file=/nowhere/{other}.png")
    assert mine.status_code == none.status_code, (mine.text, none.text)


def test_another_creators_output_is_still_not_served_by_range_or_head(dora, carls_output):
    """A Range request (Gradio's ranged response) or HEAD is read by the Guard like a GET."""
    url = f"/gradio_api/file={carls_output['path']}"
    r = dora.get(url, headers={"Range": "bytes=0-100"})
    assert r.status_code == 404 and b"PNG" not in r.content
    assert dora.head(url).status_code == 404
    assert dora.get(f"/download/{carls_output['job']}/0", headers={"Range": "bytes=0-100"}).status_code == 404


def test_the_file_route_does_not_fetch_a_url_on_the_server_s_own_network(server, dora, carls_output):
    """``/file=<http url>`` is fetched by Gradio (public addresses only): the studio's own loopback
    address must not be reachable through it (SSRF to /download, /public, the talent page)."""
    for target in (f"{server.url}/download/{carls_output['job']}/0", f"{server.url}/public/verify",
                   "http://localhost:1/", "http://169.254.169.254/latest/meta-data/"):
        try:
            r = dora.get(f"/gradio_api/file={target}", timeout=20)
        except httpx.TimeoutException:
            continue
        assert r.status_code != 200 or (b"PNG" not in r.content[:8] and b"verify" not in r.content.lower()), target


# --------------------------------------------------------------------------- operator handlers, real arguments
_NAMED_OPERATOR_CALLS = [
    ("draft_status", []),
    ("withdraw_draft", ["g-000000000000", "a creator withdrawing someone's draft"]),
    ("import_grant", ['{"grant": {}, "signatures": []}', None]),
    ("confirm_passkey", [SECRET_SUBJECT, "self", "123456"]),
    ("withdraw_passkey", [SECRET_SUBJECT, "k-000000000000", "a creator withdrawing someone's passkey"]),
    ("answer_request", ["req_1", True, "ok", False]),
    ("watch_names", ["Mallory Made", "x"]),
    ("unwatch_name", [SECRET_NAME, "x"]),
    ("delete_subject", [SECRET_SUBJECT, True]),
    ("set_opt_out", [SECRET_SUBJECT, "set", ""]),
    ("grant_status", [SECRET_SUBJECT]),
    ("audit_entries", [SECRET_SUBJECT, "", 5, "", "", "", ""]),
    ("audit_export", ["", ""]),
    ("revoke_grant", ["g-000000000000", "x", True]),
]


@pytest.mark.parametrize("api,args", _NAMED_OPERATOR_CALLS, ids=[a for a, _ in _NAMED_OPERATOR_CALLS])
def test_operator_endpoints_with_real_arguments_refuse_a_creator(carl, config, api, args):
    ok, out = _raw_call(carl, _fn(config, api), args)
    text = json.dumps(out)
    assert not ok, f"{api} answered a creator: {text[:300]}"
    assert SECRET_NAME not in text


def test_add_subject_and_draft_grant_by_index_refuse_a_creator(server, carl, config):
    """The two longest forms, sent whole by ``fn_index`` (not by the named API's keywords)."""
    add = [d for d in config["dependencies"] if d.get("api_name") == "add_subject"][0]
    ok, out = _raw_call(carl, _fn(config, "add_subject"),
                        ["mallory-made", "Mallory Made", "", "person", False, False, None, "", None, None, False]
                        [:len(add["inputs"])])
    assert not ok and "operator role" in json.dumps(out)
    draft = [d for d in config["dependencies"] if d.get("api_name") == "draft_grant"][0]
    args = [SECRET_SUBJECT, CREATOR, "p", "d", ["art"], ["likeness_generation"], ["still_image"], "US", None,
            "2099-01-01", [], 0, "", "signed_release", None, 7, False, False][:len(draft["inputs"])]
    ok, out = _raw_call(carl, _fn(config, "draft_grant"), args)
    assert not ok and "operator role" in json.dumps(out)
    from consent.registry import Registry

    with Registry.from_settings(server.settings) as reg:
        assert "mallory-made" not in {s.id for s in reg.list_subjects()}


@pytest.mark.parametrize("name,args", [("subject_summary", [SECRET_SUBJECT]),
                                       ("merge_summary", [SECRET_SUBJECT, SECRET_SUBJECT]),
                                       ("all_subject_choices", []), ("list_subjects", [])])
def test_private_operator_helpers_with_a_real_subject_tell_a_creator_nothing(carl, config, name, args):
    """The page's change/then handlers (no API name) called by index with a real subject id."""
    idx = [i for i, d in enumerate(config["dependencies"])
           if (d.get("api_name") or "").split("_1")[0] == name or d.get("api_name") == name]
    assert idx
    for i in idx:
        ok, out = _raw_call(carl, i, args[:len(config["dependencies"][i]["inputs"])])
        assert SECRET_NAME not in json.dumps(out) and SECRET_SUBJECT not in json.dumps(out), (i, out)


def test_pick_grant_with_forged_row_data_refuses_a_creator(carl, config):
    (i,) = [i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == "pick_grant"]
    row = ["g-123", SECRET_SUBJECT, CREATOR, "p", "art", "US", "active"]
    ok, out = _raw_call(carl, i, [{"headers": [str(n) for n in range(7)], "data": [row]}],
                        event_data={"index": [0, 0], "value": "g-123", "row_value": row, "selected": True})
    assert not ok or "operator role" in json.dumps(out)


def test_a_creator_sees_only_their_own_requests(server, carl, dora, config):
    """dora files a request naming a person; carl's private ``my_requests`` (by index) must not list it."""
    api_complete(api_call(dora, "file_request", ["grant", SECRET_SUBJECT, "dora wants Samantha for her project", ""]))
    (i,) = [i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == "my_requests"]
    ok, out = _raw_call(carl, i, [])
    assert ok, out
    assert "dora wants" not in json.dumps(out) and SECRET_SUBJECT not in json.dumps(out)


# --------------------------------------------------------------------------- Gradio's internals, signed out
@pytest.mark.parametrize("method,path", [
    ("GET", "/config"), ("GET", "/gradio_api/info"), ("GET", "/gradio_api/openapi.json"),
    ("GET", "/gradio_api/deep_link?session_hash=x"), ("GET", "/gradio_api/upload_progress?upload_id=x"),
    ("GET", "/gradio_api/queue/data?session_hash=x"), ("POST", "/gradio_api/queue/join"),
    ("POST", "/gradio_api/upload"), ("POST", "/gradio_api/process_recording"), ("GET", "/monitoring"),
    ("GET", "/gradio_api/proxy=https://x.hf.space/file=a"), ("POST", "/gradio_api/call/generate"),
    ("POST", "/gradio_api/run/generate"), ("GET", "/gradio_api/run-history/records"),
    ("GET", "/gradio_api/vibe-code"), ("POST", "/gradio_api/vibe-edit"),
    # Gradio's own FastAPI app listed every route at /openapi.json (a talent walkthrough, session 66)
    ("GET", "/openapi.json"), ("GET", "/docs"), ("GET", "/redoc"),
])
def test_gradio_internals_refuse_a_client_that_is_not_signed_in(server, method, path):
    with httpx.Client(base_url=server.url, timeout=20) as anon:
        r = anon.request(method, path, json={"data": [], "fn_index": 0, "session_hash": "x", "prompt": "x"})
    assert r.status_code in (401, 403, 404, 405, 422), (path, r.status_code, r.text[:200])
    assert SECRET_SUBJECT not in r.text and "dependencies" not in r.text and '"paths"' not in r.text


def test_the_signed_out_user_and_token_routes_name_nobody(server):
    with httpx.Client(base_url=server.url, timeout=20) as anon:
        assert anon.get("/gradio_api/user").json() is None
        assert anon.get("/gradio_api/token").json() == {"token": None, "user": None}


def test_no_traceback_reached_the_server_log_so_far(server):
    """Everything above (refusals, forged rows, signed-out probes) is answered in words, never logged as a crash."""
    text = "".join(server.log)
    assert "Traceback (most recent call last)" not in text, text[-3000:]


# --------------------------------------------------------------------------- fields the page never sends
@pytest.mark.parametrize("model", ["/etc/passwd", "../keys/audit.key.pem", "users.json", "file:///etc/hostname",
                                   "hf://someone/model", "C:\\models\\x.safetensors", "x" * 4000])
def test_a_model_named_by_path_is_refused_without_opening_or_revealing_files(server, carl, model):
    text = api_call(carl, "check_consent", api_form(model=model))
    # a path is refused as a name; a plain-looking name ("users.json") is looked up among the
    # registered models only, and found nowhere
    assert ("event: error" in text and "registered model" in text) or 'data-verdict=\\"not-ready' in text, text[:400]
    data_dir = str(server.settings.data_dir)
    assert data_dir not in text.replace(model, "") and "No such file" not in text and "Traceback" not in text


def test_the_model_refusal_is_the_same_whether_the_named_file_exists(server, carl):
    """No file-existence oracle through the model field."""
    real, fake = str(server.settings.users_file), str(server.settings.data_dir / "no-such-file.json")
    # the message echoes the typed text cut to a length, so a long temporary folder's path ends
    # cut short: compare with the echoed text taken out, whatever its length
    def said(path: str) -> str:
        return re.sub(r"got '[^']*'", "got <P>", api_call(carl, "check_consent", api_form(model=path)))

    assert said(real) == said(fake)


@pytest.mark.parametrize("field,value", [("count", -1), ("count", 10**9), ("width", 10**9), ("height", -512),
                                         ("seed", 2**80), ("steps", -5), ("guidance", 1e308), ("count", 2.5),
                                         ("width", "512; rm -rf /"), ("subjects", "secret-sam"),
                                         ("territory", "US\u0000"), ("purpose", {"$ne": 1})])
def test_a_field_the_page_never_sends_is_a_plain_input_error(server, carl, field, value):
    text = api_call(carl, "check_consent", api_form(**{field: value}))
    if "event: error" in text:
        msg = json.loads(text.split("data:", 1)[1].strip().splitlines()[0])
        assert msg.get("error"), text
        assert "Traceback" not in text and str(server.settings.data_dir) not in text and "/site-packages/" not in text
    else:  # answered: then it must be a decision or a refusal in words, never an allowed giant request
        html = api_complete(text)[0]
        assert "Traceback" not in html
        if field in ("count", "width", "height") and value not in (2.5,):
            assert 'data-verdict="allowed"' not in html, html[:300]


@pytest.mark.parametrize("field,value", [("count", -1), ("width", 123)])
def test_a_value_outside_a_component_range_leaves_no_traceback_in_the_log(server, carl, field, value):
    import time

    before = "".join(server.log).count("Traceback (most recent call last)")
    text = api_call(carl, "check_consent", api_form(**{field: value}))
    assert "event: error" in text
    time.sleep(0.5)  # the server's console is read by a thread
    assert "".join(server.log).count("Traceback (most recent call last)") == before


# --------------------------------------------------------------------------- the signed-in Verify tab
def _verify(session: httpx.Client, name: str, data: bytes, mime: str) -> tuple[str, dict]:
    up = session.post("/gradio_api/upload", files={"files": (name, data, mime)})
    assert up.status_code == 200, up.text
    (path,) = up.json()
    html, report, _file = api_complete(api_call(session, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}]))
    return html, report


def test_the_verify_tab_reads_a_webp_copy_as_the_public_page_does(server, carl, carls_output):
    from PIL import Image

    buf = io.BytesIO()
    Image.open(carls_output["path"]).convert("RGB").save(buf, "WEBP", quality=95)
    public = httpx.post(f"{server.url}/public/api/verify", files={"file": ("copy.webp", buf.getvalue(), "image/webp")},
                        timeout=90).json()
    assert public["verdict"] == "copy_of_original"  # the public page finds the original
    html, report = _verify(carl, "copy.webp", buf.getvalue(), "image/webp")
    assert 'data-verdict="tampered"' not in html, html[:400]
    assert report.get("recovered") or report.get("watermark_payload"), report


@pytest.mark.parametrize("name,data", [("notes.txt", b"hello, not an image"), ("empty.png", b""),
                                       ("cut.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)], ids=["text", "empty", "cut-png"])
def test_the_verify_tab_says_a_file_is_not_an_image_instead_of_tampered(carl, name, data):
    # refused in words, as the public page refuses it (400/415), never a "Tampered" verdict
    up = carl.post("/gradio_api/upload", files={"files": (name, data, "application/octet-stream")})
    (path,) = up.json()
    text = api_call(carl, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])
    assert "event: error" in text and "tampered" not in text.lower(), text[:400]


def test_a_decompression_bomb_header_is_answered_quickly_without_a_thumbnail(server, carl):
    """A small PNG whose header claims 60000 x 60000 pixels: refused from its header, no thumbnail, the server serves on."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = zlib.compress(b"\0" * 4096)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    up = carl.post("/gradio_api/upload", files={"files": ("bomb.png", png, "image/png")})
    (path,) = up.json()
    text = api_call(carl, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])
    assert "event: error" in text and "data:image/" not in text, text[:400]  # refused from the header
    assert carl.get("/config").status_code == 200


def test_a_verify_report_never_carries_a_server_path(server, carl, carls_output):
    html, report = _verify(carl, "mine.png", carls_output["path"].read_bytes(), "image/png")
    text = html + json.dumps(report)
    assert "cs-v-ok" in html
    assert str(server.settings.data_dir) not in text and "/tmp/gradio" not in text and "outputs/" not in text


def test_a_file_name_with_markup_is_escaped_in_the_verify_tab(carl, carls_output):
    html, _ = _verify(carl, '<img src=x onerror=alert(1)>.png', carls_output["path"].read_bytes(), "image/png")
    assert "<img src=x" not in html and not re.search(r"<img[^>]*onerror", html)


def test_the_verify_tab_refuses_from_the_header_an_image_the_public_page_finds_too_large(server, carl):
    import time

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((5000, 5000, 3), 128, np.uint8)).save(buf, "PNG")  # 25 MP, ~70 KB
    data = buf.getvalue()
    public = httpx.post(f"{server.url}/public/api/verify", files={"file": ("big.png", data, "image/png")}, timeout=90)
    assert public.status_code == 413 and "pixels" in public.text, public.text[:300]  # the public page's limit
    up = carl.post("/gradio_api/upload", files={"files": ("big.png", data, "image/png")})
    (path,) = up.json()
    t0 = time.monotonic()
    text = api_call(carl, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])
    elapsed = time.monotonic() - t0
    # refused from its header, in words (as the public page does), not decoded and scanned whole
    assert "event: error" in text or re.search(r"too large|too many pixels|at most \d", text, re.I), \
        (round(elapsed, 1), text[:400])


# --------------------------------------------------------------------------- the registry is not a creator's to list
def test_a_typed_subject_id_does_not_tell_a_creator_the_persons_name(carl):
    """The picker lists only subjects granted to the creator; typing another id into it (the
    dropdown takes custom values) must not reveal that person's display name."""
    text = api_call(carl, "check_consent", api_form(subjects=[SECRET_SUBJECT]))
    assert SECRET_NAME not in text and "Samantha" not in text, text[:600]


def test_a_typed_subject_id_does_not_say_whether_the_person_is_registered(carl):
    """Whether ``secret-sam`` is a registered person or no one at all, a creator without a grant
    for them reads the same refusal (no enumeration of the registry by guessing ids)."""
    known = api_call(carl, "check_consent", api_form(subjects=[SECRET_SUBJECT]))
    unknown = api_call(carl, "check_consent", api_form(subjects=["nobody-at-all"]))
    strip = lambda t: re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT[\d:.]+Z?", "",
                             t)
    assert strip(known).replace(SECRET_SUBJECT, "<S>") == strip(unknown).replace("nobody-at-all", "<S>"), (known[:700], unknown[:700])


def _reasons(text: str) -> str:
    m = re.search(r'cs-reasons.*?</ul>', text)
    assert m, text[:600]
    return m.group(0)


@pytest.mark.parametrize("how", ["typed id", "name in prompt"])
def test_a_persons_opt_out_reads_like_any_missing_grant_to_a_creator(carl, how):
    if how == "typed id":
        opted = api_call(carl, "check_consent", api_form(subjects=[OPTED_OUT], prompt="a portrait"))
        other = api_call(carl, "check_consent", api_form(subjects=[SECRET_SUBJECT], prompt="a portrait"))
    else:
        opted = api_call(carl, "check_consent", api_form(prompt="portrait of Olga Optedout"))
        other = api_call(carl, "check_consent", api_form(prompt="portrait of Samantha Secretname"))
    assert "denied" in opted and "denied" in other

    def same(text: str, sid: str, name: str) -> str:  # the typed name is echoed, as for a name of nobody
        text = _reasons(text).replace(sid, "<S>").replace(quote(name), "<N>").replace(name, "<N>")
        return re.sub(r"prompt chars \d+-\d+", "<at>", text)

    assert same(opted, OPTED_OUT, "Olga Optedout") == same(other, SECRET_SUBJECT, "Samantha Secretname")


def test_a_minors_status_is_not_told_to_a_creator(carl):
    """A registered minor reads to a creator like any adult without a grant: 'minor' is not said."""
    for text in (api_call(carl, "check_consent", api_form(subjects=[MINOR], prompt="a portrait")),
                 api_call(carl, "check_consent", api_form(prompt="portrait of Max Minorson"))):
        # the typed name is echoed back (as a name of nobody registered is), nothing about the person
        text = text.replace("Max Minorson", "<N>").replace(quote("Max Minorson"), "<N>")
        assert "minor" not in _reasons(text).replace(MINOR, "<S>").lower()
        assert "Mia" not in text and "guardian" not in text.lower()


# --------------------------------------------------------------------------- a user removed from the users file
def _remove_user(server, name: str) -> None:
    """What an operator does to take an account away (`consent-studio users remove` does the same): the user's row
    deleted from the users file, its mode kept at 0600."""
    path = server.settings.users_file
    doc = json.loads(path.read_text("utf-8"))
    doc["users"] = [u for u in doc["users"] if u["name"] != name]
    path.write_text(json.dumps(doc), "utf-8")
    path.chmod(0o600)


def test_a_removed_users_session_reads_no_output(server):
    UserStore.from_settings(server.settings).add("eve", Role.CREATOR, "eve-creator-pw12")
    eve = api_session(server, "eve", "eve-creator-pw12")
    api_complete(api_call(eve, "generate", api_form(count=1, seed=11)))
    rows = api_complete(api_call(eve, "my_outputs", []))[1]["data"]
    (job,) = [r[0] for r in rows]
    assert eve.get(f"/download/{job}/0").status_code == 200
    _remove_user(server, "eve")
    # her session ends at its next request (red team 27: Gradio's own routes answered it too)
    assert eve.post("/gradio_api/call/my_outputs", json={"data": []}).status_code in (401, 403)
    r = eve.get(f"/download/{job}/0")
    assert r.status_code in (401, 403, 404), r.status_code
