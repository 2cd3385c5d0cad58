"""Red team, session 66 (second pass): what the session's later commits added -- ``model
remove``, the person's own opt-out and the "I never created a passkey here" dispute on the talent
pages, ``audit list --since/--until/--all``, the unknown-settings warnings, ``grant draft``'s
link-address check, ``GET /public/health``.

Each finding's test states the attack and asserts the SAFE behaviour; all six findings were fixed in
the same session (the model cache keyed by the registered digest; a disputed passkey opens no page
of hers, its entry written in the decline's own transaction; ``--all`` reads on until a page of
rows comes back short; job settings in the settings file known; an IPv4 host in any spelling
refused). The tests marked "(held)" pin an attack that was correctly defended."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState


def _runner(w):
    return lambda *args: CliRunner().invoke(cli, list(args), obj=CliState(settings=w.settings, _registry=w.registry))


# --- 1. model remove, then the same name for other files ----------------------------------------


def test_a_model_retired_and_registered_again_under_its_name_does_not_run_the_old_weights(engine_world, tmp_path):
    """Attack (an admin's ordinary upgrade, or an insider): model "house-gan" is registered
    (files A) and a running studio has loaded it. ``consent-studio model remove house-gan`` then
    ``model register house-gan`` with files B (exactly what the refusal message now tells the
    admin to do). The studio keeps its engines in ``_engine_cache`` keyed by (engine, model NAME):
    the next request named "house-gan" checks B's digest (``_verified_models`` is keyed by name and
    digest, so B is read and passes) and then runs the cached engine loaded from A. Every output
    from then on is made by the retired weights while ``_model_sha256`` signs B's digest into the
    C2PA manifest: the provenance of the output lies, and a model an operator retired (e.g. for
    its licence, or because it drew real people) keeps running until the process restarts.
    Expected: the new registration's files are what runs (the cache keyed by digest, or dropped
    when the record changes), or the request is refused."""
    from PIL import Image

    from model_support import photo_gan_file

    w = engine_world
    dark = photo_gan_file(np.full((256, 256, 3), 10, np.uint8), tmp_path / "a.pt")
    light = photo_gan_file(np.full((256, 256, 3), 245, np.uint8), tmp_path / "b.pt")
    w.register_model("house-gan", dark, kind="gan", allow_pickle=True)
    studio = w.studio()
    first = studio.generate(w.request(purpose="art", engine="gan", model="house-gan", width=256, height=256))
    assert np.asarray(Image.open(first.paths[0]).convert("L")).mean() < 100
    w.ops.remove_model("house-gan", "retired: replaced by the new release")
    w.ops.register_model("house-gan", light, kind="gan", licence="test weights", allow_pickle=True)
    second = studio.generate(w.request(purpose="art", engine="gan", model="house-gan", width=256, height=256, seed=8))
    mean = np.asarray(Image.open(second.paths[0]).convert("L")).mean()
    assert mean > 150, (f"the retired model's weights made the output (mean {mean:.0f}) while its records name "
                        f"the new registration {w.registry.get_model('house-gan').sha256[:16]}…")


# --- 2. the dispute: "I never created a passkey here" -------------------------------------------


def _talent(tmp_path):
    import fastapi
    from talent_me_support import talent_world

    from creator.talent.app import TalentService, talent_app

    ctx = talent_world(tmp_path, ("jane", "Jane Doe"))
    reg, ops, drafts, _client = ctx.__enter__()
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    return ctx, reg, ops, drafts, root


def test_a_disputed_passkey_no_longer_opens_her_page_or_approves_her_uses(tmp_path):
    """Attack: an interceptor opened Jane's first link, created "her" passkey and signed an
    approve-each-use grant. Jane, on her next link, says "I never created a passkey here"
    (``disputed=yes``): the draft is declined and ``passkey_disputed`` is logged, and she is told
    to accept nothing until the studio acts. But nothing changes for the disputed passkey: the
    interceptor still signs in to /talent/me as Jane, reads every use of her likeness, and
    approves the studio's pending requests to generate her. Fail-closed, a disputed passkey should
    stop working at once (a lock-out is the safe failure; the operator re-binds the right key).
    Expected: after the dispute the disputed passkey's session is refused."""
    from talent_me_support import ORIGIN, fields, person

    ctx, reg, ops, drafts, root = _talent(tmp_path)
    try:
        gid, impostor = person(root, drafts, "jane", approve_each_use=True)
        _view, links = drafts.create(fields("jane", project="Blue (2026)"), created_by="cli:olive")
        from fastapi.testclient import TestClient

        jane = TestClient(root, base_url=ORIGIN + "/talent")
        r = jane.post(f"/s/{links[0].token}/decline", data={"disputed": "yes", "reason": "not me"})
        assert r.status_code == 200 and "told the studio" in r.text
        assert reg.audit_page(kind="passkey_disputed")
        page = impostor.get("/me")
        assert "Sign in with your passkey" in page.text or page.status_code in (401, 403), \
            "the disputed passkey's session still opens Jane's page (uses, approvals, withdrawals)"
    finally:
        ctx.__exit__(None, None, None)


def test_a_dispute_whose_audit_entry_cannot_be_written_still_answers_her(tmp_path, monkeypatch):
    """Attack (a failing database, a full disk, a log that no longer checks): Jane disputes her
    passkey on a link. The decline was committed first and the dispute's entry written after; its
    failure gave her a bare "Internal Server Error" though the decline was recorded. Fixed: the
    entry is written in the decline's own transaction, so either both are on record or neither,
    and a failure answers her in words that say nothing was declined (503), never a bare 500."""
    from fastapi.testclient import TestClient
    from sqlalchemy.exc import OperationalError
    from talent_me_support import ORIGIN, fields, person

    ctx, reg, ops, drafts, root = _talent(tmp_path)
    try:
        person(root, drafts, "jane")
        view, links = drafts.create(fields("jane"), created_by="cli:olive")
        real = type(reg)._audit

        def broken(self, conn, kind, *a, **k):
            if kind == "passkey_disputed":
                raise OperationalError("INSERT INTO audit_entries", {}, Exception("database or disk is full"))
            return real(self, conn, kind, *a, **k)

        monkeypatch.setattr(type(reg), "_audit", broken)
        jane = TestClient(root, base_url=ORIGIN + "/talent", raise_server_exceptions=False)
        r = jane.post(f"/s/{links[0].token}/decline", data={"disputed": "yes"})
        assert r.status_code == 503 and "nothing was declined or signed" in r.text, (r.status_code, r.text[:200])
        assert drafts.get(view.id).status == "pending"  # one transaction: neither is on record
        monkeypatch.setattr(type(reg), "_audit", real)
        r = jane.post(f"/s/{links[0].token}/decline", data={"disputed": "yes"})
        assert r.status_code == 200 and drafts.get(view.id).status == "declined"
        assert reg.audit_page(kind="passkey_disputed")
    finally:
        ctx.__exit__(None, None, None)


# --- 3. audit list --since/--until/--all --------------------------------------------------------


def test_audit_list_all_with_a_name_returns_every_matching_entry_not_the_first_pages(stub_world):
    """Attack (an auditor's export, or someone hiding entries in it): ``audit list --mentions
    "Jane Doe" --all --json`` is handed over as "every entry naming her". ``--all`` keeps asking
    for pages only while the total is a multiple of 1000; but a name is found by a SQL ``LIKE``
    first cut (case-insensitive in SQLite) and then the exact test, so a page of 1000 rows comes
    back with fewer entries when others merely differ in case ("JANE DOE"), and the loop stops:
    older entries that do name "Jane Doe" are silently left out of the export. Anyone able to
    cause 1000 logged strings (a subject's display name edited, failures with a chosen message)
    can push her entries out of the auditor's "whole" list. Expected: --all lists every entry
    that matches, however the pages fall."""
    w = stub_world
    reg = w.registry
    reg.record_security_event("passkey_disputed", {"subject_id": "x", "role": "self", "draft_id": "old",
                                                   "passkeys": [], "note": "Jane Doe"})
    for i in range(1000):
        reg.record_security_event("passkey_disputed", {"subject_id": "x", "role": "self", "draft_id": f"d{i}",
                                                       "passkeys": [], "note": "JANE DOE"})
    r = _runner(w)("audit", "list", "--mentions", "Jane Doe", "--all", "--json")
    assert r.exit_code == 0, r.output[-500:]
    found = [e for e in json.loads(r.stdout if hasattr(r, "stdout") else r.output)
             if "old" in json.dumps(e)]
    assert found, "the one entry naming 'Jane Doe' was left out of --all"


def test_held_audit_list_since_a_date_before_year_1000_is_refused_not_misread(stub_world):
    """(held) Attack: ``--since 0999-01-01`` / ``--until 0999-12-31`` (a script's "since the
    beginning"): ``creator.audit_export.log_time`` writes the bound with ``strftime("%Y")``, which writes year 999 as
    "999" and would sort after "2026-…" as text (an empty list for "everything"). Such a year is
    refused in words, never misread."""
    w = stub_world
    run = _runner(w)
    for opt, value in (("--since", "0999-01-01"), ("--until", "0999-12-31")):
        r = run("audit", "list", opt, value, "--all", "--json")
        assert r.exit_code == 2 and "is not a date or time" in r.output


# --- 4. unknown-settings warnings ---------------------------------------------------------------


def test_a_job_setting_in_the_settings_file_is_not_called_ignored(tmp_path, monkeypatch):
    """Attack (a false warning): the settings file names ``job_workers: 4`` and
    ``ray_namespace: prod``, which the job service reads from that very file (``JobSettings``
    uses the same sources). ``unknown_settings`` checks the file's keys against ``StudioSettings``
    only, so every command prints "'job_workers' in the settings file … is not a setting; it is
    ignored" while it is in force. An admin who believes it removes a working limit, or learns to
    ignore these warnings (the real misspellings included). Expected: no warning for a key a
    setting reads."""
    from creator.jobs.config import JobSettings
    from creator.settings import unknown_settings

    f = tmp_path / "settings.yaml"
    f.write_text("job_workers: 4\nray_namespace: prod\n")
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(f))
    assert JobSettings().job_workers == 4  # it is read
    assert unknown_settings() == []


def test_held_a_misspelt_variable_is_named_but_its_value_is_never_printed(tmp_path, monkeypatch):
    """(held) Attack: ``CONSENT_STUDIO_HF_TOKN=hf_secret…`` (a token in a misspelt variable), and a
    settings file whose odd key holds a secret value: the warnings name the variable and key, never
    a value; a settings file that is a list, binary or not UTF-8 gives no traceback."""
    from creator.settings import unknown_settings

    monkeypatch.setenv("CONSENT_STUDIO_HF_TOKN", "hf_SECRETSECRETSECRET")
    f = tmp_path / "s.yaml"
    f.write_text("api_tokn: sk-SECRETSECRET\n")
    monkeypatch.setenv("CONSENT_STUDIO_SETTINGS_FILE", str(f))
    text = " ".join(unknown_settings())
    assert "CONSENT_STUDIO_HF_TOKN" in text and "api_tokn" in text
    assert "SECRET" not in text
    for body in (b"- a\n- b\n", b"\xff\xfe\x00binary", b"[1, 2]"):
        f.write_bytes(body)
        assert "SECRET" not in " ".join(unknown_settings())


# --- 5. grant draft's link address --------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://2130706433", "http://0x7f000001", "http://127.1", "http://0177.0.0.1",
                                 "http://127.0.0.1.", "https://192.168.1.20."])
def test_an_ip_address_spelt_another_way_is_refused_as_the_links_address(url):
    """Attack (or an admin's habit): ``grant draft --base-url http://2130706433`` (or 0x7f000001,
    127.1, 0177.0.0.1, a trailing dot). ``_check_link_address`` asks ``ipaddress.ip_address``,
    which reads only dotted-quad and IPv6 text, while every browser (the WHATWG URL parser) reads
    these as IPv4 addresses: the draft and its one-time links are stored and sent, and no passkey
    can sign on them (the check exists to refuse exactly that; the person gets a link that
    fails). Expected: refused like ``http://127.0.0.1``, nothing drafted."""
    from creator.cli.grants import _check_link_address
    from creator.errors import InputError
    from creator.talent import checked_base_url

    with pytest.raises(InputError, match="IP address"):
        _check_link_address(checked_base_url(url), None, quiet=True)


@pytest.mark.parametrize("url", ["http://[::ffff:127.0.0.1]", "https://[fe80::1%25eth0]", "https://10.0.0.1"])
def test_held_ipv6_and_mapped_addresses_are_refused_as_the_links_address(url):
    """(held) IPv4-mapped IPv6, a scoped link-local address and a dotted quad are refused."""
    from creator.cli.grants import _check_link_address
    from creator.errors import InputError
    from creator.talent import checked_base_url

    with pytest.raises(InputError, match="IP address"):
        _check_link_address(checked_base_url(url), None, quiet=True)


# --- 6. the identity footer on the talent pages -------------------------------------------------


def test_held_the_identity_footer_escapes_its_text_and_leaves_other_responses_alone():
    """(held) Attack: a PROVIDER or TALENT_CONTACT holding markup (``</footer><script>…``) to run
    script on the person's page, and the wrapper breaking JSON (the passkey APIs), CSV downloads
    or a streamed body. The footer is escaped and lands once, inside ``<main>``; other media types
    pass byte for byte with their own length."""
    import fastapi
    from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
    from fastapi.testclient import TestClient

    from creator.talent import with_identity

    app = fastapi.FastAPI()
    app.get("/h")(lambda: HTMLResponse("<main id='main'><p>x</p></main><main></main>"))
    app.get("/j")(lambda: JSONResponse({"ok": True, "t": "</main>"}))
    app.get("/c")(lambda: Response("a,b\n1,</main>\n", media_type="text/csv"))
    app.get("/s")(lambda: StreamingResponse(iter([b"<main>", b"y", b"</main>"]), media_type="text/html"))
    c = TestClient(with_identity(app, "Evil</footer><script>alert(1)</script>", "<img src=x onerror=alert(2)>"))
    h = c.get("/h").text
    assert "<script>" not in h and "<img" not in h and h.count("data-studio") == 1
    assert c.get("/j").json() == {"ok": True, "t": "</main>"}
    assert c.get("/c").text == "a,b\n1,</main>\n"
    s = c.get("/s")
    assert s.status_code == 200 and "data-studio" in s.text and s.text.endswith("</footer></main>")


# --- 7. her own opt-out ---------------------------------------------------------------------------


def test_held_her_opt_out_needs_her_form_token_and_cannot_be_lifted_from_the_page(tmp_path):
    """(held) Attack: a cross-site form posting ``/talent/me/opt-out`` (no form token), a forged
    ``?answered=opted-out`` link, and a signed-in session trying to lift the opt-out through the
    same route (``sure`` other than "yes"). Without her token nothing changes; with it the flag is
    set and the page says so; nothing on the page clears it."""
    from talent_me_support import csrf_of, person

    ctx, reg, ops, drafts, root = _talent(tmp_path)
    try:
        _gid, me = person(root, drafts, "jane")
        assert me.post("/me/opt-out", data={"sure": "yes"}).status_code == 401
        assert "Done: no image of this likeness" not in me.get("/me?answered=opted-out").text
        assert not reg.get_subject("jane").opt_out
        r = me.post("/me/opt-out", data={"sure": "yes", "csrf": csrf_of(me.get("/me").text)})
        assert r.status_code == 200 and "Done: no image of this likeness" in r.text and "data-opted-out" in r.text
        page = me.get("/me").text
        for sure in ("no", ""):
            me.post("/me/opt-out", data={"sure": sure, "csrf": csrf_of(page)})
        assert reg.get_subject("jane").opt_out
    finally:
        ctx.__exit__(None, None, None)
