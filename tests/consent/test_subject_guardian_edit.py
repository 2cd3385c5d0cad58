"""A person found to be a minor after she was registered: the operator marks her so and names her
guardian in one change; the grants she (or her agent) signed stop allowing anything, and the
operator is told which. Session 58 found that a person represented by an agent could not be marked
a minor at all (refused: "expected 'guardian'", no way to name the guardian), so her agent-signed
grants went on allowing; and that the studio's Edit subject form made a minor an adult whenever
she was renamed (its Minor box, unticked by default, was read as "not a minor")."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from consent.errors import RecordInvalid
from consent.signing import generate_key, public_key_pem
from creator.cli import cli


@pytest.fixture
def kim(stub_world):
    """Kim, registered as an adult with her own key and an agent; one grant she signed herself."""
    w = stub_world
    w.add_person("kim", "Kim Lee")
    w.issue_grant("kim", "g-kim-self")
    return w


def _allowed(w) -> bool:
    return w.studio().check(w.request(subjects=("kim",))).allowed


def test_marking_a_person_a_minor_with_her_guardian_is_one_change(kim):
    w, guardian = kim, generate_key()
    assert _allowed(w)
    w.ops.update_subject("kim", representative_name="Ann Agent", representative_role="agent")
    with pytest.raises(RecordInvalid, match="expected 'guardian'"):  # a minor's representative is her guardian
        w.ops.update_subject("kim", minor=True)
    w.ops.update_subject("kim", minor=True, representative_name="Mo Lee", representative_role="guardian",
                         representative_key=guardian.public_key())
    s = w.registry.get_subject("kim")
    assert s.minor and (s.representative.name, s.representative.role) == ("Mo Lee", "guardian")
    assert w.ops.grants_refused_by_subject_rules("kim") == [
        f"grant g-kim-self no longer allows anything: grant g-kim-self: subject 'kim' is a minor; guardian signatures "
        f"found: none, expected one by {s.representative.key_id}"]
    assert not _allowed(w)
    # her guardian signs a new grant: allowed again; the log replays the change (integrity holds)
    w.ops.issue_grant(w.grant_fields("kim", "g-kim-guardian", signer_role="guardian"), [guardian])
    assert _allowed(w)
    assert w.ops.grants_refused_by_subject_rules("kim")[0].startswith("grant g-kim-self ")
    w.registry.check_integrity()
    (upd,) = [e for e in w.audit("subject_updated") if "representative" in e.payload["changes"]][-1:]
    assert upd.payload["changes"]["representative"]["to"]["name"] == "Mo Lee"


def test_marking_a_minor_without_a_guardian_warns_which_grants_stop(kim):
    w = kim
    w.ops.update_subject("kim", minor=True)
    (line,) = w.ops.grants_refused_by_subject_rules("kim")
    assert line.startswith("grant g-kim-self no longer allows anything") and "no guardian key on record" in line
    assert not _allowed(w)


def test_a_representative_key_needs_a_representative(kim):
    with pytest.raises(RecordInvalid, match="has no representative"):
        kim.ops.update_subject("kim", representative_key=generate_key().public_key())
    with pytest.raises(RecordInvalid, match="both a name and a role"):
        kim.ops.update_subject("kim", representative_name="Mo Lee")
    assert kim.registry.get_subject("kim").representative is None


def test_the_cli_marks_a_minor_with_her_guardian_and_warns(kim, tmp_path):
    w = kim
    key = generate_key()
    pem = tmp_path / "mo.pub.pem"
    pem.write_text(public_key_pem(key))
    data = str(w.settings.data_dir)
    w.registry.close()
    r = CliRunner().invoke(cli, ["--data-dir", data, "subjects", "edit", "kim", "--minor", "--representative-name", "Mo Lee",
                                 "--representative-role", "guardian", "--representative-key", str(pem)])
    assert r.exit_code == 0, r.output
    assert "representative 'Mo Lee' (guardian" in r.output
    assert "WARNING: grant g-kim-self no longer allows anything" in r.output
