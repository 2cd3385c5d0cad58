"""Fixtures for the studio's web front end: real users file, real SQLite registry, real keys.

- Handler tests build a :class:`creator.ui.StudioApp` on a temp data dir and call its methods with
  ``gr.Request(username=...)``, exactly as Gradio does.
- Browser and API tests share one server per session, started the way a user starts it:
  ``consent-studio serve`` in a subprocess on 127.0.0.1 and a free port, on a fresh data dir,
  so the first-run operator account (``admin``, random password printed once) is real too.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import gradio as gr
import pytest

from consent.signing import KeyFiles, generate_key_files
from creator.auth import Role, UserStore
from creator.settings import StudioSettings
from creator.ui import GenerateForm, StudioApp, SubjectForm
from server_support import free_port

ROOT = Path(__file__).resolve().parents[2]
OPERATOR, OPERATOR_PW = "olive", "olive-operator-pw"
CREATOR, CREATOR_PW = "carl", "carl-creator-pw1"
#: the second creator the security tests' live servers add (a neighbour of carl's)
DORA, DORA_PW = "dora", "dora-creator-pw1"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    """Called at the top of every browser file: without Debian's chromium the file is skipped,
    except under CI, where a missing browser fails (CI must install it)."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium (apt-get install chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests skipped outside CI", allow_module_level=True)


# --------------------------------------------------------------------------- handler level
@pytest.fixture()
def ui_settings(tmp_path: Path) -> StudioSettings:
    return StudioSettings(data_dir=tmp_path / "data", torch_threads=1)


@pytest.fixture()
def users(ui_settings: StudioSettings) -> UserStore:
    store = UserStore.from_settings(ui_settings)
    store.add(OPERATOR, Role.OPERATOR, OPERATOR_PW)
    store.add(CREATOR, Role.CREATOR, CREATOR_PW)
    return store


@pytest.fixture()
def handlers(ui_settings: StudioSettings, users: UserStore) -> Iterator[StudioApp]:
    app = StudioApp(ui_settings, store=users)
    yield app
    app.close()  # its job service (worker threads), when a test used one


@pytest.fixture()
def as_operator() -> gr.Request:
    return gr.Request(username=OPERATOR)


@pytest.fixture()
def as_creator() -> gr.Request:
    return gr.Request(username=CREATOR)


@pytest.fixture()
def jane_keys(tmp_path: Path) -> KeyFiles:
    """Jane Doe's own Ed25519 key pair (she signs her grants herself)."""
    return generate_key_files(tmp_path / "keys", "jane-doe")


@pytest.fixture()
def evidence_file(tmp_path: Path) -> Path:
    p = tmp_path / "jane-release.pdf"
    p.write_bytes(b"%PDF-1.4 signed model release, Jane Doe, 2026\n")
    return p


@pytest.fixture()
def jane(handlers: StudioApp, as_operator: gr.Request, jane_keys: KeyFiles) -> str:
    """Subject jane-doe with her public key, added through the operator's form."""
    handlers.add_subject(
        SubjectForm(subject_id="jane-doe", display_name="Jane Doe", aliases="J. Doe", kind="person",
                    subject_key=str(jane_keys.public_path)),
        request=as_operator,
    )
    return "jane-doe"


def grant_fields(subject: str, evidence: Path, **overrides) -> dict:
    """A valid grant's fields by default (a creator may make art of Jane in the US)."""
    now = datetime.now(timezone.utc)
    fields = dict(
        subject_id=subject, grantee=CREATOR, project="spring-campaign",
        description="Portrait stills of Jane Doe for the spring gallery show",
        purposes=["art"], operations=["likeness_generation"], media=["still_image"], territories=["US"],
        valid_from=(now - timedelta(days=1)).strftime("%Y-%m-%d"),
        valid_until=(now + timedelta(days=365)).strftime("%Y-%m-%d"),
        content_restrictions=["no_nudity"], evidence=[{"kind": "signed_release",
                                                       "sha256": hashlib.sha256(Path(evidence).read_bytes()).hexdigest()}],
    )
    fields.update(overrides)
    return fields


def draft_form(subject: str, evidence: Path, **overrides):
    """Every field of People & consent → Draft a grant, valid by default (the person then signs it)."""
    from creator.talent.operator import DraftForm

    f = grant_fields(subject, evidence)
    form = dict(subject_id=subject, grantee=f["grantee"], project=f["project"], description=f["description"],
                purposes=f["purposes"], operations=f["operations"], media=f["media"], territories="US",
                valid_from=f["valid_from"], valid_until=f["valid_until"], restrictions=f["content_restrictions"],
                evidence_kind="signed_release", evidence_file=str(evidence))
    form.update(overrides)
    return DraftForm(**form)


def signed_grant_json(handlers: StudioApp, subject: str, keys: KeyFiles | list[KeyFiles], evidence: Path, **overrides) -> str:
    """A grant signed with the signers' own private keys, as they would on their own machine
    (``consent-studio grant issue``'s signing, without storing): the JSON the operator imports."""
    from consent.errors import SignatureInvalid
    from consent.records import SignedGrant
    from consent.signing import load_private_key, sign_grant

    keys = keys if isinstance(keys, list) else [keys]
    private = [load_private_key(k.private_path) for k in keys]
    fields = grant_fields(subject, evidence, **overrides)
    try:
        signed = handlers.ops.build_grant(fields, private)
    except SignatureInvalid:  # a key the studio does not know: the signer signs as themself anyway
        terms = handlers.ops.draft_terms(fields, "self")
        signed = SignedGrant(grant=terms, signatures=tuple(sign_grant(terms, k, "self") for k in private))
    return signed.canonical_json().decode("utf-8")


def issue(handlers: StudioApp, request: gr.Request, subject: str, keys: KeyFiles | list[KeyFiles], evidence: Path,
          **overrides) -> tuple[str, list[list[Any]]]:
    """The operator imports a grant the signers signed elsewhere (People & consent → Import):
    returns the message and the grants table rows."""
    from creator.talent.operator import import_grant
    from creator.ui import render

    message, _ = import_grant(handlers, signed_grant_json(handlers, subject, keys, evidence, **overrides), None, request)
    return message, render.grant_rows(handlers.ops.grant_views())


def generate_fields(**overrides) -> dict:
    """The Generate tab's fields by name (as the HTTP API takes them): built-in GAN, text to image, 512², one image,
    for the project the test grants are for."""
    form = dict(
        engine="gan", model="", mode="text2img", source=None, prompt="studio portrait, soft light",
        negative_prompt="", subjects=[], purpose="art", media="still_image", territory="US", project="spring-campaign",
        grantee="", seed=7, steps=20, guidance=7.5, width=512, height=512, count=1,
    )
    form.update(overrides)
    return form


def generate_form(**overrides) -> GenerateForm:
    """The Generate tab as the form object its handlers take."""
    return GenerateForm(**generate_fields(**overrides))


#: The Generate form's inputs in the order the HTTP API's ``check_consent``/``generate``/``submit_job`` take them.
API_FORM_ORDER = ["engine", "model", "mode", "source", "prompt", "negative_prompt", "subjects", "purpose", "media",
                  "territory", "project", "grantee", "seed", "steps", "guidance", "width", "height", "count",
                  "label_position", "output_format"]


def api_form(**overrides) -> list:
    """The Generate form as the HTTP API's data list (:data:`API_FORM_ORDER`)."""
    f = generate_fields(**overrides)
    f.setdefault("label_position", "")
    f.setdefault("output_format", "")
    return [f[k] for k in API_FORM_ORDER]


def api_session(server: "LiveServer", user: str, password: str, timeout: float = 90):
    """An ``httpx.Client`` signed in to ``server`` as ``user`` (the sign-in form, as a browser posts it)."""
    import httpx

    c = httpx.Client(base_url=server.url, timeout=timeout)
    r = c.post("/login", data={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return c


def api_call(session, api: str, data: list) -> str:
    """A named endpoint over Gradio's HTTP API (POST /call, then its event stream as text)."""
    r = session.post(f"/gradio_api/call/{api}", json={"data": data})
    assert r.status_code == 200, r.text
    return session.get(f"/gradio_api/call/{api}/{r.json()['event_id']}").text


def stream_text(session, method: str, path: str, limit: float = 20) -> tuple[int, str]:
    """Status and what an event stream says until it completes or errs (or ``limit`` seconds;
    -1 when the server sent nothing in time)."""
    import time

    import httpx

    text, deadline = "", time.monotonic() + limit
    try:
        with session.stream(method, path, timeout=httpx.Timeout(limit, connect=10)) as r:
            for chunk in r.iter_text():
                text += chunk
                if "complete" in text or "error" in text or time.monotonic() > deadline:
                    break
            return r.status_code, text
    except httpx.ReadTimeout:
        return -1, text


def queue_answers(session, session_hash: str, count: int, limit: float = 60, read_timeout: float = 30) -> str:
    """What a page session's event stream (``/gradio_api/queue/data``) says until ``count`` answers
    came (``process_completed``), ``limit`` seconds passed or it was silent for ``read_timeout``."""
    import time

    import httpx

    text, deadline = "", time.monotonic() + limit
    try:
        with session.stream("GET", f"/gradio_api/queue/data?session_hash={session_hash}", timeout=read_timeout) as s:
            for chunk in s.iter_text():
                text += chunk
                if text.count("process_completed") >= count or time.monotonic() > deadline:
                    break
    except httpx.ReadTimeout:
        pass
    return text


def api_complete(text: str) -> list:
    """The data of an event stream's ``complete`` event."""
    import json

    assert "event: complete" in text, text[:600]
    return json.loads(text.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0])


# --------------------------------------------------------------------------- live server
@dataclass
class LiveServer:
    url: str
    data_dir: Path
    admin_password: str
    settings: StudioSettings
    keys: dict[str, KeyFiles] = field(default_factory=dict)
    work: Path = Path()
    evidence: Path = Path()
    log: list[str] = field(default_factory=list)


_SERVE = "import sys; from creator.cli import main; main(sys.argv[1:])"


def _server_env() -> dict[str, str]:
    """The environment ``consent-studio serve`` gets, but for its data dir (set per server), and
    without pytest's name of the test running (it changes with every test; the studio reads none)."""
    return {**{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}, "CONSENT_STUDIO_TORCH_THREADS": "1",
            "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
            "OMP_NUM_THREADS": "1",
            # the server runs this checkout's code, whichever checkout the installed package points at
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}


@dataclass
class _Launch:
    """A ``consent-studio serve`` process started on a fresh data dir under ``work``, and what it said."""
    work: Path
    env: dict[str, str]
    port: int
    proc: subprocess.Popen
    log: list[str]

    @classmethod
    def start(cls, work: Path, env: dict[str, str]) -> "_Launch":
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-c", _SERVE, "serve", "--port", str(port)],
            cwd=work, env={**env, "CONSENT_STUDIO_DATA_DIR": str(work / "data")},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        log: list[str] = []
        log_file = work / "server.log"  # kept beside the data dir: what the server said, for a failure's post-mortem

        def _read() -> None:
            with log_file.open("a", encoding="utf-8") as f:
                for line in proc.stdout:
                    log.append(line)
                    f.write(line)
                    f.flush()

        threading.Thread(target=_read, daemon=True).start()
        return cls(work, env, port, proc, log)

    def ready(self) -> str:
        """The first-run admin password, once the server listens (fails the test if it does not)."""
        deadline = time.monotonic() + 120
        password = None
        while time.monotonic() < deadline:
            text = "".join(self.log)
            # not a terminal: the password is in a file whose place is printed (session 67)
            m = re.search(r"Created operator account 'admin'; its password is in (\S+) ", text)
            if password is None and m:
                password = Path(m.group(1)).read_text(encoding="utf-8").strip()
            if password and _listening(self.port):
                return password
            if self.proc.poll() is not None:
                pytest.fail(f"consent-studio serve exited with {self.proc.returncode}:\n{text}")
            time.sleep(0.2)
        pytest.fail("consent-studio serve did not start within 120 s:\n" + "".join(self.log))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def stop_behind(self) -> None:
        """:meth:`stop` without waiting for it: a server with a client's stream still open can take
        its full 15 s to exit, idle, on a port and a data dir nobody else uses (waited for when
        the session ends)."""
        self.proc.terminate()
        stopping = threading.Thread(target=self.stop, daemon=True)
        stopping.start()
        _STOPPING.append(stopping)


#: The next fresh server for each environment, started ahead while the tests before it run: they
#: mostly wait on their own server, and a start is 10-15 s of imports on a core that is idle
#: meanwhile. One is used only by a caller whose environment it was started with, and only once;
#: those left are stopped when the session ends.
_SPARES: dict[tuple[tuple[str, str], ...], _Launch] = {}
#: Variables libraries set in this process as a side effect of an import or a call (Gradio's
#: Blocks with analytics off, torch's compile cache): a server sets the same values itself, so a
#: spare started before a test set them still has this environment (before, it went unused).
_SET_BY_LIBRARIES = frozenset({"HF_HUB_DISABLE_TELEMETRY", "TORCHINDUCTOR_CACHE_DIR"})
#: Servers being stopped behind the tests (:meth:`_Launch.stop_behind`).
_STOPPING: list[threading.Thread] = []


def _stop_spares() -> None:
    while _SPARES:
        _SPARES.popitem()[1].stop_behind()
    while _STOPPING:
        _STOPPING.pop().join()


atexit.register(_stop_spares)


@contextmanager
def start_live_server(work: Path) -> Iterator[LiveServer]:
    """``consent-studio serve`` on a fresh data dir of its own; the first-run admin password is
    read from its console, and the creator account is added.

    The server is the fresh one started ahead for this environment (on a data dir beside
    ``work``) if it is still running; otherwise it starts now, under ``work``. Either way nobody
    else uses it, and another fresh one is started ahead for the next caller."""
    env = _server_env()
    key = tuple(sorted((k, v) for k, v in env.items() if k not in _SET_BY_LIBRARIES))
    launch = _SPARES.pop(key, None)
    if launch is not None and launch.proc.poll() is not None:  # it died while waiting: start afresh
        launch.stop()
        launch = None
    if launch is None:
        launch = _Launch.start(work, env)
    try:
        password = launch.ready()
        if key not in _SPARES:  # started once this one is up, so that the two do not slow each other
            _SPARES[key] = _Launch.start(Path(tempfile.mkdtemp(prefix="live-spare-", dir=work.parent)), env)
        data_dir = launch.work / "data"
        server = LiveServer(f"http://127.0.0.1:{launch.port}", data_dir, password,
                            StudioSettings(data_dir=data_dir), work=launch.work, log=launch.log)
        UserStore.from_settings(server.settings).add(CREATOR, Role.CREATOR, CREATOR_PW)
        yield server
    finally:
        launch.stop_behind()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One studio server for the browser and API tests of the session."""
    with start_live_server(tmp_path_factory.mktemp("live")) as server:
        yield server


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(autouse=True)
def isolated_audit_actor() -> Iterator[None]:
    """Handlers set the audit actor for their context (Gradio copies one per request); tests
    call them directly in one thread, so restore the actor after each test."""
    from consent.audit import acting_as

    with acting_as("test"):
        yield


def verify_on(settings: StudioSettings, path: Path):
    """``verify`` against the studio's own registry (opened beside the running server: SQLite WAL)."""
    from consent.registry import Registry
    from creator.verify import verify

    with Registry.from_settings(settings) as registry:
        return verify(path, settings=settings, registry=registry)
