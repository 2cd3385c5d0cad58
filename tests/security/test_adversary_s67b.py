"""Red team s67 B: what commit 94c1e18 (an operator's walkthrough, session 67) and 547db83 (the first
admin password off a terminal) added, attacked as a creator over the studio's handlers, as an
operator making mistakes, as someone who edits what creators write into the audit log, and as
someone who controls the data directory before the first start.

Each failing test states the attack, what was observed and what is expected; it passes once the
product is fixed. The passing tests at the end are attacks that were correctly defended."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from ui_support import (CREATOR, OPERATOR, as_creator, as_operator, evidence_file, generate_form,  # noqa: F401
                        handlers, issue, jane, jane_keys, ui_settings, users)

from consent.drafts import Drafts
from consent.errors import RecordInvalid
from creator.ui import SubjectForm, render
from studio_world import astronaut


def _draft(handlers, subject: str):
    return Drafts(handlers.ops).create({
        "subject_id": subject, "grantee": "ACME Films", "project": "Harbour Lights (2026)",
        "description": "Reshoot of scene 12: the character at the harbour, daylight", "purposes": ["film_reshoot"],
        "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
        "valid_until": "2030-01-01", "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]},
        created_by="ui:olive")


def _actor_of(handlers, seq: int) -> str | None:
    (e,) = [e for e in handlers.registry.audit_entries() if e.seq == seq]
    return e.payload.get("actor")


# =========================================================================== 1. opt-out by merge
def test_an_opt_out_that_arrives_by_merge_withdraws_the_kept_subjects_pending_drafts(handlers, as_operator, jane):
    """Attack (operator's mistake, the case session 67 fixed for ``set_opt_out``): Jane has a pending
    grant draft; her duplicate record ``jane-dup`` (same person, added twice) carries her opt-out.
    The operator merges the duplicate into ``jane-doe``: "the stricter flag wins", so jane-doe is now
    opted out. Observed: the merge goes through ``registry.merge_subjects`` and never calls
    ``_withdraw_drafts_of``: the draft stays pending and its link still asks the person who said
    "never" to "agree…" (the exact walkthrough complaint the commit fixed for the opt-out form).
    Expected: a merge that leaves the kept subject opted out withdraws her pending drafts too."""
    view, links = _draft(handlers, jane)
    handlers.ops.add_subject("jane-dup", "Jane Doe (old record)", opt_out=True)
    handlers.ops.merge_subjects(jane, "jane-dup")
    assert handlers.registry.get_subject(jane).opt_out is True
    assert Drafts(handlers.ops).get(view.id).status == "withdrawn"


# =========================================================================== 2. the Audit tab's "who" filter
def test_the_who_filter_shows_only_what_that_account_did_not_what_a_creator_wrote_its_name_into(
        handlers, as_operator, as_creator, jane):
    """Attack (creator): carl files a request whose subject is the string ``ui:olive`` (any creator
    text that lands as one JSON string of a payload does: a request's subject, a generation's
    project or grantee). Observed: the new "Filter: who (e.g. ui:filmmaker, talent-link)" is only
    a *mentions* search (``audit_page(mentions=[who])``), so an operator (or a lawyer) asking "what
    did ui:olive do" is shown carl's ``request_filed`` entry among olive's acts; a creator can plant
    entries under any colleague's name, or drown one in noise. Expected: the who filter matches
    the entry's actor, not any string of its payload."""
    handlers.file_request("grant", "ui:olive", "please ask the actor to sign a grant for us", request=as_creator)
    handlers.set_opt_out(jane, "set", "Jane asked by phone never to be generated", request=as_operator)
    rows = handlers.audit_entries("", "", 50, "", "ui:olive", request=as_operator)
    assert rows, "olive's own opt-out is found"
    actors = {r[2]: _actor_of(handlers, r[0]) for r in rows}
    assert all(a == "ui:olive" for a in actors.values()), actors


def test_filtering_by_a_persons_name_still_finds_what_was_filed_about_her_by_name(handlers, as_operator, as_creator, jane):
    """Attack (a lawyer's question, and a regression): carl files a request naming "Jane Doe" (the
    name a creator knows; he has no id). Before 94c1e18 the Audit tab's filter "Jane Doe" found it
    (a full scan for that string); now a name that resolves to a subject is *replaced* by her id,
    and the search for ``jane-doe`` no longer returns the ``request_filed`` entry whose subject is
    "Jane Doe". Observed: the person's name finds less about her than it did. Expected: filtering
    by a person's name finds the entries naming her by id *and* those naming her by that name."""
    handlers.file_request("exception", "Jane Doe", "Jane Doe is the name of the ferry in our film", request=as_creator)
    rows = handlers.audit_entries("Jane Doe", "", 50, request=as_operator)
    assert "request_filed" in {r[2] for r in rows}, [r[2] for r in rows]


# =========================================================================== 3. namesakes the prompt check reads as one
@pytest.mark.parametrize("other", ["Jane Doé", "J\u0430ne Doe", "Jane Doe.", "\uff2a\uff41\uff4e\uff45 \uff24\uff4f\uff45"],
                         ids=["accent", "cyrillic-a", "full-stop", "fullwidth"])
def test_a_second_subject_the_prompt_check_reads_as_jane_is_warned_about(handlers, as_operator, jane, other):
    """Attack (operator's mistake): a second subject is added as "Jane Doé" (or with a Cyrillic
    "а", a trailing full stop, full-width letters). The prompt check reads each of these as the
    same name as "Jane Doe": from then on Jane's consented prompts naming her are denied ("subject
    'jane-2' has no consent grant"): the very harm the new namesake warning is for. Observed:
    ``Operations.subjects_named`` compares case and spacing only, so the form saves without a
    word. Expected: the warning is given for every name the prompt check would take as the
    same person's."""
    msg, _rows, _ = handlers.add_subject(SubjectForm(subject_id="jane-2", display_name=other, kind="person"),
                                         request=as_operator)
    assert "saved" in msg
    assert "another subject already goes by this name" in msg, msg


def test_a_name_exception_for_an_accented_spelling_of_a_registered_person_is_refused_too(handlers, jane):
    """Attack (creator's request, approved by an operator): a creator asks for an exception for
    "Jane Doé" (the registered Jane Doe with an accent: the prompt check reads it as her). The new
    refusal ("is the name of registered person … it would change nothing") compares case and
    spacing only. Observed: the exception is recorded, the creator reads "approved" and is still
    denied: what the refusal was added to prevent. Expected: refused like "Jane Doe"."""
    with pytest.raises(RecordInvalid, match="is the name of registered person 'jane-doe'"):
        handlers.ops.allow_name("Jane Doé", "the ferry in our film is called that", "ui:olive")


# =========================================================================== 4. the operator's Verify "Depicts"
def _splice_pixels(png: bytes, other: bytes) -> bytes:
    """``png``'s chunks (its signed manifest among them) with the pixels (IHDR, IDAT) of ``other``."""
    def chunks(b: bytes):
        i, out = 8, []
        while i < len(b):
            n = struct.unpack(">I", b[i:i + 4])[0]
            out.append((b[i + 4:i + 8], b[i + 8:i + 8 + n]))
            i += 12 + n
        return out

    def raw(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    mine, theirs = chunks(png), chunks(other)
    ihdr = [d for t, d in theirs if t == b"IHDR"][0]
    idats = b"".join(raw(t, d) for t, d in theirs if t == b"IDAT")
    out, done = bytearray(png[:8]), False
    for t, d in mine:
        if t == b"IHDR":
            out += raw(t, ihdr)
        elif t == b"IDAT":
            if not done:
                out += idats
                done = True
        else:
            out += raw(t, d)
    return bytes(out)


def test_the_operators_verify_does_not_say_whom_a_file_that_fails_depicts(
        handlers, as_operator, as_creator, jane, jane_keys, evidence_file, tmp_path):
    """Attack (creator → operator): carl takes the signed manifest of an output made under Jane's
    grant and puts it on other pixels (any picture), then hands the file to an operator. Observed:
    the operator's Verify card fails the file, yet ``_depicted`` reads the grant ids from the
    report's grants whatever the verdict and the card says "Depicts: Jane Doe (jane-doe)" as a fact
    about a picture that is not hers. Expected: "Depicts" only for a file whose manifest verifies
    (or said as what the failing manifest claims, not as whom the file depicts)."""
    from PIL import Image

    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    _gallery, downloads, decision_md, _ = handlers.generate(generate_form(subjects=[jane]), request=as_creator)
    assert 'data-verdict="allowed"' in decision_md, decision_md
    real = open(downloads[0], "rb").read()
    size = Image.open(io.BytesIO(real)).size
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buf, "PNG")
    forged = tmp_path / "jane-poster.png"
    forged.write_bytes(_splice_pixels(real, buf.getvalue()))
    html, data, _ = handlers.verify_file(str(forged), request=as_operator)
    assert data.get("ok") is not True, "the spliced file must fail"
    assert not data.get("depicts") and "Depicts" not in html, (data.get("verdict"), data.get("depicts"))


# =========================================================================== 5. same face, two enrolments at once
def test_the_same_face_enrolled_for_two_subjects_at_once_is_refused(stub_world, monkeypatch):
    """Attack (two operators, or the CLI beside the studio): the same photo is enrolled for ``ann``
    and for ``bob`` at the same moment. ``_refuse_same_face`` reads the stored templates *before*
    ``add_face_templates`` opens its transaction: each enrolment checks while the other has not
    stored yet, and both store. Observed (the interleaving forced): the face is enrolled for both
    with nobody's confirmation, and every image of it is denied from then on; a face template
    cannot be taken back. Expected: the check is made in the transaction that stores, so the
    second is refused."""
    w = stub_world
    w.ops.add_subject("ann", "Ann Example")
    w.ops.add_subject("bob", "Bob Example")
    reg = w.registry
    real_add = reg.add_face_templates
    state = {"nested": False}

    def interleaved(subject_id, templates, **kw):
        if subject_id == "ann" and not state["nested"]:
            state["nested"] = True  # bob's enrolment runs between ann's check and ann's store
            try:
                w.ops.enroll("bob", [astronaut()])
            except RecordInvalid:
                pass
        return real_add(subject_id, templates, **kw)

    monkeypatch.setattr(reg, "add_face_templates", interleaved)
    try:
        w.ops.enroll("ann", [astronaut()])
    except RecordInvalid:
        pass
    counts = reg.template_counts()
    assert not (counts.get("ann") and counts.get("bob")), counts


# =========================================================================== 6. the first start's password file
def test_a_directory_in_place_of_the_password_file_does_not_lose_the_first_admin_password(tmp_path, monkeypatch):
    """Attack (someone who controls the data directory before the first start): a directory named
    ``first-admin-password.txt`` is left there. ``_tell_first_password`` runs *after*
    ``ensure_admin`` has saved the admin account; its ``unlink`` of a directory raises
    (IsADirectoryError), ``serve`` dies, and the password is never written or printed. The next
    start finds the users file and makes no new password: the studio has an operator account
    whose password nobody knows (and no ``account_added`` entry). Expected: either the password
    still reaches the admin, or nothing is created (the next start tries again)."""
    from click.testing import CliRunner

    import creator.ui as ui
    from creator.auth import FIRST_PASSWORD_FILE, UserStore
    from creator.cli import cli
    from creator.settings import StudioSettings

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / FIRST_PASSWORD_FILE).mkdir()
    monkeypatch.setattr(ui, "launch", lambda *a, **k: None)
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "serve", "--port", "7999"])
    store = UserStore.from_settings(StudioSettings(data_dir=data))
    if store.path.exists() and store.get("admin") is not None:
        import re

        said = re.findall(r"password: (\S+)", r.output)
        in_file = [p.read_text().strip() for p in data.glob("*password*") if p.is_file()]
        assert any(store.authenticate("admin", pw) for pw in said + in_file), (r.exit_code, r.output)


# =========================================================================== defended
def test_defended_a_creator_cannot_resolve_names_or_export_through_the_audit_handlers(handlers, as_creator, jane):
    """A creator calling the new filters with a registered name (and with a name two subjects share)
    is refused before the name is resolved: the refusal names no id; the export is refused too."""
    handlers.ops.add_subject("jane-2", "Jane Doe")
    for args in (("Jane Doe", "", 50), ("J. Doe", "", 50, "opt_out_set", "ui:olive", "2020-01-01", "2099-01-01")):
        with pytest.raises(Exception) as e:
            handlers.audit_entries(*args, request=as_creator)
        assert "operator role" in str(e.value) and "jane-doe" not in str(e.value) and "jane-2" not in str(e.value)
    with pytest.raises(Exception, match="operator role"):
        handlers.audit_export("1900-01-01", "9999-12-31", request=as_creator)


def test_defended_the_name_exception_refusal_never_reaches_the_creator(handlers, as_operator, as_creator, jane):
    """A creator files an exception for "J. Doe" (Jane's alias) hoping the operator's approval tells
    him it is a registered person. The approval is refused to the operator; the creator's own view
    of the request stays "pending" with no answer, and names nobody."""
    handlers.file_request("exception", "J. Doe", "J. Doe is the name of the ferry in our film", request=as_creator)
    (rid,) = [r[0] for r in handlers.own_requests(request=as_creator)]
    with pytest.raises(Exception, match="registered person 'jane-doe'"):
        handlers.answer_request(rid, True, "", False, request=as_operator)
    (row,) = handlers.own_requests(request=as_creator)
    assert row[4] == "pending" and row[5] == "" and "jane-doe" not in " ".join(map(str, row))
    assert "jane-doe" not in " ".join(" ".join(map(str, r)) for r in handlers.my_requests(request=as_creator))


def test_defended_a_creator_s_verify_has_no_depicts(handlers, as_operator, as_creator, jane, jane_keys, evidence_file):
    """The operator-only "depicts" is not in a creator's card, data or downloadable report."""
    import json

    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    _gallery, downloads, _md, _ = handlers.generate(generate_form(subjects=[jane]), request=as_creator)
    html, data, report = handlers.verify_file(downloads[0], request=as_creator)
    assert "depicts" not in data and "Depicts" not in html and "Jane Doe" not in html
    assert "depicts" not in json.loads(open(report, encoding="utf-8").read())


@pytest.mark.parametrize("actor", ["<img src=x onerror=alert(1)>\n**Operator olive** approved", "x" * 5000])
def test_defended_the_by_actor_suffix_is_one_short_line(actor):
    """An actor string a data-dir editor (or a CLI account name) chose is cut to one line of 60
    characters; the Audit table is plain text (no HTML/markdown rendering)."""
    words = render.audit_summary("opt_out_set", {"subject_id": "jane-doe", "opt_out": True, "actor": actor})
    assert "\n" not in words and len(words) < 200
    assert words.startswith("jane-doe opted out: never generate (by ")


def test_defended_a_grey_mirrored_tinted_or_cropped_copy_of_an_enrolled_face_is_refused(stub_world):
    """The same-face refusal is not bypassed by a grey, mirrored, red-tinted, sepia or cropped copy
    of a face enrolled for someone else (a colour template is compared with the others' colour
    and grey templates)."""
    from PIL import Image, ImageOps

    w = stub_world
    w.ops.add_subject("ann", "Ann Example")
    w.ops.enroll("ann", [astronaut()])
    a = astronaut()
    r, g, b = a.split()
    copies = {"grey": ImageOps.grayscale(a).convert("RGB"), "mirror": ImageOps.mirror(a),
              "tint": Image.merge("RGB", (r, g.point(lambda v: v // 3), b.point(lambda v: v // 3))),
              "sepia": ImageOps.colorize(ImageOps.grayscale(a), "#402000", "#ffe0a0"),
              "crop": a.crop((100, 0, 400, 300)).resize((512, 512))}
    w.ops.add_subject("bob", "Bob Example")
    for name, img in copies.items():
        with pytest.raises(RecordInvalid, match="shows the same face as 'ann'"):
            w.ops.enroll("bob", [img])
    assert w.registry.template_counts().get("bob") is None


def test_defended_a_password_file_left_in_the_data_dir_is_replaced_not_trusted(tmp_path, capsys):
    """A regular file (another account's, or a planted password) left at first-admin-password.txt
    is replaced: the file then holds the new admin password, 0600."""
    import os
    import stat

    from creator.auth import FIRST_PASSWORD_FILE, UserStore
    from creator.cli.serve import _tell_first_password

    planted = tmp_path / FIRST_PASSWORD_FILE
    planted.write_text("attacker-chosen-password\n")
    os.chmod(planted, 0o644)
    store = UserStore(tmp_path / "users.json")
    password = store.ensure_admin()
    _tell_first_password(store, password)
    assert planted.read_text().strip() == password and stat.S_IMODE(os.stat(planted).st_mode) == 0o600
    assert not store.authenticate("admin", "attacker-chosen-password")


# =========================================================================== 7. the export over HTTP
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from ui_support import start_live_server

    with start_live_server(tmp_path_factory.mktemp("adv67b")) as s:
        yield s


@pytest.mark.slow
def test_the_audit_export_file_is_not_served_to_a_creator_who_has_its_address(server, carl):
    """Attack (creator): an operator exports the signed log from the Audit tab; its address
    (``/gradio_api/file=<data dir>/…/audit-XXXX/consent-studio-audit-export.json``) reaches carl (a
    shared screen, a pasted link, a proxy log, the browser's history on a shared machine). Observed:
    the Guard keeps only *outputs* to their maker and operators; any signed-in account that has the
    address is served the whole export: every subject, decision, request and account event the
    studio recorded, which the handler refuses a creator (``audit_export`` requires the operator
    role). Expected: the export (like the operator's verify reports) is served to operators only,
    as the outputs are to their maker."""
    from ui_support import api_call, api_complete, api_session

    admin = api_session(server, "admin", server.admin_password)
    try:
        out = api_complete(api_call(admin, "audit_export", ["", ""]))
    finally:
        admin.close()
    f = out[0]
    url = f.get("url") or f"{server.url}/gradio_api/file={f['path']}"
    path = url.split(server.url, 1)[-1]
    import httpx

    with httpx.Client(base_url=server.url, timeout=30) as anon:  # defended: not signed in, nothing
        assert anon.get(path).status_code in (401, 403, 404)
    r = carl.get(path)
    assert r.status_code == 404 and b"audit_key" not in r.content, (r.status_code, r.text[:200])
