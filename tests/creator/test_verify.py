"""verify(): the grant an output was made under, checked against the registry now; the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from creator.cli import cli
from creator.cli._common import CliState
from consent.records import ConsentGrant, Subject
from consent.registry import Registry
from consent.signing import add_signature, generate_key, key_id
from creator.disclosure import LikenessEntry
from creator.verify import verify

NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def registry(settings):
    reg = Registry.from_settings(settings)
    yield reg
    reg.close()


@pytest.fixture
def jane(registry) -> tuple[Subject, object]:
    key = generate_key()
    subject = registry.add_subject(Subject(id="jane", display_name="Jane Doe", key_ids=(key_id(key),)),
                                   keys=[key.public_key()])
    return subject, key


@pytest.fixture
def issue_grant(registry, jane):
    subject, key = jane

    def issue(grant_id: str = "g-jane-1", *, valid_until: dt.datetime | None = None):
        grant = ConsentGrant(
            id=grant_id, subject_id=subject.id, grantee="ACME Films", project="Blue (2026)",
            description="Reshoot of scene 12: Jane's character at the harbour, daylight",
            purposes=["film_reshoot"], operations=["likeness_generation"], media=["still_image"],
            territories=["US"], valid_from=NOW - dt.timedelta(days=30),
            valid_until=valid_until or NOW + dt.timedelta(days=30),
            evidence=[{"kind": "signed_release", "sha256": "ab" * 32}], signer_role="self",
        )
        return registry.issue_grant(add_signature(grant, key, "self"))

    return issue


@pytest.fixture
def signed_under(photo, make_context, make_consent, settings, jane):
    """disclose() under a registered grant (same data dir as the registry)."""
    from creator.disclosure import disclose

    subject, _ = jane

    def make(stored, *, sha256: str | None = None):
        consent = make_consent()
        entry = LikenessEntry(subject.ref, "person", "declared", stored.id, sha256 or stored.sha256)
        consent = type(consent)(**{**consent.__dict__, "likenesses": (entry,)})
        return disclose(photo, make_context(consent=consent), settings=settings, out_dir=settings.outputs_dir)

    return make


def test_current_grant_is_ok_and_reported(issue_grant, signed_under, settings, registry):
    stored = issue_grant()
    out = signed_under(stored)
    report = verify(out.path, settings=settings, registry=registry)
    assert report.ok, report.reasons
    (g,) = report.grants
    assert g.status == "current" and g.message == f"made under grant {stored.id}, current"


def test_grant_revoked_after_the_output_was_made_fails_with_date_and_reason(issue_grant, signed_under, settings, registry):
    stored = issue_grant()
    out = signed_under(stored)
    assert verify(out.path, settings=settings, registry=registry).ok
    when = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.timezone.utc)
    registry.revoke_grant(stored.id, "actor withdrew consent", "legal@acme", at=when)
    report = verify(out.path, settings=settings, registry=registry)
    assert not report.ok
    assert report.grants[0].status == "revoked"
    assert (f"made under grant {stored.id}, revoked on 2026-03-04 05:06 UTC (actor withdrew consent)"
            in report.summary)


def test_expired_grant_fails_with_its_end_date(issue_grant, signed_under, settings, registry):
    stored = issue_grant()
    out = signed_under(stored)
    later = stored.grant.valid_until + dt.timedelta(days=1)
    report = verify(out.path, settings=settings, registry=registry, now=later)
    assert not report.ok and report.grants[0].status == "expired"
    assert f"made under grant {stored.id}, expired on" in report.summary


def test_grant_digest_mismatch_fails(issue_grant, signed_under, settings, registry):
    stored = issue_grant()
    out = signed_under(stored, sha256="0" * 64)
    report = verify(out.path, settings=settings, registry=registry)
    assert not report.ok and report.grants[0].status == "digest_mismatch"
    assert "the grant was altered or is a different record" in report.summary


def test_grant_missing_from_registry_fails(signed, settings, registry):
    out, s = signed("png")
    report = verify(out.path, settings=s, registry=Registry.from_settings(s))
    assert not report.ok and report.grants[0].status == "not_found"


def test_without_registry_grants_are_unchecked_not_failed(signed):
    out, s = signed("png")
    report = verify(out.path, settings=s)
    assert report.ok and report.grants[0].status == "unchecked"


def test_not_an_image_fails(tmp_path, settings):
    p = tmp_path / "notes.txt"
    p.write_text("hello")
    report = verify(p, settings=settings)
    assert not report.ok and report.summary == f"FAIL: {p} — not a PNG or JPEG file"


# --- CLI ---------------------------------------------------------------------------------


def _verify_cli(settings, *args: str):
    """``consent-studio verify ARGS`` on these settings (the real root group, embedded)."""
    return CliRunner().invoke(cli, ["verify", *args], obj=CliState(settings=settings))


def test_cli_prints_ok_and_fail_lines_and_exits_1_when_any_fails(signed, tmp_path):
    from PIL import Image

    good, s = signed("png")
    stripped = tmp_path / "stripped.png"
    Image.open(good.path).save(stripped)
    r = _verify_cli(s, "--no-registry", str(good.path), str(stripped))
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert f"OK: {good.path}" in lines
    assert (f"FAIL: {stripped} — no C2PA manifest (stripped by a re-encode, or never signed); "
            "XMP Iptc4xmpExt:DigitalSourceType missing") in lines


def test_cli_json_lists_one_report_per_file(signed):
    good, s = signed("jpeg")
    r = _verify_cli(s, "--json", "--no-registry", str(good.path))
    assert r.exit_code == 0, r.output
    (report,) = json.loads(r.output)
    assert report["ok"] is True and report["c2pa_state"] == "Trusted"
    assert report["digital_source_type"]["xmp"] == report["digital_source_type"]["manifest"]
    assert report["consent"]["likenesses"][0]["grant_id"] == "grant-0001"


def test_cli_checks_grants_in_the_registry_by_default(issue_grant, signed_under, settings, registry):
    stored = issue_grant()
    out = signed_under(stored)
    registry.revoke_grant(stored.id, "withdrawn", "legal@acme")
    r = _verify_cli(settings, str(out.path))
    assert r.exit_code == 1
    assert f"made under grant {stored.id}, revoked on" in r.output
