"""verify remembers what follows from a file's bytes alone (by content digest), and nothing else.

A copy that circulates is verified again and again: its C2PA readout (Trusted ones, until the
signing chain could expire), its watermark read and its resemblance with the original are
remembered. What can change between two verifies — a grant's revocation, the output records,
the original in the outputs folder, the trust anchors — must show in the very next report.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.disclosure import c2pa as c2pa_mod
from creator.disclosure import keys as keys_mod
from creator.verify import verify


@pytest.fixture
def made(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stored = stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",)))
    verify_mod._forget()
    return stub_world, result.outputs[0], stored


def _copy(src, dst, fmt="PNG"):
    with Image.open(src) as im:
        im.convert("RGB").save(dst, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return dst


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*a, **kw):
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(module, name, counted)
    return calls


def _v(world, path):
    return verify(path, settings=world.settings, registry=world.registry)


def test_a_copy_verified_again_gives_the_same_report_without_decoding_or_reading_again(made, tmp_path, monkeypatch):
    world, out, _ = made
    copy = _copy(out.path, tmp_path / "copy.png")
    first = _v(world, copy)
    assert first.recovered is not None and first.recovered.ok, first.reasons
    decodes = _counting(monkeypatch, verify_mod, "_decode_rgb")
    readouts = _counting(monkeypatch, c2pa_mod, "read_manifest")
    again = _v(world, copy)
    assert again.to_dict() == first.to_dict()
    assert decodes == []  # neither the copy nor its original decoded again
    assert readouts == []  # the original's readout is remembered (the copy holds no manifest store)

    other = _copy(out.path, tmp_path / "other.jpg", "JPEG")  # other bytes: nothing remembered applies
    third = _v(world, other)
    assert third.recovered is not None and third.recovered.ok and decodes == [1]


def test_a_revocation_after_a_remembered_verify_shows_in_the_next_report(made, tmp_path):
    world, out, stored = made
    copy = _copy(out.path, tmp_path / "copy.png")
    assert _v(world, out.path).ok and _v(world, copy).recovered.ok
    world.ops.revoke_grant(stored.id, "actor withdrew consent", "legal@acme",
                           at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))
    intact, again = _v(world, out.path), _v(world, copy)
    assert not intact.ok and intact.grants[0].status == "revoked"
    assert again.recovered is not None and not again.recovered.ok
    assert again.recovered.grants[0].status == "revoked"
    assert f"{stored.id} (revoked)" in "; ".join(again.reasons)


def test_an_original_replaced_after_a_remembered_verify_vouches_for_nothing(made, tmp_path):
    world, out, _ = made
    copy = _copy(out.path, tmp_path / "copy.png")
    assert _v(world, copy).recovered.ok
    with Image.open(out.path) as im:  # the same picture, other bytes, in the original's place
        im.save(out.path, "PNG", compress_level=1)
    again = _v(world, copy)
    assert again.recovered is None and not again.ok
    assert "does not have that output's content" in "; ".join(again.reasons)


def test_a_remembered_readout_is_not_used_under_other_trust_anchors(made, tmp_path, monkeypatch):
    world, out, _ = made
    assert _v(world, out.path).ok
    readouts = _counting(monkeypatch, c2pa_mod, "read_manifest")
    assert _v(world, out.path).ok and readouts == []  # remembered
    # the local CA is no longer trusted here: the same bytes must be validated again, and fail
    ca = world.settings.c2pa_dir / keys_mod._CA_CERT
    shutil.move(ca, tmp_path / "ca.pem")
    untrusted = _v(world, out.path)
    assert readouts == [1] and untrusted.c2pa_state != "Trusted" and not untrusted.ok


def test_a_readout_is_remembered_no_longer_than_its_signing_chain_is_valid(made):
    world, out, _ = made
    report = _v(world, out.path)
    assert report.ok
    ((readout, until, _text),) = [v for v in verify_mod._READOUTS._items.values()]
    cert = keys_mod.known_signing_certificate(world.settings, readout.signer_serial)
    assert until <= cert.not_valid_after_utc.timestamp()
    # once that time has passed the readout is validated again (c2pa's clock decides)
    key = next(iter(verify_mod._READOUTS._items))
    verify_mod._READOUTS.put(key, (readout, 0.0, _text))
    assert _v(world, out.path).ok
    assert next(iter(verify_mod._READOUTS._items.values()))[1] == until


def test_with_only_this_installations_anchors_the_signers_end_is_not_asked_of_c2pa(made, tmp_path, monkeypatch):
    """Every anchor is one of this installation's CAs: the certificate of that serial and name is
    the file's, so its end of validity is known here (c2pa's crJSON report is not asked for) and
    the readout is remembered until then. With a partner's anchors, c2pa is asked (another
    issuer's certificate can carry our serial and name: tests/security/test_adversary5_foreign_signer.py)."""
    world, out, _ = made
    asked = _counting(monkeypatch, c2pa_mod, "_signer_not_after")
    assert _v(world, out.path).ok and asked == []
    ((readout, until, _text),) = [v for v in verify_mod._READOUTS._items.values()]
    cert = keys_mod.known_signing_certificate(world.settings, readout.signer_serial)
    assert until == min(cert.not_valid_after_utc, keys_mod.known_signing_chain_valid_until(
        world.settings, readout.signer_serial, readout.signer)).timestamp()

    verify_mod._forget()
    partner = tmp_path / "partner.pem"
    partner.write_bytes((world.settings.c2pa_dir / keys_mod._CA_CERT).read_bytes())
    settings = world.settings.model_copy(update={"c2pa_trust_anchors": partner})
    report = verify(out.path, settings=settings, registry=world.registry)
    assert report.ok and asked == [1]
    assert len(verify_mod._READOUTS._items) == 1


def test_changing_a_report_does_not_change_the_next_one(made):
    world, out, _ = made
    first = _v(world, out.path)
    first.consent["decision_id"] = "tampered"
    second = _v(world, out.path)
    assert second.ok and second.consent["decision_id"] != "tampered"
