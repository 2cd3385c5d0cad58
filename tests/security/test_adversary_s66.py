"""Red team, session 66: what session 66 added (``consent-studio backup``, the production C2PA
marker, the watermark key check at the studio's start, ``GrantView.stopped`` and the person's page,
the new audit entries, ``check``'s grouped grant findings).

Each finding's test states the attack and asserts the SAFE behaviour; all eight findings were fixed
in the same session (a backup inside the data directory refused, its check opening the copy only, a
quoted database URI, links left out; the watermark key read against the newest and the oldest
output files present and its record bound to this registry; the page's confirmation bound to her
session; a used-up grant asks nothing). The tests marked "(held)" pin an attack that was correctly
defended; the last test pins a design point the red team raised (`c2pa rotate` changed files)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest
from click.testing import CliRunner
from studio_world import StubEngine, astronaut

from consent.registry import Registry
from creator.cli import cli
from creator.cli._common import CliState
from creator.errors import DisclosureError
from creator.settings import StudioSettings


def _made(w, n: int = 1, **kw):
    """Jane, her grant, and ``n`` published outputs (seeds 0..n-1)."""
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    studio = w.studio(StubEngine(images=[astronaut()]))
    return [studio.generate(w.request(prompt="a harbour", subjects=("jane",), seed=i, **kw)) for i in range(n)]


def _backup(w, out, *extra):
    return CliRunner().invoke(cli, ["backup", str(out), *extra], obj=CliState(settings=w.settings, _registry=w.registry))


def _checked(w):
    return w.settings.watermark_key_file.with_name("watermark.checked")


def _replace_watermark_key(w, key: bytes) -> None:
    path = w.settings.watermark_key_file
    path.write_bytes(key)
    os.chmod(path, 0o600)


# --- 1. consent-studio backup -------------------------------------------------------------------


def test_backup_into_the_outputs_folder_is_refused_and_leaves_no_key_where_the_studio_serves_files(stub_world):
    """Attack: an admin (or a script with a relative path run from the outputs folder) runs
    ``consent-studio backup DATA/outputs/backup-monday``. ``backup`` accepts any new folder: it
    writes the audit key, the watermark key, the C2PA private key, ``users.json`` and the database
    into the outputs folder, the one folder the web server serves (``allowed_paths``; only
    output-shaped names are owner-checked and ``never_served`` names the originals, not copies), so
    any signed-in creator can fetch every secret through ``/gradio_api/file=…``. Then it copies the
    outputs folder into itself: copytree recurses into its own copy until a RecursionError
    (a traceback), leaving nested copies of every key behind. Expected: an OUT inside the data
    directory (the outputs and UI cache folders above all) is refused before anything is written."""
    w = stub_world
    _made(w)
    before = sorted(p.name for p in w.settings.outputs_dir.iterdir())
    result = _backup(w, w.settings.outputs_dir / "backup-monday")
    assert result.exit_code != 0 and not isinstance(result.exception, RecursionError), result.output[-600:]
    assert "RecursionError" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in w.settings.outputs_dir.iterdir()) == before  # no key copied where it is served


def test_backup_check_opens_the_copy_not_the_database_the_environment_names(tmp_path, monkeypatch):
    """Attack: the studio's service sets ``CONSENT_STUDIO_DATABASE_URL`` (a SQLite file outside the
    data directory, which ``backup`` supports). ``backup`` copies that database into OUT and then
    "checks the copy" with ``Registry.from_settings(StudioSettings(data_dir=OUT))``, but
    StudioSettings reads the environment (and ``CONSENT_STUDIO_SETTINGS_FILE``) again: the check opens
    the LIVE database (and with ``CONSENT_STUDIO_KEYS_DIR`` the live keys), never the copy. A copy that
    does not restore prints "OK … audit chain checked". Expected: the check opens OUT/consent.db
    with OUT/keys (settings built from OUT alone)."""
    data = tmp_path / "data"
    live = tmp_path / "live" / "studio.db"
    live.parent.mkdir()
    monkeypatch.setenv("CONSENT_STUDIO_DATABASE_URL", f"sqlite:///{live}")
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "subject", "add", "--id", "jane", "--name", "Jane Doe"])
    assert r.exit_code == 0, r.output
    opened = []
    real = Registry.from_settings.__func__

    def spy(cls, settings, *a, **k):
        opened.append((settings.sqlite_file(), settings.resolved_keys_dir))
        return real(cls, settings, *a, **k)

    monkeypatch.setattr(Registry, "from_settings", classmethod(spy))
    out = tmp_path / "bk"
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "backup", str(out)])
    assert r.exit_code == 0, r.output
    checked = opened[-1]  # the registry the copy was checked with
    assert checked == (out / "consent.db", out / "keys"), f"the check opened {checked}, not the copy in {out}"


def test_backup_of_a_data_directory_whose_path_holds_a_hash_sign_copies_its_own_database(tmp_path):
    """Attack: a data directory at ``/srv/studio#2/data`` (a legal path). ``backup`` opens the
    source as the URI ``file:{db}?mode=ro`` without quoting the path: ``#`` starts the fragment, so
    SQLite opens ``/srv/studio`` read-write (the ``?mode=ro`` fell into the fragment), creates an
    empty database file there, outside the data directory, backs that up, and refuses with "audit
    log truncated or rolled back", an alarm of tampering, about a healthy studio (``%`` and ``?`` in
    a path likewise open another file). Expected: the studio's own database is copied (the path
    quoted, or opened with ``pathname2url``) and nothing is created outside OUT."""
    data = tmp_path / "studio#2" / "data"
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "subject", "add", "--id", "jane", "--name", "Jane Doe"])
    assert r.exit_code == 0, r.output
    beside = sorted(p.name for p in tmp_path.iterdir())
    r = CliRunner().invoke(cli, ["--data-dir", str(data), "backup", str(tmp_path / "bk")])
    assert r.exit_code == 0 and "truncated" not in r.output, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*beside, "bk"])  # no stray database


def test_backup_does_not_follow_a_symlink_out_of_the_outputs_folder(stub_world, tmp_path):
    """Attack: a file in the outputs folder that is a symlink to a file outside it (an admin who
    "moved" outputs with links, or anything that can place a link there). ``_copy_private`` uses
    ``shutil.copytree`` with ``symlinks=False``: the target's bytes (a private file anywhere the
    backing-up user can read, /etc/shadow when run as root) are copied into the backup as a regular
    output-shaped file, which a restore then serves from the outputs folder. Expected: a link is not
    followed (copied as a link, skipped, or the backup refused)."""
    w = stub_world
    _made(w)
    secret = tmp_path / "private.txt"
    secret.write_text("not the studio's")
    os.chmod(secret, 0o600)
    (w.settings.outputs_dir / ("ab" * 32 + ".png")).symlink_to(secret)
    out = tmp_path / "bk"
    _backup(w, out)
    copied = out / "outputs" / ("ab" * 32 + ".png")
    assert not (copied.is_file() and not copied.is_symlink() and copied.read_text() == "not the studio's")


# --- 2. the production C2PA marker (held) -------------------------------------------------------


@pytest.fixture
def production(tmp_path):
    """A separate CA's chain and key, and an installation that signed with them once."""
    from creator.disclosure.keys import init_local_ca, load_keyring

    issuer = StudioSettings(data_dir=tmp_path / "issuer")
    init_local_ca(issuer)
    chain, key, anchors = tmp_path / "prod-chain.pem", tmp_path / "prod-key.pem", tmp_path / "prod-root.pem"
    chain.write_bytes((issuer.c2pa_dir / "signer.chain.pem").read_bytes())
    key.write_bytes((issuer.c2pa_dir / "signer.key.pem").read_bytes())
    anchors.write_bytes((issuer.c2pa_dir / "local-test-ca.cert.pem").read_bytes())
    prod = StudioSettings(data_dir=tmp_path / "data", c2pa_cert_chain=chain, c2pa_private_key=key, c2pa_trust_anchors=anchors)
    load_keyring(prod)
    return prod


@pytest.mark.parametrize("damage", ["corrupt", "directory", "empty"])
def test_held_a_damaged_production_marker_still_refuses_the_test_ca(production, damage):
    """(held) Attack: with the production settings lost, the marker ``c2pa/production-signer.json``
    is damaged (truncated by a full disk, emptied, replaced by a folder in a botched restore): the
    studio must still refuse to sign with the local TEST CA (``load_keyring`` tests ``exists()``, not
    the content), and ``c2pa show`` says why."""
    from creator.disclosure.keys import load_keyring, show

    mark = production.c2pa_dir / "production-signer.json"
    if damage == "corrupt":
        mark.write_text('{"subject": ')
    elif damage == "empty":
        mark.write_text("")
    else:
        mark.unlink()
        mark.mkdir()
    lost = StudioSettings(data_dir=production.data_dir)
    with pytest.raises(DisclosureError, match="signs with a configured production C2PA certificate"):
        load_keyring(lost)
    with pytest.raises(DisclosureError, match="not set now: nothing was signed"):
        show(lost)
    assert not (production.c2pa_dir / "signer.key.pem").exists()  # no test CA made


def test_held_a_backup_restored_without_the_production_settings_refuses_the_test_ca(production, tmp_path):
    """(held) Attack: the studio is restored from ``consent-studio backup`` on a new host whose
    service file lacks the production C2PA variables (the backup says they are not in it). The
    marker travels in c2pa/, so the restored studio refuses to sign instead of signing every output
    "LOCAL TEST" without a word."""
    from creator.disclosure.keys import load_keyring

    with Registry.from_settings(production):
        pass
    out = tmp_path / "bk"
    r = CliRunner().invoke(cli, ["backup", str(out)], obj=CliState(settings=production))
    assert r.exit_code == 0, r.output
    with pytest.raises(DisclosureError, match="signs with a configured production C2PA certificate"):
        load_keyring(StudioSettings(data_dir=out))


# --- 3. the watermark key check at the studio's start ------------------------------------------


def test_a_replaced_watermark_key_is_taken_when_the_newest_output_files_are_not_here(stub_world):
    """Attack (accidental): the watermark key file is replaced by 32 other bytes while the newest
    three outputs' files are not in the outputs folder (removed after their consent lapsed, moved
    to cold storage, a restore from ``backup --no-outputs`` or with the outputs not yet copied, the
    order the README gives). ``_same_watermark_key`` reads only ``list_outputs(limit=3)``; with no
    file there it returns without a word ("nothing to tell either way"), though older outputs'
    files are there to read. The studio marks new outputs with the wrong key, and at the next start
    the newest output (marked with the wrong key) "reads", so ``watermark.checked`` records the
    wrong key for good: stripped copies of every earlier output no longer trace. Expected: the
    wrong key is refused (an older output's file read, or the key's id checked against a record
    the registry keeps), and never recorded as checked."""
    w = stub_world
    _made(w, n=4)
    for rec in w.registry.list_outputs()[:3]:
        (w.settings.outputs_dir / os.path.basename(rec.path)).unlink()
    _checked(w).unlink(missing_ok=True)
    _replace_watermark_key(w, bytes([9]) * 32)
    try:
        w.studio(StubEngine(images=[astronaut()])).generate(w.request(prompt="a harbour", subjects=("jane",), seed=99))
        w.studio()  # the next start: the newest output now carries the wrong key's mark
    except DisclosureError:
        return  # refused: safe
    recorded = json.loads(_checked(w).read_text())
    pytest.fail(f"a replaced watermark key was taken and recorded as checked: {recorded}")


def test_a_watermark_key_copied_with_its_checked_record_from_another_studio_is_refused(tmp_path, monkeypatch):
    """Attack (accidental): an admin restores ``keys/watermark.key`` and ``keys/watermark.checked``
    from the wrong installation's backup (a staging studio's), the two files that go together. The
    record holds that key's own id, so ``_same_watermark_key`` returns at once and reads nothing:
    the check the walkthrough asked for never runs in exactly the case of a key replaced by a
    restore. This studio's outputs' marks no longer read; new ones carry the other studio's key.
    Expected: the record is bound to this installation (e.g. the output it read must be one of this
    registry's, read again when it is not), so the other studio's key is refused."""
    from studio_world import open_world

    worlds = [open_world(tmp_path / name) for name in ("prod", "staging")]
    prod, staging = (next(g) for g in worlds)
    try:
        for w in (prod, staging):
            _made(w)
            w.studio()  # a later start: the key reads the newest output, and the record is written
            assert _checked(w).is_file()
        for name in ("watermark.key", "watermark.checked"):
            shutil.copy2(staging.settings.resolved_keys_dir / name, prod.settings.resolved_keys_dir / name)
        with pytest.raises(DisclosureError, match="does not read the marks"):
            prod.studio()
    finally:
        for g in worlds:
            g.close()


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_held_the_right_key_is_not_refused_for_a_jpeg_or_flat_newest_output(stub_world, fmt):
    """(held) Attack: make the start-up check refuse the correct key (a bricked studio): the newest
    output a JPEG, or a flat black picture (a safety-filtered image) whose mark might not read. The
    key reads both, and ``watermark.checked`` is written."""
    from PIL import Image

    w = stub_world
    studio = w.studio(StubEngine(images=[Image.new("RGB", (256, 256), "black")]))
    studio.generate(w.request(prompt="a colour field", purpose="art", output_format=fmt))
    _checked(w).unlink(missing_ok=True)
    w.studio()
    assert json.loads(_checked(w).read_text())["read"]


# --- 4. the person's page ----------------------------------------------------------------------


def test_a_link_with_answered_withdrawn_shows_her_a_withdrawal_that_never_happened(tmp_path):
    """Attack: anyone sends the person (or her agent) a link to her own page,
    ``https://studio/talent/me?answered=withdrawn`` ("Click here to withdraw your consent"). Signed
    in, she reads the green confirmation "Withdrawn: nothing new can be made under that grant from
    now on", while every grant stays active and the studio goes on using her likeness;
    ``?answered=approve`` likewise confirms an approval she never gave. The note is read from the
    query string, which anyone writes. Expected: a confirmation only after her own answer (a
    one-time note kept with her session, or one naming a grant she did withdraw), never from a link."""
    import fastapi
    from talent_me_support import person, talent_world

    from creator.talent.app import TalentService, talent_app

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, _client):
        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane")
        page = me.get("/me?answered=withdrawn").text
        assert ops.grant_view(gid).status.value == "active"
        assert "Withdrawn: nothing new can be made" not in page
        assert "Approved: the studio may make" not in me.get("/me?answered=approve").text


def test_a_request_under_a_used_up_grant_is_not_offered_for_approval(tmp_path):
    """Attack: a grant with approve-each-use and a cap of one use. Two requests wait; she approves
    the first, the studio makes it, and the grant's one use is gone (status "cap reached", still
    "in force"). The second request stays under "Waiting for your approval" with a live Approve
    (``live`` keeps every grant ``in_force``, and CAP_REACHED is in force), and approving it is
    recorded and confirmed "Approved: the studio may make exactly that request once", which no
    request can now do. Expected: like a withdrawn grant's, a used-up grant's request is not offered
    and approving it is refused (409, nothing recorded)."""
    import fastapi
    from talent_me_support import csrf_of, decision, person, talent_world

    from consent.approvals import Approvals
    from consent.registry import OutputRecord
    from creator.talent.app import TalentService, talent_app

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, _client):
        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        gid, me = person(root, drafts, "jane", approve_each_use=True, usage_cap=1)
        reg.record_decision(decision(reg, "jane", "aa" * 32))
        reg.record_decision(decision(reg, "jane", "bb" * 32))
        first, second = Approvals(reg).list(status="pending")
        page = me.get("/me").text
        assert me.post(f"/me/approvals/{first.id}/approve", data={"csrf": csrf_of(page)}).status_code == 200
        made = decision(reg, "jane", first.request_digest if hasattr(first, "request_digest") else "aa" * 32)
        assert made.allowed
        reg.record_generation(made, [OutputRecord("cd" * 32, "/x/out.png", "png")])
        assert ops.grant_view(gid).status.value == "cap_reached"
        page = me.get("/me").text
        assert "Waiting for your approval" not in page
        r = me.post(f"/me/approvals/{second.id}/approve", data={"csrf": csrf_of(page)})
        assert r.status_code == 409 and Approvals(reg).get(second.id).status == "pending", r.text[-300:]


def test_c2pa_rotate_changes_nothing_while_the_production_settings_are_missing(production):
    """(red team s66, a design point) `c2pa rotate` made or rotated local test-CA files before the
    refusal: signing stayed refused, but files changed with no entry."""
    lost = StudioSettings(data_dir=production.data_dir)  # the same installation, its three settings gone
    before = sorted(p.name for p in lost.c2pa_dir.rglob("*"))
    from creator.disclosure.keys import init_local_ca, rotate

    for call in (rotate, init_local_ca):
        with pytest.raises(DisclosureError, match="not set now"):
            call(lost)
    assert sorted(p.name for p in lost.c2pa_dir.rglob("*")) == before
