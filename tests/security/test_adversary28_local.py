"""Red team 28: the fixes of red team 27 attacked in process, as a hostile (or unlucky) user meets them.

- creator findings (``consent.policy.creator_findings``, ``_others_grants``, ``_fold_prompt_names``)
  through Check consent's handler, for a second creator (dora) facing carl's grants: spellings of a
  registered name that the registered-name matcher reaches and the unknown-name rules do not; a
  creator's own grant problems still told next to another's grant (no fail-open of the message layer);
- the Guard's memory of who posted an event (``creator.ui.server._EventOwners``) past its 20,000;
- ``creator.ui.jobs_view.owner_refused``: a name removed and added again within one second, a
  legitimate user's jobs after ``users password`` and under an account whose creation time is ahead
  of the server's clock, CLI jobs;
- ``creator.auth.UserStore._writing``: a writer that finds the users file's lock held, a lock
  that is a directory;
- ``consent.imaging.decode(mpo_as_still=True)``: generation inputs still refuse an MPO; the
  verifier's reading of odd MPOs (many frames, a huge second frame).

Attacks that succeed are ``xfail(strict=True)`` tests asserting the safe behaviour.
"""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import datetime, timedelta, timezone

import gradio as gr
import pytest
from ui_support import CREATOR, generate_form, grant_fields, handlers, ui_settings, users  # noqa: F401

from creator.auth import AuthError, Role, UserStore

DORA = "dora"
GRANTED, GRANTED_NAME, GRANTED_PROJECT = "gwen-granted", "Gwen Grantedperson", "secret-campaign-2027"
APPROVER, APPROVER_NAME = "hana-approves", "Hana Approvesfirst"


# --------------------------------------------------------------------------- creator findings
@pytest.fixture()
def world(handlers, users, tmp_path):  # noqa: F811
    """carl holds Gwen's grant (his secret project) and Hana's approve-each-use grant; dora is a
    second creator; two more people are registered without any grant."""
    from consent.signing import generate_key_files, load_private_key

    users.add(DORA, Role.CREATOR, "dora-creator-pw1")
    evidence = tmp_path / "release.pdf"
    evidence.write_bytes(b"%PDF-1.4 signed model release\n")
    ops = handlers.ops
    keys = {}
    for sid, name, extra in ((GRANTED, GRANTED_NAME, {"project": GRANTED_PROJECT}),
                             (APPROVER, APPROVER_NAME, {"approve_each_use": True})):
        keys[sid] = generate_key_files(tmp_path / "keys", sid)
        ops.add_subject(sid, name, keys=[str(keys[sid].public_path)])
        ops.issue_grant(grant_fields(sid, evidence, **extra), [load_private_key(keys[sid].private_path)])
    ops.add_subject("quill-b", "Quillfeather Brightwater")
    ops.add_subject("anna-k", "Анна Каренина")
    handlers.test_keys, handlers.test_evidence = keys, evidence
    return handlers


def _check(app, who: str, **form) -> str:
    return app.check_consent(generate_form(**form), gr.Request(username=who))


def _verdict(html: str) -> str:
    m = re.search(r'data-verdict="(\w+)"', html)
    assert m, html[:300]
    return m.group(1)


_SPELLING = pytest.mark.xfail(strict=True, reason=(
    "red team 28: the registered-name matcher reads a registered person's name in lower case (Latin or "
    "another script), where the unknown-name rules see no name: denied for a registered person, allowed for "
    "a made-up one of the same shape, so a creator learns who is registered (the documented 'still "
    "observable' class, whose list names typos, surnames alone and scattered words, not lower case)"))


@pytest.mark.parametrize("registered,made_up", [
    pytest.param("quillfeather brightwater at dusk", "quillfeather darkwater at dusk", marks=_SPELLING),
    pytest.param("portrait of анна каренина", "portrait of анна петровская", marks=_SPELLING),
    ("portrait of Quillfeather Brightwater", "portrait of Quillfeather Darkwater"),
    ("portrait of GWEN GRANTEDPERSON", "portrait of GWEN NOBODYPERSON"),
], ids=["latin-lower", "cyrillic-lower", "capitalised", "capitals"])
def test_a_registered_name_reads_like_a_made_up_one_of_the_same_shape(world, registered, made_up):
    assert _verdict(_check(world, DORA, prompt=registered)) == _verdict(_check(world, DORA, prompt=made_up))


def test_a_creators_own_grant_problem_is_told_beside_another_creators_grant(world):
    """dora gets her own grant from Gwen, for her own project; asking for another project she must
    read her grant's project (her next step), and nothing of carl's."""
    from consent.signing import load_private_key

    world.ops.issue_grant(grant_fields(GRANTED, world.test_evidence, grantee=DORA, project="doras-zine"),
                          [load_private_key(world.test_keys[GRANTED].private_path)])
    html = _check(world, DORA, subjects=[GRANTED], prompt="a portrait", project="another-one")
    assert _verdict(html) == "denied"
    assert "doras-zine" in html and GRANTED_PROJECT not in html, html[:1500]
    html = _check(world, DORA, prompt=f"portrait of {GRANTED_NAME}", project="another-one")
    assert "doras-zine" in html and GRANTED_PROJECT not in html, html[:1500]


def test_a_creators_own_approve_each_use_grant_still_says_it_waits_for_the_person(world):
    """Hana signed an approve-each-use grant for dora too: dora must read that her request waits for
    Hana's approval (the fold of carl's grant must not turn it into 'no grant', a wrong next step)."""
    from consent.signing import load_private_key

    world.ops.issue_grant(grant_fields(APPROVER, world.test_evidence, grantee=DORA, approve_each_use=True),
                          [load_private_key(world.test_keys[APPROVER].private_path)])
    html = _check(world, DORA, subjects=[APPROVER], prompt="a portrait")
    assert _verdict(html) == "denied" and "approval" in html and "no grant" not in html, html[:1500]


def test_two_people_with_another_creators_grants_read_like_two_nobodies(world):
    """Both of carl's people by name in one prompt, and two made-up names: the
    same reasons, word for word (so the same count in the denial pop-up), and the same technical table."""
    from urllib.parse import quote

    def plain(html: str, names: tuple[str, str]) -> str:
        for i, n in enumerate(names):
            html = html.replace(quote(n), f"<N{i}>").replace(n, f"<N{i}>")
        return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{4}-\d\d-\d\dT[\d:.]+Z|chars \d+-\d+", "<id>", html)

    known = _check(world, DORA, prompt=f"{GRANTED_NAME} and {APPROVER_NAME} at a cafe")
    nobody = _check(world, DORA, prompt="Gwen Nobodyperson and Hana Nobodyfirst at a cafe")
    a, b = plain(known, (GRANTED_NAME, APPROVER_NAME)), plain(nobody, ("Gwen Nobodyperson", "Hana Nobodyfirst"))
    assert a == b, (a[:1500], b[:1500])


@pytest.mark.parametrize("shape", ["twice", "with-its-id", "with-a-persona", "lower-case-id"])
def test_every_shape_of_naming_a_person_with_another_creators_grant_reads_like_nobody(world, shape):
    """A typed name of a person whose grant is carl's, in the shapes a curious creator tries, and
    the same shape with a made-up name and id: the whole decision view (reasons, 'ask an operator'
    links, technical table) is the same but for the name and id typed."""
    from urllib.parse import quote

    world.ops.add_subject("zara-persona", "Nova Inventedface", kind="fictional_persona")

    def form(name: str, sid: str) -> dict:
        return {"twice": dict(prompt=f"{name} meets {name}"),
                "with-its-id": dict(prompt=f"portrait of {name}", subjects=[sid]),
                "with-a-persona": dict(prompt=f"{name} and Nova Inventedface", subjects=["zara-persona"]),
                "lower-case-id": dict(prompt="a portrait", subjects=[sid.upper()])}[shape]

    def plain(html: str, name: str, sid: str) -> str:
        for v, tag in ((quote(name), "<N>"), (name, "<N>"), (sid.upper(), "<S>"), (sid, "<S>")):
            html = html.replace(v, tag)
        return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{4}-\d\d-\d\dT[\d:.]+Z|chars \d+-\d+", "<id>", html)

    a = plain(_check(world, DORA, **form(GRANTED_NAME, GRANTED)), GRANTED_NAME, GRANTED)
    b = plain(_check(world, DORA, **form("Gwen Nobodyperson", "gwen-nobody")), "Gwen Nobodyperson", "gwen-nobody")
    assert GRANTED_PROJECT not in a and not re.search(r"\bg-[0-9a-f]{12}\b", a), a[:1500]  # no grant id
    assert a == b, (a[:2000], b[:2000])


# --------------------------------------------------------------------------- the Guard's memory of an event's poster
def test_an_event_posted_by_carl_stays_his_after_twenty_thousand_more_events():
    from creator.ui.server import _EventOwners

    owners = _EventOwners()
    owners._note(b'{"event_id": "carls-event"}', CREATOR)
    for i in range(_EventOwners.MAX):
        owners._note(('{"event_id": "dora-%d"}' % i).encode(), DORA)
    assert owners.may_read("carls-event", CREATOR)
    assert not owners.may_read("carls-event", DORA)


# --------------------------------------------------------------------------- jobs of a removed, re-added or legitimate user
def _job(owner: str, submitted: datetime):
    from consent.records import format_time
    from creator.jobs.model import Job, JobState

    return Job(id="job_adv28", owner=owner, state=JobState.QUEUED, submitted_at=format_time(submitted), settings={},
               request_digest="0" * 64)


def test_a_job_queued_just_before_the_name_is_removed_and_added_again_does_not_start(tmp_path):
    from creator.ui.jobs_view import owner_refused

    store = UserStore(tmp_path / "users.json")
    store.add("op1", Role.OPERATOR, "op1-operator-pw1")
    store.add("vic", Role.CREATOR, "vic-stolen-pw-123")
    for _ in range(50):  # start early in a second, so that remove + add end within it
        now = datetime.now(timezone.utc)
        if now.microsecond < 300_000:
            break
        time.sleep(0.05)
    queued = datetime.now(timezone.utc)  # the thief's job
    store.remove("vic")
    store.add("vic", Role.OPERATOR, "vic-new-colleague-pw")  # a new colleague of that name, an operator
    if store.get("vic").created_at.replace(microsecond=0) != queued.replace(microsecond=0):
        pytest.skip("the removal and the new account did not land in the job's second")
    assert owner_refused(store)(_job("ui:vic", queued)) is not None


def test_a_users_jobs_still_start_after_a_password_change(tmp_path):
    from creator.ui.jobs_view import owner_refused

    store = UserStore(tmp_path / "users.json")
    store.add("vic", Role.CREATOR, "vic-creator-pw-123")
    queued = datetime.now(timezone.utc) + timedelta(seconds=1)
    store.set_password("vic", "vic-creator-pw-456")
    assert owner_refused(store)(_job("ui:vic", queued)) is None
    assert owner_refused(store)(_job("cli:vic", queued - timedelta(days=9))) is None  # the CLI's jobs: not the users file's


def test_a_legitimate_users_job_starts_when_the_account_was_made_by_a_clock_ahead(tmp_path):
    import json

    from creator.ui.jobs_view import owner_refused

    path = tmp_path / "users.json"
    store = UserStore(path)
    store.add("op1", Role.OPERATOR, "op1-operator-pw1")
    store.add("vic", Role.CREATOR, "vic-creator-pw-123")
    doc = json.loads(path.read_text())
    for u in doc["users"]:  # as the users file says when `users add` ran on a clock 10 minutes ahead
        if u["name"] == "vic":
            for key in [k for k in u if "created" in k]:
                u[key] = (datetime.now(timezone.utc) + timedelta(minutes=10)).replace(microsecond=0).isoformat()
    path.write_text(json.dumps(doc))
    path.chmod(0o600)
    store = UserStore(path)
    assert store.authenticate("vic", "vic-creator-pw-123")  # she signs in and queues a job now
    # the studio passes the account's identity as it was when the job was submitted
    assert owner_refused(store)(_job("ui:vic", datetime.now(timezone.utc)), store.get("vic").key()) is None


def test_a_job_refused_because_the_users_file_is_unreadable_does_not_tell_its_maker_the_servers_paths(tmp_path):
    from types import SimpleNamespace

    from creator.jobs.manager import JobManager
    from creator.ui.jobs_view import owner_refused

    path = tmp_path / "users.json"
    store = UserStore(path)
    store.add("op1", Role.OPERATOR, "op1-operator-pw1")
    store.add("vic", Role.CREATOR, "vic-creator-pw-123")
    path.chmod(0o644)  # an operator's hand edit left it group-readable
    why = JobManager._owner_refused(SimpleNamespace(owner_refused=owner_refused(UserStore(path))),
                                    _job("ui:vic", datetime.now(timezone.utc)))
    assert why is not None  # fail closed: not started
    assert str(tmp_path) not in why and "chmod" not in why, why


# --------------------------------------------------------------------------- the users file's lock
def test_a_users_command_that_finds_the_lock_held_says_so_instead_of_hanging(tmp_path, monkeypatch):
    import fcntl
    import os

    from creator import auth

    # the studio's own wait must end within the 20 s this test allows; here it is shortened to
    # 1 s, so the test does not sit out the full wait (the thread below meets the same code)
    assert 0 < auth.LOCK_WAIT_S < 20
    monkeypatch.setattr(auth, "LOCK_WAIT_S", 1.0)
    path = tmp_path / "users.json"
    UserStore(path).add("op1", Role.OPERATOR, "op1-operator-pw1")
    fd = os.open(path.with_name("users.json.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process holds it and does not let go
    result: list = []

    def add():
        try:
            UserStore(path).add("newbie", Role.CREATOR, "newbie-creator-pw1")
            result.append("added")
        except Exception as e:  # noqa: BLE001 - reported below
            result.append(e)

    t = threading.Thread(target=add, daemon=True)
    t.start()
    t.join(20)
    answered = not t.is_alive()
    os.close(fd)  # let the waiting writer finish
    t.join(30)
    assert answered, "after 20 s `users add` was still waiting on the lock, saying nothing"
    assert isinstance(result[0], AuthError) and "lock" in str(result[0]), result


def test_a_lock_left_by_a_killed_users_command_does_not_block_the_next(tmp_path):
    """`users add` killed (-9) while it held the lock: the lock file stays, the lock does not."""
    import signal
    import subprocess
    import sys

    path = tmp_path / "users.json"
    UserStore(path).add("op1", Role.OPERATOR, "op1-operator-pw1")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"), str(path) + ".lock"],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    done: list = []
    t = threading.Thread(target=lambda: done.append(UserStore(path).add("newbie", Role.CREATOR, "newbie-creator-pw1")),
                         daemon=True)
    t.start()
    t.join(20)
    assert done and UserStore(path).get("newbie") is not None


def test_a_lock_that_is_a_directory_is_named_in_the_refusal(tmp_path):
    path = tmp_path / "users.json"
    UserStore(path).add("op1", Role.OPERATOR, "op1-operator-pw1")
    path.with_name("users.json.lock").unlink()
    path.with_name("users.json.lock").mkdir()
    # the studio's own error (a CLI user reads it as a clear refusal), naming the lock's path
    with pytest.raises(AuthError, match="users.json.lock.*expected a plain file there"):
        UserStore(path).add("newbie", Role.CREATOR, "newbie-creator-pw1")
    assert [u.name for u in UserStore(path).list()] == ["op1"]


# --------------------------------------------------------------------------- MPO
def _mpo(first, *rest) -> bytes:
    buf = io.BytesIO()
    first.save(buf, "MPO", save_all=True, append_images=list(rest), quality=90)
    return buf.getvalue()


@pytest.mark.parametrize("field", ["source", "mask", "references[0]"])
def test_generation_inputs_still_refuse_a_cameras_mpo(field):
    from PIL import Image

    from creator.errors import InputError
    from creator.request import InputImage

    im = Image.new("RGB", (128, 128), (90, 90, 90))
    with pytest.raises(InputError, match="frames"):
        InputImage(field=field, data=_mpo(im, im.resize((32, 32))))


def test_the_verifier_reads_an_mpo_with_many_frames_or_a_huge_second_frame_as_its_first_image():
    """Many previews, or a second image whose header claims 60,000 x 60,000: read quickly as the
    first image (what a viewer shows), never decoded past it."""
    import struct

    from PIL import Image

    from creator.ui.public import PublicLimits, _canonical

    first = Image.new("RGB", (256, 256), (200, 30, 30))
    many = _mpo(first, *[first.resize((16, 16))] * 200)
    huge = bytearray(_mpo(first, Image.new("RGB", (200, 200), (0, 0, 255))))
    sof = huge.find(b"\xff\xc0", huge.find(b"\xff\xc0") + 2)  # the second image's frame header
    huge[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)
    for data in (many, bytes(huge)):
        t = time.perf_counter()
        png, image = _canonical(data, PublicLimits())
        assert time.perf_counter() - t < 5
        assert image.pil().size == (256, 256) and image.pil().getpixel((5, 5))[:3] == (200, 30, 30)


# --------------------------------------------------------------------------- a face and a name
def test_a_face_whose_person_has_another_creators_grant_reads_alike_whoever_is_named(stub_world):
    """dora uploads a photo of Eileen, whose grant is ACME's (another grantee), and types a name:
    Eileen's own, or a made-up one. What she reads about the face, and how many reasons, must not
    depend on the guess (naming the right person must not turn the face into 'no grant' or drop it)."""
    from studio_world import astronaut, png_bytes

    stub_world.add_person("eileen", "Eileen Collins", photo=astronaut())
    stub_world.issue_grant("eileen", "g-eileen-acme")  # ACME's grant, not dora's

    def read(name: str) -> list[str]:
        request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)),
                                     prompt=f"{name}, a portrait in a garden", grantee=DORA)
        decision = stub_world.studio().check(request)
        assert not decision.allowed
        reasons = decision.creator_reasons()
        assert not any("g-eileen-acme" in r or "Blue (2026)" in r or "ACME" in r for r in reasons), reasons
        assert any("registered person" in r for r in reasons), reasons  # the face is hers (set-up)
        return sorted(re.sub(r'prompt chars \d+-\d+ "[^"]+"', "<name>", r).replace(name, "<N>") for r in reasons)

    assert read("Eileen Collins") == read("Nadia Nobodyreal")
