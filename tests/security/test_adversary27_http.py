"""Red team 27: the last stop's sessions, ``users remove`` (and the jobs of a removed user), creator
findings, Gradio's internal routes and the verifier's reading of uploads, attacked as a hostile user
would.

One real server (``consent-studio serve`` in a subprocess, :func:`start_live_server`), plain HTTP
requests (httpx) as an outsider, a creator (carl) and a second creator (dora) meet it; the users
file is changed with :class:`creator.auth.UserStore`, the code ``consent-studio users add/remove``
runs (each CLI run builds its own store, as two ``UserStore`` objects here do).

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import io
import re
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from ui_support import DORA, DORA_PW, api_call, api_complete, api_form, api_session, grant_fields, start_live_server

from creator.auth import Role, UserStore

pytestmark = pytest.mark.slow

GRANTED, GRANTED_NAME, GRANTED_PROJECT = "gwen-granted", "Gwen Grantedperson", "secret-campaign-2027"
APPROVER, APPROVER_NAME = "hana-approves", "Hana Approvesfirst"


# --------------------------------------------------------------------------- the world
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("adv27")
    with start_live_server(work) as s:
        UserStore.from_settings(s.settings).add(DORA, Role.CREATOR, DORA_PW)
        from consent.operations import Operations
        from consent.registry import Registry
        from consent.signing import generate_key_files, load_private_key

        evidence = work / "release.pdf"
        evidence.write_bytes(b"%PDF-1.4 signed model release, Gwen, 2026\n")
        keys = generate_key_files(work / "keys", GRANTED)
        with Registry.from_settings(s.settings) as reg:
            ops = Operations(reg)
            ops.add_subject(GRANTED, GRANTED_NAME, keys=[str(keys.public_path)])
            # Gwen signed a grant for carl's secret campaign (nobody else's business)
            s.grant_id = ops.issue_grant(grant_fields(GRANTED, evidence, project=GRANTED_PROJECT),
                                         [load_private_key(keys.private_path)]).id
            # Hana approves each use herself, on her consent page; her grant is carl's too
            hana = generate_key_files(work / "keys", APPROVER)
            ops.add_subject(APPROVER, APPROVER_NAME, keys=[str(hana.public_path)])
            ops.issue_grant(grant_fields(APPROVER, evidence, approve_each_use=True),
                            [load_private_key(hana.private_path)])
        yield s


def _reasons(text: str) -> str:
    m = re.search(r"cs-reasons.*?</ul>", text)
    assert m, text[:600]
    return m.group(0)


# --------------------------------------------------------------------------- sessions: a sign-in racing a removal
def _signed_in_as(server, cookies: dict) -> str | None:
    return httpx.get(f"{server.url}/gradio_api/user", cookies=cookies, timeout=30).json()


@pytest.mark.parametrize("again", ["password reset", "new operator of the name"])
def test_a_sign_in_racing_the_removal_does_not_survive_the_name_added_again(server, again):
    """A thief with a stolen password (or the removed user himself) keeps signing in: each
    sign-in succeeds and the throttle counts only failures. The operator removes the account
    (``users remove``) and adds the name again (``users add``): the same person with a new
    password, or a new colleague of that name as an operator. Every session taken with the old
    password must be dead afterwards, also one whose sign-in was being checked at the moment of
    the removal (else the old password's holder is the new account: for an operator, every
    person in the registry)."""
    store = UserStore.from_settings(server.settings)
    survivors: list[dict] = []
    for cycle in range(3):  # a removal lands inside some sign-in's password check nearly every time
        name, old_pw = f"vic{cycle}{'op' if again.startswith('new') else ''}", f"vic{cycle}-stolen-pw-1"
        store.add(name, Role.CREATOR, old_pw)
        stop, tokens = threading.Event(), []

        def thief():
            with httpx.Client(base_url=server.url, timeout=60) as c:
                while not stop.is_set():
                    c.cookies.clear()
                    r = c.post("/login", data={"username": name, "password": old_pw})
                    if r.status_code != 200:
                        return  # the account is gone: stop (every failure counts against this address)
                    tokens.append(dict(c.cookies))

        threads = [threading.Thread(target=thief) for _ in range(3)]
        for t in threads:
            t.start()
        waited = 0
        while len(tokens) < 3 and waited < 600:
            threading.Event().wait(0.05)
            waited += 1
        assert tokens, "the thief could not sign in with the password at all"
        UserStore.from_settings(server.settings).remove(name)  # `consent-studio users remove vicN`
        stop.set()
        for t in threads:
            t.join(60)
        role = Role.CREATOR if again == "password reset" else Role.OPERATOR
        UserStore.from_settings(server.settings).add(name, role, f"{name}-brand-new-pw-9")
        survivors += [ck for ck in tokens if _signed_in_as(server, ck) == name]
        if survivors:
            break
    if survivors and again != "password reset":  # what the old password's holder now reads: the registry
        with httpx.Client(base_url=server.url, timeout=60, cookies=survivors[0]) as c:
            listed = api_call(c, "list_subjects", [])
        assert GRANTED not in listed, "the old password's session lists the registry as the new operator"
    assert not survivors, f"{len(survivors)} session(s) taken with the old password are signed in to the new account"


@pytest.mark.parametrize("method,path", [("POST", "/gradio_api/upload"), ("GET", "/config"), ("GET", "/gradio_api/info")])
def test_a_removed_users_session_is_refused_by_gradios_own_routes(server, method, path):
    """`users remove` says a running studio refuses the user at their next request, also in an
    open session: that includes the routes Gradio answers itself."""
    name = "zed" + uuid.uuid4().hex[:4]
    UserStore.from_settings(server.settings).add(name, Role.CREATOR, "zed-creator-pw-123")
    c = api_session(server, name, "zed-creator-pw-123")
    try:
        UserStore.from_settings(server.settings).remove(name)
        kw = {"files": {"files": ("fill.bin", b"x" * 4096, "application/octet-stream")}} if method == "POST" else {}
        r = c.request(method, path, **kw)
    finally:
        c.close()
    assert r.status_code in (401, 403), (path, r.status_code, r.text[:200])


def test_jobs_queued_by_a_removed_user_do_not_start_after_the_removal(server):
    import datetime as dt
    import time

    from consent.registry import Registry

    name = "rex" + uuid.uuid4().hex[:4]
    UserStore.from_settings(server.settings).add(name, Role.CREATOR, "rex-creator-pw-123")
    c = api_session(server, name, "rex-creator-pw-123")
    try:
        jobs = [api_complete(api_call(c, "submit_job", api_form(count=4, seed=400 + i, width=1024, height=1024)))[0]
                for i in range(10)]
    finally:
        c.close()
    removed_at = dt.datetime.now(dt.timezone.utc)
    UserStore.from_settings(server.settings).remove(name)  # the account is taken away: queued jobs pending
    deadline, rows = time.monotonic() + 120, []
    with Registry.from_settings(server.settings) as reg:
        while time.monotonic() < deadline:
            rows = [reg.get_job(j) for j in jobs]
            if all(r.state in ("done", "failed", "cancelled", "denied") for r in rows):
                break
            time.sleep(0.5)
    # still queued at the removal: never started, or started after it
    late = [r for r in rows if not r.started_at or dt.datetime.fromisoformat(r.started_at) > removed_at]
    assert late, "every job had started before the removal: nothing was tested (make the jobs longer)"
    ran = [r.id for r in late if r.state == "done"]
    assert not ran, f"{len(ran)} of {len(late)} jobs that started after the owner was removed made outputs"
    assert all(r.state == "cancelled" and "account that queued it was removed" in (r.error or "") for r in late), \
        [(r.state, r.error) for r in late]


# --------------------------------------------------------------------------- users file: two commands at once
def _users(tmp_path: Path) -> Path:
    path = tmp_path / "users.json"
    s = UserStore(path)
    s.add("op1", Role.OPERATOR, "op1-operator-pw1")
    s.add("op2", Role.OPERATOR, "op2-operator-pw1")
    s.add("cre1", Role.CREATOR, "cre1-creator-pw1")
    s.add("cre2", Role.CREATOR, "cre2-creator-pw1")
    return path


def _at_once(path: Path, *calls) -> list[BaseException]:
    """Each call on its own UserStore of ``path`` (as each ``consent-studio users`` run builds
    one), started together."""
    barrier, errors = threading.Barrier(len(calls)), []

    def run(call):
        store = UserStore(path)
        barrier.wait()
        try:
            call(store)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.parametrize("other", ["remove", "add"])
def test_a_removed_user_stays_removed_when_another_users_command_runs_at_the_same_time(tmp_path, other):
    """Operator A removes cre1 (a colleague who left) while operator B removes cre2 or adds a
    newcomer. Both commands say they did it; the users file must then hold neither removed
    user and the newcomer."""
    path = _users(tmp_path)
    raw = path.read_bytes()
    for trial in range(5):
        path.write_bytes(raw)
        path.chmod(0o600)
        second = (lambda s: s.remove("cre2")) if other == "remove" else (lambda s: s.add(f"new{trial}", Role.CREATOR,
                                                                                         "newcomer-pw-123"))
        errors = _at_once(path, lambda s: s.remove("cre1"), second)
        assert not errors, errors
        names = {u.name for u in UserStore(path).list()}
        assert "cre1" not in names, f"trial {trial}: 'cre1' was removed (the command said so) and is back: {sorted(names)}"
        if other == "remove":
            assert "cre2" not in names, f"trial {trial}: 'cre2' was removed and is back: {sorted(names)}"
        else:
            assert f"new{trial}" in names, f"trial {trial}: the newcomer added is missing: {sorted(names)}"


def test_the_last_operator_survives_two_removals_at_once(tmp_path):
    """Two operators remove each other at the same moment: at least one operator is left (a
    studio nobody can manage is the failure `users remove` refuses), and the one left can sign in."""
    path = _users(tmp_path)
    _at_once(path, lambda s: s.remove("op1"), lambda s: s.remove("op2"))
    store = UserStore(path)
    ops = [u.name for u in store.list() if u.role is Role.OPERATOR]
    assert ops, "no operator is left"
    assert store.authenticate(ops[0], f"{ops[0]}-operator-pw1")


# --------------------------------------------------------------------------- creator findings: a person with another's grant
def test_a_typed_id_of_a_person_with_another_creators_grant_reads_like_nobody(dora, server):
    """dora types the id of a person who signed a grant for carl's campaign. She must learn
    neither that the person is registered, nor that a grant exists, its id, or its project."""
    known = api_call(dora, "check_consent", api_form(subjects=[GRANTED], prompt="a portrait"))
    nobody_id = "nobody-" + uuid.uuid4().hex[:6]
    nobody = api_call(dora, "check_consent", api_form(subjects=[nobody_id], prompt="a portrait"))
    a, b = _reasons(known).replace(GRANTED, "<S>"), _reasons(nobody).replace(nobody_id, "<S>")
    assert server.grant_id not in known and GRANTED_PROJECT not in known, a
    assert a == b, (a, b)


def test_a_name_in_the_prompt_does_not_tell_another_creators_grant_or_project(dora, server):
    text = api_call(dora, "check_consent", api_form(prompt=f"portrait of {GRANTED_NAME}"))
    assert "denied" in text
    assert server.grant_id not in text and GRANTED_PROJECT not in text, _reasons(text)


def test_a_typed_id_of_a_person_who_approves_each_use_does_not_tell_another_creator_her_name(dora):
    text = api_call(dora, "check_consent", api_form(subjects=[APPROVER], prompt="a portrait"))
    assert "denied" in text
    assert APPROVER_NAME not in text and "Hana" not in text, _reasons(text)


def test_the_grantee_of_the_grant_is_still_told_what_is_wrong_with_their_request(carl):
    """The fix for the finding above must not hide a creator's own grant: carl, its grantee,
    asking for another project, is told the project the grant is for (his next step)."""
    text = api_call(carl, "check_consent", api_form(subjects=[GRANTED], prompt="a portrait", project="another-one"))
    assert "denied" in text and GRANTED_PROJECT in _reasons(text), text[:800]


# --------------------------------------------------------------------------- Gradio's internal routes
@pytest.mark.parametrize("method,path", [("POST", "/gradio_api/cancel"), ("GET", "/gradio_api/heartbeat/x1y2z3")])
def test_gradio_session_routes_refuse_a_client_that_is_not_signed_in(server, method, path):
    with httpx.Client(base_url=server.url, timeout=20) as anon:
        with anon.stream(method, path, json={"session_hash": "x1y2z3", "fn_index": 0, "event_id": "e" * 32}) as r:
            status = r.status_code
    assert status in (401, 403, 404), (path, status)


def test_another_creator_cannot_read_a_creators_answer_by_its_event_id(carl, dora):
    r = carl.post("/gradio_api/call/check_consent", json={"data": api_form(prompt="carl's unreleased poster idea")})
    assert r.status_code == 200, r.text
    event = r.json()["event_id"]
    stolen = dora.get(f"/gradio_api/call/check_consent/{event}", timeout=30).text
    assert "event: complete" not in stolen and "poster" not in stolen, stolen[:400]


# --------------------------------------------------------------------------- verify: a copy in a camera's container
@pytest.fixture(scope="module")
def carls_output(server, carl) -> Path:
    before = set(server.settings.outputs_dir.glob("*.png"))
    data = api_complete(api_call(carl, "generate", api_form(count=1, seed=27)))
    assert 'data-verdict="allowed"' in data[2], data[2]
    (out,) = set(server.settings.outputs_dir.glob("*.png")) - before
    return out


def _mpo(path: Path) -> bytes:
    """The output as a camera's MPO file: a baseline JPEG of the picture, with a second, small
    image (a preview) after it, as many phones and cameras write stills. Every viewer (browsers,
    galleries) shows the first image as a plain JPEG."""
    from PIL import Image

    im = Image.open(path).convert("RGB")
    buf = io.BytesIO()
    im.save(buf, "MPO", save_all=True, append_images=[im.resize((160, 160))], quality=95)
    return buf.getvalue()


def test_a_jpeg_copy_of_an_output_is_found_by_the_public_page(server, carls_output):
    """The baseline for the next test: the same picture as a plain JPEG is a copy of the output."""
    from PIL import Image

    buf = io.BytesIO()
    Image.open(carls_output).convert("RGB").save(buf, "JPEG", quality=95)
    r = httpx.post(f"{server.url}/public/api/verify", files={"file": ("copy.jpg", buf.getvalue(), "image/jpeg")},
                   timeout=90)
    assert r.status_code == 200 and r.json()["verdict"] == "copy_of_original", r.text[:300]


def test_a_copy_saved_as_a_cameras_mpo_still_is_found_as_the_outputs_copy(server, carl, carls_output):
    """Anyone passing an output off as a real photo saves it as MPO (one line of Pillow, or what
    a phone's editor writes): the disclosure must still be found, on the public page and in the
    Verify tab."""
    from PIL import Image

    data = _mpo(carls_output)
    first = Image.open(io.BytesIO(data))
    assert first.format == "MPO" and first.size == Image.open(carls_output).size  # a still of the output
    r = httpx.post(f"{server.url}/public/api/verify", files={"file": ("photo.jpg", data, "image/jpeg")}, timeout=90)
    assert r.status_code == 200 and r.json()["verdict"] == "copy_of_original", r.text[:300]
    up = carl.post("/gradio_api/upload", files={"files": ("photo.jpg", data, "image/jpeg")})
    (path,) = up.json()
    text = api_call(carl, "verify", [{"path": path, "meta": {"_type": "gradio.FileData"}}])
    assert "event: complete" in text and "animation" not in text, text[:400]

