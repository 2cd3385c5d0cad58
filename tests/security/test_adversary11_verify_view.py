"""Adversary 11: what the studio's verify view shows a creator who did not make the output.

``creator.ui.render.report_for`` hides a grant's reason, the grant ids and the people's refs
from a creator who is not an output's maker, but only when the report carries the output's
record (or a recovered original). A file whose manifest is still there but no longer Trusted
(one pixel byte changed: C2PA *Invalid*, so verify never looks the output record up) has no
record, so the view passes everything through: the grant id, the consent assertion with the
person's pseudonymous ref and the decision id, and each grant's message — which names the
revocation reason the operator typed ("revoked on … (<reason>)"), or that the person opted
out or is a minor.

FAIL-OPEN (privacy): any signed-in creator who holds a copy of someone else's output changes
one byte and reads why the person withdrew.

The same gap makes verify an oracle for grant ids: a manifest this studio does not trust (signed
by any other C2PA signer, e.g. another installation of the studio) is still read for its consent
assertion, and every grant id it names is looked up in this registry; the report then says
"…, but the registry's grant has digest <16 hex>…" for a grant id that exists here and "not in the
registry" for one that does not — to any creator, with the digest.
"""

from __future__ import annotations

import json

import pytest
from verify_support import changed_pixel_png

from creator.verify import verify

_REASON = "she reported harassment on set"


def _tampered_copy_after(stub_world, tmp_path, change):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    result = stub_world.studio().generate(stub_world.request(subjects=("jane",)))
    if change == "revoked":
        stub_world.ops.revoke_grant("g-jane-1", _REASON, "operator")
    elif change == "minor":
        stub_world.ops.update_subject("jane", minor=True)
    else:
        stub_world.ops.set_opt_out("jane", True)
    copy = tmp_path / "found-online.png"
    copy.write_bytes(changed_pixel_png(result.paths[0].read_bytes()))
    report = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert report.c2pa_state == "Invalid" and report.record is None  # the set-up: a manifest, no record looked up
    return report, stub_world.registry.get_subject("jane").ref


@pytest.mark.parametrize("change,secret", [("revoked", _REASON), ("opt_out", "opted out"), ("minor", "minor")])
def test_a_tampered_copy_tells_another_creator_nothing_about_the_person(stub_world, tmp_path, change, secret):
    from creator.ui.render import report_for, verify_verdict

    report, ref = _tampered_copy_after(stub_world, tmp_path, change)
    seen = report_for(report.to_dict(), "found-online.png", viewer="ui:mallory", operator=False)
    assert verify_verdict(seen).kind == "tampered"  # the verdict itself is right
    text = json.dumps(seen, default=str)
    for leaked in (secret, "g-jane-1", ref):
        assert leaked not in text, leaked


def _made_elsewhere(stub_world, tmp_path):
    """Jane's grant g-jane-1 here (its digest), and an output of another installation (its own
    CA, not trusted here) where a grant of the same id is made up."""
    from studio_world import open_world

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    here = stub_world.registry.get_grant("g-jane-1").sha256
    other = next(open_world(tmp_path / "elsewhere", stub_by_default=True))
    other.add_person("jane", "Jane Doe")
    other.issue_grant("jane", "g-jane-1")
    try:
        return here, other.studio().generate(other.request(subjects=("jane",))).paths[0]
    finally:
        other.registry.close()


def test_a_foreign_manifest_is_no_oracle_for_this_studios_grant_ids(stub_world, tmp_path):
    from creator.ui.render import report_for

    here, made = _made_elsewhere(stub_world, tmp_path)
    report = verify(made, settings=stub_world.settings, registry=stub_world.registry)
    assert report.c2pa_state in ("Valid", "Invalid") and report.record is None
    seen = report_for(report.to_dict(), "made-elsewhere.png", viewer="ui:mallory", operator=False)
    text = json.dumps(seen, default=str)
    assert here[:16] not in text and "registry's grant" not in text


def test_verify_itself_looks_up_no_grant_an_untrusted_manifest_names(stub_world, tmp_path):
    """Not only the creators' view: the report (the CLI's, an operator's) says nothing of this
    registry's grants for a manifest its trust anchors do not vouch for — neither a foreign one
    nor one changed after signing."""
    here, made = _made_elsewhere(stub_world, tmp_path)
    foreign = verify(made, settings=stub_world.settings, registry=stub_world.registry)
    assert foreign.c2pa_state != "Trusted" and not foreign.ok
    assert [g.status for g in foreign.grants] == ["unverified"]
    text = json.dumps(foreign.to_dict(), default=str)
    assert here[:16] not in text and "registry's grant" not in text and "not in the registry" not in text

    ours = stub_world.studio().generate(stub_world.request(subjects=("jane",))).paths[0]
    stub_world.ops.revoke_grant("g-jane-1", _REASON, "operator")
    copy = tmp_path / "changed.png"
    copy.write_bytes(changed_pixel_png(ours.read_bytes()))
    tampered = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert tampered.c2pa_state == "Invalid" and not tampered.ok
    assert [g.status for g in tampered.grants] == ["unverified"]  # the changed manifest's claims: not looked up
    # what is said of the grant comes from the original the keyed mark resolves to (as for a
    # stripped copy: adversary 14), never from the changed manifest's claims
    assert tampered.recovered is not None and [g.status for g in tampered.recovered.grants] == ["revoked"]
    assert _REASON not in tampered.summary.split("credentials recovered via", 1)[0]
    # the signed original itself is still looked up, and says so
    intact = verify(ours, settings=stub_world.settings, registry=stub_world.registry)
    assert [g.status for g in intact.grants] == ["revoked"] and _REASON in intact.summary
