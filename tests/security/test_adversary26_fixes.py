"""Red team 26: the fixes of red team 24's HTTP findings, attacked for bypasses and regressions.

One real server (``consent-studio serve`` in a subprocess, :func:`start_live_server`), plain HTTP
requests (httpx) as an outsider, a creator and a second creator meet it. Covered: the Guard's new
"an output-shaped name that is no studio output is refused" rule against a user's own uploads;
the removed-user check against a name re-added later; opt-out / registration disclosure in the
places Check consent's fix does not reach (requests, names in the prompt, the generate API, job
status); the Verify tab's new reader given real-world copies of an output (EXIF-rotated, CMYK,
16-bit, animated); and ``_quiet_input_refusals`` (a preprocess error that is not a gr.Error).

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from urllib.parse import quote

import httpx
import pytest
from ui_support import DORA, DORA_PW, api_call, api_complete, api_form, api_session, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

SECRET_SUBJECT, SECRET_NAME = "secret-sam", "Samantha Secretname"
OPTED_OUT, OPTED_NAME = "olga-opted", "Olga Optedout"


# --------------------------------------------------------------------------- the world
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_live_server(tmp_path_factory.mktemp("adv26")) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        from consent.operations import Operations
        from consent.registry import Registry

        with Registry.from_settings(s.settings) as reg:
            ops = Operations(reg)
            ops.add_subject(SECRET_SUBJECT, SECRET_NAME)
            ops.add_subject(OPTED_OUT, OPTED_NAME, opt_out=True)
        yield s


def _upload(session: httpx.Client, name: str, data: bytes, mime: str = "image/png") -> str:
    up = session.post("/gradio_api/upload", files={"files": (name, data, mime)})
    assert up.status_code == 200, up.text
    (path,) = up.json()
    return path


def _verify(session: httpx.Client, name: str, data: bytes, mime: str) -> str:
    path = _upload(session, name, data, mime)
    return api_call(session, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])


@pytest.fixture(scope="module")
def carls_output(server, carl) -> dict:
    before = {r[0] for r in api_complete(api_call(carl, "my_outputs", []))[1]["data"]}  # denied jobs of earlier tests
    files_before = set(server.settings.outputs_dir.glob("*.png"))  # outputs of tests that ran first (any order: -n 2)
    data = api_complete(api_call(carl, "generate", api_form(count=1)))
    assert 'data-verdict="allowed"' in data[2], data[2]
    rows = api_complete(api_call(carl, "my_outputs", []))[1]["data"]
    (job_id,) = [r[0] for r in rows if r[0] not in before]
    (out,) = set(server.settings.outputs_dir.glob("*.png")) - files_before
    return {"path": out, "sha": out.stem, "job": job_id}


def _strip(text: str) -> str:
    """An event stream's text without ids, times and digests that differ per request."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[T ][\d:.]+Z?", "<t>", text)
    return re.sub(r"\b(req|dec|job|g)[-_][0-9a-zA-Z]+", r"\1_<id>", text)


# --------------------------------------------------------------------------- the Guard's new rule: false refusals
def test_a_creators_own_upload_with_a_content_addressed_name_is_read_back(carl):
    """An image named by its sha256 (as content-addressed stores, many CDNs and the studio's own
    file route name files) uploaded as a source or to the Verify tab: its uploader's browser loads
    the preview from ``/gradio_api/file=<upload path>``. Before the fix this was served (no
    studio output has that digest); the Guard must not refuse the uploader's own file."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(buf, "PNG")
    name = f"{uuid.uuid4().hex}{uuid.uuid4().hex}.png"  # 64 hex: shaped like an output's name
    path = _upload(carl, name, buf.getvalue())
    r = carl.get(f"/gradio_api/file={path}")
    assert r.status_code == 200 and r.content == buf.getvalue(), (r.status_code, r.text[:200])


def test_a_creators_own_upload_with_an_ordinary_name_is_still_read_back(carl):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 20, 20)).save(buf, "PNG")
    path = _upload(carl, "holiday.png", buf.getvalue())
    r = carl.get(f"/gradio_api/file={path}")
    assert r.status_code == 200 and r.content == buf.getvalue()


def test_the_owner_reads_their_output_through_gradios_cache_and_another_creator_does_not(carl, dora, carls_output):
    """The gallery shows an output from Gradio's cache (``/tmp/gradio/<h>/<sha>.png``): the owner
    reads it (private, no-store), the second creator reads the same 404 as for any digest."""
    data = api_complete(api_call(carl, "job_status", [carls_output["job"]]))
    text = json.dumps(data)
    cached = [p for p in re.findall(r'"path": "([^"]+)"', text) if carls_output["sha"] in p]
    assert cached, text[:600]
    for p in cached[:1]:
        mine = carl.get(f"/gradio_api/file={p}")
        assert mine.status_code == 200 and "no-store" in mine.headers.get("cache-control", "")
        theirs = dora.get(f"/gradio_api/file={p}")
        assert theirs.status_code == 404 and b"PNG" not in theirs.content


@pytest.mark.parametrize("spelling", [
    "/gradio_api/file={p}", "/gradio_api/file/{p}", "/gradio_api//file={p}", "/gradio_api/file=/{p}/",
    "/gradio_api/file={p}/.", "/gradio_api/file=/tmp/../{p}", "/gradio_api/file%3D{p}", "/file={p}",
    "/gradio_api/file={q}",
], ids=["file=", "file/", "double-slash", "trailing-slash", "dot", "dotdot", "encoded-eq", "no-prefix", "encoded-name"])
def test_no_spelling_of_the_file_route_serves_another_creators_output(dora, carls_output, spelling):
    p = str(carls_output["path"])
    q = p.replace(".png", "%2Epng")
    url = spelling.format(p=p.lstrip("/") if spelling.startswith("/gradio_api/file=/{p}") else p, q=q)
    for r in (dora.get(url), dora.get(url, headers={"Range": "bytes=0-64"}), dora.head(url)):
        assert not (r.status_code in (200, 206) and (b"PNG" in r.content[:8] or r.headers.get("content-type", "").startswith("image"))), (url, r.status_code)


# --------------------------------------------------------------------------- removed users
def _remove_user(server, name: str) -> None:
    path = server.settings.users_file
    doc = json.loads(path.read_text("utf-8"))
    doc["users"] = [u for u in doc["users"] if u["name"] != name]
    path.write_text(json.dumps(doc), "utf-8")
    path.chmod(0o600)


def test_a_removed_users_session_stays_dead_when_the_name_is_added_again(server):
    store = UserStore.from_settings(server.settings)
    store.add("fred", Role.CREATOR, "fred-creator-pw12")
    old = api_session(server, "fred", "fred-creator-pw12")
    _remove_user(server, "fred")
    # the session ends at its next request (red team 27: Gradio's own routes answered it too)
    assert old.post("/gradio_api/call/my_outputs", json={"data": []}).status_code in (401, 403)
    # later, a new colleague also called fred joins, as an operator
    UserStore.from_settings(server.settings).add("fred", Role.OPERATOR, "fred-operator-pw99-new")
    r = old.post("/gradio_api/call/list_subjects", json={"data": []})
    if r.status_code == 200:
        text = old.get(f"/gradio_api/call/list_subjects/{r.json()['event_id']}").text
        assert "event: complete" not in text or SECRET_SUBJECT not in text, text[:400]
    else:  # the old session is ended: it must sign in again (as the new fred, with the new password)
        assert r.status_code in (401, 403), r.text[:200]
    assert old.get("/download/job_x/0").status_code in (401, 403, 404)


def test_a_session_taken_before_a_password_reset_is_dead_after_it(server):
    UserStore.from_settings(server.settings).add("gina", Role.CREATOR, "gina-creator-pw12")
    gina = api_session(server, "gina", "gina-creator-pw12")
    api_complete(api_call(gina, "generate", api_form(count=1, seed=31)))
    job = api_complete(api_call(gina, "my_outputs", []))[1]["data"][0][0]
    thief = httpx.Client(base_url=server.url, timeout=90, cookies=dict(gina.cookies))
    assert thief.get(f"/download/{job}/0").status_code == 200  # the leaked session works, as expected
    _remove_user(server, "gina")  # the operator resets gina's password: the only way there is
    UserStore.from_settings(server.settings).add("gina", Role.CREATOR, "gina-new-secret-pw77")
    assert thief.get(f"/download/{job}/0").status_code in (401, 403, 404)


# --------------------------------------------------------------------------- opt-out and registration elsewhere
def test_filing_a_request_does_not_say_whether_a_subject_is_registered(carl):
    known = api_call(carl, "file_request", ["grant", SECRET_SUBJECT, "may I?", ""])
    nobody = api_call(carl, "file_request", ["grant", "nobody-" + uuid.uuid4().hex[:8], "may I?", ""])
    assert ("event: complete" in known) == ("event: complete" in nobody), (known[:300], nobody[:300])


def test_filing_a_request_for_an_opted_out_person_reads_like_any_other(carl):
    opted = api_call(carl, "file_request", ["grant", OPTED_OUT, "may I?", ""])
    other = api_call(carl, "file_request", ["grant", SECRET_SUBJECT, "may I?", ""])
    assert ("event: complete" in opted) == ("event: complete" in other), (opted[:300], other[:300])
    assert "opt" not in opted.lower().replace(OPTED_OUT, ""), opted[:300]


def _reasons(text: str) -> str:
    m = re.search(r"cs-reasons.*?</ul>", text)
    assert m, text[:600]
    return m.group(0)


def _technical(text: str) -> str:
    m = re.search(r"<tbody>.*?</tbody>", text)
    assert m, text[:600]
    return m.group(0)


@pytest.mark.parametrize("who", [(SECRET_NAME, SECRET_SUBJECT), (OPTED_NAME, OPTED_OUT)], ids=["no-grant", "opted-out"])
def test_a_name_in_the_prompt_does_not_say_whether_the_person_is_registered(carl, who):
    """A made-up full name and a registered person's name in a prompt, with no grant (or an opt-out):
    one refusal, word for word, and the person's hidden subject id nowhere in the answer."""
    name, sid = who
    known = api_call(carl, "check_consent", api_form(prompt=f"portrait of {name}"))
    nobody = api_call(carl, "check_consent", api_form(prompt="portrait of Nadia Nobodyreal"))
    assert "denied" in known and "denied" in nobody, (known[:500], nobody[:500])
    assert sid not in known, known[:1500]
    a = _reasons(known).replace(quote(name), "<N>").replace(name, "<N>")
    b = _reasons(nobody).replace(quote("Nadia Nobodyreal"), "<N>").replace("Nadia Nobodyreal", "<N>")
    assert "opt" not in a.lower()
    assert a == b, (a, b)
    # the technical details table: the same rows, the same words
    chars = re.compile(r"prompt chars \d+-\d+")
    assert (chars.sub("<at>", _technical(known).replace(name, "<N>"))
            == chars.sub("<at>", _technical(nobody).replace("Nadia Nobodyreal", "<N>")))


def test_a_name_typed_with_its_id_keeps_the_id_line_and_the_name_line(carl):
    """Naming the id too (the creator typed it) reads as for any id: 'no grant' for the id, and
    the name's line, for a registered person and for a made-up id and name alike."""
    known = api_call(carl, "check_consent", api_form(subjects=[SECRET_SUBJECT], prompt=f"portrait of {SECRET_NAME}"))
    nobody = api_call(carl, "check_consent", api_form(subjects=["nadia-nobody"], prompt="portrait of Nadia Nobodyreal"))
    a = _reasons(known).replace(quote(SECRET_NAME), "<N>").replace(SECRET_NAME, "<N>").replace(SECRET_SUBJECT, "<S>")
    b = (_reasons(nobody).replace(quote("Nadia Nobodyreal"), "<N>").replace("Nadia Nobodyreal", "<N>")
         .replace("nadia-nobody", "<S>"))
    assert a == b, (a, b)
    assert "no grant" in a and "looks like a real person" in a, a


@pytest.mark.parametrize("api", ["generate", "submit_job"])
def test_the_generate_api_and_job_status_do_not_tell_a_creator_of_an_opt_out(carl, api):
    text = api_call(carl, api, api_form(subjects=[OPTED_OUT], prompt="a portrait"))
    if api == "submit_job" and "event: complete" in text:
        job = api_complete(text)[0]
        import time

        for _ in range(60):
            text = api_call(carl, "job_status", [job])
            if "denied" in text.lower() or "Nothing" in text:
                break
            time.sleep(0.5)
        text += api_call(carl, "my_outputs", [])
    low = text.lower().replace(OPTED_OUT, "<s>")
    assert "opt" not in low.replace("option", ""), text[:800]
    assert "denied" in low or "no consent grant" in low, text[:800]


def _job_text(session: httpx.Client, form: list) -> str:
    import time

    job = api_complete(api_call(session, "submit_job", form))[0]
    for _ in range(60):
        text = api_call(session, "job_status", [job])
        if "denied" in text.lower():
            return text.replace(job, "<job>")
        time.sleep(0.5)
    raise AssertionError(text[:600])


@pytest.mark.parametrize("who", [SECRET_SUBJECT, OPTED_OUT])
@pytest.mark.parametrize("how", ["check_consent", "generate", "job"])
def test_every_creator_answer_reads_alike_for_a_registered_opted_out_or_unknown_id(carl, who, how):
    """Not only Check consent: the generate API's answer and a job's status, for a typed id that
    is a registered person, one who opted out, or nobody, differ only by the id."""
    nobody = "nobody-" + uuid.uuid4().hex[:6]
    answers = []
    for sid in (who, nobody):
        form = api_form(subjects=[sid], prompt="a portrait", seed=3)
        text = _job_text(carl, form) if how == "job" else api_call(carl, how, form)
        answers.append(_strip(text).replace(sid, "<S>"))
    assert answers[0] == answers[1], (answers[0][:900], answers[1][:900])


@pytest.mark.parametrize("how", ["generate", "job"])
def test_every_creator_answer_reads_alike_for_a_registered_or_unknown_name_in_the_prompt(carl, how):
    """The generate API's answer and a job's status for a prompt naming a registered person without
    a grant and one naming nobody: the same words, and never the person's subject id."""
    answers = []
    for name in (SECRET_NAME, "Nadia Nobodyreal"):  # made-up, the same length: the same character spans
        form = api_form(prompt=f"portrait of {name}", seed=3)
        text = _job_text(carl, form) if how == "job" else api_call(carl, how, form)
        assert SECRET_SUBJECT not in text, text[:900]
        answers.append(_strip(text).replace(quote(name), "<N>").replace(name, "<N>"))
    chars = re.compile(r"prompt chars \d+-\d+")
    assert chars.sub("<at>", answers[0]) == chars.sub("<at>", answers[1]), (answers[0][:900], answers[1][:900])


def test_an_operator_still_reads_the_opt_out(server, carl):
    op = api_session(server, "admin", server.admin_password)
    try:
        text = api_call(op, "check_consent", api_form(subjects=[OPTED_OUT], prompt="a portrait"))
        assert "opt_out" in text, text[:600]
    finally:
        op.close()


def test_an_operator_reads_the_opt_out_of_a_creators_denied_job(server, carl):
    import time

    job = api_complete(api_call(carl, "submit_job", api_form(subjects=[OPTED_OUT], prompt="a portrait", seed=5)))[0]
    op = api_session(server, "admin", server.admin_password)
    try:
        for _ in range(60):
            text = api_call(op, "job_status", [job])
            if "denied" in text.lower():
                break
            time.sleep(0.5)
        assert "opt_out" in text or "opted out" in text or "never to be generated" in text, text[:800]
        mine = api_call(carl, "job_status", [job])
        assert "opt" not in mine.lower().replace(OPTED_OUT, "").replace("option", ""), mine[:800]
    finally:
        op.close()


# --------------------------------------------------------------------------- the Verify tab's new reader
def _variant(path, kind: str) -> tuple[str, bytes, str]:
    from PIL import Image

    im = Image.open(path).convert("RGB")
    buf = io.BytesIO()
    if kind == "exif-rotated":
        ex = Image.Exif()
        ex[0x0112] = 6
        im.transpose(Image.Transpose.ROTATE_90).save(buf, "JPEG", quality=95, exif=ex.tobytes())
        return "rot.jpg", buf.getvalue(), "image/jpeg"
    if kind == "cmyk-jpeg":
        im.convert("CMYK").save(buf, "JPEG", quality=95)
        return "cmyk.jpg", buf.getvalue(), "image/jpeg"
    if kind == "16-bit-png":
        import numpy as np

        a = np.asarray(im.convert("L"), dtype=np.uint16) * 257
        Image.fromarray(a, mode="I;16").save(buf, "PNG")
        return "grey16.png", buf.getvalue(), "image/png"
    if kind == "stripped-png":
        im.save(buf, "PNG")
        return "stripped.png", buf.getvalue(), "image/png"
    if kind == "rgba-png":
        im.convert("RGBA").save(buf, "PNG")
        return "alpha.png", buf.getvalue(), "image/png"
    if kind == "apng":
        im.save(buf, "PNG", save_all=True, append_images=[im.copy()], duration=100, loop=0)
        return "anim.png", buf.getvalue(), "image/png"
    if kind == "upscaled-9mp":
        im.resize((3000, 3000), Image.Resampling.LANCZOS).save(buf, "JPEG", quality=90)
        return "big.jpg", buf.getvalue(), "image/jpeg"
    if kind == "animated-webp":
        im.save(buf, "WEBP", save_all=True, append_images=[im.copy()], duration=100, loop=0, quality=95)
        return "anim.webp", buf.getvalue(), "image/webp"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["stripped-png", "exif-rotated", "cmyk-jpeg", "16-bit-png", "rgba-png", "apng", "upscaled-9mp", "animated-webp"])
def test_the_verify_tab_answers_a_copy_as_the_public_page_does(server, carl, carls_output, kind):
    """Whatever the public page answers a copy of an output (a verdict or a refusal), the signed-in
    Verify tab answers alike (they share verify_upload now): never 'Tampered' where the public
    page found the original, never an unhandled error."""
    name, data, mime = _variant(carls_output["path"], kind)
    pub = httpx.post(f"{server.url}/public/api/verify", files={"file": (name, data, mime)}, timeout=90)
    text = _verify(carl, name, data, mime)
    if pub.status_code == 200:
        verdict = pub.json()["verdict"]
        assert "event: complete" in text, (verdict, text[:400])
        if verdict == "copy_of_original":
            assert 'data-verdict=\\"tampered\\"' not in text and 'data-verdict="tampered"' not in text, text[:400]
    else:
        assert "event: error" in text and "tampered" not in text.lower(), (pub.status_code, text[:400])
    assert "Traceback" not in text and "internal error" not in text.lower()


def test_an_exif_rotated_copy_that_shows_the_output_is_recognised(server, carl, carls_output):
    from PIL import Image, ImageOps

    name, data, mime = _variant(carls_output["path"], "exif-rotated")
    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L")
    assert shown.size == Image.open(carls_output["path"]).size  # what a viewer sees is the output, upright
    pub = httpx.post(f"{server.url}/public/api/verify", files={"file": (name, data, mime)}, timeout=90)
    if pub.status_code == 429:  # the public page's per-address bucket, spent by the tests above
        time.sleep(float(pub.headers.get("retry-after", "10")))
        pub = httpx.post(f"{server.url}/public/api/verify", files={"file": (name, data, mime)}, timeout=90)
    text = _verify(carl, name, data, mime)
    assert pub.json()["verdict"] == "copy_of_original", pub.text[:300]
    assert "No credentials found" not in text, text[:400]


# --------------------------------------------------------------------------- _quiet_input_refusals
def test_quiet_input_refusals_keeps_other_errors_and_the_components_answer(tmp_path):
    """Wrapping every preprocess: a gr.Error is quieted, anything else propagates as itself, and a
    good value is preprocessed as before."""
    import gradio as gr

    from creator.ui.layout import _quiet_input_refusals

    with gr.Blocks() as demo:
        dd = gr.Dropdown(["a", "b"], value="a")
        sl = gr.Slider(1, 4, value=1, step=1)
    before = {id(b): b.preprocess for b in (dd, sl)}
    _quiet_input_refusals(demo)
    assert dd.preprocess("a") == "a" and sl.preprocess(3) == 3
    with pytest.raises(gr.Error) as e:
        dd.preprocess("zz")
    assert e.value.print_exception is False
    boom = RuntimeError("a real bug")

    def broken(_payload):
        raise boom

    sl.preprocess = broken
    _quiet_input_refusals(demo)
    with pytest.raises(RuntimeError) as e2:
        sl.preprocess(2)
    assert e2.value is boom
    assert before  # the originals were bound methods; the wrappers keep their answers


# --------------------------------------------------------------------------- the owner's other outputs
def test_the_owner_reads_a_jpeg_output_by_both_routes_and_the_other_creator_does_not(server, dora, carl):
    """A JPEG output (``<sha>.jpg``): the Guard's rule looks it up by the digest in its name."""
    before = {r[0] for r in api_complete(api_call(dora, "my_outputs", []))[1]["data"]}  # her earlier jobs
    data = api_complete(api_call(dora, "generate", api_form(count=1, seed=23, output_format="jpeg")))
    if 'data-verdict="allowed"' not in data[2]:
        pytest.skip("this disclosure profile offers no JPEG")
    jpgs = sorted(server.settings.outputs_dir.glob("*.jpg"), key=lambda p: p.stat().st_mtime)
    assert jpgs, list(server.settings.outputs_dir.iterdir())
    out = jpgs[-1]
    rows = api_complete(api_call(dora, "my_outputs", []))[1]["data"]
    # this generate's job (the list's order between jobs of the same second is not this test's)
    (job,) = [r[0] for r in rows if r[0] not in before]
    mine = dora.get(f"/gradio_api/file={out}")
    assert mine.status_code == 200 and mine.content[:2] == b"\xff\xd8", mine.status_code
    assert "no-store" in mine.headers.get("cache-control", "")
    assert dora.get(f"/download/{job}/0").status_code == 200
    assert carl.get(f"/gradio_api/file={out}").status_code == 404
    assert carl.get(f"/gradio_api/file={str(out)[:-4]}.jpeg").status_code in (403, 404)


def test_an_operator_still_reads_any_output_and_a_digest_that_is_none(server, carls_output):
    op = api_session(server, "admin", server.admin_password)
    try:
        r = op.get(f"/gradio_api/file={carls_output['path']}")
        assert r.status_code == 200 and "no-store" in r.headers.get("cache-control", "")
        assert op.get(f"/download/{carls_output['job']}/0").status_code == 200
    finally:
        op.close()


def test_the_verify_tabs_report_download_is_served_to_the_verifier(carl, carls_output):
    """The Verify tab's third output (the JSON report) is named after the upload (``<sha>.verify.json``
    for a saved output): its maker can download it."""
    name = carls_output["path"].name
    text = _verify(carl, name, carls_output["path"].read_bytes(), "image/png")
    data = api_complete(text)
    path = data[2]["path"] if isinstance(data[2], dict) else data[2]
    r = carl.get(f"/gradio_api/file={path}")
    assert r.status_code == 200 and r.headers.get("content-type", "").startswith("application/json"), (path, r.status_code)


# --------------------------------------------------------------------------- the talent page's pictures
def test_the_talent_ledgers_pictures_are_not_kept_after_the_person_leaves(tmp_path):
    import hashlib

    import fastapi
    from PIL import Image
    from talent_me_support import decision, person

    from consent.audit import AuditKeys
    from consent.drafts import Drafts
    from consent.operations import Operations
    from consent.registry import OutputRecord, Registry
    from creator.talent.app import TalentService, talent_app

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    try:
        ops = Operations(reg)
        ops.add_subject("jane", "Jane Doe")
        drafts = Drafts(ops)
        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, jane = person(root, drafts, "jane", ledger_thumbnails=True)
        img = tmp_path / "jane.png"
        Image.new("RGB", (64, 48), (200, 30, 30)).save(img)
        sha = hashlib.sha256(img.read_bytes()).hexdigest()
        d = decision(reg, "jane", "cc" * 32)
        reg.record_generation(d, [OutputRecord(sha, str(img), "png", manifest_id="urn:c2pa:0d6a1f0e-4b4c-4e5a-9a57-6f1c1c2d3e4f")])
        r = jane.get(f"/me/grants/{gid}/picture/{sha}")
        assert r.status_code == 200, r.text[:200]
        assert "no-store" in r.headers.get("cache-control", "").lower(), dict(r.headers)
    finally:
        reg.close()
