"""verify(): OK means "made here, under a recorded decision, with consent in force now"; the CLI.

Outputs come from the governed recipe (``Studio.generate`` with a stub engine), exactly as a
user's files do; a file signed outside it (the internal disclose pipeline called directly)
is the forgery verify must refuse.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from PIL import Image

from creator.cli import cli
from creator.cli._common import CliState
from creator.verify import verify


@pytest.fixture
def made(stub_world):
    """An output of the studio under Jane's grant: (world, OutputFile, stored grant)."""
    stub_world.add_person("jane", "Jane Doe")
    stored = stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",)))
    return stub_world, result.outputs[0], stored


def test_an_output_made_here_under_a_current_grant_is_ok(made):
    world, out, stored = made
    report = verify(out.path, settings=world.settings, registry=world.registry)
    assert report.ok and report.verdict == "OK", report.reasons
    (g,) = report.grants
    assert g.status == "current" and g.message == f"made under grant {stored.id}, current"
    assert report.record["sha256"] == out.sha256 and report.record["grant_ids"] == [stored.id]
    assert report.watermark_version == 2


def test_grant_revoked_after_the_output_was_made_fails_with_date_and_reason(made):
    world, out, stored = made
    asked = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)  # a clock running behind: dated now
    world.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme", at=asked)
    when = world.registry.get_grant(stored.id).revocation.revoked_at
    assert when > asked + dt.timedelta(seconds=50)
    report = verify(out.path, settings=world.settings, registry=world.registry)
    assert not report.ok and report.grants[0].status == "revoked"
    assert f"made under grant {stored.id}, revoked on {when:%Y-%m-%d %H:%M} UTC (actor withdrew consent)" in report.summary


def test_a_revocation_scheduled_for_later_is_not_yet_in_force(made):
    world, out, stored = made
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)
    world.ops.revoke_grant(stored.id, "campaign ends", "legal@acme", at=later)
    report = verify(out.path, settings=world.settings, registry=world.registry)
    assert report.ok, report.reasons
    assert report.grants[0].message.startswith(f"made under grant {stored.id}, current; revocation scheduled for")
    report = verify(out.path, settings=world.settings, registry=world.registry, now=later)
    assert not report.ok and report.grants[0].status == "revoked"


def test_expired_grant_fails_with_its_end_date(made):
    world, out, stored = made
    report = verify(out.path, settings=world.settings, registry=world.registry,
                    now=stored.grant.valid_until + dt.timedelta(days=1))
    assert not report.ok and report.grants[0].status == "expired"
    assert f"made under grant {stored.id}, expired on" in report.summary


def test_a_file_signed_outside_the_recipe_is_not_made_here(signed, make_context):
    """The disclose() forgery: a real photo signed with the studio's key, claiming a grant."""
    out, s = signed("png")
    from consent.registry import Registry

    with Registry.from_settings(s) as registry:
        report = verify(out.path, settings=s, registry=registry)
    assert report.c2pa_state == "Trusted" and not report.ok and report.verdict == "FAIL"
    assert "signed with this studio's key but not made here under a recorded decision" in report.summary
    assert report.grants[0].status == "not_found"


def test_without_the_registry_the_verdict_is_unsafe_never_ok(made):
    world, out, _stored = made
    report = verify(out.path, settings=world.settings, unsafe_no_registry=True)
    assert not report.ok and report.verdict == "UNSAFE" and report.grants[0].status == "unchecked"
    assert report.summary.startswith(f"UNSAFE: {out.path} — UNSAFE mode: the registry was not consulted")


def test_verify_refuses_to_run_without_the_registry_unless_asked(made):
    world, out, _ = made
    from consent.errors import ConsentError

    with pytest.raises(ConsentError, match="verify needs the studio's registry"):
        verify(out.path, settings=world.settings)


def test_not_an_image_fails(tmp_path, stub_world):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    report = verify(p, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.summary == f"FAIL: {p} — not a PNG, JPEG or WebP file"


def test_a_device_is_not_read(stub_world):
    report = verify("/dev/zero", settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.reasons == ("not a regular file (a device)",)


# --- CLI ---------------------------------------------------------------------------------


def _verify_cli(settings, *args: str):
    """``consent-studio verify ARGS`` on these settings (the real root group, embedded)."""
    return CliRunner().invoke(cli, ["verify", *args], obj=CliState(settings=settings))


def test_cli_prints_ok_and_fail_lines_and_exits_1_when_any_fails(made, tmp_path):
    world, out, _ = made
    stripped = tmp_path / "stripped.png"
    Image.open(out.path).save(stripped)
    r = _verify_cli(world.settings, str(out.path), str(stripped))
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert f"OK: {out.path}" in lines
    fail = next(line for line in lines if line.startswith(f"FAIL: {stripped} — "))
    assert "no C2PA manifest" in fail and f"this is a copy of output {out.sha256[:16]}" in fail


def test_cli_a_missing_or_odd_path_is_an_input_error_exit_2(stub_world, tmp_path):
    """The README's exit codes: 1 for a file that fails its check, 2 for an input error (a mistyped
    name exited 1, as if a real file had failed: user audit, 6 December 2026)."""
    r = _verify_cli(stub_world.settings, str(tmp_path / "missing.png"))
    assert r.exit_code == 2 and "missing.png: no such file" in r.output
    r = _verify_cli(stub_world.settings, str(tmp_path))
    assert r.exit_code == 2 and "not a regular file" in r.output


def test_cli_json_lists_one_report_per_file(made):
    world, out, stored = made
    r = _verify_cli(world.settings, "--json", str(out.path))
    assert r.exit_code == 0, r.output
    (report,) = json.loads(r.output)
    assert report["ok"] is True and report["verdict"] == "OK" and report["c2pa_state"] == "Trusted"
    assert report["digital_source_type"]["xmp"] == report["digital_source_type"]["manifest"]
    assert report["consent"]["likenesses"][0]["grant_id"] == stored.id


def test_cli_unsafe_mode_is_named_and_never_ok(made):
    world, out, _ = made
    r = _verify_cli(world.settings, "--unsafe-no-registry", str(out.path))
    assert r.exit_code == 1 and r.output.startswith(f"UNSAFE: {out.path}")
    assert "OK:" not in r.output


def test_cli_checks_grants_in_the_registry_by_default(made):
    world, out, stored = made
    world.ops.revoke_grant(stored.id, "withdrawn", "legal@acme")
    r = _verify_cli(world.settings, str(out.path))
    assert r.exit_code == 1
    assert f"made under grant {stored.id}, revoked on" in r.output


def test_made_with_consent_is_answered_apart_from_consent_now(made, tmp_path):
    """A rights operator's two answers (walkthrough, session 65): an output made under a grant
    revoked since was made with consent, and its use is not covered now; the maker and the time
    are said in text, and a stripped copy leads to the same answer."""
    world, out, stored = made
    report = verify(out.path, settings=world.settings, registry=world.registry)
    m = report.made_with_consent()
    assert m["consent_when_made"] == "yes" and m["consent_now"] == "in force" and m["copy"] is False
    assert m["grant_ids"] == [stored.id] and m["made_by"] == report.record["owner"] and m["made_at"]
    world.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme")
    stripped = tmp_path / "stripped.png"
    Image.open(out.path).save(stripped)
    for path, copy in ((out.path, False), (stripped, True)):
        m = verify(path, settings=world.settings, registry=world.registry).made_with_consent()
        assert (m["consent_when_made"], m["consent_now"], m["copy"]) == ("yes", "not in force", copy)
        assert "revoked on" in m["not_in_force_because"][0]
    r = _verify_cli(world.settings, str(out.path))
    assert r.exit_code == 1
    assert f"  made here on " in r.output and f"(decision {report.record['decision_id']})" in r.output
    assert f"  consent when made: in force (grant {stored.id}); the recorded decision allowed it" in r.output
    assert "  consent now: NOT in force" in r.output
    assert json.loads(_verify_cli(world.settings, "--json", str(stripped)).output)[0]["made_with_consent"]["copy"] is True


def test_a_file_not_made_here_has_no_made_with_consent_answer(stub_world, tmp_path):
    path = tmp_path / "camera.png"
    Image.new("RGB", (64, 64), "white").save(path)
    assert verify(path, settings=stub_world.settings, registry=stub_world.registry).made_with_consent() is None
    said = _verify_cli(stub_world.settings, str(path)).output
    assert "consent when made" not in said and "watermark: none of this studio's in the pixels" in said


def test_another_creator_sees_the_two_answers_not_who_made_it_or_under_which_grant(made):
    from creator.ui.render import report_for, verify_markdown

    world, out, stored = made
    world.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme")
    d = verify(out.path, settings=world.settings, registry=world.registry).to_dict()
    seen = report_for(d, "x.png", viewer="ui:mallory", operator=False)
    assert seen["made_with_consent"] == {"copy": False, "consent_when_made": "yes", "consent_now": "not in force"}
    assert stored.id not in json.dumps(seen, default=str)
    shown_to_operator = verify_markdown("x.png", report_for(d, "x.png", viewer="ui:rita", operator=True))
    assert "**Made with consent:** yes (when made on " in shown_to_operator and "now: not in force" in shown_to_operator


def test_a_webp_copy_of_an_output_leads_to_it(made, tmp_path):
    """(walkthrough, session 65) a WebP copy, as social networks serve pictures, was "not a PNG or
    JPEG file" to the CLI while the public page traced it to its original."""
    world, out, stored = made
    webp = tmp_path / "shared.webp"
    Image.open(out.path).convert("RGB").save(webp, "WEBP", quality=90)
    report = verify(webp, settings=world.settings, registry=world.registry)
    assert report.recovered is not None and report.recovered.record["sha256"] == out.sha256, report.reasons
    m = report.made_with_consent()
    assert m["copy"] is True and m["consent_when_made"] == "yes" and m["consent_now"] == "in force"
    garbage = tmp_path / "broken.webp"
    garbage.write_bytes(b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8)
    assert verify(garbage, settings=world.settings, registry=world.registry).c2pa_state == "Unreadable"


def test_the_verdict_of_a_copy_whose_consent_lapsed_says_so(made, tmp_path):
    """(walkthrough, session 65) the Verify tab said "the original's credentials do not hold now"
    when it was the consent, not the signature, that lapsed."""
    from creator.ui.render import report_for, verify_verdict

    world, out, stored = made
    world.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme")
    stripped = tmp_path / "stripped.png"
    Image.open(out.path).save(stripped)
    d = report_for(verify(stripped, settings=world.settings, registry=world.registry).to_dict(), "x.png",
                   viewer="ui:rita", operator=True)
    v = verify_verdict(d)
    assert v.kind == "copy" and "made with consent, but that consent is no longer in force" in v.summary
